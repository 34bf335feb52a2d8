// SPDX-License-Identifier: GPL-2.0
/* msr.c - exsort/excheck debuginfo fixture: MSR access and early code. */
#include <asm/msr.h>
#include <asm/uaccess.h>

u64 fx_rdmsr_safe(u32 msr, int *err)
{
	return native_read_msr_safe(msr, err);
}

/* open-coded asm, fixup is the next instruction */
noinline int fx_wrmsr_safe(u32 msr, u32 lo, u32 hi)
{
	int err;

	asm volatile("2: wrmsr ; xor %[err],%[err]\n"
		     "1:\n\t"
		     _ASM_EXTABLE_TYPE_REG(2b, 1b, EX_TYPE_WRMSR_SAFE, %[err])
		     : [err] "=a" (err)
		     : "c" (msr), "0" (lo), "d" (hi)
		     : "memory");
	return err;
}

/* second caller of the get_user_u64 chain, in another file */
int fx_msr_write_user(u32 msr, const u64 __user *src)
{
	u64 v;

	if (get_user_u64(&v, src))
		return -EFAULT;
	return fx_wrmsr_safe(msr, (u32)v, (u32)(v >> 32));
}

/* __init: inlined helper in .init.text */
int __init fx_early_rdmsr(u32 msr, u64 *val)
{
	int err;

	*val = native_read_msr_safe(msr, &err);
	return err;
}

/* __init: open-coded asm in .init.text */
unsigned long __init fx_early_probe(const unsigned long *addr)
{
	unsigned long v;

	asm volatile("1:	movq (%[p]), %[v]\n"
		     "2:\n"
		     _ASM_EXTABLE_FAULT(1b, 2b)
		     : [v] "=r" (v) : [p] "r" (addr), "0" (0UL));
	return v;
}
