/* Loading a large document in the background: the reader shows the start
 * of a big file at once (parsed from its first megabytes) while the whole
 * file loads on a thread, then swaps the complete document in. */
#ifndef QARIN_LOADER_H
#define QARIN_LOADER_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/loader.h");

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "ingest/load.h"
#include "model/lib.h"

/* How much of the file the first screen is parsed from. */
#define LOADER_PREFIX_SIZE (2u << 20)
/* Files at least this large are opened from a prefix first: past it, the
 * whole file takes longer to load than its prefix. */
#define LOADER_MIN_SIZE (2 * LOADER_PREFIX_SIZE)
/* How much of the file's end is read for a jump there during the load. */
#define LOADER_TAIL_SIZE (128u << 10)

struct loader {
	char *path;              /* owned */
	struct doc_opts opts;
	pthread_t thread;
	bool started;
	atomic_bool done;        /* set by the thread when result or err is ready */
	/* The thread waits for loader_go: the first frame is not to share
	 * the cores with it. */
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool go;
	struct doc *result;      /* owned until taken */
	struct qerr err;
};

/* Loads the first LOADER_PREFIX_SIZE bytes of path (cut after its last
 * newline) as a document, for a file of at least LOADER_MIN_SIZE bytes;
 * NULL when the file is smaller, not a regular file, or cannot be read
 * (the caller then loads it whole). */
struct doc *loader_prefix(const char *path, const struct doc_opts *opts);

/* Loads the end of path (its last LOADER_TAIL_SIZE bytes, from the first
 * paragraph that starts in them) as a document decoded and parsed as like
 * (the start, shown meanwhile) was; *from is the file offset of its first
 * byte. NULL when the file is smaller, cannot be read, or is not UTF-8. */
struct doc *loader_tail(const char *path, const struct doc_opts *opts, const struct doc *like,
			size_t *from);

/* Starts loading the whole of path on a thread; false if no thread could
 * be started (the caller then loads it in the foreground). */
bool loader_start(struct loader *l, const char *path, const struct doc_opts *opts);
/* Lets the thread start loading (after the first frame); loader_take and
 * loader_free do too. */
void loader_go(struct loader *l);
/* True once the thread has finished. */
bool loader_done(struct loader *l);
/* Waits for the thread and hands over the document (NULL with err set). */
struct doc *loader_take(struct loader *l, struct qerr *err);
/* Waits for the thread if it runs and frees what it holds. */
void loader_free(struct loader *l);

#endif
