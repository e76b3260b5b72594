/* The plumbing under the files kept between runs (state.c, history.c):
 * mkdir -p of the state directory, a file replaced through a temporary
 * file, fsync and rename so the previous one survives a crash or a full
 * disk, and the %XX escaping that keeps one value on one line. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qarin/statefile.h"
#include "qarin/xalloc.h"

/* Creates dir and its parents (mode 0700), like mkdir -p. */
bool
statefile_mkdirs(const char *dir, struct qerr *err)
{
	char *p = xstrdup(dir);
	bool good = true;
	struct stat sb;

	for (char *s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			qerr_set(err, "%s: %s", p, strerror(errno));
			good = false;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	if (good && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		qerr_set(err, "%s: not a directory", dir);
		good = false;
	}
	return good;
}

/* Writes data to path through a temporary file in the same directory,
 * flushed to disk before it replaces path. */
bool
statefile_write_atomic(const char *dir, const char *path, const char *data,
		       size_t len, struct qerr *err)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *tmp = xmalloc(strlen(dir) + strlen(name) + sizeof "/..XXXXXX");
	size_t done = 0;
	int fd, dfd;

	sprintf(tmp, "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd < 0) {
		qerr_set(err, "%s: cannot create a temporary file: %s", dir,
			 strerror(errno));
		free(tmp);
		return false;
	}
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			qerr_set(err, "%s: cannot write: %s", path,
				 w < 0 ? strerror(errno) : "nothing written");
			goto fail;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0) {
		qerr_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	if (close(fd) != 0) {
		fd = -1;
		qerr_set(err, "%s: cannot write: %s", path, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(tmp);
	/* Make the rename itself durable; a failure here loses nothing. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return true;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	return false;
}

/* Writes s with '%', control characters and DEL as %XX. */
void
statefile_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '%')
			strbuf_printf(sb, "%%%02X", c);
		else
			strbuf_putc(sb, (char)c);
	}
}

/* The value of a hex digit, or -1. */
static int
statefile_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes a %XX-escaped line; NULL if malformed or empty. */
char *
statefile_unescape(const char *s, const char *e)
{
	struct strbuf sb = STRBUF_INIT;

	for (; s < e; s++) {
		int hi, lo;
		if (*s != '%') {
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				goto bad;
			strbuf_putc(&sb, *s);
			continue;
		}
		if (e - s < 3 || (hi = statefile_hex(s[1])) < 0 ||
		    (lo = statefile_hex(s[2])) < 0 || (hi == 0 && lo == 0))
			goto bad;
		strbuf_putc(&sb, (char)(hi << 4 | lo));
		s += 2;
	}
	if (sb.len == 0)
		goto bad;
	return strbuf_steal(&sb);
bad:
	strbuf_free(&sb);
	return NULL;
}
