/* Tables of per-code-point facts over the BMP, filled one block of 128 code
 * points at a time on first use: a run that reads English pays for the
 * blocks of English, not for 65,536 look-ups in ICU, fribidi or
 * libunistring at every start. */
#ifndef QARIN_BLOCKTAB_H
#define QARIN_BLOCKTAB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/blocktab.h");

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* Blocks of 128 code points: ASCII is a block of its own. */
#define BLOCKTAB_SHIFT 7

/* The blocks of a table filled so far. The table itself is the owner's
 * (static arrays next to the code that reads them); fill writes the
 * entries of code points [lo, hi) and runs once per block, under lock, so
 * it may also keep state of its own. */
struct blocktab {
	void (*fill)(uint32_t lo, uint32_t hi);
	pthread_mutex_t lock;
	atomic_bool ready[0x10000 >> BLOCKTAB_SHIFT];
};

#define BLOCKTAB_INIT(fill) { (fill), PTHREAD_MUTEX_INITIALIZER, { false } }

/* Fills the block of c (c < 0x10000) unless another thread did first. */
void blocktab_fill(struct blocktab *t, uint32_t c);

/* Makes the entries of the block of c (c < 0x10000) readable: what fill
 * wrote is seen by the thread that calls this. */
static inline void
blocktab_need(struct blocktab *t, uint32_t c)
{
	if (!atomic_load_explicit(&t->ready[(c & 0xFFFF) >> BLOCKTAB_SHIFT], memory_order_acquire))
		blocktab_fill(t, c);
}

#endif
