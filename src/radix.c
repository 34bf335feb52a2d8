// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keys are taken relative to the smallest one, so a kernel's addresses,
 * which span well under 2^32, need four 8-bit passes instead of eight;
 * a pass whose digit is the same for every key is skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "radix.h"
#include "util.h"

static void one_pass(const struct sort_key *src, struct sort_key *dst,
		     size_t n, unsigned int shift, uint64_t base)
{
	size_t count[256] = { 0 }, pos[256], i, sum = 0;

	for (i = 0; i < n; i++)
		count[((src[i].key - base) >> shift) & 0xff]++;
	for (i = 0; i < 256; i++) {
		pos[i] = sum;
		sum += count[i];
	}
	for (i = 0; i < n; i++)
		dst[pos[((src[i].key - base) >> shift) & 0xff]++] = src[i];
}

/* Is digit @shift the same for every key? */
static bool constant_digit(const struct sort_key *k, size_t n,
			   unsigned int shift, uint64_t base)
{
	uint64_t first = ((k[0].key - base) >> shift) & 0xff;
	size_t i;

	for (i = 1; i < n; i++)
		if ((((k[i].key - base) >> shift) & 0xff) != first)
			return false;
	return true;
}

int radix_sort(struct sort_key *k, size_t n)
{
	struct sort_key *tmp, *src = k, *dst;
	uint64_t lo = UINT64_MAX, hi = 0, span;
	unsigned int shift;
	size_t i;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++) {
		if (k[i].key < lo)
			lo = k[i].key;
		if (k[i].key > hi)
			hi = k[i].key;
	}
	span = hi - lo;
	tmp = exs_calloc(n, sizeof(*tmp));
	if (!tmp)
		return -1;
	dst = tmp;
	for (shift = 0; shift < 64 && (span >> shift); shift += 8) {
		struct sort_key *swap;

		if (constant_digit(src, n, shift, lo))
			continue;
		one_pass(src, dst, n, shift, lo);
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != k)
		memcpy(k, src, n * sizeof(*k));
	free(tmp);
	return 0;
}
