/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-access analysis: the places where code opens user access or
 * touches user memory, matched against the exception table.
 *
 * x86: STAC and CLAC are SMAP alternatives (.altinstructions entries
 * whose replacement is the instruction); a STAC must be followed by a
 * CLAC before its function ends (uaccess-open).
 * arm64: every unprivileged load or store (LDTR/STTR) needs a table
 * entry (uaccess-unpaired), and a user-access entry must name an
 * instruction that can touch memory (uaccess-target).
 */
#ifndef EXS_UACCESS_H
#define EXS_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"

enum ua_op { UA_STAC, UA_CLAC };

/* An x86 STAC or CLAC site: where the alternative patches it in. */
struct ua_site {
	size_t shndx;
	uint64_t addr;		/* address; offset in section (ET_REL) */
	enum ua_op op;
};

struct uaccess {
	enum ua_method method;	/* the analysis that ran, UA_NONE if none */
	char note[256];		/* why it did not run, or what it lacked */
	struct ua_site *site;	/* x86: sorted by section and address */
	size_t nsite;
	size_t nstac, nclac;
	unsigned int altsize;	/* x86: struct alt_instr size used */
	const char *altsource;	/* "BTF", "DWARF", "contents" */
	size_t scanned;		/* arm64: instructions looked at */
	size_t unpriv;		/* arm64: LDTR/STTR found */
	const struct symbols *syms;
	struct elfimg *img;
};

/*
 * Run the analysis the machine has over @c->img, reporting findings
 * through @c (whose table is the file's __ex_table, or NULL if it has
 * none).  -1 on trouble (img->err): a malformed file, or an
 * .altinstructions whose entry size cannot be told.
 */
int uaccess_analyse(struct check_ctx *c, struct uaccess *ua);
void uaccess_free(struct uaccess *ua);

/*
 * For --list and --stats: 1 if table entry @v lies inside an open
 * user-access window (after a STAC, before the next CLAC, in one
 * function), 0 if not, -1 if unknown (no analysis).
 */
int uaccess_in_window(const struct uaccess *ua, const struct ex_view *v);

/* "x86 STAC/CLAC" and the like, for messages; NULL for UA_NONE. */
const char *uaccess_method_name(enum ua_method m);

#endif
