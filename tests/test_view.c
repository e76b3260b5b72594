/* The viewport: scrolling, paging, jumps and anchoring, checked against the
 * layout of every block (so the expectations hold at any width). */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "text/lib.h"
#include "layout/lib.h"
#include "tap.h"

/* Rows of the whole virtual page: text rows plus one blank row between blocks. */
static long
total_rows(const struct doc *doc, const struct layout_opts *lo)
{
	long n = 0;

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct layout_para *p = layout_block(&doc->blocks[i], lo);
		n += (long)p->nrows + (i + 1 < doc->nblocks ? 1 : 0);
		layout_para_free(p);
	}
	return n;
}

int
main(void)
{
	struct strbuf text = STRBUF_INIT;
	struct layout_opts lo = { .width = 30, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };
	struct qerr err;

	for (int i = 0; i < 40; i++)
		strbuf_printf(&text, "Paragraph %d: %s\n\n", i,
			      i % 3 == 0 ? "a longer line of words that wraps over several rows at thirty columns"
			      : "short");
	struct doc *doc = doc_load_memory("view.txt", text.data, text.len, NULL, &err);
	ok(doc != NULL, "the document loads");
	is_long((long)doc->nblocks, 40, "forty blocks");

	long rows = total_rows(doc, &lo);
	int h = 10;
	struct view *v = view_new(doc, &lo, h);
	struct view_line lines[10];

	is_long((long)view_anchor(v), 0, "a new view starts at offset 0");
	view_frame(v, lines);
	ok(lines[0].para != NULL && lines[0].block == 0 && lines[0].row == 0,
	   "the first screen row is block 0, row 0");

	long steps = 0;
	while (view_scroll(v, 1) == 1)
		steps++;
	is_long(steps, rows - h, "line by line, the view stops when the last row is at the bottom");
	ok(view_at_end(v), "and it is at the end");
	view_frame(v, lines);
	ok(lines[h - 1].para != NULL && lines[h - 1].block == doc->nblocks - 1 &&
	   lines[h - 1].row == lines[h - 1].para->nrows - 1,
	   "the bottom screen row is the last row of the last block");
	is_long(view_percent(v), 100, "the position is 100%");

	is_long(view_scroll(v, -1000000), -(rows - h), "scrolling up far returns to the start");
	ok(v->top.block == 0 && v->top.row == 0, "top is block 0, row 0");
	is_long(view_scroll(v, -1), 0, "scrolling up at the start does nothing");

	view_goto_end(v);
	struct view_pos end = v->top;
	view_goto_start(v);
	view_scroll(v, rows - h);
	ok(v->top.block == end.block && v->top.row == end.row,
	   "scrolling rows-h down reaches the same place as jumping to the end");
	is_long(view_scroll(v, 5), 0, "scrolling down at the end does nothing");

	view_goto_block(v, 7);
	is_long((long)v->top.block, 7, "goto_block puts block 7 at the top");
	is_long((long)view_anchor(v), (long)doc->blocks[7].src_off, "its anchor is the block's first byte");
	ok(view_step_block(v, 1) && v->top.block == 8, "next paragraph: block 8");
	ok(view_step_block(v, -1) && v->top.block == 7, "previous paragraph: block 7");
	view_scroll(v, 1);
	ok(view_step_block(v, -1) && v->top.block == 7 && v->top.row == 0,
	   "previous paragraph from inside a block goes to its start first");

	/* An anchor inside block 12 survives a change of width and height. */
	view_goto_block(v, 12);
	size_t anchor = view_anchor(v);
	struct layout_opts narrow = lo;
	narrow.width = 12;
	view_set_opts(v, &narrow);
	is_long((long)v->top.block, 12, "after narrowing, block 12 is still at the top");
	ok(view_anchor(v) <= anchor, "and the row at the top holds the anchor");
	view_set_height(v, 4);
	is_long((long)v->top.block, 12, "after shrinking the height too");
	view_set_opts(v, &lo);
	view_set_height(v, h);
	is_long((long)view_anchor(v), (long)anchor, "back to the first size: the same anchor");

	/* Anchors in the middle of a wrapped block find their row. */
	view_goto_block(v, 3);
	struct layout_para *p3 = layout_block(&doc->blocks[3], &lo);
	ok(p3->nrows >= 3, "block 3 wraps over at least three rows");
	size_t mid = p3->rows[2].src_start + 1;
	view_goto_offset(v, mid);
	ok(v->top.block == 3 && v->top.row == 2, "an offset in row 2 of block 3 puts that row on top");
	layout_para_free(p3);

	/* Through other widths and back, from the middle of a wrapped block:
	 * each width would anchor on the start of its own top row, earlier
	 * each time; the view keeps the first anchor while it is not moved. */
	static const int widths[] = { 17, 23, 11, 19 };
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		struct layout_opts other = lo;
		other.width = widths[k];
		view_set_opts(v, &other);
	}
	view_set_height(v, 3);
	view_set_height(v, h);
	view_set_opts(v, &lo);
	ok(v->top.block == 3 && v->top.row == 2,
	   "four other widths, another height, and back: row 2 of block 3 on top again");
	view_scroll(v, 1);
	view_set_opts(v, &narrow);
	view_set_opts(v, &lo);
	ok(v->top.block == 3 && v->top.row == 3,
	   "after a move, the new top row is the one kept");

	/* The frame alternates text rows and the blank row between blocks. */
	view_goto_block(v, 1);
	view_frame(v, lines);
	ok(lines[0].para != NULL && lines[0].block == 1, "frame row 0: block 1");
	ok(lines[1].para == NULL && lines[1].block == 1, "frame row 1: the blank row after it");
	ok(lines[2].para != NULL && lines[2].block == 2, "frame row 2: block 2");

	/* A document shorter than the screen. */
	struct doc *small = doc_load_memory("small.txt", "one\n\ntwo\n", 9, NULL, &err);
	struct view *sv = view_new(small, &lo, 10);
	view_goto_end(sv);
	ok(sv->top.block == 0 && sv->top.row == 0, "a short document's end is its start");
	is_long(view_scroll(sv, 3), 0, "and it does not scroll");
	view_frame(sv, lines);
	ok(lines[3].para == NULL && lines[3].block == SIZE_MAX, "rows past the end are empty");
	view_free(sv);
	doc_free(small);

	/* An empty document. */
	struct doc *empty = doc_load_memory("empty.txt", "", 0, NULL, &err);
	struct view *ev = view_new(empty, &lo, 5);
	view_goto_end(ev);
	is_long(view_scroll(ev, 1), 0, "an empty document does not scroll");
	is_long(view_percent(ev), 100, "an empty document is 100% read");
	view_frame(ev, lines);
	ok(lines[0].para == NULL, "an empty document shows nothing");
	view_free(ev);
	doc_free(empty);

	view_free(v);
	doc_free(doc);

	/* Paging through many long paragraphs: the cache keeps about two
	 * screens of cells, and every frame's rows are those of the block. */
	strbuf_reset(&text);
	for (int i = 0; i < 300; i++)
		strbuf_printf(&text, "Paragraph %d is a longer line of words that wraps over "
			      "several rows at thirty columns, and then some more.\n\n", i);
	doc = doc_load_memory("many.txt", text.data, text.len, NULL, &err);
	is_long((long)doc->nblocks, 300, "three hundred blocks");
	v = view_new(doc, &lo, h);
	size_t budget = 2 * (size_t)h * (30 * (sizeof(struct cell) + sizeof(uint32_t)) +
				       sizeof(struct layout_row));
	size_t bad = 0, over = 0, frames = 0;
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	do {
		view_frame(v, lines);
		frames++;
		for (int i = 0; i < h; i++) {
			if (lines[i].para == NULL)
				continue;
			struct layout_para *p = layout_block(&doc->blocks[lines[i].block], &lo);
			strbuf_reset(&got);
			strbuf_reset(&want);
			layout_row_to_utf8(lines[i].para, lines[i].row, true, &got);
			layout_row_to_utf8(p, lines[i].row, true, &want);
			bad += got.len != want.len || memcmp(got.data, want.data, got.len) != 0;
			layout_para_free(p);
		}
		over += layout_cache_bytes(v->cache) > budget && layout_cache_count(v->cache) > 16;
	} while (view_scroll(v, h - 1) > 0);
	ok(frames > 100, "paging takes %zu frames", frames);
	is_long((long)bad, 0, "every frame row is the row of its block");
	is_long((long)over, 0, "the cache stays within two screens of cells");
	ok(layout_cache_count(v->cache) < 40, "and holds a few dozen layouts, not hundreds");
	view_free(v);
	doc_free(doc);
	strbuf_free(&got);
	strbuf_free(&want);
	strbuf_free(&text);
	return done_testing();
}
