// SPDX-License-Identifier: GPL-2.0
/* fixture_mod.c - exsort/excheck debuginfo fixture: a module (module.ko). */
#include <asm/uaccess.h>

/* open-coded asm in .text, fixup out of line in .fixup */
unsigned long fxmod_read(const unsigned long __user *p)
{
	unsigned long v;

	asm volatile("1:	movq (%[p]), %[v]\n"
		     "2:\n"
		     " .pushsection .fixup,\"ax\"\n"
		     "3:	xorl %k[v], %k[v]\n"
		     "	jmp 2b\n"
		     " .popsection\n"
		     _ASM_EXTABLE_UA(1b, 3b)
		     : [v] "=r" (v) : [p] "r" (p));
	return v;
}

/* the two-deep inline chain from uaccess.h */
int fxmod_get(u64 *dst, const u64 __user *src)
{
	return get_user_u64(dst, src);
}

/* module_init: open-coded asm in .init.text */
int __init fxmod_init(void)
{
	unsigned long v;

	asm volatile("1:	movq %%cr4, %[v]\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : [v] "=r" (v) : "0" (0UL));
	return v ? 0 : -EIO;
}

/* module_exit: one-deep inline helper in .exit.text */
void __exit fxmod_exit(void)
{
	put_user_u32(0, (u32 __user *)0x1000);
}

int init_module(void) __attribute__((__copy__(fxmod_init), __alias__("fxmod_init")));
void cleanup_module(void) __attribute__((__copy__(fxmod_exit), __alias__("fxmod_exit")));

/* .modinfo and a truncated stand-in for struct module (name, init, exit) */
static const char __modinfo[] __attribute__((__used__, __section__(".modinfo"), __aligned__(1))) =
	"license=GPL\0name=module\0vermagic=6.1.0-fixture SMP preempt mod_unload modversions ";

struct module {
	char name[56];
	int (*init)(void);
	void (*exit)(void);
};

struct module __this_module __attribute__((__section__(".gnu.linkonce.this_module"))) = {
	.name = "module",
	.init = init_module,
	.exit = cleanup_module,
};
