/* The line engine's stages after the cells, and the paragraph laid out
 * whole: UAX #9 levels over the whole paragraph (fribidi), the styles of
 * the markup, the greedy fill into rows at a width, then each row put in
 * visual order with the paragraph's levels. Work that provably cannot
 * change the result (paragraphs of one direction, rows at one level) is
 * skipped. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>

#include "layout/layout_bidi.h"
#include "layout/layout_break.h"
#include "layout/layout_int.h"
#include "layout/layout.h"
#include "text/lib.h"

/* The direction of the first strong character outside isolates (UAX #9
 * P2), or 0 when there is none. */
static FriBidiParType
layout_first_strong(const FriBidiCharType *t, size_t n)
{
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (FRIBIDI_IS_ISOLATE(t[i])) {
			if (t[i] == FRIBIDI_TYPE_PDI) {
				if (depth > 0)
					depth--;
			} else {
				depth++;
			}
			continue;
		}
		if (depth > 0 || !FRIBIDI_IS_STRONG(t[i]))
			continue;
		if (FRIBIDI_IS_LETTER(t[i]))
			return FRIBIDI_IS_RTL(t[i]) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	}
	return 0;
}

/* The paragraph's base direction (P2-P3 unless the options force one),
 * resolved to FRIBIDI_PAR_LTR or FRIBIDI_PAR_RTL. */
static FriBidiParType
layout_base(const struct layout_ctx *lc)
{
	const struct scratch *sc = &lc->sc;
	size_t n = lc->n;
	bool complex = lc->d.complex;
	enum text_dir dir = lc->o->dir;
	FriBidiParType pbase;

	if (dir == DIR_LTR)
		return FRIBIDI_PAR_LTR;
	if (dir == DIR_RTL)
		return FRIBIDI_PAR_RTL;
	/* P2-P3: the first strong letter outside isolates. */
	pbase = complex ? layout_first_strong(sc->types, n) : 0;
	if (pbase == 0 && !complex) {
		/* Only L or neutral: LTR when any letter is strong. */
		for (size_t i = 0; i < n && pbase == 0; i++)
			if (sc->types[i] == FRIBIDI_TYPE_LTR)
				pbase = FRIBIDI_PAR_LTR;
	}
	if (pbase == 0)
		pbase = lc->fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	return pbase;
}

/* Resolves embedding levels over the whole paragraph; returns true when any
 * level may be odd (then shaping, mirroring and reordering are needed).
 * lc->pbase is the resolved paragraph direction. Two kinds of paragraph need no
 * resolving: with no R, AL, AN or explicit formatting at a left-to-right
 * base every level is 0; with no L, EN, AN, BN, S or explicit formatting
 * at a right-to-left base every level is 1 (the neutrals and weak types
 * between R and the R of sos and eos resolve to R, W1-W7, N1-N2). */
static bool
levels_plain(struct layout_ctx *lc)
{
	struct scratch *sc = &lc->sc;
	size_t n = lc->n;
	FriBidiParType pbase = layout_base(lc);
	FriBidiParType *base = &lc->pbase;

	*base = pbase;
	if (lc->o->full) {
		/* no shortcut */
	} else if (!lc->d.complex && pbase == FRIBIDI_PAR_LTR) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		return false;
	}
	/* Without L, the first strong character (if any) is R or AL. */
	else if (!lc->d.mixed && pbase == FRIBIDI_PAR_RTL) {
		memset(sc->levels, 1, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_RTL;
		return true;
	}
	FriBidiBracketType *btypes = sc->aux;
	if (lc->d.mirror)
		fribidi_get_bracket_types(sc->text, (FriBidiStrIndex)n, sc->types, btypes);
	else
		memset(btypes, 0, n * sizeof *btypes); /* FRIBIDI_NO_BRACKET */
	if (!layout_bidi_resolve(sc->types, btypes, n, pbase, sc->levels, LAYOUT_BIDI_PIECE)) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_LTR;
		return false;
	}
	return true;
}

/* The isolates and overrides among a block's spans, as code point ranges
 * into *out (owned by the caller); returns how many. */
static size_t
layout_bidi_spans(const struct scratch *sc, size_t n, const struct span *spans, size_t nspans,
		  struct layout_bidi_span **out)
{
	static const FriBidiCharType open_of[] = {
		[SPAN_ISOLATE] = FRIBIDI_TYPE_FSI, [SPAN_ISOLATE_LTR] = FRIBIDI_TYPE_LRI,
		[SPAN_ISOLATE_RTL] = FRIBIDI_TYPE_RLI, [SPAN_OVERRIDE_LTR] = FRIBIDI_TYPE_LRO,
		[SPAN_OVERRIDE_RTL] = FRIBIDI_TYPE_RLO,
	};
	size_t count = 0, k2 = 0;

	*out = NULL;
	for (size_t k = 0; k < nspans; k++)
		count += spans[k].style >= SPAN_ISOLATE && spans[k].style <= SPAN_OVERRIDE_RTL;
	if (count == 0)
		return 0;
	struct layout_bidi_span *bs = xmalloc(count * sizeof *bs);
	size_t *off = xmalloc((n + 1) * sizeof *off);
	off[0] = 0;
	for (size_t i = 0; i < n; i++)
		off[i + 1] = off[i] + sc->blen[i];
	for (size_t k = 0; k < nspans; k++) {
		if (spans[k].style < SPAN_ISOLATE || spans[k].style > SPAN_OVERRIDE_RTL)
			continue;
		/* The first code points at or after the span's start and end. */
		size_t ends[2] = { spans[k].start, (size_t)spans[k].start + spans[k].len };
		size_t at[2];
		for (int e = 0; e < 2; e++) {
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (off[mid] < ends[e])
					lo = mid + 1;
				else
					hi = mid;
			}
			at[e] = lo;
		}
		if (at[1] > at[0])
			bs[k2++] = (struct layout_bidi_span){ at[0], at[1], open_of[spans[k].style] };
	}
	free(off);
	*out = bs;
	return k2;
}

/* levels_plain for a paragraph with isolates or overrides from its markup. */
static bool
levels_marked(struct layout_ctx *lc, const struct layout_bidi_span *bs, size_t nbs)
{
	struct scratch *sc = &lc->sc;
	size_t n = lc->n;
	enum text_dir dir = lc->o->dir;
	FriBidiParType *base = &lc->pbase;
	FriBidiBracketType *btypes = sc->aux;

	fribidi_get_bracket_types(sc->text, (FriBidiStrIndex)n, sc->types, btypes);
	FriBidiParType forced = dir == DIR_LTR ? FRIBIDI_PAR_LTR
				: dir == DIR_RTL ? FRIBIDI_PAR_RTL : 0;
	if (!layout_bidi_resolve_marked(sc->types, btypes, n, bs, nbs, forced,
					lc->fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
					sc->levels, base)) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_LTR;
		return false;
	}
	return true;
}

void
layout_levels(struct layout_ctx *lc)
{
	struct layout_bidi_span *bs;
	size_t nbs = layout_bidi_spans(&lc->sc, lc->n, lc->spans, lc->nspans, &bs);

	lc->bidi = nbs > 0 ? levels_marked(lc, bs, nbs) : levels_plain(lc);
	free(bs);
}

/* Maps span styles onto per-code-point roles. */
static void
layout_roles(struct layout_ctx *lc)
{
	static const uint8_t role_of[] = {
		[SPAN_EMPH] = CELL_EMPH, [SPAN_STRONG] = CELL_STRONG,
		[SPAN_CODE] = CELL_CODE, [SPAN_LINK] = CELL_LINK,
	};
	struct scratch *sc = &lc->sc;
	size_t n = lc->n, nspans = lc->nspans;
	const struct span *spans = lc->spans;

	memset(sc->roles, CELL_TEXT, n);
	if (nspans == 0)
		return;
	size_t *off = xmalloc((n + 1) * sizeof *off);
	off[0] = 0;
	for (size_t i = 0; i < n; i++)
		off[i + 1] = off[i] + sc->blen[i];
	for (size_t k = 0; k < nspans; k++) {
		size_t lo = 0, hi = n;
		size_t start = spans[k].start, end = start + spans[k].len;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (off[mid] < start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if ((unsigned)spans[k].style >= sizeof role_of)
			continue; /* directional markup: no style of its own */
		uint8_t r = role_of[spans[k].style];
		for (size_t i = lo; i < n && off[i] < end; i++)
			sc->roles[i] = r;
	}
	free(off);
}

/* Greedy fill: cuts the cells into rows of at most width columns; sets
 * tab widths and marks cells wider than the whole row. The widths are
 * wid's when it is not NULL (the cells are not kept), else the cells'.
 * Without final, stops before a row the cells do not finish. Over 100
 * lines: one loop over every cell, the row's end decided where it is met. */
size_t
layout_fill(struct layout_fill *f)
{
#define WIDTH(k) (wid != NULL ? wid[k] : g[k].width)
	struct cell *g = f->cells;
	uint32_t *chars = f->chars;
	uint8_t *wid = f->wid;
	const uint8_t *gf = f->gf;
	size_t m = f->m, nrows = 0, ls = f->start, cap = f->cap;
	int width = f->width, tabstop = f->tabstop;
	bool final = f->final;
	struct row_span *rows = f->rows;

	if (rows == NULL) {
		rows = f->first;
		cap = sizeof f->first / sizeof *f->first;
	}
	if (tabstop < 1)
		tabstop = 8;
	do {
		int col = 0, col_ok = 0, wrow;
		size_t end = m, next = m, last_ok = 0, i;

		wrow = -1;
		for (i = ls; i < m; i++) {
			uint8_t fl = gf[i];
			if (i > ls && (fl & GF_BRK)) {
				if (fl & GF_MUST) {
					end = next = i;
					break;
				}
				last_ok = i;
				col_ok = col;
			}
			int w = WIDTH(i);
			if (fl & GF_TAB) {
				w = tabstop - col % tabstop;
				if (col == 0 && w > width)
					w = width;
				if (w > 255)
					w = 255;
				if (wid != NULL)
					wid[i] = (uint8_t)w;
				else
					g[i].width = (uint8_t)w;
			}
			if (col + w <= width) {
				col += w;
				continue;
			}
			if (fl & GF_SPACE) {
				/* Spaces hang past the end of the row and are dropped. */
				end = next = i;
				while (next < m && (gf[next] & GF_SPACE) &&
				       !(next > i && (gf[next] & GF_MUST)))
					next++;
			} else if (last_ok > ls) {
				end = next = last_ok;
				wrow = col_ok;
			} else if (i == ls) {
				/* Wider than the whole row: shown as one narrow stand-in. */
				if (wid != NULL) {
					wid[i] = 1; /* the cell is changed when built */
				} else {
					chars[g[i].chars] = LAYOUT_TOO_WIDE;
					g[i].nchars = 1;
					g[i].width = 1;
					g[i].role = CELL_PLACEHOLDER;
				}
				end = next = i + 1;
				wrow = 1;
			} else {
				/* A word longer than the row: break before the
				 * grapheme cluster that does not fit. */
				size_t k = i;
				while (k > ls && !(gf[k] & GF_CLUSTER))
					k--;
				end = next = k > ls ? k : i;
				wrow = 0;
				for (size_t q = ls; q < end; q++)
					wrow += WIDTH(q);
			}
			break;
		}
		if (i == m && !final)
			break; /* the row goes on in cells not cut yet */
		if (wrow < 0)
			wrow = col; /* the cells up to i */
		if (nrows == cap) {
			/* The first rows live in f->first; more go to the heap. */
			struct row_span *more = xmalloc(cap * 2 * sizeof *more);
			memcpy(more, rows, nrows * sizeof *more);
			if (rows != f->first)
				free(rows);
			rows = more;
			cap *= 2;
		}
		rows[nrows++] = (struct row_span){ ls, end, wrow };
		ls = next;
	} while (ls < m);
	f->rows = rows;
	f->cap = cap;
	f->rest = ls;
	return f->nrows = nrows;
#undef WIDTH
}

void
layout_fill_free(struct layout_fill *f)
{
	if (f->rows != f->first)
		free(f->rows);
	f->rows = NULL;
}

/* Points b at its stack arrays. */
void
layout_rowbuf_init(struct rowbuf *b)
{
	b->map = b->map0;
	b->lv = b->lv0;
	b->gof = b->gof0;
	b->tmp = b->tmp0;
	b->cap_cp = b->cap_cells = LAYOUT_ROW_STACK;
	b->heap_cp = b->heap_cells = NULL;
}

/* Frees the heap arrays of b. */
void
layout_rowbuf_free(struct rowbuf *b)
{
	free(b->heap_cp);
	free(b->heap_cells);
}

/* Makes room in b for a row of ncp code points and ncells cells. */
static void
rowbuf_reserve(struct rowbuf *b, size_t ncp, size_t ncells)
{
	if (ncp > b->cap_cp) {
		free(b->heap_cp);
		b->cap_cp = ncp * 2;
		char *mem = xmalloc(b->cap_cp * (sizeof *b->map + sizeof *b->lv + sizeof *b->gof));
		b->heap_cp = mem;
		b->map = (FriBidiStrIndex *)mem;
		b->gof = (int32_t *)(mem + b->cap_cp * sizeof *b->map);
		b->lv = (FriBidiLevel *)(mem + b->cap_cp * (sizeof *b->map + sizeof *b->gof));
	}
	if (ncells > b->cap_cells) {
		free(b->heap_cells);
		b->cap_cells = ncells * 2;
		b->heap_cells = b->tmp = xmalloc(b->cap_cells * sizeof *b->tmp);
	}
}

/* Puts the cells of one row, logically at [g0, g1) of the cells lc cut
 * last and already moved to out, into visual order. */
void
layout_reorder(const struct layout_ctx *lc, struct rowbuf *b, struct cell *out, size_t g0,
	       size_t g1)
{
	const struct scratch *sc = &lc->sc;
	size_t m = lc->ncut, n = lc->cut_end;
	FriBidiParType base = lc->pbase;
	const uint32_t *gcp = sc->aux;
	const uint8_t *gf = sc->gflags;
	size_t len = g1 - g0;
	size_t c0 = gcp[g0];
	size_t c1 = gf[g1 - 1] & GF_PLACEHOLDER ? gcp[g1 - 1] + 1 : g1 < m ? gcp[g1] : n;
	FriBidiLevel pl = base == FRIBIDI_PAR_RTL ? 1 : 0;
	unsigned diff = 0;

	for (size_t k = c0; k < c1; k++)
		diff |= (unsigned)(sc->levels[k] ^ pl);
	if (diff == 0 && pl == 0)
		return; /* left to right already */
	if (diff == 0) {
		/* All at the paragraph's odd level: the reverse order, when no
		 * mark or control would be moved by L3 or a placeholder read
		 * backwards. */
		unsigned odd = 0;
		for (size_t g = g0; g < g1; g++)
			odd |= gf[g] & (GF_PLACEHOLDER | GF_MOVES);
		if (odd == 0) {
			for (size_t i = 0, j = len - 1; i < j; i++, j--) {
				struct cell x = out[i];
				out[i] = out[j];
				out[j] = x;
			}
			return;
		}
	}
	size_t ncp = c1 - c0;
	rowbuf_reserve(b, ncp, len);
	for (size_t k = 0; k < ncp; k++) {
		b->map[k] = (FriBidiStrIndex)k;
		b->gof[k] = -1;
	}
	memcpy(b->lv, sc->levels + c0, ncp * sizeof *b->lv);
	memcpy(b->tmp, out, len * sizeof *out);
	for (size_t g = g1; g-- > g0;)
		b->gof[gcp[g] - c0] = (int32_t)(g - g0);
	if (fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, sc->types + c0, (FriBidiStrIndex)ncp,
				 0, base, b->lv, NULL, b->map) == 0)
		for (size_t k = 0; k < ncp; k++) /* out of memory: keep logical order */
			b->map[k] = (FriBidiStrIndex)k;
	size_t o = 0;
	for (size_t v = 0; v < ncp; v++) {
		int32_t gi = b->gof[b->map[v]];
		if (gi < 0)
			continue;
		if (!(gf[g0 + (size_t)gi] & GF_PLACEHOLDER)) {
			out[o++] = b->tmp[gi];
			continue;
		}
		/* A placeholder's pieces read left to right whatever the level. */
		for (size_t k = (size_t)gi; k < len && gcp[g0 + k] == gcp[g0 + (size_t)gi]; k++)
			out[o++] = b->tmp[k];
	}
}

void
layout_prepare(struct layout_ctx *lc, size_t cap, void *stack, size_t stack_size)
{
	struct scratch *sc = &lc->sc;

	layout_scratch_init(sc, cap, stack, stack_size);
	layout_decode(lc, lc->s, lc->len, cap, NULL);
	if (lc->n == SIZE_MAX) {
		/* Stray continuation bytes: size the scratch by bytes. */
		free(sc->mem);
		layout_scratch_init(sc, lc->len, stack, stack_size);
		layout_decode(lc, lc->s, lc->len, lc->len, NULL);
	}
	size_t n = lc->n;
	lc->gcap = n + lc->d.extra + 1;
	if (lc->d.extra > 0) {
		/* Placeholders: more cells than code points. */
		char *mem = xmalloc(lc->gcap * (sizeof *sc->aux + 1));
		sc->more = mem;
		sc->aux = (uint32_t *)mem;
		sc->gflags = (uint8_t *)(mem + lc->gcap * sizeof *sc->aux);
	}
	layout_levels(lc);
	if (lc->d.clusters)
		layout_graphemes(sc, n);
	layout_break_bits(sc->text, n, sc->bf, (char *)sc->aux, lc->o->full);
	if (lc->d.fill && lc->shape) {
		lc->origfill = xmalloc(n);
		for (size_t i = 0; i < n; i++)
			lc->origfill[i] = sc->text[i] == LAYOUT_FILL;
	}
	if (lc->bidi)
		layout_shape(lc);
}

void
layout_ctx_free(struct layout_ctx *lc)
{
	free(lc->origfill);
	free(lc->sc.more);
	free(lc->sc.mem);
	lc->origfill = NULL;
	lc->sc.more = lc->sc.mem = NULL;
}

/* Moves the cells of the rows f made to the front of p's cells, puts them
 * in visual order and describes the rows in rows; returns the cells kept. */
static size_t
whole_rows(struct layout_ctx *lc, struct layout_para *p, const struct layout_fill *f,
	   struct layout_row *rows)
{
	struct rowbuf rb;
	size_t dst = 0;

	layout_rowbuf_init(&rb);
	for (size_t r = 0; r < f->nrows; r++) {
		size_t g0 = f->rows[r].g0, g1 = f->rows[r].g1, k = g1 - g0;
		struct layout_row *row = &rows[r];
		*row = (struct layout_row){ .first_cell = dst, .ncells = k,
			.width = f->rows[r].width, .src_start = lc->base, .src_end = lc->base };
		if (k == 0)
			continue;
		/* Cells are in logical order: the sources grow along them. */
		row->src_start = p->cells[g0].src;
		row->src_end = p->cells[g1 - 1].src + p->cells[g1 - 1].src_len;
		if (dst != g0)
			memmove(p->cells + dst, p->cells + g0, k * sizeof *p->cells);
		if (lc->bidi)
			layout_reorder(lc, &rb, p->cells + dst, g0, g1);
		dst += k;
	}
	for (size_t r = 0; r < f->nrows; r++)
		rows[r].indent = p->dir == DIR_RTL ? lc->width - rows[r].width : 0;
	layout_rowbuf_free(&rb);
	return dst;
}

struct layout_para *
layout_whole(struct layout_ctx *lc)
{
	size_t n = lc->n, gcap = lc->gcap;

	layout_roles(lc);
	/* The result is one allocation: the paragraph, its cells, code points
	 * and rows (layout_para_free frees it with the paragraph). Cells are
	 * made in logical order with room for all, then compacted. */
	size_t cells_at = (sizeof(struct layout_para) + 15) / 16 * 16;
	size_t chars_at = cells_at + gcap * sizeof(struct cell);
	size_t slack = (n / (size_t)lc->width + 2) * sizeof(struct layout_row); /* for the rows */
	char *mem = xmalloc(chars_at + (gcap + lc->d.based) * sizeof(uint32_t) + slack);
	struct layout_para *p = (struct layout_para *)mem;
	memset(p, 0, sizeof *p);
	p->cells = (struct cell *)(mem + cells_at);
	p->chars = (uint32_t *)(mem + chars_at);
	p->width = lc->width;
	p->dir = lc->pbase == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;

	struct cellout co = { .cells = p->cells, .cmask = SIZE_MAX, .chars = p->chars,
		.chmask = SIZE_MAX, .wid = NULL };
	size_t m = layout_cells(lc, &co, 0, n, lc->base);
	p->nchars = co.nchars;
	free(lc->origfill);
	lc->origfill = NULL;

	struct layout_fill f = { .cells = p->cells, .chars = p->chars, .gf = lc->sc.gflags,
		.m = m, .width = lc->width, .tabstop = lc->tabstop, .final = true };
	size_t nrows = layout_fill(&f);
	struct layout_row rows0s[64];
	struct layout_row *rows = nrows <= 64 ? rows0s : xmalloc(nrows * sizeof *rows);
	size_t dst = whole_rows(lc, p, &f, rows);
	layout_fill_free(&f);
	layout_ctx_free(lc);

	/* Close up: the code points after the cells kept, the rows after them. */
	size_t nchars_at = cells_at + dst * sizeof(struct cell);
	size_t rows_at = (nchars_at + p->nchars * sizeof(uint32_t) + 15) / 16 * 16;
	memmove(mem + nchars_at, mem + chars_at, p->nchars * sizeof(uint32_t));
	mem = xrealloc(mem, rows_at + nrows * sizeof *rows);
	p = (struct layout_para *)mem;
	p->cells = (struct cell *)(mem + cells_at);
	p->chars = (uint32_t *)(mem + nchars_at);
	p->rows = (struct layout_row *)(mem + rows_at);
	memcpy(p->rows, rows, nrows * sizeof *rows);
	p->ncells = dst;
	p->nrows = nrows;
	if (rows != rows0s)
		free(rows);
	return p;
}

int
layout_bidi_levels(const uint32_t *s, size_t n, enum text_dir dir, int8_t *levels)
{
	_Alignas(16) char stack[16384];
	struct layout_opts o = { .dir = dir };
	struct layout_ctx lc = { .o = &o, .fallback = DIR_LTR, .n = n };
	struct scratch *sc = &lc.sc;
	uint8_t any = 0;

	layout_scratch_init(sc, n, stack, sizeof stack);
	for (size_t i = 0; i < n; i++) {
		uint8_t bf;
		sc->text[i] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
		sc->types[i] = layout_char_bidi(sc->text[i], &bf);
		any |= bf;
	}
	lc.d.complex = (any & LAYOUT_BIDI_COMPLEX) != 0;
	lc.d.mixed = (any & LAYOUT_BIDI_MIXED) != 0;
	lc.d.mirror = true; /* brackets paired */
	layout_levels(&lc);
	if (lc.bidi && fribidi_reorder_line(0, sc->types, (FriBidiStrIndex)n, 0, lc.pbase,
					    sc->levels, NULL, NULL) == 0)
		memset(sc->levels, 0, n);
	for (size_t i = 0; i < n; i++)
		levels[i] = (int8_t)sc->levels[i];
	free(sc->mem);
	return lc.pbase == FRIBIDI_PAR_RTL;
}
