/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * excheck's work on one file image in memory, and its report in each
 * output format.  No file I/O: the front-end reads, this checks and
 * prints to the streams it is given.
 */
#ifndef EXS_REPORT_H
#define EXS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "srcline.h"
#include "stats.h"

enum out_format { FMT_TEXT, FMT_JSON, FMT_SARIF };

struct excheck_opts {
	struct check_policy policy;
	enum out_format format;
	bool list;
	bool summary;
	bool verbose;
	bool stats;		/* --stats */
	size_t stats_top;	/* names shown per kind */
	const char *layout;	/* --layout */
	size_t unpack_limit;	/* largest unpacked image, bytes */
	struct srcline_opts lines;	/* --no-lines, --debuginfo */
};

enum { EXC_OK = 0, EXC_FINDINGS = 1, EXC_TROUBLE = 2 };

/*
 * Check the file @path whose bytes are @buf.  Findings and listings go to
 * @out, trouble to @err, as one line "excheck: PATH: reason".  Returns
 * EXC_OK, EXC_FINDINGS (an error-level finding) or EXC_TROUBLE.
 */
int excheck_image(const char *path, const unsigned char *buf, size_t size,
		  const struct excheck_opts *o, FILE *out, FILE *err);
/* The same, adding the file's tables to @stats (--stats). */
int excheck_image_stats(const char *path, const unsigned char *buf,
			size_t size, const struct excheck_opts *o, FILE *out,
			FILE *err, struct ex_stats *stats);

/* A file that cannot be checked: one line on @err, and in JSON its object. */
int excheck_trouble(const char *path, const struct excheck_opts *o,
		    FILE *out, FILE *err, const char *why);

/* JSON string with quotes and escapes. */
void json_string(FILE *f, const char *s);

#endif
