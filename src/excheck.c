// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * excheck: validate the exception tables of vmlinux images, modules and
 * objects.  This file reads files, walks directories and runs files in
 * parallel; the checks and the report are in the library (report.c).
 * Each file's output is collected in memory and printed in input order,
 * so a parallel run prints exactly what a serial one does.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "sarif.h"

static const char *prog = "excheck";

struct job {
	char *path;
	char *out, *err;	/* what the file printed */
	size_t outlen, errlen;
	int rc;
	bool done;
	struct ex_stats stats;
};

struct jobs {
	struct job *job;
	size_t n, cap;
	size_t next;		/* next job to hand out */
	const struct excheck_opts *opts;
	pthread_mutex_t lock;
	pthread_cond_t finished;
};

static int add_job(struct jobs *js, const char *path)
{
	if (js->n == js->cap) {
		size_t cap = js->cap ? js->cap * 2 : 64;
		struct job *nj = realloc(js->job, cap * sizeof(*nj));

		if (!nj)
			return -1;
		js->job = nj;
		js->cap = cap;
	}
	memset(&js->job[js->n], 0, sizeof(js->job[0]));
	js->job[js->n].path = strdup(path);
	if (!js->job[js->n].path)
		return -1;
	js->n++;
	return 0;
}

/* Read-only mapping of a regular file; a zero-length file is empty. */
static int run_file(const char *path, const struct excheck_opts *o,
		    FILE *out, FILE *err, struct ex_stats *stats)
{
	struct stat st;
	void *map = NULL;
	int fd, rc;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return excheck_trouble(path, o, out, err, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return excheck_trouble(path, o, out, err, S_ISDIR(st.st_mode) ?
				  "is a directory (use -r)" :
				  "not a regular file");
	}
	if (st.st_size == 0) {
		close(fd);
		return excheck_trouble(path, o, out, err, "empty file");
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return excheck_trouble(path, o, out, err, strerror(errno));
	rc = excheck_image_stats(path, map, (size_t)st.st_size, o, out, err,
				 stats);
	munmap(map, (size_t)st.st_size);
	return rc;
}

static void run_job(struct jobs *js, struct job *j)
{
	FILE *out = open_memstream(&j->out, &j->outlen);
	FILE *err = open_memstream(&j->err, &j->errlen);

	if (!out || !err) {
		if (out)
			fclose(out);
		if (err)
			fclose(err);
		j->rc = EXC_TROUBLE;
		return;
	}
	j->rc = run_file(j->path, js->opts, out, err,
			 js->opts->stats ? &j->stats : NULL);
	fclose(out);
	fclose(err);
}

static void *worker(void *arg)
{
	struct jobs *js = arg;

	for (;;) {
		struct job *j;

		pthread_mutex_lock(&js->lock);
		if (js->next == js->n) {
			pthread_mutex_unlock(&js->lock);
			return NULL;
		}
		j = &js->job[js->next++];
		pthread_mutex_unlock(&js->lock);
		run_job(js, j);
		pthread_mutex_lock(&js->lock);
		j->done = true;
		pthread_cond_broadcast(&js->finished);
		pthread_mutex_unlock(&js->lock);
	}
}

static bool wanted(const char *name)
{
	static const char *const suffixes[] = {
		".ko", ".ko.gz", ".ko.xz", ".ko.bz2", ".ko.zst", ".o",
	};
	size_t n = strlen(name), i;

	/* vmlinux, vmlinux.o, vmlinux-6.1.0-amd64, vmlinuz-6.1.0-amd64 */
	if (strstr(name, "vmlinux") || strncmp(name, "vmlinuz", 7) == 0)
		return true;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t m = strlen(suffixes[i]);

		if (n > m && strcmp(name + n - m, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directory entries by name, so the order is the same on every run. */
static int walk(struct jobs *js, const char *dir, int depth)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *d;
	DIR *dp;
	int r = 0;

	if (depth > 64)
		return 0;
	dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
		return 1;
	}
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) *
					    sizeof(*nn));
			if (!nn)
				break;
			names = nn;
		}
		names[n] = strdup(d->d_name);
		if (names[n])
			n++;
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		char *path;
		struct stat st;

		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
			continue;
		/* symbolic links are not followed: no loops, no escapes */
		if (lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				r |= walk(js, path, depth + 1);
			else if (S_ISREG(st.st_mode) && wanted(names[i]))
				r |= add_job(js, path) ? 1 : 0;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return r;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: %s [OPTION]... FILE|DIR...\n"
"Check the exception tables (__ex_table) of vmlinux images, kernel modules\n"
"(also .ko.gz, .ko.xz, .ko.bz2, .ko.zst) and objects.\n"
"\n"
"  -r, --recursive       check every module, object and vmlinux below DIR\n"
"  -j, --jobs=N          check N files at once (default: number of CPUs)\n"
"  -l, --layout=NAME     entry layout, instead of detecting it\n"
"      --list            list every entry: addresses, symbols, type, data\n"
"      --summary         one line per file\n"
"      --stats[=N]       per file and in total: entries by type, section and\n"
"                        function (the N most, default 10), in init and exit\n"
"                        text, duplicates\n"
"      --format=FORMAT   text (default), json, or sarif (SARIF 2.1.0 for\n"
"                        code scanning: findings only)\n"
"      --debuginfo=PATH  DWARF for source lines: a debug file, or a\n"
"                        directory searched by build-id and debuglink\n"
"      --no-lines        no source lines: never read DWARF\n"
"  -W NAME, -Wno-NAME    enable or disable a check\n"
"  -Werror, -Werror=NAME, -Wno-error=NAME\n"
"                        make warnings (or one check's) errors, or not\n"
"      --list-checks     list the checks with their default severity\n"
"  -v, --verbose         say which layout each table has; show notes\n"
"  -h, --help            display this help and exit\n"
"  -V, --version         output version information and exit\n"
"\n"
"Exit status: 0 clean (warnings allowed), 1 an error-level finding,\n"
"2 trouble (a file that cannot be read or is not a valid ELF file).\n",
		prog);
}

static void list_checks(void)
{
	size_t i;

	for (i = 0; i < CHK_COUNT; i++)
		printf("%-14s %-8s %s\n", check_info[i].name,
		       severity_name(check_info[i].severity), check_info[i].summary);
}

static int bad_usage(const char *msg, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s%s\n", prog, msg, arg ? " '" : "",
		arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	return EXC_TROUBLE;
}

enum {
	OPT_LIST = 256, OPT_SUMMARY, OPT_FORMAT, OPT_LIST_CHECKS, OPT_STATS,
	OPT_DEBUGINFO, OPT_NO_LINES, OPT_DEBUG_ROOT,
};

static const struct option longopts[] = {
	{ "recursive", no_argument, NULL, 'r' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "layout", required_argument, NULL, 'l' },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "stats", optional_argument, NULL, OPT_STATS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "list-checks", no_argument, NULL, OPT_LIST_CHECKS },
	{ "debuginfo", required_argument, NULL, OPT_DEBUGINFO },
	{ "no-lines", no_argument, NULL, OPT_NO_LINES },
	/* for tests: a directory standing in for / when looking in
	 * /usr/lib/debug */
	{ "debug-root", required_argument, NULL, OPT_DEBUG_ROOT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct cli {
	struct excheck_opts o;
	bool recursive;
	long jobs;
};

static int parse(int argc, char **argv, struct cli *cli)
{
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "rj:l:W:vhV", longopts, NULL)) != -1) {
		/* only --stats has an optional argument */
		const char *arg = optarg ? optarg : "";

		switch (c) {
		case 'r':
			cli->recursive = true;
			break;
		case 'j':
			cli->jobs = strtol(arg, &end, 10);
			if (*end || cli->jobs < 1 || cli->jobs > 1024)
				return bad_usage("--jobs takes a number from 1 to 1024, not", arg);
			break;
		case 'l':
			if (!layout_by_name(arg))
				return bad_usage("unknown layout (see exsort --list-layouts):", arg);
			cli->o.layout = arg;
			break;
		case 'W':
			if (check_policy_option(&cli->o.policy, arg))
				return bad_usage("unknown check in", arg);
			break;
		case OPT_LIST:
			cli->o.list = true;
			break;
		case OPT_SUMMARY:
			cli->o.summary = true;
			break;
		case OPT_STATS:
			cli->o.stats = true;
			if (optarg) {
				long top = strtol(arg, &end, 10);

				if (*end || top < 1 || top > 100000)
					return bad_usage("--stats takes a number from 1 to 100000, not", arg);
				cli->o.stats_top = (size_t)top;
			}
			break;
		case OPT_FORMAT:
			if (strcmp(arg, "text") == 0)
				cli->o.format = FMT_TEXT;
			else if (strcmp(arg, "json") == 0)
				cli->o.format = FMT_JSON;
			else if (strcmp(arg, "sarif") == 0)
				cli->o.format = FMT_SARIF;
			else
				return bad_usage("--format takes text, json or sarif, not", arg);
			break;
		case OPT_DEBUGINFO:
			cli->o.lines.debuginfo = arg;
			break;
		case OPT_NO_LINES:
			cli->o.lines.off = true;
			break;
		case OPT_DEBUG_ROOT:
			cli->o.lines.debug_root = arg;
			break;
		case OPT_LIST_CHECKS:
			list_checks();
			exit(EXC_OK);
		case 'v':
			cli->o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXC_OK);
		case 'V':
			printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
			exit(EXC_OK);
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return EXC_TROUBLE;
		}
	}
	if (optind == argc)
		return bad_usage("no FILE given", NULL);
	if (cli->o.format == FMT_SARIF &&
	    (cli->o.list || cli->o.stats || cli->o.summary))
		return bad_usage("--format=sarif reports findings; it does not go with --list, --stats or --summary", NULL);
	return 0;
}

static int collect(struct jobs *js, const struct cli *cli, int argc,
		   char **argv)
{
	struct stat st;
	int i, r = 0;

	for (i = optind; i < argc; i++) {
		if (cli->recursive && stat(argv[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			r |= walk(js, argv[i], 0);
			continue;
		}
		if (add_job(js, argv[i]))
			return -1;
	}
	return r;
}

/*
 * Print each job's output as soon as it and all before it are done.
 * SARIF also wants the trouble lines, as notifications: in @notes.
 */
static int run_all(struct jobs *js, long nthreads, struct ex_stats *total,
		   FILE *notes)
{
	bool printed = false;
	pthread_t *tid = calloc((size_t)nthreads, sizeof(*tid));
	long started = 0, t;
	size_t i;
	int rc = EXC_OK;

	pthread_mutex_init(&js->lock, NULL);
	pthread_cond_init(&js->finished, NULL);
	for (t = 0; tid && t < nthreads && (size_t)t < js->n; t++)
		if (pthread_create(&tid[t], NULL, worker, js) == 0)
			started++;
	if (!started)
		worker(js);
	for (i = 0; i < js->n; i++) {
		struct job *j = &js->job[i];

		pthread_mutex_lock(&js->lock);
		while (!j->done)
			pthread_cond_wait(&js->finished, &js->lock);
		pthread_mutex_unlock(&js->lock);
		if (js->opts->format == FMT_JSON && i)
			fputc(',', stdout);
		/* SARIF: a file without findings prints nothing */
		if (js->opts->format == FMT_SARIF && j->outlen && printed)
			fputc(',', stdout);
		if (j->outlen)
			fwrite(j->out, 1, j->outlen, stdout);
		printed |= j->outlen > 0;
		if (j->errlen) {
			fflush(stdout);
			fwrite(j->err, 1, j->errlen, stderr);
			if (notes)
				fwrite(j->err, 1, j->errlen, notes);
		}
		if (j->rc > rc)
			rc = j->rc;
		if (total && stats_merge(total, &j->stats))
			rc = EXC_TROUBLE;
		stats_free(&j->stats);
		free(j->out);
		free(j->err);
		free(j->path);
	}
	for (t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli = { .jobs = sysconf(_SC_NPROCESSORS_ONLN) };
	struct ex_stats total = { 0 };
	struct jobs js = { 0 };
	FILE *notes = NULL;	/* SARIF: trouble, reported at the end */
	char *notebuf = NULL;
	size_t notelen = 0;
	int rc, walk_rc;

	check_policy_init(&cli.o.policy);
	cli.o.stats_top = 10;
	cli.o.unpack_limit = (size_t)2 << 30;
	rc = parse(argc, argv, &cli);
	if (rc)
		return rc;
	if (cli.jobs < 1)
		cli.jobs = 1;
	elfimg_global_init();
	js.opts = &cli.o;
	walk_rc = collect(&js, &cli, argc, argv);
	if (walk_rc < 0) {
		fprintf(stderr, "%s: out of memory\n", prog);
		free(js.job);
		return EXC_TROUBLE;
	}
	if (cli.o.format == FMT_JSON)
		printf("{\"excheck\":1,\"files\":[");
	if (cli.o.format == FMT_SARIF) {
		sarif_begin(stdout, PACKAGE_VERSION);
		notes = open_memstream(&notebuf, &notelen);
		if (!notes) {
			fprintf(stderr, "%s: out of memory\n", prog);
			return EXC_TROUBLE;
		}
	}
	rc = run_all(&js, cli.jobs, cli.o.stats ? &total : NULL, notes);
	if (walk_rc && rc < EXC_TROUBLE)
		rc = EXC_TROUBLE;
	if (notes) {
		fclose(notes);
		sarif_end(stdout, notebuf, rc);
		free(notebuf);
	}
	if (cli.o.format == FMT_JSON && cli.o.stats) {
		printf("],\"total\":");
		stats_print_json(stdout, &total, cli.o.stats_top);
		printf("}\n");
	} else if (cli.o.format == FMT_JSON) {
		printf("]}\n");
	} else if (cli.o.stats) {
		stats_print_text(stdout, "total", &total, cli.o.stats_top);
	}
	stats_free(&total);
	free(js.job);
	if (fflush(stdout) != 0)
		return EXC_TROUBLE;
	return rc;
}
