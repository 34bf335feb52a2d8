/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A stable LSD radix sort of 64-bit keys, for tables of a million entries. */
#ifndef EXS_RADIX_H
#define EXS_RADIX_H

#include <stddef.h>
#include <stdint.h>

struct sort_key {
	uint64_t key;
	uint32_t idx;
};

/* Sort @k by key, keeping the order of equal keys; -1 if out of memory. */
int radix_sort(struct sort_key *k, size_t n);

#endif
