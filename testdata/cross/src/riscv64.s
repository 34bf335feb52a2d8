/*
 * riscv64.s - exsort/excheck fixture source for EM_RISCV (RV64, 5.17+ table
 * {int insn, fixup; short type, data}, rel12-typedata).  User accesses are
 * bracketed by csrs/csrc sstatus.SUM like __enable/__disable_user_access().
 *   .LMODULE 1 = module object (.rela__ex_table; whatever pc-relative
 *                relocations this gas emits: R_RISCV_32_PCREL or ADD32/SUB32)
 *   .LDWARF  1 = append DWARF describing struct exception_table_entry
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LDWARF
	.set .LDWARF, 0
	.endif
	.option norelax

	/* riscv EX_TYPE_*: FIXUP 1, UACCESS_ERR_ZERO 3; data err 4:0, zero 9:5 */
	.set .LFIXUP, 1
	.set .LUACCESS, 3
	.set .LD_A0_A1, 0x16a		/* err = a0 (x10), zero = a1 (x11) */
	.set .LD_A0_ZERO, 0x00a		/* err = a0, zero = x0 */

	.section __ex_table,"a"
	.section .fixup,"ax"
	.text

	.macro EX insn, fixup, type, data, sub
	.pushsection __ex_table, \sub
	.balign 4
	.long (\insn) - .
	.long (\fixup) - .
	.short \type
	.short \data
	.popsection
	.endm

	.macro FUNC name
	.globl \name
	.type \name, @function
	.p2align 2
\name:
	.endm
	.macro ENDF name
	.size \name, . - \name
	.endm

	.set .LSR_SUM, 0x40000

	.text
.if !.LMODULE
FUNC _start_kernel
	j _start_kernel
ENDF _start_kernel
.endif

/* __asm_copy_from_user-like */
FUNC fx_copy_from_user
	li t6, .LSR_SUM
	csrs sstatus, t6
.La1:	lbu t0, 0(a1)
	EX .La1, .Lcopy_fault, .LFIXUP, 0, 2
	sb t0, 0(a0)
.La2:	lhu t0, 2(a1)
	EX .La2, .Lcopy_fault, .LFIXUP, 0, 0
.La3:	lw t0, 4(a1)
	EX .La3, .Lcopy_fault, .LFIXUP, 0, 1
.La4:	ld t0, 8(a1)
	EX .La4, .Lcopy_fault, .LFIXUP, 0, 0
	EX .La4, .Lcopy_fault2, .LUACCESS, .LD_A0_ZERO, 2	/* duplicate key */
	sd t0, 8(a0)
	csrc sstatus, t6
	li a0, 0
.Lcopy_done:
	ret
ENDF fx_copy_from_user

/* __put_user-like */
FUNC fx_put_user
	li t6, .LSR_SUM
	csrs sstatus, t6
.Lp1:	sb a2, 0(a1)
	EX .Lp1, .Lput_done, .LUACCESS, .LD_A0_ZERO, 1
.Lp2:	sw a2, 0(a1)
	EX .Lp2, .Lput_done, .LUACCESS, .LD_A0_ZERO, 2
	li a0, 0
.Lput_done:
	csrc sstatus, t6
	ret
ENDF fx_put_user

.if !.LMODULE
/* __get_user-like: value register zeroed on fault */
FUNC fx_get_user
	li t6, .LSR_SUM
	csrs sstatus, t6
	li a0, 0
.Lg1:	lb a1, 0(a2)
	EX .Lg1, .Lget_done, .LUACCESS, .LD_A0_A1, 3
.Lg2:	lh a1, 0(a2)
	EX .Lg2, .Lget_done, .LUACCESS, .LD_A0_A1, 1
.Lg3:	lw a1, 0(a2)
	EX .Lg3, .Lget_done, .LUACCESS, .LD_A0_A1, 3
.Lg4:	ld a1, 0(a2)
	EX .Lg4, .Lget_done, .LUACCESS, .LD_A0_A1, 0
.Lget_done:
	csrc sstatus, t6
	ret
ENDF fx_get_user

FUNC fx_clear_user
	li t6, .LSR_SUM
	csrs sstatus, t6
.Lz1:	sd zero, 0(a0)
	EX .Lz1, .Lclear_fault, .LFIXUP, 0, 2
.Lz2:	sb zero, 8(a0)
	EX .Lz2, .Lclear_fault, .LFIXUP, 0, 0
	csrc sstatus, t6
	li a0, 0
	ret
ENDF fx_clear_user
.endif

	.section .fixup,"ax"
	.p2align 2
.Lcopy_fault:
	csrc sstatus, t6
	li a0, -14
	j .Lcopy_done
.Lcopy_fault2:
	csrc sstatus, t6
	li a0, 1
	j .Lcopy_done
.if !.LMODULE
.Lclear_fault:
	csrc sstatus, t6
	li a0, 9
	ret
.endif

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

	.section .note.GNU-stack,"",%progbits

.if .LDWARF
	.set .LDW_ADDR, 8
	.set .LDW_ULONG, 8
	.set .LDW_ALT, 0
	.set .LDW_LAYOUT, 2
	.include "dwarf.inc"
.endif
