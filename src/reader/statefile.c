/* The plumbing under the files kept between runs (state.c, history.c):
 * mkdir -p of the state directory, opening only regular files and never
 * waiting on a FIFO, a lock that serialises read-merge-write between
 * runs, a file replaced through a temporary file, fsync and rename so the
 * previous one survives a crash or a full disk, the removal of temporary
 * files a killed run left, and the %XX escaping of one value a line. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "reader/statefile.h"
#include "text/lib.h"

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

/* Opens path for reading without ever blocking (a FIFO in its place
 * would hang start-up), and only when it is a regular file. */
FILE *
statefile_open_read(const char *path, bool *missing, const char **why)
{
	struct stat sb;
	FILE *f;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	*missing = false;
	*why = NULL;
	if (fd < 0) {
		*missing = errno == ENOENT || errno == ENOTDIR;
		*why = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*why = S_ISDIR(sb.st_mode) ? strerror(EISDIR) : "not a regular file";
		close(fd);
		return NULL;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (f == NULL) {
		*why = strerror(errno);
		close(fd);
	}
	return f;
}

int
statefile_lock(const char *dir, const char *name, struct qerr *err)
{
	char *path = xmalloc(strlen(dir) + strlen(name) + sizeof "/.lock");
	struct stat sb;
	int fd;

	sprintf(path, "%s/%s.lock", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		qerr_set(err, "%s: not a regular file", path);
		goto fail;
	}
	/* Another run holds it for the milliseconds of its save; a run that
	 * hangs holding it must not hang this one. */
	for (int tries = 0;; tries++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			qerr_set(err, "%s: cannot lock: %s", path, strerror(errno));
			goto fail;
		}
		if (tries * STATEFILE_LOCK_STEP_MS >= STATEFILE_LOCK_WAIT_MS) {
			qerr_set(err, "%s: still locked by another qarin after %d s",
				 path, STATEFILE_LOCK_WAIT_MS / 1000);
			goto fail;
		}
		nanosleep(&(struct timespec){ 0, STATEFILE_LOCK_STEP_MS * 1000000L }, NULL);
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

void
statefile_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing drops the lock */
}

/* True when entry is a temporary file of name: "." name "." and the six
 * characters mkstemp puts there. */
static bool
statefile_is_temp(const char *entry, const char *name)
{
	size_t n = strlen(name);

	if (entry[0] != '.' || strncmp(entry + 1, name, n) != 0 || entry[n + 1] != '.')
		return false;
	entry += n + 2;
	for (int i = 0; i < 6; i++) {
		char c = entry[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return entry[6] == '\0';
}

size_t
statefile_clean_temps(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!statefile_is_temp(e->d_name, name))
			continue;
		/* Under the lock no save is under way: a run killed mid-save
		 * left it. */
		if (unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
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
