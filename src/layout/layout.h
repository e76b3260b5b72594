/* Line layout of one paragraph at a width: UAX #9 levels over the whole
 * paragraph (fribidi), UAX #14 break opportunities (libunistring), display
 * widths, optional Arabic shaping, then each line reordered to visual order.
 * The result is rows of cells, each knowing the source byte it came from.
 * No curses here: the UI maps cell roles to attributes. */
#ifndef QARIN_LAYOUT_H
#define QARIN_LAYOUT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/layout.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/lib.h"
#include "text/lib.h"

enum cell_role {
	CELL_TEXT,
	CELL_PLACEHOLDER, /* stands for a control or bidi formatting character */
	CELL_EMPH,
	CELL_STRONG,
	CELL_CODE,
	CELL_LINK,
	CELL_MARK,        /* a list marker, indentation or quote bar: not in the text */
};

/* One terminal cell (or two, for a wide character): a grapheme cluster,
 * however many code points it holds. */
struct cell {
	uint32_t chars;   /* index of its first code point in layout_para.chars */
	uint32_t nchars;  /* code points: the base then combining marks */
	size_t src;       /* offset in doc->text of the first source byte */
	uint32_t src_len; /* source bytes this cell stands for */
	uint8_t width;    /* columns: 1 or 2; a tab: up to the next tab stop
			   * (its one char is '\t'); 0 for invisible format
			   * characters with no cell to join (U+200B first) */
	uint8_t role;     /* enum cell_role */
};

struct layout_row {
	size_t first_cell; /* internal to the layout: read cells with layout_row_cells */
	size_t ncells;
	int width;         /* columns used by the cells */
	int indent;        /* columns of padding before the first cell (alignment) */
	size_t src_start;  /* smallest source offset on the row */
	size_t src_end;    /* one past the largest */
};

/* How a block's letters are shown (layout/translit.c). */
enum layout_translit {
	LAYOUT_TRANSLIT_OFF,        /* as written */
	LAYOUT_TRANSLIT_LATIN,      /* transliterated to Latin, left to right */
	LAYOUT_TRANSLIT_INTERLINEAR, /* each row followed by its transliteration */
};

struct layout_opts {
	int width;          /* columns available, >= 1 */
	enum text_dir dir;  /* DIR_AUTO: the paragraph's own (P2-P3) */
	bool shape;         /* Arabic joining and presentation forms */
	int tabstop;        /* 8 unless set */
	size_t lazy_min;    /* a paragraph of more code points has its cells built
			     * row by row when asked for (0: 65536; SIZE_MAX: never) */
	size_t bidi_piece;  /* such a paragraph resolves its levels in pieces of at
			     * least this many code points (0: the layout's choice;
			     * tests set less) */
	size_t split_min;   /* such a paragraph of at least this many bytes is laid
			     * out by two threads, from its start and its middle
			     * (0: 2 MiB; SIZE_MAX: never) */
	enum layout_translit translit; /* cells of a transliteration still carry
					* the offsets of the source they stand for */
	bool full;          /* no shortcut: fribidi resolves every paragraph and
			     * libunistring finds every break (tests compare the
			     * shortcuts with this) */
};

struct layout_lazy;

struct layout_para {
	struct cell *cells;      /* internal: read them with layout_row_cells */
	size_t ncells;           /* cells of all the rows */
	uint32_t *chars;         /* internal: the code points the cells point into */
	size_t nchars;
	struct layout_row *rows; /* owned */
	size_t nrows;
	int width;               /* the width it was laid out at */
	enum text_dir dir;       /* resolved base direction: DIR_LTR or DIR_RTL */
	struct layout_lazy *lazy; /* owned: what a giant paragraph keeps to build rows */
};

/* Lays out a block of a document; cell offsets are doc->text offsets. */
struct layout_para *layout_block(const struct block *b, const struct layout_opts *o);
/* Lays out a UTF-8 string; cell offsets are base + byte offset in s.
 * Newlines are shown as spaces. A giant paragraph (see lazy_min) keeps
 * pointing into s (for layout_block, into the block's text and spans):
 * they must outlive it. */
struct layout_para *layout_text(const char *s, size_t len, size_t base,
				const struct layout_opts *o);
void layout_para_free(struct layout_para *p);

/* The cells of row r of p, p->rows[r].ncells of them in visual order, and
 * in *chars the code points they index. A giant paragraph builds them on
 * demand: they stay valid until 256 other rows of p have been asked for,
 * or p is freed. Not safe to call on one paragraph from two threads. */
const struct cell *layout_row_cells(const struct layout_para *p, size_t r,
				    const uint32_t **chars);
/* Says that p's rows will be asked for in order, each once, as a printer
 * does: a giant paragraph then builds them a batch at a time, and the cells
 * of a row stay valid only until the next row is asked for. */
void layout_para_in_order(struct layout_para *p);

enum layout_break {
	LAYOUT_BREAK_NONE,
	LAYOUT_BREAK_ALLOW, /* a line may break before this character */
	LAYOUT_BREAK_MUST,  /* a line must break before it (after a hard break) */
};

/* The break finder the layout uses (UAX #14): brk[i] says whether a line
 * may or must break before s[i] (brk[0] is always LAYOUT_BREAK_NONE). */
void layout_break_opportunities(const uint32_t *s, size_t n, char *brk);

/* The embedding levels the layout resolves for a paragraph of n code
 * points (UAX #9 up to L1, the paragraph as one line), into levels; returns
 * the paragraph level (0 or 1). For conformance tests. */
int layout_bidi_levels(const uint32_t *s, size_t n, enum text_dir dir, int8_t *levels);

/* Appends row r of p as UTF-8 to out: the row's indent as spaces first
 * when pad is true, then its cells left to right (tabs as spaces). */
void layout_row_to_utf8(const struct layout_para *p, size_t r, bool pad,
			struct strbuf *out);
/* Appends row r of p to out as layout_row_to_utf8 with pad writes it,
 * escaped as escape_append writes text (ESCAPE_TEXT), in one pass. */
void layout_row_to_text(const struct layout_para *p, size_t r, struct strbuf *out);
/* Appends s[0, len) laid out as one unwrapped row in visual order, without
 * alignment padding, under o's direction and shaping (its width is not
 * used): a line of a printed report as a terminal without bidi shows it. */
void layout_line_visual(const char *s, size_t len, const struct layout_opts *o,
			struct strbuf *out);

/* A cache of laid-out blocks keyed by (document, block, options). */
struct layout_cache;
struct layout_cache *layout_cache_new(size_t max_entries);
/* Bounds the cache also by the bytes its layouts hold: after a miss, the
 * least recently used layouts are freed while they hold more than bytes,
 * but never so that fewer than min_entries (at least 1, at most
 * max_entries) remain, and never one asked for since the last
 * layout_cache_frame. SIZE_MAX: no byte bound (the default). */
void layout_cache_set_budget(struct layout_cache *c, size_t bytes, size_t min_entries);
/* Starts a frame: what is asked for from now until the next call stays,
 * whatever the byte budget (only max_entries bounds it then). */
void layout_cache_frame(struct layout_cache *c);
/* Returns the layout of block index bi of doc, laying it out on a miss.
 * Borrowed: valid until the cache evicts it, which takes min_entries later
 * misses (max_entries when no byte budget is set), and not before the
 * next layout_cache_frame when it was asked for in the current frame. */
const struct layout_para *layout_cache_get(struct layout_cache *c,
					   const struct doc *doc, size_t bi,
					   const struct layout_opts *o);
/* Bytes held by the cached layouts, and how many layouts it holds. */
size_t layout_cache_bytes(const struct layout_cache *c);
size_t layout_cache_count(const struct layout_cache *c);
void layout_cache_clear(struct layout_cache *c);
void layout_cache_free(struct layout_cache *c);

#endif
