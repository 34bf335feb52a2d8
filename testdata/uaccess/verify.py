#!/usr/bin/env python3
"""verify.py - independent sanity check of the testdata/uaccess fixtures.

Reads MANIFEST and, for every FILE line, checks with its own minimal ELF
reader (no third-party modules, no code shared with exsort/excheck):
  * ELF class / endianness / e_type, __ex_table size and entry count,
    .altinstructions size and entry count (x86), main_extable_sort_needed
    and __start/__stop___ex_table (images), the relocation sections of
    relocatable objects (.rela/.rel.altinstructions, .rela/.rel__ex_table)
  * every table insn/fixup and every alternative lands in executable code;
    every alternative's original is 0x90 padding as long as its replacement
  * the user-access sites it finds itself equal the SITE and NOSITE lines,
    and a small reference analysis gives exactly the EXPECT lines:
      x86   uaccess-open: an SMAP (feature 308) alternative whose replacement is
            exactly 0f 01 cb with no 0f 01 ca SMAP alternative at a higher
            address in the same STT_FUNC (the result must be the same when
            smap_save's "pushf; pop; clac" is counted as a CLAC)
      arm64 uaccess-unpaired: a word in a $x region of code with
            (insn & 0x3f200c00) == 0x38000800 and no table entry for it;
            uaccess-target: a type-2 (EX_TYPE_UACCESS_ERR_ZERO) entry whose
            instruction is neither in the load/store class nor a DC/IC
Usage: verify.py [-v] [FILE...]       check (run from testdata/uaccess)
       verify.py --emit FILE...        print the SITE/NOSITE/EXPECT lines it computes
"""
import struct
import sys

SHF_ALLOC, SHF_EXECINSTR = 2, 4
EM_386, EM_X86_64, EM_AARCH64 = 3, 62, 183
SMAP = 308
REPL = {b"\x0f\x01\xcb": "stac", b"\x0f\x01\xca": "clac",
        b"\x9c\x58\x0f\x01\xca": "smap-save", b"\x50\x9d": "smap-restore"}
PCREL = {EM_X86_64: (2, 4), EM_386: (2,), EM_AARCH64: (261,)}  # PC32 (+PLT32), PREL32
EXPECT_RELSECS = {EM_X86_64: [".rela.altinstructions", ".rela__ex_table"],
                  EM_386: [".rel.altinstructions", ".rel__ex_table"],
                  EM_AARCH64: [".rela__ex_table"]}


class Elf:
    def __init__(self, path):
        self.b = b = open(path, "rb").read()
        assert b[:4] == b"\x7fELF", "not ELF"
        self.cls = {1: 32, 2: 64}[b[4]]
        self.e = e = {1: "<", 2: ">"}[b[5]]
        if self.cls == 64:
            (self.type, self.machine, _, _, _, shoff, _, _, _, _, shentsize,
             shnum, shstrndx) = struct.unpack_from(e + "HHIQQQIHHHHHH", b, 16)
        else:
            (self.type, self.machine, _, _, _, shoff, _, _, _, _, shentsize,
             shnum, shstrndx) = struct.unpack_from(e + "HHIIIIIHHHHHH", b, 16)
        self.sh = []
        for i in range(shnum):
            o = shoff + i * shentsize
            f = struct.unpack_from(e + ("IIQQQQIIQQ" if self.cls == 64 else "IIIIIIIIII"), b, o)
            self.sh.append(dict(idx=i, name=f[0], type=f[1], flags=f[2], addr=f[3], off=f[4],
                                size=f[5], link=f[6], info=f[7], entsize=f[9]))
        for s in self.sh:
            s["n"] = self.cstr(self.sh[shstrndx]["off"] + s["name"])
        self.syms = []
        for s in self.sh:
            if s["type"] == 2:  # SHT_SYMTAB
                st = self.sh[s["link"]]
                for k in range(s["size"] // s["entsize"]):
                    o = s["off"] + k * s["entsize"]
                    if self.cls == 64:
                        nm, info, _, shn, val, sz = struct.unpack_from(e + "IBBHQQ", b, o)
                    else:
                        nm, val, sz, info, _, shn = struct.unpack_from(e + "IIIBBH", b, o)
                    self.syms.append(dict(name=self.cstr(st["off"] + nm), value=val, size=sz,
                                          type=info & 15, bind=info >> 4, shndx=shn))
        self.rel = self.relocs() if self.type == 1 else {}

    def cstr(self, o):
        return self.b[o:self.b.index(b"\0", o)].decode()

    def sec(self, name):
        return next((s for s in self.sh if s["n"] == name), None)

    def sym(self, name):
        return next((s for s in self.syms if s["name"] == name), None)

    def rd(self, fmt, o):
        return struct.unpack_from(self.e + fmt, self.b, o)[0]

    def relocs(self):
        """{(target shndx, offset): (type, sym, addend or None)}"""
        out = {}
        for s in self.sh:
            if s["type"] not in (4, 9):  # SHT_RELA, SHT_REL
                continue
            for k in range(s["size"] // s["entsize"]):
                o = s["off"] + k * s["entsize"]
                if self.cls == 64:
                    off, info = self.rd("Q", o), self.rd("Q", o + 8)
                    sym, typ = info >> 32, info & 0xffffffff
                    add = self.rd("q", o + 16) if s["type"] == 4 else None
                else:
                    off, info = self.rd("I", o), self.rd("I", o + 4)
                    sym, typ = info >> 8, info & 0xff
                    add = self.rd("i", o + 8) if s["type"] == 4 else None
                out[(s["info"], off)] = (typ, sym, add)
        return out

    # A location is (shndx, value): value = address in an image, offset in an object.
    def loc_of_addr(self, a):
        for s in self.sh:
            if s["flags"] & SHF_ALLOC and s["size"] and s["addr"] <= a < s["addr"] + s["size"]:
                return (s["idx"], a)
        return (None, a)

    def selfrel(self, s, off):
        """target of the self-relative s32 field at offset off of section s"""
        if self.type != 1:
            mask = (1 << self.cls) - 1
            return self.loc_of_addr((s["addr"] + off + self.rd("i", s["off"] + off)) & mask)
        r = self.rel.get((s["idx"], off))
        if r is None:
            raise ValueError("%s+%#x: no relocation" % (s["n"], off))
        typ, sym, add = r
        if typ not in PCREL[self.machine]:
            raise ValueError("%s+%#x: relocation type %d" % (s["n"], off, typ))
        if add is None:  # REL: implicit addend in the field
            add = self.rd("i", s["off"] + off)
        sy = self.syms[sym]
        if sy["shndx"] == 0 or sy["shndx"] >= 0xff00:
            return (None, 0)
        return (sy["shndx"], sy["value"] + add)

    def bytes_at(self, loc, n):
        shn, v = loc
        if shn is None:
            return b""
        s = self.sh[shn]
        base = v - (s["addr"] if self.type != 1 else 0)
        if base < 0 or base + n > s["size"]:
            return b""
        return self.b[s["off"] + base:s["off"] + base + n]

    def is_exec(self, loc):
        return loc[0] is not None and bool(self.sh[loc[0]]["flags"] & SHF_EXECINSTR)

    def funcs(self):
        return [s for s in self.syms if s["type"] == 2 and s["size"]]

    def func_of(self, loc):
        for f in self.funcs():
            if f["shndx"] == loc[0] and f["value"] <= loc[1] < f["value"] + f["size"]:
                return f
        return None

    def where(self, loc):
        if self.type != 1:
            return "%#x" % loc[1]
        return "%s+%#x" % (self.sh[loc[0]]["n"], loc[1])

    def fo(self, loc):
        f = self.func_of(loc)
        return ("%s+%#x" % (f["name"], loc[1] - f["value"])) if f else "?"


def ex_entries(elf, es):
    s = elf.sec("__ex_table")
    out = []
    for k in range(s["size"] // es):
        o = k * es
        insn, fix = elf.selfrel(s, o), elf.selfrel(s, o + 4)
        t = d = None
        if elf.machine == EM_AARCH64 and es == 12:
            t, d = elf.rd("h", s["off"] + o + 8), elf.rd("h", s["off"] + o + 10)
        out.append((insn, fix, t, d))
    return out


def analyse(elf, altsize):
    """return (sites, nosites, findings, errors); each a set of (kind, func+off, where)"""
    sites, nos, finds, errs = set(), set(), set(), []
    es = 12
    ents = ex_entries(elf, es)
    for i, (insn, fix, _, _) in enumerate(ents):
        for what, loc in (("insn", insn), ("fixup", fix)):
            if not elf.is_exec(loc):
                errs.append("__ex_table entry %d: %s not in executable code" % (i, what))
    if elf.machine in (EM_386, EM_X86_64):
        alt = elf.sec(".altinstructions")
        if alt["size"] % altsize:
            errs.append(".altinstructions size %d not a multiple of %d" % (alt["size"], altsize))
        stac, clac, save = [], [], []
        for k in range(alt["size"] // altsize):
            o = k * altsize
            p = alt["off"] + o
            ins, rep = elf.selfrel(alt, o), elf.selfrel(alt, o + 4)
            if altsize == 14:
                ft = elf.rd("I", p + 8)
                feat, flags, il, rl = ft & 0xffff, ft >> 16, elf.b[p + 12], elf.b[p + 13]
            else:
                feat, il, rl = elf.rd("H", p + 8), elf.b[p + 10], elf.b[p + 11]
                flags = 0
                if altsize == 13 and elf.b[p + 12] != il:
                    errs.append("alt %d: padlen %d != instrlen %d" % (k, elf.b[p + 12], il))
            if flags:
                errs.append("alt %d: flags %#x" % (k, flags))
            if not elf.is_exec(ins) or not elf.is_exec(rep) or elf.func_of(ins) is None:
                errs.append("alt %d: original or replacement not in a function / code" % k)
                continue
            if il != rl or elf.bytes_at(ins, il) != b"\x90" * il:
                errs.append("alt %d: original is not %d bytes of 0x90" % (k, rl))
            r = elf.bytes_at(rep, rl)
            kind = REPL.get(r)
            if kind is None:
                errs.append("alt %d: unexpected replacement %s" % (k, r.hex()))
                continue
            key = (elf.fo(ins), elf.where(ins))
            if feat != SMAP:
                nos.add(("nonsmap-" + kind,) + key)
                continue
            sites.add((kind,) + key)
            if kind == "stac":
                stac.append(ins)
            elif kind == "clac":
                clac.append(ins)
            elif kind == "smap-save":
                save.append(ins)
        # the findings must not depend on whether smap_save (pushf; pop; clac) counts as a CLAC
        for closers in (clac, clac + save):
            fs = set()
            for s in stac:
                f = elf.func_of(s)
                if not any(c[0] == s[0] and s[1] < c[1] < f["value"] + f["size"] for c in closers):
                    fs.add(("uaccess-open", elf.fo(s), elf.where(s)))
            if closers is clac:
                finds = fs
            elif fs != finds:
                errs.append("uaccess-open findings depend on whether smap_save counts as a CLAC")
    elif elf.machine == EM_AARCH64:
        keys = {e[0] for e in ents}
        for s in elf.sh:
            if not (s["flags"] & SHF_EXECINSTR) or s["type"] != 1:
                continue
            maps = sorted((m["value"], m["name"][1]) for m in elf.syms
                          if m["shndx"] == s["idx"] and m["type"] == 0 and
                          m["name"][:2] in ("$x", "$d") and m["name"][2:3] in ("", "."))
            base = s["addr"] if elf.type != 1 else 0
            for o in range(0, s["size"] - 3, 4):
                v = base + o
                state = "x"
                for mv, mk in maps:
                    if mv <= v:
                        state = mk
                w = struct.unpack_from("<I", elf.b, s["off"] + o)[0]  # A64: always LE
                if (w & 0x3F200C00) != 0x38000800:
                    continue
                kind = "sttr" if (w >> 22) & 3 == 0 else "ldtr"
                loc = (s["idx"], v)
                key = (elf.fo(loc), elf.where(loc))
                if state == "d":
                    nos.add(("data-" + kind,) + key)
                    continue
                sites.add((kind,) + key)
                if loc not in keys:
                    finds.add(("uaccess-unpaired",) + key)
        for insn, _, t, _ in ents:
            if t != 2:
                continue
            w = struct.unpack_from("<I", elf.bytes_at(insn, 4))[0]
            mem = (w & 0x0A000000) == 0x08000000 or \
                ((w & 0xFFF80000) == 0xD5080000 and (w >> 12) & 15 == 7)  # DC/IC
            if not mem:
                finds.add(("uaccess-target", elf.fo(insn), elf.where(insn)))
    return sites, nos, finds, errs


def structure(elf, f):
    """checks of the FILE line fields; returns list of errors"""
    name, arch, cls, endian, etype, layout, n, altsize, altn, flag = f[:10]
    errs = []
    if "ELF%d" % elf.cls != cls:
        errs.append("class %d" % elf.cls)
    if {"<": "LE", ">": "BE"}[elf.e] != endian:
        errs.append("endian")
    if {1: "REL", 2: "EXEC", 3: "DYN"}.get(elf.type) != etype:
        errs.append("e_type %d" % elf.type)
    ex = elf.sec("__ex_table")
    if ex is None or ex["size"] % 12 or ex["size"] // 12 != int(n):
        errs.append("__ex_table is not %s 12-byte entries" % n)
    if altsize != "-":
        alt = elf.sec(".altinstructions")
        if alt is None or alt["size"] != int(altsize) * int(altn):
            errs.append(".altinstructions is not %s x %s bytes" % (altn, altsize))
    if elf.type == 1:
        for rs in EXPECT_RELSECS[elf.machine]:
            if elf.sec(rs) is None:
                errs.append("no %s" % rs)
        if elf.sym("main_extable_sort_needed"):
            errs.append("object has main_extable_sort_needed")
    else:
        st, sp = elf.sym("__start___ex_table"), elf.sym("__stop___ex_table")
        if not st or st["value"] != ex["addr"] or not sp or sp["value"] != ex["addr"] + ex["size"]:
            errs.append("__start/__stop___ex_table do not bracket the section")
        m = elf.sym("main_extable_sort_needed")
        if not m or m["type"] != 1 or m["size"] != 4:
            errs.append("main_extable_sort_needed missing or not a 4-byte object")
        else:
            s = elf.sh[m["shndx"]]
            v = elf.rd("I", s["off"] + m["value"] - s["addr"])
            if str(v) != flag:
                errs.append("main_extable_sort_needed = %d" % v)
    if layout == "rel12-handler":
        s = elf.sec("__ex_table")
        for k in range(s["size"] // 12):
            h = elf.selfrel(s, k * 12 + 8)
            fn = elf.func_of(h)
            if not fn or not fn["name"].startswith("ex_handler_") or fn["value"] != h[1]:
                errs.append("entry %d handler is not an ex_handler_* function" % k)
    return errs


def load_manifest():
    files, want = [], {}
    for line in open("MANIFEST"):
        f = line.split("#")[0].split()
        if not f:
            continue
        if f[0] == "FILE":
            files.append(f[1:])
            want.setdefault(f[1], set())
        elif f[0] in ("SITE", "NOSITE", "EXPECT"):
            want.setdefault(f[1], set()).add((f[0],) + tuple(f[2:]))
        else:
            raise SystemExit("MANIFEST: unknown record %r" % f[0])
    return files, want


def computed(elf, altsize):
    sites, nos, finds, errs = analyse(elf, altsize)
    got = {("SITE",) + s for s in sites} | {("NOSITE",) + s for s in nos}
    got |= {("EXPECT",) + s for s in finds} if finds else {("EXPECT", "none")}
    return got, errs


def order(rec):
    where = rec[-1]
    if where == "none":
        return (3, (), rec)
    try:
        w = (0, int(where, 16))
    except ValueError:
        sec, off = where.rsplit("+", 1)
        w = (sec, int(off, 16))
    return ({"SITE": 0, "NOSITE": 1, "EXPECT": 2}[rec[0]], w, rec)


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    emit = "--emit" in args
    names = [a for a in args if not a.startswith("-")]
    files, want = load_manifest()
    bad = 0
    for f in files:
        name = f[0]
        if names and name not in names:
            continue
        elf = Elf(name)
        altsize = int(f[7]) if f[7] != "-" else 0
        got, errs = computed(elf, altsize)
        if emit:
            for r in sorted(got, key=order):
                print(" ".join((r[0], name) + r[1:]))
            continue
        errs += structure(elf, f)
        w = want[name]
        for r in sorted(w - got, key=order):
            errs.append("MANIFEST has, file has not: " + " ".join(r))
        for r in sorted(got - w, key=order):
            errs.append("file has, MANIFEST has not: " + " ".join(r))
        nsite = sum(1 for r in got if r[0] == "SITE")
        nfind = sum(1 for r in got if r[0] == "EXPECT" and r[1] != "none")
        print(("FAIL " if errs else "ok   ") + "%s (%d sites, %d findings)" % (name, nsite, nfind)
              + "".join("\n     " + e for e in errs))
        if verbose:
            for r in sorted(got, key=order):
                print("     " + " ".join(r))
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
