/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoded exception table entries: every address absolute, every value
 * raw, so entries can be compared, checked and re-encoded anywhere.
 */
#ifndef EXS_TABLE_H
#define EXS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout.h"

struct ex_entry {
	uint64_t insn;		/* absolute address */
	uint64_t fixup;		/* absolute address (raw value for alpha) */
	uint64_t handler;	/* absolute handler address, 0 = none */
	uint32_t data;		/* x86 data word, parisc opcode, short data */
	uint16_t type;		/* short type, or x86 data bits 0-7 */
	uint32_t index;		/* position in the table as read */
};

/* How to read and write one table: byte order, address width, layout. */
struct ex_codec {
	const struct ex_layout *layout;
	bool msb;
	uint64_t addr_mask;
};

void ex_codec_init(struct ex_codec *c, const struct ex_layout *layout,
		   const struct elfimg *img);

/* Decode the entry at @p, whose first byte has address @addr. */
void ex_decode(const struct ex_codec *c, const unsigned char *p,
	       uint64_t addr, struct ex_entry *e);
/* Encode @e at @p (address @addr); -1 if a relative field cannot reach. */
int ex_encode(const struct ex_codec *c, unsigned char *p, uint64_t addr,
	      const struct ex_entry *e);

/*
 * The sorted order of @e[0..n), whose index fields are 0..n-1: by insn,
 * then fixup, then index (a total order).  order[i] is the index of the
 * entry that goes to position i; malloc'd, NULL when out of memory.
 */
uint32_t *ex_sort_order(const struct ex_entry *e, size_t n);
int ex_cmp(const struct ex_entry *a, const struct ex_entry *b);
bool ex_same(const struct ex_entry *a, const struct ex_entry *b);

#endif
