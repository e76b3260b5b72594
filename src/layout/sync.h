/* Synchronized scrolling: where, in another document, the position that
 * corresponds to a position in this one is. The mapping is pluggable: for
 * now by relative position within the article; alignment can replace it. */
#ifndef QARIN_SYNC_H
#define QARIN_SYNC_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/sync.h");

#include <stddef.h>

#include "model/lib.h"

struct sync_map {
	const char *name;
	/* Returns the doc->text offset in `to` that corresponds to `off` in `from`. */
	size_t (*map)(void *ctx, const struct doc *from, size_t off, const struct doc *to);
	void *ctx;
};

/* Same article index (clamped), same fraction of that article's bytes. */
size_t sync_by_position(void *ctx, const struct doc *from, size_t off,
			const struct doc *to);

/* The default mapping: sync_by_position. */
extern const struct sync_map sync_position_map;

#endif
