/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * __mcount_loc: the ftrace call sites, absolute addresses between
 * __start_mcount_loc and __stop_mcount_loc, sorted ascending.  On arm64
 * the words may be zero with the values in R_AARCH64_RELATIVE addends.
 */
#ifndef EXS_MCOUNT_H
#define EXS_MCOUNT_H

#include <stdint.h>
#include <stdio.h>

#include "sortplan.h"

/* Text functions from an `nm -S` listing, sorted by address. */
struct weak_funcs {
	struct func_range {
		uint64_t addr, size;
	} *f;
	size_t n;
};

/*
 * Read an `nm -S` listing as the kernel's sorttable -s does: lines
 * "ADDR SIZE TYPE NAME", keeping types t, T and W.  -1 with @why on
 * trouble (an unreadable or unparseable file).
 */
int weak_funcs_read(FILE *f, struct weak_funcs *w, const char **why);
void weak_funcs_free(struct weak_funcs *w);

/* Plan the __mcount_loc sort, if the image has the table; 0 if not. */
int mcount_plan(struct elfimg *img, const struct sort_opts *o,
		struct sort_plan *plan);

#endif
