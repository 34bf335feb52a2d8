// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Journal file format, all numbers little-endian:
 *
 *   "EXSJRNL2"  dev:u64  ino:u64  size:u64  npatch:u32
 *   npatch times:  offset:u64  len:u64  new[len]
 *   crc32 of everything before it:u32
 *
 * dev, ino and size name the file it belongs to.  A journal whose CRC
 * does not hold was cut short before the file was touched.  Only the new
 * bytes are kept: recovery always goes forward, and the file is locked
 * against other exsorts, so only they can be in it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "journal.h"
#include "util.h"

#define MAGIC "EXSJRNL2"
#define HEADER (8 + 8 + 8 + 8 + 4)

char *journal_path(const char *file)
{
	const char *slash = strrchr(file, '/');
	int dirlen = slash ? (int)(slash - file + 1) : 0;
	char *path;

	if (asprintf(&path, "%.*s.%s.exsort-journal", dirlen, file,
		     file + dirlen) < 0)
		return NULL;
	return path;
}

bool journal_exists(const char *file)
{
	char *path = journal_path(file);
	bool r = path && access(path, F_OK) == 0;

	free(path);
	return r;
}

/* fsync the directory holding @path, so a created or removed name lasts */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) :
			    strdup(".");
	int fd, r = -1;

	if (!dir)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		r = fsync(fd);
		close(fd);
	}
	free(dir);
	return r;
}

static int write_all(int fd, const void *buf, size_t len, uLong *crc)
{
	const unsigned char *p = buf;

	*crc = crc32(*crc, p, (uInt)len);
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_u64(int fd, uint64_t v, uLong *crc)
{
	unsigned char b[8];

	exs_put(b, 8, false, v);
	return write_all(fd, b, 8, crc);
}

static int write_journal(const char *path, const struct stat *st,
			 const struct sort_plan *plan)
{
	unsigned char n4[4];
	uLong crc = crc32(0, NULL, 0);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t i;
	int r = -1;

	if (fd < 0)
		return -1;
	exs_put(n4, 4, false, plan->npatch);
	if (write_all(fd, MAGIC, 8, &crc) ||
	    write_u64(fd, (uint64_t)st->st_dev, &crc) ||
	    write_u64(fd, (uint64_t)st->st_ino, &crc) ||
	    write_u64(fd, (uint64_t)st->st_size, &crc) ||
	    write_all(fd, n4, 4, &crc))
		goto out;
	for (i = 0; i < plan->npatch; i++) {
		const struct patch *p = &plan->patch[i];

		if (write_u64(fd, p->offset, &crc) ||
		    write_u64(fd, p->size, &crc) ||
		    write_all(fd, p->bytes, p->size, &crc))
			goto out;
	}
	exs_put(n4, 4, false, crc);
	if (write_all(fd, n4, 4, &(uLong){ 0 }) || fsync(fd))
		goto out;
	r = 0;
out:
	if (close(fd) && r == 0)
		r = -1;
	if (r) {
		int e = errno;

		unlink(path);
		errno = e;
	}
	return r;
}

static int sync_range(int fd, uint64_t off, size_t len)
{
	unsigned int how = SYNC_FILE_RANGE_WAIT_BEFORE |
			   SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;

	if (sync_file_range(fd, (off_t)off, (off_t)len, how) == 0)
		return 0;
	return fdatasync(fd);
}

/* Write @len bytes at @off and sync just that range. */
static int put_bytes(int fd, uint64_t off, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = pwrite(fd, p + done, len - done, (off_t)(off + done));

		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return sync_range(fd, off, len);
}

int journal_apply(const char *file, int fd, const struct stat *st,
		  const struct sort_plan *plan, const char **why)
{
	char *path = journal_path(file);
	size_t i;

	if (!path) {
		*why = "out of memory";
		return -1;
	}
	if (write_journal(path, st, plan) || sync_dir(path)) {
		*why = strerror(errno);
		free(path);
		return -1;
	}
	for (i = 0; i < plan->npatch; i++) {
		const struct patch *p = &plan->patch[i];

		if (put_bytes(fd, p->offset, p->bytes, p->size)) {
			*why = strerror(errno);
			free(path);
			return -2;
		}
	}
	unlink(path);
	sync_dir(path);
	free(path);
	return 0;
}

/* A journal read into memory and checked. */
struct journal {
	unsigned char *buf;
	size_t len;
	uint64_t dev, ino, size;
	uint32_t npatch;
};

static int read_journal(const char *path, struct journal *j)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	memset(j, 0, sizeof(*j));
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || st.st_size < HEADER + 4 ||
	    (uint64_t)st.st_size > SIZE_MAX ||
	    !(j->buf = malloc((size_t)st.st_size))) {
		close(fd);
		return -1;
	}
	j->len = (size_t)st.st_size;
	while (got < j->len) {
		ssize_t n = read(fd, j->buf + got, j->len - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != j->len || memcmp(j->buf, MAGIC, 8) != 0 ||
	    crc32(crc32(0, NULL, 0), j->buf, (uInt)(j->len - 4)) !=
	    exs_get(j->buf + j->len - 4, 4, false))
		return -1;
	j->dev = exs_get(j->buf + 8, 8, false);
	j->ino = exs_get(j->buf + 16, 8, false);
	j->size = exs_get(j->buf + 24, 8, false);
	j->npatch = (uint32_t)exs_get(j->buf + 32, 4, false);
	return 0;
}

/* Put the new bytes of every patch into the file. */
static int roll_forward(int fd, const struct journal *j, const char **why)
{
	size_t pos = HEADER, end = j->len - 4;
	uint32_t i;

	for (i = 0; i < j->npatch; i++) {
		uint64_t off, len;

		if (!exs_range_ok(pos, 16, end))
			break;
		off = exs_get(j->buf + pos, 8, false);
		len = exs_get(j->buf + pos + 8, 8, false);
		pos += 16;
		if (!exs_range_ok(pos, len, end) || !exs_range_ok(off, len, j->size))
			break;
		if (put_bytes(fd, off, j->buf + pos, len)) {
			*why = strerror(errno);
			return -1;
		}
		pos += len;
	}
	if (i == j->npatch && pos == end)
		return 0;
	*why = "the journal beside it is damaged";
	return -1;
}

int journal_recover(const char *file, int fd, const char **why)
{
	char *path = journal_path(file);
	struct journal j;
	struct stat st;
	int r = 1;

	if (!path) {
		*why = "out of memory";
		return -1;
	}
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if (read_journal(path, &j)) {
		/* cut short before the file was touched: nothing to undo */
		free(j.buf);
		unlink(path);
		sync_dir(path);
		free(path);
		return 1;
	}
	if (fstat(fd, &st)) {
		*why = strerror(errno);
		r = -1;
	} else if ((uint64_t)st.st_dev != j.dev || (uint64_t)st.st_ino != j.ino) {
		/* the file it was for has been replaced: it cannot apply */
		unlink(path);
		sync_dir(path);
	} else if ((uint64_t)st.st_size != j.size) {
		*why = "the journal beside it does not match the file, which was changed since; remove the journal after checking the file";
		r = -1;
	} else if (roll_forward(fd, &j, why)) {
		r = -1;
	} else {
		unlink(path);
		sync_dir(path);
	}
	free(j.buf);
	free(path);
	return r;
}
