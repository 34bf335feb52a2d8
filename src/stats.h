/* SPDX-License-Identifier: GPL-2.0-or-later */
/* excheck --stats: what a table holds, per file and over all files. */
#ifndef EXS_STATS_H
#define EXS_STATS_H

#include <stdio.h>

#include "check.h"

/* Counts by name: appended freely, combined when printed. */
struct tally {
	struct name_count {
		char *name;
		size_t n;
	} *v;
	size_t n, cap;
};

struct ex_stats {
	size_t files;
	size_t tables;
	size_t entries;
	size_t init;		/* instructions in .init.* text */
	size_t exit;		/* instructions in .exit.* text */
	size_t duplicates;
	/* user-access analysis, in the files that have it */
	size_t ua_files;	/* files analysed */
	size_t ua_inside;	/* x86: entries inside a STAC window */
	size_t ua_outside;	/* x86: entries outside any */
	size_t ua_stac, ua_clac;	/* x86: sites */
	size_t ua_unpriv;	/* arm64: LDTR/STTR instructions */
	struct tally by_type, by_section, by_function;
};

struct uaccess;

/* @ua: the file's user-access analysis, or NULL. */
int stats_add_table(struct ex_stats *s, struct elfimg *img,
		    const struct extable *t, const struct symbols *syms,
		    const struct findings *f, int version,
		    const struct uaccess *ua);
void stats_add_uaccess(struct ex_stats *s, const struct uaccess *ua);
int stats_merge(struct ex_stats *into, const struct ex_stats *from);
void stats_print_text(FILE *out, const char *label, struct ex_stats *s,
		      size_t top);
void stats_print_json(FILE *out, struct ex_stats *s, size_t top);
void stats_free(struct ex_stats *s);

#endif
