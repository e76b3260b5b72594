/* The terminal-free renderer behind `qarin --dump`: lays out each block at
 * the output width and prints its rows in visual order, right-aligning
 * right-to-left rows; several documents can stand side by side as columns.
 * Documents are streamed block by block, never laid out whole; rows go
 * out through the escaper, so nothing the layout let by reaches a terminal. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli/dump.h"
#include "text/lib.h"

#define DUMP_COLUMN_SEP " \xe2\x94\x82 " /* " │ " */
#define DUMP_SEP_WIDTH 3

/* A cursor that yields the rows of one document one at a time. */
struct row_stream {
	const struct doc *doc;
	struct layout_opts lo;
	size_t block;              /* next block to lay out */
	struct layout_para *para;  /* owned: the block being printed */
	size_t row;                /* next row of para */
	bool gap;                  /* a blank line is due before the next block */
};

/* Produces the next row into out (display width in *width); false at end. */
static bool
row_stream_next(struct row_stream *s, struct strbuf *out, int *width)
{
	strbuf_reset(out);
	*width = 0;
	while (s->para == NULL || s->row >= s->para->nrows) {
		layout_para_free(s->para);
		s->para = NULL;
		if (s->block >= s->doc->nblocks)
			return false;
		if (s->gap) {
			s->gap = false;
			return true; /* the blank line between blocks */
		}
		s->para = layout_block(&s->doc->blocks[s->block++], &s->lo);
		s->row = 0;
		s->gap = true;
	}
	const struct layout_row *r = &s->para->rows[s->row];
	layout_row_to_utf8(s->para, s->row, true, out);
	*width = r->indent + r->width;
	s->row++;
	return true;
}

static void
row_stream_done(struct row_stream *s)
{
	layout_para_free(s->para);
	s->para = NULL;
}

/* Prints one document at the full width. */
static void
dump_one(FILE *out, const struct doc *doc, const struct layout_opts *lo)
{
	struct row_stream s = { .doc = doc, .lo = *lo };
	struct strbuf line = STRBUF_INIT;
	int w;

	while (row_stream_next(&s, &line, &w)) {
		if (line.len > 0)
			escape_write(out, ESCAPE_TEXT, line.data, line.len);
		putc('\n', out);
	}
	row_stream_done(&s);
	strbuf_free(&line);
}

/* Prints the documents as columns until every one has run out of rows. */
static void
dump_columns(FILE *out, struct doc *const *docs, size_t n,
	     const struct layout_opts *lo)
{
	int colw = (lo->width - DUMP_SEP_WIDTH * (int)(n - 1)) / (int)n;
	struct row_stream *s = xcalloc(n, sizeof *s);
	struct strbuf cell = STRBUF_INIT, line = STRBUF_INIT;
	bool *done = xcalloc(n, sizeof *done);
	size_t live = n;

	if (colw < 1)
		colw = 1;
	for (size_t i = 0; i < n; i++) {
		s[i].doc = docs[i];
		s[i].lo = *lo;
		s[i].lo.width = colw;
	}
	while (live > 0) {
		strbuf_reset(&line);
		size_t pending = 0; /* spaces owed before the next column's text */
		for (size_t i = 0; i < n; i++) {
			int w = 0;
			if (i > 0) {
				for (; pending > 0; pending--)
					strbuf_putc(&line, ' ');
				strbuf_puts(&line, DUMP_COLUMN_SEP);
			}
			if (!done[i] && !row_stream_next(&s[i], &cell, &w)) {
				done[i] = true;
				live--;
			}
			if (!done[i])
				strbuf_append(&line, cell.data ? cell.data : "", cell.len);
			pending = w < colw ? (size_t)(colw - w) : 0;
		}
		if (live == 0)
			break;
		/* Drop the separator's trailing space when the last column is empty. */
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.len--;
		escape_write(out, ESCAPE_TEXT, line.data, line.len);
		putc('\n', out);
	}
	for (size_t i = 0; i < n; i++)
		row_stream_done(&s[i]);
	free(s);
	free(done);
	strbuf_free(&cell);
	strbuf_free(&line);
}

int
dump_docs(FILE *out, struct doc *const *docs, size_t ndocs,
	  const struct dump_opts *o)
{
	if (o->side_by_side && ndocs > 1) {
		dump_columns(out, docs, ndocs, &o->layout);
	} else {
		for (size_t i = 0; i < ndocs; i++) {
			if (i > 0)
				putc('\n', out);
			dump_one(out, docs[i], &o->layout);
		}
	}
	fflush(out);
	return ferror(out) ? -1 : 0;
}
