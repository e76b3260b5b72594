/* The block builder that the parsers share: a parser hands over the text of
 * a block piece by piece as its tree gives it (markup stripped, references
 * decoded), and the builder finds each piece in the source, so that every
 * character of the block's text maps back to the bytes it was read from. */
#include <config.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <unistr.h>

#include "ingest/parse.h"
#include "text/lib.h"

/* How far ahead of the cursor a piece of markup-stripped text is looked for. */
#define BUILDER_WINDOW 65536
#define BUILDER_NEAR 4096
/* A place where this many bytes of a piece align is taken as its place. */
#define BUILDER_SURE 16
/* After this many characters in a row not found, the rest of a piece is not
 * looked for. */
#define BUILDER_MISSES 8

/* Whether a byte is trimmed at the ends of a block. */
static bool
builder_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Empties a builder for the next block. */
void
parse_builder_reset(struct parse_builder *pb)
{
	strbuf_reset(&pb->text);
	offmap_clear(&pb->map);
	pb->nspans = 0;
	pb->first_src = SIZE_MAX;
}

void
parse_builder_init(struct parse_builder *pb, struct doc *doc)
{
	memset(pb, 0, sizeof *pb);
	pb->doc = doc;
	pb->limit = doc->len;
	pb->first_src = SIZE_MAX;
}

/* Whether t at q (before end) starts a processing instruction's name as
 * the HTML parser reads it: a letter (any script's), "_" or ":". libxml2
 * finds none in a name of ASCII letters, digits, "_", ":", "." and "-"
 * that runs to the end of the input. */
static bool
builder_pi_name_start(const char *t, size_t q, size_t end)
{
	if (q >= end)
		return false;
	unsigned char c = (unsigned char)t[q];
	if (c < 0x80) {
		if (!isalpha(c) && c != '_' && c != ':')
			return false;
		while (q < end && (isalnum((unsigned char)t[q]) || t[q] == '_' || t[q] == ':' ||
				   t[q] == '.' || t[q] == '-'))
			q++;
		return q < end;
	}
	ucs4_t uc;
	int l = u8_mbtoucr(&uc, (const uint8_t *)t + q, end - q);
	return l > 0 && lazy_xml_is_letter(uc);
}

/* Whether t at q (before end) starts a tag, an end tag, a comment, a
 * DOCTYPE or a processing instruction as the HTML parser reads them: "<"
 * then a letter, "/" and what starts a name (a letter, "_", ":" or "."),
 * "!--" or "!DOCTYPE" in any case, "?" and what starts a name (libxml2
 * keeps the rest of a "</" or a "<?" that no name follows as text, and any
 * other "<!" too). */
static bool
builder_tag_start(const char *t, size_t q, size_t end)
{
	if (t[q] != '<' || q + 1 >= end)
		return false;
	unsigned char c = (unsigned char)t[q + 1];
	if (c == '/') {
		unsigned char d = q + 2 < end ? (unsigned char)t[q + 2] : 0;
		return isalpha(d) || d == '_' || d == ':' || d == '.';
	}
	if (c == '?')
		return builder_pi_name_start(t, q + 2, end);
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

/* Length of the tag, comment or processing instruction that starts t at q
 * (HTML), or 0. */
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
 * end tag, a comment or a processing instruction, or a "</" or "<?" that no
 * name follows. */
static size_t
builder_dropped_len(const char *t, size_t q, size_t end)
{
	if (t[q] == '<' && q + 1 < end && (t[q + 1] == '/' || t[q + 1] == '?') &&
	    !builder_tag_start(t, q, end))
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
	 * (CommonMark 6.1), and for the blanks that start the next line too:
	 * the paragraph drops them before its code spans are read. */
	if (pb->line_spaces && s[0] == ' ' && (t[0] == '\r' || t[0] == '\n')) {
		size_t q = t[0] == '\r' && m >= 2 && t[1] == '\n' ? 2 : 1;
		while (q < m && (t[q] == ' ' || t[q] == '\t'))
			q++;
		*dq = q;
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
 * it) or from a backslash escape; cut: the piece goes on past n. Fills pts
 * (at most 3 * n) and returns the bytes of the piece aligned, ending on a
 * character, with *src_end where they end in doc->text. */
static size_t
builder_align(const struct parse_builder *pb, size_t p, size_t end, const char *s,
	      size_t n, bool cut, struct builder_point *pts, size_t *npts, size_t *src_end)
{
	const char *t = pb->doc->text;
	size_t i = 0, q = p, np = 0, skipped = SIZE_MAX;

	while (i < n && q < end) {
		size_t rl = pb->refs && t[q] == '&' ? builder_ref_len(t + q, end - q) : 0;
		bool took = false;
		/* A reference the parser did not know stays in the text as
		 * it is (CommonMark keeps "&eacu;"); the first bytes of a
		 * piece that goes on may end inside it. */
		size_t lit = rl < n - i ? rl : n - i;
		if (rl > 0 && (lit == rl || cut) && memcmp(s + i, t + q, lit) == 0) {
			i += lit;
			q += lit;
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
		 * tag, a bare "</" or "<?", a misplaced DOCTYPE) holds none of
		 * it: once between two characters, a reference's or a control
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

/* Whether a piece that starts with the byte a may start at the source byte
 * c: the same byte, or one that something in the piece may stand for (a
 * reference, an escape, a NUL, in HTML a raw control, in a Markdown code
 * span a line ending that stands as a space). */
static bool
builder_may_start(const struct parse_builder *pb, char a, char c)
{
	return c == a || c == '\0' || (pb->skip_tags && (unsigned char)c < 0x20) ||
	       (pb->refs && c == '&') || (pb->escapes && c == '\\') ||
	       (pb->line_spaces && a == ' ' && (c == '\r' || c == '\n'));
}

/* Where the longest possible prefix of the piece occurs in doc->text at or
 * after the cursor, or SIZE_MAX: the first place where the whole piece, or
 * at least BUILDER_SURE bytes of it, align; failing that, in HTML, the
 * first place where the longest prefix of whole characters aligns up to a
 * "<" (markup the parser dropped, such as stray end tags in a row, may cut
 * a piece anywhere: the rest is looked for on its own).
 * pts and *npts receive the points where references and escapes put it out
 * of step with doc->text, *len the bytes of the piece aligned (never 0) and
 * *src_end where they end. */
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
	size_t best = SIZE_MAX, best_len = 0;
	for (; from < stop && n > 0; from++) {
		if (!builder_may_start(pb, s[0], t[from])) {
			/* Straight to the next place the piece could start. */
			size_t k = from + 1;
			while (k < stop && !builder_may_start(pb, s[0], t[k]))
				k++;
			from = k - 1;
			continue;
		}
		if (pb->skip_tags && builder_in_tag(pb, from))
			continue;
		/* Only the first bytes decide the place: a long piece that stops
		 * agreeing near its end costs no more than a short one. */
		size_t m = builder_align(pb, from, end, s, sure, sure < n, pts, npts, src_end);
		if (m < sure) {
			if (pb->skip_tags && m > best_len && *src_end < end &&
			    t[*src_end] == '<') {
				best = from;
				best_len = m;
			}
			continue;
		}
		if (sure < n)
			m = builder_align(pb, from, end, s, n, false, pts, npts, src_end);
		*len = m;
		return from;
	}
	if (best == SIZE_MAX)
		return SIZE_MAX;
	*len = builder_align(pb, best, end, s, best_len, false, pts, npts, src_end);
	return *len > 0 ? best : SIZE_MAX;
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
			/* A point for each of its characters: the piece found next
			 * moves the last point on to its own place, and characters
			 * between two points would advance byte by byte over the
			 * source towards it, into the middle of a character. */
			for (size_t k = 0; k < len; k += cl > 0 ? (size_t)cl : 1) {
				offmap_add(&pb->map, pb->text.len + k, pb->cursor);
				cl = u8_mblen((const uint8_t *)s + k, len - k);
			}
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

/* A block none of whose text was found in the source (every character
 * mapped to one place) still spans a character there, the one at that
 * place or else the one before it: a search hit in it then names source
 * bytes inside its block, as every hit does. */
static void
builder_hold_one(const struct doc *doc, size_t *src_off, size_t *src_len)
{
	if (*src_len > 0 || doc->len == 0)
		return;
	if (*src_off < doc->len) {
		*src_len = utf8_forward(doc->text, *src_off + 1, doc->len) - *src_off;
	} else {
		size_t k = utf8_back(doc->text, 0, doc->len - 1);
		*src_len = doc->len - k;
		*src_off = k;
	}
}

struct block *
parse_builder_emit(struct parse_builder *pb, enum block_kind kind, unsigned level,
		   size_t src_off, size_t src_len)
{
	struct doc *doc = pb->doc;
	struct block *b = NULL;
	size_t len = pb->text.len;

	while (len > 0 && (builder_is_space(pb->text.data[len - 1]) ||
			   pb->text.data[len - 1] == '\n'))
		len--;
	if (len > 0) {
		if (src_len == 0) {
			src_off = pb->first_src != SIZE_MAX ? pb->first_src : pb->cursor;
			src_len = pb->cursor > src_off ? pb->cursor - src_off : 0;
			builder_hold_one(doc, &src_off, &src_len);
		}
		b = doc_add_block(doc);
		b->kind = kind;
		b->level = (uint8_t)(level < UINT8_MAX ? level : UINT8_MAX);
		b->text = arena_strndup(&doc->arena, pb->text.data, len);
		b->len = len;
		struct offmap *m = arena_alloc(&doc->arena, sizeof *m);
		if (pb->map.n == 0)
			offmap_add(&pb->map, 0, src_off);
		*m = pb->map;
		m->cap = m->n;
		m->runcap = m->nruns;
		m->pts = arena_alloc(&doc->arena, m->n * sizeof *m->pts);
		memcpy(m->pts, pb->map.pts, m->n * sizeof *m->pts);
		m->runs = arena_alloc(&doc->arena, m->nruns * sizeof *m->runs);
		memcpy(m->runs, pb->map.runs, m->nruns * sizeof *m->runs);
		b->map = m;
		b->text_off = offmap_point_at(m, 0).src;
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
	parse_builder_reset(pb);
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
