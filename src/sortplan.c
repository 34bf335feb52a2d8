// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Planning a sort.  The exception tables are handled here; ORC and
 * mcount have their own files and use plan_patch(), plan_table() and
 * plan_relocs() the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "mcount.h"
#include "orc.h"
#include "reloc.h"
#include "sortplan.h"
#include "table.h"
#include "util.h"

static const char *const kind_names[TBL_KINDS] = {
	[TBL_EXTABLE] = "extable", [TBL_AMODE31] = "amode31",
	[TBL_DBE] = "dbe", [TBL_ORC] = "orc", [TBL_MCOUNT] = "mcount",
};

const char *table_kind_name(enum table_kind kind)
{
	return kind < TBL_KINDS ? kind_names[kind] : NULL;
}

struct patch *plan_patch(struct elfimg *img, struct sort_plan *plan,
			 const char *what, uint64_t offset, size_t size)
{
	struct patch *p;

	if (plan->npatch == PLAN_PATCHES) {
		elfimg_fail(img, "too many tables to write");
		return NULL;
	}
	if (!exs_range_ok(offset, size, img->size)) {
		elfimg_fail(img, "%s lies outside the file", what);
		return NULL;
	}
	p = &plan->patch[plan->npatch];
	p->what = what;
	p->offset = offset;
	p->size = size;
	p->bytes = exs_calloc(size, 1);
	if (!p->bytes) {
		elfimg_fail(img, "out of memory");
		return NULL;
	}
	p->old = img->image + offset;
	plan->npatch++;
	return p;
}

struct table_report *plan_table(struct sort_plan *plan, const char *name)
{
	struct table_report *t;

	if (plan->ntables == PLAN_TABLES)
		return NULL;
	t = &plan->table[plan->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	return t;
}

/*
 * Give each record in [base, base + size) the new address of its field,
 * then order all by offset.  A record outside the range is an error when
 * the range is its whole section, and is kept as it is otherwise.
 */
static int update_relocs(struct elfimg *img, size_t shndx, size_t rs,
			 uint64_t base, uint64_t size, bool whole,
			 unsigned int es, const uint32_t *newpos,
			 struct patch *p)
{
	unsigned int w = img->is64 ? 8 : 4;
	struct reloc_set set;
	size_t recsize, i;

	if (reloc_read(img, rs, &set))
		return -1;
	recsize = set.rela ? 3 * w : 2 * w;
	for (i = 0; i < set.n; i++) {
		struct reloc *r = &set.r[i];
		uint64_t rel = (r->offset - base) & img->addr_mask;

		if (r->offset >= base && rel < size) {
			r->offset = base + (uint64_t)newpos[rel / es] * es +
				    rel % es;
		} else if (whole) {
			elfimg_fail(img, "%s: record %u (offset 0x%llx) is not in %s; use --relocs=keep or --relocs=zero",
				    img->secname[rs], r->index,
				    (unsigned long long)r->offset,
				    img->secname[shndx]);
			reloc_free(&set);
			return -1;
		}
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

int plan_relocs_range(struct elfimg *img, struct sort_plan *plan,
		      size_t shndx, uint64_t base, uint64_t size,
		      unsigned int entsize, const uint32_t *newpos,
		      enum relocs_mode mode, struct table_report *rep)
{
	size_t rs = reloc_section_for(img, shndx);
	bool whole = base == img->shdr[shndx].sh_addr &&
		     size == img->shdr[shndx].sh_size;
	const unsigned char *bytes;
	struct patch *p;
	size_t bsize;

	if (!rs)
		return 0;
	rep->relocs = img->secname[rs];
	if (mode == RELOCS_KEEP || img->shdr[rs].sh_type == SHT_NOBITS)
		return 0;
	/* zeroing a shared section would wipe other tables' records */
	if (mode == RELOCS_ZERO && !whole)
		return 0;
	if (elfimg_bytes(img, rs, &bytes, &bsize))
		return -1;
	p = plan_patch(img, plan, img->secname[rs], img->shdr[rs].sh_offset,
		       bsize);
	if (!p)
		return -1;
	if (mode == RELOCS_ZERO)
		return 0;
	return update_relocs(img, shndx, rs, base, size, whole, entsize,
			     newpos, p);
}

int plan_relocs(struct elfimg *img, struct sort_plan *plan, size_t shndx,
		unsigned int entsize, const uint32_t *newpos,
		enum relocs_mode mode, struct table_report *rep)
{
	return plan_relocs_range(img, plan, shndx, img->shdr[shndx].sh_addr,
				 img->shdr[shndx].sh_size, entsize, newpos,
				 mode, rep);
}

/* One exception table being sorted. */
struct ex_job {
	struct elfimg *img;
	struct sort_plan *plan;
	struct table_report *rep;
	size_t shndx;
	const unsigned char *table;
	size_t size;
	uint64_t addr;
	const struct ex_layout *layout;
	struct ex_codec codec;
	struct ex_entry *ent;	/* as read */
	uint32_t *order;	/* new index -> old index */
	uint32_t *newpos;	/* old index -> new index */
};

static int check_image(struct elfimg *img)
{
	if (img->ehdr.e_type == ET_REL)
		return elfimg_fail(img, "relocatable object: the kernel sorts a module's table when it loads it; check it with excheck");
	if (img->ehdr.e_type != ET_EXEC && img->ehdr.e_type != ET_DYN)
		return elfimg_fail(img, "not an executable image (ELF type %u)",
				   img->ehdr.e_type);
	if (machine_lookup(img->ehdr.e_machine)->never_sort)
		return elfimg_fail(img, "this machine's table holds range pairs and is searched linearly; it must not be sorted");
	return 0;
}

static int choose_layout(struct elfimg *img, size_t shndx, const char *forced,
			 struct layout_choice *choice)
{
	/* sorting needs a layout that explains every entry */
	int r = layout_detect(img, shndx, forced, choice, false);
	char why[sizeof(img->err)];

	if (r > 0) {
		memcpy(why, img->err, sizeof(why));
		elfimg_fail(img, "%s: %s", img->secname[shndx], why);
	}
	return r ? -1 : 0;
}

static int decode_all(struct ex_job *j)
{
	const struct ex_layout *l = j->layout;
	size_t i, n;

	if (elfimg_bytes(j->img, j->shndx, &j->table, &j->size))
		return -1;
	j->addr = j->img->shdr[j->shndx].sh_addr;
	if (j->size % l->entsize)
		return elfimg_fail(j->img, "%s: size %zu is not a multiple of the %u-byte entries of layout %s",
				   j->rep->name, j->size, l->entsize, l->name);
	n = j->size / l->entsize;
	j->rep->count = n;
	if (n > UINT32_MAX)
		return elfimg_fail(j->img, "%s: too many entries", j->rep->name);
	j->ent = exs_calloc(n, sizeof(*j->ent));
	j->newpos = exs_calloc(n, sizeof(*j->newpos));
	if (!j->ent || !j->newpos)
		return elfimg_fail(j->img, "out of memory");
	ex_codec_init(&j->codec, l, j->img);
	for (i = 0; i < n; i++) {
		ex_decode(&j->codec, j->table + i * l->entsize,
			  (j->addr + i * l->entsize) & j->img->addr_mask,
			  &j->ent[i]);
		j->ent[i].index = (uint32_t)i;
	}
	return 0;
}

static int sort_entries(struct ex_job *j)
{
	size_t i;

	j->order = ex_sort_order(j->ent, j->rep->count);
	if (!j->order)
		return elfimg_fail(j->img, "out of memory");
	for (i = 0; i < j->rep->count; i++) {
		j->newpos[j->order[i]] = (uint32_t)i;
		if (j->order[i] != i)
			j->rep->moved++;
	}
	return 0;
}

/* Entries fetched from their old places at a time, before encoding. */
#define GATHER 256

/* Encode the sorted table, then decode it again to prove the bytes. */
static int encode_table(struct ex_job *j)
{
	unsigned int es = j->layout->entsize;
	struct patch *p = plan_patch(j->img, j->plan, j->rep->name,
				     j->img->shdr[j->shndx].sh_offset, j->size);
	struct ex_entry back, batch[GATHER];
	uint64_t prev = 0;
	size_t i, k;

	if (!p)
		return -1;
	for (i = 0; i < j->rep->count; i++) {
		const struct ex_entry *e = &batch[i % GATHER];
		uint64_t at = (j->addr + i * es) & j->img->addr_mask;

		if (i % GATHER == 0)	/* a tight loop: many misses at once */
			for (k = i; k < j->rep->count && k < i + GATHER; k++)
				batch[k - i] = j->ent[j->order[k]];

		if (ex_encode(&j->codec, p->bytes + i * es, at, e))
			return elfimg_fail(j->img, "%s[%u]: a relative field cannot reach its target from position %zu",
					   j->rep->name, e->index, i);
		ex_decode(&j->codec, p->bytes + i * es, at, &back);
		if (!ex_same(&back, e) || (i && prev > back.insn))
			return elfimg_fail(j->img, "%s[%u]: does not survive re-encoding at position %zu",
					   j->rep->name, e->index, i);
		prev = back.insn;
	}
	return 0;
}

/* Sort one exception-format table in section @shndx with layout @l. */
static int sort_ex_table(struct elfimg *img, struct sort_plan *plan,
			 size_t shndx, const struct layout_choice *c,
			 const struct sort_opts *o)
{
	struct ex_job j = { .img = img, .plan = plan, .shndx = shndx,
			    .layout = c->layout };
	int r = -1;

	j.rep = plan_table(plan, img->secname[shndx]);
	if (!j.rep)
		return elfimg_fail(img, "too many tables");
	j.rep->layout = c->layout->name;
	j.rep->source = c->source;
	if (decode_all(&j) || sort_entries(&j))
		goto out;
	plan->moved += j.rep->moved;
	if (j.rep->moved &&
	    (encode_table(&j) ||
	     plan_relocs(img, plan, shndx, c->layout->entsize, j.newpos,
			 o->relocs, j.rep)))
		goto out;
	r = 0;
out:
	free(j.ent);
	free(j.order);
	free(j.newpos);
	return r;
}

static int find_flag(struct elfimg *img, uint64_t *off)
{
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

static int plan_flag(struct elfimg *img, struct sort_plan *plan)
{
	uint64_t off = 0;

	if (find_flag(img, &off))
		return -1;
	plan->flag_found = true;
	plan->flag_was_set = exs_get(img->image + off, 4, img->msb) != 0;
	if (!plan->flag_was_set)
		return 0;
	/* calloc'd bytes are the 0 we want */
	return plan_patch(img, plan, EX_FLAG, off, 4) ? 0 : -1;
}

/*
 * Tables in the __ex_table format that the kernel also binary-searches
 * (and sorts at boot): sorted with __ex_table's layout when present.
 */
static const struct {
	enum table_kind kind;
	const char *section;
} extra_tables[] = {
	{ TBL_AMODE31, ".amode31.ex_table" },
	{ TBL_DBE, "__dbe_table" },
};

static int sort_ex_tables(struct elfimg *img, const struct sort_opts *o,
			  struct sort_plan *plan)
{
	size_t shndx = elfimg_find_section(img, EX_TABLE), i;

	if (!shndx)
		return elfimg_fail(img, "no %s section", EX_TABLE);
	if (choose_layout(img, shndx, o->layout, &plan->choice) ||
	    sort_ex_table(img, plan, shndx, &plan->choice, o))
		return -1;
	for (i = 0; i < ARRAY_SIZE(extra_tables); i++) {
		shndx = elfimg_find_section(img, extra_tables[i].section);
		if (shndx && !(o->skip & SKIP(extra_tables[i].kind)) &&
		    sort_ex_table(img, plan, shndx, &plan->choice, o))
			return -1;
	}
	if (!o->no_flag && plan_flag(img, plan))
		return -1;
	return 0;
}

/*
 * Bytes to be written twice, or over the file's own structure, mean the
 * file's tables share bytes with each other or with its headers: no
 * order of writes can be right.
 */
static int check_patches(struct elfimg *img, const struct sort_plan *plan)
{
	size_t i, k;

	for (i = 0; i < plan->npatch; i++) {
		const struct patch *a = &plan->patch[i];
		const char *what = elfimg_overlaps_headers(img, a->offset,
							   a->size);

		if (what)
			return elfimg_fail(img, "%s overlaps %s", a->what, what);
		for (k = 0; k < i; k++) {
			const struct patch *b = &plan->patch[k];

			if (a->offset < b->offset + b->size &&
			    b->offset < a->offset + a->size)
				return elfimg_fail(img, "%s and %s share bytes in the file",
						   b->what, a->what);
		}
	}
	return 0;
}

int sort_plan(struct elfimg *img, const struct sort_opts *o,
	      struct sort_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	if (check_image(img))
		return -1;
	if ((!(o->skip & SKIP(TBL_EXTABLE)) && sort_ex_tables(img, o, plan)) ||
	    (!(o->skip & SKIP(TBL_ORC)) && orc_plan(img, o, plan)) ||
	    (!(o->skip & SKIP(TBL_MCOUNT)) && mcount_plan(img, o, plan)) ||
	    check_patches(img, plan)) {
		sort_plan_free(plan);
		return -1;
	}
	return 0;
}

void sort_plan_free(struct sort_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->npatch; i++) {
		free(plan->patch[i].bytes);
	}
	plan->npatch = 0;
}
