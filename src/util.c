// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "util.h"

void *exs_calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}
