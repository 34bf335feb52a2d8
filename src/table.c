// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "radix.h"

#include "table.h"
#include "util.h"

void ex_codec_init(struct ex_codec *c, const struct ex_layout *layout,
		   const struct elfimg *img)
{
	c->layout = layout;
	c->msb = img->msb;
	c->addr_mask = img->addr_mask;
}

static uint64_t get_field(const struct ex_codec *c, const struct ex_field *f,
			  const unsigned char *p, uint64_t addr)
{
	uint64_t raw = exs_get(p + f->offset, f->size, c->msb);

	switch (f->kind) {
	case FK_REL_OR_ZERO:
		if (raw == 0)
			return 0;
		/* fall through */
	case FK_REL:
		return (addr + f->offset +
			(uint64_t)exs_sext(raw, f->size * 8)) & c->addr_mask;
	default:
		return raw;
	}
}

/* Store @v in field @f of the entry at @p (address @addr). */
static int put_field(const struct ex_codec *c, const struct ex_field *f,
		     unsigned char *p, uint64_t addr, uint64_t v)
{
	unsigned int bits = f->size * 8;
	unsigned int addr_bits = c->addr_mask == UINT32_MAX ? 32 : 64;
	uint64_t at = (addr + f->offset) & c->addr_mask;
	int64_t d;

	switch (f->kind) {
	case FK_NONE:
		return 0;
	case FK_REL_OR_ZERO:
		if (v == 0)
			break;
		/* fall through */
	case FK_REL:
		/* signed distance in the address space; a field as wide as
		 * an address reaches everywhere by wrapping around */
		d = exs_sext((v - at) & c->addr_mask, addr_bits);
		if (bits < addr_bits &&
		    (d < -(1ll << (bits - 1)) || d >= (1ll << (bits - 1))))
			return -1;
		v = (uint64_t)d;
		break;
	default:
		break;
	}
	exs_put(p + f->offset, f->size, c->msb, v);
	return 0;
}

void ex_decode(const struct ex_codec *c, const unsigned char *p,
	       uint64_t addr, struct ex_entry *e)
{
	const struct ex_layout *l = c->layout;
	uint64_t extra = 0;

	e->insn = get_field(c, &l->insn, p, addr);
	e->fixup = get_field(c, &l->fixup, p, addr);
	if (l->extra.kind != FK_NONE)
		extra = get_field(c, &l->extra, p, addr);
	e->handler = 0;
	e->data = 0;
	e->type = 0;
	switch (l->extra_kind) {
	case EXTRA_HANDLER:
		e->handler = extra;
		break;
	case EXTRA_DATA32:
		e->data = (uint32_t)extra;
		e->type = extra & 0xff;
		break;
	case EXTRA_TYPE_DATA16:
		e->type = (uint16_t)exs_get(p + l->extra.offset, 2, c->msb);
		e->data = (uint16_t)exs_get(p + l->extra.offset + 2, 2, c->msb);
		break;
	case EXTRA_OPCODE32:
		e->data = (uint32_t)extra;
		break;
	case EXTRA_NONE:
		break;
	}
}

int ex_encode(const struct ex_codec *c, unsigned char *p, uint64_t addr,
	      const struct ex_entry *e)
{
	const struct ex_layout *l = c->layout;
	uint64_t extra = 0;

	if (put_field(c, &l->insn, p, addr, e->insn) ||
	    put_field(c, &l->fixup, p, addr, e->fixup))
		return -1;
	switch (l->extra_kind) {
	case EXTRA_HANDLER:
		extra = e->handler;
		break;
	case EXTRA_DATA32:
	case EXTRA_OPCODE32:
		extra = e->data;
		break;
	case EXTRA_TYPE_DATA16:
		exs_put(p + l->extra.offset, 2, c->msb, e->type);
		exs_put(p + l->extra.offset + 2, 2, c->msb, e->data);
		return 0;
	case EXTRA_NONE:
		return 0;
	}
	return put_field(c, &l->extra, p, addr, extra);
}

int ex_cmp(const struct ex_entry *a, const struct ex_entry *b)
{
	if (a->insn != b->insn)
		return a->insn < b->insn ? -1 : 1;
	if (a->fixup != b->fixup)
		return a->fixup < b->fixup ? -1 : 1;
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	return 0;
}

static int cmp_by_entry(const void *x, const void *y, void *ent)
{
	const struct ex_entry *e = ent;

	return ex_cmp(&e[((const struct sort_key *)x)->idx],
		      &e[((const struct sort_key *)y)->idx]);
}

/* Order each run of keys with equal insn by fixup; the runs are short. */
static void sort_ties(struct sort_key *k, size_t n, const struct ex_entry *e)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i + 1; j < n && k[j].key == k[i].key; j++)
			;
		if (j - i > 1)
			qsort_r(k + i, j - i, sizeof(*k), cmp_by_entry, (void *)e);
		i = j;
	}
}

uint32_t *ex_sort_order(const struct ex_entry *e, size_t n)
{
	struct sort_key *k = exs_calloc(n, sizeof(*k));
	uint32_t *order = exs_calloc(n, sizeof(*order));
	size_t i;

	/* a stable sort by insn keeps equal keys in table order; the
	 * order (insn, fixup, index) is total, so the result is the same
	 * whatever sort produced it */
	if (!k || !order || n > UINT32_MAX)
		goto fail;
	for (i = 0; i < n; i++) {
		k[i].key = e[i].insn;
		k[i].idx = (uint32_t)i;
	}
	if (radix_sort(k, n))
		goto fail;
	sort_ties(k, n, e);
	for (i = 0; i < n; i++)
		order[i] = k[i].idx;
	free(k);
	return order;
fail:
	free(k);
	free(order);
	return NULL;
}

bool ex_same(const struct ex_entry *a, const struct ex_entry *b)
{
	return a->insn == b->insn && a->fixup == b->fixup &&
	       a->handler == b->handler && a->data == b->data &&
	       a->type == b->type;
}
