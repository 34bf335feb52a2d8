#!/bin/sh
# make.sh - regenerate the cross-architecture exsort/excheck fixtures in this
# directory from src/*.s and src/*.lds with Debian's cross binutils.
# Not run by the test suite (the outputs are committed).  Deterministic: no
# timestamps, no build-ids, no absolute paths end up in the outputs.
# Usage: ./make.sh            (then: python3 verify.py)
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
need arm-linux-gnueabihf-as binutils-arm-linux-gnueabihf
need arm-linux-gnueabihf-ld binutils-arm-linux-gnueabihf
need powerpc64le-linux-gnu-as binutils-powerpc64le-linux-gnu
need powerpc64le-linux-gnu-ld binutils-powerpc64le-linux-gnu
need s390x-linux-gnu-as binutils-s390x-linux-gnu
need s390x-linux-gnu-ld binutils-s390x-linux-gnu
need riscv64-linux-gnu-as binutils-riscv64-linux-gnu
need riscv64-linux-gnu-ld binutils-riscv64-linux-gnu
need mips64el-linux-gnuabi64-as binutils-mips64el-linux-gnuabi64
need mips64el-linux-gnuabi64-ld binutils-mips64el-linux-gnuabi64
[ "$missing" = 0 ] || exit 1

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# common ld options: small, deterministic, kernel-like
LDC="-z max-page-size=4096 -z common-page-size=4096 -z noseparate-code
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

# ---------------------------------------------------------------- x86_64
X=x86_64-linux-gnu
N="--defsym .LFMT=0"; O="--defsym .LFMT=1"
image  $X x86_64-vmlinux            x86_64.s x86_64.lds "$N" ""
image  $X x86_64-4.19-vmlinux       x86_64.s x86_64.lds "$O" ""
image  $X x86_64-emitrelocs-vmlinux x86_64.s x86_64.lds "$N" "--emit-relocs"
image  $X x86_64-dwarf-vmlinux      x86_64.s x86_64.lds "$N --defsym .LDWARF=1" ""
image  $X x86_64-4.19-dwarf-vmlinux x86_64.s x86_64.lds "$O --defsym .LDWARF=1" ""
object $X x86_64-module.o           x86_64.s "$N --defsym .LALT=0"
object $X x86_64-4.19-module.o      x86_64.s "$O --defsym .LALT=0"
object $X x86_64-module.ko          x86_64.s "$N --defsym .LALT=1 --defsym .LKO=1"

# ---------------------------------------------------------------- i386
X=i686-linux-gnu
image  $X i386-vmlinux            i386.s i386.lds "" ""
image  $X i386-emitrelocs-vmlinux i386.s i386.lds "" "--emit-relocs"
object $X i386-module.o           i386.s ""

# ---------------------------------------------------------------- aarch64
X=aarch64-linux-gnu
N="--defsym .LFMT=0"; O="--defsym .LFMT=1"
image  $X aarch64-vmlinux            aarch64.s aarch64.lds "$N" ""
image  $X aarch64-dyn-vmlinux        aarch64.s aarch64.lds "$N" \
	"-shared -Bsymbolic -z notext --no-apply-dynamic-relocs"
image  $X aarch64-5.10-vmlinux       aarch64.s aarch64.lds "$O" ""
image  $X aarch64-dwarf-vmlinux      aarch64.s aarch64.lds "$N --defsym .LDWARF=1" ""
image  $X aarch64-5.10-dwarf-vmlinux aarch64.s aarch64.lds "$O --defsym .LDWARF=1" ""
object $X aarch64-module.o           aarch64.s "$N"
object $X aarch64-5.10-module.o      aarch64.s "$O"
image  $X aarch64_be-vmlinux         aarch64.s aarch64.lds "-EB $N" "-EB"
object $X aarch64_be-module.o        aarch64.s "-EB $N"

# ---------------------------------------------------------------- arm
X=arm-linux-gnueabihf
image  $X arm-vmlinux  arm.s arm.lds "-march=armv7-a" ""
object $X arm-module.o arm.s "-march=armv7-a"

# ---------------------------------------------------------------- ppc64le / ppc64 (big endian)
X=powerpc64le-linux-gnu
image  $X ppc64le-vmlinux       ppc64.s ppc64.lds "" ""
image  $X ppc64le-dwarf-vmlinux ppc64.s ppc64.lds "--defsym .LDWARF=1" ""
object $X ppc64le-module.o      ppc64.s ""
image  $X ppc64-vmlinux         ppc64.s ppc64.lds "-mbig" "-EB"
object $X ppc64-module.o        ppc64.s "-mbig"

# ---------------------------------------------------------------- s390x
X=s390x-linux-gnu
N="-march=z10 --defsym .LFMT=0"; O="-march=z10 --defsym .LFMT=1"
image  $X s390x-vmlinux            s390x.s s390x.lds "$N" ""
image  $X s390x-5.10-vmlinux       s390x.s s390x.lds "$O" ""
image  $X s390x-5.10-dwarf-vmlinux s390x.s s390x.lds "$O --defsym .LDWARF=1" ""
object $X s390x-module.o           s390x.s "$N"
object $X s390x-5.10-module.o      s390x.s "$O"

# ---------------------------------------------------------------- riscv64
X=riscv64-linux-gnu
image  $X riscv64-vmlinux  riscv64.s riscv64.lds "-march=rv64imac_zicsr" "--no-relax"
object $X riscv64-module.o riscv64.s "-march=rv64imac_zicsr"

# ---------------------------------------------------------------- mips64el / mips64 (big endian)
X=mips64el-linux-gnuabi64
M="-mabi=64 -march=mips64r2 -non_shared -msym32 -G 0 -mno-pdr"
image  $X mips64el-vmlinux       mips64.s mips64.lds "$M -EL" "-EL"
image  $X mips64el-dwarf-vmlinux mips64.s mips64.lds "$M -EL --defsym .LDWARF=1" "-EL"
object $X mips64el-module.o      mips64.s "$M -EL"
image  $X mips64-vmlinux         mips64.s mips64.lds "$M -EB" "-EB"
object $X mips64-module.o        mips64.s "$M -EB"

echo "make.sh: done"
