/*
 * seed-x86_64.s - a tiny x86-64 vmlinux look-alike for the fuzzing seeds:
 * every table exsort sorts, each out of order.  run.sh assembles it with
 * the host's as and links it with ld at 0xffffffff81000000, with and
 * without --emit-relocs, and with --defsym NOHDR=1 (no .orc_header: the
 * ORC format then comes from the banner) or --defsym BTFORC=1 (no
 * .orc_header, but a .BTF section describing struct orc_entry).
 *
 *   __ex_table       rel12-data entries {int insn, fixup; u32 data}
 *   .orc_unwind_ip   self-relative ints, with .orc_unwind (6-byte
 *                    entries) in step and a v3 .orc_header hash
 *   __mcount_loc     absolute call sites between __start_mcount_loc and
 *                    __stop_mcount_loc, one outside every sized function
 *   main_extable_sort_needed = 1, and "Linux version 6.8.0" in .rodata
 */
	.ifndef NOHDR
	.set NOHDR, 0
	.endif
	.ifndef BTFORC
	.set BTFORC, 0
	.endif

	.text
	.globl startup_64
	.type startup_64, @function
startup_64:
	nop
	ret
	.size startup_64, . - startup_64

	.macro FUNC name
	.globl \name
	.type \name, @function
\name:
	nop
	nop
	nop
	nop
	ret
	.size \name, . - \name
	.endm

	FUNC f1
	FUNC f2
	FUNC f3
	FUNC f4
	.weak f5
	FUNC f5
orphan:				/* no symbol size covers this */
	nop
	nop
	ret

	.section .fixup, "ax"
fix1:	ret
fix2:	ret
fix3:	ret

	.section __ex_table, "a"
	.balign 4
	.macro EX insn, fixup, data
	.long (\insn) - .
	.long (\fixup) - .
	.long \data
	.endm
	EX f3 + 1, fix3, 1
	EX f1, fix1, 3
	EX f4 + 2, fix2, 2
	EX f2, fix2, 0x00000211
	EX f1, fix3, 1		/* a second entry for one insn */

	.section .orc_unwind_ip, "a"
	.balign 4
	.long f2 - .
	.long f1 - .
	.long f4 - .
	.long f3 - .
	.long f1 - .		/* same address: the undefined one goes first */

	.section .orc_unwind, "a"
	/* sp_offset, bp_offset, flags (v3: type in bits 8-10) */
	.short 8, 0, 0x0201
	.short 8, 0, 0x0201
	.short 16, -16, 0x0202
	.short 8, 0, 0x0201
	.short 0, 0, 0x0000

	.if NOHDR == 0 && BTFORC == 0
	.section .orc_header, "a"
	.byte 0xfe, 0x5d, 0x32, 0xbf, 0x58, 0x1b, 0xd6, 0x3b, 0x2c, 0xa9
	.byte 0xa5, 0xc6, 0x5b, 0xa5, 0xa6, 0x25, 0xea, 0xb3, 0xfe, 0x24
	.endif

	.section __mcount_loc, "a"
	.balign 8
	.globl __start_mcount_loc, __stop_mcount_loc
__start_mcount_loc:
	.quad f4 + 1
	.quad f2 + 1
	.quad orphan
	.quad f1 + 1
	.quad f5 + 1
	.quad f3 + 1
__stop_mcount_loc:

	.section .rodata, "a"
	.asciz "Linux version 6.8.0-fuzz (seed) #1 SMP"

	.section .init.data, "aw"
	.balign 8
	.globl main_extable_sort_needed
	.type main_extable_sort_needed, @object
	.size main_extable_sort_needed, 4
main_extable_sort_needed:
	.long 1

	.if BTFORC
	/*
	 * BTF for the 6.4+ struct orc_entry (6 bytes): s16 sp_offset,
	 * bp_offset; unsigned int sp_reg:4, bp_reg:4, type:3, signal:1.
	 */
	.section .BTF, "a"
	.balign 4
	.short 0xeb9f
	.byte 1, 0
	.long 24, 0, .Ltypes_end - .Ltypes, .Ltypes_end - .Ltypes
	.long .Lstrs_end - .Lstrs
.Ltypes:
	.long .Ls_short - .Lstrs, 0x01000000, 2, 0x01000010	/* 1: short */
	.long .Ls_uint - .Lstrs, 0x01000000, 4, 0x00000020	/* 2: unsigned int */
	.long .Ls_orc - .Lstrs, 0x84000006, 6		/* 3: struct, kflag */
	.long .Ls_sp_offset - .Lstrs, 1, 0
	.long .Ls_bp_offset - .Lstrs, 1, 16
	.long .Ls_sp_reg - .Lstrs, 2, (4 << 24) | 32
	.long .Ls_bp_reg - .Lstrs, 2, (4 << 24) | 36
	.long .Ls_type - .Lstrs, 2, (3 << 24) | 40
	.long .Ls_signal - .Lstrs, 2, (1 << 24) | 43
.Ltypes_end:
.Lstrs:
	.byte 0
.Ls_short:	.asciz "short"
.Ls_uint:	.asciz "unsigned int"
.Ls_orc:	.asciz "orc_entry"
.Ls_sp_offset:	.asciz "sp_offset"
.Ls_bp_offset:	.asciz "bp_offset"
.Ls_sp_reg:	.asciz "sp_reg"
.Ls_bp_reg:	.asciz "bp_reg"
.Ls_type:	.asciz "type"
.Ls_signal:	.asciz "signal"
.Lstrs_end:
	.endif
