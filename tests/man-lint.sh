#!/bin/sh
# The manual pages are clean under mandoc -T lint, and name every option
# the programs' --help shows and every check excheck has.
. "${top_srcdir:-.}/tests/lib.sh"

for page in exsort excheck; do
	if command -v mandoc >/dev/null; then
		t_ok "$page.1: mandoc -T lint -W warning" mandoc -T lint -W warning "$top_srcdir/man/$page.1"
	else
		t_skip "$page.1: mandoc -T lint" "mandoc not installed"
	fi
done

# every long option of --help appears in the page
options_documented()
{
	local prog=$1 page=$2 o bad=0
	sed 's/\\//g' "$page" >"$T/page"
	for o in $("$prog" --help | grep -o -- '--[a-z-]*' | sort -u); do
		grep -q -- "Fl -${o#--}" "$T/page" || { echo "$o missing from $page"; bad=1; }
	done
	[ $bad = 0 ]
}
t_ok "exsort.1 documents every option" options_documented "$EXSORT" "$top_srcdir/man/exsort.1"
t_ok "excheck.1 documents every option" options_documented "$EXCHECK" "$top_srcdir/man/excheck.1"

checks_documented()
{
	local c bad=0
	for c in $("$EXCHECK" --list-checks | cut -d' ' -f1); do
		grep -q "^\.It Cm $c Pq" "$top_srcdir/man/excheck.1" || { echo "$c missing"; bad=1; }
	done
	[ $bad = 0 ]
}
t_ok "excheck.1 documents every check" checks_documented
t_done
