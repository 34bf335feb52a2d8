/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compressed modules and boot images, unpacked into memory. */
#ifndef EXS_DECOMPRESS_H
#define EXS_DECOMPRESS_H

#include <stddef.h>

enum packing { PACK_NONE, PACK_GZIP, PACK_XZ, PACK_BZIP2, PACK_ZSTD,
	       PACK_OTHER };

/* How @p is compressed, judged by its magic bytes. */
enum packing packing_of(const unsigned char *p, size_t n);

/*
 * Unpack @in into a new buffer of at most @limit bytes.  -1 with a
 * message in @err if the data is damaged, too large, or its format is
 * not built in.
 */
int decompress(const unsigned char *in, size_t n, size_t limit,
	       unsigned char **out, size_t *outlen, char *err, size_t errlen);

/*
 * If @p is an x86 bzImage, find its compressed payload.  Returns 1 and
 * sets *off and *len, 0 if it is not one.
 */
int bzimage_payload(const unsigned char *p, size_t n, size_t *off,
		    size_t *len);

#endif
