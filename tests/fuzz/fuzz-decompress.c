// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for the unpacking of compressed modules and boot
 * images: packing_of(), decompress() (gzip, xz, bzip2, zstd) and
 * bzimage_payload(), the latter's payload unpacked as excheck does.
 *
 * The input is the file itself.  Beyond the sanitizers, the harness
 * aborts when output exceeds the limit, a failure has no message, or a
 * bzImage payload lies outside the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decompress.h"
#include "util.h"

/* small enough for fast runs, large enough to need several buffers */
#define LIMIT ((size_t)8 << 20)

static void unpack(const unsigned char *p, size_t n)
{
	unsigned char *out = NULL;
	size_t outlen = 0;
	char err[256] = "";

	if (decompress(p, n, LIMIT, &out, &outlen, err, sizeof(err)) == 0) {
		if (outlen > LIMIT || (!out && outlen)) {
			fprintf(stderr, "fuzz-decompress: %zu bytes out, limit %zu\n",
				outlen, LIMIT);
			abort();
		}
		free(out);
	} else if (!err[0]) {
		fprintf(stderr, "fuzz-decompress: failure without a message\n");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off, len;

	unpack(data, size);
	if (bzimage_payload(data, size, &off, &len)) {
		if (!exs_range_ok(off, len, size)) {
			fprintf(stderr, "fuzz-decompress: payload %zu+%zu outside %zu bytes\n",
				off, len, size);
			abort();
		}
		if (packing_of(data + off, len) != PACK_NONE)
			unpack(data + off, len);
	}
	return 0;
}
