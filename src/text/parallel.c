/* Fanning independent jobs out over threads (pthreads): ingest's UTF-8
 * check, line classification and block labelling of large documents; and
 * kept threads for the search's read-ahead, --dump's batches and the rows
 * of a giant paragraph. */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "text/parallel.h"
#include "text/xalloc.h"

/* Runs the jobs the set has not handed out yet, one at a time, until none
 * is left: each thread that runs this takes the next, so a thread that
 * is slower, or starts later, takes fewer. */
static void
parallel_pull(struct parallel_set *set)
{
	for (;;) {
		size_t i = atomic_fetch_add(&set->next, 1);
		if (i >= set->n)
			break;
		set->run(set->jobs + i * set->size);
	}
}

static void *
parallel_pull_thread(void *arg)
{
	parallel_pull(arg);
	return NULL;
}

static void
parallel_pull_job(void *arg)
{
	parallel_pull(arg);
}

/* Readies set to hand out the n jobs of jobs (each size bytes). */
static void
parallel_set_init(struct parallel_set *set, void (*run)(void *job), void *jobs, size_t size,
		  size_t n)
{
	set->run = run;
	set->jobs = jobs;
	set->size = size;
	set->n = n;
	atomic_init(&set->next, 0);
	set->nw = 0;
}

size_t
parallel_threads(size_t max)
{
	/* Asked once: sysconf reads a file each time. */
	static atomic_long online;
	long cpus = atomic_load_explicit(&online, memory_order_relaxed);

	if (cpus == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		atomic_store_explicit(&online, cpus < 1 ? -1 : cpus, memory_order_relaxed);
	}

	if (max > PARALLEL_MAX_THREADS)
		max = PARALLEL_MAX_THREADS;
	if (cpus < 1)
		return 1;
	return (size_t)cpus > max ? (max > 0 ? max : 1) : (size_t)cpus;
}

void
parallel_run(void (*run)(void *job), void *jobs, size_t size, size_t n, size_t threads)
{
	struct parallel_set set;
	pthread_t tid[PARALLEL_MAX_THREADS];
	bool started[PARALLEL_MAX_THREADS] = { false };

	if (threads > n)
		threads = n;
	if (threads > PARALLEL_MAX_THREADS)
		threads = PARALLEL_MAX_THREADS;
	parallel_set_init(&set, run, jobs, size, n);
	/* The first job is the caller's, whatever the threads. */
	atomic_store(&set.next, 1);
	for (size_t t = 1; t < threads; t++)
		started[t] = pthread_create(&tid[t], NULL, parallel_pull_thread, &set) == 0;
	if (n > 0)
		run(jobs);
	parallel_pull(&set);
	for (size_t t = 1; t < threads; t++)
		if (started[t])
			pthread_join(tid[t], NULL);
}

struct parallel_worker {
	pthread_t tid;
	bool started;         /* the thread runs: started with the first job */
	bool failed;          /* it could not be started: jobs run on the caller */
	pthread_mutex_t lock;
	pthread_cond_t cond;  /* busy or quit changed */
	void (*run)(void *job);
	void *job;            /* borrowed: the job handed over */
	bool busy;            /* a job is handed over and not done */
	bool taken;           /* that job was begun, by either thread */
	bool quit;            /* the thread is to end once not busy */
};

/* Runs the job handed over, not begun yet, on the calling thread; with
 * w->lock held, which it lets go meanwhile. */
static void
parallel_worker_take(struct parallel_worker *w)
{
	w->taken = true;
	pthread_mutex_unlock(&w->lock);
	w->run(w->job);
	pthread_mutex_lock(&w->lock);
	w->busy = false;
	pthread_cond_broadcast(&w->cond);
}

/* The kept thread: runs each job handed over, until told to end. */
static void *
parallel_worker_main(void *arg)
{
	struct parallel_worker *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!(w->busy && !w->taken) && !w->quit)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!(w->busy && !w->taken))
			break;
		parallel_worker_take(w);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct parallel_worker *
parallel_worker_new(void)
{
	if (parallel_threads(2) < 2)
		return NULL;
	struct parallel_worker *w = xcalloc(1, sizeof *w);
	if (pthread_mutex_init(&w->lock, NULL) != 0) {
		free(w);
		return NULL;
	}
	if (pthread_cond_init(&w->cond, NULL) != 0) {
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void
parallel_worker_start(struct parallel_worker *w, void (*run)(void *job), void *job)
{
	if (w == NULL) {
		run(job);
		return;
	}
	/* The thread starts with its first job: a small file laid out in
	 * one part never pays for one. */
	if (!w->started && !w->failed) {
		w->started = pthread_create(&w->tid, NULL, parallel_worker_main, w) == 0;
		w->failed = !w->started;
	}
	if (!w->started) {
		run(job);
		return;
	}
	parallel_worker_wait(w);
	pthread_mutex_lock(&w->lock);
	w->run = run;
	w->job = job;
	w->busy = true;
	w->taken = false;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void
parallel_worker_wait(struct parallel_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	/* A job the thread has not begun (it was not given a processor) is
	 * run here rather than waited for. */
	if (w->busy && !w->taken)
		parallel_worker_take(w);
	while (w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

void
parallel_worker_free(struct parallel_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	w->quit = true;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (w->started)
		pthread_join(w->tid, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* Hands the set's jobs from the first one not taken to the workers w. */
static void
parallel_set_hand(struct parallel_set *set, struct parallel_worker *const *w, size_t nw)
{
	size_t left = set->n - atomic_load(&set->next);

	set->w = w;
	set->nw = nw < left ? nw : left;
	for (size_t t = 0; t < set->nw; t++)
		parallel_worker_start(w[t], parallel_pull_job, set);
}

void
parallel_set_start(struct parallel_set *set, struct parallel_worker *const *w, size_t nw,
		   void (*run)(void *job), void *jobs, size_t size, size_t n)
{
	parallel_set_init(set, run, jobs, size, n);
	parallel_set_hand(set, w, nw);
}

void
parallel_set_finish(struct parallel_set *set)
{
	parallel_pull(set);
	for (size_t t = 0; t < set->nw; t++)
		parallel_worker_wait(set->w[t]);
	set->nw = 0;
}

void
parallel_run_kept(struct parallel_worker *const *w, size_t nw, void (*run)(void *job), void *jobs,
		  size_t size, size_t n)
{
	struct parallel_set set;

	parallel_set_init(&set, run, jobs, size, n);
	if (n == 0)
		return;
	/* The first job is the caller's, whatever the workers. */
	atomic_store(&set.next, 1);
	parallel_set_hand(&set, w, nw);
	run(jobs);
	parallel_set_finish(&set);
}
