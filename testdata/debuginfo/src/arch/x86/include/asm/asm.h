/* asm.h - _ASM_EXTABLE* as in arch/x86/include/asm/asm.h (Linux 5.17+). */
#ifndef FX_ASM_H
#define FX_ASM_H

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

/* arch/x86/include/asm/extable_fixup_types.h */
#define EX_DATA_REG_SHIFT	8
#define EX_TYPE_DEFAULT		 1
#define EX_TYPE_FAULT		 2
#define EX_TYPE_UACCESS		 3
#define EX_TYPE_WRMSR_SAFE	10
#define EX_TYPE_RDMSR_SAFE	11

/* struct exception_table_entry { int insn, fixup, data; } */
#define _ASM_EXTABLE_TYPE(from, to, type)			\
	" .pushsection \"__ex_table\",\"a\"\n"			\
	" .balign 4\n"						\
	" .long (" #from ") - .\n"				\
	" .long (" #to ") - .\n"				\
	" .long " __stringify(type) " \n"			\
	" .popsection\n"

/* data = type | register number << EX_DATA_REG_SHIFT, found by gas */
#define DEFINE_EXTABLE_TYPE_REG					\
	".macro extable_type_reg type:req reg:req\n"		\
	".set .Lfound, 0\n"					\
	".set .Lregnr, 0\n"					\
	".irp rs,rax,rcx,rdx,rbx,rsp,rbp,rsi,rdi,r8,r9,r10,r11,r12,r13,r14,r15\n" \
	".ifc \\reg, %%\\rs\n"					\
	".set .Lfound, .Lfound+1\n"				\
	".long \\type + (.Lregnr << 8)\n"			\
	".endif\n"						\
	".set .Lregnr, .Lregnr+1\n"				\
	".endr\n"						\
	".set .Lregnr, 0\n"					\
	".irp rs,eax,ecx,edx,ebx,esp,ebp,esi,edi,r8d,r9d,r10d,r11d,r12d,r13d,r14d,r15d\n" \
	".ifc \\reg, %%\\rs\n"					\
	".set .Lfound, .Lfound+1\n"				\
	".long \\type + (.Lregnr << 8)\n"			\
	".endif\n"						\
	".set .Lregnr, .Lregnr+1\n"				\
	".endr\n"						\
	".if (.Lfound != 1)\n"					\
	".error \"extable_type_reg: bad register argument\"\n"	\
	".endif\n"						\
	".endm\n"

#define UNDEFINE_EXTABLE_TYPE_REG				\
	".purgem extable_type_reg\n"

#define _ASM_EXTABLE_TYPE_REG(from, to, type, reg)		\
	" .pushsection \"__ex_table\",\"a\"\n"			\
	" .balign 4\n"						\
	" .long (" #from ") - .\n"				\
	" .long (" #to ") - .\n"				\
	DEFINE_EXTABLE_TYPE_REG					\
	"extable_type_reg reg=" __stringify(reg) ", type=" __stringify(type) " \n" \
	UNDEFINE_EXTABLE_TYPE_REG				\
	" .popsection\n"

#define _ASM_EXTABLE(from, to)		_ASM_EXTABLE_TYPE(from, to, EX_TYPE_DEFAULT)
#define _ASM_EXTABLE_UA(from, to)	_ASM_EXTABLE_TYPE(from, to, EX_TYPE_UACCESS)
#define _ASM_EXTABLE_FAULT(from, to)	_ASM_EXTABLE_TYPE(from, to, EX_TYPE_FAULT)

#define __always_inline	inline __attribute__((__always_inline__))
#define noinline	__attribute__((__noinline__))
#define __init		__attribute__((__section__(".init.text"), __cold__))
#define __exit		__attribute__((__section__(".exit.text"), __cold__))
#define __user
#define EFAULT		14
#define EIO		5

#ifndef __ASSEMBLY__
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;
#endif

#endif
