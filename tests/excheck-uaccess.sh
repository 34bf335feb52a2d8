#!/bin/sh
# excheck's user-access analysis on testdata/uaccess: every file reports
# exactly the EXPECT lines of its MANIFEST (uaccess-open on x86-64 and
# i386, uaccess-unpaired and uaccess-target on aarch64 LE/BE, images
# and modules), counts the sites its SITE lines list, and nothing else.
. "${top_srcdir:-.}/tests/lib.sh"

U=$TESTDATA/uaccess
MANIFEST=$U/MANIFEST

# found FILE: "FILE CHECK SYMBOL WHERE" per uaccess finding, sorted
found()
{
	(cd "$U" && "$EXCHECK" --format=json "$1") >"$T/$1.json"
	jq -r --arg f "$1" '.files[] | ([.tables[].findings[]] + .uaccess.findings)[]
		| select(.check | startswith("uaccess-"))
		| [$f, .check, .insn.symbol,
		   (.insn.address // (.insn.section + "+" + .insn.offset))] | join(" ")' \
		"$T/$1.json" | sort
}

expected()
{
	awk -v f="$1" '$1 == "EXPECT" && $2 == f && $3 != "none" {
		print $2, $3, $4, $5 }' "$MANIFEST" | sort
}

same_findings()
{
	found "$1" >"$T/got" && expected "$1" >"$T/want" &&
	diff -u "$T/want" "$T/got"
}

# site counts: STAC, CLAC (smap_save() ends in CLAC: it counts), LDTR/STTR
same_sites()
{
	jq -r '.files[0].uaccess | "\(.stac // 0) \(.clac // 0) \(.unprivileged // 0)"' \
		"$T/$1.json" >"$T/got" &&
	awk -v f="$1" '$1 == "SITE" && $2 == f {
		if ($3 == "stac") s++
		if ($3 == "clac" || $3 == "smap-save") c++
		if ($3 == "ldtr" || $3 == "sttr") u++ }
		END { print s + 0, c + 0, u + 0 }' "$MANIFEST" >"$T/want" &&
	diff -u "$T/want" "$T/got"
}

# nothing but uaccess warnings: exit 0, and no other check speaks
only_uaccess()
{
	(cd "$U" && run_rc 0 "$EXCHECK" "$1") &&
	! grep -v -e '-Wuaccess-' "$T/stdout"
}

files=$(awk '$1 == "FILE" { print $2 }' "$MANIFEST")
[ -n "$files" ] || { echo "Bail out! no FILE lines in $MANIFEST"; exit 99; }
for f in $files; do
	t_ok "$f: exactly the expected findings" same_findings "$f"
	t_ok "$f: STAC, CLAC and LDTR/STTR sites counted" same_sites "$f"
	t_ok "$f: no other finding, exit 0" only_uaccess "$f"
done

# -W control: the checks can be made errors, or turned off
t_ok "-Werror=uaccess-open: exit 1" sh -c 'cd "$1" && "$2" -Werror=uaccess-open x86_64-faulty-vmlinux >/dev/null; [ $? = 1 ]' sh "$U" "$EXCHECK"
t_ok "-Werror=uaccess-unpaired: exit 1" sh -c 'cd "$1" && "$2" -Werror=uaccess-unpaired aarch64-faulty-module.o >/dev/null; [ $? = 1 ]' sh "$U" "$EXCHECK"
t_ok "-Wno-uaccess-open: quiet" sh -c 'cd "$1" && [ -z "$("$2" -Wno-uaccess-open x86_64-faulty-vmlinux i386-faulty-module.o)" ]' sh "$U" "$EXCHECK"
t_ok "-Wno-uaccess-unpaired -Wno-uaccess-target: quiet" sh -c 'cd "$1" && [ -z "$("$2" -Wno-uaccess-unpaired -Wno-uaccess-target aarch64-faulty-vmlinux)" ]' sh "$U" "$EXCHECK"

# the struct alt_instr size comes from DWARF when there is DWARF
t_ok "alt_instr size from DWARF, 14 bytes" sh -c 'cd "$1" && "$2" -v x86_64-clean-dwarf-vmlinux | grep -q "(14-byte alt_instr from DWARF)"' sh "$U" "$EXCHECK"
for n in 12 13; do
	t_ok "alt_instr size $n from the contents" sh -c 'cd "$1" && "$2" -v x86_64-clean-alt$3-vmlinux | grep -q "($3-byte alt_instr from contents)"' sh "$U" "$EXCHECK" "$n"
done

# --list marks entries inside a window; a nofault entry is outside
in_window()
{
	(cd "$U" && "$EXCHECK" --list x86_64-clean-vmlinux) >"$T/l" &&
	grep 'fx_copy_from_user+' "$T/l" | grep -q '(inside STAC window)' &&
	grep 'insn [^ ]* fx_copy_from_kernel_nofault+' "$T/l" | grep -vq 'inside STAC window'
}
t_ok "--list marks entries inside a STAC window, not the nofault one" in_window

# other machines: one note, in -v and JSON
t_ok "riscv: analysis not available, said once in -v" sh -c '
	[ "$("$1" -v "$2/cross/riscv64-module.o" | grep -c "user-access analysis is not available for riscv")" = 1 ]' sh "$EXCHECK" "$TESTDATA"
t_ok "riscv: and in JSON" sh -c '
	"$1" --format=json "$2/cross/riscv64-module.o" | jq -e ".files[0].uaccess.analysis == null and (.files[0].uaccess.note | test(\"not available\"))" >/dev/null' sh "$EXCHECK" "$TESTDATA"

# the fixtures agree with their MANIFEST by an independent reader
if command -v python3 >/dev/null; then
	t_ok "verify.py: fixtures match MANIFEST" sh -c 'cd "$1" && python3 verify.py' sh "$U"
else
	t_skip "verify.py: fixtures match MANIFEST" "no python3"
fi
t_done
