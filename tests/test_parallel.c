/* The fan-out over threads: every job runs once, whatever the number of
 * threads asked for, and the calling thread takes part; jobs started
 * (parallel_start) run on threads of their own while the caller goes on. */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

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

/* Set by the caller once parallel_start has returned. */
static atomic_bool caller_on;

/* A job that waits (5 s at most) for the caller to go on after starting it. */
struct waiter {
	pthread_t by;
	bool saw;        /* the caller went on while the job ran */
};

static void
waiter_run(void *arg)
{
	struct waiter *w = arg;
	struct timespec tick = { 0, 1000000 };

	w->by = pthread_self();
	for (int i = 0; i < 5000 && !atomic_load(&caller_on); i++)
		nanosleep(&tick, NULL);
	w->saw = atomic_load(&caller_on);
}

/* Starts n jobs on threads threads and waits; true when each ran once. */
static bool
start_all(size_t n, size_t threads)
{
	struct job jobs[40] = { { 0 } };
	struct parallel_set set;
	bool good = true;

	parallel_start(&set, job_run, jobs, sizeof jobs[0], n, threads);
	parallel_wait(&set);
	for (size_t i = 0; i < n; i++)
		good = good && jobs[i].runs == 1 && jobs[i].sum == 500500 &&
		       !pthread_equal(jobs[i].by, pthread_self());
	for (size_t i = n; i < sizeof jobs / sizeof jobs[0]; i++)
		good = good && jobs[i].runs == 0;
	return good;
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
	ok(start_all(6, 2), "started: six jobs on two threads of their own, each once");
	ok(start_all(3, 8), "started: more threads than jobs");
	ok(start_all(0, 2), "started: no jobs");

	struct waiter w[2] = { { .saw = false } };
	struct parallel_set set;
	atomic_init(&caller_on, false);
	parallel_start(&set, waiter_run, w, sizeof w[0], 2, 2);
	atomic_store(&caller_on, true);
	parallel_wait(&set);
	ok(w[0].saw && w[1].saw, "the caller goes on while started jobs run");
	ok(!pthread_equal(w[0].by, pthread_self()) && !pthread_equal(w[1].by, pthread_self()),
	   "started jobs run off the calling thread");

	size_t t = parallel_threads(4);
	ok(t >= 1 && t <= 4, "parallel_threads(4) is between 1 and 4");
	is_long((long)parallel_threads(1), 1, "parallel_threads(1) is 1");
	ok(parallel_threads(1000) <= PARALLEL_MAX_THREADS, "parallel_threads is capped");
	return done_testing();
}
