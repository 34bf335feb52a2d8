// SPDX-License-Identifier: GPL-2.0
/* usercopy.c - exsort/excheck debuginfo fixture: user access functions. */
#include <asm/uaccess.h>

/* open-coded asm, fixups out of line in .fixup (pre-5.17 style) */
unsigned long fx_copy_from_user(void *to, const void __user *from)
{
	unsigned long ret = 0;

	asm volatile("1:	movq (%[src]), %%rax\n"
		     "	movq %%rax, (%[dst])\n"
		     "2:	movl 8(%[src]), %%eax\n"
		     "	movl %%eax, 8(%[dst])\n"
		     "3:\n"
		     " .pushsection .fixup,\"ax\"\n"
		     "4:	movl $12, %k[ret]\n"
		     "	jmp 3b\n"
		     " .popsection\n"
		     _ASM_EXTABLE_UA(1b, 4b)
		     _ASM_EXTABLE_UA(2b, 4b)
		     : [ret] "+r" (ret)
		     : [src] "r" (from), [dst] "r" (to)
		     : "rax", "memory");
	return ret;
}

int fx_get_user_u64(u64 *dst, const u64 __user *src)
{
	return get_user_u64(dst, src);
}

int fx_get_user_pair(u64 *a, u64 *b, const u64 __user *src)
{
	int err;

	err = get_user_u64(a, src);
	if (err)
		return err;
	return get_user_u64(b, src + 1);
}

int fx_put_user_u32(u32 val, u32 __user *dst)
{
	return put_user_u32(val ^ 0x5a5a5a5a, dst);
}
