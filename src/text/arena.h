/* A chunked allocator whose pointers never move: the document keeps derived
 * block texts and offset maps here and frees them all at once. */
#ifndef QARIN_ARENA_H
#define QARIN_ARENA_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/arena.h");

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* owned list of chunks */
	size_t used;              /* bytes handed out, for memory figures */
};

#define ARENA_INIT { NULL, 0 }

/* Returns size bytes aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
