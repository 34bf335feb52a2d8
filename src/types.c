// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Type numbers from the kernel's asm/extable_fixup_types.h (x86) and
 * asm/asm-extable.h (arm64, riscv, loongarch, s390); sources and history
 * in shared/reference/extable-facts.md, section 1.  Where the version is
 * not known the newest numbering applies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"
#include "util.h"

static const char *const x86_516[] = {
	"NONE", "DEFAULT", "FAULT", "UACCESS", "COPY", "CLEAR_FS",
	"FPU_RESTORE", "WRMSR", "RDMSR", "BPF", "WRMSR_IN_MCE",
	"RDMSR_IN_MCE", "DEFAULT_MCE_SAFE", "FAULT_MCE_SAFE", NULL };
static const char *const x86_517[] = {
	"NONE", "DEFAULT", "FAULT", "UACCESS", "COPY", "CLEAR_FS",
	"FPU_RESTORE", "BPF", "WRMSR", "RDMSR", "WRMSR_SAFE", "RDMSR_SAFE",
	"WRMSR_IN_MCE", "RDMSR_IN_MCE", "DEFAULT_MCE_SAFE", "FAULT_MCE_SAFE",
	"POP_REG", "IMM_REG", "FAULT_SGX", "UCOPY_LEN", "ZEROPAD", "ERETU",
	"FUNC_REWIND", NULL };
static const char *const arm64_516[] = {
	"NONE", "FIXUP", "BPF", "UACCESS_ERR_ZERO", "LOAD_UNALIGNED_ZEROPAD",
	NULL };
static const char *const arm64_600[] = {
	"NONE", "BPF", "UACCESS_ERR_ZERO", "KACCESS_ERR_ZERO",
	"LOAD_UNALIGNED_ZEROPAD", NULL };
static const char *const arm64_616[] = {
	"NONE", "BPF", "UACCESS_ERR_ZERO", "KACCESS_ERR_ZERO", "UACCESS_CPY",
	"LOAD_UNALIGNED_ZEROPAD", NULL };
static const char *const riscv_517[] = {
	"NONE", "FIXUP", "BPF", "UACCESS_ERR_ZERO", "LOAD_UNALIGNED_ZEROPAD",
	NULL };
static const char *const loongarch_602[] = {
	"NONE", "FIXUP", "UACCESS_ERR_ZERO", "BPF", NULL };
static const char *const s390_518[] = {
	"NONE", "FIXUP", "BPF", "UACCESS", NULL };
static const char *const s390_519[] = {
	"NONE", "FIXUP", "BPF", "UA_STORE", "UA_LOAD_MEM", "UA_LOAD_REG",
	"UA_LOAD_REGPAIR", "ZEROPAD", "FPC", "UA_MVCOS_TO", "UA_MVCOS_FROM",
	NULL };

enum data_rule {
	DATA_ANY,
	DATA_IS_TYPE,		/* x86 5.16: the whole word is the type */
	DATA_X86,		/* x86 5.17+: type, reg, flags 0-3, imm */
	DATA_REGS10,		/* two 5-bit register fields */
	DATA_S390,		/* err, addr, len: 4 bits each */
};

struct type_set {
	unsigned int e_machine;
	int from, to;		/* versions, inclusive; 0 = open */
	const char *const *names;	/* [0] is NONE, never valid */
	unsigned int bpf;	/* the BPF type, whose fixup is no address */
	enum data_rule data;
};

/* Newest first within a machine: the fallback for unknown versions. */
static const struct type_set type_sets[] = {
	{ EM_X86_64, 517, 0, x86_517, 7, DATA_X86 },
	{ EM_X86_64, 516, 516, x86_516, 9, DATA_IS_TYPE },
	{ EM_386, 517, 0, x86_517, 7, DATA_X86 },
	{ EM_386, 516, 516, x86_516, 9, DATA_IS_TYPE },
	{ EM_AARCH64, 616, 0, arm64_616, 1, DATA_REGS10 },
	{ EM_AARCH64, 600, 615, arm64_600, 1, DATA_REGS10 },
	{ EM_AARCH64, 516, 519, arm64_516, 2, DATA_REGS10 },
	{ EM_RISCV, 517, 0, riscv_517, 2, DATA_REGS10 },
	{ 258, 602, 0, loongarch_602, 3, DATA_REGS10 },
	{ EM_S390, 519, 0, s390_519, 2, DATA_S390 },
	{ EM_S390, 518, 518, s390_518, 2, DATA_S390 },
};

static const struct type_set *type_set(const struct extable *t, int version)
{
	unsigned int em = t->img->ehdr.e_machine;
	const struct type_set *newest = NULL;
	size_t i;

	if (!t->choice.layout || (t->choice.layout->extra_kind != EXTRA_DATA32 &&
				  t->choice.layout->extra_kind != EXTRA_TYPE_DATA16))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(type_sets); i++) {
		const struct type_set *s = &type_sets[i];

		if (s->e_machine != em)
			continue;
		if (!newest)
			newest = s;
		if (version && version >= s->from && (!s->to || version <= s->to))
			return s;
	}
	return newest;
}

static unsigned int count_names(const char *const *names)
{
	unsigned int n = 0;

	while (names[n])
		n++;
	return n;
}

const char *type_name(const struct extable *t, int version, unsigned int type)
{
	const struct type_set *s = type_set(t, version);

	if (!s || type >= count_names(s->names))
		return NULL;
	return s->names[type];
}

bool type_fixup_not_address(const struct extable *t, int version,
			    const struct ex_entry *e)
{
	const struct type_set *s = type_set(t, version);

	return s && s->bpf && e->type == s->bpf;
}

static const char *data_problem(enum data_rule rule, uint32_t data)
{
	switch (rule) {
	case DATA_X86:
		return ((data >> 12) & 0xf) > 3 ? "flags (bits 12-15) other than CLEAR_AX/CLEAR_DX" : NULL;
	case DATA_REGS10:
		return data > 0x3ff ? "bits above the two register fields" : NULL;
	case DATA_S390:
		return data > 0xfff ? "bits above the err, addr and len fields" : NULL;
	default:
		return NULL;
	}
}

const char *type_problem(const struct extable *t, int version,
			 const struct ex_entry *e)
{
	static __thread char buf[200];
	const struct type_set *s;
	const char *why;
	unsigned int n;

	if (t->choice.layout && t->choice.layout->extra_kind == EXTRA_OPCODE32) {
		/* parisc: "or %r0,%r0,%rN" names the error register */
		if ((e->data & ~0x1fu) == 0x08000240)
			return NULL;
		snprintf(buf, sizeof(buf), "err_opcode 0x%08x is not \"or %%r0,%%r0,%%rN\"",
			 e->data);
		return buf;
	}
	s = type_set(t, version);
	if (!s)
		return NULL;
	n = count_names(s->names);
	if (s->data == DATA_IS_TYPE && e->data >= n) {
		snprintf(buf, sizeof(buf), "data 0x%x is not a known type", e->data);
		return buf;
	}
	if (e->type == 0 || e->type >= n) {
		snprintf(buf, sizeof(buf), "type %u is not a known %s exception type (1-%u%s)",
			 e->type, elfimg_machine_name(t->img->ehdr.e_machine),
			 n - 1, version ? "" : ", newest numbering");
		return buf;
	}
	why = data_problem(s->data, e->data);
	if (!why)
		return NULL;
	snprintf(buf, sizeof(buf), "data 0x%x of type %s has %s", e->data,
		 s->names[e->type], why);
	return buf;
}

static const char *const x86_regs[16] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

static void a64_reg(char *buf, size_t len, unsigned int r)
{
	if (r == 31)
		snprintf(buf, len, "xzr");
	else
		snprintf(buf, len, "x%u", r);
}

/* Register fields mean something only for some types. */
static void describe_regs10(const char *name, uint32_t data, char *buf,
			    size_t len)
{
	char a[8], b[8];

	a64_reg(a, sizeof(a), data & 0x1f);
	a64_reg(b, sizeof(b), (data >> 5) & 0x1f);
	if (strstr(name, "ERR_ZERO"))
		snprintf(buf, len, "err=%s zero=%s", a, b);
	else if (strstr(name, "ZEROPAD"))
		snprintf(buf, len, "data=%s addr=%s", a, b);
	else if (strstr(name, "UACCESS_CPY"))
		snprintf(buf, len, "%s", data & 1 ? "write" : "read");
}

void type_describe_data(const struct extable *t, int version,
			const struct ex_entry *e, char *buf, size_t len)
{
	const struct type_set *s = type_set(t, version);
	const char *name = type_name(t, version, e->type);

	buf[0] = 0;
	if (t->choice.layout && t->choice.layout->extra_kind == EXTRA_OPCODE32) {
		snprintf(buf, len, "err=r%u", e->data & 0x1f);
		return;
	}
	if (!s || !name)
		return;
	switch (s->data) {
	case DATA_X86:
		snprintf(buf, len, "reg=%s flags=%u imm=%d",
			 x86_regs[(e->data >> 8) & 0xf], (e->data >> 12) & 0xf,
			 (int)(int16_t)(e->data >> 16));
		break;
	case DATA_REGS10:
		describe_regs10(name, e->data, buf, len);
		break;
	case DATA_S390:
		if (strncmp(name, "UA_", 3) == 0)
			snprintf(buf, len, "err=r%u addr=r%u len=r%u",
				 e->data & 0xf, (e->data >> 4) & 0xf,
				 (e->data >> 8) & 0xf);
		break;
	default:
		break;
	}
}

/* "6.1.0-..." -> 601 */
static int parse_version(const char *s, size_t len)
{
	unsigned int major = 0, minor = 0;
	char tmp[32];

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, s, len);
	tmp[len] = 0;
	if (sscanf(tmp, "%u.%u", &major, &minor) != 2 || major > 99 ||
	    minor > 99)
		return 0;
	return (int)(major * 100 + minor);
}

/* The version after the first @key in section @shndx that has one. */
static int find_after(struct elfimg *img, size_t shndx, const char *key)
{
	const unsigned char *p, *hit;
	size_t size, klen = strlen(key);

	if (!shndx || elfimg_bytes(img, shndx, &p, &size))
		return 0;
	while ((hit = memmem(p, size, key, klen)) != NULL) {
		size_t skip = (size_t)(hit - p) + klen;
		int v = parse_version((const char *)hit + klen, size - skip);

		if (v)
			return v;
		p += skip;
		size -= skip;
	}
	return 0;
}

int types_kernel_version(struct elfimg *img)
{
	int v;

	/* modules: vermagic in .modinfo; vmlinux: linux_banner in .rodata */
	v = find_after(img, elfimg_find_section(img, ".modinfo"), "vermagic=");
	if (!v)
		v = find_after(img, elfimg_find_section(img, ".rodata"),
			       "Linux version ");
	img->err[0] = 0;
	return v;
}
