#!/bin/sh
# A short libFuzzer run of every harness (tests/fuzz/run.sh), and every
# input in tests/fuzz/crashes, fixed bugs found by fuzzing, replayed.
# Once, in the plain suite: the harnesses carry their own sanitizers.
. "${top_srcdir:-.}/tests/lib.sh"

if [ "${EXS_SUITE:-}" = sanitize ]; then
	t_skip "libFuzzer harnesses" "run in the plain suite"
	t_done
fi
sh "$top_srcdir/tests/fuzz/run.sh" -t "${FUZZ_SECONDS:-10}" -j 2 -o "$T/fuzz" >"$T/log" 2>&1
rc=$?
if [ $rc = 77 ]; then
	t_skip "libFuzzer harnesses" "$(tail -n 1 "$T/log")"
	t_done
fi
t_ok "every harness runs ${FUZZ_SECONDS:-10} s clean" sh -c 'cat "$1"; [ "$2" = 0 ]' sh "$T/log" "$rc"
for f in "$top_srcdir"/tests/fuzz/crashes/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	harness=fuzz-${name%%-*}
	t_ok "regression input $name" "$T/fuzz/$harness" "$f"
done
t_done
