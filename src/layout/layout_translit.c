/* The transliterated view of a block: its text cut into pieces (runs of one
 * script between spaces), each piece put through ICU's transliterator for
 * its script (text/translit.c), with an offset map from the Latin text back
 * to the source; the Latin text is then laid out left to right by the
 * ordinary engine, so every cell still knows the source it stands for.
 * Interlinear: each row of the original followed by the rows of the Latin
 * text of the same source range. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "layout/layout_int.h"
#include "layout/layout.h"
#include "text/lib.h"

#define PIECE_SPACE (-2) /* a run of spaces: copied */
#define PIECE_COPY (-1)  /* Latin or script-less: copied */

/* A block's text in Latin letters. */
struct translit_text {
	struct strbuf text;
	struct offmap map;   /* text offsets -> doc->text offsets */
	size_t last_src;     /* the largest source offset of map's points */
	struct span *spans;  /* owned: the block's inline styles, on text */
	size_t nspans;
};

/* Adds the point (t, doc offset of block offset off) unless it would not
 * move forward in both texts: the map stays sorted both ways. */
static void
translit_point(struct translit_text *tt, const struct block *b, size_t t, size_t off)
{
	size_t src = block_doc_offset(b, off);

	if (tt->map.n > 0 && src <= tt->last_src)
		return;
	offmap_add(&tt->map, t, src);
	tt->last_src = src;
}

/* The piece class of code point c: a transliterator, a space or a copy.
 * Script-less characters (digits, punctuation, marks) go with the piece
 * they are in (prev) unless it is copied: then those beyond ASCII (the
 * Arabic comma after "2014") go with the block's script. */
static int
translit_class(uint32_t c, int prev, int block_id, const char *lang)
{
	if (u_isUWhiteSpace((UChar32)c))
		return PIECE_SPACE;
	UErrorCode ec = U_ZERO_ERROR;
	int sc = uscript_getScript((UChar32)c, &ec);
	if (U_FAILURE(ec) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED ||
	    sc == USCRIPT_UNKNOWN) {
		if (prev >= 0 || (prev == PIECE_COPY && c < 0x80))
			return prev;
		return c < 0x80 ? PIECE_COPY : block_id;
	}
	return translit_for_script(sc, lang);
}

/* Appends the source piece [s0, s1) of b as it is. */
static void
translit_copy(struct translit_text *tt, const struct block *b, size_t s0, size_t s1)
{
	if (b->map == NULL) {
		translit_point(tt, b, tt->text.len, s0);
		strbuf_append(&tt->text, b->text + s0, s1 - s0);
		return;
	}
	/* Markup was stripped: a point per character keeps its rewrites. */
	for (size_t i = s0; i < s1;) {
		size_t k = utf8_forward(b->text, i + 1, s1);
		translit_point(tt, b, tt->text.len, i);
		strbuf_append(&tt->text, b->text + i, k - i);
		i = k;
	}
}

/* Appends the source piece [s0, s1) of b transliterated by id, mapping
 * its j-th output character to the source character in proportion. */
static void
translit_piece(struct translit_text *tt, const struct block *b, size_t s0, size_t s1, int id)
{
	size_t t0 = tt->text.len;

	if (id < 0 || !translit_utf8((enum translit_id)id, b->text + s0, s1 - s0, &tt->text)) {
		translit_copy(tt, b, s0, s1);
		return;
	}
	size_t t1 = tt->text.len;
	size_t m = utf8_count(b->text + s0, s1 - s0), k = utf8_count(tt->text.data + t0, t1 - t0);
	size_t j = 0, i = 0, si = s0;
	for (size_t t = t0; t < t1; t = utf8_forward(tt->text.data, t + 1, t1), j++) {
		size_t want = k > 0 ? j * m / k : 0;
		for (; i < want && si < s1; i++)
			si = utf8_forward(b->text, si + 1, s1);
		translit_point(tt, b, t, si);
	}
}

/* Builds the Latin text of block b and its map to doc->text. */
static void
translit_build(const struct block *b, struct translit_text *tt)
{
	int block_id = translit_for_script(b->script, b->lang);
	size_t i = 0, start = 0;
	int cls = PIECE_SPACE;

	memset(tt, 0, sizeof *tt);
	while (i < b->len) {
		uint32_t c;
		size_t k = i + utf8_next((const unsigned char *)b->text + i, b->len - i, &c);
		int next = translit_class(c, cls, block_id, b->lang);
		if (i > start && next != cls) {
			translit_piece(tt, b, start, i, cls);
			start = i;
		}
		cls = next;
		i = k;
	}
	if (b->len > start)
		translit_piece(tt, b, start, b->len, cls);
	translit_point(tt, b, tt->text.len, b->len);
	if (tt->text.data == NULL)
		strbuf_grow(&tt->text, 0);
	/* Inline styles move with their text; direction markup has no sense
	 * left to right. */
	tt->spans = xreallocarray(NULL, b->nspans + 1, sizeof *tt->spans);
	for (size_t s = 0; s < b->nspans; s++) {
		const struct span *sp = &b->spans[s];
		if (sp->style >= SPAN_ISOLATE)
			continue;
		size_t a = offmap_to_text(&tt->map, block_doc_offset(b, sp->start));
		size_t z = offmap_to_text(&tt->map, block_doc_offset(b, sp->start + sp->len));
		if (z > tt->text.len)
			z = tt->text.len;
		if (z > a)
			tt->spans[tt->nspans++] = (struct span){ .start = (uint32_t)a,
				.len = (uint32_t)(z - a), .style = sp->style };
	}
}

static void
translit_text_free(struct translit_text *tt)
{
	strbuf_free(&tt->text);
	offmap_free(&tt->map);
	free(tt->spans);
}

/* A block standing for [t0, t1) of the Latin text of b: its own text,
 * map (into *map, owned by the caller) and styles (into spans). */
static struct block
translit_slice(const struct block *b, const struct translit_text *tt, size_t t0, size_t t1,
	       struct offmap *map, struct span *spans)
{
	struct block s = *b;

	s.text = tt->text.data + t0;
	s.len = t1 - t0;
	s.text_off = 0;
	offmap_add(map, 0, offmap_to_src(&tt->map, t0));
	/* The points after t0, found by bisection: a giant paragraph has
	 * many rows and many points. */
	size_t lo = 0, hi = tt->map.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (offmap_point_at(&tt->map, mid).text <= t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < tt->map.n; i++) {
		struct offmap_point pt = offmap_point_at(&tt->map, i);
		if (pt.text > t1)
			break;
		offmap_add(map, pt.text - t0, pt.src);
	}
	s.map = map;
	s.nspans = 0;
	for (size_t i = 0; i < tt->nspans; i++) {
		size_t a = tt->spans[i].start, z = a + tt->spans[i].len;
		a = a < t0 ? t0 : a;
		z = z > t1 ? t1 : z;
		if (z > a)
			spans[s.nspans++] = (struct span){ .start = (uint32_t)(a - t0),
				.len = (uint32_t)(z - a), .style = tt->spans[i].style };
	}
	s.spans = spans;
	s.script = USCRIPT_LATIN;
	s.dir = DIR_LTR;
	s.dir_set = 1;
	return s;
}

/* One row of a paragraph being joined. */
struct join_row {
	size_t pi; /* the paragraph's index in the joined ones */
	size_t r;
};

/* A paragraph of the given rows of other paragraphs, in order, with the
 * direction dir, in one allocation as the engine makes them. */
static struct layout_para *
translit_join(const struct join_row *jr, size_t n, const struct layout_para *const *paras,
	      size_t nparas, enum text_dir dir, int width)
{
	size_t ncells = 0, nchars = 0;

	for (size_t i = 0; i < n; i++)
		ncells += paras[jr[i].pi]->rows[jr[i].r].ncells;
	for (size_t i = 0; i < nparas; i++)
		nchars += paras[i]->nchars;
	size_t cells_at = (sizeof(struct layout_para) + 15) / 16 * 16;
	size_t chars_at = cells_at + ncells * sizeof(struct cell);
	size_t rows_at = (chars_at + nchars * sizeof(uint32_t) + 15) / 16 * 16;
	char *mem = xmalloc(rows_at + (n ? n : 1) * sizeof(struct layout_row));
	struct layout_para *q = (struct layout_para *)mem;
	size_t *base = xcalloc(nparas ? nparas : 1, sizeof *base);

	memset(q, 0, sizeof *q);
	q->cells = (struct cell *)(mem + cells_at);
	q->chars = (uint32_t *)(mem + chars_at);
	q->rows = (struct layout_row *)(mem + rows_at);
	q->width = width;
	q->dir = dir;
	for (size_t i = 0; i < nparas; i++) {
		base[i] = q->nchars;
		memcpy(q->chars + q->nchars, paras[i]->chars, paras[i]->nchars * sizeof(uint32_t));
		q->nchars += paras[i]->nchars;
	}
	for (size_t i = 0; i < n; i++) {
		size_t pi = jr[i].pi;
		const uint32_t *pchars;
		const struct cell *cells = layout_row_cells(paras[pi], jr[i].r, &pchars);
		struct layout_row *row = &q->rows[q->nrows++];
		*row = paras[pi]->rows[jr[i].r];
		row->first_cell = q->ncells;
		for (size_t c = 0; c < row->ncells; c++) {
			struct cell *d = &q->cells[q->ncells++];
			*d = cells[c];
			d->chars += (uint32_t)base[pi];
		}
	}
	free(base);
	return q;
}

/* Each row of b's layout followed by the rows of its transliteration. */
static struct layout_para *
translit_interlinear(const struct block *b, const struct translit_text *tt,
		     const struct layout_opts *lo)
{
	struct layout_opts oo = *lo;
	struct layout_para *orig = layout_block(b, &oo);
	size_t nr = orig->nrows;
	struct layout_para **paras = xcalloc(nr + 1, sizeof *paras);
	struct span *spans = xreallocarray(NULL, tt->nspans + 1, sizeof *spans);
	size_t njr = 0, cap = nr * 2 + 1;
	struct join_row *jr = xreallocarray(NULL, cap, sizeof *jr);
	size_t t0 = 0;

	paras[0] = orig;
	oo.dir = DIR_LTR;
	for (size_t r = 0; r < nr; r++) {
		size_t t1 = tt->text.len;
		if (r + 1 < nr) {
			t1 = offmap_to_text(&tt->map, orig->rows[r + 1].src_start);
			t1 = t1 < t0 ? t0 : t1 > tt->text.len ? tt->text.len : t1;
		}
		struct offmap map = OFFMAP_INIT;
		struct block s = translit_slice(b, tt, t0, t1, &map, spans);
		s.marker = MARKER_NONE; /* the original row shows it */
		struct layout_para *tp = layout_block(&s, &oo);
		offmap_free(&map);
		paras[r + 1] = tp;
		if (njr + 1 + tp->nrows > cap) {
			cap = (njr + 1 + tp->nrows) * 2;
			jr = xreallocarray(jr, cap, sizeof *jr);
		}
		jr[njr++] = (struct join_row){ 0, r };
		for (size_t k = 0; k < tp->nrows; k++)
			jr[njr++] = (struct join_row){ r + 1, k };
		t0 = t1;
	}
	struct layout_para *q = translit_join(jr, njr, (const struct layout_para *const *)paras,
					      nr + 1, orig->dir, orig->width);
	for (size_t i = 0; i <= nr; i++)
		layout_para_free(paras[i]);
	free(paras);
	free(spans);
	free(jr);
	return q;
}

struct layout_para *
layout_translit_block(const struct block *b, const struct layout_opts *o)
{
	struct layout_opts lo = *o;
	struct translit_text tt;
	struct layout_para *p;

	/* Laid out whole: a giant paragraph would keep pointing into the
	 * Latin text, which lives only for this call. */
	lo.translit = LAYOUT_TRANSLIT_OFF;
	lo.lazy_min = SIZE_MAX;
	lo.split_min = SIZE_MAX;
	translit_build(b, &tt);
	if (o->translit == LAYOUT_TRANSLIT_INTERLINEAR) {
		p = translit_interlinear(b, &tt, &lo);
	} else {
		struct offmap map = OFFMAP_INIT;
		struct span *spans = xreallocarray(NULL, tt.nspans + 1, sizeof *spans);
		struct block s = translit_slice(b, &tt, 0, tt.text.len, &map, spans);
		lo.dir = DIR_LTR;
		p = layout_block(&s, &lo);
		offmap_free(&map);
		free(spans);
	}
	translit_text_free(&tt);
	return p;
}
