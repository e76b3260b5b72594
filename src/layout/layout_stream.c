/* Giant paragraphs streamed: laid out a chunk at a time through the same
 * stages as a whole paragraph, by two threads at once (from the start and
 * from the middle) when it is some megabytes, keeping only what its rows
 * need to be built when asked for (layout_rows.c). */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <unistr.h>

#include "layout/layout_break.h"
#include "layout/layout_int.h"
#include "text/lib.h"

/* Code points a chunk, and so a piece of levels, has at least: small, so
 * that the levels of the first rows shown come in a few milliseconds. */
#define STREAM_CHUNK 16384
/* Bytes from which a paragraph is laid out by two runs at once. */
#define STREAM_TWO_RUNS (2u << 20)

/* A giant paragraph laid out a chunk at a time, so that nothing the size of
 * the whole paragraph is kept but a byte a code point: its cells are cut
 * and filled into rows chunk by chunk, and its levels wait until a row
 * needs them (lazy_levels). Chunks end between two letters where no rule
 * of line breaking, grapheme clusters, Arabic ligatures or bidi (the bidi
 * pieces of layout_bidi.h) sees across, so every row is the one the whole
 * paragraph gives. */
struct stream_cursor {
	size_t cp, byte;
};

struct stream {
	const char *s;
	size_t len;
	size_t *ckpt;           /* byte offset of code point k * LAZY_STEP */
	size_t nckpt, ckcap;
	size_t *pieces;
	size_t npieces, pcap;
	struct layout_row *rows;
	struct lazy_row *lrows;
	size_t nrows, rowcap;
	size_t ncells, nchars;
	/* The cells not in a row yet (the row being filled), with the
	 * pieces of a placeholder the previous row took the rest of. */
	uint32_t *cgcp;         /* global code point index of each cell */
	size_t *csrc;           /* byte offset in s of each cell */
	uint8_t *cgf, *cwid;
	size_t nc, ccap;
	size_t nkeep;           /* of them, the first that belong to a finished row */
	size_t done_cp, done_bytes; /* code points and bytes cut into cells */
	size_t start_cp, start_byte; /* where the run started */
	struct stream_cursor at_end; /* where the last row cut inside a placeholder ended */
	/* What a run does: the bytes [done_bytes, end) of s, with these options. */
	size_t end;
	const struct layout_opts *o;
	size_t target, base;
	int width, tabstop;
	bool shared;            /* ckpt is shared with another run: never moved */
	/* What it found. */
	FriBidiParType first;   /* the direction of the first strong letter, or 0 */
	struct para_facts all;  /* complex, mixed, arabic, mirror of any chunk */
	bool open_end;          /* a bracket pair is open at end */
	/* A run that starts mid-paragraph cannot know where its rows start:
	 * it starts a row where it starts. The run before it, when it gets
	 * there, goes on until one of its rows starts where a row of the
	 * later run starts: from there on, both have the same rows. */
	const struct stream *later; /* the run after this one, or NULL */
	size_t met_row;         /* set: the row of later met, or SIZE_MAX */
};

/* True for a letter a chunk may end before or after: a strong letter of a
 * script whose letters take one column, cluster alone and never break
 * from each other (line break class AL or HL). */
static bool
stream_letter(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
	       (c >= 0x0410 && c <= 0x044F) || (c >= 0x05D0 && c <= 0x05EA) ||
	       (c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A) ||
	       (c >= 0x0671 && c <= 0x06D3);
}

/* The last place in the decoded code points [0, n) where the chunk may end,
 * at least min code points in; 0 when there is none. The bracket pairs are
 * followed as layout_bidi_pieces follows them; *open_end says whether one
 * is still open after the last code point. */
static size_t
stream_cut(struct scratch *sc, size_t n, size_t min, bool brackets, bool *open_end)
{
	FriBidiBracketType open[63], *bt = sc->aux;
	FriBidiCharType prev_w1 = FRIBIDI_TYPE_LTR;
	size_t depth = 0;
	bool after_on_mark = false;

	if (brackets)
		fribidi_get_bracket_types(sc->text, (FriBidiStrIndex)n, sc->types, bt);
	/* Runs of places where the bracket stack is empty: the one going on
	 * starts at qs (SIZE_MAX while the stack is not empty); the last that
	 * ended was [ls, le]. */
	size_t qs = 1, ls = 0, le = 0;
	bool stopped = false;
	for (size_t i = 1; i <= n; i++) {
		FriBidiCharType t = sc->types[i - 1];
		FriBidiBracketType b = brackets && !after_on_mark ? bt[i - 1] : FRIBIDI_NO_BRACKET;
		if (t != FRIBIDI_TYPE_BN) {
			FriBidiCharType w1 = t == FRIBIDI_TYPE_NSM ? prev_w1 : t;
			after_on_mark = t == FRIBIDI_TYPE_NSM && w1 == FRIBIDI_TYPE_ON;
			prev_w1 = w1;
		}
		if (b == FRIBIDI_NO_BRACKET)
			continue;
		if (FRIBIDI_IS_BRACKET_OPEN(b)) {
			if (depth == 63) {
				stopped = true; /* pairing stops: no cut after this */
				break;
			}
			if (depth++ == 0) {
				ls = qs;
				le = i - 1;
				qs = SIZE_MAX;
			}
			open[depth - 1] = FRIBIDI_BRACKET_ID(b);
		} else {
			for (size_t k = depth; k > 0; k--)
				if (open[k - 1] == FRIBIDI_BRACKET_ID(b)) {
					depth = k - 1;
					if (depth == 0)
						qs = i + 1;
					break;
				}
		}
	}
	*open_end = depth > 0 || stopped;
	if (depth == 0) {
		ls = qs;
		le = n - 1;
	}
	for (size_t i = le; i >= ls && i >= min && i > 0; i--) {
		uint32_t c0 = sc->text[i - 1], c1 = sc->text[i];
		if (c0 != 0x0644 && stream_letter(c0) && stream_letter(c1) &&
		    FRIBIDI_IS_LETTER(sc->types[i - 1]) && FRIBIDI_IS_LETTER(sc->types[i]))
			return i;
	}
	return 0;
}

/* Byte offset in s of code point c (at most st->done_cp), walking on from
 * where cursor cur was when c is a little ahead of it (rows come in order). */
static size_t
stream_offset(const struct stream *st, struct stream_cursor *cur, size_t c)
{
	if (c == st->done_cp)
		return st->done_bytes;
	if (c < cur->cp || c - cur->cp > LAZY_STEP) {
		/* From the offset kept before c, unless it is another run's
		 * to write: then from where this run started. */
		cur->cp = c / LAZY_STEP * LAZY_STEP;
		if (cur->cp < st->start_cp) {
			cur->cp = st->start_cp;
			cur->byte = st->start_byte;
		} else {
			cur->byte = st->ckpt[c / LAZY_STEP];
		}
	}
	const unsigned char *u = (const unsigned char *)st->s;
	uint32_t ch;
	for (; cur->cp < c; cur->cp++)
		cur->byte += utf8_next(u + cur->byte, st->len - cur->byte, &ch);
	return cur->byte;
}

/* Grows an array to hold need elements of size sz. */
static void *
stream_grow(void *v, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return v;
	size_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(v, c * sz);
}

/* Makes room for need cells waiting for a row. */
static void
stream_reserve(struct stream *st, size_t need)
{
	size_t cap = st->ccap;

	st->cgcp = stream_grow(st->cgcp, &cap, need, sizeof *st->cgcp);
	cap = st->ccap;
	st->csrc = stream_grow(st->csrc, &cap, need, sizeof *st->csrc);
	cap = st->ccap;
	st->cgf = stream_grow(st->cgf, &cap, need, 1);
	st->cwid = stream_grow(st->cwid, &st->ccap, need, 1);
}

/* Whether row r of st starts where a row of the later run starts; if so,
 * drops st's rows from r on and says in st->met_row which row of the later
 * run takes over. */
static bool
stream_meet(struct stream *st, size_t r)
{
	const struct stream *b = st->later;
	const struct lazy_row *x = &st->lrows[r];
	size_t lo = 0, hi = b->nrows;

	if (st->rows[r].ncells == 0 || b->nrows == 0 || x->c0 < b->lrows[0].c0)
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->lrows[mid].c0 < x->c0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t j = lo; j < b->nrows && b->lrows[j].c0 == x->c0; j++)
		if (b->lrows[j].q0 == x->q0 && b->rows[j].ncells > 0 &&
		    b->rows[j].src_start == st->rows[r].src_start) {
			st->nrows = r;
			st->met_row = j;
			return true;
		}
	return false;
}

/* Fills rows with the cells waiting in st (final: the paragraph ends with
 * them), keeping those of a row not finished. */
static void
stream_fill(struct stream *st, bool final)
{
	size_t m = st->nc, base = st->base;
	/* Cells before nkeep belong to rows already made. */
	struct layout_fill f = { .wid = st->cwid, .gf = st->cgf, .start = st->nkeep, .m = m,
		.width = st->width, .tabstop = st->tabstop, .final = final };

	if (final && f.start == m && st->nrows > 0)
		return;
	size_t nrows = layout_fill(&f), rest = f.rest;
	const struct row_span *spansr = f.rows;
	size_t rowcap = st->rowcap;
	st->rows = stream_grow(st->rows, &st->rowcap, st->nrows + nrows, sizeof *st->rows);
	st->lrows = stream_grow(st->lrows, &rowcap, st->nrows + nrows, sizeof *st->lrows);
	for (size_t r = 0; r < nrows; r++) {
		size_t g0 = spansr[r].g0, g1 = spansr[r].g1, k = g1 - g0;
		struct layout_row *row = &st->rows[st->nrows];
		struct lazy_row *lr = &st->lrows[st->nrows++];
		*row = (struct layout_row){ .first_cell = 0, .ncells = k,
			.width = spansr[r].width, .src_start = base, .src_end = base };
		*lr = (struct lazy_row){ 0, 0, 0 };
		if (k == 0)
			continue;
		size_t c0 = st->cgcp[g0], q0 = 0;
		bool cut = st->cgf[g1 - 1] & GF_PLACEHOLDER;
		size_t c1 = cut ? st->cgcp[g1 - 1] + 1u : g1 < m ? st->cgcp[g1] : st->done_cp;
		if (st->cgf[g0] & GF_PLACEHOLDER)
			while (q0 < g0 && st->cgcp[g0 - q0 - 1] == c0)
				q0++;
		row->src_start = base + st->csrc[g0];
		row->src_end = base + (cut ? stream_offset(st, &st->at_end, c1)
				       : g1 < m ? st->csrc[g1] : st->done_bytes);
		*lr = (struct lazy_row){ (uint32_t)c0, (uint32_t)c1, (uint8_t)q0 };
		st->ncells += k;
	}
	layout_fill_free(&f);
	if (st->later != NULL)
		for (size_t r = st->nrows - nrows; r < st->nrows; r++)
			if (stream_meet(st, r))
				return;
	/* Keep the unfinished row, and the pieces before it of the code
	 * point it starts in. */
	size_t keep = rest;
	while (keep > 0 && rest < m && st->cgcp[keep - 1] == st->cgcp[rest])
		keep--;
	memmove(st->cgcp, st->cgcp + keep, (m - keep) * sizeof *st->cgcp);
	memmove(st->csrc, st->csrc + keep, (m - keep) * sizeof *st->csrc);
	memmove(st->cgf, st->cgf + keep, m - keep);
	memmove(st->cwid, st->cwid + keep, m - keep);
	st->nc = m - keep;
	st->nkeep = rest - keep;
}

/* True when s holds an explicit bidi formatting character (U+202A-202E,
 * U+2066-2069): such a paragraph is laid out whole. */
static bool
stream_has_explicit(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s, *e = u + len, *p = u;

	while ((p = memchr(p, 0xE2, (size_t)(e - p))) != NULL && e - p >= 3) {
		if ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
		    (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))
			return true;
		p++;
	}
	return false;
}

/* Cuts the chunk of ck->n code points just decoded at st->done_cp into
 * cells, after those waiting for a row: their widths and flags, sources
 * and the code point each starts at. */
static void
stream_cells(struct stream *st, struct layout_ctx *ck)
{
	struct scratch *sc = &ck->sc;
	size_t n = ck->n, a = st->done_cp;
	struct cell ring[2];
	uint32_t ring_chars[1];

	if (ck->d.fill && ck->shape) {
		ck->origfill = xmalloc(n);
		for (size_t i = 0; i < n; i++)
			ck->origfill[i] = sc->text[i] == LAYOUT_FILL;
	}
	if (ck->shape && ck->d.arabic)
		layout_ligatures(ck);
	/* The cells go straight after those waiting for a row. */
	stream_reserve(st, st->nc + n + ck->d.extra + 1);
	uint32_t *aux = sc->aux;
	uint8_t *gflags = sc->gflags;
	sc->aux = st->cgcp + st->nc;
	sc->gflags = st->cgf + st->nc;
	memset(sc->roles, CELL_TEXT, n);
	struct cellout co = { .cells = ring, .cmask = 1, .chars = ring_chars, .chmask = 0,
		.wid = st->cwid + st->nc, .src = st->csrc + st->nc };
	size_t m = layout_cells(ck, &co, 0, n, st->done_bytes);
	sc->aux = aux;
	sc->gflags = gflags;
	free(ck->origfill);
	ck->origfill = NULL;
	st->nchars += co.nchars;
	for (size_t k = st->nc; k < st->nc + m; k++)
		st->cgcp[k] += (uint32_t)a;
	st->nc += m;
}

/* Cuts the bytes [st->done_bytes, st->end) of the paragraph into chunks,
 * their cells into rows (the last row waits for more cells unless the
 * paragraph ends there). */
static void
stream_run(struct stream *st)
{
	size_t cap = 2 * st->target + 64;
	struct layout_ctx ck = { .shape = st->o->shape };
	struct scratch *sc = &ck.sc;

	layout_scratch_init(sc, cap, NULL, 0);
	while (st->done_bytes < st->end) {
		size_t used;
		layout_decode(&ck, st->s + st->done_bytes, st->end - st->done_bytes, cap, &used);
		bool last = st->done_bytes + used == st->end, open_end;
		size_t n = stream_cut(sc, ck.d.n, st->target, ck.d.mirror, &open_end);
		if (last) {
			n = ck.d.n;
			st->open_end = open_end;
		}
		if (n == 0) {
			/* No place to end a chunk yet: take more at once. */
			free(sc->mem);
			cap *= 2;
			layout_scratch_init(sc, cap, NULL, 0);
			continue;
		}
		ck.n = n;
		size_t a = st->done_cp, bytes = 0;
		st->all.complex |= ck.d.complex;
		st->all.mixed |= ck.d.mixed;
		st->all.arabic |= ck.d.arabic;
		st->all.mirror |= ck.d.mirror;
		for (size_t i = 0; i < n && st->first == 0; i++)
			if (FRIBIDI_IS_LETTER(sc->types[i]))
				st->first = FRIBIDI_IS_RTL(sc->types[i]) ? FRIBIDI_PAR_RTL
									 : FRIBIDI_PAR_LTR;
		if (ck.d.clusters)
			layout_graphemes(sc, n);
		layout_break_bits(sc->text, n, sc->bf, (char *)sc->aux, st->o->full);

		/* The code points' byte offsets. */
		if (!st->shared)
			st->ckpt = stream_grow(st->ckpt, &st->ckcap, (a + n) / LAZY_STEP + 1,
					       sizeof *st->ckpt);
		for (size_t i = 0; i < n; i++) {
			if ((a + i) % LAZY_STEP == 0)
				st->ckpt[(a + i) / LAZY_STEP] = st->done_bytes + bytes;
			bytes += sc->blen[i];
		}
		st->pieces = stream_grow(st->pieces, &st->pcap, st->npieces + 1, sizeof *st->pieces);
		st->pieces[st->npieces++] = a;
		stream_cells(st, &ck);
		st->done_cp += n;
		st->done_bytes += bytes;
		stream_fill(st, st->done_bytes == st->len);
		if (st->met_row != SIZE_MAX)
			break;
	}
	free(sc->mem);
}

static void *
stream_thread(void *arg)
{
	stream_run(arg);
	return NULL;
}

/* Frees what a run keeps besides its results. */
static void
stream_free_cells(struct stream *st)
{
	free(st->cgcp);
	free(st->csrc);
	free(st->cgf);
	free(st->cwid);
	st->cgcp = NULL;
	st->csrc = NULL;
	st->cgf = st->cwid = NULL;
}

/* Where a second run may start in s[0, len): a place near the middle
 * between two letters (as stream_cut would end a chunk), or 0. */
static size_t
stream_split(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = len / 2, stop = len / 2 + 65536 < len ? len / 2 + 65536 : len;
	uint32_t prev = 0, c;

	i = utf8_forward(s, i, stop);
	while (i < stop) {
		size_t k = utf8_next(u + i, len - i, &c);
		uint8_t fp, fc;
		if (prev != 0 && prev != 0x0644 && stream_letter(prev) && stream_letter(c) &&
		    FRIBIDI_IS_LETTER(layout_char_bidi(prev, &fp)) &&
		    FRIBIDI_IS_LETTER(layout_char_bidi(c, &fc)))
			return i;
		prev = c;
		i += k;
	}
	return 0;
}

/* Has the first run st go on past the split until it meets the rows of
 * the second run b (done), then takes b's rows from there on. */
static void
stream_join(struct stream *st, struct stream *b)
{
	/* What the first run found up to the split, before it goes on. */
	size_t npieces = st->npieces, nchars = st->nchars;
	bool open_end = st->open_end;

	st->later = b;
	st->end = st->len;
	stream_run(st);
	if (st->met_row != SIZE_MAX) {
		size_t k = b->nrows - st->met_row;
		st->rowcap = st->nrows + k;
		st->rows = xreallocarray(st->rows, st->rowcap, sizeof *st->rows);
		st->lrows = xreallocarray(st->lrows, st->rowcap, sizeof *st->lrows);
		memcpy(st->rows + st->nrows, b->rows + st->met_row, k * sizeof *st->rows);
		memcpy(st->lrows + st->nrows, b->lrows + st->met_row, k * sizeof *st->lrows);
		st->nrows += k;
		st->nchars = nchars + b->nchars;
		st->done_cp = b->done_cp;
		st->done_bytes = b->done_bytes;
		if (st->first == 0)
			st->first = b->first;
		st->all.complex |= b->all.complex;
		st->all.mixed |= b->all.mixed;
		st->all.arabic |= b->all.arabic;
		st->all.mirror |= b->all.mirror;
		/* b's pieces hold only if no bracket pair spans the
		 * split: else a's last piece goes on to the end. */
		st->npieces = npieces;
		if (!open_end) {
			st->pieces = stream_grow(st->pieces, &st->pcap, st->npieces + b->npieces,
						 sizeof *st->pieces);
			memcpy(st->pieces + st->npieces, b->pieces, b->npieces * sizeof *b->pieces);
			st->npieces += b->npieces;
		}
	}
	free(b->pieces);
	free(b->rows);
	free(b->lrows);
	stream_free_cells(b);
}

/* The paragraph the finished run st made of lc->s, its rows to be built
 * when asked for; what st holds goes to it. */
static struct layout_para *
stream_para(struct layout_ctx *lc, struct stream *st)
{
	const struct layout_opts *o = lc->o;
	struct para_facts all = st->all;
	int width = lc->width;

	if (st->nrows == 0)
		stream_fill(st, true); /* an empty paragraph: one row */
	stream_free_cells(st);
	st->ncells = 0;
	for (size_t r = 0; r < st->nrows; r++)
		st->ncells += st->rows[r].ncells;
	lc->pbase = o->dir == DIR_LTR ? FRIBIDI_PAR_LTR
		    : o->dir == DIR_RTL ? FRIBIDI_PAR_RTL
		    : st->first != 0 ? st->first
		    : lc->fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	lc->bidi = all.complex || lc->pbase == FRIBIDI_PAR_RTL;
	lc->d.arabic = all.arabic;
	lc->d.mirror = all.mirror;
	lc->n = st->done_cp;

	struct layout_para *p = xcalloc(1, sizeof *p);
	struct layout_lazy *lz = layout_lazy_new(lc);
	p->rows = st->rows; /* freed with lz (layout_lazy_free) */
	p->nrows = st->nrows;
	p->ncells = st->ncells;
	p->nchars = st->nchars;
	p->width = width;
	p->dir = lc->pbase == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;
	p->lazy = lz;
	for (size_t r = 0; r < p->nrows; r++)
		p->rows[r].indent = p->dir == DIR_RTL ? width - p->rows[r].width : 0;
	layout_lazy_set_rows(lz, st->lrows, st->ckpt, st->rows);
	if (lc->bidi && !all.mixed && lc->pbase == FRIBIDI_PAR_RTL) {
		layout_lazy_set_levels(lz, NULL, 0, 1); /* only R, AL and neutrals */
		free(st->pieces);
	} else if (lc->bidi) {
		layout_lazy_set_levels(lz, st->pieces, st->npieces, 0);
	} else {
		free(st->pieces);
	}
	return p;
}

/* Lays out the giant paragraph lc->s chunk by chunk (see struct stream);
 * NULL when it holds explicit formatting. A paragraph of some megabytes
 * is laid out by two runs at once, the second from its middle. */
struct layout_para *
layout_stream(struct layout_ctx *lc)
{
	const char *s = lc->s;
	size_t len = lc->len;
	const struct layout_opts *o = lc->o;

	if (stream_has_explicit(s, len))
		return NULL;
	struct stream st = { .s = s, .len = len, .end = len, .o = o, .base = lc->base,
		.target = o->bidi_piece ? o->bidi_piece : STREAM_CHUNK, .width = lc->width,
		.tabstop = lc->tabstop };
	size_t ncp = utf8_count(s, len) + 1; /* code points, unless bytes are stray */
	/* Arrays written in full: their pages mapped in at once, not a fault
	 * each. Rows take about a width of code points each. */
	st.ckpt = stream_grow(NULL, &st.ckcap, ncp / LAZY_STEP + 1, sizeof *st.ckpt);
	xalloc_prefault(st.ckpt, st.ckcap * sizeof *st.ckpt);
	size_t split_min = o->split_min ? o->split_min : STREAM_TWO_RUNS;
	size_t split = len >= split_min && u8_check((const uint8_t *)s, len) == NULL
		       ? stream_split(s, len) : 0;
	/* Each run's rows, for about its share of the code points. */
	size_t share = split > 0 ? ncp / 2 + ncp / 16 : ncp;
	st.rowcap = share / (size_t)lc->width + share / (8 * (size_t)lc->width) + 64;
	st.rows = xmalloc(st.rowcap * sizeof *st.rows);
	st.lrows = xmalloc(st.rowcap * sizeof *st.lrows);
	xalloc_prefault(st.rows, st.rowcap * sizeof *st.rows);
	xalloc_prefault(st.lrows, st.rowcap * sizeof *st.lrows);
	pthread_t tid;
	struct stream b;
	st.met_row = SIZE_MAX;
	if (split > 0) {
		b = st;
		b.done_bytes = b.start_byte = split;
		b.done_cp = b.start_cp = utf8_count(s, split);
		b.shared = true;
		b.rowcap = st.rowcap;
		b.rows = xmalloc(b.rowcap * sizeof *b.rows);
		b.lrows = xmalloc(b.rowcap * sizeof *b.lrows);
		st.end = split;
		st.shared = true;
		if (pthread_create(&tid, NULL, stream_thread, &b) != 0) {
			free(b.rows);
			free(b.lrows);
			split = 0, st.end = len, st.shared = false;
		}
	}
	stream_run(&st);
	if (split > 0) {
		pthread_join(tid, NULL);
		stream_join(&st, &b);
	}
	return stream_para(lc, &st);
}
