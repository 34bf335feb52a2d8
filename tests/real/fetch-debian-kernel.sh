#!/bin/sh
# fetch-debian-kernel.sh ARCH [CACHEDIR]
#
# Fetch (once) the current Debian kernel image package for ARCH, unpack it,
# and print key=value lines describing what is available:
#
#   version=KERNELRELEASE        e.g. 6.1.0-56-amd64 (the lib/modules name)
#   package=NAME                 the concrete linux-image-* package fetched
#   package_version=VERSION      its Debian version, e.g. 6.1.192-2
#   arch=ARCH
#   deb=PATH                     the cached .deb
#   vmlinuz=PATH                 the boot image as shipped (/boot/vmlinuz-*)
#   image_format=FORMAT          x86-bzImage | arm64-Image | elf | unknown
#   vmlinux=PATH                 ELF vmlinux (empty if none can be had)
#   modules=DIR                  .../lib/modules/KERNELRELEASE
#   vmlinux_dbg=PATH             only with EXSORT_KERNEL_DBG=1 (see below)
#   debug_root=DIR               only with EXSORT_KERNEL_DBG_MODULES=1: a
#                                directory laid out like / holding
#                                usr/lib/debug/{boot,lib/modules,.build-id}
#   modules_dbg=DIR              only with EXSORT_KERNEL_DBG_MODULES=1:
#                                DIR/usr/lib/debug/lib/modules/KERNELRELEASE
#
# For amd64 the ELF is the payload of the bzImage, decompressed.  It is the
# stripped vmlinux followed by the x86 relocation blob (vmlinux.relocs) that
# the boot code appends; tools that read it must tolerate trailing data.
# For arm64 Debian ships the raw (uncompressed, EFI-stub) Image, which is not
# an ELF, so vmlinux= is empty.
#
# Exit status: 0 ok; 77 (Automake "skip") when the package or a required tool
# cannot be obtained (no network, package missing, not root); 2 on any other
# failure.  Quiet on success except for the key=value lines on stdout.
#
# Environment:
#   EXSORT_KERNEL_PKG=NAME   package to resolve instead of linux-image-ARCH
#                            (a meta package is followed to the concrete
#                            image package, e.g. linux-image-6.12-amd64 or
#                            linux-image-6.1.0-56-amd64-unsigned)
#   EXSORT_KERNEL_SUITE=NAME resolve in Debian suite NAME (e.g. trixie)
#                            instead of the host's: the host's sources with
#                            its codename replaced by NAME, in an apt state
#                            of their own (apt-ARCH-NAME); the result is
#                            cached as ARCH/NAME-PKG.env
#   EXSORT_KERNEL_REFRESH=1  re-resolve against the archive even if CACHEDIR
#                            already holds a result for this request
#   EXSORT_KERNEL_DBG=1      also fetch the matching -dbg package (~0.8 GB
#                            download, ~5 GB unpacked stream) and extract only
#                            usr/lib/debug/boot/vmlinux-*; printed as
#                            vmlinux_dbg=PATH
#   EXSORT_KERNEL_DBG_MODULES=1
#                            implies EXSORT_KERNEL_DBG=1; extract the whole
#                            usr/lib/debug tree of the -dbg package (vmlinux,
#                            the separate module debug files under
#                            lib/modules/KERNELRELEASE, System.map, and the
#                            .build-id symlinks) into debug_root=DIR.  This
#                            is ~5-7 GB on disk per kernel (the debug files
#                            are stored as shipped, uncompressed); the run
#                            skips if the file system lacks the room.  Debian
#                            ships .build-id links only for the vDSOs, so the
#                            missing ones (vmlinux, every *.ko) are made here:
#                            DIR/usr/lib/debug/.build-id/xx/REST.debug ->
#                            ../../boot/vmlinux-* or ../../lib/modules/...
#                            vmlinux_dbg= is then a hard link to the vmlinux
#                            inside DIR (no second copy).
#   EXSORT_KERNEL_KEEP_DBG_DEB=1
#                            keep the -dbg .deb in CACHEDIR after extraction
#                            (by default it is deleted)
#
# The package index for ARCH is kept in a private apt state directory under
# CACHEDIR (copy of the host's sources, APT::Architecture=ARCH), so the host
# apt configuration (dpkg architectures, /var/lib/apt/lists) is not touched.
# Nothing is written outside CACHEDIR except when a missing tool has to be
# installed with apt-get (binutils, xz-utils, zstd, ...).

PROG=fetch-debian-kernel
LC_ALL=C
export LC_ALL
unset CDPATH

skip() {
    if [ -n "${LOG:-}" ] && [ -s "$LOG" ]; then
        echo "$PROG: SKIP: $* (details: $LOG)" >&2
    else
        echo "$PROG: SKIP: $*" >&2
    fi
    exit 77
}
die()  { echo "$PROG: ERROR: $*" >&2; exit 2; }

usage() {
    echo "usage: $0 ARCH [CACHEDIR]   (CACHEDIR default: /var/cache/exsort-tests)" >&2
    exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
ARCH=$1
CACHE=${2:-/var/cache/exsort-tests}
case $ARCH in
    ''|*[!a-z0-9]*) usage ;;
esac
case $CACHE in
    /*) ;;
    *) CACHE=$(pwd)/$CACHE ;;
esac
REQ=${EXSORT_KERNEL_PKG:-linux-image-$ARCH}
case $REQ in
    ''|*[!A-Za-z0-9.+~-]*) die "bad package name '$REQ'" ;;
esac
SUITE=${EXSORT_KERNEL_SUITE:-}
case $SUITE in
    *[!a-z]*) die "bad suite name '$SUITE'" ;;
esac

command -v apt-get >/dev/null 2>&1 || skip "apt-get not available (not a Debian system)"
command -v dpkg-deb >/dev/null 2>&1 || skip "dpkg-deb not available (not a Debian system)"

mkdir -p "$CACHE/$ARCH" 2>/dev/null || skip "cannot create cache directory $CACHE/$ARCH"
[ -w "$CACHE/$ARCH" ] || skip "cache directory $CACHE/$ARCH not writable"
LOG=$CACHE/$ARCH/last-run.log
: >"$LOG" || die "cannot write $LOG"

# Serialise concurrent runs sharing one cache.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE/$ARCH/.lock" || die "cannot open lock file"
    flock 9 || die "cannot lock $CACHE/$ARCH/.lock"
fi

# Show the tail of the log on failure.
logtail() { tail -n 15 "$LOG" | sed "s/^/$PROG: | /" >&2; }

ENVFILE=$CACHE/$ARCH/${SUITE:+$SUITE-}$REQ.env

WANT_DBG=${EXSORT_KERNEL_DBG:-0}
WANT_DBGMOD=${EXSORT_KERNEL_DBG_MODULES:-0}
[ "$WANT_DBGMOD" = 1 ] && WANT_DBG=1

# ---------------------------------------------------------------- reuse ----
# A previous run's result is reused (no network) when all its paths exist.
env_ok() {
    [ -s "$1" ] || return 1
    while IFS='=' read -r k v; do
        case $k in
            deb|vmlinuz|vmlinux|modules|vmlinux_dbg|debug_root|modules_dbg)
                [ -z "$v" ] || [ -e "$v" ] || return 1 ;;
        esac
    done <"$1"
    if [ "$WANT_DBG" = 1 ]; then
        grep -q '^vmlinux_dbg=.' "$1" || return 1
    fi
    if [ "$WANT_DBGMOD" = 1 ]; then
        grep -q '^debug_root=.' "$1" || return 1
    fi
    return 0
}
if [ "${EXSORT_KERNEL_REFRESH:-0}" != 1 ] && env_ok "$ENVFILE"; then
    cat "$ENVFILE"
    exit 0
fi

# ---------------------------------------------------------------- tools ----
APT_UPDATED=0
install_pkg() {   # install_pkg DEBPKG
    [ "$(id -u)" = 0 ] || skip "need package $1 installed (not root, cannot install it)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1" >>"$LOG" 2>&1; then
        if [ $APT_UPDATED = 0 ]; then
            APT_UPDATED=1
            apt-get update -q >>"$LOG" 2>&1
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$1" >>"$LOG" 2>&1 && return 0
        fi
        skip "cannot install required package $1"
    fi
}
need() {   # need COMMAND DEBPKG
    command -v "$1" >/dev/null 2>&1 && return 0
    install_pkg "$2"
    command -v "$1" >/dev/null 2>&1 || die "package $2 installed but $1 still missing"
}
need od coreutils
need readelf binutils

# ------------------------------------------------------- private apt state ----
APTD=$CACHE/apt-$ARCH${SUITE:+-$SUITE}
mkdir -p "$APTD/state/lists/partial" "$APTD/cache/archives/partial" "$APTD/sources.list.d" ||
    die "cannot create $APTD"
[ -e "$APTD/state/status" ] || : >"$APTD/state/status"

# Copy the host's sources (whatever mirror/proxy the host uses).
rm -f "$APTD"/sources.list.d/*
if [ -f /etc/apt/sources.list ]; then
    cp /etc/apt/sources.list "$APTD/sources.list.d/00host.list" || die "cannot copy sources.list"
fi
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && { cp "$f" "$APTD/sources.list.d/" || die "cannot copy $f"; }
done
ls "$APTD"/sources.list.d/* >/dev/null 2>&1 || skip "no apt sources configured on this host"
if [ -n "$SUITE" ]; then
    HOSTSUITE=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null)
    [ -n "$HOSTSUITE" ] || skip "no VERSION_CODENAME in /etc/os-release to replace by $SUITE"
    # bookworm, bookworm-updates, bookworm-security: the same for SUITE
    sed -i "s/\b$HOSTSUITE\b/$SUITE/g" "$APTD"/sources.list.d/* ||
        die "cannot rewrite the sources for $SUITE"
fi

set -- -o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH" \
    -o "Dir::State=$APTD/state" -o "Dir::State::status=$APTD/state/status" \
    -o "Dir::Cache=$APTD/cache" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" \
    -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$APTD/sources.list.d" \
    -o "Acquire::Languages=none" -o "APT::Get::List-Cleanup=true"
if [ "$(id -u)" = 0 ]; then
    set -- "$@" -o "APT::Sandbox::User=root"
fi

# apt-get update fails if *any* source fails; that is not fatal as long as
# the kernel package can be resolved afterwards.
apt-get -q "$@" update >>"$LOG" 2>&1 || echo "$PROG: apt-get update reported errors" >>"$LOG"

# ---------------------------------------------------------------- resolve ----
show() {    # show PKG -> candidate stanza on stdout
    apt-cache "$@" show --no-all-versions "$PKGQ" 2>>"$LOG"
}
PKG=$REQ
i=0
while :; do
    PKGQ=$PKG
    STANZA=$(show "$@") || STANZA=
    [ -n "$STANZA" ] || { skip "package $PKG ($ARCH) not found in the archive (no network or no such package)"; }
    VER=$(printf '%s\n' "$STANZA" | sed -n 's/^Version: //p' | head -n 1)
    DEPS=$(printf '%s\n' "$STANZA" | sed -n 's/^Depends: //p' | head -n 1)
    # Meta package: Depends: linux-image-X (= VER)
    NEXT=$(printf '%s\n' "$DEPS" | tr ',' '\n' | sed -n 's/^ *\(linux-image-[^ ]*\) (= .*/\1/p' | head -n 1)
    [ -n "$NEXT" ] || break
    PKG=$NEXT
    i=$((i + 1))
    [ $i -lt 5 ] || die "meta package chain too long at $PKG"
done
[ -n "$VER" ] || die "no version for $PKG"
SIZE=$(printf '%s\n' "$STANZA" | sed -n 's/^Size: //p' | head -n 1)

# ---------------------------------------------------------------- download ----
DEBDIR=$CACHE/$ARCH/debs
mkdir -p "$DEBDIR" || die "cannot create $DEBDIR"

fetch_deb() {   # fetch_deb PKG VER -> prints path of the .deb
    fp=$1 fv=$2
    shift 2
    fdeb=$DEBDIR/${fp}_$(printf '%s' "$fv" | sed 's/:/%3a/g')_$ARCH.deb
    if [ -s "$fdeb" ] && dpkg-deb --info "$fdeb" >/dev/null 2>&1; then
        printf '%s\n' "$fdeb"
        return 0
    fi
    tmpd=$(mktemp -d "$DEBDIR/.dl.XXXXXX") || die "mktemp failed"
    t0=$(date +%s)
    if ! (cd "$tmpd" && apt-get -q "$@" download "$fp=$fv") >>"$LOG" 2>&1; then
        rm -rf "$tmpd"
        skip "cannot download $fp=$fv ($ARCH)"
    fi
    got=$(ls "$tmpd"/*.deb 2>/dev/null | head -n 1)
    [ -n "$got" ] && dpkg-deb --info "$got" >/dev/null 2>&1 || { rm -rf "$tmpd"; die "downloaded $fp is not a valid .deb"; }
    mv "$got" "$fdeb" || die "cannot move .deb into cache"
    rm -rf "$tmpd"
    echo "$PROG: downloaded $fp=$fv ($(wc -c <"$fdeb") bytes) in $(($(date +%s) - t0)) s" >>"$LOG"
    printf '%s\n' "$fdeb"
}
DEB=$(fetch_deb "$PKG" "$VER" "$@") || exit $?
# ("$@" holds the private apt options; kept for the -dbg download below.)

# ---------------------------------------------------------------- unpack ----
WORK=$CACHE/$ARCH/${PKG}_$VER
ROOT=$WORK/root
if [ ! -f "$WORK/.unpacked" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK" || die "cannot create $WORK"
    dpkg-deb -x "$DEB" "$ROOT.tmp" >>"$LOG" 2>&1 || { logtail; die "dpkg-deb -x $DEB failed"; }
    mv "$ROOT.tmp" "$ROOT" || die "cannot rename $ROOT.tmp"
    : >"$WORK/.unpacked"
fi

VMLINUZ=
for f in "$ROOT"/boot/vmlinuz-* "$ROOT"/boot/vmlinux-* "$ROOT"/boot/Image-*; do
    [ -f "$f" ] && { VMLINUZ=$f; break; }
done
[ -n "$VMLINUZ" ] || die "no /boot/vmlinuz-* in $PKG"
KVER=${VMLINUZ##*/}
KVER=${KVER#*-}
MODULES=
for d in "$ROOT/lib/modules/$KVER" "$ROOT/usr/lib/modules/$KVER"; do
    [ -d "$d" ] && { MODULES=$d; break; }
done
[ -n "$MODULES" ] || die "no lib/modules/$KVER in $PKG"

# ------------------------------------------------------- vmlinux extraction ----
# Helpers reading little-endian integers at a file offset.
u8()  { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
u16() { od -An -tu2 -j "$2" -N2 --endian=little "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 --endian=little "$1" | tr -d ' '; }
hexat() { od -An -tx1 -j "$2" -N"$3" "$1" | tr -d ' \n'; }

has_ex_table() { readelf -SW "$1" 2>/dev/null | grep -q ' __ex_table '; }
is_elf() { [ "$(hexat "$1" 0 4)" = 7f454c46 ]; }

# compression format of the data at offset OFF (by magic), or nothing
comp_at() {
    m=$(hexat "$1" "$2" 9)
    case $m in
        fd377a585a00*)       echo xz ;;
        1f8b08*)             echo gzip ;;
        28b52ffd*)           echo zstd ;;
        02214c18*)           echo lz4 ;;
        425a68*)             echo bzip2 ;;
        5d000000*|5d000080*) echo lzma ;;
        894c5a4f000d0a1a0a)  echo lzop ;;
    esac
}
decompress() {   # decompress FILE OFF LEN(0=to end) FORMAT OUT
    case $4 in
        xz)    need xz xz-utils; dc="xz -dcq --single-stream" ;;
        lzma)  need xz xz-utils; dc="xz -dcq --format=lzma" ;;
        gzip)  need gzip gzip;   dc="gzip -dcq" ;;
        zstd)  need zstd zstd;   dc="zstd -dcq" ;;
        lz4)   need lz4 lz4;     dc="lz4 -dcq" ;;
        bzip2) need bzip2 bzip2; dc="bzip2 -dcq" ;;
        lzop)  need lzop lzop;   dc="lzop -dcq" ;;
        *) return 1 ;;
    esac
    # With an unknown length, trailing data may make the tool complain;
    # the caller judges by the result, not by the exit status.
    if [ "$3" -gt 0 ]; then
        tail -c +"$(($2 + 1))" "$1" | head -c "$3" | $dc >"$5" 2>>"$LOG"
    else
        tail -c +"$(($2 + 1))" "$1" | $dc >"$5" 2>>"$LOG"
    fi
    return 0
}

VMLINUX=
FORMAT=unknown
OUT=$WORK/vmlinux
if is_elf "$VMLINUZ"; then
    FORMAT=elf
    has_ex_table "$VMLINUZ" || die "$VMLINUZ is an ELF without __ex_table"
    VMLINUX=$VMLINUZ
elif [ "$(hexat "$VMLINUZ" 514 4)" = 48647253 ]; then      # "HdrS" at 0x202
    FORMAT=x86-bzImage
    if [ -f "$OUT" ] && is_elf "$OUT" && has_ex_table "$OUT"; then
        VMLINUX=$OUT
    else
        setup_sects=$(u8 "$VMLINUZ" 497)                    # 0x1f1
        [ "$setup_sects" -eq 0 ] && setup_sects=4
        pm_start=$(((setup_sects + 1) * 512))
        proto=$(u16 "$VMLINUZ" 518)                         # 0x206
        cands=
        if [ "$proto" -ge 520 ]; then                       # >= 2.08
            poff=$(u32 "$VMLINUZ" 584)                      # 0x248
            plen=$(u32 "$VMLINUZ" 588)                      # 0x24c
            # payload = compressed data + 4-byte uncompressed size
            [ "$plen" -gt 4 ] && cands="$((pm_start + poff)):$((plen - 4))"
        fi
        # Fallback: scan for known magics after the setup code.
        scan=$(tail -c +"$((pm_start + 1))" "$VMLINUZ" |
            grep -obUaP '\xfd7zXZ\x00|\x1f\x8b\x08|\x28\xb5\x2f\xfd|\x02\x21\x4c\x18|BZh[1-9]|\x5d\x00\x00[\x00\x80]|\x89LZO\x00' 2>/dev/null |
            cut -d: -f1 | head -n 20)
        for o in $scan; do cands="$cands $((pm_start + o)):0"; done
        for c in $cands; do
            off=${c%%:*} len=${c#*:}
            t=$(comp_at "$VMLINUZ" "$off")
            [ -n "$t" ] || continue
            decompress "$VMLINUZ" "$off" "$len" "$t" "$OUT.tmp"
            if [ -s "$OUT.tmp" ] && is_elf "$OUT.tmp"; then
                has_ex_table "$OUT.tmp" || { rm -f "$OUT.tmp"; die "payload of $VMLINUZ is an ELF without __ex_table"; }
                mv "$OUT.tmp" "$OUT" || die "cannot rename $OUT.tmp"
                VMLINUX=$OUT
                echo "$PROG: vmlinux from $t payload at offset $off" >>"$LOG"
                break
            fi
            rm -f "$OUT.tmp"
        done
        [ -n "$VMLINUX" ] || { logtail; die "could not extract an ELF vmlinux from $VMLINUZ"; }
    fi
elif [ "$(hexat "$VMLINUZ" 56 4)" = 41524d64 ]; then       # "ARMd" at 0x38
    FORMAT=arm64-Image          # raw Image (EFI stub), no ELF available
elif [ "$(hexat "$VMLINUZ" 0 2)" = 1f8b ]; then
    # gzip'd raw Image (some arm64 builds): decompress and look again
    need gzip gzip
    if [ ! -f "$WORK/Image" ]; then
        gzip -dc "$VMLINUZ" >"$WORK/Image.tmp" 2>>"$LOG" && mv "$WORK/Image.tmp" "$WORK/Image" ||
            { rm -f "$WORK/Image.tmp"; die "cannot gunzip $VMLINUZ"; }
    fi
    if [ "$(hexat "$WORK/Image" 56 4)" = 41524d64 ]; then
        FORMAT=gzip-arm64-Image
    elif is_elf "$WORK/Image" && has_ex_table "$WORK/Image"; then
        FORMAT=gzip-elf
        VMLINUX=$WORK/Image
    else
        FORMAT=gzip-unknown
    fi
fi

# ---------------------------------------------------------- optional -dbg ----
VMLINUX_DBG=
DEBUG_ROOT=
MODULES_DBG=
DBGPKG=${PKG%-unsigned}-dbg
DBGOUT=$WORK/vmlinux-dbg

# make_build_id_links DEBUGDIR: for every ELF file under DEBUGDIR/boot and
# DEBUGDIR/{,usr/}lib/modules that has a GNU build-id and no link yet, add
# DEBUGDIR/.build-id/xx/REST.debug -> ../../RELPATH (the layout gdb, elfutils
# and perf look up).  Links the package ships are left as they are.
make_build_id_links() {
    (
        cd "$1" || exit 1
        dirs=
        for d in boot lib/modules usr/lib/modules; do
            [ -d "$d" ] && dirs="$dirs $d"
        done
        [ -n "$dirs" ] || exit 0
        # shellcheck disable=SC2086
        find $dirs -type f -exec sh -c '
            for f; do
                id=$(readelf -n "$f" 2>/dev/null |
                    sed -n "s/^ *Build ID: *\([0-9a-f][0-9a-f]*\).*/\1/p" | head -n 1)
                [ -n "$id" ] && printf "%s %s\n" "$id" "$f"
            done
            exit 0' sh {} + |
        while read -r id f; do
            tl=${id#??}
            hd=${id%"$tl"}
            [ -n "$tl" ] || continue
            link=.build-id/$hd/$tl.debug
            [ -e "$link" ] || [ -L "$link" ] && continue
            mkdir -p ".build-id/$hd" && ln -s "../../$f" "$link" || exit 1
        done
    )
}

if [ "$WANT_DBGMOD" = 1 ]; then
    DEBUG_ROOT=$WORK/dbg-root
    DD=$DEBUG_ROOT/usr/lib/debug
    if [ ! -f "$WORK/.dbg-root" ]; then
        need tar tar
        need find findutils
        # Room: the unpacked tree (Installed-Size, KiB) + the .deb if it is
        # still to be downloaded + 1 GiB margin.
        PKGQ=$DBGPKG
        DSTANZA=$(show "$@") || DSTANZA=
        [ -n "$DSTANZA" ] || skip "package $DBGPKG ($ARCH) not found in the archive"
        isz=$(printf '%s\n' "$DSTANZA" | sed -n 's/^Installed-Size: //p' | head -n 1)
        dsz=$(printf '%s\n' "$DSTANZA" | sed -n 's/^Size: //p' | head -n 1)
        avail=$(df -Pk "$CACHE" 2>/dev/null | awk 'NR == 2 { print $4 }')
        case $isz$avail in
            ''|*[!0-9]*) ;;
            *)
                needk=$((isz + 1048576))
                [ -s "$DEBDIR/${DBGPKG}_$(printf '%s' "$VER" | sed 's/:/%3a/g')_$ARCH.deb" ] ||
                    needk=$((needk + ${dsz:-0} / 1024))
                [ "$avail" -ge "$needk" ] ||
                    skip "not enough room in $CACHE for $DBGPKG: need ~$((needk / 1024)) MiB, $((avail / 1024)) MiB free"
                ;;
        esac
        DBGDEB=$(fetch_deb "$DBGPKG" "$VER" "$@") || exit $?
        rm -rf "$DEBUG_ROOT" "$DEBUG_ROOT.tmp"
        mkdir -p "$DEBUG_ROOT.tmp" || die "cannot create $DEBUG_ROOT.tmp"
        t0=$(date +%s)
        (dpkg-deb --fsys-tarfile "$DBGDEB" |
            tar -x -C "$DEBUG_ROOT.tmp" --wildcards './usr/lib/debug/*') >>"$LOG" 2>&1 ||
            { logtail; rm -rf "$DEBUG_ROOT.tmp"; die "cannot extract usr/lib/debug from $DBGDEB"; }
        TD=$DEBUG_ROOT.tmp/usr/lib/debug
        f=$TD/boot/vmlinux-$KVER
        [ -f "$f" ] || f=$(ls "$TD"/boot/vmlinux-* 2>/dev/null | head -n 1)
        [ -n "$f" ] && is_elf "$f" || { rm -rf "$DEBUG_ROOT.tmp"; die "no ELF vmlinux in $DBGDEB"; }
        [ -d "$TD/lib/modules/$KVER" ] || [ -d "$TD/usr/lib/modules/$KVER" ] ||
            { rm -rf "$DEBUG_ROOT.tmp"; die "no lib/modules/$KVER in $DBGDEB"; }
        t1=$(date +%s)
        make_build_id_links "$TD" || { rm -rf "$DEBUG_ROOT.tmp"; die "cannot make .build-id links"; }
        echo "$PROG: extracted usr/lib/debug of $DBGPKG in $((t1 - t0)) s;" \
            "$(find "$TD/.build-id" -type l | wc -l) .build-id links ($(($(date +%s) - t1)) s);" \
            "$(du -sk "$DEBUG_ROOT.tmp" | cut -f1) KiB" >>"$LOG"
        mv "$DEBUG_ROOT.tmp" "$DEBUG_ROOT" || die "cannot rename $DEBUG_ROOT.tmp"
        : >"$WORK/.dbg-root"
        [ "${EXSORT_KERNEL_KEEP_DBG_DEB:-0}" = 1 ] || rm -f "$DBGDEB"
    fi
    MODULES_DBG=$DD/lib/modules/$KVER
    [ -d "$MODULES_DBG" ] || MODULES_DBG=$DD/usr/lib/modules/$KVER
    f=$DD/boot/vmlinux-$KVER
    [ -f "$f" ] || f=$(ls "$DD"/boot/vmlinux-* 2>/dev/null | head -n 1)
    [ -n "$f" ] && [ -f "$f" ] || die "no vmlinux in $DD/boot (remove $WORK/.dbg-root to redo)"
    # vmlinux_dbg is a hard link into the tree, not a second copy.
    if ! [ "$f" -ef "$DBGOUT" ]; then
        ln -f "$f" "$DBGOUT.tmp" && mv -f "$DBGOUT.tmp" "$DBGOUT" ||
            die "cannot link $DBGOUT to $f"
    fi
fi

if [ "$WANT_DBG" = 1 ]; then
    if [ ! -s "$DBGOUT" ]; then
        DBGDEB=$(fetch_deb "$DBGPKG" "$VER" "$@") || exit $?
        need tar tar
        rm -rf "$WORK/dbg.tmp"
        mkdir -p "$WORK/dbg.tmp" || die "cannot create $WORK/dbg.tmp"
        (dpkg-deb --fsys-tarfile "$DBGDEB" |
            tar -x -C "$WORK/dbg.tmp" --wildcards './usr/lib/debug/boot/vmlinux-*') >>"$LOG" 2>&1 ||
            { logtail; rm -rf "$WORK/dbg.tmp"; die "cannot extract vmlinux from $DBGDEB"; }
        f=$(ls "$WORK"/dbg.tmp/usr/lib/debug/boot/vmlinux-* 2>/dev/null | head -n 1)
        [ -n "$f" ] && is_elf "$f" || { rm -rf "$WORK/dbg.tmp"; die "no ELF vmlinux in $DBGDEB"; }
        mv "$f" "$DBGOUT" || die "cannot move $f"
        rm -rf "$WORK/dbg.tmp"
        # The .deb is large and no longer needed once the vmlinux is out.
        [ "${EXSORT_KERNEL_KEEP_DBG_DEB:-0}" = 1 ] || rm -f "$DBGDEB"
    fi
    VMLINUX_DBG=$DBGOUT
fi

# ---------------------------------------------------------------- result ----
{
    echo "version=$KVER"
    echo "package=$PKG"
    echo "package_version=$VER"
    echo "package_size=$SIZE"
    echo "arch=$ARCH"
    echo "deb=$DEB"
    echo "vmlinuz=$VMLINUZ"
    echo "image_format=$FORMAT"
    echo "vmlinux=$VMLINUX"
    echo "modules=$MODULES"
    if [ "$WANT_DBG" = 1 ]; then echo "vmlinux_dbg=$VMLINUX_DBG"; fi
    if [ "$WANT_DBGMOD" = 1 ]; then
        echo "debug_root=$DEBUG_ROOT"
        echo "modules_dbg=$MODULES_DBG"
    fi
} >"$ENVFILE.tmp" && mv "$ENVFILE.tmp" "$ENVFILE" || die "cannot write $ENVFILE"
cat "$ENVFILE"
exit 0
