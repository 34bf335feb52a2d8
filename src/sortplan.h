/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exsort's work on an image in memory: decide the layout, sort every
 * table the kernel expects sorted, encode, check the result, and
 * describe the bytes to write.  Nothing here does file I/O, so the same
 * code runs under the fuzzer and in exsort.
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

/* The tables exsort sorts; each can be skipped. */
enum table_kind {
	TBL_EXTABLE,	/* __ex_table */
	TBL_AMODE31,	/* s390 .amode31.ex_table */
	TBL_DBE,	/* mips __dbe_table */
	TBL_ORC,	/* x86-64 .orc_unwind_ip and .orc_unwind */
	TBL_MCOUNT,	/* __mcount_loc */
	TBL_KINDS
};

#define SKIP(kind) (1u << (kind))

/* Name used by --skip for each kind, or NULL. */
const char *table_kind_name(enum table_kind kind);

struct weak_funcs;

struct sort_opts {
	const char *layout;	/* --layout, or NULL to detect */
	bool no_flag;		/* leave main_extable_sort_needed alone */
	enum relocs_mode relocs;
	unsigned int skip;	/* SKIP() bits */
	const struct weak_funcs *weak;	/* -s: functions whose mcount
					 * entries are zeroed, or NULL */
};

/* @size new bytes for file offset @offset; @old points at what is there. */
struct patch {
	const char *what;
	uint64_t offset;
	size_t size;
	unsigned char *bytes;
	const unsigned char *old;	/* in the image */
};

/* What happened to one table. */
struct table_report {
	const char *name;
	const char *layout;	/* entry layout, or NULL */
	const char *source;	/* how the layout was found */
	size_t count;
	size_t moved;		/* entries that change position */
	size_t zeroed;		/* mcount entries of weak functions */
	const char *relocs;	/* its relocation section, or NULL */
};

#define PLAN_TABLES 8
#define PLAN_PATCHES 16

struct sort_plan {
	struct layout_choice choice;	/* of __ex_table */
	struct table_report table[PLAN_TABLES];
	size_t ntables;
	size_t moved;		/* in all tables */
	bool flag_found;
	bool flag_was_set;
	struct patch patch[PLAN_PATCHES];
	size_t npatch;
};

int sort_plan(struct elfimg *img, const struct sort_opts *o,
	      struct sort_plan *plan);
void sort_plan_free(struct sort_plan *plan);

/* For the table sorters: */
struct patch *plan_patch(struct elfimg *img, struct sort_plan *plan,
			 const char *what, uint64_t offset, size_t size);
struct table_report *plan_table(struct sort_plan *plan, const char *name);
/*
 * The table in section @shndx (entries of @entsize bytes) was permuted,
 * entry i moving to newpos[i]: carry its REL/RELA section along as
 * @mode says, noting it in @rep.
 */
int plan_relocs(struct elfimg *img, struct sort_plan *plan, size_t shndx,
		unsigned int entsize, const uint32_t *newpos,
		enum relocs_mode mode, struct table_report *rep);
/* The same for a table at [base, base + size) inside section @shndx. */
int plan_relocs_range(struct elfimg *img, struct sort_plan *plan,
		      size_t shndx, uint64_t base, uint64_t size,
		      unsigned int entsize, const uint32_t *newpos,
		      enum relocs_mode mode, struct table_report *rep);

#endif
