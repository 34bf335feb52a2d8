// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The checks excheck runs over one table.  Each check_*() looks at one
 * property and reports through check_report(), which applies the -W policy.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "types.h"
#include "util.h"

const struct check_info check_info[CHK_COUNT] = {
	[CHK_TABLE_SIZE] = { "table-size", SEV_ERROR,
		"the table is not a whole number of entries, or no layout fits" },
	[CHK_INSN_RANGE] = { "insn-range", SEV_ERROR,
		"an instruction address outside executable code" },
	[CHK_FIXUP_RANGE] = { "fixup-range", SEV_ERROR,
		"a fixup address outside executable code" },
	[CHK_ALTINSTR] = { "altinstr", SEV_ERROR,
		"an address in .altinstr_replacement, which alternatives copy elsewhere" },
	[CHK_DISCARDED] = { "discarded", SEV_WARNING,
		"an address in code the kernel frees or drops" },
	[CHK_UNSORTED] = { "unsorted", SEV_ERROR,
		"a table the kernel binary-searches without sorting it first" },
	[CHK_DUPLICATE] = { "duplicate", SEV_WARNING,
		"two entries for one instruction" },
	[CHK_BAD_TYPE] = { "bad-type", SEV_ERROR,
		"a type, handler or data field the kernel does not define" },
	[CHK_MISSING_RELOC] = { "missing-reloc", SEV_ERROR,
		"an address field with no relocation in a relocatable object" },
	[CHK_BAD_RELOC] = { "bad-reloc", SEV_ERROR,
		"a relocation that cannot produce the field it applies to" },
	[CHK_MISALIGNED] = { "misaligned", SEV_WARNING,
		"an instruction address off the instruction boundary" },
	[CHK_UACCESS_OPEN] = { "uaccess-open", SEV_WARNING,
		"x86: a STAC with no CLAC after it in its function" },
	[CHK_UACCESS_UNPAIRED] = { "uaccess-unpaired", SEV_WARNING,
		"arm64: an unprivileged load or store with no table entry" },
	[CHK_UACCESS_TARGET] = { "uaccess-target", SEV_WARNING,
		"arm64: a user-access entry on an instruction that cannot touch memory" },
};

const char *severity_name(enum severity sev)
{
	static const char *const names[] = {
		[SEV_NONE] = "none", [SEV_NOTE] = "note",
		[SEV_WARNING] = "warning", [SEV_ERROR] = "error",
	};

	return names[sev];
}

void check_policy_init(struct check_policy *p)
{
	size_t i;

	for (i = 0; i < CHK_COUNT; i++) {
		p->enabled[i] = true;
		p->werror[i] = false;
	}
}

enum check_id check_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < CHK_COUNT; i++)
		if (strcmp(check_info[i].name, name) == 0)
			return (enum check_id)i;
	return CHK_COUNT;
}

int check_policy_option(struct check_policy *p, const char *opt)
{
	enum check_id id;
	size_t i;

	if (strcmp(opt, "error") == 0) {
		for (i = 0; i < CHK_COUNT; i++)
			p->werror[i] = true;
		return 0;
	}
	if (strcmp(opt, "all") == 0) {
		for (i = 0; i < CHK_COUNT; i++)
			p->enabled[i] = true;
		return 0;
	}
	if (strncmp(opt, "error=", 6) == 0) {
		id = check_by_name(opt + 6);
		if (id == CHK_COUNT)
			return -1;
		p->werror[id] = true;
		p->enabled[id] = true;
		return 0;
	}
	if (strncmp(opt, "no-error=", 9) == 0) {
		id = check_by_name(opt + 9);
		if (id == CHK_COUNT)
			return -1;
		p->werror[id] = false;
		return 0;
	}
	if (strncmp(opt, "no-", 3) == 0) {
		id = check_by_name(opt + 3);
		if (id == CHK_COUNT)
			return -1;
		p->enabled[id] = false;
		return 0;
	}
	id = check_by_name(opt);
	if (id == CHK_COUNT)
		return -1;
	p->enabled[id] = true;
	return 0;
}

static struct finding *add_finding(struct check_ctx *c, enum check_id id,
				   enum severity sev)
{
	struct findings *out = c->out;
	struct finding *f;

	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 16;
		struct finding *nf = realloc(out->f, cap * sizeof(*nf));

		if (!nf)
			return NULL;
		out->f = nf;
		out->cap = cap;
	}
	f = &out->f[out->n++];
	memset(f, 0, sizeof(*f));
	f->check = id;
	f->severity = sev;
	f->index = -1;
	out->count[id]++;
	if (sev == SEV_ERROR)
		out->errors++;
	else if (sev == SEV_WARNING)
		out->warnings++;
	else
		out->notes++;
	return f;
}

int check_report(struct check_ctx *c, enum check_id id, bool note,
		 long index, const char *field, const struct ex_loc *loc,
		 const char *fmt, ...)
{
	enum severity sev = note ? SEV_NOTE : check_info[id].severity;
	struct finding *f;
	va_list ap;

	if (!c->policy->enabled[id])
		return 0;
	if (sev == SEV_WARNING && c->policy->werror[id])
		sev = SEV_ERROR;
	f = add_finding(c, id, sev);
	if (!f)
		return elfimg_fail(c->img, "out of memory");
	f->index = index;
	f->where = c->table ? c->table->name : NULL;
	f->field = field;
	if (loc)
		f->loc = *loc;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return 0;
}

void findings_free(struct findings *f)
{
	free(f->f);
	memset(f, 0, sizeof(*f));
}

void loc_describe(struct elfimg *img, const struct symbols *syms,
		  const struct ex_loc *loc, char *buf, size_t len)
{
	const struct sym *s;
	uint64_t base;

	if (loc->state != LOC_OK) {
		snprintf(buf, len, "?");
		return;
	}
	if (loc->undef) {
		int64_t off = (int64_t)loc->value;

		if (off == 0)
			snprintf(buf, len, "%s", loc->undef);
		else
			snprintf(buf, len, "%s%s0x%llx", loc->undef,
				 off < 0 ? "-" : "+",
				 (unsigned long long)(off < 0 ? -(uint64_t)off : (uint64_t)off));
		return;
	}
	if (!loc->shndx || loc->shndx >= img->shnum) {
		snprintf(buf, len, "no section");
		return;
	}
	base = img->ehdr.e_type == ET_REL ? 0 : img->shdr[loc->shndx].sh_addr;
	s = symbols_at(syms, loc->shndx, loc->value);
	if (s)
		snprintf(buf, len, "%s+0x%llx", s->name,
			 (unsigned long long)(loc->value - s->value));
	else
		snprintf(buf, len, "%s+0x%llx", img->secname[loc->shndx],
			 (unsigned long long)(loc->value - base));
	exs_printable(buf);	/* symbol names come from the file */
}

/* "0x... (func+0x1c)" for messages; in an object, just the symbol. */
static const char *where(struct check_ctx *c, const struct ex_loc *loc,
			 char *buf, size_t len)
{
	char sym[200];

	loc_describe(c->img, c->syms, loc, sym, sizeof(sym));
	if (c->table->relocatable)
		snprintf(buf, len, "%s", sym);
	else
		snprintf(buf, len, "0x%llx (%s)",
			 (unsigned long long)loc->value, sym);
	return buf;
}

static const char *section_name(struct check_ctx *c, const struct ex_loc *l)
{
	if (l->undef)
		return "an undefined symbol";
	return l->shndx ? c->img->secname[l->shndx] : "no section";
}

static bool in_code(struct check_ctx *c, const struct ex_loc *l)
{
	return l->shndx && l->shndx < c->img->shnum &&
	       (c->img->shdr[l->shndx].sh_flags & SHF_EXECINSTR);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Code the kernel throws away: .exit.text in vmlinux, /DISCARD/ */
static bool discarded(struct check_ctx *c, const struct ex_loc *l)
{
	const char *name;

	if (!l->shndx || l->undef)
		return false;
	name = c->img->secname[l->shndx];
	if (starts_with(name, ".discard"))
		return true;
	return !c->table->relocatable && starts_with(name, ".exit.");
}

static const struct ex_field *field_of(const struct ex_layout *l,
				       const char *field)
{
	if (strcmp(field, "insn") == 0)
		return &l->insn;
	if (strcmp(field, "fixup") == 0)
		return &l->fixup;
	return &l->extra;
}

static int check_reloc_state(struct check_ctx *c, long i, const char *field,
			     const struct ex_loc *l)
{
	const struct layout_choice *lc = &c->table->choice;

	if (l->state == LOC_NO_RELOC)
		return check_report(c, CHK_MISSING_RELOC, false, i, field, l,
			      "%s field has no relocation", field);
	if (l->state == LOC_BAD_RELOC)
		return check_report(c, CHK_BAD_RELOC, false, i, field, l,
			      "%s field has relocation type %u (%s), which cannot fill a %s field",
			      field, l->rtype, reloc_describe(lc->machine, l->rtype),
			      field_describe(field_of(lc->layout, field)));
	return 0;
}

/* insn-range, fixup-range, altinstr, discarded for one address field. */
static int check_address(struct check_ctx *c, long i, const char *field,
			 const struct ex_loc *l, enum check_id range)
{
	char buf[256];

	if (l->state != LOC_OK)
		return check_reloc_state(c, i, field, l);
	if (l->undef)
		return check_report(c, range, false, i, field, l,
			      "%s %s is an undefined symbol", field,
			      where(c, l, buf, sizeof(buf)));
	if (!in_code(c, l))
		return check_report(c, range, false, i, field, l,
			      "%s %s is not in an executable section (%s)",
			      field, where(c, l, buf, sizeof(buf)),
			      section_name(c, l));
	if (strcmp(c->img->secname[l->shndx], ".altinstr_replacement") == 0)
		return check_report(c, CHK_ALTINSTR, false, i, field, l,
			      "%s %s is in .altinstr_replacement, code that alternatives copy elsewhere",
			      field, where(c, l, buf, sizeof(buf)));
	if (discarded(c, l))
		return check_report(c, CHK_DISCARDED, false, i, field, l,
			      "%s %s is in %s, which the kernel discards",
			      field, where(c, l, buf, sizeof(buf)),
			      section_name(c, l));
	return 0;
}

static int check_misaligned(struct check_ctx *c, long i,
			    const struct ex_view *v)
{
	unsigned int align = c->table->choice.machine->insn_align;
	char buf[256];

	if (align <= 1 || v->insn.state != LOC_OK || v->insn.undef ||
	    v->insn.value % align == 0)
		return 0;
	return check_report(c, CHK_MISALIGNED, false, i, "insn", &v->insn,
		      "insn %s is not on a %u-byte instruction boundary",
		      where(c, &v->insn, buf, sizeof(buf)), align);
}

static int check_handler(struct check_ctx *c, long i, const struct ex_view *v)
{
	const struct ex_loc *l = &v->handler;
	char buf[256];

	if (l->state != LOC_OK)
		return check_reloc_state(c, i, "handler", l);
	/* a module calls the exported ex_handler_* of vmlinux */
	if (l->undef && starts_with(l->undef, "ex_handler_") && l->value == 0)
		return 0;
	if (!l->undef && in_code(c, l) &&
	    (!c->syms->n || symbols_func_starts(c->syms, l->shndx, l->value)))
		return 0;
	return check_report(c, CHK_BAD_TYPE, false, i, "handler", l,
		      "handler %s is not a function", where(c, l, buf, sizeof(buf)));
}

static int check_type(struct check_ctx *c, long i, const struct ex_view *v)
{
	const char *why = type_problem(c->table, c->version, &v->e);

	if (v->value_relocated &&
	    check_report(c, CHK_BAD_RELOC, false, i, NULL, NULL,
		   "the %s field has a relocation, but holds a value, not an address",
		   c->table->choice.layout->extra_kind == EXTRA_OPCODE32 ?
		   "err_opcode" : "type/data"))
		return -1;

	if (!why)
		return 0;
	return check_report(c, CHK_BAD_TYPE, false, i, NULL, NULL, "%s", why);
}

static int check_entry(struct check_ctx *c, long i)
{
	const struct ex_view *v = &c->table->ent[i];
	const struct ex_layout *l = c->table->choice.layout;

	if (check_address(c, i, "insn", &v->insn, CHK_INSN_RANGE) ||
	    check_misaligned(c, i, v))
		return -1;
	if (v->fixup.state != LOC_NONE &&
	    !type_fixup_not_address(c->table, c->version, &v->e) &&
	    check_address(c, i, "fixup", &v->fixup, CHK_FIXUP_RANGE))
		return -1;
	if (l->extra_kind == EXTRA_HANDLER && v->handler.state != LOC_NONE)
		return check_handler(c, i, v);
	return check_type(c, i, v);
}

/* Same instruction: same section and value (an object has no addresses). */
static int cmp_insn(const struct ex_view *a, const struct ex_view *b)
{
	if (a->insn.shndx != b->insn.shndx)
		return a->insn.shndx < b->insn.shndx ? -1 : 1;
	if (a->insn.value != b->insn.value)
		return a->insn.value < b->insn.value ? -1 : 1;
	return a->e.index < b->e.index ? -1 : a->e.index > b->e.index;
}

static int cmp_view_ptr(const void *a, const void *b)
{
	return cmp_insn(*(const struct ex_view *const *)a,
			*(const struct ex_view *const *)b);
}

static int check_duplicates(struct check_ctx *c)
{
	struct extable *t = c->table;
	const struct ex_view **order;
	char buf[256];
	size_t i;
	int r = 0;

	if (!c->policy->enabled[CHK_DUPLICATE] || t->count < 2)
		return 0;
	/* an array of pointers, sorted instead of the 40-byte views */
	order = exs_calloc(t->count, sizeof(*order)); /* NOLINT(bugprone-sizeof-expression) */
	if (!order)
		return elfimg_fail(c->img, "out of memory");
	for (i = 0; i < t->count; i++)
		order[i] = &t->ent[i];
	qsort(order, t->count, sizeof(*order), cmp_view_ptr); /* NOLINT(bugprone-sizeof-expression) */
	for (i = 1; i < t->count && !r; i++) {
		const struct ex_view *a = order[i - 1], *b = order[i];

		if (a->insn.state != LOC_OK || b->insn.state != LOC_OK ||
		    a->insn.undef || a->insn.shndx != b->insn.shndx ||
		    a->insn.value != b->insn.value)
			continue;
		r = check_report(c, CHK_DUPLICATE, false, b->e.index, "insn", &b->insn,
			   "insn %s already has entry %u",
			   where(c, &b->insn, buf, sizeof(buf)), a->e.index);
	}
	free(order);
	return r;
}

/* A linked image's table must be sorted unless the kernel sorts it. */
static int check_sorted(struct check_ctx *c)
{
	struct extable *t = c->table;
	size_t i, bad = 0, first = 0;

	if (t->relocatable)
		return 0;
	for (i = 1; i < t->count; i++) {
		if (t->ent[i].e.insn < t->ent[i - 1].e.insn) {
			if (!bad++)
				first = i;
		}
	}
	if (!bad)
		return 0;
	if (c->flag == 2)
		return check_report(c, CHK_UNSORTED, true, (long)first, NULL, NULL,
			      "not sorted (%zu %s out of order); the kernel sorts this table at boot",
			      bad, bad == 1 ? "entry" : "entries");
	if (c->flag == 1)
		return check_report(c, CHK_UNSORTED, true, (long)first, NULL, NULL,
			      "not sorted (%zu %s out of order), but main_extable_sort_needed is set: the kernel sorts it at boot",
			      bad, bad == 1 ? "entry" : "entries");
	return check_report(c, CHK_UNSORTED, false, (long)first, NULL, NULL,
		      "not sorted: %zu %s out of order, the first at index %zu, and %s; the kernel's binary search will miss entries",
		      bad, bad == 1 ? "entry" : "entries", first, c->flag == 0 ?
		      "main_extable_sort_needed is clear" :
		      "nothing says the kernel sorts it at boot");
}

int check_table(struct check_ctx *c)
{
	struct extable *t = c->table;
	size_t i;

	if (!t->choice.layout)
		return check_report(c, CHK_TABLE_SIZE, false, -1, NULL, NULL, "%s",
			      t->no_layout);
	for (i = 0; i < t->count; i++)
		if (check_entry(c, (long)i))
			return -1;
	if (check_duplicates(c) || check_sorted(c))
		return -1;
	return 0;
}
