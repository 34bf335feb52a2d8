#!/bin/sh
# validate.sh [-v] FILE.sarif...: check SARIF logs against the OASIS
# SARIF 2.1.0 JSON schema (draft-07).
#
# Exit status: 0 all valid; 1 some file invalid (errors printed as
# FILE: JSON-PATH: MESSAGE); 2 usage; 77 the schema or the validator
# cannot be had (no network, not root), Automake's skip; 99 the schema
# fetched does not have the pinned checksum.
#
# The schema is not in the tree: it is taken once from a pinned npm
# package (see README) into $EXS_SARIF_CACHE, and checked by sha256.
# The validator is Debian's python3-jsonschema, installed with apt-get
# when missing and running as root (not when EXS_SARIF_NO_INSTALL is set).
set -u
LC_ALL=C
export LC_ALL

# The pin.  To refresh, see README.
SCHEMA_PKG=@datadog/datadog-ci@2.48.0
SCHEMA_MEMBER=package/dist/commands/sarif/json-schema/sarif-schema-2.1.0.json
SCHEMA_SHA256=10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454

me=validate.sh
verbose=0
if [ "${1-}" = -v ]; then
	verbose=1
	shift
fi
if [ $# -eq 0 ] || [ "${1-}" = -h ] || [ "${1-}" = --help ]; then
	echo "usage: $me [-v] FILE.sarif..." >&2
	exit 2
fi

skip()
{
	echo "$me: SKIP: $*" >&2
	exit 77
}

if [ -z "${EXS_SARIF_CACHE-}" ]; then
	if [ -n "${XDG_CACHE_HOME-}" ]; then
		EXS_SARIF_CACHE=$XDG_CACHE_HOME/exsort-tests/sarif
	elif [ -n "${HOME-}" ]; then
		EXS_SARIF_CACHE=$HOME/.cache/exsort-tests/sarif
	else
		EXS_SARIF_CACHE=${TMPDIR:-/tmp}/exsort-tests-cache/sarif
	fi
fi
mkdir -p "$EXS_SARIF_CACHE" || skip "cannot create $EXS_SARIF_CACHE"
schema=$EXS_SARIF_CACHE/sarif-schema-2.1.0.json

sha_ok()
{
	[ -f "$1" ] &&
	[ "$(sha256sum <"$1" | cut -d' ' -f1)" = "$SCHEMA_SHA256" ]
}

# fetch_schema: npm pack (download only, no install, no scripts) into a
# scratch directory, take the one member, check it, move it in place.
fetch_schema()
{
	command -v npm >/dev/null 2>&1 || skip "no schema cached and no npm to fetch $SCHEMA_PKG"
	tmp=$(mktemp -d "$EXS_SARIF_CACHE/fetch.XXXXXX") || skip "mktemp failed"
	to=
	command -v timeout >/dev/null 2>&1 && to="timeout 300"
	if ! $to npm pack "$SCHEMA_PKG" --pack-destination "$tmp" \
		--cache "$EXS_SARIF_CACHE/npm" --ignore-scripts --prefer-offline \
		--fetch-retries 2 --fetch-retry-maxtimeout 20000 \
		--fetch-timeout 60000 --loglevel error \
		>"$tmp/npm.out" 2>"$tmp/npm.err"; then
		sed -e 's/^/#   /' "$tmp/npm.err" | head -n 10 >&2
		rm -rf "$tmp"
		skip "npm pack $SCHEMA_PKG failed (offline?)"
	fi
	for tgz in "$tmp"/*.tgz; do break; done
	if [ ! -f "$tgz" ] ||
	   ! tar -xzOf "$tgz" "$SCHEMA_MEMBER" >"$tmp/schema.json" 2>/dev/null; then
		rm -rf "$tmp"
		echo "$me: $SCHEMA_PKG has no $SCHEMA_MEMBER" >&2
		exit 99
	fi
	if ! sha_ok "$tmp/schema.json"; then
		echo "$me: $SCHEMA_MEMBER from $SCHEMA_PKG:" \
		     "sha256 $(sha256sum <"$tmp/schema.json" | cut -d' ' -f1)," \
		     "expected $SCHEMA_SHA256" >&2
		rm -rf "$tmp"
		exit 99
	fi
	mv -f "$tmp/schema.json" "$schema"
	rm -rf "$tmp"
}

# has_jsonschema PYTHON: its jsonschema has Draft7Validator.
has_jsonschema()
{
	"$1" -c 'from jsonschema import Draft7Validator' >/dev/null 2>&1
}

# find_python: Debian's python3 with python3-jsonschema, installed here
# if need be (root), so the version and the formats checked are the
# distribution's; else, not root, any python3 with jsonschema.
find_python()
{
	has_jsonschema /usr/bin/python3 && { echo /usr/bin/python3; return 0; }
	if [ "${1-}" = fallback ] && has_jsonschema python3; then
		echo python3
		return 0
	fi
	return 1
}

install_validator()
{
	[ -z "${EXS_SARIF_NO_INSTALL-}" ] && [ "$(id -u)" = 0 ] &&
		command -v apt-get >/dev/null 2>&1 || return 0
	log=$EXS_SARIF_CACHE/apt.log
	# python3-rfc3987 makes the "uri" and "uri-reference" formats count.
	set -- python3-jsonschema python3-rfc3987
	apt_install()
	{
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends -o DPkg::Lock::Timeout=300 "$@"
	}
	apt_install "$@" >"$log" 2>&1 ||
	{ apt-get update -q >>"$log" 2>&1 && apt_install "$@" >>"$log" 2>&1; } ||
	{ tail -n 5 "$log" | sed -e 's/^/#   /' >&2; echo "$me: apt-get install $* failed" >&2; }
}

# One setup at a time: parallel test scripts share the cache and dpkg.
setup()
{
	sha_ok "$schema" || { rm -f "$schema"; fetch_schema; }
	/usr/bin/python3 -c 'import jsonschema, rfc3987' >/dev/null 2>&1 ||
		install_validator
}
if command -v flock >/dev/null 2>&1; then
	exec 9>"$EXS_SARIF_CACHE/.lock"
	flock 9
	setup
	flock -u 9
	exec 9>&-
else
	setup
fi
py=$(find_python fallback) ||
	skip "no python3-jsonschema (apt-get install python3-jsonschema python3-rfc3987, as root)"

EXS_SARIF_SCHEMA=$schema EXS_SARIF_VERBOSE=$verbose \
EXS_SARIF_PIN="$SCHEMA_PKG $SCHEMA_MEMBER" \
exec "$py" - "$@" <<'EOF'
import json, os, re, sys
import jsonschema
from jsonschema import FormatChecker, validators
from jsonschema.exceptions import best_match

MAX_ERRORS = int(os.environ.get("EXS_SARIF_MAX_ERRORS", "20"))
verbose = os.environ.get("EXS_SARIF_VERBOSE") == "1"

with open(os.environ["EXS_SARIF_SCHEMA"], encoding="utf-8") as f:
    schema = json.load(f)
cls = validators.validator_for(schema)
cls.check_schema(schema)

# The draft's own format checker: with python3-rfc3987 it checks uri and
# uri-reference.  date-time needs rfc3339-validator, not in Debian 12:
# check it here, RFC 3339 section 5.6 (SARIF 3.9 wants UTC, "Z").
checker = getattr(cls, "FORMAT_CHECKER", None)
if checker is None:
    checker = FormatChecker()
if "date-time" not in checker.checkers:
    RFC3339 = re.compile(
        r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]"
        r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
        r"([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)\Z")

    @checker.checks("date-time")
    def _date_time(value):
        return not isinstance(value, str) or bool(RFC3339.match(value))

validator = cls(schema, format_checker=checker)
unchecked = sorted({"uri", "uri-reference", "date-time"} - set(checker.checkers))
if unchecked:
    sys.stderr.write("# note: formats not checked: %s (python3-rfc3987 brings uri"
                     " and uri-reference)\n" % " ".join(unchecked))
if verbose:
    try:
        from importlib.metadata import version
        jv = version("jsonschema")
    except Exception:
        jv = getattr(jsonschema, "__version__", "?")
    used = sorted({"uri", "uri-reference", "date-time"} & set(checker.checkers))
    print("# schema: %s (%s)" % (os.environ["EXS_SARIF_PIN"], schema.get("$schema")))
    print("# validator: %s, jsonschema %s on %s; formats checked: %s"
          % (cls.__name__, jv, sys.executable, " ".join(used)))

def where(path):
    s = "$"
    for p in path:
        s += "[%d]" % p if isinstance(p, int) else "." + str(p)
    return s

def short(msg, n=200):
    msg = " ".join(msg.split())
    return msg if len(msg) <= n else msg[:n - 3] + "..."

rc = 0
for name in sys.argv[1:]:
    try:
        with open(name, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: %s" % (name, short(str(e))))
        rc = 1
        continue
    errors = sorted(validator.iter_errors(doc),
                    key=lambda e: [str(p) for p in e.absolute_path])
    for e in errors[:MAX_ERRORS]:
        line = "%s: %s: %s" % (name, where(e.absolute_path), short(e.message))
        if e.context:
            # anyOf/oneOf: say which branch came closest, and why not.
            b = best_match(e.context)
            line += " [closest: %s: %s]" % (where(b.absolute_path), short(b.message, 120))
        print(line)
    if len(errors) > MAX_ERRORS:
        print("%s: ... and %d more" % (name, len(errors) - MAX_ERRORS))
    if errors:
        rc = 1
    elif verbose:
        print("%s: valid" % name)
sys.exit(rc)
EOF
