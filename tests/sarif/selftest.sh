#!/bin/sh
# TAP: validate.sh takes minimal-valid.sarif and refuses invalid.sarif;
# the whole script is skipped when validate.sh cannot get its schema or
# validator (exit 77).
set -u
LC_ALL=C
export LC_ALL
d=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp "${TMPDIR:-/tmp}/exs-sarif.XXXXXX") || exit 99
trap 'rm -f "$out"' EXIT

rc=0
sh "$d/validate.sh" "$d/minimal-valid.sarif" >"$out" 2>&1 || rc=$?
if [ "$rc" -eq 77 ]; then
	echo "1..0 # SKIP $(grep SKIP "$out" | head -n 1)"
	exit 0
fi
echo 1..2
if [ "$rc" -eq 0 ]; then
	echo "ok 1 - minimal-valid.sarif is valid"
else
	echo "not ok 1 - minimal-valid.sarif is valid (exit $rc)"
	sed -e 's/^/#   /' "$out"
fi

rc=0
sh "$d/validate.sh" "$d/invalid.sarif" >"$out" 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && grep -q 'results\[0\]\.level: .fatal. is not one of' "$out"; then
	echo "ok 2 - invalid.sarif is refused for its level"
else
	echo "not ok 2 - invalid.sarif is refused for its level (exit $rc)"
	sed -e 's/^/#   /' "$out"
fi
exit 0
