/* Giant paragraphs: a paragraph of more code points than layout_opts.lazy_min
 * keeps where its rows start and end and byte offsets every LAZY_STEP code
 * points; a row's cells are built from the text when the row is asked for,
 * with the levels of the bidi pieces around it, resolved then and kept for
 * a few pieces. Laying such a paragraph out streams through it a chunk at
 * a time. */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <unistr.h>

#include "layout/layout_bidi.h"
#include "layout/layout_int.h"
#include "text/lib.h"

/* Code points a chunk, and so a piece of levels, has at least: small, so
 * that the levels of the first rows shown come in a few milliseconds. */
#define STREAM_CHUNK 16384
/* Bytes from which a paragraph is laid out by two runs at once. */
#define STREAM_TWO_RUNS (2u << 20)

/* A giant paragraph keeps what its rows need to be built again: a byte
 * offset every LAZY_STEP code points, where each row starts and ends, and
 * its levels: one for all, or those of its bidi pieces, resolved when a row
 * needs them and kept for LAZY_PIECES pieces (or, for a paragraph that
 * cannot be cut into pieces, a byte a code point). A row's cells are built
 * when asked for, into one of LAZY_SLOTS. */
#define LAZY_STEP 256
#define LAZY_SLOTS 256
#define LAZY_PIECES 8
#define LAZY_CONTEXT 32 /* code points decoded around a row for Arabic joining */

/* Where a row is in the paragraph's code points. */
struct lazy_row {
	uint32_t c0, c1; /* the code points of its cells, [c0, c1) */
	uint8_t q0;      /* pieces of the placeholder at c0 on the rows before */
};

/* A row built, with its cells and code points in one allocation. */
struct lazy_slot {
	size_t row;         /* SIZE_MAX when empty */
	struct cell *cells; /* owned */
	uint32_t *chars;
};

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
	struct {
		size_t piece;       /* SIZE_MAX when empty */
		uint8_t *lv;        /* owned: its levels */
	} kept[LAZY_PIECES];
	unsigned next_kept;         /* the one to replace next */
	struct layout_row *para_rows; /* owned: the paragraph's rows, when not in its block */
	bool marked;                /* each row gets the marks of a list item or quote */
	bool mark_rtl;
	struct layout_mark mark;    /* those marks (layout_mark.c) */
	uint32_t mark_vis[LAYOUT_MARK_MAX];
	struct lazy_slot slot[LAZY_SLOTS];
};

/* Builds the cells of a whole giant paragraph only to fill its rows, then
 * keeps what the rows need to be built again. */
struct layout_para *
layout_core_lazy(struct scratch *sc, size_t n, size_t gcap, const struct layout_opts *o,
		 int width, size_t base, bool bidi, FriBidiParType pbase, bool arabic,
		 bool mirror, const uint8_t *origfill, const char *s, size_t len)
{
	struct cell ring[2];
	uint32_t ring_chars[1];
	uint8_t *wid = xmalloc(gcap);
	struct cellout co = { .cells = ring, .cmask = 1, .chars = ring_chars, .chmask = 0,
		.wid = wid };
	int tabstop = o->tabstop ? o->tabstop : 8;

	memset(sc->roles, CELL_TEXT, n);
	size_t m = layout_cells(&co, sc, 0, n, n, o->shape, origfill, base);
	struct row_span rows0[64], *spansr = rows0;
	size_t rcap = sizeof rows0 / sizeof *rows0;
	size_t nrows = layout_fill(NULL, NULL, wid, sc->gflags, m, width, tabstop, &spansr,
				   &rcap, rows0, 0, true, NULL);
	free(wid);

	size_t rows_at = (sizeof(struct layout_para) + 15) / 16 * 16;
	char *mem = xmalloc(rows_at + nrows * sizeof(struct layout_row));
	struct layout_para *p = (struct layout_para *)mem;
	struct layout_lazy *lz = xcalloc(1, sizeof *lz);
	memset(p, 0, sizeof *p);
	p->rows = (struct layout_row *)(mem + rows_at);
	p->nrows = nrows;
	p->nchars = co.nchars;
	p->width = width;
	p->dir = pbase == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;
	p->lazy = lz;
	lz->rows = xmalloc(nrows * sizeof *lz->rows);
	const uint32_t *gcp = sc->aux;
	const uint8_t *gf = sc->gflags, *blen = sc->blen;
	size_t cp = 0, off = 0, cpe = 0, offe = 0, total = 0;
	for (size_t r = 0; r < nrows; r++) {
		size_t g0 = spansr[r].g0, g1 = spansr[r].g1, k = g1 - g0;
		struct layout_row *row = &p->rows[r];
		*row = (struct layout_row){ .first_cell = 0, .ncells = k,
			.width = spansr[r].width, .src_start = base, .src_end = base };
		row->indent = p->dir == DIR_RTL ? width - row->width : 0;
		lz->rows[r] = (struct lazy_row){ 0, 0, 0 };
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
		lz->rows[r] = (struct lazy_row){ (uint32_t)c0, (uint32_t)c1, (uint8_t)q0 };
		total += k;
	}
	p->ncells = total;
	if (spansr != rows0)
		free(spansr);

	if (bidi) {
		lz->lv = xmalloc(n);
		for (size_t i = 0; i < n; i++)
			lz->lv[i] = (uint8_t)sc->levels[i];
	}
	lz->ckpt = xmalloc((n / LAZY_STEP + 1) * sizeof *lz->ckpt);
	off = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % LAZY_STEP == 0)
			lz->ckpt[i / LAZY_STEP] = off;
		off += blen[i];
	}
	lz->s = s;
	lz->len = len;
	lz->base = base;
	lz->n = n;
	lz->tabstop = tabstop;
	lz->shape = o->shape;
	lz->bidi = bidi;
	lz->arabic = arabic;
	lz->mirror = mirror;
	lz->pbase = pbase;
	for (size_t k = 0; k < LAZY_SLOTS; k++)
		lz->slot[k].row = SIZE_MAX;
	for (size_t k = 0; k < LAZY_PIECES; k++)
		lz->kept[k].piece = SIZE_MAX;
	return p;
}

/* What shaping does to the cells of a paragraph whose levels wait: a lam
 * right before an alef becomes the fill that the ligature leaves. */
static void
lazy_ligatures(struct scratch *sc, size_t n)
{
	uint32_t *t = sc->text;

	for (size_t i = 0; i + 1 < n; i++)
		if (t[i] == 0x0644 && (t[i + 1] == 0x0622 || t[i + 1] == 0x0623 ||
				       t[i + 1] == 0x0625 || t[i + 1] == 0x0627))
			t[i] = LAYOUT_FILL;
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

/* The levels of piece k, resolved now unless kept from before. */
static const uint8_t *
lazy_piece_levels(struct layout_lazy *lz, size_t k)
{
	for (size_t j = 0; j < LAZY_PIECES; j++)
		if (lz->kept[j].piece == k)
			return lz->kept[j].lv;
	unsigned j = lz->next_kept;
	lz->next_kept = (j + 1) % LAZY_PIECES;
	free(lz->kept[j].lv);
	lz->kept[j].lv = lazy_resolve_piece(lz, k);
	lz->kept[j].piece = k;
	return lz->kept[j].lv;
}

/* Writes the levels of code points [w0, w1) into out. */
static void
lazy_levels(struct layout_lazy *lz, size_t w0, size_t w1, FriBidiLevel *out)
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
	size_t lo = 0, hi = lz->npieces;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (lz->pieces[mid] <= w0)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t k = lo, cp = w0; cp < w1; k++) {
		size_t a = lz->pieces[k], b = k + 1 < lz->npieces ? lz->pieces[k + 1] : lz->n;
		size_t e = b < w1 ? b : w1;
		const uint8_t *lv = lazy_piece_levels(lz, k);
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

/* Decodes code points [w0, w1) of a giant paragraph into sc as the whole
 * paragraph was, with its levels (offs: the byte offset of each in s).
 * Cluster starts hold from c0, a row's start: the rules of UAX #29 look
 * back, never ahead, and never before a cluster start. */
static void
lazy_decode(struct layout_lazy *lz, struct scratch *sc, size_t w0, size_t w1, size_t c0,
	    size_t *offs)
{
	const unsigned char *u = (const unsigned char *)lz->s;
	size_t cp = w0 / LAZY_STEP * LAZY_STEP, i = lz->ckpt[w0 / LAZY_STEP], used;
	struct para_facts d;
	uint32_t c;

	while (cp < w0) {
		i += utf8_next(u + i, lz->len - i, &c);
		cp++;
	}
	layout_decode(lz->s + i, lz->len - i, w1 - w0, sc, &d, &used);
	for (size_t k = 0; k < w1 - w0; k++) {
		offs[k] = i;
		i += sc->blen[k];
	}
	lazy_levels(lz, w0, w1, sc->levels);
	if (d.clusters) {
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
	bool join = lz->bidi && lz->shape && lz->arabic;
	size_t w0, w1, wn, at = 0;
	_Alignas(16) char stack[16384];
	struct scratch w;
	size_t *offs = NULL;

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
	size_t before = join ? LAZY_CONTEXT : 0, after = join ? LAZY_CONTEXT : 1;
	for (;;) {
		/* Joining looks past transparent marks: widen until the code
		 * points around the row hold enough that join. */
		w0 = c0 > before ? c0 - before : 0;
		w1 = c1 + after < lz->n ? c1 + after : lz->n;
		wn = w1 - w0;
		layout_scratch_init(&w, wn, stack, sizeof stack);
		offs = xmalloc((wn + 1) * sizeof *offs);
		lazy_decode(lz, &w, w0, w1, c0, offs);
		at = offs[c0 - w0];
		if (!join || ((w0 == 0 || lazy_joiners(w.text, 0, c0 - w0) >= 3) &&
			      (w1 == lz->n || lazy_joiners(w.text, c1 - w0, wn) >= 2)))
			break;
		free(offs);
		free(w.mem);
		before = before ? before * 4 : LAZY_CONTEXT;
		after *= 4;
	}
	memset(w.roles, CELL_TEXT, wn);
	for (size_t k = 0; k < lz->nspans; k++) {
		static const uint8_t role_of[] = {
			[SPAN_EMPH] = CELL_EMPH, [SPAN_STRONG] = CELL_STRONG,
			[SPAN_CODE] = CELL_CODE, [SPAN_LINK] = CELL_LINK,
		};
		const struct span *sp = &lz->spans[k];
		if (sp->start + sp->len <= offs[0] || sp->start > offs[wn - 1] ||
		    (unsigned)sp->style >= sizeof role_of)
			continue; /* outside the window, or directional markup */
		uint8_t role = role_of[sp->style];
		for (size_t i = 0; i < wn; i++)
			if (offs[i] >= sp->start && offs[i] < sp->start + sp->len)
				w.roles[i] = role;
	}
	free(offs);
	uint8_t *origfill = NULL;
	if (lz->shape) {
		origfill = xmalloc(wn);
		for (size_t i = 0; i < wn; i++)
			origfill[i] = w.text[i] == LAYOUT_FILL;
	}
	if (lz->bidi)
		layout_shape(&w, wn, lz->shape, lz->arabic, lz->mirror);

	/* Cells: those of the rows before at c0 (a placeholder's first
	 * pieces), the row's, and the rest of a placeholder cut at the end. */
	size_t cap = q0 + ncells + 13, chcap = (c1 - c0) + cap;
	char *mem = xmalloc(cap * sizeof(struct cell) + chcap * sizeof(uint32_t));
	struct cell *cells = (struct cell *)mem;
	uint32_t *chars = (uint32_t *)(mem + cap * sizeof(struct cell));
	w.more = xmalloc(cap * (sizeof *w.aux + 1));
	w.aux = (uint32_t *)w.more;
	w.gflags = (uint8_t *)w.more + cap * sizeof *w.aux;
	struct cellout co = { .cells = cells, .cmask = SIZE_MAX, .chars = chars,
		.chmask = SIZE_MAX, .wid = NULL };
	size_t m = layout_cells(&co, &w, c0 - w0, c1 - w0, wn, lz->shape, origfill,
				lz->base + at);
	free(origfill);
	if (m < q0 + ncells)
		abort(); /* the rows were cut from these same cells */

	/* What the fill did to the row's cells: tab widths, a cell wider
	 * than the row shown as one narrow stand-in. */
	struct cell *row = cells + q0;
	int col = 0;
	for (size_t i = 0; i < ncells; i++) {
		if (w.gflags[q0 + i] & GF_TAB) {
			int tw = lz->tabstop - col % lz->tabstop;
			if (col == 0 && tw > p->width)
				tw = p->width;
			if (tw > 255)
				tw = 255;
			row[i].width = (uint8_t)tw;
		}
		if (ncells == 1 && row[i].width > p->width) {
			chars[row[i].chars] = LAYOUT_TOO_WIDE;
			row[i].nchars = 1;
			row[i].width = 1;
			row[i].role = CELL_PLACEHOLDER;
		}
		col += row[i].width;
	}
	if (lz->bidi) {
		struct rowbuf rb;
		layout_rowbuf_init(&rb);
		layout_reorder(row, &w, &rb, c1 - w0, m, q0, q0 + ncells, lz->pbase);
		free(rb.heap_cp);
		free(rb.heap_cells);
	}
	if (lz->block != NULL)
		for (size_t i = 0; i < ncells; i++) {
			size_t start = block_doc_offset(lz->block, row[i].src);
			size_t end = block_doc_offset(lz->block, row[i].src + row[i].src_len);
			row[i].src = start;
			row[i].src_len = (uint32_t)(end > start ? end - start : 0);
		}
	if (q0 > 0)
		memmove(cells, row, ncells * sizeof *cells);
	free(w.more);
	free(w.mem);
	sl->cells = cells;
	sl->chars = chars;
	sl->row = r;
	lazy_mark(p, r, sl, ncells, co.nchars);
}

const struct cell *
layout_row_cells(const struct layout_para *p, size_t r, const uint32_t **chars)
{
	if (p->lazy == NULL) {
		*chars = p->chars;
		return p->cells + p->rows[r].first_cell;
	}
	struct lazy_slot *sl = &p->lazy->slot[r % LAZY_SLOTS];
	if (sl->row != r)
		lazy_build(p, r, sl);
	*chars = sl->chars;
	return sl->cells;
}

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
stream_fill(struct stream *st, int width, int tabstop, size_t base, bool final)
{
	struct row_span rows0[64], *spansr = rows0;
	size_t rcap = sizeof rows0 / sizeof *rows0, rest, start;
	size_t m = st->nc;

	start = st->nkeep; /* cells before it belong to rows already made */
	if (final && start == m && st->nrows > 0)
		return;
	size_t nrows = layout_fill(NULL, NULL, st->cwid, st->cgf, m, width, tabstop, &spansr,
				   &rcap, rows0, start, final, &rest);
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
	if (spansr != rows0)
		free(spansr);
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

/* Cuts the bytes [st->done_bytes, st->end) of the paragraph into chunks,
 * their cells into rows (the last row waits for more cells unless the
 * paragraph ends there). */
static void
stream_run(struct stream *st)
{
	const struct layout_opts *o = st->o;
	size_t cap = 2 * st->target + 64;
	struct scratch sc;
	struct para_facts d;
	struct cell ring[2];
	uint32_t ring_chars[1];

	layout_scratch_init(&sc, cap, NULL, 0);
	while (st->done_bytes < st->end) {
		size_t used;
		layout_decode(st->s + st->done_bytes, st->end - st->done_bytes, cap, &sc, &d, &used);
		bool last = st->done_bytes + used == st->end, open_end;
		size_t n = stream_cut(&sc, d.n, st->target, d.mirror, &open_end);
		if (last) {
			n = d.n;
			st->open_end = open_end;
		}
		if (n == 0) {
			/* No place to end a chunk yet: take more at once. */
			free(sc.mem);
			cap *= 2;
			layout_scratch_init(&sc, cap, NULL, 0);
			continue;
		}
		size_t a = st->done_cp, bytes = 0;
		st->all.complex |= d.complex;
		st->all.mixed |= d.mixed;
		st->all.arabic |= d.arabic;
		st->all.mirror |= d.mirror;
		for (size_t i = 0; i < n && st->first == 0; i++)
			if (FRIBIDI_IS_LETTER(sc.types[i]))
				st->first = FRIBIDI_IS_RTL(sc.types[i]) ? FRIBIDI_PAR_RTL
									: FRIBIDI_PAR_LTR;
		if (d.clusters)
			layout_graphemes(&sc, n);
		layout_break_bits(sc.text, n, sc.bf, (char *)sc.aux);

		/* The code points' byte offsets. */
		if (!st->shared)
			st->ckpt = stream_grow(st->ckpt, &st->ckcap, (a + n) / LAZY_STEP + 1,
					       sizeof *st->ckpt);
		for (size_t i = 0; i < n; i++) {
			if ((a + i) % LAZY_STEP == 0)
				st->ckpt[(a + i) / LAZY_STEP] = st->done_bytes + bytes;
			bytes += sc.blen[i];
		}
		st->pieces = stream_grow(st->pieces, &st->pcap, st->npieces + 1, sizeof *st->pieces);
		st->pieces[st->npieces++] = a;

		/* Cells: their widths and flags, and the code point each starts at. */
		uint8_t *origfill = NULL;
		if (d.fill && o->shape) {
			origfill = xmalloc(n);
			for (size_t i = 0; i < n; i++)
				origfill[i] = sc.text[i] == LAYOUT_FILL;
		}
		if (o->shape && d.arabic)
			lazy_ligatures(&sc, n);
		/* The cells go straight after those waiting for a row. */
		stream_reserve(st, st->nc + n + d.extra + 1);
		uint32_t *aux = sc.aux;
		uint8_t *gflags = sc.gflags;
		sc.aux = st->cgcp + st->nc;
		sc.gflags = st->cgf + st->nc;
		memset(sc.roles, CELL_TEXT, n);
		struct cellout co = { .cells = ring, .cmask = 1, .chars = ring_chars, .chmask = 0,
			.wid = st->cwid + st->nc, .src = st->csrc + st->nc };
		size_t m = layout_cells(&co, &sc, 0, n, n, o->shape, origfill, st->done_bytes);
		sc.aux = aux;
		sc.gflags = gflags;
		free(origfill);
		st->nchars += co.nchars;
		for (size_t k = st->nc; k < st->nc + m; k++)
			st->cgcp[k] += (uint32_t)a;
		st->nc += m;
		st->done_cp += n;
		st->done_bytes += bytes;
		stream_fill(st, st->width, st->tabstop, st->base, st->done_bytes == st->len);
		if (st->met_row != SIZE_MAX)
			break;
	}
	free(sc.mem);
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

/* Lays out a giant paragraph s[0, len) chunk by chunk (see struct stream);
 * NULL when it holds explicit formatting. A paragraph of some megabytes
 * is laid out by two runs at once, the second from its middle. */
struct layout_para *
layout_stream(const char *s, size_t len, size_t base, const struct layout_opts *o,
	      enum text_dir fallback)
{
	if (stream_has_explicit(s, len))
		return NULL;
	int width = o->width < 1 ? 1 : o->width, tabstop = o->tabstop ? o->tabstop : 8;
	struct stream st = { .s = s, .len = len, .end = len, .o = o, .base = base,
		.target = o->bidi_piece ? o->bidi_piece : STREAM_CHUNK, .width = width,
		.tabstop = tabstop };
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
	st.rowcap = share / (size_t)width + share / (8 * (size_t)width) + 64;
	st.rows = xmalloc(st.rowcap * sizeof *st.rows);
	st.lrows = xmalloc(st.rowcap * sizeof *st.lrows);
	xalloc_prefault(st.rows, st.rowcap * sizeof *st.rows);
	xalloc_prefault(st.lrows, st.rowcap * sizeof *st.lrows);
	pthread_t tid;
	struct stream b;
	st.met_row = SIZE_MAX;
	if (split > 0) {
		/* Every table a run reads is built before the second starts. */
		uint32_t one = 'a';
		char tmp[2];
		uint8_t bits[2] = { 0 };
		layout_break_bits(&one, 1, bits, tmp);
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
		/* What the first run found up to the split, before it goes on. */
		size_t npieces = st.npieces, nchars = st.nchars;
		bool open_end = st.open_end;
		st.later = &b;
		st.end = len;
		stream_run(&st);
		if (st.met_row != SIZE_MAX) {
			size_t k = b.nrows - st.met_row;
			st.rowcap = st.nrows + k;
			st.rows = xreallocarray(st.rows, st.rowcap, sizeof *st.rows);
			st.lrows = xreallocarray(st.lrows, st.rowcap, sizeof *st.lrows);
			memcpy(st.rows + st.nrows, b.rows + st.met_row, k * sizeof *st.rows);
			memcpy(st.lrows + st.nrows, b.lrows + st.met_row, k * sizeof *st.lrows);
			st.nrows += k;
			st.nchars = nchars + b.nchars;
			st.done_cp = b.done_cp;
			st.done_bytes = b.done_bytes;
			if (st.first == 0)
				st.first = b.first;
			st.all.complex |= b.all.complex;
			st.all.mixed |= b.all.mixed;
			st.all.arabic |= b.all.arabic;
			st.all.mirror |= b.all.mirror;
			/* b's pieces hold only if no bracket pair spans the
			 * split: else a's last piece goes on to the end. */
			st.npieces = npieces;
			if (!open_end) {
				st.pieces = stream_grow(st.pieces, &st.pcap, st.npieces + b.npieces,
							sizeof *st.pieces);
				memcpy(st.pieces + st.npieces, b.pieces,
				       b.npieces * sizeof *b.pieces);
				st.npieces += b.npieces;
			}
		}
		free(b.pieces);
		free(b.rows);
		free(b.lrows);
		stream_free_cells(&b);
	}
	if (st.nrows == 0)
		stream_fill(&st, width, tabstop, base, true); /* an empty paragraph: one row */
	stream_free_cells(&st);
	st.ncells = 0;
	for (size_t r = 0; r < st.nrows; r++)
		st.ncells += st.rows[r].ncells;

	FriBidiParType first = st.first;
	struct para_facts all = st.all;
	FriBidiParType pbase = o->dir == DIR_LTR ? FRIBIDI_PAR_LTR
			       : o->dir == DIR_RTL ? FRIBIDI_PAR_RTL
			       : first != 0 ? first
			       : fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	struct layout_para *p = xcalloc(1, sizeof *p);
	struct layout_lazy *lz = xcalloc(1, sizeof *lz);
	p->rows = st.rows; /* freed with lz (layout_lazy_free) */
	lz->para_rows = st.rows;
	p->nrows = st.nrows;
	p->ncells = st.ncells;
	p->nchars = st.nchars;
	p->width = width;
	p->dir = pbase == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;
	p->lazy = lz;
	for (size_t r = 0; r < p->nrows; r++)
		p->rows[r].indent = p->dir == DIR_RTL ? width - p->rows[r].width : 0;
	lz->rows = st.lrows;
	lz->ckpt = st.ckpt;
	lz->s = s;
	lz->len = len;
	lz->base = base;
	lz->n = st.done_cp;
	lz->tabstop = tabstop;
	lz->shape = o->shape;
	lz->bidi = all.complex || pbase == FRIBIDI_PAR_RTL;
	lz->arabic = all.arabic;
	lz->mirror = all.mirror;
	lz->pbase = pbase;
	if (lz->bidi && !all.mixed && pbase == FRIBIDI_PAR_RTL) {
		lz->level = 1; /* only R, AL and neutrals */
		free(st.pieces);
	} else if (lz->bidi) {
		lz->pieces = st.pieces;
		lz->npieces = st.npieces;
	} else {
		free(st.pieces);
	}
	for (size_t k = 0; k < LAZY_PIECES; k++)
		lz->kept[k].piece = SIZE_MAX;
	for (size_t k = 0; k < LAZY_SLOTS; k++)
		lz->slot[k].row = SIZE_MAX;
	return p;
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
	free(lz->lv);
	free(lz->pieces);
	for (size_t k = 0; k < LAZY_PIECES; k++)
		free(lz->kept[k].lv);
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
