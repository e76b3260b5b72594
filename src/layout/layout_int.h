/* Inside the layout: what layout.c (a paragraph laid out whole) and
 * layout_lazy.c (a giant paragraph, its rows built when asked for) share. */
#ifndef QARIN_LAYOUT_INT_H
#define QARIN_LAYOUT_INT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/layout_int.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fribidi.h>

#include "layout/layout_break.h"
#include "layout/layout.h"

#define LAYOUT_FILL 0xFEFF        /* what fribidi leaves after a ligature */
#define LAYOUT_TOO_WIDE 0xFFFD    /* stands for a character wider than the row */
#define LAYOUT_MARK_BASE 0x25CC   /* DOTTED CIRCLE: the base of a mark that has none */
#define LAYOUT_ROW_STACK 256      /* code points or cells of a row reordered on the stack */
#define LAYOUT_LAZY_MIN 65536     /* code points from which rows are built when asked for */

/* What the fill needs to know of a cell in logical order, one byte each. */
enum glyph_flag {
	GF_ALLOW = LAYOUT_BIT_ALLOW, /* a line may break before it */
	GF_MUST = LAYOUT_BIT_MUST,   /* a line must break before it */
	GF_BRK = GF_ALLOW | GF_MUST,
	GF_CLUSTER = 4,     /* starts a grapheme cluster */
	GF_TAB = 8,         /* a tab: its width is set when the row is filled */
	GF_SPACE = 16,      /* a space or tab that may hang past the row's end */
	GF_PLACEHOLDER = 32, /* one piece of a control's visible name */
	GF_MOVES = 64,      /* starts with a mark, control or embedding L3 may move */
};

/* Scratch arrays of one call, carved from a single allocation: 18 bytes a
 * code point. */
struct scratch {
	void *mem;
	uint32_t *text;          /* code points, newlines as spaces; shaped in place */
	FriBidiCharType *types;
	uint32_t *aux;           /* bracket types, then the first code point of each cell */
	uint8_t *blen;           /* bytes of each code point in the source */
	FriBidiLevel *levels;
	uint8_t *bf;             /* GF_CLUSTER, GF_BRK and GF_MOVES of each code point */
	FriBidiArabicProp *props;
	uint8_t *gflags;         /* enum glyph_flag of each cell */
	uint8_t *roles;          /* enum cell_role of each code point */
	void *more;              /* owned: aux and gflags when placeholders need more */
};

/* What decoding found out about a paragraph. */
struct para_facts {
	size_t n;      /* code points */
	size_t extra;  /* cells that placeholders add beyond one each */
	size_t based;  /* marks that may be put on a dotted circle (an upper bound) */
	bool complex;  /* some R, AL, AN or explicit formatting */
	bool mixed;    /* some L, EN, AN, BN, B, S or explicit formatting */
	bool arabic;   /* some AL */
	bool fill;     /* some U+FEFF in the text itself */
	bool mirror;   /* some character fribidi may mirror, or a bracket */
	bool clusters; /* grapheme clusters need the full UAX #29 */
};

/* Where layout_cells puts cells and code points: arrays indexed through a
 * mask (all ones to keep them all, 1 and 0 to keep only the last ones when
 * wid gets the widths), and optionally each cell's width. */
struct cellout {
	struct cell *cells;
	size_t cmask;
	uint32_t *chars;
	size_t chmask;
	uint8_t *wid;  /* or NULL */
	size_t *src;   /* each cell's source offset, or NULL */
	size_t nchars; /* set: code points written */
};

/* A row as a range of cells in logical order. */
struct row_span {
	size_t g0, g1;
	int width; /* columns of the cells [g0, g1) */
};

/* Per-row buffers for reordering: on the stack for ordinary rows. */
struct rowbuf {
	FriBidiStrIndex *map;
	FriBidiLevel *lv;
	int32_t *gof;        /* the first cell of each code point of the row, or -1 */
	struct cell *tmp;    /* the row's cells in logical order */
	size_t cap_cp, cap_cells;
	void *heap_cp, *heap_cells; /* owned, when a row needs more */
	FriBidiStrIndex map0[LAYOUT_ROW_STACK];
	FriBidiLevel lv0[LAYOUT_ROW_STACK];
	int32_t gof0[LAYOUT_ROW_STACK];
	struct cell tmp0[LAYOUT_ROW_STACK];
};

/* Per-character facts (layout.c builds the tables on first use). */
FriBidiCharType layout_char_bidi(uint32_t c, uint8_t *flags);
FriBidiJoiningType layout_join_type(uint32_t c);

/* Carves the scratch arrays for n code points out of stack or the heap. */
void layout_scratch_init(struct scratch *sc, size_t n, void *stack, size_t stack_size);
/* Decodes s into sc (see layout.c); with used, stops after cap code points
 * and says how many bytes it read. */
void layout_decode(const char *s, size_t len, size_t cap, struct scratch *sc,
		   struct para_facts *d, size_t *used);
/* Grapheme cluster starts by the full UAX #29 where the simple rules do not do. */
void layout_graphemes(struct scratch *sc, size_t n);
/* Shapes Arabic and mirrors at odd levels, in place in sc->text. */
void layout_shape(struct scratch *sc, size_t n, bool shape, bool arabic, bool mirror);
/* Cuts the shaped text [i0, i1) into cells in logical order. */
size_t layout_cells(struct cellout *co, struct scratch *sc, size_t i0, size_t i1, size_t n,
		    bool shape, const uint8_t *origfill, size_t at);
/* Greedy fill of cells [start, m) into rows; without final, stops before a
 * row the cells do not finish and says in *rest where it starts. */
size_t layout_fill(struct cell *g, uint32_t *chars, uint8_t *wid, const uint8_t *gf, size_t m,
		   int width, int tabstop, struct row_span **rowsp, size_t *rcap,
		   struct row_span *first, size_t start, bool final, size_t *rest);
void layout_rowbuf_init(struct rowbuf *b);
/* Reorders the cells [g0, g1) of one row into out, in visual order. */
void layout_reorder(struct cell *out, const struct scratch *sc, struct rowbuf *b, size_t n,
		    size_t m, size_t g0, size_t g1, FriBidiParType pbase);

/* layout_lazy.c */
struct layout_para *layout_core_lazy(struct scratch *sc, size_t n, size_t gcap,
				     const struct layout_opts *o, int width, size_t base, bool bidi,
				     FriBidiParType pbase, bool arabic, bool mirror,
				     const uint8_t *origfill, const char *s, size_t len);
struct layout_para *layout_stream(const char *s, size_t len, size_t base,
				  const struct layout_opts *o, enum text_dir fallback);
/* What the giant paragraph's cells are mapped by (b may be NULL) and styled with. */
void layout_lazy_set_source(struct layout_lazy *lz, const struct block *b,
			    const struct span *spans, size_t nspans);
void layout_lazy_free(struct layout_lazy *lz);

#define LAYOUT_MARK_MAX 16 /* code points of a list marker, at most */

/* The marks a block's rows get (layout_mark.c): quote bars, the indentation
 * of nested lists and an item's marker field, on the start side. */
struct layout_mark {
	int bars;        /* quote bars shown, two columns each */
	int indent;      /* columns of list indentation */
	int field;       /* columns of the marker field, the space after it included */
	int lead;        /* columns all of them take from the width */
	uint32_t marker[LAYOUT_MARK_MAX]; /* the marker in logical order */
	size_t nmarker;
};

/* The marks of row r in visual order, left to right, into out (m->lead of
 * them; marker_vis is the marker in visual order). */
int layout_mark_row(const struct layout_mark *m, const uint32_t *marker_vis, bool rtl,
		    size_t r, uint32_t *out);
/* Has a giant paragraph add the marks to each row it builds (marker_vis:
 * the marker in visual order, m->nmarker code points). */
void layout_lazy_set_mark(struct layout_lazy *lz, const struct layout_mark *m,
			  const uint32_t *marker_vis, bool rtl);

/* Plans the marks of block b at width; returns the columns they take (0:
 * none, or the width too narrow to show them). */
int layout_mark_plan(const struct block *b, int width, struct layout_mark *m);
/* Returns p with the planned marks added to its rows, which were laid out
 * m->lead columns narrower than width; p itself is freed. */
struct layout_para *layout_mark_apply(struct layout_para *p, const struct layout_mark *m,
				      int width);

#endif
