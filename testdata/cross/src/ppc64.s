/*
 * ppc64.s - exsort/excheck fixture source for EM_PPC64: relative table
 * {int insn, fixup} (rel8, EX_TABLE() in arch/powerpc/include/asm/ppc_asm.h).
 * Little endian (ELFv2, ppc64le) by default; with -mbig big-endian ppc64.
 *   .LMODULE 1 = module object (.rela__ex_table, R_PPC64_REL32)
 *   .LDWARF  1 = append DWARF describing struct exception_table_entry
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif
	.ifndef .LDWARF
	.set .LDWARF, 0
	.endif
	.abiversion 2		/* ELFv2 for both (BE ELFv2: CONFIG_PPC64_ELF_ABI_V2, 6.2+) */

	.section __ex_table,"a"
	.section .fixup,"ax"
	.text

	.macro EX insn, fixup, sub
	.pushsection __ex_table, \sub
	.balign 4
	.long (\insn) - .
	.long (\fixup) - .
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
FUNC __start
	b __start
ENDF __start
.endif

/* __copy_tofrom_user-like */
FUNC fx_copy_tofrom_user
.La1:	lbz 9, 0(4)
	EX .La1, .Lcopy_fault, 1
	stb 9, 0(3)
.La2:	lhz 9, 2(4)
	EX .La2, .Lcopy_fault, 0
.La3:	lwz 9, 4(4)
	EX .La3, .Lcopy_fault, 2
.La4:	ld 9, 8(4)
	EX .La4, .Lcopy_fault, 1
	EX .La4, .Lcopy_fault2, 0	/* duplicate key */
.Lb1:	std 9, 8(3)
	EX .Lb1, .Lcopy_fault, 2
	li 3, 0
.Lcopy_done:
	blr
ENDF fx_copy_tofrom_user

FUNC fx_put_user
.Lp1:	stb 5, 0(4)
	EX .Lp1, .Lput_fault, 2
.Lp2:	sth 5, 0(4)
	EX .Lp2, .Lput_fault, 0
.Lp3:	stw 5, 0(4)
	EX .Lp3, .Lput_fault, 1
	li 3, 0
.Lput_done:
	blr
ENDF fx_put_user

.if !.LMODULE
/* __clear_user-like: dcbz may fault too */
FUNC fx_clear_user
	li 9, 0
.Lz1:	dcbz 0, 3
	EX .Lz1, .Lclear_fault, 2
.Lz2:	std 9, 0(3)
	EX .Lz2, .Lclear_fault, 0
.Lz3:	stw 9, 8(3)
	EX .Lz3, .Lclear_fault, 3
	li 3, 0
	blr
.Lclear_fault:
	li 3, 8
	blr
ENDF fx_clear_user

FUNC fx_get_user
.Lg1:	lwz 9, 0(4)
	EX .Lg1, .Lget_fault, 3
.Lg2:	ld 9, 0(4)
	EX .Lg2, .Lget_fault, 1
	li 3, 0
	blr
.Lget_fault:
	li 3, -14
	li 9, 0
	blr
ENDF fx_get_user
.endif

	.section .fixup,"ax"
	.p2align 2
.Lcopy_fault:
	li 3, -14
	b .Lcopy_done
.Lcopy_fault2:
	li 3, 1
	b .Lcopy_done
.Lput_fault:
	li 3, -14
	b .Lput_done

	.data
	.p2align 3
	.type fx_uaccess_ops, @object
	.size fx_uaccess_ops, 16
fx_uaccess_ops:
	.quad fx_copy_tofrom_user
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
	.set .LDW_LAYOUT, 5
	.include "dwarf.inc"
.endif
