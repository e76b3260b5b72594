/* A small string -> integer hash map with open addressing, for read-only
 * tables built on first use and for caches keyed by folded words. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/strmap.h"
#include "text/xalloc.h"

/* FNV-1a over a NUL-terminated string. */
static size_t
strmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of key, or the empty slot where it would go. */
static size_t
strmap_slot(const struct strmap *m, const char *key)
{
	size_t i = strmap_hash(key) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

bool
strmap_add(struct strmap *m, const char *key, int val)
{
	if (2 * (m->n + 1) > m->cap) {
		struct strmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = xcalloc(m->cap, sizeof *m->keys);
		m->vals = xcalloc(m->cap, sizeof *m->vals);
		for (size_t i = 0; i < old.cap; i++) {
			if (old.keys[i] == NULL)
				continue;
			size_t j = strmap_slot(m, old.keys[i]);
			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
		free(old.keys);
		free(old.vals);
	}
	size_t i = strmap_slot(m, key);
	if (m->keys[i] != NULL)
		return false;
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->n++;
	return true;
}

void
strmap_set(struct strmap *m, const char *key, int val)
{
	if (!strmap_add(m, key, val))
		m->vals[strmap_slot(m, key)] = val;
}

int
strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return -1;
	size_t i = strmap_slot(m, key);
	return m->keys[i] != NULL ? m->vals[i] : -1;
}

void
strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
