/* A viewport over one laid-out document: which rows of which blocks are on
 * screen, anchored to a source offset so that it survives relayout (resize,
 * direction or shaping changes). Only the blocks it shows are laid out:
 * scrolling, paging and jumping to the end cost what is visible, never the
 * whole document. No curses here: the reader draws what it returns. */
#ifndef QARIN_VIEW_H
#define QARIN_VIEW_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/view.h");

#include <stdbool.h>
#include <stddef.h>

#include "model/lib.h"
#include "layout/layout.h"

/* A row of the virtual page: a text row of a block, or the blank row that
 * separates a block from the next (row == nrows of that block). */
struct view_pos {
	size_t block;
	size_t row;
};

/* What one screen row shows. */
struct view_line {
	const struct layout_para *para; /* borrowed from the view's cache; NULL: blank row */
	size_t row;                     /* row of para */
	size_t block;                   /* block index (SIZE_MAX past the end) */
};

struct view {
	const struct doc *doc;       /* borrowed */
	struct layout_cache *cache;  /* owned */
	struct layout_opts lo;
	struct view_pos top;         /* first row on screen */
	int height;                  /* rows on screen */
	/* The offset the last relayout kept on screen, and the row it put at
	 * the top: a relayout from that same row keeps the same offset, so
	 * that going through views and back (each anchoring on the start of
	 * its own top row) does not creep up a row at a time. */
	size_t kept_anchor;
	struct view_pos kept_top;
	bool kept;
};

/* Creates a view of doc at the given options and height, at the start. */
struct view *view_new(const struct doc *doc, const struct layout_opts *lo, int height);
void view_free(struct view *v);

/* Changes width/direction/shaping or height, keeping the anchor on screen. */
void view_set_opts(struct view *v, const struct layout_opts *lo);
void view_set_height(struct view *v, int height);

/* Scrolls by n rows (negative: up); returns the rows actually moved. */
long view_scroll(struct view *v, long n);
/* Puts the first row of block bi at the top (clamped so the end is not passed). */
void view_goto_block(struct view *v, size_t bi);
void view_goto_start(struct view *v);
/* Shows the last screenful. */
void view_goto_end(struct view *v);
/* Moves to the next (dir > 0) or previous block start; false at an end. */
bool view_step_block(struct view *v, int dir);

/* doc->text offset of the first character on screen: the anchor. */
size_t view_anchor(const struct view *v);
/* Puts the row holding doc->text offset off at the top. */
void view_goto_offset(struct view *v, size_t off);

/* Fills lines[0..height) with what the screen shows now. The paragraphs
 * stay valid until the view is next changed. */
void view_frame(struct view *v, struct view_line *lines);

/* Reading position in percent (0-100) by source offset. */
int view_percent(const struct view *v);
/* True when the last row of the document is on screen. */
bool view_at_end(struct view *v);

#endif
