/* Skeleton: one row per paragraph, logical order, until layout lands. */
#include <config.h>
#include <stdlib.h>
#include "qarin/layout.h"
#include "qarin/xalloc.h"

struct layout_para *
layout_text(const char *s, size_t len, size_t base, const struct layout_opts *o)
{
	struct layout_para *p = xcalloc(1, sizeof *p);
	p->chars = xmalloc((len + 1) * sizeof *p->chars);
	p->cells = xmalloc((len + 1) * sizeof *p->cells);
	for (size_t i = 0; i < len; i++) {
		p->chars[i] = (unsigned char)s[i];
		p->cells[i] = (struct cell){ (uint32_t)i, 1, 1, CELL_TEXT, base + i, 1 };
	}
	p->nchars = p->ncells = len;
	p->rows = xcalloc(1, sizeof *p->rows);
	p->rows[0].ncells = len;
	p->rows[0].width = (int)len;
	p->nrows = 1;
	p->width = o->width;
	p->dir = DIR_LTR;
	return p;
}

struct layout_para *
layout_block(const struct block *b, const struct layout_opts *o)
{
	return layout_text(b->text, b->len, b->text_off, o);
}

void
layout_para_free(struct layout_para *p)
{
	if (p == NULL)
		return;
	free(p->cells);
	free(p->chars);
	free(p->rows);
	free(p);
}

void
layout_row_to_utf8(const struct layout_para *p, size_t r, bool pad, struct strbuf *out)
{
	const struct layout_row *row = &p->rows[r];
	if (pad)
		for (int i = 0; i < row->indent; i++)
			strbuf_putc(out, ' ');
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &p->cells[row->first_cell + i];
		for (unsigned k = 0; k < c->nchars; k++)
			strbuf_put_utf8(out, p->chars[c->chars + k]);
	}
}
