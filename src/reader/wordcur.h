/* The word cursor: a word of a document picked from the keyboard, moved
 * word by word in reading order (the logical order of each block's text,
 * ICU word breaks, across blocks), or picked by a click on a screen cell.
 * Words are ranges of doc->text offsets, what the layout's cells carry, so
 * the reader highlights the cells of the cursor word and maps a clicked
 * cell back to its word. No curses here. */
#ifndef QARIN_WORDCUR_H
#define QARIN_WORDCUR_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/wordcur.h");

#include <stdbool.h>
#include <stddef.h>

#include "model/lib.h"
#include "layout/lib.h"

/* A word of a block: [start, end) in the block's text, and the doc->text
 * offsets of its first byte and one past its last. */
struct word_span {
	size_t start, end;
	size_t doc_start, doc_end;
};

/* The words of one block, in logical order. */
struct block_words {
	struct word_span *v; /* owned */
	size_t n, cap;
	size_t block;        /* SIZE_MAX: none computed */
};

/* Fills w with the words of block bi of doc: the ICU word-break segments
 * holding a letter, a number or an ideograph (not spaces, punctuation). */
void block_words_find(struct block_words *w, const struct doc *doc, size_t bi);
void block_words_free(struct block_words *w);

struct wordcur {
	bool active;
	size_t block;              /* the cursor word's block */
	size_t word;               /* its index in words */
	struct block_words words;  /* of block */
};

#define WORDCUR_INIT { false, 0, 0, { NULL, 0, 0, (size_t)-1 } }

/* Puts the cursor on the first word at or after doc->text offset off
 * (the first word of a later block when the block of off has none after
 * it); false when there is none. */
bool wordcur_start(struct wordcur *c, const struct doc *doc, size_t off);
/* Puts the cursor on the word holding doc->text offset off (a clicked
 * cell's); false, the cursor unchanged, when no word holds it. */
bool wordcur_pick(struct wordcur *c, const struct doc *doc, size_t off);
/* Moves to the next (dir > 0) or previous word in reading order, across
 * blocks; false at either end of the document (the cursor stays). */
bool wordcur_step(struct wordcur *c, const struct doc *doc, int dir);
/* Leaves the cursor mode (keeps the memory for the next start). */
void wordcur_stop(struct wordcur *c);
void wordcur_free(struct wordcur *c);

/* The cursor word: its span (NULL when inactive) and its text, a slice
 * of the block's text (original characters, NFC). */
const struct word_span *wordcur_span(const struct wordcur *c);
const char *wordcur_text(const struct wordcur *c, const struct doc *doc, size_t *len);

/* True when cell c of a row shows part of the source range [start, end). */
bool wordcur_cell_in(const struct cell *c, size_t start, size_t end);
/* The doc->text offset shown at column col (0 at the row's left edge,
 * alignment indent included) of row r of para; false for a column with no
 * text (indent, past the end, a list marker). */
bool wordcur_offset_at(const struct layout_para *para, size_t r, int col, size_t *off);

#endif
