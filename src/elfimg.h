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

/* The symbol table, its strings and its SHN_XINDEX table, once opened. */
struct elf_symtab {
	Elf_Data *syms;
	Elf_Data *xndx;
	const unsigned char *str;
	size_t strsize;
	size_t count;
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
	const struct addr_range *exec_last[2];	/* lookup cache */
	size_t symtab;		/* index of SHT_SYMTAB, 0 = none */
	struct elf_symtab symview;	/* see elfimg_symtab() */
	char **owned;		/* printable copies of names, to free */
	char err[512];
};

/* Once per process, before any file is opened (not thread-safe). */
void elfimg_global_init(void);
int elfimg_open_fd(struct elfimg *img, const char *path, int fd);
int elfimg_open_mem(struct elfimg *img, const char *path,
		    const void *buf, size_t size);
void elfimg_close(struct elfimg *img);

/* Replace control characters in @s, so it prints as one plain line. */
void exs_printable(char *s);

/*
 * What structure of the file [off, off + size) overlaps: the ELF
 * header, a header table, a symbol or string table; NULL if none.
 */
const char *elfimg_overlaps_headers(const struct elfimg *img, uint64_t off,
				    uint64_t size);

/* Record a message in img->err; always returns -1. */
int elfimg_fail(struct elfimg *img, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

size_t elfimg_find_section(const struct elfimg *img, const char *name);
/* -1 (with img->err) if section @shndx claims bytes past the end. */
int elfimg_section_in_file(struct elfimg *img, size_t shndx);
int elfimg_bytes(struct elfimg *img, size_t shndx,
		 const unsigned char **p, size_t *size);
size_t elfimg_exec_section(struct elfimg *img, uint64_t addr);

/*
 * Look up a defined symbol by name in .symtab.  Returns 1 if found, 0 if
 * not, -1 on a malformed symbol table; *shndx resolves SHN_XINDEX.
 */
int elfimg_find_symbol(struct elfimg *img, const char *name,
		       GElf_Sym *sym, size_t *shndx);

/* The symbol table, opened on first use; NULL if none or malformed. */
const struct elf_symtab *elfimg_symtab(struct elfimg *img);
/* Symbol @i with its real section index and its name ("" if bad). */
int elfimg_symbol(struct elfimg *img, size_t i, GElf_Sym *sym,
		  size_t *shndx, const char **name);

/* File offset of @len bytes at address @addr inside section @shndx. */
int elfimg_addr_offset(struct elfimg *img, size_t shndx, uint64_t addr,
		       uint64_t len, uint64_t *off);

/* Name for e_machine, or NULL. */
const char *elfimg_machine_name(unsigned int machine);

#endif
