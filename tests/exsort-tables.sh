#!/bin/sh
# The other tables exsort sorts: x86-64 ORC (by address, terminators
# first, in step), __mcount_loc (words, or arm64 RELATIVE addends, with
# weak call sites zeroed from an nm -S listing), and real Debian images
# whose shuffled ORC and exception tables exsort restores byte for byte.
. "${top_srcdir:-.}/tests/lib.sh"
cache=${EXS_KERNEL_CACHE:-/var/cache/exsort-tests}

# section_range FILE NAME: "OFFSET SIZE" in decimal, or "0 0"
section_range()
{
	set -- $(readelf -SW "$1" | sed 's/^ *\[ *[0-9]*\] *//' |
		awk -v n="$2" '$1 == n { print "0x" $4, "0x" $5 }') 0 0
	echo $(($1)) $(($2))
}

# only_in FILE_A FILE_B SECTION...: bytes differ only inside the sections
only_in()
{
	local a=$1 b=$2 ranges=""
	shift 2
	for s in "$@"; do
		ranges="$ranges $(section_range "$a" "$s")"
	done
	cmp -l "$a" "$b" | awk -v r="$ranges" '
		BEGIN { n = split(r, x, " ") }
		{ o = $1 - 1; ok = 0
		  for (i = 1; i < n; i += 2) if (o >= x[i] && o < x[i] + x[i + 1]) ok = 1
		  if (!ok) { bad++; print "byte " o " changed" } }
		END { exit bad > 0 }'
}

# orc_case VERSION [MKELF OPTIONS]: sorted by address, terminators
# first, otherwise in table order; only the ORC and table bytes change
orc_case()
{
	local v=$1
	shift
	"$MKELF" -m x86_64 -n 20 -o random -f 0 --orc 3000 --orc-version "$v" "$@" "$T/o" || return 1
	cp "$T/o" "$T/o2" && run_rc 0 "$EXSORT" -v "$T/o2" &&
	grep -q "\.orc_unwind_ip: 3[0-9]* entries, layout orc-v$v" "$T/stdout" || return 1
	"$MKELF" --dump-orc "$v" "$T/o" | sort -s -k1,1 -k2,2r >"$T/want"
	"$MKELF" --dump-orc "$v" "$T/o2" >"$T/got"
	diff -u "$T/want" "$T/got" >/dev/null || { diff -u "$T/want" "$T/got" | head; return 1; }
	only_in "$T/o" "$T/o2" __ex_table .orc_unwind_ip .orc_unwind || return 1
	cp "$T/o2" "$T/o3" && "$EXSORT" "$T/o3" && cmp "$T/o2" "$T/o3"
}
t_ok "ORC v3 (6.4+, .orc_header)" orc_case 3
t_ok "ORC v2 (6.3, .orc_header of 6.3.10+)" orc_case 2 --orc-header

orc_unknown()
{
	"$MKELF" -m x86_64 -n 20 -o random -f 0 --orc 100 --orc-version 1 "$T/u" &&
	cp "$T/u" "$T/u0" && run_rc 2 "$EXSORT" "$T/u" &&
	same_text "$T/stderr" "exsort: $T/u: cannot tell the ORC format: no .orc_header, no struct orc_entry, no kernel version; use --skip=orc" &&
	cmp "$T/u" "$T/u0" && run_rc 0 "$EXSORT" --skip=orc "$T/u" &&
	only_in "$T/u0" "$T/u" __ex_table .init.data
}
t_ok "ORC of unknown generation: an error naming --skip=orc" orc_unknown

orc_skip()
{
	"$MKELF" -m x86_64 -n 20 -o random -f 0 --orc 500 "$T/s" && cp "$T/s" "$T/s0" &&
	run_rc 0 "$EXSORT" --skip=orc "$T/s" && only_in "$T/s0" "$T/s" __ex_table &&
	run_rc 1 "$EXSORT" --check "$T/s" &&
	same_text "$T/stdout" "$T/s: .orc_unwind_ip is not sorted"
}
t_ok "--skip=orc leaves ORC alone; --check names it" orc_skip

mcount_case()
{
	"$MKELF" -m "$1" -n 10 -o random -f 0 --mcount 400 "$T/m" || return 1
	cp "$T/m" "$T/m2" && run_rc 0 "$EXSORT" -v "$T/m2" &&
	grep -q "__mcount_loc: 400 entries" "$T/stdout" || return 1
	"$MKELF" --dump-mcount "$T/m" | sort >"$T/want"
	"$MKELF" --dump-mcount "$T/m2" >"$T/got"
	diff -u "$T/want" "$T/got" >/dev/null && only_in "$T/m" "$T/m2" __ex_table .init.data
}
t_ok "__mcount_loc, x86-64 words" mcount_case x86_64
t_ok "__mcount_loc, i386 words" mcount_case i386

mcount_rela()
{
	"$MKELF" -m aarch64 -n 10 -o random -f 0 --mcount 300 --mcount-rela "$T/r" || return 1
	cp "$T/r" "$T/r2" && run_rc 0 "$EXSORT" -v "$T/r2" &&
	grep -q "__mcount_loc: 300 entries, [0-9]* moved, .rela.dyn" "$T/stdout" || return 1
	"$MKELF" --dump-mcount "$T/r" | sort >"$T/want"
	"$MKELF" --dump-mcount "$T/r2" >"$T/got"
	diff -u "$T/want" "$T/got" >/dev/null && only_in "$T/r" "$T/r2" __ex_table .init.data .rela.dyn
}
t_ok "__mcount_loc, arm64 values in R_AARCH64_RELATIVE addends" mcount_rela

weak()
{
	local zeroed
	"$MKELF" -m x86_64 -n 10 -o random -f 0 --mcount 400 --nm-file "$T/nm" "$T/w" || return 1
	run_rc 0 "$EXSORT" -v -s "$T/nm" "$T/w" || return 1
	zeroed=$(sed -n 's/.*, \([0-9]*\) weak entries zeroed.*/\1/p' "$T/stdout")
	"$MKELF" --dump-mcount "$T/w" >"$T/got"
	[ -n "$zeroed" ] && [ "$zeroed" -gt 0 ] &&
	[ "$(grep -c '^0*$' "$T/got")" = "$zeroed" ] && sort -c "$T/got"
}
t_ok "-s NMFILE zeroes the call sites outside every function" weak

bad_nm()
{
	"$MKELF" -m x86_64 -n 10 --mcount 40 "$T/b" && cp "$T/b" "$T/b0" &&
	run_rc 2 "$EXSORT" -s "$T/no-such-file" "$T/b" &&
	same_text "$T/stderr" "exsort: $T/no-such-file: No such file or directory" &&
	cmp "$T/b" "$T/b0"
}
t_ok "-s with a missing listing is trouble" bad_nm

# Real images: shuffle the exception and ORC tables of a copy and let
# exsort restore them.
out=$(sh "$top_srcdir/tests/real/fetch-debian-kernel.sh" amd64 "$cache" 2>"$T/fetch.err")
rc=$?
if [ $rc = 77 ]; then
	t_skip "Debian amd64 kernel" "$(head -n 1 "$T/fetch.err")"
	t_done
fi
real_case()
{
	local v=$1 orcv=$2
	cp "$v" "$T/k" && "$MKELF" --shuffle 3 -l rel12-data "$T/k" &&
	"$MKELF" --shuffle-orc 5 "$T/k" && ! cmp -s "$v" "$T/k" &&
	run_rc 0 "$EXSORT" --no-flag -v "$T/k" || return 1
	grep -q "layout orc-v$orcv" "$T/stdout" || { cat "$T/stdout"; return 1; }
	cmp -s "$v" "$T/k" && return 0
	# equal keys the kernel's rule leaves in any order: same entries,
	# same address sequence
	"$MKELF" --dump-orc "$orcv" "$v" >"$T/a" && "$MKELF" --dump-orc "$orcv" "$T/k" >"$T/b" &&
	[ "$(cut -d' ' -f1,2 "$T/a" | md5sum)" = "$(cut -d' ' -f1,2 "$T/b" | md5sum)" ] &&
	[ "$(sort "$T/a" | md5sum)" = "$(sort "$T/b" | md5sum)" ]
}
vmlinux=$(printf '%s\n' "$out" | sed -n 's/^vmlinux=//p')
t_ok "$(printf '%s\n' "$out" | sed -n 's/^version=//p'): shuffled ORC and __ex_table restored" \
	real_case "$vmlinux" 1
if out=$(EXSORT_KERNEL_PKG=linux-image-6.12-amd64 sh "$top_srcdir/tests/real/fetch-debian-kernel.sh" \
		amd64 "$cache" 2>"$T/fetch.err"); then
	t_ok "$(printf '%s\n' "$out" | sed -n 's/^version=//p'): shuffled ORC and __ex_table restored" \
		real_case "$(printf '%s\n' "$out" | sed -n 's/^vmlinux=//p')" 3
else
	t_skip "Debian amd64 6.12 kernel" "$(head -n 1 "$T/fetch.err")"
fi

t_done
