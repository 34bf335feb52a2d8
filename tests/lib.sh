# Shared by the test scripts: TAP output, a scratch directory, and the
# programs under test.  Each script sources this, calls t_* and ends
# with t_done.
set -u
LC_ALL=C
export LC_ALL
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
EXSORT=$top_builddir/src/exsort
EXCHECK=$top_builddir/src/excheck
MKELF=$top_builddir/tests/mkelf
TESTDATA=$top_srcdir/testdata

T=$(mktemp -d "${TMPDIR:-/tmp}/exs-test.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
t_count=0
t_failed=0

# t_ok DESCRIPTION COMMAND...: one TAP line for the command's success.
t_ok()
{
	local desc=$1
	shift
	t_count=$((t_count + 1))
	if "$@" >"$T/.out" 2>"$T/.err"; then
		echo "ok $t_count - $desc"
	else
		t_failed=$((t_failed + 1))
		echo "not ok $t_count - $desc"
		sed -e 's/^/#   /' "$T/.out" "$T/.err" | head -n 40
	fi
}

t_skip()
{
	t_count=$((t_count + 1))
	echo "ok $t_count - $1 # SKIP $2"
}

t_done()
{
	echo "1..$t_count"
	exit 0
}

# run_rc EXPECTED_RC COMMAND...: succeed when COMMAND exits EXPECTED_RC;
# its stdout and stderr are left in $T/stdout and $T/stderr.
run_rc()
{
	local want=$1 rc=0
	shift
	"$@" >"$T/stdout" 2>"$T/stderr" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "exit status $rc, expected $want: $*"
		cat "$T/stdout" "$T/stderr"
		return 1
	fi
}

# same_text FILE TEXT: FILE holds exactly TEXT (diff shown otherwise).
same_text()
{
	printf '%s\n' "$2" | diff -u - "$1"
}

# lines FILE N: FILE has exactly N lines.
lines()
{
	local n
	n=$(wc -l <"$1")
	[ "$n" -eq "$2" ] || { echo "$1 has $n lines, expected $2"; cat "$1"; return 1; }
}
