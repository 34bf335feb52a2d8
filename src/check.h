/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * excheck's checks.  Each has a stable name and a default severity; a
 * run produces findings, which the reporter prints.
 */
#ifndef EXS_CHECK_H
#define EXS_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extable.h"
#include "symbols.h"

enum check_id {
	CHK_TABLE_SIZE,
	CHK_INSN_RANGE,
	CHK_FIXUP_RANGE,
	CHK_ALTINSTR,
	CHK_DISCARDED,
	CHK_UNSORTED,
	CHK_DUPLICATE,
	CHK_BAD_TYPE,
	CHK_MISSING_RELOC,
	CHK_BAD_RELOC,
	CHK_MISALIGNED,
	CHK_UACCESS_OPEN,
	CHK_UACCESS_UNPAIRED,
	CHK_UACCESS_TARGET,
	CHK_COUNT
};

enum severity { SEV_NONE, SEV_NOTE, SEV_WARNING, SEV_ERROR };

/* "none", "note", "warning", "error": in text, JSON and SARIF alike. */
const char *severity_name(enum severity sev);

struct check_info {
	const char *name;
	enum severity severity;
	const char *summary;
};

extern const struct check_info check_info[CHK_COUNT];

/* -W settings: what each check reports at, after the user's options. */
struct check_policy {
	bool enabled[CHK_COUNT];
	bool werror[CHK_COUNT];
};

void check_policy_init(struct check_policy *p);
/* Apply one -W option (the text after "-W"); -1 if not understood. */
int check_policy_option(struct check_policy *p, const char *opt);
enum check_id check_by_name(const char *name);

struct finding {
	enum check_id check;
	enum severity severity;
	long index;		/* entry, or -1 for the whole table */
	const char *where;	/* section named in the report: the table's,
				 * or the code's for a site with no entry */
	const char *field;	/* "insn", "fixup", "handler", or NULL */
	struct ex_loc loc;	/* where that field points */
	char msg[320];
};

struct findings {
	struct finding *f;
	size_t n, cap;
	size_t count[CHK_COUNT];
	size_t errors, warnings, notes;
};

/* What the checks know about the file beyond the table. */
struct check_ctx {
	struct elfimg *img;
	struct extable *table;
	struct symbols *syms;
	const struct check_policy *policy;
	int flag;		/* main_extable_sort_needed: 0, 1, or -1 unknown;
				 * 2 for tables the kernel always sorts */
	int version;		/* kernel major * 100 + minor, 0 if unknown */
	struct findings *out;
};

int check_table(struct check_ctx *c);
/*
 * Report a finding of check @id at its own severity (a note if @note),
 * as the -W policy says; about entry @index (-1: none) and its @field at
 * @loc.  -1 only when out of memory.
 */
int check_report(struct check_ctx *c, enum check_id id, bool note,
		 long index, const char *field, const struct ex_loc *loc,
		 const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void findings_free(struct findings *f);

/* "sym+0x10", "section+0x10" or "?" for a location. */
void loc_describe(struct elfimg *img, const struct symbols *syms,
		  const struct ex_loc *loc, char *buf, size_t len);
/* The name of a type value, or NULL if the architecture has none. */
const char *type_name(const struct extable *t, int version, unsigned int type);

#endif
