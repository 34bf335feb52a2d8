/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * excheck --format=sarif: a SARIF 2.1.0 log with one run, one rule per
 * check.  The front-end prints the frame; the reporter the results.
 */
#ifndef EXS_SARIF_H
#define EXS_SARIF_H

#include <stdint.h>
#include <stdio.h>

/* Everything before the results: the tool, its rules, "results":[. */
void sarif_begin(FILE *out, const char *version);
/*
 * The rest: the invocation, with @notes (trouble lines, one per file
 * that could not be checked, each "excheck: FILE: why\n"; may be NULL).
 */
void sarif_end(FILE *out, const char *notes, int exit_status);

/* @prefix and a path as a URI reference: percent-encoded, '/' kept. */
void sarif_uri(FILE *out, const char *prefix, const char *path);

/* FNV-1a over @s, for partialFingerprints. */
uint64_t sarif_hash(uint64_t h, const char *s);
#define SARIF_HASH_INIT 0xcbf29ce484222325ULL

#endif
