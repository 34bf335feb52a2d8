/*
 * x86_64.s - exsort/excheck fixture source for EM_X86_64.
 * Assembled by ../make.sh with --defsym:
 *   .LFMT    0 = 5.16+ table  {int insn, fixup; u32 data}       (rel12-data)
 *            1 = 4.6-5.15     {int insn, fixup, handler}         (rel12-handler)
 *                and 4.1-5.12 13-byte alt_instr (with padlen)
 *   .LMODULE 1 = module object: fewer functions, no main_extable_sort_needed
 *   .LALT    1 = emit STAC/CLAC alternatives (always on for vmlinux)
 *   .LDWARF  1 = append DWARF describing the structs (dwarf.inc)
 *   .LKO     1 = add .modinfo and .gnu.linkonce.this_module like a final .ko
 * Table entries are pushed into __ex_table subsections in a scrambled
 * order so the linked table is NOT sorted by insn address.
 */
	.ifndef .LFMT
	.set .LFMT, 0
	.endif
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LALT
	.set .LALT, 1
	.endif
	.ifndef .LDWARF
	.set .LDWARF, 0
	.endif
	.ifndef .LKO
	.set .LKO, 0
	.endif

	/* x86 .LEX_TYPE_* (5.17+ numbering) */
	.set .LEX_TYPE_DEFAULT, 1
	.set .LEX_TYPE_FAULT, 2
	.set .LEX_TYPE_UACCESS, 3
	.set .LEX_TYPE_WRMSR_SAFE, 10
	.set .LEX_TYPE_RDMSR_SAFE, 11
	.set .LEX_TYPE_EFAULT_REG_DX, 0xfff20211	/* IMM_REG(17) | reg dx(2)<<8 | imm -EFAULT<<16 */
	.set .LEX_RDMSR_SI, .LEX_TYPE_RDMSR_SAFE | (6 << 8)	/* reg si */
	.set .LEX_WRMSR_SI, .LEX_TYPE_WRMSR_SAFE | (6 << 8)

	.section __ex_table,"a"
	.section .fixup,"ax"
	.text

/* EX insn, fixup, data(5.16+), handler(4.x), subsection */
	.macro EX insn, fixup, data, handler, sub
	.pushsection __ex_table, \sub
	.balign 4
	.long (\insn) - .
	.long (\fixup) - .
	.if .LFMT == 0
	.long \data
	.else
	.long (\handler) - .
	.endif
	.popsection
	.endm

/* ALTERNATIVE "", "stac"/"clac", X86_FEATURE_SMAP: empty original padded with 0x90 */
	.macro SMAP op
	.if .LALT
661:	.byte 0x90, 0x90, 0x90
662:
	.pushsection .altinstructions,"a"
	.long 661b - .
	.long 6641f - .
	.word 308			/* X86_FEATURE_SMAP = 9*32+20 */
	.byte 662b - 661b		/* instrlen */
	.byte 6651f - 6641f		/* replacementlen */
	.if .LFMT == 1
	.byte 662b - 661b		/* padlen (4.1-5.12 format) */
	.endif
	.popsection
	.pushsection .altinstr_replacement,"ax"
6641:	.byte 0x0f, 0x01, \op
6651:
	.popsection
	.endif
	.endm
	.macro STAC
	SMAP 0xcb
	.endm
	.macro CLAC
	SMAP 0xca
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
FUNC startup_64
	cld
	hlt
	jmp startup_64
ENDF startup_64
.endif

/* raw_copy_from_user-like: user loads between STAC and CLAC */
FUNC fx_copy_from_user
	STAC
.Lc1:	movq (%rsi), %rax
	EX .Lc1, .Lcopy_fault, .LEX_TYPE_UACCESS, ex_handler_default, 3
	movq %rax, (%rdi)
.Lc2:	movl 8(%rsi), %edx
	EX .Lc2, .Lcopy_fault, .LEX_TYPE_UACCESS, ex_handler_default, 1
	movl %edx, 8(%rdi)
.Lc3:	movb 12(%rsi), %cl
	EX .Lc3, .Lcopy_fault, .LEX_TYPE_FAULT, ex_handler_fault, 3
	movb %cl, 12(%rdi)
	CLAC
	xorl %eax, %eax
.Lcopy_done:
	ret
ENDF fx_copy_from_user

.if !.LMODULE
/* __get_user_N-like helpers; fixup lands in .text (5.17+ style) */
FUNC fx_get_user
	STAC
.Lg1:	movzbl (%rax), %edx
	EX .Lg1, .Lbad_get_user, .LEX_TYPE_UACCESS, ex_handler_default, 2
.Lg2:	movzwl (%rax), %edx
	EX .Lg2, .Lbad_get_user, .LEX_TYPE_UACCESS, ex_handler_default, 0
.Lg3:	movl (%rax), %edx
	EX .Lg3, .Lbad_get_user, .LEX_TYPE_UACCESS, ex_handler_default, 2
.Lg4:	movq (%rax), %rdx
	EX .Lg4, .Lbad_get_user, .LEX_TYPE_UACCESS, ex_handler_default, 0
	CLAC
	xorl %eax, %eax
	ret
.Lbad_get_user:
	CLAC
	xorl %edx, %edx
	movq $-14, %rax
	ret
ENDF fx_get_user
.endif

/* __put_user_N-like */
FUNC fx_put_user
	STAC
.Lp1:	movb %al, (%rcx)
	EX .Lp1, .Lput_fault, .LEX_TYPE_UACCESS, ex_handler_default, 0
.Lp2:	movw %ax, (%rcx)
	EX .Lp2, .Lput_fault, .LEX_TYPE_UACCESS, ex_handler_default, 2
.Lp3:	movl %eax, (%rcx)
	EX .Lp3, .Lput_fault, .LEX_TYPE_UACCESS, ex_handler_default, 1
.Lp4:	movq %rax, (%rcx)
	EX .Lp4, .Lput_fault, .LEX_TYPE_UACCESS, ex_handler_default, 0
	/* duplicate key: a second entry for the same insn, different fixup */
	EX .Lp4, .Lput_fault2, .LEX_TYPE_EFAULT_REG_DX, ex_handler_fault, 3
	CLAC
	xorl %ecx, %ecx
.Lput_done:
	ret
ENDF fx_put_user

.if !.LMODULE
/* rdmsr_safe/wrmsr_safe-like: #GP, not a memory access */
FUNC fx_msr_safe
.Lm1:	rdmsr
	EX .Lm1, .Lmsr_done, .LEX_RDMSR_SI, ex_handler_rdmsr_unsafe, 1
.Lm2:	wrmsr
	EX .Lm2, .Lmsr_done, .LEX_WRMSR_SI, ex_handler_wrmsr_unsafe, 0
	xorl %esi, %esi
.Lmsr_done:
	movl %esi, %eax
	ret
ENDF fx_msr_safe

.if .LFMT == 1
/* 4.6-5.15: handler functions live in vmlinux text */
FUNC ex_handler_default
	movl $1, %eax
	ret
ENDF ex_handler_default
FUNC ex_handler_fault
	movl $1, %eax
	ret
ENDF ex_handler_fault
FUNC ex_handler_rdmsr_unsafe
	movl $1, %eax
	ret
ENDF ex_handler_rdmsr_unsafe
FUNC ex_handler_wrmsr_unsafe
	movl $1, %eax
	ret
ENDF ex_handler_wrmsr_unsafe
.endif

/* an __init function with a table entry (insn in .init.text) */
	.section .init.text,"ax"
FUNC fx_early_read
.Li1:	movq (%rdi), %rax
	EX .Li1, .Learly_fault, .LEX_TYPE_DEFAULT, ex_handler_default, 2
	ret
ENDF fx_early_read
.endif

/* out-of-line fixups */
	.section .fixup,"ax"
.Lcopy_fault:
	CLAC
	movl $-14, %eax
	jmp .Lcopy_done
.Lput_fault:
	CLAC
	movl $-14, %ecx
	jmp .Lput_done
.Lput_fault2:
	movl $-14, %edx
	jmp .Lput_done
.if !.LMODULE
.Learly_fault:
	xorl %eax, %eax
	ret
.endif

/* a function-pointer table (absolute data relocations) */
	.data
	.p2align 3
	.type fx_uaccess_ops, @object
	.size fx_uaccess_ops, 16
fx_uaccess_ops:
	.quad fx_copy_from_user
	.quad fx_put_user

.if !.LMODULE
	.section .init.data,"aw"
	.globl main_extable_sort_needed
	.type main_extable_sort_needed, @object
	.size main_extable_sort_needed, 4
	.p2align 2
main_extable_sort_needed:
	.long 1
.endif

.if .LKO
	.section .modinfo,"a"
	.asciz "license=GPL"
	.asciz "name=fx_mod"
	.asciz "vermagic=6.1.0 SMP preempt mod_unload modversions "
	/* truncated stand-in for struct module: state, list, name[56] */
	.section .gnu.linkonce.this_module,"aw"
	.p2align 6
	.type __this_module, @object
	.size __this_module, 0x50
	.globl __this_module
__this_module:
	.long 0, 0
	.quad 0, 0
	.ascii "fx_mod"
	.fill 56 - 6, 1, 0
.endif

	.section .note.GNU-stack,"",%progbits

.if .LDWARF
	.set .LDW_ADDR, 8
	.set .LDW_ULONG, 8
	.if .LFMT == 0
	.set .LDW_LAYOUT, 1
	.set .LDW_ALT, 12
	.else
	.set .LDW_LAYOUT, 3
	.set .LDW_ALT, 13
	.endif
	.include "dwarf.inc"
.endif
