// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * User-access analysis (see uaccess.h and the USER ACCESS section of
 * excheck(1) for the rules and why they are what they are).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reloc.h"
#include "symbols.h"
#include "types.h"
#include "uaccess.h"
#include "util.h"

#define X86_FEATURE_SMAP	308	/* 9 * 32 + 20, asm/cpufeatures.h */
#define ALT_FEATURE_LIMIT	0x1000	/* well above (NCAPINTS + NBUGINTS) * 32 */

static const unsigned char x86_stac[3] = { 0x0f, 0x01, 0xcb };
static const unsigned char x86_clac[3] = { 0x0f, 0x01, 0xca };

/*
 * struct alt_instr (asm/alternative.h): s32 instr_offset, s32
 * repl_offset (both self-relative), the feature, then instrlen and
 * replacementlen.
 */
struct alt_format {
	unsigned int size;
	unsigned int feature_size;	/* u16 cpuid or u32 ft_flags */
	unsigned int instrlen_off, replen_off;
	uint32_t not_flag;	/* feature bit meaning "if the CPU lacks it" */
};

static const struct alt_format alt_formats[] = {
	{ 12, 2, 10, 11, 0x8000 },	/* ~3.x-4.0, 5.13-6.2 (bit 15: ALT_NOT) */
	{ 13, 2, 10, 11, 0x8000 },	/* 4.1-5.12: + u8 padlen */
	{ 14, 4, 12, 13, 0x10000 },	/* 6.3+: u32 ft_flags, flags high */
};

/* One decoded struct alt_instr. */
struct alt_view {
	struct ex_loc instr, repl;
	uint32_t feature;
	unsigned int instrlen, replen;
};

/* What reading .altinstructions needs. */
struct alt_reader {
	struct elfimg *img;
	const struct ex_machine *m;
	size_t shndx, repl_shndx;
	const unsigned char *p;		/* .altinstructions */
	size_t size;
	const unsigned char *rp;	/* .altinstr_replacement */
	size_t rsize;
	struct reloc_set relocs;	/* relocatable objects */
};

const char *uaccess_method_name(enum ua_method m)
{
	switch (m) {
	case UA_X86_SMAP:
		return "x86 STAC/CLAC";
	case UA_ARM64_UNPRIV:
		return "arm64 LDTR/STTR";
	default:
		return NULL;
	}
}

/* Start of section @shndx in the numbers its locations use. */
static uint64_t section_base(const struct elfimg *img, size_t shndx)
{
	return img->ehdr.e_type == ET_REL ? 0 : img->shdr[shndx].sh_addr;
}

/* Do @len bytes at @loc lie inside the section it names? */
static bool loc_has(const struct elfimg *img, const struct ex_loc *loc,
		    uint64_t len)
{
	if (loc->state != LOC_OK || loc->undef || !loc->shndx ||
	    loc->shndx >= img->shnum)
		return false;
	return loc->value >= section_base(img, loc->shndx) &&
	       exs_range_ok(loc->value - section_base(img, loc->shndx), len,
			    img->shdr[loc->shndx].sh_size);
}

/* A self-relative 32-bit field at @off of .altinstructions. */
static int alt_field(struct alt_reader *a, uint64_t off, struct ex_loc *loc)
{
	struct elfimg *img = a->img;
	int64_t raw = exs_sext(exs_get(a->p + off, 4, img->msb), 32);
	const struct reloc *r = NULL;
	size_t first, n, k;
	const char *name;
	GElf_Sym sym;
	size_t shndx;

	memset(loc, 0, sizeof(*loc));
	loc->state = LOC_BAD_RELOC;
	if (img->ehdr.e_type != ET_REL) {
		uint64_t field = img->shdr[a->shndx].sh_addr + off;

		loc->state = LOC_OK;
		loc->value = (field + (uint64_t)raw) & img->addr_mask;
		loc->shndx = extable_section_of(img, loc->value);
		return 0;
	}
	n = reloc_find(&a->relocs, off, &first);
	for (k = 0; k < n; k++) {
		const struct reloc *x = &a->relocs.r[first + k];

		if (reloc_kind(a->m, x->type) == RK_NONE)
			continue;
		if (r || reloc_kind(a->m, x->type) != RK_PC32)
			return 0;
		r = x;
	}
	if (!r)
		return 0;
	if (elfimg_symbol(img, r->sym, &sym, &shndx, &name))
		return -1;
	if (shndx == SHN_UNDEF || shndx >= img->shnum)
		return 0;
	loc->state = LOC_OK;
	loc->shndx = shndx;
	loc->value = sym.st_value + (uint64_t)(a->relocs.rela ? r->addend : raw);
	return 0;
}

static int alt_decode(struct alt_reader *a, const struct alt_format *f,
		      size_t i, struct alt_view *v)
{
	uint64_t off = (uint64_t)i * f->size;
	const unsigned char *e = a->p + off;

	if (alt_field(a, off, &v->instr) || alt_field(a, off + 4, &v->repl))
		return -1;
	v->feature = (uint32_t)exs_get(e + 8, f->feature_size, a->img->msb);
	v->instrlen = e[f->instrlen_off];
	v->replen = e[f->replen_off];
	return 0;
}

/* Does @v make sense as an entry of format @f? */
static bool alt_plausible(const struct alt_reader *a,
			  const struct alt_format *f,
			  const struct alt_view *v)
{
	const struct elfimg *img = a->img;

	if ((v->feature & 0xffff & ~f->not_flag) >= ALT_FEATURE_LIMIT ||
	    v->replen > v->instrlen)
		return false;
	if (!loc_has(img, &v->instr, v->instrlen) ||
	    !(img->shdr[v->instr.shndx].sh_flags & SHF_EXECINSTR))
		return false;
	return v->replen == 0 ||
	       (loc_has(img, &v->repl, v->replen) &&
		v->repl.shndx == a->repl_shndx);
}

/* 1 if every entry decodes plausibly under @f, 0 if not, -1 broken. */
static int alt_fits(struct alt_reader *a, const struct alt_format *f)
{
	size_t i;

	if (!a->size || a->size % f->size)
		return 0;
	for (i = 0; i < a->size / f->size; i++) {
		struct alt_view v;

		if (alt_decode(a, f, i, &v))
			return -1;
		if (!alt_plausible(a, f, &v))
			return 0;
	}
	return 1;
}

static const struct alt_format *alt_format_of_size(unsigned int size)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alt_formats); i++)
		if (alt_formats[i].size == size)
			return &alt_formats[i];
	return NULL;
}

/*
 * The struct alt_instr of this kernel: the size BTF or DWARF gives, or
 * else the one format under which every entry decodes.  NULL with a
 * note in @ua if there is none; -1 (trouble) if two fit.
 */
static int alt_choose(struct alt_reader *a, struct uaccess *ua,
		      const struct alt_format **out)
{
	const struct alt_format *fit = NULL;
	struct ex_typeinfo ti;
	size_t i;
	int r;

	*out = NULL;
	ua->altsource = "BTF";
	r = btf_find_struct(a->img, "alt_instr", &ti);
	if (r == 0) {
		ua->altsource = "DWARF";
		r = dwarf_find_struct(a->img, "alt_instr", "alternative.c", &ti);
	}
	if (r < 0)
		return -1;
	if (r > 0) {
		fit = alt_format_of_size(ti.size);
		r = fit ? alt_fits(a, fit) : 0;
		if (r < 0)
			return -1;
		if (r == 0)
			snprintf(ua->note, sizeof(ua->note),
				 "%s says struct alt_instr is %u bytes, which .altinstructions does not fit",
				 ua->altsource, ti.size);
		*out = r ? fit : NULL;
		return 0;
	}
	ua->altsource = "contents";
	for (i = 0; i < ARRAY_SIZE(alt_formats); i++) {
		r = alt_fits(a, &alt_formats[i]);
		if (r < 0)
			return -1;
		if (r && fit)
			return elfimg_fail(a->img, ".altinstructions: entries decode as both %u- and %u-byte struct alt_instr; cannot tell which",
					   fit->size, alt_formats[i].size);
		if (r)
			fit = &alt_formats[i];
	}
	if (!fit)
		snprintf(ua->note, sizeof(ua->note),
			 ".altinstructions fits no struct alt_instr layout excheck knows (12, 13 or 14 bytes)");
	*out = fit;
	return 0;
}

static int add_site(struct uaccess *ua, size_t *cap, const struct ex_loc *at,
		    enum ua_op op)
{
	if (ua->nsite == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct ua_site *n = realloc(ua->site, ncap * sizeof(*n));

		if (!n)
			return -1;
		ua->site = n;
		*cap = ncap;
	}
	ua->site[ua->nsite++] = (struct ua_site){ at->shndx, at->value, op };
	if (op == UA_STAC)
		ua->nstac++;
	else
		ua->nclac++;
	return 0;
}

/*
 * A SMAP alternative whose replacement is exactly STAC opens user
 * access; one whose replacement ends in CLAC (CLAC, or smap_save()'s
 * "pushf; pop; clac") closes it.  Others (smap_restore()'s "push;
 * popf") restore a saved state and are neither.
 */
static int alt_site(struct alt_reader *a, const struct alt_format *f,
		    const struct alt_view *v, struct uaccess *ua, size_t *cap)
{
	const unsigned char *r;
	uint64_t off;

	if ((v->feature & 0xffff & ~f->not_flag) != X86_FEATURE_SMAP ||
	    (v->feature & f->not_flag) || v->replen < 3)
		return 0;
	off = v->repl.value - section_base(a->img, a->repl_shndx);
	if (!a->rp || !exs_range_ok(off, v->replen, a->rsize))
		return 0;
	r = a->rp + off;
	if (v->replen == 3 && memcmp(r, x86_stac, 3) == 0)
		return add_site(ua, cap, &v->instr, UA_STAC);
	if (memcmp(r + v->replen - 3, x86_clac, 3) == 0)
		return add_site(ua, cap, &v->instr, UA_CLAC);
	return 0;
}

static int cmp_site(const void *x, const void *y)
{
	const struct ua_site *a = x, *b = y;

	if (a->shndx != b->shndx)
		return a->shndx < b->shndx ? -1 : 1;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return (int)a->op - (int)b->op;
}

/* Collect the STAC and CLAC sites from .altinstructions. */
static int x86_sites(struct uaccess *ua, const struct ex_machine *m)
{
	struct alt_reader a = { .img = ua->img, .m = m };
	const struct alt_format *f;
	size_t i, cap = 0, rsec;
	int rc = -1;

	a.shndx = elfimg_find_section(a.img, ".altinstructions");
	a.repl_shndx = elfimg_find_section(a.img, ".altinstr_replacement");
	if (!a.shndx)
		return 0;	/* no alternatives, no STAC */
	if (elfimg_bytes(a.img, a.shndx, &a.p, &a.size))
		return -1;
	if (a.repl_shndx && elfimg_bytes(a.img, a.repl_shndx, &a.rp, &a.rsize))
		return -1;
	rsec = a.img->ehdr.e_type == ET_REL ?
	       reloc_section_for(a.img, a.shndx) : 0;
	if (rsec && reloc_read(a.img, rsec, &a.relocs))
		return -1;
	if (alt_choose(&a, ua, &f))
		goto out;
	ua->altsize = f ? f->size : 0;
	for (i = 0; f && i < a.size / f->size; i++) {
		struct alt_view v;

		if (alt_decode(&a, f, i, &v))
			goto out;
		if (alt_site(&a, f, &v, ua, &cap)) {
			elfimg_fail(a.img, "out of memory");
			goto out;
		}
	}
	if (ua->nsite)
		qsort(ua->site, ua->nsite, sizeof(*ua->site), cmp_site);
	rc = 0;
out:
	reloc_free(&a.relocs);
	return rc;
}

/* End of the function around @addr in @shndx: see symbols_extent(). */
static uint64_t function_end(const struct uaccess *ua, size_t shndx,
			     uint64_t addr, const struct sym **fn)
{
	uint64_t end = section_base(ua->img, shndx) + ua->img->shdr[shndx].sh_size;

	*fn = symbols_extent(ua->syms, shndx, addr, &end);
	return end;
}

static uint64_t function_start(const struct uaccess *ua, size_t shndx,
			       uint64_t addr)
{
	const struct sym *fn;

	function_end(ua, shndx, addr, &fn);
	return fn ? fn->value : section_base(ua->img, shndx);
}

/* check_report() naming code section @shndx, not the table. */
static int report_code(struct check_ctx *c, enum check_id id, size_t shndx,
		       const struct ex_loc *loc, const char *msg)
{
	size_t before = c->out->n;

	if (check_report(c, id, false, -1, "insn", loc, "%s", msg))
		return -1;
	if (c->out->n > before)
		c->out->f[before].where = c->img->secname[shndx];
	return 0;
}

static void site_loc(const struct ua_site *s, struct ex_loc *loc)
{
	memset(loc, 0, sizeof(*loc));
	loc->state = LOC_OK;
	loc->shndx = s->shndx;
	loc->value = s->addr;
}

/* "do_foo+0x12 (0xffffffff81001234)", or for objects ".text+0x12". */
static void where(const struct uaccess *ua, const struct ex_loc *loc,
		  char *buf, size_t len)
{
	char sym[200];

	loc_describe(ua->img, ua->syms, loc, sym, sizeof(sym));
	if (ua->img->ehdr.e_type == ET_REL)
		snprintf(buf, len, "%s", sym);
	else
		snprintf(buf, len, "%s (0x%llx)", sym,
			 (unsigned long long)loc->value);
}

/* Index of the first site at or past (@shndx, @addr). */
static size_t first_site_from(const struct uaccess *ua, size_t shndx,
			      uint64_t addr)
{
	size_t lo = 0, hi = ua->nsite;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ua_site *m = &ua->site[mid];

		if (m->shndx < shndx || (m->shndx == shndx && m->addr < addr))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is the first site in [from, to) of section @shndx a CLAC? */
static bool clac_first(const struct uaccess *ua, size_t shndx,
		       uint64_t from, uint64_t to)
{
	size_t i = first_site_from(ua, shndx, from);

	return i < ua->nsite && ua->site[i].shndx == shndx &&
	       ua->site[i].addr < to && ua->site[i].op == UA_CLAC;
}

/* Target of a direct JMP or Jcc encoded at @p (@avail bytes), or 0. */
static bool x86_jump(const unsigned char *p, uint64_t avail, uint64_t at,
		     uint64_t *target)
{
	if (avail >= 5 && p[0] == 0xe9)
		*target = at + 5 + (uint64_t)exs_sext(exs_get(p + 1, 4, false), 32);
	else if (avail >= 6 && p[0] == 0x0f && (p[1] & 0xf0) == 0x80)
		*target = at + 6 + (uint64_t)exs_sext(exs_get(p + 2, 4, false), 32);
	else if (avail >= 2 && (p[0] == 0xeb || (p[0] & 0xf0) == 0x70))
		*target = at + 2 + (uint64_t)exs_sext(p[1], 8);
	else
		return false;
	return true;
}

/*
 * A STAC at @from in the function [@start, @end) with no CLAC after it
 * may still be closed where the code jumps: does a direct JMP or Jcc
 * in [from, end) lead to a CLAC before any STAC, in address order?
 * Either back into the function (the compiler placed the shared exit
 * before the STAC), or out into code that is no function (assembly
 * blocks declared with SYM_CODE_START_LOCAL, like 6.1's
 * copy_user_short_string).  Jumps are found by their encodings, not
 * by decoding: bytes inside a longer instruction could look like one,
 * but would also have to land just before a CLAC.  1 yes, 0 no, -1 the
 * section could not be read.
 */
static int jumps_to_clac(const struct uaccess *ua, size_t shndx,
			 uint64_t start, uint64_t from, uint64_t end)
{
	struct elfimg *img = ua->img;
	uint64_t base = section_base(img, shndx), at;
	const unsigned char *p;
	size_t size;

	if (img->shdr[shndx].sh_type != SHT_PROGBITS)
		return 0;
	if (elfimg_bytes(img, shndx, &p, &size))
		return -1;
	if (from < base || end < from || end - base > size)
		return 0;
	for (at = from; at < end; at++) {
		uint64_t target, to = base + size;
		const struct sym *fn;

		if (!x86_jump(p + (at - base), end - at, at, &target) ||
		    target < base || target >= to ||
		    (target >= from && target < end))
			continue;
		if (target >= start && target < from) {
			if (clac_first(ua, shndx, target, end))
				return 1;
			continue;
		}
		fn = symbols_extent(ua->syms, shndx, target, &to);
		if (fn && fn->type != STT_FUNC &&
		    clac_first(ua, shndx, target, to))
			return 1;
	}
	return 0;
}

/* Every STAC needs a CLAC after it before its function ends. */
static int x86_windows(struct check_ctx *c, struct uaccess *ua)
{
	size_t i, k;

	for (i = 0; i < ua->nsite; i++) {
		const struct ua_site *s = &ua->site[i];
		const struct sym *fn;
		uint64_t end;
		char at[256], msg[640];
		struct ex_loc loc;
		int closed;

		if (s->op != UA_STAC)
			continue;
		end = function_end(ua, s->shndx, s->addr, &fn);
		for (k = i + 1; k < ua->nsite; k++)
			if (ua->site[k].shndx != s->shndx ||
			    ua->site[k].addr >= end || ua->site[k].op == UA_CLAC)
				break;
		if (k < ua->nsite && ua->site[k].shndx == s->shndx &&
		    ua->site[k].addr < end)
			continue;
		closed = jumps_to_clac(ua, s->shndx, fn ? fn->value :
				       section_base(c->img, s->shndx), s->addr, end);
		if (closed < 0)
			return -1;
		if (closed)
			continue;
		site_loc(s, &loc);
		where(ua, &loc, at, sizeof(at));
		snprintf(msg, sizeof(msg),
			 "STAC at %s opens user access, and no CLAC follows before %s%s ends",
			 at, fn ? fn->name : "section ",
			 fn ? "" : c->img->secname[s->shndx]);
		if (report_code(c, CHK_UACCESS_OPEN, s->shndx, &loc, msg))
			return -1;
	}
	return 0;
}

int uaccess_in_window(const struct uaccess *ua, const struct ex_view *v)
{
	const struct ua_site *s;
	size_t i;

	if (ua->method != UA_X86_SMAP || v->insn.state != LOC_OK ||
	    !v->insn.shndx || v->insn.undef)
		return -1;
	i = first_site_from(ua, v->insn.shndx, v->insn.value);
	if (i == 0)
		return 0;
	s = &ua->site[i - 1];	/* the last site before the instruction */
	return s->shndx == v->insn.shndx && s->op == UA_STAC &&
	       s->addr >= function_start(ua, s->shndx, v->insn.value);
}

/* ---------------------------------------------------------------- arm64 */

/* A64 "load/store register (unprivileged)": LDTR*, STTR*. */
static bool a64_unpriv(uint32_t insn)
{
	return (insn & 0x3f200c00) == 0x38000800;
}

static const char *a64_unpriv_name(uint32_t insn)
{
	static const char *const names[16] = {
		"STTRB", "LDTRB", "LDTRSB", "LDTRSB", "STTRH", "LDTRH",
		"LDTRSH", "LDTRSH", "STTR", "LDTR", "LDTRSW", NULL,
		"STTR", "LDTR", NULL, NULL,
	};
	const char *n = names[((insn >> 28) & 0xc) | ((insn >> 22) & 3)];

	return n ? n : "LDTR/STTR";
}

/*
 * Instructions a user-access entry may name: the whole load/store
 * encoding group (LDR, LDTR, LDXR, LDP, atomics, MTE tags, MOPS, ...)
 * and SYS (DC/IC cache maintenance and AT, which USER() marks).
 */
static bool a64_touches_memory(uint32_t insn)
{
	return (insn & 0x0a000000) == 0x08000000 ||
	       (insn & 0xffd80000) == 0xd5080000;
}

/* Mapping symbols $x and $d, which tell code from data in text. */
struct a64_map {
	size_t shndx;
	uint64_t value;
	bool data;
};

static int cmp_map(const void *x, const void *y)
{
	const struct a64_map *a = x, *b = y;

	if (a->shndx != b->shndx)
		return a->shndx < b->shndx ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return (int)a->data - (int)b->data;
}

static bool mapping_name(const char *name, char kind)
{
	return name[0] == '$' && name[1] == kind &&
	       (name[2] == 0 || name[2] == '.');
}

static int a64_maps(struct elfimg *img, struct a64_map **out, size_t *n)
{
	const struct elf_symtab *v = elfimg_symtab(img);
	struct a64_map *map;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	map = exs_calloc(v->count ? v->count : 1, sizeof(*map));
	if (!map)
		return elfimg_fail(img, "out of memory");
	for (i = 1; i < v->count; i++) {
		const char *name;
		GElf_Sym sym;
		size_t shndx;

		if (elfimg_symbol(img, i, &sym, &shndx, &name)) {
			free(map);
			return -1;
		}
		if (shndx == SHN_UNDEF || shndx >= img->shnum ||
		    !(img->shdr[shndx].sh_flags & SHF_EXECINSTR))
			continue;
		if (mapping_name(name, 'd') || mapping_name(name, 'x'))
			map[(*n)++] = (struct a64_map){ shndx, sym.st_value,
							name[1] == 'd' };
	}
	qsort(map, *n, sizeof(*map), cmp_map);
	*out = map;
	return 0;
}

/* Table entries' instructions, sorted, to look LDTR/STTR sites up. */
struct a64_pairs {
	struct ex_loc *insn;
	size_t n;
};

static int cmp_loc(const void *x, const void *y)
{
	const struct ex_loc *a = x, *b = y;

	if (a->shndx != b->shndx)
		return a->shndx < b->shndx ? -1 : 1;
	return a->value < b->value ? -1 : a->value > b->value;
}

static bool has_entry(const struct a64_pairs *p, size_t shndx, uint64_t at)
{
	struct ex_loc key = { .shndx = shndx, .value = at };

	return p->n &&
	       bsearch(&key, p->insn, p->n, sizeof(*p->insn), cmp_loc) != NULL;
}

struct a64_scan {
	struct check_ctx *c;
	struct uaccess *ua;
	const struct a64_pairs *pairs;
};

/* Check the code in [from, to) of section @shndx, @p its bytes. */
static int a64_scan_code(struct a64_scan *s, size_t shndx,
			 const unsigned char *p, uint64_t from, uint64_t to)
{
	uint64_t base = section_base(s->c->img, shndx), off;

	for (off = (from + 3) & ~(uint64_t)3; off + 4 <= to; off += 4) {
		uint32_t insn = (uint32_t)exs_get(p + off, 4, false);
		struct ex_loc loc = { .state = LOC_OK, .shndx = shndx,
				      .value = base + off };
		char at[256], msg[640];

		s->ua->scanned++;
		if (!a64_unpriv(insn))
			continue;
		s->ua->unpriv++;
		if (has_entry(s->pairs, shndx, base + off))
			continue;
		where(s->ua, &loc, at, sizeof(at));
		snprintf(msg, sizeof(msg),
			 "%s at %s has no exception table entry: a fault on it oopses",
			 a64_unpriv_name(insn), at);
		if (report_code(s->c, CHK_UACCESS_UNPAIRED, shndx, &loc, msg))
			return -1;
	}
	return 0;
}

/* Scan one executable section, skipping what $d marks as data. */
static int a64_scan_section(struct a64_scan *s, size_t shndx,
			    const struct a64_map *map, size_t nmap)
{
	struct elfimg *img = s->c->img;
	uint64_t base = section_base(img, shndx), from = 0;
	const unsigned char *p;
	bool data = false;
	size_t size, i;

	if (elfimg_bytes(img, shndx, &p, &size))
		return -1;
	for (i = 0; i < nmap; i++) {
		uint64_t at;

		if (map[i].shndx != shndx || map[i].value < base)
			continue;
		at = map[i].value - base;
		if (at > size)
			at = size;
		if (!data && at > from && a64_scan_code(s, shndx, p, from, at))
			return -1;
		if (at >= from) {
			from = at;
			data = map[i].data;
		}
	}
	return data ? 0 : a64_scan_code(s, shndx, p, from, size);
}

/* Sections whose LDTR/STTR are copied over other instructions. */
static bool a64_skip_section(const struct elfimg *img, size_t i)
{
	const GElf_Shdr *sh = &img->shdr[i];

	return sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_EXECINSTR) ||
	       strcmp(img->secname[i], ".altinstr_replacement") == 0;
}

static int a64_unpaired(struct check_ctx *c, struct uaccess *ua)
{
	struct a64_pairs pairs = { 0 };
	struct a64_scan s = { c, ua, &pairs };
	struct a64_map *map;
	size_t nmap, i, k;
	int rc = -1;

	if (!c->img->symtab) {
		snprintf(ua->note, sizeof(ua->note),
			 "no symbol table, so no $d mapping symbols to tell code from data: unprivileged loads and stores not checked");
		return 0;
	}
	if (a64_maps(c->img, &map, &nmap))
		return -1;
	if (c->table && c->table->count) {
		pairs.insn = exs_calloc(c->table->count, sizeof(*pairs.insn));
		if (!pairs.insn) {
			elfimg_fail(c->img, "out of memory");
			goto out;
		}
		for (k = 0; k < c->table->count; k++)
			if (c->table->ent[k].insn.state == LOC_OK)
				pairs.insn[pairs.n++] = c->table->ent[k].insn;
		qsort(pairs.insn, pairs.n, sizeof(*pairs.insn), cmp_loc);
	}
	for (i = 1; i < c->img->shnum; i++)
		if (!a64_skip_section(c->img, i) &&
		    a64_scan_section(&s, i, map, nmap))
			goto out;
	rc = 0;
out:
	free(pairs.insn);
	free(map);
	return rc;
}

/* Every user-access entry must name an instruction that touches memory. */
static int a64_targets(struct check_ctx *c, struct uaccess *ua)
{
	const struct extable *t = c->table;
	size_t i;

	if (!t || !t->choice.layout ||
	    t->choice.layout->extra_kind != EXTRA_TYPE_DATA16)
		return 0;	/* no types: nothing says "user access" */
	for (i = 0; i < t->count; i++) {
		const struct ex_view *v = &t->ent[i];
		const char *tn = type_name(t, c->version, v->e.type);
		const unsigned char *p;
		size_t size;
		uint64_t off;
		uint32_t insn;
		char at[256];

		if (!tn || !strstr(tn, "UACCESS") || !loc_has(c->img, &v->insn, 4) ||
		    !(c->img->shdr[v->insn.shndx].sh_flags & SHF_EXECINSTR) ||
		    c->img->shdr[v->insn.shndx].sh_type != SHT_PROGBITS)
			continue;
		if (elfimg_bytes(c->img, v->insn.shndx, &p, &size))
			return -1;
		off = v->insn.value - section_base(c->img, v->insn.shndx);
		if (!exs_range_ok(off, 4, size))
			continue;
		insn = (uint32_t)exs_get(p + off, 4, false);
		if (a64_touches_memory(insn))
			continue;
		where(ua, &v->insn, at, sizeof(at));
		if (check_report(c, CHK_UACCESS_TARGET, false, (long)i, "insn",
				 &v->insn, "EX_TYPE_%s entry for %s, whose instruction 0x%08x neither loads nor stores",
				 tn, at, insn))
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- all */

static bool any_enabled(const struct check_policy *p)
{
	return p->enabled[CHK_UACCESS_OPEN] || p->enabled[CHK_UACCESS_UNPAIRED] ||
	       p->enabled[CHK_UACCESS_TARGET];
}

int uaccess_analyse(struct check_ctx *c, struct uaccess *ua)
{
	const struct ex_machine *m = machine_lookup(c->img->ehdr.e_machine);
	const char *arch = elfimg_machine_name(c->img->ehdr.e_machine);

	memset(ua, 0, sizeof(*ua));
	ua->img = c->img;
	ua->syms = c->syms;
	if (m->uaccess == UA_NONE) {
		snprintf(ua->note, sizeof(ua->note),
			 "user-access analysis is not available for %s",
			 arch ? arch : "this machine");
		return 0;
	}
	if (!any_enabled(c->policy)) {
		snprintf(ua->note, sizeof(ua->note),
			 "user-access analysis is turned off (-Wno-uaccess-*)");
		return 0;
	}
	if (m->uaccess == UA_ARM64_UNPRIV && c->table && !c->table->choice.layout) {
		snprintf(ua->note, sizeof(ua->note),
			 "user-access analysis needs the table, which could not be decoded");
		return 0;
	}
	ua->method = m->uaccess;
	if (m->uaccess == UA_X86_SMAP) {
		if (x86_sites(ua, m))
			return -1;
		if (!c->img->symtab && ua->nstac)
			snprintf(ua->note, sizeof(ua->note),
				 "no symbol table: STAC/CLAC windows checked per section, not per function");
		return c->policy->enabled[CHK_UACCESS_OPEN] ? x86_windows(c, ua) : 0;
	}
	if (c->policy->enabled[CHK_UACCESS_UNPAIRED] && a64_unpaired(c, ua))
		return -1;
	return c->policy->enabled[CHK_UACCESS_TARGET] ? a64_targets(c, ua) : 0;
}

void uaccess_free(struct uaccess *ua)
{
	free(ua->site);
	ua->site = NULL;
	ua->nsite = 0;
}
