// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Just enough of a BTF reader to find one struct and the sizes and
 * signedness of its members.  Every length and index from the section is
 * checked; an unknown kind makes the section unreadable rather than
 * guessed at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "util.h"

#define BTF_MAGIC 0xeb9f

enum {
	KIND_INT = 1, KIND_PTR, KIND_ARRAY, KIND_STRUCT, KIND_UNION,
	KIND_ENUM, KIND_FWD, KIND_TYPEDEF, KIND_VOLATILE, KIND_CONST,
	KIND_RESTRICT, KIND_FUNC, KIND_FUNC_PROTO, KIND_VAR, KIND_DATASEC,
	KIND_FLOAT, KIND_DECL_TAG, KIND_TYPE_TAG, KIND_ENUM64, KIND_MAX
};

/* Bytes that follow the 12-byte common record: fixed + per-vlen item. */
static const struct {
	unsigned char fixed, per_item;
} kind_extra[KIND_MAX] = {
	[KIND_INT] = { 4, 0 },		[KIND_PTR] = { 0, 0 },
	[KIND_ARRAY] = { 12, 0 },	[KIND_STRUCT] = { 0, 12 },
	[KIND_UNION] = { 0, 12 },	[KIND_ENUM] = { 0, 8 },
	[KIND_FWD] = { 0, 0 },		[KIND_TYPEDEF] = { 0, 0 },
	[KIND_VOLATILE] = { 0, 0 },	[KIND_CONST] = { 0, 0 },
	[KIND_RESTRICT] = { 0, 0 },	[KIND_FUNC] = { 0, 0 },
	[KIND_FUNC_PROTO] = { 0, 8 },	[KIND_VAR] = { 4, 0 },
	[KIND_DATASEC] = { 0, 12 },	[KIND_FLOAT] = { 0, 0 },
	[KIND_DECL_TAG] = { 4, 0 },	[KIND_TYPE_TAG] = { 0, 0 },
	[KIND_ENUM64] = { 0, 12 },
};

struct btf {
	struct elfimg *img;
	bool msb;
	const unsigned char *types;
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	uint32_t *type_off;	/* offset of type id i in types; [0] unused */
	uint32_t ntypes;	/* ids 1..ntypes */
};

static uint32_t get32(const struct btf *b, const unsigned char *p)
{
	return (uint32_t)exs_get(p, 4, b->msb);
}

static int bad(struct btf *b, const char *what)
{
	return elfimg_fail(b->img, ".BTF: %s", what);
}

/* A NUL-terminated name at @off, or NULL. */
static const char *btf_str(const struct btf *b, uint32_t off)
{
	if (off >= b->strs_len || !memchr(b->strs + off, 0, b->strs_len - off))
		return NULL;
	return b->strs + off;
}

static int read_header(struct btf *b, const unsigned char *p, size_t size)
{
	uint32_t hdr_len, type_off, type_len, str_off, str_len;

	if (size < 24)
		return bad(b, "truncated header");
	if (exs_get(p, 2, false) == BTF_MAGIC)
		b->msb = false;
	else if (exs_get(p, 2, true) == BTF_MAGIC)
		b->msb = true;
	else
		return bad(b, "bad magic");
	if (p[2] != 1)
		return bad(b, "unknown version");
	hdr_len = get32(b, p + 4);
	type_off = get32(b, p + 8);
	type_len = get32(b, p + 12);
	str_off = get32(b, p + 16);
	str_len = get32(b, p + 20);
	if (hdr_len < 24 || !exs_range_ok(hdr_len, 0, size) ||
	    !exs_range_ok(type_off, type_len, size - hdr_len) ||
	    !exs_range_ok(str_off, str_len, size - hdr_len))
		return bad(b, "section offsets past the end of the data");
	b->types = p + hdr_len + type_off;
	b->types_len = type_len;
	b->strs = (const char *)p + hdr_len + str_off;
	b->strs_len = str_len;
	return 0;
}

/* Record where each type starts; the ids are implicit in the order. */
static int index_types(struct btf *b)
{
	uint32_t off = 0, n = 0;

	b->type_off = exs_calloc(b->types_len / 12 + 2, sizeof(uint32_t));
	if (!b->type_off)
		return bad(b, "out of memory");
	while (off < b->types_len) {
		uint32_t info, kind, vlen;
		uint64_t len;

		if (!exs_range_ok(off, 12, b->types_len))
			return bad(b, "truncated type record");
		info = get32(b, b->types + off + 4);
		kind = (info >> 24) & 0x1f;
		vlen = info & 0xffff;
		if (kind == 0 || kind >= KIND_MAX)
			return bad(b, "unknown type kind");
		len = 12 + kind_extra[kind].fixed +
		      (uint64_t)vlen * kind_extra[kind].per_item;
		if (!exs_range_ok(off, len, b->types_len))
			return bad(b, "type record past the end of the types");
		b->type_off[++n] = off;
		off += (uint32_t)len;
	}
	b->ntypes = n;
	return 0;
}

/* Size and signedness of type @id after typedefs and qualifiers. */
static int resolve(struct btf *b, uint32_t id, struct ex_member *m)
{
	uint32_t steps;

	for (steps = 0; steps < 32; steps++) {
		const unsigned char *t;
		uint32_t kind;

		if (id == 0 || id > b->ntypes)
			return -1;
		t = b->types + b->type_off[id];
		kind = (get32(b, t + 4) >> 24) & 0x1f;
		switch (kind) {
		case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST:
		case KIND_RESTRICT: case KIND_TYPE_TAG:
			id = get32(b, t + 8);
			continue;
		case KIND_INT:
			m->size = get32(b, t + 8);
			m->is_signed = (get32(b, t + 12) >> 24) & 1;
			return 0;
		case KIND_PTR:
			m->size = b->img->is64 ? 8 : 4;
			return 0;
		case KIND_UNION:
			m->is_union = true;
			/* fall through */
		case KIND_STRUCT: case KIND_ENUM: case KIND_ENUM64:
			m->size = get32(b, t + 8);
			return 0;
		default:
			return -1;
		}
	}
	return -1;
}

static int read_struct(struct btf *b, uint32_t id, struct ex_typeinfo *ti)
{
	const unsigned char *t = b->types + b->type_off[id];
	uint32_t info = get32(b, t + 4), vlen = info & 0xffff, i;
	bool kflag = info >> 31;

	memset(ti, 0, sizeof(*ti));
	ti->size = get32(b, t + 8);
	if (vlen > ARRAY_SIZE(ti->member))
		vlen = ARRAY_SIZE(ti->member);	/* never matches a layout */
	for (i = 0; i < vlen; i++) {
		const unsigned char *m = t + 12 + 12 * (size_t)i;
		const char *name = btf_str(b, get32(b, m));
		uint32_t bitoff = get32(b, m + 8);
		struct ex_member *em = &ti->member[i];

		if (kflag)
			bitoff &= 0xffffff;
		if (!name || resolve(b, get32(b, m + 4), em))
			return bad(b, "bad member of struct exception_table_entry");
		snprintf(em->name, sizeof(em->name), "%s", name);
		em->offset = bitoff / 8;
	}
	ti->nmember = vlen;
	return 1;
}

static int find_struct(struct btf *b, const char *name, struct ex_typeinfo *ti)
{
	uint32_t id;

	for (id = 1; id <= b->ntypes; id++) {
		const unsigned char *t = b->types + b->type_off[id];
		uint32_t info = get32(b, t + 4);
		const char *n;

		if (((info >> 24) & 0x1f) != KIND_STRUCT || (info & 0xffff) == 0)
			continue;
		n = btf_str(b, get32(b, t));
		if (n && strcmp(n, name) == 0)
			return read_struct(b, id, ti);
	}
	return 0;
}

int btf_find_struct(struct elfimg *img, const char *name,
		    struct ex_typeinfo *ti)
{
	struct btf b = { .img = img };
	size_t shndx = elfimg_find_section(img, ".BTF");
	const unsigned char *p;
	size_t size;
	int r;

	/* a module's split BTF refers to vmlinux's types: unreadable alone */
	if (!shndx || img->ehdr.e_type == ET_REL)
		return 0;
	if (elfimg_bytes(img, shndx, &p, &size))
		return -1;
	r = read_header(&b, p, size);
	if (!r)
		r = index_types(&b);
	if (!r)
		r = find_struct(&b, name, ti);
	free(b.type_off);
	return r;
}
