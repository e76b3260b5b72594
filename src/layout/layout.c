/* The line layout's entry points: a block or a string becomes a paragraph
 * of rows, laid out whole, or for a giant paragraph streamed or kept to
 * build its rows when asked for (the strategies of layout_int.h); and the
 * rows as UTF-8 for the printers. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_int.h"
#include "layout/layout.h"
#include "text/lib.h"

/* Lays out s with the strategy its size calls for: streamed when giant
 * (unless its markup isolates or overrides, resolved over the whole), else
 * decoded whole and then laid out whole or, when still giant, kept to
 * build its rows when asked for. Cell offsets are base + offsets in s. */
static struct layout_para *
layout_paragraph(const char *s, size_t len, size_t base, const struct layout_opts *o,
		 enum text_dir fallback, const struct span *spans, size_t nspans)
{
	_Alignas(16) char stack[32768];
	struct layout_ctx lc = { .base = base, .o = o, .width = o->width < 1 ? 1 : o->width,
		.tabstop = o->tabstop ? o->tabstop : 8, .shape = o->shape, .fallback = fallback,
		.spans = spans, .nspans = nspans };
	struct layout_para *p = NULL;

	/* A newline that ends the paragraph separates it from the next one: it
	 * is not shown (newlines inside it are spaces). */
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	lc.s = s;
	lc.len = len;
	/* Size the scratch by code points (lead bytes), by bytes if that was short. */
	size_t cap = utf8_count(s, len);
	size_t lazy_min = o->lazy_min ? o->lazy_min : LAYOUT_LAZY_MIN;
	bool marked = false; /* isolates or overrides: resolved over the whole paragraph */
	for (size_t k = 0; k < nspans && !marked; k++)
		marked = spans[k].style >= SPAN_ISOLATE && spans[k].style <= SPAN_OVERRIDE_RTL;
	if (cap > lazy_min && cap < UINT32_MAX && !marked)
		p = layout_stream(&lc);
	if (p == NULL) {
		layout_prepare(&lc, cap, stack, sizeof stack);
		p = lc.n > lazy_min && lc.n < UINT32_MAX ? layout_rows_lazy(&lc) : layout_whole(&lc);
		layout_ctx_free(&lc);
	}
	if (p->lazy != NULL)
		layout_lazy_set_source(p->lazy, NULL, spans, nspans);
	return p;
}

struct layout_para *
layout_text(const char *s, size_t len, size_t base, const struct layout_opts *o)
{
	return layout_paragraph(s, len, base, o, DIR_LTR, NULL, 0);
}

/* Lays out a block's text at the width its marks leave, in the direction
 * its markup gave (unless the options force one), then adds the marks. */
struct layout_para *
layout_block(const struct block *b, const struct layout_opts *o)
{
	struct layout_opts lo = *o;
	struct layout_mark mark;
	int lead = layout_mark_plan(b, o->width < 1 ? 1 : o->width, &mark);
	struct layout_para *p;

	if (o->translit != LAYOUT_TRANSLIT_OFF)
		return layout_translit_block(b, o);
	if (b->dir_set && lo.dir == DIR_AUTO)
		lo.dir = (enum text_dir)b->dir;
	lo.width = (o->width < 1 ? 1 : o->width) - lead;
	if (b->map == NULL) {
		p = layout_paragraph(b->text, b->len, b->text_off, &lo, b->dir, b->spans, b->nspans);
		return lead > 0 ? layout_mark_apply(p, &mark, o->width) : p;
	}
	p = layout_paragraph(b->text, b->len, 0, &lo, b->dir, b->spans, b->nspans);
	if (p->lazy != NULL)
		layout_lazy_set_source(p->lazy, b, b->spans, b->nspans); /* cells are mapped when built */
	for (size_t i = 0; i < p->ncells && p->lazy == NULL; i++) {
		struct cell *c = &p->cells[i];
		size_t start = block_doc_offset(b, c->src);
		size_t end = block_doc_offset(b, c->src + c->src_len);
		c->src = start;
		c->src_len = (uint32_t)(end > start ? end - start : 0);
	}
	for (size_t r = 0; r < p->nrows; r++) {
		struct layout_row *row = &p->rows[r];
		size_t start = block_doc_offset(b, row->src_start);
		size_t end = block_doc_offset(b, row->src_end);
		row->src_start = start;
		row->src_end = end > start ? end : start;
	}
	return lead > 0 ? layout_mark_apply(p, &mark, o->width) : p;
}

void
layout_para_free(struct layout_para *p)
{
	if (p == NULL)
		return;
	if (p->lazy != NULL)
		layout_lazy_free(p->lazy);
	free(p); /* rows, cells and code points share its allocation */
}

void
layout_line_visual(const char *s, size_t len, const struct layout_opts *o, struct strbuf *out)
{
	struct layout_opts lo = *o;
	size_t chars = 0, per = lo.tabstop > 2 ? (size_t)lo.tabstop : 8;

	chars = utf8_count(s, len);
	/* Wide enough for every character at its widest: one row, unwrapped. */
	lo.width = chars < (size_t)(INT_MAX / 2) / per ? (int)(chars * per) + 1 : INT_MAX / 2;
	struct layout_para *p = layout_text(s, len, 0, &lo);
	for (size_t r = 0; r < p->nrows; r++) {
		if (r > 0)
			strbuf_putc(out, ' ');
		layout_row_to_utf8(p, r, false, out);
	}
	layout_para_free(p);
}
