/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exsort's write-ahead journal.  Before it changes a file in place,
 * exsort writes every patch (old and new bytes) to a journal beside the
 * file and syncs it; then it writes the file, syncs, and removes the
 * journal.  A run that is killed leaves either an incomplete journal (the
 * file untouched; the journal is thrown away) or a complete one (the
 * next exsort on the file finishes the writes before anything else).
 */
#ifndef EXS_JOURNAL_H
#define EXS_JOURNAL_H

#include <stdbool.h>
#include <sys/stat.h>

#include "sortplan.h"

/* The journal's path for @file, in a new buffer. */
char *journal_path(const char *file);

/*
 * Write the journal for @plan on the file open as @fd (state @st), then
 * the patches, sync, and remove the journal.  0 on success; -1 with
 * *why set when nothing was changed, -2 if the file may be partly
 * written (the journal is then left for recovery).
 */
int journal_apply(const char *file, int fd, const struct stat *st,
		  const struct sort_plan *plan, const char **why);

/*
 * Finish what a killed exsort left: 0 if there was no journal, 1 if one
 * was completed (or was incomplete and removed), -1 with *why on
 * trouble (a journal that does not match the file is left alone).
 */
int journal_recover(const char *file, int fd, const char **why);

/* True if @file has a journal beside it. */
bool journal_exists(const char *file);

#endif
