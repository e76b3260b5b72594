/* The clocks the bench programs time with: wall-clock seconds on the
 * monotonic clock, and the processor time of the process, so that a figure
 * taken on a busy machine can be told apart. */
#ifndef QARIN_BENCH_CLOCK_H
#define QARIN_BENCH_CLOCK_H

#include <time.h>

/* Seconds on the monotonic clock. */
static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of processor time used by the process. */
static inline double
cpu_s(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

#endif
