#!/bin/sh
# make.sh - regenerate the excheck user-access fixtures in this directory
# (x86 STAC/CLAC alternatives, arm64 LDTR/STTR) from src/*.s and src/*.lds
# with Debian's cross binutils.  Not run by the test suite (the outputs are
# committed).  Deterministic: no timestamps, no build-ids, no absolute paths
# end up in the outputs.
# Usage: nice ./make.sh            (then: python3 verify.py)
set -eu
LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

missing=0
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "make.sh: missing tool $1 (Debian package: $2)" >&2
	missing=1
}
need x86_64-linux-gnu-as binutils-x86-64-linux-gnu
need x86_64-linux-gnu-ld binutils-x86-64-linux-gnu
need i686-linux-gnu-as binutils-i686-linux-gnu
need i686-linux-gnu-ld binutils-i686-linux-gnu
need aarch64-linux-gnu-as binutils-aarch64-linux-gnu
need aarch64-linux-gnu-ld binutils-aarch64-linux-gnu
[ "$missing" = 0 ] || exit 1

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# common ld options: small (-n: no file-offset page alignment), deterministic, kernel-like
LDC="-n -z max-page-size=4096 -z common-page-size=4096 -z noseparate-code
     --build-id=none -z noexecstack --no-warn-rwx-segments"

# asm PREFIX OUT SRC [as options...]  - assemble in src/ so no path leaks
asm() {
	p=$1 out=$2 src=$3
	shift 3
	(cd src && "$p-as" "$@" -o "$out" "$src")
}

set -f	# option strings below are split on purpose, never globbed

# image PREFIX OUTFILE SRC LDS "AS OPTIONS" "LD OPTIONS"
# shellcheck disable=SC2086
image() {
	asm "$1" "$T/$2.o" "$3" --defsym .LMODULE=0 $5
	(cd "$T" && "$1-ld" $LDC $6 -T "$here/src/$4" -o "$2" "$2.o")
	cp "$T/$2" "$2"
	chmod 644 "$2"
}

# object PREFIX OUTFILE SRC "AS OPTIONS"  - relocatable, assembler only
# shellcheck disable=SC2086
object() {
	asm "$1" "$T/$2" "$3" --defsym .LMODULE=1 $4
	cp "$T/$2" "$2"
	chmod 644 "$2"
}

C="--defsym .LFAULTY=0"; F="--defsym .LFAULTY=1"

# ---------------------------------------------------------------- x86_64
X=x86_64-linux-gnu
A14="--defsym .LALTSZ=14 --defsym .LFMT=0"	# 6.3+: 14-byte alt_instr, {insn, fixup, data}
A12="--defsym .LALTSZ=12 --defsym .LFMT=0"	# 5.16-6.2: 12-byte alt_instr
A13="--defsym .LALTSZ=13 --defsym .LFMT=1"	# 4.20-5.12: 13-byte alt_instr, {insn, fixup, handler}
image  $X x86_64-clean-vmlinux       x86_64.s x86_64.lds "$C $A14" ""
image  $X x86_64-faulty-vmlinux      x86_64.s x86_64.lds "$F $A14" ""
image  $X x86_64-clean-alt12-vmlinux x86_64.s x86_64.lds "$C $A12" ""
image  $X x86_64-clean-alt13-vmlinux x86_64.s x86_64.lds "$C $A13" ""
image  $X x86_64-clean-dwarf-vmlinux x86_64.s x86_64.lds "$C $A14 --defsym .LDWARF=1" ""
object $X x86_64-clean-module.o      x86_64.s "$C $A14"
object $X x86_64-faulty-module.o     x86_64.s "$F $A14"

# ---------------------------------------------------------------- i386
X=i686-linux-gnu
image  $X i386-clean-vmlinux   i386.s i386.lds "$C" ""
image  $X i386-faulty-vmlinux  i386.s i386.lds "$F" ""
object $X i386-clean-module.o  i386.s "$C"
object $X i386-faulty-module.o i386.s "$F"

# ---------------------------------------------------------------- aarch64 (+ one aarch64_be image)
X=aarch64-linux-gnu
image  $X aarch64-clean-vmlinux     aarch64.s aarch64.lds "$C" ""
image  $X aarch64-faulty-vmlinux    aarch64.s aarch64.lds "$F" ""
object $X aarch64-clean-module.o    aarch64.s "$C"
object $X aarch64-faulty-module.o   aarch64.s "$F"
image  $X aarch64_be-faulty-vmlinux aarch64.s aarch64.lds "-EB --defsym .LBE=1 $F" "-EB"

echo "make.sh: done"
