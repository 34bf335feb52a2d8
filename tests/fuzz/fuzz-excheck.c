// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for excheck's whole read path: excheck_image() on one
 * buffer, as excheck does on a mapped file (unpacking, ELF access, layout
 * from BTF, DWARF or contents, relocations, every check, the user-access
 * analysis, source lines through libdwfl, --stats and each output
 * format).
 *
 * Input: two options bytes, then the file.
 *   byte 0 bit 0     --format=json (else text)
 *          bit 1     --list
 *          bit 2     --summary
 *          bit 3     --verbose
 *          bits 4-7  0: detect the layout; 1-9: --layout= layout id N-1;
 *                    10-15: detect
 *   byte 1 bit 0     --stats=N, with N = 1 + bits 1-3, and the total
 *                    printed after the file as excheck does
 *          bit 4     -Werror
 *          bit 5     -Wno-duplicate
 *          bit 6     --format=sarif, in the frame excheck prints (unless
 *                    --list, --summary or --stats)
 * To replay a reproducer with the real tool: tail -c +3 CRASH > f;
 * excheck f (with the options above).
 *
 * Besides what the sanitizers catch, the harness aborts when excheck
 * writes into its input (excheck maps files PROT_READ), returns a code
 * other than 0, 1 or 2, reports trouble without a message, or prints
 * JSON or SARIF that is not exactly one well-formed object.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfimg.h"
#include "layout.h"
#include "report.h"
#include "sarif.h"
#include "stats.h"

#define UNPACK_LIMIT ((size_t)16 << 20)

/* ---- a strict JSON checker (RFC 8259), enough to judge the output ---- */

struct json {
	const char *p, *end;
	int depth;
};

static void json_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static bool json_lit(struct json *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool json_number(struct json *j)
{
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p == j->end || !is_digit(*j->p))
		return false;
	if (*j->p == '0')
		j->p++;
	else
		while (j->p < j->end && is_digit(*j->p))
			j->p++;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p == j->end || !is_digit(*j->p))
			return false;
		while (j->p < j->end && is_digit(*j->p))
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p == j->end || !is_digit(*j->p))
			return false;
		while (j->p < j->end && is_digit(*j->p))
			j->p++;
	}
	return true;
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool json_str(struct json *j)
{
	int i;

	if (j->p == j->end || *j->p != '"')
		return false;
	for (j->p++; j->p < j->end; j->p++) {
		unsigned char c = (unsigned char)*j->p;

		if (c == '"') {
			j->p++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\')
			continue;
		if (++j->p == j->end)
			return false;
		switch (*j->p) {
		case '"': case '\\': case '/': case 'b': case 'f':
		case 'n': case 'r': case 't':
			break;
		case 'u':
			for (i = 0; i < 4; i++)
				if (++j->p == j->end || !is_hex(*j->p))
					return false;
			break;
		default:
			return false;
		}
	}
	return false;
}

static bool json_value(struct json *j);

static bool json_members(struct json *j, char close, bool keyed)
{
	j->p++;		/* the opening bracket */
	json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return true;
	}
	for (;;) {
		if (keyed) {
			json_ws(j);
			if (!json_str(j))
				return false;
			json_ws(j);
			if (j->p == j->end || *j->p++ != ':')
				return false;
		}
		if (!json_value(j))
			return false;
		json_ws(j);
		if (j->p == j->end)
			return false;
		if (*j->p == close) {
			j->p++;
			return true;
		}
		if (*j->p++ != ',')
			return false;
	}
}

static bool json_value(struct json *j)
{
	bool ok;

	json_ws(j);
	if (j->p == j->end)
		return false;
	switch (*j->p) {
	case '{':
	case '[':
		if (++j->depth > 64)
			return false;
		ok = json_members(j, *j->p == '{' ? '}' : ']', *j->p == '{');
		j->depth--;
		return ok;
	case '"':
		return json_str(j);
	case 't':
		return json_lit(j, "true");
	case 'f':
		return json_lit(j, "false");
	case 'n':
		return json_lit(j, "null");
	default:
		return json_number(j);
	}
}

/* Exactly one JSON object, nothing around it but white space. */
static bool json_one_object(const char *s, size_t n)
{
	struct json j = { s, s + n, 0 };

	json_ws(&j);
	if (j.p == j.end || *j.p != '{' || !json_value(&j))
		return false;
	json_ws(&j);
	return j.p == j.end;
}

/* ---- the harness ---- */

static void fail(const char *what, const char *out, size_t outlen)
{
	fprintf(stderr, "fuzz-excheck: %s\n--- output (%zu bytes) ---\n%.*s\n---\n",
		what, outlen, (int)(outlen > 4096 ? 4096 : outlen), out);
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	elfimg_global_init();
	return 0;
}

/* The --stats total, as excheck prints it after all files. */
static void print_total(struct ex_stats *total, const struct excheck_opts *o)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);

	if (!f)
		abort();
	if (o->format == FMT_JSON)
		stats_print_json(f, total, o->stats_top);
	else
		stats_print_text(f, "total", total, o->stats_top);
	fclose(f);
	if (o->format == FMT_JSON && !json_one_object(out, outlen))
		fail("JSON of the --stats total is not one well-formed object",
		     out, outlen);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ex_stats total = { 0 };
	struct excheck_opts o;
	const struct ex_layout *l;
	unsigned int n;
	unsigned char *buf;
	char *out = NULL, *err = NULL;
	size_t outlen = 0, errlen = 0;
	FILE *fout, *ferr;
	int rc;

	/* excheck refuses an empty file before it gets this far */
	if (size < 3)
		return 0;
	memset(&o, 0, sizeof(o));
	check_policy_init(&o.policy);
	o.format = data[0] & 1 ? FMT_JSON : FMT_TEXT;
	o.list = data[0] & 2;
	o.summary = data[0] & 4;
	o.verbose = data[0] & 8;
	n = data[0] >> 4;	/* 1-9: a layout id + 1 */
	l = n ? layout_by_id((enum layout_id)(n - 1)) : NULL;
	o.layout = l ? l->name : NULL;
	o.stats = data[1] & 1;
	o.stats_top = 1 + ((data[1] >> 1) & 7);
	if ((data[1] & 0x10) && check_policy_option(&o.policy, "error"))
		abort();
	if ((data[1] & 0x20) && check_policy_option(&o.policy, "no-duplicate"))
		abort();
	/* SARIF goes with none of --list, --summary, --stats */
	if ((data[1] & 0x40) && !o.list && !o.summary && !o.stats)
		o.format = FMT_SARIF;
	o.unpack_limit = UNPACK_LIMIT;
	data += 2;
	size -= 2;

	/* a private copy: excheck gets a page-aligned read-only mapping,
	 * and must not write into it */
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	fout = open_memstream(&out, &outlen);
	ferr = open_memstream(&err, &errlen);
	if (!fout || !ferr)
		abort();

	if (o.format == FMT_SARIF)
		sarif_begin(fout, PACKAGE_VERSION);
	rc = o.stats ? excheck_image_stats("fuzz", buf, size, &o, fout, ferr,
					   &total) :
	     excheck_image("fuzz", buf, size, &o, fout, ferr);
	if (o.format == FMT_SARIF) {
		/* as excheck does: trouble lines become notifications */
		fflush(ferr);
		sarif_end(fout, errlen ? err : NULL, rc);
	}

	fclose(fout);
	fclose(ferr);
	if (memcmp(buf, data, size) != 0)
		fail("excheck_image wrote into its input", out, outlen);
	if (rc != EXC_OK && rc != EXC_FINDINGS && rc != EXC_TROUBLE)
		fail("excheck_image returned an unknown code", out, outlen);
	if (rc == EXC_TROUBLE && errlen == 0)
		fail("trouble without a message on the error stream", out,
		     outlen);
	if (o.format != FMT_TEXT && !json_one_object(out, outlen))
		fail("JSON or SARIF output is not one well-formed object", out,
		     outlen);
	if (o.stats)
		print_total(&total, &o);
	stats_free(&total);
	free(out);
	free(err);
	free(buf);
	return 0;
}
