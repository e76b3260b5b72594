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

size_t
offmap_to_src(const struct offmap *m, size_t text)
{
	long i = offmap_find(m, text, 0);

	if (i < 0)
		return text;
	size_t r = m->pts[i].src + (text - m->pts[i].text);
	if ((size_t)i + 1 < m->n && r > m->pts[i + 1].src)
		r = m->pts[i + 1].src;
	return r;
}

size_t
offmap_to_text(const struct offmap *m, size_t src)
{
	long i = offmap_find(m, src, 1);

	if (i < 0)
		return src;
	size_t r = m->pts[i].text + (src - m->pts[i].src);
	if ((size_t)i + 1 < m->n && r > m->pts[i + 1].text)
		r = m->pts[i + 1].text;
	return r;
}

void
offmap_free(struct offmap *m)
{
	free(m->pts);
	m->pts = NULL;
	m->n = m->cap = 0;
}
