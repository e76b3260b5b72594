/* The one way work is fanned out over threads: a few independent jobs,
 * each writing only its own results, run on up to a few threads, the
 * calling thread among them; or, for work done in steps (read the next
 * piece while this one is used), one job at a time handed to a thread
 * kept for it. */
#ifndef QARIN_PARALLEL_H
#define QARIN_PARALLEL_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/parallel.h");

#include <stdatomic.h>
#include <stddef.h>

/* The most threads parallel_run starts at once, the caller's included. */
#define PARALLEL_MAX_THREADS 16

/* How many threads to use for work that could use up to max: the online
 * processors, at most max (and PARALLEL_MAX_THREADS), at least 1. */
size_t parallel_threads(size_t max);

/* Runs run on each of the n jobs of the array jobs (each size bytes) over
 * up to threads threads, the calling thread taking the first job; returns
 * when every job is done. Jobs whose thread cannot be started run on the
 * calling thread, so the results never depend on the threads. */
void parallel_run(void (*run)(void *job), void *jobs, size_t size, size_t n, size_t threads);

/* A thread kept beside the caller's, running the jobs handed to it one
 * at a time, so that a step of a pipeline costs a hand-over rather than a
 * thread started. */
struct parallel_worker;

/* A worker whose thread starts with the first job handed to it; NULL when
 * there is one processor: the jobs handed to NULL, or to a worker whose
 * thread cannot be started, run on the calling thread. */
struct parallel_worker *parallel_worker_new(void);
/* Runs run(job) on w (at once on the calling thread when w is NULL);
 * after parallel_worker_wait on the job before, if any. */
void parallel_worker_start(struct parallel_worker *w, void (*run)(void *job), void *job);
/* Returns when the job handed to w last is done. */
void parallel_worker_wait(struct parallel_worker *w);
/* Waits for w's job, ends its thread and frees it; NULL is fine. */
void parallel_worker_free(struct parallel_worker *w);

/* Jobs handed out one at a time to the threads that run them, each
 * taking the next when it is free, so that a slower thread takes fewer:
 * on kept workers while the caller goes on, then on the caller too. */
struct parallel_set {
	void (*run)(void *job);
	char *jobs;                          /* borrowed */
	size_t size, n;
	atomic_size_t next;                  /* the next job not handed out */
	struct parallel_worker *const *w;    /* borrowed */
	size_t nw;                           /* workers running the set */
};

/* Starts the n jobs of jobs (each size bytes) on the nw workers w (NULL
 * ones run them at once, on the calling thread) and returns; the jobs,
 * and what they read, must stay until parallel_set_finish. */
void parallel_set_start(struct parallel_set *set, struct parallel_worker *const *w, size_t nw,
			void (*run)(void *job), void *jobs, size_t size, size_t n);
/* Runs the jobs not handed out yet on the calling thread, then waits for
 * the workers': every job is then done. */
void parallel_set_finish(struct parallel_set *set);

/* As parallel_run, on the calling thread and the nw workers w (any of
 * them NULL): no thread is started. */
void parallel_run_kept(struct parallel_worker *const *w, size_t nw, void (*run)(void *job),
		       void *jobs, size_t size, size_t n);

#endif
