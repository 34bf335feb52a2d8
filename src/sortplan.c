// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "reloc.h"
#include "sortplan.h"
#include "table.h"
#include "util.h"

/* Everything one sort needs, in one place. */
struct sorter {
	struct elfimg *img;
	struct sort_plan *plan;
	size_t shndx;
	const unsigned char *table;
	size_t size;
	uint64_t addr;
	struct ex_codec codec;
	struct ex_entry *ent;	/* sorted */
	uint32_t *newpos;	/* old index -> new index */
};

static struct patch *add_patch(struct sorter *s, const char *what,
			       uint64_t offset, size_t size)
{
	struct patch *p = &s->plan->patch[s->plan->npatch];

	p->what = what;
	p->offset = offset;
	p->size = size;
	p->bytes = exs_calloc(size, 1);
	p->old = exs_calloc(size, 1);
	if (!p->bytes || !p->old) {
		free(p->bytes);
		free(p->old);
		elfimg_fail(s->img, "out of memory");
		return NULL;
	}
	memcpy(p->old, s->img->image + offset, size);
	s->plan->npatch++;
	return p;
}

static int find_table(struct sorter *s)
{
	struct elfimg *img = s->img;
	const char *how = "the kernel sorts a module's table when it loads it; check it with excheck";

	if (img->ehdr.e_type == ET_REL)
		return elfimg_fail(img, "relocatable object: %s", how);
	if (img->ehdr.e_type != ET_EXEC && img->ehdr.e_type != ET_DYN)
		return elfimg_fail(img, "not an executable image (ELF type %u)",
				   img->ehdr.e_type);
	s->shndx = elfimg_find_section(img, EX_TABLE);
	if (!s->shndx)
		return elfimg_fail(img, "no %s section", EX_TABLE);
	if (elfimg_bytes(img, s->shndx, &s->table, &s->size))
		return -1;
	s->addr = img->shdr[s->shndx].sh_addr;
	return 0;
}

static int choose_layout(struct sorter *s, const char *forced)
{
	/* sorting needs a layout that explains every entry */
	int r = layout_detect(s->img, s->shndx, forced, &s->plan->choice,
			      false);
	char why[sizeof(s->img->err)];

	if (r > 0) {
		memcpy(why, s->img->err, sizeof(why));
		elfimg_fail(s->img, "%s: %s", EX_TABLE, why);
	}
	return r ? -1 : 0;
}

static int decode_all(struct sorter *s)
{
	const struct ex_layout *l = s->plan->choice.layout;
	size_t i, n;

	if (s->size % l->entsize)
		return elfimg_fail(s->img, "%s: size %zu is not a multiple of the %u-byte entries of layout %s",
				   EX_TABLE, s->size, l->entsize, l->name);
	n = s->size / l->entsize;
	s->plan->count = n;
	if (n > UINT32_MAX)
		return elfimg_fail(s->img, "%s: too many entries", EX_TABLE);
	s->ent = exs_calloc(n, sizeof(*s->ent));
	s->newpos = exs_calloc(n, sizeof(*s->newpos));
	if (!s->ent || !s->newpos)
		return elfimg_fail(s->img, "out of memory");
	ex_codec_init(&s->codec, l, s->img);
	for (i = 0; i < n; i++) {
		ex_decode(&s->codec, s->table + i * l->entsize,
			  (s->addr + i * l->entsize) & s->img->addr_mask,
			  &s->ent[i]);
		s->ent[i].index = (uint32_t)i;
	}
	return 0;
}

static int sort_entries(struct sorter *s)
{
	size_t i;

	if (ex_sort(s->ent, s->plan->count))
		return elfimg_fail(s->img, "out of memory");
	for (i = 0; i < s->plan->count; i++) {
		s->newpos[s->ent[i].index] = (uint32_t)i;
		if (s->ent[i].index != i)
			s->plan->moved++;
	}
	return 0;
}

/* Encode the sorted table, then decode it again to prove the bytes. */
static int encode_table(struct sorter *s)
{
	unsigned int es = s->plan->choice.layout->entsize;
	uint64_t off = s->img->shdr[s->shndx].sh_offset;
	struct patch *p = add_patch(s, EX_TABLE, off, s->size);
	struct ex_entry back;
	size_t i;

	if (!p)
		return -1;
	for (i = 0; i < s->plan->count; i++) {
		uint64_t at = (s->addr + i * es) & s->img->addr_mask;

		if (ex_encode(&s->codec, p->bytes + i * es, at, &s->ent[i]))
			return elfimg_fail(s->img, "%s[%u]: a relative field cannot reach its target from position %zu",
					   EX_TABLE, s->ent[i].index, i);
		ex_decode(&s->codec, p->bytes + i * es, at, &back);
		if (!ex_same(&back, &s->ent[i]) ||
		    (i && s->ent[i - 1].insn > back.insn))
			return elfimg_fail(s->img, "%s[%u]: does not survive re-encoding at position %zu",
					   EX_TABLE, s->ent[i].index, i);
	}
	return 0;
}

static int find_flag(struct sorter *s, uint64_t *off)
{
	struct elfimg *img = s->img;
	GElf_Sym sym;
	size_t shndx;
	int r = elfimg_find_symbol(img, EX_FLAG, &sym, &shndx);

	if (r < 0)
		return -1;
	if (r == 0)
		return elfimg_fail(img, "no %s symbol%s; use --no-flag to sort without clearing it",
				   EX_FLAG, img->symtab ? "" : " (no .symtab)");
	if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT ||
	    (sym.st_size != 0 && sym.st_size != 4))
		return elfimg_fail(img, "%s is not a 4-byte object", EX_FLAG);
	/* st_shndx as stored: a resolved index may be >= SHN_LORESERVE */
	if (sym.st_shndx >= SHN_LORESERVE && sym.st_shndx != SHN_XINDEX)
		return elfimg_fail(img, "%s has no section (index 0x%x)",
				   EX_FLAG, sym.st_shndx);
	if (elfimg_addr_offset(img, shndx, sym.st_value, 4, off)) {
		char why[sizeof(img->err)];

		memcpy(why, img->err, sizeof(why));
		return elfimg_fail(img, "%s: %s", EX_FLAG, why);
	}
	return 0;
}

static int plan_flag(struct sorter *s)
{
	struct patch *p;
	uint64_t off;

	if (find_flag(s, &off))
		return -1;
	s->plan->flag_found = true;
	s->plan->flag_was_set = exs_get(s->img->image + off, 4, s->img->msb) != 0;
	if (!s->plan->flag_was_set)
		return 0;
	p = add_patch(s, EX_FLAG, off, 4);
	return p ? 0 : -1;	/* calloc'd bytes are the 0 we want */
}

/* Give each record the new address of its field, then order by it. */
static int update_relocs(struct sorter *s, size_t rs, struct patch *p)
{
	struct elfimg *img = s->img;
	unsigned int es = s->plan->choice.layout->entsize;
	unsigned int w = img->is64 ? 8 : 4;
	struct reloc_set set;
	size_t recsize, i;

	if (reloc_read(img, rs, &set))
		return -1;
	recsize = set.rela ? 3 * w : 2 * w;
	for (i = 0; i < set.n; i++) {
		struct reloc *r = &set.r[i];
		uint64_t rel = (r->offset - s->addr) & img->addr_mask;

		if (r->offset < s->addr || rel >= s->size) {
			elfimg_fail(img, "%s: record %u (offset 0x%llx) is not in %s; use --relocs=keep or --relocs=zero",
				    img->secname[rs], r->index,
				    (unsigned long long)r->offset, EX_TABLE);
			reloc_free(&set);
			return -1;
		}
		r->offset = s->addr + (uint64_t)s->newpos[rel / es] * es + rel % es;
	}
	reloc_sort(&set);
	for (i = 0; i < set.n; i++) {
		unsigned char *dst = p->bytes + i * recsize;

		memcpy(dst, p->old + (size_t)set.r[i].index * recsize, recsize);
		exs_put(dst, w, img->msb, set.r[i].offset);
	}
	reloc_free(&set);
	return 0;
}

static int plan_relocs(struct sorter *s, enum relocs_mode mode)
{
	size_t rs = reloc_section_for(s->img, s->shndx);
	const unsigned char *bytes;
	struct patch *p;
	size_t size;

	if (!rs)
		return 0;
	s->plan->relocs_name = s->img->secname[rs];
	if (mode == RELOCS_KEEP || s->img->shdr[rs].sh_type == SHT_NOBITS)
		return 0;
	if (elfimg_bytes(s->img, rs, &bytes, &size))
		return -1;
	p = add_patch(s, s->img->secname[rs], s->img->shdr[rs].sh_offset,
		      s->img->shdr[rs].sh_size);
	if (!p)
		return -1;
	if (mode == RELOCS_ZERO)
		return 0;
	return update_relocs(s, rs, p);
}

int sort_plan(struct elfimg *img, const struct sort_opts *o,
	      struct sort_plan *plan)
{
	struct sorter s = { .img = img, .plan = plan };
	int r = -1;

	memset(plan, 0, sizeof(*plan));
	if (find_table(&s))
		return -1;
	if (machine_lookup(img->ehdr.e_machine)->never_sort)
		return elfimg_fail(img, "this machine's table holds range pairs and is searched linearly; it must not be sorted");
	if (choose_layout(&s, o->layout) || decode_all(&s) || sort_entries(&s))
		goto out;
	if (plan->moved && (encode_table(&s) || plan_relocs(&s, o->relocs)))
		goto out;
	if (!o->no_flag && plan_flag(&s))
		goto out;
	r = 0;
out:
	free(s.ent);
	free(s.newpos);
	if (r)
		sort_plan_free(plan);
	return r;
}

void sort_plan_free(struct sort_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->npatch; i++) {
		free(plan->patch[i].bytes);
		free(plan->patch[i].old);
	}
	plan->npatch = 0;
}
