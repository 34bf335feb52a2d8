#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""inject-uaccess.py: put one user-access fault into a copy of a kernel ELF.

Usage:
  inject-uaccess.py drop-clac  IN OUT [FUNC]     x86-64
  inject-uaccess.py drop-entry IN OUT [FUNC]     arm64
  inject-uaccess.py sites      IN                x86-64: list STAC/CLAC sites

IN is a vmlinux (ET_EXEC/ET_DYN, with a symbol table) or a module or
object (ET_REL); .ko.xz and .ko.gz are decompressed (OUT is then the
plain ELF).  IN is only read: OUT is a new file with the change made.
Standard library only.

drop-clac: choose a function with a STAC and exactly one CLAC after its
last STAC (FUNC if given), and turn that CLAC's .altinstructions entry
into one that is not an X86_FEATURE_SMAP alternative (feature field set
to 0).  The choice is checked against a model of excheck's rule (a STAC
is closed by a later CLAC in its function, or by a direct JMP/Jcc after
it to code whose next SMAP site is a CLAC), so that after the change
that STAC, and nothing else, is open.  Functions with one STAC, one
CLAC, no other SMAP alternative and no jump back before the STAC are
preferred.  Prints "FUNC+0xOFF", the STAC as excheck names it.

drop-entry: choose an __ex_table entry (not the first) whose instruction
is an LDTR/STTR-class unprivileged load or store (in FUNC if given) that
no other entry names, and make its insn field name the previous entry's
instruction: in a linked image by rewriting the self-relative field, in
an ET_REL object by giving its .rela__ex_table record the symbol and
addend of the previous entry's.  The table stays sorted; the previous
instruction gets a second entry.  Prints "MNEMONIC FUNC+0xOFF".

Exit status: 0 done, 1 nothing suitable found, 2 bad usage or input.
"""

import bisect
import gzip
import lzma
import mmap
import os
import shutil
import struct
import sys

PROG = "inject-uaccess"

ET_REL = 1
SHT_PROGBITS, SHT_SYMTAB, SHT_RELA, SHT_NOBITS, SHT_REL = 1, 2, 4, 8, 9
SHT_SYMTAB_SHNDX = 18
SHF_ALLOC, SHF_EXECINSTR = 0x2, 0x4
SHN_UNDEF, SHN_LORESERVE, SHN_XINDEX = 0, 0xff00, 0xffff
STT_NOTYPE, STT_OBJECT, STT_FUNC = 0, 1, 2
EM_X86_64, EM_AARCH64 = 62, 183
R_X86_64_NONE, R_X86_64_PC32 = 0, 2
R_AARCH64_NONE, R_AARCH64_NONE_OLD, R_AARCH64_PREL32 = 0, 256, 261
MASK64 = (1 << 64) - 1

X86_FEATURE_SMAP = 308
ALT_FEATURE_LIMIT = 0x1000
STAC, CLAC = 0, 1
X86_STAC = b"\x0f\x01\xcb"
X86_CLAC = b"\x0f\x01\xca"

# struct alt_instr: size, feature size, instrlen, replacementlen offsets,
# the "not" flag bit (as in excheck's src/uaccess.c)
ALT_FORMATS = [
    (12, 2, 10, 11, 0x8000),    # ~3.x-4.0, 5.13-6.2
    (13, 2, 10, 11, 0x8000),    # 4.1-5.12: + u8 padlen
    (14, 4, 12, 13, 0x10000),   # 6.3+: u32 ft_flags
]

A64_NAMES = ["STTRB", "LDTRB", "LDTRSB", "LDTRSB", "STTRH", "LDTRH",
             "LDTRSH", "LDTRSH", "STTR", "LDTR", "LDTRSW", None,
             "STTR", "LDTR", None, None]


class Fail(Exception):
    """Bad input: exit 2."""


class NotFound(Exception):
    """Nothing to inject: exit 1."""


def note(msg):
    print("%s: %s" % (PROG, msg), file=sys.stderr)


def sext(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


class Section:
    __slots__ = ("idx", "name", "type", "flags", "addr", "offset", "size",
                 "link", "info", "entsize")


class Sym:
    __slots__ = ("idx", "name", "value", "size", "type", "shndx")

    def __init__(self, idx, name, value, size, type_, shndx):
        self.idx, self.name, self.value = idx, name, value
        self.size, self.type, self.shndx = size, type_, shndx


class Elf:
    """An ELF64 file (either byte order), read through a buffer."""

    def __init__(self, path):
        self.path = path
        self.decompressed = None
        self._file = None
        with open(path, "rb") as f:
            magic = f.read(6)
        if magic.startswith(b"\xfd7zXZ"):
            with lzma.open(path) as f:
                self.decompressed = f.read()
        elif magic.startswith(b"\x1f\x8b"):
            with gzip.open(path) as f:
                self.decompressed = f.read()
        if self.decompressed is not None:
            self.buf = self.decompressed
        else:
            self._file = open(path, "rb")
            if os.fstat(self._file.fileno()).st_size == 0:
                raise Fail("%s: empty file" % path)
            self.buf = mmap.mmap(self._file.fileno(), 0,
                                 access=mmap.ACCESS_READ)
        b = self.buf
        if len(b) < 64 or b[:4] != b"\x7fELF":
            raise Fail("%s: not an ELF file" % path)
        if b[4] != 2:
            raise Fail("%s: not a 64-bit ELF file" % path)
        if b[5] not in (1, 2):
            raise Fail("%s: unknown ELF byte order %d" % (path, b[5]))
        self.e = "<" if b[5] == 1 else ">"
        (self.type, self.machine, _, _, _, shoff, _, _, _, _, shentsize,
         shnum, shstrndx) = struct.unpack_from(self.e + "HHIQQQIHHHHHH", b, 16)
        self.rel = self.type == ET_REL
        if shoff == 0 or shentsize < 64:
            raise Fail("%s: no section headers" % path)
        if shnum == 0 or shstrndx == SHN_XINDEX:
            s0 = struct.unpack_from(self.e + "IIQQQQIIQQ", b, shoff)
            shnum = shnum or s0[5]
            if shstrndx == SHN_XINDEX:
                shstrndx = s0[6]
        if shoff + shnum * shentsize > len(b):
            raise Fail("%s: section headers past the end of the file" % path)
        self.sec = []
        for i in range(shnum):
            s = Section()
            (name, s.type, s.flags, s.addr, s.offset, s.size, s.link,
             s.info, _, s.entsize) = struct.unpack_from(
                 self.e + "IIQQQQIIQQ", b, shoff + i * shentsize)
            s.idx = i
            s.name = name
            if s.type != SHT_NOBITS and s.offset + s.size > len(b):
                raise Fail("%s: section %d past the end of the file"
                           % (path, i))
            self.sec.append(s)
        if not 0 < shstrndx < shnum:
            raise Fail("%s: no section name table" % path)
        strs = self.sec[shstrndx]
        for s in self.sec:
            s.name = self.cstr(strs.offset + s.name, strs.offset + strs.size)
        self._syms = None
        self._relocs = {}
        self._alloc = None

    def cstr(self, off, limit):
        end = self.buf.find(b"\0", off, limit)
        if end < 0:
            end = limit
        return bytes(self.buf[off:end]).decode("utf-8", "replace")

    def section(self, name):
        for s in self.sec:
            if s.name == name:
                return s
        return None

    def data(self, s):
        if s.type == SHT_NOBITS:
            return b""
        return self.buf[s.offset:s.offset + s.size]

    def base(self, shndx):
        """Start of a section in the numbers its locations use."""
        return 0 if self.rel else self.sec[shndx].addr

    def exec_code(self, shndx):
        s = self.sec[shndx]
        return s.type == SHT_PROGBITS and bool(s.flags & SHF_EXECINSTR)

    def section_of(self, addr):
        """The section holding address @addr of a linked image, or 0."""
        if self._alloc is None:
            alloc = [s for s in self.sec[1:] if s.flags & SHF_ALLOC and s.size]
            self._alloc = ([s for s in alloc if s.flags & SHF_EXECINSTR] +
                           [s for s in alloc if not s.flags & SHF_EXECINSTR])
        for s in self._alloc:
            if s.addr <= addr < s.addr + s.size:
                return s.idx
        return 0

    def has(self, loc, length):
        """Do @length bytes at location @loc lie in the section it names?"""
        if loc is None:
            return False
        shndx, value = loc
        if not 0 < shndx < len(self.sec):
            return False
        base = self.base(shndx)
        return value >= base and value - base + length <= self.sec[shndx].size

    def symbols(self):
        """Every symbol of .symtab, as Sym (index = symbol index)."""
        if self._syms is not None:
            return self._syms
        st = next((s for s in self.sec if s.type == SHT_SYMTAB), None)
        self._syms = []
        if st is None:
            return self._syms
        strtab = self.sec[st.link]
        xidx = None
        for s in self.sec:
            if s.type == SHT_SYMTAB_SHNDX and s.link == st.idx:
                xidx = s
        n = st.size // 24
        raw = struct.iter_unpack(self.e + "IBBHQQ", self.buf[st.offset:st.offset + n * 24])
        lim = strtab.offset + strtab.size
        for i, (name, info, _, shndx, value, size) in enumerate(raw):
            if shndx == SHN_XINDEX and xidx is not None:
                shndx = struct.unpack_from(self.e + "I", self.buf,
                                           xidx.offset + 4 * i)[0]
            elif SHN_LORESERVE <= shndx:
                shndx = -shndx   # ABS, COMMON: not in any section
            nm = self.cstr(strtab.offset + name, lim) if name else ""
            self._syms.append(Sym(i, nm, value, size, info & 0xf, shndx))
        return self._syms

    def relocs(self, shndx):
        """{offset: [(type, sym, addend, record file offset)]} for a section."""
        if shndx in self._relocs:
            return self._relocs[shndx]
        out = {}
        for s in self.sec:
            if s.type not in (SHT_RELA, SHT_REL) or s.info != shndx:
                continue
            if s.type == SHT_RELA:
                esz, fmt = 24, self.e + "QQq"
            else:
                esz, fmt = 16, self.e + "QQ"
            for k in range(s.size // esz):
                rec = s.offset + k * esz
                t = struct.unpack_from(fmt, self.buf, rec)
                add = t[2] if len(t) == 3 else None
                out.setdefault(t[0], []).append(
                    (t[1] & 0xffffffff, t[1] >> 32, add, rec, s))
        self._relocs[shndx] = out
        return out


class Symbols:
    """excheck's symbol lookups (src/symbols.c): symbols_at, symbols_extent."""

    LOOKBACK = 64

    def __init__(self, elf):
        keep = []
        for s in elf.symbols()[1:]:
            if (not s.name or s.name[0] == "$" or s.name.startswith(".L")
                    or s.shndx <= 0 or s.shndx >= len(elf.sec)
                    or s.type not in (STT_FUNC, STT_OBJECT, STT_NOTYPE)):
                continue
            rank = 0 if s.type == STT_FUNC else 1 if s.type == STT_NOTYPE else 2
            keep.append((s.shndx, s.value, rank, s.name, s))
        keep.sort(key=lambda t: t[:4])
        self.sym = [t[4] for t in keep]
        self.keys = [(t[0], t[1]) for t in keep]

    def upper(self, shndx, value):
        return bisect.bisect_right(self.keys, (shndx, value))

    def at(self, shndx, value):
        i = self.upper(shndx, value)
        if i == 0 or self.sym[i - 1].shndx != shndx:
            return None
        best = i - 1
        while best > 0 and self.keys[best - 1] == self.keys[i - 1]:
            best -= 1
        return self.sym[best]

    def extent(self, shndx, value, end):
        """(function or nearest symbol, end of it) as symbols_extent()."""
        i = self.upper(shndx, value)
        if i == 0 or self.sym[i - 1].shndx != shndx:
            return None, end
        k = i
        while k > 0 and i - k < self.LOOKBACK:
            f = self.sym[k - 1]
            if f.shndx != shndx:
                break
            if f.type == STT_FUNC and f.size and 0 <= value - f.value < f.size:
                return f, f.value + f.size
            k -= 1
        near = self.at(shndx, value)
        k = i
        while k < len(self.sym) and self.sym[k].shndx == shndx:
            if self.sym[k].value > value:
                end = min(end, self.sym[k].value)
                break
            k += 1
        return near, end

    def describe(self, elf, loc):
        shndx, value = loc
        s = self.at(shndx, value)
        if s is not None:
            return "%s+0x%x" % (s.name, value - s.value)
        return "%s+0x%x" % (elf.sec[shndx].name, value - elf.base(shndx))

    def by_name(self, name):
        return [s for s in self.sym if s.name == name and s.type == STT_FUNC
                and s.size]


def field_loc(elf, tsec, off, rtypes):
    """Where the self-relative s32 at @off of section @tsec points:
    (shndx, value), or None when it cannot be told."""
    if not elf.rel:
        raw = struct.unpack_from(elf.e + "i", elf.buf, tsec.offset + off)[0]
        value = (tsec.addr + off + raw) & MASK64
        shndx = elf.section_of(value)
        return (shndx, value) if shndx else None
    rec = [r for r in elf.relocs(tsec.idx).get(off, ()) if r[0] not in rtypes[1]]
    if len(rec) != 1 or rec[0][0] != rtypes[0]:
        return None
    rtype, symi, add, _, _ = rec[0]
    syms = elf.symbols()
    if symi >= len(syms):
        return None
    s = syms[symi]
    if s.shndx <= 0 or s.shndx >= len(elf.sec):
        return None
    if add is None:
        add = struct.unpack_from(elf.e + "i", elf.buf, tsec.offset + off)[0]
    return (s.shndx, (s.value + add) & MASK64)


# ------------------------------------------------------------------ x86


class Alt:
    __slots__ = ("idx", "instr", "repl", "feature", "instrlen", "replen")


class X86:
    """STAC and CLAC sites and excheck's uaccess-open rule."""

    RT = (R_X86_64_PC32, (R_X86_64_NONE,))

    def __init__(self, elf):
        if elf.machine != EM_X86_64:
            raise Fail("%s: not an x86-64 file" % elf.path)
        self.elf = elf
        self.alt = elf.section(".altinstructions")
        self.repl = elf.section(".altinstr_replacement")
        if self.alt is None or self.repl is None:
            raise NotFound("%s: no .altinstructions" % elf.path)
        fits = [f for f in ALT_FORMATS if self.fits(f)]
        if len(fits) != 1:
            raise Fail("%s: .altinstructions fits %s struct alt_instr layout"
                       % (elf.path, "no" if not fits else "more than one"))
        self.fmt = fits[0]
        self.entries = [self.decode(self.fmt, i)
                        for i in range(self.alt.size // self.fmt[0])]
        self.sites = []     # (shndx, addr, op, alt index), sorted
        self.smap = []      # every SMAP alternative: (shndx, addr, alt index)
        rdata = elf.data(self.repl)
        rbase = elf.base(self.repl.idx)
        for a in self.entries:
            not_flag = self.fmt[4]
            if (a.feature & 0xffff & ~not_flag) != X86_FEATURE_SMAP or \
                    (a.feature & not_flag):
                continue
            self.smap.append((a.instr[0], a.instr[1], a.idx))
            if a.replen < 3:
                continue
            off = a.repl[1] - rbase
            r = bytes(rdata[off:off + a.replen])
            if a.replen == 3 and r == X86_STAC:
                self.sites.append((a.instr[0], a.instr[1], STAC, a.idx))
            elif r[-3:] == X86_CLAC:
                self.sites.append((a.instr[0], a.instr[1], CLAC, a.idx))
        self.sites.sort(key=lambda s: s[:3])
        self.syms = Symbols(elf)
        if not self.syms.sym:
            raise Fail("%s: no symbol table" % elf.path)

    def decode(self, f, i):
        a = Alt()
        off = i * f[0]
        a.idx = i
        a.instr = field_loc(self.elf, self.alt, off, self.RT)
        a.repl = field_loc(self.elf, self.alt, off + 4, self.RT)
        e = self.elf.e
        a.feature = struct.unpack_from(e + ("H" if f[1] == 2 else "I"),
                                       self.elf.buf, self.alt.offset + off + 8)[0]
        a.instrlen = self.elf.buf[self.alt.offset + off + f[2]]
        a.replen = self.elf.buf[self.alt.offset + off + f[3]]
        return a

    def fits(self, f):
        elf = self.elf
        if not self.alt.size or self.alt.size % f[0]:
            return False
        for i in range(self.alt.size // f[0]):
            a = self.decode(f, i)
            if (a.feature & 0xffff & ~f[4]) >= ALT_FEATURE_LIMIT or \
                    a.replen > a.instrlen:
                return False
            if not elf.has(a.instr, a.instrlen) or \
                    not elf.sec[a.instr[0]].flags & SHF_EXECINSTR:
                return False
            if a.replen and not (elf.has(a.repl, a.replen) and
                                 a.repl[0] == self.repl.idx):
                return False
        return True

    # -- excheck's rule, over a list of sites

    def section_end(self, shndx):
        return self.elf.base(shndx) + self.elf.sec[shndx].size

    @staticmethod
    def clac_first(sites, keys, shndx, frm, to):
        lo = bisect.bisect_left(keys, (shndx, frm))
        return (lo < len(sites) and sites[lo][0] == shndx and
                sites[lo][1] < to and sites[lo][2] == CLAC)

    @staticmethod
    def jump(p, at, avail):
        """Target of a direct JMP/Jcc encoded at p[0:], or None."""
        if avail >= 5 and p[0] == 0xe9:
            return at + 5 + sext(int.from_bytes(p[1:5], "little"), 32)
        if avail >= 6 and p[0] == 0x0f and (p[1] & 0xf0) == 0x80:
            return at + 6 + sext(int.from_bytes(p[2:6], "little"), 32)
        if avail >= 2 and (p[0] == 0xeb or (p[0] & 0xf0) == 0x70):
            return at + 2 + sext(p[1], 8)
        return None

    def jumps(self, shndx, frm, end):
        """Every (at, target) of a jump-like encoding in [frm, end)."""
        elf = self.elf
        s = elf.sec[shndx]
        base = elf.base(shndx)
        if s.type != SHT_PROGBITS or end - base > s.size:
            return None
        p = bytes(elf.buf[s.offset + frm - base:s.offset + end - base + 6])
        out = []
        for at in range(frm, end):
            j = at - frm
            t = self.jump(p[j:j + 6], at, end - at)
            if t is not None:
                out.append((at, t))
        return out

    def jumps_to_clac(self, sites, keys, shndx, start, frm, end):
        base = self.elf.base(shndx)
        to_sec = self.section_end(shndx)
        for _, target in self.jumps(shndx, frm, end) or ():
            if target < base or target >= to_sec or frm <= target < end:
                continue
            if start <= target < frm:
                if self.clac_first(sites, keys, shndx, target, end):
                    return True
                continue
            fn, to = self.syms.extent(shndx, target, to_sec)
            if fn is not None and fn.type != STT_FUNC and \
                    self.clac_first(sites, keys, shndx, target, to):
                return True
        return False

    def open_stacs(self, sites):
        """The STAC sites excheck reports as uaccess-open."""
        keys = [(s[0], s[1]) for s in sites]
        out = set()
        for i, s in enumerate(sites):
            if s[2] != STAC:
                continue
            fn, end = self.syms.extent(s[0], s[1], self.section_end(s[0]))
            k = i + 1
            while k < len(sites) and sites[k][0] == s[0] and \
                    sites[k][1] < end and sites[k][2] != CLAC:
                k += 1
            if k < len(sites) and sites[k][0] == s[0] and sites[k][1] < end:
                continue
            start = fn.value if fn is not None else self.elf.base(s[0])
            if self.jumps_to_clac(sites, keys, s[0], start, s[1], end):
                continue
            out.add((s[0], s[1]))
        return out


def drop_clac(elf, func):
    x = X86(elf)
    before = x.open_stacs(x.sites)
    if before:
        note("%s: already open before any change: %s" % (elf.path, ", ".join(
            x.syms.describe(elf, s) for s in sorted(before))))
    # functions with a STAC, in address order
    funcs = []
    for s in x.sites:
        if s[2] != STAC:
            continue
        fn, _ = x.syms.extent(s[0], s[1], x.section_end(s[0]))
        if fn is None or fn.type != STT_FUNC or not fn.size:
            continue
        if func is not None and fn.name != func:
            continue
        if all(f is not fn for f in funcs):
            funcs.append(fn)
    if not funcs:
        raise NotFound("%s: no function %swith a STAC" % (
            elf.path, "%s " % func if func else ""))
    tiers = ([], [])
    why = []
    for fn in funcs:
        sh, start, end = fn.shndx, fn.value, fn.value + fn.size
        fs = [s for s in x.sites if s[0] == sh and start <= s[1] < end]
        stacs = [s for s in fs if s[2] == STAC]
        clacs = [s for s in fs if s[2] == CLAC]
        if clacs and clacs[0][1] < stacs[0][1]:
            why.append("%s: a CLAC before its first STAC" % fn.name)
            continue
        last = stacs[-1]
        after = [s for s in fs[fs.index(last) + 1:] if s[2] == CLAC]
        if len(after) != 1:
            why.append("%s: %d CLACs after its last STAC" % (fn.name, len(after)))
            continue
        drop = after[-1]
        sites = [s for s in x.sites if s[3] != drop[3]]
        now = x.open_stacs(sites)
        if now != before | {(last[0], last[1])}:
            why.append("%s: the change would not open just its last STAC"
                       % fn.name)
            continue
        others = [m for m in x.smap if m[0] == sh and start <= m[1] < end
                  and m[2] not in (last[3], drop[3])]
        back = [j for j in x.jumps(sh, last[1], end) or ()
                if start <= j[1] < last[1]]
        simple = len(stacs) == 1 and len(clacs) == 1 and not others and not back
        tiers[0 if simple else 1].append((fn, last, drop, simple))
    pick = tiers[0] or tiers[1]
    if not pick:
        raise NotFound("%s: no function fits: %s" % (elf.path, "; ".join(why[:8])))
    fn, stac, clac, simple = pick[0]
    f = x.fmt
    at = x.alt.offset + clac[3] * f[0] + 8
    note("%s: %s (%s): STAC at %s, CLAC at %s: .altinstructions[%d] (%d-byte "
         "entries) feature %d -> 0" % (
             elf.path, fn.name, "one STAC, one CLAC" if simple else
             "checked against excheck's rule", x.syms.describe(elf, stac[:2]),
             x.syms.describe(elf, clac[:2]), clac[3], f[0],
             x.entries[clac[3]].feature))
    return [(at, b"\0" * f[1])], x.syms.describe(elf, stac[:2])


def list_sites(elf):
    x = X86(elf)
    print("# %d-byte struct alt_instr" % x.fmt[0])
    for s in x.sites:
        fn, _ = x.syms.extent(s[0], s[1], x.section_end(s[0]))
        print("%s %s %s alt[%d]" % ("STAC" if s[2] == STAC else "CLAC",
                                    x.syms.describe(elf, s[:2]),
                                    fn.name if fn is not None else "-", s[3]))
    for s in sorted(x.open_stacs(x.sites)):
        print("open %s" % x.syms.describe(elf, s))


# ---------------------------------------------------------------- arm64


def a64_unpriv(insn):
    return (insn & 0x3f200c00) == 0x38000800


def a64_name(insn):
    return A64_NAMES[((insn >> 28) & 0xc) | ((insn >> 22) & 3)] or "LDTR/STTR"


def drop_entry(elf, func):
    if elf.machine != EM_AARCH64:
        raise Fail("%s: not an arm64 file" % elf.path)
    t = elf.section("__ex_table")
    if t is None or not t.size:
        raise NotFound("%s: no __ex_table" % elf.path)
    syms = Symbols(elf)
    allsyms = elf.symbols()
    if not allsyms:
        raise Fail("%s: no symbol table" % elf.path)
    rt = (R_AARCH64_PREL32, (R_AARCH64_NONE, R_AARCH64_NONE_OLD))
    esz = None
    for size in (12, 8):
        if t.size % size:
            continue
        locs = [field_loc(elf, t, i * size, rt) for i in range(t.size // size)]
        if all(elf.has(l, 4) and elf.exec_code(l[0]) for l in locs):
            esz = size
            break
    if esz is None:
        raise Fail("%s: __ex_table entries are neither 12 nor 8 bytes" % elf.path)
    # $x/$d mapping symbols: which code excheck scans
    maps = {}
    for s in allsyms:
        if 0 < s.shndx < len(elf.sec) and len(s.name) >= 2 and \
                s.name[0] == "$" and s.name[1] in "xd" and \
                (len(s.name) == 2 or s.name[2] == "."):
            maps.setdefault(s.shndx, []).append((s.value, s.name[1] == "d"))
    for v in maps.values():
        v.sort()

    def scanned(loc):
        sec = elf.sec[loc[0]]
        if not elf.exec_code(loc[0]) or sec.name == ".altinstr_replacement":
            return False
        m = maps.get(loc[0], [])
        i = bisect.bisect_right(m, (loc[1], True))
        return i == 0 or not m[i - 1][1]

    count = {}
    for l in locs:
        count[l] = count.get(l, 0) + 1
    why = []
    cands = []
    for i in range(1, len(locs)):
        l, prev = locs[i], locs[i - 1]
        s = elf.sec[l[0]]
        insn = struct.unpack_from("<I", elf.buf, s.offset + l[1] - elf.base(l[0]))[0]
        if not a64_unpriv(insn):
            continue
        fn, _ = syms.extent(l[0], l[1], elf.base(l[0]) + s.size)
        if func is not None and (fn is None or fn.name != func):
            continue
        if count[l] != 1 or prev == l or not scanned(l):
            why.append("%s: %s" % (syms.describe(elf, l),
                                   "more than one entry" if count[l] != 1 or prev == l
                                   else "not scanned as code"))
            continue
        if elf.rel:
            cur = [r for r in elf.relocs(t.idx).get(i * esz, ()) if r[0] == rt[0]]
            old = [r for r in elf.relocs(t.idx).get((i - 1) * esz, ()) if r[0] == rt[0]]
            if len(cur) != 1 or len(old) != 1 or cur[0][2] is None:
                why.append("%s: relocations not RELA" % syms.describe(elf, l))
                continue
            same = cur[0][1] == old[0][1]
        else:
            same = True
        cands.append((not same, i, l, prev, insn))
    if not cands:
        raise NotFound("%s: no LDTR/STTR entry to drop%s%s" % (
            elf.path, " in %s" % func if func else "",
            (": " + "; ".join(why[:8])) if why else ""))
    cands.sort()
    _, i, l, prev, insn = cands[0]
    if elf.rel:
        cur = [r for r in elf.relocs(t.idx)[i * esz] if r[0] == rt[0]][0]
        old = [r for r in elf.relocs(t.idx)[(i - 1) * esz] if r[0] == rt[0]][0]
        info = (old[1] << 32) | cur[0]
        patch = [(cur[3] + 8, struct.pack(elf.e + "Qq", info, old[2]))]
        how = "%s record at 0x%x: symbol %d addend 0x%x -> symbol %d addend 0x%x" % (
            cur[4].name, cur[3] - cur[4].offset, cur[1], cur[2], old[1], old[2])
    else:
        field = t.addr + i * esz
        raw = sext(prev[1] - field, 64)
        if not -(1 << 31) <= raw < (1 << 31):
            raise Fail("%s: previous entry out of s32 reach" % elf.path)
        patch = [(t.offset + i * esz, struct.pack(elf.e + "i", raw))]
        how = "insn field at 0x%x -> 0x%x" % (field, prev[1])
    note("%s: __ex_table[%d] (%d-byte entries): %s at %s now names %s; %s" % (
        elf.path, i, esz, a64_name(insn), syms.describe(elf, l),
        syms.describe(elf, prev), how))
    return patch, "%s %s" % (a64_name(insn), syms.describe(elf, l))


# ------------------------------------------------------------------ main


def write_copy(elf, out, patches):
    if os.path.exists(out) and os.path.samefile(elf.path, out):
        raise Fail("%s: output is the input" % out)
    tmp = out + ".tmp%d" % os.getpid()
    try:
        if elf.decompressed is not None:
            with open(tmp, "wb") as f:
                f.write(elf.decompressed)
        else:
            shutil.copyfile(elf.path, tmp)
        with open(tmp, "r+b") as f:
            for off, data in patches:
                f.seek(off)
                f.write(data)
        os.replace(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    cmds = {"drop-clac": drop_clac, "drop-entry": drop_entry}
    if len(argv) == 3 and argv[1] == "sites":
        try:
            list_sites(Elf(argv[2]))
            return 0
        except (Fail, NotFound, OSError) as e:
            note(str(e))
            return 2
    if len(argv) not in (4, 5) or argv[1] not in cmds:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        elf = Elf(argv[2])
        patches, what = cmds[argv[1]](elf, argv[4] if len(argv) == 5 else None)
        write_copy(elf, argv[3], patches)
    except NotFound as e:
        note(str(e))
        return 1
    except (Fail, OSError, struct.error, IndexError) as e:
        note(str(e))
        return 2
    print(what)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
