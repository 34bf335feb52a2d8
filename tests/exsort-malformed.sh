#!/bin/sh
# Broken files: exit status 2, one line on stderr naming the file, nothing
# on stdout, and the file's bytes and modification time unchanged.
. "${top_srcdir:-.}/tests/lib.sh"

# broken FILE [EXSORT-OPTIONS]: the contract above
broken()
{
	local f=$1
	shift
	touch -d "2001-01-01 00:00:00" "$f" && cp -p "$f" "$f.orig" &&
	run_rc 2 "$EXSORT" "$@" "$f" && lines "$T/stderr" 1 &&
	lines "$T/stdout" 0 && grep -q "^exsort: $f: " "$T/stderr" &&
	cmp "$f" "$f.orig" && [ "$(stat -c %Y "$f")" = "$(stat -c %Y "$f.orig")" ]
}

for kind in shoff-past-eof table-not-multiple shlink-range strtab-unterminated \
	flag-nobits table-past-eof shstrndx-range symtab-entsize \
	flag-offset-range xindex-missing huge-shnum; do
	t_ok "malformed: $kind" sh -c '"$1" -m x86_64 -o random -n 12 --malform "$2" "$3"' \
		sh "$MKELF" "$kind" "$T/$kind"
	t_ok "exsort refuses $kind" broken "$T/$kind"
done

# a table whose size is no multiple of any entry size, with a named layout
t_ok "size not a multiple of the named layout" sh -c '
	"$1" -m x86_64 -o random -n 12 --malform table-not-multiple "$2"' sh "$MKELF" "$T/tnm"
t_ok "exsort --layout refuses it too" broken "$T/tnm" --layout=rel12-data

truncations()
{
	local size n=0 bad=0
	"$MKELF" -m aarch64 -o random -n 20 "$T/full" || return 1
	size=$(wc -c <"$T/full")
	for cut in 0 1 4 16 52 63 64 65 100 $(seq 128 97 "$size") $((size - 1)); do
		head -c "$cut" "$T/full" >"$T/cut"
		broken "$T/cut" >/dev/null || { echo "cut at $cut: not refused cleanly"; cat "$T/stderr"; bad=1; }
		n=$((n + 1))
	done
	[ $bad = 0 ] && [ $n -gt 10 ]
}
t_ok "truncated at every structure boundary and in between" truncations

t_ok "random bytes" sh -c 'head -c 4096 /dev/urandom >"$1"' sh "$T/rand"
t_ok "exsort refuses random bytes" broken "$T/rand"
t_ok "ELF magic and nothing else" sh -c 'printf "\177ELF" >"$1"' sh "$T/magic"
t_ok "exsort refuses a bare ELF magic" broken "$T/magic"
t_done
