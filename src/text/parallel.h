/* The one way work is fanned out over threads: a few independent jobs,
 * each writing only its own results, run on up to a few threads, the
 * calling thread among them. */
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

#endif
