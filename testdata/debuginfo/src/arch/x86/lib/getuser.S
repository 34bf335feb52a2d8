/* SPDX-License-Identifier: GPL-2.0 */
/* getuser.S - exsort/excheck debuginfo fixture: an entry in assembler source. */
#include <asm/asm.h>

	.text
	.globl __get_user_8
	.type __get_user_8, @function
	.p2align 4
__get_user_8:
	mov %rax, %rdx
1:	movq (%rax), %rdx
	xor %eax, %eax
	ret
	.size __get_user_8, . - __get_user_8

	.globl __get_user_handle_exception
	.type __get_user_handle_exception, @function
__get_user_handle_exception:
	xor %edx, %edx
	mov $(-EFAULT), %rax
	ret
	.size __get_user_handle_exception, . - __get_user_handle_exception

	.pushsection __ex_table, "a"
	.balign 4
	.long 1b - .
	.long __get_user_handle_exception - .
	.long EX_TYPE_UACCESS
#ifdef EXS_FIXTURE_DUPLICATE
	/* vmlinux-duplicate: a second entry for the same instruction */
	.long 1b - .
	.long __get_user_handle_exception - .
	.long EX_TYPE_UACCESS
#endif
	.popsection

	.section .note.GNU-stack, "", @progbits
