#!/bin/sh
# exsort's write path: killed at random moments it leaves the file
# either as it was or with a journal that the next run finishes; it
# never writes through a symbolic link, into a file replaced under it,
# or one it may not write; two runs on one file serialise.
. "${top_srcdir:-.}/tests/lib.sh"

"$MKELF" -m x86_64 -o random -n 400000 -s 9 --emit-relocs "$T/orig" || exit 99
cp "$T/orig" "$T/want" && "$EXSORT" "$T/want" || exit 99

# killed DELAY_MS: kill -9 a run after DELAY_MS; the file is the input,
# or the output; or it has a journal and the next run makes it the output
killed()
{
	local pid state
	cp "$T/orig" "$T/k"
	"$EXSORT" "$T/k" &
	pid=$!
	sleep "$(printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -e "$T/.k.exsort-journal" ]; then
		state=journal
		"$EXSORT" --check "$T/k" 2>/dev/null
		[ $? = 2 ] || { echo "--check did not report the journal"; return 1; }
		"$EXSORT" "$T/k" || return 1
		[ ! -e "$T/.k.exsort-journal" ] || { echo "journal left"; return 1; }
		cmp -s "$T/k" "$T/want" || { echo "not finished from the journal"; return 1; }
	elif cmp -s "$T/k" "$T/orig"; then
		state=untouched
	elif cmp -s "$T/k" "$T/want"; then
		state=done
	else
		echo "killed after $1 ms: file in between, no journal"
		return 1
	fi
	echo "$state" >>"$T/states"
}

: >"$T/states"
# kill points spread over one whole run, however fast this machine is
s=$(date +%s%N)
cp "$T/orig" "$T/cal" && "$EXSORT" "$T/cal"
span=$(( ($(date +%s%N) - s) / 1000000 * 3 / 2 + 10 ))
seed=1
for i in $(seq 1 24); do
	seed=$(( (seed * 1103515245 + 12345) % 2147483648 ))
	delay=$(( seed % span ))
	t_ok "killed with SIGKILL after $delay ms" killed "$delay"
done
t_ok "kills landed before and after the writes (the rest: $(sort "$T/states" | uniq -c | tr -s ' \n' ' '))" sh -c '
	grep -q untouched "$1" && grep -q done "$1" ||
	{ sort "$1" | uniq -c; false; }' sh "$T/states"

torn_journal()
{
	cp "$T/orig" "$T/t" && printf 'EXSJRNL1 torn' >"$T/.t.exsort-journal" &&
	run_rc 0 "$EXSORT" -v "$T/t" && grep -q "interrupted exsort" "$T/stdout" &&
	[ ! -e "$T/.t.exsort-journal" ] && cmp "$T/t" "$T/want"
}
t_ok "a journal cut short is thrown away: the file was never touched" torn_journal

symlink()
{
	cp "$T/orig" "$T/target" && ln -sf "$T/target" "$T/link" &&
	run_rc 2 "$EXSORT" "$T/link" &&
	same_text "$T/stderr" "exsort: $T/link: is a symbolic link; name the file it points to" &&
	cmp "$T/target" "$T/orig"
}
t_ok "a symbolic link is refused, its target untouched" symlink

two_at_once()
{
	cp "$T/orig" "$T/two" &&
	{ "$EXSORT" "$T/two" & "$EXSORT" "$T/two"; wait $!; } &&
	cmp "$T/two" "$T/want"
}
t_ok "two exsorts on one file: the result is the sorted file" two_at_once

readonly_file()
{
	command -v setpriv >/dev/null || { echo "no setpriv"; return 0; }
	cp "$T/orig" "$T/ro" && chmod 444 "$T/ro" && chmod 755 "$T" &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$EXSORT" "$T/ro" 2>"$T/err"
	[ $? = 2 ] && grep -q "^exsort: $T/ro: Permission denied$" "$T/err" &&
	cmp "$T/ro" "$T/orig"
}
t_ok "a file exsort may not write: one line, unchanged" readonly_file

# small_fs SIZE_KB: a tmpfs at $T/mnt, or return 1 where mounting is denied
small_fs()
{
	mkdir -p "$T/mnt" && mount -t tmpfs -o "size=$1k" tmpfs "$T/mnt" 2>/dev/null
}

no_space()
{
	local size
	"$MKELF" -m x86_64 -o random -n 20000 --emit-relocs "$T/small" || return 1
	size=$(( $(wc -c <"$T/small") / 1024 + 64 ))
	small_fs "$size" || { echo "cannot mount a tmpfs here: skipped"; return 0; }
	cp "$T/small" "$T/mnt/f" && run_rc 2 "$EXSORT" "$T/mnt/f"
	local rc=$?
	grep -q "cannot write the journal: No space left on device (file left unchanged)" "$T/stderr" &&
	cmp "$T/mnt/f" "$T/small" && [ ! -e "$T/mnt/.f.exsort-journal" ] && [ $rc = 0 ]
	rc=$?
	umount "$T/mnt"
	return $rc
}
t_ok "out of space for the journal: clear error, file unchanged" no_space

readonly_fs()
{
	small_fs 4096 || { echo "cannot mount a tmpfs here: skipped"; return 0; }
	cp "$T/orig" "$T/mnt/f" 2>/dev/null || cp "$T/want" "$T/mnt/f" 2>/dev/null
	"$MKELF" -m x86_64 -o random -n 2000 "$T/mnt/f" && cp "$T/mnt/f" "$T/rofs0" &&
	mount -o remount,ro "$T/mnt" && run_rc 2 "$EXSORT" "$T/mnt/f"
	local rc=$?
	grep -q "^exsort: $T/mnt/f: Read-only file system$" "$T/stderr" &&
	cmp "$T/mnt/f" "$T/rofs0" && [ $rc = 0 ]
	rc=$?
	umount "$T/mnt"
	return $rc
}
t_ok "a read-only file system: one line, file unchanged" readonly_fs

t_done
