#!/bin/sh
# Real Debian kernels, when the package archive is reachable (skipped
# otherwise): excheck's user-access analysis finds nothing in the
# amd64 and arm64 modules as shipped, nor in the -dbg vmlinux when the
# cache holds one; and on a copy with one fault put in by
# tests/real/inject-uaccess.py (x86: a CLAC that is no longer a SMAP
# alternative; arm64: an LDTR/STTR whose table entry now names another
# instruction) it reports exactly that fault: a warning, exit status
# 0, and with -Werror=CHECK an error, exit status 1.
#
# EXSORT_KERNEL_PKG picks the amd64 kernel (default linux-image-amd64,
# e.g. linux-image-6.12-amd64); arm64 takes the same name with arm64
# for amd64.  EXSORT_KERNEL_SUITE (e.g. trixie) takes them from that
# Debian suite instead of the host's.  The -dbg vmlinux is used only if it is already in the
# cache (fetch-debian-kernel.sh with EXSORT_KERNEL_DBG=1 puts it there;
# setting that here downloads it, ~1 GB).  The injections need python3
# (PYTHON=...); without it they are skipped.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/real/lib.sh"
INJECT=$top_srcdir/tests/real/inject-uaccess.py
PYTHON=${PYTHON:-python3}
UA_ERR="-Werror=uaccess-open -Werror=uaccess-unpaired -Werror=uaccess-target"
have_python=false
"$PYTHON" -c 'import lzma, mmap, struct' 2>/dev/null && have_python=true

# quiet_tree DIR: excheck -r finds no user-access fault in DIR
quiet_tree()
{
	# shellcheck disable=SC2086
	"$EXCHECK" -r -j2 $UA_ERR "$1" >"$T/o" 2>&1
	rc=$?
	grep '\[-Wuaccess-' "$T/o" && return 1
	[ "$rc" = 0 ] || { head -n 20 "$T/o"; return 1; }
}

# analysed FILE PATTERN: excheck -v on the unmodified FILE says the
# analysis ran (PATTERN) and finds no user-access fault
analysed()
{
	# shellcheck disable=SC2086
	run_rc 0 "$EXCHECK" -v $UA_ERR "$1" || return 1
	grep -q "user access: $2" "$T/stdout" &&
		! grep '\[-Wuaccess-' "$T/stdout" || { cat "$T/stdout"; return 1; }
}

# inject CMD IN OUT: tests/real/inject-uaccess.py CMD IN OUT, its
# one-line answer into $T/what
inject()
{
	"$PYTHON" "$INJECT" "$1" "$2" "$3" >"$T/what" &&
		[ "$(wc -l <"$T/what")" = 1 ] && ! cmp -s "$2" "$3"
}

# reported FILE CHECK TEXT: excheck exits 0 and its one user-access
# finding is a CHECK warning containing TEXT; with -Werror=CHECK it
# exits 1 and the finding is an error
reported()
{
	run_rc 0 "$EXCHECK" "$1" || return 1
	grep '\[-Wuaccess-' "$T/stdout" >"$T/ua"
	lines "$T/ua" 1 && grep -qF ": warning: $3" "$T/ua" &&
		grep -q "\[-W$2\]\$" "$T/ua" || { cat "$T/stdout"; return 1; }
}
as_error()
{
	run_rc 1 "$EXCHECK" "-Werror=$2" "$1" || return 1
	grep '\[-Wuaccess-' "$T/stdout" >"$T/ua"
	lines "$T/ua" 1 && grep -qF ": error: $3" "$T/ua" &&
		grep -q "\[-W$2\]\$" "$T/ua" || { cat "$T/stdout"; return 1; }
}

# json_one FILE CHECK SYMBOL: --format=json has exactly that finding
json_one()
{
	"$EXCHECK" --format=json "$1" >"$T/json" || return 1
	"$PYTHON" - "$T/json" "$2" "$3" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
f = [x for fl in doc["files"] for x in (fl.get("uaccess") or {}).get("findings", [])]
assert len(f) == 1, f
assert f[0]["check"] == sys.argv[2] and f[0]["severity"] == "warning", f
assert f[0]["insn"]["symbol"] == sys.argv[3], f
EOF
}

# module DIR NAME...: the first of the modules DIR/kernel/NAME.ko* that
# $cmd can put a fault into (else the first of all modules below DIR),
# unpacked to $T/in.ko, with the fault in $T/bad.ko; its path printed
module()
{
	local dir=$1 m f
	shift
	for m in "$@"; do
		ls "$dir/kernel/$m".ko* 2>/dev/null
	done >"$T/mods"
	find "$dir" -name '*.ko*' | sort >>"$T/mods"
	while read -r f; do
		case $f in
		*.ko) cp "$f" "$T/in.ko" ;;
		*.ko.xz) xz -dc "$f" >"$T/in.ko" ;;
		*.ko.zst) zstd -qdc "$f" >"$T/in.ko" ;;
		*.ko.gz) gzip -dc "$f" >"$T/in.ko" ;;
		*) continue ;;
		esac || continue
		if inject "$cmd" "$T/in.ko" "$T/bad.ko" 2>/dev/null; then
			echo "${f#"$dir"/}"
			return 0
		fi
	done <"$T/mods"
	return 1
}

# expect WHAT: the start of the message for inject-uaccess.py's answer
# ("FUNC+0xOFF" of a STAC; "MNEMONIC FUNC+0xOFF" of an LDTR/STTR)
expect()
{
	case $1 in
	*' '*) echo "${1%% *} at ${1#* } " ;;
	*) echo "STAC at $1 " ;;
	esac
}

# injected FILE CHECK TEXT: the tests on the copy with a fault
injected()
{
	t_ok "excheck warns of it: ${3% }" reported "$1" "$2" "$3"
	t_ok "and with -Werror=$2 exits 1" as_error "$1" "$2" "$3"
}

# kernel ARCH CMD CHECK MODULE...: the tests on one kernel
kernel()
{
	local arch=$1 cmd=$2 check=$3 version modules vdbg what mod ran
	shift 3
	# what excheck -v says when the analysis ran
	case $cmd in
	drop-clac) ran='[1-9][0-9]* STAC and [0-9]* CLAC sites' ;;
	*) ran='[1-9][0-9]* unprivileged loads and stores' ;;
	esac
	fetch_kernel "$arch" "$(kernel_pkg "$arch")" || return
	version=$(get version)
	modules=$(get modules)
	vdbg=$(dbg_vmlinux)

	t_ok "$version: excheck -r finds no user-access fault in the modules" \
		quiet_tree "$modules"

	if ! $have_python; then
		t_skip "$version: a fault put in a module" "no $PYTHON"
	elif mod=$(module "$modules" "$@"); then
		what=$(cat "$T/what")
		t_ok "$mod as shipped: analysed, no fault" \
			analysed "$T/in.ko" "$ran"
		t_ok "$cmd in a copy of $mod: $what" true
		injected "$T/bad.ko" "$check" "$(expect "$what")"
		t_ok "--format=json has just that finding" \
			json_one "$T/bad.ko" "$check" "${what#* }"
	else
		t_ok "$cmd finds a module of $version to put a fault into" false
	fi
	rm -f "$T/in.ko" "$T/bad.ko"

	if [ -z "$vdbg" ]; then
		t_skip "$version: the -dbg vmlinux" "not in $cache"
		return
	fi
	t_ok "$version: excheck finds no user-access fault in the -dbg vmlinux" \
		analysed "$vdbg" "$ran"
	if ! $have_python; then
		t_skip "$version: a fault put in the -dbg vmlinux" "no $PYTHON"
	elif inject "$cmd" "$vdbg" "$T/vmlinux" 2>"$T/inject.err"; then
		what=$(cat "$T/what")
		t_ok "$cmd in a copy of the -dbg vmlinux: $what" true
		injected "$T/vmlinux" "$check" "$(expect "$what")"
	else
		t_ok "$cmd in a copy of the -dbg vmlinux" \
			sh -c 'cat "$1"; false' sh "$T/inject.err"
	fi
	rm -f "$T/vmlinux"
}

kernel amd64 drop-clac uaccess-open \
	drivers/input/evdev net/netfilter/x_tables drivers/md/dm-mod \
	arch/x86/kvm/kvm-amd
kernel arm64 drop-entry uaccess-unpaired \
	drivers/input/evdev drivers/android/binder_linux drivers/hid/uhid
t_done
