/* Inside the stream search (search_stream.c): the hits of a line read from
 * the line's own bytes, when they are what the document's text holds there
 * and folding can be read a character at a time; any other line is loaded
 * and searched with the document model. Private to cli/search_stream.c. */
#ifndef QARIN_SEARCH_LINE_H
#define QARIN_SEARCH_LINE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/search_line.h");

#include <stdbool.h>
#include <stddef.h>

#include "search/lib.h"

/* A literal query as a line is searched for it. */
struct search_line;

/* NULL for a query that a line cannot answer for alone: a regular
 * expression, whole words, a newline or a space in what a hit holds (a
 * hit could then run across lines or into the spaces a block leaves out). */
struct search_line *search_line_new(const struct search_query *q);
void search_line_free(struct search_line *l);

/* Calls hit(ctx, start, len) for each hit in s[0, n), a line without its
 * line break, in order, as search_find_all finds them in the document's
 * text: the line must be in a block that holds it whole, as it is (not a
 * quote). False, with nothing called, when the line is not its own NFC or
 * holds a character that folds to more than one. */
bool search_line_hits(struct search_line *l, const char *s, size_t n,
		      void (*hit)(void *ctx, size_t start, size_t len), void *ctx);

/* Whether s (n bytes) is valid UTF-8 that NFC leaves as it is, as ICU's
 * quick check tells (nothing that composes or decomposes, marks in
 * canonical order); false also for what it cannot tell. */
bool search_line_own_nfc(const char *s, size_t n);
/* The same a character at a time, without the processor's 32-byte block
 * check (tests compare the two). */
bool search_line_own_nfc_narrow(const char *s, size_t n);
/* Whether search_line_own_nfc uses the block check (the processor has
 * AVX2 and the Unicode data agrees with the blocks it lets through). */
bool search_line_own_nfc_blocks(void);

#endif
