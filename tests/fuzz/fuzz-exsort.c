// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for exsort's in-memory work: sort_plan() on an image
 * opened with elfimg_open_mem(), as exsort plans before it writes
 * (__ex_table and the tables in its format, ORC, __mcount_loc, the
 * flag, relocation sections).
 *
 * Input: two options bytes, then the file.
 *   byte 0 bits 0-1  --relocs: 0 update, 1 keep, 2 zero, 3 update
 *          bit 2     --no-flag
 *          bit 3     --nm-file: a listing of the image's own sized
 *                    function symbols, read by weak_funcs_read()
 *          bits 4-7  0: detect the layout; 1-9: --layout= layout id
 *                    N-1; 10-15: detect
 *   byte 1 bits 0-4  --skip: one bit per enum table_kind
 * To replay a reproducer with the real tool: tail -c +3 CRASH > f;
 * exsort --check f (with the options above).
 *
 * Beyond the sanitizers, a plan must hold together: its patches lie in
 * the file and hold the file's bytes as old, and in a file whose
 * sections do not overlap (nor the patches), the image with the patches
 * applied must plan again, under the layout chosen the first time, to
 * nothing moved, nothing to write and the flag clear.  Any other
 * outcome aborts.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfimg.h"
#include "layout.h"
#include "mcount.h"
#include "sortplan.h"
#include "util.h"

struct span {
	uint64_t start, end;	/* [start, end) in the file */
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static bool overlap(struct span *s, size_t n)
{
	size_t i;

	qsort(s, n, sizeof(*s), cmp_span);
	for (i = 1; i < n; i++)
		if (s[i].start < s[i - 1].end)
			return true;
	return false;
}

/*
 * Do the ELF header, the program and section header tables and the
 * non-empty sections with file contents each have bytes of their own,
 * and do the patches not overlap?  Only then is a patch sure to change
 * nothing but what it is meant for.
 */
static bool disjoint(const struct elfimg *img, const struct sort_plan *plan)
{
	size_t shentsize = img->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	struct span *s = calloc(img->shnum + 3, sizeof(*s));
	struct span ps[PLAN_PATCHES];
	bool ok = true;
	size_t i, n = 0;

	if (!s)
		abort();
	s[n++] = (struct span){ 0, img->ehdr.e_ehsize };
	s[n++] = (struct span){ img->ehdr.e_shoff,
				img->ehdr.e_shoff + img->shnum * shentsize };
	if (img->ehdr.e_phnum)
		s[n++] = (struct span){ img->ehdr.e_phoff, img->ehdr.e_phoff +
			(uint64_t)img->ehdr.e_phnum * img->ehdr.e_phentsize };
	for (i = 1; i < img->shnum; i++) {
		const GElf_Shdr *sh = &img->shdr[i];

		if (sh->sh_type == SHT_NOBITS || sh->sh_size == 0)
			continue;
		if (sh->sh_offset + sh->sh_size < sh->sh_offset)
			ok = false;	/* wraps */
		s[n++] = (struct span){ sh->sh_offset,
					sh->sh_offset + sh->sh_size };
	}
	if (ok)
		ok = !overlap(s, n);
	free(s);
	for (i = 0; i < plan->npatch; i++) {
		const struct patch *p = &plan->patch[i];

		ps[i] = (struct span){ p->offset, p->offset + p->size };
	}
	return ok && !overlap(ps, plan->npatch);
}

static void fail(const char *what, const struct elfimg *img)
{
	fprintf(stderr, "fuzz-exsort: %s (%s)\n", what, img->err);
	abort();
}

/* Apply @plan to a copy of @img and plan again: nothing left to do. */
static void replan(const struct elfimg *img, const struct sort_opts *o,
		   const struct sort_plan *plan)
{
	struct sort_opts again = *o;
	struct sort_plan p2;
	struct elfimg img2;
	unsigned char *copy;
	size_t i;

	copy = malloc(img->size);
	if (!copy)
		abort();
	memcpy(copy, img->image, img->size);
	for (i = 0; i < plan->npatch; i++)
		memcpy(copy + plan->patch[i].offset, plan->patch[i].bytes,
		       plan->patch[i].size);
	if (plan->choice.layout)
		again.layout = plan->choice.layout->name;
	if (elfimg_open_mem(&img2, "fuzz-sorted", copy, img->size))
		fail("the sorted image does not open again", &img2);
	if (sort_plan(&img2, &again, &p2))
		fail("the sorted image does not plan again", &img2);
	if (p2.ntables != plan->ntables)
		fail("the sorted image has other tables", &img2);
	for (i = 0; i < p2.ntables; i++)
		if (p2.table[i].count != plan->table[i].count)
			fail("the sorted image has another number of entries",
			     &img2);
	if (p2.moved)
		fail("the sorted image is not sorted", &img2);
	if (plan->flag_found && (!p2.flag_found || p2.flag_was_set))
		fail("the sorted image still has the flag set", &img2);
	if (p2.npatch)
		fail("the sorted image still needs patches", &img2);
	sort_plan_free(&p2);
	elfimg_close(&img2);
	free(copy);
}

static void check_plan(const struct elfimg *img, const struct sort_opts *o,
		       const struct sort_plan *plan)
{
	size_t i, moved = 0;

	if (!(o->skip & SKIP(TBL_EXTABLE)) &&
	    (!plan->choice.layout || !plan->choice.machine ||
	     !plan->choice.source))
		fail("a plan without a layout", img);
	if (plan->npatch > PLAN_PATCHES || plan->ntables > PLAN_TABLES)
		fail("impossible counts in a plan", img);
	for (i = 0; i < plan->ntables; i++) {
		const struct table_report *t = &plan->table[i];

		if (!t->name || t->moved > t->count || t->zeroed > t->count)
			fail("impossible counts in a table", img);
		moved += t->moved;
	}
	if (moved != plan->moved)
		fail("the tables' moves do not add up", img);
	if (!plan->moved && plan->npatch > (plan->flag_was_set ? 1u : 0u))
		fail("patches for sorted tables and a clear flag", img);
	for (i = 0; i < plan->npatch; i++) {
		const struct patch *p = &plan->patch[i];

		if (!exs_range_ok(p->offset, p->size, img->size))
			fail("a patch outside the file", img);
		if (memcmp(p->old, img->image + p->offset, p->size) != 0)
			fail("a patch's old bytes are not the file's", img);
	}
	if (disjoint(img, plan))
		replan(img, o, plan);
}

/* An `nm -S` listing of the image's sized function symbols. */
static int nm_listing(struct elfimg *img, struct weak_funcs *w)
{
	const struct elf_symtab *v = elfimg_symtab(img);
	const char *why = NULL;
	char *text = NULL;
	size_t len = 0, i;
	FILE *f;
	int r;

	memset(w, 0, sizeof(*w));
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	for (i = 1; v && i < v->count; i++) {
		const char *name;
		GElf_Sym sym;
		size_t shndx;

		if (elfimg_symbol(img, i, &sym, &shndx, &name) ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC || !sym.st_size)
			continue;
		fprintf(f, "%016llx %016llx %c %s\n",
			(unsigned long long)sym.st_value,
			(unsigned long long)sym.st_size,
			GELF_ST_BIND(sym.st_info) == STB_WEAK ? 'W' :
			GELF_ST_BIND(sym.st_info) == STB_LOCAL ? 't' : 'T',
			name);
	}
	fclose(f);
	img->err[0] = 0;
	f = fmemopen(text, len, "r");
	if (!f && len)
		abort();
	r = f ? weak_funcs_read(f, w, &why) : 0;
	if (f)
		fclose(f);
	free(text);
	if (r && !why) {
		fprintf(stderr, "fuzz-exsort: weak_funcs_read failed without a reason\n");
		abort();
	}
	return r;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	elfimg_global_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum relocs_mode relocs[4] = {
		RELOCS_UPDATE, RELOCS_KEEP, RELOCS_ZERO, RELOCS_UPDATE };
	struct weak_funcs weak = { 0 };
	struct sort_opts o = { 0 };
	const struct ex_layout *l;
	unsigned int n;
	struct sort_plan plan;
	struct elfimg img;
	unsigned char *buf;
	bool use_weak;

	if (size < 3)
		return 0;
	o.relocs = relocs[data[0] & 3];
	o.no_flag = data[0] & 4;
	use_weak = data[0] & 8;
	n = data[0] >> 4;	/* 1-9: a layout id + 1 */
	l = n ? layout_by_id((enum layout_id)(n - 1)) : NULL;
	o.layout = l ? l->name : NULL;
	o.skip = data[1] & (SKIP(TBL_KINDS) - 1);
	data += 2;
	size -= 2;

	/* exsort maps the file: page-aligned, never written through */
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (elfimg_open_mem(&img, "fuzz", buf, size) == 0 &&
	    (!use_weak || nm_listing(&img, &weak) == 0)) {
		o.weak = use_weak ? &weak : NULL;
		if (sort_plan(&img, &o, &plan) == 0) {
			check_plan(&img, &o, &plan);
			sort_plan_free(&plan);
		}
	}
	weak_funcs_free(&weak);
	elfimg_close(&img);
	if (memcmp(buf, data, size) != 0) {
		fprintf(stderr, "fuzz-exsort: the library wrote into its input\n");
		abort();
	}
	free(buf);
	return 0;
}
