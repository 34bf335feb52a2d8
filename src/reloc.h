/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Relocation records read from raw bytes, for any class and byte order. */
#ifndef EXS_RELOC_H
#define EXS_RELOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elfimg.h"

struct reloc {
	uint64_t offset;	/* r_offset */
	uint64_t sym;		/* symbol index */
	unsigned int type;
	int64_t addend;		/* RELA only */
	uint32_t index;		/* record number */
};

struct reloc_set {
	struct reloc *r;	/* sorted by offset, then record number */
	size_t n;
	bool rela;
	size_t shndx;		/* the relocation section */
};

/* The REL or RELA section that applies to section @target, or 0. */
size_t reloc_section_for(const struct elfimg *img, size_t target);
int reloc_read(struct elfimg *img, size_t rsec, struct reloc_set *rs);
void reloc_free(struct reloc_set *rs);
/* Order by offset, then record number (after offsets changed). */
void reloc_sort(struct reloc_set *rs);
/* Records with r_offset == @offset: *first and the count. */
size_t reloc_find(const struct reloc_set *rs, uint64_t offset, size_t *first);

#endif
