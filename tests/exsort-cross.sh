#!/bin/sh
# exsort on the images in testdata/cross, assembled and linked with
# Debian's cross binutils (testdata/cross/make.sh): the layout found is
# the one the MANIFEST names, the result is the stable sort of mkelf's
# dump, only table, flag and relocation bytes change, the relocations
# stay true, and excheck finds nothing wrong afterwards.
. "${top_srcdir:-.}/tests/lib.sh"

cross_case()
{
	local f=$1 layout=$2 n=$3 l_off l_size
	cp "$TESTDATA/cross/$f" "$T/orig" && cp "$T/orig" "$T/new" || return 1
	run_rc 0 "$EXSORT" -v "$T/new" || return 1
	grep -q ": $n entries, layout $layout (" "$T/stdout" || { cat "$T/stdout"; return 1; }
	"$MKELF" --dump -l "$layout" "$T/orig" | sort -s -k1,1 -k2,2 >"$T/want"
	"$MKELF" --dump -l "$layout" "$T/new" >"$T/got"
	diff -u "$T/want" "$T/got" || return 1
	set -- $("$MKELF" --where -l "$layout" "$T/orig" | tr '\n' ' ')
	l_off=$2 l_size=$3
	f_off=$6
	r_off=${8:-0} r_size=${9:-0}
	# s390's second exception table is sorted too
	set -- $(readelf -SW "$T/orig" | sed 's/^ *\[ *[0-9]*\] *//' |
		awk '$1 == ".amode31.ex_table" { print "0x" $4, "0x" $5 }') 0 0
	a_off=$(($1)) a_size=$(($2))
	cmp -l "$T/orig" "$T/new" | awk -v t0="$l_off" -v t1="$((l_off + l_size))" \
		-v f0="$f_off" -v r0="$r_off" -v r1="$((r_off + r_size))" \
		-v a0="$a_off" -v a1="$((a_off + a_size))" '
		{ o = $1 - 1; if (!((o >= t0 && o < t1) || (o >= f0 && o < f0 + 4) ||
		  (o >= r0 && o < r1) || (o >= a0 && o < a1))) { bad++; print "byte " o " changed" } }
		END { exit bad > 0 }' || return 1
	[ "$r_size" = 0 ] || "$MKELF" --check-relocs -l "$layout" "$T/new" >/dev/null || return 1
	run_rc 0 "$EXCHECK" -Wno-duplicate "$T/new" && lines "$T/stdout" 0 || return 1
	run_rc 0 "$EXSORT" --check "$T/new"
}

grep -v '^#' "$TESTDATA/cross/MANIFEST" >"$T/manifest"
while read -r f arch class endian etype layout n flag rest; do
	case $etype in
	EXEC|DYN)
		t_ok "$f ($arch $endian $layout)" cross_case "$f" "$layout" "$n" ;;
	REL)
		t_ok "$f is refused" sh -c '"$1" "$2" 2>/dev/null; [ $? = 2 ]' \
			sh "$EXSORT" "$TESTDATA/cross/$f" ;;
	esac
done <"$T/manifest"
t_done
