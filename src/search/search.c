/* Search over a document's blocks: the display texts of all blocks are
 * folded once into one folded text (blocks joined by '\n', which folding
 * never produces) in fold's compact form, scanned with memmem or ICU
 * regex (a literal at every place it occurs, so that what a slice finds
 * does not hang on where the slice starts), and every hit is
 * mapped back through the fold map and the block maps to whole characters
 * of doc->text. Exact queries scan the block texts themselves. The query
 * (folding, rare bytes, regex and its time bound) is search_query.c. */
#define _GNU_SOURCE 1 /* memmem */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include "text/lib.h"
#include "search/search_int.h"
#include "search/search.h"

struct search_text {
	const struct doc *doc;  /* borrowed */
	bool built;
	/* The folded text: block i's text is at source offsets ("v")
	 * [vstart[i], vstart[i] + len) and at compact folded offsets
	 * [pstart[i], pstart[i + 1] - 1), each block followed by a '\n'. */
	struct fold_text ft;
	uint32_t *vstart;       /* owned, nblocks + 1 */
	uint32_t *pstart;       /* owned, nblocks + 1 */
	size_t nblocks;         /* blocks folded (all but those past 4 GiB) */
};

/* How a scan hands over its hits and when it stops. */
struct search_scan {
	const struct search_query *q;
	struct search_text *t;
	size_t from, to;        /* doc->text range hits must start in */
	size_t max;             /* stop after this many */
	struct search_hits *out;
	size_t found;
	UBreakIterator *words;  /* SEARCH_WORD: on the text of block wblock */
	UText *wtext;
	size_t wblock;
	bool failed;
};

void
search_hits_push(struct search_hits *h, const struct search_hit *hit)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n++] = *hit;
}

void
search_hits_free(struct search_hits *h)
{
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

struct search_text *
search_text_new(const struct doc *doc)
{
	struct search_text *t = xcalloc(1, sizeof *t);

	t->doc = doc;
	return t;
}

void
search_text_free(struct search_text *t)
{
	if (t == NULL)
		return;
	fold_text_free(&t->ft);
	free(t->vstart);
	free(t->pstart);
	free(t);
}

void
search_text_prepare(struct search_text *t)
{
	const struct doc *d = t->doc;
	size_t total = 0, v = 0;

	if (t->built)
		return;
	t->built = true;
	for (size_t i = 0; i < d->nblocks; i++)
		total += d->blocks[i].len + 1;
	t->vstart = xcalloc(d->nblocks + 1, sizeof *t->vstart);
	t->pstart = xcalloc(d->nblocks + 1, sizeof *t->pstart);
	fold_text_reserve(&t->ft, total);
	size_t i;
	for (i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		/* The map holds 32-bit offsets: a text past 4 GiB is searched
		 * exactly only. */
		if (v + b->len + 1 >= UINT32_MAX || t->ft.flen + 32 * (b->len + 1) >= UINT32_MAX)
			break;
		t->vstart[i] = (uint32_t)v;
		t->pstart[i] = (uint32_t)t->ft.len;
		fold_text_append(&t->ft, b->text, b->len, v);
		fold_text_putc(&t->ft, '\n', v + b->len);
		v += b->len + 1;
	}
	t->nblocks = i;
	t->vstart[i] = (uint32_t)v;
	t->pstart[i] = (uint32_t)t->ft.len;
	fold_text_trim(&t->ft);
}

size_t
search_text_size(const struct search_text *t)
{
	if (!t->built)
		return 0;
	return t->ft.cap + t->ft.ptscap * sizeof *t->ft.pts + t->ft.nck * sizeof *t->ft.ck +
	       2 * (t->doc->nblocks + 1) * sizeof *t->vstart;
}

/* True when block offsets [s, e) of block i start and end on ICU word
 * boundaries of its text. */
static bool
search_word_ok(struct search_scan *sc, size_t i, size_t s, size_t e)
{
	const struct block *b = &sc->t->doc->blocks[i];
	UErrorCode ec = U_ZERO_ERROR;

	if (sc->words == NULL) {
		sc->words = ubrk_open(UBRK_WORD, "", NULL, 0, &ec);
		if (U_FAILURE(ec)) {
			sc->words = NULL;
			return true;
		}
		sc->wblock = SIZE_MAX;
	}
	if (sc->wblock != i) {
		ec = U_ZERO_ERROR;
		sc->wtext = utext_openUTF8(sc->wtext, b->text, (int64_t)b->len, &ec);
		ubrk_setUText(sc->words, sc->wtext, &ec);
		if (U_FAILURE(ec))
			return true;
		sc->wblock = i;
	}
	return ubrk_isBoundary(sc->words, (int32_t)s) && ubrk_isBoundary(sc->words, (int32_t)e);
}

/* A hit on text that the parser made or could not place (the line break
 * that joins two lines, a character it replaced) may map to no byte of the
 * source: it then covers the source character where it stands, the one
 * before it at the end of the block, so that it can be shown. */
static void
search_hit_widen(const struct doc *d, const struct block *b, struct search_hit *h)
{
	size_t end = b->src_off + b->src_len;

	if (h->len > 0)
		return;
	if (end > d->len)
		end = d->len;
	if (h->start < end) {
		size_t k = utf8_forward(d->text, h->start + 1, end);
		h->len = k - h->start;
	} else if (h->start > b->src_off && h->start <= d->len) {
		size_t k = utf8_back(d->text, b->src_off, h->start - 1);
		h->len = h->start - k;
		h->start = k;
	}
}

/* Takes a hit on block i at block offsets [s, e): checks the word
 * boundaries and the range, appends it; false when the scan is to stop. */
static bool
search_take(struct search_scan *sc, size_t i, size_t s, size_t e)
{
	const struct block *b = &sc->t->doc->blocks[i];
	struct search_hit h = { 0, i, 0, 0 };

	if ((sc->q->flags & SEARCH_WORD) && !search_word_ok(sc, i, s, e))
		return true;
	h.start = block_doc_offset(b, s);
	size_t end = block_doc_offset(b, e);
	h.len = end > h.start ? end - h.start : 0;
	search_hit_widen(sc->t->doc, b, &h);
	if (h.start < sc->from || h.start >= sc->to)
		return true;
	struct search_hits *o = sc->out;
	if (sc->found > 0 && o->v[o->n - 1].start == h.start && o->v[o->n - 1].len == h.len)
		return true; /* two matches inside one expanded character (ß, ﬃ) */
	search_hits_push(o, &h);
	sc->found++;
	return sc->found < sc->max;
}

/* Cursor state for mapping folded hits in increasing order. */
struct search_cursor {
	size_t pt;    /* fold point hint */
	size_t block; /* block hint */
};

/* Maps folded range [fs, fe) (UTF-8 offsets) of block i to whole
 * characters of its text, [*s, *e); false when it cannot. */
static bool
search_map(struct search_text *t, struct search_cursor *cur, size_t i, size_t fs, size_t fe,
	   size_t *s, size_t *e)
{
	const struct fold_text *ft = &t->ft;
	const struct doc *d = t->doc;

	if (fe <= fs)
		return false;
	const struct block *b = &d->blocks[i];
	const unsigned char *bt = (const unsigned char *)b->text;
	cur->pt = fold_text_seek(ft, fs, cur->pt);
	size_t vs = fold_text_to_src_at(ft, fs, cur->pt) - t->vstart[i];
	if (fold_text_linear(ft, cur->pt, fs, fe)) {
		/* One for one: no need to read the source text. */
		*s = vs;
		*e = vs + (fe - fs);
		return true;
	}
	size_t pe = fold_text_seek(ft, fe - 1, cur->pt);
	size_t ve = fold_text_to_src_at(ft, fe - 1, pe) - t->vstart[i];
	if (vs >= b->len || ve >= b->len)
		return false;
	vs = utf8_back(b->text, 0, vs);
	ve = utf8_back(b->text, 0, ve);
	ve += utf8_lead_len(bt[ve]);
	if (ve > b->len)
		ve = b->len;
	/* The marks the last letter carries belong to the hit. */
	while (ve < b->len && bt[ve] >= 0x80) {
		uint32_t c;
		size_t n = utf8_next_as(bt + ve, b->len - ve, &c, UTF8_INVALID_BYTE);
		if (!fold_is_mark(c))
			break;
		ve += n;
	}
	*s = vs;
	*e = ve;
	return true;
}

/* The offset in block b's text of doc->text offset off, clamped to it. */
static size_t
search_block_offset(const struct block *b, size_t off)
{
	size_t k;

	if (b->map == NULL)
		k = off > b->text_off ? off - b->text_off : 0;
	else if (off <= block_doc_offset(b, 0))
		k = 0;
	else
		k = offmap_to_text(b->map, off);
	return k < b->len ? k : b->len;
}

/* The blocks that can hold hits starting in doc->text [from, to):
 * [*first, *last]; false when none. */
static bool
search_blocks(const struct search_text *t, size_t nblocks, size_t from, size_t to,
	      size_t *first, size_t *last)
{
	const struct doc *d = t->doc;

	*first = nblocks;
	*last = 0;
	for (size_t i = 0; i < nblocks; i++) {
		const struct block *b = &d->blocks[i];
		if (b->src_off + b->src_len + 1 <= from || b->src_off >= to)
			continue;
		if (*first == nblocks)
			*first = i;
		*last = i;
	}
	return *first < nblocks;
}

/* How far before a range's start and after its end a scan looks, in
 * bytes: more than any character's folded form. */
#define SEARCH_SLACK 64

/* The compact folded range to scan for hits of a needle of nlen compact
 * bytes starting in doc->text [from, to): the blocks holding it, narrowed
 * inside the first and the last through the maps. */
static void
search_frange(struct search_text *t, size_t from, size_t to, size_t nlen, size_t *pa,
	      size_t *pb)
{
	const struct doc *d = t->doc;
	size_t first, last;

	*pa = *pb = 0;
	if (!search_blocks(t, t->nblocks, from, to, &first, &last))
		return;
	*pa = t->pstart[first];
	*pb = t->pstart[last + 1];
	size_t v = t->vstart[first] + search_block_offset(&d->blocks[first], from);
	size_t p = fold_text_compact_offset(&t->ft, fold_text_from_src(&t->ft, v));
	if (p > *pa + SEARCH_SLACK)
		*pa = p - SEARCH_SLACK;
	v = t->vstart[last] + search_block_offset(&d->blocks[last], to);
	p = fold_text_compact_offset(&t->ft, fold_text_from_src(&t->ft, v)) + nlen + SEARCH_SLACK;
	if (p < *pb)
		*pb = p;
}

/* The block whose compact folded text holds p, searching from *hint. */
static size_t
search_block_of(const struct search_text *t, size_t p, size_t *hint)
{
	size_t i = *hint < t->nblocks && t->pstart[*hint] <= p ? *hint : 0;

	if (t->pstart[i + 1] <= p) {
		size_t lo = i, hi = t->nblocks; /* pstart[lo] <= p < pstart[hi] */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (t->pstart[mid] <= p)
				lo = mid;
			else
				hi = mid;
		}
		i = lo;
	}
	*hint = i;
	return i;
}

/* The first occurrence of the query's needle in h[0, n): sixteen
 * positions at a time, those whose two probe bytes match are compared
 * whole; memmem where SSE2 is not there. */
static const char *
search_memmem(const struct search_query *q, const char *h, size_t n)
{
	size_t m = q->nlen;
#ifdef __SSE2__
	const __m128i c1 = _mm_set1_epi8(q->needle[q->probe1]);
	const __m128i c2 = _mm_set1_epi8(q->needle[q->probe2]);
	size_t i = 0;

	for (; i + 15 + m <= n; i += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(h + i + q->probe1));
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(h + i + q->probe2));
		unsigned mask = (unsigned)_mm_movemask_epi8(
			_mm_and_si128(_mm_cmpeq_epi8(a, c1), _mm_cmpeq_epi8(b, c2)));
		while (mask != 0) {
			unsigned k = (unsigned)__builtin_ctz(mask);
			if (memcmp(h + i + k, q->needle, m) == 0)
				return h + i + k;
			mask &= mask - 1;
		}
	}
	h += i;
	n -= i;
#endif
	return memmem(h, n, q->needle, m);
}

/* Loose literal scan of the folded text. */
static void
search_scan_folded(struct search_scan *sc)
{
	struct search_text *t = sc->t;
	const struct search_query *q = sc->q;
	struct search_cursor cur = { 0, 0 };
	size_t pa, pb;

	search_frange(t, sc->from, sc->to, q->nlen, &pa, &pb);
	const char *base = t->ft.s;
	size_t pos = pa;
	while (pos + q->nlen <= pb) {
		const char *m = search_memmem(q, base + pos, pb - pos);
		if (m == NULL)
			break;
		size_t p = (size_t)(m - base), s, e;
		/* A one-byte Arabic letter can also be the tail of another
		 * character: a match must start a character. */
		if (!fold_compact_is_start(base, p)) {
			pos = p + 1;
			continue;
		}
		pos = p + 1; /* overlapping ones too: see search_find_range */
		size_t i = search_block_of(t, p, &cur.block);
		size_t fs = fold_text_utf8_offset(&t->ft, p);
		if (search_map(t, &cur, i, fs, fs + q->nflen, &s, &e) && !search_take(sc, i, s, e))
			return;
	}
}

/* Regular expression over the folded text, block by block, each turned
 * back into UTF-8 for ICU. */
static void
search_scan_folded_regex(struct search_scan *sc)
{
	struct search_text *t = sc->t;
	const struct doc *d = t->doc;
	URegularExpression *re = sc->q->re;
	UErrorCode ec = U_ZERO_ERROR;
	struct search_cursor cur = { 0, 0 };
	UText *ut = NULL;
	char *buf = NULL;
	size_t cap = 0;

	for (size_t i = 0; i < t->nblocks && U_SUCCESS(ec); i++) {
		const struct block *b = &d->blocks[i];
		if (b->src_off + b->src_len + 1 <= sc->from || b->src_off >= sc->to)
			continue;
		size_t pa = t->pstart[i], n = t->pstart[i + 1] - 1 - pa;
		if (2 * n + 1 > cap) {
			cap = 2 * n + 1;
			buf = xrealloc(buf, cap);
		}
		size_t n8 = fold_compact_to_utf8(t->ft.s + pa, n, buf);
		size_t f0 = fold_text_utf8_offset(&t->ft, pa);
		ut = utext_openUTF8(ut, buf, (int64_t)n8, &ec);
		uregex_setUText(re, ut, &ec);
		search_limit_arm(sc->q->lim, n8);
		while (U_SUCCESS(ec) && uregex_findNext(re, &ec)) {
			int64_t fs = uregex_start64(re, 0, &ec), fe = uregex_end64(re, 0, &ec);
			size_t s, e;
			if (fe <= fs)
				continue;
			if (search_map(t, &cur, i, f0 + (size_t)fs, f0 + (size_t)fe, &s, &e) &&
			    !search_take(sc, i, s, e))
				goto out;
		}
		search_limit_note(sc->q->lim, ec, i);
	}
out:
	if (U_FAILURE(ec))
		sc->failed = true;
	/* Detach the text before it goes. */
	ec = U_ZERO_ERROR;
	uregex_setText(re, (const UChar[]){ 0 }, 0, &ec);
	utext_close(ut);
	free(buf);
}

/* Exact scan of the block texts (literal or regular expression). */
static void
search_scan_exact(struct search_scan *sc)
{
	const struct doc *d = sc->t->doc;
	const struct search_query *q = sc->q;
	UText *ut = NULL;
	UErrorCode ec = U_ZERO_ERROR;

	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		if (b->src_off + b->src_len + 1 <= sc->from || b->src_off >= sc->to)
			continue;
		if (q->re == NULL) {
			/* Only the part of the block where hits can start. */
			size_t pos = search_block_offset(b, sc->from);
			size_t end = search_block_offset(b, sc->to) + q->nlen + SEARCH_SLACK;
			pos = pos > SEARCH_SLACK ? pos - SEARCH_SLACK : 0;
			if (end > b->len)
				end = b->len;
			while (pos + q->nlen <= end) {
				const char *m = memmem(b->text + pos, end - pos, q->needle, q->nlen);
				if (m == NULL)
					break;
				size_t s = (size_t)(m - b->text);
				pos = s + 1;
				if (!search_take(sc, i, s, s + q->nlen))
					goto out;
			}
			continue;
		}
		ec = U_ZERO_ERROR;
		ut = utext_openUTF8(ut, b->text, (int64_t)b->len, &ec);
		uregex_setUText(q->re, ut, &ec);
		search_limit_arm(q->lim, b->len);
		while (U_SUCCESS(ec) && uregex_findNext(q->re, &ec)) {
			int64_t s = uregex_start64(q->re, 0, &ec), e = uregex_end64(q->re, 0, &ec);
			if (e > s && !search_take(sc, i, (size_t)s, (size_t)e))
				goto out;
		}
		search_limit_note(q->lim, ec, i);
		if (q->lim->status != SEARCH_OK)
			break;
	}
out:
	if (ut != NULL) {
		ec = U_ZERO_ERROR;
		uregex_setText(q->re, (const UChar[]){ 0 }, 0, &ec);
		utext_close(ut);
	}
}

/* Appends the hits starting in doc->text [from, to), at most max of them. */
static size_t
search_run(const struct search_query *q, struct search_text *t, size_t from, size_t to,
	   size_t max, struct search_hits *out)
{
	struct search_scan sc = { .q = q, .t = t, .from = from, .to = to, .max = max,
				  .out = out };
	size_t n0 = out->n;

	if (q->lim->status == SEARCH_TIMEOUT)
		return 0; /* this pattern is known to take too long */
	q->lim->status = SEARCH_OK;
	if (from >= to || max == 0)
		return 0;
	if (q->flags & SEARCH_EXACT) {
		search_scan_exact(&sc);
	} else {
		search_text_prepare(t);
		if (q->re != NULL)
			search_scan_folded_regex(&sc);
		else
			search_scan_folded(&sc);
	}
	if (sc.words != NULL)
		ubrk_close(sc.words);
	utext_close(sc.wtext);
	return out->n - n0;
}

size_t
search_find_range(const struct search_query *q, struct search_text *t,
		  size_t from, size_t to, struct search_hits *out)
{
	return search_run(q, t, from, to, SIZE_MAX, out);
}

size_t
search_find_all(const struct search_query *q, struct search_text *t,
		struct search_hits *out)
{
	return search_run(q, t, 0, t->doc->len + 1, SIZE_MAX, out);
}

bool
search_find_next(const struct search_query *q, struct search_text *t,
		 size_t off, int dir, bool inclusive, struct search_hit *hit)
{
	struct search_hits h = { 0 };
	bool found = false;
	size_t end = t->doc->len + 1;

	if (dir > 0) {
		size_t from = inclusive ? off : off + 1;
		if (search_run(q, t, from, end, 1, &h) > 0) {
			*hit = h.v[0];
			found = true;
		}
		search_hits_free(&h);
		return found;
	}
	/* Backwards: windows before off, growing, the last hit of the first
	 * window that has one. */
	size_t to = inclusive ? (off < end ? off + 1 : end) : (off < end ? off : end);
	size_t win = 1 << 16;
	while (to > 0 && !found) {
		size_t from = to > win ? to - win : 0;
		h.n = 0;
		if (search_run(q, t, from, to, SIZE_MAX, &h) > 0 &&
		    q->lim->status == SEARCH_OK) {
			*hit = h.v[h.n - 1];
			found = true;
		}
		if (q->lim->status != SEARCH_OK)
			break;
		to = from;
		win *= 2;
	}
	search_hits_free(&h);
	return found;
}
