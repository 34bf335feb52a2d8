/*
 * aarch64.s - excheck user-access (LDTR/STTR) fixture source for EM_AARCH64,
 * little-endian and (as -EB, --defsym .LBE=1) big-endian aarch64_be, where
 * table data is big-endian and A64 instructions stay little-endian.
 * 6.x __ex_table {int insn, fixup; short type, data} (12 bytes).  --defsym:
 *   .LMODULE 1 = relocatable module object: no primary_entry, no main_extable_sort_needed
 *   .LFAULTY 1 = add the injected faults fx_bad_ldtr, fx_bad_sttr, fx_bad_target
 *   .LBE     1 = big-endian build (keeps the $d look-alike words reading as LDTR/STTR)
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LFAULTY
	.set .LFAULTY, 0
	.endif
	.ifndef .LBE
	.set .LBE, 0
	.endif

	/* arm64 EX_TYPE_* (6.0+ numbering) and data encodings (ERR reg 4:0, ZERO reg 9:5) */
	.set .LUACCESS, 2		/* EX_TYPE_UACCESS_ERR_ZERO */
	.set .LKACCESS, 3		/* EX_TYPE_KACCESS_ERR_ZERO */
	.set .LD_NONE, 0x3ff		/* _ASM_EXTABLE_UACCESS: err = wzr, zero = xzr */
	.set .LD_W0_X2, 0x40		/* err = w0, zero = x2 */
	.set .LD_W0, 0x3e0		/* _ASM_EXTABLE_UACCESS_ERR(.., w0): zero = wzr */

	.section __ex_table,"a"
	.text

/* EX insn, fixup, type, data */
	.macro EX insn, fixup, type, data
	.pushsection __ex_table,"a"
	.align 2
	.long (\insn) - .
	.long (\fixup) - .
	.short \type
	.short \data
	.popsection
	.endm

/* LOOKALIKE insn: a data word ($d) whose bytes decode (little-endian) as \insn */
	.macro LOOKALIKE insn
	.if .LBE
	.word ((\insn & 0xff) << 24) | ((\insn & 0xff00) << 8) | ((\insn >> 8) & 0xff00) | ((\insn >> 24) & 0xff)
	.else
	.word \insn
	.endif
	.endm

	.macro FUNC name
	.globl \name
	.type \name, %function
	.p2align 3
\name:
	.endm
	.macro ENDF name
	.size \name, . - \name
	.endm

	.text
.if !.LMODULE
FUNC primary_entry
	b primary_entry
ENDF primary_entry
.endif

/* __arch_copy_from_user-like: user_ldst, one UACCESS entry per LDTR* */
FUNC fx_copy_from_user
.La1:	ldtrb w3, [x1]
	EX .La1, .Lcfu_fault, .LUACCESS, .LD_NONE
	strb w3, [x0]
.La2:	ldtrh w4, [x1, #2]
	EX .La2, .Lcfu_fault, .LUACCESS, .LD_NONE
	strh w4, [x0, #2]
.La3:	ldtr w5, [x1, #4]
	EX .La3, .Lcfu_fault, .LUACCESS, .LD_NONE
	str w5, [x0, #4]
.La4:	ldtr x6, [x1, #8]
	EX .La4, .Lcfu_fault, .LUACCESS, .LD_NONE
	str x6, [x0, #8]
	mov x0, #0
	ret
.Lcfu_fault:
	mov x0, #-14
	ret
ENDF fx_copy_from_user

/* __arch_copy_to_user-like: one UACCESS entry per STTR* */
FUNC fx_copy_to_user
	ldr x3, [x1]
.Lb1:	sttrb w3, [x0]
	EX .Lb1, .Lctu_fault, .LUACCESS, .LD_NONE
.Lb2:	sttrh w3, [x0, #2]
	EX .Lb2, .Lctu_fault, .LUACCESS, .LD_NONE
.Lb3:	sttr w3, [x0, #4]
	EX .Lb3, .Lctu_fault, .LUACCESS, .LD_NONE
.Lb4:	sttr x3, [x0, #8]
	EX .Lb4, .Lctu_fault, .LUACCESS, .LD_NONE
	mov x0, #0
	ret
.Lctu_fault:
	mov x0, #-14
	ret
ENDF fx_copy_to_user

/* __get_user_asm-like: err in w0, value register x2 zeroed on fault */
FUNC fx_get_user
	mov w0, #0
.Lc1:	ldtrsw x2, [x1]
	EX .Lc1, .Lget_done, .LUACCESS, .LD_W0_X2
.Lc2:	ldtrsh x2, [x1]
	EX .Lc2, .Lget_done, .LUACCESS, .LD_W0_X2
.Lc3:	ldtrsb w2, [x1]
	EX .Lc3, .Lget_done, .LUACCESS, .LD_W0_X2
.Lget_done:
	ret
ENDF fx_get_user

/* caches_clean_inval_user_pou-like: USER() cache maintenance on user addresses */
FUNC fx_flush_user
.Ld1:	dc civac, x0
	EX .Ld1, .Lflush_fault, .LUACCESS, .LD_NONE
	dsb ish
.Ld2:	ic ivau, x0
	EX .Ld2, .Lflush_fault, .LUACCESS, .LD_NONE
	dsb ish
	isb
	mov x0, #0
	ret
.Lflush_fault:
	mov x0, #-14
	ret
ENDF fx_flush_user

/* futex_atomic_op_inuser-like: LDXR/STLXR with _ASM_EXTABLE_UACCESS_ERR(.., w0) */
FUNC fx_futex_atomic_add
	nop				/* uaccess_enable_privileged(): ALTERNATIVE("nop", "msr pan, #0") */
	mov w0, #0
.Lf1:	ldxr w1, [x3]
	EX .Lf1, .Lfutex_done, .LUACCESS, .LD_W0
	add w5, w1, w2
.Lf2:	stlxr w0, w5, [x3]
	EX .Lf2, .Lfutex_done, .LUACCESS, .LD_W0
	cbnz w0, .Lf1
.Lfutex_done:
	dmb ish
	nop				/* uaccess_disable_privileged() */
	ret
ENDF fx_futex_atomic_add

/* UACCESS entries on plain LDR/STP: memory-touching, so legitimate */
FUNC fx_user_ldr
	mov w0, #0
.Lr1:	ldr x2, [x1]
	EX .Lr1, .Lr_done, .LUACCESS, .LD_W0_X2
.Lr2:	stp x2, x3, [x4]
	EX .Lr2, .Lr_done, .LUACCESS, .LD_NONE
.Lr_done:
	ret
ENDF fx_user_ldr

/* data inside .text ($d) whose value is an LDTR/STTR encoding; $x resumes code */
FUNC fx_literal_pool
	ldr w0, .Llit
	b 1f
	LOOKALIKE 0xb8400820		/* $d: "ldtr w0, [x1]" as data, mid-function */
1:	mov x1, x0			/* $x */
.Ll1:	ldtr w2, [x1]
	EX .Ll1, .Llp_done, .LUACCESS, .LD_NONE
.Llp_done:
	ret
.Llit:	LOOKALIKE 0xf8000820		/* $d: "sttr x0, [x1]" as data, literal pool */
ENDF fx_literal_pool

.if .LFAULTY
/* FAULT uaccess-unpaired: LDTR with no entry (right after a $d literal pool) */
FUNC fx_bad_ldtr
	mov x2, x1
	ldtr x0, [x2]
	ret
ENDF fx_bad_ldtr

/* FAULT uaccess-unpaired: STTR with no entry */
FUNC fx_bad_sttr
	mov w0, #1
	sttr w0, [x1]
	ret
ENDF fx_bad_sttr

/* FAULT uaccess-target: UACCESS entry on an ADD */
FUNC fx_bad_target
	mov w0, #0
.Ly1:	add x0, x0, #1
	EX .Ly1, .Lbt_done, .LUACCESS, .LD_NONE
.Lbt_done:
	ret
ENDF fx_bad_target
.endif

/* copy_from_kernel_nofault-like: plain LDR, KACCESS entry (not user access) */
FUNC fx_kernel_nofault
	mov w0, #0
.Lk1:	ldr x2, [x1]
	EX .Lk1, .Lnofault_done, .LKACCESS, .LD_W0_X2
.Lnofault_done:
	ret
ENDF fx_kernel_nofault

.if !.LMODULE
	.section .init.data,"aw"
	.globl main_extable_sort_needed
	.type main_extable_sort_needed, %object
	.size main_extable_sort_needed, 4
	.p2align 2
main_extable_sort_needed:
	.long 1
.endif

	.section .note.GNU-stack,"",%progbits
