/*
 * i386.s - exsort/excheck fixture source for EM_386 (5.16+ x86 table:
 * {int insn, fixup; u32 data}, rel12-data) with STAC/CLAC alternatives
 * in the 12-byte 5.13-6.2 struct alt_instr format.
 *   .LMODULE 1 = module object (REL relocations, implicit addends)
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif

	.set .LEX_TYPE_DEFAULT, 1
	.set .LEX_TYPE_FAULT, 2
	.set .LEX_TYPE_UACCESS, 3
	.set .LEX_EFAULT_REG_DX, 0xfff20211	/* IMM_REG | reg dx<<8 | -EFAULT<<16 */
	.set .LEX_POP_ZERO_FS, 0x00000a10	/* POP_REG(16) | reg FS(10)<<8, imm 0 */

	.section __ex_table,"a"
	.section .fixup,"ax"
	.text

	.macro EX insn, fixup, data, sub
	.pushsection __ex_table, \sub
	.balign 4
	.long (\insn) - .
	.long (\fixup) - .
	.long \data
	.popsection
	.endm

	.macro SMAP op
661:	.byte 0x90, 0x90, 0x90
662:
	.pushsection .altinstructions,"a"
	.long 661b - .
	.long 6641f - .
	.word 308
	.byte 662b - 661b
	.byte 6651f - 6641f
	.popsection
	.pushsection .altinstr_replacement,"ax"
6641:	.byte 0x0f, 0x01, \op
6651:
	.popsection
	.endm

	.macro FUNC name
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.endm
	.macro ENDF name
	.size \name, . - \name
	.endm

	.text
.if !.LMODULE
FUNC startup_32
	cld
	hlt
	jmp startup_32
ENDF startup_32
.endif

FUNC fx_copy_from_user
	SMAP 0xcb			/* stac */
.Lc1:	movl (%esi), %eax
	EX .Lc1, .Lcopy_fault, .LEX_TYPE_UACCESS, 2
	movl %eax, (%edi)
.Lc2:	movw 4(%esi), %dx
	EX .Lc2, .Lcopy_fault, .LEX_TYPE_UACCESS, 0
	movw %dx, 4(%edi)
.Lc3:	movb 6(%esi), %cl
	EX .Lc3, .Lcopy_fault, .LEX_TYPE_UACCESS, 1
	movb %cl, 6(%edi)
	SMAP 0xca			/* clac */
	xorl %eax, %eax
.Lcopy_done:
	ret
ENDF fx_copy_from_user

FUNC fx_put_user
	SMAP 0xcb
.Lp1:	movb %al, (%ecx)
	EX .Lp1, .Lput_fault, .LEX_TYPE_UACCESS, 1
.Lp2:	movw %ax, (%ecx)
	EX .Lp2, .Lput_fault, .LEX_TYPE_UACCESS, 0
.Lp3:	movl %eax, (%ecx)
	EX .Lp3, .Lput_fault, .LEX_TYPE_UACCESS, 2
	EX .Lp3, .Lput_fault2, .LEX_EFAULT_REG_DX, 0	/* duplicate key */
	SMAP 0xca
	xorl %ecx, %ecx
.Lput_done:
	ret
ENDF fx_put_user

.if !.LMODULE
FUNC fx_get_user
	SMAP 0xcb
.Lg1:	movzbl (%eax), %edx
	EX .Lg1, .Lbad_get_user, .LEX_TYPE_UACCESS, 3
.Lg2:	movzwl (%eax), %edx
	EX .Lg2, .Lbad_get_user, .LEX_TYPE_UACCESS, 1
.Lg3:	movl (%eax), %edx
	EX .Lg3, .Lbad_get_user, .LEX_TYPE_UACCESS, 3
	SMAP 0xca
	xorl %eax, %eax
	ret
.Lbad_get_user:
	SMAP 0xca
	xorl %edx, %edx
	movl $-14, %eax
	ret
ENDF fx_get_user

/* 32-bit segment register reload: POP_ZERO on %fs */
FUNC fx_load_fs
	pushl %eax
.Ls1:	popl %fs
	EX .Ls1, .Ls1_done, .LEX_POP_ZERO_FS, 0
.Ls1_done:
.Lk1:	movl (%ebx), %eax
	EX .Lk1, .Ls1_done2, .LEX_TYPE_FAULT, 2
.Ls1_done2:
	ret
ENDF fx_load_fs
.endif

	.section .fixup,"ax"
.Lcopy_fault:
	SMAP 0xca
	movl $-14, %eax
	jmp .Lcopy_done
.Lput_fault:
	SMAP 0xca
	movl $-14, %ecx
	jmp .Lput_done
.Lput_fault2:
	movl $-14, %edx
	jmp .Lput_done

	.data
	.p2align 2
	.type fx_uaccess_ops, @object
	.size fx_uaccess_ops, 8
fx_uaccess_ops:
	.long fx_copy_from_user
	.long fx_put_user

.if !.LMODULE
	.section .init.data,"aw"
	.globl main_extable_sort_needed
	.type main_extable_sort_needed, @object
	.size main_extable_sort_needed, 4
	.p2align 2
main_extable_sort_needed:
	.long 1
.endif

	.section .note.GNU-stack,"",%progbits
