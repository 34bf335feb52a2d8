// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "extable.h"
#include "util.h"

size_t extable_section_of(struct elfimg *img, uint64_t addr)
{
	size_t i = elfimg_exec_section(img, addr);

	for (i = i ? i : 1; i < img->shnum; i++) {
		const GElf_Shdr *sh = &img->shdr[i];

		if ((sh->sh_flags & SHF_ALLOC) && addr >= sh->sh_addr &&
		    addr - sh->sh_addr < sh->sh_size)
			return i;
	}
	return 0;
}

static bool is_code(const struct elfimg *img, const struct ex_loc *loc)
{
	return loc->state == LOC_OK && loc->shndx && loc->shndx < img->shnum &&
	       (img->shdr[loc->shndx].sh_flags & SHF_EXECINSTR);
}

/* A linked image: the decoded value is the address. */
static void resolve_addr(const struct extable *t, uint64_t addr,
			 struct ex_loc *loc)
{
	loc->state = LOC_OK;
	loc->value = addr;
	loc->shndx = extable_section_of(t->img, addr);
}

static void resolve_linked(const struct extable *t, struct ex_view *v)
{
	const struct ex_layout *l = t->choice.layout;
	const struct ex_machine *m = t->choice.machine;
	uint64_t fixup = v->e.fixup & ~m->fixup_flags;

	resolve_addr(t, v->e.insn, &v->insn);
	v->fixup.state = LOC_NONE;
	v->handler.state = LOC_NONE;
	if (l->fixup.kind != FK_VALUE) {
		/* x86 3.5-4.5 _ASM_EXTABLE_EX entries carry a bias */
		if (m->ex_bias && l->id == L_REL8 &&
		    !elfimg_exec_section(t->img, fixup))
			fixup = (fixup - m->ex_bias) & t->img->addr_mask;
		resolve_addr(t, fixup, &v->fixup);
	}
	if (l->extra_kind == EXTRA_HANDLER && v->e.handler)
		resolve_addr(t, v->e.handler, &v->handler);
}

const char *field_describe(const struct ex_field *f)
{
	switch (f->kind) {
	case FK_REL:
	case FK_REL_OR_ZERO:
		return f->size == 4 ? "4-byte self-relative" : "8-byte self-relative";
	case FK_ABS:
		return f->size == 4 ? "4-byte absolute" : "8-byte absolute";
	default:
		return "value";
	}
}

const char *reloc_describe(const struct ex_machine *m, unsigned int type)
{
	static const char *const names[] = {
		[RK_UNKNOWN] = "unknown to excheck",
		[RK_PC32] = "PC-relative 32-bit", [RK_PC64] = "PC-relative 64-bit",
		[RK_ABS32] = "absolute 32-bit", [RK_ABS64] = "absolute 64-bit",
		[RK_ADD32] = "32-bit add", [RK_SUB32] = "32-bit subtract",
		[RK_NONE] = "none",
	};

	return names[reloc_kind(m, type)];
}

static bool reloc_fits(const struct ex_field *f, enum reloc_kind k)
{
	switch (f->kind) {
	case FK_REL:
		return f->size == 4 ? k == RK_PC32 : k == RK_PC64;
	case FK_REL_OR_ZERO:
		return k == RK_PC64;
	case FK_ABS:
		return f->size == 4 ? k == RK_ABS32 : k == RK_ABS64;
	default:
		return false;
	}
}

/* Where relocation @r with addend @addend points. */
static int reloc_target(struct extable *t, const struct reloc *r,
			int64_t addend, struct ex_loc *loc)
{
	GElf_Sym sym;
	const char *name;
	size_t shndx;

	if (elfimg_symbol(t->img, r->sym, &sym, &shndx, &name))
		return -1;
	if (shndx >= t->img->shnum &&
	    (sym.st_shndx < SHN_LORESERVE || sym.st_shndx == SHN_XINDEX))
		return elfimg_fail(t->img, "symbol %llu: section index %zu out of range",
				   (unsigned long long)r->sym, shndx);
	loc->state = LOC_OK;
	loc->value = sym.st_value + (uint64_t)addend;
	loc->shndx = shndx < t->img->shnum ? shndx : 0;
	loc->undef = shndx == SHN_UNDEF ? name : NULL;
	if (loc->undef)
		loc->value = (uint64_t)addend;
	return 0;
}

static void bad_reloc(struct ex_loc *loc, const struct reloc *r)
{
	loc->state = LOC_BAD_RELOC;
	loc->rtype = r->type;
}

/* riscv and loongarch may write "target - ." as an ADD32/SUB32 pair. */
static int resolve_pair(struct extable *t, const struct reloc *add,
			const struct reloc *sub, uint64_t field_off,
			struct ex_loc *loc)
{
	const struct ex_machine *m = t->choice.machine;
	const struct reloc *swap = add;
	struct ex_loc self;

	if (reloc_kind(m, add->type) == RK_SUB32) {
		add = sub;
		sub = swap;
	}
	if (reloc_kind(m, add->type) != RK_ADD32 ||
	    reloc_kind(m, sub->type) != RK_SUB32) {
		bad_reloc(loc, add);
		return 0;
	}
	if (reloc_target(t, sub, sub->addend, &self))
		return -1;
	if (self.undef || self.shndx != t->shndx || self.value != field_off) {
		bad_reloc(loc, sub);
		return 0;
	}
	return reloc_target(t, add, add->addend, loc);
}

static int resolve_field(struct extable *t, size_t i, const struct ex_field *f,
			 const unsigned char *entry, struct ex_loc *loc)
{
	uint64_t field_off = i * t->choice.layout->entsize + f->offset;
	const struct reloc *rec[2] = { NULL, NULL };
	size_t first, n, k, live = 0;
	uint64_t raw;

	memset(loc, 0, sizeof(*loc));
	loc->state = LOC_NONE;
	if (f->kind == FK_NONE || f->kind == FK_VALUE)
		return 0;
	raw = exs_get(entry + f->offset, f->size, t->img->msb);
	n = reloc_find(&t->relocs, field_off, &first);
	for (k = 0; k < n; k++) {
		const struct reloc *r = &t->relocs.r[first + k];

		/* R_*_NONE records do nothing: as if they were not there */
		if (reloc_kind(t->choice.machine, r->type) == RK_NONE)
			continue;
		if (live < 2)
			rec[live] = r;
		live++;
	}
	if (live == 0) {
		if (!(f->kind == FK_REL_OR_ZERO && raw == 0))
			loc->state = LOC_NO_RELOC;
		return 0;
	}
	if (live == 2 && f->kind == FK_REL && f->size == 4)
		return resolve_pair(t, rec[0], rec[1], field_off, loc);
	if (live != 1 ||
	    !reloc_fits(f, reloc_kind(t->choice.machine, rec[0]->type))) {
		bad_reloc(loc, rec[0]);
		return 0;
	}
	/* REL keeps the addend in the field itself */
	return reloc_target(t, rec[0], t->relocs.rela ? rec[0]->addend :
			    exs_sext(raw, f->size * 8), loc);
}

/* A value field (type, data) is never relocated. */
static bool value_relocated(const struct extable *t, size_t i)
{
	const struct ex_field *f = &t->choice.layout->extra;
	size_t first;

	return f->kind == FK_VALUE &&
	       reloc_find(&t->relocs, i * t->choice.layout->entsize + f->offset,
			  &first) > 0;
}

static int resolve_relocatable(struct extable *t, size_t i,
			       const unsigned char *entry, struct ex_view *v)
{
	const struct ex_layout *l = t->choice.layout;

	if (resolve_field(t, i, &l->insn, entry, &v->insn) ||
	    resolve_field(t, i, &l->fixup, entry, &v->fixup))
		return -1;
	v->value_relocated = value_relocated(t, i);
	if (l->extra_kind != EXTRA_HANDLER) {
		memset(&v->handler, 0, sizeof(v->handler));
		v->handler.state = LOC_NONE;
		return 0;
	}
	return resolve_field(t, i, &l->extra, entry, &v->handler);
}

/* Decode and resolve every entry under the chosen layout. */
static int read_entries(struct extable *t, const unsigned char *p,
			size_t size)
{
	const struct ex_layout *l = t->choice.layout;
	uint64_t addr = t->img->shdr[t->shndx].sh_addr;
	struct ex_codec c;
	size_t i;

	t->count = size / l->entsize;
	t->ent = exs_calloc(t->count, sizeof(*t->ent));
	if (!t->ent)
		return elfimg_fail(t->img, "out of memory");
	ex_codec_init(&c, l, t->img);
	for (i = 0; i < t->count; i++) {
		const unsigned char *entry = p + i * l->entsize;
		struct ex_view *v = &t->ent[i];

		ex_decode(&c, entry, (addr + i * l->entsize) & t->img->addr_mask,
			  &v->e);
		v->e.index = (uint32_t)i;
		if (!t->relocatable)
			resolve_linked(t, v);
		else if (resolve_relocatable(t, i, entry, v))
			return -1;
	}
	return 0;
}

/* layout_try_fn for relocatable objects: judge the relocated fields. */
static long try_relocatable(struct elfimg *img, const struct ex_machine *m,
			    const struct ex_layout *l, void *ctx, size_t limit)
{
	struct extable *t = ctx;
	const unsigned char *p;
	struct ex_codec c;
	size_t size, i, bad = 0;

	if (elfimg_bytes(img, t->shndx, &p, &size))
		return -1;
	/* resolve_field() reads the layout from t->choice, the very
	 * struct layout_detect_with() fills in when the trial is over */
	t->choice.layout = l;
	t->choice.machine = m;
	ex_codec_init(&c, l, img);
	for (i = 0; i + l->entsize <= size && bad <= limit; i += l->entsize) {
		struct ex_view v;

		ex_decode(&c, p + i, 0, &v.e);
		if (resolve_relocatable(t, i / l->entsize, p + i, &v)) {
			t->choice.layout = NULL;
			return -2;	/* a broken symbol table, not a misfit */
		}
		if (v.value_relocated ||
		    !layout_entry_plausible(m, l, &v.e, is_code(img, &v.insn),
					    is_code(img, &v.fixup),
					    is_code(img, &v.handler) ||
					    (v.handler.state == LOC_OK &&
					     v.handler.undef)))
			bad++;
	}
	t->choice.layout = NULL;
	return (long)bad;
}

int extable_open(struct elfimg *img, size_t shndx, const char *forced,
		 struct extable *t)
{
	const unsigned char *p;
	const char *what;
	size_t size, rsec;
	int r;

	memset(t, 0, sizeof(*t));
	t->img = img;
	t->shndx = shndx;
	t->name = img->secname[shndx];
	t->relocatable = img->ehdr.e_type == ET_REL;
	if (elfimg_bytes(img, shndx, &p, &size))
		return -1;
	what = elfimg_overlaps_headers(img, img->shdr[shndx].sh_offset, size);
	if (what)
		return elfimg_fail(img, "%s overlaps %s", t->name, what);
	rsec = t->relocatable ? reloc_section_for(img, shndx) : 0;
	if (rsec && reloc_read(img, rsec, &t->relocs))
		return -1;	/* reloc_read() frees what it read */
	/* the module loader would write through a record outside */
	if (t->relocs.n && t->relocs.r[t->relocs.n - 1].offset >= size) {
		const struct reloc *last = &t->relocs.r[t->relocs.n - 1];

		elfimg_fail(img, "%s: record %u (offset 0x%llx) is not in %s",
			    img->secname[rsec], last->index,
			    (unsigned long long)last->offset, t->name);
		extable_close(t);
		return -1;
	}
	r = t->relocatable ?
		layout_detect_with(img, shndx, forced, &t->choice,
				   try_relocatable, t, true) :
		layout_detect(img, shndx, forced, &t->choice, true);
	if (r < 0) {
		extable_close(t);
		return -1;
	}
	if (r > 0 || size % t->choice.layout->entsize) {
		if (r == 0)
			elfimg_fail(img, "size %zu is not a multiple of the %u-byte entries of layout %s",
				    size, t->choice.layout->entsize,
				    t->choice.layout->name);
		memcpy(t->no_layout, img->err, sizeof(t->no_layout));
		t->choice.layout = NULL;
		return 0;
	}
	if (read_entries(t, p, size)) {
		extable_close(t);
		return -1;
	}
	return 0;
}

void extable_close(struct extable *t)
{
	free(t->ent);
	reloc_free(&t->relocs);
	t->ent = NULL;
	t->count = 0;
}
