#!/bin/sh
# Command line: help, version, usage errors and their exit statuses.
. "${top_srcdir:-.}/tests/lib.sh"

usage_error()
{
	run_rc 2 "$EXSORT" "$@" && lines "$T/stderr" 2 &&
	grep -q "^exsort: " "$T/stderr" && lines "$T/stdout" 0
}

t_ok "--help exits 0 and prints usage" \
	sh -c '"$0" --help | grep -q "^Usage: exsort \[OPTION\]... FILE..."' "$EXSORT"
t_ok "--version names the program" \
	sh -c '"$0" --version | grep -q "^exsort (exsort) "' "$EXSORT"
t_ok "no FILE is a usage error" usage_error
t_ok "unknown option is a usage error" run_rc 2 "$EXSORT" --bogus x
t_ok "unknown layout is a usage error" usage_error --layout=rel99 x
t_ok "bad --relocs mode is a usage error" usage_error --relocs=maybe x
t_ok "--output with two inputs is a usage error" usage_error -o out a b
t_ok "--output with --check is a usage error" usage_error -c -o out a
t_ok "--list-layouts names every layout" \
	sh -c '[ "$("$0" --list-layouts | cut -d" " -f1 | tr "\n" " ")" = \
	"abs32 abs64 rel8 rel12-handler rel12-data rel12-typedata rel16-handler rel12-opcode alpha-rel8 " ]' "$EXSORT"
t_ok "a missing file is trouble, named on one line" \
	sh -c '"$0" "$1/nonexistent" 2>"$1/e"; [ $? = 2 ] &&
	[ "$(cat "$1/e")" = "exsort: $1/nonexistent: No such file or directory" ]' "$EXSORT" "$T"
t_ok "a directory is trouble" \
	sh -c '"$0" "$1" 2>"$1/e"; [ $? = 2 ] &&
	grep -qx "exsort: $1: .*" "$1/e"' "$EXSORT" "$T"
t_ok "an empty file is trouble" \
	sh -c ': >"$1/empty"; "$0" "$1/empty" 2>"$1/e"; [ $? = 2 ] &&
	[ "$(cat "$1/e")" = "exsort: $1/empty: not an ELF file" ]' "$EXSORT" "$T"
t_done
