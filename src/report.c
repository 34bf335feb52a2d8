// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "decompress.h"
#include "report.h"
#include "sarif.h"
#include "sortplan.h"
#include "types.h"
#include "uaccess.h"
#include "util.h"

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* Tables in the __ex_table format; the kernel sorts all but the first
 * at boot, and they share its layout. */
static const char *const ex_sections[] = {
	EX_TABLE, ".amode31.ex_table", "__dbe_table",
};

/* Everything known about one checked table. */
struct checked {
	const char *path;
	struct elfimg *img;
	struct extable *t;
	struct symbols *syms;
	struct findings *f;
	int version;
	int flag;
	const struct uaccess *ua;
	struct srcline *sl;	/* source lines, looked up on demand */
	size_t results;		/* SARIF results printed for the file */
};

/* Source position of @l, if it has one and DWARF says; 0 if found. */
static int loc_source(const struct checked *c, const struct ex_loc *l,
		      struct src_pos *pos)
{
	memset(pos, 0, sizeof(*pos));
	if (l->state != LOC_OK || l->undef || !l->shndx || !c->sl)
		return -1;
	return srcline_lookup(c->sl, l->shndx, l->value, pos);
}

/* ", at fs/x.c:12" for text output, or "" without a source line. */
static void loc_source_text(const struct checked *c, const struct ex_loc *l,
			    const char *lead, char *buf, size_t len)
{
	struct src_pos pos;
	char where[1024];

	buf[0] = 0;
	if (loc_source(c, l, &pos))
		return;
	src_pos_text(&pos, where, sizeof(where));
	snprintf(buf, len, "%s%s", lead, where);
}

static void text_finding(FILE *out, const struct checked *c,
			 const struct finding *f)
{
	char src[1100] = "";

	if (f->field)
		loc_source_text(c, &f->loc, ", at ", src, sizeof(src));
	fprintf(out, "%s: %s", c->path, f->where ? f->where : "?");
	if (f->index >= 0)
		fprintf(out, "[%ld]", f->index);
	fprintf(out, ": %s: %s%s [-W%s]\n", severity_name(f->severity), f->msg,
		src, check_info[f->check].name);
}

static void describe_loc(const struct checked *c, const struct ex_loc *l,
			 char *buf, size_t len)
{
	char sym[200];

	const char *sec = l->shndx && !l->undef ? c->img->secname[l->shndx] :
			  l->undef ? "undefined" : "no section";

	loc_describe(c->img, c->syms, l, sym, sizeof(sym));
	if (l->state != LOC_OK)
		snprintf(buf, len, "%s", l->state == LOC_NONE ? "-" :
			 l->state == LOC_NO_RELOC ? "(no relocation)" :
			 "(bad relocation)");
	else if (c->img->ehdr.e_type == ET_REL || l->undef)
		snprintf(buf, len, "%s [%s]", sym, sec);
	else
		snprintf(buf, len, "0x%llx %s [%s]", (unsigned long long)l->value,
			 sym, sec);
}

static void text_entry(FILE *out, const struct checked *c,
		       const struct ex_view *v)
{
	const struct ex_layout *l = c->t->choice.layout;
	char insn[256], fixup[256], extra[256] = "", data[64], src[1100];
	const char *tn;

	if (!l)
		return;	/* no layout, no entries */
	describe_loc(c, &v->insn, insn, sizeof(insn));
	if (l->fixup.kind == FK_VALUE)
		snprintf(fixup, sizeof(fixup), "0x%llx",
			 (unsigned long long)v->e.fixup);
	else
		describe_loc(c, &v->fixup, fixup, sizeof(fixup));
	switch (l->extra_kind) {
	case EXTRA_HANDLER:
		describe_loc(c, &v->handler, data, sizeof(data));
		snprintf(extra, sizeof(extra), " handler %s",
			 v->handler.state == LOC_NONE ? "none" : data);
		break;
	case EXTRA_DATA32:
	case EXTRA_TYPE_DATA16:
		tn = type_name(c->t, c->version, v->e.type);
		type_describe_data(c->t, c->version, &v->e, data, sizeof(data));
		snprintf(extra, sizeof(extra), " type %u%s%s data 0x%x%s%s",
			 v->e.type, tn ? " " : "", tn ? tn : "", v->e.data,
			 data[0] ? " " : "", data);
		break;
	case EXTRA_OPCODE32:
		type_describe_data(c->t, c->version, &v->e, data, sizeof(data));
		snprintf(extra, sizeof(extra), " err_opcode 0x%08x %s",
			 v->e.data, data);
		break;
	case EXTRA_NONE:
		break;
	}
	loc_source_text(c, &v->insn, " at ", src, sizeof(src));
	fprintf(out, "%s: %s[%u]: insn %s fixup %s%s%s%s\n", c->path, c->t->name,
		v->e.index, insn, fixup, extra,
		c->ua && uaccess_in_window(c->ua, v) == 1 ? " (inside STAC window)" : "",
		src);
}

/* ,"source":{"file":..,"line":..,"inlined":[..]} when known */
static void json_source(FILE *out, const struct checked *c,
			const struct ex_loc *l)
{
	struct src_pos pos;
	size_t i;

	if (loc_source(c, l, &pos))
		return;
	fprintf(out, ",\"source\":{\"file\":");
	json_string(out, pos.frame[0].file);
	fprintf(out, ",\"line\":%u,\"function\":", pos.frame[0].line);
	json_string(out, pos.frame[0].function);
	fprintf(out, ",\"inlined_at\":[");
	for (i = 1; i < pos.n; i++) {
		fprintf(out, "%s{\"file\":", i > 1 ? "," : "");
		json_string(out, pos.frame[i].file);
		fprintf(out, ",\"line\":%u,\"function\":", pos.frame[i].line);
		json_string(out, pos.frame[i].function);
		fputc('}', out);
	}
	fprintf(out, "]}");
}

static void json_loc(FILE *out, const struct checked *c, const char *key,
		     const struct ex_loc *l, bool source)
{
	char sym[200];

	fprintf(out, ",\"%s\":", key);
	if (l->state != LOC_OK) {
		fprintf(out, "null");
		return;
	}
	loc_describe(c->img, c->syms, l, sym, sizeof(sym));
	fprintf(out, "{\"%s\":\"0x%llx\",\"symbol\":",
		c->img->ehdr.e_type == ET_REL ? "offset" : "address",
		(unsigned long long)l->value);
	json_string(out, sym);
	fprintf(out, ",\"section\":");
	if (l->shndx && !l->undef)
		json_string(out, c->img->secname[l->shndx]);
	else
		fprintf(out, "null");
	if (source)
		json_source(out, c, l);
	fputc('}', out);
}

static void json_finding(FILE *out, const struct checked *c,
			 const struct finding *f)
{
	fprintf(out, "{\"check\":\"%s\",\"severity\":\"%s\",\"section\":",
		check_info[f->check].name, severity_name(f->severity));
	json_string(out, f->where ? f->where : "?");
	fprintf(out, ",\"index\":");
	if (f->index >= 0)
		fprintf(out, "%ld", f->index);
	else
		fprintf(out, "null");
	if (f->field)
		json_loc(out, c, f->field, &f->loc, true);
	fprintf(out, ",\"message\":");
	json_string(out, f->msg);
	fputc('}', out);
}

/* ,"findings":[...] */
static void json_findings(FILE *out, const struct checked *c)
{
	size_t i;

	fprintf(out, ",\"findings\":[");
	for (i = 0; i < c->f->n; i++) {
		if (i)
			fputc(',', out);
		json_finding(out, c, &c->f->f[i]);
	}
	fputc(']', out);
}

static void json_entry(FILE *out, const struct checked *c,
		       const struct ex_view *v)
{
	const struct ex_layout *l = c->t->choice.layout;
	const char *tn;
	int w;

	fprintf(out, "{\"index\":%u", v->e.index);
	json_loc(out, c, "insn", &v->insn, true);
	json_loc(out, c, "fixup", &v->fixup, false);
	if (l->extra_kind == EXTRA_HANDLER)
		json_loc(out, c, "handler", &v->handler, false);
	if (l->extra_kind == EXTRA_DATA32 || l->extra_kind == EXTRA_TYPE_DATA16) {
		tn = type_name(c->t, c->version, v->e.type);
		fprintf(out, ",\"type\":%u,\"type_name\":", v->e.type);
		if (tn)
			json_string(out, tn);
		else
			fprintf(out, "null");
	}
	if (l->extra_kind != EXTRA_HANDLER && l->extra_kind != EXTRA_NONE)
		fprintf(out, ",\"data\":%u", v->e.data);
	w = c->ua ? uaccess_in_window(c->ua, v) : -1;
	if (w >= 0)
		fprintf(out, ",\"in_uaccess_window\":%s", w ? "true" : "false");
	fputc('}', out);
}

static void json_table(FILE *out, const struct checked *c,
		       const struct excheck_opts *o)
{
	size_t i;
	bool first = true;

	fprintf(out, "{\"section\":");
	json_string(out, c->t->name);
	fprintf(out, ",\"layout\":");
	if (c->t->choice.layout) {
		json_string(out, c->t->choice.layout->name);
		fprintf(out, ",\"layout_source\":");
		json_string(out, c->t->choice.source);
	} else {
		fprintf(out, "null,\"layout_source\":null");
	}
	fprintf(out, ",\"entries\":%zu,\"counts\":{", c->t->count);
	for (i = 0; i < CHK_COUNT; i++) {
		if (!c->f->count[i])
			continue;
		fprintf(out, "%s\"%s\":%zu", first ? "" : ",",
			check_info[i].name, c->f->count[i]);
		first = false;
	}
	fprintf(out, "}");
	json_findings(out, c);
	if (o->list) {
		fprintf(out, ",\"list\":[");
		for (i = 0; i < c->t->count; i++) {
			if (i)
				fputc(',', out);
			json_entry(out, c, &c->t->ent[i]);
		}
		fputc(']', out);
	}
	fputc('}', out);
}

static void text_table(FILE *out, const struct checked *c,
		       const struct excheck_opts *o)
{
	size_t i;

	if (o->verbose && c->t->choice.layout) {
		fprintf(out, "%s: %s: %zu entries, layout %s (%s", c->path,
			c->t->name, c->t->count, c->t->choice.layout->name,
			c->t->choice.source);
		if (c->t->choice.misfits)
			fprintf(out, "; %zu %s not fit", c->t->choice.misfits,
				c->t->choice.misfits == 1 ? "entry does" :
				"entries do");
		fputs(")\n", out);
	}
	if (o->list)
		for (i = 0; i < c->t->count; i++)
			text_entry(out, c, &c->t->ent[i]);
	for (i = 0; i < c->f->n && !o->summary; i++)
		if (c->f->f[i].severity != SEV_NOTE || o->verbose)
			text_finding(out, c, &c->f->f[i]);
	if (o->summary)
		fprintf(out, "%s: %s: %zu entries, layout %s, %zu errors, %zu warnings\n",
			c->path, c->t->name, c->t->count, c->t->choice.layout ?
			c->t->choice.layout->name : "unknown",
			c->f->errors, c->f->warnings);
}


/*
 * main_extable_sort_needed: 0 or 1, or -1 if it cannot be read; *off is
 * where it is in the file (UINT64_MAX if nowhere).
 */
static int read_flag(struct elfimg *img, uint64_t *off)
{
	GElf_Sym sym;
	size_t shndx;
	int r;

	*off = UINT64_MAX;
	if (img->ehdr.e_type == ET_REL)
		return -1;
	r = elfimg_find_symbol(img, EX_FLAG, &sym, &shndx);
	if (r <= 0 || elfimg_addr_offset(img, shndx, sym.st_value, 4, off)) {
		*off = UINT64_MAX;
		img->err[0] = 0;
		return -1;
	}
	return exs_get(img->image + *off, 4, img->msb) != 0;
}

static bool overlap(const GElf_Shdr *a, uint64_t off, uint64_t size)
{
	return a->sh_type != SHT_NOBITS && off < a->sh_offset + a->sh_size &&
	       a->sh_offset < off + size;
}

/* Tables that share bytes with each other or with the flag are broken. */
static int check_overlaps(struct elfimg *img, uint64_t flag_off)
{
	size_t idx[ARRAY_SIZE(ex_sections)], n = 0, i, k;

	for (i = 0; i < ARRAY_SIZE(ex_sections); i++) {
		size_t shndx = elfimg_find_section(img, ex_sections[i]);
		const unsigned char *p;
		size_t size;

		if (!shndx)
			continue;
		/* first the plainer fault: a table past the end */
		if (elfimg_bytes(img, shndx, &p, &size))
			return -1;
		idx[n++] = shndx;
	}
	for (i = 0; i < n; i++) {
		const GElf_Shdr *a = &img->shdr[idx[i]];

		if (flag_off != UINT64_MAX && overlap(a, flag_off, 4))
			return elfimg_fail(img, "%s lies inside %s", EX_FLAG,
					   img->secname[idx[i]]);
		for (k = 0; k < i; k++)
			if (overlap(a, img->shdr[idx[k]].sh_offset,
				    img->shdr[idx[k]].sh_size) &&
			    img->shdr[idx[k]].sh_type != SHT_NOBITS)
				return elfimg_fail(img, "%s and %s share bytes in the file",
						   img->secname[idx[k]],
						   img->secname[idx[i]]);
	}
	return 0;
}


/*
 * Stable across rebuilds of unchanged code: the check, the file's
 * name, the section, the symbol and offset, the source file; never an
 * address or an entry number, which move when other code changes.
 */
static uint64_t fingerprint(const struct checked *c, const struct finding *f,
			    const char *sym, const struct src_pos *pos)
{
	const char *base = strrchr(c->path, '/');
	uint64_t h = SARIF_HASH_INIT;

	h = sarif_hash(h, check_info[f->check].name);
	h = sarif_hash(h, base ? base + 1 : c->path);
	h = sarif_hash(h, f->where ? f->where : "");
	h = sarif_hash(h, f->field ? f->field : "");
	h = sarif_hash(h, sym);
	return sarif_hash(h, pos->n ? pos->frame[0].file : "");
}

static void sarif_artifact(FILE *out, const char *path)
{
	fprintf(out, "\"artifactLocation\":{\"uri\":");
	sarif_uri(out, path[0] == '/' ? "file://" : "", path);
	if (path[0] != '/')
		fprintf(out, ",\"uriBaseId\":\"%%SRCROOT%%\"");
	fputc('}', out);
}

/*
 * One SARIF result: at the source line when DWARF has one, else at the
 * binary, with the section and offset said in the message.
 */
static void sarif_result(FILE *out, struct checked *c, const struct finding *f)
{
	char sym[200] = "", msg[1024];
	struct src_pos pos = { 0 };
	bool src = f->field && loc_source(c, &f->loc, &pos) == 0;

	if (f->field && f->loc.state == LOC_OK)
		loc_describe(c->img, c->syms, &f->loc, sym, sizeof(sym));
	if (src || !f->field || f->loc.state != LOC_OK || !f->loc.shndx ||
	    f->loc.undef)
		snprintf(msg, sizeof(msg), "%s: %s", c->path, f->msg);
	else
		snprintf(msg, sizeof(msg), "%s: %s (%s+0x%llx)", c->path, f->msg,
			 c->img->secname[f->loc.shndx],
			 (unsigned long long)(f->loc.value -
			 (c->img->ehdr.e_type == ET_REL ? 0 :
			  c->img->shdr[f->loc.shndx].sh_addr)));
	fprintf(out, "%s{\"ruleId\":\"%s\",\"ruleIndex\":%d,\"level\":\"%s\",\"message\":{\"text\":",
		c->results++ ? "," : "", check_info[f->check].name,
		(int)f->check, severity_name(f->severity));
	json_string(out, msg);
	fprintf(out, "},\"locations\":[{\"physicalLocation\":{");
	sarif_artifact(out, src ? pos.frame[0].file : c->path);
	if (src)
		fprintf(out, ",\"region\":{\"startLine\":%u}", pos.frame[0].line);
	fputc('}', out);
	if (sym[0]) {
		fprintf(out, ",\"logicalLocations\":[{\"fullyQualifiedName\":");
		json_string(out, sym);
		fprintf(out, ",\"kind\":\"function\"}]");
	}
	fprintf(out, "}],\"partialFingerprints\":{\"excheckFinding/v1\":\"%016llx\"}",
		(unsigned long long)fingerprint(c, f, sym, &pos));
	fprintf(out, ",\"properties\":{\"binary\":");
	json_string(out, c->path);
	fprintf(out, ",\"section\":");
	json_string(out, f->where ? f->where : "");
	if (f->index >= 0)
		fprintf(out, ",\"index\":%ld", f->index);
	fprintf(out, "}}");
}

static void sarif_results(FILE *out, struct checked *c,
			  const struct excheck_opts *o)
{
	size_t i;

	for (i = 0; i < c->f->n; i++)
		if (c->f->f[i].severity != SEV_NOTE || o->verbose)
			sarif_result(out, c, &c->f->f[i]);
}

/* Check one opened table and print what was found; -1 on trouble. */
static int check_one(struct checked *c, const struct excheck_opts *o,
		     FILE *out, size_t *errors, struct ex_stats *stats)
{
	struct findings f = { 0 };
	struct check_ctx ctx = { c->img, c->t, c->syms, &o->policy, c->flag,
				 c->version, &f };
	int rc = -1;

	if (c->flag == 2 && !o->layout && c->t->choice.layout)
		c->t->choice.source = "as " EX_TABLE;
	c->f = &f;
	if (check_table(&ctx))
		goto out;
	if (stats && stats_add_table(stats, c->img, c->t, c->syms, &f,
				     c->version, c->ua)) {
		elfimg_fail(c->img, "out of memory");
		goto out;
	}
	if (o->format == FMT_SARIF)
		sarif_results(out, c, o);
	else if (o->format == FMT_JSON)
		json_table(out, c, o);
	else
		text_table(out, c, o);
	*errors += f.errors;
	rc = 0;
out:
	findings_free(&f);
	c->f = NULL;
	return rc;
}

/* The user-access part of the report: a note, and the findings. */
static void print_uaccess(FILE *out, struct checked *c,
			  const struct excheck_opts *o)
{
	const struct uaccess *ua = c->ua;
	const char *method = uaccess_method_name(ua->method);
	size_t i;

	if (o->format == FMT_SARIF) {
		sarif_results(out, c, o);
		return;
	}
	if (o->format == FMT_JSON) {
		fprintf(out, ",\"uaccess\":{\"analysis\":");
		if (method)
			json_string(out, method);
		else
			fprintf(out, "null");
		fprintf(out, ",\"note\":");
		if (ua->note[0])
			json_string(out, ua->note);
		else
			fprintf(out, "null");
		if (ua->method == UA_X86_SMAP)
			fprintf(out, ",\"stac\":%zu,\"clac\":%zu,\"alt_instr_size\":%u",
				ua->nstac, ua->nclac, ua->altsize);
		if (ua->method == UA_ARM64_UNPRIV)
			fprintf(out, ",\"unprivileged\":%zu", ua->unpriv);
		json_findings(out, c);
		fputc('}', out);
		return;
	}
	if (o->verbose && ua->method == UA_X86_SMAP && ua->altsize)
		fprintf(out, "%s: user access: %zu STAC and %zu CLAC sites (%u-byte alt_instr from %s)%s%s\n",
			c->path, ua->nstac, ua->nclac, ua->altsize,
			ua->altsource, ua->note[0] ? "; " : "", ua->note);
	else if (o->verbose && ua->method == UA_X86_SMAP)
		fprintf(out, "%s: user access: no STAC or CLAC sites (%s)\n",
			c->path, ua->note[0] ? ua->note : "no .altinstructions");
	else if (o->verbose && ua->method == UA_ARM64_UNPRIV)
		fprintf(out, "%s: user access: %zu unprivileged loads and stores in %zu instructions%s%s\n",
			c->path, ua->unpriv, ua->scanned,
			ua->note[0] ? "; " : "", ua->note);
	else if (o->verbose && ua->note[0])
		fprintf(out, "%s: note: %s\n", c->path, ua->note);
	for (i = 0; i < c->f->n && !o->summary; i++)
		if (c->f->f[i].severity != SEV_NOTE || o->verbose)
			text_finding(out, c, &c->f->f[i]);
}

/* Where source lines came from, or why there are none: once a file. */
static void print_lines_note(FILE *out, const struct checked *c,
			     const struct excheck_opts *o)
{
	const char *note = srcline_note(c->sl);
	const char *origin = srcline_origin(c->sl);
	char none[640];
	size_t looked, found;

	if (o->format == FMT_SARIF)
		return;
	if (!srcline_used(c->sl)) {
		if (o->format == FMT_JSON)
			fprintf(out, ",\"debuginfo\":null");
		return;
	}
	srcline_counts(c->sl, &looked, &found);
	if (!note && origin && looked && !found) {
		/* DWARF without a line table: e.g. types only */
		snprintf(none, sizeof(none),
			 "no source lines: %s has no line table for these addresses",
			 origin);
		note = none;
	}
	if (o->format == FMT_JSON) {
		fprintf(out, ",\"debuginfo\":{\"file\":");
		if (origin)
			json_string(out, origin);
		else
			fprintf(out, "null");
		fprintf(out, ",\"note\":");
		if (note)
			json_string(out, note);
		else
			fprintf(out, "null");
		fprintf(out, ",\"addresses\":%zu,\"with_lines\":%zu}",
			looked, found);
		return;
	}
	/* the audit modes say why; a build step's findings stay one line */
	if (o->summary || !(o->verbose || o->list))
		return;
	if (note)
		fprintf(out, "%s: note: %s\n", c->path, note);
	else if (o->verbose && origin)
		fprintf(out, "%s: source lines from %s for %zu of %zu addresses\n",
			c->path, origin, found, looked);
}

/* Tables in the __ex_table format, each opened or not (shndx 0). */
struct file_tables {
	struct extable t[ARRAY_SIZE(ex_sections)];
};

static int open_tables(struct elfimg *img, const struct excheck_opts *o,
		       struct file_tables *ft)
{
	const char *layout = o->layout;
	size_t i;

	memset(ft, 0, sizeof(*ft));
	for (i = 0; i < ARRAY_SIZE(ex_sections); i++) {
		size_t shndx = elfimg_find_section(img, ex_sections[i]);

		if (!shndx)
			continue;
		/* later tables share the first one's layout */
		if (extable_open(img, shndx, layout, &ft->t[i]))
			return -1;
		if (!layout && ft->t[i].choice.layout)
			layout = ft->t[i].choice.layout->name;
	}
	return 0;
}

static void close_tables(struct file_tables *ft)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ex_sections); i++)
		extable_close(&ft->t[i]);
}

/* Check and print every table of the file into @out; -1 on trouble. */
static int check_tables(const char *path, struct elfimg *img,
			bool unpacked, const struct excheck_opts *o, FILE *out,
			struct ex_stats *mine)
{
	struct symbols syms = { 0 };
	struct findings uf = { 0 };
	struct file_tables ft;
	struct uaccess ua = { 0 };
	struct checked c = { path, img, NULL, &syms, NULL, 0, 0, &ua, NULL, 0 };
	struct check_ctx ctx;
	size_t i, errors = 0, tables = 0;
	int flag, rc = -1;
	uint64_t flag_off;

	c.flag = flag = read_flag(img, &flag_off);
	if (check_overlaps(img, flag_off) || symbols_load(img, &syms))
		return -1;
	c.version = types_kernel_version(img);
	c.sl = srcline_new(img, path, unpacked, &o->lines);
	if (!c.sl) {
		elfimg_fail(img, "out of memory");
		goto out;
	}
	if (open_tables(img, o, &ft))
		goto out;
	ctx = (struct check_ctx){ img, ft.t[0].img ? &ft.t[0] : NULL, &syms,
				  &o->policy, c.flag, c.version, &uf };
	if (uaccess_analyse(&ctx, &ua))
		goto out;
	if (o->format == FMT_JSON)
		fprintf(out, "\"tables\":[");
	for (i = 0; i < ARRAY_SIZE(ex_sections); i++) {
		if (!ft.t[i].img)
			continue;
		if (o->format == FMT_JSON && tables)
			fputc(',', out);
		c.t = &ft.t[i];
		/* later tables: sorted at boot, whatever the flag (2) */
		c.flag = i ? 2 : flag;
		if (check_one(&c, o, out, &errors, mine))
			goto out;
		tables++;
	}
	if (o->format == FMT_JSON)
		fputc(']', out);
	else if (!tables && o->summary)
		fprintf(out, "%s: no %s\n", path, EX_TABLE);
	c.t = NULL;
	c.f = &uf;
	print_uaccess(out, &c, o);
	print_lines_note(out, &c, o);
	errors += uf.errors;
	if (mine)
		stats_add_uaccess(mine, &ua);
	rc = errors ? EXC_FINDINGS : EXC_OK;
out:
	srcline_free(c.sl);
	uaccess_free(&ua);
	findings_free(&uf);
	close_tables(&ft);
	symbols_free(&syms);
	return rc;
}

/*
 * The file's report is built in memory and printed only if the whole
 * file could be read: trouble in a later table means no findings from
 * an earlier one, just the one line.
 */
static int check_elf(const char *path, struct elfimg *img, bool unpacked,
		     const struct excheck_opts *o, FILE *out,
		     struct ex_stats *stats)
{
	struct ex_stats mine = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc;

	if (!mem)
		return elfimg_fail(img, "out of memory");
	rc = check_tables(path, img, unpacked, o, mem, stats ? &mine : NULL);
	if (rc >= 0 && stats) {
		mine.files = 1;
		if (o->format == FMT_JSON) {
			fprintf(mem, ",\"stats\":");
			stats_print_json(mem, &mine, o->stats_top);
		} else {
			stats_print_text(mem, path, &mine, o->stats_top);
		}
		if (stats_merge(stats, &mine))
			rc = elfimg_fail(img, "out of memory");
	}
	if (fclose(mem) && rc >= 0)
		rc = elfimg_fail(img, "out of memory");
	if (rc >= 0)
		fwrite(buf, 1, len, out);
	else if (o->format == FMT_JSON)
		fputs("\"tables\":[],", out);
	free(buf);
	stats_free(&mine);
	return rc;
}

/*
 * Real modules and kernels unpack to a few times their packed size; a
 * limit of 64 times (at least 64 MiB, at most the user's) stops a small
 * file that unpacks to gigabytes before it costs them.
 */
static size_t unpack_limit(size_t packed, const struct excheck_opts *o)
{
	size_t limit = packed > SIZE_MAX / 64 ? SIZE_MAX : packed * 64;

	if (limit < (size_t)64 << 20)
		limit = (size_t)64 << 20;
	return limit < o->unpack_limit ? limit : o->unpack_limit;
}

/* Unpack a compressed module or a bzImage payload; NULL if not packed. */
static int unpack(const unsigned char *buf, size_t size,
		  const struct excheck_opts *o, unsigned char **out,
		  size_t *outlen, char *err, size_t errlen)
{
	size_t off = 0, len = size;

	*out = NULL;
	if (bzimage_payload(buf, size, &off, &len)) {
		buf += off;
		size = len;
	}
	if (packing_of(buf, size) == PACK_NONE) {
		if (off)
			snprintf(err, errlen, "boot image with a payload excheck cannot unpack");
		return off ? -1 : 0;
	}
	return decompress(buf, size, unpack_limit(size, o), out, outlen, err,
			  errlen);
}

int excheck_trouble(const char *path, const struct excheck_opts *o,
		    FILE *out, FILE *err, const char *why)
{
	fprintf(err, "excheck: %s: %s\n", path, why);
	if (o->format == FMT_JSON) {
		fprintf(out, "{\"file\":");
		json_string(out, path);
		fprintf(out, ",\"error\":");
		json_string(out, why);
		fprintf(out, ",\"status\":%d}", EXC_TROUBLE);
	}
	return EXC_TROUBLE;
}

int excheck_image(const char *path, const unsigned char *buf, size_t size,
		  const struct excheck_opts *o, FILE *out, FILE *err)
{
	return excheck_image_stats(path, buf, size, o, out, err, NULL);
}

int excheck_image_stats(const char *path, const unsigned char *buf,
			size_t size, const struct excheck_opts *o, FILE *out,
			FILE *err, struct ex_stats *stats)
{
	unsigned char *unpacked = NULL;
	size_t unpacked_len = 0;
	struct elfimg img;
	char why[512];
	int rc;

	if (unpack(buf, size, o, &unpacked, &unpacked_len, why, sizeof(why)))
		return excheck_trouble(path, o, out, err, why);
	if (unpacked) {
		buf = unpacked;
		size = unpacked_len;
	}
	if (o->format == FMT_JSON) {
		fprintf(out, "{\"file\":");
		json_string(out, path);
		fputc(',', out);
	}
	rc = elfimg_open_mem(&img, path, buf, size) ? -1 :
	     img.ehdr.e_type != ET_EXEC && img.ehdr.e_type != ET_DYN &&
	     img.ehdr.e_type != ET_REL ?
	     elfimg_fail(&img, "not a kernel image, module or object (ELF type %u)",
			 img.ehdr.e_type) :
	     check_elf(path, &img, unpacked != NULL, o, out, stats);
	if (rc < 0) {
		fprintf(err, "excheck: %s: %s\n", path, img.err);
		if (o->format == FMT_JSON) {
			fprintf(out, "\"error\":");
			json_string(out, img.err);
		}
		rc = EXC_TROUBLE;
	}
	if (o->format == FMT_JSON)
		fprintf(out, ",\"status\":%d}", rc);
	elfimg_close(&img);
	free(unpacked);
	return rc;
}
