/* Skeleton: no caching until the cache lands. */
#include <config.h>
#include <stdlib.h>
#include "qarin/layout.h"
#include "qarin/xalloc.h"

struct layout_cache {
	struct layout_para *last;
};

struct layout_cache *
layout_cache_new(size_t max_entries)
{
	(void)max_entries;
	return xcalloc(1, sizeof(struct layout_cache));
}

const struct layout_para *
layout_cache_get(struct layout_cache *c, const struct doc *doc, size_t bi,
		 const struct layout_opts *o)
{
	layout_para_free(c->last);
	c->last = layout_block(&doc->blocks[bi], o);
	return c->last;
}

void
layout_cache_clear(struct layout_cache *c)
{
	layout_para_free(c->last);
	c->last = NULL;
}

void
layout_cache_free(struct layout_cache *c)
{
	if (c == NULL)
		return;
	layout_cache_clear(c);
	free(c);
}
