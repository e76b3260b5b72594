/* Fanning independent jobs out over threads (pthreads): ingest's UTF-8
 * check, line classification and block labelling of large documents. */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <unistd.h>

#include "text/parallel.h"

/* What one thread runs: jobs first, first + step, ... below n. */
struct parallel_share {
	void (*run)(void *job);
	char *jobs; /* borrowed */
	size_t size, first, step, n;
};

/* Runs a thread's share of the jobs. */
static void *
parallel_share_run(void *arg)
{
	const struct parallel_share *sh = arg;

	for (size_t i = sh->first; i < sh->n; i += sh->step)
		sh->run(sh->jobs + i * sh->size);
	return NULL;
}

size_t
parallel_threads(size_t max)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (max > PARALLEL_MAX_THREADS)
		max = PARALLEL_MAX_THREADS;
	if (cpus < 1)
		return 1;
	return (size_t)cpus > max ? (max > 0 ? max : 1) : (size_t)cpus;
}

void
parallel_run(void (*run)(void *job), void *jobs, size_t size, size_t n, size_t threads)
{
	struct parallel_share sh[PARALLEL_MAX_THREADS];
	pthread_t tid[PARALLEL_MAX_THREADS];
	bool started[PARALLEL_MAX_THREADS] = { false };

	if (threads > n)
		threads = n;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	if (threads < 1)
		threads = 1;
	for (size_t t = 0; t < threads; t++)
		sh[t] = (struct parallel_share){ run, jobs, size, t, threads, n };
	for (size_t t = 1; t < threads; t++)
		started[t] = pthread_create(&tid[t], NULL, parallel_share_run, &sh[t]) == 0;
	parallel_share_run(&sh[0]);
	for (size_t t = 1; t < threads; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			parallel_share_run(&sh[t]);
	}
}
