/*
 * aarch64.s - exsort/excheck fixture source for EM_AARCH64 (LE and, with
 * -EB, big-endian aarch64_be; A64 instructions stay little-endian).
 * Assembled by ../make.sh with --defsym:
 *   .LFMT    0 = 5.16+ table {int insn, fixup; short type, data} (rel12-typedata)
 *            1 = 4.6-5.15    {int insn, fixup}                   (rel8, .align 3)
 *   .LMODULE 1 = module object: fewer functions, no main_extable_sort_needed
 *   .LDWARF  1 = append DWARF describing struct exception_table_entry
 * User accesses use LDTR/STTR (unprivileged) instructions; kernel nofault
 * accesses use plain LDR/STR.  Entries go to scrambled __ex_table subsections.
 */
	.ifndef .LFMT
	.set .LFMT, 0
	.endif
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LDWARF
	.set .LDWARF, 0
	.endif

	/* arm64 EX_TYPE_* (6.0+ numbering) and data encodings */
	.set .LUACCESS, 2		/* EX_TYPE_UACCESS_ERR_ZERO */
	.set .LKACCESS, 3		/* EX_TYPE_KACCESS_ERR_ZERO */
	.set .LZEROPAD, 4		/* EX_TYPE_LOAD_UNALIGNED_ZEROPAD */
	.set .LD_NONE, 0x3ff		/* err = wzr, zero = xzr */
	.set .LD_W0_X2, 0x40		/* err = w0, zero = x2 */
	.set .LD_X0_X1, 0x20		/* zeropad: data = x0, addr = x1 */

	.section __ex_table,"a"
	.section .fixup,"ax"
	.text

/* EX insn, fixup, type, data, subsection */
	.macro EX insn, fixup, type, data, sub
	.pushsection __ex_table, \sub
	.if .LFMT == 0
	.align 2
	.long (\insn) - .
	.long (\fixup) - .
	.short \type
	.short \data
	.else
	.align 3
	.long (\insn) - .
	.long (\fixup) - .
	.endif
	.popsection
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

/* __arch_copy_from_user-like: one entry per user_ldst */
FUNC fx_copy_from_user
.La1:	ldtrb w3, [x1]
	EX .La1, .Lcopy_fault, .LUACCESS, .LD_NONE, 2
	strb w3, [x0]
.La2:	ldtrh w4, [x1, #2]
	EX .La2, .Lcopy_fault, .LUACCESS, .LD_NONE, 0
	strh w4, [x0, #2]
.La3:	ldtr w5, [x1, #4]
	EX .La3, .Lcopy_fault, .LUACCESS, .LD_NONE, 3
	str w5, [x0, #4]
.La4:	ldtr x6, [x1, #8]
	EX .La4, .Lcopy_fault, .LUACCESS, .LD_NONE, 1
	/* duplicate key: same insn, different fixup */
	EX .La4, .Lcopy_fault2, .LUACCESS, .LD_W0_X2, 3
	str x6, [x0, #8]
	mov x0, #0
.Lcopy_done:
	ret
ENDF fx_copy_from_user

/* __arch_copy_to_user-like */
FUNC fx_copy_to_user
	ldr x3, [x1]
.Lb1:	sttrb w3, [x0]
	EX .Lb1, .Lcopy_fault, .LUACCESS, .LD_NONE, 1
.Lb2:	sttrh w3, [x0, #2]
	EX .Lb2, .Lcopy_fault, .LUACCESS, .LD_NONE, 2
.Lb3:	sttr w3, [x0, #4]
	EX .Lb3, .Lcopy_fault, .LUACCESS, .LD_NONE, 0
.Lb4:	sttr x3, [x0, #8]
	EX .Lb4, .Lcopy_fault, .LUACCESS, .LD_NONE, 2
	mov x0, #0
	ret
ENDF fx_copy_to_user

.if !.LMODULE
/* __get_user_asm-like: err in w0, value register zeroed on fault */
FUNC fx_get_user
	mov w0, #0
.Lc1:	ldtrsw x2, [x1]
	EX .Lc1, .Lget_done, .LUACCESS, .LD_W0_X2, 3
.Lc2:	ldtrsh x2, [x1]
	EX .Lc2, .Lget_done, .LUACCESS, .LD_W0_X2, 0
.Lc3:	ldtrsb w2, [x1]
	EX .Lc3, .Lget_done, .LUACCESS, .LD_W0_X2, 1
.Lget_done:
	ret
ENDF fx_get_user

/* copy_from_kernel_nofault-like: plain LDR/STR */
FUNC fx_kernel_nofault
	mov w0, #0
.Lk1:	ldr x2, [x1]
	EX .Lk1, .Lnofault_done, .LKACCESS, .LD_W0_X2, 2
.Lk2:	ldrb w2, [x1]
	EX .Lk2, .Lnofault_done, .LKACCESS, .LD_W0_X2, 0
.Lk3:	str x2, [x3]
	EX .Lk3, .Lnofault_done, .LKACCESS, .LD_W0_X2, 3
.Lnofault_done:
	ret
ENDF fx_kernel_nofault

FUNC fx_load_unaligned_zeropad
.Lz1:	ldr x0, [x1]
	EX .Lz1, .Lzeropad_done, .LZEROPAD, .LD_X0_X1, 1
.Lzeropad_done:
	ret
ENDF fx_load_unaligned_zeropad

	.section .init.text,"ax"
FUNC fx_early_read
.Li1:	ldr x0, [x0]
	EX .Li1, .Learly_fault, .LKACCESS, .LD_W0_X2, 0
	ret
ENDF fx_early_read
.endif

	.section .fixup,"ax"
.Lcopy_fault:
	mov x0, #-14
	b .Lcopy_done
.Lcopy_fault2:
	mov w0, #-14
	mov x2, #0
	b .Lcopy_done
.if !.LMODULE
.Learly_fault:
	mov x0, #0
	ret
.endif

/* a function-pointer table (absolute data relocations) */
	.data
	.p2align 3
	.type fx_uaccess_ops, %object
	.size fx_uaccess_ops, 16
fx_uaccess_ops:
	.quad fx_copy_from_user
	.quad fx_copy_to_user

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

.if .LDWARF
	.set .LDW_ADDR, 8
	.set .LDW_ULONG, 8
	.set .LDW_ALT, 0
	.if .LFMT == 0
	.set .LDW_LAYOUT, 2
	.else
	.set .LDW_LAYOUT, 5
	.endif
	.include "dwarf.inc"
.endif
