/* The bench programs' and the tests' pseudo-random numbers: xorshift64, a
 * fixed sequence on every platform, so that generated inputs, evaluation
 * pairs and random test cases are the same bytes everywhere. */
#ifndef QARIN_BENCH_XORSHIFT_H
#define QARIN_BENCH_XORSHIFT_H

#include <stdint.h>

/* The next number of the sequence held in *state (never 0). */
static inline uint64_t
xorshift_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

#endif
