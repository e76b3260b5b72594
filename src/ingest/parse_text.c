/* Second stage of ingest for plain text: one linear pass over the lines of
 * doc->text cuts it into paragraph, list item and quote blocks that are
 * slices of the text itself. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#include "ingest/parse.h"
#include "text/lib.h"

/* Lines from which the lines standing alone are found on a few threads,
 * and most threads. */
#define TEXT_PARALLEL_LINES 16384
#define TEXT_THREADS 4
/* A hard-wrapped line is at most this many characters long. */
#define TEXT_WRAP_MAX 150
/* Whether a byte is trimmed at the ends of a line. */
static bool
text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters in a line, counting no further than limit + 1. */
static size_t
text_char_count(const char *s, size_t n, size_t limit)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	size_t c = 0, i = 0;

	if (n > 4 * (limit + 1))
		return limit + 1;
	/* Continuation bytes (10xxxxxx) are not characters. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w, cont;
		memcpy(&w, s + i, 8);
		cont = (w & ~(w << 1) & high) >> 7;
		c += 8 - (size_t)((cont * UINT64_C(0x0101010101010101)) >> 56);
	}
	for (; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c <= limit ? c : limit + 1;
}

enum text_line_kind { LINE_PLAIN, LINE_ITEM, LINE_QUOTE };

/* Recognises a list marker ("- ", "* ", "+ ", "• ", "1. ", "1) ") or a quote
 * marker ("> ") at s; *skip is set to the marker's length. */
static enum text_line_kind
text_line_marker(const char *s, size_t n, size_t *skip)
{
	if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') {
		*skip = 2;
		return LINE_ITEM;
	}
	if (n >= 4 && memcmp(s, "\xE2\x80\xA2", 3) == 0 && s[3] == ' ') {
		*skip = 4;
		return LINE_ITEM;
	}
	if (n >= 1 && s[0] == '>') {
		*skip = n >= 2 && s[1] == ' ' ? 2 : 1;
		return LINE_QUOTE;
	}
	size_t d = 0;
	while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d > 0 && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
		*skip = d + 2;
		return LINE_ITEM;
	}
	return LINE_PLAIN;
}

/* Adds a block that is the slice [s, e) of doc->text read from src on. */
static struct block *
text_add_slice(struct doc *doc, enum block_kind kind, unsigned level, size_t src,
	       size_t s, size_t e)
{
	struct block *b = doc_add_block(doc);

	b->kind = kind;
	b->level = (uint8_t)(level < UINT8_MAX ? level : UINT8_MAX);
	b->text = doc->text + s;
	b->len = e - s;
	b->text_off = s;
	b->src_off = src;
	b->src_len = e - src;
	return b;
}

/* Whether the document separates paragraphs with blank lines. */
static bool
text_has_blank_lines(const struct doc *doc)
{
	bool seen_text = false;

	for (unsigned i = 0; i < doc->nlines; i++) {
		size_t s = doc_line_start(doc, i);
		size_t e = i + 1 < doc->nlines ? doc_line_start(doc, i + 1) - 1 : doc->len;
		while (s < e && text_is_space(doc->text[s]))
			s++;
		if (s < e)
			seen_text = true;
		else if (seen_text && i + 1 < doc->nlines)
			return true;
	}
	return false;
}

/* A quote being gathered over consecutive "> " lines. */
struct text_quote {
	struct parse_builder pb;
	size_t src;        /* where its first line starts */
	size_t text;       /* where the text of its first line starts */
	unsigned nlines;
};

/* Adds the quote gathered so far: one line is a slice of doc->text, more
 * lines are joined without their markers. */
static void
text_close_quote(struct doc *doc, struct text_quote *q)
{
	if (q->nlines == 1) {
		if (q->pb.cursor > q->text)
			parse_block_marks(text_add_slice(doc, BLOCK_QUOTE, 0, q->src, q->text,
							 q->pb.cursor), MARKER_NONE, 0, 1);
		parse_builder_reset(&q->pb);
	} else if (q->nlines > 1) {
		parse_block_marks(parse_builder_emit(&q->pb, BLOCK_QUOTE, 0, q->src,
						     q->pb.cursor - q->src), MARKER_NONE, 0, 1);
	}
	q->nlines = 0;
}

/* Line i of doc->text without its newline and surrounding spaces: [*s, *e),
 * with the width of its indentation. */
static void
text_line_bounds(const struct doc *doc, unsigned i, size_t *s, size_t *e,
		 unsigned *indent)
{
	size_t a = doc_line_start(doc, i);
	size_t b = i + 1 < doc->nlines ? doc_line_start(doc, i + 1) - 1 : doc->len;

	*indent = 0;
	while (b > a && (text_is_space(doc->text[b - 1]) || doc->text[b - 1] == '\n'))
		b--;
	while (a < b && text_is_space(doc->text[a]))
		*indent += doc->text[a++] == '\t' ? 4 : 1;
	*s = a;
	*e = b;
}

/* Lines for which text_alone_run works out in advance. */
struct text_alone {
	const struct doc *doc; /* borrowed */
	unsigned from, to;
	uint8_t *alone;        /* borrowed: one flag per line of the document */
};

/* Whether each plain line of a range stands alone (structure_line_stands_alone). */
static void
text_alone_run(void *arg)
{
	const struct text_alone *r = arg;
	const struct doc *doc = r->doc;

	for (unsigned i = r->from; i < r->to; i++) {
		size_t s, e, skip = 0;
		unsigned indent;
		text_line_bounds(doc, i, &s, &e, &indent);
		r->alone[i] = s < e &&
			text_line_marker(doc->text + s, e - s, &skip) == LINE_PLAIN &&
			structure_line_stands_alone(doc->text + s, e - s);
	}
}

/* For a large text, which lines stand alone, worked out on a few threads
 * (the answer for a line depends on that line alone); NULL otherwise. */
static uint8_t *
text_alone_lines(const struct doc *doc)
{
	struct text_alone r[TEXT_THREADS];

	/* Small texts first: asking for the processors reads a file. */
	if (doc->nlines < TEXT_PARALLEL_LINES)
		return NULL;
	unsigned parts = (unsigned)parallel_threads(TEXT_THREADS);
	if (parts < 2)
		return NULL;
	uint8_t *alone = xmalloc(doc->nlines);
	for (unsigned t = 0; t < parts; t++)
		r[t] = (struct text_alone){ doc, (unsigned)((uint64_t)doc->nlines * t / parts),
					    (unsigned)((uint64_t)doc->nlines * (t + 1) / parts),
					    alone };
	parallel_run(text_alone_run, r, sizeof *r, parts, parts);
	return alone;
}

int
parse_text(struct doc *doc, struct qerr *err)
{
	(void)err;
	parse_text_lines(doc, text_has_blank_lines(doc));
	return 0;
}

bool
parse_text_merges(const struct doc *doc)
{
	return text_has_blank_lines(doc);
}

void
parse_text_lines(struct doc *doc, bool merge)
{
	uint8_t *alone_lines = text_alone_lines(doc);
	struct text_quote quote = { .nlines = 0 };
	/* The open block that following lines may continue (merge mode). */
	enum { OPEN_NONE, OPEN_PARA, OPEN_ITEM, OPEN_QUOTE } open = OPEN_NONE;
	size_t prev_chars = 0;

	parse_builder_init(&quote.pb, doc);
	for (unsigned i = 0; i < doc->nlines; i++) {
		size_t s, e;
		unsigned indent;

		text_line_bounds(doc, i, &s, &e, &indent);
		size_t skip = 0;
		enum text_line_kind lk = s < e ? text_line_marker(doc->text + s, e - s, &skip)
					      : LINE_PLAIN;
		if (open == OPEN_QUOTE && (s == e || lk != LINE_QUOTE)) {
			text_close_quote(doc, &quote);
			open = OPEN_NONE;
		}
		if (s == e) {
			open = OPEN_NONE;
			continue;
		}
		size_t chars = merge ? text_char_count(doc->text + s, e - s, TEXT_WRAP_MAX) : 0;
		if (lk == LINE_QUOTE) {
			size_t c = s + skip;
			if (quote.nlines == 0) {
				quote.src = s;
				quote.text = c;
			} else {
				parse_builder_sep(&quote.pb, '\n');
			}
			quote.nlines++;
			quote.pb.cursor = c;
			quote.pb.limit = e;
			parse_builder_text(&quote.pb, doc->text + c, e - c);
			open = OPEN_QUOTE;
			if (!merge) {
				text_close_quote(doc, &quote);
				open = OPEN_NONE;
			}
			continue;
		}
		bool alone = lk != LINE_PLAIN ||
			(alone_lines != NULL ? alone_lines[i] != 0
					     : structure_line_stands_alone(doc->text + s, e - s));
		struct block *last = doc->nblocks ? &doc->blocks[doc->nblocks - 1] : NULL;
		if (merge && !alone && last != NULL &&
		    ((open == OPEN_PARA && prev_chars <= TEXT_WRAP_MAX) ||
		     (open == OPEN_ITEM && indent > 0))) {
			last->len = e - last->text_off;
			last->src_len = e - last->src_off;
			prev_chars = chars;
			continue;
		}
		if (lk == LINE_ITEM) {
			/* The marker stays in the text: in plain text it is content
			 * (a number, a bullet the author typed), not markup. */
			text_add_slice(doc, BLOCK_ITEM, 1 + indent / 2, s, s, e);
			open = OPEN_ITEM;
		} else {
			text_add_slice(doc, BLOCK_PARAGRAPH, 0, s, s, e);
			open = alone ? OPEN_NONE : OPEN_PARA;
		}
		prev_chars = chars;
	}
	if (open == OPEN_QUOTE)
		text_close_quote(doc, &quote);
	parse_builder_free(&quote.pb);
	free(alone_lines);
}
