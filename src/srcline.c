// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "srcline.h"
#include "util.h"

#define DEBUG_DIR "/usr/lib/debug"

struct srcline {
	struct elfimg *img;
	const char *path;
	struct srcline_opts o;
	bool tried;		/* opened, or failed to */
	Dwfl_Callbacks cb;
	char *debuginfo_path;	/* for cb: where libdwfl looks */
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Elf *elf;		/* libdwfl's main ELF: ET_REL has addresses */
	GElf_Addr bias;
	bool unpacked;		/* img is not the bytes of path */
	size_t looked, found;	/* lookups with DWARF open, and hits */
	Dwarf_Off fns_cu;	/* the CU whose functions are in fns */
	struct fn_range *fns;
	size_t nfns;
	int fd;
	char origin[512];
	char note[320];
};

struct srcline *srcline_new(struct elfimg *img, const char *path,
			    bool unpacked, const struct srcline_opts *o)
{
	struct srcline *sl = calloc(1, sizeof(*sl));

	if (!sl)
		return NULL;
	sl->img = img;
	sl->path = path;
	sl->unpacked = unpacked;
	sl->o = *o;
	sl->fd = -1;
	sl->fns_cu = (Dwarf_Off)-1;
	return sl;
}

void srcline_free(struct srcline *sl)
{
	if (!sl)
		return;
	if (sl->dwfl)
		dwfl_end(sl->dwfl);
	if (sl->fd >= 0)
		close(sl->fd);
	free(sl->debuginfo_path);
	free(sl->fns);
	free(sl);
}

const char *srcline_note(const struct srcline *sl)
{
	return sl && sl->note[0] ? sl->note : NULL;
}

bool srcline_used(const struct srcline *sl)
{
	return sl && sl->tried;
}

const char *srcline_origin(const struct srcline *sl)
{
	return sl && sl->origin[0] ? sl->origin : NULL;
}

void srcline_counts(const struct srcline *sl, size_t *looked, size_t *found)
{
	*looked = sl ? sl->looked : 0;
	*found = sl ? sl->found : 0;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The build-id of the ELF file open on @fd; its length, 0 if none. */
static ssize_t file_build_id(int fd, unsigned char *id, size_t len)
{
	Elf *e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	const void *p;
	ssize_t n = 0;

	if (!e)
		return 0;
	n = dwelf_elf_gnu_build_id(e, &p);
	if (n > 0 && (size_t)n <= len)
		memcpy(id, p, (size_t)n);
	else
		n = 0;
	elf_end(e);
	return n;
}

/*
 * A distribution's vmlinux-VERSION in DIR/boot (Debian's -dbg layout)
 * whose build-id is the module's: its fd, or -1.
 */
static int find_in_boot(const char *dir, const unsigned char *want,
			size_t wantlen, char **name)
{
	char boot[4096];
	struct dirent *d;
	DIR *dp;
	int found = -1;

	snprintf(boot, sizeof(boot), "%s/boot", dir);
	dp = opendir(boot);
	if (!dp)
		return -1;
	while (found < 0 && (d = readdir(dp))) {
		unsigned char id[64];
		char file[8192];
		int fd;

		if (strncmp(d->d_name, "vmlinux-", 8) != 0)
			continue;
		snprintf(file, sizeof(file), "%s/%s", boot, d->d_name);
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (file_build_id(fd, id, sizeof(id)) == (ssize_t)wantlen &&
		    memcmp(id, want, wantlen) == 0) {
			found = fd;
			*name = strdup(file);
		} else {
			close(fd);
		}
	}
	closedir(dp);
	return found;
}

/*
 * libdwfl asks this when the file has no DWARF of its own: a file the
 * user named, else the standard search (build-id and debuglink under
 * the debuginfo path), else vmlinux-* under the debug directories' boot/.
 */
static int find_debuginfo(Dwfl_Module *mod, void **userdata,
			  const char *modname, GElf_Addr base,
			  const char *file_name, const char *debuglink_file,
			  GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	struct srcline *sl = *userdata;
	const unsigned char *id;
	GElf_Addr vaddr;
	char root[4096];
	int fd, n;

	if (sl->o.debuginfo && !is_dir(sl->o.debuginfo)) {
		fd = open(sl->o.debuginfo, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			*debuginfo_file_name = strdup(sl->o.debuginfo);
		return fd;
	}
	fd = dwfl_standard_find_debuginfo(mod, userdata, modname, base,
					  file_name, debuglink_file,
					  debuglink_crc, debuginfo_file_name);
	if (fd >= 0)
		return fd;
	n = dwfl_module_build_id(mod, &id, &vaddr);
	if (n <= 0)
		return -1;
	if (sl->o.debuginfo) {
		fd = find_in_boot(sl->o.debuginfo, id, (size_t)n,
				  debuginfo_file_name);
		if (fd >= 0)
			return fd;
	}
	snprintf(root, sizeof(root), "%s%s", sl->o.debug_root ?
		 sl->o.debug_root : "", DEBUG_DIR);
	return find_in_boot(root, id, (size_t)n, debuginfo_file_name);
}

/* The file for libdwfl: the one named, or a copy of unpacked bytes. */
static int image_fd(struct srcline *sl)
{
	size_t done = 0;
	int fd;

	fd = sl->unpacked ? -1 : open(sl->path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		struct stat st;

		/* the file may have changed since excheck mapped it */
		if (fstat(fd, &st) == 0 && (uint64_t)st.st_size == sl->img->size)
			return fd;
		close(fd);
	}
	fd = memfd_create("excheck-image", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	while (done < sl->img->size) {
		ssize_t w = write(fd, sl->img->image + done, sl->img->size - done);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return fd;
}

static void no_lines(struct srcline *sl, const char *why)
{
	snprintf(sl->note, sizeof(sl->note), "no source lines: %s", why);
}

/*
 * Are the debug sections of @dw compressed with zstd?  libelf before
 * 0.189 cannot unpack them, and libdw then reads nothing, silently.
 */
static bool zstd_elf(Elf *e)
{
	Elf_Scn *scn = NULL;
	GElf_Ehdr eh;

	if (!e || !gelf_getehdr(e, &eh))
		return false;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		const unsigned char *p;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_COMPRESSED) ||
		    sh.sh_type == SHT_NOBITS)
			continue;
		d = elf_rawdata(scn, NULL);
		if (!d || !d->d_buf || d->d_size < 4)
			continue;
		p = d->d_buf;
		if (exs_get(p, 4, eh.e_ident[EI_DATA] == ELFDATA2MSB) == 2)
			return true;	/* ELFCOMPRESS_ZSTD */
	}
	return false;
}

static bool zstd_debug(Dwarf *dw)
{
	return dw && zstd_elf(dwarf_getelf(dw));
}

static bool zstd_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *e = fd >= 0 ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	bool r = e && zstd_elf(e);

	if (e)
		elf_end(e);
	if (fd >= 0)
		close(fd);
	return r;
}

/* Say why libdwfl found no DWARF, as plainly as can be told. */
static void explain(struct srcline *sl)
{
	const char *file = NULL, *debug = NULL;
	const char *err = dwfl_errmsg(-1);

	dwfl_module_info(sl->mod, NULL, NULL, NULL, NULL, NULL, &file, &debug);
	if (debug && zstd_file(debug))
		snprintf(sl->note, sizeof(sl->note),
			 "no source lines: the debug sections of %s are zstd-compressed, which this libelf cannot read",
			 debug);
	else if (err && strstr(err, "compress"))
		snprintf(sl->note, sizeof(sl->note),
			 "no source lines: the debug sections%s%s are compressed in a way this libelf cannot read (%s)",
			 debug ? " in " : "", debug ? debug : "", err);
	else if (debug)
		snprintf(sl->note, sizeof(sl->note),
			 "no source lines: %s: %s", debug, err ? err : "unreadable DWARF");
	else
		no_lines(sl, "no DWARF in the file, and no separate debug file found (give --debuginfo=PATH)");
}

/* libdwfl searches build-id only under absolute directories. */
static const char *absolute(const char *dir, char *buf)
{
	return dir && realpath(dir, buf) ? buf : dir ? dir : "";
}

static int srcline_open(struct srcline *sl)
{
	void **userdata;
	const char *debug = NULL;
	Dwarf_Addr dbias;
	Dwarf *dw;
	char dirs[8400], user[PATH_MAX], root[PATH_MAX];
	bool user_dir = sl->o.debuginfo && is_dir(sl->o.debuginfo);

	sl->tried = true;
	snprintf(dirs, sizeof(dirs), "+::.debug:%s%s%s%s",
		 user_dir ? absolute(sl->o.debuginfo, user) : "",
		 user_dir ? ":" : "",
		 sl->o.debug_root ? absolute(sl->o.debug_root, root) : "",
		 DEBUG_DIR);
	sl->debuginfo_path = strdup(dirs);
	sl->fd = image_fd(sl);
	if (!sl->debuginfo_path || sl->fd < 0) {
		no_lines(sl, strerror(errno));
		return -1;
	}
	sl->cb.find_elf = dwfl_build_id_find_elf;
	sl->cb.find_debuginfo = find_debuginfo;
	sl->cb.section_address = dwfl_offline_section_address;
	sl->cb.debuginfo_path = &sl->debuginfo_path;
	sl->dwfl = dwfl_begin(&sl->cb);
	if (!sl->dwfl) {
		no_lines(sl, dwfl_errmsg(-1));
		return -1;
	}
	dwfl_report_begin(sl->dwfl);
	/* libdwfl takes the fd over; dup so both can close theirs */
	if (sl->img->ehdr.e_type == ET_REL)
		sl->mod = dwfl_report_offline(sl->dwfl, sl->path, sl->path,
					      dup(sl->fd));
	else
		sl->mod = dwfl_report_elf(sl->dwfl, sl->path, sl->path,
					  dup(sl->fd), 0, false);
	dwfl_report_end(sl->dwfl, NULL, NULL);
	if (!sl->mod) {
		no_lines(sl, dwfl_errmsg(-1));
		return -1;
	}
	dwfl_module_info(sl->mod, &userdata, NULL, NULL, NULL, NULL, NULL,
			 NULL);
	*userdata = sl;
	sl->elf = dwfl_module_getelf(sl->mod, &sl->bias);
	dw = sl->elf ? dwfl_module_getdwarf(sl->mod, &dbias) : NULL;
	if (!dw) {
		explain(sl);
		return -1;
	}
	dwfl_module_info(sl->mod, NULL, NULL, NULL, NULL, NULL, NULL, &debug);
	if (zstd_debug(dw)) {
		snprintf(sl->note, sizeof(sl->note),
			 "no source lines: the debug sections of %s are zstd-compressed, which this libelf cannot read",
			 debug ? debug : sl->path);
		exs_printable(sl->note);
		return -1;
	}
	snprintf(sl->origin, sizeof(sl->origin), "%s", debug ? debug : sl->path);
	exs_printable(sl->origin);
	return 0;
}

/* The address libdwfl knows the code at @value of @shndx by. */
static bool dwfl_addr(struct srcline *sl, size_t shndx, uint64_t value,
		      Dwarf_Addr *addr)
{
	GElf_Shdr sh;
	Elf_Scn *scn;

	if (sl->img->ehdr.e_type != ET_REL) {
		*addr = value + sl->bias;
		return true;
	}
	scn = elf_getscn(sl->elf, shndx);
	if (!scn || !gelf_getshdr(scn, &sh))
		return false;
	*addr = sh.sh_addr + value + sl->bias;
	return true;
}

static void copy_name(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
	if (strncmp(dst, "./", 2) == 0)
		memmove(dst, dst + 2, strlen(dst + 2) + 1);
	exs_printable(dst);
}

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;

	/* an inlined instance names its function through its origin */
	if (!dwarf_attr_integrate(die, DW_AT_name, &a))
		return NULL;
	return dwarf_formstring(&a);
}

/* Innermost first: the inlined instances around an address, then its function. */
#define CHAIN_MAX 64

/* A function's code range in the CU cached for the fast path. */
struct fn_range {
	Dwarf_Addr lo, hi;
	Dwarf_Die die;
};

static int cmp_fn_range(const void *x, const void *y)
{
	const struct fn_range *a = x, *b = y;

	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* The code ranges of the functions at the top of @cu, sorted. */
static int index_cu(struct srcline *sl, Dwarf_Die *cu)
{
	Dwarf_Die child;
	size_t cap = 0;

	free(sl->fns);
	sl->fns = NULL;
	sl->nfns = 0;
	sl->fns_cu = dwarf_dieoffset(cu);
	if (dwarf_child(cu, &child) != 0)
		return 0;
	do {
		Dwarf_Addr base, lo, hi;
		ptrdiff_t off = 0;

		if (dwarf_tag(&child) != DW_TAG_subprogram)
			continue;
		while ((off = dwarf_ranges(&child, off, &base, &lo, &hi)) > 0) {
			if (lo >= hi)
				continue;
			if (sl->nfns == cap) {
				struct fn_range *n;

				cap = cap ? 2 * cap : 256;
				n = reallocarray(sl->fns, cap, sizeof(*n));
				if (!n)
					return -1;
				sl->fns = n;
			}
			sl->fns[sl->nfns++] = (struct fn_range){ lo, hi, child };
		}
	} while (dwarf_siblingof(&child, &child) == 0);
	if (sl->nfns)
		qsort(sl->fns, sl->nfns, sizeof(*sl->fns), cmp_fn_range);
	return 0;
}

/* The function of @cu whose code holds @a, from the cached index. */
static Dwarf_Die *function_at(struct srcline *sl, Dwarf_Die *cu, Dwarf_Addr a)
{
	size_t lo = 0, hi;

	if (sl->fns_cu != dwarf_dieoffset(cu) && index_cu(sl, cu))
		return NULL;
	hi = sl->nfns;
	while (lo < hi) {	/* first range starting after @a */
		size_t mid = lo + (hi - lo) / 2;

		if (sl->fns[mid].lo <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && a < sl->fns[lo - 1].hi ? &sl->fns[lo - 1].die : NULL;
}

/* The first child of @die whose code holds @a. */
static bool child_at(Dwarf_Die *die, Dwarf_Addr a, Dwarf_Die *child)
{
	if (dwarf_child(die, child) != 0)
		return false;
	do {
		if (dwarf_haspc(child, a) > 0)
			return true;
	} while (dwarf_siblingof(child, child) == 0);
	return false;
}

/*
 * Walking down from the function, through the blocks and inlined
 * instances that hold @a: one pass over a function's DIEs, where
 * dwarf_getscopes() walks the whole CU from its top (seconds for a
 * module like kvm-intel.ko, whose vmx.c CU is huge).
 */
static int chain_fast(struct srcline *sl, Dwarf_Die *cu, Dwarf_Addr a,
		      Dwarf_Die *chain)
{
	Dwarf_Die *fn = function_at(sl, cu, a), die, child;
	Dwarf_Die path[CHAIN_MAX];
	int n = 0, depth, i;

	if (!fn)
		return -1;
	path[n++] = die = *fn;
	for (depth = 0; depth < 256 && child_at(&die, a, &child); depth++) {
		die = child;
		if (dwarf_tag(&die) != DW_TAG_inlined_subroutine)
			continue;
		if (n == CHAIN_MAX) {	/* keep the innermost */
			memmove(path, path + 1, (CHAIN_MAX - 1) * sizeof(*path));
			n--;
		}
		path[n++] = die;
	}
	for (i = 0; i < n; i++)
		chain[i] = path[n - 1 - i];
	return n;
}

/*
 * The same through libdw's scope search, for code the index does not
 * cover.  dwarf_getscopes() stops at an inlined instance (what follows
 * are its abstract origin's scopes), so each time go on from the
 * instance's own parents, as eu-addr2line does.
 */
static int chain_slow(Dwarf_Die *cu, Dwarf_Addr a, Dwarf_Die *chain)
{
	Dwarf_Die *scopes = NULL;
	int nscopes, i, n = 0;

	nscopes = dwarf_getscopes(cu, a, &scopes);
	for (i = 0; i < nscopes && n < CHAIN_MAX; i++) {
		int tag = dwarf_tag(&scopes[i]);
		Dwarf_Die *outer = NULL;

		if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
			continue;
		chain[n++] = scopes[i];
		if (tag == DW_TAG_subprogram)
			break;
		nscopes = dwarf_getscopes_die(&scopes[i], &outer);
		free(scopes);
		scopes = outer;
		i = 0;	/* outer[0] is the instance itself */
	}
	free(scopes);
	return n;
}

/* Frames 1..: where each inlined function was called, outward. */
static void inline_chain(struct srcline *sl, Dwarf_Addr addr,
			 struct src_pos *pos)
{
	Dwarf_Die *cu, chain[CHAIN_MAX];
	Dwarf_Addr cubias;
	Dwarf_Files *files = NULL;
	size_t nfiles = 0;
	int n, i;

	cu = dwfl_module_addrdie(sl->mod, addr, &cubias);
	if (!cu)
		return;
	n = chain_fast(sl, cu, addr - cubias, chain);
	if (n < 0)
		n = chain_slow(cu, addr - cubias, chain);
	dwarf_getsrcfiles(cu, &files, &nfiles);
	for (i = 0; i < n; i++) {
		struct src_frame *f = &pos->frame[pos->n - 1];
		Dwarf_Word cfile = 0, cline = 0;
		Dwarf_Attribute a;

		copy_name(f->function, sizeof(f->function), die_name(&chain[i]));
		if (dwarf_tag(&chain[i]) == DW_TAG_subprogram ||
		    pos->n == SRC_MAX_FRAMES)
			break;
		if (dwarf_formudata(dwarf_attr(&chain[i], DW_AT_call_file, &a),
				    &cfile) || !files || cfile >= nfiles ||
		    dwarf_formudata(dwarf_attr(&chain[i], DW_AT_call_line, &a),
				    &cline))
			break;
		f = &pos->frame[pos->n++];
		memset(f, 0, sizeof(*f));
		copy_name(f->file, sizeof(f->file),
			  dwarf_filesrc(files, cfile, NULL, NULL));
		f->line = (unsigned int)cline;
	}
}

int srcline_lookup(struct srcline *sl, size_t shndx, uint64_t value,
		   struct src_pos *pos)
{
	Dwarf_Addr addr;
	Dwfl_Line *line;
	const char *file;
	int lineno = 0;

	memset(pos, 0, sizeof(*pos));
	if (!sl || sl->o.off || (!sl->tried && srcline_open(sl)) || !sl->mod ||
	    sl->note[0] || !dwfl_addr(sl, shndx, value, &addr))
		return -1;
	sl->looked++;
	line = dwfl_module_getsrc(sl->mod, addr);
	file = line ? dwfl_lineinfo(line, NULL, &lineno, NULL, NULL, NULL) : NULL;
	if (!file || lineno <= 0)
		return -1;
	sl->found++;
	pos->n = 1;
	copy_name(pos->frame[0].file, sizeof(pos->frame[0].file), file);
	pos->frame[0].line = (unsigned int)lineno;
	inline_chain(sl, addr, pos);
	return 0;
}

void src_pos_text(const struct src_pos *pos, char *buf, size_t len)
{
	size_t i, used;

	if (!pos->n) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, "%s:%u", pos->frame[0].file, pos->frame[0].line);
	for (i = 1; i < pos->n; i++) {
		used = strlen(buf);
		snprintf(buf + used, len - used, " (%s inlined at %s:%u)",
			 pos->frame[i - 1].function[0] ?
			 pos->frame[i - 1].function : "?",
			 pos->frame[i].file, pos->frame[i].line);
	}
}
