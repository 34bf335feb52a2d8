/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Symbols by section and address, to name the code an entry points at
 * (function+offset) and to tell whether an address starts a function.
 */
#ifndef EXS_SYMBOLS_H
#define EXS_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include "elfimg.h"

struct sym {
	uint64_t value;
	uint64_t size;
	const char *name;
	size_t shndx;
	unsigned char type;	/* STT_FUNC, STT_OBJECT, STT_NOTYPE */
};

struct symbols {
	struct sym *sym;	/* sorted by section, value, then type */
	size_t n;
};

int symbols_load(struct elfimg *img, struct symbols *s);
void symbols_free(struct symbols *s);

/* The symbol in section @shndx nearest at or below @value, or NULL. */
const struct sym *symbols_at(const struct symbols *s, size_t shndx,
			     uint64_t value);
/* True if a function symbol in @shndx starts exactly at @value. */
bool symbols_func_starts(const struct symbols *s, size_t shndx,
			 uint64_t value);

/*
 * The function around @value in @shndx: the sized function symbol that
 * contains it, else the nearest symbol at or below it, reaching to the
 * next symbol.  *end comes in as the section's end and is lowered to
 * where that extent ends.  NULL (and *end unchanged) if no symbol.
 */
const struct sym *symbols_extent(const struct symbols *s, size_t shndx,
				 uint64_t value, uint64_t *end);

#endif
