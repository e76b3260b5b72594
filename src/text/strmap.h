/* A small string -> integer hash map; keys are copied and owned by the
 * map. A zeroed struct strmap is an empty map. */
#ifndef QARIN_STRMAP_H
#define QARIN_STRMAP_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/strmap.h");

#include <stdbool.h>
#include <stddef.h>

struct strmap {
	char **keys; /* owned, with the strings; NULL for an empty slot */
	int *vals;
	size_t n, cap; /* cap: 0 or a power of two */
};

#define STRMAP_INIT { NULL, NULL, 0, 0 }

/* Adds key unless present; returns true when added. */
bool strmap_add(struct strmap *m, const char *key, int val);
/* Sets the value of key, adding it when absent. */
void strmap_set(struct strmap *m, const char *key, int val);
/* The value of key, or -1. */
int strmap_get(const struct strmap *m, const char *key);
/* Frees the keys and tables; the map is empty again. */
void strmap_free(struct strmap *m);

#endif
