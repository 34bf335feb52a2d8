// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel sorts __mcount_loc itself unless built with
 * CONFIG_BUILDTIME_MCOUNT_SORT, and then expects it sorted: sorting is
 * right either way.  With an `nm -S` listing (-s, Linux 6.15+), call
 * sites outside every listed text function -- those of weak functions
 * another definition replaced -- become 0, which ftrace skips.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mcount.h"
#include "radix.h"
#include "reloc.h"
#include "util.h"


static int cmp_func(const void *a, const void *b)
{
	const struct func_range *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->size < y->size ? -1 : x->size > y->size;
}

int weak_funcs_read(FILE *f, struct weak_funcs *w, const char **why)
{
	char line[4096];
	size_t cap = 0;

	memset(w, 0, sizeof(*w));
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr, size;
		char type;
		struct func_range *nf;

		/* lines without a size (undefined, absolute) do not match */
		if (sscanf(line, "%llx %llx %c", &addr, &size, &type) != 3 ||
		    (type != 't' && type != 'T' && type != 'W'))
			continue;
		if (w->n == cap) {
			cap = cap ? cap * 2 : 1024;
			nf = realloc(w->f, cap * sizeof(*nf));
			if (!nf) {
				*why = "out of memory";
				weak_funcs_free(w);
				return -1;
			}
			w->f = nf;
		}
		w->f[w->n++] = (struct func_range){ addr, size };
	}
	if (ferror(f)) {
		*why = strerror(errno);
		weak_funcs_free(w);
		return -1;
	}
	if (w->n)
		qsort(w->f, w->n, sizeof(*w->f), cmp_func);
	return 0;
}

void weak_funcs_free(struct weak_funcs *w)
{
	free(w->f);
	w->f = NULL;
	w->n = 0;
}

/* Is @v inside a listed function (or @before bytes ahead of one)? */
static bool in_function(const struct weak_funcs *w, uint64_t v,
			uint64_t before)
{
	size_t lo = 0, hi = w->n;

	/* the last function starting at or below v + before */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->f[mid].addr <= v + before)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0) {
		const struct func_range *f = &w->f[--lo];

		if (v + before >= f->addr && v < f->addr + f->size)
			return true;
		if (f->addr + f->size + before < v)
			break;
	}
	return false;
}

struct mcount_job {
	struct elfimg *img;
	size_t shndx;		/* section holding the table */
	uint64_t start;		/* address of the first word */
	uint64_t off;		/* its file offset */
	size_t n;
	unsigned int word;
	struct sort_key *val;	/* key = value, idx = slot */
	/* arm64 RELATIVE relocations that hold the values: */
	size_t rela_shndx;
	struct reloc_set rela;
	uint32_t *slot_record;	/* slot -> record index in rela.r */
	bool words_too;		/* the words hold the values as well */
};

static int find_table(struct mcount_job *j)
{
	struct elfimg *img = j->img;
	GElf_Sym a, b;
	size_t sa, sb;
	int ra = elfimg_find_symbol(img, "__start_mcount_loc", &a, &sa);
	int rb = elfimg_find_symbol(img, "__stop_mcount_loc", &b, &sb);

	if (ra < 0 || rb < 0)
		return -1;
	if (!ra && !rb)
		return 1;
	if (!ra || !rb || sa != sb || b.st_value < a.st_value)
		return elfimg_fail(img, "incomplete mcount table: __start_mcount_loc and __stop_mcount_loc do not bracket one range");
	j->word = img->is64 ? 8 : 4;
	if ((b.st_value - a.st_value) % j->word)
		return elfimg_fail(img, "__mcount_loc: %llu bytes is not a whole number of %u-byte words",
				   (unsigned long long)(b.st_value - a.st_value),
				   j->word);
	j->shndx = sa;
	j->start = a.st_value;
	j->n = (b.st_value - a.st_value) / j->word;
	if (j->n > UINT32_MAX)
		return elfimg_fail(img, "__mcount_loc: too many entries");
	return elfimg_addr_offset(img, sa, a.st_value, j->n * j->word, &j->off);
}

/* arm64 built by gcc: words are 0, values are RELATIVE addends. */
static int read_rela_values(struct mcount_job *j)
{
	struct elfimg *img = j->img;
	size_t i, found = 0;

	for (i = 1; i < img->shnum && !j->rela_shndx; i++) {
		size_t k;

		/* dynamic relocations only: --emit-relocs sections name
		 * their target in sh_info and move with the words */
		if (img->shdr[i].sh_type != SHT_RELA || img->shdr[i].sh_info)
			continue;
		if (reloc_read(img, i, &j->rela))
			return -1;
		for (k = 0; k < j->rela.n; k++) {
			const struct reloc *r = &j->rela.r[k];
			uint64_t rel = r->offset - j->start;

			if (r->offset < j->start || rel >= (uint64_t)j->n * j->word)
				continue;
			if (r->type != R_AARCH64_RELATIVE || rel % j->word)
				return elfimg_fail(img, "%s: record %u for __mcount_loc has type 0x%x, not R_AARCH64_RELATIVE",
						   img->secname[i], r->index, r->type);
			if (k && j->rela.r[k - 1].offset == r->offset)
				return elfimg_fail(img, "%s: records %u and %u both fill __mcount_loc word %llu",
						   img->secname[i],
						   j->rela.r[k - 1].index, r->index,
						   (unsigned long long)(rel / j->word));
			j->val[rel / j->word].key = (uint64_t)r->addend;
			j->slot_record[rel / j->word] = (uint32_t)k;
			found++;
		}
		if (found)
			j->rela_shndx = i;
		else
			reloc_free(&j->rela);
	}
	if (found && found != j->n)
		return elfimg_fail(img, "__mcount_loc: %zu words but %zu relocations fill them",
				   j->n, found);
	return 0;
}

static int read_values(struct mcount_job *j)
{
	const unsigned char *p = j->img->image + j->off;
	size_t i;

	j->val = exs_calloc(j->n, sizeof(*j->val));
	j->slot_record = exs_calloc(j->n, sizeof(*j->slot_record));
	if (!j->val || !j->slot_record)
		return elfimg_fail(j->img, "out of memory");
	if (j->n && j->img->ehdr.e_machine == EM_AARCH64 &&
	    read_rela_values(j))
		return -1;
	/*
	 * With RELATIVE records the addends are what the kernel sees once
	 * relocated; words the linker filled in as well must agree.
	 */
	for (i = 0; i < j->n; i++) {
		uint64_t w = exs_get(p + i * j->word, j->word, j->img->msb);

		j->val[i].idx = (uint32_t)i;
		if (!j->rela_shndx) {
			j->val[i].key = w;
		} else if (w) {
			if (w != j->val[i].key)
				return elfimg_fail(j->img, "__mcount_loc word %zu holds 0x%llx but its relocation 0x%llx",
						   i, (unsigned long long)w,
						   (unsigned long long)j->val[i].key);
			j->words_too = true;
		}
	}
	return 0;
}

/*
 * New words, with the section's relocation records (--emit-relocs)
 * moved along; or new addends in the relocation section.
 */
static int encode(struct mcount_job *j, struct sort_plan *plan,
		  struct table_report *rep, enum relocs_mode mode)
{
	struct elfimg *img = j->img;
	unsigned int w = img->is64 ? 8 : 4;
	uint32_t *newpos;
	struct patch *p;
	size_t i;
	int r;

	if (!j->rela_shndx || j->words_too) {
		p = plan_patch(img, plan, "__mcount_loc", j->off,
			       j->n * j->word);
		newpos = exs_calloc(j->n, sizeof(*newpos));
		if (!p || !newpos) {
			free(newpos);
			return p ? elfimg_fail(img, "out of memory") : -1;
		}
		for (i = 0; i < j->n; i++) {
			exs_put(p->bytes + i * j->word, j->word, img->msb,
				j->val[i].key);
			newpos[j->val[i].idx] = (uint32_t)i;
		}
		r = j->rela_shndx ? 0 :
		    plan_relocs_range(img, plan, j->shndx, j->start,
				      (uint64_t)j->n * j->word, j->word, newpos,
				      mode, rep);
		free(newpos);
		if (r || !j->rela_shndx)
			return r;
	}
	rep->relocs = img->secname[j->rela_shndx];
	p = plan_patch(img, plan, img->secname[j->rela_shndx],
		       img->shdr[j->rela_shndx].sh_offset,
		       img->shdr[j->rela_shndx].sh_size);
	if (!p)
		return -1;
	memcpy(p->bytes, p->old, p->size);
	/* slot i gets the i-th value, whatever the records' order */
	for (i = 0; i < j->n; i++) {
		const struct reloc *rec = &j->rela.r[j->slot_record[i]];

		exs_put(p->bytes + ((size_t)rec->index * 3 + 2) * w, w,
			img->msb, j->val[i].key);
	}
	return 0;
}

int mcount_plan(struct elfimg *img, const struct sort_opts *o,
		struct sort_plan *plan)
{
	struct mcount_job j = { .img = img };
	struct table_report *rep;
	uint64_t *old = NULL;
	size_t i;
	int r;

	r = find_table(&j);
	if (r)
		return r > 0 ? 0 : -1;
	r = -1;
	rep = plan_table(plan, "__mcount_loc");
	if (!rep) {
		elfimg_fail(img, "too many tables");
		goto out;
	}
	rep->count = j.n;
	if (read_values(&j))
		goto out;
	old = exs_calloc(j.n, sizeof(*old));
	if (!old) {
		elfimg_fail(img, "out of memory");
		goto out;
	}
	for (i = 0; i < j.n; i++) {
		uint64_t before = img->ehdr.e_machine == EM_AARCH64 ? 8 : 0;

		old[i] = j.val[i].key;
		if (o->weak && j.val[i].key &&
		    !in_function(o->weak, j.val[i].key, before)) {
			j.val[i].key = 0;
			rep->zeroed++;
		}
	}
	if (radix_sort(j.val, j.n)) {
		elfimg_fail(img, "out of memory");
		goto out;
	}
	for (i = 0; i < j.n; i++)
		if (j.val[i].key != old[i])
			rep->moved++;
	plan->moved += rep->moved;
	if (rep->moved && encode(&j, plan, rep, o->relocs))
		goto out;
	r = 0;
out:
	free(old);
	free(j.val);
	free(j.slot_record);
	reloc_free(&j.rela);
	return r;
}
