/* Per-block filling of the code point tables of the layers above (the
 * layout's character facts and line break classes, decoding's NFC tables). */
#include <config.h>

#include "text/blocktab.h"

void
blocktab_fill(struct blocktab *t, uint32_t c)
{
	unsigned b = (c & 0xFFFF) >> BLOCKTAB_SHIFT;

	pthread_mutex_lock(&t->lock);
	if (!atomic_load_explicit(&t->ready[b], memory_order_relaxed)) {
		t->fill(b << BLOCKTAB_SHIFT, (b + 1) << BLOCKTAB_SHIFT);
		atomic_store_explicit(&t->ready[b], true, memory_order_release);
	}
	pthread_mutex_unlock(&t->lock);
}
