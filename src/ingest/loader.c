/* Background loading for large files: the first screen comes from a prefix
 * parsed at once, the whole document from a thread. The two agree on every
 * offset inside the prefix (the same bytes, decoded the same way, unless
 * the rest of the file changes the detected encoding). */
#include <config.h>

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

/* The thread: loads the whole file. */
static void *
loader_run(void *arg)
{
	struct loader *l = arg;

	/* Below the reader's own thread: a frame drawn while the file loads
	 * must not wait for a core (threads it starts inherit this). */
	(void)setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);

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
	if (pthread_create(&l->thread, NULL, loader_run, l) != 0) {
		free(l->path);
		l->path = NULL;
		return false;
	}
	l->started = true;
	return true;
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
	pthread_join(l->thread, NULL);
	l->started = false;
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
		pthread_join(l->thread, NULL);
	l->started = false;
	doc_free(l->result);
	l->result = NULL;
	free(l->path);
	l->path = NULL;
}
