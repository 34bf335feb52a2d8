#!/bin/sh
# Broken files: excheck exits 2 with one line "excheck: FILE: reason" on
# stderr and nothing on stdout, and goes on with the other files; where
# the file is well-formed and the fault is in the table, it is a finding.
. "${top_srcdir:-.}/tests/lib.sh"

trouble()
{
	run_rc 2 "$EXCHECK" "$1" && lines "$T/stderr" 1 && lines "$T/stdout" 0 &&
	grep -q "^excheck: $1: " "$T/stderr"
}

finding()
{
	run_rc 1 "$EXCHECK" "$1" && lines "$T/stderr" 0 &&
	grep -q "\[-W$2\]$" "$T/stdout"
}

while read -r kind want check; do
	t_ok "malformed: $kind" "$MKELF" -m x86_64 -o random -f 0 -n 12 --malform "$kind" "$T/$kind"
	if [ "$want" = trouble ]; then
		t_ok "excheck: $kind is trouble" trouble "$T/$kind"
	else
		t_ok "excheck: $kind is a $check finding" finding "$T/$kind" "$check"
	fi
done <<'EOF_KINDS'
shoff-past-eof trouble
table-not-multiple finding table-size
shlink-range trouble
strtab-unterminated finding unsorted
flag-nobits finding unsorted
table-past-eof trouble
shstrndx-range trouble
symtab-entsize trouble
flag-offset-range finding unsorted
insn-outside-text finding insn-range
xindex-missing trouble
huge-shnum trouble
EOF_KINDS

truncations()
{
	local size bad=0
	"$MKELF" -m s390 -t rel -o random -n 20 "$T/full.o" || return 1
	size=$(wc -c <"$T/full.o")
	for cut in 1 4 16 52 63 64 65 100 $(seq 128 89 "$size") $((size - 1)); do
		head -c "$cut" "$T/full.o" >"$T/cut.o"
		trouble "$T/cut.o" || { echo "cut at $cut"; bad=1; }
	done
	[ $bad = 0 ]
}
t_ok "truncated objects are trouble, never a crash" truncations

others_go_on()
{
	head -c 100 /dev/urandom >"$T/junk.ko" &&
	run_rc 2 "$EXCHECK" "$T/junk.ko" "$TESTDATA/cross/x86_64-module.o" &&
	lines "$T/stderr" 1 && grep -q "already has entry" "$T/stdout"
}
t_ok "trouble in one file does not stop the next" others_go_on

bomb()
{
	head -c 200000000 /dev/zero | gzip -c >"$T/bomb.ko.gz" &&
	run_rc 2 "$EXCHECK" "$T/bomb.ko.gz" &&
	same_text "$T/stderr" "excheck: $T/bomb.ko.gz: unpacks to more than 64 MiB"
}
t_ok "a small file that unpacks to 200 MB stops at 64 times its size" bomb
# Found by fuzzing (tests/fuzz/crashes): each was a bug, now a test.
json_trouble()
{
	command -v jq >/dev/null || { echo "no jq"; return 1; }
	"$MKELF" -m x86_64 --malform table-past-eof "$T/tpe" &&
	"$EXCHECK" --format=json "$T/tpe" "$TESTDATA/cross/x86_64-vmlinux" >"$T/j" 2>/dev/null
	[ $? = 2 ] && jq -e '.files[0].status == 2 and (.files[0].error | length > 0) and .files[1].status == 0' "$T/j" >/dev/null
}
t_ok "fuzz: JSON stays valid when a table cannot be read" json_trouble

bad_symbol()
{
	local off
	off=$(readelf -SW "$TESTDATA/cross/x86_64-module.o" | sed 's/^ *\[ *[0-9]*\] *//' |
		awk '$1 == ".rela__ex_table" { print "0x" $4 }')
	cp "$TESTDATA/cross/x86_64-module.o" "$T/bs.o" &&
	printf '\377\377' | dd of="$T/bs.o" bs=1 seek=$(( off + 12 )) conv=notrunc 2>/dev/null &&
	run_rc 2 "$EXCHECK" -l rel12-data "$T/bs.o" && lines "$T/stderr" 1 &&
	grep -q "symbol index 65535 out of range" "$T/stderr"
}
t_ok "fuzz: a relocation naming no symbol is trouble, with nothing leaked" bad_symbol
t_done
