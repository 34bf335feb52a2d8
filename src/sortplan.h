/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exsort's work on an image in memory: decide the layout, sort, encode,
 * check the result, and describe the bytes to write.  Nothing here does
 * file I/O, so the same code runs under the fuzzer and in exsort.
 */
#ifndef EXS_SORTPLAN_H
#define EXS_SORTPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfimg.h"
#include "layout.h"

#define EX_TABLE "__ex_table"
#define EX_FLAG "main_extable_sort_needed"

enum relocs_mode {
	RELOCS_UPDATE,	/* move each record with the field it points at */
	RELOCS_KEEP,	/* leave them as they are (stale) */
	RELOCS_ZERO,	/* clear the section, as sorttable did up to 6.13 */
};

struct sort_opts {
	const char *layout;	/* --layout, or NULL to detect */
	bool no_flag;		/* leave main_extable_sort_needed alone */
	enum relocs_mode relocs;
};

/* @size new bytes for file offset @offset; @old holds what was there. */
struct patch {
	const char *what;
	uint64_t offset;
	size_t size;
	unsigned char *bytes;
	unsigned char *old;
};

struct sort_plan {
	struct layout_choice choice;
	size_t count;		/* entries */
	size_t moved;		/* entries that change position */
	bool flag_found;
	bool flag_was_set;
	const char *relocs_name;	/* relocation section, or NULL */
	struct patch patch[3];
	size_t npatch;
};

int sort_plan(struct elfimg *img, const struct sort_opts *o,
	      struct sort_plan *plan);
void sort_plan_free(struct sort_plan *plan);

#endif
