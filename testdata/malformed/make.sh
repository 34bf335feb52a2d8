#!/bin/bash
# make.sh - regenerate the hostile input files in this directory.
#
# Every file is made from tests/mkelf output or from a copy of a fixture
# in ../cross (read only), patched with elfpoke (elfpoke.c, built here
# into a scratch directory), head -c, printf and the usual compressors.
# The result is the same bytes on every run with the same mkelf and
# binutils (made with mkelf of 2026-11-26 and binutils 2.40).  NOTES, written by hand,
# says what each file is and what exsort and excheck should say about
# it; tests/hostile.sh runs them.
#
# Usage: ./make.sh [MKELF]
#   MKELF defaults to ../../_build/normal/tests/mkelf, else tests/mkelf
#   of a build in the source tree.  CC defaults to cc.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CROSS=$here/../cross

MKELF=${1:-}
if [ -z "$MKELF" ]; then
	for m in ../../_build/normal/tests/mkelf ../../tests/mkelf; do
		if [ -x "$m" ]; then
			MKELF=$m
			break
		fi
	done
fi
[ -n "$MKELF" ] && [ -x "$MKELF" ] ||
	{ echo "make.sh: no mkelf; build the tests first (make check) or name it" >&2; exit 1; }
MKELF=$(cd "$(dirname "$MKELF")" && pwd)/$(basename "$MKELF")
for tool in gzip xz bzip2 zstd; do
	command -v "$tool" >/dev/null ||
		{ echo "make.sh: missing $tool" >&2; exit 1; }
done

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
"${CC:-cc}" -std=gnu11 -O2 -o "$T/elfpoke" elfpoke.c
P=$T/elfpoke

# Remove what an earlier run made (everything NOTES names).
while read -r f _; do
	case $f in '#'* | '') continue ;; esac
	rm -f -- "$f"
done <NOTES

# ---------------------------------------------------------------- helpers

# new OUT SRC: a fresh copy to patch
new() { cp -- "$2" "$1"; chmod 644 "$1"; }
# cut OUT SRC N: the first N bytes of SRC
cut() { head -c "$3" -- "$2" >"$1"; chmod 644 "$1"; }
# get FILE ARGS...: an elfpoke read
get() { "$P" "$@"; }
# le32 V / le16 V: little-endian bytes on stdout
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
le16() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))"; }
# at FILE OFFSET: overwrite FILE from OFFSET with stdin
at() { dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

# ------------------------------------------------------------------ bases
# Four small vmlinux-like images, one per class and byte order, with an
# unsorted table and main_extable_sort_needed set: exsort sorts them and
# excheck finds nothing wrong.  Each patched copy below differs from its
# base only in what NOTES says.
"$MKELF" -m x86_64 -n 8 -o random -s 7 "$T/64le"	# rel12-data
"$MKELF" -m i386 -n 8 -o random -s 7 "$T/32le"		# rel12-data
"$MKELF" -m s390 -n 8 -o random -s 7 "$T/64be"		# rel12-typedata
"$MKELF" -m ppc -n 8 -o random -s 7 "$T/32be"		# rel8
# flag clear: an unsorted table is an excheck finding
"$MKELF" -m x86_64 -n 8 -o random -s 7 -f 0 "$T/64le-f0"
# objects with .rela__ex_table / .rel__ex_table
"$MKELF" -m x86_64 -t rel -n 8 -o random -s 7 "$T/o64le"
"$MKELF" -m i386 -t rel -n 8 -o random -s 7 "$T/o32le"
"$MKELF" -m s390 -t rel -n 8 -o random -s 7 "$T/o64be"
# a vmlinux linked --emit-relocs, and one with BTF
"$MKELF" -m x86_64 -n 8 -o random -s 7 --emit-relocs "$T/er64le"
"$MKELF" -m x86_64 -n 8 -o random -s 7 --btf "$T/btf64le"
"$MKELF" -m s390 -n 8 -o random -s 7 --btf "$T/btf64be"

# ------------------------------------------------------ not ELF at all
: >empty
chmod 644 empty
printf '\177ELF' >magic-only
printf '\177ELF\002\001\001' >ident-short
head -c 64 "$T/64le" >ehdr-only.64le
for i in $(seq 1 64); do echo "this is not an ELF file, line $i"; done >text-file
new class-bad.64le "$T/64le"
"$P" class-bad.64le ehdr class 3
new data-bad.64le "$T/64le"
"$P" data-bad.64le ehdr data 0
new class-flipped.64le "$T/64le"	# an ELF64 file that says ELF32
"$P" class-flipped.64le ehdr class 1

# ------------------------------------------ truncations at every boundary
for b in 64le 32le 64be 32be; do
	src=$T/$b
	size=$(wc -c <"$src")
	case $b in 64*) eh=64 ph=56 sh=64 ;; *) eh=52 ph=32 sh=40 ;; esac
	shoff=$("$P" "$src" ehdr shoff)
	cut trunc-in-ehdr.$b "$src" $((eh - 12))
	cut trunc-after-ehdr.$b "$src" $eh
	cut trunc-in-phdr.$b "$src" $((eh + ph / 2))
	cut trunc-in-shdr.$b "$src" $((shoff + 3 * sh + sh / 2))
	cut trunc-last-byte.$b "$src" $((size - 1))
	# headers intact, one section cut short
	tsz=$("$P" "$src" shdr __ex_table size)
	new trunc-in-extable.$b "$src"
	"$P" trunc-in-extable.$b cutsec __ex_table $((tsz / 2 + 2))
	case $b in 64*) se=24 ;; *) se=16 ;; esac
	new trunc-in-symtab.$b "$src"
	"$P" trunc-in-symtab.$b cutsec .symtab $((se * 5 + se / 2))
	new trunc-in-strtab.$b "$src"
	"$P" trunc-in-strtab.$b cutsec .strtab 5
done
cut trunc-in-text.64le "$T/64le" 4200
new trunc-in-rela.o "$T/o64le"
"$P" trunc-in-rela.o cutsec .rela__ex_table 40
new trunc-in-rel.32le.o "$T/o32le"
"$P" trunc-in-rel.32le.o cutsec .rel__ex_table 20
new trunc-in-rela.vmlinux "$T/er64le"
"$P" trunc-in-rela.vmlinux cutsec .rela__ex_table 40
new trunc-in-shstrtab.64be "$T/64be"
"$P" trunc-in-shstrtab.64be cutsec .shstrtab 12

# -------------------------------- offsets and sizes past the end of file
"$MKELF" -m x86_64 -n 8 -o random -s 7 --malform shoff-past-eof shoff-past-eof.64le
new shoff-wraps.64be "$T/64be"
"$P" shoff-wraps.64be ehdr shoff 0xfffffffffffffff0
new shoff-max.32le "$T/32le"
"$P" shoff-max.32le ehdr shoff 0xffffffff
new phoff-past-eof.64le "$T/64le"
"$P" phoff-past-eof.64le ehdr phoff 0x7fffffff0000
new phnum-huge.32be "$T/32be"
"$P" phnum-huge.32be ehdr phnum 0xffff
new phentsize-bad.64le "$T/64le"
"$P" phentsize-bad.64le ehdr phentsize 7
new shentsize-small.64le "$T/64le"
"$P" shentsize-small.64le ehdr shentsize 40
new shentsize-zero.32be "$T/32be"
"$P" shentsize-zero.32be ehdr shentsize 0
new shnum-huge.64le "$T/64le"
"$P" shnum-huge.64le ehdr shnum 60000
new shnum-zero-no-sec0.64le "$T/64le"	# e_shnum 0, sh_size of section 0 is 0
"$P" shnum-zero-no-sec0.64le ehdr shnum 0
new shnum-zero-sec0-past-eof.32le "$T/32le"
"$P" shnum-zero-sec0-past-eof.32le ehdr shnum 0
"$P" shnum-zero-sec0-past-eof.32le shdr 0 size 5000
new shnum-zero-sec0-overflow.64le "$T/64le"	# 64 * sh_size wraps to 64
"$P" shnum-zero-sec0-overflow.64le shdr 0 size 0x0400000000000001
"$P" shnum-zero-sec0-overflow.64le ehdr shnum 0
new shnum-zero-sec0-overflow.32le "$T/32le"	# 40 * sh_size wraps 32 bits
"$P" shnum-zero-sec0-overflow.32le shdr 0 size 0x6666667
"$P" shnum-zero-sec0-overflow.32le ehdr shnum 0
new no-section-headers.64le "$T/64le"
"$P" no-section-headers.64le ehdr shoff 0
"$P" no-section-headers.64le ehdr shnum 0
"$MKELF" -m x86_64 -n 8 -o random -s 7 --malform table-past-eof extable-past-eof.64le
new extable-offset-wraps.64le "$T/64le"
"$P" extable-offset-wraps.64le shdr __ex_table offset 0xfffffffffffffff8
new extable-size-wraps.64be "$T/64be"
"$P" extable-size-wraps.64be shdr __ex_table size 0xfffffffffffffff4
new extable-end-wraps.32le "$T/32le"
"$P" extable-end-wraps.32le shdr __ex_table size 0xfffffff4
new symtab-past-eof.32be "$T/32be"
"$P" symtab-past-eof.32be shdr .symtab offset 0x7ffffff0
new strtab-size-past-eof.64be "$T/64be"
"$P" strtab-size-past-eof.64be shdr .strtab size 0x100000
new shstrtab-past-eof.64le "$T/64le"
"$P" shstrtab-past-eof.64le shdr .shstrtab offset 0x10000000
# billions of entries: must be refused before anything is allocated
new huge-extable.64le "$T/64le"
"$P" huge-extable.64le shdr __ex_table size $((12 * 3000000000))
new huge-extable.32be "$T/32be"
"$P" huge-extable.32be shdr __ex_table size 0xfffffff8
new huge-symtab.64le "$T/64le"
"$P" huge-symtab.64le shdr .symtab size $((24 * 4000000000))
new huge-rela.o "$T/o64le"
"$P" huge-rela.o shdr .rela__ex_table size $((24 * 4000000000))

# --------------------------------------------- indices out of range
"$MKELF" -m x86_64 -n 8 -o random -s 7 --malform shlink-range symtab-link-range.64le
new symtab-link-self.32le "$T/32le"
"$P" symtab-link-self.32le shdr .symtab link "$("$P" "$T/32le" index .symtab)"
new symtab-link-text.64be "$T/64be"	# sh_link names .text, not a string table
"$P" symtab-link-text.64be shdr .symtab link 1
"$MKELF" -m x86_64 -n 8 -o random -s 7 --malform shstrndx-range shstrndx-range.64le
new shstrndx-text.32be "$T/32be"	# e_shstrndx names .text
"$P" shstrndx-text.32be ehdr shstrndx 1
new shstrndx-xindex-link-range.64le "$T/64le"
"$P" shstrndx-xindex-link-range.64le ehdr shstrndx 0xffff
"$P" shstrndx-xindex-link-range.64le shdr 0 link 4000
new shname-range.64le "$T/64le"
"$P" shname-range.64le shdr __ex_table name 0x7fffffff
new flag-shndx-range.64le "$T/64le"
"$P" flag-shndx-range.64le sym .symtab main_extable_sort_needed shndx 500
new flag-shndx-range.64le-f0 "$T/64le-f0"
"$P" flag-shndx-range.64le-f0 sym .symtab main_extable_sort_needed shndx 500
new flag-shndx-abs.32le "$T/32le"	# SHN_ABS: no section to clear it in
"$P" flag-shndx-abs.32le sym .symtab main_extable_sort_needed shndx 0xfff1
new flag-xindex-missing.64be "$T/64be"	# SHN_XINDEX, no .symtab_shndx
"$P" flag-xindex-missing.64be sym .symtab main_extable_sort_needed shndx 0xffff
new sym-xindex-missing.64le "$T/64le"	# another symbol: SHN_XINDEX
"$P" sym-xindex-missing.64le sym .symtab 2 shndx 0xffff
new flag-name-range.32be "$T/32be"
"$P" flag-name-range.32be sym .symtab main_extable_sort_needed name 0x7fffffff
new sym-name-range.64le-f0 "$T/64le-f0"	# every symbol's name offset past .strtab
nsym=$(( $("$P" "$T/64le-f0" shdr .symtab size) / 24 ))
for i in $(seq 1 $((nsym - 1))); do
	"$P" sym-name-range.64le-f0 sym .symtab "$i" name 0x7ffffff0
done
new flag-value-range.64le "$T/64le"	# flag outside its section
"$P" flag-value-range.64le sym .symtab main_extable_sort_needed value 0xffffffff8100f000
# a .symtab_shndx at an odd file offset: the SHN_XINDEX entries are misaligned
new symtab-shndx-odd.64le "$T/64le"
symtab=$("$P" "$T/64le" index .symtab)
"$P" symtab-shndx-odd.64le shdr .data type 18
"$P" symtab-shndx-odd.64le shdr .data link "$symtab"
"$P" symtab-shndx-odd.64le shdr .data entsize 4
"$P" symtab-shndx-odd.64le shdr .data offset $(( $("$P" "$T/64le" shdr .data offset) + 1 ))
"$P" symtab-shndx-odd.64le shdr .data size 60
"$P" symtab-shndx-odd.64le sym .symtab main_extable_sort_needed shndx 0xffff
dataoff=$("$P" "$T/64le" shdr .data offset)
initidx=$("$P" "$T/64le" sym .symtab main_extable_sort_needed shndx)
# the symbol's slot in .symtab_shndx: find the flag's index by name
fidx=""
for i in $(seq 1 $((nsym - 1))); do
	if [ "$("$P" "$T/64le" sym .symtab "$i" shndx)" = "$initidx" ] &&
	   [ "$("$P" "$T/64le" sym .symtab "$i" info)" = 17 ]; then
		fidx=$i
	fi
done
[ -n "$fidx" ] || { echo "make.sh: no flag symbol in the 64le base" >&2; exit 1; }
"$P" symtab-shndx-odd.64le u32 $((dataoff + 1 + 4 * fidx)) "$initidx"
# the same .symtab_shndx, aligned but one word long: too short for the flag
new symtab-shndx-short.64le symtab-shndx-odd.64le
"$P" symtab-shndx-short.64le shdr .data offset "$dataoff"
"$P" symtab-shndx-short.64le shdr .data size 4
new symtab-size-odd.64le "$T/64le"	# not a whole number of symbols
"$P" symtab-size-odd.64le shdr .symtab size $(( $("$P" "$T/64le" shdr .symtab size) - 7 ))
new shstrndx-zero.64be "$T/64be"
"$P" shstrndx-zero.64be ehdr shstrndx 0
"$MKELF" -m x86_64 -n 8 -o random -s 7 --malform symtab-entsize symtab-entsize.64le
new symtab-entsize-zero.32be "$T/32be"
"$P" symtab-entsize-zero.32be shdr .symtab entsize 0

# ------------------------------------------------ unterminated strings
"$MKELF" -m x86_64 -n 8 -o random -s 7 --malform strtab-unterminated strtab-unterminated.64le
new strtab-unterminated.32be "$T/32be"	# the last name loses its NUL
"$P" strtab-unterminated.32be shdr .strtab size $(( $("$P" "$T/32be" shdr .strtab size) - 1 ))
new shstrtab-unterminated.64le "$T/64le"
"$P" shstrtab-unterminated.64le shdr .shstrtab size $(( $("$P" "$T/64le" shdr .shstrtab size) - 1 ))

# ------------------------------------------------------- overlaps
t64=$("$P" "$T/64le" shdr __ex_table offset)
new overlap-extable-symtab.64le "$T/64le"
"$P" overlap-extable-symtab.64le shdr __ex_table offset "$("$P" "$T/64le" shdr .symtab offset)"
new overlap-extable-shdrs.64le "$T/64le"
"$P" overlap-extable-shdrs.64le shdr __ex_table offset "$("$P" "$T/64le" ehdr shoff)"
new overlap-extable-ehdr.32le "$T/32le"
"$P" overlap-extable-ehdr.32le shdr __ex_table offset 0
# .init.data (which holds the flag) laid over the table: clearing the flag
# would write four zero bytes into the sorted table
new overlap-flag-in-extable.64le "$T/64le"
"$P" overlap-flag-in-extable.64le shdr .init.data offset "$t64"
# the section header table laid over __ex_table (they share bytes)
new overlap-shdrs-extable.32be "$T/32be"
"$P" overlap-shdrs-extable.32be shdr __ex_table offset "$("$P" "$T/32be" ehdr shoff)"
"$P" overlap-shdrs-extable.32be shdr __ex_table size 64
# s390: .amode31.ex_table laid over the first entries of __ex_table
new overlap-amode31-extable.s390x "$CROSS/s390x-vmlinux"
"$P" overlap-amode31-extable.s390x shdr .amode31.ex_table offset $(( $("$P" "$CROSS/s390x-vmlinux" shdr __ex_table offset) + 24 ))
# the table's relocations laid over the table itself
new overlap-rela-extable.vmlinux "$T/er64le"
"$P" overlap-rela-extable.vmlinux shdr .rela__ex_table offset "$("$P" "$T/er64le" shdr __ex_table offset)"

# ------------------------------------------------------- SHT_NOBITS
new nobits-extable.64le "$T/64le"
"$P" nobits-extable.64le shdr __ex_table type 8
new nobits-extable.o "$T/o64le"
"$P" nobits-extable.o shdr __ex_table type 8
"$MKELF" -m x86_64 -n 8 -o random -s 7 -f 0 --malform flag-nobits flag-nobits.64le
new nobits-symtab-strtab.32le "$T/32le"
"$P" nobits-symtab-strtab.32le shdr .strtab type 8
new nobits-rela.o "$T/o64be"
"$P" nobits-rela.o shdr .rela__ex_table type 8

# ------------------------------------------- relocation sections (.o)
rself=$("$P" "$T/o64le" index .rela__ex_table)
new rela-info-self.o "$T/o64le"
"$P" rela-info-self.o shdr .rela__ex_table info "$rself"
new rela-link-self.o "$T/o64le"
"$P" rela-link-self.o shdr .rela__ex_table link "$rself"
new rela-info-range.o "$T/o64le"
"$P" rela-info-range.o shdr .rela__ex_table info 4000
new rela-link-range.o "$T/o64le"
"$P" rela-link-range.o shdr .rela__ex_table link 4000
new rela-sym-huge.o "$T/o64le"
"$P" rela-sym-huge.o rel .rela__ex_table 3 sym 0xffffffff
new rel-sym-huge.32le.o "$T/o32le"
"$P" rel-sym-huge.32le.o rel .rel__ex_table 2 sym 0xffffff
new rela-offset-range.o "$T/o64le"
"$P" rela-offset-range.o rel .rela__ex_table 5 offset 0xffffff00
new rela-offset-huge.64be.o "$T/o64be"
"$P" rela-offset-huge.64be.o rel .rela__ex_table 0 offset 0xfffffffffffffffc
new rela-entsize.o "$T/o64le"
"$P" rela-entsize.o shdr .rela__ex_table entsize 16
new rela-size-odd.o "$T/o64le"
"$P" rela-size-odd.o shdr .rela__ex_table size $(( $("$P" "$T/o64le" shdr .rela__ex_table size) - 5 ))
new rela-as-rel.o "$T/o64le"	# SHT_REL with RELA-sized records
"$P" rela-as-rel.o shdr .rela__ex_table type 9
new rela-sym-shndx-range.o "$T/o64le"	# the records' symbols in no section
for i in $(seq 1 $(( $("$P" "$T/o64le" shdr .symtab size) / 24 - 1 ))); do
	"$P" rela-sym-shndx-range.o sym .symtab "$i" shndx 3000
done
new rela-type-unknown.o "$T/o64le"	# a real finding: bad-reloc
"$P" rela-type-unknown.o rel .rela__ex_table 1 type 250
new rela-offset-range.vmlinux "$T/er64le"
"$P" rela-offset-range.vmlinux rel .rela__ex_table 5 offset 0x1234
new rela-info-self.vmlinux "$T/er64le"
"$P" rela-info-self.vmlinux shdr .rela__ex_table info "$("$P" "$T/er64le" index .rela__ex_table)"

# ------------------------------------------------------------ BTF
# btf FILE ID: the file offset of BTF type ID
btfoff() { "$P" "$1" btf | awk -v id="$2" '$1 == id { print $2 }'; }
btfid() { "$P" "$1" btf | awk -v n="$2" '$5 == n { print $1; exit }'; }
B=$T/btf64le
bo=$("$P" "$B" shdr .BTF offset)
bsz=$("$P" "$B" shdr .BTF size)
ete=$(btfoff "$B" "$(btfid "$B" exception_table_entry)")
new btf-magic.vmlinux "$B"
"$P" btf-magic.vmlinux u16 "$bo" 0x1234
new btf-version.vmlinux "$B"
"$P" btf-version.vmlinux u8 $((bo + 2)) 2
new btf-short.vmlinux "$B"
"$P" btf-short.vmlinux shdr .BTF size 20
new btf-hdr-len-small.vmlinux "$B"
"$P" btf-hdr-len-small.vmlinux u32 $((bo + 4)) 8
new btf-hdr-len-past-end.vmlinux "$B"
"$P" btf-hdr-len-past-end.vmlinux u32 $((bo + 4)) $((bsz + 4))
new btf-type-len-past-end.vmlinux "$B"
"$P" btf-type-len-past-end.vmlinux u32 $((bo + 12)) $((bsz))
new btf-type-off-huge.vmlinux "$B"
"$P" btf-type-off-huge.vmlinux u32 $((bo + 8)) 0xfffffff0
new btf-str-len-past-end.vmlinux "$B"
"$P" btf-str-len-past-end.vmlinux u32 $((bo + 20)) $((bsz))
new btf-str-off-wraps.vmlinux "$B"
"$P" btf-str-off-wraps.vmlinux u32 $((bo + 16)) 0xffffffff
new btf-type-len-partial.vmlinux "$B"	# the last record cut in half
"$P" btf-type-len-partial.vmlinux u32 $((bo + 12)) $(( $("$P" "$B" u32 $((bo + 12))) - 6 ))
new btf-vlen-huge.vmlinux "$B"
"$P" btf-vlen-huge.vmlinux u32 $((ete + 4)) $(( (4 << 24) | 0xffff ))
new btf-vlen-many.vmlinux "$B"	# 12 members: reads past the struct into the next record
"$P" btf-vlen-many.vmlinux u32 $((ete + 4)) $(( (4 << 24) | 12 ))
new btf-kind-unknown.vmlinux "$B"
"$P" btf-kind-unknown.vmlinux u32 $(( $(btfoff "$B" 10) + 4 )) $((31 << 24))
new btf-kind-zero.vmlinux "$B"
"$P" btf-kind-zero.vmlinux u32 $(( $(btfoff "$B" 10) + 4 )) 0
new btf-member-name-range.vmlinux "$B"
"$P" btf-member-name-range.vmlinux u32 $((ete + 12)) 0x7fffffff
new btf-member-type-range.vmlinux "$B"
"$P" btf-member-type-range.vmlinux u32 $((ete + 16)) 0x7fffffff
new btf-member-type-zero.vmlinux "$B"
"$P" btf-member-type-zero.vmlinux u32 $((ete + 16)) 0
# insn's type -> typedef u32 -> typedef extable_entry_t -> typedef u32 ...
u32=$(btfid "$B" u32)
eet=$(btfid "$B" extable_entry_t)
new btf-typedef-loop.vmlinux "$B"
"$P" btf-typedef-loop.vmlinux u32 $((ete + 16)) "$u32"
"$P" btf-typedef-loop.vmlinux u32 $(( $(btfoff "$B" "$u32") + 8 )) "$eet"
"$P" btf-typedef-loop.vmlinux u32 $(( $(btfoff "$B" "$eet") + 8 )) "$u32"
new btf-typedef-self.vmlinux "$B"
"$P" btf-typedef-self.vmlinux u32 $((ete + 16)) "$u32"
"$P" btf-typedef-self.vmlinux u32 $(( $(btfoff "$B" "$u32") + 8 )) "$u32"
# the last string loses its NUL, and a member is named by it
sl=$("$P" "$B" u32 $((bo + 20)))
new btf-str-unterminated.vmlinux "$B"
"$P" btf-str-unterminated.vmlinux u32 $((bo + 20)) $((sl - 1))
"$P" btf-str-unterminated.vmlinux u32 $((ete + 12 + 24)) $(( $("$P" "$B" u32 $(( $(btfoff "$B" "$eet") ))) ))
new btf-int-size-huge.vmlinux "$B"	# int is 0x7fffffff bytes
"$P" btf-int-size-huge.vmlinux u32 $(( $(btfoff "$B" 1) + 8 )) 0x7fffffff
new btf-struct-size-huge.64be.vmlinux "$T/btf64be"
"$P" btf-struct-size-huge.64be.vmlinux u32 $(( $(btfoff "$T/btf64be" "$(btfid "$T/btf64be" exception_table_entry)") + 8 )) 0xffffffff
new btf-past-eof.vmlinux "$B"
"$P" btf-past-eof.vmlinux shdr .BTF size $((bsz + 100000))
new btf-nobits.vmlinux "$B"
"$P" btf-nobits.vmlinux shdr .BTF type 8

# ------------------------------------------------------------ DWARF
D=$CROSS/x86_64-dwarf-vmlinux
di=$("$P" "$D" shdr .debug_info offset)
new dwarf-info-truncated.vmlinux "$D"	# .debug_info ends inside the unit
"$P" dwarf-info-truncated.vmlinux shdr .debug_info size 0x30
new dwarf-info-cut.vmlinux "$D"		# ... and the file ends there too
"$P" dwarf-info-cut.vmlinux cutsec .debug_info 0x30
new dwarf-info-past-eof.vmlinux "$D"
"$P" dwarf-info-past-eof.vmlinux shdr .debug_info offset 0x7ffffff0
new dwarf-unit-length-huge.vmlinux "$D"
"$P" dwarf-unit-length-huge.vmlinux u32 "$di" 0xfffffff0
new dwarf-abbrev-garbage.vmlinux "$D"
"$P" dwarf-abbrev-garbage.vmlinux shdr .debug_abbrev offset "$("$P" "$D" shdr .text offset)"
# the first member's DW_AT_type (ref4 at unit offset 0x29) outside the unit
new dwarf-member-ref-range.vmlinux "$D"
"$P" dwarf-member-ref-range.vmlinux u32 $((di + 0x29)) 0x7fff0000
# base type "int" (abbrev 4) turned into a typedef of itself: DW_TAG_typedef
# whose DW_AT_encoding slot becomes DW_AT_type ref1 pointing at the DIE
new dwarf-typedef-loop.vmlinux "$D"
ab=$("$P" "$D" find 0424000b0b3e0b03080000)
"$P" dwarf-typedef-loop.vmlinux u8 $((ab + 1)) 0x16
"$P" dwarf-typedef-loop.vmlinux u8 $((ab + 5)) 0x49
"$P" dwarf-typedef-loop.vmlinux u8 $((ab + 6)) 0x11
"$P" dwarf-typedef-loop.vmlinux u8 $((di + 0x48)) 0x46
new dwarf-str-range.vmlinux "$D"	# the struct's DW_AT_name (strp) past .debug_str
"$P" dwarf-str-range.vmlinux u32 $((di + 0x1a)) 0x7fffff00

# ------------------------------------------------- compressed modules
K=$CROSS/x86_64-module.ko
gzip -9 -n -c "$K" >"$T/k.gz"
xz -9 -c "$K" >"$T/k.xz"
bzip2 -9 -c "$K" >"$T/k.bz2"
zstd -q -19 -c "$K" >"$T/k.zst"
for z in gz xz bz2 zst; do
	n=$(wc -c <"$T/k.$z")
	cut cut-half.ko.$z "$T/k.$z" $((n / 2))
	cut cut-tail.ko.$z "$T/k.$z" $((n - 4))
done
cut cut-header.ko.gz "$T/k.gz" 5
new crc-bad.ko.xz "$T/k.xz"
n=$(wc -c <"$T/k.xz")
printf '\125' | at crc-bad.ko.xz $((n / 2))
new crc-bad.ko.gz "$T/k.gz"
n=$(wc -c <"$T/k.gz")
printf '\000\000\000\000' | at crc-bad.ko.gz $((n - 8))
gzip -9 -n -c text-file >not-elf.ko.gz
xz -c text-file >not-elf.ko.xz
zstd -q -c text-file >not-elf.ko.zst
bzip2 -c text-file >not-elf.ko.bz2
gzip -9 -n -c shoff-past-eof.64le >malformed-elf.ko.gz
xz -c trunc-in-symtab.64le >malformed-elf.ko.xz
printf '\002\041\114\030' >lz4.ko.lz4
cat text-file >>lz4.ko.lz4
: >"$T/zero"
gzip -n -c "$T/zero" >empty.ko.gz
chmod 644 ./*.ko.*

# -------------------------------------------------- x86 bzImage-like
# bzimage OUT PAYLOAD-FILE POFF PLEN [VERSION]: a 1024-byte setup (1
# setup sector + boot sector) with a HdrS header, then the payload
bzimage() {
	head -c 1024 /dev/zero >"$1"
	printf '\001' | at "$1" $((0x1f1))
	printf 'HdrS' | at "$1" $((0x202))
	le16 "${5:-0x20f}" | at "$1" $((0x206))
	le32 "$3" | at "$1" $((0x248))
	le32 "$4" | at "$1" $((0x24c))
	printf '\125\252' | at "$1" 510
	cat "$2" >>"$1"
	chmod 644 "$1"
}
gzip -9 -n -c "$CROSS/x86_64-vmlinux" >"$T/v.gz"
vsz=$(wc -c <"$T/v.gz")
bzimage bzimage-ok "$T/v.gz" 0 "$vsz"
bzimage bzimage-poff-past-eof "$T/v.gz" 0x7ffffff0 "$vsz"
bzimage bzimage-plen-past-eof "$T/v.gz" 0 $((vsz + 1))
bzimage bzimage-poff-wraps "$T/v.gz" 0xffffffff 0xffffffff
bzimage bzimage-payload-garbage text-file 0 "$(wc -c <text-file)"
head -c $((vsz / 2)) "$T/v.gz" >"$T/v.half"
bzimage bzimage-payload-cut "$T/v.half" 0 $((vsz / 2))
bzimage bzimage-payload-not-elf not-elf.ko.gz 0 "$(wc -c <not-elf.ko.gz)"
bzimage bzimage-old-protocol "$T/v.gz" 0 "$vsz" 0x207
bzimage bzimage-payload-empty "$T/v.gz" 0 0

# ------------------------------------------------- other header fields
new etype-core.64le "$T/64le"
"$P" etype-core.64le ehdr type 4
new etype-none.32be "$T/32be"
"$P" etype-none.32be ehdr type 0
new machine-sparc.32be "$T/32be"	# sparc32 tables must never be sorted
"$P" machine-sparc.32be ehdr machine 2
new extable-missing.64le "$T/64le"	# __ex_table renamed .ex_tablx
"$P" extable-missing.64le shdr __ex_table name $(( $("$P" "$T/64le" shdr __ex_table name) + 2 ))
new extable-empty.64le "$T/64le"
"$P" extable-empty.64le shdr __ex_table size 0
"$MKELF" -m x86_64 -n 12 -o random -s 7 -f 0 --malform table-not-multiple extable-not-multiple.64le
"$MKELF" -m x86_64 -n 8 -o random -s 7 -f 0 --malform insn-outside-text insn-outside-text.64le
"$MKELF" -m x86_64 -n 8 -o random -s 7 -f 0 --malform flag-offset-range flag-offset-range.64le
"$MKELF" -m x86_64 -n 8 -o random -s 7 -f 0 --malform huge-shnum huge-shnum.64le
new extable-compressed.64le "$T/64le"	# SHF_COMPRESSED, no Chdr
"$P" extable-compressed.64le shdr __ex_table flags $((0x802))
new text-huge-addr.64le "$T/64le"	# .text's addr + size wraps
"$P" text-huge-addr.64le shdr .text size 0xfffffffffffffff0

# ------------------------------------- control characters in names
# name_byte OUT SEC POS BYTE: byte POS of section SEC's name becomes BYTE
name_byte() {
	local so nm
	so=$("$P" "$1" shdr .shstrtab offset)
	nm=$("$P" "$1" shdr "$2" name)
	"$P" "$1" u8 $((so + nm + $3)) "$4"
}
new secname-newline-strtab.64le "$T/64le"	# ".st\ntab", past the end
"$P" secname-newline-strtab.64le shdr .strtab size 0x100000
name_byte secname-newline-strtab.64le .strtab 3 10
new secname-newline-flag.64le "$T/64le"	# the flag's section ".i\nit.data", NOBITS
"$P" secname-newline-flag.64le shdr .init.data type 8
name_byte secname-newline-flag.64le .init.data 2 10
new secname-newline-rela.o "$T/o64le"	# ".rela__ex\ntable", bad entsize
"$P" secname-newline-rela.o shdr .rela__ex_table entsize 16
name_byte secname-newline-rela.o .rela__ex_table 9 10
# an insn in .data, renamed ".d\033ta\n": a finding that names it
"$MKELF" -m x86_64 -n 8 -o random -s 7 -f 0 --malform insn-outside-text secname-newline-finding.64le
di=$("$P" secname-newline-finding.64le index .data)
name_byte secname-newline-finding.64le "$di" 2 27
name_byte secname-newline-finding.64le "$di" 4 10

# ---------------------------------------------------- ORC (x86-64)
# orc OUT SRC NIP NORC [HEADER]: SRC with .orc_unwind_ip of NIP descending
# self-relative words and .orc_unwind of NORC 6-byte entries (type 1),
# plus .orc_header HEADER (20 bytes) if given
orc() {
	local i args=()
	: >"$T/ip"
	for i in $(seq 1 "$3"); do le32 $((0x1000 - 0x40 * i)) >>"$T/ip"; done
	: >"$T/orc"
	for i in $(seq 1 "$4"); do printf '\010\000\000\000\001\001' >>"$T/orc"; done
	args=(--add-section ".orc_unwind_ip=$T/ip" --add-section ".orc_unwind=$T/orc")
	if [ -n "${5:-}" ]; then
		printf "$5" >"$T/hdr"
		args+=(--add-section ".orc_header=$T/hdr")
	fi
	x86_64-linux-gnu-objcopy "${args[@]}" "$2" "$1" 2>/dev/null ||
		objcopy "${args[@]}" "$2" "$1"
	chmod 644 "$1"
}
V3='\376\135\062\277\130\033\326\073\054\251\245\306\133\245\246\045\352\263\376\044'
orc orc-ok.64le "$T/64le" 6 6 "$V3"
orc orc-no-version.64le "$T/64le" 6 6
orc orc-header-unknown.64le "$T/64le" 6 6 'exsort hostile test!'
orc orc-header-short.64le "$T/64le" 6 6 'short'
orc orc-size-mismatch.64le "$T/64le" 6 5 "$V3"
orc orc-ip-past-eof.64le "$T/64le" 6 6 "$V3"
"$P" orc-ip-past-eof.64le shdr .orc_unwind_ip size $((4 * 2000000000))
orc orc-ip-nobits.64le "$T/64le" 6 6 "$V3"
"$P" orc-ip-nobits.64le shdr .orc_unwind_ip type 8
"$P" orc-ip-nobits.64le shdr .orc_unwind_ip size $((4 * 2000000000))
"$P" orc-ip-nobits.64le shdr .orc_unwind size $((6 * 2000000000))
"$P" orc-ip-nobits.64le shdr .orc_unwind type 8
# .orc_unwind_ip laid over __ex_table: both tables are sorted, in the same bytes
orc overlap-orc-extable.64le "$T/64le" 1 $(( $("$P" "$T/64le" shdr __ex_table size) / 4 )) "$V3"
for f in offset size addr; do
	"$P" overlap-orc-extable.64le shdr .orc_unwind_ip $f "$("$P" "$T/64le" shdr __ex_table $f)"
done
orc orc-ip-only.64le "$T/64le" 6 6 "$V3"
"$P" orc-ip-only.64le shdr .orc_unwind name "$("$P" orc-ip-only.64le shdr .data name)"

# ------------------------------------------------------ __mcount_loc
# mcount OUT SRC START-SEC:OFF STOP-SEC:OFF
mcount() {
	local oc=objcopy
	case $(get "$2" ehdr machine) in
	62) command -v x86_64-linux-gnu-objcopy >/dev/null && oc=x86_64-linux-gnu-objcopy ;;
	183) oc=aarch64-linux-gnu-objcopy ;;
	esac
	"$oc" --add-symbol "__start_mcount_loc=$3,global,object" \
		--add-symbol "__stop_mcount_loc=$4,global,object" "$2" "$1"
	chmod 644 "$1"
}
mcount mcount-ok.64le "$T/64le" .data:0 .data:64
mcount mcount-reversed.64le "$T/64le" .data:32 .data:16
mcount mcount-split.64le "$T/64le" .init.data:0 .data:16
mcount mcount-odd.64le "$T/64le" .data:0 .data:12
mcount mcount-past-section.64le "$T/64le" .data:0 .data:0x10000
# 3 billion words (32-bit: a billion) claimed by the two symbols
mcount mcount-billions.64le "$T/64le" .data:0 .data:8
"$P" mcount-billions.64le sym .symtab __start_mcount_loc value 0x1000
"$P" mcount-billions.64le sym .symtab __stop_mcount_loc value $((0x1000 + 8 * 3000000000))
mcount mcount-billions.32le "$T/32le" .data:0 .data:8
"$P" mcount-billions.32le sym .symtab __start_mcount_loc value 0x8
"$P" mcount-billions.32le sym .symtab __stop_mcount_loc value $((0x8 + 4 * 1000000000))
# the mcount words are the bytes of __ex_table: two sorts, one table
te=$(( $("$P" "$T/64le" shdr __ex_table size) ))
mcount overlap-mcount-extable.64le "$T/64le" __ex_table:0 __ex_table:$te
# arm64: words 0, values in R_AARCH64_RELATIVE addends; two records for
# the first slot and none for the second
mcount mcount-rela-dup.aarch64 "$CROSS/aarch64-dyn-vmlinux" .data:0 .data:16
"$P" mcount-rela-dup.aarch64 rel .rela.dyn 1 offset "$("$P" mcount-rela-dup.aarch64 rel .rela.dyn 0 offset)"
mcount mcount-rela-type.aarch64 "$CROSS/aarch64-dyn-vmlinux" .data:0 .data:16
"$P" mcount-rela-type.aarch64 rel .rela.dyn 1 type 257
mcount mcount-rela-missing.aarch64 "$CROSS/aarch64-dyn-vmlinux" .data:0 .data:16
"$P" mcount-rela-missing.aarch64 rel .rela.dyn 1 offset 0

# ------------------------------------------------------------ more
# s390x: __ex_table fine, .amode31.ex_table runs past the end of the file
new amode31-past-eof.s390x "$CROSS/s390x-vmlinux"
"$P" amode31-past-eof.s390x shdr .amode31.ex_table size 0x100000
new extable-addr-wraps.64le "$T/64le"	# entry addresses wrap past 2^64
"$P" extable-addr-wraps.64le shdr __ex_table addr 0xffffffffffffffe0

# Every file NOTES names must exist now, and nothing else.
missing=0
while read -r f _; do
	case $f in '#'* | '') continue ;; esac
	[ -e "$f" ] || { echo "make.sh: NOTES names $f, which was not made" >&2; missing=1; }
done <NOTES
for f in *; do
	case $f in NOTES | make.sh | elfpoke.c) continue ;; esac
	grep -q "^$f " NOTES ||
		{ echo "make.sh: $f is not in NOTES" >&2; missing=1; }
done
exit $missing
