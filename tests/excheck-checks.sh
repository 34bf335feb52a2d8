#!/bin/sh
# Each check fires on a file made to break it, with the message and
# exit status the man page promises, and stays quiet on a clean file.
. "${top_srcdir:-.}/tests/lib.sh"

# finds FILE CHECK SEVERITY RC [EXCHECK-OPTIONS]: exactly one finding,
# of CHECK at SEVERITY, and exit status RC
finds()
{
	local f=$1 check=$2 sev=$3 rc=$4
	shift 4
	run_rc "$rc" "$EXCHECK" "$@" "$f" || return 1
	grep -v '\[-Wduplicate\]$' "$T/stdout" >"$T/found"
	lines "$T/found" 1 && lines "$T/stderr" 0 &&
	grep -q ": $sev: .* \[-W$check\]$" "$T/found" || { cat "$T/found"; return 1; }
}

clean()
{
	run_rc 0 "$EXCHECK" "$@" && lines "$T/stdout" 0 && lines "$T/stderr" 0
}

# symbol value from readelf
symval() { readelf -sW "$1" | awk -v n="$2" '$8 == n { print "0x" $2; exit }'; }
# section address from readelf
secaddr() { readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' | awk -v n="$2" '$1 == n { print "0x" $3; exit }'; }

t_ok "a clean x86-64 image" sh -c '"$1" -m x86_64 -o sorted -f 0 -n 40 "$2"' sh "$MKELF" "$T/clean"
t_ok "stays quiet on it" clean "$T/clean"
for m in aarch64 s390 riscv loongarch ppc64 parisc mips arm i386; do
	t_ok "a clean $m image and object" sh -c '"$1" -m "$2" -o sorted -f 0 -n 30 "$3" &&
		"$1" -m "$2" -t rel -o random -n 30 "$3.o"' sh "$MKELF" "$m" "$T/$m"
	t_ok "stays quiet on $m" clean "$T/$m" "$T/$m.o"
done

t_ok "table-size: size not a whole number of entries" sh -c '
	"$1" -m x86_64 -n 12 --malform table-not-multiple "$2"' sh "$MKELF" "$T/ts"
t_ok "table-size fires" finds "$T/ts" table-size error 1
t_ok "table-size names the layout with --layout" finds "$T/ts" table-size error 1 --layout=rel12-data

t_ok "insn-range: an insn in .data" sh -c '
	"$1" -m x86_64 -o sorted -f 0 -n 12 --malform insn-outside-text "$2"' sh "$MKELF" "$T/ir"
t_ok "insn-range fires and names .data" finds "$T/ir" insn-range error 1
t_ok "insn-range message" grep -q "insn 0x[0-9a-f]* (.*) is not in an executable section (.data)" "$T/found"

fixup_data()
{
	cp "$T/clean" "$T/fr" &&
	"$MKELF" --set-field "3,1,$(symval "$T/fr" main_extable_sort_needed)" -l rel12-data "$T/fr"
}
t_ok "fixup-range: a fixup on the flag variable" fixup_data
t_ok "fixup-range fires" finds "$T/fr" fixup-range error 1
t_ok "fixup-range message" grep -q "fixup 0x[0-9a-f]* (main_extable_sort_needed+0x0) is not in an executable section (.init.data)" "$T/found"

alt()
{
	cp "$TESTDATA/cross/x86_64-vmlinux" "$T/alt" &&
	"$MKELF" --set-field "4,1,$(secaddr "$T/alt" .altinstr_replacement)" -l rel12-data "$T/alt"
}
t_ok "altinstr: a fixup in .altinstr_replacement" alt
t_ok "altinstr fires" finds "$T/alt" altinstr error 1 -Wno-duplicate

exit_text()
{
	# .init.text and .exit.text have names of the same length
	perl -0777 -pe 's/\.init\.text\0/.exit.text\0/' "$TESTDATA/cross/x86_64-vmlinux" >"$T/ex" &&
	readelf -SW "$T/ex" | grep -q '\.exit\.text'
}
t_ok "discarded: an entry in .exit.text" exit_text
t_ok "discarded fires as a warning, exit 0" finds "$T/ex" discarded warning 0
t_ok "-Werror=discarded makes it an error" finds "$T/ex" discarded error 1 -Werror=discarded
t_ok "-Werror then -Wno-error=discarded keeps it a warning" \
	finds "$T/ex" discarded warning 0 -Werror -Wno-error=discarded -Wno-duplicate
t_ok "-Wno-discarded silences it" clean -Wno-discarded -Wno-duplicate "$T/ex"

t_ok "unsorted: flag clear" sh -c '"$1" -m x86_64 -o random -f 0 -n 20 "$2"' sh "$MKELF" "$T/us"
t_ok "unsorted fires" finds "$T/us" unsorted error 1
t_ok "unsorted message" grep -q "not sorted: [0-9]* entries out of order, the first at index [0-9]*, and main_extable_sort_needed is clear" "$T/found"
t_ok "unsorted: flag set" sh -c '"$1" -m x86_64 -o random -f 1 -n 20 "$2"' sh "$MKELF" "$T/us1"
t_ok "flag set: quiet, a note with -v" sh -c '"$1" "$2" >"$3/o" && [ ! -s "$3/o" ] &&
	"$1" -v "$2" | grep -q "note: not sorted (.*main_extable_sort_needed is set" ' sh "$EXCHECK" "$T/us1" "$T"
t_ok "unsorted: no symbol table" sh -c '"$1" -m x86_64 -o random -n 20 "$2.full" &&
	objcopy --strip-all "$2.full" "$2"' sh "$MKELF" "$T/us2"
t_ok "no flag to say the kernel sorts: an error" finds "$T/us2" unsorted error 1

t_ok "duplicate: two entries for one insn" sh -c '"$1" -m aarch64 -o dups -f 1 -n 8 "$2"' sh "$MKELF" "$T/dup"
t_ok "duplicate fires as a warning" sh -c '"$1" "$2" >"$3/o"; [ $? = 0 ] &&
	grep -q "warning: insn 0x[0-9a-f]* (.*) already has entry [0-9]* \[-Wduplicate\]" "$3/o"' sh "$EXCHECK" "$T/dup" "$T"
t_ok "-Werror turns it into exit 1" sh -c '"$1" -Werror "$2" >/dev/null; [ $? = 1 ]' sh "$EXCHECK" "$T/dup"

bad_type()
{
	cp "$T/clean" "$T/bt" && "$MKELF" --set-field 5,2,99 -l rel12-data "$T/bt"
}
t_ok "bad-type: x86 type 99" bad_type
t_ok "bad-type fires" finds "$T/bt" bad-type error 1
t_ok "bad-type message" grep -q "__ex_table\[5\]: error: type 99 is not a known x86-64 exception type (1-22, newest numbering)" "$T/found"
x86_flags()
{
	cp "$T/clean" "$T/bf" && "$MKELF" --set-field 2,2,0x9003 -l rel12-data "$T/bf"
}
t_ok "bad-type: x86 flags 9" x86_flags
t_ok "bad-type fires on flags" finds "$T/bf" bad-type error 1
a64_type()
{
	"$MKELF" -m aarch64 -o sorted -f 0 -n 10 "$T/ba" &&
	"$MKELF" --set-field 1,2,0x03ff0009 -l rel12-typedata "$T/ba"
}
t_ok "bad-type: arm64 type 9" a64_type
t_ok "bad-type fires on arm64" finds "$T/ba" bad-type error 1
t_ok "type 0 (NONE) is never valid" sh -c 'cp "$1/ba" "$1/b0" &&
	"$2" --set-field 1,2,0x03ff0000 -l rel12-typedata "$1/b0"' sh "$T" "$MKELF"
t_ok "bad-type fires on type 0" finds "$T/b0" bad-type error 1
# add_low 0xADDR N: ADDR + N, in shell arithmetic that is only 64-bit
# signed, by adding to the low 32 bits (no carry out of them here)
add_low()
{
	local hi=${1%????????}
	printf '%s%08x' "$hi" $(( 0x${1#"$hi"} + $2 ))
}

handler()
{
	cp "$TESTDATA/cross/x86_64-4.19-vmlinux" "$T/bh" &&
	"$MKELF" --set-field "2,2,$(symval "$T/bh" fx_get_user)" -l rel12-handler "$T/bh" &&
	"$MKELF" --set-field "3,2,$(add_low "$(symval "$T/bh" fx_get_user)" 4)" -l rel12-handler "$T/bh"
}
t_ok "bad-type: handlers not at a function start" handler
t_ok "only the one inside a function fires" finds "$T/bh" bad-type error 1 -Wno-duplicate
t_ok "bad-type handler message" sh -c 'grep -q "__ex_table\\[3\\]: error: handler 0x[0-9a-f]* (fx_get_user+0x4) is not a function" "$1"' sh "$T/found"
t_ok "bad-type: parisc err_opcode" sh -c '"$1" -m parisc -o sorted -f 0 -n 6 "$2" &&
	"$1" --set-field 2,2,0x12345678 -l rel12-opcode "$2"' sh "$MKELF" "$T/bp"
t_ok "bad-type fires on parisc" finds "$T/bp" bad-type error 1

# relocs_where FILE: r_off of the relocation section
reloc_off() { "$MKELF" --where -l rel12-data "$1" | awk '$1 == "relocs" { print $2 }'; }
# set_rtype FILE RECORD TYPE: x86-64 RELA r_info type (low word of r_info)
set_rtype()
{
	printf "\\$(printf %03o "$3")" |
		dd of="$1" bs=1 seek="$(( $(reloc_off "$1") + 24 * $2 + 8 ))" conv=notrunc 2>/dev/null
}
t_ok "missing-reloc: a record made R_X86_64_NONE" sh -c '
	"$1" -m x86_64 -t rel -o random -n 10 "$2"' sh "$MKELF" "$T/mr.o"
t_ok "a clean object first" clean "$T/mr.o"
t_ok "drop the record" set_rtype "$T/mr.o" 5 0
t_ok "missing-reloc fires" finds "$T/mr.o" missing-reloc error 1
t_ok "bad-reloc: a record made R_X86_64_64" sh -c 'cp "$1/mr.o.orig" "$1/br.o" 2>/dev/null ||
	"$2" -m x86_64 -t rel -o random -n 10 "$1/br.o"' sh "$T" "$MKELF"
t_ok "change its type" set_rtype "$T/br.o" 2 1
t_ok "bad-reloc fires" finds "$T/br.o" bad-reloc error 1

t_ok "misaligned: arm64 insns on 2-byte boundaries" sh -c '
	"$1" -m aarch64 -o sorted -f 0 -n 4 --insn-align 2 "$2"' sh "$MKELF" "$T/ma"
t_ok "misaligned fires as warnings" sh -c '"$1" "$2" >"$3/o"; [ $? = 0 ] &&
	grep -q "warning: insn 0x[0-9a-f]* (.*) is not on a 4-byte instruction boundary \[-Wmisaligned\]" "$3/o"' \
	sh "$EXCHECK" "$T/ma" "$T"

json()
{
	"$EXCHECK" --format=json "$T/bt" "$T/clean" "$T/nonexistent" >"$T/j.json" 2>/dev/null
	[ $? = 2 ] || return 1
	if command -v jq >/dev/null; then
		[ "$(jq -r '.excheck' "$T/j.json")" = 1 ] &&
		[ "$(jq -r '.files[0].tables[0].findings[0].check' "$T/j.json")" = bad-type ] &&
		[ "$(jq -r '.files[0].tables[0].counts["bad-type"]' "$T/j.json")" = 1 ] &&
		[ "$(jq -r '.files[0].tables[0].layout' "$T/j.json")" = rel12-data ] &&
		[ "$(jq -r '.files[1].status' "$T/j.json")" = 0 ] &&
		[ "$(jq -r '.files[2].error' "$T/j.json")" != null ]
	else
		python3 -m json.tool "$T/j.json" >/dev/null
	fi
}
t_ok "--format=json is one valid document with findings and trouble" json
t_done
