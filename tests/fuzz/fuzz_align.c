/* libFuzzer target: arbitrary bytes cut into two documents (at the first
 * NUL byte, or in half) and aligned in every mode. Checks that every link
 * and finding points at blocks that exist, that each taking-part block is
 * on at least one link, that the per-block lookups agree with the lists,
 * and that the scroll mapping stays inside the other document. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "align/lib.h"
#include "ingest/lib.h"

/* Longer inputs are cut: three alignments of each stay fast. */
#define FUZZ_ALIGN_MAX 8192

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks one alignment; aborts on a broken invariant. */
static void
check(const struct alignment *al)
{
	for (size_t k = 0; k < al->nlinks; k++) {
		const struct align_link *l = &al->links[k];
		if ((l->a == ALIGN_NONE && l->b == ALIGN_NONE) ||
		    (l->a != ALIGN_NONE && l->a >= al->a->nblocks) ||
		    (l->b != ALIGN_NONE && l->b >= al->b->nblocks) || l->score < 0 || l->score > 1)
			abort();
		for (size_t s = 0; s < l->nshared; s++)
			if (l->shared[s].a >= al->anchors_a.n || l->shared[s].b >= al->anchors_b.n)
				abort();
	}
	for (size_t k = 0; k < al->nfindings; k++) {
		const struct align_finding *f = &al->findings[k];
		if ((f->a != ALIGN_NONE && f->a >= al->a->nblocks) ||
		    (f->b != ALIGN_NONE && f->b >= al->b->nblocks) ||
		    (f->link != ALIGN_NONE && f->link >= al->nlinks) ||
		    memchr(f->note, '\0', sizeof f->note) == NULL)
			abort();
	}
	for (int side = 0; side < 2; side++) {
		const struct doc *d = side ? al->b : al->a, *o = side ? al->a : al->b;
		for (size_t i = 0; i < d->nblocks; i++) {
			size_t n;
			const size_t *ix = align_links_of(al, (enum align_side)side, i, &n);
			for (size_t k = 0; k < n; k++)
				if ((side ? al->links[ix[k]].b : al->links[ix[k]].a) != i)
					abort();
			size_t to = align_sync_map((void *)al, d, d->blocks[i].src_off, o);
			if (o->len > 0 && to >= o->len)
				abort();
			align_next_flagged(al, (enum align_side)side, i, 1);
			align_next_flagged(al, (enum align_side)side, i, -1);
		}
	}
	for (size_t k = 0; k < al->nlinks && k < 8; k++) {
		struct align_span_pair *sp;
		size_t n = align_sentences(al, k, &sp);
		for (size_t q = 0; q < n; q++)
			if (sp[q].a_start + sp[q].a_len > al->a->len ||
			    sp[q].b_start + sp[q].b_len > al->b->len)
				abort();
		free(sp);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_ALIGN_MAX)
		size = FUZZ_ALIGN_MAX;
	const uint8_t *cut = memchr(data, 0, size);
	size_t na = cut ? (size_t)(cut - data) : size / 2;
	size_t nb = cut ? size - na - 1 : size - na;
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };
	struct qerr err;
	struct doc *a = doc_load_memory("a.txt", (const char *)data, na, &o, &err);
	struct doc *b = doc_load_memory("b.txt", (const char *)data + size - nb, nb, &o, &err);

	if (a != NULL && b != NULL) {
		for (int m = ALIGN_AUTO; m <= ALIGN_COMPARABLE; m++) {
			struct align_opts ao = { .mode = (enum align_mode)m };
			struct alignment *al = align_docs(a, b, &ao, &err);
			if (al == NULL)
				abort();
			check(al);
			align_free(al);
		}
	}
	doc_free(a);
	doc_free(b);
	return 0;
}
