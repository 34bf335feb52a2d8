// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "symbols.h"
#include "util.h"

/* Functions first among symbols at one address: they name code best. */
static int type_rank(unsigned char type)
{
	return type == STT_FUNC ? 0 : type == STT_NOTYPE ? 1 : 2;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	if (type_rank(x->type) != type_rank(y->type))
		return type_rank(x->type) - type_rank(y->type);
	return strcmp(x->name, y->name);
}

/* Names worth showing: not mapping symbols ($x, $d) or local labels. */
static bool useful(const GElf_Sym *gs, const char *name, size_t shndx)
{
	unsigned char type = GELF_ST_TYPE(gs->st_info);

	if (!name[0] || name[0] == '$' || shndx == SHN_UNDEF ||
	    (gs->st_shndx >= SHN_LORESERVE && gs->st_shndx != SHN_XINDEX))
		return false;
	if (strncmp(name, ".L", 2) == 0)
		return false;
	return type == STT_FUNC || type == STT_OBJECT || type == STT_NOTYPE;
}

int symbols_load(struct elfimg *img, struct symbols *s)
{
	const struct elf_symtab *v;
	size_t i;

	memset(s, 0, sizeof(*s));
	if (!img->symtab)
		return 0;
	v = elfimg_symtab(img);
	if (!v)
		return -1;
	s->sym = exs_calloc(v->count, sizeof(*s->sym));
	if (!s->sym)
		return elfimg_fail(img, "out of memory");
	for (i = 1; i < v->count; i++) {
		GElf_Sym gs;
		const char *name;
		size_t shndx;

		if (elfimg_symbol(img, i, &gs, &shndx, &name)) {
			symbols_free(s);
			return -1;
		}
		if (!useful(&gs, name, shndx) || shndx >= img->shnum)
			continue;
		s->sym[s->n++] = (struct sym){ gs.st_value, gs.st_size, name,
					       shndx, GELF_ST_TYPE(gs.st_info) };
	}
	qsort(s->sym, s->n, sizeof(*s->sym), cmp_sym);
	return 0;
}

void symbols_free(struct symbols *s)
{
	free(s->sym);
	s->sym = NULL;
	s->n = 0;
}

/* Index one past the last symbol <= (shndx, value). */
static size_t upper(const struct symbols *s, size_t shndx, uint64_t value)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct sym *m = &s->sym[mid];

		if (m->shndx < shndx || (m->shndx == shndx && m->value <= value))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct sym *symbols_at(const struct symbols *s, size_t shndx,
			     uint64_t value)
{
	size_t i = upper(s, shndx, value);
	const struct sym *best;

	if (i == 0 || s->sym[i - 1].shndx != shndx)
		return NULL;
	best = &s->sym[i - 1];
	/* prefer the first-ranked symbol at that same address */
	while (i > 1 && s->sym[i - 2].shndx == shndx &&
	       s->sym[i - 2].value == best->value)
		best = &s->sym[--i - 1];
	return best;
}

bool symbols_func_starts(const struct symbols *s, size_t shndx,
			 uint64_t value)
{
	const struct sym *m = symbols_at(s, shndx, value);

	return m && m->value == value && m->type == STT_FUNC;
}

/* How far back to look for a sized function over inner labels. */
#define EXTENT_LOOKBACK 64

const struct sym *symbols_extent(const struct symbols *s, size_t shndx,
				 uint64_t value, uint64_t *end)
{
	size_t i = upper(s, shndx, value), k;
	const struct sym *near;

	if (i == 0 || s->sym[i - 1].shndx != shndx)
		return NULL;
	for (k = i; k > 0 && i - k < EXTENT_LOOKBACK; k--) {
		const struct sym *f = &s->sym[k - 1];

		if (f->shndx != shndx)
			break;
		if (f->type == STT_FUNC && f->size &&
		    value - f->value < f->size) {
			*end = f->value + f->size;
			return f;
		}
	}
	near = symbols_at(s, shndx, value);
	for (k = i; k < s->n && s->sym[k].shndx == shndx; k++)
		if (s->sym[k].value > value) {
			if (s->sym[k].value < *end)
				*end = s->sym[k].value;
			break;
		}
	return near;
}
