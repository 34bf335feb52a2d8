/*
 * i386.s - excheck user-access (STAC/CLAC) fixture source for EM_386
 * (ELFCLASS32): 5.16+ __ex_table {int insn, fixup; u32 data} and the
 * 12-byte 5.13-6.2 struct alt_instr {s32, s32, u16 cpuid, u8, u8}.
 * Same functions as x86_64.s.  --defsym:
 *   .LMODULE 1 = relocatable module object (REL: .rel__ex_table, .rel.altinstructions,
 *                implicit addends): no startup_32, no main_extable_sort_needed
 *   .LFAULTY 1 = add the two injected faults fx_bad_open and fx_bad_order
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LFAULTY
	.set .LFAULTY, 0
	.endif

	.set .LSMAP, 9*32+20		/* X86_FEATURE_SMAP = 308 */
	.set .LALWAYS, 3*32+21		/* X86_FEATURE_ALWAYS = 117: not SMAP */
	.set .LEX_TYPE_UACCESS, 3

	.section __ex_table,"a"
	.section .altinstructions,"a"
	.section .altinstr_replacement,"ax"
	.text

	.macro EX insn, fixup
	.pushsection __ex_table,"a"
	.balign 4
	.long (\insn) - .
	.long (\fixup) - .
	.long .LEX_TYPE_UACCESS
	.popsection
	.endm

/* ALT feature, "replacement": ALTERNATIVE "", "replacement", feature (12-byte alt_instr) */
	.macro ALT feature, repl
661:	.skip 6651f - 6641f, 0x90
662:
	.pushsection .altinstructions,"a"
	.long 661b - .			/* instr_offset */
	.long 6641f - .			/* repl_offset */
	.word \feature			/* cpuid */
	.byte 662b - 661b		/* instrlen */
	.byte 6651f - 6641f		/* replacementlen */
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
	ALT .LSMAP, "pushf; pop %eax; clac"
	.endm
	.macro SMAP_RESTORE
	ALT .LSMAP, "push %eax; popf"
	.endm

	.macro FUNC name
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.endm
	.macro LFUNC name
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

/* raw_copy_from_user-like: CLAC on the normal path and on the error path */
FUNC fx_copy_from_user
	ASM_STAC
.Lc1:	movl (%esi), %eax
	EX .Lc1, .Lcfu_fault
	movl %eax, (%edi)
.Lc2:	movw 4(%esi), %dx
	EX .Lc2, .Lcfu_fault
	movw %dx, 4(%edi)
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
.Lt1:	movl %eax, (%edi)
	EX .Lt1, .Ltw_fault
	ASM_CLAC
	addl $4, %edi
	ASM_STAC
.Lt2:	movl (%esi), %edx
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
.Lu1:	movl (%esi), %edx
	EX .Lu1, .Lus_fault
	SMAP_SAVE
	call fx_helper
	SMAP_RESTORE
.Lu2:	movl %edx, 4(%esi)
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

/* getuser.S-like helpers; the fault goes to a local function that does CLAC */
FUNC fx_get_user_1
	ASM_STAC
.Lg1:	movzbl (%eax), %edx
	EX .Lg1, fx_get_user_handle_exception
	xorl %eax, %eax
	ASM_CLAC
	ret
ENDF fx_get_user_1

FUNC fx_get_user_4
	ASM_STAC
.Lg4:	movl (%eax), %edx
	EX .Lg4, fx_get_user_handle_exception
	xorl %eax, %eax
	ASM_CLAC
	ret
ENDF fx_get_user_4

LFUNC fx_get_user_handle_exception
	ASM_CLAC
	xorl %edx, %edx
	movl $-14, %eax
	ret
ENDF fx_get_user_handle_exception

.if .LFAULTY
/* FAULT uaccess-open: returns with user access open (the CLAC of the next function does not count) */
FUNC fx_bad_open
	ASM_STAC
.Lbo:	movl (%esi), %eax
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
.Ln1:	movl (%esi), %eax
	EX .Ln1, .Lnf_fault
	movl %eax, (%edi)
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
.Lbr:	movl %eax, (%edi)
	EX .Lbr, fx_get_user_handle_exception
	ret
ENDF fx_bad_order
.endif

/* not SMAP: an X86_FEATURE_ALWAYS alternative whose replacement is 0f 01 cb (never a STAC site) */
FUNC fx_alt_not_smap
	ALT .LALWAYS, "stac"
	movl (%esi), %eax
	ret
ENDF fx_alt_not_smap

FUNC fx_helper
	ret
ENDF fx_helper

/* a function-pointer table (absolute data relocations) */
	.data
	.p2align 2
	.type fx_uaccess_ops, @object
	.size fx_uaccess_ops, 8
fx_uaccess_ops:
	.long fx_copy_from_user
	.long fx_get_user_1

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
