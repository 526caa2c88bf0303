/* The fingerprint of a file (repdesk/digest.h), read in large blocks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "repdesk/digest.h"
#include "repdesk/i18n.h"

#define BLOCK (1u << 20)

static void identity(const struct stat *st, digest_file_id *id)
{
	id->dev = st->st_dev;
	id->ino = st->st_ino;
	id->size = st->st_size;
	id->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	id->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

bool digest_file(const char *path, char out[DIGEST_HEXSZ], char *legacy, digest_file_id *id,
                    bool *missing, char *err, size_t errsz)
{
	struct stat st;
	digest_state ds;
	digest_legacy_state old;
	unsigned char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int e = 0;

	*missing = false;
	if (fd < 0 || fstat(fd, &st) != 0) {
		e = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		e = EINVAL;
		goto out;
	}
	identity(&st, id);
	if (!(buf = malloc(BLOCK))) {
		e = ENOMEM;
		goto out;
	}
	digest_init(&ds);
	if (legacy)
		digest_legacy_init(&old);
	for (;;) {
		ssize_t n = read(fd, buf, BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			goto out;
		}
		if (n == 0)
			break;
		digest_update(&ds, buf, (size_t)n);
		if (legacy)
			digest_legacy_update(&old, buf, (size_t)n);
	}
	digest_hex(&ds, out);
	if (legacy)
		digest_legacy_hex(&old, legacy);
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	if (e) {
		*missing = e == ENOENT;
		snprintf(err, errsz, "%s: %s", path, e == EINVAL ? _("not a regular file") : strerror(e));
		return false;
	}
	return true;
}

bool digest_file_unchanged(const char *path, const digest_file_id *id)
{
	struct stat st;
	digest_file_id now;

	if (stat(path, &st) != 0)
		return false;
	identity(&st, &now);
	return now.dev == id->dev && now.ino == id->ino && now.size == id->size &&
	       now.mtime_ns == id->mtime_ns && now.ctime_ns == id->ctime_ns;
}
