/* Offset maps between held text and source text: what lets a cell, a search
 * hit or an anchor name the exact source bytes it came from. */
#include <config.h>

#include <stdlib.h>

#include "text/offmap.h"
#include "text/xalloc.h"

void
offmap_add(struct offmap *m, size_t text, size_t src)
{
	if (m->n > 0) {
		struct offmap_point *last = &m->pts[m->n - 1];
		/* A point on the current line adds nothing. */
		if (text - last->text == src - last->src && text >= last->text &&
		    src >= last->src)
			return;
		if (last->text == text) {
			last->src = src;
			return;
		}
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->pts = xreallocarray(m->pts, m->cap, sizeof *m->pts);
	}
	m->pts[m->n].text = text;
	m->pts[m->n].src = src;
	m->n++;
}

/* Index of the last point whose key (text or src) is <= off, or -1. */
static long
offmap_find(const struct offmap *m, size_t off, int by_src)
{
	long lo = 0, hi = (long)m->n - 1, best = -1;

	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;
		size_t key = by_src ? m->pts[mid].src : m->pts[mid].text;
		if (key <= off) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return best;
}

/* Maps off from one side of the map to the other (by_src: source to text),
 * along the line of the last point at or before it, but never past the
 * next point. */
static size_t
offmap_map(const struct offmap *m, size_t off, int by_src)
{
	long i = offmap_find(m, off, by_src);

	if (i < 0)
		return off;
	const struct offmap_point *pt = &m->pts[i];
	size_t from = by_src ? pt->src : pt->text, to = by_src ? pt->text : pt->src;
	size_t r = to + (off - from);
	if ((size_t)i + 1 < m->n) {
		size_t next = by_src ? m->pts[i + 1].text : m->pts[i + 1].src;
		if (r > next)
			r = next;
	}
	return r;
}

size_t
offmap_to_src(const struct offmap *m, size_t text)
{
	return offmap_map(m, text, 0);
}

size_t
offmap_to_text(const struct offmap *m, size_t src)
{
	return offmap_map(m, src, 1);
}

void
offmap_free(struct offmap *m)
{
	free(m->pts);
	m->pts = NULL;
	m->n = m->cap = 0;
}
