/* The fan-out over threads: every job runs once, whatever the number of
 * threads asked for, and the calling thread takes part; a kept worker
 * runs each job handed to it once, on its own thread (on the caller's
 * when there is none). */
#include <config.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "text/lib.h"
#include "tap.h"

struct job {
	int runs;        /* how many times the job ran */
	pthread_t by;    /* the thread that ran it */
	long sum;        /* its own result */
};

/* Adds up 1..1000 into the job's own result. */
static void
job_run(void *arg)
{
	struct job *j = arg;

	j->runs++;
	j->by = pthread_self();
	for (long k = 1; k <= 1000; k++)
		j->sum += k;
}

/* Runs n jobs over threads threads; true when each ran once with the right sum. */
static bool
run_all(size_t n, size_t threads, bool *first_here)
{
	struct job jobs[40] = { { 0 } };
	bool good = true;

	parallel_run(job_run, jobs, sizeof jobs[0], n, threads);
	for (size_t i = 0; i < n; i++)
		good = good && jobs[i].runs == 1 && jobs[i].sum == 500500;
	for (size_t i = n; i < sizeof jobs / sizeof jobs[0]; i++)
		good = good && jobs[i].runs == 0;
	*first_here = n == 0 || pthread_equal(jobs[0].by, pthread_self());
	return good;
}

/* A job that says when it has begun. */
struct marked_job {
	struct job job;
	atomic_bool begun;
};

/* Runs a marked job. */
static void
marked_job_run(void *arg)
{
	struct marked_job *m = arg;

	atomic_store(&m->begun, true);
	job_run(&m->job);
}

/* Hands n jobs to w one after another, each waited for once it has begun
 * (a job not begun when waited for runs on the caller); true when each
 * ran once with the right sum, on another thread than the caller's when
 * elsewhere. */
static bool
worker_all(struct parallel_worker *w, size_t n, bool elsewhere)
{
	struct marked_job marked[8];
	struct job jobs[8] = { { 0 } };
	bool good = true;

	for (size_t i = 0; i < n; i++) {
		marked[i].job = jobs[i];
		atomic_init(&marked[i].begun, false);
		parallel_worker_start(w, marked_job_run, &marked[i]);
		while (!atomic_load(&marked[i].begun))
			sched_yield();
		parallel_worker_wait(w);
		jobs[i] = marked[i].job;
	}
	for (size_t i = 0; i < 8; i++) {
		good = good && jobs[i].runs == (i < n ? 1 : 0);
		if (i < n)
			good = good && jobs[i].sum == 500500 &&
			       pthread_equal(jobs[i].by, pthread_self()) == !elsewhere;
	}
	return good;
}

/* Runs n jobs on the calling thread and nw kept workers; true when each
 * ran once with the right sum, the first on the caller, and none on more
 * threads than nw + 1. */
static bool
kept_all(struct parallel_worker *const *w, size_t nw, size_t n)
{
	struct job jobs[12] = { { 0 } };
	pthread_t seen[12];
	size_t nseen = 0;
	bool good = true;

	parallel_run_kept(w, nw, job_run, jobs, sizeof jobs[0], n);
	for (size_t i = 0; i < 12; i++)
		good = good && jobs[i].runs == (i < n ? 1 : 0) && (i >= n || jobs[i].sum == 500500);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < nseen && !pthread_equal(seen[k], jobs[i].by))
			k++;
		if (k == nseen)
			seen[nseen++] = jobs[i].by;
	}
	return good && (n == 0 || pthread_equal(jobs[0].by, pthread_self())) && nseen <= nw + 1;
}

int
main(void)
{
	bool here;

	ok(run_all(4, 4, &here) && here, "four jobs on four threads, the first on the caller");
	ok(run_all(10, 3, &here) && here, "more jobs than threads: each runs once");
	ok(run_all(3, 8, &here) && here, "more threads than jobs");
	ok(run_all(1, 1, &here) && here, "one job on the calling thread");
	ok(run_all(0, 4, &here), "no jobs");
	ok(run_all(40, 40, &here) && here, "more threads than PARALLEL_MAX_THREADS: capped");
	size_t t = parallel_threads(4);
	ok(t >= 1 && t <= 4, "parallel_threads(4) is between 1 and 4");
	is_long((long)parallel_threads(1), 1, "parallel_threads(1) is 1");
	ok(parallel_threads(1000) <= PARALLEL_MAX_THREADS, "parallel_threads is capped");

	struct parallel_worker *w = parallel_worker_new();
	ok(parallel_threads(2) < 2 ? w == NULL : w != NULL,
	   "a worker is kept when there are two processors");
	ok(worker_all(w, 5, w != NULL), "a worker runs each job handed to it once, on its thread");
	/* A job handed over while the one before runs waits for it; one
	 * waited for at once runs once, on whichever thread begins it. */
	struct job a = { 0 }, b = { 0 }, c = { 0 };
	parallel_worker_start(w, job_run, &a);
	parallel_worker_start(w, job_run, &b);
	parallel_worker_wait(w);
	parallel_worker_start(w, job_run, &c);
	parallel_worker_free(w);
	ok(a.runs == 1 && b.runs == 1 && c.runs == 1 && c.sum == 500500,
	   "jobs handed over in a row, waited for at once, then freed");
	ok(worker_all(NULL, 3, false), "no worker: the jobs run on the calling thread");

	struct parallel_worker *kept[2] = { parallel_worker_new(), parallel_worker_new() };
	ok(kept_all(kept, 2, 12), "kept workers: twelve jobs on three threads at most");
	ok(kept_all(kept, 2, 2), "kept workers: fewer jobs than threads");
	ok(kept_all(kept, 2, 0), "kept workers: no jobs");
	ok(kept_all(kept, 2, 7), "kept workers: used again");
	/* Started, the caller going on, then finished: each job once. */
	struct job later[9] = { { 0 } };
	struct parallel_set set;
	parallel_set_start(&set, kept, 2, job_run, later, sizeof later[0], 9);
	long mine = 0;
	for (long k = 1; k <= 1000; k++)
		mine += k;
	parallel_set_finish(&set);
	bool each = mine == 500500;
	for (size_t i = 0; i < 9; i++)
		each = each && later[i].runs == 1 && later[i].sum == 500500;
	ok(each, "a set started on kept workers and finished: each job once");
	struct parallel_worker *none[2] = { NULL, NULL };
	ok(kept_all(none, 2, 5), "no workers kept: the jobs on the calling thread");
	parallel_worker_free(kept[0]);
	parallel_worker_free(kept[1]);
	parallel_worker_free(NULL);
	return done_testing();
}
