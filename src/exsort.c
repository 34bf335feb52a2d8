// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exsort: sort a vmlinux's __ex_table as the kernel's binary search
 * needs it and clear main_extable_sort_needed.  All the work is planned
 * in memory (sortplan.c); this file only opens, locks and writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "mcount.h"
#include "sortplan.h"

enum { EXIT_OK = 0, EXIT_WORK = 1, EXIT_TROUBLE = 2 };

static const char *prog = "exsort";

struct options {
	struct sort_opts sort;
	bool check;
	bool verbose;
	const char *output;
};

static int trouble(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int trouble(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", prog, file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_TROUBLE;
}

static void describe(const char *file, const struct options *o,
		     const struct sort_plan *p)
{
	size_t i;

	for (i = 0; i < p->ntables; i++) {
		const struct table_report *t = &p->table[i];

		printf("%s: %s: %zu entries", file, t->name, t->count);
		if (t->layout)
			printf(", layout %s (%s)", t->layout, t->source);
		printf(", %zu %s", t->moved, o->check ? "out of place" : "moved");
		if (t->zeroed)
			printf(", %zu weak entries zeroed", t->zeroed);
		if (t->relocs && t->moved)
			printf(", %s %s%s", t->relocs, o->check ? "to be " : "",
			       o->sort.relocs == RELOCS_UPDATE ? "updated" :
			       o->sort.relocs == RELOCS_ZERO ? "zeroed" :
			       "left stale");
		putchar('\n');
	}
	if (p->flag_found)
		printf("%s: %s %s\n", file, EX_FLAG,
		       o->check ? (p->flag_was_set ? "set" : "clear") :
		       p->flag_was_set ? "cleared" : "already clear");
	if (!p->npatch)
		printf("%s: nothing to write\n", file);
}

/* --check: one line naming the first thing that needs doing. */
static void print_work(const char *file, const struct sort_plan *p)
{
	size_t i;

	for (i = 0; i < p->ntables; i++)
		if (p->table[i].moved || p->table[i].zeroed) {
			printf("%s: %s is not sorted\n", file, p->table[i].name);
			return;
		}
	printf("%s: %s is set\n", file, EX_FLAG);
}

/* A page is written whole or not at all; one small patch needs no journal. */
static bool needs_journal(const struct sort_plan *p)
{
	const uint64_t page = 4096;

	return p->npatch > 1 ||
	       (p->npatch == 1 && p->patch[0].offset / page !=
		(p->patch[0].offset + p->patch[0].size - 1) / page);
}

/* Write the plan into the file: through the journal unless trivial. */
static int apply(int fd, const char *file, const struct stat *st,
		 const struct sort_plan *p)
{
	const struct patch *pt = &p->patch[0];
	const char *why = NULL;
	int r;

	if (!needs_journal(p)) {
		if (pwrite(fd, pt->bytes, pt->size, (off_t)pt->offset) ==
		    (ssize_t)pt->size && fdatasync(fd) == 0)
			return EXIT_OK;
		return trouble(file, "cannot write: %s (file left unchanged)",
			       strerror(errno));
	}
	r = journal_apply(file, fd, st, p, &why);
	if (r == -1)
		return trouble(file, "cannot write the journal: %s (file left unchanged)",
			       why);
	if (r == -2)
		return trouble(file, "write failed (%s); run exsort on it again to finish from the journal",
			       why);
	return EXIT_OK;
}

static bool same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* -o: a full copy beside the target, patched, synced, renamed in. */
static int write_copy(const char *out, const struct elfimg *img,
		      const struct stat *st, const struct sort_plan *p)
{
	const char *slash = strrchr(out, '/');
	int dirlen = slash ? (int)(slash - out + 1) : 0;
	int fd = -1, rc = EXIT_TROUBLE;
	char *tmp = NULL;
	size_t i, off;

	/* same directory, so rename() is atomic */
	if (asprintf(&tmp, "%.*s.%s.XXXXXX", dirlen, out, out + dirlen) < 0) {
		tmp = NULL;
		trouble(out, "out of memory");
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		trouble(out, "cannot create a temporary file: %s",
			strerror(errno));
		goto out;
	}
	for (off = 0; off < img->size;) {
		ssize_t n = write(fd, img->image + off, img->size - off);

		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	for (i = 0; i < p->npatch; i++)
		if (pwrite(fd, p->patch[i].bytes, p->patch[i].size,
			   (off_t)p->patch[i].offset) != (ssize_t)p->patch[i].size)
			goto fail;
	if (fchmod(fd, st->st_mode & 07777) || fsync(fd) || close(fd))
		goto fail_closed;
	fd = -1;
	if (rename(tmp, out))
		goto fail_closed;
	rc = EXIT_OK;
	goto out;
fail:
	close(fd);
	fd = -1;
fail_closed:
	trouble(out, "cannot write: %s", strerror(errno));
	unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	free(tmp);
	return rc;
}

/* The path still names the file open as @fd, unchanged since @before. */
static bool still_same(const char *file, int fd, const struct stat *before)
{
	struct stat now, named;

	return fstat(fd, &now) == 0 && lstat(file, &named) == 0 &&
	       same_file_state(before, &now) &&
	       named.st_dev == now.st_dev && named.st_ino == now.st_ino;
}

/* Open, refusing what exsort must not write through or wait on. */
static int open_target(const char *file, bool in_place, struct stat *st)
{
	/* O_NOFOLLOW: write the file itself, never what a link points at;
	 * O_NONBLOCK: a FIFO must not block the open */
	int fd = open(file, (in_place ? O_RDWR : O_RDONLY) | O_NOFOLLOW |
		      O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ELOOP)
			trouble(file, "is a symbolic link; name the file it points to");
		else
			trouble(file, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		close(fd);
		trouble(file, "not a regular file");
		return -1;
	}
	/* a second exsort on the same file waits for this one */
	if (flock(fd, in_place ? LOCK_EX : LOCK_SH)) {
		trouble(file, "cannot lock: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Finish the work of an exsort that was killed while writing. */
static int recover(const char *file, int fd, const struct options *o,
		   struct stat *st)
{
	const char *why = NULL;
	int r;

	if (!o->check && !o->output) {
		r = journal_recover(file, fd, &why);
		if (r < 0)
			return trouble(file, "%s", why);
		if (r > 0 && o->verbose)
			printf("%s: finished the writes of an interrupted exsort\n",
			       file);
		return fstat(fd, st) ? trouble(file, "%s", strerror(errno)) : 0;
	}
	if (journal_exists(file))
		return trouble(file, "an interrupted exsort left a journal beside it; run exsort on it to finish");
	return 0;
}

static int process(const char *file, const struct options *o)
{
	bool in_place = !o->check && !o->output;
	struct elfimg img;
	struct sort_plan plan;
	struct stat before;
	int fd, rc;

	fd = open_target(file, in_place, &before);
	if (fd < 0)
		return EXIT_TROUBLE;
	rc = recover(file, fd, o, &before);
	if (rc) {
		close(fd);
		return rc;
	}
	if (elfimg_open_fd(&img, file, fd) ||
	    sort_plan(&img, &o->sort, &plan)) {
		rc = trouble(file, "%s", img.err);
		goto out;
	}
	if (o->verbose)
		describe(file, o, &plan);
	if (o->check) {
		if (plan.npatch) {
			print_work(file, &plan);
			rc = EXIT_WORK;
		}
	} else if (o->output) {
		rc = write_copy(o->output, &img, &before, &plan);
	} else if (plan.npatch) {
		if (!still_same(file, fd, &before))
			rc = trouble(file, "file changed or replaced while being sorted; nothing written");
		else
			rc = apply(fd, file, &before, &plan);
	}
	sort_plan_free(&plan);
out:
	elfimg_close(&img);
	close(fd);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: %s [OPTION]... FILE...\n"
"Sort the __ex_table of each vmlinux FILE by instruction address, as the\n"
"kernel's binary search needs it, and clear main_extable_sort_needed.\n"
"\n"
"  -c, --check           write nothing; exit 1 if a file needs sorting\n"
"  -o, --output=FILE     write the sorted image to FILE (one input only)\n"
"  -l, --layout=NAME     entry layout, instead of detecting it\n"
"      --list-layouts    list the layout names and exit\n"
"      --no-flag         leave main_extable_sort_needed alone (stripped images)\n"
"      --relocs=MODE     relocation sections of the tables: update (default),\n"
"                        keep (leave stale) or zero\n"
"      --skip=TABLES     leave these tables alone (comma-separated): extable,\n"
"                        amode31, dbe, orc, mcount\n"
"  -s, --nm-file=FILE    `nm -S` listing of the image: zero the __mcount_loc\n"
"                        entries outside its text functions (weak functions\n"
"                        another definition replaced), as Linux 6.15+ does\n"
"  -v, --verbose         one line per file: entries, layout, moves, flag\n"
"  -h, --help            display this help and exit\n"
"  -V, --version         output version information and exit\n"
"\n"
"Exit status: 0 success, 1 --check found work to do, 2 trouble.\n",
		prog);
}

static void list_layouts(void)
{
	enum layout_id id;

	for (id = 0; id < L_COUNT; id++) {
		const struct ex_layout *l = layout_by_id(id);

		printf("%-15s %2u bytes  %s\n", l->name, l->entsize, l->decl);
	}
}

/* "orc,mcount" -> SKIP bits; -1 naming the first unknown name */
static int parse_skip(const char *arg, unsigned int *skip)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	enum table_kind k;
	int r = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok && !r;
	     tok = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < TBL_KINDS; k++)
			if (strcmp(tok, table_kind_name(k)) == 0)
				break;
		if (k == TBL_KINDS)
			r = -1;
		else
			*skip |= SKIP(k);
	}
	free(copy);
	return r;
}

static int parse_relocs(const char *arg, enum relocs_mode *mode)
{
	if (strcmp(arg, "update") == 0)
		*mode = RELOCS_UPDATE;
	else if (strcmp(arg, "keep") == 0)
		*mode = RELOCS_KEEP;
	else if (strcmp(arg, "zero") == 0)
		*mode = RELOCS_ZERO;
	else
		return -1;
	return 0;
}

enum { OPT_NO_FLAG = 256, OPT_RELOCS, OPT_LIST_LAYOUTS, OPT_SKIP };

static const struct option longopts[] = {
	{ "check", no_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "layout", required_argument, NULL, 'l' },
	{ "list-layouts", no_argument, NULL, OPT_LIST_LAYOUTS },
	{ "no-flag", no_argument, NULL, OPT_NO_FLAG },
	{ "relocs", required_argument, NULL, OPT_RELOCS },
	{ "skip", required_argument, NULL, OPT_SKIP },
	{ "nm-file", required_argument, NULL, 's' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int bad_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s%s\n", prog, msg, arg ? " '" : "",
		arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return EXIT_TROUBLE;
}

/* -s FILE: the text functions of an `nm -S` listing */
static int read_nm_file(const char *path, struct weak_funcs *w)
{
	const char *why = NULL;
	FILE *f = fopen(path, "r");
	int r;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	r = weak_funcs_read(f, w, &why);
	fclose(f);
	if (r)
		fprintf(stderr, "%s: %s: %s\n", prog, path, why);
	return r;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct weak_funcs weak = { 0 };
	const char *nm_file = NULL;
	int c, i, rc = EXIT_OK;

	while ((c = getopt_long(argc, argv, "co:l:s:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.check = true;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'l':
			if (!layout_by_name(optarg))
				return bad_usage("unknown layout (see --list-layouts):",
						 optarg);
			o.sort.layout = optarg;
			break;
		case OPT_LIST_LAYOUTS:
			list_layouts();
			return EXIT_OK;
		case OPT_NO_FLAG:
			o.sort.no_flag = true;
			break;
		case 's':
			nm_file = optarg;
			break;
		case OPT_SKIP:
			if (parse_skip(optarg, &o.sort.skip))
				return bad_usage("--skip takes extable, amode31, dbe, orc or mcount, not",
						 optarg);
			break;
		case OPT_RELOCS:
			if (parse_relocs(optarg, &o.sort.relocs))
				return bad_usage("--relocs takes update, keep or zero, not",
						 optarg);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n",
				prog);
			return EXIT_TROUBLE;
		}
	}
	if (optind == argc)
		return bad_usage("no FILE given", NULL);
	if (o.output && argc - optind != 1)
		return bad_usage("--output takes exactly one input FILE", NULL);
	if (o.output && o.check)
		return bad_usage("--output and --check do not go together", NULL);
	elfimg_global_init();
	if (nm_file) {
		if (read_nm_file(nm_file, &weak))
			return EXIT_TROUBLE;
		o.sort.weak = &weak;
	}
	for (i = optind; i < argc; i++) {
		int r = process(argv[i], &o);

		if (r > rc)
			rc = r;
	}
	weak_funcs_free(&weak);
	if (fflush(stdout) != 0)
		return EXIT_TROUBLE;
	return rc;
}
