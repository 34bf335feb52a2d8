#!/usr/bin/env python3
"""verify.py - independent sanity check of the testdata/cross fixtures.

Reads MANIFEST, and for every listed file checks with a minimal ELF reader
(no third-party modules, no code shared with exsort/excheck):
  * ELF class / endianness / e_type match the manifest
  * __ex_table exists, its size is a multiple of the layout's entry size and
    holds ENTRIES entries
  * images: insn and fixup targets lie in SHF_EXECINSTR sections, the table
    is NOT sorted, at least one duplicate insn key exists, __start/__stop
    symbols bracket the section, main_extable_sort_needed is a 4-byte
    STT_OBJECT holding FLAG; handler fields point at ex_handler_* (or 0)
  * relocatable objects: every insn/fixup field has a relocation whose
    target section is executable
  * x86: .altinstructions entries point at 90 90 90 and 0f 01 cb/ca
Usage: verify.py [-v] [FILE...]   (run from testdata/cross)
"""
import struct
import sys

ENT = {"abs32": 8, "abs64": 16, "rel8": 8, "rel12-handler": 12,
       "rel12-data": 12, "rel12-typedata": 12, "rel16-handler": 16}
SHF_ALLOC, SHF_EXECINSTR = 2, 4


class Elf:
    def __init__(self, path):
        self.b = b = open(path, "rb").read()
        assert b[:4] == b"\x7fELF", "not ELF"
        self.cls = {1: 32, 2: 64}[b[4]]
        self.e = {1: "<", 2: ">"}[b[5]]
        e = self.e
        if self.cls == 64:
            (self.type, self.machine, _, _, _, shoff, _, _, _, _, shentsize,
             shnum, shstrndx) = struct.unpack_from(e + "HHIQQQIHHHHHH", b, 16)
        else:
            (self.type, self.machine, _, _, _, shoff, _, _, _, _, shentsize,
             shnum, shstrndx) = struct.unpack_from(e + "HHIIIIIHHHHHH", b, 16)
        self.sh = []
        for i in range(shnum):
            o = shoff + i * shentsize
            if self.cls == 64:
                f = struct.unpack_from(e + "IIQQQQIIQQ", b, o)
            else:
                f = struct.unpack_from(e + "IIIIIIIIII", b, o)
            self.sh.append(dict(name=f[0], type=f[1], flags=f[2], addr=f[3],
                                off=f[4], size=f[5], link=f[6], info=f[7],
                                align=f[8], entsize=f[9]))
        strs = self.sh[shstrndx]
        for s in self.sh:
            s["n"] = self.cstr(strs["off"] + s["name"])
        self.syms = []
        for i, s in enumerate(self.sh):
            if s["type"] == 2:  # SHT_SYMTAB
                st = self.sh[s["link"]]
                for k in range(s["size"] // s["entsize"]):
                    o = s["off"] + k * s["entsize"]
                    if self.cls == 64:
                        nm, info, oth, shn, val, sz = struct.unpack_from(e + "IBBHQQ", b, o)
                    else:
                        nm, val, sz, info, oth, shn = struct.unpack_from(e + "IIIBBH", b, o)
                    self.syms.append(dict(name=self.cstr(st["off"] + nm), value=val,
                                          size=sz, type=info & 15, bind=info >> 4, shndx=shn))

    def cstr(self, o):
        return self.b[o:self.b.index(b"\0", o)].decode()

    def sec(self, name):
        for i, s in enumerate(self.sh):
            if s["n"] == name:
                return i, s
        return None, None

    def sym(self, name):
        for s in self.syms:
            if s["name"] == name:
                return s
        return None

    def rd(self, fmt, o):
        return struct.unpack_from(self.e + fmt, self.b, o)[0]

    def exec_sec_of(self, addr):
        for s in self.sh:
            if (s["flags"] & SHF_ALLOC) and s["addr"] <= addr < s["addr"] + s["size"]:
                return s
        return None


def decode(elf, s, layout):
    """return list of (insn, fixup, extra) absolute values for an image"""
    es = ENT[layout]
    out = []
    for k in range(s["size"] // es):
        o = s["off"] + k * es
        a = s["addr"] + k * es
        if layout == "abs32":
            out.append((elf.rd("I", o), elf.rd("I", o + 4), None))
        elif layout == "abs64":
            out.append((elf.rd("Q", o), elf.rd("Q", o + 8), None))
        else:
            mask = (1 << 64) - 1 if elf.cls == 64 else (1 << 32) - 1
            insn = (a + elf.rd("i", o)) & mask
            fix = (a + 4 + elf.rd("i", o + 4)) & mask
            extra = None
            if layout == "rel12-handler":
                extra = (a + 8 + elf.rd("i", o + 8)) & mask
            elif layout == "rel16-handler":
                h = elf.rd("q", o + 8)
                extra = 0 if h == 0 else (a + 8 + h) & mask
            elif layout == "rel12-data":
                extra = elf.rd("I", o + 8)
            elif layout == "rel12-typedata":
                extra = (elf.rd("h", o + 8), elf.rd("h", o + 10))
            out.append((insn, fix, extra))
    return out


def relocs_for(elf, target_idx):
    """relocations applying to section target_idx: list of (offset, type, symidx, addend|None)"""
    out = []
    for s in elf.sh:
        if s["type"] in (4, 9) and s["info"] == target_idx:  # RELA, REL
            rela = s["type"] == 4
            es = s["entsize"]
            for k in range(s["size"] // es):
                o = s["off"] + k * es
                if elf.cls == 64:
                    off = elf.rd("Q", o)
                    if elf.machine == 8:  # MIPS64: r_sym u32, r_ssym, r_type3, r_type2, r_type
                        sym = elf.rd("I", o + 8)
                        typ = elf.b[o + 15]
                    else:
                        info = elf.rd("Q", o + 8)
                        sym, typ = info >> 32, info & 0xffffffff
                    add = elf.rd("q", o + 16) if rela else None
                else:
                    off, info = elf.rd("I", o), elf.rd("I", o + 4)
                    sym, typ = info >> 8, info & 0xff
                    add = elf.rd("i", o + 8) if rela else None
                out.append((off, typ, sym, add, s["n"]))
    return out


def check(line, verbose):
    f = line.split("#")[0].split()
    name, arch, cls, endian, etype, layout, n, flag = f[:8]
    n = int(n)
    errs = []
    elf = Elf(name)
    if "ELF%d" % elf.cls != cls:
        errs.append("class %d" % elf.cls)
    if {"<": "LE", ">": "BE"}[elf.e] != endian:
        errs.append("endian")
    if {1: "REL", 2: "EXEC", 3: "DYN"}.get(elf.type) != etype:
        errs.append("e_type %d" % elf.type)
    idx, ex = elf.sec("__ex_table")
    if ex is None:
        return name, ["no __ex_table"]
    es = ENT[layout]
    if ex["size"] % es:
        errs.append("size %d not multiple of %d" % (ex["size"], es))
    if ex["size"] // es != n:
        errs.append("entries %d != %d" % (ex["size"] // es, n))
    info = ""
    if etype != "REL":
        ents = decode(elf, ex, layout)
        keys = [e[0] for e in ents]
        for i, (insn, fix, extra) in enumerate(ents):
            for what, a in (("insn", insn), ("fixup", fix)):
                s = elf.exec_sec_of(a)
                if s is None or not s["flags"] & SHF_EXECINSTR:
                    errs.append("entry %d %s %#x not in exec section" % (i, what, a))
            if layout in ("rel12-handler", "rel16-handler") and extra:
                hs = [s for s in elf.syms if s["value"] == extra and s["type"] == 2]
                if not hs or not hs[0]["name"].startswith("ex_handler_"):
                    errs.append("entry %d handler %#x not an ex_handler_* function" % (i, extra))
        if all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1)):
            errs.append("table is sorted")
        if len(set(keys)) == len(keys):
            errs.append("no duplicate insn key")
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
        if verbose:
            for i, e in enumerate(ents):
                print("   %2d insn %#x fixup %#x %s" % (i, e[0], e[1],
                      "" if e[2] is None else (hex(e[2]) if isinstance(e[2], int)
                                                else "type %d data %#x" % e[2])))
        info = "%d entries, %d distinct keys" % (len(keys), len(set(keys)))
    else:
        rel = relocs_for(elf, idx)
        if not rel:
            errs.append("no relocation section for __ex_table")
        symtab = elf.syms
        fields = (0, 8) if layout == "abs64" else (0, 4)
        hit = {}
        for off, typ, sym, add, rs in rel:
            hit.setdefault(off, []).append((typ, sym, add))
        for k in range(n):
            for fo in fields:
                rr = hit.get(k * es + fo)
                if not rr:
                    errs.append("entry %d field +%d has no relocation" % (k, fo))
                    continue
                for typ, sym, add in rr:
                    sy = symtab[sym]
                    if elf.machine == 243 and typ == 39:  # R_RISCV_SUB32 against the table itself
                        continue
                    if sy["shndx"] == 0 or sy["shndx"] >= 0xff00:
                        errs.append("entry %d field +%d -> undefined %s" % (k, fo, sy["name"]))
                        continue
                    ts = elf.sh[sy["shndx"]]
                    if not ts["flags"] & SHF_EXECINSTR:
                        errs.append("entry %d field +%d -> non-exec %s" % (k, fo, ts["n"]))
        info = "%d relocs in %s" % (len(rel), ",".join(sorted({r[4] for r in rel})))
        if verbose:
            for off, typ, sym, add, rs in rel:
                if add is None:  # REL: implicit addend in the field
                    add = elf.rd("q" if layout == "abs64" else "i", ex["off"] + off)
                print("   +%#05x type %3d %s%+d" % (off, typ, symtab[sym]["name"] or
                      elf.sh[symtab[sym]["shndx"]]["n"], add if add is not None else 0))
    if "emitrelocs" in name and not relocs_for(elf, idx):
        errs.append("--emit-relocs image without __ex_table relocations")
    if elf.machine in (3, 62):
        ai, alt = elf.sec(".altinstructions")
        if alt is not None and etype != "REL":
            esz = 13 if "4.19" in name else 12
            if alt["size"] % esz:
                errs.append(".altinstructions size %d not multiple of %d" % (alt["size"], esz))
            for k in range(alt["size"] // esz):
                a = alt["addr"] + k * esz
                o = alt["off"] + k * esz
                ins = a + elf.rd("i", o)
                rep = a + 4 + elf.rd("i", o + 4)
                cpuid, il, rl = elf.rd("H", o + 8), elf.b[o + 10], elf.b[o + 11]

                def at(addr, ln):
                    s = elf.exec_sec_of(addr)
                    return elf.b[s["off"] + addr - s["addr"]:][:ln] if s else b""
                if cpuid != 308 or il != 3 or rl != 3 or at(ins, 3) != b"\x90\x90\x90" \
                        or at(rep, 3) not in (b"\x0f\x01\xcb", b"\x0f\x01\xca"):
                    errs.append("bad alt entry %d" % k)
            info += ", %d alt entries" % (alt["size"] // esz)
    return name + " (" + info + ")", errs


def main():
    verbose = "-v" in sys.argv
    want = [a for a in sys.argv[1:] if a != "-v"]
    bad = 0
    for line in open("MANIFEST"):
        if line.startswith("#") or not line.strip():
            continue
        if want and line.split()[0] not in want:
            continue
        if verbose:
            print(line.rstrip())
        name, errs = check(line, verbose)
        print(("FAIL " if errs else "ok   ") + name + ("".join("\n     " + e for e in errs)))
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
