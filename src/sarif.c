// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <string.h>

#include "check.h"
#include "report.h"
#include "sarif.h"

uint64_t sarif_hash(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff;	/* field separator: "ab","c" differs from "a","bc" */
	return h * 0x100000001b3ULL;
}

void sarif_uri(FILE *out, const char *prefix, const char *path)
{
	const char *s;

	fprintf(out, "\"%s", prefix);
	for (s = path; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch) || strchr("-._~/", ch))
			fputc(ch, out);
		else
			fprintf(out, "%%%02X", ch);
	}
	fputc('"', out);
}

/* "uaccess-open" -> "UaccessOpen": a rule name that is not its id. */
static void rule_name(FILE *out, const char *id)
{
	bool up = true;

	fputc('"', out);
	for (; *id; id++) {
		if (*id == '-') {
			up = true;
			continue;
		}
		fputc(up ? toupper((unsigned char)*id) : *id, out);
		up = false;
	}
	fputc('"', out);
}

static void rule(FILE *out, size_t i)
{
	const struct check_info *ci = &check_info[i];
	char text[512];

	fprintf(out, "%s{\"id\":\"%s\",\"name\":", i ? "," : "", ci->name);
	rule_name(out, ci->name);
	fprintf(out, ",\"shortDescription\":{\"text\":");
	json_string(out, ci->summary);
	snprintf(text, sizeof(text),
		 "excheck check %s (-W%s, default level %s): %s.",
		 ci->name, ci->name, severity_name(ci->severity), ci->summary);
	fprintf(out, "},\"fullDescription\":{\"text\":");
	json_string(out, text);
	snprintf(text, sizeof(text),
		 "See excheck(1), section CHECKS, entry %s: what the check looks for, why it matters, and how to silence it (-Wno-%s).",
		 ci->name, ci->name);
	fprintf(out, "},\"help\":{\"text\":");
	json_string(out, text);
	fprintf(out, "},\"helpUri\":\"man:excheck(1)#%s\"", ci->name);
	fprintf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}",
		severity_name(ci->severity));
	fprintf(out, ",\"properties\":{\"tags\":[\"kernel\",\"exception-table\"]}}");
}

void sarif_begin(FILE *out, const char *version)
{
	size_t i;

	fprintf(out, "{\"$schema\":\"https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json\",");
	fprintf(out, "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"excheck\",\"version\":");
	json_string(out, version);
	fprintf(out, ",\"rules\":[");
	for (i = 0; i < CHK_COUNT; i++)
		rule(out, i);
	fprintf(out, "]}},\"columnKind\":\"utf16CodeUnits\",\"results\":[");
}

void sarif_end(FILE *out, const char *notes, int exit_status)
{
	const char *line = notes;
	bool first = true;

	fprintf(out, "],\"invocations\":[{\"executionSuccessful\":%s,\"exitCode\":%d,\"toolExecutionNotifications\":[",
		exit_status < EXC_TROUBLE ? "true" : "false", exit_status);
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char text[1024];

		snprintf(text, sizeof(text), "%.*s", (int)len, line);
		fprintf(out, "%s{\"level\":\"error\",\"message\":{\"text\":",
			first ? "" : ",");
		json_string(out, text);
		fprintf(out, "}}");
		first = false;
		line = nl ? nl + 1 : line + len;
	}
	fprintf(out, "]}]}]}\n");
}
