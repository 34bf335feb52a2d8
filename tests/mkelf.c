// SPDX-License-Identifier: GPL-2.0
/*
 * mkelf - make small vmlinux-like ELF files holding an __ex_table, and
 * inspect, shuffle or patch the __ex_table of existing ones.
 *
 * Test-only tool.  It deliberately uses nothing but libc (no libelf, not
 * even <elf.h>) so that it is an implementation independent of the
 * libelf-based code it helps to test.  Run it with -h for the command
 * line; tests/mkelf-selftest.sh exercises it.
 *
 * Build: gcc -std=gnu11 -Wall -Wextra -O2 -o mkelf tests/mkelf.c
 *
 * Output of the read modes:
 *   --where  "table OFFSET SIZE [ENTSIZE]" (ENTSIZE only with -l) or
 *            "table none"; "flag OFFSET" or "flag none"; and
 *            "relocs OFFSET SIZE" when .rela__ex_table/.rel__ex_table
 *            exists.  Decimal numbers.  Offsets are computed from the
 *            headers and not range-checked (malformed files are welcome).
 *   --dump   one line per entry, in table order: "INSN FIXUP [EXTRA]",
 *            lower-case hex without 0x.  Addresses (absolute or decoded
 *            relative targets) are zero-padded to 8 (ELF32) or 16 (ELF64)
 *            digits, so that sort(1) in the C locale sorts them
 *            numerically; raw 32-bit values (alpha fixup, data,
 *            err_opcode) to 8 digits; rel12-typedata EXTRA is TYPE:DATA
 *            as %04x:%04x; a handler whose raw value is 0 prints as 0.
 *            Layouts without a third field print two columns.
 *   --dump-orc V  one line per ORC entry, in table order:
 *            "ADDR U SPOFF BPOFF FLAGS": ADDR the ip (16 digits), U 1 if
 *            the entry is undefined (a terminator) under ORC version V
 *            else 0, then sp_offset, bp_offset and the flags word as 4
 *            hex digits each.  Undefined is (flags & 0x040f) == 0 for
 *            v1, (flags & 0x080f) == 0 for v2, (flags & 0x0700) == 0 for
 *            v3.  sort -k1,1 -k2,2r restores a "-o sorted" table.
 *   --dump-mcount  the __start_mcount_loc..__stop_mcount_loc values in
 *            slot order, 8 (ELF32) or 16 (ELF64) digits a line.  On
 *            aarch64, when every word is 0, a word's value is instead the
 *            addend of the R_AARCH64_RELATIVE record in .rela.dyn for it.
 *   Both read only the sections they need, with pread().
 *   --shuffle-orc and --shuffle-mcount permute entries in place, like
 *   --shuffle (ip ints are re-encoded for their new place; relocation
 *   sections are left alone; with RELA, the addends are permuted).
 *
 * Generated files: .text at 0xffffffff81000000 (ELF64), 0xc1000000 (ELF32)
 * or 0x400000 (ELF64 with abs32 fields, where addresses must fit 32 bits);
 * main_extable_sort_needed lives at .init.data+8 (the other bytes of
 * .init.data are 0x5a).  Entries are generated in ascending insn order,
 * then reversed or shuffled: -o sorted/reverse/random with one seed hold
 * the same entries.  Unknown e_machine numbers get ELF32, LE, abs32 and
 * R_*_NONE relocations; microblaze defaults to big-endian, xtensa, arc
 * and sh to little-endian.
 *
 * --orc N (x86_64, ELF64, exec/dyn) adds .orc_unwind_ip (s32 ip - address
 * of the int) and .orc_unwind (s16 sp_offset, s16 bp_offset, u16 flags)
 * with N entries at ascending ips in .text, about one ip in ten with a
 * terminator (undefined entry) just before its real entry; defined
 * entries have an sp_reg and a type.  --orc-version picks the flags
 * layout (see --dump-orc); version 3 always, and version 2 with
 * --orc-header, get an .orc_header holding the kernel's hash.  With
 * --emit-relocs, .rela.orc_unwind_ip has an R_X86_64_PC32 against .text
 * per ip.
 *
 * --mcount N (exec/dyn) puts N address words at .init.data+16, between
 * __start_mcount_loc and __stop_mcount_loc.  They point into func_*, into
 * weak_func_0 and weak_func_1 (STB_WEAK) and into a dead range between
 * these two that no symbol covers (an overridden weak function).  With
 * --mcount-rela (aarch64, ELF64) the words are 0 and .rela.dyn holds an
 * R_AARCH64_RELATIVE per word (r_addend the value), in r_offset order,
 * plus a decoy before and two after them.  --nm-file writes what
 * "nm -S" prints for the functions in .text, by address.
 *
 * ORC entries and mcount values come from their own PRNG streams, so the
 * __ex_table entries do not depend on them; -o orders them like the
 * __ex_table ("dups" shuffles like "random", no duplicates are made).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* ELF constants (our own, on purpose)                                */

#define ET_REL			1
#define ET_EXEC			2
#define ET_DYN			3
#define PT_LOAD			1
#define EM_MIPS			8
#define EM_X86_64		62
#define EM_AARCH64		183
#define R_X86_64_PC32		2
#define R_AARCH64_RELATIVE	0x403

#define SHT_NULL		0
#define SHT_PROGBITS		1
#define SHT_SYMTAB		2
#define SHT_STRTAB		3
#define SHT_RELA		4
#define SHT_NOBITS		8
#define SHT_REL			9
#define SHT_SYMTAB_SHNDX	18

#define SHF_WRITE		0x1
#define SHF_ALLOC		0x2
#define SHF_EXECINSTR		0x4
#define SHF_INFO_LINK		0x40

#define SHN_UNDEF		0
#define SHN_LORESERVE		0xff00
#define SHN_XINDEX		0xffff

#define STB_LOCAL		0
#define STB_GLOBAL		1
#define STB_WEAK		2
#define STT_NOTYPE		0
#define STT_OBJECT		1
#define STT_FUNC		2
#define STT_SECTION		3
#define ST_INFO(b, t)		(((b) << 4) | (t))

#define BTF_MAGIC		0xeb9f
#define BTF_KIND_INT		1
#define BTF_KIND_PTR		2
#define BTF_KIND_ARRAY		3
#define BTF_KIND_STRUCT		4
#define BTF_KIND_UNION		5
#define BTF_KIND_ENUM		6
#define BTF_KIND_FWD		7
#define BTF_KIND_TYPEDEF	8
#define BTF_KIND_CONST		10
#define BTF_KIND_FUNC		12
#define BTF_KIND_FUNC_PROTO	13
#define BTF_KIND_VAR		14
#define BTF_KIND_DATASEC	15
#define BTF_INT_SIGNED		1
#define BTF_INT_CHAR		2

#define MAX_ENTRIES		2000000UL
#define N_FILLERS		65280	/* puts .init.data past SHN_LORESERVE */
#define INSN_IN_DATA		0x80000000u	/* marks an insn in .data */
#define BASE64			0xffffffff81000000ULL
#define BASE32			0xc1000000ULL
#define BASE_ABS32_64		0x400000ULL	/* ELF64, 32-bit abs fields */
#define PAGE			0x1000
#define INIT_SIZE		16
#define FLAG_OFF		8	/* flag's offset inside .init.data */
#define DATA_SIZE		64
#define MC_OFF			16	/* __mcount_loc's offset in .init.data */
#define MC_TAIL			16	/* 0x5a bytes after __mcount_loc */
#define ORC_ENTSIZE		6
#define ORC_HDR_SIZE		20
#define ORC_SALT		0x6f72632d7461626cULL	/* own PRNG streams */
#define MCOUNT_SALT		0x6d636f756e746c63ULL

/* ------------------------------------------------------------------ */
/* Errors, PRNG                                                       */

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkelf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	/* one splitmix64 step, so that small seeds give unrelated streams */
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	rng_state = z ? z : 0x2545f4914f6cdd1dULL;
}

/* xorshift64* */
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* uniform-enough value in [0, n), n <= 2^32 */
static uint32_t rng_below(uint64_t n)
{
	return ((rng_next() >> 32) * n) >> 32;
}

/* ------------------------------------------------------------------ */
/* Byte order and ELF structure fields                                */

static bool cfg_be;	/* file is big-endian */
static bool cfg_64;	/* file is ELFCLASS64 */

static void put(unsigned char *p, int size, uint64_t v)
{
	for (int i = 0; i < size; i++)
		p[cfg_be ? size - 1 - i : i] = v >> (8 * i);
}

static uint64_t get(const unsigned char *p, int size)
{
	uint64_t v = 0;

	for (int i = 0; i < size; i++)
		v |= (uint64_t)p[cfg_be ? size - 1 - i : i] << (8 * i);
	return v;
}

static uint64_t sext(uint64_t v, int size)
{
	int sh = 64 - 8 * size;

	return sh ? (uint64_t)((int64_t)(v << sh) >> sh) : v;
}

static uint64_t addr_mask(uint64_t v)
{
	return cfg_64 ? v : (v & 0xffffffffULL);
}

enum fld_id {
	E_TYPE, E_MACHINE, E_VERSION, E_ENTRY, E_PHOFF, E_SHOFF, E_FLAGS,
	E_EHSIZE, E_PHENTSIZE, E_PHNUM, E_SHENTSIZE, E_SHNUM, E_SHSTRNDX,
	SH_NAME, SH_TYPE, SH_FLAGS, SH_ADDR, SH_OFFSET, SH_SIZE, SH_LINK,
	SH_INFO, SH_ADDRALIGN, SH_ENTSIZE,
	P_TYPE, P_FLAGS, P_OFFSET, P_VADDR, P_PADDR, P_FILESZ, P_MEMSZ,
	P_ALIGN,
	ST_NAME, ST_VALUE, ST_SIZE, ST_INFO, ST_OTHER, ST_SHNDX,
	R_OFFSET, R_INFO, R_ADDEND,
	NFLD
};

/* offset and size of each field, for ELF32 [0] and ELF64 [1] */
struct fld {
	unsigned char off[2], size[2];
};

static const struct fld flds[NFLD] = {
	[E_TYPE]	= { { 16, 16 }, { 2, 2 } },
	[E_MACHINE]	= { { 18, 18 }, { 2, 2 } },
	[E_VERSION]	= { { 20, 20 }, { 4, 4 } },
	[E_ENTRY]	= { { 24, 24 }, { 4, 8 } },
	[E_PHOFF]	= { { 28, 32 }, { 4, 8 } },
	[E_SHOFF]	= { { 32, 40 }, { 4, 8 } },
	[E_FLAGS]	= { { 36, 48 }, { 4, 4 } },
	[E_EHSIZE]	= { { 40, 52 }, { 2, 2 } },
	[E_PHENTSIZE]	= { { 42, 54 }, { 2, 2 } },
	[E_PHNUM]	= { { 44, 56 }, { 2, 2 } },
	[E_SHENTSIZE]	= { { 46, 58 }, { 2, 2 } },
	[E_SHNUM]	= { { 48, 60 }, { 2, 2 } },
	[E_SHSTRNDX]	= { { 50, 62 }, { 2, 2 } },
	[SH_NAME]	= { { 0, 0 }, { 4, 4 } },
	[SH_TYPE]	= { { 4, 4 }, { 4, 4 } },
	[SH_FLAGS]	= { { 8, 8 }, { 4, 8 } },
	[SH_ADDR]	= { { 12, 16 }, { 4, 8 } },
	[SH_OFFSET]	= { { 16, 24 }, { 4, 8 } },
	[SH_SIZE]	= { { 20, 32 }, { 4, 8 } },
	[SH_LINK]	= { { 24, 40 }, { 4, 4 } },
	[SH_INFO]	= { { 28, 44 }, { 4, 4 } },
	[SH_ADDRALIGN]	= { { 32, 48 }, { 4, 8 } },
	[SH_ENTSIZE]	= { { 36, 56 }, { 4, 8 } },
	[P_TYPE]	= { { 0, 0 }, { 4, 4 } },
	[P_FLAGS]	= { { 24, 4 }, { 4, 4 } },
	[P_OFFSET]	= { { 4, 8 }, { 4, 8 } },
	[P_VADDR]	= { { 8, 16 }, { 4, 8 } },
	[P_PADDR]	= { { 12, 24 }, { 4, 8 } },
	[P_FILESZ]	= { { 16, 32 }, { 4, 8 } },
	[P_MEMSZ]	= { { 20, 40 }, { 4, 8 } },
	[P_ALIGN]	= { { 28, 48 }, { 4, 8 } },
	[ST_NAME]	= { { 0, 0 }, { 4, 4 } },
	[ST_VALUE]	= { { 4, 8 }, { 4, 8 } },
	[ST_SIZE]	= { { 8, 16 }, { 4, 8 } },
	[ST_INFO]	= { { 12, 4 }, { 1, 1 } },
	[ST_OTHER]	= { { 13, 5 }, { 1, 1 } },
	[ST_SHNDX]	= { { 14, 6 }, { 2, 2 } },
	[R_OFFSET]	= { { 0, 0 }, { 4, 8 } },
	[R_INFO]	= { { 4, 8 }, { 4, 8 } },
	[R_ADDEND]	= { { 8, 16 }, { 4, 8 } },
};

#define EHDR_SIZE	(cfg_64 ? 64u : 52u)
#define SHDR_SIZE	(cfg_64 ? 64u : 40u)
#define PHDR_SIZE	(cfg_64 ? 56u : 32u)
#define SYM_SIZE	(cfg_64 ? 24u : 16u)
#define REL_SIZE	(cfg_64 ? 16u : 8u)
#define RELA_SIZE	(cfg_64 ? 24u : 12u)
#define WORD_SIZE	(cfg_64 ? 8u : 4u)

static void setf(unsigned char *base, enum fld_id f, uint64_t v)
{
	put(base + flds[f].off[cfg_64], flds[f].size[cfg_64], v);
}

static uint64_t getf(const unsigned char *base, enum fld_id f)
{
	return get(base + flds[f].off[cfg_64], flds[f].size[cfg_64]);
}

/* ------------------------------------------------------------------ */
/* Layouts of struct exception_table_entry                            */

enum layout_id {
	L_ABS = -1,		/* abs32 or abs64, by class */
	L_ABS32, L_ABS64, L_REL8, L_REL12_HANDLER, L_REL12_DATA,
	L_REL12_TYPEDATA, L_REL16_HANDLER, L_REL12_OPCODE, L_ALPHA_REL8,
	NLAYOUT
};

enum field_kind { FK_NONE, FK_ABS, FK_REL, FK_RAW };
enum extra_kind { X_NONE, X_HANDLER, X_DATA, X_TYPEDATA, X_OPCODE };

struct field {
	unsigned char off, size, kind;
};

struct layout {
	const char *name;
	unsigned int entsize;
	struct field f[3];	/* insn, fixup, extra */
	unsigned char extra;	/* enum extra_kind */
};

#define ABS4(o)	{ o, 4, FK_ABS }
#define ABS8(o)	{ o, 8, FK_ABS }
#define REL4(o)	{ o, 4, FK_REL }
#define REL8(o)	{ o, 8, FK_REL }
#define RAW4(o)	{ o, 4, FK_RAW }

static const struct layout layouts[NLAYOUT] = {
	[L_ABS32] = { "abs32", 8, { ABS4(0), ABS4(4) }, X_NONE },
	[L_ABS64] = { "abs64", 16, { ABS8(0), ABS8(8) }, X_NONE },
	[L_REL8] = { "rel8", 8, { REL4(0), REL4(4) }, X_NONE },
	[L_REL12_HANDLER] = { "rel12-handler", 12,
			      { REL4(0), REL4(4), REL4(8) }, X_HANDLER },
	[L_REL12_DATA] = { "rel12-data", 12,
			   { REL4(0), REL4(4), RAW4(8) }, X_DATA },
	/* u16 type @8, u16 data @10: RAW4 covers both bytes-wise */
	[L_REL12_TYPEDATA] = { "rel12-typedata", 12,
			       { REL4(0), REL4(4), RAW4(8) }, X_TYPEDATA },
	[L_REL16_HANDLER] = { "rel16-handler", 16,
			      { REL4(0), REL4(4), REL8(8) }, X_HANDLER },
	[L_REL12_OPCODE] = { "rel12-opcode", 12,
			     { REL4(0), REL4(4), RAW4(8) }, X_OPCODE },
	[L_ALPHA_REL8] = { "alpha-rel8", 8, { REL4(0), RAW4(4) }, X_NONE },
};

static int find_layout(const char *name)
{
	for (int i = 0; i < NLAYOUT; i++)
		if (!strcmp(layouts[i].name, name))
			return i;
	die("unknown layout '%s'", name);
}

/* ------------------------------------------------------------------ */
/* Machines                                                           */

struct machine {
	const char *name;
	unsigned int em;
	unsigned char cls;	/* default class, 32 or 64 */
	bool be;		/* default byte order */
	signed char layout;	/* default layout, L_ABS: by class */
	bool rel;		/* ELF32 relocations are SHT_REL */
	unsigned short pc32, pc64, abs32, abs64;	/* reloc types */
	unsigned int eflags;
};

static const struct machine machines[] = {
	/* name, em, class, be, layout, rel, pc32, pc64, abs32, abs64 */
	{ "x86_64", 62, 64, false, L_REL12_DATA, false, 2, 24, 10, 1, 0 },
	{ "i386", 3, 32, false, L_REL12_DATA, true, 2, 0, 1, 0, 0 },
	{ "aarch64", 183, 64, false, L_REL12_TYPEDATA, false,
	  261, 260, 258, 257, 0 },
	{ "arm", 40, 32, false, L_ABS, true, 3, 0, 2, 0, 0x05000000 },
	{ "ppc", 20, 32, true, L_REL8, false, 26, 0, 1, 0, 0 },
	{ "ppc64", 21, 64, false, L_REL8, false, 26, 44, 1, 38, 2 },
	{ "s390", 22, 64, true, L_REL12_TYPEDATA, false, 5, 23, 4, 22, 0 },
	{ "riscv", 243, 64, false, L_REL12_TYPEDATA, false, 57, 0, 1, 2, 0 },
	{ "loongarch", 258, 64, false, L_REL12_TYPEDATA, false,
	  99, 109, 1, 2, 0 },
	{ "parisc", 15, 32, true, L_REL12_OPCODE, false, 9, 72, 1, 80, 0 },
	{ "mips", 8, 32, false, L_ABS, true, 248, 0, 2, 18, 0 },
	{ "sparc", 2, 32, true, L_ABS, false, 6, 46, 3, 32, 0 },
	{ "sparcv9", 43, 64, true, L_ABS32, false, 6, 46, 3, 32, 0 },
	{ "alpha", 0x9026, 64, false, L_ALPHA_REL8, false, 10, 11, 1, 2, 0 },
	{ "ia64", 50, 64, false, L_REL8, false, 0x4d, 0x4f, 0x25, 0x27, 0 },
	{ "microblaze", 189, 32, true, L_ABS, false, 2, 0, 1, 0, 0 },
	{ "xtensa", 94, 32, false, L_ABS, false, 14, 0, 1, 0, 0 },
	{ "arc", 195, 32, false, L_ABS, false, 51, 0, 4, 0, 0 },
	{ "sh", 42, 32, false, L_ABS, false, 2, 0, 1, 0, 0 },
	{ "m68k", 4, 32, true, L_ABS, false, 4, 0, 1, 0, 0 },
};

#define NMACHINES (sizeof(machines) / sizeof(machines[0]))

static uint64_t parse_num(const char *s, const char *what);

/* by name or number; unknown numbers get a generic ELF32 LE description */
static void find_machine(const char *s, struct machine *m)
{
	unsigned int em;

	for (size_t i = 0; i < NMACHINES; i++)
		if (!strcmp(machines[i].name, s)) {
			*m = machines[i];
			return;
		}
	em = parse_num(s, "machine");
	if (em > 0xffff)
		die("machine number %s out of range", s);
	for (size_t i = 0; i < NMACHINES; i++)
		if (machines[i].em == em) {
			*m = machines[i];
			return;
		}
	*m = (struct machine){ "generic", em, 32, false, L_ABS, false,
			       0, 0, 0, 0, 0 };
}

/* ------------------------------------------------------------------ */
/* Growing buffers                                                    */

struct buf {
	unsigned char *p;
	size_t len, cap;
};

/* append n zero bytes, return a pointer to them (valid until next grow) */
static unsigned char *buf_grow(struct buf *b, size_t n)
{
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap - b->len < n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (!b->p)
			die("out of memory");
		b->cap = cap;
	}
	memset(b->p + b->len, 0, n);
	b->len += n;
	return b->p + b->len - n;
}

static void buf_align(struct buf *b, size_t a)
{
	if (a > 1 && b->len % a)
		buf_grow(b, a - b->len % a);
}

static void buf_add(struct buf *b, const void *p, size_t n)
{
	if (n)
		memcpy(buf_grow(b, n), p, n);
}

static unsigned int buf_str(struct buf *b, const char *s)
{
	size_t off = b->len;

	buf_add(b, s, strlen(s) + 1);
	return off;
}

static void buf_u32(struct buf *b, uint32_t v)
{
	put(buf_grow(b, 4), 4, v);
}

/* ------------------------------------------------------------------ */
/* Options                                                            */

enum order { O_SORTED, O_REVERSE, O_RANDOM, O_DUPS };
enum mode { M_MAKE, M_WHERE, M_DUMP, M_SHUFFLE, M_SWAP, M_SET_FLAG,
	    M_CHECK_RELOCS, M_SET_FIELD, M_DUMP_ORC, M_SHUFFLE_ORC,
	    M_DUMP_MCOUNT, M_SHUFFLE_MCOUNT };

enum malform {
	MF_SHOFF_PAST_EOF, MF_TABLE_NOT_MULTIPLE, MF_SHLINK_RANGE,
	MF_STRTAB_UNTERMINATED, MF_FLAG_NOBITS, MF_TABLE_PAST_EOF,
	MF_SHSTRNDX_RANGE, MF_SYMTAB_ENTSIZE, MF_FLAG_OFFSET_RANGE,
	MF_INSN_OUTSIDE_TEXT, MF_XINDEX_MISSING, MF_HUGE_SHNUM,
	NMALFORM
};

static const char *const malform_names[NMALFORM] = {
	"shoff-past-eof", "table-not-multiple", "shlink-range",
	"strtab-unterminated", "flag-nobits", "table-past-eof",
	"shstrndx-range", "symtab-entsize", "flag-offset-range",
	"insn-outside-text", "xindex-missing", "huge-shnum",
};

struct opts {
	struct machine mach;
	bool have_mach;
	int cls;		/* 0: machine default */
	int be;			/* -1: machine default */
	int layout;		/* -2: not given */
	unsigned long n;
	int order;
	uint64_t seed;
	bool has_flag;
	uint32_t flag;
	int etype;
	bool emit_relocs, btf, many;
	int64_t btf_size;	/* -1: the entry size */
	unsigned int align;
	unsigned int malform;	/* bit mask of enum malform */
	int64_t truncate;	/* -1: none */
	bool orc, orc_header, mcount, mcount_rela;
	unsigned long orc_n, mcount_n;
	int orc_ver;		/* 1, 2 or 3 */
	const char *nm_file;
	int mode;
	uint64_t arg1, arg2, arg3;	/* --shuffle/--swap/--set-flag/--set-field */
	const char *out;
};

#define MF(o, k)	(((o)->malform >> (k)) & 1)

/* ------------------------------------------------------------------ */
/* Generator state                                                    */

enum sec_kind {
	S_NULL, S_TEXT, S_FIXUP, S_TABLE, S_INIT, S_DATA, S_BTF, S_RELA,
	S_SYMTAB, S_SHNDX, S_STRTAB, S_SHSTRTAB, S_FILLER,
	S_ORC_HDR, S_ORC_IP, S_ORC, S_ORC_RELA, S_RELA_DYN, NKIND
};

struct sec {
	int kind;
	unsigned int name, type, link, info;
	uint64_t flags, addr, off, size, align, entsize;
};

/* an entry, as offsets into its target sections (see entry_target()) */
struct entry {
	uint32_t insn;		/* offset in .text, | INSN_IN_DATA */
	uint32_t fixup;		/* offset in .fixup, or raw value */
	uint32_t extra;		/* handler number 1..3 (0: none), or raw */
};

/* an ORC entry; ip is an offset in .text */
struct orc {
	uint32_t ip;
	uint16_t sp, bp, flags;
};

/* where an __mcount_loc value points, in ascending address order */
enum mc_region { MC_FUNC, MC_WEAK0, MC_DEAD, MC_WEAK1, MC_NREGION };

struct mcount {
	uint32_t region;	/* enum mc_region */
	uint32_t off;		/* offset in that region */
};

struct sym {
	unsigned int name;
	int kind;		/* enum sec_kind of its section, S_NULL: none */
	unsigned char info;
	uint64_t off, size;
};

struct gen {
	const struct opts *o;
	const struct machine *m;
	const struct layout *lay;
	struct entry *ent;
	size_t n;
	bool use_rel;		/* SHT_REL rather than SHT_RELA */
	uint64_t base;		/* address of .text */
	uint64_t text_size, fixup_size, handlers, func_size;
	unsigned int nfunc;
	struct orc *orc;
	struct mcount *mc;
	uint64_t min_end;	/* .text functions must reach this far */
	uint64_t weak_off, weak_size;	/* weak_func_0, dead, weak_func_1 */
	struct buf img, strtab, shstrtab, btf;
	struct sec *secs;
	unsigned int nsec;
	unsigned int idx[NKIND];	/* section index of each kind */
	struct sym *syms;
	unsigned int nsym, nlocal;
	unsigned int ssym[NKIND];	/* section symbol of each kind */
	uint64_t text_off, load_end, shoff;
};

/* ------------------------------------------------------------------ */
/* Entry generation                                                   */

static uint32_t gen_extra(struct gen *g, size_t i)
{
	switch (g->lay->extra) {
	case X_HANDLER:
		/* rel16: mix "no handler" (0) with real ones */
		if (g->lay->entsize == 16 &&
		    (i == 0 || (i > 1 && rng_below(2))))
			return 0;
		return 1 + rng_below(3);
	case X_DATA:	/* type 1..20, reg in 8-11, imm in 16-31 */
		return (1 + rng_below(20)) | rng_below(16) << 8 |
		       rng_below(0x10000) << 16;
	case X_TYPEDATA:
		return (1 + rng_below(3)) << 16 | rng_below(0x400);
	case X_OPCODE:
		return 0x08000240 | rng_below(32);
	}
	return 0;
}

/* alpha: nextinsn:16 errreg:5 valreg:5 */
static uint32_t gen_alpha_fixup(void)
{
	uint32_t next = 4 * (1 + rng_below(8));

	return next | rng_below(32) << 16 | rng_below(32) << 21;
}

static uint32_t gen_fixup(struct gen *g, size_t i)
{
	uint32_t v;

	if (g->lay->f[1].kind == FK_RAW) {
		v = gen_alpha_fixup();
		if (i && v == g->ent[i - 1].fixup)
			v ^= 1 << 16;
		return v;
	}
	v = 4 * i;
	if (g->lay->extra == X_OPCODE && (i == 0 || !rng_below(4)))
		v |= 1;		/* parisc flag bit */
	return v;
}

/* entries in ascending insn order; dups share insn with their predecessor */
static void gen_entries(struct gen *g)
{
	unsigned int a = g->o->align;
	uint32_t cur = 16 + (a % 4 ? a : 0);
	size_t full = g->n >= 4 ? g->n / 2 : SIZE_MAX;
	bool dups = g->o->order == O_DUPS;

	for (size_t i = 0; i < g->n; i++) {
		struct entry *e = &g->ent[i];
		bool dup = dups && i && (i == full || !rng_below(8));

		if (i && !dup)
			cur += a * (1 + rng_below(3));
		e->insn = cur;
		e->fixup = gen_fixup(g, i);
		e->extra = gen_extra(g, i);
		if (dups && i == full)
			*e = g->ent[i - 1];
	}
	if (MF(g->o, MF_INSN_OUTSIDE_TEXT))
		g->ent[g->n - 1].insn |= INSN_IN_DATA;
}

static void swap_entries(struct entry *a, struct entry *b)
{
	struct entry t = *a;

	*a = *b;
	*b = t;
}

static void order_entries(struct gen *g)
{
	size_t i, j;

	if (g->o->order == O_SORTED || g->n < 2)
		return;
	if (g->o->order == O_REVERSE) {
		for (i = 0, j = g->n - 1; i < j; i++, j--)
			swap_entries(&g->ent[i], &g->ent[j]);
		return;
	}
	for (i = g->n - 1; i > 0; i--)
		swap_entries(&g->ent[i], &g->ent[rng_below(i + 1)]);
}

/* sizes of .text (functions, then handlers) and .fixup */
static void size_sections(struct gen *g)
{
	uint64_t end = 16, region;

	for (size_t i = 0; i < g->n; i++) {
		uint32_t insn = g->ent[i].insn & ~INSN_IN_DATA;

		if (insn + 4ULL > end)
			end = insn + 4ULL;
	}
	if (g->min_end > end)
		end = g->min_end;
	g->nfunc = 4 + g->n / 32768;
	if (g->nfunc > 64)
		g->nfunc = 64;
	region = (end + 16ULL * g->nfunc - 1) / (16ULL * g->nfunc);
	g->func_size = region * 16;
	g->handlers = g->func_size * g->nfunc;
	g->text_size = g->handlers + 16;
	if (g->lay->extra == X_HANDLER)
		g->text_size += 3 * 16;
	if (g->o->mcount) {
		g->weak_off = g->text_size;
		g->text_size += 3 * g->weak_size + 16;
	}
	g->fixup_size = 4ULL * g->n + 16;
}

/* ------------------------------------------------------------------ */
/* ORC and __mcount_loc generation                                    */

/* -o for the ORC and __mcount_loc tables (dups shuffles like random) */
static void order_items(void *base, size_t n, size_t size, int order)
{
	unsigned char *a = base, t[16];
	size_t i, j;

	if (order == O_SORTED || n < 2 || size > sizeof(t))
		return;
	for (i = n - 1; i > 0; i--) {
		if (order == O_REVERSE) {
			j = n - 1 - i;
			if (j >= i)
				break;
		} else {
			j = rng_below(i + 1);
		}
		memcpy(t, a + i * size, size);
		memcpy(a + i * size, a + j * size, size);
		memcpy(a + j * size, t, size);
	}
}

/*
 * ORC flags: sp_reg in bits 0-3, bp_reg in 4-7, then by version
 * v1: type 8-9, end 10; v2: type 8-9, signal 10, end 11;
 * v3: type 8-10, signal 11.  Undefined (a terminator) is sp_reg 0 and
 * no end bit (v1, v2) or type 0 (v3); half of the terminators have the
 * bits that do not count set.
 */
static uint16_t orc_flags(int ver, bool undef)
{
	uint32_t sp = 1 + rng_below(9);
	uint32_t bp = rng_below(10) << 4;
	uint32_t type = rng_below(3) << 8;
	uint32_t type3 = (1 + rng_below(4)) << 8;
	uint32_t sig = rng_below(2);
	uint32_t end = !rng_below(16);

	if (undef && rng_below(2))
		return 0;
	switch (ver) {
	case 1:
		return undef ? bp | type : sp | bp | type | end << 10;
	case 2:
		return (undef ? bp | type : sp | bp | type | end << 11) |
		       sig << 10;
	}
	return undef ? sp | bp | sig << 11 : sp | bp | type3 | sig << 11;
}

static void gen_orc_entry(struct orc *e, int ver, uint32_t ip, bool undef)
{
	uint32_t sp, bp;

	e->ip = ip;
	e->flags = orc_flags(ver, undef);
	sp = 8 * (1 + rng_below(64));
	bp = 8 * rng_below(8);
	e->sp = e->flags ? sp : 0;
	e->bp = e->flags ? (uint16_t)(0x10000 - bp) : 0;
}

/*
 * Ascending distinct ips in .text; about one in ten also gets a
 * terminator, which sorts before the real entry at the same ip.
 */
static void gen_orc(struct gen *g)
{
	size_t n = g->o->orc_n, i = 0;
	uint32_t ip;

	rng_seed(g->o->seed ^ ORC_SALT);
	g->orc = calloc(n ? n : 1, sizeof(*g->orc));
	if (!g->orc)
		die("out of memory");
	ip = rng_below(16);
	while (i < n) {
		if (i)
			ip += 1 + rng_below(15);
		if (n - i >= 2 && !rng_below(10))
			gen_orc_entry(&g->orc[i++], g->o->orc_ver, ip, true);
		gen_orc_entry(&g->orc[i++], g->o->orc_ver, ip, false);
	}
	if (ip + 16ULL > g->min_end)
		g->min_end = ip + 16ULL;
	order_items(g->orc, n, sizeof(*g->orc), g->o->order);
}

/*
 * Call sites, ascending: most in func_N, a few in weak_func_0, in the
 * dead range after it (an overridden weak function: code, no symbol)
 * and in weak_func_1.
 */
static void gen_mcount(struct gen *g)
{
	size_t n = g->o->mcount_n, cnt[MC_NREGION] = { 0 }, i = 0;
	uint64_t most = 0;
	uint32_t off;

	rng_seed(g->o->seed ^ MCOUNT_SALT);
	g->mc = calloc(n ? n : 1, sizeof(*g->mc));
	if (!g->mc)
		die("out of memory");
	cnt[MC_FUNC] = n;
	for (int r = MC_WEAK0; n >= 8 && r < MC_NREGION; r++) {
		cnt[r] = 1 + rng_below(n / 16 + 1);
		cnt[MC_FUNC] -= cnt[r];
	}
	for (int r = 0; r < MC_NREGION; r++) {
		off = 4 * rng_below(4);
		for (size_t k = 0; k < cnt[r]; k++, i++) {
			if (k)
				off += 4 * (1 + rng_below(4));
			g->mc[i].region = r;
			g->mc[i].off = off;
		}
		if (!cnt[r])
			continue;
		if (r == MC_FUNC && off + 4ULL > g->min_end)
			g->min_end = off + 4ULL;
		if (r != MC_FUNC && off + 4ULL > most)
			most = off + 4ULL;
	}
	g->weak_size = (most + 15) / 16 * 16 + 16;
	order_items(g->mc, n, sizeof(*g->mc), g->o->order);
}

/* ------------------------------------------------------------------ */
/* String tables and symbols                                          */

static void add_sym(struct gen *g, const char *name, int kind,
		    unsigned char info, uint64_t off, uint64_t size)
{
	struct sym *s = &g->syms[g->nsym++];

	s->name = name ? buf_str(&g->strtab, name) : 0;
	s->kind = kind;
	s->info = info;
	s->off = off;
	s->size = size;
}

static void build_symbols(struct gen *g)
{
	static const char *const handlers[] = {
		"ex_handler_default", "ex_handler_fault", "ex_handler_uaccess",
	};
	static const int seckinds[] = { S_TEXT, S_FIXUP, S_TABLE, S_INIT,
					S_DATA };
	unsigned char func = ST_INFO(STB_GLOBAL, STT_FUNC);
	unsigned char notype = ST_INFO(STB_GLOBAL, STT_NOTYPE);
	unsigned char object = ST_INFO(STB_GLOBAL, STT_OBJECT);
	uint64_t tsize = (uint64_t)g->n * g->lay->entsize;
	char name[32];

	g->syms = calloc(24 + g->nfunc, sizeof(*g->syms));
	if (!g->syms)
		die("out of memory");
	buf_str(&g->strtab, "");
	add_sym(g, NULL, S_NULL, 0, 0, 0);
	for (size_t i = 0; i < sizeof(seckinds) / sizeof(seckinds[0]); i++) {
		g->ssym[seckinds[i]] = g->nsym;
		add_sym(g, NULL, seckinds[i], ST_INFO(STB_LOCAL, STT_SECTION),
			0, 0);
	}
	g->nlocal = g->nsym;
	for (unsigned int i = 0; i < g->nfunc; i++) {
		snprintf(name, sizeof(name), "func_%u", i);
		add_sym(g, name, S_TEXT, func, i * g->func_size, g->func_size);
	}
	for (int i = 0; g->lay->extra == X_HANDLER && i < 3; i++)
		add_sym(g, handlers[i], S_TEXT, func, g->handlers + 16 * i, 16);
	for (unsigned int i = 0; g->o->mcount && i < 2; i++) {
		snprintf(name, sizeof(name), "weak_func_%u", i);
		add_sym(g, name, S_TEXT, ST_INFO(STB_WEAK, STT_FUNC),
			g->weak_off + 2 * i * g->weak_size, g->weak_size);
	}
	add_sym(g, "__start___ex_table", S_TABLE, notype, 0, 0);
	add_sym(g, "__stop___ex_table", S_TABLE, notype, tsize, 0);
	if (g->o->mcount) {
		add_sym(g, "__start_mcount_loc", S_INIT, notype, MC_OFF, 0);
		add_sym(g, "__stop_mcount_loc", S_INIT, notype,
			MC_OFF + g->o->mcount_n * WORD_SIZE, 0);
	}
	/* the flag's name comes last in .strtab: see strtab-unterminated */
	if (g->o->has_flag)
		add_sym(g, "main_extable_sort_needed", S_INIT, object,
			MF(g->o, MF_FLAG_OFFSET_RANGE) ? INIT_SIZE : FLAG_OFF,
			4);
	if (MF(g->o, MF_STRTAB_UNTERMINATED))
		g->strtab.len--;
}

/* ------------------------------------------------------------------ */
/* BTF                                                                */

struct btf {
	struct buf types, strs;
	unsigned int nid;
};

static unsigned int btf_type(struct btf *b, const char *name, int kind,
			     int vlen, int kflag, uint32_t size_or_type)
{
	uint32_t noff = name ? buf_str(&b->strs, name) : 0;

	buf_u32(&b->types, noff);
	buf_u32(&b->types, (uint32_t)vlen | (uint32_t)kind << 24 |
			   (uint32_t)kflag << 31);
	buf_u32(&b->types, size_or_type);
	return ++b->nid;
}

static void btf_member(struct btf *b, const char *name, uint32_t type,
		       uint32_t off)
{
	buf_u32(&b->types, name ? buf_str(&b->strs, name) : 0);
	buf_u32(&b->types, type);
	buf_u32(&b->types, off);
}

static unsigned int btf_int(struct btf *b, const char *name, int size,
			    int enc)
{
	unsigned int id = btf_type(b, name, BTF_KIND_INT, 0, 0, size);

	buf_u32(&b->types, (uint32_t)enc << 24 | size * 8);
	return id;
}

/* ids of the base integer types, in this order */
enum { T_INT = 1, T_UINT, T_LONG, T_ULONG, T_SHORT, T_LLONG, T_ULLONG,
       T_CHAR };

static void btf_ints(struct btf *b)
{
	int w = WORD_SIZE;

	btf_int(b, "int", 4, BTF_INT_SIGNED);
	btf_int(b, "unsigned int", 4, 0);
	btf_int(b, "long", w, BTF_INT_SIGNED);
	btf_int(b, "unsigned long", w, 0);
	btf_int(b, "short", 2, BTF_INT_SIGNED);
	btf_int(b, "long long", 8, BTF_INT_SIGNED);
	btf_int(b, "unsigned long long", 8, 0);
	btf_int(b, "char", 1, BTF_INT_CHAR);
}

/* unrelated types a reader has to skip over */
static void btf_decoys(struct btf *b)
{
	unsigned int lh = b->nid + 1, ptr = lh + 1, u32, proto, var;

	btf_type(b, "list_head", BTF_KIND_STRUCT, 2, 0, 2 * WORD_SIZE);
	btf_member(b, "next", ptr, 0);
	btf_member(b, "prev", ptr, 8 * WORD_SIZE);
	btf_type(b, NULL, BTF_KIND_PTR, 0, 0, lh);
	u32 = btf_type(b, "u32", BTF_KIND_TYPEDEF, 0, 0, T_UINT);
	btf_type(b, "ex_kind", BTF_KIND_ENUM, 3, 0, 4);
	buf_u32(&b->types, buf_str(&b->strs, "EX_KIND_A"));
	buf_u32(&b->types, 0);
	buf_u32(&b->types, buf_str(&b->strs, "EX_KIND_B"));
	buf_u32(&b->types, 1);
	buf_u32(&b->types, buf_str(&b->strs, "EX_KIND_C"));
	buf_u32(&b->types, (uint32_t)-1);
	proto = btf_type(b, NULL, BTF_KIND_FUNC_PROTO, 2, 0, T_INT);
	buf_u32(&b->types, buf_str(&b->strs, "head"));
	buf_u32(&b->types, ptr);
	buf_u32(&b->types, buf_str(&b->strs, "flags"));
	buf_u32(&b->types, u32);
	btf_type(b, "ex_fixup_handler", BTF_KIND_FUNC, 1, 0, proto);
	btf_type(b, NULL, BTF_KIND_ARRAY, 0, 0, 0);
	buf_u32(&b->types, T_CHAR);
	buf_u32(&b->types, T_UINT);
	buf_u32(&b->types, 16);
	btf_type(b, NULL, BTF_KIND_CONST, 0, 0, u32);
	btf_type(b, "task_struct", BTF_KIND_FWD, 0, 0, 0);
	var = btf_type(b, "ex_count", BTF_KIND_VAR, 0, 0, T_INT);
	buf_u32(&b->types, 1);
	btf_type(b, ".data", BTF_KIND_DATASEC, 1, 0, 4);
	buf_u32(&b->types, var);
	buf_u32(&b->types, 0);
	buf_u32(&b->types, 4);
	/* same member names, wrong struct name */
	btf_type(b, "insn_field", BTF_KIND_STRUCT, 2, 0, 8);
	btf_member(b, "insn", T_INT, 0);
	btf_member(b, "fixup", T_INT, 32);
}

/* alpha: int insn; union exception_fixup { unsigned unit; struct bits } */
static void btf_alpha(struct btf *b, uint32_t size)
{
	unsigned int bits, un;

	bits = btf_type(b, NULL, BTF_KIND_STRUCT, 3, 1, 4);
	btf_member(b, "nextinsn", T_INT, 16u << 24 | 0);
	btf_member(b, "errreg", T_UINT, 5u << 24 | 16);
	btf_member(b, "valreg", T_UINT, 5u << 24 | 21);
	un = btf_type(b, "exception_fixup", BTF_KIND_UNION, 2, 0, 4);
	btf_member(b, "unit", T_UINT, 0);
	btf_member(b, "bits", bits, 0);
	btf_type(b, "exception_table_entry", BTF_KIND_STRUCT, 2, 0, size);
	btf_member(b, "insn", T_INT, 0);
	btf_member(b, "fixup", un, 32);
}

static unsigned int btf_abs_type(int size)
{
	if (size == (int)WORD_SIZE)
		return T_ULONG;
	return size == 4 ? T_UINT : T_ULLONG;
}

/* struct exception_table_entry as the kernel declares it */
static void btf_extable(struct gen *g, struct btf *b, uint32_t size)
{
	const struct layout *l = g->lay;
	const char *xname = NULL;
	unsigned int t = T_INT, xt = T_INT;
	int nmem = 2;

	if (l->f[0].kind == FK_ABS)
		t = btf_abs_type(l->f[0].size);
	switch (l->extra) {
	case X_HANDLER:
		xname = "handler";
		if (l->f[2].size == 8)
			xt = WORD_SIZE == 8 ? T_LONG : T_LLONG;
		break;
	case X_DATA:
		xname = "data";
		break;
	case X_OPCODE:
		xname = "err_opcode";
		break;
	}
	nmem += xname ? 1 : l->extra == X_TYPEDATA ? 2 : 0;
	btf_type(b, "exception_table_entry", BTF_KIND_STRUCT, nmem, 0, size);
	btf_member(b, "insn", t, 0);
	btf_member(b, "fixup", t, 8 * l->f[1].off);
	if (xname)
		btf_member(b, xname, xt, 64);
	if (l->extra == X_TYPEDATA) {
		btf_member(b, "type", T_SHORT, 64);
		btf_member(b, "data", T_SHORT, 80);
	}
}

static void build_btf(struct gen *g)
{
	struct btf b = { 0 };
	uint32_t size = g->o->btf_size >= 0 ? g->o->btf_size : g->lay->entsize;
	unsigned char *h;

	buf_str(&b.strs, "");
	btf_ints(&b);
	btf_decoys(&b);
	if (g->lay == &layouts[L_ALPHA_REL8])
		btf_alpha(&b, size);
	else
		btf_extable(g, &b, size);
	btf_type(&b, "extable_entry_t", BTF_KIND_TYPEDEF, 0, 0, b.nid);
	h = buf_grow(&g->btf, 24);
	put(h, 2, BTF_MAGIC);
	h[2] = 1;
	put(h + 4, 4, 24);
	put(h + 8, 4, 0);
	put(h + 12, 4, b.types.len);
	put(h + 16, 4, b.types.len);
	put(h + 20, 4, b.strs.len);
	buf_add(&g->btf, b.types.p, b.types.len);
	buf_add(&g->btf, b.strs.p, b.strs.len);
	free(b.types.p);
	free(b.strs.p);
}

/* ------------------------------------------------------------------ */
/* Section plan                                                       */

static void plan_add(struct gen *g, int kind, const char *name,
		     unsigned int type, uint64_t flags, uint64_t align)
{
	struct sec *s = &g->secs[g->nsec];

	s->kind = kind;
	s->name = name ? buf_str(&g->shstrtab, name) : 0;
	s->type = type;
	s->flags = flags;
	s->align = align;
	g->idx[kind] = g->nsec++;
}

static bool want_relocs(struct gen *g)
{
	return g->o->etype == ET_REL || g->o->emit_relocs;
}

static void plan_fillers(struct gen *g)
{
	unsigned int name = buf_str(&g->shstrtab, ".filler");

	for (unsigned int i = 0; i < N_FILLERS; i++) {
		plan_add(g, S_FILLER, NULL, SHT_PROGBITS, 0, 1);
		g->secs[g->nsec - 1].name = name;
	}
}

static void plan_orc(struct gen *g)
{
	if (g->o->orc_ver == 3 || g->o->orc_header)
		plan_add(g, S_ORC_HDR, ".orc_header", SHT_PROGBITS, SHF_ALLOC,
			 4);
	plan_add(g, S_ORC_IP, ".orc_unwind_ip", SHT_PROGBITS, SHF_ALLOC, 4);
	plan_add(g, S_ORC, ".orc_unwind", SHT_PROGBITS, SHF_ALLOC, 2);
}

static void plan_sections(struct gen *g)
{
	bool rel = g->o->etype == ET_REL;
	bool xindex = g->o->many && !MF(g->o, MF_XINDEX_MISSING);

	g->secs = calloc(24 + (g->o->many ? N_FILLERS : 0), sizeof(*g->secs));
	if (!g->secs)
		die("out of memory");
	buf_str(&g->shstrtab, "");
	plan_add(g, S_NULL, NULL, SHT_NULL, 0, 0);
	plan_add(g, S_TEXT, ".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR,
		 rel ? 16 : PAGE);
	plan_add(g, S_FIXUP, ".fixup", SHT_PROGBITS,
		 SHF_ALLOC | SHF_EXECINSTR, 4);
	plan_add(g, S_TABLE, "__ex_table", SHT_PROGBITS, SHF_ALLOC,
		 g->lay->entsize == 16 ? 8 : 4);
	if (g->o->orc)
		plan_orc(g);
	if (g->o->many)
		plan_fillers(g);
	plan_add(g, S_INIT, ".init.data", MF(g->o, MF_FLAG_NOBITS) ?
		 SHT_NOBITS : SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8);
	plan_add(g, S_DATA, ".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 8);
	if (g->o->btf)
		plan_add(g, S_BTF, ".BTF", SHT_PROGBITS, SHF_ALLOC, 4);
	if (g->o->mcount_rela)
		plan_add(g, S_RELA_DYN, ".rela.dyn", SHT_RELA, SHF_ALLOC, 8);
	if (want_relocs(g))
		plan_add(g, S_RELA, g->use_rel ? ".rel__ex_table" :
			 ".rela__ex_table", g->use_rel ? SHT_REL : SHT_RELA,
			 SHF_INFO_LINK, WORD_SIZE);
	if (g->o->orc && g->o->emit_relocs)
		plan_add(g, S_ORC_RELA, ".rela.orc_unwind_ip", SHT_RELA,
			 SHF_INFO_LINK, 8);
	plan_add(g, S_SYMTAB, ".symtab", SHT_SYMTAB, 0, WORD_SIZE);
	if (xindex)
		plan_add(g, S_SHNDX, ".symtab_shndx", SHT_SYMTAB_SHNDX, 0, 4);
	plan_add(g, S_STRTAB, ".strtab", SHT_STRTAB, 0, 1);
	plan_add(g, S_SHSTRTAB, ".shstrtab", SHT_STRTAB, 0, 1);
}

/* links, infos and entry sizes, once every index is known */
static void link_sections(struct gen *g)
{
	struct sec *s;

	if (want_relocs(g)) {
		s = &g->secs[g->idx[S_RELA]];
		s->link = g->idx[S_SYMTAB];
		s->info = g->idx[S_TABLE];
		s->entsize = g->use_rel ? REL_SIZE : RELA_SIZE;
	}
	if (g->idx[S_ORC_RELA]) {
		s = &g->secs[g->idx[S_ORC_RELA]];
		s->link = g->idx[S_SYMTAB];
		s->info = g->idx[S_ORC_IP];
		s->entsize = RELA_SIZE;
	}
	if (g->idx[S_RELA_DYN])
		g->secs[g->idx[S_RELA_DYN]].entsize = RELA_SIZE;
	s = &g->secs[g->idx[S_SYMTAB]];
	s->link = g->idx[S_STRTAB];
	s->info = g->nlocal;
	s->entsize = SYM_SIZE + MF(g->o, MF_SYMTAB_ENTSIZE);
	if (MF(g->o, MF_SHLINK_RANGE))
		s->link = g->nsec > 9999 ? g->nsec : 9999;
	if (g->idx[S_SHNDX]) {
		s = &g->secs[g->idx[S_SHNDX]];
		s->link = g->idx[S_SYMTAB];
		s->entsize = 4;
	}
}

/* ------------------------------------------------------------------ */
/* Section contents                                                   */

struct tgt {
	int kind;		/* section the field points into */
	uint64_t off;		/* offset in that section */
};

static uint64_t sec_addr(struct gen *g, int kind)
{
	return g->secs[g->idx[kind]].addr;
}

/* where field k of entry e points to; false for raw fields and no-handler */
static bool entry_target(struct gen *g, const struct entry *e, int k,
			 struct tgt *t)
{
	const struct field *f = &g->lay->f[k];

	if (f->kind != FK_ABS && f->kind != FK_REL)
		return false;
	if (k == 0) {
		bool bad = e->insn & INSN_IN_DATA;

		t->kind = bad ? S_DATA : S_TEXT;
		t->off = bad ? 8 : e->insn;
	} else if (k == 1) {
		t->kind = S_FIXUP;
		t->off = e->fixup;
	} else {
		if (!e->extra)
			return false;
		t->kind = S_TEXT;
		t->off = g->handlers + 16 * (e->extra - 1);
	}
	return true;
}

static void put_raw(struct gen *g, unsigned char *p, int k,
		    const struct entry *e)
{
	const struct field *f = &g->lay->f[k];

	if (k == 1) {
		put(p + f->off, f->size, e->fixup);
	} else if (g->lay->extra == X_TYPEDATA) {
		put(p + f->off, 2, e->extra >> 16);
		put(p + f->off + 2, 2, e->extra & 0xffff);
	} else if (g->lay->extra != X_HANDLER) {
		put(p + f->off, f->size, e->extra);
	}
}

static void put_field(struct gen *g, unsigned char *p, uint64_t eaddr, int k,
		      const struct entry *e)
{
	const struct field *f = &g->lay->f[k];
	struct tgt t;
	uint64_t v;

	if (f->kind == FK_NONE)
		return;
	if (!entry_target(g, e, k, &t)) {
		put_raw(g, p, k, e);
		return;
	}
	if (g->o->etype == ET_REL) {
		v = g->use_rel ? t.off : 0;	/* implicit addend or 0 */
	} else {
		v = sec_addr(g, t.kind) + t.off;
		if (f->kind == FK_REL)
			v -= eaddr + f->off;
	}
	put(p + f->off, f->size, v);
}

static void emit_table(struct gen *g, struct sec *s)
{
	unsigned int es = g->lay->entsize;
	size_t size = g->n * es + (MF(g->o, MF_TABLE_NOT_MULTIPLE) ? 2 : 0);
	unsigned char *p = buf_grow(&g->img, size);

	for (size_t i = 0; i < g->n; i++)
		for (int k = 0; k < 3; k++)
			put_field(g, p + i * es, s->addr + i * es, k,
				  &g->ent[i]);
}

static void put_rinfo(struct gen *g, unsigned char *p, uint64_t sym,
		      uint32_t type)
{
	unsigned char *q = p + flds[R_INFO].off[cfg_64];

	if (!cfg_64) {
		put(q, 4, sym << 8 | (type & 0xff));
	} else if (g->m->em == EM_MIPS) {
		/* mips64: u32 r_sym, then r_ssym, r_type3, r_type2, r_type */
		put(q, 4, sym);
		q[7] = type;
	} else {
		put(q, 8, sym << 32 | type);
	}
}

static uint32_t reloc_type(struct gen *g, const struct field *f)
{
	if (f->kind == FK_REL)
		return f->size == 8 ? g->m->pc64 : g->m->pc32;
	return f->size == 8 ? g->m->abs64 : g->m->abs32;
}

static void emit_reloc(struct gen *g, uint64_t where, const struct field *f,
		       const struct tgt *t)
{
	unsigned int size = g->use_rel ? REL_SIZE : RELA_SIZE;
	unsigned char *p = buf_grow(&g->img, size);

	setf(p, R_OFFSET, where);
	put_rinfo(g, p, g->ssym[t->kind], reloc_type(g, f));
	if (!g->use_rel)
		setf(p, R_ADDEND, t->off);
}

static void emit_relocs(struct gen *g)
{
	uint64_t base = sec_addr(g, S_TABLE);
	unsigned int es = g->lay->entsize;
	struct tgt t;

	for (size_t i = 0; i < g->n; i++)
		for (int k = 0; k < 3; k++)
			if (entry_target(g, &g->ent[i], k, &t))
				emit_reloc(g, base + i * es + g->lay->f[k].off,
					   &g->lay->f[k], &t);
}

static unsigned int sym_shndx(struct gen *g, const struct sym *s)
{
	return s->kind == S_NULL ? SHN_UNDEF : g->idx[s->kind];
}

static void emit_symtab(struct gen *g)
{
	for (unsigned int i = 0; i < g->nsym; i++) {
		const struct sym *s = &g->syms[i];
		unsigned char *p = buf_grow(&g->img, SYM_SIZE);
		unsigned int shndx = sym_shndx(g, s);
		uint64_t v = s->off;

		if (g->o->etype != ET_REL && s->kind != S_NULL)
			v += sec_addr(g, s->kind);
		setf(p, ST_NAME, s->name);
		setf(p, ST_VALUE, v);
		setf(p, ST_SIZE, s->size);
		setf(p, ST_INFO, s->info);
		setf(p, ST_SHNDX, shndx >= SHN_LORESERVE ? SHN_XINDEX : shndx);
	}
}

static void emit_shndx(struct gen *g)
{
	for (unsigned int i = 0; i < g->nsym; i++) {
		unsigned int shndx = sym_shndx(g, &g->syms[i]);

		put(buf_grow(&g->img, 4), 4,
		    shndx >= SHN_LORESERVE ? shndx : 0);
	}
}

/* address __mcount_loc entry m holds */
static uint64_t mcount_value(struct gen *g, const struct mcount *m)
{
	uint64_t v = sec_addr(g, S_TEXT) + m->off;

	if (m->region != MC_FUNC)
		v += g->weak_off + (m->region - MC_WEAK0) * g->weak_size;
	return addr_mask(v);
}

/* the flag at FLAG_OFF; __mcount_loc at MC_OFF (zero words with RELA) */
static void emit_init(struct gen *g)
{
	size_t n = g->o->mcount ? g->o->mcount_n : 0;
	size_t size = g->o->mcount ? MC_OFF + n * WORD_SIZE + MC_TAIL :
			INIT_SIZE;
	unsigned char *p = buf_grow(&g->img, size);

	memset(p, 0x5a, size);
	if (g->o->has_flag)
		put(p + FLAG_OFF, 4, g->o->flag);
	for (size_t i = 0; i < n; i++)
		put(p + MC_OFF + i * WORD_SIZE, WORD_SIZE, g->o->mcount_rela ?
		    0 : mcount_value(g, &g->mc[i]));
}

static void emit_dyn_reloc(struct gen *g, uint64_t where, uint64_t addend)
{
	unsigned char *p = buf_grow(&g->img, RELA_SIZE);

	setf(p, R_OFFSET, where);
	put_rinfo(g, p, 0, R_AARCH64_RELATIVE);
	setf(p, R_ADDEND, addend);
}

/* R_AARCH64_RELATIVE for each __mcount_loc word, between decoys */
static void emit_rela_dyn(struct gen *g)
{
	uint64_t init = sec_addr(g, S_INIT), data = sec_addr(g, S_DATA);

	emit_dyn_reloc(g, init, sec_addr(g, S_TEXT));
	for (size_t i = 0; i < g->o->mcount_n; i++)
		emit_dyn_reloc(g, init + MC_OFF + i * WORD_SIZE,
			       mcount_value(g, &g->mc[i]));
	emit_dyn_reloc(g, data + 16, sec_addr(g, S_TEXT) + 16);
	emit_dyn_reloc(g, data + 24, sec_addr(g, S_FIXUP));
}

static void emit_orc_header(struct gen *g)
{
	static const unsigned char hash[2][ORC_HDR_SIZE] = {
		{ 0xdb, 0x84, 0xae, 0xd4, 0x10, 0x3b, 0x31, 0xdd, 0x51, 0xe0,
		  0x17, 0xf8, 0xf7, 0x97, 0x83, 0xca, 0x98, 0x5c, 0x2c, 0x51 },
		{ 0xfe, 0x5d, 0x32, 0xbf, 0x58, 0x1b, 0xd6, 0x3b, 0x2c, 0xa9,
		  0xa5, 0xc6, 0x5b, 0xa5, 0xa6, 0x25, 0xea, 0xb3, 0xfe, 0x24 },
	};

	buf_add(&g->img, hash[g->o->orc_ver == 3], ORC_HDR_SIZE);
}

/* .orc_unwind_ip: ip - address of the int */
static void emit_orc_ip(struct gen *g, const struct sec *s)
{
	unsigned char *p = buf_grow(&g->img, 4 * g->o->orc_n);
	uint64_t text = sec_addr(g, S_TEXT);

	for (size_t i = 0; i < g->o->orc_n; i++)
		put(p + 4 * i, 4, text + g->orc[i].ip - (s->addr + 4 * i));
}

static void emit_orc(struct gen *g)
{
	unsigned char *p = buf_grow(&g->img, ORC_ENTSIZE * g->o->orc_n);

	for (size_t i = 0; i < g->o->orc_n; i++, p += ORC_ENTSIZE) {
		put(p, 2, g->orc[i].sp);
		put(p + 2, 2, g->orc[i].bp);
		put(p + 4, 2, g->orc[i].flags);
	}
}

static void emit_orc_relocs(struct gen *g)
{
	uint64_t ip = sec_addr(g, S_ORC_IP);

	for (size_t i = 0; i < g->o->orc_n; i++) {
		unsigned char *p = buf_grow(&g->img, RELA_SIZE);

		setf(p, R_OFFSET, ip + 4 * i);
		put_rinfo(g, p, g->ssym[S_TEXT], R_X86_64_PC32);
		setf(p, R_ADDEND, g->orc[i].ip);
	}
}

static void emit_data(struct gen *g)
{
	unsigned char *p = buf_grow(&g->img, DATA_SIZE);

	memset(p, 0xa5, DATA_SIZE);
	memcpy(p, "mkelf .data", 11);
}

/*
 * Zeros, except on aarch64: there every word is "ldr x0, [x1]", an
 * instruction a user-access entry may name (excheck -Wuaccess-target),
 * and no LDTR/STTR, which would need entries (-Wuaccess-unpaired).
 */
static void emit_text(struct gen *g)
{
	unsigned char *p = buf_grow(&g->img, g->text_size);
	size_t i;

	if (g->o->mach.em != EM_AARCH64)
		return;
	for (i = 0; i + 4 <= g->text_size; i += 4)
		memcpy(p + i, "\x20\x00\x40\xf9", 4);	/* A64 is always LE */
}

static void emit_section(struct gen *g, struct sec *s)
{
	switch (s->kind) {
	case S_TEXT:
		emit_text(g);
		break;
	case S_FIXUP:
		buf_grow(&g->img, g->fixup_size);
		break;
	case S_TABLE:
		emit_table(g, s);
		break;
	case S_INIT:
		emit_init(g);
		break;
	case S_DATA:
		emit_data(g);
		break;
	case S_BTF:
		buf_add(&g->img, g->btf.p, g->btf.len);
		break;
	case S_ORC_HDR:
		emit_orc_header(g);
		break;
	case S_ORC_IP:
		emit_orc_ip(g, s);
		break;
	case S_ORC:
		emit_orc(g);
		break;
	case S_ORC_RELA:
		emit_orc_relocs(g);
		break;
	case S_RELA_DYN:
		emit_rela_dyn(g);
		break;
	case S_RELA:
		emit_relocs(g);
		break;
	case S_SYMTAB:
		emit_symtab(g);
		break;
	case S_SHNDX:
		emit_shndx(g);
		break;
	case S_STRTAB:
		buf_add(&g->img, g->strtab.p, g->strtab.len);
		break;
	case S_SHSTRTAB:
		buf_add(&g->img, g->shstrtab.p, g->shstrtab.len);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* File image                                                         */

static void layout_and_emit(struct gen *g)
{
	bool exec = g->o->etype != ET_REL;

	buf_grow(&g->img, EHDR_SIZE + (exec ? PHDR_SIZE : 0));
	for (unsigned int i = 1; i < g->nsec; i++) {
		struct sec *s = &g->secs[i];

		buf_align(&g->img, s->align);
		s->off = g->img.len;
		if (i == g->idx[S_TEXT])
			g->text_off = s->off;
		if (exec && (s->flags & SHF_ALLOC))
			s->addr = g->base + s->off - g->text_off;
		emit_section(g, s);
		s->size = g->img.len - s->off;
		if (exec && (s->flags & SHF_ALLOC))
			g->load_end = g->img.len;
	}
}

static void write_shdr(unsigned char *p, const struct sec *s)
{
	setf(p, SH_NAME, s->name);
	setf(p, SH_TYPE, s->type);
	setf(p, SH_FLAGS, s->flags);
	setf(p, SH_ADDR, s->addr);
	setf(p, SH_OFFSET, s->off);
	setf(p, SH_SIZE, s->size);
	setf(p, SH_LINK, s->link);
	setf(p, SH_INFO, s->info);
	setf(p, SH_ADDRALIGN, s->align);
	setf(p, SH_ENTSIZE, s->entsize);
}

/* section 0 carries the extended e_shnum / e_shstrndx */
static void fix_sec0(struct gen *g)
{
	struct sec *s0 = &g->secs[0];
	unsigned int strndx = g->idx[S_SHSTRTAB];

	s0->off = 0;
	if (g->nsec >= SHN_LORESERVE)
		s0->size = MF(g->o, MF_HUGE_SHNUM) ? 0x7fffffff : g->nsec;
	if (strndx >= SHN_LORESERVE)
		s0->link = MF(g->o, MF_SHSTRNDX_RANGE) ? g->nsec + 1 : strndx;
}

static void write_shdrs(struct gen *g)
{
	unsigned char *p;
	uint64_t fsize;

	buf_align(&g->img, 8);
	g->shoff = g->img.len;
	fsize = g->shoff + (uint64_t)g->nsec * SHDR_SIZE;
	if (MF(g->o, MF_TABLE_PAST_EOF)) {
		struct sec *t = &g->secs[g->idx[S_TABLE]];

		t->off = fsize + g->lay->entsize - t->size;
	}
	fix_sec0(g);
	p = buf_grow(&g->img, (size_t)g->nsec * SHDR_SIZE);
	for (unsigned int i = 0; i < g->nsec; i++)
		write_shdr(p + (size_t)i * SHDR_SIZE, &g->secs[i]);
}

static void write_phdr(struct gen *g)
{
	unsigned char *p = g->img.p + EHDR_SIZE;
	uint64_t sz = g->load_end - g->text_off;

	setf(p, P_TYPE, PT_LOAD);
	setf(p, P_FLAGS, 7);
	setf(p, P_OFFSET, g->text_off);
	setf(p, P_VADDR, g->base);
	setf(p, P_PADDR, g->base);
	setf(p, P_FILESZ, sz);
	setf(p, P_MEMSZ, sz);
	setf(p, P_ALIGN, PAGE);
}

static void write_ehdr(struct gen *g)
{
	unsigned char *p = g->img.p;
	bool exec = g->o->etype != ET_REL;
	unsigned int shnum = g->nsec < SHN_LORESERVE ? g->nsec : 0;
	unsigned int strndx = g->idx[S_SHSTRTAB];

	if (strndx >= SHN_LORESERVE)
		strndx = SHN_XINDEX;
	else if (MF(g->o, MF_SHSTRNDX_RANGE))
		strndx = g->nsec;
	if (MF(g->o, MF_HUGE_SHNUM) && shnum)
		shnum = 60000;
	memcpy(p, "\177ELF", 4);
	p[4] = cfg_64 ? 2 : 1;
	p[5] = cfg_be ? 2 : 1;
	p[6] = 1;
	setf(p, E_TYPE, g->o->etype);
	setf(p, E_MACHINE, g->m->em);
	setf(p, E_VERSION, 1);
	setf(p, E_ENTRY, exec ? g->base : 0);
	setf(p, E_PHOFF, exec ? EHDR_SIZE : 0);
	setf(p, E_SHOFF, MF(g->o, MF_SHOFF_PAST_EOF) ? g->img.len : g->shoff);
	setf(p, E_FLAGS, g->m->eflags);
	setf(p, E_EHSIZE, EHDR_SIZE);
	setf(p, E_PHENTSIZE, exec ? PHDR_SIZE : 0);
	setf(p, E_PHNUM, exec ? 1 : 0);
	setf(p, E_SHENTSIZE, SHDR_SIZE);
	setf(p, E_SHNUM, shnum);
	setf(p, E_SHSTRNDX, strndx);
	if (exec)
		write_phdr(g);
}

static void write_file(const char *path, const void *p, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	const unsigned char *q = p;

	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	while (len) {
		ssize_t r = write(fd, q, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("%s: write: %s", path, strerror(errno));
		q += r;
		len -= r;
	}
	if (close(fd))
		die("%s: close: %s", path, strerror(errno));
}

static uint64_t pick_base(struct gen *g)
{
	if (g->o->etype == ET_REL)
		return 0;
	if (!cfg_64)
		return BASE32;
	if (g->lay->f[0].kind == FK_ABS && g->lay->f[0].size == 4)
		return BASE_ABS32_64;
	return BASE64;
}

static int cmp_sym_off(const void *a, const void *b)
{
	const struct sym *x = *(const struct sym *const *)a;
	const struct sym *y = *(const struct sym *const *)b;

	return (x->off > y->off) - (x->off < y->off);
}

/* what nm -S prints for the functions in .text, by address */
static void write_nm(struct gen *g, const char *path)
{
	const struct sym **list = calloc(g->nsym, sizeof(*list));
	int w = cfg_64 ? 16 : 8;
	unsigned int n = 0;
	FILE *f;

	if (!list)
		die("out of memory");
	for (unsigned int i = 0; i < g->nsym; i++)
		if (g->syms[i].kind == S_TEXT &&
		    (g->syms[i].info & 0xf) == STT_FUNC)
			list[n++] = &g->syms[i];
	qsort(list, n, sizeof(*list), cmp_sym_off);
	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%0*" PRIx64 " %0*" PRIx64 " %c %s\n", w,
			addr_mask(sec_addr(g, S_TEXT) + list[i]->off), w,
			list[i]->size, list[i]->info >> 4 == STB_WEAK ? 'W' : 'T',
			(const char *)g->strtab.p + list[i]->name);
	if (fclose(f))
		die("%s: write error", path);
	free(list);
}

static void check_make_opts(const struct opts *o)
{
	if (MF(o, MF_INSN_OUTSIDE_TEXT) && !o->n)
		die("--malform insn-outside-text needs -n >= 1");
	if (o->orc && (o->mach.em != EM_X86_64 || !cfg_64 || cfg_be ||
		       o->etype == ET_REL))
		die("--orc needs x86_64, ELF64, little-endian, -t exec or dyn");
	if (o->mcount && o->etype == ET_REL)
		die("--mcount needs -t exec or dyn");
	if (o->mcount_rela && (o->mach.em != EM_AARCH64 || !cfg_64))
		die("--mcount-rela needs aarch64, ELF64");
}

static void make(const struct opts *o, const struct layout *lay)
{
	struct gen g = { .o = o, .m = &o->mach, .lay = lay, .n = o->n };
	size_t len;

	check_make_opts(o);
	g.use_rel = !cfg_64 && g.m->rel;
	g.base = pick_base(&g);
	g.ent = calloc(g.n ? g.n : 1, sizeof(*g.ent));
	if (!g.ent)
		die("out of memory");
	rng_seed(o->seed);
	gen_entries(&g);
	order_entries(&g);
	if (o->orc)
		gen_orc(&g);
	if (o->mcount)
		gen_mcount(&g);
	size_sections(&g);
	build_symbols(&g);
	if (o->btf)
		build_btf(&g);
	plan_sections(&g);
	link_sections(&g);
	/*
	 * Two passes: the first fixes every section's address, so that the
	 * second can fill in forward references (an insn pointing into .data).
	 */
	layout_and_emit(&g);
	g.img.len = 0;
	layout_and_emit(&g);
	write_shdrs(&g);
	write_ehdr(&g);
	len = g.img.len;
	if (o->truncate >= 0 && (uint64_t)o->truncate < len)
		len = o->truncate;
	write_file(o->out, g.img.p, len);
	if (o->nm_file)
		write_nm(&g, o->nm_file);
	free(g.img.p);
	free(g.orc);
	free(g.mc);
	free(g.strtab.p);
	free(g.shstrtab.p);
	free(g.btf.p);
	free(g.secs);
	free(g.syms);
	free(g.ent);
}

/* ------------------------------------------------------------------ */
/* Reading existing files                                             */

struct rd {
	const char *path;
	int fd;
	uint64_t fsize;
	int etype, machine;
	unsigned int shnum, shstrndx;
	unsigned char *sh;	/* all section headers */
	unsigned char *shstr;	/* section name string table */
	uint64_t shstrsz;
};

static bool in_file(struct rd *r, uint64_t off, uint64_t size)
{
	return off <= r->fsize && size <= r->fsize - off;
}

static void *rd_read(struct rd *r, uint64_t off, uint64_t size,
		     const char *what)
{
	unsigned char *p;

	if (!in_file(r, off, size) || size > SIZE_MAX - 1)
		die("%s: %s lies outside the file", r->path, what);
	p = malloc(size + 1);
	if (!p)
		die("out of memory");
	if (size && pread(r->fd, p, size, off) != (ssize_t)size)
		die("%s: cannot read %s", r->path, what);
	return p;
}

static unsigned char *shdr(struct rd *r, unsigned int i)
{
	return r->sh + (size_t)i * SHDR_SIZE;
}

static uint64_t shget(struct rd *r, unsigned int i, enum fld_id f)
{
	return getf(shdr(r, i), f);
}

static void rd_ident(struct rd *r, unsigned char *eh)
{
	ssize_t got = pread(r->fd, eh, 64, 0);

	if (got < 52 || memcmp(eh, "\177ELF", 4))
		die("%s: not an ELF file", r->path);
	if ((eh[4] != 1 && eh[4] != 2) || (eh[5] != 1 && eh[5] != 2))
		die("%s: unknown ELF class or byte order", r->path);
	cfg_64 = eh[4] == 2;
	cfg_be = eh[5] == 2;
	if (got < (ssize_t)EHDR_SIZE)
		die("%s: truncated ELF header", r->path);
}

static void rd_headers(struct rd *r)
{
	unsigned char eh[64];
	uint64_t shoff;

	rd_ident(r, eh);
	r->etype = getf(eh, E_TYPE);
	r->machine = getf(eh, E_MACHINE);
	shoff = getf(eh, E_SHOFF);
	if (!shoff || getf(eh, E_SHENTSIZE) != SHDR_SIZE)
		die("%s: no usable section header table", r->path);
	r->sh = rd_read(r, shoff, SHDR_SIZE, "section header 0");
	r->shnum = getf(eh, E_SHNUM);
	if (!r->shnum)
		r->shnum = shget(r, 0, SH_SIZE) > UINT32_MAX ? UINT32_MAX :
			   shget(r, 0, SH_SIZE);
	r->shstrndx = getf(eh, E_SHSTRNDX);
	if (r->shstrndx == SHN_XINDEX)
		r->shstrndx = shget(r, 0, SH_LINK);
	free(r->sh);
	r->sh = rd_read(r, shoff, (uint64_t)r->shnum * SHDR_SIZE,
			"section header table");
	if (!r->shnum || r->shstrndx >= r->shnum)
		die("%s: bad e_shstrndx", r->path);
	r->shstrsz = shget(r, r->shstrndx, SH_SIZE);
	r->shstr = rd_read(r, shget(r, r->shstrndx, SH_OFFSET), r->shstrsz,
			   "section name table");
}

static void rd_open(struct rd *r, const char *path, bool rw)
{
	struct stat st;

	memset(r, 0, sizeof(*r));
	r->path = path;
	r->fd = open(path, rw ? O_RDWR : O_RDONLY);
	if (r->fd < 0)
		die("%s: %s", path, strerror(errno));
	if (fstat(r->fd, &st))
		die("%s: %s", path, strerror(errno));
	r->fsize = st.st_size;
	rd_headers(r);
}

static void rd_close(struct rd *r)
{
	free(r->sh);
	free(r->shstr);
	close(r->fd);
}

/* name at off in tab[size]; a name ending exactly at the end counts too */
static bool name_is(const unsigned char *tab, uint64_t size, uint64_t off,
		    const char *name)
{
	size_t len = strlen(name);

	if (off > size || len > size - off)
		return false;
	if (memcmp(tab + off, name, len))
		return false;
	return off + len == size || !tab[off + len];
}

static int rd_find(struct rd *r, const char *name)
{
	for (unsigned int i = 1; i < r->shnum; i++)
		if (name_is(r->shstr, r->shstrsz, shget(r, i, SH_NAME), name))
			return i;
	return -1;
}

static int rd_find_type(struct rd *r, unsigned int type)
{
	for (unsigned int i = 1; i < r->shnum; i++)
		if (shget(r, i, SH_TYPE) == type)
			return i;
	return -1;
}

/* section data of section i */
static unsigned char *rd_section(struct rd *r, int i, const char *what)
{
	return rd_read(r, shget(r, i, SH_OFFSET), shget(r, i, SH_SIZE), what);
}

/* extended section index of symbol sym, from the SYMTAB_SHNDX of symtab */
static unsigned int rd_xindex(struct rd *r, int symtab, uint64_t sym)
{
	unsigned char *x;
	unsigned int v;

	for (unsigned int i = 1; i < r->shnum; i++) {
		if (shget(r, i, SH_TYPE) != SHT_SYMTAB_SHNDX ||
		    shget(r, i, SH_LINK) != (uint64_t)symtab)
			continue;
		if (shget(r, i, SH_SIZE) < 4 * (sym + 1))
			die("%s: .symtab_shndx too small", r->path);
		x = rd_read(r, shget(r, i, SH_OFFSET) + 4 * sym, 4,
			    ".symtab_shndx entry");
		v = get(x, 4);
		free(x);
		return v;
	}
	die("%s: SHN_XINDEX symbol but no SHT_SYMTAB_SHNDX section", r->path);
}

struct flagloc {
	unsigned int sec;	/* section index */
	uint64_t value;		/* st_value */
	uint64_t off;		/* file offset */
};

/* index of the first defined symbol called name, 0 if none */
static uint64_t rd_sym_named(struct rd *r, int symtab,
			     const unsigned char *syms, uint64_t nsym,
			     const char *name)
{
	uint64_t stri = shget(r, symtab, SH_LINK);
	unsigned char *str;
	uint64_t strsz, i;
	const unsigned char *s;

	if (!stri || stri >= r->shnum)
		die("%s: .symtab sh_link out of range", r->path);
	strsz = shget(r, stri, SH_SIZE);
	str = rd_section(r, stri, "symbol string table");
	for (i = 1; i < nsym; i++) {
		s = syms + i * SYM_SIZE;
		if (getf(s, ST_SHNDX) != SHN_UNDEF &&
		    name_is(str, strsz, getf(s, ST_NAME), name))
			break;
	}
	free(str);
	return i < nsym ? i : 0;
}

static bool rd_flag_sym(struct rd *r, int symtab, const unsigned char *syms,
			uint64_t nsym, struct flagloc *fl)
{
	uint64_t i = rd_sym_named(r, symtab, syms, nsym,
				  "main_extable_sort_needed");
	const unsigned char *s = syms + i * SYM_SIZE;

	if (!i)
		return false;
	fl->sec = getf(s, ST_SHNDX);
	fl->value = getf(s, ST_VALUE);
	if (fl->sec == SHN_XINDEX)
		fl->sec = rd_xindex(r, symtab, i);
	else if (fl->sec >= SHN_LORESERVE)
		die("%s: flag symbol has a special section index", r->path);
	return true;
}

static bool rd_flag(struct rd *r, struct flagloc *fl)
{
	int symtab = rd_find_type(r, SHT_SYMTAB);
	unsigned char *syms;
	uint64_t nsym;
	bool found;

	if (symtab < 0)
		return false;
	if (shget(r, symtab, SH_ENTSIZE) != SYM_SIZE)
		die("%s: bad .symtab sh_entsize", r->path);
	nsym = shget(r, symtab, SH_SIZE) / SYM_SIZE;
	syms = rd_section(r, symtab, "symbol table");
	found = rd_flag_sym(r, symtab, syms, nsym, fl);
	free(syms);
	if (!found)
		return false;
	if (!fl->sec || fl->sec >= r->shnum)
		die("%s: flag symbol section out of range", r->path);
	fl->off = shget(r, fl->sec, SH_OFFSET) + fl->value;
	if (r->etype != ET_REL)
		fl->off -= shget(r, fl->sec, SH_ADDR);
	return true;
}

/* the flag must be inside its (PROGBITS) section and the file */
static void check_flag(struct rd *r, const struct flagloc *fl)
{
	uint64_t start = r->etype == ET_REL ? 0 : shget(r, fl->sec, SH_ADDR);
	uint64_t size = shget(r, fl->sec, SH_SIZE);

	if (shget(r, fl->sec, SH_TYPE) == SHT_NOBITS)
		die("%s: flag's section is SHT_NOBITS", r->path);
	if (fl->value < start || size < 4 || fl->value - start > size - 4)
		die("%s: flag lies outside its section", r->path);
	if (!in_file(r, fl->off, 4))
		die("%s: flag lies outside the file", r->path);
}

/* ------------------------------------------------------------------ */
/* Table access on existing files                                     */

struct table {
	uint64_t off, addr;
	size_t n;
	unsigned char *data;
};

static void load_table(struct rd *r, const struct layout *l, struct table *t)
{
	int i = rd_find(r, "__ex_table");
	uint64_t size;

	if (i < 0)
		die("%s: no __ex_table section", r->path);
	if (shget(r, i, SH_TYPE) == SHT_NOBITS)
		die("%s: __ex_table is SHT_NOBITS", r->path);
	size = shget(r, i, SH_SIZE);
	if (size % l->entsize)
		die("%s: __ex_table size %" PRIu64 " is not a multiple of %u",
		    r->path, size, l->entsize);
	t->off = shget(r, i, SH_OFFSET);
	t->addr = shget(r, i, SH_ADDR);
	t->n = size / l->entsize;
	t->data = rd_read(r, t->off, size, "__ex_table");
}

static void store_table(struct rd *r, const struct layout *l,
			const struct table *t)
{
	size_t size = t->n * l->entsize;

	if (pwrite(r->fd, t->data, size, t->off) != (ssize_t)size)
		die("%s: write: %s", r->path, strerror(errno));
}

/* value of field f of the entry at address eaddr: absolute if relative */
static uint64_t field_value(const unsigned char *e, const struct field *f,
			    uint64_t eaddr)
{
	uint64_t v = get(e + f->off, f->size);

	if (f->kind == FK_REL)
		v = eaddr + f->off + sext(v, f->size);
	return addr_mask(v);
}

static void print_col(const unsigned char *e, const struct field *f,
		      uint64_t eaddr)
{
	int w = f->kind == FK_RAW ? 8 : cfg_64 ? 16 : 8;

	printf("%0*" PRIx64, w, field_value(e, f, eaddr));
}

static void dump_extra(const struct layout *l, const unsigned char *e,
		       uint64_t eaddr)
{
	const struct field *f = &l->f[2];

	putchar(' ');
	if (l->extra == X_TYPEDATA)
		printf("%04" PRIx64 ":%04" PRIx64, get(e + f->off, 2),
		       get(e + f->off + 2, 2));
	else if (l->extra == X_HANDLER && !get(e + f->off, f->size))
		printf("%0*d", cfg_64 ? 16 : 8, 0);
	else
		print_col(e, f, eaddr);
}

static void dump_table(const struct layout *l, const struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const unsigned char *e = t->data + i * l->entsize;
		uint64_t eaddr = t->addr + i * l->entsize;

		print_col(e, &l->f[0], eaddr);
		putchar(' ');
		print_col(e, &l->f[1], eaddr);
		if (l->extra != X_NONE)
			dump_extra(l, e, eaddr);
		putchar('\n');
	}
}

/* copy an entry from address saddr to daddr, keeping its targets */
static void move_entry(const struct layout *l, unsigned char *dst,
		       uint64_t daddr, const unsigned char *src, uint64_t saddr)
{
	memcpy(dst, src, l->entsize);
	for (int k = 0; k < 3; k++) {
		const struct field *f = &l->f[k];
		uint64_t v;

		if (f->kind != FK_REL)
			continue;
		v = get(src + f->off, f->size);
		if (k == 2 && l->extra == X_HANDLER && !v)
			continue;	/* "no handler" stays 0 */
		put(dst + f->off, f->size, v + saddr - daddr);
	}
}

/* new entry j is old entry perm[j] */
static void permute_table(const struct layout *l, struct table *t,
			  const size_t *perm)
{
	unsigned int es = l->entsize;
	unsigned char *out = malloc(t->n * es + 1);

	if (!out)
		die("out of memory");
	for (size_t j = 0; j < t->n; j++)
		move_entry(l, out + j * es, t->addr + j * es,
			   t->data + perm[j] * es, t->addr + perm[j] * es);
	free(t->data);
	t->data = out;
}

static size_t *identity(size_t n)
{
	size_t *perm = malloc((n + 1) * sizeof(*perm));

	if (!perm)
		die("out of memory");
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	return perm;
}

static void shuffle_perm(size_t *perm, size_t n, uint64_t seed)
{
	rng_seed(seed);
	for (size_t i = n ? n - 1 : 0; i > 0; i--) {
		size_t j = rng_below(i + 1), x = perm[i];

		perm[i] = perm[j];
		perm[j] = x;
	}
}

static void rewrite_table(const struct opts *o, const struct layout *l)
{
	struct rd r;
	struct table t;
	size_t *perm;

	rd_open(&r, o->out, true);
	load_table(&r, l, &t);
	perm = identity(t.n);
	if (o->mode == M_SHUFFLE) {
		shuffle_perm(perm, t.n, o->arg1);
	} else {
		if (o->arg1 >= t.n || o->arg2 >= t.n)
			die("%s: --swap index out of range (%zu entries)",
			    r.path, t.n);
		perm[o->arg1] = o->arg2;
		perm[o->arg2] = o->arg1;
	}
	permute_table(l, &t, perm);
	store_table(&r, l, &t);
	free(perm);
	free(t.data);
	rd_close(&r);
}

static void do_dump(const struct opts *o, const struct layout *l)
{
	struct rd r;
	struct table t;

	rd_open(&r, o->out, false);
	load_table(&r, l, &t);
	dump_table(l, &t);
	free(t.data);
	rd_close(&r);
}

static void do_where(const struct opts *o, const struct layout *l)
{
	struct rd r;
	struct flagloc fl;
	int i;

	rd_open(&r, o->out, false);
	i = rd_find(&r, "__ex_table");
	if (i < 0)
		printf("table none\n");
	else
		printf("table %" PRIu64 " %" PRIu64, shget(&r, i, SH_OFFSET),
		       shget(&r, i, SH_SIZE));
	if (i >= 0 && l)
		printf(" %u", l->entsize);
	if (i >= 0)
		putchar('\n');
	if (rd_flag(&r, &fl))
		printf("flag %" PRIu64 "\n", fl.off);
	else
		printf("flag none\n");
	i = rd_find(&r, ".rela__ex_table");
	if (i < 0)
		i = rd_find(&r, ".rel__ex_table");
	if (i >= 0)
		printf("relocs %" PRIu64 " %" PRIu64 "\n",
		       shget(&r, i, SH_OFFSET), shget(&r, i, SH_SIZE));
	rd_close(&r);
}

static void do_set_flag(const struct opts *o)
{
	struct rd r;
	struct flagloc fl;
	unsigned char v[4];

	rd_open(&r, o->out, true);
	if (!rd_flag(&r, &fl))
		die("%s: no main_extable_sort_needed symbol", r.path);
	check_flag(&r, &fl);
	put(v, 4, o->arg1);
	if (pwrite(r.fd, v, 4, fl.off) != 4)
		die("%s: write: %s", r.path, strerror(errno));
	rd_close(&r);
}

/* ------------------------------------------------------------------ */
/* --check-relocs and --set-field                                     */

/* r_info of a record: symbol index and (first) type */
static void get_rinfo(const unsigned char *rec, int machine, uint64_t *sym,
		      uint32_t *type)
{
	const unsigned char *q = rec + flds[R_INFO].off[cfg_64];
	uint64_t v;

	if (!cfg_64) {
		v = get(q, 4);
		*sym = v >> 8;
		*type = v & 0xff;
	} else if (machine == EM_MIPS) {
		*sym = get(q, 4);
		*type = q[7];
	} else {
		v = get(q, 8);
		*sym = v >> 32;
		*type = v & 0xffffffff;
	}
}

/* the field of layout l that starts at byte @off of an entry, or -1 */
static int field_at(const struct layout *l, uint64_t off)
{
	for (int k = 0; k < 3; k++)
		if (l->f[k].size && l->f[k].kind != FK_RAW && l->f[k].off == off)
			return k;
	return -1;
}

/*
 * Every record of the table's relocation section must sit on an address
 * field, and in RELA, S + A must be what the field decodes to.
 */
static void do_check_relocs(const struct opts *o, const struct layout *l)
{
	struct rd r;
	struct table t;
	unsigned char eh[20], *recs, *syms;
	int rs, symtab, machine;
	uint64_t recsize, n, nsym, i;
	bool rela;

	rd_open(&r, o->out, false);
	load_table(&r, l, &t);
	if (pread(r.fd, eh, sizeof(eh), 0) != (ssize_t)sizeof(eh))
		die("%s: cannot read the ELF header", r.path);
	machine = (int)get(eh + 18, 2);
	rs = rd_find(&r, ".rela__ex_table");
	if (rs < 0)
		rs = rd_find(&r, ".rel__ex_table");
	if (rs < 0)
		die("%s: no relocation section for __ex_table", r.path);
	rela = shget(&r, rs, SH_TYPE) == SHT_RELA;
	recsize = rela ? RELA_SIZE : REL_SIZE;
	n = shget(&r, rs, SH_SIZE) / recsize;
	recs = rd_section(&r, rs, "relocations");
	symtab = rd_find_type(&r, SHT_SYMTAB);
	if (symtab < 0)
		die("%s: no symbol table", r.path);
	nsym = shget(&r, symtab, SH_SIZE) / SYM_SIZE;
	syms = rd_section(&r, symtab, "symbol table");
	for (i = 0; i < n; i++) {
		const unsigned char *rec = recs + i * recsize;
		uint64_t where = getf(rec, R_OFFSET), sym, rel, want;
		uint32_t type;
		int k;

		get_rinfo(rec, machine, &sym, &type);
		rel = where - t.addr;
		if (where < t.addr || rel >= t.n * l->entsize ||
		    (k = field_at(l, rel % l->entsize)) < 0) {
			printf("record %" PRIu64 ": offset %" PRIx64
			       " is not on an address field\n", i, where);
			exit(1);
		}
		if (!rela || sym >= nsym)
			continue;
		want = addr_mask(getf(syms + sym * SYM_SIZE, ST_VALUE) +
				 getf(rec, R_ADDEND));
		if (field_value(t.data + rel - rel % l->entsize, &l->f[k],
				where - rel % l->entsize) != want) {
			printf("record %" PRIu64 ": field at %" PRIx64
			       " does not decode to S + A = %" PRIx64 "\n",
			       i, where, want);
			exit(1);
		}
	}
	printf("relocs %" PRIu64 " ok\n", n);
	free(recs);
	free(syms);
	free(t.data);
	rd_close(&r);
}

/* --set-field I,K,V: field K (0 insn, 1 fixup, 2 extra) of entry I */
static void do_set_field(const struct opts *o, const struct layout *l)
{
	struct rd r;
	struct table t;
	const struct field *f;
	unsigned char *e;
	uint64_t eaddr, v = o->arg3;

	rd_open(&r, o->out, true);
	load_table(&r, l, &t);
	if (o->arg1 >= t.n || o->arg2 > 2 || !l->f[o->arg2].size)
		die("%s: --set-field: no such entry or field", r.path);
	f = &l->f[o->arg2];
	e = t.data + o->arg1 * l->entsize;
	eaddr = t.addr + o->arg1 * l->entsize;
	if (f->kind == FK_REL)
		v -= eaddr + f->off;
	put(e + f->off, f->size, v);
	store_table(&r, l, &t);
	free(t.data);
	rd_close(&r);
}

/* ------------------------------------------------------------------ */
/* ORC and __mcount_loc of existing files                             */

static void rd_write(struct rd *r, const void *p, uint64_t size, uint64_t off)
{
	const unsigned char *q = p;

	while (size) {
		ssize_t n = pwrite(r->fd, q, size, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: write: %s", r->path, strerror(errno));
		q += n;
		off += n;
		size -= n;
	}
}

/* a section that must exist and have contents */
static int rd_need(struct rd *r, const char *name)
{
	int i = rd_find(r, name);

	if (i < 0)
		die("%s: no %s section", r->path, name);
	if (shget(r, i, SH_TYPE) == SHT_NOBITS)
		die("%s: %s is SHT_NOBITS", r->path, name);
	return i;
}

struct orctab {
	uint64_t ipoff, ipaddr, off;	/* .orc_unwind_ip, .orc_unwind */
	size_t n;
	unsigned char *ip, *orc;
};

static void load_orc(struct rd *r, struct orctab *t)
{
	int ii = rd_need(r, ".orc_unwind_ip"), io = rd_need(r, ".orc_unwind");
	uint64_t isize = shget(r, ii, SH_SIZE), osize = shget(r, io, SH_SIZE);

	if (isize % 4 || osize % ORC_ENTSIZE ||
	    isize / 4 != osize / ORC_ENTSIZE)
		die("%s: .orc_unwind_ip (%" PRIu64 " bytes) and .orc_unwind "
		    "(%" PRIu64 " bytes) do not match", r->path, isize, osize);
	t->n = isize / 4;
	t->ipoff = shget(r, ii, SH_OFFSET);
	t->ipaddr = shget(r, ii, SH_ADDR);
	t->off = shget(r, io, SH_OFFSET);
	t->ip = rd_read(r, t->ipoff, isize, ".orc_unwind_ip");
	t->orc = rd_read(r, t->off, osize, ".orc_unwind");
}

static uint64_t orc_ip(const struct orctab *t, size_t i)
{
	return t->ipaddr + 4 * i + sext(get(t->ip + 4 * i, 4), 4);
}

/* an undefined entry (terminator) under ORC version ver */
static bool orc_undefined(uint64_t flags, int ver)
{
	static const uint16_t mask[4] = { 0, 0x040f, 0x080f, 0x0700 };

	return !(flags & mask[ver]);
}

/* "ADDR U SPOFF BPOFF FLAGS" per entry */
static void do_dump_orc(const struct opts *o)
{
	struct rd r;
	struct orctab t;

	rd_open(&r, o->out, false);
	load_orc(&r, &t);
	for (size_t i = 0; i < t.n; i++) {
		const unsigned char *e = t.orc + i * ORC_ENTSIZE;
		uint64_t flags = get(e + 4, 2);

		printf("%016" PRIx64 " %d %04" PRIx64 " %04" PRIx64 " %04"
		       PRIx64 "\n", orc_ip(&t, i),
		       orc_undefined(flags, o->arg1), get(e, 2),
		       get(e + 2, 2), flags);
	}
	free(t.ip);
	free(t.orc);
	rd_close(&r);
}

static void do_shuffle_orc(const struct opts *o)
{
	struct rd r;
	struct orctab t;
	unsigned char *ip, *orc;
	size_t *perm;

	rd_open(&r, o->out, true);
	load_orc(&r, &t);
	perm = identity(t.n);
	shuffle_perm(perm, t.n, o->arg1);
	ip = malloc(4 * t.n + 1);
	orc = malloc(ORC_ENTSIZE * t.n + 1);
	if (!ip || !orc)
		die("out of memory");
	for (size_t j = 0; j < t.n; j++) {
		put(ip + 4 * j, 4, orc_ip(&t, perm[j]) - (t.ipaddr + 4 * j));
		memcpy(orc + j * ORC_ENTSIZE, t.orc + perm[j] * ORC_ENTSIZE,
		       ORC_ENTSIZE);
	}
	rd_write(&r, ip, 4 * t.n, t.ipoff);
	rd_write(&r, orc, ORC_ENTSIZE * t.n, t.off);
	free(ip);
	free(orc);
	free(perm);
	free(t.ip);
	free(t.orc);
	rd_close(&r);
}

struct mctab {
	uint64_t start, off;	/* address and file offset of slot 0 */
	size_t n;
	unsigned char *words;
	uint64_t *val;		/* value of each slot */
	int rela;		/* .rela.dyn holding the values, or -1 */
	unsigned char *recs;	/* its records */
	size_t *rec;		/* record of each slot, SIZE_MAX: none */
};

/* section and value of a symbol that must exist */
static unsigned int rd_need_sym(struct rd *r, int symtab,
				const unsigned char *syms, uint64_t nsym,
				const char *name, uint64_t *value)
{
	uint64_t i = rd_sym_named(r, symtab, syms, nsym, name);
	unsigned int sec;

	if (!i)
		die("%s: no %s symbol", r->path, name);
	sec = getf(syms + i * SYM_SIZE, ST_SHNDX);
	*value = getf(syms + i * SYM_SIZE, ST_VALUE);
	if (sec == SHN_XINDEX)
		sec = rd_xindex(r, symtab, i);
	if (!sec || sec >= r->shnum)
		die("%s: %s has no usable section", r->path, name);
	return sec;
}

/* __start_mcount_loc .. __stop_mcount_loc */
static void mcount_words(struct rd *r, struct mctab *t)
{
	int symtab = rd_find_type(r, SHT_SYMTAB);
	unsigned char *syms;
	uint64_t nsym, start, stop, base, size;
	unsigned int sec, sec2;

	if (symtab < 0)
		die("%s: no symbol table", r->path);
	if (shget(r, symtab, SH_ENTSIZE) != SYM_SIZE)
		die("%s: bad .symtab sh_entsize", r->path);
	nsym = shget(r, symtab, SH_SIZE) / SYM_SIZE;
	syms = rd_section(r, symtab, "symbol table");
	sec = rd_need_sym(r, symtab, syms, nsym, "__start_mcount_loc", &start);
	sec2 = rd_need_sym(r, symtab, syms, nsym, "__stop_mcount_loc", &stop);
	free(syms);
	base = r->etype == ET_REL ? 0 : shget(r, sec, SH_ADDR);
	size = shget(r, sec, SH_SIZE);
	if (sec != sec2 || shget(r, sec, SH_TYPE) == SHT_NOBITS ||
	    start < base || stop < start || stop - base > size ||
	    (stop - start) % WORD_SIZE)
		die("%s: bad __start_mcount_loc/__stop_mcount_loc", r->path);
	t->start = start;
	t->n = (stop - start) / WORD_SIZE;
	t->off = shget(r, sec, SH_OFFSET) + (start - base);
	t->words = rd_read(r, t->off, stop - start, "__mcount_loc");
}

/* aarch64: zero words, values in R_AARCH64_RELATIVE records */
static void mcount_relocs(struct rd *r, struct mctab *t)
{
	uint64_t nrec, where, sym, slot;
	uint32_t type;
	int i;

	for (size_t k = 0; k < t->n; k++)
		if (t->val[k])
			return;
	i = rd_find(r, ".rela.dyn");
	if (!t->n || !cfg_64 || r->machine != EM_AARCH64 || i < 0 ||
	    shget(r, i, SH_TYPE) != SHT_RELA)
		return;
	nrec = shget(r, i, SH_SIZE) / RELA_SIZE;
	t->recs = rd_section(r, i, ".rela.dyn");
	for (uint64_t k = 0; k < nrec; k++) {
		const unsigned char *rec = t->recs + k * RELA_SIZE;

		get_rinfo(rec, r->machine, &sym, &type);
		where = getf(rec, R_OFFSET);
		if (type != R_AARCH64_RELATIVE || where < t->start ||
		    where - t->start >= t->n * WORD_SIZE ||
		    (where - t->start) % WORD_SIZE)
			continue;
		slot = (where - t->start) / WORD_SIZE;
		if (t->rec[slot] != SIZE_MAX)
			continue;
		t->rec[slot] = k;
		t->val[slot] = getf(rec, R_ADDEND);
		t->rela = i;
	}
}

static void load_mcount(struct rd *r, struct mctab *t)
{
	memset(t, 0, sizeof(*t));
	t->rela = -1;
	mcount_words(r, t);
	t->val = malloc((t->n + 1) * sizeof(*t->val));
	t->rec = malloc((t->n + 1) * sizeof(*t->rec));
	if (!t->val || !t->rec)
		die("out of memory");
	for (size_t k = 0; k < t->n; k++) {
		t->val[k] = get(t->words + k * WORD_SIZE, WORD_SIZE);
		t->rec[k] = SIZE_MAX;
	}
	mcount_relocs(r, t);
}

static void free_mcount(struct mctab *t)
{
	free(t->words);
	free(t->val);
	free(t->recs);
	free(t->rec);
}

static void do_dump_mcount(const struct opts *o)
{
	struct rd r;
	struct mctab t;

	rd_open(&r, o->out, false);
	load_mcount(&r, &t);
	for (size_t k = 0; k < t.n; k++)
		printf("%0*" PRIx64 "\n", cfg_64 ? 16 : 8, t.val[k]);
	free_mcount(&t);
	rd_close(&r);
}

/*
 * Permute the values: the words, or the addends of the records (slots
 * without a record keep their zero word).
 */
static void do_shuffle_mcount(const struct opts *o)
{
	struct rd r;
	struct mctab t;
	size_t *slot, *perm, m = 0;
	uint64_t *val;

	rd_open(&r, o->out, true);
	load_mcount(&r, &t);
	slot = malloc((t.n + 1) * sizeof(*slot));
	val = malloc((t.n + 1) * sizeof(*val));
	if (!slot || !val)
		die("out of memory");
	for (size_t k = 0; k < t.n; k++)
		if (t.rela < 0 || t.rec[k] != SIZE_MAX)
			slot[m++] = k;
	perm = identity(m);
	shuffle_perm(perm, m, o->arg1);
	for (size_t j = 0; j < m; j++)
		val[j] = t.val[slot[perm[j]]];
	for (size_t j = 0; j < m; j++) {
		if (t.rela < 0)
			put(t.words + slot[j] * WORD_SIZE, WORD_SIZE, val[j]);
		else
			setf(t.recs + t.rec[slot[j]] * RELA_SIZE, R_ADDEND,
			     val[j]);
	}
	if (t.rela < 0)
		rd_write(&r, t.words, t.n * WORD_SIZE, t.off);
	else
		rd_write(&r, t.recs, shget(&r, t.rela, SH_SIZE),
			 shget(&r, t.rela, SH_OFFSET));
	free(slot);
	free(val);
	free(perm);
	free_mcount(&t);
	rd_close(&r);
}

/* ------------------------------------------------------------------ */
/* Command line                                                       */

static void usage(FILE *f)
{
	fputs(
"usage: mkelf [OPTIONS] OUT\n"
"  make:   -m MACHINE -c 32|64 -e le|be -l LAYOUT -n N\n"
"          -o sorted|reverse|random|dups -s SEED -f 1|0|none\n"
"          -t exec|dyn|rel --emit-relocs --btf --btf-size N\n"
"          --many-sections --insn-align N --malform KIND --truncate N\n"
"          --orc N [--orc-version 1|2|3] [--orc-header]\n"
"            (x86_64 ELF64 LE, exec|dyn; version 3 always has a header)\n"
"          --mcount N [--mcount-rela] [--nm-file PATH] (exec|dyn;\n"
"            --mcount-rela: aarch64 ELF64 only)\n"
"  read:   --where [-l LAYOUT] | --dump -l LAYOUT | --dump-orc V\n"
"          | --dump-mcount\n"
"  modify: --shuffle SEED -l LAYOUT | --swap I,J -l LAYOUT | --set-flag V\n"
"          --set-field I,K,V -l LAYOUT (field K 0/1/2 of entry I := V,\n"
"            an absolute target for relative fields)\n"
"          --shuffle-orc SEED | --shuffle-mcount SEED\n"
"  verify: --check-relocs -l LAYOUT (records on fields; RELA: S + A)\n"
"layouts: abs32 abs64 rel8 rel12-handler rel12-data rel12-typedata\n"
"         rel16-handler rel12-opcode alpha-rel8\n"
"machines: x86_64 i386 aarch64 arm ppc ppc64 s390 riscv loongarch parisc\n"
"          mips sparc sparcv9 alpha ia64 microblaze xtensa arc sh m68k,\n"
"          or any e_machine number\n"
"malform: shoff-past-eof table-not-multiple shlink-range\n"
"         strtab-unterminated flag-nobits table-past-eof shstrndx-range\n"
"         symtab-entsize flag-offset-range insn-outside-text\n"
"         xindex-missing huge-shnum (may repeat)\n"
"defaults: -m x86_64 -n 16 -o sorted -s 1 -f 1 -t exec --insn-align 4\n"
"          --orc-version 3;\n"
"          class, byte order and layout follow the machine\n", f);
}

static uint64_t parse_num(const char *s, const char *what)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *s == '-' || *end || errno)
		die("bad %s '%s'", what, s);
	return v;
}

static int parse_word(const char *s, const char *const *words, int n,
		      const char *what)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, words[i]))
			return i;
	die("bad %s '%s'", what, s);
}

static void parse_swap(struct opts *o, const char *s)
{
	const char *comma = strchr(s, ',');
	char first[32];

	if (!comma || comma - s >= (ptrdiff_t)sizeof(first))
		die("bad --swap '%s' (want I,J)", s);
	memcpy(first, s, comma - s);
	first[comma - s] = 0;
	o->arg1 = parse_num(first, "--swap index");
	o->arg2 = parse_num(comma + 1, "--swap index");
}

/* I,K,V for --set-field */
static void parse_set_field(struct opts *o, const char *s)
{
	char buf[96], *a, *b;

	if (strlen(s) >= sizeof(buf))
		die("bad --set-field '%s' (want I,K,V)", s);
	strcpy(buf, s);
	a = strchr(buf, ',');
	b = a ? strchr(a + 1, ',') : NULL;
	if (!a || !b)
		die("bad --set-field '%s' (want I,K,V)", s);
	*a++ = 0;
	*b++ = 0;
	o->arg1 = parse_num(buf, "--set-field entry");
	o->arg2 = parse_num(a, "--set-field field");
	o->arg3 = parse_num(b, "--set-field value");
}

static void set_mode(struct opts *o, int mode)
{
	if (o->mode != M_MAKE)
		die("only one of --where --dump --shuffle --swap --set-flag");
	o->mode = mode;
}

enum {
	OPT_EMIT_RELOCS = 256, OPT_BTF, OPT_BTF_SIZE, OPT_MANY, OPT_ALIGN,
	OPT_MALFORM, OPT_TRUNCATE, OPT_WHERE, OPT_DUMP, OPT_SHUFFLE,
	OPT_SWAP, OPT_SET_FLAG, OPT_CHECK_RELOCS, OPT_SET_FIELD,
	OPT_ORC, OPT_ORC_VERSION, OPT_ORC_HEADER, OPT_MCOUNT, OPT_MCOUNT_RELA,
	OPT_NM_FILE, OPT_DUMP_ORC, OPT_SHUFFLE_ORC, OPT_DUMP_MCOUNT,
	OPT_SHUFFLE_MCOUNT,
};

static const struct option long_opts[] = {
	{ "emit-relocs", no_argument, NULL, OPT_EMIT_RELOCS },
	{ "btf", no_argument, NULL, OPT_BTF },
	{ "btf-size", required_argument, NULL, OPT_BTF_SIZE },
	{ "many-sections", no_argument, NULL, OPT_MANY },
	{ "insn-align", required_argument, NULL, OPT_ALIGN },
	{ "malform", required_argument, NULL, OPT_MALFORM },
	{ "truncate", required_argument, NULL, OPT_TRUNCATE },
	{ "where", no_argument, NULL, OPT_WHERE },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "shuffle", required_argument, NULL, OPT_SHUFFLE },
	{ "swap", required_argument, NULL, OPT_SWAP },
	{ "set-flag", required_argument, NULL, OPT_SET_FLAG },
	{ "check-relocs", no_argument, NULL, OPT_CHECK_RELOCS },
	{ "set-field", required_argument, NULL, OPT_SET_FIELD },
	{ "orc", required_argument, NULL, OPT_ORC },
	{ "orc-version", required_argument, NULL, OPT_ORC_VERSION },
	{ "orc-header", no_argument, NULL, OPT_ORC_HEADER },
	{ "mcount", required_argument, NULL, OPT_MCOUNT },
	{ "mcount-rela", no_argument, NULL, OPT_MCOUNT_RELA },
	{ "nm-file", required_argument, NULL, OPT_NM_FILE },
	{ "dump-orc", required_argument, NULL, OPT_DUMP_ORC },
	{ "shuffle-orc", required_argument, NULL, OPT_SHUFFLE_ORC },
	{ "dump-mcount", no_argument, NULL, OPT_DUMP_MCOUNT },
	{ "shuffle-mcount", required_argument, NULL, OPT_SHUFFLE_MCOUNT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void parse_short(struct opts *o, int c, const char *arg)
{
	static const char *const orders[] = { "sorted", "reverse", "random",
					      "dups" };
	static const char *const types[] = { "rel", "exec", "dyn" };
	static const char *const classes[] = { "32", "64" };
	static const char *const endians[] = { "le", "be" };
	uint64_t v;

	switch (c) {
	case 'm':
		find_machine(arg, &o->mach);
		o->have_mach = true;
		break;
	case 'c':
		o->cls = 32 * (1 + parse_word(arg, classes, 2, "class"));
		break;
	case 'e':
		o->be = parse_word(arg, endians, 2, "byte order");
		break;
	case 'l':
		o->layout = find_layout(arg);
		break;
	case 'n':
		o->n = parse_num(arg, "entry count");
		if (o->n > MAX_ENTRIES)
			die("-n %s: at most %lu entries", arg, MAX_ENTRIES);
		break;
	case 'o':
		o->order = parse_word(arg, orders, 4, "order");
		break;
	case 's':
		o->seed = parse_num(arg, "seed");
		break;
	case 'f':
		o->has_flag = strcmp(arg, "none") != 0;
		v = o->has_flag ? parse_num(arg, "flag value") : 0;
		if (v > UINT32_MAX)
			die("flag value '%s' too large", arg);
		o->flag = v;
		break;
	case 't':
		o->etype = 1 + parse_word(arg, types, 3, "type");
		break;
	default:
		usage(stderr);
		exit(2);
	}
}

static unsigned long parse_count(const char *s, const char *what)
{
	uint64_t v = parse_num(s, what);

	if (v > MAX_ENTRIES)
		die("%s %s: at most %lu entries", what, s, MAX_ENTRIES);
	return v;
}

static int parse_orc_version(const char *s)
{
	uint64_t v = parse_num(s, "ORC version");

	if (v < 1 || v > 3)
		die("ORC version must be 1, 2 or 3");
	return v;
}

/* ORC and __mcount_loc options */
static void parse_tables(struct opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_ORC:
		o->orc = true;
		o->orc_n = parse_count(arg, "--orc");
		break;
	case OPT_ORC_VERSION:
		o->orc_ver = parse_orc_version(arg);
		break;
	case OPT_ORC_HEADER:
		o->orc_header = true;
		break;
	case OPT_MCOUNT:
		o->mcount = true;
		o->mcount_n = parse_count(arg, "--mcount");
		break;
	case OPT_MCOUNT_RELA:
		o->mcount_rela = true;
		break;
	case OPT_NM_FILE:
		o->nm_file = arg;
		break;
	case OPT_DUMP_ORC:
		set_mode(o, M_DUMP_ORC);
		o->arg1 = parse_orc_version(arg);
		break;
	case OPT_SHUFFLE_ORC:
		set_mode(o, M_SHUFFLE_ORC);
		o->arg1 = parse_num(arg, "--shuffle-orc seed");
		break;
	case OPT_DUMP_MCOUNT:
		set_mode(o, M_DUMP_MCOUNT);
		break;
	case OPT_SHUFFLE_MCOUNT:
		set_mode(o, M_SHUFFLE_MCOUNT);
		o->arg1 = parse_num(arg, "--shuffle-mcount seed");
		break;
	default:
		parse_short(o, c, arg);
	}
}

static void parse_long(struct opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_EMIT_RELOCS:
		o->emit_relocs = true;
		break;
	case OPT_BTF:
		o->btf = true;
		break;
	case OPT_BTF_SIZE:
		o->btf = true;
		o->btf_size = parse_num(arg, "--btf-size") & 0xffffffff;
		break;
	case OPT_MANY:
		o->many = true;
		break;
	case OPT_ALIGN:
		o->align = parse_num(arg, "--insn-align");
		if (!o->align || o->align > 16 || (o->align & (o->align - 1)))
			die("--insn-align must be 1, 2, 4, 8 or 16");
		break;
	case OPT_MALFORM:
		o->malform |= 1u << parse_word(arg, malform_names, NMALFORM,
					       "--malform kind");
		break;
	case OPT_TRUNCATE:
		o->truncate = parse_num(arg, "--truncate") & INT64_MAX;
		break;
	default:
		parse_tables(o, c, arg);
	}
}

static void parse_mode(struct opts *o, int c, const char *arg)
{
	switch (c) {
	case OPT_WHERE:
		set_mode(o, M_WHERE);
		break;
	case OPT_DUMP:
		set_mode(o, M_DUMP);
		break;
	case OPT_SHUFFLE:
		set_mode(o, M_SHUFFLE);
		o->arg1 = parse_num(arg, "--shuffle seed");
		break;
	case OPT_SWAP:
		set_mode(o, M_SWAP);
		parse_swap(o, arg);
		break;
	case OPT_CHECK_RELOCS:
		set_mode(o, M_CHECK_RELOCS);
		break;
	case OPT_SET_FIELD:
		set_mode(o, M_SET_FIELD);
		parse_set_field(o, arg);
		break;
	case OPT_SET_FLAG:
		set_mode(o, M_SET_FLAG);
		o->arg1 = parse_num(arg, "--set-flag value");
		if (o->arg1 > UINT32_MAX)
			die("--set-flag value too large");
		break;
	case 'h':
		usage(stdout);
		exit(0);
	default:
		parse_long(o, c, arg);
	}
}

static void parse_args(struct opts *o, int argc, char **argv)
{
	int c;

	*o = (struct opts){ .be = -1, .layout = -2, .n = 16, .seed = 1,
			    .has_flag = true, .flag = 1, .etype = ET_EXEC,
			    .btf_size = -1, .align = 4, .truncate = -1 };
	find_machine("x86_64", &o->mach);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "m:c:e:l:n:o:s:f:t:h", long_opts,
				NULL)) != -1) {
		if (c == '?' || c == ':')
			die("bad option '%s' (try -h)", argv[optind - 1]);
		parse_mode(o, c, optarg);
	}
	if (optind != argc - 1)
		die(optind < argc ? "only one OUT file, please" :
		    "missing OUT file (try -h)");
	o->out = argv[optind];
	if (MF(o, MF_XINDEX_MISSING))
		o->many = true;
	if (!o->orc && (o->orc_ver || o->orc_header))
		die("--orc-version and --orc-header need --orc");
	if (o->orc_header && o->orc_ver == 1)
		die("--orc-header: ORC version 1 has no header");
	if (!o->orc_ver)
		o->orc_ver = 3;
	if ((o->mcount_rela || o->nm_file) && !o->mcount)
		die("--mcount-rela and --nm-file need --mcount");
}

/* class, byte order and layout of the file to make */
static const struct layout *resolve(const struct opts *o)
{
	int l = o->layout;

	cfg_64 = (o->cls ? o->cls : o->mach.cls) == 64;
	cfg_be = o->be >= 0 ? o->be : o->mach.be;
	if (l == -2)
		l = o->mach.layout;
	if (l == L_ABS)
		l = cfg_64 ? L_ABS64 : L_ABS32;
	return &layouts[l];
}

int main(int argc, char **argv)
{
	struct opts o;
	const struct layout *l;

	parse_args(&o, argc, argv);
	l = o.layout >= 0 ? &layouts[o.layout] : NULL;
	if (!l && (o.mode == M_DUMP || o.mode == M_SHUFFLE ||
		   o.mode == M_SWAP || o.mode == M_CHECK_RELOCS ||
		   o.mode == M_SET_FIELD))
		die("this mode needs -l LAYOUT");
	switch (o.mode) {
	case M_MAKE:
		make(&o, resolve(&o));
		break;
	case M_WHERE:
		do_where(&o, l);
		break;
	case M_DUMP:
		do_dump(&o, l);
		break;
	case M_SET_FLAG:
		do_set_flag(&o);
		break;
	case M_CHECK_RELOCS:
		do_check_relocs(&o, l);
		break;
	case M_SET_FIELD:
		do_set_field(&o, l);
		break;
	case M_DUMP_ORC:
		do_dump_orc(&o);
		break;
	case M_SHUFFLE_ORC:
		do_shuffle_orc(&o);
		break;
	case M_DUMP_MCOUNT:
		do_dump_mcount(&o);
		break;
	case M_SHUFFLE_MCOUNT:
		do_shuffle_mcount(&o);
		break;
	default:
		rewrite_table(&o, l);
	}
	if (fflush(stdout) || ferror(stdout))
		die("write error on stdout");
	return 0;
}
