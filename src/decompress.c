// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gzip through zlib and xz through liblzma, both of which elfutils
 * already brings; bzip2 and zstd when configure found their libraries.
 * Output grows in steps up to a caller's limit, so a small file that
 * claims to unpack to terabytes costs no more than the limit.
 */
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#ifdef HAVE_BZLIB_H
#include <bzlib.h>
#endif
#ifdef HAVE_ZSTD_H
#include <zstd.h>
#endif

#include "decompress.h"
#include "util.h"

enum packing packing_of(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8)
		return PACK_GZIP;
	if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0)
		return PACK_XZ;
	if (n >= 3 && memcmp(p, "BZh", 3) == 0)
		return PACK_BZIP2;
	if (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return PACK_ZSTD;
	if (n >= 4 && (memcmp(p, "\x02\x21\x4c\x18", 4) == 0 ||	/* lz4 */
		       memcmp(p, "\x89LZO", 4) == 0 ||
		       memcmp(p, "\x5d\x00\x00", 3) == 0))	/* lzma */
		return PACK_OTHER;
	return PACK_NONE;
}

/* A growing output buffer. */
struct outbuf {
	unsigned char *p;
	size_t len, cap, limit;
};

/* Make room for more output; -1 when the limit is reached. */
static int grow(struct outbuf *o)
{
	size_t cap = o->cap ? o->cap * 2 : 1 << 20;
	unsigned char *np;

	if (o->cap >= o->limit)
		return -1;
	if (cap > o->limit)
		cap = o->limit;
	np = realloc(o->p, cap);
	if (!np)
		return -1;
	o->p = np;
	o->cap = cap;
	return 0;
}

static int gunzip(const unsigned char *in, size_t n, struct outbuf *o)
{
	z_stream z;
	int r = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)in;
	while (r != Z_STREAM_END) {
		size_t chunk = n - (size_t)((const unsigned char *)z.next_in - in);

		if (o->len == o->cap && grow(o))
			break;
		z.avail_in = chunk > UINT32_MAX ? UINT32_MAX : (uInt)chunk;
		z.next_out = o->p + o->len;
		z.avail_out = (uInt)(o->cap - o->len > UINT32_MAX ?
				     UINT32_MAX : o->cap - o->len);
		r = inflate(&z, Z_NO_FLUSH);
		o->len = (size_t)(z.next_out - o->p);
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
			break;
		if (r == Z_BUF_ERROR && z.avail_in == 0)
			break;	/* truncated */
	}
	inflateEnd(&z);
	return r == Z_STREAM_END ? 0 : -1;
}

static int unxz(const unsigned char *in, size_t n, struct outbuf *o)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret r = LZMA_OK;

	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return -1;
	s.next_in = in;
	s.avail_in = n;
	while (r == LZMA_OK) {
		if (o->len == o->cap && grow(o))
			break;
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		r = lzma_code(&s, s.avail_in ? LZMA_RUN : LZMA_FINISH);
		o->len = (size_t)(s.next_out - o->p);
	}
	lzma_end(&s);
	return r == LZMA_STREAM_END ? 0 : -1;
}

#ifdef HAVE_BZLIB_H
static int bunzip2(const unsigned char *in, size_t n, struct outbuf *o)
{
	bz_stream s;
	int r = BZ_OK;

	memset(&s, 0, sizeof(s));
	if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
		return -1;
	s.next_in = (char *)in;
	s.avail_in = n > UINT32_MAX ? UINT32_MAX : (unsigned int)n;
	while (r == BZ_OK) {
		if (o->len == o->cap && grow(o))
			break;
		s.next_out = (char *)o->p + o->len;
		s.avail_out = (unsigned int)(o->cap - o->len > UINT32_MAX ?
					     UINT32_MAX : o->cap - o->len);
		r = BZ2_bzDecompress(&s);
		o->len = (size_t)((unsigned char *)s.next_out - o->p);
		if (r == BZ_OK && s.avail_in == 0 && s.avail_out)
			break;	/* truncated */
	}
	BZ2_bzDecompressEnd(&s);
	return r == BZ_STREAM_END ? 0 : -1;
}
#endif

#ifdef HAVE_ZSTD_H
static int unzstd(const unsigned char *in, size_t n, struct outbuf *o)
{
	ZSTD_DStream *d = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, n, 0 };
	size_t r = 1;

	if (!d)
		return -1;
	while (r != 0) {
		ZSTD_outBuffer ob;

		if (o->len == o->cap && grow(o))
			break;
		ob = (ZSTD_outBuffer){ o->p, o->cap, o->len };
		r = ZSTD_decompressStream(d, &ob, &ib);
		o->len = ob.pos;
		if (ZSTD_isError(r) || (ib.pos == ib.size && ob.pos < ob.size &&
					r != 0))
			break;
	}
	ZSTD_freeDStream(d);
	return r == 0 ? 0 : -1;
}
#endif

int decompress(const unsigned char *in, size_t n, size_t limit,
	       unsigned char **out, size_t *outlen, char *err, size_t errlen)
{
	struct outbuf o = { .limit = limit };
	int r = -1;

	switch (packing_of(in, n)) {
	case PACK_GZIP:
		r = gunzip(in, n, &o);
		break;
	case PACK_XZ:
		r = unxz(in, n, &o);
		break;
	case PACK_BZIP2:
#ifdef HAVE_BZLIB_H
		r = bunzip2(in, n, &o);
		break;
#else
		snprintf(err, errlen, "bzip2 data, but this excheck was built without libbz2");
		return -1;
#endif
	case PACK_ZSTD:
#ifdef HAVE_ZSTD_H
		r = unzstd(in, n, &o);
		break;
#else
		snprintf(err, errlen, "zstd data, but this excheck was built without libzstd");
		return -1;
#endif
	default:
		snprintf(err, errlen, "compressed in a format excheck does not read");
		return -1;
	}
	if (r) {
		free(o.p);
		if (o.cap >= o.limit)
			snprintf(err, errlen, "unpacks to more than %zu MiB", limit >> 20);
		else
			snprintf(err, errlen, "compressed data is damaged or truncated");
		return -1;
	}
	*out = o.p;
	*outlen = o.len;
	return 0;
}

int bzimage_payload(const unsigned char *p, size_t n, size_t *off, size_t *len)
{
	size_t setup;
	uint32_t poff, plen;

	/* boot protocol 2.08+: "HdrS" at 0x202, payload at 0x248/0x24c */
	if (n < 0x250 || memcmp(p + 0x202, "HdrS", 4) != 0 ||
	    exs_get(p + 0x206, 2, false) < 0x208)
		return 0;
	setup = (p[0x1f1] ? p[0x1f1] : 4) + 1;
	poff = (uint32_t)exs_get(p + 0x248, 4, false);
	plen = (uint32_t)exs_get(p + 0x24c, 4, false);
	if (!exs_range_ok(setup * 512, 0, n) ||
	    !exs_range_ok(setup * 512 + poff, plen, n))
		return 0;
	*off = setup * 512 + poff;
	*len = plen;
	return 1;
}
