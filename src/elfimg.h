/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Read-only access to one ELF file.  libelf parses the headers; every
 * byte the library reads itself comes from the raw image through
 * elfimg_bytes(), which checks the range against the file size.
 */
#ifndef EXS_ELFIMG_H
#define EXS_ELFIMG_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct addr_range {
	uint64_t start, end;	/* [start, end) */
	size_t shndx;
};

struct elfimg {
	const char *path;	/* for messages only */
	Elf *elf;
	const unsigned char *image;	/* the whole file */
	size_t size;
	GElf_Ehdr ehdr;
	bool msb;		/* big-endian data */
	bool is64;
	uint64_t addr_mask;	/* 0xffffffff for ELFCLASS32 */
	size_t shnum;
	size_t shstrndx;
	GElf_Shdr *shdr;	/* shnum entries */
	const char **secname;	/* shnum entries, never NULL */
	struct addr_range *exec;	/* executable sections by address */
	size_t nexec;
	size_t symtab;		/* index of SHT_SYMTAB, 0 = none */
	char err[512];
};

int elfimg_open_fd(struct elfimg *img, const char *path, int fd);
int elfimg_open_mem(struct elfimg *img, const char *path,
		    const void *buf, size_t size);
void elfimg_close(struct elfimg *img);

/* Record a message in img->err; always returns -1. */
int elfimg_fail(struct elfimg *img, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

size_t elfimg_find_section(const struct elfimg *img, const char *name);
int elfimg_bytes(struct elfimg *img, size_t shndx,
		 const unsigned char **p, size_t *size);
size_t elfimg_exec_section(const struct elfimg *img, uint64_t addr);

/*
 * Look up a defined symbol by name in .symtab.  Returns 1 if found, 0 if
 * not, -1 on a malformed symbol table; *shndx resolves SHN_XINDEX.
 */
int elfimg_find_symbol(struct elfimg *img, const char *name,
		       GElf_Sym *sym, size_t *shndx);

/* File offset of @len bytes at address @addr inside section @shndx. */
int elfimg_addr_offset(struct elfimg *img, size_t shndx, uint64_t addr,
		       uint64_t len, uint64_t *off);

/* Name for e_machine, or NULL. */
const char *elfimg_machine_name(unsigned int machine);

#endif
