/* Offset maps between held text and source text: what lets a cell, a search
 * hit or an anchor name the exact source bytes it came from. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "text/offmap.h"
#include "text/xalloc.h"

/* The run that point i belongs to. */
static size_t
offmap_run_of(const struct offmap *m, size_t i)
{
	size_t lo = 0, hi = m->nruns - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (m->runs[mid].first <= i)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

struct offmap_point
offmap_point_at(const struct offmap *m, size_t i)
{
	const struct offmap_run *r = &m->runs[offmap_run_of(m, i)];

	return (struct offmap_point){ r->text + m->pts[i].text, r->src + m->pts[i].src };
}

/* Adds a point at the end, in the last run when it is close enough. */
static void
offmap_push(struct offmap *m, size_t text, size_t src)
{
	const struct offmap_run *last = m->nruns > 0 ? &m->runs[m->nruns - 1] : NULL;

	if (last == NULL || text - last->text > UINT32_MAX || src < last->src ||
	    src - last->src > UINT32_MAX) {
		if (m->nruns == m->runcap) {
			m->runcap = m->runcap ? m->runcap * 2 : 4;
			m->runs = xreallocarray(m->runs, m->runcap, sizeof *m->runs);
		}
		m->runs[m->nruns++] = (struct offmap_run){ text, src, m->n };
		last = &m->runs[m->nruns - 1];
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->pts = xreallocarray(m->pts, m->cap, sizeof *m->pts);
	}
	m->pts[m->n].text = (uint32_t)(text - last->text);
	m->pts[m->n].src = (uint32_t)(src - last->src);
	m->n++;
}

void
offmap_add(struct offmap *m, size_t text, size_t src)
{
	if (m->n > 0) {
		struct offmap_point last = offmap_point_at(m, m->n - 1);
		/* A point on the current line adds nothing. */
		if (text - last.text == src - last.src && text >= last.text &&
		    src >= last.src)
			return;
		if (last.text == text) {
			/* The last point moves: taken out and put back. */
			m->n--;
			if (m->runs[m->nruns - 1].first == m->n)
				m->nruns--;
		}
	}
	offmap_push(m, text, src);
}

/* Index of the last point whose key (text or src) is <= off, or -1. */
static long
offmap_find(const struct offmap *m, size_t off, int by_src)
{
	size_t lo = 0, hi, r;

	if (m->n == 0)
		return -1;
	/* The last run that starts at or before off, then its last point. */
	hi = m->nruns;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t key = by_src ? m->runs[mid].src : m->runs[mid].text;
		if (key <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return -1;
	r = lo - 1;
	const struct offmap_run *run = &m->runs[r];
	size_t end = r + 1 < m->nruns ? m->runs[r + 1].first : m->n;
	size_t d = off - (by_src ? run->src : run->text);
	lo = run->first;
	hi = end;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t key = by_src ? m->pts[mid].src : m->pts[mid].text;
		if (key <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
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
	struct offmap_point pt = offmap_point_at(m, (size_t)i);
	size_t from = by_src ? pt.src : pt.text, to = by_src ? pt.text : pt.src;
	size_t r = to + (off - from);
	if ((size_t)i + 1 < m->n) {
		struct offmap_point nx = offmap_point_at(m, (size_t)i + 1);
		size_t next = by_src ? nx.text : nx.src;
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
offmap_clear(struct offmap *m)
{
	m->n = 0;
	m->nruns = 0;
}

void
offmap_fit(struct offmap *m)
{
	if (m->cap > m->n && m->n > 0) {
		m->pts = xreallocarray(m->pts, m->n, sizeof *m->pts);
		m->cap = m->n;
	}
	if (m->runcap > m->nruns && m->nruns > 0) {
		m->runs = xreallocarray(m->runs, m->nruns, sizeof *m->runs);
		m->runcap = m->nruns;
	}
}

void
offmap_free(struct offmap *m)
{
	free(m->pts);
	free(m->runs);
	m->pts = NULL;
	m->runs = NULL;
	m->n = m->cap = 0;
	m->nruns = m->runcap = 0;
}
