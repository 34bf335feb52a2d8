/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers shared by the library: byte-order access to raw file
 * bytes, the one overflow-safe range check, and checked allocation.
 */
#ifndef EXS_UTIL_H
#define EXS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* True when [off, off + len) lies inside [0, limit), without overflow. */
static inline bool exs_range_ok(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

uint64_t exs_get(const unsigned char *p, unsigned int size, bool msb);
void exs_put(unsigned char *p, unsigned int size, bool msb, uint64_t v);

/* Sign-extend the low @bits bits of @v. */
static inline int64_t exs_sext(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ull << (bits - 1);

	if (bits >= 64)
		return (int64_t)v;
	v &= (1ull << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

/* calloc that refuses n * size overflow; NULL on failure. */
void *exs_calloc(size_t n, size_t size);

#endif
