#!/bin/sh
# Benchmarks for exsort and excheck.  Each figure is the best of several
# warm runs, printed next to a baseline measured in the same run on the
# same files (reading them with cat), and as a ratio of the two.  Nothing
# here passes or fails on time.
#
#   sh bench/run.sh [BUILD_DIR]     default: _build/normal
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build/normal}
cache=${EXS_KERNEL_CACHE:-/var/cache/exsort-tests}
runs=${BENCH_RUNS:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# best COMMAND...: smallest wall time of $runs runs, in microseconds;
# $prep, if set, runs untimed before each run
prep=
best()
{
	b=
	i=0
	while [ $i -lt "$runs" ]; do
		[ -z "$prep" ] || $prep
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		e=$(date +%s%N)
		t=$(( (e - s) / 1000 ))
		if [ -z "$b" ] || [ $t -lt "$b" ]; then b=$t; fi
		i=$((i + 1))
	done
	echo "$b"
}

# report NAME US BASELINE_US
report()
{
	awk -v n="$1" -v t="$2" -v b="$3" 'BEGIN {
		printf "%-44s %9.1f ms   baseline %9.1f ms   ratio %6.2f\n",
			n, t / 1000, b / 1000, (b > 0 ? t / b : 0) }'
}

catfile() { cat "$1" >/dev/null; }

# a fresh unsorted copy before each timed exsort
fresh() { cp "$unsorted" "$tmp/work" && sync "$tmp/work"; }

echo "== synthetic table of 1,000,000 entries"
"$build/tests/mkelf" -m x86_64 -n 1000000 -o random -s 1 "$tmp/big"
cat "$tmp/big" >/dev/null
unsorted=$tmp/big
prep=fresh
t=$(best "$build/src/exsort" "$tmp/work")
prep=
report "exsort, 1M random entries" "$t" "$(best catfile "$tmp/big")"
report "exsort --check, 1M random entries" \
	"$(best "$build/src/exsort" --check "$tmp/big")" "$(best catfile "$tmp/big")"
"$build/src/exsort" "$tmp/big"
report "exsort, 1M entries already sorted" \
	"$(best "$build/src/exsort" "$tmp/big")" "$(best catfile "$tmp/big")"
report "excheck, 1M entries" \
	"$(best "$build/src/excheck" "$tmp/big")" "$(best catfile "$tmp/big")"

out=$(sh "$top/tests/real/fetch-debian-kernel.sh" amd64 "$cache" 2>/dev/null) || {
	echo "== no Debian kernel package reachable: real-kernel figures skipped"
	exit 0
}
vmlinux=$(printf '%s\n' "$out" | sed -n 's/^vmlinux=//p')
modules=$(printf '%s\n' "$out" | sed -n 's/^modules=//p')
vmlinuz=$(printf '%s\n' "$out" | sed -n 's/^vmlinuz=//p')
echo "== Debian $(printf '%s\n' "$out" | sed -n 's/^version=//p') ($(wc -c <"$vmlinux") bytes of vmlinux)"
cp "$vmlinux" "$tmp/vmlinux"
"$build/tests/mkelf" --shuffle 7 -l rel12-data "$tmp/vmlinux"
cat "$tmp/vmlinux" >/dev/null
unsorted=$tmp/vmlinux
prep=fresh
t=$(best "$build/src/exsort" --no-flag --skip=orc "$tmp/work")
prep=
report "exsort --no-flag, shuffled vmlinux (__ex_table only)" "$t" "$(best catfile "$tmp/vmlinux")"
"$build/tests/mkelf" --shuffle-orc 9 "$tmp/vmlinux"
prep=fresh
t=$(best "$build/src/exsort" --no-flag "$tmp/work")
prep=
report "exsort --no-flag, shuffled __ex_table and ORC" "$t" "$(best catfile "$tmp/vmlinux")"
report "exsort --no-flag, sorted vmlinux" \
	"$(best "$build/src/exsort" --no-flag "$vmlinux")" "$(best catfile "$vmlinux")"
report "excheck vmlinux" \
	"$(best "$build/src/excheck" "$vmlinux")" "$(best catfile "$vmlinux")"
report "excheck vmlinuz (unpacks the payload)" \
	"$(best "$build/src/excheck" "$vmlinuz")" "$(best catfile "$vmlinuz")"
n=$(find "$modules" -name '*.ko*' | wc -l)
catall() { find "$modules" -name '*.ko*' -exec cat {} + >/dev/null; }
report "excheck -r, $n modules" \
	"$(best "$build/src/excheck" -r "$modules")" "$(best catall)"
report "excheck -r -j1, $n modules" \
	"$(best "$build/src/excheck" -r -j1 "$modules")" "$(best catall)"

# A tree of .ko.xz modules (Debian's 6.12 packages): unpacking is most of
# the work, so the baseline is xz -dc of every module, on one core.
out=$(EXSORT_KERNEL_PKG=linux-image-6.12-amd64 \
	sh "$top/tests/real/fetch-debian-kernel.sh" amd64 "$cache" 2>/dev/null) &&
	xzmods=$(printf '%s\n' "$out" | sed -n 's/^modules=//p') &&
	command -v xz >/dev/null && {
	echo "== Debian $(printf '%s\n' "$out" | sed -n 's/^version=//p') modules"
	n=$(find "$xzmods" -name '*.ko.xz' | wc -l)
	unxz_all() { find "$xzmods" -name '*.ko.xz' -exec xz -dc {} + >/dev/null; }
	report "excheck -r, $n .ko.xz modules, 2 jobs" \
		"$(best "$build/src/excheck" -r -j2 "$xzmods")" "$(best unxz_all)"
}

# The -dbg vmlinux (symbols and DWARF), when an earlier fetch with
# EXSORT_KERNEL_DBG=1 left it in the cache: the cost of the user-access
# analysis against excheck without it, and of source lines against
# --list without them.
noua="-Wno-uaccess-open -Wno-uaccess-unpaired -Wno-uaccess-target"
for arch in amd64 arm64; do
	out=$(sh "$top/tests/real/fetch-debian-kernel.sh" "$arch" "$cache" 2>/dev/null) || continue
	work=$(printf '%s\n' "$out" | sed -n 's/^modules=//p')
	dbg=${work%/root/*}/vmlinux-dbg
	[ -s "$dbg" ] || continue
	echo "== Debian $(printf '%s\n' "$out" | sed -n 's/^version=//p') -dbg vmlinux"
	cat "$dbg" >/dev/null
	# shellcheck disable=SC2086
	report "excheck, baseline without user-access analysis" \
		"$(best "$build/src/excheck" "$dbg")" \
		"$(best "$build/src/excheck" $noua "$dbg")"
	report "excheck --list, baseline --no-lines" \
		"$(best "$build/src/excheck" --list "$dbg")" \
		"$(best "$build/src/excheck" --list --no-lines "$dbg")"
done
