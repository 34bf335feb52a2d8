/*
 * s390x.s - exsort/excheck fixture source for EM_S390 (64-bit, big endian).
 *   .LFMT    0 = 5.18+ table {int insn, fixup; short type, data} (rel12-typedata),
 *                plus a second table in .amode31.ex_table (never build-sorted)
 *            1 = 5.9-5.17    {int insn, fixup; long handler}      (rel16-handler,
 *                handler self-relative, raw 0 = no handler)
 *   .LMODULE 1 = module object (.rela__ex_table, R_390_PC32 / R_390_PC64)
 *   .LDWARF  1 = append DWARF describing struct exception_table_entry
 * The ex_handler_* names are stand-ins; only their being functions matters.
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

	/* s390 EX_TYPE_* (5.19+ numbering); data: err 3:0, addr/zero 7:4, len 11:8 */
	.set .LFIXUP, 1
	.set .LUA_STORE, 3
	.set .LUA_LOAD_MEM, 4
	.set .LUA_LOAD_REG, 5
	.set .LD_R2, 0x02		/* err = %r2 */
	.set .LD_R2_R1, 0x12		/* err = %r2, zero = %r1 */

	.section __ex_table,"a"
	.section .fixup,"ax"
	.if .LFMT == 0 && !.LMODULE
	.section .amode31.ex_table,"a"
	.endif
	.text

/* EX insn, fixup, type, data, handler (0 = none), subsection */
	.macro EX insn, fixup, type, data, handler, sub, sec=__ex_table
	.pushsection \sec, \sub
	.if .LFMT == 0
	.align 4
	.long (\insn) - .
	.long (\fixup) - .
	.short \type
	.short \data
	.else
	.align 8
	.long (\insn) - .
	.long (\fixup) - .
	.ifc \handler,0
	.quad 0
	.else
	.quad (\handler) - .
	.endif
	.endif
	.popsection
	.endm

	.macro FUNC name
	.globl \name
	.type \name, @function
	.p2align 3
\name:
	.endm
	.macro ENDF name
	.size \name, . - \name
	.endm

	.text
.if !.LMODULE
FUNC startup_continue
	j startup_continue
ENDF startup_continue
.endif

/* raw_copy_from_user-like (MVCOS) */
FUNC fx_copy_from_user
	lghi %r0, 0x81
.La1:	mvcos 0(%r2), 0(%r3), %r4
	EX .La1, .Lcopy_fault, .LFIXUP, 0, 0, 2
.La2:	mvc 0(8,%r2), 0(%r3)
	EX .La2, .Lcopy_fault, .LFIXUP, 0, 0, 0
	EX .La2, .Lcopy_fault2, .LUA_LOAD_MEM, .LD_R2, ex_handler_ua_load, 2	/* duplicate key */
	lghi %r2, 0
.Lcopy_done:
	br %r14
ENDF fx_copy_from_user

/* __put_user-like */
FUNC fx_put_user
.Lp1:	stg %r1, 0(%r3)
	EX .Lp1, .Lput_done, .LUA_STORE, .LD_R2, 0, 1
.Lp2:	st %r1, 0(%r3)
	EX .Lp2, .Lput_done, .LUA_STORE, .LD_R2, 0, 0
.Lp3:	sth %r1, 0(%r3)
	EX .Lp3, .Lput_done, .LUA_STORE, .LD_R2, 0, 2
.Lp4:	stc %r1, 0(%r3)
	EX .Lp4, .Lput_done, .LUA_STORE, .LD_R2, ex_handler_ua_store, 1
	lghi %r2, 0
.Lput_done:
	br %r14
ENDF fx_put_user

.if !.LMODULE
/* __get_user-like */
FUNC fx_get_user
.Lg1:	lg %r1, 0(%r3)
	EX .Lg1, .Lget_done, .LUA_LOAD_REG, .LD_R2_R1, ex_handler_ua_load, 3
.Lg2:	l %r1, 0(%r3)
	EX .Lg2, .Lget_done, .LUA_LOAD_REG, .LD_R2_R1, 0, 1
.Lg3:	llgc %r1, 0(%r3)
	EX .Lg3, .Lget_done, .LUA_LOAD_REG, .LD_R2_R1, 0, 3
	lghi %r2, 0
.Lget_done:
	br %r14
ENDF fx_get_user

/* __clear_user-like */
FUNC fx_clear_user
.Lz1:	xc 0(256,%r2), 0(%r2)
	EX .Lz1, .Lclear_fault, .LFIXUP, 0, 0, 0
	lghi %r2, 0
	br %r14
ENDF fx_clear_user

.if .LFMT == 1
FUNC ex_handler_ua_load
	lghi %r2, 1
	br %r14
ENDF ex_handler_ua_load
FUNC ex_handler_ua_store
	lghi %r2, 1
	br %r14
ENDF ex_handler_ua_store
.else
/* 31-bit addressing mode code with its own table (.amode31.ex_table) */
	.section .amode31.text,"ax"
FUNC fx_amode31_diag
.Ld1:	diag %r2, %r4, 0x308
	EX .Ld1, .Ldiag_done, .LFIXUP, 0, 0, 1, .amode31.ex_table
.Ld2:	l %r1, 0(%r2)
	EX .Ld2, .Ldiag_done, .LFIXUP, 0, 0, 0, .amode31.ex_table
.Ldiag_done:
	br %r14
ENDF fx_amode31_diag
.endif
.endif

	.section .fixup,"ax"
	.p2align 1
.Lcopy_fault:
	lghi %r2, -14
	j .Lcopy_done
.Lcopy_fault2:
	lghi %r2, 1
	j .Lcopy_done
.if !.LMODULE
.Lclear_fault:
	lghi %r2, 256
	br %r14
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
	.if .LFMT == 0
	.set .LDW_LAYOUT, 2
	.else
	.set .LDW_LAYOUT, 4
	.endif
	.include "dwarf.inc"
.endif
