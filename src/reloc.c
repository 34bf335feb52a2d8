// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "reloc.h"
#include "util.h"

size_t reloc_section_for(const struct elfimg *img, size_t target)
{
	size_t i;

	for (i = 1; i < img->shnum; i++)
		if ((img->shdr[i].sh_type == SHT_RELA ||
		     img->shdr[i].sh_type == SHT_REL) &&
		    img->shdr[i].sh_info == target)
			return i;
	return 0;
}

/*
 * r_info.  MIPS64 little-endian files store it as a 32-bit symbol
 * followed by ssym, type3, type2 and type bytes, which read as one
 * little-endian word put the symbol low and the first type in the top
 * byte; big-endian MIPS64 matches the generic layout but for the extra
 * types.  Only the first type matters for a table field.
 */
static void split_info(const struct elfimg *img, uint64_t info,
		       struct reloc *r)
{
	if (!img->is64) {
		r->sym = info >> 8;
		r->type = info & 0xff;
	} else if (img->ehdr.e_machine == EM_MIPS && !img->msb) {
		r->sym = info & 0xffffffff;
		r->type = (info >> 56) & 0xff;
	} else if (img->ehdr.e_machine == EM_MIPS) {
		r->sym = info >> 32;
		r->type = info & 0xff;
	} else {
		r->sym = info >> 32;
		r->type = info & 0xffffffff;
	}
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int reloc_read(struct elfimg *img, size_t rsec, struct reloc_set *rs)
{
	const GElf_Shdr *sh = &img->shdr[rsec];
	unsigned int w = img->is64 ? 8 : 4;
	const unsigned char *p;
	size_t size, recsize, i;

	memset(rs, 0, sizeof(*rs));
	rs->rela = sh->sh_type == SHT_RELA;
	rs->shndx = rsec;
	recsize = rs->rela ? 3 * w : 2 * w;
	if (elfimg_bytes(img, rsec, &p, &size))
		return -1;
	if (sh->sh_entsize != recsize)
		return elfimg_fail(img, "%s: record size %llu, expected %zu",
				   img->secname[rsec],
				   (unsigned long long)sh->sh_entsize, recsize);
	if (size % recsize)
		return elfimg_fail(img, "%s: %zu bytes is not a whole number of %zu-byte records",
				   img->secname[rsec], size, recsize);
	rs->n = size / recsize;
	rs->r = exs_calloc(rs->n, sizeof(*rs->r));
	if (!rs->r)
		return elfimg_fail(img, "out of memory");
	for (i = 0; i < rs->n; i++) {
		const unsigned char *rec = p + i * recsize;
		struct reloc *r = &rs->r[i];

		r->offset = exs_get(rec, w, img->msb);
		split_info(img, exs_get(rec + w, w, img->msb), r);
		if (rs->rela)
			r->addend = exs_sext(exs_get(rec + 2 * (size_t)w, w, img->msb),
					     w * 8);
		r->index = (uint32_t)i;
	}
	reloc_sort(rs);
	return 0;
}

void reloc_sort(struct reloc_set *rs)
{
	qsort(rs->r, rs->n, sizeof(*rs->r), cmp_reloc);
}

void reloc_free(struct reloc_set *rs)
{
	free(rs->r);
	rs->r = NULL;
	rs->n = 0;
}

size_t reloc_find(const struct reloc_set *rs, uint64_t offset, size_t *first)
{
	size_t lo = 0, hi = rs->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->r[mid].offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + n < rs->n && rs->r[lo + n].offset == offset)
		n++;
	return n;
}
