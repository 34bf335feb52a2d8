/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exception types per architecture and kernel generation: their names,
 * which values exist, and what the data field may hold.
 */
#ifndef EXS_TYPES_H
#define EXS_TYPES_H

#include "extable.h"

/* Kernel version as major * 100 + minor from the file, or 0. */
int types_kernel_version(struct elfimg *img);

/* A sentence saying what is wrong with @e's type or data, or NULL. */
const char *type_problem(const struct extable *t, int version,
			 const struct ex_entry *e);
/* True for types whose fixup field is not an address (BPF). */
bool type_fixup_not_address(const struct extable *t, int version,
			    const struct ex_entry *e);
/* The type's name, or NULL. */
const char *type_name(const struct extable *t, int version,
		      unsigned int type);
/* Decoded data for --list, e.g. "err=x0 zero=xzr", into @buf. */
void type_describe_data(const struct extable *t, int version,
			const struct ex_entry *e, char *buf, size_t len);

#endif
