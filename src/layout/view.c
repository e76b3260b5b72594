/* The viewport: a window of rows over a document, moved by scrolling and
 * jumps. It lays out only the blocks it passes over or shows (through its
 * own cache), so every operation costs what is on screen. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "layout/view.h"
#include "text/lib.h"

/* Enough cached blocks for a full screen of one-row blocks, and some: a
 * screen of up to 120 rows never needs the cache rebuilt (and its blocks
 * laid out again) on a resize. */
static size_t
view_cache_size(int height)
{
	size_t n = (size_t)(height > 0 ? height : 1) * 4 + 32;

	return n > 512 ? n : 512;
}

/* Screens' worth of laid-out cells the cache keeps: a frame needs the
 * screen and, for the header's percentage, the last screen of the
 * document. Paging lays out the next screen once; what goes out of the
 * cache costs a layout again only when scrolled back to. */
#define VIEW_CACHE_SCREENS 2
/* Layouts kept whatever the budget: a caller between frames holds one at a
 * time (view_anchor, view_goto_offset, the comparison's sync). */
#define VIEW_CACHE_FLOOR 16

/* Bounds the cache by bytes too: VIEW_CACHE_SCREENS screens of cells (a
 * cell and about one code point each) and rows at the view's size, so that
 * long paragraphs do not keep hundreds of entries' worth of cells. What
 * view_frame returns stays valid while it is drawn (it starts a cache
 * frame); a few more layouts stay for the callers between frames. */
static void
view_cache_bound(struct view *v)
{
	size_t w = (size_t)(v->lo.width > 0 ? v->lo.width : 1), h = (size_t)v->height;
	size_t row = w * (sizeof(struct cell) + sizeof(uint32_t)) + sizeof(struct layout_row);

	layout_cache_set_budget(v->cache, VIEW_CACHE_SCREENS * h * row, VIEW_CACHE_FLOOR);
}

struct view *
view_new(const struct doc *doc, const struct layout_opts *lo, int height)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->doc = doc;
	v->lo = *lo;
	v->height = height > 0 ? height : 1;
	v->cache = layout_cache_new(view_cache_size(v->height));
	view_cache_bound(v);
	return v;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	layout_cache_free(v->cache);
	free(v);
}

/* The layout of block bi at the view's options. */
static const struct layout_para *
view_para(struct view *v, size_t bi)
{
	return layout_cache_get(v->cache, v->doc, bi, &v->lo);
}

/* Rows block bi takes on the virtual page: its text rows, plus a blank
 * separator row unless it is the last block. */
static size_t
view_block_rows(struct view *v, size_t bi)
{
	size_t n = view_para(v, bi)->nrows;

	if (bi + 1 < v->doc->nblocks)
		n++;
	return n > 0 ? n : 1;
}

/* True when at least height rows remain from pos to the end. */
static bool
view_fills_screen(struct view *v, struct view_pos pos)
{
	long need = v->height;

	for (size_t bi = pos.block; bi < v->doc->nblocks && need > 0; bi++) {
		size_t rows = view_block_rows(v, bi);
		need -= (long)(rows - (bi == pos.block ? pos.row : 0));
	}
	return need <= 0;
}

/* The top position that shows the last screenful. */
static struct view_pos
view_end_pos(struct view *v)
{
	struct view_pos pos = { 0, 0 };
	long need = v->height;

	for (size_t bi = v->doc->nblocks; bi-- > 0;) {
		long rows = (long)view_block_rows(v, bi);
		if (rows >= need) {
			pos.block = bi;
			pos.row = (size_t)(rows - need);
			return pos;
		}
		need -= rows;
	}
	return pos; /* the whole document fits */
}

/* Keeps top within the document and the last screenful full. */
static void
view_clamp(struct view *v)
{
	if (v->doc->nblocks == 0) {
		v->top.block = v->top.row = 0;
		return;
	}
	if (v->top.block >= v->doc->nblocks) {
		v->top = view_end_pos(v);
		return;
	}
	size_t rows = view_block_rows(v, v->top.block);
	if (v->top.row >= rows)
		v->top.row = rows - 1;
	if (!view_fills_screen(v, v->top))
		v->top = view_end_pos(v);
}

long
view_scroll(struct view *v, long n)
{
	long moved = 0;

	if (v->doc->nblocks == 0)
		return 0;
	if (n > 0) {
		struct view_pos end = view_end_pos(v);
		while (moved < n && (v->top.block < end.block ||
				     (v->top.block == end.block && v->top.row < end.row))) {
			size_t want = (size_t)(n - moved);
			if (v->top.block == end.block) {
				size_t step = end.row - v->top.row;
				if (step > want)
					step = want;
				v->top.row += step;
				moved += (long)step;
				break;
			}
			size_t left = view_block_rows(v, v->top.block) - 1 - v->top.row;
			if (want <= left) {
				v->top.row += want;
				moved += (long)want;
			} else {
				moved += (long)left + 1;
				v->top.block++;
				v->top.row = 0;
			}
		}
	} else {
		while (moved < -n) {
			size_t step = (size_t)(-n - moved);
			if (step <= v->top.row) {
				v->top.row -= step;
				moved += (long)step;
			} else if (v->top.block == 0) {
				moved += (long)v->top.row;
				v->top.row = 0;
				break;
			} else {
				moved += (long)v->top.row + 1;
				v->top.block--;
				v->top.row = view_block_rows(v, v->top.block) - 1;
			}
		}
		moved = -moved;
	}
	return moved;
}

void
view_goto_block(struct view *v, size_t bi)
{
	v->top.block = bi;
	v->top.row = 0;
	view_clamp(v);
}

void
view_goto_start(struct view *v)
{
	v->top.block = v->top.row = 0;
	view_clamp(v);
}

void
view_goto_end(struct view *v)
{
	v->top = v->doc->nblocks ? view_end_pos(v) : (struct view_pos){ 0, 0 };
}

bool
view_step_block(struct view *v, int dir)
{
	if (v->doc->nblocks == 0)
		return false;
	if (dir > 0) {
		if (v->top.block + 1 >= v->doc->nblocks || view_at_end(v))
			return false;
		view_goto_block(v, v->top.block + 1);
		return true;
	}
	if (v->top.row > 0) {
		v->top.row = 0; /* back to the start of the current block first */
		return true;
	}
	if (v->top.block == 0)
		return false;
	view_goto_block(v, v->top.block - 1);
	return true;
}

size_t
view_anchor(const struct view *v)
{
	struct view *mv = (struct view *)v; /* the cache is not part of the value */

	if (v->doc->nblocks == 0)
		return 0;
	const struct layout_para *p = view_para(mv, v->top.block);
	if (v->top.row < p->nrows)
		return p->rows[v->top.row].src_start;
	/* The blank row after a block: the end of its text, which lies before
	 * the next block's start (view_goto_offset maps it back here). */
	const struct block *b = &v->doc->blocks[v->top.block];
	return b->src_off + b->src_len;
}

void
view_goto_offset(struct view *v, size_t off)
{
	if (v->doc->nblocks == 0)
		return;
	size_t bi = doc_block_at(v->doc, off);
	const struct layout_para *p = view_para(v, bi);
	const struct block *b = &v->doc->blocks[bi];
	size_t r = 0;

	if (bi + 1 < v->doc->nblocks && off >= b->src_off + b->src_len &&
	    off < v->doc->blocks[bi + 1].src_off) {
		r = p->nrows; /* between two blocks: the blank row */
	} else {
		/* Of rows that start alike, the first: an interlinear row of
		 * the original before the row of its transliteration. */
		for (size_t i = 0; i < p->nrows; i++)
			if (p->rows[i].src_start <= off &&
			    (i == 0 || p->rows[i].src_start > p->rows[r].src_start))
				r = i;
	}
	v->top.block = bi;
	v->top.row = r;
	view_clamp(v);
}

/* The anchor, without laying out the top block when it is at its first
 * row (a relayout must not pay for a layout at the options it leaves). */
static size_t
view_cheap_anchor(const struct view *v)
{
	if (v->doc->nblocks > 0 && v->top.row == 0)
		return block_doc_offset(&v->doc->blocks[v->top.block], 0);
	return view_anchor(v);
}

/* The offset a relayout keeps on screen: the one the last relayout kept
 * while the top row is the one it put there, else the top row's start. */
static size_t
view_relayout_anchor(const struct view *v)
{
	if (v->kept && v->top.block == v->kept_top.block && v->top.row == v->kept_top.row)
		return v->kept_anchor;
	return view_cheap_anchor(v);
}

/* Puts the anchor of a relayout at the top and remembers both. */
static void
view_relayout_goto(struct view *v, size_t anchor)
{
	view_goto_offset(v, anchor);
	v->kept_anchor = anchor;
	v->kept_top = v->top;
	v->kept = true;
}

void
view_set_opts(struct view *v, const struct layout_opts *lo)
{
	size_t anchor = view_relayout_anchor(v);

	v->lo = *lo;
	layout_cache_clear(v->cache);
	view_cache_bound(v);
	view_relayout_goto(v, anchor);
}

void
view_set_height(struct view *v, int height)
{
	if (height < 1)
		height = 1;
	if (height == v->height)
		return;
	size_t anchor = view_relayout_anchor(v);
	if (view_cache_size(height) > view_cache_size(v->height)) {
		layout_cache_free(v->cache);
		v->cache = layout_cache_new(view_cache_size(height));
	}
	v->height = height;
	view_cache_bound(v);
	view_relayout_goto(v, anchor);
}

void
view_frame(struct view *v, struct view_line *lines)
{
	struct view_pos pos = v->top;

	/* The layouts of the lines stay while the caller draws them. */
	layout_cache_frame(v->cache);

	for (int i = 0; i < v->height; i++) {
		lines[i] = (struct view_line){ NULL, 0, SIZE_MAX };
		if (pos.block >= v->doc->nblocks)
			continue;
		const struct layout_para *p = view_para(v, pos.block);
		lines[i].block = pos.block;
		if (pos.row < p->nrows) {
			lines[i].para = p;
			lines[i].row = pos.row;
		}
		if (++pos.row >= view_block_rows(v, pos.block)) {
			pos.block++;
			pos.row = 0;
		}
	}
}

int
view_percent(const struct view *v)
{
	if (v->doc->len == 0 || view_at_end((struct view *)v))
		return 100;
	return (int)((double)view_anchor(v) * 100.0 / (double)v->doc->len);
}

bool
view_at_end(struct view *v)
{
	if (v->doc->nblocks == 0)
		return true;
	struct view_pos end = view_end_pos(v);
	return v->top.block > end.block ||
	       (v->top.block == end.block && v->top.row >= end.row);
}
