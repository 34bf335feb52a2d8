#!/bin/sh
# exsort on synthetic images from tests/mkelf for every machine, class,
# byte order and layout: the result is exactly the stable sort of the
# input by (insn, fixup), computed here from mkelf's independent dump;
# only the table and flag bytes change; a second run changes nothing.
. "${top_srcdir:-.}/tests/lib.sh"

# where FILE LAYOUT: sets t_off t_size f_off from mkelf --where
where()
{
	set -- $("$MKELF" --where -l "$2" "$1" | tr '\n' ' ')
	t_off=$2 t_size=$3 f_off=$6
}

# only_changed ORIG NEW: bytes differ only inside the table and the flag
only_changed()
{
	cmp -l "$1" "$2" | awk -v t0="$t_off" -v t1="$((t_off + t_size))" \
		-v f0="${f_off:-0}" -v f1="$(( ${f_off:-0} + 4 ))" '
		{ o = $1 - 1; if (!((o >= t0 && o < t1) || (o >= f0 && o < f1))) { bad++; print "byte " o " changed" } }
		END { exit bad > 0 }'
}

flag_is_zero()
{
	[ "$(od -An -tx1 -j "$f_off" -N4 "$1" | tr -d ' \n')" = 00000000 ]
}

# sort_case LAYOUT MKELF-OPTIONS...: the properties above
sort_case()
{
	local l=$1
	shift
	"$MKELF" -l "$l" "$@" "$T/orig" || return 1
	cp "$T/orig" "$T/new"
	run_rc 0 "$EXSORT" "$T/new" || return 1
	lines "$T/stdout" 0 && lines "$T/stderr" 0 || return 1
	"$MKELF" --dump -l "$l" "$T/orig" | sort -s -k1,1 -k2,2 >"$T/want"
	"$MKELF" --dump -l "$l" "$T/new" >"$T/got"
	diff -u "$T/want" "$T/got" || return 1
	where "$T/orig" "$l"
	only_changed "$T/orig" "$T/new" && flag_is_zero "$T/new" || return 1
	cp "$T/new" "$T/again"
	run_rc 0 "$EXSORT" "$T/again" && cmp "$T/new" "$T/again" || return 1
	run_rc 0 "$EXSORT" --check "$T/new"
}

# machine class endian layouts...
while read -r m c e layouts; do
	for l in $layouts; do
		for o in random dups reverse; do
			t_ok "$m ELF$c $e $l $o" sort_case "$l" -m "$m" -c "$c" -e "$e" \
				-o "$o" -n 61 -s 7
		done
	done
done <<'EOF_MATRIX'
x86_64 64 le rel12-data rel12-handler rel8 abs64
i386 32 le rel12-data rel12-handler rel8 abs32
aarch64 64 le rel12-typedata rel8 abs64
aarch64 64 be rel12-typedata rel8
s390 64 be rel12-typedata rel16-handler rel8
riscv 64 le rel12-typedata abs64
riscv 32 le rel12-typedata abs32
loongarch 64 le rel12-typedata abs64
ppc64 64 le rel8 abs64
ppc64 64 be rel8
ppc 32 be rel8 abs32
parisc 32 be rel12-opcode rel8 abs32
parisc 64 be rel12-opcode
mips 32 le abs32
mips 32 be abs32
mips 64 le abs64
mips 64 be abs64
sparcv9 64 be abs32
alpha 64 le alpha-rel8
ia64 64 le rel8
arm 32 le abs32
arm 32 be abs32
microblaze 32 be abs32
xtensa 32 le abs32
arc 32 le abs32
sh 32 le abs32
m68k 32 be abs32
EOF_MATRIX

t_ok "ET_DYN image" sort_case rel12-typedata -m aarch64 -t dyn -o random -n 40
t_ok "empty table" sort_case rel12-data -m x86_64 -n 0
t_ok "one entry" sort_case rel12-data -m x86_64 -n 1
t_ok "100,000 entries" sort_case rel12-data -m x86_64 -o dups -n 100000 -s 3
t_ok "flag behind SHN_XINDEX among 65,280+ sections" \
	sort_case rel12-data -m x86_64 -o random -n 50 --many-sections
t_ok "layout from BTF (big-endian)" sh -c '
	"$1" -m s390 -l rel16-handler --btf -o random "$2/b" &&
	"$3" -v "$2/b" | grep -q "layout rel16-handler (BTF)"' sh "$MKELF" "$T" "$EXSORT"
t_ok "layout from --layout" sh -c '
	"$1" -m x86_64 -o random "$2/b" &&
	"$3" -v --layout=rel12-data "$2/b" | grep -q "layout rel12-data (--layout)"' sh "$MKELF" "$T" "$EXSORT"

sorted_untouched()
{
	"$MKELF" -m x86_64 -o sorted -f 0 -n 30 "$T/s" &&
	touch -d "2001-01-01 00:00:00" "$T/s" && cp -p "$T/s" "$T/s0" &&
	run_rc 0 "$EXSORT" -v "$T/s" &&
	grep -q "__ex_table: 30 entries, .*, 0 moved$" "$T/stdout" &&
	grep -q "main_extable_sort_needed already clear$" "$T/stdout" &&
	grep -q ": nothing to write$" "$T/stdout" &&
	cmp "$T/s" "$T/s0" && [ "$(stat -c %Y "$T/s")" = "$(stat -c %Y "$T/s0")" ]
}
t_ok "a sorted table with the flag clear is not written" sorted_untouched

flag_only()
{
	"$MKELF" -m aarch64 -o sorted -f 1 -n 30 "$T/s" && cp "$T/s" "$T/s0" &&
	run_rc 0 "$EXSORT" -v "$T/s" && grep -q ", 0 moved$" "$T/stdout" &&
	grep -q "main_extable_sort_needed cleared$" "$T/stdout" &&
	where "$T/s0" rel12-typedata &&
	[ "$(cmp -l "$T/s0" "$T/s" | awk -v f="$f_off" '$1 - 1 < f || $1 - 1 >= f + 4' | wc -l)" = 0 ] &&
	flag_is_zero "$T/s"
}
t_ok "a sorted table with the flag set: only the flag is written" flag_only

check_mode()
{
	"$MKELF" -m x86_64 -o random -n 20 "$T/c" && cp "$T/c" "$T/c0" &&
	run_rc 1 "$EXSORT" --check "$T/c" &&
	same_text "$T/stdout" "$T/c: __ex_table is not sorted" && cmp "$T/c" "$T/c0" &&
	"$MKELF" -m x86_64 -o sorted -f 1 -n 20 "$T/d" &&
	run_rc 1 "$EXSORT" --check "$T/d" &&
	same_text "$T/stdout" "$T/d: main_extable_sort_needed is set"
}
t_ok "--check exits 1 and names the work, writing nothing" check_mode

output_mode()
{
	"$MKELF" -m riscv -o random -n 25 "$T/i" && chmod 640 "$T/i" &&
	cp -p "$T/i" "$T/i0" && run_rc 0 "$EXSORT" -o "$T/out" "$T/i" &&
	cmp "$T/i" "$T/i0" && [ "$(stat -c %a "$T/out")" = 640 ] &&
	cp "$T/i" "$T/j" && "$EXSORT" "$T/j" && cmp "$T/j" "$T/out" &&
	[ -z "$(find "$T" -name '.out.*')" ]
}
t_ok "-o writes a sorted copy with the input's mode, input unchanged" output_mode

deterministic()
{
	"$MKELF" -m x86_64 -o dups -n 500 -s 11 "$T/x" &&
	"$EXSORT" -o "$T/x1" "$T/x" && "$EXSORT" -o "$T/x2" "$T/x" &&
	cmp "$T/x1" "$T/x2" &&
	"$MKELF" --shuffle 5 -l rel12-data "$T/x1" && "$EXSORT" "$T/x1" &&
	cmp "$T/x1" "$T/x2"
}
t_ok "same bytes from any input order of the same entries" deterministic

no_flag()
{
	"$MKELF" -m x86_64 -o random -f none -n 10 "$T/n" && cp "$T/n" "$T/n0" &&
	run_rc 2 "$EXSORT" "$T/n" &&
	same_text "$T/stderr" "exsort: $T/n: no main_extable_sort_needed symbol; use --no-flag to sort without clearing it" &&
	cmp "$T/n" "$T/n0" && run_rc 0 "$EXSORT" --no-flag "$T/n" &&
	run_rc 0 "$EXSORT" --check --no-flag "$T/n"
}
t_ok "no flag symbol: an error unless --no-flag" no_flag

# 8-byte entries read 12 at a time look like handler entries, and
# without a symbol table nothing tells them apart
ambiguous()
{
	"$MKELF" -m x86_64 -l rel8 -o random -n 6 "$T/a1" &&
	objcopy --strip-all "$T/a1" "$T/a" && cp "$T/a" "$T/a0" &&
	run_rc 2 "$EXSORT" "$T/a" &&
	same_text "$T/stderr" "exsort: $T/a: __ex_table: layout is ambiguous: rel8, rel12-handler all fit; name one with --layout" &&
	cmp "$T/a" "$T/a0" && run_rc 0 "$EXSORT" --no-flag --layout=rel8 "$T/a"
}

symbols_decide()
{
	"$MKELF" -m x86_64 -l rel8 -o random -n 6 "$T/b" &&
	run_rc 0 "$EXSORT" -v "$T/b" && grep -q "layout rel8 (contents)" "$T/stdout"
}
t_ok "a symbol table tells handlers from 8-byte entries" symbols_decide
t_ok "two layouts fit: stop and name them" ambiguous

refused()
{
	"$MKELF" -m x86_64 -t rel -n 5 "$T/r.o" &&
	run_rc 2 "$EXSORT" "$T/r.o" &&
	grep -q "relocatable object: the kernel sorts a module's table when it loads it" "$T/stderr" &&
	"$MKELF" -m sparc -o random -n 5 "$T/sp" && run_rc 2 "$EXSORT" "$T/sp" &&
	grep -q "range pairs" "$T/stderr"
}
t_ok "objects and sparc32 images are refused" refused

several_files()
{
	"$MKELF" -m x86_64 -o random "$T/f1" && "$MKELF" -m aarch64 -o random "$T/f2" &&
	: >"$T/f3" && run_rc 2 "$EXSORT" "$T/f1" "$T/f3" "$T/f2" &&
	lines "$T/stderr" 1 && "$EXSORT" --check "$T/f1" "$T/f2"
}
t_ok "trouble with one file does not stop the others" several_files
# Found by fuzzing: an nm listing with no text symbols sorted a NULL array
t_ok "fuzz: -s with an empty listing" sh -c '"$1" -m x86_64 -n 10 -o random "$2" &&
	"$3" --check -s /dev/null "$2" >/dev/null; [ $? = 1 ]' sh "$MKELF" "$T/e" "$EXSORT"
t_done
