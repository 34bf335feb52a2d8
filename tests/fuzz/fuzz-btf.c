// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness for the BTF reader alone: the input is the contents
 * of a .BTF section, which the harness wraps in a minimal linked ELF
 * (ELF header, .BTF, .shstrtab, section headers) in the host's byte
 * order, then asks btf_find_struct() for struct exception_table_entry
 * (and, if found, layout_from_type() for the layout it describes) and
 * for struct orc_entry, as the ORC sorter does.
 *
 * The BTF header's flags byte (offset 3) is unused by the reader; its
 * bit 0 picks an ELFCLASS32 wrapper (4-byte pointers) instead of
 * ELFCLASS64, so that both pointer sizes are reached.
 */
#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elfimg.h"
#include "layout.h"
#include "util.h"

static const char shstrtab[] = "\0.BTF\0.shstrtab";

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

/* ELF header, .BTF at 64, .shstrtab, then three section headers. */
#define WRAP(Ehdr, Shdr, cls, mach)					\
static unsigned char *wrap##cls(const uint8_t *btf, size_t n, size_t *len) \
{									\
	size_t btf_off = ALIGN8(sizeof(Ehdr));				\
	size_t str_off = btf_off + n;					\
	size_t sh_off = ALIGN8(str_off + sizeof(shstrtab));		\
	unsigned char *img;						\
	Ehdr *eh;							\
	Shdr sh[3];							\
									\
	*len = sh_off + sizeof(sh);					\
	img = calloc(1, *len);						\
	if (!img)							\
		return NULL;						\
	eh = (Ehdr *)img;						\
	memcpy(eh->e_ident, ELFMAG, SELFMAG);				\
	eh->e_ident[EI_CLASS] = ELFCLASS##cls;				\
	eh->e_ident[EI_DATA] = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ?	\
			       ELFDATA2MSB : ELFDATA2LSB;		\
	eh->e_ident[EI_VERSION] = EV_CURRENT;				\
	eh->e_type = ET_EXEC;						\
	eh->e_machine = (mach);						\
	eh->e_version = EV_CURRENT;					\
	eh->e_shoff = sh_off;						\
	eh->e_ehsize = sizeof(Ehdr);					\
	eh->e_shentsize = sizeof(Shdr);					\
	eh->e_shnum = 3;						\
	eh->e_shstrndx = 2;						\
	memset(sh, 0, sizeof(sh));					\
	sh[1].sh_name = 1;						\
	sh[1].sh_type = SHT_PROGBITS;					\
	sh[1].sh_offset = btf_off;					\
	sh[1].sh_size = n;						\
	sh[1].sh_addralign = 4;						\
	sh[2].sh_name = 6;						\
	sh[2].sh_type = SHT_STRTAB;					\
	sh[2].sh_offset = str_off;					\
	sh[2].sh_size = sizeof(shstrtab);				\
	sh[2].sh_addralign = 1;						\
	if (n)								\
		memcpy(img + btf_off, btf, n);				\
	memcpy(img + str_off, shstrtab, sizeof(shstrtab));		\
	memcpy(img + sh_off, sh, sizeof(sh));				\
	return img;							\
}

WRAP(Elf64_Ehdr, Elf64_Shdr, 64, EM_X86_64)
WRAP(Elf32_Ehdr, Elf32_Shdr, 32, EM_386)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	elfimg_global_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool class32 = size > 3 && (data[3] & 1);
	static const char *const names[] = {
		"exception_table_entry", "orc_entry" };
	struct ex_typeinfo ti;
	struct elfimg img;
	unsigned char *elf;
	size_t len, i;
	int r;

	elf = class32 ? wrap32(data, size, &len) : wrap64(data, size, &len);
	if (!elf)
		return 0;
	if (elfimg_open_mem(&img, "fuzz", elf, len)) {
		fprintf(stderr, "fuzz-btf: the wrapper does not open: %s\n",
			img.err);
		abort();
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		/* nothing may rely on zeroes */
		memset(&ti, 0xa5, sizeof(ti));
		img.err[0] = 0;
		r = btf_find_struct(&img, names[i], &ti);
		if (r < -1 || r > 1) {
			fprintf(stderr, "fuzz-btf: btf_find_struct returned %d\n",
				r);
			abort();
		}
		if (r < 0 && !img.err[0]) {
			fprintf(stderr, "fuzz-btf: failure without a message\n");
			abort();
		}
		if (r > 0 && ti.nmember > ARRAY_SIZE(ti.member)) {
			fprintf(stderr, "fuzz-btf: %u members\n", ti.nmember);
			abort();
		}
		if (r > 0 && i == 0)
			layout_from_type(&img, &ti);
	}
	elfimg_close(&img);
	free(elf);
	return 0;
}
