#!/bin/sh
# Set up, build and run exsort/excheck on a Debian 12 machine.
#
#   scripts/setup.sh demo    install what is missing, build, and sort a
#                            bundled sample kernel image
#   scripts/setup.sh check   install what is missing, build, and run the
#                            test suite twice: plainly and under ASan+UBSan;
#                            the last line is "N passed, N failed, N skipped"
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-demo}
packages="gcc make autoconf automake pkg-config libelf-dev libdw-dev
	zlib1g-dev liblzma-dev libzstd-dev libbz2-dev binutils mandoc xz-utils
	zstd bzip2 gzip jq perl ca-certificates cppcheck clang-tidy clang time
	python3 python3-jsonschema python3-rfc3987 elfutils"

say() { printf '== %s\n' "$*"; }

install_missing()
{
	missing=
	for p in $packages; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	say "installing:$missing"
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null
}

# build DIR [CONFIGURE ARGS...]: an out-of-tree build in $top/_build/DIR
build()
{
	dir=$top/_build/$1
	shift
	mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q "$@" && make -s -j"$(nproc)") >"$dir.log" 2>&1 ||
		{ cat "$dir.log"; echo "build failed: see above"; exit 2; }
}

# suite DIR: run make check there; add its counts to the totals
suite()
{
	dir=$top/_build/$1
	say "test suite ($1)"
	(cd "$dir" && EXS_SUITE=$1 make -s -j"$(nproc)" check) >"$dir-check.log" 2>&1 || true
	grep -E '^(# (TOTAL|PASS|SKIP|XFAIL|FAIL|XPASS|ERROR):|(FAIL|ERROR|XPASS): )' \
		"$dir-check.log" || true
	for f in "$dir"/tests/*.log; do
		case $f in */test-suite.log) continue ;; esac
		grep -q '^not ok' "$f" 2>/dev/null && { echo "--- $f"; grep -B2 -A20 '^not ok' "$f" | head -60; }
	done
	if [ ! -e "$dir/tests/exsort-usage.trs" ]; then
		tail -n 30 "$dir-check.log"
		echo "no test ran in $1"
		failed=$((failed + 1))
	fi
	set -- $(cat "$dir"/tests/*.trs 2>/dev/null | awk '
		/^:test-result: (PASS|XFAIL)/ { p++ }
		/^:test-result: (FAIL|XPASS|ERROR)/ { f++ }
		/^:test-result: SKIP/ { s++ }
		END { print p + 0, f + 0, s + 0 }')
	passed=$((passed + $1))
	failed=$((failed + $2))
	skipped=$((skipped + $3))
}

install_missing
say "configuring"
# the builds are out of tree; an in-tree configure would stop them
[ ! -f "$top/config.status" ] || (cd "$top" && make -s distclean) >/dev/null 2>&1 || true
(cd "$top" && autoreconf -fi) >/dev/null 2>&1 || { (cd "$top" && autoreconf -fi); exit 2; }

case $mode in
demo)
	build normal
	bin=$top/_build/normal/src
	sample=$top/_build/sample-vmlinux
	cp "$top/testdata/cross/x86_64-vmlinux" "$sample"
	say "a small x86-64 kernel image whose __ex_table is out of order"
	"$bin/exsort" --check -v "$sample" || true
	say "sorting it"
	"$bin/exsort" -v "$sample"
	say "checking again"
	"$bin/exsort" --check -v "$sample"
	say "excheck lists its entries for an audit (first five)"
	"$bin/excheck" --list "$sample" | head -n 5
	say "and reports what is wrong: here, one instruction has two entries"
	"$bin/excheck" "$sample" || true
	say "done: the programs are in $bin; see README.md"
	;;
check)
	passed=0 failed=0 skipped=0
	werror=
	[ "${CI:-}" = true ] && werror=--enable-werror
	build normal $werror
	suite normal
	build sanitize $werror \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
	suite sanitize
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
	;;
*)
	echo "usage: $0 demo|check" >&2
	exit 2
	;;
esac
