// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "stats.h"
#include "types.h"
#include "uaccess.h"

static int tally_add(struct tally *t, const char *name, size_t n)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct name_count *nv = realloc(t->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		t->v = nv;
		t->cap = cap;
	}
	t->v[t->n].name = strdup(name);
	if (!t->v[t->n].name)
		return -1;
	t->v[t->n++].n = n;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct name_count *)a)->name,
		      ((const struct name_count *)b)->name);
}

/* Most first; equal counts by name, so the output is stable. */
static int by_count(const void *a, const void *b)
{
	const struct name_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Combine equal names, then order by count. */
static void tally_finish(struct tally *t)
{
	size_t i, out = 0;

	if (!t->n)
		return;
	qsort(t->v, t->n, sizeof(*t->v), by_name);
	for (i = 1; i < t->n; i++) {
		if (strcmp(t->v[i].name, t->v[out].name) == 0) {
			t->v[out].n += t->v[i].n;
			free(t->v[i].name);
		} else {
			t->v[++out] = t->v[i];
		}
	}
	t->n = out + 1;
	qsort(t->v, t->n, sizeof(*t->v), by_count);
}

static void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static const char *type_label(const struct extable *t, int version,
			      const struct ex_view *v, char *buf, size_t len)
{
	const struct ex_layout *l = t->choice.layout;
	const char *name;

	switch (l->extra_kind) {
	case EXTRA_DATA32:
	case EXTRA_TYPE_DATA16:
		name = type_name(t, version, v->e.type);
		if (name)
			return name;
		snprintf(buf, len, "type %u", v->e.type);
		return buf;
	case EXTRA_HANDLER:
		return v->handler.state == LOC_NONE ? "no handler" : "handler";
	default:
		return "-";
	}
}

int stats_add_table(struct ex_stats *s, struct elfimg *img,
		    const struct extable *t, const struct symbols *syms,
		    const struct findings *f, int version,
		    const struct uaccess *ua)
{
	size_t i;

	s->tables++;
	s->duplicates += f->count[CHK_DUPLICATE];
	if (!t->choice.layout)
		return 0;
	s->entries += t->count;
	for (i = 0; i < t->count; i++) {
		const struct ex_view *v = &t->ent[i];
		const char *sec = v->insn.shndx && !v->insn.undef ?
				  img->secname[v->insn.shndx] : "(none)";
		const struct sym *fn = v->insn.shndx ?
			symbols_at(syms, v->insn.shndx, v->insn.value) : NULL;
		char buf[32];
		int w = ua ? uaccess_in_window(ua, v) : -1;

		if (w >= 0)
			*(w ? &s->ua_inside : &s->ua_outside) += 1;
		if (strncmp(sec, ".init.", 6) == 0)
			s->init++;
		if (strncmp(sec, ".exit.", 6) == 0)
			s->exit++;
		if (tally_add(&s->by_type, type_label(t, version, v, buf,
						      sizeof(buf)), 1) ||
		    tally_add(&s->by_section, sec, 1) ||
		    tally_add(&s->by_function, fn ? fn->name : "(none)", 1))
			return -1;
	}
	/* combine now: a table of a million entries must not stay a
	 * million names long */
	tally_finish(&s->by_type);
	tally_finish(&s->by_section);
	tally_finish(&s->by_function);
	return 0;
}

void stats_add_uaccess(struct ex_stats *s, const struct uaccess *ua)
{
	if (ua->method == UA_NONE)
		return;
	s->ua_files++;
	s->ua_stac += ua->nstac;
	s->ua_clac += ua->nclac;
	s->ua_unpriv += ua->unpriv;
}

static int tally_merge(struct tally *into, const struct tally *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (tally_add(into, from->v[i].name, from->v[i].n))
			return -1;
	return 0;
}

int stats_merge(struct ex_stats *into, const struct ex_stats *from)
{
	into->files += from->files;
	into->tables += from->tables;
	into->entries += from->entries;
	into->init += from->init;
	into->exit += from->exit;
	into->duplicates += from->duplicates;
	into->ua_files += from->ua_files;
	into->ua_inside += from->ua_inside;
	into->ua_outside += from->ua_outside;
	into->ua_stac += from->ua_stac;
	into->ua_clac += from->ua_clac;
	into->ua_unpriv += from->ua_unpriv;
	if (tally_merge(&into->by_type, &from->by_type) ||
	    tally_merge(&into->by_section, &from->by_section) ||
	    tally_merge(&into->by_function, &from->by_function))
		return -1;
	tally_finish(&into->by_type);
	tally_finish(&into->by_section);
	tally_finish(&into->by_function);
	return 0;
}

static void text_tally(FILE *out, const char *label, const char *what,
		       const struct tally *t, size_t top)
{
	size_t i;

	for (i = 0; i < t->n && i < top; i++)
		fprintf(out, "%s: %s %s: %zu\n", label, what, t->v[i].name,
			t->v[i].n);
	if (t->n > top)
		fprintf(out, "%s: %s: %zu more\n", label, what, t->n - top);
}

void stats_print_text(FILE *out, const char *label, struct ex_stats *s,
		      size_t top)
{
	fprintf(out, "%s: %zu files, %zu tables, %zu entries, %zu in init text, %zu in exit text, %zu duplicates\n",
		label, s->files, s->tables, s->entries, s->init, s->exit,
		s->duplicates);
	if (s->ua_files)
		fprintf(out, "%s: user access: %zu files analysed, %zu entries inside STAC windows, %zu outside, %zu STAC and %zu CLAC sites, %zu unprivileged loads and stores\n",
			label, s->ua_files, s->ua_inside, s->ua_outside,
			s->ua_stac, s->ua_clac, s->ua_unpriv);
	text_tally(out, label, "type", &s->by_type, top);
	text_tally(out, label, "section", &s->by_section, top);
	text_tally(out, label, "function", &s->by_function, top);
}

static void json_tally(FILE *out, const char *key, const struct tally *t,
		       size_t top)
{
	size_t i;

	fprintf(out, ",\"%s\":[", key);
	for (i = 0; i < t->n && i < top; i++) {
		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_string(out, t->v[i].name);
		fprintf(out, ",\"entries\":%zu}", t->v[i].n);
	}
	fputc(']', out);
}

void stats_print_json(FILE *out, struct ex_stats *s, size_t top)
{
	fprintf(out, "{\"files\":%zu,\"tables\":%zu,\"entries\":%zu,\"init\":%zu,\"exit\":%zu,\"duplicates\":%zu",
		s->files, s->tables, s->entries, s->init, s->exit,
		s->duplicates);
	fprintf(out, ",\"uaccess\":{\"files\":%zu,\"inside_window\":%zu,\"outside_window\":%zu,\"stac\":%zu,\"clac\":%zu,\"unprivileged\":%zu}",
		s->ua_files, s->ua_inside, s->ua_outside, s->ua_stac,
		s->ua_clac, s->ua_unpriv);
	json_tally(out, "by_type", &s->by_type, top);
	json_tally(out, "by_section", &s->by_section, top);
	json_tally(out, "by_function", &s->by_function, top);
	fputc('}', out);
}

void stats_free(struct ex_stats *s)
{
	tally_free(&s->by_type);
	tally_free(&s->by_section);
	tally_free(&s->by_function);
	memset(s, 0, sizeof(*s));
}
