/* uaccess.h - get_user/put_user as always_inline helpers (asm goto style). */
#ifndef FX_UACCESS_H
#define FX_UACCESS_H
#include <asm/asm.h>

/* innermost helper: the faulting load and its table entry */
static __always_inline u64 __get_user_asm_u64(const u64 __user *ptr, int *err)
{
	u64 val;

	asm goto("1:	movq %[mem], %[val]\n"
		 _ASM_EXTABLE_UA(1b, %l[efault])
		 : [val] "=r" (val) : [mem] "m" (*ptr) : : efault);
	return val;
efault:
	*err = -EFAULT;
	return 0;
}

/* middle helper: inlines __get_user_asm_u64 (inline chain two deep) */
static __always_inline int get_user_u64(u64 *dst, const u64 __user *ptr)
{
	int err = 0;
	u64 v;

	v = __get_user_asm_u64(ptr, &err);
	*dst = v;
	return err;
}

/* one level: the faulting store */
static __always_inline int put_user_u32(u32 val, u32 __user *ptr)
{
	asm goto("1:	movl %[val], %[mem]\n"
		 _ASM_EXTABLE_UA(1b, %l[efault])
		 : : [val] "ir" (val), [mem] "m" (*ptr) : : efault);
	return 0;
efault:
	return -EFAULT;
}

#endif
