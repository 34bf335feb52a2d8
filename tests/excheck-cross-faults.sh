#!/bin/sh
# Faults put into copies of the cross-assembled images and objects in
# testdata/cross: each check fires on a real toolchain's output, for
# other machines and byte orders than the synthetic tests use.
. "${top_srcdir:-.}/tests/lib.sh"

symval() { readelf -sW "$1" | awk -v n="$2" '$8 == n { print "0x" $2; exit }'; }
add_low()
{
	local hi=${1%????????}
	printf '%s%08x' "$hi" $(( 0x${1#"$hi"} + $2 ))
}
# poke FILE OFFSET OCTAL-BYTES...: overwrite bytes in place
poke()
{
	local f=$1 off=$2
	shift 2
	printf "$(printf '\\%s' "$@")" | dd of="$f" bs=1 seek="$off" conv=notrunc 2>/dev/null
}
# section header field: shdr_off FILE NAME FIELD_OFFSET (ELF64)
shdr_off()
{
	local shoff idx
	shoff=$(readelf -hW "$1" | awk '/Start of section headers/ { print $5 }')
	idx=$(readelf -SW "$1" | sed -n "s/^ *\[ *\([0-9]*\)\] $2 .*/\1/p")
	echo $(( shoff + idx * 64 + $3 ))
}
reloc_file_off()
{
	readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' | awk -v n="$2" '$1 == n { print "0x" $4; exit }'
}
# fires FILE CHECK [OPTIONS]: exit 1 (error) or 0 (warning) naming CHECK
fires()
{
	local f=$1 check=$2
	shift 2
	"$EXCHECK" -Wno-duplicate "$@" "$f" >"$T/out" 2>"$T/err"
	cat "$T/out" "$T/err"
	grep -q "\[-W$check\]$" "$T/out" && [ ! -s "$T/err" ]
}
copy() { cp "$TESTDATA/cross/$1" "$T/$2"; }

t_ok "aarch64: an insn on main_extable_sort_needed" sh -c '
	cp "$1/aarch64-vmlinux" "$2/a" &&
	"$3" --set-field "0,0,$4" -l rel12-typedata "$2/a"' sh "$TESTDATA/cross" "$T" "$MKELF" \
	"$(symval "$TESTDATA/cross/aarch64-vmlinux" main_extable_sort_needed)"
t_ok "insn-range fires on aarch64" fires "$T/a" insn-range

t_ok "riscv64: a fixup on main_extable_sort_needed" sh -c '
	cp "$1/riscv64-vmlinux" "$2/r" &&
	"$3" --set-field "2,1,$4" -l rel12-typedata "$2/r"' sh "$TESTDATA/cross" "$T" "$MKELF" \
	"$(symval "$TESTDATA/cross/riscv64-vmlinux" main_extable_sort_needed)"
t_ok "fixup-range fires on riscv64" fires "$T/r" fixup-range

t_ok "arm: the flag cleared on an unsorted table" sh -c '
	cp "$1/arm-vmlinux" "$2/u" && "$3" --set-flag 0 "$2/u"' sh "$TESTDATA/cross" "$T" "$MKELF"
t_ok "unsorted fires on arm" fires "$T/u" unsorted

t_ok "s390x (big-endian): type 0x63" sh -c '
	cp "$1/s390x-vmlinux" "$2/s" && "$3" --set-field 1,2,0x00630000 -l rel12-typedata "$2/s"' \
	sh "$TESTDATA/cross" "$T" "$MKELF"
t_ok "bad-type fires on s390x" fires "$T/s" bad-type

misalign()
{
	copy ppc64le-vmlinux m &&
	"$MKELF" --dump -l rel8 "$T/m" | head -n 1 >"$T/first" &&
	"$MKELF" --set-field "0,0,$(add_low "0x$(cut -d' ' -f1 "$T/first")" 2)" -l rel8 "$T/m"
}
t_ok "ppc64le: an insn two bytes into an instruction" misalign
t_ok "misaligned fires on ppc64le" fires "$T/m" misaligned

t_ok "x86_64 object: a relocation dropped (R_X86_64_NONE)" sh -c '
	cp "$1/x86_64-module.o" "$2/x.o" &&
	printf "\000\000\000\000" | dd of="$2/x.o" bs=1 seek=$(( $3 + 8 )) conv=notrunc 2>/dev/null' \
	sh "$TESTDATA/cross" "$T" "$(reloc_file_off "$TESTDATA/cross/x86_64-module.o" .rela__ex_table)"
t_ok "missing-reloc fires on x86_64" fires "$T/x.o" missing-reloc

t_ok "aarch64 object: a PREL32 made ABS64" sh -c '
	cp "$1/aarch64-module.o" "$2/b.o" &&
	printf "\001\001" | dd of="$2/b.o" bs=1 seek=$(( $3 + 8 )) conv=notrunc 2>/dev/null' \
	sh "$TESTDATA/cross" "$T" "$(reloc_file_off "$TESTDATA/cross/aarch64-module.o" .rela__ex_table)"
t_ok "bad-reloc fires on aarch64" fires "$T/b.o" bad-reloc

t_ok "mips64el object: the table 8 bytes longer" sh -c '
	cp "$1/mips64el-module.o" "$2/t.o" &&
	size=$(readelf -SW "$2/t.o" | sed -n "s/^ *\[ *[0-9]*\] __ex_table *[A-Z]* *[0-9a-f]* [0-9a-f]* \([0-9a-f]*\) .*/\1/p") &&
	printf "\\$(printf %03o $(( 0x$size + 8 )))" |
		dd of="$2/t.o" bs=1 seek=$3 conv=notrunc 2>/dev/null' \
	sh "$TESTDATA/cross" "$T" "$(shdr_off "$TESTDATA/cross/mips64el-module.o" __ex_table 32)"
t_ok "table-size fires on mips64el" fires "$T/t.o" table-size
t_done
