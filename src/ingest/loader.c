/* Background loading for large files: the first screen comes from a prefix
 * parsed at once, the whole document from a thread. The two agree on every
 * offset inside the prefix (the same bytes, decoded the same way, unless
 * the rest of the file changes the detected encoding). The end of the file,
 * asked for before the thread is done, comes from its last bytes alone. */
#include <config.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ingest/loader.h"
#include "text/lib.h"

struct doc *
loader_prefix(const char *path, const struct doc_opts *opts)
{
	struct stat st;
	FILE *f;

	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size < LOADER_MIN_SIZE)
		return NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	char *buf = xmalloc(LOADER_PREFIX_SIZE);
	size_t n = fread(buf, 1, LOADER_PREFIX_SIZE, f);
	fclose(f);
	/* End on a line: the last paragraph of the prefix is then whole. */
	size_t cut = n;
	while (cut > 0 && buf[cut - 1] != '\n')
		cut--;
	if (cut == 0)
		cut = n; /* one long line: its start is still worth showing */
	/* Never inside a character: the cut is not a bad byte. */
	cut = decode_whole_prefix(buf, cut, opts != NULL ? &opts->decode : NULL);
	struct qerr err;
	struct doc *doc = doc_load_memory(path, buf, cut, opts, &err);
	free(buf);
	return doc;
}

/* Where the first paragraph that starts in b[0, n) begins: after a blank
 * line, else after a line break, else at the first character. */
static size_t
loader_paragraph_start(const char *b, size_t n)
{
	size_t first_line = SIZE_MAX;

	for (size_t i = 0; i < n; i++) {
		if (b[i] != '\n')
			continue;
		if (first_line == SIZE_MAX)
			first_line = i + 1;
		size_t j = i + 1;
		while (j < n && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r'))
			j++;
		if (j < n && b[j] == '\n') {
			while (j < n && (b[j] == '\n' || b[j] == '\r'))
				j++;
			return j;
		}
	}
	if (first_line != SIZE_MAX && first_line < n)
		return first_line;
	size_t i = 0;
	while (i < n && ((unsigned char)b[i] & 0xC0) == 0x80)
		i++; /* not inside a UTF-8 character */
	return i;
}

struct doc *
loader_tail(const char *path, const struct doc_opts *opts, const struct doc *like,
	    size_t *from)
{
	struct stat st;
	int fd;

	/* UTF-8 only: a cut after a newline byte is then a cut between
	 * characters, and both documents map their text to the file's bytes
	 * (other encodings map to their decoded form). */
	if (strcmp(like->encoding, "UTF-8") != 0)
		return NULL;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size <= LOADER_TAIL_SIZE) {
		close(fd);
		return NULL;
	}
	off_t at = st.st_size - (off_t)LOADER_TAIL_SIZE;
	char *buf = xmalloc(LOADER_TAIL_SIZE);
	ssize_t n = pread(fd, buf, LOADER_TAIL_SIZE, at);
	close(fd);
	if (n <= 0) {
		free(buf);
		return NULL;
	}
	size_t start = loader_paragraph_start(buf, (size_t)n);
	/* Decoded and parsed as the start was: the same encoding, the same
	 * format, whatever the tail alone would suggest. */
	struct doc_opts o = *opts;
	if (o.decode.encoding == NULL)
		o.decode.encoding = like->encoding;
	o.format = like->format;
	struct qerr err;
	struct doc *doc = doc_load_memory(path, buf + start, (size_t)n - start, &o, &err);
	free(buf);
	if (doc != NULL)
		*from = (size_t)at + start;
	return doc;
}

/* The thread: loads the whole file. */
static void *
loader_run(void *arg)
{
	struct loader *l = arg;

	/* Below the reader's own thread: a frame drawn while the file loads
	 * must not wait for a core (threads it starts inherit this). */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
	pthread_mutex_lock(&l->lock);
	while (!l->go)
		pthread_cond_wait(&l->wake, &l->lock);
	pthread_mutex_unlock(&l->lock);

	l->result = doc_load_file(l->path, &l->opts, &l->err);
	atomic_store(&l->done, true);
	return NULL;
}

bool
loader_start(struct loader *l, const char *path, const struct doc_opts *opts)
{
	memset(l, 0, sizeof *l);
	l->path = xstrdup(path);
	l->opts = *opts;
	atomic_init(&l->done, false);
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->wake, NULL);
	if (pthread_create(&l->thread, NULL, loader_run, l) != 0) {
		pthread_mutex_destroy(&l->lock);
		pthread_cond_destroy(&l->wake);
		free(l->path);
		l->path = NULL;
		return false;
	}
	l->started = true;
	return true;
}

void
loader_go(struct loader *l)
{
	if (!l->started)
		return;
	pthread_mutex_lock(&l->lock);
	l->go = true;
	pthread_cond_signal(&l->wake);
	pthread_mutex_unlock(&l->lock);
}

/* Waits for the thread, letting it run first, and forgets it. */
static void
loader_join(struct loader *l)
{
	loader_go(l);
	pthread_join(l->thread, NULL);
	pthread_mutex_destroy(&l->lock);
	pthread_cond_destroy(&l->wake);
	l->started = false;
}

bool
loader_done(struct loader *l)
{
	return l->started && atomic_load(&l->done);
}

struct doc *
loader_take(struct loader *l, struct qerr *err)
{
	if (!l->started)
		return NULL;
	loader_join(l);
	struct doc *doc = l->result;
	l->result = NULL;
	if (doc == NULL && err != NULL)
		*err = l->err;
	return doc;
}

void
loader_free(struct loader *l)
{
	if (l->started)
		loader_join(l);
	doc_free(l->result);
	l->result = NULL;
	free(l->path);
	l->path = NULL;
}
