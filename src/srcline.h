/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Source lines for code addresses, through elfutils' libdwfl: DWARF in
 * the file itself, in a file or directory the user names, by build-id
 * under the debug directories, or a distribution's vmlinux-* under
 * /usr/lib/debug/boot.  Opened on the first lookup, so a run that
 * prints no address never reads DWARF.
 */
#ifndef EXS_SRCLINE_H
#define EXS_SRCLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "elfimg.h"

struct srcline_opts {
	bool off;		/* --no-lines */
	const char *debuginfo;	/* --debuginfo=PATH: file or directory */
	const char *debug_root;	/* instead of /usr/lib/debug (tests) */
};

/* One frame: where the code is, and the function it belongs to. */
struct src_frame {
	char file[256];
	unsigned int line;
	char function[128];	/* "" if unknown */
};

#define SRC_MAX_FRAMES 8

/* What a lookup found: frame 0 is the instruction, the next ones are
 * the call sites of the inlined functions it sits in, outward. */
struct src_pos {
	size_t n;		/* 0: no source line */
	struct src_frame frame[SRC_MAX_FRAMES];
};

struct srcline;

/*
 * A lookup context for @img, read from @path; nothing is opened yet.
 * @unpacked: the image is not the file's own bytes (a decompressed
 * module or boot image), so libdwfl gets a copy of them instead.
 */
struct srcline *srcline_new(struct elfimg *img, const char *path,
			    bool unpacked, const struct srcline_opts *o);
void srcline_free(struct srcline *sl);

/*
 * Source position of the code at @value in section @shndx (an address,
 * or an offset in a relocatable object).  0 if found, -1 if not; the
 * reason a whole file has none is srcline_note().
 */
int srcline_lookup(struct srcline *sl, size_t shndx, uint64_t value,
		   struct src_pos *pos);
/* Why there are no lines (once a lookup failed), or NULL. */
const char *srcline_note(const struct srcline *sl);
/* Was a lookup tried (and DWARF looked for)? */
bool srcline_used(const struct srcline *sl);
/* Where the DWARF came from, once opened: a path, or NULL. */
const char *srcline_origin(const struct srcline *sl);
/* Addresses looked up in that DWARF, and those that had a line. */
void srcline_counts(const struct srcline *sl, size_t *looked, size_t *found);

/* "fs/x.c:12" and its inline chain, " (in f, inlined at g.c:3)". */
void src_pos_text(const struct src_pos *pos, char *buf, size_t len);

#endif
