#!/bin/sh
# Images linked with --emit-relocs keep the table's relocation section.
# update (default): every record still points at its field and, in RELA,
# S + A is still what the field decodes to (checked by mkelf); keep:
# the section is untouched; zero: it is cleared.
. "${top_srcdir:-.}/tests/lib.sh"

# relocs_where FILE LAYOUT: sets r_off r_size
relocs_where()
{
	set -- $("$MKELF" --where -l "$2" "$1" | grep '^relocs')
	r_off=$2 r_size=$3
}

region() { od -An -tx1 -v -j "$2" -N "$3" "$1"; }

update()
{
	"$MKELF" -m "$1" -l "$2" -c "$3" -o dups -n 81 -s 4 --emit-relocs "$T/r" &&
	"$MKELF" --check-relocs -l "$2" "$T/r" >/dev/null &&
	run_rc 0 "$EXSORT" -v "$T/r" && grep -q "relocations\|rel.*__ex_table updated" "$T/stdout" &&
	"$MKELF" --check-relocs -l "$2" "$T/r"
}

while read -r m l c; do
	t_ok "update keeps $m $l records true" update "$m" "$l" "$c"
done <<'EOF_CASES'
x86_64 rel12-data 64
x86_64 rel12-handler 64
i386 rel12-data 32
aarch64 rel12-typedata 64
s390 rel16-handler 64
ppc64 rel8 64
mips abs64 64
mips abs32 32
arm abs32 32
riscv rel12-typedata 64
EOF_CASES

keep()
{
	"$MKELF" -m x86_64 -o random -n 40 --emit-relocs "$T/k" && cp "$T/k" "$T/k0" &&
	relocs_where "$T/k" rel12-data &&
	run_rc 0 "$EXSORT" -v --relocs=keep "$T/k" && grep -q "left stale" "$T/stdout" &&
	[ "$(region "$T/k" "$r_off" "$r_size")" = "$(region "$T/k0" "$r_off" "$r_size")" ] &&
	! "$MKELF" --check-relocs -l rel12-data "$T/k" >/dev/null
}
t_ok "keep leaves the records as they were (and stale)" keep

zero()
{
	"$MKELF" -m x86_64 -o random -n 40 --emit-relocs "$T/z" &&
	relocs_where "$T/z" rel12-data &&
	run_rc 0 "$EXSORT" --relocs=zero "$T/z" &&
	[ -z "$(region "$T/z" "$r_off" "$r_size" | tr -d ' 0\n')" ]
}
t_ok "zero clears the section" zero

unmoved()
{
	"$MKELF" -m x86_64 -o sorted -f 0 -n 40 --emit-relocs "$T/u" && cp "$T/u" "$T/u0" &&
	run_rc 0 "$EXSORT" --relocs=zero "$T/u" && cmp "$T/u" "$T/u0"
}
t_ok "nothing moved: the records are left alone in every mode" unmoved

stray()
{
	"$MKELF" -m x86_64 -o random -n 40 --emit-relocs "$T/s" &&
	relocs_where "$T/s" rel12-data &&
	printf '\000\000\000\000\000\000\000\000' |
		dd of="$T/s" bs=1 seek="$r_off" conv=notrunc 2>/dev/null &&
	cp "$T/s" "$T/s0" && run_rc 2 "$EXSORT" "$T/s" &&
	same_text "$T/stderr" "exsort: $T/s: .rela__ex_table: record 0 (offset 0x0) is not in __ex_table; use --relocs=keep or --relocs=zero" &&
	cmp "$T/s" "$T/s0" && run_rc 0 "$EXSORT" --relocs=keep "$T/s"
}
t_ok "a record outside the table stops update, file unchanged" stray
t_done
