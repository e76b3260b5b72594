/* The word cursor: ICU word breaks over a block's logical text give its
 * words in reading order; each is kept with its doc->text range, which is
 * what the layout's cells carry, for highlighting and for clicks. */
#include <config.h>

#include "reader/wordcur.h"

#include <stdint.h>
#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "text/lib.h"

/* Appends a word to w. */
static void
words_add(struct block_words *w, const struct block *b, size_t start, size_t end)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	/* The cells of the word are those from its first character's source
	 * to its last character's. */
	w->v[w->n++] = (struct word_span){
		start, end, block_doc_offset(b, start),
		block_doc_offset(b, utf8_back(b->text, start, end - 1)) + 1,
	};
}

void
block_words_find(struct block_words *w, const struct doc *doc, size_t bi)
{
	const struct block *b = &doc->blocks[bi];
	UErrorCode ec = U_ZERO_ERROR;

	w->n = 0;
	w->block = bi;
	if (b->len == 0)
		return;
	UText *ut = utext_openUTF8(NULL, b->text, (int64_t)b->len, &ec);
	UBreakIterator *it = ubrk_open(UBRK_WORD, b->lang[0] ? b->lang : "", NULL, 0, &ec);
	if (U_SUCCESS(ec))
		ubrk_setUText(it, ut, &ec);
	if (U_FAILURE(ec)) {
		ubrk_close(it);
		utext_close(ut);
		return;
	}
	int32_t start = ubrk_first(it);
	for (int32_t end = ubrk_next(it); end != UBRK_DONE; start = end, end = ubrk_next(it))
		if (ubrk_getRuleStatus(it) != UBRK_WORD_NONE)
			words_add(w, b, (size_t)start, (size_t)end);
	ubrk_close(it);
	utext_close(ut);
}

void
block_words_free(struct block_words *w)
{
	free(w->v);
	w->v = NULL;
	w->n = w->cap = 0;
	w->block = SIZE_MAX;
}

/* Makes c->words those of block bi. */
static void
wordcur_load(struct wordcur *c, const struct doc *doc, size_t bi)
{
	if (c->words.block != bi || c->words.v == NULL)
		block_words_find(&c->words, doc, bi);
}

bool
wordcur_start(struct wordcur *c, const struct doc *doc, size_t off)
{
	if (doc->nblocks == 0)
		return false;
	for (size_t bi = doc_block_at(doc, off); bi < doc->nblocks; bi++) {
		wordcur_load(c, doc, bi);
		for (size_t i = 0; i < c->words.n; i++) {
			if (c->words.v[i].doc_end > off) {
				c->active = true;
				c->block = bi;
				c->word = i;
				return true;
			}
		}
	}
	if (c->active)
		wordcur_load(c, doc, c->block);
	return false;
}

bool
wordcur_pick(struct wordcur *c, const struct doc *doc, size_t off)
{
	if (doc->nblocks == 0)
		return false;
	size_t bi = doc_block_at(doc, off);
	if (bi >= doc->nblocks)
		return false;
	wordcur_load(c, doc, bi);
	for (size_t i = 0; i < c->words.n; i++) {
		const struct word_span *s = &c->words.v[i];
		if (s->doc_start <= off && off < s->doc_end) {
			c->active = true;
			c->block = bi;
			c->word = i;
			return true;
		}
	}
	if (c->active)
		wordcur_load(c, doc, c->block);
	return false;
}

bool
wordcur_step(struct wordcur *c, const struct doc *doc, int dir)
{
	if (!c->active)
		return false;
	wordcur_load(c, doc, c->block);
	if (dir > 0 && c->word + 1 < c->words.n) {
		c->word++;
		return true;
	}
	if (dir < 0 && c->word > 0 && c->word <= c->words.n) {
		c->word--;
		return true;
	}
	/* The next block with words, either way. */
	for (size_t bi = c->block; dir > 0 ? bi + 1 < doc->nblocks : bi > 0;) {
		bi = dir > 0 ? bi + 1 : bi - 1;
		wordcur_load(c, doc, bi);
		if (c->words.n > 0) {
			c->block = bi;
			c->word = dir > 0 ? 0 : c->words.n - 1;
			return true;
		}
	}
	wordcur_load(c, doc, c->block);
	return false;
}

void
wordcur_stop(struct wordcur *c)
{
	c->active = false;
}

void
wordcur_free(struct wordcur *c)
{
	block_words_free(&c->words);
	c->active = false;
}

const struct word_span *
wordcur_span(const struct wordcur *c)
{
	if (!c->active || c->words.block != c->block || c->word >= c->words.n)
		return NULL;
	return &c->words.v[c->word];
}

const char *
wordcur_text(const struct wordcur *c, const struct doc *doc, size_t *len)
{
	const struct word_span *s = wordcur_span(c);

	if (s == NULL) {
		*len = 0;
		return NULL;
	}
	*len = s->end - s->start;
	return doc->blocks[c->block].text + s->start;
}

bool
wordcur_cell_in(const struct cell *c, size_t start, size_t end)
{
	size_t ce = c->src + (c->src_len ? c->src_len : 1);

	return c->role != CELL_MARK && c->src < end && start < ce;
}

bool
wordcur_offset_at(const struct layout_para *para, size_t r, int col, size_t *off)
{
	if (r >= para->nrows)
		return false;
	const struct layout_row *row = &para->rows[r];
	const uint32_t *chars;
	const struct cell *cells = layout_row_cells(para, r, &chars);
	int x = row->indent;

	for (size_t i = 0; i < row->ncells; i++) {
		if (col >= x && col < x + cells[i].width) {
			if (cells[i].role == CELL_MARK)
				return false;
			*off = cells[i].src;
			return true;
		}
		x += cells[i].width;
	}
	return false;
}
