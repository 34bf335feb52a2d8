// SPDX-License-Identifier: GPL-2.0
/* main.c - exsort/excheck debuginfo fixture: entry point, banner, a "Linux" ELF note. */
#include <asm/asm.h>

const char linux_banner[] = "Linux version 6.1.0-fixture (exsort-fixture) #1 SMP\n";

/*
 * BUILD_SALT as ELFNOTE32("Linux", LINUX_ELFNOTE_BUILD_SALT, ...): a note
 * that lands in .notes before the GNU build-id, as in a real vmlinux.
 */
asm(" .pushsection .note.Linux, \"a\", @note\n"
    " .balign 4\n"
    " .long 2f - 1f\n"			/* namesz */
    " .long 4f - 3f\n"			/* descsz */
    " .long 0x100\n"			/* LINUX_ELFNOTE_BUILD_SALT */
    "1: .asciz \"Linux\"\n"
    "2: .balign 4\n"
    "3: .long 0x6e69664c\n"		/* salt */
    "4: .balign 4\n"
    " .popsection\n");

extern void sort_main_extable(void);

void __init __attribute__((__noreturn__)) start_kernel(void)
{
	sort_main_extable();
	for (;;)
		asm volatile("hlt");
}
