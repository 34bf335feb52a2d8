/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An exception table as excheck sees it: every entry decoded, and every
 * address field resolved to a section and offset.  In a linked image the
 * fields hold the addresses; in a relocatable object the relocations do,
 * and each field's relocation is checked on the way.
 */
#ifndef EXS_EXTABLE_H
#define EXS_EXTABLE_H

#include "elfimg.h"
#include "layout.h"
#include "reloc.h"
#include "symbols.h"
#include "table.h"

enum loc_state {
	LOC_OK,		/* resolved */
	LOC_NONE,	/* not an address here (value field, 0 handler) */
	LOC_NO_RELOC,	/* relocatable object: the field has no relocation */
	LOC_BAD_RELOC,	/* a relocation that cannot fill this field */
};

struct ex_loc {
	enum loc_state state;
	uint64_t value;		/* address, or offset in section (ET_REL) */
	size_t shndx;		/* section it lies in; 0 = none */
	const char *undef;	/* ET_REL: undefined target symbol */
	unsigned int rtype;	/* LOC_BAD_RELOC: the relocation type */
};

struct ex_view {
	struct ex_entry e;
	struct ex_loc insn, fixup, handler;
	bool value_relocated;	/* a relocation on the type/data field */
};

struct extable {
	struct elfimg *img;
	size_t shndx;
	const char *name;
	bool relocatable;
	struct layout_choice choice;	/* choice.layout NULL: none found */
	char no_layout[512];	/* why, when there is none */
	size_t count;
	struct ex_view *ent;
	struct reloc_set relocs;
};

/*
 * Read table section @shndx.  -1 is trouble (img->err); a table whose
 * layout cannot be determined is not trouble: it is returned with
 * choice.layout NULL and the reason in no_layout.
 */
int extable_open(struct elfimg *img, size_t shndx, const char *forced,
		 struct extable *t);
void extable_close(struct extable *t);

/* "4-byte self-relative" and the like, for messages. */
const char *field_describe(const struct ex_field *f);
/* "PC-relative 32-bit" and the like, for relocation type @type. */
const char *reloc_describe(const struct ex_machine *m, unsigned int type);

/* Section holding @addr in a linked image (any SHF_ALLOC section). */
size_t extable_section_of(struct elfimg *img, uint64_t addr);

#endif
