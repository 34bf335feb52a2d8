// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Find a struct in DWARF.  Structs are declared at the top level of the
 * compile units that use them; the caller names the file most likely to
 * (".../extable.c" for exception_table_entry), whose units are looked at
 * first, so a full vmlinux rarely has all of its DWARF walked.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "util.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int read_member(Dwarf_Die *die, struct ex_member *m)
{
	Dwarf_Attribute attr;
	Dwarf_Word off = 0, enc = 0;
	Dwarf_Die type, peeled;
	const char *name = dwarf_diename(die);
	int size;

	memset(m, 0, sizeof(*m));
	/* an anonymous union (6.3+ alt_instr's flags) has no name */
	if (!name)
		name = "";
	if (!dwarf_attr(die, DW_AT_type, &attr) ||
	    !dwarf_formref_die(&attr, &type) || dwarf_peel_type(&type, &peeled))
		return -1;
	if (dwarf_attr(die, DW_AT_data_member_location, &attr) &&
	    dwarf_formudata(&attr, &off))
		return -1;
	size = dwarf_bytesize(&peeled);
	if (size < 0)
		size = 0;	/* e.g. a pointer without DW_AT_byte_size */
	if (dwarf_attr(&peeled, DW_AT_encoding, &attr))
		dwarf_formudata(&attr, &enc);
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->offset = (unsigned int)off;
	m->size = (unsigned int)size;
	m->is_signed = enc == DW_ATE_signed || enc == DW_ATE_signed_char;
	m->is_union = dwarf_tag(&peeled) == DW_TAG_union_type;
	return 0;
}

static int read_struct(Dwarf_Die *die, struct ex_typeinfo *ti)
{
	Dwarf_Die child;
	int size = dwarf_bytesize(die);

	memset(ti, 0, sizeof(*ti));
	if (size <= 0)
		return -1;
	ti->size = (unsigned int)size;
	if (dwarf_child(die, &child) != 0)
		return -1;
	do {
		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		if (ti->nmember == ARRAY_SIZE(ti->member))
			return 1;	/* too many: matches no layout */
		if (read_member(&child, &ti->member[ti->nmember++]))
			return -1;
	} while (dwarf_siblingof(&child, &child) == 0);
	return 1;
}

/* Look through the top-level DIEs of one compile unit. */
static int search_cu(Dwarf_Die *cudie, const char *name,
		     struct ex_typeinfo *ti)
{
	Dwarf_Die die;

	if (dwarf_child(cudie, &die) != 0)
		return 0;
	do {
		const char *n;

		if (dwarf_tag(&die) != DW_TAG_structure_type ||
		    dwarf_hasattr(&die, DW_AT_declaration))
			continue;
		n = dwarf_diename(&die);
		if (n && strcmp(n, name) == 0)
			return read_struct(&die, ti);
	} while (dwarf_siblingof(&die, &die) == 0);
	return 0;
}

static int search(Dwarf *dw, const char *name, struct ex_typeinfo *ti,
		  const char *cu_suffix)
{
	Dwarf_CU *cu = NULL;
	Dwarf_Die cudie;
	uint8_t unit_type;
	int r;

	while (dwarf_get_units(dw, cu, &cu, NULL, &unit_type, &cudie,
			       NULL) == 0) {
		const char *cuname;

		if (unit_type != DW_UT_compile && unit_type != DW_UT_partial)
			continue;
		cuname = dwarf_diename(&cudie);
		if (cu_suffix && (!cuname || !ends_with(cuname, cu_suffix)))
			continue;
		r = search_cu(&cudie, name, ti);
		if (r)
			return r;
	}
	return 0;
}

/* A .debug_* section past the end of the file is damage, not absence. */
static int check_debug_sections(struct elfimg *img)
{
	size_t i;

	for (i = 1; i < img->shnum; i++)
		if (strncmp(img->secname[i], ".debug_", 7) == 0 &&
		    elfimg_section_in_file(img, i))
			return -1;
	return 0;
}

int dwarf_find_struct(struct elfimg *img, const char *name,
		      const char *cu_suffix, struct ex_typeinfo *ti)
{
	Dwarf *dw;
	int r;

	/* in a relocatable object the DWARF is unrelocated: names read wrong */
	if (!elfimg_find_section(img, ".debug_info") ||
	    img->ehdr.e_type == ET_REL)
		return 0;
	if (check_debug_sections(img))
		return -1;
	dw = dwarf_begin_elf(img->elf, DWARF_C_READ, NULL);
	if (!dw)
		return 0;	/* unreadable DWARF: fall back to the contents */
	r = search(dw, name, ti, cu_suffix);
	if (r == 0)
		r = search(dw, name, ti, NULL);
	dwarf_end(dw);
	if (r < 0)
		return elfimg_fail(img, "DWARF: unreadable struct %s", name);
	return r;
}
