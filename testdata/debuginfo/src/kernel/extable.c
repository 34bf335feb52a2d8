// SPDX-License-Identifier: GPL-2.0
/* extable.c - exsort/excheck debuginfo fixture: main table bookkeeping. */
#include <asm/asm.h>

struct exception_table_entry {
	int insn, fixup, data;
};

extern struct exception_table_entry __start___ex_table[];
extern struct exception_table_entry __stop___ex_table[];

/* Cleared by build time tools if the table is already sorted (here: .data). */
int main_extable_sort_needed = 1;

unsigned long fx_nr_extable;

void __init sort_main_extable(void)
{
	if (main_extable_sort_needed)
		fx_nr_extable = __stop___ex_table - __start___ex_table;
}

const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if ((unsigned long)&e->insn + e->insn == addr)
			return e;
	return 0;
}
