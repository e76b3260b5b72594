/* Second stage of ingest for plain text: one linear pass over the lines of
 * doc->text cuts it into paragraph, list item and quote blocks that are
 * slices of the text itself. Also the format sniffer and the block builder
 * that the Markdown and HTML parsers share. */
#include <config.h>

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistr.h>

#include "ingest/parse.h"
#include "text/lib.h"

/* Lines from which the lines standing alone are found on a few threads,
 * and most threads. */
#define TEXT_PARALLEL_LINES 16384
#define TEXT_THREADS 4
/* A hard-wrapped line is at most this many characters long. */
#define TEXT_WRAP_MAX 150
/* How far ahead of the cursor a piece of markup-stripped text is looked for. */
#define BUILDER_WINDOW 65536
#define BUILDER_NEAR 4096
/* A place where this many bytes of a piece align is taken as its place. */
#define BUILDER_SURE 16
/* After this many characters in a row not found, the rest of a piece is not
 * looked for. */
#define BUILDER_MISSES 8

/* Whether a name ends with the extension ext (case-insensitive, dot included). */
static bool
sniff_has_ext(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);

	return pl > el && strcasecmp(path + pl - el, ext) == 0;
}

/* Whether a line (without its newline) looks like Markdown block syntax that
 * plain text rarely has: an ATX heading, a code fence, a setext underline. */
static int
sniff_markdown_line(const char *s, size_t n, int *list)
{
	size_t i = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i < n && s[i] == '#') {
		size_t h = 0;
		while (i < n && s[i] == '#' && h < 7)
			i++, h++;
		if (h <= 6 && i < n && s[i] == ' ')
			return 1;
		return 0;
	}
	if (n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0))
		return 1;
	if (n - i >= 3 && (s[i] == '=' || s[i] == '-')) {
		size_t j = i;
		while (j < n && s[j] == s[i])
			j++;
		if (j == n && s[i] == '=')
			return 1;
	}
	if (n - i >= 2 && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
		(*list)++;
	return 0;
}

enum doc_format
parse_sniff_format(const char *path, const char *text, size_t len)
{
	static const char *const md_ext[] = { ".md", ".markdown", ".mkd", ".mdown" };
	static const char *const html_ext[] = { ".html", ".htm", ".xhtml" };

	if (path != NULL) {
		for (size_t i = 0; i < sizeof md_ext / sizeof md_ext[0]; i++)
			if (sniff_has_ext(path, md_ext[i]))
				return DOC_FORMAT_MARKDOWN;
		for (size_t i = 0; i < sizeof html_ext / sizeof html_ext[0]; i++)
			if (sniff_has_ext(path, html_ext[i]))
				return DOC_FORMAT_HTML;
		if (sniff_has_ext(path, ".txt") || sniff_has_ext(path, ".text"))
			return DOC_FORMAT_TEXT;
	}
	size_t n = len < 4096 ? len : 4096, i = 0;
	while (i < n && isspace((unsigned char)text[i]))
		i++;
	if ((n - i >= 14 && strncasecmp(text + i, "<!DOCTYPE html", 14) == 0) ||
	    (n - i >= 5 && strncasecmp(text + i, "<html", 5) == 0))
		return DOC_FORMAT_HTML;
	/* Markdown: a heading or fence, or a list next to inline markup. */
	int list = 0, inline_md = 0;
	for (size_t s = 0; s < n;) {
		const char *nl = memchr(text + s, '\n', n - s);
		size_t e = nl != NULL ? (size_t)(nl - text) : n;
		if (sniff_markdown_line(text + s, e - s, &list))
			return DOC_FORMAT_MARKDOWN;
		s = e + 1;
	}
	for (size_t k = 0; k + 1 < n; k++)
		if ((text[k] == '*' && text[k + 1] == '*') || (text[k] == ']' && text[k + 1] == '(') ||
		    text[k] == '`')
			inline_md++;
	if (list >= 2 && inline_md > 0)
		return DOC_FORMAT_MARKDOWN;
	return DOC_FORMAT_TEXT;
}

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

/* Empties a builder for the next block. */
static void
builder_reset(struct parse_builder *pb)
{
	strbuf_reset(&pb->text);
	pb->map.n = 0;
	pb->nspans = 0;
	pb->first_src = SIZE_MAX;
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
		builder_reset(&q->pb);
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
	unsigned parts = (unsigned)parallel_threads(TEXT_THREADS);

	if (parts < 2 || doc->nlines < TEXT_PARALLEL_LINES)
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
	bool merge = text_has_blank_lines(doc);
	uint8_t *alone_lines = text_alone_lines(doc);
	struct text_quote quote = { .nlines = 0 };
	/* The open block that following lines may continue (merge mode). */
	enum { OPEN_NONE, OPEN_PARA, OPEN_ITEM, OPEN_QUOTE } open = OPEN_NONE;
	size_t prev_chars = 0;

	(void)err;
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
	return 0;
}

void
parse_builder_init(struct parse_builder *pb, struct doc *doc)
{
	memset(pb, 0, sizeof *pb);
	pb->doc = doc;
	pb->limit = doc->len;
	pb->first_src = SIZE_MAX;
}

/* Whether t at q (before end) starts a tag, an end tag, a comment or a
 * DOCTYPE as the HTML parser reads them: "<" then a letter, "/" and a
 * letter, "!--" or "!DOCTYPE" in any case (libxml2 keeps the rest of a "</"
 * that no letter follows as text, and any other "<!" too). */
static bool
builder_tag_start(const char *t, size_t q, size_t end)
{
	if (t[q] != '<' || q + 1 >= end)
		return false;
	unsigned char c = (unsigned char)t[q + 1];
	if (c == '/')
		return q + 2 < end && isalpha((unsigned char)t[q + 2]);
	if (c == '!')
		return (end - q >= 4 && t[q + 2] == '-' && t[q + 3] == '-') ||
		       (end - q >= 9 && strncasecmp(t + q + 2, "DOCTYPE", 7) == 0);
	return isalpha(c);
}

/* Whether doc->text offset p (after the cursor) is inside a tag. */
static bool
builder_in_tag(const struct parse_builder *pb, size_t p)
{
	const char *t = pb->doc->text;

	for (size_t q = p; q > pb->cursor; q--) {
		if (t[q - 1] == '>')
			return false;
		if (t[q - 1] == '<')
			return builder_tag_start(t, q - 1, pb->doc->len);
	}
	return false;
}

/* Portable memmem: the first occurrence of needle in [h, h + hn). */
static const char *
builder_memmem(const char *h, size_t hn, const char *needle, size_t n)
{
	const char *end = h + hn;

	while ((size_t)(end - h) >= n) {
		const char *p = memchr(h, needle[0], (size_t)(end - h) - n + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, n) == 0)
			return p;
		h = p + 1;
	}
	return NULL;
}

/* Length of the tag or comment that starts t at q (HTML), or 0. */
static size_t
builder_markup_len(const char *t, size_t q, size_t end)
{
	if (!builder_tag_start(t, q, end))
		return 0;
	const char *close;
	if (end - q >= 4 && memcmp(t + q, "<!--", 4) == 0) {
		close = builder_memmem(t + q + 4, end - q - 4, "-->", 3);
		if (close != NULL)
			close += 2;
	} else {
		close = memchr(t + q, '>', end - q);
	}
	return close != NULL ? (size_t)(close - t) + 1 - q : 0;
}

/* Length of what the HTML parser drops at t[q] inside a text: a tag, an
 * end tag or a comment, or the "</" of one that no letter follows. */
static size_t
builder_dropped_len(const char *t, size_t q, size_t end)
{
	if (t[q] == '<' && q + 1 < end && t[q + 1] == '/' && !builder_tag_start(t, q, end))
		return 2;
	return builder_markup_len(t, q, end);
}

/* Past the tags, comments and white space that start doc->text at from
 * (HTML): markup that cannot hold text does not count against the window. */
static size_t
builder_skip_markup(const struct parse_builder *pb, size_t from, size_t end)
{
	const char *t = pb->doc->text;

	while (from < end) {
		char c = t[from];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			from++;
			continue;
		}
		size_t k = builder_markup_len(t, from, end);
		if (k == 0)
			break;
		from += k;
	}
	return from;
}

/* Length of the character reference (&name; &#N; &#xN;) that starts at s,
 * or 0; whether the parser decoded it is for the text to tell. */
static size_t
builder_ref_len(const char *s, size_t n)
{
	size_t i = 1;

	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		bool hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		i = hex ? 3 : 2;
		size_t digits = i;
		while (i < n && i < 40 && (hex ? isxdigit((unsigned char)s[i])
					      : isdigit((unsigned char)s[i])))
			i++;
		if (i == digits)
			return 0;
		/* HTML takes a numeric reference without its semicolon. */
		return i < n && s[i] == ';' ? i + 1 : i;
	}
	while (i < n && i < 40 && isalnum((unsigned char)s[i]))
		i++;
	if (i == 1 || !isalpha((unsigned char)s[1]) || i >= n || s[i] != ';')
		return 0;
	return i + 1;
}

/* Whether the piece at s (n bytes) starts with something the parser wrote
 * for the source at t (m bytes) other than byte for byte: returns its
 * bytes in the piece, and in *dq those in the source; 0 when none. */
static size_t
builder_stand_in(const struct parse_builder *pb, const char *s, size_t n, const char *t,
		 size_t m, size_t *dq)
{
	const unsigned char *u = (const unsigned char *)s, *v = (const unsigned char *)t;

	*dq = 0;
	/* A backslash escape (Markdown). */
	if (pb->escapes && m >= 2 && t[0] == '\\' && ispunct(v[1]) && s[0] == t[1]) {
		*dq = 2;
		return 1;
	}
	/* A NUL stands in the text as U+FFFD, as CommonMark and HTML
	 * replace it. */
	if (t[0] == '\0' && n >= 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0) {
		*dq = 1;
		return 3;
	}
	/* A line ending inside a Markdown code span stands as a space
	 * (CommonMark 6.1). */
	if (pb->line_spaces && s[0] == ' ' && (t[0] == '\r' || t[0] == '\n')) {
		*dq = t[0] == '\r' && m >= 2 && t[1] == '\n' ? 2 : 1;
		return 1;
	}
	if (!pb->skip_tags || n < 3)
		return 0;
	/* In HTML, a noncharacter U+FFFE or U+FFFF, which XML cannot hold,
	 * stands as U+FFFD, and a raw control as its control picture
	 * (parse_html.c). */
	if (m >= 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0 && v[0] == 0xEF && v[1] == 0xBF &&
	    (v[2] & 0xFE) == 0xBE) {
		*dq = 3;
		return 3;
	}
	if (v[0] < 0x20 && u[0] == 0xE2 && u[1] == 0x90 && u[2] == 0x80 + v[0]) {
		*dq = 1;
		return 3;
	}
	return 0;
}

/* Whether the held text at s (n bytes) can go on from doc->text at t (m
 * bytes): the same bytes, up to a few, something that stands for the source
 * there (builder_stand_in), or a reference, escape or NUL next. */
static bool
builder_resumes(const struct parse_builder *pb, const char *s, size_t n, const char *t,
		size_t m)
{
	size_t dq;

	if (n == 0)
		return true;
	if (m == 0)
		return false;
	if (t[0] == '&' || t[0] == '\\' || t[0] == '\0' ||
	    builder_stand_in(pb, s, n, t, m, &dq) > 0 ||
	    (pb->skip_tags && s[0] != '<' && builder_dropped_len(t, 0, m) > 0))
		return true;
	for (size_t k = 0; k < n && k < m && k < 4; k++) {
		if (s[k] != t[k])
			return false;
		/* Up to the next place where they may go out of step: a
		 * reference, an escape, a NUL, and in HTML a raw control (its
		 * picture) or markup. */
		unsigned char c = k + 1 < m ? (unsigned char)t[k + 1] : 0x80;
		if (c == '&' || c == '\\' || c == '\0' || (pb->skip_tags && (c < 0x20 || c == '<')))
			break;
	}
	return true;
}

/* A place where the held text and doc->text resume advancing together. */
struct builder_point {
	size_t text; /* offset in the piece */
	size_t src;  /* offset in doc->text */
};

/* Aligns the piece with doc->text from p on, character by character, as far
 * as they agree: a character may come from itself, from a character
 * reference (which yields one or two code points, as the parser decoded
 * it) or from a backslash escape. Fills pts (at most 3 * n) and returns the
 * bytes of the piece aligned, ending on a character, with *src_end where
 * they end in doc->text. */
static size_t
builder_align(const struct parse_builder *pb, size_t p, size_t end, const char *s,
	      size_t n, struct builder_point *pts, size_t *npts, size_t *src_end)
{
	const char *t = pb->doc->text;
	size_t i = 0, q = p, np = 0, skipped = SIZE_MAX;

	while (i < n && q < end) {
		size_t rl = pb->refs && t[q] == '&' ? builder_ref_len(t + q, end - q) : 0;
		bool took = false;
		/* A reference the parser did not know stays in the text as
		 * it is (CommonMark keeps "&eacu;"). */
		if (rl > 0 && n - i >= rl && memcmp(s + i, t + q, rl) == 0) {
			i += rl;
			q += rl;
			continue;
		}
		for (size_t j = i, k = 0; rl > 0 && k < 2 && j < n; k++) {
			int cl = u8_mblen((const uint8_t *)s + j, n - j);
			j += cl > 0 ? (size_t)cl : 1;
			if (builder_resumes(pb, s + j, n - j, t + q + rl, end - q - rl)) {
				pts[np++] = (struct builder_point){ i, q };
				pts[np++] = (struct builder_point){ j, q + rl };
				i = j;
				q += rl;
				took = true;
				break;
			}
		}
		if (took)
			continue;
		size_t dq, di = builder_stand_in(pb, s + i, n - i, t + q, end - q, &dq);
		if (di > 0) {
			pts[np++] = (struct builder_point){ i, q };
			pts[np++] = (struct builder_point){ i + di, q + dq };
			i += di;
			q += dq;
			continue;
		}
		/* Markup the HTML parser ignored inside a text (a stray end
		 * tag, a bare "</", a misplaced DOCTYPE) holds none of it:
		 * once between two characters, a reference's or a control
		 * picture's included. */
		size_t ml = pb->skip_tags && skipped != i ? builder_dropped_len(t, q, end) : 0;
		if (ml > 0 && q + ml < end && !builder_tag_start(t, q + ml, end)) {
			q += ml;
			skipped = i;
			pts[np++] = (struct builder_point){ i, q };
			continue;
		}
		if (s[i] != t[q])
			break;
		i++;
		q++;
	}
	/* A character matched in part is not matched: back to its start (the
	 * bytes since the last point advanced one for one). */
	while (i < n && i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 &&
	       (np == 0 || pts[np - 1].text < i)) {
		i--;
		q--;
	}
	*npts = np;
	*src_end = q;
	return i;
}

/* Where the longest possible prefix of the piece occurs in doc->text at or
 * after the cursor, or SIZE_MAX: a place counts when the whole piece, or at
 * least BUILDER_SURE bytes of it, align there. pts and *npts receive the
 * points where references and escapes put it out of step with doc->text,
 * *len the bytes of the piece aligned and *src_end where they end. */
static size_t
builder_find(const struct parse_builder *pb, const char *s, size_t n,
	     struct builder_point *pts, size_t *npts, size_t *len, size_t *src_end)
{
	const char *t = pb->doc->text;
	size_t from = pb->cursor;
	size_t end = pb->limit < pb->doc->len ? pb->limit : pb->doc->len;
	size_t sure = n < BUILDER_SURE ? n : BUILDER_SURE;

	/* Whole characters: one that stands for another (U+FFFD for a NUL)
	 * aligns only whole. */
	while (sure < n && ((unsigned char)s[sure] & 0xC0) == 0x80)
		sure++;
	if (pb->skip_tags)
		from = builder_skip_markup(pb, from, end);
	/* The first piece of a block may follow dropped markup (a script);
	 * later ones follow their neighbour closely. */
	size_t window = pb->text.len == 0 ? BUILDER_WINDOW : BUILDER_NEAR;
	size_t stop = from <= end && end - from > window ? from + window : end;
	for (; from < stop && n > 0; from++) {
		char c = t[from];
		bool ctl = c == '\0' || (pb->skip_tags && (unsigned char)c < 0x20);
		if (c != s[0] && !ctl && !(pb->refs && c == '&') && !(pb->escapes && c == '\\')) {
			/* Straight to the next place the piece could start. */
			size_t k = from + 1;
			while (k < stop && t[k] != s[0] && t[k] != '&' && t[k] != '\\' && t[k] != '\0' &&
			       !(pb->skip_tags && (unsigned char)t[k] < 0x20))
				k++;
			from = k - 1;
			continue;
		}
		if (pb->skip_tags && builder_in_tag(pb, from))
			continue;
		/* Only the first bytes decide the place: a long piece that stops
		 * agreeing near its end costs no more than a short one. */
		size_t m = builder_align(pb, from, end, s, sure, pts, npts, src_end);
		if (m < sure)
			continue;
		if (sure < n)
			m = builder_align(pb, from, end, s, n, pts, npts, src_end);
		*len = m;
		return from;
	}
	return SIZE_MAX;
}

void
parse_builder_text(struct parse_builder *pb, const char *s, size_t n)
{
	struct builder_point small[3 * BUILDER_SURE], *pts = small;
	unsigned misses = 0;

	if (n > BUILDER_SURE)
		pts = xmalloc(3 * n * sizeof *pts);
	while (n > 0) {
		size_t npts = 0, len = 0, e = 0;
		size_t at = pb->cursor <= pb->limit && misses < BUILDER_MISSES
			? builder_find(pb, s, n, pts, &npts, &len, &e) : SIZE_MAX;
		if (at != SIZE_MAX) {
			offmap_add(&pb->map, pb->text.len, at);
			for (size_t k = 0; k < npts; k++)
				offmap_add(&pb->map, pb->text.len + pts[k].text, pts[k].src);
			if (pb->first_src == SIZE_MAX)
				pb->first_src = at;
			pb->cursor = e;
			misses = 0;
		} else {
			/* A character that is not in the source as far as it can be
			 * told (a NUL the parser replaced) maps to the nearest
			 * preceding place; after a few in a row, so does the rest. */
			int cl = u8_mblen((const uint8_t *)s, n);
			len = misses < BUILDER_MISSES && cl > 0 ? (size_t)cl : n;
			offmap_add(&pb->map, pb->text.len, pb->cursor);
			offmap_add(&pb->map, pb->text.len + len, pb->cursor);
			if (pb->first_src == SIZE_MAX)
				pb->first_src = pb->cursor;
			misses++;
		}
		strbuf_append(&pb->text, s, len);
		s += len;
		n -= len;
	}
	if (pts != small)
		free(pts);
}

void
parse_builder_sep(struct parse_builder *pb, char c)
{
	if (pb->text.len == 0)
		return;
	if (c == ' ' && (pb->text.data[pb->text.len - 1] == ' ' ||
			 pb->text.data[pb->text.len - 1] == '\n'))
		return;
	strbuf_putc(&pb->text, c);
}

void
parse_builder_span(struct parse_builder *pb, size_t start, enum span_style style)
{
	if (start >= pb->text.len)
		return;
	if (pb->nspans == pb->spans_cap) {
		pb->spans_cap = pb->spans_cap ? pb->spans_cap * 2 : 8;
		pb->spans = xreallocarray(pb->spans, pb->spans_cap, sizeof *pb->spans);
	}
	pb->spans[pb->nspans++] = (struct span){
		.start = (uint32_t)start,
		.len = (uint32_t)(pb->text.len - start),
		.style = style,
	};
}

struct block *
parse_builder_emit(struct parse_builder *pb, enum block_kind kind, unsigned level,
		   size_t src_off, size_t src_len)
{
	struct doc *doc = pb->doc;
	struct block *b = NULL;
	size_t len = pb->text.len;

	while (len > 0 && (text_is_space(pb->text.data[len - 1]) ||
			   pb->text.data[len - 1] == '\n'))
		len--;
	if (len > 0) {
		if (src_len == 0) {
			src_off = pb->first_src != SIZE_MAX ? pb->first_src : pb->cursor;
			src_len = pb->cursor > src_off ? pb->cursor - src_off : 0;
		}
		b = doc_add_block(doc);
		b->kind = kind;
		b->level = (uint8_t)(level < UINT8_MAX ? level : UINT8_MAX);
		b->text = arena_strndup(&doc->arena, pb->text.data, len);
		b->len = len;
		struct offmap *m = arena_alloc(&doc->arena, sizeof *m);
		m->n = m->cap = pb->map.n;
		m->pts = arena_alloc(&doc->arena, (m->n ? m->n : 1) * sizeof *m->pts);
		memcpy(m->pts, pb->map.pts, m->n * sizeof *m->pts);
		if (m->n == 0) {
			m->pts[0] = (struct offmap_point){ 0, src_off };
			m->n = m->cap = 1;
		}
		b->map = m;
		b->text_off = m->pts[0].src;
		b->src_off = src_off;
		b->src_len = src_len;
		size_t ns = 0;
		/* A block's spans are counted in 32 bits, like their offsets. */
		for (size_t i = 0; i < pb->nspans && ns < UINT32_MAX; i++)
			if (pb->spans[i].start < len)
				ns++;
		if (ns > 0) {
			struct span *sp = arena_alloc(&doc->arena, ns * sizeof *sp);
			ns = 0;
			for (size_t i = 0; i < pb->nspans && ns < UINT32_MAX; i++) {
				if (pb->spans[i].start >= len)
					continue;
				sp[ns] = pb->spans[i];
				if (sp[ns].start + sp[ns].len > len)
					sp[ns].len = (uint32_t)(len - sp[ns].start);
				ns++;
			}
			b->spans = sp;
			b->nspans = (uint32_t)ns;
		}
	}
	builder_reset(pb);
	return b;
}

void
parse_builder_free(struct parse_builder *pb)
{
	strbuf_free(&pb->text);
	offmap_free(&pb->map);
	free(pb->spans);
	memset(pb, 0, sizeof *pb);
}

void
parse_block_marks(struct block *b, enum block_marker marker, long long ordinal, unsigned quotes)
{
	if (b == NULL)
		return;
	b->marker = marker;
	b->ordinal = ordinal < BLOCK_ORDINAL_MIN ? BLOCK_ORDINAL_MIN
		     : ordinal > BLOCK_ORDINAL_MAX ? BLOCK_ORDINAL_MAX : (int32_t)ordinal;
	b->quote = quotes < BLOCK_QUOTE_MAX ? quotes : BLOCK_QUOTE_MAX;
}
