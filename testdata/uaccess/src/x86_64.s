/*
 * x86_64.s - excheck user-access (STAC/CLAC) fixture source for EM_X86_64.
 * Assembled by ../make.sh with --defsym:
 *   .LALTSZ  struct alt_instr size: 14 = 6.3+ {s32,s32,u32 ft_flags,u8,u8}
 *            12 = 5.13-6.2 {s32,s32,u16 cpuid,u8,u8}; 13 = 4.1-5.12 (+u8 padlen)
 *   .LFMT    0 = 5.16+ __ex_table {int insn, fixup; u32 data}
 *            1 = 4.6-5.15 {int insn, fixup, handler} (handler -> ex_handler_*)
 *   .LMODULE 1 = relocatable module object: no startup_64, no main_extable_sort_needed
 *   .LFAULTY 1 = add the two injected faults fx_bad_open and fx_bad_order
 *   .LDWARF  1 = append DWARF describing exception_table_entry and alt_instr
 * STAC/CLAC are written like the kernel's ALTERNATIVE "", "stac", X86_FEATURE_SMAP:
 * three 0x90 bytes in .text, the instruction in .altinstr_replacement.
 */
	.ifndef .LALTSZ
	.set .LALTSZ, 14
	.endif
	.ifndef .LFMT
	.set .LFMT, 0
	.endif
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LFAULTY
	.set .LFAULTY, 0
	.endif
	.ifndef .LDWARF
	.set .LDWARF, 0
	.endif

	.set .LSMAP, 9*32+20		/* X86_FEATURE_SMAP = 308 */
	.set .LALWAYS, 3*32+21		/* X86_FEATURE_ALWAYS = 117: not SMAP */
	.set .LEX_TYPE_UACCESS, 3	/* 5.16+ EX_TYPE_UACCESS */

	.section __ex_table,"a"
	.section .altinstructions,"a"
	.section .altinstr_replacement,"ax"
	.text

/* EX insn, fixup: one EX_TYPE_UACCESS (5.16+) / ex_handler_uaccess (4.20-5.15) entry */
	.macro EX insn, fixup
	.pushsection __ex_table,"a"
	.balign 4
	.long (\insn) - .
	.long (\fixup) - .
	.if .LFMT == 0
	.long .LEX_TYPE_UACCESS
	.else
	.long ex_handler_uaccess - .
	.endif
	.popsection
	.endm

/*
 * ALT feature, "replacement": ALTERNATIVE "", "replacement", feature.  The
 * empty original is padded with 0x90 to the replacement's length.
 */
	.macro ALT feature, repl
661:	.skip 6651f - 6641f, 0x90
662:
	.pushsection .altinstructions,"a"
	.long 661b - .			/* instr_offset */
	.long 6641f - .			/* repl_offset */
	.if .LALTSZ == 14
	.long \feature			/* ft_flags: cpuid low 16, flags high 16 (0) */
	.else
	.word \feature			/* cpuid */
	.endif
	.byte 662b - 661b		/* instrlen */
	.byte 6651f - 6641f		/* replacementlen */
	.if .LALTSZ == 13
	.byte 662b - 661b		/* padlen: the whole original is padding */
	.endif
	.popsection
	.pushsection .altinstr_replacement,"ax"
6641:	\repl
6651:
	.popsection
	.endm

	.macro ASM_STAC
	ALT .LSMAP, "stac"		/* 0f 01 cb */
	.endm
	.macro ASM_CLAC
	ALT .LSMAP, "clac"		/* 0f 01 ca */
	.endm
	/* smap_save(): pushf; pop; clac (9c 58 0f 01 ca)  smap_restore(): push; popf (50 9d) */
	.macro SMAP_SAVE
	ALT .LSMAP, "pushf; pop %rax; clac"
	.endm
	.macro SMAP_RESTORE
	ALT .LSMAP, "push %rax; popf"
	.endm

	.macro FUNC name
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.endm
	.macro LFUNC name		/* local (STB_LOCAL) function */
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

/* raw_copy_from_user-like: CLAC on the normal path and on the error path */
FUNC fx_copy_from_user
	ASM_STAC
.Lc1:	movq (%rsi), %rax
	EX .Lc1, .Lcfu_fault
	movq %rax, (%rdi)
.Lc2:	movl 8(%rsi), %edx
	EX .Lc2, .Lcfu_fault
	movl %edx, 8(%rdi)
	ASM_CLAC
	xorl %eax, %eax
	ret
.Lcfu_fault:
	ASM_CLAC
	movl $-14, %eax
	ret
ENDF fx_copy_from_user

/* two user-access windows in one function */
FUNC fx_two_windows
	ASM_STAC
.Lt1:	movq %rax, (%rdi)
	EX .Lt1, .Ltw_fault
	ASM_CLAC
	addq $8, %rdi
	ASM_STAC
.Lt2:	movq (%rsi), %rdx
	EX .Lt2, .Ltw_fault
	ASM_CLAC
	xorl %eax, %eax
	ret
.Ltw_fault:
	ASM_CLAC
	movl $-14, %eax
	ret
ENDF fx_two_windows

/* user_access_save()/user_access_restore() around a call inside a window */
FUNC fx_user_access_save
	ASM_STAC
.Lu1:	movq (%rsi), %rdx
	EX .Lu1, .Lus_fault
	SMAP_SAVE
	call fx_helper
	SMAP_RESTORE
.Lu2:	movq %rdx, 8(%rsi)
	EX .Lu2, .Lus_fault
	ASM_CLAC
	xorl %eax, %eax
	ret
.Lus_fault:
	ASM_CLAC
	movl $-14, %eax
	ret
ENDF fx_user_access_save

/* irqentry-like smap_save()/smap_restore() with no STAC at all */
FUNC fx_irqentry_save
	SMAP_SAVE
	call fx_helper
	SMAP_RESTORE
	ret
ENDF fx_irqentry_save

/* getuser.S-like helpers: STAC; load; CLAC; ret -- the fault goes to a local function that does CLAC */
FUNC fx_get_user_1
	ASM_STAC
.Lg1:	movzbl (%rax), %edx
	EX .Lg1, fx_get_user_handle_exception
	xorl %eax, %eax
	ASM_CLAC
	ret
ENDF fx_get_user_1

FUNC fx_get_user_8
	ASM_STAC
.Lg8:	movq (%rax), %rdx
	EX .Lg8, fx_get_user_handle_exception
	xorl %eax, %eax
	ASM_CLAC
	ret
ENDF fx_get_user_8

LFUNC fx_get_user_handle_exception
	ASM_CLAC
	xorl %edx, %edx
	movq $-14, %rax
	ret
ENDF fx_get_user_handle_exception

.if .LFAULTY
/* FAULT uaccess-open: returns with user access open (the CLAC of the next function does not count) */
FUNC fx_bad_open
	ASM_STAC
.Lbo:	movq (%rsi), %rax
	EX .Lbo, fx_get_user_handle_exception
	ret
ENDF fx_bad_open
.endif

/* idtentry-like entry code: CLAC with no STAC */
FUNC fx_asm_exc_page_fault
	ASM_CLAC
	cld
	call fx_helper
	ret
ENDF fx_asm_exc_page_fault

/* copy_from_kernel_nofault-like: EX_TYPE_UACCESS entry outside any window */
FUNC fx_copy_from_kernel_nofault
.Ln1:	movq (%rsi), %rax
	EX .Ln1, .Lnf_fault
	movq %rax, (%rdi)
	xorl %eax, %eax
	ret
.Lnf_fault:
	movl $-14, %eax
	ret
ENDF fx_copy_from_kernel_nofault

.if .LFAULTY
/* FAULT uaccess-open: the only CLAC comes before the STAC */
FUNC fx_bad_order
	ASM_CLAC
	xorl %eax, %eax
	ASM_STAC
.Lbr:	movl %eax, (%rdi)
	EX .Lbr, fx_get_user_handle_exception
	ret
ENDF fx_bad_order
.endif

/* not SMAP: an X86_FEATURE_ALWAYS alternative whose replacement is 0f 01 cb (never a STAC site) */
FUNC fx_alt_not_smap
	ALT .LALWAYS, "stac"
	movq (%rsi), %rax
	ret
ENDF fx_alt_not_smap

FUNC fx_helper
	ret
ENDF fx_helper

.if .LFMT == 1
/* 4.6-5.15 exception handlers named by the handler field */
FUNC ex_handler_uaccess
	movl $1, %eax
	ret
ENDF ex_handler_uaccess
.endif

/* a function-pointer table (absolute data relocations) */
	.data
	.p2align 3
	.type fx_uaccess_ops, @object
	.size fx_uaccess_ops, 16
fx_uaccess_ops:
	.quad fx_copy_from_user
	.quad fx_get_user_1

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

.if .LDWARF
	.set .LDW_ADDR, 8
	.set .LDW_EX, .LFMT		/* 0: insn, fixup, data  1: insn, fixup, handler */
	.set .LDW_ALT, .LALTSZ
	.include "dwarf.inc"
.endif
