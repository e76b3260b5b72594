/* The one way work is fanned out over threads: a few independent jobs,
 * each writing only its own results, run on up to a few threads, the
 * calling thread among them. */
#ifndef QARIN_PARALLEL_H
#define QARIN_PARALLEL_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/parallel.h");

#include <pthread.h>
#include <stdbool.h>
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

/* What one thread runs: jobs first, first + step, ... below n. */
struct parallel_share {
	void (*run)(void *job);
	char *jobs; /* borrowed */
	size_t size, first, step, n;
};

/* Jobs running on threads of their own while the caller goes on. */
struct parallel_set {
	struct parallel_share sh[PARALLEL_MAX_THREADS];
	pthread_t tid[PARALLEL_MAX_THREADS];
	bool started[PARALLEL_MAX_THREADS];
	size_t threads; /* 0: none running */
};

/* Starts run on each of the n jobs over up to threads threads of their
 * own and returns; the jobs (and what they read) must stay until
 * parallel_wait. A share whose thread cannot be started runs at once, on
 * the calling thread. */
void parallel_start(struct parallel_set *set, void (*run)(void *job), void *jobs, size_t size,
		    size_t n, size_t threads);

/* Waits for the jobs parallel_start started (none: returns at once). */
void parallel_wait(struct parallel_set *set);

#endif
