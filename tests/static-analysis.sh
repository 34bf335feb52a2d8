#!/bin/sh
# cppcheck and clang-tidy over src/, with the checks chosen in
# .clang-tidy and below; both must report nothing.  Run once, in the
# plain suite (scripts/setup.sh sets EXS_SUITE for the sanitizer one).
. "${top_srcdir:-.}/tests/lib.sh"

if [ "${EXS_SUITE:-}" = sanitize ]; then
	t_skip "cppcheck" "run in the plain suite"
	t_skip "clang-tidy" "run in the plain suite"
	t_done
fi
cflags="-std=gnu11 -D_GNU_SOURCE -include $top_builddir/config.h $(pkg-config --cflags libelf libdw zlib liblzma libzstd 2>/dev/null)"

if command -v cppcheck >/dev/null; then
	# variableScope: the kernel style declares variables up front
	t_ok "cppcheck: warning, style, portability, performance" \
		cppcheck -q --std=c11 --enable=warning,style,portability,performance \
		--suppress=variableScope --inline-suppr --error-exitcode=1 \
		-D_GNU_SOURCE -I "$top_srcdir/src" --include="$top_builddir/config.h" \
		"$top_srcdir/src"
else
	t_skip "cppcheck" "not installed"
fi
if command -v clang-tidy >/dev/null; then
	# shellcheck disable=SC2086
	t_ok "clang-tidy: the checks in .clang-tidy" sh -c '
		cd "$1" && shift && clang-tidy --quiet src/*.c -- "$@" 2>&1 |
		grep -E "(error|warning):" && exit 1; exit 0' sh "$top_srcdir" $cflags
else
	t_skip "clang-tidy" "not installed"
fi
t_done
