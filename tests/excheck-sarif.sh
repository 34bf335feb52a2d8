#!/bin/sh
# excheck --format=sarif: valid SARIF 2.1.0 (checked against the OASIS
# schema by tests/sarif/validate.sh), one rule per check, results with
# a location and stable fingerprints, trouble as notifications.
. "${top_srcdir:-.}/tests/lib.sh"

U=$TESTDATA/uaccess
VALIDATE=$top_srcdir/tests/sarif/validate.sh

# findings of several checks, one at a source line (DWARF in the file),
# and a file that cannot be read
(cd "$TESTDATA" && "$EXCHECK" --format=sarif uaccess/x86_64-faulty-vmlinux \
	uaccess/aarch64-faulty-module.o cross/x86_64-vmlinux cross/i386-module.o \
	debuginfo/vmlinux-duplicate nonexistent.ko) >"$T/log.sarif" 2>"$T/err"
echo $? >"$T/rc"

t_ok "exit status 2 with a file that cannot be read" same_text "$T/rc" 2

rc=0
sh "$VALIDATE" "$T/log.sarif" >"$T/v" 2>&1 || rc=$?
if [ "$rc" = 77 ]; then
	t_skip "the log is valid SARIF 2.1.0" "$(tail -n 1 "$T/v")"
else
	t_ok "the log is valid SARIF 2.1.0" sh -c 'cat "$1"; [ "$2" = 0 ]' sh "$T/v" "$rc"
fi

t_ok "one rule per check, in --list-checks order" sh -c '
	jq -r ".runs[0].tool.driver.rules[].id" "$1" >"$1.ids" &&
	"$2" --list-checks | cut -d" " -f1 | diff -u - "$1.ids"' sh "$T/log.sarif" "$EXCHECK"

t_ok "each result: a known rule, its index, a location with a URI" jq -e '
	.runs[0] as $r | ($r.results | length) > 0 and
	all($r.results[]; . as $x |
		$r.tool.driver.rules[$x.ruleIndex].id == $x.ruleId and
		($x.locations[0].physicalLocation.artifactLocation.uri | length) > 0 and
		($x.partialFingerprints["excheckFinding/v1"] | test("^[0-9a-f]{16}$")))' "$T/log.sarif"

t_ok "the findings expected: 2 uaccess-open, 2 uaccess-unpaired, 1 uaccess-target, 3 duplicate" sh -c '
	jq -r "[.runs[0].results[].ruleId] | group_by(.) | map(\"\(.[0]) \(length)\") | .[]" "$1" >"$1.n" &&
	printf "%s\n" "duplicate 3" "uaccess-open 2" "uaccess-target 1" "uaccess-unpaired 2" | diff -u - "$1.n"' sh "$T/log.sarif"

t_ok "no source line: the binary, with section and offset in the message" jq -e '
	[.runs[0].results[] | select(.ruleId == "uaccess-open")][0] |
	.locations[0].physicalLocation.artifactLocation.uri == "uaccess/x86_64-faulty-vmlinux" and
	(.message.text | test("\\(\\.text\\+0xd0\\)$")) and
	.locations[0].logicalLocations[0].fullyQualifiedName == "fx_bad_open+0x0"' "$T/log.sarif"

t_ok "at a source line: the file under %SRCROOT%, the line, the function" jq -e '
	[.runs[0].results[] | select(.properties.binary == "debuginfo/vmlinux-duplicate")] |
	length == 1 and .[0].ruleId == "duplicate" and .[0].properties.index == 12 and
	.[0].locations[0].physicalLocation.artifactLocation ==
		{"uri": "arch/x86/lib/getuser.S", "uriBaseId": "%SRCROOT%"} and
	.[0].locations[0].physicalLocation.region.startLine == 11 and
	.[0].locations[0].logicalLocations[0].fullyQualifiedName == "__get_user_8+0x3"' "$T/log.sarif"

t_ok "trouble is a tool notification, and the run failed" jq -e '
	.runs[0].invocations[0].executionSuccessful == false and
	(.runs[0].invocations[0].toolExecutionNotifications[0].message.text |
	 test("nonexistent.ko: No such file"))' "$T/log.sarif"

# fingerprints hold no addresses or paths: the same file elsewhere, and
# the same code in a module instead of an image, give the same values
prints()
{
	jq -r '.runs[0].results[] | "\(.ruleId) \(.partialFingerprints["excheckFinding/v1"])"' "$1" | sort
}
stable()
{
	mkdir -p "$T/a/b" && cp "$U/x86_64-faulty-vmlinux" "$T/a/b/" &&
	"$EXCHECK" --format=sarif "$U/x86_64-faulty-vmlinux" >"$T/1.sarif"
	"$EXCHECK" --format=sarif -j3 "$T/a/b/x86_64-faulty-vmlinux" >"$T/2.sarif"
	prints "$T/1.sarif" >"$T/1" && prints "$T/2.sarif" >"$T/2" &&
	[ "$(wc -l <"$T/1")" = 2 ] && diff -u "$T/1" "$T/2" &&
	[ "$(cut -d" " -f2 "$T/1" | sort -u | wc -l)" = 2 ]
}
t_ok "fingerprints: same for the same finding, distinct for two" stable

t_ok "an empty run is a valid log with no results" sh -c '
	"$1" --format=sarif "$2/uaccess/x86_64-clean-vmlinux" >"$3/e.sarif" &&
	jq -e ".runs[0].results == [] and .runs[0].invocations[0].executionSuccessful" "$3/e.sarif" >/dev/null' \
	sh "$EXCHECK" "$TESTDATA" "$T"
t_ok "--format=sarif does not go with --list" sh -c '
	"$1" --format=sarif --list "$2/cross/x86_64-vmlinux" 2>/dev/null; [ $? = 2 ]' sh "$EXCHECK" "$TESTDATA"
t_done
