#!/bin/sh
# Hostile input.  Every file testdata/malformed/NOTES lists is given to
# excheck and (a copy of it) to exsort in its writing mode; each must give
# the exit status NOTES names, within 10 seconds and without a sanitizer
# report.  Trouble (2) is exactly one line on standard error naming the
# file, nothing on standard output, and for exsort the copy's bytes and
# modification time unchanged.  A clean or findings result (0, 1) prints
# nothing on standard error; excheck's findings are whole lines that each
# start with the file's name, and a file exsort sorted is in order
# afterwards (exsort --check is quiet).  Then: special files (a directory,
# a FIFO, a device, an unreadable file, symbolic links), several files in
# one run, and the memory a file claiming billions of entries costs.
# Regenerate the files with testdata/malformed/make.sh.
. "${top_srcdir:-.}/tests/lib.sh"

M=$TESTDATA/malformed
NOTES=$M/NOTES
# with a sanitizer build, a report must not pass for an exit status
ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=87:halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS
# seconds one run of one program on one file may take
LIMIT=10

# limited COMMAND...: COMMAND under the time limit (status 124 if it hangs)
limited()
{
	timeout -k 2 "$LIMIT" "$@"
}

# each_line_starts FILE PREFIX: every line of FILE starts with PREFIX
each_line_starts()
{
	awk -v p="$2" 'index($0, p) != 1 { print "line " NR " does not start with \"" p "\": " $0; bad = 1 }
		END { exit bad }' "$1"
}

# one_trouble_line PROG FILE: the run left exactly "PROG: FILE: ..." on
# stderr, one line, and nothing on stdout
one_trouble_line()
{
	lines "$T/stderr" 1 && lines "$T/stdout" 0 &&
	each_line_starts "$T/stderr" "$1: $2: "
}

quiet_stderr()
{
	[ ! -s "$T/stderr" ] || { echo "unexpected standard error:"; cat "$T/stderr"; return 1; }
}

# run COMMAND...: under the time limit; exit status in $rc, output in
# $T/stdout and $T/stderr
run()
{
	rc=0
	limited "$@" >"$T/stdout" 2>"$T/stderr" || rc=$?
}

status_is()
{
	[ "$rc" = "$1" ] && return 0
	echo "exit status $rc, expected $1"
	cat "$T/stdout" "$T/stderr"
	return 1
}

# keep NAME: the last run's status and output, for the runs of all files
# at once below
mkdir "$T/res"
keep()
{
	cp "$T/stdout" "$T/res/$1.out" && cp "$T/stderr" "$T/res/$1.err" &&
	echo "$rc" >"$T/res/$1.rc"
}

# excheck_gives WANT FILE
excheck_gives()
{
	run "$EXCHECK" "$2"
	keep "excheck.$(basename "$2")"
	status_is "$1" || return 1
	case $1 in
	2)	one_trouble_line excheck "$2" ;;
	1)	quiet_stderr && each_line_starts "$T/stdout" "$2: " &&
		grep -q ': error: ' "$T/stdout" ;;
	*)	quiet_stderr && each_line_starts "$T/stdout" "$2: " ;;
	esac
}

# exsort_gives WANT FILE: exsort, writing, on a copy of FILE in $T/w
exsort_gives()
{
	local c
	c="$T/w/$(basename "$2")"
	rm -rf "$T/w" "$T/orig" && mkdir "$T/w" &&
	cp "$2" "$c" && touch -d "2001-02-03 04:05:06" "$c" && cp -p "$c" "$T/orig" ||
		return 1
	run "$EXSORT" "$c"
	keep "exsort.$(basename "$2")"
	status_is "$1" || return 1
	case $1 in
	2)	one_trouble_line exsort "$c" || return 1
		cmp "$c" "$T/orig" || { echo "exsort changed the file"; return 1; }
		[ "$(stat -c %Y "$c")" = "$(stat -c %Y "$T/orig")" ] ||
			{ echo "exsort changed the modification time"; return 1; }
		;;
	*)	quiet_stderr && lines "$T/stdout" 0 || return 1
		# what exsort wrote must be what it would write
		run "$EXSORT" --check "$c"
		status_is 0 && lines "$T/stdout" 0 && quiet_stderr ||
			{ echo "(exsort --check after sorting)"; return 1; }
		;;
	esac
}

# want FILE COLUMN: the status NOTES gives FILE (column 2 exsort, 3 excheck)
want()
{
	awk -v f="$1" -v c="$2" '$1 == f { print $c; exit }' "$NOTES"
}

[ -r "$NOTES" ] || { echo "Bail out! no $NOTES"; exit 1; }

# FILE EXSORT EXCHECK  what is wrong
nfiles=0
while read -r f want_sort want_check _; do
	case $f in '#'* | '') continue ;; esac
	nfiles=$((nfiles + 1))
	if [ ! -e "$M/$f" ]; then
		t_ok "$f exists (run testdata/malformed/make.sh)" false
		continue
	fi
	[ "$want_check" = - ] ||
		t_ok "excheck $f: exit $want_check" excheck_gives "$want_check" "$M/$f"
	[ "$want_sort" = - ] ||
		t_ok "exsort $f: exit $want_sort" exsort_gives "$want_sort" "$M/$f"
done <"$NOTES"
t_ok "NOTES lists at least 60 files ($nfiles)" [ "$nfiles" -ge 60 ]

small()
{
	local total=0 n big=0 f
	for f in "$M"/*; do
		n=$(wc -c <"$f")
		total=$((total + n))
		[ "$n" -lt 65536 ] || { echo "$f: $n bytes"; big=1; }
	done
	[ "$big" = 0 ] && [ "$total" -lt 1572864 ] || { echo "total $total bytes"; return 1; }
}
t_ok "every file is under 64 KiB, all under 1.5 MiB" small

# --------------------------------------------------- several at once
# One run over every file prints what the runs one file at a time printed,
# in the order given, with the worst status; excheck -j 4 checks them in
# parallel, exsort (copies in $T/w again) one after the other.
all_at_once()	# excheck|exsort
{
	local prog="$1" files="" worst=0 f s c col=3 dir="$M"
	[ "$prog" = exsort ] && col=2 && dir=$T/w
	rm -rf "$T/w" && mkdir "$T/w" || return 1
	: >"$T/want.out"
	: >"$T/want.err"
	while read -r f s c _; do
		case $f in '#'* | '') continue ;; esac
		[ "$(want "$f" "$col")" = - ] && continue
		[ -e "$T/res/$prog.$f.rc" ] || continue
		cp "$M/$f" "$T/w/$f" || return 1
		files="$files $dir/$f"
		cat "$T/res/$prog.$f.out" >>"$T/want.out"
		cat "$T/res/$prog.$f.err" >>"$T/want.err"
		s=$(cat "$T/res/$prog.$f.rc")
		[ "$s" -gt "$worst" ] && worst=$s
	done <"$NOTES"
	if [ "$prog" = excheck ]; then
		# shellcheck disable=SC2086
		run timeout -k 2 300 "$EXCHECK" -j 4 $files
	else
		# shellcheck disable=SC2086
		run timeout -k 2 300 "$EXSORT" $files
	fi
	status_is "$worst" && diff -u "$T/want.out" "$T/stdout" &&
		diff -u "$T/want.err" "$T/stderr"
}
t_ok "excheck -j 4 on every file at once: the same output as one at a time" all_at_once excheck
t_ok "exsort on every file at once: the same output as one at a time" all_at_once exsort

# --format=json over every file: one valid document, one member per file,
# each with the status of the text run and an error member where it is 2
json_all()
{
	local files="" f s c
	: >"$T/json.want"
	while read -r f s c _; do
		case $f in '#'* | '') continue ;; esac
		[ "$c" = - ] || [ ! -e "$T/res/excheck.$f.rc" ] && continue
		files="$files $M/$f"
		echo "$M/$f $(cat "$T/res/excheck.$f.rc")" >>"$T/json.want"
	done <"$NOTES"
	# shellcheck disable=SC2086
	run timeout -k 2 300 "$EXCHECK" --format=json -j 4 $files
	python3 - "$T/stdout" "$T/json.want" <<'EOF_PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
try:
    doc = json.loads(text)
except ValueError as e:
    print("not JSON: %s, near: %s" % (e, text[max(0, e.pos - 300):e.pos + 60]))
    sys.exit(1)
want = [l.rsplit(" ", 1) for l in open(sys.argv[2]).read().splitlines()]
got = doc["files"]
assert len(got) == len(want), "%d files in the document, %d expected" % (len(got), len(want))
bad = 0
for g, (path, rc) in zip(got, want):
    if g["file"] != path or g["status"] != int(rc) or ((g["status"] == 2) != ("error" in g)):
        print("%s: %s" % (path, json.dumps(g)[:300]))
        bad += 1
sys.exit(1 if bad else 0)
EOF_PY
}
if command -v python3 >/dev/null 2>&1; then
	t_ok "excheck --format=json on every file: one valid document" json_all
else
	t_skip "excheck --format=json on every file: one valid document" "no python3"
fi

# ------------------------------------------------------ special files
good=$TESTDATA/cross/x86_64-vmlinux

special()	# WANT-EXCHECK PATH [EXSORT-MESSAGE]
{
	run_rc 2 limited "$EXSORT" "$2" && one_trouble_line exsort "$2" &&
	{ [ -z "${3:-}" ] || grep -q "$3" "$T/stderr"; } &&
	run_rc "$1" limited "$EXCHECK" "$2" && {
		[ "$1" != 2 ] || one_trouble_line excheck "$2"; }
}

mkdir "$T/dir" && cp "$good" "$T/dir/vmlinux"
t_ok "a directory is trouble for both" special 2 "$T/dir"
t_ok "FIFO made" mkfifo "$T/fifo"
t_ok "a FIFO is trouble for both, not a hang" special 2 "$T/fifo" "not a regular file"
t_ok "/dev/null is trouble for both" special 2 /dev/null "not a regular file"
t_ok "/dev/null is still a character device" test -c /dev/null

cp "$good" "$T/target"
ln -s target "$T/link"
ln -s nowhere "$T/dangling"
touch -d "2001-02-03 04:05:06" "$T/target"
cp -p "$T/target" "$T/target.orig"
symlink()
{
	special 0 "$T/link" "symbolic link" && cmp "$T/target" "$T/target.orig" &&
	[ "$(stat -c %Y "$T/target")" = "$(stat -c %Y "$T/target.orig")" ] &&
	[ -L "$T/link" ]
}
t_ok "a symbolic link: exsort refuses it, excheck reads through it" symlink
t_ok "a dangling symbolic link is trouble for both" special 2 "$T/dangling"

# a file we may not read; as root, run the programs as nobody
unreadable()
{
	local u="$T/u"
	mkdir "$u" && chmod 755 "$T" "$u" && cp "$good" "$u/secret" &&
		chmod 600 "$u/secret" || return 1
	if [ "$(id -u)" = 0 ]; then
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups
	else
		chmod 000 "$u/secret" || return 1
		set --
	fi
	run_rc 2 limited "$@" "$EXSORT" "$u/secret" &&
		one_trouble_line exsort "$u/secret" && grep -q "Permission denied" "$T/stderr" &&
	run_rc 2 limited "$@" "$EXCHECK" "$u/secret" &&
		one_trouble_line excheck "$u/secret" && grep -q "Permission denied" "$T/stderr" &&
	cmp "$good" "$u/secret"
}
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null 2>&1; then
	t_skip "an unreadable file is trouble for both" "no setpriv to drop root"
elif [ "$(id -u)" = 0 ] &&
	! setpriv --reuid=65534 --regid=65534 --clear-groups "$EXCHECK" --version >/dev/null 2>&1; then
	t_skip "an unreadable file is trouble for both" "nobody cannot run $EXCHECK"
else
	t_ok "an unreadable file is trouble for both" unreadable
fi

# ------------------------------------------------------------ memory
# Files that claim billions of entries (or symbols, or relocations): the
# claim is refused before anything is allocated for it.
HUGE="huge-extable.64le huge-extable.32be huge-symtab.64le huge-rela.o
	mcount-billions.64le mcount-billions.32le orc-ip-past-eof.64le orc-ip-nobits.64le"
TIME=/usr/bin/time

# peak_rss PROG FILE: the peak resident set in KB of PROG on a copy of FILE
peak_rss()
{
	cp "$2" "$T/huge" &&
	limited "$TIME" -f %M -o "$T/rss" "$1" "$T/huge" >/dev/null 2>&1
	tail -n 1 "$T/rss"
}

small_rss()
{
	local f p kb bad=0
	for f in $HUGE; do
		for p in "$EXCHECK" "$EXSORT"; do
			kb=$(peak_rss "$p" "$M/$f")
			case $kb in '' | *[!0-9]*) echo "$p $f: no measurement ($kb)"; bad=1; continue ;; esac
			[ "$kb" -lt 100000 ] || { echo "$p $f: peak RSS $kb KB"; bad=1; }
		done
	done
	[ "$bad" = 0 ]
}

# under ulimit -v 1 GiB (not for sanitizer builds, which reserve terabytes)
small_vm()
{
	local f p w
	for f in $HUGE; do
		for p in excheck exsort; do
			if [ "$p" = exsort ]; then w=$(want "$f" 2); else w=$(want "$f" 3); fi
			cp "$M/$f" "$T/huge" || return 1
			if [ "$p" = exsort ]; then
				( ulimit -v 1048576 && limited "$EXSORT" "$T/huge" ) >"$T/stdout" 2>"$T/stderr"
			else
				( ulimit -v 1048576 && limited "$EXCHECK" "$T/huge" ) >"$T/stdout" 2>"$T/stderr"
			fi
			rc=$?
			status_is "$w" || { echo "($p $f under ulimit -v 1 GiB)"; return 1; }
		done
	done
}

if [ -x "$TIME" ]; then
	t_ok "billions of entries: peak RSS below 100 MB" small_rss
else
	t_skip "billions of entries: peak RSS below 100 MB" "no $TIME (apt-get install time)"
fi
if sh -c 'ulimit -v 1048576 && exec "$0" --version' "$EXCHECK" >/dev/null 2>&1; then
	t_ok "billions of entries: trouble under ulimit -v 1 GiB" small_vm
else
	t_skip "billions of entries: trouble under ulimit -v 1 GiB" "the programs do not start under ulimit -v (sanitizer build?)"
fi
t_done
