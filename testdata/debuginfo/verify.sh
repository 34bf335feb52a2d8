#!/bin/sh
# verify.sh - look up the source lines of every __ex_table entry listed in
# MANIFEST through each way of finding the DWARF, with binutils addr2line
# (BFD) and elfutils eu-addr2line (libdwfl, as excheck uses it), and compare
# the frames (function and file:line, innermost first) with MANIFEST.
# Not run by the test suite.  Needs binutils, elfutils and gzip.
# Usage: ./verify.sh [-v]        exit status 0 when every case is as expected
#
# Result per case: "lines" = every frame of every entry as in MANIFEST,
# "none" = no line for any entry (??), "mixed" = anything else.
# Cases marked "any" only report (they depend on how the tools were built).
set -eu
LC_ALL=C
export LC_ALL
unset DEBUGINFOD_URLS || :	# never ask a debuginfod server
here=$(cd "$(dirname "$0")" && pwd -P)
cd "$here"
verbose=0
[ "${1-}" = -v ] && verbose=1

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
R=$here/root/usr/lib/debug
KVER=6.1.0-fixture
fail=0

vbid=$(awk '$1 == "file" && $2 == "vmlinux-full" { sub(/buildid=/, "", $4); print $4 }' MANIFEST)
mbid=$(awk '$1 == "file" && $2 == "module.ko" { sub(/buildid=/, "", $4); print $4 }' MANIFEST)

# expected frames "FUNCTION PATH:LINE" of entry IDX of FILE
expect() {
	awk -v f="$1" -v i="$2" '$1 == "line" && $2 == f && $3 == i { print $5, $6 }' MANIFEST
}

# the addresses as addr2line arguments, "IDX ARGS..." per entry
entries() {
	awk -v f="$1" '$1 == "ex" && $2 == f {
		w = $4; sub(/^insn=/, "", w)
		if (w ~ /\+0x/) { s = w; sub(/\+.*/, "", s); o = w; sub(/.*\+/, "", o); print $3, "-j", s, o }
		else print $3, "0x" w
	}' MANIFEST
}

# normalise to "FUNCTION PATH:LINE" pairs: eu-addr2line's "F inlined at ...",
# ":COLUMN" and binutils' " (discriminator N)" dropped
norm() {
	sed -e 's/ inlined at .*//' -e 's/ (discriminator [0-9]*)$//' \
	    -e 's/^\(.*:[0-9][0-9]*\):[0-9][0-9]*$/\1/' | paste -d ' ' - -
}

# check NAME WANT(lines|none|any) SET(vmlinux-full|module.ko) TOOL ARGS...
# the entry's address arguments are appended to TOOL ARGS
check() {
	name=$1 want=$2 set=$3
	shift 3
	ok=0 none=0 n=0
	entries "$set" >"$T/entries"
	while read -r idx a1 a2 a3; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		"$@" $a1 ${a2:+$a2} ${a3:+$a3} 2>"$T/err" | norm >"$T/got" || :
		expect "$set" "$idx" >"$T/want"
		if cmp -s "$T/got" "$T/want"; then
			ok=$((ok + 1))
		elif ! grep -qv '??' "$T/got" 2>/dev/null || ! grep -q ':[0-9]' "$T/got"; then
			none=$((none + 1))
		fi
		if [ "$verbose" = 1 ] && ! cmp -s "$T/got" "$T/want"; then
			echo "    entry $idx: got: $(tr '\n' '|' <"$T/got") $(head -c 200 "$T/err" | tr '\n' ' ')"
		fi
	done <"$T/entries"
	if [ "$ok" = "$n" ]; then got=lines
	elif [ "$none" = "$n" ]; then got=none
	else got="mixed($ok/$n match)"
	fi
	if [ "$want" = any ]; then res=INFO
	elif [ "$want" = "$got" ]; then res=PASS
	else res=FAIL; fail=1
	fi
	printf '%-4s %-6s %-58s %s\n' "$res" "$got" "$name" "$*"
}

# note NAME WANT CMD...  - one command's output must contain WANT
note() {
	name=$1 want=$2
	shift 2
	out=$("$@" 2>&1 || :)
	case $out in
	*"$want"*) res=PASS ;;
	*) res=FAIL; fail=1 ;;
	esac
	printf '%-4s %-6s %-58s %s\n' "$res" "" "$name" "$out"
}

# sysroots with the build-id link to the compressed debug files, and a lone module
for z in zlib zstd; do
	mkdir -p "$T/$z/.build-id/${vbid%"${vbid#??}"}"
	ln -s "$here/vmlinux-$z.debug" "$T/$z/.build-id/${vbid%"${vbid#??}"}/${vbid#??}.debug"
done
mkdir "$T/lone"
cp module.ko "$T/lone/module.ko"

V=vmlinux-full
echo "== vmlinux: reference"
check "binutils: vmlinux-full"                 lines $V addr2line -f -i -e vmlinux-full
check "libdwfl: vmlinux-full"                  lines $V eu-addr2line -f -i -e vmlinux-full
echo "== vmlinux: separate debug file given as the file itself"
check "binutils: vmlinux.debug"                lines $V addr2line -f -i -e vmlinux.debug
check "libdwfl: vmlinux.debug"                 lines $V eu-addr2line -f -i -e vmlinux.debug
echo "== vmlinux: .gnu_debuglink (vmlinux.debug next to the file)"
check "binutils: vmlinux-debuglink"            lines $V addr2line -f -i -e vmlinux-debuglink
check "libdwfl: vmlinux-debuglink"             lines $V eu-addr2line -f -i -e vmlinux-debuglink
echo "== vmlinux: build-id"
check "binutils: stripped (looks in /usr/lib/debug only)" none $V addr2line -f -i -e vmlinux-stripped
check "libdwfl: stripped, default path"        none $V eu-addr2line -f -i -e vmlinux-stripped
check "libdwfl: stripped, build-id tree"       lines $V eu-addr2line -f -i --debuginfo-path="$R" -e vmlinux-stripped
check "libdwfl: stripped, tree as relative path" none $V eu-addr2line -f -i --debuginfo-path=root/usr/lib/debug -e vmlinux-stripped
check "libdwfl: through the .build-id symlink" lines $V eu-addr2line -f -i -e "$R/.build-id/${vbid%"${vbid#??}"}/${vbid#??}.debug"
check "libdwfl: nodebug (other build-id), tree" none $V eu-addr2line -f -i --debuginfo-path="$R" -e vmlinux-nodebug
check "libdwfl: nobuildid, tree"               none $V eu-addr2line -f -i --debuginfo-path="$R" -e vmlinux-nobuildid
echo "== vmlinux: compressed debug sections"
check "binutils: vmlinux-zlib.debug"           lines $V addr2line -f -i -e vmlinux-zlib.debug
check "binutils: vmlinux-zstd.debug"           lines $V addr2line -f -i -e vmlinux-zstd.debug
check "libdwfl: vmlinux-zlib.debug"            lines $V eu-addr2line -f -i -e vmlinux-zlib.debug
check "libdwfl: stripped, tree -> zlib.debug"  lines $V eu-addr2line -f -i --debuginfo-path="$T/zlib" -e vmlinux-stripped
check "libdwfl: vmlinux-zstd.debug (elfutils >= 0.189)" any $V eu-addr2line -f -i -e vmlinux-zstd.debug
check "libdwfl: stripped, tree -> zstd.debug (>= 0.189)" any $V eu-addr2line -f -i --debuginfo-path="$T/zstd" -e vmlinux-stripped
M=module.ko
echo "== module.ko (ET_REL, addresses as -j SECTION OFFSET)"
check "binutils: module.ko.debug"              lines $M addr2line -f -i -e module.ko.debug
check "binutils: module.ko"                    none $M addr2line -f -i -e module.ko
check "libdwfl: module.ko.debug"               lines $M eu-addr2line -f -i -e module.ko.debug
check "libdwfl: module.ko (finds ./module.ko.debug by name)" lines $M eu-addr2line -f -i -e module.ko
check "libdwfl: lone copy of module.ko"        none $M eu-addr2line -f -i -e "$T/lone/module.ko"
check "libdwfl: lone copy, build-id tree"      lines $M eu-addr2line -f -i --debuginfo-path="$R" -e "$T/lone/module.ko"
check "libdwfl: unstripped module in the tree" lines $M eu-addr2line -f -i -e "$R/lib/modules/$KVER/kernel/module.ko"
echo "== what eu-unstrip -n finds (5th field: the debug file)"
note "stripped, default path: none" "vmlinux-stripped - " eu-unstrip -n -e vmlinux-stripped
note "stripped, tree: boot/vmlinux-$KVER" "$R/boot/vmlinux-$KVER" eu-unstrip -n --debuginfo-path="$R" -e vmlinux-stripped
note "debuglink: vmlinux.debug" " vmlinux.debug" eu-unstrip -n -e vmlinux-debuglink
note "module.ko: module.ko.debug" " module.ko.debug" eu-unstrip -n -e module.ko
note "lone module, tree" "$R/lib/modules/$KVER/kernel/module.ko" eu-unstrip -n --debuginfo-path="$R" -e "$T/lone/module.ko"
echo "== consistency"
crc=$(gzip -c -n vmlinux.debug | tail -c 8 | od -A n -t x4 -N 4 | tr -d ' ')
note "debuglink CRC = CRC32(vmlinux.debug) = 0x$crc" "@0x$crc" grep "^file vmlinux-debuglink " MANIFEST
for f in vmlinux-full vmlinux-stripped vmlinux.debug vmlinux-debuglink vmlinux-zlib.debug \
	 vmlinux-zstd.debug "$R/boot/vmlinux-$KVER"; do
	note "build-id of ${f#"$here/"}" "$vbid" sh -c "readelf -n '$f' | grep 'Build ID'"
done
for f in module.ko module.ko.debug "$R/lib/modules/$KVER/kernel/module.ko"; do
	note "build-id of ${f#"$here/"}" "$mbid" sh -c "readelf -n '$f' | grep 'Build ID'"
done
echo "== tools: $(addr2line --version | head -n 1); $(eu-addr2line --version | head -n 1)"
[ "$fail" = 0 ] && echo "verify.sh: all as expected" || echo "verify.sh: FAILURES"
exit "$fail"
