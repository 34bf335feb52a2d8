// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfpoke - read and patch single fields of an ELF file, for make.sh in
 * this directory.  libc only (no libelf, no <elf.h>): it must be able to
 * write what a real ELF library refuses to read.  ELF32/ELF64 and both
 * byte orders, following e_ident.  Every number is printed in decimal.
 *
 *   elfpoke FILE ehdr FIELD [VALUE]
 *   elfpoke FILE shdr SEC FIELD [VALUE]       SEC: index or section name
 *   elfpoke FILE index SEC                    the section's index
 *   elfpoke FILE phdr N FIELD [VALUE]
 *   elfpoke FILE sym SEC IDX FIELD [VALUE]    IDX: index or symbol name
 *   elfpoke FILE rel SEC IDX FIELD [VALUE]    FIELD: offset info addend
 *                                             sym type (generic r_info)
 *   elfpoke FILE u8|u16|u32|u64 OFFSET [VALUE]  raw, in the file's order
 *   elfpoke FILE find HEXBYTES                offset of the first match
 *   elfpoke FILE btf                          one line per .BTF type:
 *                                             ID FILEOFF KIND VLEN NAME
 *   elfpoke FILE cutsec SEC KEEP              move SEC's data to the end
 *       of the file and cut the file KEEP bytes into it: the headers
 *       stay valid, only that section is truncated.
 *
 * VALUE is read with strtoull(base 0), so -1 is all ones.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *path;
static unsigned char *img;
static size_t size;
static int is64, msb;

static void die(const char *msg)
{
	fprintf(stderr, "elfpoke: %s: %s\n", path, msg);
	exit(1);
}

static uint64_t get(size_t off, int n)
{
	uint64_t v = 0;
	int i;

	if (off > size || (size_t)n > size - off)
		die("read past the end of the file");
	for (i = 0; i < n; i++)
		v |= (uint64_t)img[off + (msb ? (size_t)(n - 1 - i) : (size_t)i)]
		     << (8 * i);
	return v;
}

static void put(size_t off, int n, uint64_t v)
{
	int i;

	if (off > size || (size_t)n > size - off)
		die("write past the end of the file");
	for (i = 0; i < n; i++)
		img[off + (msb ? (size_t)(n - 1 - i) : (size_t)i)] =
			(unsigned char)(v >> (8 * i));
}

struct field {
	const char *name;
	int off32, size32, off64, size64;
};

static const struct field ehdr_f[] = {
	{ "type", 16, 2, 16, 2 },	{ "machine", 18, 2, 18, 2 },
	{ "version", 20, 4, 20, 4 },	{ "entry", 24, 4, 24, 8 },
	{ "phoff", 28, 4, 32, 8 },	{ "shoff", 32, 4, 40, 8 },
	{ "flags", 36, 4, 48, 4 },	{ "ehsize", 40, 2, 52, 2 },
	{ "phentsize", 42, 2, 54, 2 },	{ "phnum", 44, 2, 56, 2 },
	{ "shentsize", 46, 2, 58, 2 },	{ "shnum", 48, 2, 60, 2 },
	{ "shstrndx", 50, 2, 62, 2 },	{ "class", 4, 1, 4, 1 },
	{ "data", 5, 1, 5, 1 },		{ "ident_version", 6, 1, 6, 1 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct field shdr_f[] = {
	{ "name", 0, 4, 0, 4 },		{ "type", 4, 4, 4, 4 },
	{ "flags", 8, 4, 8, 8 },	{ "addr", 12, 4, 16, 8 },
	{ "offset", 16, 4, 24, 8 },	{ "size", 20, 4, 32, 8 },
	{ "link", 24, 4, 40, 4 },	{ "info", 28, 4, 44, 4 },
	{ "addralign", 32, 4, 48, 8 },	{ "entsize", 36, 4, 56, 8 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct field phdr_f[] = {
	{ "type", 0, 4, 0, 4 },		{ "offset", 4, 4, 8, 8 },
	{ "vaddr", 8, 4, 16, 8 },	{ "paddr", 12, 4, 24, 8 },
	{ "filesz", 16, 4, 32, 8 },	{ "memsz", 20, 4, 40, 8 },
	{ "flags", 24, 4, 4, 4 },	{ "align", 28, 4, 48, 8 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct field sym_f[] = {
	{ "name", 0, 4, 0, 4 },		{ "value", 4, 4, 8, 8 },
	{ "size", 8, 4, 16, 8 },	{ "info", 12, 1, 4, 1 },
	{ "other", 13, 1, 5, 1 },	{ "shndx", 14, 2, 6, 2 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct field rel_f[] = {
	{ "offset", 0, 4, 0, 8 },	{ "info", 4, 4, 8, 8 },
	{ "addend", 8, 4, 16, 8 },
	{ NULL, 0, 0, 0, 0 },
};

static const struct field *field(const struct field *t, const char *name)
{
	for (; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	die("unknown field");
	return NULL;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die("bad number");
	return v;
}

static uint64_t eh(const char *name)
{
	const struct field *f = field(ehdr_f, name);

	return get((size_t)(is64 ? f->off64 : f->off32),
		   is64 ? f->size64 : f->size32);
}

static size_t shdr_at(uint64_t i)
{
	uint64_t shoff = eh("shoff"), es = is64 ? 64 : 40;

	return (size_t)(shoff + i * es);
}

static uint64_t sh(uint64_t i, const char *name)
{
	const struct field *f = field(shdr_f, name);

	return get(shdr_at(i) + (size_t)(is64 ? f->off64 : f->off32),
		   is64 ? f->size64 : f->size32);
}

static uint64_t shnum(void)
{
	uint64_t n = eh("shnum");

	return n ? n : sh(0, "size");
}

static uint64_t shstrndx(void)
{
	uint64_t n = eh("shstrndx");

	return n == 0xffff ? sh(0, "link") : n;
}

/* NUL-terminated string at @off inside section @sec, or NULL. */
static const char *str_in(uint64_t sec, uint64_t off)
{
	uint64_t base = sh(sec, "offset"), len = sh(sec, "size");

	if (off >= len || base > size || len > size - base)
		return NULL;
	if (!memchr(img + base + off, 0, (size_t)(len - off)))
		return NULL;
	return (const char *)img + base + off;
}

static uint64_t section(const char *s)
{
	uint64_t i, n = shnum(), strndx = shstrndx();

	if (s[0] >= '0' && s[0] <= '9')
		return num(s);
	for (i = 1; i < n; i++) {
		const char *name = str_in(strndx, sh(i, "name"));

		if (name && strcmp(name, s) == 0)
			return i;
	}
	die("no such section");
	return 0;
}

static uint64_t symbol(uint64_t sec, const char *s)
{
	uint64_t es = is64 ? 24 : 16, n = sh(sec, "size") / es, i;
	uint64_t strsec = sh(sec, "link"), base = sh(sec, "offset");

	if (s[0] >= '0' && s[0] <= '9')
		return num(s);
	for (i = 1; i < n; i++) {
		const char *name = str_in(strsec, get((size_t)(base + i * es), 4));

		if (name && strcmp(name, s) == 0)
			return i;
	}
	die("no such symbol");
	return 0;
}

/* Print or set field @name of @t in the record at @base. */
static void access(const struct field *t, size_t base, const char *name,
		   const char *value)
{
	const struct field *f = field(t, name);
	size_t off = base + (size_t)(is64 ? f->off64 : f->off32);
	int n = is64 ? f->size64 : f->size32;

	if (value)
		put(off, n, num(value));
	else
		printf("%llu\n", (unsigned long long)get(off, n));
}

static void load(void)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die(strerror(errno));
	size = (size_t)n;
	img = malloc(size + 1);
	if (!img || fread(img, 1, size, f) != size)
		die("cannot read");
	fclose(f);
	if (size < 16 || memcmp(img, "\177ELF", 4))
		die("not ELF");
	is64 = img[4] == 2;
	msb = img[5] == 2;
}

static void save(size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(img, 1, len, f) != len || fclose(f))
		die("cannot write");
}

static void rel_access(uint64_t sec, uint64_t idx, const char *name,
		       const char *value)
{
	uint64_t es = sh(sec, "type") == 4 ? (is64 ? 24 : 12) : (is64 ? 16 : 8);
	size_t base = (size_t)(sh(sec, "offset") + idx * es);
	size_t ioff = base + (is64 ? 8 : 4);
	int w = is64 ? 8 : 4;
	uint64_t info = get(ioff, w);

	if (strcmp(name, "sym") && strcmp(name, "type")) {
		access(rel_f, base, name, value);
		return;
	}
	if (!value) {
		uint64_t v = strcmp(name, "sym") == 0 ?
			(is64 ? info >> 32 : info >> 8) :
			(is64 ? info & 0xffffffff : info & 0xff);
		printf("%llu\n", (unsigned long long)v);
		return;
	}
	if (strcmp(name, "sym") == 0)
		info = is64 ? (info & 0xffffffff) | (num(value) << 32) :
			      (info & 0xff) | (num(value) << 8);
	else
		info = is64 ? (info & ~(uint64_t)0xffffffff) | (num(value) & 0xffffffff) :
			      (info & ~(uint64_t)0xff) | (num(value) & 0xff);
	put(ioff, w, info);
}

static void find(const char *hex)
{
	unsigned char pat[256];
	size_t n = 0, i;

	while (hex[0] && hex[1] && n < sizeof(pat)) {
		unsigned int b;

		if (sscanf(hex, "%2x", &b) != 1)
			die("bad hex");
		pat[n++] = (unsigned char)b;
		hex += 2;
	}
	for (i = 0; n && i + n <= size; i++)
		if (memcmp(img + i, pat, n) == 0) {
			printf("%zu\n", i);
			return;
		}
	die("pattern not found");
}

static void btf(void)
{
	static const unsigned char fixed[20] = { 0, 4, 0, 12, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 4, 0, 0, 4, 0, 0 };
	static const unsigned char item[20] = { 0, 0, 0, 0, 12, 12, 8, 0, 0,
		0, 0, 0, 0, 8, 0, 12, 0, 0, 0, 12 };
	uint64_t sec = section(".BTF"), base = sh(sec, "offset");
	uint64_t hdr = get((size_t)base + 4, 4);
	uint64_t toff = base + hdr + get((size_t)base + 8, 4);
	uint64_t tlen = get((size_t)base + 12, 4);
	uint64_t soff = base + hdr + get((size_t)base + 16, 4);
	uint64_t off = 0, id = 0;

	while (off + 12 <= tlen) {
		uint64_t p = toff + off, nm = get((size_t)p, 4);
		uint64_t info = get((size_t)p + 4, 4);
		unsigned int kind = (info >> 24) & 0x1f, vlen = info & 0xffff;

		if (kind >= 20)
			die("unknown BTF kind");
		printf("%llu %llu %u %u %s\n", (unsigned long long)++id,
		       (unsigned long long)p, kind, vlen,
		       nm ? (const char *)img + soff + nm : "-");
		off += 12 + fixed[kind] + (uint64_t)vlen * item[kind];
	}
}

static void set_field(const struct field *t, size_t base, const char *name,
		      uint64_t v)
{
	const struct field *f = field(t, name);

	put(base + (size_t)(is64 ? f->off64 : f->off32),
	    is64 ? f->size64 : f->size32, v);
}

/*
 * Move section @sec's data to the end of the file, then cut the file so
 * that only @keep bytes of it remain: every header stays valid and only
 * that section is truncated.
 */
static void cutsec(uint64_t sec, uint64_t keep)
{
	uint64_t off = sh(sec, "offset"), len = sh(sec, "size");
	uint64_t at = ((uint64_t)size + 7) & ~(uint64_t)7;

	if (off > size || len > size - off || keep > len)
		die("bad cut");
	img = realloc(img, (size_t)(at + len));
	if (!img)
		die("out of memory");
	memset(img + size, 0, (size_t)(at - size));
	memcpy(img + at, img + off, (size_t)len);
	size = (size_t)(at + keep);
	set_field(shdr_f, shdr_at(sec), "offset", at);
	save(size);
}

int main(int argc, char **argv)
{
	const char *what;

	if (argc < 3) {
		fprintf(stderr, "usage: see the comment at the top of elfpoke.c\n");
		return 2;
	}
	path = argv[1];
	what = argv[2];
	load();
	if (strcmp(what, "ehdr") == 0 && argc >= 4) {
		access(ehdr_f, 0, argv[3], argc > 4 ? argv[4] : NULL);
	} else if (strcmp(what, "shdr") == 0 && argc >= 5) {
		access(shdr_f, shdr_at(section(argv[3])), argv[4],
		       argc > 5 ? argv[5] : NULL);
	} else if (strcmp(what, "phdr") == 0 && argc >= 5) {
		access(phdr_f, (size_t)(eh("phoff") + num(argv[3]) *
					(is64 ? 56 : 32)),
		       argv[4], argc > 5 ? argv[5] : NULL);
	} else if (strcmp(what, "sym") == 0 && argc >= 6) {
		uint64_t sec = section(argv[3]);

		access(sym_f, (size_t)(sh(sec, "offset") +
				       symbol(sec, argv[4]) * (is64 ? 24 : 16)),
		       argv[5], argc > 6 ? argv[6] : NULL);
	} else if (strcmp(what, "rel") == 0 && argc >= 6) {
		rel_access(section(argv[3]), num(argv[4]), argv[5],
			   argc > 6 ? argv[6] : NULL);
	} else if ((strcmp(what, "u8") == 0 || strcmp(what, "u16") == 0 ||
		    strcmp(what, "u32") == 0 || strcmp(what, "u64") == 0) &&
		   argc >= 4) {
		int n = what[1] == '8' ? 1 : what[1] == '1' ? 2 :
			what[1] == '3' ? 4 : 8;

		if (argc > 4)
			put((size_t)num(argv[3]), n, num(argv[4]));
		else
			printf("%llu\n",
			       (unsigned long long)get((size_t)num(argv[3]), n));
	} else if (strcmp(what, "find") == 0 && argc == 4) {
		find(argv[3]);
		return 0;
	} else if (strcmp(what, "index") == 0 && argc == 4) {
		printf("%llu\n", (unsigned long long)section(argv[3]));
		return 0;
	} else if (strcmp(what, "btf") == 0) {
		btf();
		return 0;
	} else if (strcmp(what, "cutsec") == 0 && argc == 5) {
		cutsec(section(argv[3]), num(argv[4]));
		return 0;
	} else {
		die("bad command");
	}
	if (argc > (strcmp(what, "ehdr") == 0 ? 4 : strcmp(what, "sym") == 0 ||
		    strcmp(what, "rel") == 0 ? 6 : what[0] == 'u' ? 4 : 5))
		save(size);
	return 0;
}
