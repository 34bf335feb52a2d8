# Shared by the tests on real Debian kernels (tests/real-*.sh), after
# tests/lib.sh: fetching a kernel through fetch-debian-kernel.sh, and
# finding what an earlier fetch with the -dbg packages left in the cache.
cache=${EXS_KERNEL_CACHE:-/var/cache/exsort-tests}

# fetch ARCH [PACKAGE]: key=value lines into $T/env, or status 77
fetch()
{
	EXSORT_KERNEL_PKG=${2:-} sh "$top_srcdir/tests/real/fetch-debian-kernel.sh" \
		"$1" "$cache" >"$T/env" 2>"$T/fetch.err"
}
get() { sed -n "s/^$1=//p" "$T/env"; }

# kernel_pkg ARCH: the package EXSORT_KERNEL_PKG names for ARCH (its
# amd64 spelled ARCH), or nothing for the default
kernel_pkg()
{
	case ${EXSORT_KERNEL_PKG:-} in
	'') ;;
	*amd64*) printf '%s\n' "$EXSORT_KERNEL_PKG" | sed "s/amd64/$1/g" ;;
	*) [ "$1" = amd64 ] && echo "$EXSORT_KERNEL_PKG" ;;
	esac
}

# fetch_kernel ARCH [PACKAGE]: fetch, or one TAP line (a skip when the
# archive is out of reach, else a failure) and status 1
fetch_kernel()
{
	fetch "$@"
	case $? in
	0) return 0 ;;
	77) t_skip "Debian $1 kernel" "$(head -n 1 "$T/fetch.err")" ;;
	*) t_ok "fetch the Debian $1 kernel" sh -c 'cat "$1"; false' sh "$T/fetch.err" ;;
	esac
	return 1
}

# the directory the fetched kernel was unpacked in (root/ is below it)
kernel_work()
{
	local m
	m=$(get modules)
	echo "${m%/root/*}"
}

# dbg_vmlinux: the -dbg vmlinux of the fetched kernel, if the cache has
# it (the fetch script keeps it as vmlinux-dbg beside root/)
dbg_vmlinux()
{
	local v
	v=$(get vmlinux_dbg)
	v=${v:-$(kernel_work)/vmlinux-dbg}
	[ -s "$v" ] && echo "$v"
}

# dbg_root: the tree of the -dbg package (usr/lib/debug/...), if any
dbg_root()
{
	local r
	r=$(get debug_root)
	r=${r:-$(kernel_work)/dbg-root}
	[ -d "$r/usr/lib/debug" ] && echo "$r"
}
