#!/bin/sh
# excheck's command line: help, version, usage errors, exit statuses.
. "${top_srcdir:-.}/tests/lib.sh"

usage_error()
{
	run_rc 2 "$EXCHECK" "$@" && lines "$T/stdout" 0 &&
	grep -q "^excheck: " "$T/stderr"
}

t_ok "--help exits 0" sh -c '"$0" --help | grep -q "^Usage: excheck \[OPTION\]... FILE|DIR..."' "$EXCHECK"
t_ok "--version names the program" sh -c '"$0" --version | grep -q "^excheck (exsort) "' "$EXCHECK"
t_ok "no FILE is a usage error" usage_error
t_ok "unknown check in -W" usage_error -Wno-such-check x
t_ok "bad --format" usage_error --format=xml x
t_ok "bad --jobs" usage_error -j 0 x
t_ok "unknown layout" usage_error --layout=bogus x
t_ok "--list-checks names every check" sh -c '[ "$("$0" --list-checks | cut -d" " -f1 | tr "\n" " ")" = \
	"table-size insn-range fixup-range altinstr discarded unsorted duplicate bad-type missing-reloc bad-reloc misaligned uaccess-open uaccess-unpaired uaccess-target " ]' "$EXCHECK"
t_ok "a missing file is trouble on one line" sh -c '"$0" "$1/none" 2>"$1/e"; [ $? = 2 ] &&
	[ "$(cat "$1/e")" = "excheck: $1/none: No such file or directory" ]' "$EXCHECK" "$T"
t_ok "a directory without -r is trouble" sh -c '"$0" "$1" 2>"$1/e"; [ $? = 2 ] &&
	[ "$(cat "$1/e")" = "excheck: $1: is a directory (use -r)" ]' "$EXCHECK" "$T"
t_ok "an empty file is trouble" sh -c ': >"$1/empty"; "$0" "$1/empty" 2>"$1/e"; [ $? = 2 ] &&
	[ "$(cat "$1/e")" = "excheck: $1/empty: empty file" ]' "$EXCHECK" "$T"
t_ok "a FIFO is trouble, not a hang" sh -c 'mkfifo "$1/fifo" && "$0" "$1/fifo" 2>"$1/e"; [ $? = 2 ] &&
	[ "$(cat "$1/e")" = "excheck: $1/fifo: not a regular file" ]' "$EXCHECK" "$T"
t_done
