/* The reader's search off the main thread, for large documents: one
 * thread folds the documents and counts the hits of the latest query a
 * slice at a time; the loop takes what it found so far between frames.
 * Private to search_ui.c. */
#ifndef QARIN_SEARCH_JOB_H
#define QARIN_SEARCH_JOB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/search_job.h");

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "search/lib.h"

/* What the thread found for one document of the running request. */
struct search_job_doc {
	struct search_hits hits; /* hits starting in [0, done_to), sorted */
	size_t done_to;          /* SIZE_MAX: the whole document */
};

struct search_job {
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Under mu. */
	bool quit;
	bool working;               /* the thread runs a request */
	unsigned served;            /* the request it took last */
	char *text;                 /* owned: the request's query */
	unsigned flags;
	struct search_text **texts; /* owned array of borrowed texts, in the order searched */
	size_t *lens;               /* owned: their documents' lengths */
	size_t ndocs;
	struct search_job_doc *res; /* owned, ndocs: what was found, in texts' order */
	size_t bytes_done, bytes_total;
	bool finished;              /* every document searched, or the query too slow */
	bool slow;                  /* a regular expression took too long */
	double slow_ms;
	atomic_uint gen;            /* the latest request: bumping it stops the one running */
};

/* An idle job: no thread until the first request. */
void search_job_init(struct search_job *j, size_t ndocs);
/* Stops the thread and frees what the job holds. */
void search_job_free(struct search_job *j);
/* Searches texts (ndocs of them, documents lens bytes long; borrowed until
 * the next request or search_job_wait) for text under flags, stopping
 * the request that runs; returns the new request's number. */
unsigned search_job_start(struct search_job *j, const char *text, unsigned flags,
			  struct search_text *const *texts, const size_t *lens);
/* How far the request numbered gen went. */
struct search_job_progress {
	unsigned permille;          /* share of the bytes searched */
	bool finished;              /* every document searched, or the query too slow */
	bool slow;                  /* a regular expression took too long */
	double slow_ms;             /* the bound it passed */
};

/* Appends to out[k] the hits of the k-th text of request gen found since
 * the last call (out[k] holds those of the earlier calls) and sets
 * done_to[k] and *p; false (nothing changed) while the thread has not
 * taken that request yet. */
bool search_job_take(struct search_job *j, unsigned gen, struct search_hits *const *out,
		     size_t *done_to, struct search_job_progress *p);
/* Stops the running request, if any. */
void search_job_stop(struct search_job *j);
/* Stops the running request and waits until the thread no longer reads
 * any text (a document being folded is folded to its end first). */
void search_job_wait(struct search_job *j);

#endif
