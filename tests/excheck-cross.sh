#!/bin/sh
# excheck --list -v on every file in testdata/cross gives exactly the
# output in tests/expected/FILE.list: layout, addresses, symbols, types,
# and the one duplicate each fixture holds on purpose.
. "${top_srcdir:-.}/tests/lib.sh"

golden()
{
	(cd "$TESTDATA/cross" && "$EXCHECK" --list -v "$1") >"$T/out" 2>&1
	diff -u "$top_srcdir/tests/expected/$1.list" "$T/out"
}

only_the_duplicate()
{
	run_rc 0 "$EXCHECK" "$TESTDATA/cross/$1" && lines "$T/stdout" 1 &&
	grep -q "warning: .* already has entry [0-9]* \[-Wduplicate\]$" "$T/stdout"
}

for f in $(grep -v '^#' "$TESTDATA/cross/MANIFEST" | awk '{ print $1 }'); do
	t_ok "$f: --list as expected" golden "$f"
	t_ok "$f: clean but for its duplicate" only_the_duplicate "$f"
done

parallel_same()
{
	"$EXCHECK" -r -j1 --list "$TESTDATA/cross" >"$T/j1" 2>&1
	"$EXCHECK" -r -j7 --list "$TESTDATA/cross" >"$T/j7" 2>&1
	cmp "$T/j1" "$T/j7" && [ "$(grep -c 'entries\|insn' "$T/j1")" -gt 300 ]
}
t_ok "-j7 prints exactly what -j1 does" parallel_same

walk_order()
{
	"$EXCHECK" -r --summary "$TESTDATA/cross" | cut -d: -f1 | uniq >"$T/order" &&
	sort -c "$T/order" && lines "$T/order" 39
}
t_ok "-r visits every object and vmlinux in name order" walk_order

compressed()
{
	local f=x86_64-module.ko z
	(cd "$TESTDATA/cross" && "$EXCHECK" --list "$f") | sed "s|^$f|M|" >"$T/plain"
	for z in gzip xz bzip2 zstd; do
		command -v "$z" >/dev/null || { echo "no $z"; return 1; }
		"$z" -c "$TESTDATA/cross/$f" >"$T/m.ko.$z"
		"$EXCHECK" --list "$T/m.ko.$z" | sed "s|^$T/m.ko.$z|M|" >"$T/got" &&
			cmp "$T/plain" "$T/got" || { echo "$z differs"; return 1; }
	done
}
t_ok "gzip, xz, bzip2 and zstd modules read like the plain one" compressed

damaged()
{
	head -c 300 "$TESTDATA/cross/x86_64-module.ko" | xz -c | head -c 100 >"$T/d.ko.xz" &&
	run_rc 2 "$EXCHECK" "$T/d.ko.xz" &&
	same_text "$T/stderr" "excheck: $T/d.ko.xz: compressed data is damaged or truncated"
}
t_ok "truncated compressed data is trouble" damaged

symlinks()
{
	mkdir -p "$T/tree/sub" && cp "$TESTDATA/cross/arm-module.o" "$T/tree/sub/a.ko" &&
	ln -s "$T/tree" "$T/tree/sub/loop" && ln -s "$TESTDATA/cross/x86_64-module.o" "$T/tree/b.ko" &&
	run_rc 0 "$EXCHECK" -r --summary "$T/tree" && lines "$T/stdout" 1
}
t_ok "-r follows no symbolic links" symlinks
t_done
