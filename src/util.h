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
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* True when [off, off + len) lies inside [0, limit), without overflow. */
static inline bool exs_range_ok(uint64_t off, uint64_t len, uint64_t limit)
{
	return off <= limit && len <= limit - off;
}

/* Host byte order, for choosing when to swap. */
#define EXS_HOST_MSB (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)

/* Read an unsigned @size-byte value (1, 2, 4 or 8) in byte order @msb. */
static inline uint64_t exs_get(const unsigned char *p, unsigned int size,
			       bool msb)
{
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		return p[0];
	case 2:
		memcpy(&v16, p, 2);
		return msb == EXS_HOST_MSB ? v16 : __builtin_bswap16(v16);
	case 4:
		memcpy(&v32, p, 4);
		return msb == EXS_HOST_MSB ? v32 : __builtin_bswap32(v32);
	default:
		memcpy(&v64, p, 8);
		return msb == EXS_HOST_MSB ? v64 : __builtin_bswap64(v64);
	}
}

static inline void exs_put(unsigned char *p, unsigned int size, bool msb,
			   uint64_t v)
{
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	switch (size) {
	case 1:
		p[0] = (unsigned char)v;
		break;
	case 2:
		if (msb != EXS_HOST_MSB)
			v16 = __builtin_bswap16(v16);
		memcpy(p, &v16, 2);
		break;
	case 4:
		if (msb != EXS_HOST_MSB)
			v32 = __builtin_bswap32(v32);
		memcpy(p, &v32, 4);
		break;
	default:
		if (msb != EXS_HOST_MSB)
			v = __builtin_bswap64(v);
		memcpy(p, &v, 8);
		break;
	}
}

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
