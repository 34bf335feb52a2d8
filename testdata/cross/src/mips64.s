/*
 * mips64.s - exsort/excheck fixture source for EM_MIPS, n64 ABI, non-PIC like
 * the kernel: generic absolute table {unsigned long insn, nextinsn} (abs64,
 * `.section __ex_table,"a"; PTR_WD 1b, 3b` with PTR_WD = .dword).
 * mips64el by default, big-endian mips64 with -EB.
 *   .LMODULE 1 = module object (.rela__ex_table, R_MIPS_64; note the MIPS64
 *                r_info layout: r_sym, r_ssym, r_type3, r_type2, r_type)
 *   .LDWARF  1 = append DWARF describing struct exception_table_entry
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LDWARF
	.set .LDWARF, 0
	.endif

	.set noat
	.section __ex_table,"a"
	.section .fixup,"ax"
	.text

	.macro EX insn, fixup, sub
	.pushsection __ex_table, \sub
	.align 3
	.dword \insn, \fixup
	.popsection
	.endm

	.macro FUNC name
	.globl \name
	.type \name, @function
	.ent \name
	.p2align 3
\name:
	.endm
	.macro ENDF name
	.end \name
	.size \name, . - \name
	.endm

	.text
	.set noreorder
.if !.LMODULE
FUNC kernel_entry
	b kernel_entry
	nop
ENDF kernel_entry
.endif

/* __copy_user-like */
FUNC fx_copy_from_user
.La1:	lb $8, 0($5)
	EX .La1, .Lcopy_fault, 2
	sb $8, 0($4)
.La2:	lhu $8, 2($5)
	EX .La2, .Lcopy_fault, 0
.La3:	lw $8, 4($5)
	EX .La3, .Lcopy_fault, 1
.La4:	ld $8, 8($5)
	EX .La4, .Lcopy_fault, 0
	EX .La4, .Lcopy_fault2, 2	/* duplicate key */
	sd $8, 8($4)
	move $2, $0
.Lcopy_done:
	jr $31
	nop
ENDF fx_copy_from_user

FUNC fx_put_user
.Lp1:	sb $6, 0($5)
	EX .Lp1, .Lput_done, 1
.Lp2:	sw $6, 0($5)
	EX .Lp2, .Lput_done, 2
.Lp3:	sd $6, 0($5)
	EX .Lp3, .Lput_done, 0
	move $2, $0
.Lput_done:
	jr $31
	nop
ENDF fx_put_user

.if !.LMODULE
FUNC fx_get_user
	move $2, $0
.Lg1:	lbu $3, 0($4)
	EX .Lg1, .Lget_fault, 3
.Lg2:	lh $3, 0($4)
	EX .Lg2, .Lget_fault, 1
.Lg3:	lwu $3, 0($4)
	EX .Lg3, .Lget_fault, 3
	jr $31
	nop
ENDF fx_get_user

/* unaligned user access (lwl/lwr pair), both halves may fault */
FUNC fx_get_user_unaligned
.Lu1:	lwl $3, 0($4)
	EX .Lu1, .Lget_fault, 0
.Lu2:	lwr $3, 3($4)
	EX .Lu2, .Lget_fault, 2
	jr $31
	nop
ENDF fx_get_user_unaligned
.endif

	.section .fixup,"ax"
	.p2align 2
.Lcopy_fault:
	b .Lcopy_done
	li $2, -14
.Lcopy_fault2:
	b .Lcopy_done
	li $2, 1
.if !.LMODULE
.Lget_fault:
	move $3, $0
	jr $31
	li $2, -14
.endif
	.set reorder

	.data
	.p2align 3
	.type fx_uaccess_ops, @object
	.size fx_uaccess_ops, 16
fx_uaccess_ops:
	.dword fx_copy_from_user
	.dword fx_put_user

.if !.LMODULE
	.section .init.data,"aw"
	.globl main_extable_sort_needed
	.type main_extable_sort_needed, @object
	.size main_extable_sort_needed, 4
	.p2align 2
main_extable_sort_needed:
	.word 1
.endif

	.section .note.GNU-stack,"",%progbits

.if .LDWARF
	.set .LDW_ADDR, 8
	.set .LDW_ULONG, 8
	.set .LDW_ALT, 0
	.set .LDW_LAYOUT, 7
	.include "dwarf.inc"
.endif
