/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * On-disk layouts of struct exception_table_entry and the per-machine
 * knowledge that picks among them.  All of it lives in the two tables in
 * layout.c; nothing else in the library switches on e_machine.
 */
#ifndef EXS_LAYOUT_H
#define EXS_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "elfimg.h"

struct ex_entry;

enum field_kind {
	FK_NONE,
	FK_ABS,		/* absolute address */
	FK_REL,		/* signed offset from the field's own address */
	FK_REL_OR_ZERO,	/* FK_REL, but a raw 0 means "none" (s390 handler) */
	FK_VALUE,	/* plain value, never adjusted */
};

struct ex_field {
	unsigned char kind;
	unsigned char offset;
	unsigned char size;
};

enum extra_kind {
	EXTRA_NONE,
	EXTRA_HANDLER,		/* address of an ex_handler_* function */
	EXTRA_DATA32,		/* x86 5.16+: type, reg, flags, imm */
	EXTRA_TYPE_DATA16,	/* short type, short data */
	EXTRA_OPCODE32,		/* parisc 6.8+: err_opcode instruction */
};

enum layout_id {
	L_ABS32,
	L_ABS64,
	L_REL8,
	L_REL12_HANDLER,
	L_REL12_DATA,
	L_REL12_TYPEDATA,
	L_REL16_HANDLER,
	L_REL12_OPCODE,
	L_ALPHA_REL8,
	L_COUNT
};

struct ex_layout {
	enum layout_id id;
	const char *name;	/* for --layout */
	const char *decl;	/* the C declaration it encodes */
	unsigned int entsize;
	struct ex_field insn, fixup, extra;
	enum extra_kind extra_kind;
};

/* What a relocation type computes, as far as a table field cares. */
enum reloc_kind {
	RK_UNKNOWN,
	RK_PC32,	/* S + A - P, 32 bits */
	RK_PC64,	/* S + A - P, 64 bits */
	RK_ABS32,	/* S + A, 32 bits */
	RK_ABS64,	/* S + A, 64 bits */
	RK_ADD32,	/* field += S + A (riscv, loongarch pairs) */
	RK_SUB32,	/* field -= S + A */
	RK_NONE,	/* R_*_NONE: ignored */
};

struct reloc_type {
	unsigned int type;
	enum reloc_kind kind;
};

/* The user-access analysis a machine has (uaccess.c). */
enum ua_method {
	UA_NONE,		/* none for this machine */
	UA_X86_SMAP,		/* STAC/CLAC alternatives */
	UA_ARM64_UNPRIV,	/* LDTR/STTR need table entries */
};

struct ex_machine {
	unsigned int e_machine;
	const struct reloc_type *relocs;	/* ends with kind RK_UNKNOWN */
	unsigned int insn_align;	/* instruction alignment in bytes */
	unsigned int cand32, cand64;	/* candidate layouts, bit per id */
	uint64_t fixup_flags;	/* fixup bits that are flags, not address */
	uint32_t ex_bias;	/* x86 3.5-4.5 _ASM_EXTABLE_EX fixup bias */
	unsigned int max_type;	/* largest plausible type value */
	bool never_sort;	/* sparc32: range pairs, linear search */
	enum ua_method uaccess;	/* user-access analysis */
};

struct layout_choice {
	const struct ex_layout *layout;
	const struct ex_machine *machine;
	const char *source;	/* "--layout", "BTF", "DWARF", "contents" */
	size_t misfits;		/* entries the layout does not explain */
};

/* What BTF or DWARF says struct exception_table_entry looks like. */
struct ex_member {
	char name[24];
	unsigned int offset;
	unsigned int size;
	bool is_signed;
	bool is_union;
};

struct ex_typeinfo {
	unsigned int size;
	unsigned int nmember;
	struct ex_member member[8];
};

const struct ex_layout *layout_by_name(const char *name);
const struct ex_layout *layout_by_id(enum layout_id id);
const struct ex_machine *machine_lookup(unsigned int e_machine);
enum reloc_kind reloc_kind(const struct ex_machine *m, unsigned int type);

/*
 * Try one layout on the table: the number of entries it leaves
 * implausible, counting no further than @limit + 1; -1 if it cannot
 * apply at all; -2 if the file is broken (img->err set).
 */
typedef long (*layout_try_fn)(struct elfimg *img, const struct ex_machine *m,
			      const struct ex_layout *l, void *ctx,
			      size_t limit);
/* Comma-separated list of all layout names, for messages. */
const char *layout_names(void);

/*
 * Choose the layout of the table in section @shndx: @forced (a layout
 * name) if given, else BTF, else DWARF, else the e_machine's candidates
 * that decode every entry into executable code.  @tolerant accepts the
 * one candidate that explains all but a tenth of the entries, for a
 * checker that reports the rest (choice->misfits).  Returns 0 with
 * @choice filled, 1 if no single layout can be named (the reason in
 * img->err), -1 on a malformed file.
 */
int layout_detect(struct elfimg *img, size_t shndx, const char *forced,
		  struct layout_choice *choice, bool tolerant);
/* The same, judging the contents with @try (relocatable objects). */
int layout_detect_with(struct elfimg *img, size_t shndx, const char *forced,
		       struct layout_choice *choice, layout_try_fn try,
		       void *ctx, bool tolerant);
/* Is @e a plausible entry of @l on @m, given where its fields point? */
bool layout_entry_plausible(const struct ex_machine *m,
			    const struct ex_layout *l,
			    const struct ex_entry *e, bool insn_code,
			    bool fixup_code, bool handler_code);

/* Map a struct description to a layout; NULL (with img->err) if none. */
const struct ex_layout *layout_from_type(struct elfimg *img,
					 const struct ex_typeinfo *ti);

int btf_find_struct(struct elfimg *img, const char *name,
		    struct ex_typeinfo *ti);
/* Look first in compile units whose name ends in @cu_suffix. */
int dwarf_find_struct(struct elfimg *img, const char *name,
		      const char *cu_suffix, struct ex_typeinfo *ti);

#endif
