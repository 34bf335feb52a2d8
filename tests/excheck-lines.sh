#!/bin/sh
# excheck's source lines on testdata/debuginfo: every way of finding the
# DWARF gives the lines (with inline chains) of the MANIFEST, and every
# way of not finding it gives one note and symbol+offset, never an error.
. "${top_srcdir:-.}/tests/lib.sh"

D=$TESTDATA/debuginfo
PREFIX=/build/exsort-fixture/

# want NAME: "IDX DEPTH FUNCTION PATH:LINE" for each frame of each entry
want()
{
	awk -v f="$1" -v p="$PREFIX" '$1 == "line" && $2 == f {
		sub("^" p, "", $6); print $3, $4, $5, $6 }' "$D/MANIFEST" | sort
}

# got FILE [OPTIONS...]: the same, from excheck --list --format=json
got()
{
	local f=$1
	shift
	"$EXCHECK" --list --format=json "$@" "$f" >"$T/j" || return 1
	jq -r '.files[0].tables[0].list[] | .index as $i | .insn.source // empty |
		([[.function, .file, .line]] + [.inlined_at[] | [.function, .file, .line]])
		| to_entries[] | "\($i) \(.key) \(.value[0]) \(.value[1]):\(.value[2])"' \
		"$T/j" | sort
}

# lines_as NAME FILE [OPTIONS...]: FILE's lines are NAME's in MANIFEST
lines_as()
{
	local name=$1
	shift
	want "$name" >"$T/want" && got "$@" >"$T/got" &&
	[ -s "$T/want" ] && diff -u "$T/want" "$T/got"
}

# no_lines FILE PATTERN [OPTIONS...]: exit 0, no source, a note matching
no_lines()
{
	local f=$1 pat=$2
	shift 2
	run_rc 0 "$EXCHECK" --list "$@" "$f" &&
	! grep -q ' at [^ ]*:[0-9]' "$T/stdout" &&
	[ "$(grep -c "note: no source lines: .*$pat" "$T/stdout")" = 1 ]
}

cp "$D/module.ko" "$T/alone.ko"	# away from module.ko.debug

t_ok "DWARF in the file" lines_as vmlinux-full "$D/vmlinux-full"
t_ok "--debuginfo=FILE" lines_as vmlinux-full "$D/vmlinux-stripped" --debuginfo="$D/vmlinux.debug"
t_ok "debuglink, found beside the file" lines_as vmlinux-full "$D/vmlinux-debuglink"
t_ok "build-id under the debug root's .build-id/" lines_as vmlinux-full "$D/vmlinux-stripped" --debug-root="$D/root"
t_ok "--debuginfo=DIR searched by build-id" lines_as vmlinux-full "$D/vmlinux-stripped" --debuginfo="$D/root/usr/lib/debug"
t_ok "zlib-compressed debug sections" lines_as vmlinux-full "$D/vmlinux-stripped" --debuginfo="$D/vmlinux-zlib.debug"
t_ok "module: DWARF in the file" lines_as module.ko "$D/root/usr/lib/debug/lib/modules/6.1.0-fixture/kernel/module.ko"
t_ok "module: FILE.debug beside it" lines_as module.ko "$D/module.ko"
t_ok "module: separate debug file by build-id" lines_as module.ko "$T/alone.ko" --debug-root="$D/root"

# a compressed module: libdwfl reads a copy of the unpacked bytes, and
# finds its DWARF in them, or by the build-id they hold
packed()
{
	local z=$1 full=$D/root/usr/lib/debug/lib/modules/6.1.0-fixture/kernel/module.ko
	$z -c "$full" >"$T/full.ko.$z" && $z -c "$D/module.ko" >"$T/alone.ko.$z" &&
	lines_as module.ko "$T/full.ko.$z" &&
	lines_as module.ko "$T/alone.ko.$z" --debug-root="$D/root"
}
t_ok "gzip module: DWARF in it, or by its build-id" packed gzip
if command -v xz >/dev/null; then
	t_ok "xz module: DWARF in it, or by its build-id" packed xz
else
	t_skip "xz module" "no xz"
fi

# -v and JSON say where the lines came from and for how many addresses
counted()
{
	"$EXCHECK" -v --list "$D/vmlinux-full" >"$T/o" &&
	grep -qx "$D/vmlinux-full: source lines from $D/vmlinux-full for 12 of 12 addresses" "$T/o" ||
		{ cat "$T/o"; return 1; }
	"$EXCHECK" --list --format=json "$D/vmlinux-stripped" --debuginfo="$D/vmlinux.debug" |
	jq -e --arg f "$D/vmlinux.debug" '.files[0].debuginfo ==
		{"file": $f, "note": null, "addresses": 12, "with_lines": 12}' >/dev/null
}
t_ok "-v and JSON: the debug file, 12 of 12 addresses with lines" counted

# a distribution's boot/vmlinux-* with the same build-id, no .build-id links
boot_only()
{
	mkdir -p "$T/r/usr/lib/debug/boot" &&
	cp "$D/vmlinux-full" "$T/r/usr/lib/debug/boot/vmlinux-9.9-test" &&
	cp "$D/vmlinux-stripped" "$T/s" &&
	lines_as vmlinux-full "$T/s" --debug-root="$T/r"
}
t_ok "boot/vmlinux-* with the same build-id" boot_only

t_ok "no debug info: one note, symbol+offset" no_lines "$D/vmlinux-nodebug" "no DWARF in the file" --debug-root="$D/root"
t_ok "module without its debug file: one note" no_lines "$T/alone.ko" "no DWARF"
t_ok "zstd debug sections: a note that says so" no_lines "$D/vmlinux-stripped" "zstd-compressed" --debuginfo="$D/vmlinux-zstd.debug"
t_ok "a debug file that does not exist: a note" no_lines "$D/vmlinux-stripped" "" --debuginfo="$T/none.debug"
t_ok "DWARF with types but no line table: a note" no_lines "$TESTDATA/cross/x86_64-dwarf-vmlinux" "has no line table for these addresses"
t_ok "--no-lines: no source, no note" sh -c '"$1" --list --no-lines "$2" >"$3/o" &&
	! grep -q -e " at [^ ]*:[0-9]" -e "note:" "$3/o"' sh "$EXCHECK" "$D/vmlinux-full" "$T"

# findings carry the line of their instruction
finding_line()
{
	cp "$D/vmlinux-full" "$T/v" &&
	"$EXCHECK" -Wno-unsorted "$T/v" >"$T/o"	# clean: no lookups
	[ ! -s "$T/o" ] &&
	"$EXCHECK" --format=json "$T/v" | jq -e '.files[0].debuginfo == null' >/dev/null
}
t_ok "a clean run does not look for DWARF" finding_line

t_ok "text rows end with the line and inline chain" sh -c '
	"$1" --list "$2" | grep -q "^.*__ex_table\[2\]: insn .* at arch/x86/include/asm/uaccess.h:11 (__get_user_asm_u64 inlined at arch/x86/include/asm/uaccess.h:26) (get_user_u64 inlined at arch/x86/lib/usercopy.c:29)$"' \
	sh "$EXCHECK" "$D/vmlinux-full"

t_done
