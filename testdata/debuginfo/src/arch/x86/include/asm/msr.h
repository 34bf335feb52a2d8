/* msr.h - native_read_msr_safe as an always_inline helper. */
#ifndef FX_MSR_H
#define FX_MSR_H
#include <asm/asm.h>

static __always_inline u64 native_read_msr_safe(u32 msr, int *err)
{
	u32 lo, hi;

	asm volatile("1: rdmsr ; xor %[err],%[err]\n"
		     "2:\n\t"
		     _ASM_EXTABLE_TYPE_REG(1b, 2b, EX_TYPE_RDMSR_SAFE, %[err])
		     : [err] "=r" (*err), "=a" (lo), "=d" (hi)
		     : "c" (msr));
	return ((u64)hi << 32) | lo;
}

#endif
