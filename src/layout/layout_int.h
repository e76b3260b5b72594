/* Inside the layout: the line engine's context and stages, which each way
 * of laying a paragraph out runs over it: whole (layout_engine.c), its rows
 * built when asked for (layout_rows.c), or streamed a chunk at a time by one
 * or two threads (layout_stream.c). The stages from UTF-8 to cells are in
 * layout_cells.c, the levels, the fill and the reordering in
 * layout_engine.c; layout.c chooses the strategy. */
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

/* One paragraph going through the stages, or the window of one that a
 * giant paragraph's row is built from: what it is, how it is laid out and
 * what the stages found. A strategy fills it and runs the stages over it. */
struct layout_ctx {
	/* The paragraph and how to lay it out. */
	const char *s;               /* borrowed: its UTF-8, without final newlines */
	size_t len;
	size_t base;                 /* cell offsets are base + offsets in s */
	const struct layout_opts *o; /* borrowed */
	int width, tabstop;          /* o's, made valid */
	bool shape;                  /* Arabic joining and presentation forms */
	enum text_dir fallback;      /* the direction when the text gives none */
	const struct span *spans;    /* borrowed: the block's markup, or NULL */
	size_t nspans;
	/* What the stages found. */
	struct scratch sc;           /* the code points and their facts */
	struct para_facts d;         /* what layout_decode found */
	size_t n;                    /* code points in sc */
	size_t gcap;                 /* cells that sc.aux and sc.gflags hold */
	bool bidi;                   /* some level may be odd: shape, mirror, reorder */
	FriBidiParType pbase;        /* the resolved direction, LTR or RTL */
	uint8_t *origfill;           /* owned: which U+FEFF are the text's own, or NULL */
	size_t ncut, cut_end;        /* layout_cells: cells cut, and the code point after */
};

/* A greedy fill of cells [start, m) into rows of at most width columns. */
struct layout_fill {
	struct cell *cells;     /* with their widths; or NULL, and wid has them */
	uint32_t *chars;        /* the cells' code points, with cells */
	uint8_t *wid;           /* the widths when cells is NULL */
	const uint8_t *gf;      /* enum glyph_flag of each cell */
	size_t start, m;
	int width, tabstop;
	bool final;             /* the paragraph ends with cell m - 1 */
	/* Set: the rows (in first, or owned on the heap when more), and
	 * without final where the row not finished starts. */
	struct row_span *rows;
	size_t nrows, cap, rest;
	struct row_span first[64];
};

/* Per-character facts (layout_cells.c builds the tables on first use):
 * the fribidi type of c, and in *flags its LAYOUT_BIDI_* bits. */
#define LAYOUT_BIDI_COMPLEX 32 /* R, AL, AN, explicit embeddings and isolates */
#define LAYOUT_BIDI_ARABIC 64  /* AL */
#define LAYOUT_BIDI_MIXED 128  /* L, EN, AN, BN, S, explicit embeddings and isolates */
FriBidiCharType layout_char_bidi(uint32_t c, uint8_t *flags);
FriBidiJoiningType layout_join_type(uint32_t c);

/* The stages, in the order they run. */
/* Carves the scratch arrays for n code points out of stack or the heap. */
void layout_scratch_init(struct scratch *sc, size_t n, void *stack, size_t stack_size);
/* Decodes s into lc->sc, lc->d and lc->n; with used, stops after cap code
 * points and says how many bytes it read, else lc->n is SIZE_MAX when s
 * holds more. */
void layout_decode(struct layout_ctx *lc, const char *s, size_t len, size_t cap,
		   size_t *used);
/* Decodes the paragraph lc->s whole and runs the stages up to the cells:
 * levels, clusters, breaks, shaping (layout_engine.c); the scratch is
 * carved from stack when it fits. */
void layout_prepare(struct layout_ctx *lc, size_t cap, void *stack, size_t stack_size);
/* Frees what layout_prepare took. */
void layout_ctx_free(struct layout_ctx *lc);
/* Resolves the levels of lc's code points: lc->bidi and lc->pbase. */
void layout_levels(struct layout_ctx *lc);
/* Grapheme cluster starts by the full UAX #29 where the simple rules do not do. */
void layout_graphemes(struct scratch *sc, size_t n);
/* Shapes Arabic and mirrors at odd levels, in place in lc->sc.text. */
void layout_shape(struct layout_ctx *lc);
/* The lam-alef ligatures shaping will make, in a paragraph whose levels wait. */
void layout_ligatures(struct layout_ctx *lc);
/* Cuts the shaped code points [i0, i1) into cells in logical order, their
 * sources from at; returns how many (also lc->ncut; lc->cut_end = i1). */
size_t layout_cells(struct layout_ctx *lc, struct cellout *co, size_t i0, size_t i1,
		    size_t at);
/* Fills f's cells into rows; returns how many (f->nrows). */
size_t layout_fill(struct layout_fill *f);
/* Frees rows the fill put on the heap. */
void layout_fill_free(struct layout_fill *f);
void layout_rowbuf_init(struct rowbuf *b);
void layout_rowbuf_free(struct rowbuf *b);
/* Reorders the cells [g0, g1) of lc's last cut, moved to out, into visual order. */
void layout_reorder(const struct layout_ctx *lc, struct rowbuf *b, struct cell *out, size_t g0,
		    size_t g1);

/* The strategies, each a struct layout_para from a context. */
/* The paragraph prepared in lc, laid out whole (layout_engine.c). */
struct layout_para *layout_whole(struct layout_ctx *lc);
/* The giant paragraph prepared in lc, its rows kept and their cells built
 * when asked for (layout_rows.c). */
struct layout_para *layout_rows_lazy(struct layout_ctx *lc);
/* The giant paragraph lc->s, streamed a chunk at a time, its rows built when
 * asked for (layout_stream.c); NULL when it holds explicit formatting. */
struct layout_para *layout_stream(struct layout_ctx *lc);

/* What a giant paragraph keeps (layout_rows.c), and what layout_stream.c
 * fills in. A byte offset every LAZY_STEP code points, where each row
 * starts and ends, and its levels: one for all, or those of its bidi
 * pieces, resolved when a row needs them and kept for LAZY_PIECES pieces
 * (or, for a paragraph that cannot be cut into pieces, a byte a code
 * point). A row's cells are built when asked for, into one of LAZY_SLOTS. */
#define LAZY_STEP 256
#define LAZY_SLOTS 256
#define LAZY_PIECES 8

/* Where a row is in the paragraph's code points. */
struct lazy_row {
	uint32_t c0, c1; /* the code points of its cells, [c0, c1) */
	uint8_t q0;      /* pieces of the placeholder at c0 on the rows before */
};

/* A new giant paragraph's store of lc->n code points, with lc's text,
 * options and levels facts; the caller gives it its rows, offsets and
 * levels. */
struct layout_lazy *layout_lazy_new(const struct layout_ctx *lc);
/* Gives lz the levels of its bidi pieces (starts owned by lz from now), or,
 * when pieces is NULL, level for every code point. */
void layout_lazy_set_levels(struct layout_lazy *lz, size_t *pieces, size_t npieces,
			    uint8_t level);
/* Gives lz its rows and offsets (owned by lz from now; para_rows: the
 * paragraph's rows, freed with lz, or NULL). */
void layout_lazy_set_rows(struct layout_lazy *lz, struct lazy_row *rows, size_t *ckpt,
			  struct layout_row *para_rows);
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

/* Lays out block b transliterated to Latin, or interlinear, as o->translit
 * asks (layout_translit.c); cell offsets are still doc->text offsets. */
struct layout_para *layout_translit_block(const struct block *b, const struct layout_opts *o);

#endif
