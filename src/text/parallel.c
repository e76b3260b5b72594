/* Fanning independent jobs out over threads (pthreads): ingest's UTF-8
 * check, line classification and block labelling of large documents,
 * and --dump's layout of blocks while the file is read on. */
#include <config.h>

#include <unistd.h>

#include "text/parallel.h"

/* Runs a thread's share of the jobs. */
static void *
parallel_share_run(void *arg)
{
	const struct parallel_share *sh = arg;

	for (size_t i = sh->first; i < sh->n; i += sh->step)
		sh->run(sh->jobs + i * sh->size);
	return NULL;
}

/* How many threads n jobs are run on, of up to threads. */
static size_t
parallel_count(size_t n, size_t threads)
{
	if (threads > n)
		threads = n;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	return threads < 1 ? 1 : threads;
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

/* Shares the n jobs among up to threads threads, starting those from
 * share first on threads of their own (running at once, here, one that
 * cannot be started). */
static void
parallel_spawn(struct parallel_set *set, void (*run)(void *job), void *jobs, size_t size,
	       size_t n, size_t threads, size_t first)
{
	set->threads = parallel_count(n, threads);
	for (size_t t = 0; t < set->threads; t++) {
		set->sh[t] = (struct parallel_share){ run, jobs, size, t, set->threads, n };
		set->started[t] = false;
	}
	for (size_t t = first; t < set->threads; t++) {
		set->started[t] = pthread_create(&set->tid[t], NULL, parallel_share_run,
						 &set->sh[t]) == 0;
		if (!set->started[t])
			parallel_share_run(&set->sh[t]);
	}
}

void
parallel_run(void (*run)(void *job), void *jobs, size_t size, size_t n, size_t threads)
{
	struct parallel_set set;

	parallel_spawn(&set, run, jobs, size, n, threads, 1);
	parallel_share_run(&set.sh[0]);
	parallel_wait(&set);
}

void
parallel_start(struct parallel_set *set, void (*run)(void *job), void *jobs, size_t size,
	       size_t n, size_t threads)
{
	parallel_spawn(set, run, jobs, size, n, threads, 0);
}

void
parallel_wait(struct parallel_set *set)
{
	for (size_t t = 0; t < set->threads; t++) {
		if (set->started[t])
			pthread_join(set->tid[t], NULL);
	}
	set->threads = 0;
}
