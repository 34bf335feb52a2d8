// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The layouts of struct exception_table_entry, the machines that used
 * them, and the choice of one for a given table.  Sources for every row:
 * shared/reference/extable-facts.md, section 1.
 */
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "symbols.h"
#include "table.h"
#include "util.h"

#define F(k, o, s) { FK_##k, o, s }
#define NOFIELD { FK_NONE, 0, 0 }

static const struct ex_layout layouts[L_COUNT] = {
	[L_ABS32] = { L_ABS32, "abs32",
		"unsigned long insn, fixup; (32-bit words, absolute)",
		8, F(ABS, 0, 4), F(ABS, 4, 4), NOFIELD, EXTRA_NONE },
	[L_ABS64] = { L_ABS64, "abs64",
		"unsigned long insn, fixup; (64-bit words, absolute)",
		16, F(ABS, 0, 8), F(ABS, 8, 8), NOFIELD, EXTRA_NONE },
	[L_REL8] = { L_REL8, "rel8",
		"int insn, fixup; (self-relative)",
		8, F(REL, 0, 4), F(REL, 4, 4), NOFIELD, EXTRA_NONE },
	[L_REL12_HANDLER] = { L_REL12_HANDLER, "rel12-handler",
		"int insn, fixup, handler; (all self-relative: x86 4.6-5.15)",
		12, F(REL, 0, 4), F(REL, 4, 4), F(REL, 8, 4), EXTRA_HANDLER },
	[L_REL12_DATA] = { L_REL12_DATA, "rel12-data",
		"int insn, fixup, data; (data absolute: x86 5.16+)",
		12, F(REL, 0, 4), F(REL, 4, 4), F(VALUE, 8, 4), EXTRA_DATA32 },
	[L_REL12_TYPEDATA] = { L_REL12_TYPEDATA, "rel12-typedata",
		"int insn, fixup; short type, data; (arm64 5.16+, riscv 5.17+, s390 5.18+, loongarch 6.2+)",
		12, F(REL, 0, 4), F(REL, 4, 4), F(VALUE, 8, 4), EXTRA_TYPE_DATA16 },
	[L_REL16_HANDLER] = { L_REL16_HANDLER, "rel16-handler",
		"int insn, fixup; long handler; (handler self-relative, 0 = none: s390 5.9-5.17)",
		16, F(REL, 0, 4), F(REL, 4, 4), F(REL_OR_ZERO, 8, 8), EXTRA_HANDLER },
	[L_REL12_OPCODE] = { L_REL12_OPCODE, "rel12-opcode",
		"int insn, fixup, err_opcode; (parisc 6.8+)",
		12, F(REL, 0, 4), F(REL, 4, 4), F(VALUE, 8, 4), EXTRA_OPCODE32 },
	[L_ALPHA_REL8] = { L_ALPHA_REL8, "alpha-rel8",
		"int insn; union { unsigned unit; ... } fixup; (alpha)",
		8, F(REL, 0, 4), F(VALUE, 4, 4), NOFIELD, EXTRA_NONE },
};

#define B(id) (1u << (id))
#define ABS (B(L_ABS32))
#define ABS64 (B(L_ABS64))
#define X86 (B(L_REL8) | B(L_REL12_HANDLER) | B(L_REL12_DATA))

/* Relocation types that can fill a table field, per machine (ELF psABIs). */
static const struct reloc_type x86_64_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS64 }, { 2, RK_PC32 }, { 10, RK_ABS32 },
	{ 11, RK_ABS32 }, { 24, RK_PC64 }, { 0, RK_UNKNOWN } };
static const struct reloc_type i386_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 2, RK_PC32 }, { 0, RK_UNKNOWN } };
static const struct reloc_type aarch64_relocs[] = {
	{ 0, RK_NONE }, { 256, RK_NONE }, { 257, RK_ABS64 }, { 258, RK_ABS32 },
	{ 260, RK_PC64 }, { 261, RK_PC32 }, { 0, RK_UNKNOWN } };
static const struct reloc_type s390_relocs[] = {
	{ 0, RK_NONE }, { 4, RK_ABS32 }, { 5, RK_PC32 }, { 22, RK_ABS64 },
	{ 23, RK_PC64 }, { 0, RK_UNKNOWN } };
static const struct reloc_type riscv_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 2, RK_ABS64 }, { 35, RK_ADD32 },
	{ 39, RK_SUB32 }, { 57, RK_PC32 }, { 0, RK_UNKNOWN } };
static const struct reloc_type loongarch_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 2, RK_ABS64 }, { 50, RK_ADD32 },
	{ 55, RK_SUB32 }, { 99, RK_PC32 }, { 109, RK_PC64 },
	{ 0, RK_UNKNOWN } };
static const struct reloc_type ppc_relocs[] = {	/* also ppc64 */
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 26, RK_PC32 }, { 38, RK_ABS64 },
	{ 44, RK_PC64 }, { 0, RK_UNKNOWN } };
static const struct reloc_type parisc_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 9, RK_PC32 }, { 80, RK_ABS64 },
	{ 72, RK_PC64 }, { 0, RK_UNKNOWN } };
static const struct reloc_type alpha_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 2, RK_ABS64 }, { 10, RK_PC32 },
	{ 11, RK_PC64 }, { 0, RK_UNKNOWN } };
static const struct reloc_type ia64_relocs[] = {
	{ 0, RK_NONE }, { 0x25, RK_ABS32 }, { 0x27, RK_ABS64 },
	{ 0x6d, RK_PC32 }, { 0x6f, RK_PC64 }, { 0, RK_UNKNOWN } };
static const struct reloc_type mips_relocs[] = {
	{ 0, RK_NONE }, { 2, RK_ABS32 }, { 18, RK_ABS64 }, { 248, RK_PC32 },
	{ 0, RK_UNKNOWN } };
static const struct reloc_type sparc_relocs[] = {
	{ 0, RK_NONE }, { 3, RK_ABS32 }, { 6, RK_PC32 }, { 23, RK_ABS32 },
	{ 32, RK_ABS64 }, { 46, RK_PC64 }, { 54, RK_ABS64 },
	{ 0, RK_UNKNOWN } };
static const struct reloc_type arm_relocs[] = {
	{ 0, RK_NONE }, { 2, RK_ABS32 }, { 3, RK_PC32 }, { 0, RK_UNKNOWN } };
/* R_*_32 is 1 on m68k, sh, xtensa, microblaze, openrisc and csky */
static const struct reloc_type abs32_is_1_relocs[] = {
	{ 0, RK_NONE }, { 1, RK_ABS32 }, { 0, RK_UNKNOWN } };
static const struct reloc_type arc_relocs[] = {
	{ 0, RK_NONE }, { 4, RK_ABS32 }, { 27, RK_ABS32 }, { 0, RK_UNKNOWN } };
static const struct reloc_type no_relocs[] = { { 0, RK_UNKNOWN } };

/*
 * Per machine: instruction alignment; candidate layouts for ELFCLASS32
 * and ELFCLASS64; fixup bits that are flags; the x86 EX bias; the
 * largest plausible type; the user-access analysis.  e_machine 0 is the fallback for machines not
 * listed.
 */
#define M(em, rel, align, c32, c64, ...) \
	{ .e_machine = (em), .relocs = (rel), .insn_align = (align), \
	  .cand32 = (c32), .cand64 = (c64), __VA_ARGS__ }

static const struct ex_machine machines[] = {
	M(EM_386, i386_relocs, 1, ABS | X86, 0,
	  .ex_bias = 0x7ffffff0, .max_type = 31, .uaccess = UA_X86_SMAP),
	M(EM_X86_64, x86_64_relocs, 1, 0, ABS64 | X86,
	  .ex_bias = 0x7ffffff0, .max_type = 31, .uaccess = UA_X86_SMAP),
	M(EM_AARCH64, aarch64_relocs, 4, 0,
	  ABS64 | B(L_REL8) | B(L_REL12_TYPEDATA), .max_type = 15,
	  .uaccess = UA_ARM64_UNPRIV),
	M(EM_S390, s390_relocs, 2, B(L_REL8),
	  B(L_REL8) | B(L_REL16_HANDLER) | B(L_REL12_TYPEDATA), .max_type = 15),
	M(EM_RISCV, riscv_relocs, 2, ABS | B(L_REL12_TYPEDATA),
	  ABS64 | B(L_REL12_TYPEDATA), .max_type = 15),
	M(258 /* EM_LOONGARCH */, loongarch_relocs, 4, ABS | B(L_REL12_TYPEDATA),
	  ABS64 | B(L_REL12_TYPEDATA), .max_type = 15),
	M(EM_PPC, ppc_relocs, 4, ABS | B(L_REL8), ABS64 | B(L_REL8)),
	M(EM_PPC64, ppc_relocs, 4, ABS | B(L_REL8), ABS64 | B(L_REL8)),
	M(EM_PARISC, parisc_relocs, 4, ABS | B(L_REL8) | B(L_REL12_OPCODE),
	  ABS64 | B(L_REL8) | B(L_REL12_OPCODE), .fixup_flags = 1),
	M(0x9026 /* EM_ALPHA */, alpha_relocs, 4, 0, B(L_ALPHA_REL8)),
	M(EM_ALPHA, alpha_relocs, 4, 0, B(L_ALPHA_REL8)),
	M(EM_IA_64, ia64_relocs, 1, 0, B(L_REL8), .fixup_flags = 4),
	M(EM_SPARC, sparc_relocs, 4, ABS, 0, .never_sort = true),
	M(EM_SPARC32PLUS, sparc_relocs, 4, ABS, 0, .never_sort = true),
	M(EM_SPARCV9, sparc_relocs, 4, 0, ABS),
	M(EM_MIPS, mips_relocs, 4, ABS, ABS64),
	M(EM_ARM, arm_relocs, 2, ABS, ABS64),
	M(EM_ARC_COMPACT, arc_relocs, 2, ABS, ABS64),
	M(195 /* EM_ARCV2 */, arc_relocs, 2, ABS, ABS64),
	M(EM_SH, abs32_is_1_relocs, 2, ABS, ABS64),
	M(EM_68K, abs32_is_1_relocs, 2, ABS, ABS64),
	M(252 /* EM_CSKY */, abs32_is_1_relocs, 2, ABS, ABS64),
	M(EM_XTENSA, abs32_is_1_relocs, 1, ABS, ABS64),
	M(EM_MICROBLAZE, abs32_is_1_relocs, 4, ABS, ABS64),
	M(EM_OPENRISC, abs32_is_1_relocs, 4, ABS, ABS64),
	M(0, no_relocs, 1, ABS, ABS64),
};

enum reloc_kind reloc_kind(const struct ex_machine *m, unsigned int type)
{
	const struct reloc_type *r;

	for (r = m->relocs; r->kind != RK_UNKNOWN; r++)
		if (r->type == type)
			return r->kind;
	return RK_UNKNOWN;
}

const struct ex_layout *layout_by_id(enum layout_id id)
{
	return id < L_COUNT ? &layouts[id] : NULL;
}

const struct ex_layout *layout_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < L_COUNT; i++)
		if (strcmp(layouts[i].name, name) == 0)
			return &layouts[i];
	return NULL;
}

const char *layout_names(void)
{
	return "abs32, abs64, rel8, rel12-handler, rel12-data, rel12-typedata, rel16-handler, rel12-opcode, alpha-rel8";
}

const struct ex_machine *machine_lookup(unsigned int e_machine)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(machines) - 1; i++)
		if (machines[i].e_machine == e_machine)
			return &machines[i];
	return &machines[ARRAY_SIZE(machines) - 1];
}

static unsigned int candidates(const struct elfimg *img,
			       const struct ex_machine *m)
{
	return img->is64 ? m->cand64 : m->cand32;
}

static const struct ex_member *member(const struct ex_typeinfo *ti,
				      unsigned int i, const char *name)
{
	if (i >= ti->nmember || strcmp(ti->member[i].name, name) != 0)
		return NULL;
	return &ti->member[i];
}

/* Layout of a struct whose first member is a signed int insn. */
static enum layout_id relative_layout(const struct ex_typeinfo *ti)
{
	const struct ex_member *fixup = member(ti, 1, "fixup");
	const struct ex_member *third;

	if (!fixup || fixup->offset != 4 || fixup->size != 4)
		return L_COUNT;
	if (ti->nmember == 2)
		return fixup->is_union ? L_ALPHA_REL8 : L_REL8;
	if ((third = member(ti, 2, "handler")) && third->offset == 8)
		return third->size == 8 ? L_REL16_HANDLER : L_REL12_HANDLER;
	if ((third = member(ti, 2, "data")) && third->offset == 8 &&
	    third->size == 4)
		return L_REL12_DATA;
	if ((third = member(ti, 2, "err_opcode")) && third->offset == 8)
		return L_REL12_OPCODE;
	if ((third = member(ti, 2, "type")) && third->offset == 8 &&
	    third->size == 2 && member(ti, 3, "data") &&
	    ti->member[3].offset == 10)
		return L_REL12_TYPEDATA;
	return L_COUNT;
}

const struct ex_layout *layout_from_type(struct elfimg *img,
					 const struct ex_typeinfo *ti)
{
	const struct ex_member *insn = member(ti, 0, "insn");
	enum layout_id id = L_COUNT;

	if (insn && insn->offset == 0 && insn->size == 4 && insn->is_signed)
		id = relative_layout(ti);
	else if (insn && insn->offset == 0 && ti->nmember == 2 &&
		 ti->member[1].offset == insn->size &&
		 ti->member[1].size == insn->size)
		id = insn->size == 4 ? L_ABS32 : insn->size == 8 ? L_ABS64 :
		     L_COUNT;
	if (id == L_COUNT || layouts[id].entsize != ti->size) {
		elfimg_fail(img, "struct exception_table_entry (%u bytes, %u members) matches no known layout; name one with --layout",
			    ti->size, ti->nmember);
		return NULL;
	}
	return &layouts[id];
}

/* Is fixup @f, stripped of flag bits, an address in code? */
static bool fixup_in_code(struct elfimg *img,
			  const struct ex_machine *m,
			  const struct ex_layout *l, uint64_t f)
{
	f &= ~m->fixup_flags;
	if (elfimg_exec_section(img, f))
		return true;
	/* x86 3.5-4.5 marked _ASM_EXTABLE_EX entries by biasing fixup */
	return m->ex_bias && l->id == L_REL8 &&
	       elfimg_exec_section(img, (f - m->ex_bias) & img->addr_mask);
}

bool layout_entry_plausible(const struct ex_machine *m,
			    const struct ex_layout *l,
			    const struct ex_entry *e, bool insn_code,
			    bool fixup_code, bool handler_code)
{
	if (!insn_code)
		return false;
	if (l->fixup.kind != FK_VALUE && !fixup_code)
		return false;
	switch (l->extra_kind) {
	case EXTRA_HANDLER:
		if (e->handler == 0 && l->extra.kind == FK_REL_OR_ZERO)
			return true;
		return handler_code;
	case EXTRA_DATA32:
	case EXTRA_TYPE_DATA16:
		/* type 0 is EX_TYPE_NONE, never in a table */
		return e->type >= 1 && e->type <= m->max_type;
	default:
		return true;
	}
}

/*
 * A handler is a function.  With a symbol table that can be checked
 * exactly, which tells a table of handlers from one of 8-byte entries
 * read 12 bytes at a time; without one, being in code is all we know.
 */
static bool handler_ok(struct elfimg *img, const struct symbols *syms,
		       uint64_t handler)
{
	size_t shndx = elfimg_exec_section(img, handler);

	if (!shndx)
		return false;
	return !syms->n || symbols_func_starts(syms, shndx, handler);
}

/* Count entries of a linked table that layout @l does not explain. */
static long try_linked(struct elfimg *img, const struct ex_machine *m,
		       const struct ex_layout *l, void *ctx, size_t limit)
{
	size_t shndx = *(const size_t *)ctx;
	uint64_t addr = img->shdr[shndx].sh_addr;
	struct symbols syms = { 0 };
	const unsigned char *p;
	struct ex_codec c;
	struct ex_entry e;
	size_t off, size, bad = 0;

	if (elfimg_bytes(img, shndx, &p, &size) || size % l->entsize)
		return -1;
	if (l->extra_kind == EXTRA_HANDLER && symbols_load(img, &syms))
		return -1;
	ex_codec_init(&c, l, img);
	for (off = 0; off < size && bad <= limit; off += l->entsize) {
		ex_decode(&c, p + off, (addr + off) & img->addr_mask, &e);
		if (!layout_entry_plausible(m, l, &e,
				elfimg_exec_section(img, e.insn) != 0,
				fixup_in_code(img, m, l, e.fixup),
				handler_ok(img, &syms, e.handler)))
			bad++;
	}
	symbols_free(&syms);
	return (long)bad;
}

static void append(char *buf, size_t len, const char *s)
{
	size_t used = strlen(buf);

	if (used + 1 < len)
		snprintf(buf + used, len - used, "%s%s", used ? ", " : "", s);
}

/*
 * Entries a layout may leave unexplained and still be taken, when the
 * caller tolerates any: a tenth of the table, so that a checker can
 * report a few bad entries instead of no layout.  A wrong layout fails
 * most entries, not a few; small tables must fit exactly.
 */
static size_t misfit_limit(size_t n, bool tolerant)
{
	if (!tolerant || n < 4)
		return 0;
	return n / 10 ? n / 10 : 1;
}

static int detect_from_contents(struct elfimg *img, size_t shndx,
				struct layout_choice *c, layout_try_fn try,
				void *ctx, bool tolerant)
{
	unsigned int cand = candidates(img, c->machine);
	const struct ex_layout *exact = NULL, *near = NULL;
	char tried[256] = "", fits[256] = "", close[256] = "";
	size_t size, i, nexact = 0, nnear = 0, near_bad = 0;
	const unsigned char *p;

	if (elfimg_bytes(img, shndx, &p, &size))
		return -1;
	for (i = 0; i < L_COUNT; i++) {
		size_t n, limit;
		long bad;

		if (!(cand & B(i)))
			continue;
		append(tried, sizeof(tried), layouts[i].name);
		if (size % layouts[i].entsize)
			continue;
		n = size / layouts[i].entsize;
		limit = misfit_limit(n, tolerant);
		bad = try(img, c->machine, &layouts[i], ctx, limit);
		if (bad < -1)
			return -1;	/* the file is broken: img->err says how */
		if (bad == 0) {
			append(fits, sizeof(fits), layouts[i].name);
			exact = &layouts[i];
			nexact++;
		} else if (bad > 0 && (size_t)bad <= limit) {
			append(close, sizeof(close), layouts[i].name);
			near = &layouts[i];
			near_bad = (size_t)bad;
			nnear++;
		}
	}
	if ((nexact > 1 && size) || (!nexact && nnear > 1)) {
		elfimg_fail(img, "layout is ambiguous: %s all fit; name one with --layout",
			    nexact ? fits : close);
		return 1;
	}
	if (!nexact && !nnear) {
		elfimg_fail(img, "no known layout fits (tried %s); name one with --layout",
			    tried[0] ? tried : "none");
		return 1;
	}
	c->layout = nexact ? exact : near;
	c->misfits = nexact ? 0 : near_bad;
	c->source = size ? "contents" : "empty table";
	return 0;
}

/* A layout named by BTF or DWARF must be one the machine ever used. */
static int accept_typeinfo(struct elfimg *img, struct layout_choice *c,
			   const struct ex_typeinfo *ti, const char *source)
{
	const struct ex_layout *l = layout_from_type(img, ti);

	if (!l)
		return 1;
	if (!(candidates(img, c->machine) & B(l->id))) {
		elfimg_fail(img, "%s describes layout %s, which this machine never used; name one with --layout",
			    source, l->name);
		return 1;
	}
	c->layout = l;
	c->source = source;
	return 0;
}

int layout_detect(struct elfimg *img, size_t shndx, const char *forced,
		  struct layout_choice *c, bool tolerant)
{
	return layout_detect_with(img, shndx, forced, c, try_linked, &shndx,
				  tolerant);
}

int layout_detect_with(struct elfimg *img, size_t shndx, const char *forced,
		       struct layout_choice *c, layout_try_fn try, void *ctx,
		       bool tolerant)
{
	struct ex_typeinfo ti;
	int r;

	c->machine = machine_lookup(img->ehdr.e_machine);
	c->layout = NULL;
	c->misfits = 0;
	if (forced) {
		c->layout = layout_by_name(forced);
		if (!c->layout)
			return elfimg_fail(img, "unknown layout '%s' (known: %s)",
					   forced, layout_names());
		c->source = "--layout";
		return 0;
	}
	r = btf_find_struct(img, "exception_table_entry", &ti);
	if (r < 0)
		return -1;
	if (r > 0)
		return accept_typeinfo(img, c, &ti, "BTF");
	r = dwarf_find_struct(img, "exception_table_entry", "extable.c", &ti);
	if (r < 0)
		return -1;
	if (r > 0)
		return accept_typeinfo(img, c, &ti, "DWARF");
	return detect_from_contents(img, shndx, c, try, ctx, tolerant);
}
