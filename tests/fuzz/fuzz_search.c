/* libFuzzer target: a query and a document from the same bytes, searched
 * loose, exact, whole-word or as an ICU regular expression. Checks that a
 * refused query says why, that every hit is a non-empty, in-order range
 * of whole characters inside its block, and that searching in two
 * slices or hit by hit finds what searching all at once finds. A regular
 * expression runs under a time limit; one that ran out is not compared.
 *
 * Input: a flags byte (bits 0-2: exact, word, regex; bits 3-4: the
 * document's format), the query up to the first NUL, then the document. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "search/lib.h"

/* Longer queries and documents are cut, so that a run stays short. */
#define FUZZ_QUERY_MAX 64
#define FUZZ_DOC_MAX 4096
/* A regular expression backtracks: its document is shorter, and it gets
 * this many milliseconds a block (the reader's bound is a second). */
#define FUZZ_REGEX_DOC_MAX 1024
#define FUZZ_REGEX_MS 50.0
/* Hits stepped through one by one each way. */
#define FUZZ_STEPS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when off is on a UTF-8 character boundary of the document's text. */
static int
fuzz_boundary(const struct doc *d, size_t off)
{
	return off == d->len || ((unsigned char)d->text[off] & 0xC0) != 0x80;
}

/* Checks one document's hits; aborts on a broken invariant. */
static void
fuzz_check_hits(const struct doc *d, const struct search_hits *h)
{
	for (size_t k = 0; k < h->n; k++) {
		const struct search_hit *x = &h->v[k];
		if (x->block >= d->nblocks || x->start > d->len || x->len > d->len - x->start)
			abort();
		if (x->len == 0 || !fuzz_boundary(d, x->start) ||
		    !fuzz_boundary(d, x->start + x->len))
			abort(); /* at least one whole character */
		const struct block *b = &d->blocks[x->block];
		if (x->start < b->src_off || x->start + x->len > b->src_off + b->src_len)
			abort(); /* never across two blocks, never in markup outside */
		if (k > 0 && x->start < h->v[k - 1].start)
			abort(); /* in text order (two may share a character
				  * that folds to several, as ¼ to 1⁄4) */
	}
}

/* True when hits holds one with x's start and length. */
static bool
fuzz_has_hit(const struct search_hits *hits, const struct search_hit *x)
{
	for (size_t k = 0; k < hits->n; k++)
		if (hits->v[k].start == x->start && hits->v[k].len == x->len)
			return true;
	return false;
}

/* True when q's last call ran out of time (its hits are incomplete);
 * aborts on any other end than a complete search. */
static bool
fuzz_timed_out(const struct search_query *q)
{
	switch (search_query_status(q)) {
	case SEARCH_OK:
		return false;
	case SEARCH_TIMEOUT:
		if (!(search_query_flags(q) & SEARCH_REGEX))
			abort(); /* only a regular expression runs out of time */
		return true;
	default:
		abort(); /* no stop hook was set */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	unsigned flags = data[0] & (SEARCH_EXACT | SEARCH_WORD | SEARCH_REGEX);
	struct doc_opts o = { .decode = { .allow_binary = true },
			      .format = (enum doc_format)((data[0] >> 3) % 4) };
	const uint8_t *q0 = data + 1, *end = data + size;
	const uint8_t *nul = memchr(q0, 0, (size_t)(end - q0));
	size_t qlen = nul ? (size_t)(nul - q0) : (size_t)(end - q0);
	const uint8_t *d0 = nul ? nul + 1 : end;
	size_t dlen = (size_t)(end - d0);
	size_t qmax = FUZZ_QUERY_MAX;
	size_t dmax = flags & SEARCH_REGEX ? FUZZ_REGEX_DOC_MAX : FUZZ_DOC_MAX;

	if (qlen > qmax)
		qlen = qmax;
	if (dlen > dmax)
		dlen = dmax;
	char *qtext = malloc(qlen + 1);
	if (qtext == NULL)
		return 0;
	memcpy(qtext, q0, qlen);
	qtext[qlen] = '\0';

	struct qerr err = { { 0 } };
	struct search_query *q = search_query_new(qtext, flags, &err);
	if (q == NULL) {
		if (err.msg[0] == '\0')
			abort(); /* a refusal says why */
		free(qtext);
		return 0;
	}
	if (search_query_flags(q) != flags || strcmp(search_query_text(q), qtext) != 0)
		abort();
	struct doc *d = doc_load_memory("fuzz", (const char *)d0, dlen, &o, &err);
	if (d == NULL) {
		search_query_free(q);
		free(qtext);
		return 0;
	}
	search_query_set_limit(q, FUZZ_REGEX_MS, 0, NULL, NULL);
	struct search_text *t = search_text_new(d);
	struct search_hits all = { 0 }, parts = { 0 };
	size_t n = search_find_all(q, t, &all);
	if (n != all.n)
		abort();
	fuzz_check_hits(d, &all);
	if (fuzz_timed_out(q))
		goto done;

	/* In two slices, cut anywhere: the same hits. */
	size_t mid = d->len / 2;
	search_find_range(q, t, 0, mid, &parts);
	search_find_range(q, t, mid, d->len + 1, &parts);
	if (fuzz_timed_out(q))
		goto done;
	if (parts.n != all.n)
		abort();
	for (size_t k = 0; k < all.n; k++)
		if (parts.v[k].start != all.v[k].start || parts.v[k].len != all.v[k].len ||
		    parts.v[k].block != all.v[k].block)
			abort();

	/* Hit by hit, forwards from the start then backwards from the end,
	 * up to FUZZ_STEPS hits each way (each step is a search): a hit at
	 * each start where some hit starts, and none past the last. */
	struct search_hit h;
	size_t k = 0, off = 0, starts = 0;
	bool inclusive = true;
	for (size_t i = 0; i < all.n; i++)
		starts += i == 0 || all.v[i].start != all.v[i - 1].start;
	size_t steps = starts < FUZZ_STEPS ? starts : FUZZ_STEPS;
	while (k < steps && search_find_next(q, t, off, 1, inclusive, &h)) {
		if (!fuzz_has_hit(&all, &h) || (k > 0 && h.start <= off))
			abort();
		off = h.start;
		inclusive = false;
		k++;
	}
	if (fuzz_timed_out(q))
		goto done;
	if (k != steps)
		abort();
	if (steps == starts && search_find_next(q, t, off, 1, inclusive, &h) &&
	    !fuzz_timed_out(q))
		abort(); /* a hit past the last one */
	off = d->len + 1;
	k = 0;
	while (k < steps && search_find_next(q, t, off, -1, false, &h)) {
		if (!fuzz_has_hit(&all, &h) || h.start >= off)
			abort();
		off = h.start;
		k++;
	}
	if (!fuzz_timed_out(q) && k != steps)
		abort();

done:
	search_hits_free(&parts);
	search_hits_free(&all);
	search_text_free(t);
	doc_free(d);
	search_query_free(q);
	free(qtext);
	return 0;
}
