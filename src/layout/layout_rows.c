/* Giant paragraphs: a paragraph of more code points than layout_opts.lazy_min
 * keeps where its rows start and end and byte offsets every LAZY_STEP code
 * points; a row's cells are built from the text when the row is asked for,
 * with the levels of the bidi pieces around it, resolved then and kept for
 * a few pieces (layout_int.h). This file holds that store, the strategy
 * that fills it from a paragraph decoded whole, and the row builder. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "layout/layout_bidi.h"
#include "layout/layout_int.h"
#include "text/lib.h"

#define LAZY_CONTEXT 32 /* code points decoded around a row for Arabic joining */
#define LAZY_BATCH 8192 /* code points of rows asked for in order built at once */
#define LAZY_AHEAD 4    /* the most threads such batches are built on at once */
/* Batches built in a round, for each thread: a thread takes the next
 * when it is free, so that a slower one takes fewer. */
#define LAZY_ROUND 4
#define LAZY_BATCHES (LAZY_AHEAD * LAZY_ROUND)

/* A row built, with its cells and code points in one allocation. */
struct lazy_slot {
	size_t row;         /* SIZE_MAX when empty */
	struct cell *cells; /* owned */
	uint32_t *chars;
};

/* The levels of the last bidi pieces resolved (LAZY_PIECES of them): each
 * builder of rows keeps its own. */
struct lazy_kept {
	struct {
		size_t piece;       /* SIZE_MAX when empty */
		uint8_t *lv;        /* owned: its levels */
	} e[LAZY_PIECES];
	unsigned next;              /* the one to replace next */
};

/* Rows asked for in order (layout_para_in_order), built a batch at a time
 * from one window into one allocation. */
struct lazy_batch {
	const struct layout_para *p; /* borrowed: whose rows */
	size_t r0, r1;              /* its rows, [r0, r1) */
	struct cell *cells;         /* owned: theirs, with chars in the same allocation */
	uint32_t *chars;
	size_t *at;                 /* owned: where each row's cells start */
	struct lazy_kept kept;      /* the levels its builder resolved */
};

/* What a giant paragraph keeps to build its rows again (layout_int.h). */
struct layout_lazy {
	const char *s;              /* borrowed: the paragraph's UTF-8 */
	size_t len;                 /* its bytes (without the final newlines) */
	size_t base;                /* cell offsets are base + offsets in s */
	const struct block *block;  /* borrowed: maps offsets to the document, or NULL */
	const struct span *spans;   /* borrowed */
	size_t nspans;
	size_t n;                   /* code points */
	uint8_t *lv;                /* owned: the level of each code point, or NULL */
	uint8_t level;              /* the level of all, when neither lv nor pieces */
	size_t *ckpt;               /* owned: byte offset of code point k * LAZY_STEP */
	struct lazy_row *rows;      /* owned */
	int tabstop;
	bool shape, bidi, arabic, mirror;
	FriBidiParType pbase;
	/* Levels left for later: the pieces (layout_bidi.h) of the paragraph,
	 * each resolved when a row needs it; the last ones kept. */
	size_t *pieces;             /* owned, or NULL */
	size_t npieces;
	struct lazy_kept kept;      /* for rows built one at a time */
	struct layout_row *para_rows; /* owned: the paragraph's rows, when not in its block */
	bool marked;                /* each row gets the marks of a list item or quote */
	bool mark_rtl;
	struct layout_mark mark;    /* those marks (layout_mark.c) */
	uint32_t mark_vis[LAYOUT_MARK_MAX];
	struct lazy_slot slot[LAZY_SLOTS];
	/* Rows asked for in order: the batches of the rows next, built at
	 * once on up to ahead threads: the caller's and the workers kept. */
	bool in_order;
	struct lazy_batch batch[LAZY_BATCHES];
	size_t ahead;
	struct parallel_worker *workers[LAZY_AHEAD - 1]; /* owned */
};

static void
lazy_kept_init(struct lazy_kept *kp)
{
	for (size_t k = 0; k < LAZY_PIECES; k++) {
		kp->e[k].piece = SIZE_MAX;
		kp->e[k].lv = NULL;
	}
	kp->next = 0;
}

static void
lazy_kept_free(struct lazy_kept *kp)
{
	for (size_t k = 0; k < LAZY_PIECES; k++)
		free(kp->e[k].lv);
}

struct layout_lazy *
layout_lazy_new(const struct layout_ctx *lc)
{
	struct layout_lazy *lz = xcalloc(1, sizeof *lz);

	lz->s = lc->s;
	lz->len = lc->len;
	lz->base = lc->base;
	lz->n = lc->n;
	lz->tabstop = lc->tabstop;
	lz->shape = lc->shape;
	lz->bidi = lc->bidi;
	lz->arabic = lc->d.arabic;
	lz->mirror = lc->d.mirror;
	lz->pbase = lc->pbase;
	for (size_t k = 0; k < LAZY_SLOTS; k++)
		lz->slot[k].row = SIZE_MAX;
	lazy_kept_init(&lz->kept);
	for (size_t k = 0; k < LAZY_BATCHES; k++)
		lazy_kept_init(&lz->batch[k].kept);
	return lz;
}

void
layout_lazy_set_levels(struct layout_lazy *lz, size_t *pieces, size_t npieces, uint8_t level)
{
	lz->pieces = pieces;
	lz->npieces = npieces;
	lz->level = level;
}

void
layout_lazy_set_rows(struct layout_lazy *lz, struct lazy_row *rows, size_t *ckpt,
		     struct layout_row *para_rows)
{
	lz->rows = rows;
	lz->ckpt = ckpt;
	lz->para_rows = para_rows;
}

/* Where the rows f made from lc's cells start and end, into p's rows and
 * lrows; returns the cells they hold. */
static size_t
rows_spans(const struct layout_ctx *lc, const struct layout_fill *f, struct layout_para *p,
	   struct lazy_row *lrows)
{
	const uint32_t *gcp = lc->sc.aux;
	const uint8_t *gf = lc->sc.gflags, *blen = lc->sc.blen;
	size_t m = f->m, n = lc->n, base = lc->base;
	size_t cp = 0, off = 0, cpe = 0, offe = 0, total = 0;

	for (size_t r = 0; r < f->nrows; r++) {
		size_t g0 = f->rows[r].g0, g1 = f->rows[r].g1, k = g1 - g0;
		struct layout_row *row = &p->rows[r];
		*row = (struct layout_row){ .first_cell = 0, .ncells = k,
			.width = f->rows[r].width, .src_start = base, .src_end = base };
		row->indent = p->dir == DIR_RTL ? lc->width - row->width : 0;
		lrows[r] = (struct lazy_row){ 0, 0, 0 };
		if (k == 0)
			continue;
		size_t c0 = gcp[g0], q0 = 0;
		size_t c1 = gf[g1 - 1] & GF_PLACEHOLDER ? gcp[g1 - 1] + 1u : g1 < m ? gcp[g1] : n;
		if (gf[g0] & GF_PLACEHOLDER)
			while (q0 < g0 && gcp[g0 - q0 - 1] == c0)
				q0++;
		/* Rows start in order and end in order (a row may end after the
		 * next starts, within a placeholder): two running sums. */
		while (cp < c0)
			off += blen[cp++];
		row->src_start = base + off;
		while (cpe < c1)
			offe += blen[cpe++];
		row->src_end = base + offe;
		lrows[r] = (struct lazy_row){ (uint32_t)c0, (uint32_t)c1, (uint8_t)q0 };
		total += k;
	}
	return total;
}

/* Cuts the cells of a whole giant paragraph only to fill its rows, then
 * keeps what the rows need to be built again. */
struct layout_para *
layout_rows_lazy(struct layout_ctx *lc)
{
	struct cell ring[2];
	uint32_t ring_chars[1];
	size_t n = lc->n;
	uint8_t *wid = xmalloc(lc->gcap);
	struct cellout co = { .cells = ring, .cmask = 1, .chars = ring_chars, .chmask = 0,
		.wid = wid };

	memset(lc->sc.roles, CELL_TEXT, n);
	size_t m = layout_cells(lc, &co, 0, n, lc->base);
	struct layout_fill f = { .wid = wid, .gf = lc->sc.gflags, .m = m, .width = lc->width,
		.tabstop = lc->tabstop, .final = true };
	size_t nrows = layout_fill(&f);
	free(wid);

	size_t rows_at = (sizeof(struct layout_para) + 15) / 16 * 16;
	char *mem = xmalloc(rows_at + nrows * sizeof(struct layout_row));
	struct layout_para *p = (struct layout_para *)mem;
	struct layout_lazy *lz = layout_lazy_new(lc);
	memset(p, 0, sizeof *p);
	p->rows = (struct layout_row *)(mem + rows_at);
	p->nrows = nrows;
	p->nchars = co.nchars;
	p->width = lc->width;
	p->dir = lc->pbase == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;
	p->lazy = lz;
	lz->rows = xmalloc(nrows * sizeof *lz->rows);
	p->ncells = rows_spans(lc, &f, p, lz->rows);
	layout_fill_free(&f);

	if (lc->bidi) {
		lz->lv = xmalloc(n);
		for (size_t i = 0; i < n; i++)
			lz->lv[i] = (uint8_t)lc->sc.levels[i];
	}
	lz->ckpt = xmalloc((n / LAZY_STEP + 1) * sizeof *lz->ckpt);
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % LAZY_STEP == 0)
			lz->ckpt[i / LAZY_STEP] = off;
		off += lc->sc.blen[i];
	}
	return p;
}

/* Resolves the levels of piece k of a giant paragraph whose levels waited. */
static uint8_t *
lazy_resolve_piece(const struct layout_lazy *lz, size_t k)
{
	size_t a = lz->pieces[k], b = k + 1 < lz->npieces ? lz->pieces[k + 1] : lz->n, m = b - a;
	const unsigned char *u = (const unsigned char *)lz->s;
	size_t cp = a / LAZY_STEP * LAZY_STEP, i = lz->ckpt[a / LAZY_STEP];
	char *mem = xmalloc(m * (sizeof(FriBidiChar) + sizeof(FriBidiCharType) +
				 sizeof(FriBidiBracketType) + sizeof(FriBidiLevel)));
	FriBidiChar *text = (FriBidiChar *)mem;
	FriBidiCharType *types = (FriBidiCharType *)(text + m);
	FriBidiBracketType *btypes = (FriBidiBracketType *)(types + m);
	FriBidiLevel *levels = (FriBidiLevel *)(btypes + m);
	uint8_t *lv = xmalloc(m ? m : 1);
	uint32_t c;
	uint8_t bf;

	while (cp < a) {
		i += utf8_next(u + i, lz->len - i, &c);
		cp++;
	}
	for (size_t q = 0; q < m; q++) {
		i += utf8_next(u + i, lz->len - i, &c);
		if (c == '\n' || c == '\r')
			c = ' ';
		text[q] = c;
		types[q] = layout_char_bidi(c, &bf);
	}
	if (lz->mirror)
		fribidi_get_bracket_types(text, (FriBidiStrIndex)m, types, btypes);
	else
		memset(btypes, 0, m * sizeof *btypes);
	if (!layout_bidi_piece(types, btypes, m, lz->pbase, levels))
		memset(levels, 0, m * sizeof *levels);
	for (size_t q = 0; q < m; q++)
		lv[q] = (uint8_t)levels[q];
	free(mem);
	return lv;
}

/* The levels of piece k kept in kp, or NULL. */
static const uint8_t *
lazy_kept_find(const struct lazy_kept *kp, size_t k)
{
	for (size_t j = 0; j < LAZY_PIECES; j++)
		if (kp->e[j].piece == k)
			return kp->e[j].lv;
	return NULL;
}

/* The levels of piece k: kept by the paragraph (lz->kept) or in kp from
 * before, else resolved now and kept in kp. */
static const uint8_t *
lazy_piece_levels(const struct layout_lazy *lz, struct lazy_kept *kp, size_t k)
{
	const uint8_t *lv = lazy_kept_find(&lz->kept, k);

	if (lv != NULL || (lv = lazy_kept_find(kp, k)) != NULL)
		return lv;
	unsigned j = kp->next;
	kp->next = (j + 1) % LAZY_PIECES;
	free(kp->e[j].lv);
	kp->e[j].lv = lazy_resolve_piece(lz, k);
	kp->e[j].piece = k;
	return kp->e[j].lv;
}

/* The piece of levels code point cp falls in. */
static size_t
lazy_piece_of(const struct layout_lazy *lz, size_t cp)
{
	size_t lo = 0, hi = lz->npieces;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (lz->pieces[mid] <= cp)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Writes the levels of code points [w0, w1) into out (pieces resolved kept
 * in kp). */
static void
lazy_levels(const struct layout_lazy *lz, struct lazy_kept *kp, size_t w0, size_t w1,
	    FriBidiLevel *out)
{
	if (lz->lv != NULL) {
		for (size_t i = w0; i < w1; i++)
			out[i - w0] = lz->lv[i];
		return;
	}
	if (lz->pieces == NULL) {
		for (size_t i = w0; i < w1; i++)
			out[i - w0] = lz->level;
		return;
	}
	for (size_t k = lazy_piece_of(lz, w0), cp = w0; cp < w1; k++) {
		size_t a = lz->pieces[k], b = k + 1 < lz->npieces ? lz->pieces[k + 1] : lz->n;
		size_t e = b < w1 ? b : w1;
		const uint8_t *lv = lazy_piece_levels(lz, kp, k);
		for (; cp < e; cp++)
			out[cp - w0] = lv[cp - a];
	}
}

/* How many code points of t[a, b) take part in Arabic joining (are neither
 * transparent nor ignored by it). */
static size_t
lazy_joiners(const uint32_t *t, size_t a, size_t b)
{
	size_t k = 0;

	for (size_t i = a; i < b; i++) {
		FriBidiJoiningType j = layout_join_type(t[i]);
		if (!FRIBIDI_IS_JOIN_SKIPPED(j) && !FRIBIDI_IS_JOINING_TYPE_G(j))
			k++;
	}
	return k;
}

/* Decodes code points [w0, w1) of a giant paragraph into the window w as
 * the whole paragraph was, with its levels (offs: the byte offset of each
 * in s).
 * Cluster starts hold from c0, a row's start: the rules of UAX #29 look
 * back, never ahead, and never before a cluster start. */
static void
lazy_decode(const struct layout_lazy *lz, struct lazy_kept *kp, struct layout_ctx *w, size_t w0,
	    size_t w1, size_t c0, size_t *offs)
{
	const unsigned char *u = (const unsigned char *)lz->s;
	size_t cp = w0 / LAZY_STEP * LAZY_STEP, i = lz->ckpt[w0 / LAZY_STEP], used;
	struct scratch *sc = &w->sc;
	uint32_t c;

	while (cp < w0) {
		i += utf8_next(u + i, lz->len - i, &c);
		cp++;
	}
	layout_decode(w, lz->s + i, lz->len - i, w1 - w0, &used);
	for (size_t k = 0; k < w1 - w0; k++) {
		offs[k] = i;
		i += sc->blen[k];
	}
	lazy_levels(lz, kp, w0, w1, sc->levels);
	if (w->d.clusters) {
		struct scratch from = *sc;
		from.text += c0 - w0;
		from.bf += c0 - w0;
		from.aux += c0 - w0;
		layout_graphemes(&from, w1 - c0);
	}
}

/* Adds the marks of a list item or quote to row r just built into sl (its
 * ncells cells and nchars code points), as layout_mark_apply does. */
static void
lazy_mark(const struct layout_para *p, size_t r, struct lazy_slot *sl, size_t ncells,
	  size_t nchars)
{
	const struct layout_lazy *lz = p->lazy;

	if (!lz->marked)
		return;
	size_t nm = (size_t)lz->mark.lead;
	uint32_t deco[2 * BLOCK_QUOTE_MAX + LAYOUT_MARK_MAX + 1024];
	uint32_t *d = nm <= sizeof deco / sizeof *deco ? deco : xmalloc(nm * sizeof *d);
	size_t nd = (size_t)layout_mark_row(&lz->mark, lz->mark_vis, lz->mark_rtl, r, d);
	char *mem = xmalloc((ncells + nd) * sizeof(struct cell) + (nchars + nd) * sizeof(uint32_t));
	struct cell *cells = (struct cell *)mem;
	uint32_t *chars = (uint32_t *)(mem + (ncells + nd) * sizeof(struct cell));
	size_t src = p->rows[r].src_start, at = lz->mark_rtl ? ncells : 0;

	memcpy(cells + (lz->mark_rtl ? 0 : nd), sl->cells, ncells * sizeof *cells);
	if (nchars > 0)
		memcpy(chars, sl->chars, nchars * sizeof *chars);
	for (size_t i = 0; i < nd; i++) {
		chars[nchars + i] = d[i];
		cells[at + i] = (struct cell){ .chars = (uint32_t)(nchars + i), .nchars = 1,
			.src = src, .width = 1, .role = CELL_MARK };
	}
	if (d != deco)
		free(d);
	free(sl->cells);
	sl->cells = cells;
	sl->chars = chars;
}

/* Decodes the code points of a row, [c0, c1), into the window w with
 * enough around them for Arabic joining, which looks past transparent
 * marks: widened until the code points around the row hold enough that
 * join. Sets *w0 to the window's first code point and *offs (owned by the
 * caller) to the byte offset of each; returns the offset of c0. */
static size_t
lazy_window(const struct layout_lazy *lz, struct lazy_kept *kp, struct layout_ctx *w, void *stack,
	    size_t stack_size, size_t c0, size_t c1, size_t *w0, size_t **offs)
{
	bool join = lz->bidi && lz->shape && lz->arabic;
	size_t before = join ? LAZY_CONTEXT : 0, after = join ? LAZY_CONTEXT : 1;

	for (;;) {
		*w0 = c0 > before ? c0 - before : 0;
		size_t w1 = c1 + after < lz->n ? c1 + after : lz->n, wn = w1 - *w0;
		layout_scratch_init(&w->sc, wn, stack, stack_size);
		*offs = xmalloc((wn + 1) * sizeof **offs);
		lazy_decode(lz, kp, w, *w0, w1, c0, *offs);
		w->n = wn;
		/* The shaping is the paragraph's, not the window's. */
		w->d.arabic = lz->arabic;
		w->d.mirror = lz->mirror;
		if (!join || ((*w0 == 0 || lazy_joiners(w->sc.text, 0, c0 - *w0) >= 3) &&
			      (w1 == lz->n || lazy_joiners(w->sc.text, c1 - *w0, wn) >= 2)))
			return (*offs)[c0 - *w0];
		free(*offs);
		free(w->sc.mem);
		before = before ? before * 4 : LAZY_CONTEXT;
		after *= 4;
	}
}

/* The roles the block's spans give the window's code points (offs: the
 * byte offset of each). */
static void
lazy_roles(const struct layout_lazy *lz, struct layout_ctx *w, const size_t *offs)
{
	static const uint8_t role_of[] = {
		[SPAN_EMPH] = CELL_EMPH, [SPAN_STRONG] = CELL_STRONG,
		[SPAN_CODE] = CELL_CODE, [SPAN_LINK] = CELL_LINK,
	};
	size_t wn = w->n;

	memset(w->sc.roles, CELL_TEXT, wn);
	for (size_t k = 0; k < lz->nspans; k++) {
		const struct span *sp = &lz->spans[k];
		if (sp->start + sp->len <= offs[0] || sp->start > offs[wn - 1] ||
		    (unsigned)sp->style >= sizeof role_of)
			continue; /* outside the window, or directional markup */
		uint8_t role = role_of[sp->style];
		for (size_t i = 0; i < wn; i++)
			if (offs[i] >= sp->start && offs[i] < sp->start + sp->len)
				w->sc.roles[i] = role;
	}
}

/* The window of code points [c0, c1) made ready for cells: decoded
 * (lazy_window, pieces kept in kp), with their roles, the fill noted
 * before shaping and shaped; sets *w0 as lazy_window does and returns the
 * offset of c0. */
static size_t
lazy_prepare(const struct layout_lazy *lz, struct lazy_kept *kp, struct layout_ctx *w,
	     void *stack, size_t stack_size, size_t c0, size_t c1, size_t *w0)
{
	size_t *offs;
	size_t at = lazy_window(lz, kp, w, stack, stack_size, c0, c1, w0, &offs);

	lazy_roles(lz, w, offs);
	free(offs);
	if (lz->shape) {
		w->origfill = xmalloc(w->n);
		for (size_t i = 0; i < w->n; i++)
			w->origfill[i] = w->sc.text[i] == LAYOUT_FILL;
	}
	if (lz->bidi)
		layout_shape(w);
	return at;
}

/* Cuts the prepared window's code points [c0, c1) into cells (room for
 * cap of them): co gets the cells and their characters in one allocation,
 * owned by the caller through co->cells; returns how many cells. */
static size_t
lazy_cut(const struct layout_lazy *lz, struct layout_ctx *w, size_t cap, size_t c0, size_t c1,
	 size_t w0, size_t at, struct cellout *co)
{
	size_t chcap = (c1 - c0) + cap;
	char *mem = xmalloc(cap * sizeof(struct cell) + chcap * sizeof(uint32_t));

	*co = (struct cellout){ .cells = (struct cell *)mem, .cmask = SIZE_MAX,
		.chars = (uint32_t *)(mem + cap * sizeof(struct cell)), .chmask = SIZE_MAX,
		.wid = NULL };
	w->sc.more = xmalloc(cap * (sizeof *w->sc.aux + 1));
	w->sc.aux = (uint32_t *)w->sc.more;
	w->sc.gflags = (uint8_t *)w->sc.more + cap * sizeof *w->sc.aux;
	return layout_cells(w, co, c0 - w0, c1 - w0, lz->base + at);
}

/* Does to a row's ncells cells what the fill did: tab widths, a cell wider
 * than the row shown as one narrow stand-in (gf: the cells' flags). */
static void
lazy_refill(const struct layout_lazy *lz, int width, struct cell *row, uint32_t *chars,
	    const uint8_t *gf, size_t ncells)
{
	int col = 0;

	for (size_t i = 0; i < ncells; i++) {
		if (gf[i] & GF_TAB) {
			int tw = lz->tabstop - col % lz->tabstop;
			if (col == 0 && tw > width)
				tw = width;
			if (tw > 255)
				tw = 255;
			row[i].width = (uint8_t)tw;
		}
		if (ncells == 1 && row[i].width > width) {
			chars[row[i].chars] = LAYOUT_TOO_WIDE;
			row[i].nchars = 1;
			row[i].width = 1;
			row[i].role = CELL_PLACEHOLDER;
		}
		col += row[i].width;
	}
}

/* Turns the block offsets of a row's ncells cells into document offsets,
 * when the paragraph is a block's. */
static void
lazy_doc_offsets(const struct layout_lazy *lz, struct cell *row, size_t ncells)
{
	if (lz->block == NULL)
		return;
	for (size_t i = 0; i < ncells; i++) {
		size_t start = block_doc_offset(lz->block, row[i].src);
		size_t end = block_doc_offset(lz->block, row[i].src + row[i].src_len);
		row[i].src = start;
		row[i].src_len = (uint32_t)(end > start ? end - start : 0);
	}
}

/* Builds the cells of row r of a giant paragraph into sl: decodes its code
 * points with enough around them for Arabic joining, shapes them with the
 * paragraph's levels, cuts cells as the whole paragraph was cut, sets the
 * widths the fill gave them and reorders them. */
static void
lazy_build(const struct layout_para *p, size_t r, struct lazy_slot *sl)
{
	struct layout_lazy *lz = p->lazy;
	const struct lazy_row *lr = &lz->rows[r];
	size_t ncells = p->rows[r].ncells, c0 = lr->c0, c1 = lr->c1, q0 = lr->q0;
	_Alignas(16) char stack[16384];
	struct layout_ctx w = { .base = lz->base, .width = p->width, .tabstop = lz->tabstop,
		.shape = lz->shape, .bidi = lz->bidi, .pbase = lz->pbase };
	size_t w0;

	free(sl->cells);
	sl->row = SIZE_MAX;
	if (lz->marked)
		ncells -= (size_t)lz->mark.lead; /* added back by lazy_mark */
	if (ncells == 0) {
		sl->cells = xmalloc(sizeof *sl->cells);
		sl->chars = NULL;
		sl->row = r;
		lazy_mark(p, r, sl, 0, 0);
		return;
	}
	size_t at = lazy_prepare(lz, &lz->kept, &w, stack, sizeof stack, c0, c1, &w0);

	/* Cells: those of the rows before at c0 (a placeholder's first
	 * pieces), the row's, and the rest of a placeholder cut at the end. */
	struct cellout co;
	size_t m = lazy_cut(lz, &w, q0 + ncells + 13, c0, c1, w0, at, &co);
	struct cell *cells = co.cells;
	uint32_t *chars = co.chars;
	if (m < q0 + ncells)
		abort(); /* the rows were cut from these same cells */

	struct cell *row = cells + q0;
	lazy_refill(lz, p->width, row, chars, w.sc.gflags + q0, ncells);
	if (lz->bidi) {
		struct rowbuf rb;
		layout_rowbuf_init(&rb);
		layout_reorder(&w, &rb, row, q0, q0 + ncells);
		layout_rowbuf_free(&rb);
	}
	lazy_doc_offsets(lz, row, ncells);
	if (q0 > 0)
		memmove(cells, row, ncells * sizeof *cells);
	layout_ctx_free(&w);
	sl->cells = cells;
	sl->chars = chars;
	sl->row = r;
	lazy_mark(p, r, sl, ncells, co.nchars);
}

/* The end of the batch of rows of a giant paragraph from r on: up to
 * about LAZY_BATCH code points of them; r when rows with marks, or no
 * cells, are left to lazy_build. */
static size_t
lazy_batch_end(const struct layout_para *p, size_t r)
{
	const struct layout_lazy *lz = p->lazy;
	size_t r1 = r, c0;

	if (lz->marked || r >= p->nrows)
		return r;
	c0 = lz->rows[r].c0;
	while (r1 < p->nrows && p->rows[r1].ncells > 0 &&
	       (r1 == r || lz->rows[r1].c1 - c0 <= LAZY_BATCH))
		r1++;
	return r1;
}

/* Builds the rows [r0, r1) of a batch as lazy_build builds one: from one
 * window decoded, shaped and cut into cells once, each row then refilled
 * and reordered in place. Reads the paragraph's store only, so that
 * batches can be built at once on threads. */
static void
lazy_batch_run(void *arg)
{
	struct lazy_batch *bt = arg;
	const struct layout_para *p = bt->p;
	const struct layout_lazy *lz = p->lazy;
	size_t r0 = bt->r0, r1 = bt->r1, c0 = lz->rows[r0].c0;
	size_t c1 = lz->rows[r1 - 1].c1;
	struct layout_ctx w = { .base = lz->base, .width = p->width, .tabstop = lz->tabstop,
		.shape = lz->shape, .bidi = lz->bidi, .pbase = lz->pbase };
	size_t w0;
	size_t at = lazy_prepare(lz, &bt->kept, &w, NULL, 0, c0, c1, &w0);

	/* The window's cells, with the spaces the fill dropped between rows:
	 * a code point each, more for placeholders. */
	struct cellout co;
	size_t m = lazy_cut(lz, &w, (c1 - c0) + w.d.extra + 13, c0, c1, w0, at, &co);
	struct cell *cells = co.cells;
	uint32_t *chars = co.chars;
	size_t *starts = xmalloc((r1 - r0) * sizeof *starts);
	struct rowbuf rb;
	layout_rowbuf_init(&rb);
	for (size_t k = r0, first = 0; k < r1; k++) {
		size_t ncells = p->rows[k].ncells;
		/* The row starts at the first cell of its first code point
		 * (past spaces the fill dropped), past the pieces of it the
		 * rows before took. */
		while (first < m && w.sc.aux[first] < lz->rows[k].c0 - w0)
			first++;
		size_t g = first + lz->rows[k].q0;
		if (g + ncells > m)
			abort(); /* the rows were cut from these same cells */
		struct cell *row = cells + g;
		starts[k - r0] = g;
		lazy_refill(lz, p->width, row, chars, w.sc.gflags + g, ncells);
		if (lz->bidi)
			layout_reorder(&w, &rb, row, g, g + ncells);
		lazy_doc_offsets(lz, row, ncells);
	}
	layout_rowbuf_free(&rb);
	layout_ctx_free(&w);
	bt->cells = cells;
	bt->chars = chars;
	bt->at = starts;
}

/* A piece of levels resolved on a thread ahead of the rows that need it. */
struct lazy_ahead {
	const struct layout_lazy *lz; /* borrowed */
	size_t piece;
	uint8_t *lv;                  /* owned until kept */
};

static void
lazy_ahead_run(void *arg)
{
	struct lazy_ahead *ah = arg;

	ah->lv = lazy_resolve_piece(ah->lz, ah->piece);
}

/* Has the pieces of levels that code points [a, b) fall in kept by the
 * paragraph, for the batches about to be built on threads to read: those
 * not kept yet are resolved on threads, with as many after them as makes
 * a piece for each thread; pieces before a are let go first. */
static void
lazy_resolve_ahead(struct layout_lazy *lz, size_t a, size_t b)
{
	struct lazy_ahead ah[LAZY_PIECES];
	size_t lo, n = 0, room = 0;

	if (lz->lv != NULL || lz->pieces == NULL)
		return;
	lo = lazy_piece_of(lz, a);
	for (size_t j = 0; j < LAZY_PIECES; j++) {
		if (lz->kept.e[j].piece != SIZE_MAX && lz->kept.e[j].piece < lo) {
			free(lz->kept.e[j].lv);
			lz->kept.e[j].lv = NULL;
			lz->kept.e[j].piece = SIZE_MAX;
		}
		room += lz->kept.e[j].piece == SIZE_MAX;
	}
	bool missing = false;
	for (size_t k = lo; k < lz->npieces && n < room; k++) {
		bool needed = k == lo || lz->pieces[k] < b;
		if (!needed && (!missing || n >= lz->ahead))
			break;
		if (lazy_kept_find(&lz->kept, k) != NULL)
			continue;
		missing = missing || needed;
		ah[n++] = (struct lazy_ahead){ lz, k, NULL };
	}
	if (!missing)
		n = 0; /* nothing needed now: the rows' own pieces are kept */
	parallel_run_kept(lz->workers, lz->ahead - 1, lazy_ahead_run, ah, sizeof *ah, n);
	for (size_t i = 0, j = 0; i < n; i++) {
		while (lz->kept.e[j].piece != SIZE_MAX)
			j++;
		lz->kept.e[j].piece = ah[i].piece;
		lz->kept.e[j].lv = ah[i].lv;
	}
}

/* Builds a round of batches of rows from r on, LAZY_ROUND for each thread,
 * on the threads at once (the levels they need resolved first, on threads
 * too); none when lazy_batch_end leaves row r to lazy_build. */
static void
lazy_build_batches(const struct layout_para *p, size_t r)
{
	struct layout_lazy *lz = p->lazy;
	size_t n = 0;

	for (size_t k = 0; k < LAZY_BATCHES; k++) {
		struct lazy_batch *bt = &lz->batch[k];
		free(bt->cells);
		free(bt->at);
		bt->cells = NULL;
		bt->at = NULL;
		bt->r0 = bt->r1 = 0;
	}
	for (size_t from = r; n < lz->ahead * LAZY_ROUND; n++) {
		size_t to = lazy_batch_end(p, from);
		if (to == from)
			break;
		lz->batch[n].p = p;
		lz->batch[n].r0 = from;
		lz->batch[n].r1 = to;
		from = to;
	}
	if (n == 0)
		return;
	size_t a = lz->rows[r].c0, b = lz->rows[lz->batch[n - 1].r1 - 1].c1;
	lazy_resolve_ahead(lz, a > LAZY_CONTEXT ? a - LAZY_CONTEXT : 0, b + LAZY_CONTEXT);
	parallel_run_kept(lz->workers, lz->ahead - 1, lazy_batch_run, lz->batch, sizeof *lz->batch,
			  n);
}

void
layout_para_in_order(struct layout_para *p)
{
	struct layout_lazy *lz = p->lazy;

	if (lz != NULL && !lz->in_order) {
		lz->in_order = true;
		lz->ahead = parallel_threads(LAZY_AHEAD);
		for (size_t k = 0; k + 1 < lz->ahead; k++)
			lz->workers[k] = parallel_worker_new();
	}
}

/* The batch built that holds row r, or NULL. */
static const struct lazy_batch *
lazy_batch_of(const struct layout_lazy *lz, size_t r)
{
	for (size_t k = 0; k < lz->ahead * LAZY_ROUND; k++)
		if (r >= lz->batch[k].r0 && r < lz->batch[k].r1)
			return &lz->batch[k];
	return NULL;
}

const struct cell *
layout_row_cells(const struct layout_para *p, size_t r, const uint32_t **chars)
{
	if (p->lazy == NULL) {
		*chars = p->chars;
		return p->cells + p->rows[r].first_cell;
	}
	if (p->lazy->in_order) {
		const struct lazy_batch *bt = lazy_batch_of(p->lazy, r);
		if (bt == NULL) {
			lazy_build_batches(p, r);
			bt = lazy_batch_of(p->lazy, r);
		}
		if (bt != NULL) {
			*chars = bt->chars;
			return bt->cells + bt->at[r - bt->r0];
		}
	}
	struct lazy_slot *sl = &p->lazy->slot[r % LAZY_SLOTS];
	if (sl->row != r)
		lazy_build(p, r, sl);
	*chars = sl->chars;
	return sl->cells;
}

void
layout_lazy_set_source(struct layout_lazy *lz, const struct block *b, const struct span *spans,
		       size_t nspans)
{
	if (b != NULL)
		lz->block = b;
	lz->spans = spans;
	lz->nspans = nspans;
}

void
layout_lazy_free(struct layout_lazy *lz)
{
	for (size_t k = 0; k < LAZY_SLOTS; k++)
		free(lz->slot[k].cells);
	for (size_t k = 0; k + 1 < LAZY_AHEAD; k++)
		parallel_worker_free(lz->workers[k]);
	for (size_t k = 0; k < LAZY_BATCHES; k++) {
		free(lz->batch[k].cells);
		free(lz->batch[k].at);
		lazy_kept_free(&lz->batch[k].kept);
	}
	free(lz->lv);
	free(lz->pieces);
	lazy_kept_free(&lz->kept);
	free(lz->ckpt);
	free(lz->rows);
	free(lz->para_rows);
	free(lz);
}

void
layout_lazy_set_mark(struct layout_lazy *lz, const struct layout_mark *m,
		     const uint32_t *marker_vis, bool rtl)
{
	lz->marked = m->lead > 0;
	lz->mark_rtl = rtl;
	lz->mark = *m;
	memcpy(lz->mark_vis, marker_vis, m->nmarker * sizeof *marker_vis);
}
