// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The x86-64 ORC unwind tables: .orc_unwind_ip holds one self-relative
 * int per entry, .orc_unwind one 6-byte struct orc_entry, in step.  The
 * kernel sorts neither at boot since 5.6; it binary-searches the ip
 * table and takes the last entry at or below the address, so an entry
 * of undefined type (a terminator) must come before a real entry at the
 * same address.  Facts: shared/reference and arch/x86/include/asm/
 * orc_types.h of each generation.
 *
 * orc_entry: s16 sp_offset, s16 bp_offset, then a little-endian 16-bit
 * word of bitfields whose meaning changed:
 *   v1 (4.14-6.2): sp_reg 0-3, bp_reg 4-7, type 8-9, end 10
 *   v2 (6.3):      sp_reg 0-3, bp_reg 4-7, type 8-9, signal 10, end 11
 *   v3 (6.4-):     sp_reg 0-3, bp_reg 4-7, type 8-10, signal 11
 * "Undefined" is sp_reg == ORC_REG_UNDEFINED (0) && !end in v1 and v2,
 * type == ORC_TYPE_UNDEFINED (0) in v3.
 */
#include <stdlib.h>
#include <string.h>

#include "orc.h"
#include "radix.h"
#include "types.h"
#include "util.h"

#define ORC_IP ".orc_unwind_ip"
#define ORC_TABLE ".orc_unwind"
#define ORC_ENTRY 6

/* Bits of the flags word that are all zero in an undefined entry. */
static const uint16_t undefined_mask[] = { 0, 0x040f, 0x080f, 0x0700 };

/* .orc_header (6.4+, 6.3.10+) holds a hash of orc_types.h */
static const unsigned char hash_v3[20] = {
	0xfe, 0x5d, 0x32, 0xbf, 0x58, 0x1b, 0xd6, 0x3b, 0x2c, 0xa9,
	0xa5, 0xc6, 0x5b, 0xa5, 0xa6, 0x25, 0xea, 0xb3, 0xfe, 0x24 };
static const unsigned char hash_v2[20] = {
	0xdb, 0x84, 0xae, 0xd4, 0x10, 0x3b, 0x31, 0xdd, 0x51, 0xe0,
	0x17, 0xf8, 0xf7, 0x97, 0x83, 0xca, 0x98, 0x5c, 0x2c, 0x51 };

static bool has_member(const struct ex_typeinfo *ti, const char *name)
{
	unsigned int i;

	for (i = 0; i < ti->nmember; i++)
		if (strcmp(ti->member[i].name, name) == 0)
			return true;
	return false;
}

/* ORC generation from a struct orc_entry description, or 0. */
static int version_from_type(const struct ex_typeinfo *ti)
{
	bool end = has_member(ti, "end"), sig = has_member(ti, "signal");

	if (ti->size != ORC_ENTRY || !has_member(ti, "type"))
		return 0;
	return end ? (sig ? 2 : 1) : (sig ? 3 : 0);
}

/*
 * Which generation: .orc_header, then struct orc_entry in BTF or DWARF,
 * then the kernel version in the banner.  Never a guess.
 */
static int orc_version(struct elfimg *img, const char **how)
{
	size_t h = elfimg_find_section(img, ".orc_header");
	const unsigned char *p;
	struct ex_typeinfo ti;
	size_t size;
	int v, r;

	if (h && elfimg_bytes(img, h, &p, &size) == 0 && size == 20) {
		*how = ".orc_header";
		if (!memcmp(p, hash_v3, 20))
			return 3;
		if (!memcmp(p, hash_v2, 20))
			return 2;
		return elfimg_fail(img, ".orc_header: an ORC format exsort does not know");
	}
	r = btf_find_struct(img, "orc_entry", &ti);
	if (r == 0)
		r = dwarf_find_struct(img, "orc_entry", "unwind_orc.c", &ti);
	if (r < 0)
		return -1;
	if (r > 0 && (v = version_from_type(&ti))) {
		*how = "struct orc_entry";
		return v;
	}
	v = types_kernel_version(img);
	*how = "kernel version";
	if (v >= 604)
		return 3;
	if (v == 603)
		return 2;
	if (v >= 414)
		return 1;
	return elfimg_fail(img, "cannot tell the ORC format: no .orc_header, no struct orc_entry, no kernel version; use --skip=orc");
}

struct orc_job {
	struct elfimg *img;
	size_t ip_shndx, orc_shndx;
	const unsigned char *ip, *orc;
	size_t n;
	uint64_t ip_addr;
	uint16_t undef_mask;
	struct sort_key *key;	/* sorted: key = address */
	uint32_t *newpos;
};

static bool undefined(const struct orc_job *j, size_t i)
{
	/* the flags word is little-endian: ORC exists only on x86 */
	return (exs_get(j->orc + i * ORC_ENTRY + 4, 2, false) &
		j->undef_mask) == 0;
}

static uint64_t ip_at(const struct orc_job *j, size_t i)
{
	return (j->ip_addr + 4 * i +
		(uint64_t)exs_sext(exs_get(j->ip + 4 * i, 4, j->img->msb), 32)) &
	       j->img->addr_mask;
}

static int find_tables(struct orc_job *j)
{
	struct elfimg *img = j->img;
	size_t ip_size, orc_size;

	j->ip_shndx = elfimg_find_section(img, ORC_IP);
	j->orc_shndx = elfimg_find_section(img, ORC_TABLE);
	if (!j->ip_shndx && !j->orc_shndx)
		return 1;
	if (!j->ip_shndx || !j->orc_shndx)
		return elfimg_fail(img, "incomplete ORC unwind tables: %s without %s",
				   j->ip_shndx ? ORC_IP : ORC_TABLE,
				   j->ip_shndx ? ORC_TABLE : ORC_IP);
	if (elfimg_bytes(img, j->ip_shndx, &j->ip, &ip_size) ||
	    elfimg_bytes(img, j->orc_shndx, &j->orc, &orc_size))
		return -1;
	if (ip_size % 4 || orc_size % ORC_ENTRY ||
	    ip_size / 4 != orc_size / ORC_ENTRY)
		return elfimg_fail(img, "inconsistent ORC unwind tables: %zu bytes of %s for %zu bytes of %s",
				   ip_size, ORC_IP, orc_size, ORC_TABLE);
	j->n = ip_size / 4;
	if (j->n > UINT32_MAX)
		return elfimg_fail(img, "%s: too many entries", ORC_IP);
	j->ip_addr = img->shdr[j->ip_shndx].sh_addr;
	return 0;
}

/*
 * By address, terminators first among equal addresses, then table
 * position: a stable sort by address, then each run of equal addresses
 * stably split into undefined and defined entries.
 */
static int sort_orc(struct orc_job *j)
{
	struct sort_key *tmp;
	size_t i, a, b, k, n = j->n;

	j->key = exs_calloc(n, sizeof(*j->key));
	j->newpos = exs_calloc(n, sizeof(*j->newpos));
	tmp = exs_calloc(n, sizeof(*tmp));
	if (!j->key || !j->newpos || !tmp) {
		free(tmp);
		return elfimg_fail(j->img, "out of memory");
	}
	for (i = 0; i < n; i++)
		j->key[i] = (struct sort_key){ ip_at(j, i), (uint32_t)i };
	if (radix_sort(j->key, n)) {
		free(tmp);
		return elfimg_fail(j->img, "out of memory");
	}
	for (a = 0; a < n; a = b) {
		for (b = a + 1; b < n && j->key[b].key == j->key[a].key; b++)
			;
		if (b - a < 2)
			continue;
		k = 0;
		for (i = a; i < b; i++)
			if (undefined(j, j->key[i].idx))
				tmp[k++] = j->key[i];
		for (i = a; i < b; i++)
			if (!undefined(j, j->key[i].idx))
				tmp[k++] = j->key[i];
		memcpy(j->key + a, tmp, (b - a) * sizeof(*tmp));
	}
	free(tmp);
	for (i = 0; i < n; i++)
		j->newpos[j->key[i].idx] = (uint32_t)i;
	return 0;
}

/* New bytes for both sections, proved by decoding them again. */
static int encode(struct orc_job *j, struct sort_plan *plan)
{
	struct elfimg *img = j->img;
	struct patch *pi, *po;
	size_t i;

	pi = plan_patch(img, plan, ORC_IP, img->shdr[j->ip_shndx].sh_offset,
			4 * j->n);
	po = pi ? plan_patch(img, plan, ORC_TABLE,
			     img->shdr[j->orc_shndx].sh_offset,
			     ORC_ENTRY * j->n) : NULL;
	if (!po)
		return -1;
	for (i = 0; i < j->n; i++) {
		uint64_t at = (j->ip_addr + 4 * i) & img->addr_mask;
		int64_t d = exs_sext((j->key[i].key - at) & img->addr_mask,
				     img->is64 ? 64 : 32);

		if (d < INT32_MIN || d > INT32_MAX)
			return elfimg_fail(img, "%s[%u]: address 0x%llx cannot be reached from position %zu",
					   ORC_IP, j->key[i].idx,
					   (unsigned long long)j->key[i].key, i);
		exs_put(pi->bytes + 4 * i, 4, img->msb, (uint64_t)d);
		memcpy(po->bytes + ORC_ENTRY * i,
		       j->orc + (size_t)j->key[i].idx * ORC_ENTRY, ORC_ENTRY);
		if (((at + (uint64_t)exs_sext(exs_get(pi->bytes + 4 * i, 4,
						       img->msb), 32)) &
		     img->addr_mask) != j->key[i].key ||
		    (i && j->key[i - 1].key > j->key[i].key))
			return elfimg_fail(img, "%s[%u]: does not survive re-encoding",
					   ORC_IP, j->key[i].idx);
	}
	return 0;
}

int orc_plan(struct elfimg *img, const struct sort_opts *o,
	     struct sort_plan *plan)
{
	struct orc_job j = { .img = img };
	struct table_report *rep;
	const char *how = NULL;
	int version, r;

	r = find_tables(&j);
	if (r)
		return r > 0 ? 0 : -1;
	version = orc_version(img, &how);
	if (version < 0)
		return -1;
	j.undef_mask = undefined_mask[version];
	rep = plan_table(plan, ORC_IP);
	if (!rep)
		return elfimg_fail(img, "too many tables");
	rep->count = j.n;
	rep->layout = version == 3 ? "orc-v3" : version == 2 ? "orc-v2" :
		      "orc-v1";
	rep->source = how;
	r = -1;
	if (sort_orc(&j))
		goto out;
	for (size_t i = 0; i < j.n; i++)
		if (j.key[i].idx != i)
			rep->moved++;
	plan->moved += rep->moved;
	if (rep->moved &&
	    (encode(&j, plan) ||
	     plan_relocs(img, plan, j.ip_shndx, 4, j.newpos, o->relocs, rep)))
		goto out;
	r = 0;
out:
	free(j.key);
	free(j.newpos);
	return r;
}
