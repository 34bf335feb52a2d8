#!/bin/sh
# excheck --stats: per file and in total, by type, section and function,
# init and exit text, duplicates; the same in JSON.
. "${top_srcdir:-.}/tests/lib.sh"

t_ok "--stats=3 on three cross files gives the expected report" sh -c '
	cd "$1/cross" && "$2" --stats=3 x86_64-vmlinux aarch64-module.o riscv64-module.o >"$3/s"
	diff -u "$4/tests/expected/stats.txt" "$3/s"' sh "$TESTDATA" "$EXCHECK" "$T" "$top_srcdir"

json_stats()
{
	command -v jq >/dev/null || { echo "no jq"; return 1; }
	(cd "$TESTDATA/cross" && "$EXCHECK" --format=json --stats x86_64-vmlinux aarch64-module.o) >"$T/j" &&
	[ "$(jq -r '.total.entries' "$T/j")" = 24 ] &&
	[ "$(jq -r '.total.init' "$T/j")" = 1 ] &&
	[ "$(jq -r '.files[0].stats.by_type[0].name' "$T/j")" = UACCESS ] &&
	[ "$(jq -r '.files[1].stats.by_function[0].entries' "$T/j")" = 5 ] &&
	[ "$(jq -r '.total.duplicates' "$T/j")" = 2 ]
}
t_ok "--format=json --stats: per file and total" json_stats
t_ok "--stats with a bad count is a usage error" sh -c '"$1" --stats=0 x 2>/dev/null; [ $? = 2 ]' sh "$EXCHECK"
t_done
