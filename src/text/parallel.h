/* The one way work is fanned out over threads: a few independent jobs,
 * each writing only its own results, run on up to a few threads, the
 * calling thread among them; or, for work done in steps (read the next
 * piece while this one is used), one job at a time handed to a thread
 * kept for it. */
#ifndef QARIN_PARALLEL_H
#define QARIN_PARALLEL_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/parallel.h");

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

/* Starts the thread; NULL when there is one processor or no thread can be
 * started: the jobs handed to NULL run on the calling thread. */
struct parallel_worker *parallel_worker_new(void);
/* Runs run(job) on w (at once on the calling thread when w is NULL);
 * after parallel_worker_wait on the job before, if any. */
void parallel_worker_start(struct parallel_worker *w, void (*run)(void *job), void *job);
/* Returns when the job handed to w last is done. */
void parallel_worker_wait(struct parallel_worker *w);
/* Waits for w's job, ends its thread and frees it; NULL is fine. */
void parallel_worker_free(struct parallel_worker *w);

/* As parallel_run, on the calling thread and the nw workers w (any of
 * them NULL), over nw + 1 threads at most: no thread is started. */
void parallel_run_kept(struct parallel_worker *const *w, size_t nw, void (*run)(void *job),
		       void *jobs, size_t size, size_t n);

#endif
