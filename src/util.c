// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "util.h"

uint64_t exs_get(const unsigned char *p, unsigned int size, bool msb)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++) {
		unsigned int b = msb ? i : size - 1 - i;

		v = (v << 8) | p[b];
	}
	return v;
}

void exs_put(unsigned char *p, unsigned int size, bool msb, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < size; i++) {
		unsigned int b = msb ? size - 1 - i : i;

		p[b] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
}

void *exs_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}
