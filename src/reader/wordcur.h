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

/* The words of one block, or of a window of it, in logical order. */
struct block_words {
	struct word_span *v; /* owned */
	size_t n, cap;
	size_t block;        /* SIZE_MAX: none computed */
	size_t lo, hi;       /* every word starting in [lo, hi) of the block's text is in v */
};

#define BLOCK_WORDS_INIT { NULL, 0, 0, (size_t)-1, 0, 0 }

/* The window the cursor takes the words of a long block in: a 48 MB line
 * would otherwise cost seconds and some 200 MB for one key. */
#define WORDCUR_WINDOW ((size_t)64 * 1024)

/* Fills w with the words of block bi of doc: the ICU word-break segments
 * holding a letter, a number or an ideograph (not spaces, punctuation).
 * With window 0, or a block no longer than window, all of them; else
 * those of about window bytes from the word boundary at or before from. */
void block_words_find(struct block_words *w, const struct doc *doc, size_t bi, size_t from,
		      size_t window);
void block_words_free(struct block_words *w);

struct wordcur {
	bool active;
	size_t block;              /* the cursor word's block */
	size_t word;               /* its index in words */
	size_t start;              /* its start in the block's text */
	struct block_words words;  /* of block, or of a window of it */
	size_t window;             /* WORDCUR_WINDOW (tests make it small) */
};

#define WORDCUR_INIT { false, 0, 0, 0, BLOCK_WORDS_INIT, WORDCUR_WINDOW }

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
