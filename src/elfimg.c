// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF access for exsort and excheck.  The file is opened read-only with
 * ELF_C_READ_MMAP; nothing here writes.  libelf validates the header and
 * the section header table against the file size; the section contents
 * are then read as raw bytes, each range checked with exs_range_ok().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfimg.h"
#include "util.h"

void exs_printable(char *s)
{
	/* names from the file may hold newlines or escape sequences:
	 * a message stays one harmless line */
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			*s = '?';
}

int elfimg_fail(struct elfimg *img, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(img->err, sizeof(img->err), fmt, ap);
	va_end(ap);
	exs_printable(img->err);
	return -1;
}

const char *elfimg_overlaps_headers(const struct elfimg *img, uint64_t off,
				    uint64_t size)
{
	size_t shentsize = img->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	uint64_t shoff = img->ehdr.e_shoff, shsize = img->shnum * shentsize;
	uint64_t phoff = img->ehdr.e_phoff;
	uint64_t phsize = (uint64_t)img->ehdr.e_phnum * img->ehdr.e_phentsize;
	size_t i;

	if (!size)
		return NULL;
	if (off < img->ehdr.e_ehsize)
		return "the ELF header";
	if (off < shoff + shsize && shoff < off + size)
		return "the section header table";
	/* program headers are not used: only a real table counts */
	if (phsize && exs_range_ok(phoff, phsize, img->size) &&
	    off < phoff + phsize && phoff < off + size)
		return "the program header table";
	for (i = 1; i < img->shnum; i++) {
		const GElf_Shdr *sh = &img->shdr[i];

		if ((sh->sh_type != SHT_SYMTAB && sh->sh_type != SHT_STRTAB &&
		     sh->sh_type != SHT_SYMTAB_SHNDX) || !sh->sh_size)
			continue;
		if (off < sh->sh_offset + sh->sh_size && sh->sh_offset < off + size)
			return img->secname[i];
	}
	return NULL;
}

static int fail_elf(struct elfimg *img, const char *what)
{
	return elfimg_fail(img, "%s: %s", what, elf_errmsg(-1));
}

static int cmp_range(const void *a, const void *b)
{
	const struct addr_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	return 0;
}

/* Collect SHF_ALLOC|SHF_EXECINSTR sections, sorted by address. */
static int collect_exec(struct elfimg *img)
{
	size_t i, n = 0;

	img->exec = exs_calloc(img->shnum, sizeof(*img->exec));
	if (!img->exec)
		return elfimg_fail(img, "out of memory");
	for (i = 1; i < img->shnum; i++) {
		const GElf_Shdr *sh = &img->shdr[i];
		uint64_t end = (sh->sh_addr + sh->sh_size) & img->addr_mask;

		if ((sh->sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
		    (SHF_ALLOC | SHF_EXECINSTR) || sh->sh_size == 0)
			continue;
		if (end < sh->sh_addr && end != 0)
			continue;	/* wraps: not a real text section */
		img->exec[n].start = sh->sh_addr;
		img->exec[n].end = end ? end : img->addr_mask;
		img->exec[n].shndx = i;
		n++;
	}
	qsort(img->exec, n, sizeof(*img->exec), cmp_range);
	img->nexec = n;
	return 0;
}

static int check_ident(struct elfimg *img)
{
	const unsigned char *id = img->ehdr.e_ident;

	if (id[EI_DATA] != ELFDATA2LSB && id[EI_DATA] != ELFDATA2MSB)
		return elfimg_fail(img, "unknown ELF data encoding %u",
				   id[EI_DATA]);
	if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
		return elfimg_fail(img, "unknown ELF class %u", id[EI_CLASS]);
	img->msb = id[EI_DATA] == ELFDATA2MSB;
	img->is64 = id[EI_CLASS] == ELFCLASS64;
	img->addr_mask = img->is64 ? UINT64_MAX : UINT32_MAX;
	return 0;
}

static int read_section_headers(struct elfimg *img)
{
	size_t shentsize = img->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
	size_t i;

	if (elf_getshdrnum(img->elf, &img->shnum) != 0)
		return fail_elf(img, "bad section count");
	if (img->shnum == 0)
		return elfimg_fail(img, "no section headers");
	if (img->ehdr.e_shentsize != shentsize)
		return elfimg_fail(img, "section header size %u, expected %zu",
				   img->ehdr.e_shentsize, shentsize);
	if (img->shnum > img->size / shentsize ||
	    !exs_range_ok(img->ehdr.e_shoff, img->shnum * shentsize, img->size))
		return elfimg_fail(img, "section header table (%zu entries at 0x%llx) extends past the end of the file",
				   img->shnum,
				   (unsigned long long)img->ehdr.e_shoff);
	if (elf_getshdrstrndx(img->elf, &img->shstrndx) != 0)
		return fail_elf(img, "bad section name table index");
	if (img->shstrndx >= img->shnum)
		return elfimg_fail(img, "section name table index %zu out of range (%zu sections)",
				   img->shstrndx, img->shnum);

	img->shdr = exs_calloc(img->shnum, sizeof(*img->shdr));
	img->secname = exs_calloc(img->shnum, sizeof(*img->secname));
	img->owned = exs_calloc(img->shnum, sizeof(*img->owned));
	if (!img->shdr || !img->secname || !img->owned)
		return elfimg_fail(img, "out of memory");
	for (i = 0; i < img->shnum; i++) {
		Elf_Scn *scn = elf_getscn(img->elf, i);
		const char *name;

		if (!scn || !gelf_getshdr(scn, &img->shdr[i]))
			return elfimg_fail(img, "section %zu: bad header: %s", i,
					   elf_errmsg(-1));
		name = i ? elf_strptr(img->elf, img->shstrndx,
				      img->shdr[i].sh_name) : NULL;
		if (i && !name)
			return elfimg_fail(img, "section %zu: name offset 0x%x out of range",
					   i, img->shdr[i].sh_name);
		img->secname[i] = name ? name : "";
		if (name && name[strcspn(name, "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f")]) {
			char *copy = strdup(name);

			if (!copy)
				return elfimg_fail(img, "out of memory");
			exs_printable(copy);
			img->secname[i] = copy;
			img->owned[i] = copy;
		}
	}
	return 0;
}

static int open_common(struct elfimg *img)
{
	const char *raw;

	if (!img->elf)
		return fail_elf(img, "cannot read ELF");
	if (elf_kind(img->elf) != ELF_K_ELF)
		return elfimg_fail(img, "not an ELF file");
	raw = elf_rawfile(img->elf, &img->size);
	if (!raw)
		return fail_elf(img, "cannot map file");
	img->image = (const unsigned char *)raw;
	if (!gelf_getehdr(img->elf, &img->ehdr))
		return fail_elf(img, "bad ELF header");
	if (check_ident(img) || read_section_headers(img) || collect_exec(img))
		return -1;
	img->symtab = 0;
	for (size_t i = 1; i < img->shnum; i++) {
		if (img->shdr[i].sh_type == SHT_SYMTAB) {
			img->symtab = i;
			break;
		}
	}
	return 0;
}

void elfimg_global_init(void)
{
	elf_version(EV_CURRENT);
}

static void init_img(struct elfimg *img, const char *path)
{
	memset(img, 0, sizeof(*img));
	img->path = path;
}

int elfimg_open_fd(struct elfimg *img, const char *path, int fd)
{
	init_img(img, path);
	img->elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	return open_common(img);
}

int elfimg_open_mem(struct elfimg *img, const char *path,
		    const void *buf, size_t size)
{
	init_img(img, path);
	/* elf_memory takes a non-const pointer but only reads with READ_MMAP */
	img->elf = elf_memory((char *)buf, size);
	return open_common(img);
}

void elfimg_close(struct elfimg *img)
{
	if (img->elf)
		elf_end(img->elf);
	for (size_t i = 0; img->owned && i < img->shnum; i++)
		free(img->owned[i]);
	free(img->owned);
	free(img->shdr);
	free(img->secname);
	free(img->exec);
	img->elf = NULL;
	img->shdr = NULL;
	img->secname = NULL;
	img->owned = NULL;
	img->exec = NULL;
}

size_t elfimg_find_section(const struct elfimg *img, const char *name)
{
	size_t i;

	for (i = 1; i < img->shnum; i++)
		if (strcmp(img->secname[i], name) == 0)
			return i;
	return 0;
}

int elfimg_section_in_file(struct elfimg *img, size_t shndx)
{
	const GElf_Shdr *sh = &img->shdr[shndx];

	if (sh->sh_type == SHT_NOBITS ||
	    exs_range_ok(sh->sh_offset, sh->sh_size, img->size))
		return 0;
	return elfimg_fail(img, "section %s (offset 0x%llx, size 0x%llx) extends past the end of the file",
			   img->secname[shndx],
			   (unsigned long long)sh->sh_offset,
			   (unsigned long long)sh->sh_size);
}

int elfimg_bytes(struct elfimg *img, size_t shndx,
		 const unsigned char **p, size_t *size)
{
	const GElf_Shdr *sh;

	if (shndx == 0 || shndx >= img->shnum)
		return elfimg_fail(img, "section index %zu out of range", shndx);
	sh = &img->shdr[shndx];
	if (sh->sh_type == SHT_NOBITS)
		return elfimg_fail(img, "section %s has no data in the file",
				   img->secname[shndx]);
	if (sh->sh_flags & SHF_COMPRESSED)
		return elfimg_fail(img, "section %s is compressed",
				   img->secname[shndx]);
	if (elfimg_section_in_file(img, shndx))
		return -1;
	*p = img->image + sh->sh_offset;
	*size = sh->sh_size;
	return 0;
}

size_t elfimg_exec_section(struct elfimg *img, uint64_t addr)
{
	size_t lo = 0, hi = img->nexec, c;

	/* insn and fixup of neighbouring entries fall in the same two
	 * sections, mostly */
	for (c = 0; c < 2; c++) {
		const struct addr_range *r = img->exec_last[c];

		if (r && addr >= r->start && addr < r->end)
			return r->shndx;
	}
	/* ranges starting at or below addr are exec[0..lo) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (img->exec[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* nearest first; sections overlap rarely, so this ends early */
	while (lo > 0) {
		const struct addr_range *r = &img->exec[--lo];

		if (addr < r->end) {
			img->exec_last[1] = img->exec_last[0];
			img->exec_last[0] = r;
			return r->shndx;
		}
	}
	return 0;
}

static int open_symtab(struct elfimg *img, struct elf_symtab *v)
{
	const GElf_Shdr *sh = &img->shdr[img->symtab];
	size_t entsize = img->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
	const unsigned char *raw;
	size_t i;

	if (sh->sh_entsize != entsize)
		return elfimg_fail(img, ".symtab entry size %llu, expected %zu",
				   (unsigned long long)sh->sh_entsize, entsize);
	if (sh->sh_link == 0 || sh->sh_link >= img->shnum ||
	    img->shdr[sh->sh_link].sh_type != SHT_STRTAB)
		return elfimg_fail(img, ".symtab links to section %u, not a string table",
				   sh->sh_link);
	if (elfimg_bytes(img, img->symtab, &raw, &v->count) ||
	    elfimg_bytes(img, sh->sh_link, &v->str, &v->strsize))
		return -1;
	v->count /= entsize;
	v->syms = elf_getdata(elf_getscn(img->elf, img->symtab), NULL);
	if (!v->syms)
		return fail_elf(img, "cannot read .symtab");
	if (v->syms->d_size / entsize < v->count)
		v->count = v->syms->d_size / entsize;
	for (i = 1; i < img->shnum; i++) {
		if (img->shdr[i].sh_type == SHT_SYMTAB_SHNDX &&
		    img->shdr[i].sh_link == img->symtab) {
			v->xndx = elf_getdata(elf_getscn(img->elf, i), NULL);
			if (!v->xndx)
				return fail_elf(img, "cannot read .symtab_shndx");
			break;
		}
	}
	return 0;
}

const struct elf_symtab *elfimg_symtab(struct elfimg *img)
{
	if (!img->symtab)
		return NULL;
	if (!img->symview.syms && open_symtab(img, &img->symview)) {
		img->symview.syms = NULL;
		img->symview.count = 0;
		return NULL;
	}
	return &img->symview;
}

int elfimg_symbol(struct elfimg *img, size_t i, GElf_Sym *sym,
		  size_t *shndx, const char **name)
{
	const struct elf_symtab *v = elfimg_symtab(img);

	if (!v)
		return img->symtab ? -1 : elfimg_fail(img, "no symbol table");
	if (i >= v->count || !gelf_getsym(v->syms, (int)i, sym))
		return elfimg_fail(img, "symbol index %zu out of range", i);
	*name = sym->st_name < v->strsize &&
		memchr(v->str + sym->st_name, 0, v->strsize - sym->st_name) ?
		(const char *)v->str + sym->st_name : "";
	if (sym->st_shndx != SHN_XINDEX) {
		*shndx = sym->st_shndx;
		return 0;
	}
	if (!v->xndx || v->xndx->d_size / sizeof(Elf32_Word) <= i)
		return elfimg_fail(img, "symbol %zu: SHN_XINDEX without a .symtab_shndx entry",
				   i);
	*shndx = ((const Elf32_Word *)v->xndx->d_buf)[i];
	return 0;
}

int elfimg_find_symbol(struct elfimg *img, const char *name,
		       GElf_Sym *sym, size_t *shndx)
{
	const struct elf_symtab *v;
	size_t len = strlen(name), i;

	if (!img->symtab)
		return 0;
	v = elfimg_symtab(img);
	if (!v)
		return -1;
	for (i = 1; i < v->count; i++) {
		const char *n;

		if (!gelf_getsym(v->syms, (int)i, sym))
			return fail_elf(img, "bad symbol");
		/* cheap test first: most names differ in the first bytes */
		if (sym->st_name >= v->strsize ||
		    v->strsize - sym->st_name <= len ||
		    memcmp(v->str + sym->st_name, name, len + 1) != 0 ||
		    sym->st_shndx == SHN_UNDEF)
			continue;
		return elfimg_symbol(img, i, sym, shndx, &n) ? -1 : 1;
	}
	return 0;
}

int elfimg_addr_offset(struct elfimg *img, size_t shndx, uint64_t addr,
		       uint64_t len, uint64_t *off)
{
	const GElf_Shdr *sh;

	if (shndx == 0 || shndx >= img->shnum)
		return elfimg_fail(img, "section index %zu out of range", shndx);
	sh = &img->shdr[shndx];
	if (sh->sh_type == SHT_NOBITS)
		return elfimg_fail(img, "address 0x%llx is in %s, which has no data in the file",
				   (unsigned long long)addr, img->secname[shndx]);
	if (addr < sh->sh_addr ||
	    !exs_range_ok(addr - sh->sh_addr, len, sh->sh_size))
		return elfimg_fail(img, "address 0x%llx is outside section %s",
				   (unsigned long long)addr, img->secname[shndx]);
	*off = sh->sh_offset + (addr - sh->sh_addr);
	if (!exs_range_ok(*off, len, img->size))
		return elfimg_fail(img, "address 0x%llx maps past the end of the file",
				   (unsigned long long)addr);
	return 0;
}

static const struct {
	unsigned int machine;
	const char *name;
} machine_names[] = {
	{ EM_386, "i386" },		{ EM_X86_64, "x86-64" },
	{ EM_AARCH64, "aarch64" },	{ EM_ARM, "arm" },
	{ EM_PPC, "powerpc" },		{ EM_PPC64, "powerpc64" },
	{ EM_S390, "s390" },		{ EM_RISCV, "riscv" },
	{ 258, "loongarch" },		{ EM_PARISC, "parisc" },
	{ EM_MIPS, "mips" },		{ EM_SPARC, "sparc" },
	{ EM_SPARC32PLUS, "sparc32plus" }, { EM_SPARCV9, "sparc64" },
	{ EM_ALPHA, "alpha" },		{ 0x9026, "alpha" },
	{ EM_IA_64, "ia64" },		{ EM_ARC_COMPACT, "arc" },
	{ 195, "arcv2" },		{ EM_XTENSA, "xtensa" },
	{ EM_MICROBLAZE, "microblaze" }, { EM_SH, "sh" },
	{ EM_68K, "m68k" },		{ 252, "csky" },
	{ EM_OPENRISC, "openrisc" },	{ 113, "nios2" },
	{ 164, "hexagon" },
};

const char *elfimg_machine_name(unsigned int machine)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(machine_names); i++)
		if (machine_names[i].machine == machine)
			return machine_names[i].name;
	return NULL;
}
