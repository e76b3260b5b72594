/* A bounded LRU cache of laid-out blocks, so that scrolling and redrawing
 * lay out each visible paragraph once per width: a small hash table on
 * (document, block, options) finds an entry in O(1), a list orders them.
 * It is bounded by entries and, optionally, by the bytes its layouts hold. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "layout/layout.h"
#include "text/lib.h"

#define NIL SIZE_MAX

struct cache_entry {
	const struct doc *doc; /* borrowed: only compared */
	size_t block;
	struct layout_opts opts;
	struct layout_para *para; /* owned; NULL when the entry is free */
	size_t bytes;             /* what para holds (see cache_para_bytes) */
	unsigned long frame;      /* the frame it was last asked for in */
	size_t hnext;             /* next entry in the same bucket, or in the free list */
	size_t prev, next;        /* LRU list: head is the most recent */
};

struct layout_cache {
	struct cache_entry *e; /* owned: max entries */
	size_t max, used;      /* used: entries ever taken, live or free */
	size_t live;           /* entries holding a layout */
	size_t free;           /* first free entry below used (chained by hnext) */
	size_t bytes;          /* held by the live entries' layouts */
	size_t budget;         /* bytes to stay under (SIZE_MAX: no bound)... */
	size_t floor;          /* ...but never by keeping fewer live entries, */
	unsigned long frame;   /* nor those asked for in this frame (0: no frames) */
	size_t *buckets;       /* owned: nbuckets heads */
	size_t nbuckets;       /* a power of two */
	size_t head, tail;
};

/* The bytes a layout holds: its cells, code points and rows (allocated
 * with it). A giant paragraph builds its cells on demand and keeps state of
 * its own; it is counted as if all its cells were built, so that it leaves
 * little of the budget to the layouts beside it. */
static size_t
cache_para_bytes(const struct layout_para *p)
{
	return sizeof *p + p->ncells * sizeof *p->cells + p->nchars * sizeof *p->chars +
	       p->nrows * sizeof *p->rows;
}

/* Mixes the key into a bucket index. */
static size_t
cache_hash(const struct layout_cache *c, const struct doc *doc, size_t bi,
	   const struct layout_opts *o)
{
	uint64_t h = (uint64_t)(uintptr_t)doc * 0x9E3779B97F4A7C15ULL;

	h ^= (uint64_t)bi + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
	h ^= ((uint64_t)(unsigned)o->width << 8 | (uint64_t)o->dir << 4 |
	      (uint64_t)o->shape << 3 | (uint64_t)o->translit) + (h << 6) + (h >> 2);
	h ^= (uint64_t)(unsigned)o->tabstop + (h << 6) + (h >> 2);
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	return (size_t)h & (c->nbuckets - 1);
}

/* True when entry x holds the key. */
static bool
cache_match(const struct cache_entry *x, const struct doc *doc, size_t bi,
	    const struct layout_opts *o)
{
	return x->para != NULL && x->doc == doc && x->block == bi &&
	       x->opts.width == o->width && x->opts.dir == o->dir &&
	       x->opts.shape == o->shape && x->opts.tabstop == o->tabstop &&
	       x->opts.lazy_min == o->lazy_min && x->opts.bidi_piece == o->bidi_piece &&
	       x->opts.split_min == o->split_min && x->opts.translit == o->translit;
}

struct layout_cache *
layout_cache_new(size_t max_entries)
{
	struct layout_cache *c = xcalloc(1, sizeof *c);

	c->max = max_entries ? max_entries : 1;
	c->budget = SIZE_MAX;
	c->floor = c->max;
	c->e = xcalloc(c->max, sizeof *c->e);
	c->nbuckets = 16;
	while (c->nbuckets < c->max * 2)
		c->nbuckets *= 2;
	c->buckets = xmalloc(c->nbuckets * sizeof *c->buckets);
	layout_cache_clear(c);
	return c;
}

/* Takes entry i out of the LRU list. */
static void
cache_unlink(struct layout_cache *c, size_t i)
{
	struct cache_entry *x = &c->e[i];

	if (x->prev != NIL)
		c->e[x->prev].next = x->next;
	else
		c->head = x->next;
	if (x->next != NIL)
		c->e[x->next].prev = x->prev;
	else
		c->tail = x->prev;
	x->prev = x->next = NIL;
}

/* Puts entry i at the head of the LRU list. */
static void
cache_push_front(struct layout_cache *c, size_t i)
{
	struct cache_entry *x = &c->e[i];

	x->prev = NIL;
	x->next = c->head;
	if (c->head != NIL)
		c->e[c->head].prev = i;
	c->head = i;
	if (c->tail == NIL)
		c->tail = i;
}

/* Removes entry i from its hash bucket. */
static void
cache_unhash(struct layout_cache *c, size_t i)
{
	struct cache_entry *x = &c->e[i];
	size_t *p = &c->buckets[cache_hash(c, x->doc, x->block, &x->opts)];

	while (*p != NIL && *p != i)
		p = &c->e[*p].hnext;
	if (*p == i)
		*p = x->hnext;
	x->hnext = NIL;
}

/* Whether the least recently used entry is to go for the byte budget: the
 * budget is passed, more than the floor remain, and it was not asked for
 * in the current frame. The entries of the current frame are the most
 * recent ones: when the tail is one of them, so is every entry. */
static bool
cache_over_budget(const struct layout_cache *c)
{
	return c->bytes > c->budget && c->live > c->floor &&
	       (c->frame == 0 || c->e[c->tail].frame != c->frame);
}

/* Frees the least recently used entry and puts it on the free list. */
static void
cache_evict_tail(struct layout_cache *c)
{
	size_t i = c->tail;
	struct cache_entry *x = &c->e[i];

	cache_unhash(c, i);
	cache_unlink(c, i);
	layout_para_free(x->para);
	x->para = NULL;
	c->bytes -= x->bytes;
	x->bytes = 0;
	c->live--;
	x->hnext = c->free;
	c->free = i;
}

void
layout_cache_set_budget(struct layout_cache *c, size_t bytes, size_t min_entries)
{
	c->budget = bytes;
	c->floor = min_entries < 1 ? 1 : min_entries > c->max ? c->max : min_entries;
	while (cache_over_budget(c))
		cache_evict_tail(c);
}

void
layout_cache_frame(struct layout_cache *c)
{
	c->frame++;
	if (c->frame == 0)
		c->frame = 1; /* 0 stays "no frames"; an entry this old is long evicted */
}

const struct layout_para *
layout_cache_get(struct layout_cache *c, const struct doc *doc, size_t bi,
		 const struct layout_opts *o)
{
	size_t h = cache_hash(c, doc, bi, o);
	size_t i;

	for (i = c->buckets[h]; i != NIL; i = c->e[i].hnext)
		if (cache_match(&c->e[i], doc, bi, o)) {
			c->e[i].frame = c->frame;
			cache_unlink(c, i);
			cache_push_front(c, i);
			return c->e[i].para;
		}
	if (c->live == c->max)
		cache_evict_tail(c);
	if (c->free != NIL) {
		i = c->free;
		c->free = c->e[i].hnext;
	} else {
		i = c->used++;
	}
	struct cache_entry *x = &c->e[i];
	x->doc = doc;
	x->block = bi;
	x->opts = *o;
	x->para = layout_block(&doc->blocks[bi], o);
	x->bytes = cache_para_bytes(x->para);
	x->frame = c->frame;
	x->hnext = c->buckets[h];
	c->buckets[h] = i;
	cache_push_front(c, i);
	c->live++;
	c->bytes += x->bytes;
	/* The new entry is the most recent: it is never the one to go. */
	while (cache_over_budget(c))
		cache_evict_tail(c);
	return x->para;
}

void
layout_cache_clear(struct layout_cache *c)
{
	for (size_t i = 0; i < c->used; i++) {
		layout_para_free(c->e[i].para);
		c->e[i].para = NULL;
	}
	for (size_t b = 0; b < c->nbuckets; b++)
		c->buckets[b] = NIL;
	c->used = c->live = c->bytes = 0;
	c->free = NIL;
	c->head = c->tail = NIL;
}

void
layout_cache_free(struct layout_cache *c)
{
	if (c == NULL)
		return;
	layout_cache_clear(c);
	free(c->buckets);
	free(c->e);
	free(c);
}

size_t
layout_cache_bytes(const struct layout_cache *c)
{
	return c->bytes;
}

size_t
layout_cache_count(const struct layout_cache *c)
{
	return c->live;
}
