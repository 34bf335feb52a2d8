#!/bin/sh
# Real Debian kernels with their -dbg packages, when the cache holds
# them (fetch-debian-kernel.sh with EXSORT_KERNEL_DBG=1, and
# EXSORT_KERNEL_DBG_MODULES=1 for the modules' debug tree; skipped
# otherwise, as they are about 1 GB each): excheck --list gives a source
# line for at least 95% of the entries of the -dbg vmlinux, of the
# stripped vmlinux and boot image with --debuginfo, and of the modules
# whose debug files it finds by build-id; and no note says why not.
#
# EXSORT_KERNEL_PKG picks the amd64 kernel (default linux-image-amd64);
# arm64 takes the same name with arm64 for amd64.  EXSORT_KERNEL_SUITE
# (e.g. trixie) takes them from that Debian suite instead of the host's.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/real/lib.sh"

# covered MIN FILE... [OPTIONS]: excheck --list --format=json over the
# files, summed: at least one address, MIN% or more with a line, and
# no debuginfo note; the figures printed
covered()
{
	local min=$1
	shift
	"$EXCHECK" --list --format=json -j2 "$@" >"$T/j" || return 1
	jq -e --argjson min "$min" '
		[.files[] | .debuginfo // empty] as $d |
		($d | map(.addresses) | add // 0) as $n |
		($d | map(.with_lines) | add // 0) as $l |
		"\($l) of \($n) addresses with a source line, \($d | length) files" | debug |
		$n > 0 and $l * 100 >= $n * $min and
		($d | map(select(.note != null)) | length) == 0' "$T/j" >/dev/null
}

kernel()
{
	local arch=$1 version vmlinux vmlinuz vdbg root
	fetch_kernel "$arch" "$(kernel_pkg "$arch")" || return
	version=$(get version)
	vmlinux=$(get vmlinux)
	vmlinuz=$(get vmlinuz)
	vdbg=$(dbg_vmlinux)
	root=$(dbg_root)

	if [ -n "$vdbg" ]; then
		t_ok "$version: the -dbg vmlinux, 95% of entries with a line" \
			covered 95 "$vdbg"
		if [ -n "$vmlinux" ]; then
			t_ok "$version: the stripped vmlinux with --debuginfo, 95%" \
				covered 95 "$vmlinux" --debuginfo="$vdbg"
			t_ok "$version: the boot image with --debuginfo, 95%" \
				covered 95 "$vmlinuz" --debuginfo="$vdbg"
		fi
	else
		t_skip "$version: the -dbg vmlinux" "not in $cache (EXSORT_KERNEL_DBG=1)"
	fi
	if [ -n "$root" ] && [ -d "$root/usr/lib/debug/lib/modules/$version" ]; then
		t_ok "$version: every module, debug files by build-id, 95%" \
			covered 95 -r "$(get modules)" --debug-root="$root"
	else
		t_skip "$version: the modules' debug files" "not in $cache (EXSORT_KERNEL_DBG_MODULES=1)"
	fi
}

if ! command -v jq >/dev/null; then
	t_skip "source lines on real kernels" "no jq"
	t_done
fi
kernel amd64
kernel arm64
t_done
