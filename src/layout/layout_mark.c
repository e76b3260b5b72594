/* The layout's marks around a block's text: the number or bullet of a list
 * item, the indentation of nested lists and the bar of a quote. They are
 * cells of the rows, never text of the block: search and offsets see only
 * what the document says. Laid out on the paragraph's start side, so a
 * right-to-left item has its number on the right. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"
#include "text/lib.h"

#define MARK_FIELD 4        /* columns of an item's marker field (" 1. ", "  • ") */
#define MARK_NEST 4         /* columns each further list level is indented */
#define MARK_BAR 0x2502     /* BOX DRAWINGS LIGHT VERTICAL: a quote's bar */

/* Bullets by list depth, as w3m and browsers cycle them. */
static const uint32_t mark_bullets[] = { 0x2022, 0x25E6, 0x25AA }; /* • ◦ ▪ */

/* Whether a block of this kind shows the quotes it is in. */
static bool
mark_kind_quoted(enum block_kind kind)
{
	return kind == BLOCK_PARAGRAPH || kind == BLOCK_ITEM || kind == BLOCK_QUOTE ||
	       kind == BLOCK_CODE || kind == BLOCK_HEADING;
}

int
layout_mark_plan(const struct block *b, int width, struct layout_mark *m)
{
	memset(m, 0, sizeof *m);
	if (b->quote > 0 && mark_kind_quoted(b->kind))
		m->bars = b->quote;
	unsigned depth = b->kind == BLOCK_ITEM || (b->kind == BLOCK_PARAGRAPH && b->level > 0)
			 ? b->level : 0;
	if (depth > 0) {
		m->indent = (int)(depth - 1) * MARK_NEST;
		m->field = MARK_FIELD;
	}
	if (depth > 0 && b->kind == BLOCK_ITEM && b->marker == MARKER_NUMBER) {
		char num[16];
		int k = snprintf(num, sizeof num, "%d.", (int)b->ordinal);
		for (int i = 0; i < k; i++)
			m->marker[m->nmarker++] = (uint32_t)num[i];
	} else if (depth > 0 && b->kind == BLOCK_ITEM && b->marker == MARKER_BULLET) {
		m->marker[m->nmarker++] = mark_bullets[(depth - 1) % 3];
	}
	if (m->nmarker > 0 && (int)m->nmarker + 1 > m->field)
		m->field = (int)m->nmarker + 1;
	/* Leave the text at least half the width: deep nesting gives up its
	 * indentation first, then its bars, then the marks altogether. */
	while (2 * (m->bars * 2 + m->indent + m->field) > width && (m->indent > 0 || m->bars > 0)) {
		if (m->indent > 0)
			m->indent -= m->indent < MARK_NEST ? m->indent : MARK_NEST;
		else
			m->bars--;
	}
	m->lead = m->bars * 2 + m->indent + m->field;
	if (m->lead >= width)
		memset(m, 0, sizeof *m);
	return m->lead;
}

/* Appends one mark cell showing c to the row being built. */
static void
mark_cell(struct cell *cells, size_t *nc, uint32_t *chars, size_t *nch, uint32_t c,
	  size_t src)
{
	chars[*nch] = c;
	cells[(*nc)++] = (struct cell){ .chars = (uint32_t)*nch, .nchars = 1, .src = src,
		.src_len = 0, .width = 1, .role = CELL_MARK };
	(*nch)++;
}

/* From the start side inwards: the bars, the indentation and the marker
 * field; the start side is the right for a right-to-left paragraph, where
 * the field reads " .1" (marker_vis is already in visual order). */
int
layout_mark_row(const struct layout_mark *m, const uint32_t *marker_vis, bool rtl, size_t r,
	 uint32_t *out)
{
	int n = 0, pad = m->field - (int)m->nmarker - 1;

	if (rtl) {
		if (m->field > 0)
			out[n++] = ' ';
		for (size_t i = 0; i < m->nmarker; i++)
			out[n++] = r == 0 ? marker_vis[i] : ' ';
		for (int i = 0; i < pad + m->indent; i++)
			out[n++] = ' ';
		for (int i = 0; i < m->bars; i++) {
			out[n++] = ' ';
			out[n++] = MARK_BAR;
		}
		return n;
	}
	for (int i = 0; i < m->bars; i++) {
		out[n++] = MARK_BAR;
		out[n++] = ' ';
	}
	for (int i = 0; i < m->indent + pad; i++)
		out[n++] = ' ';
	for (size_t i = 0; i < m->nmarker; i++)
		out[n++] = r == 0 ? marker_vis[i] : ' ';
	if (m->field > 0)
		out[n++] = ' ';
	return n;
}

struct layout_para *
layout_mark_apply(struct layout_para *p, const struct layout_mark *m, int width)
{
	bool rtl = p->dir == DIR_RTL;

	/* The marker as the paragraph's direction shows it ("1." reads ".1"
	 * right to left): laid out as text of that direction. */
	uint32_t marker_vis[LAYOUT_MARK_MAX];
	size_t nvis = 0;
	if (m->nmarker > 0) {
		struct strbuf s = STRBUF_INIT;
		for (size_t i = 0; i < m->nmarker; i++)
			strbuf_put_utf8(&s, m->marker[i]);
		struct layout_opts o = { .width = LAYOUT_MARK_MAX, .dir = p->dir, .tabstop = 8,
			.lazy_min = SIZE_MAX };
		struct layout_para *mp = layout_text(s.data, s.len, 0, &o);
		strbuf_free(&s);
		const uint32_t *mch;
		const struct cell *mc = mp->nrows > 0 ? layout_row_cells(mp, 0, &mch) : NULL;
		for (size_t i = 0; mc != NULL && i < mp->rows[0].ncells && nvis < m->nmarker; i++)
			marker_vis[nvis++] = mch[mc[i].chars];
		layout_para_free(mp);
	}
	if (p->lazy != NULL) {
		/* A giant paragraph builds its cells when asked: each row gets
		 * its marks then; its rows say now how wide they will be. */
		struct layout_mark mm = *m;
		mm.nmarker = nvis;
		for (size_t r = 0; r < p->nrows; r++) {
			struct layout_row *row = &p->rows[r];
			row->ncells += (size_t)m->lead;
			row->width += m->lead;
			row->indent = rtl && width > row->width ? width - row->width : 0;
		}
		layout_lazy_set_mark(p->lazy, &mm, marker_vis, rtl);
		p->ncells += p->nrows * (size_t)m->lead;
		p->width = width;
		return p;
	}
	struct layout_mark mm = *m;
	mm.nmarker = nvis;

	size_t extra = p->nrows * (size_t)m->lead;
	size_t ncells = p->ncells + extra, nchars = p->nchars + extra;
	size_t cells_at = (sizeof(struct layout_para) + 15) / 16 * 16;
	size_t chars_at = cells_at + ncells * sizeof(struct cell);
	size_t rows_at = (chars_at + nchars * sizeof(uint32_t) + 15) / 16 * 16;
	char *mem = xmalloc(rows_at + p->nrows * sizeof(struct layout_row));
	struct layout_para *q = (struct layout_para *)mem;

	*q = *p;
	q->cells = (struct cell *)(mem + cells_at);
	q->chars = (uint32_t *)(mem + chars_at);
	q->rows = (struct layout_row *)(mem + rows_at);
	q->width = width;
	memcpy(q->chars, p->chars, p->nchars * sizeof(uint32_t));
	size_t nc = 0, nch = p->nchars;
	uint32_t *deco = xmalloc(((size_t)m->lead + 1) * sizeof *deco);
	for (size_t r = 0; r < p->nrows; r++) {
		const struct layout_row *row = &p->rows[r];
		const uint32_t *pchars;
		const struct cell *cells = layout_row_cells(p, r, &pchars);
		int nd = layout_mark_row(&mm, marker_vis, rtl, r, deco);
		struct layout_row *nr = &q->rows[r];
		*nr = *row;
		nr->first_cell = nc;
		nr->width = row->width + nd;
		nr->indent = rtl ? width - nr->width : 0;
		if (nr->indent < 0)
			nr->indent = 0;
		if (!rtl)
			for (int i = 0; i < nd; i++)
				mark_cell(q->cells, &nc, q->chars, &nch, deco[i], row->src_start);
		memcpy(q->cells + nc, cells, row->ncells * sizeof *cells);
		nc += row->ncells;
		if (rtl)
			for (int i = 0; i < nd; i++)
				mark_cell(q->cells, &nc, q->chars, &nch, deco[i], row->src_start);
		nr->ncells = nc - nr->first_cell;
	}
	free(deco);
	q->ncells = nc;
	q->nchars = nch;
	layout_para_free(p);
	return q;
}
