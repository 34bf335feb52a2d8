// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keys are taken relative to the smallest one, so a kernel's addresses,
 * which span well under 2^33, need three 11-bit passes instead of six;
 * a pass whose digit is the same for every key is skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "radix.h"
#include "util.h"

#define DIGIT_BITS 11
#define DIGITS (1u << DIGIT_BITS)
#define DIGIT(key, base, shift) ((((key) - (base)) >> (shift)) & (DIGITS - 1))

static void one_pass(const struct sort_key *src, struct sort_key *dst,
		     size_t n, unsigned int shift, uint64_t base)
{
	size_t count[DIGITS] = { 0 }, pos[DIGITS], i, sum = 0;

	for (i = 0; i < n; i++)
		count[DIGIT(src[i].key, base, shift)]++;
	for (i = 0; i < DIGITS; i++) {
		pos[i] = sum;
		sum += count[i];
	}
	for (i = 0; i < n; i++)
		dst[pos[DIGIT(src[i].key, base, shift)]++] = src[i];
}

/* Is digit @shift the same for every key? */
static bool constant_digit(const struct sort_key *k, size_t n,
			   unsigned int shift, uint64_t base)
{
	uint64_t first = DIGIT(k[0].key, base, shift);
	size_t i;

	for (i = 1; i < n; i++)
		if (DIGIT(k[i].key, base, shift) != first)
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
	for (shift = 0; shift < 64 && (span >> shift); shift += DIGIT_BITS) {
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
