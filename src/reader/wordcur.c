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
block_words_find(struct block_words *w, const struct doc *doc, size_t bi, size_t from,
		 size_t window)
{
	const struct block *b = &doc->blocks[bi];
	UErrorCode ec = U_ZERO_ERROR;
	size_t lo = 0, hi = b->len;

	w->n = 0;
	w->block = bi;
	w->lo = 0;
	w->hi = b->len;
	if (b->len == 0)
		return;
	if (window > 0 && b->len > window) {
		lo = from < b->len - window ? from : b->len - window;
		hi = lo + window;
	}
	UText *ut = utext_openUTF8(NULL, b->text, (int64_t)b->len, &ec);
	UBreakIterator *it = ubrk_open(UBRK_WORD, b->lang[0] ? b->lang : "", NULL, 0, &ec);
	if (U_SUCCESS(ec))
		ubrk_setUText(it, ut, &ec);
	if (U_FAILURE(ec)) {
		ubrk_close(it);
		utext_close(ut);
		return;
	}
	/* ICU finds the boundary before any offset without reading from the
	 * block's start. */
	int32_t start = lo == 0 ? ubrk_first(it) : ubrk_preceding(it, (int32_t)lo + 1);
	int32_t end = UBRK_DONE;
	w->lo = (size_t)start;
	for (end = ubrk_next(it); end != UBRK_DONE; start = end, end = ubrk_next(it)) {
		if (ubrk_getRuleStatus(it) != UBRK_WORD_NONE)
			words_add(w, b, (size_t)start, (size_t)end);
		if ((size_t)end >= hi)
			break;
	}
	w->hi = end == UBRK_DONE ? b->len : (size_t)end;
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

/* Makes c->words those of block bi around its text offset at. */
static void
wordcur_load(struct wordcur *c, const struct doc *doc, size_t bi, size_t at)
{
	if (c->words.block == bi && at >= c->words.lo && at < c->words.hi)
		return;
	size_t half = c->window / 2;
	block_words_find(&c->words, doc, bi, at > half ? at - half : 0, c->window);
}

/* Makes word i of c->words the cursor's. */
static bool
wordcur_set(struct wordcur *c, size_t i)
{
	c->active = true;
	c->block = c->words.block;
	c->word = i;
	c->start = c->words.v[i].start;
	return true;
}

/* Brings back the window of the cursor word after a search elsewhere. */
static void
wordcur_restore(struct wordcur *c, const struct doc *doc)
{
	if (!c->active)
		return;
	wordcur_load(c, doc, c->block, c->start);
	for (size_t i = 0; i < c->words.n; i++)
		if (c->words.v[i].start == c->start)
			c->word = i;
}

/* A doc->text offset as an offset in block b's text (clamped to it). */
static size_t
wordcur_block_offset(const struct block *b, size_t off)
{
	size_t t = b->map == NULL ? (off > b->text_off ? off - b->text_off : 0)
				  : offmap_to_text(b->map, off);
	return t < b->len ? t : b->len;
}

bool
wordcur_start(struct wordcur *c, const struct doc *doc, size_t off)
{
	if (doc->nblocks == 0)
		return false;
	size_t first = doc_block_at(doc, off);
	for (size_t bi = first; bi < doc->nblocks; bi++) {
		const struct block *b = &doc->blocks[bi];
		size_t at = bi == first ? wordcur_block_offset(b, off) : 0;
		for (;;) {
			wordcur_load(c, doc, bi, at);
			for (size_t i = 0; i < c->words.n; i++)
				if (c->words.v[i].doc_end > off)
					return wordcur_set(c, i);
			if (c->words.hi >= b->len)
				break;
			at = c->words.hi; /* the rest of a long block */
		}
	}
	wordcur_restore(c, doc);
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
	wordcur_load(c, doc, bi, wordcur_block_offset(&doc->blocks[bi], off));
	for (size_t i = 0; i < c->words.n; i++) {
		const struct word_span *s = &c->words.v[i];
		if (s->doc_start <= off && off < s->doc_end)
			return wordcur_set(c, i);
	}
	wordcur_restore(c, doc);
	return false;
}

bool
wordcur_step(struct wordcur *c, const struct doc *doc, int dir)
{
	if (!c->active)
		return false;
	wordcur_restore(c, doc);
	if (dir > 0 && c->word + 1 < c->words.n)
		return wordcur_set(c, c->word + 1);
	if (dir < 0 && c->word > 0 && c->word <= c->words.n)
		return wordcur_set(c, c->word - 1);
	/* The next window of a long block: the words after (before) this one. */
	size_t cur = c->start, len = doc->blocks[c->block].len;
	while (dir > 0 ? c->words.hi < len : c->words.lo > 0) {
		size_t from = dir > 0 ? c->words.hi
			    : c->words.lo > c->window ? c->words.lo - c->window : 0;
		block_words_find(&c->words, doc, c->block, from, c->window);
		if (dir > 0) {
			for (size_t i = 0; i < c->words.n; i++)
				if (c->words.v[i].start > cur)
					return wordcur_set(c, i);
		} else {
			for (size_t i = c->words.n; i-- > 0;)
				if (c->words.v[i].start < cur)
					return wordcur_set(c, i);
		}
	}
	/* The next block with words, either way. */
	for (size_t bi = c->block; dir > 0 ? bi + 1 < doc->nblocks : bi > 0;) {
		bi = dir > 0 ? bi + 1 : bi - 1;
		size_t blen = doc->blocks[bi].len;
		for (size_t at = dir > 0 ? 0 : blen;;) {
			size_t from = dir > 0 ? at : at > c->window ? at - c->window : 0;
			block_words_find(&c->words, doc, bi, from, c->window);
			if (c->words.n > 0)
				return wordcur_set(c, dir > 0 ? 0 : c->words.n - 1);
			if (dir > 0 ? c->words.hi >= blen : c->words.lo == 0)
				break;
			at = dir > 0 ? c->words.hi : c->words.lo;
		}
	}
	wordcur_restore(c, doc);
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
