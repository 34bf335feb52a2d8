#!/bin/sh
# Real Debian kernels, downloaded when the package archive is reachable
# (skipped otherwise): excheck finds nothing in the boot image and every
# module; exsort restores a shuffled copy of the vmlinux exactly; and on
# copies with faults put in, excheck exits 1 naming the right check.
# EXSORT_KERNEL_SUITE=trixie takes the kernels of that Debian suite
# instead of the host's (tests/real/fetch-debian-kernel.sh).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/real/lib.sh"

fetch_kernel amd64 || t_done
vmlinux=$(get vmlinux)
vmlinuz=$(get vmlinuz)
modules=$(get modules)
version=$(get version)

t_ok "$version: excheck -r over every module and the boot image is clean" \
	sh -c '"$1" -r "$2" "$3" >"$4/o" 2>&1; rc=$?; cat "$4/o"; [ $rc = 0 ] && [ ! -s "$4/o" ]' \
	sh "$EXCHECK" "$modules" "$vmlinuz" "$T"

restore()
{
	cp "$vmlinux" "$T/v" && "$MKELF" --shuffle 42 -l rel12-data "$T/v" &&
	! cmp -s "$vmlinux" "$T/v" && run_rc 0 "$EXSORT" --no-flag -v "$T/v" &&
	grep -q "layout rel12-data (BTF)" "$T/stdout" || return 1
	if "$MKELF" --dump -l rel12-data "$vmlinux" | cut -d' ' -f1 | uniq -d | grep -q .; then
		# equal insn: the kernel leaves their order undefined
		"$MKELF" --dump -l rel12-data "$vmlinux" | sort >"$T/a"
		"$MKELF" --dump -l rel12-data "$T/v" | sort >"$T/b"
		cmp "$T/a" "$T/b"
	else
		cmp "$vmlinux" "$T/v"
	fi
}
t_ok "$version: exsort restores a shuffled copy of vmlinux byte for byte" restore

# faulty CHECK: excheck exits 1 and names CHECK on the file $T/f (a
# moved insn may also leave the table unsorted)
faulty()
{
	run_rc 1 "$EXCHECK" "$T/f" && grep -q "\[-W$1\]$" "$T/stdout"
}

data=$(readelf -SW "$vmlinux" | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".data" { print "0x" $3; exit }')
t_ok "two entries swapped, nothing says the kernel sorts: unsorted" sh -c '
	cp "$1" "$2/f" && "$3" --swap 10,20 -l rel12-data "$2/f"' sh "$vmlinux" "$T" "$MKELF"
t_ok "excheck names unsorted" faulty unsorted
t_ok "an insn moved into .data" sh -c '
	cp "$1" "$2/f" && "$3" --set-field "5,0,$4" -l rel12-data "$2/f"' sh "$vmlinux" "$T" "$MKELF" "$data"
t_ok "excheck names insn-range" faulty insn-range
t_ok "an unknown type" sh -c '
	cp "$1" "$2/f" && "$3" --set-field 7,2,99 -l rel12-data "$2/f"' sh "$vmlinux" "$T" "$MKELF"
t_ok "excheck names bad-type" faulty bad-type

# a module with a table, unpacked to $T/m.ko; the second relocation of
# it made R_X86_64_NONE
module=$(for m in $(find "$modules" -name '*.ko*' | sort); do
	case $m in
	*.ko) cp "$m" "$T/m.ko" ;;
	*.ko.xz) xz -dc "$m" >"$T/m.ko" ;;
	*.ko.zst) zstd -qdc "$m" >"$T/m.ko" ;;
	*.ko.gz) gzip -dc "$m" >"$T/m.ko" ;;
	*) continue ;;
	esac 2>/dev/null || continue
	readelf -SW "$T/m.ko" 2>/dev/null | grep -q ' \.rela__ex_table ' && { echo "$m"; break; }
done)
drop_reloc()
{
	local off
	off=$(readelf -SW "$T/m.ko" | sed 's/^ *\[ *[0-9]*\] *//' |
		awk '$1 == ".rela__ex_table" { print $4; exit }')
	cp "$T/m.ko" "$T/f" &&
	printf '\000\000\000\000' | dd of="$T/f" bs=1 seek="$(( 0x$off + 24 + 8 ))" \
		conv=notrunc 2>/dev/null
}
t_ok "a relocation removed from $(basename "$module")" drop_reloc
t_ok "excheck names missing-reloc" faulty missing-reloc

if fetch amd64 linux-image-6.12-amd64; then
	t_ok "$(get version): excheck -r over every .ko.xz module and the boot image is clean" \
		sh -c '"$1" -r "$2" "$3" >"$4/o" 2>&1; rc=$?; cat "$4/o"; [ $rc = 0 ] && [ ! -s "$4/o" ]' \
		sh "$EXCHECK" "$(get modules)" "$(get vmlinuz)" "$T"
else
	t_skip "Debian amd64 6.12 kernel" "$(head -n 1 "$T/fetch.err")"
fi
if fetch arm64; then
	t_ok "$(get version): excheck -r over every arm64 module is clean" \
		sh -c '"$1" -r "$2" >"$3/o" 2>&1; rc=$?; cat "$3/o"; [ $rc = 0 ] && [ ! -s "$3/o" ]' \
		sh "$EXCHECK" "$(get modules)" "$T"
else
	t_skip "Debian arm64 kernel" "$(head -n 1 "$T/fetch.err")"
fi
t_done
