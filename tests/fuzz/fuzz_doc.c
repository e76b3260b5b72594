/* The document model's invariants, checked after every parse in the fuzz
 * targets: valid text, blocks and spans inside it, offsets that map into
 * the document, articles that cover the blocks in order. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "fuzz_doc.h"

/* Checks one block of doc; aborts on a broken invariant. */
static void
fuzz_block_check(const struct doc *doc, const struct block *b)
{
	if (b->kind >= BLOCK_KIND_COUNT || b->src_off > doc->len ||
	    b->src_len > doc->len - b->src_off)
		abort();
	if (b->len > 0 && b->text == NULL)
		abort();
	if (u8_check((const uint8_t *)b->text, b->len) != NULL)
		abort(); /* a block's text is valid UTF-8 */
	if (b->kind == BLOCK_HEADING && (b->level < 1 || b->level > 6))
		abort();
	if (b->dir != DIR_LTR && b->dir != DIR_RTL)
		abort();
	if (memchr(b->lang, '\0', sizeof b->lang) == NULL)
		abort();
	if (b->map == NULL && (b->text_off > doc->len || b->len > doc->len - b->text_off ||
			       b->text != doc->text + b->text_off))
		abort(); /* a slice of doc->text */
	size_t prev = 0;
	for (size_t off = 0; off <= b->len; off++) {
		size_t at = block_doc_offset(b, off);
		if (at > doc->len || at < prev)
			abort(); /* inside the document, in order */
		prev = at;
	}
	for (uint32_t s = 0; s < b->nspans; s++) {
		const struct span *sp = &b->spans[s];
		if (sp->start > b->len || sp->len > b->len - sp->start ||
		    (unsigned)sp->style > SPAN_OVERRIDE_RTL)
			abort();
	}
}

void
fuzz_doc_check(const struct doc *doc)
{
	if (doc->text == NULL)
		abort();
	if (u8_check((const uint8_t *)doc->text, doc->len) != NULL)
		abort();
	for (size_t i = 0; i < doc->nblocks; i++)
		fuzz_block_check(doc, &doc->blocks[i]);
	size_t next = 0;
	for (size_t a = 0; a < doc->narticles; a++) {
		const struct article *ar = &doc->articles[a];
		if (ar->first_block != next || ar->nblocks > doc->nblocks - next)
			abort(); /* articles follow each other, block after block */
		if (ar->title_block != SIZE_MAX &&
		    (ar->title_block < ar->first_block ||
		     ar->title_block >= ar->first_block + ar->nblocks))
			abort();
		next += ar->nblocks;
	}
	if (doc->nblocks > 0 && next != doc->nblocks)
		abort();
	for (size_t i = 0; i < doc->nblocks; i++) {
		size_t a = doc_block_article(doc, i);
		if (a >= doc->narticles || i < doc->articles[a].first_block ||
		    i >= doc->articles[a].first_block + doc->articles[a].nblocks)
			abort();
		unsigned line = doc_block_line(doc, &doc->blocks[i]);
		if (line < 1 || (doc->nlines > 0 && line > doc->nlines))
			abort();
	}
}
