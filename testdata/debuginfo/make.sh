#!/bin/sh
# make.sh - regenerate the debuginfo fixtures in this directory (tiny x86-64
# "kernel" and module written in C, with DWARF, stripped copies, separate debug
# files, a build-id tree) and the MANIFEST that lists every __ex_table entry
# with the source lines addr2line gives for it.
# Not run by the test suite (the outputs are committed).  Deterministic: no
# timestamps, no absolute host paths (DW_AT_comp_dir is /build/exsort-fixture).
# Usage: ./make.sh            (then: ./verify.sh)
# Needs gcc, binutils >= 2.40 (objcopy --compress-debug-sections=zstd) and
# elfutils (eu-addr2line, only to cross-check the MANIFEST lines).
set -eu
LC_ALL=C
export LC_ALL
unset DEBUGINFOD_URLS || :
here=$(cd "$(dirname "$0")" && pwd -P)
cd "$here"

missing=0
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "make.sh: missing tool $1 (Debian package: $2)" >&2
	missing=1
}
need gcc gcc
need ld binutils
need objcopy binutils
need readelf binutils
need addr2line binutils
need od coreutils
need eu-addr2line elfutils
[ "$missing" = 0 ] || exit 1
if ! objcopy --help | grep -q 'zstd'; then
	echo "make.sh: objcopy cannot --compress-debug-sections=zstd (binutils >= 2.40 built with zstd)" >&2
	exit 1
fi

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

KVER=6.1.0-fixture
COMPDIR=/build/exsort-fixture

# kernel-like code generation; -fno-pie/-mno-red-zone/-fno-stack-protector/
# -fcf-protection=none as the kernel has them (and no endbr64, no .note.gnu.property)
CFLAGS="-O2 -ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone
	-fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables
	-nostdlib -Wall -Wextra -Werror -Iarch/x86/include
	-ffile-prefix-map=$here/src=$COMPDIR"
LDC="-z max-page-size=4096 -z common-page-size=4096 -z noseparate-code
     -z noexecstack --no-warn-rwx-segments"
VSRC="arch/x86/lib/usercopy.c arch/x86/kernel/msr.c arch/x86/lib/getuser.S
      kernel/extable.c init/main.c"
MSRC="drivers/misc/fixture_mod.c"

set -f	# option strings below are split on purpose, never globbed

# compile DIR "EXTRA CFLAGS" SRC...  - in src/ so that DW_AT_name is relative
# shellcheck disable=SC2086
compile() {
	d=$1 x=$2
	shift 2
	mkdir -p "$T/$d"
	for s in "$@"; do
		o=${s##*/}
		o=${o%.*}.o
		case $s in
		*.S) (cd src && gcc $CFLAGS $x -D__ASSEMBLY__ -c "$s" -o "$T/$d/$o") ;;
		*)   (cd src && gcc $CFLAGS $x -c "$s" -o "$T/$d/$o") ;;
		esac
		objs="$objs $o"
	done
}

# vmlinux DIR OUT BUILDID  - link the objects of DIR (in VSRC order)
# shellcheck disable=SC2086
vmlinux() {
	(cd "$T/$1" && ld $LDC --build-id=$3 -T "$here/src/vmlinux.lds" -o "$T/$2" $objs)
}

objs=""; compile g "-g" $VSRC
vobjs=$objs
objs=""; compile nog "" $VSRC
objs=""; compile dup "-g -DEXS_FIXTURE_DUPLICATE" $VSRC
objs=""; compile mod "-g" $MSRC
mobjs=$objs

objs=$vobjs
vmlinux g vmlinux-full sha1
vmlinux g vmlinux-nobuildid.tmp none
vmlinux nog vmlinux-nodebug sha1
vmlinux dup vmlinux-duplicate sha1
(cd "$T/mod" && ld -r --build-id=sha1 -o "$T/module-full.ko" $mobjs)

cd "$T"
objcopy --only-keep-debug vmlinux-full vmlinux.debug
objcopy --strip-debug vmlinux-full vmlinux-stripped
# run here: the debuglink holds the base name and the CRC of ./vmlinux.debug
objcopy --strip-debug --add-gnu-debuglink=vmlinux.debug vmlinux-full vmlinux-debuglink
objcopy --only-keep-debug --compress-debug-sections=zlib vmlinux-full vmlinux-zlib.debug
objcopy --only-keep-debug --compress-debug-sections=zstd vmlinux-full vmlinux-zstd.debug
objcopy --strip-debug vmlinux-nobuildid.tmp vmlinux-nobuildid
objcopy --strip-debug module-full.ko module.ko
objcopy --only-keep-debug module-full.ko module.ko.debug

# same code with and without -g, and whatever the build-id
for f in vmlinux-nodebug vmlinux-nobuildid; do
	for s in .text .init.text __ex_table .data; do
		a=$(readelf -x $s vmlinux-full | tail -n +2)
		b=$(readelf -x $s $f | tail -n +2)
		[ "$a" = "$b" ] || { echo "make.sh: $f: $s differs from vmlinux-full" >&2; exit 1; }
	done
done

buildid() {
	readelf -n "$1" | sed -n 's/^ *Build ID: *//p'
}
vbid=$(buildid vmlinux-full)
mbid=$(buildid module-full.ko)
[ -n "$vbid" ] && [ -n "$mbid" ] || { echo "make.sh: no build-id" >&2; exit 1; }

# Debian linux-image-*-dbg layout: unstripped vmlinux and modules under
# /usr/lib/debug, .build-id/XX/REST.debug relative symlinks to them
D=root/usr/lib/debug
mkdir -p "$D/boot" "$D/lib/modules/$KVER/kernel" "$D/.build-id/${vbid%"${vbid#??}"}" \
	"$D/.build-id/${mbid%"${mbid#??}"}"
cp vmlinux-full "$D/boot/vmlinux-$KVER"
cp module-full.ko "$D/lib/modules/$KVER/kernel/module.ko"
ln -s "boot/vmlinux-$KVER" "$D/vmlinux-$KVER"
ln -s "../../../boot/vmlinux-$KVER" "$D/lib/modules/$KVER/vmlinux"
ln -s "../../boot/vmlinux-$KVER" "$D/.build-id/${vbid%"${vbid#??}"}/${vbid#??}.debug"
ln -s "../../lib/modules/$KVER/kernel/module.ko" "$D/.build-id/${mbid%"${mbid#??}"}/${mbid#??}.debug"

FILES="vmlinux-full vmlinux-stripped vmlinux.debug vmlinux-debuglink
       vmlinux-zlib.debug vmlinux-zstd.debug vmlinux-nodebug vmlinux-nobuildid
       vmlinux-duplicate module.ko module.ko.debug"
chmod 644 $FILES "$D/boot/vmlinux-$KVER" "$D/lib/modules/$KVER/kernel/module.ko"

# ------------------------------------------------------------ MANIFEST

# hex (up to 16 digits) -> signed 64-bit decimal, for dash's $(( ))
h2i() {
	h=$(printf '%16s' "$1" | tr ' ' 0)
	hi=${h%????????} lo=${h#????????}
	echo $(( ((0x$hi ^ 0x80000000) - 0x80000000) * 4294967296 + 0x$lo ))
}

# sections FILE -> "IDX NAME TYPE ADDR OFF SIZE FLAGS" (FLAGS "-" if none)
sections() {
	readelf -SW "$1" | sed -n 's/^ *\[ *\([0-9][0-9]*\)\] */\1 /p' |
		awk '$1 > 0 { print $1, $2, $3, $4, $5, $6, (NF == 11 ? $8 : "-") }'
}

# fileinfo FILE -> one "file" line
fileinfo() {
	f=$1
	et=$(readelf -hW "$f" | awk '/^ *Type:/ { print $2 }')
	b=$(buildid "$f"); b=${b:--}
	dl=$(readelf -wk "$f" 2>/dev/null | awk '
		/Separate debug info file:/ { n = $NF }
		/CRC value:/ { c = $NF }
		END { print (n == "" ? "-" : n "@" c) }')
	notes=$(readelf -n "$f" | awk '/^  [A-Za-z]/ && $1 != "Owner" { s = s (s == "" ? "" : ",") $1 }
		END { print (s == "" ? "-" : s) }')
	txt=$(sections "$f" | awk '$2 == ".text" { print tolower($3) }')
	sym=$(sections "$f" | awk '$3 == "SYMTAB" { y = "yes" } END { print (y ? y : "no") }')
	dbg=$(readelf -tW "$f" | awk '
		/^ *\[ *[0-9]+\] / { s = $NF; next }
		s != ".debug_info" { next }
		{ seen = 1 }
		/COMPRESSED/ { c = 1; next }
		c == 1 { sub(/,.*/, ""); z = tolower($1); c = 2 }
		END { print (!seen ? "none" : z != "" ? z : "plain") }')
	dbg=${dbg:-none}
	echo "file $f type=$et buildid=$b debuglink=$dl notes=$notes text=$txt symtab=$sym dwarf=$dbg"
}

# frames FILE IDX "ADDR2LINE ARGS" - "line" records, cross-checked with eu-addr2line
# shellcheck disable=SC2086
frames() {
	addr2line -f -i -e "$1" $3 >"$T/a2l"
	eu-addr2line -f -i -e "$1" $3 >"$T/eu"
	n=$(awk 'END { print NR / 2 }' "$T/a2l")
	[ "$n" = "$(awk 'END { print NR / 2 }' "$T/eu")" ] ||
		{ echo "make.sh: $1 $3: addr2line and eu-addr2line disagree on depth" >&2; exit 1; }
	k=0
	while [ "$k" -lt "$n" ]; do
		fn=$(sed -n "$((2 * k + 1))p" "$T/a2l")
		loc=$(sed -n "$((2 * k + 2))p" "$T/a2l")
		eul=$(sed -n "$((2 * k + 2))p" "$T/eu")
		disc=""
		case $loc in
		*" (discriminator "*)
			disc=${loc#*(discriminator }; disc=" disc=${disc%)}"
			loc=${loc%% (discriminator*} ;;
		esac
		case $eul in
		"$loc":*) col=${eul#"$loc":} ;;
		"$loc") col=- ;;
		*) echo "make.sh: $1 $3 frame $k: addr2line $loc, eu-addr2line $eul" >&2; exit 1 ;;
		esac
		case $fn$loc in *'??'*)
			echo "make.sh: $1 $3: no line for frame $k" >&2; exit 1 ;;
		esac
		echo "line $1 $2 $k $fn $loc col=$col$disc"
		k=$((k + 1))
	done
}

# symbol FILE SHNDX OFFHEX -> NAME+0xOFF as excheck names it: nearest symbol
# at or below in that section, FUNC before NOTYPE before OBJECT, then by name
symbol() {
	readelf -sW "$1" | awk -v ndx="$2" -v a="$(printf '%16s' "$3" | tr ' ' 0)" '
		$4 ~ /^(FUNC|NOTYPE|OBJECT)$/ && $7 == ndx && NF >= 8 &&
		$8 !~ /^(\.L|\$)/ && ("x" $2) <= ("x" a) {
			r = $4 == "FUNC" ? 0 : $4 == "NOTYPE" ? 1 : 2
			k = $2 " " r " " $8
			if (best == "" || ("x" $2) > ("x" bv) ||
			    ($2 == bv && (r < br || (r == br && $8 < bn)))) {
				best = k; bv = $2; br = r; bn = $8
			}
		}
		END { if (best != "") print bv, bn }'
}

exec 3>"$T/MANIFEST"
cat >&3 <<EOF
# MANIFEST - generated by make.sh from the files below; do not edit.
# Sources: src/ (comp_dir $COMPDIR), gcc $(gcc -dumpfullversion), $(ld --version | head -n 1).
#
# file NAME type=ET buildid=HEX|- debuglink=NAME@CRC32|- notes=OWNER,... text=progbits|nobits
#      symtab=yes|no dwarf=none|plain|zlib|zstd   (dwarf: .debug_info absent / compression)
# link PATH -> TARGET                 symlinks in the build-id tree (root/ = a sysroot)
# copy PATH = FILE                    byte copies in the build-id tree
# sym  NAME FILE VALUE SIZE SECTION   initial value of main_extable_sort_needed etc.
# ex   FILE IDX insn=WHERE fixup=WHERE data=0xHEX sec=SECTION sym=SYMBOL+0xOFF frames=N
#      WHERE: vmlinux address (hex, no 0x); module SECTION+0xOFF (from .rela__ex_table)
#      SYMBOL: nearest symbol at or below in that section, FUNC before NOTYPE/OBJECT, then by name
# line FILE IDX DEPTH FUNCTION PATH:LINE col=N|- [disc=N]
#      = frame DEPTH (0 innermost) of "addr2line -f -i -e FILE ADDR" (module: -j SECTION OFF);
#      eu-addr2line (elfutils) gives the same PATH:LINE and adds the column.
# Entries are listed in table order; the vmlinux table is not sorted (link order).
EOF

for f in $FILES; do fileinfo "$f" >&3; done
for l in $(cd root && find . -type l | sort); do
	echo "link root/${l#./} -> $(readlink "root/$l")" >&3
done
echo "copy $D/boot/vmlinux-$KVER = vmlinux-full" >&3
echo "copy $D/lib/modules/$KVER/kernel/module.ko = module.ko + DWARF (ld -r output before --strip-debug)" >&3
cmp -s "$D/boot/vmlinux-$KVER" vmlinux-full

# ---- vmlinux-full: decode the table from the image
sections vmlinux-full >"$T/secs"
readelf -sW vmlinux-full | awk '$8 ~ /^(main_extable_sort_needed|__start___ex_table|__stop___ex_table)$/ {
	print $8, $2, $3, $7 }' | sort | while read -r n v s x; do
	sec=$(awk -v x="$x" '$1 == x { print $2 }' "$T/secs")
	if [ "$n" = main_extable_sort_needed ]; then
		o=$(awk -v x="$x" '$1 == x { print $4, $5 }' "$T/secs")
		val=$(od -A n -t d4 -j $(( 0x${o#* } + $(h2i "$v") - $(h2i "${o% *}") )) -N 4 vmlinux-full | tr -d ' ')
		echo "sym $n vmlinux-full $v $s $sec value=$val" >&3
	else
		echo "sym $n vmlinux-full $v $s $sec" >&3
	fi
done
set -- $(awk '$2 == "__ex_table" { print $4, $5, $6 }' "$T/secs")
exaddr=$(h2i "$1") exoff=$((0x$2)) exsize=$((0x$3))
nent=$((exsize / 12))
echo "# vmlinux-full __ex_table: $nent entries at $1" >&3
od -A n -v -t d4 -j "$exoff" -N "$exsize" vmlinux-full | tr -s ' ' '\n' | sed '/^$/d' >"$T/words"
i=0
while [ "$i" -lt "$nent" ]; do
	set -- $(sed -n "$((3 * i + 1)),$((3 * i + 3))p" "$T/words")
	base=$((exaddr + 12 * i))
	insn=$(printf '%016x' $((base + $1)))
	fixup=$(printf '%016x' $((base + 4 + $2)))
	data=$(printf '0x%08x' $(($3 & 0xffffffff)))
	sec=$(awk -v a="$insn" '$7 ~ /X/ && ("x" $4) <= ("x" a) { s = $1 " " $2 " " $4 } END { print s }' "$T/secs")
	set -- $sec
	set -- $(symbol vmlinux-full "$1" "$insn") "$2"
	off=$(printf '0x%x' $(($(h2i "$insn") - $(h2i "$1"))))
	frames vmlinux-full "$i" "0x$insn" >"$T/lines"
	echo "ex vmlinux-full $i insn=$insn fixup=$fixup data=$data sec=$3 sym=$2+$off frames=$(wc -l <"$T/lines")" >&3
	cat "$T/lines" >&3
	i=$((i + 1))
done

# ---- module.ko: the table through .rela__ex_table (section + addend)
sections module-full.ko >"$T/msecs"
set -- $(awk '$2 == "__ex_table" { print $5, $6 }' "$T/msecs")
exoff=$((0x$1)) exsize=$((0x$2))
nent=$((exsize / 12))
echo "# module.ko __ex_table: $nent entries, insn/fixup by R_X86_64_PC32 in .rela__ex_table" >&3
od -A n -v -t d4 -j "$exoff" -N "$exsize" module-full.ko | tr -s ' ' '\n' | sed '/^$/d' >"$T/words"
readelf -rW module-full.ko | awk '
	/^Relocation section/ { on = ($3 == "'"'"'.rela__ex_table'"'"'") ; next }
	on && $3 == "R_X86_64_PC32" { print $1, $5, $7 }' >"$T/rela"
where() {	# where TABLEOFFSET -> "SECTION OFFHEX"
	awk -v o="$(printf '%016x' "$1")" '$1 == o { print $2, $3 }' "$T/rela"
}
i=0
while [ "$i" -lt "$nent" ]; do
	set -- $(where $((12 * i)))
	isec=$1 ioff=$2
	set -- $(where $((12 * i + 4)))
	fsec=$1 foff=$2
	data=$(printf '0x%08x' $(($(sed -n "$((3 * i + 3))p" "$T/words") & 0xffffffff)))
	ndx=$(awk -v s="$isec" '$2 == s { print $1 }' "$T/msecs")
	set -- $(symbol module-full.ko "$ndx" "$ioff")
	off=$(printf '0x%x' $((0x$ioff - 0x$1)))
	# module.ko itself has no DWARF: the lines come from the unstripped module
	frames module-full.ko "$i" "-j $isec 0x$ioff" >"$T/lines.full"
	sed 's/^line module-full.ko /line module.ko /' "$T/lines.full" >"$T/lines"
	echo "ex module.ko $i insn=$isec+0x$ioff fixup=$fsec+0x$foff data=$data sec=$isec sym=$2+$off frames=$(wc -l <"$T/lines")" >&3
	cat "$T/lines" >&3
	i=$((i + 1))
done
exec 3>&-

cd "$here"
rm -rf root $FILES MANIFEST
cp -P -R "$T/root" root
for f in $FILES MANIFEST; do cp "$T/$f" "$f"; done
echo "make.sh: done (vmlinux build-id $vbid, module.ko build-id $mbid)"
