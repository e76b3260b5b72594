/* Position mapping between documents for synchronized scrolling: the
 * simplest useful correspondence, the same relative place in the same
 * article, used until a cross-language alignment is available. */
#include <config.h>

#include "layout/sync.h"
#include "model/lib.h"

const struct sync_map sync_position_map = {
	.name = "position",
	.map = sync_by_position,
	.ctx = NULL,
};

/* Byte range [start, end) of article ai in doc->text. */
static void
article_range(const struct doc *doc, size_t ai, size_t *start, size_t *end)
{
	const struct article *a = &doc->articles[ai];
	const struct block *first = &doc->blocks[a->first_block];
	const struct block *last = &doc->blocks[a->first_block + a->nblocks - 1];

	*start = first->src_off;
	*end = last->src_off + last->src_len;
	if (*end <= *start)
		*end = *start + 1;
}

size_t
sync_by_position(void *ctx, const struct doc *from, size_t off,
		 const struct doc *to)
{
	(void)ctx;
	if (from->nblocks == 0 || to->nblocks == 0 || from->narticles == 0 ||
	    to->narticles == 0)
		return 0;
	size_t ai = doc_block_article(from, doc_block_at(from, off));
	size_t s, e, ts, te;

	article_range(from, ai, &s, &e);
	double frac = off <= s ? 0.0 : (double)(off - s) / (double)(e - s);
	if (frac > 1.0)
		frac = 1.0;
	size_t tai = ai < to->narticles ? ai : to->narticles - 1;
	while (tai > 0 && to->articles[tai].nblocks == 0)
		tai--;
	if (to->articles[tai].nblocks == 0)
		return 0;
	article_range(to, tai, &ts, &te);
	return ts + (size_t)(frac * (double)(te - ts));
}
