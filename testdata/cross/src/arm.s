/*
 * arm.s - exsort/excheck fixture source for EM_ARM (32-bit, little endian):
 * generic absolute table {unsigned long insn, fixup} (abs32, `.align 3;
 * .long 1b, 3b` as in arch/arm), fixups in .text.fixup.
 *   .LMODULE 1 = module object (.rel__ex_table, R_ARM_ABS32, implicit addends)
 */
	.ifndef .LMODULE
	.set .LMODULE, 0
	.endif

	.syntax unified
	.arm
	.section __ex_table,"a"
	.section .text.fixup,"ax"
	.text

	.macro EX insn, fixup, sub
	.pushsection __ex_table, \sub
	.align 3
	.long \insn, \fixup
	.popsection
	.endm

	.macro FUNC name
	.globl \name
	.type \name, %function
	.p2align 2
\name:
	.endm
	.macro ENDF name
	.size \name, . - \name
	.endm

	.text
.if !.LMODULE
FUNC stext
	b stext
ENDF stext
.endif

/* __copy_from_user-like with TUSER() (CONFIG_CPU_USE_DOMAINS) loads */
FUNC fx_copy_from_user
	mov r3, #0
.La1:	ldrbt r3, [r1]
	EX .La1, .Lcopy_fault, 2
.La2:	ldrt r3, [r1]
	EX .La2, .Lcopy_fault, 0
.La3:	ldr r3, [r1, #4]
	EX .La3, .Lcopy_fault, 1
	str r3, [r0]
	mov r0, #0
.Lcopy_done:
	bx lr
ENDF fx_copy_from_user

FUNC fx_copy_to_user
.Lb1:	strbt r2, [r0]
	EX .Lb1, .Lcopy_fault, 1
.Lb2:	strt r2, [r0]
	EX .Lb2, .Lcopy_fault, 0
	EX .Lb2, .Lcopy_fault2, 2	/* duplicate key */
.Lb3:	str r2, [r0, #4]
	EX .Lb3, .Lcopy_fault, 0
	mov r0, #0
	bx lr
ENDF fx_copy_to_user

.if !.LMODULE
/* __get_user_N-like (SW PAN: plain LDR with DACR switched) */
FUNC fx_get_user
.Lg1:	ldrb r2, [r0]
	EX .Lg1, .Lbad_get_user, 3
.Lg2:	ldrh r2, [r0]
	EX .Lg2, .Lbad_get_user, 1
.Lg3:	ldr r2, [r0]
	EX .Lg3, .Lbad_get_user, 3
	mov r0, #0
	bx lr
.Lbad_get_user:
	mov r2, #0
	mvn r0, #13
	bx lr
ENDF fx_get_user

FUNC fx_futex_cmpxchg
.Lf1:	ldrex r3, [r0]
	EX .Lf1, .Lfutex_fault, 2
.Lf2:	strex r2, r1, [r0]
	EX .Lf2, .Lfutex_fault, 0
	bx lr
ENDF fx_futex_cmpxchg
.endif

	.section .text.fixup,"ax"
	.p2align 2
.Lcopy_fault:
	mvn r0, #13
	b .Lcopy_done
.Lcopy_fault2:
	mov r0, #1
	b .Lcopy_done
.if !.LMODULE
.Lfutex_fault:
	mvn r0, #13
	bx lr
.endif

	.data
	.p2align 2
	.type fx_uaccess_ops, %object
	.size fx_uaccess_ops, 8
fx_uaccess_ops:
	.long fx_copy_from_user
	.long fx_copy_to_user

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
