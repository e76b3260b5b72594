/* `qarin --search`: runs a query over the loaded documents and writes the
 * hits as text (grep-style lines with a snippet), TSV or JSON. Byte ranges
 * are in the source file for UTF-8 input, and in the decoded UTF-8 text
 * (NFC, without byte-order mark) for every other encoding. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "text/lib.h"
#include "cli/search_report.h"

/* A snippet shows at most this many characters on each side of a match. */
#define SEARCH_SNIPPET_CONTEXT 60

/* Where a hit is, in the coordinates the report prints. */
struct search_where {
	unsigned line;   /* 1-based source line */
	size_t column;   /* 1-based character column in that line */
	size_t offset;   /* byte range in the source (see search_report.h) */
	size_t length;
};

/* Running state for columns: hits come in order, so a column is counted on
 * from the previous hit of the same line. */
struct search_colcache {
	unsigned line;
	size_t off, column;
};

/* Characters (UTF-8 lead bytes) in s[from, to). */
static size_t
search_count_chars(const char *s, size_t from, size_t to)
{
	return from < to ? utf8_count(s + from, to - from) : 0;
}

/* Computes the printed coordinates of a hit. */
static void
search_locate(const struct doc *d, const struct search_hit *h, struct search_colcache *cc,
	      struct search_where *w)
{
	w->line = doc_line_of(d, h->start);
	size_t ls = doc_line_start(d, w->line - 1);
	if (cc->line != w->line || cc->off > h->start || cc->off < ls) {
		cc->line = w->line;
		cc->off = ls;
		cc->column = 1;
	}
	cc->column += search_count_chars(d->text, cc->off, h->start);
	cc->off = h->start;
	w->column = cc->column;
	if (strcmp(d->encoding, "UTF-8") == 0) {
		w->offset = doc_source_offset(d, h->start);
		size_t end = doc_source_offset(d, h->start + h->len);
		w->length = end > w->offset ? end - w->offset : 0;
	} else {
		/* Other encodings: the decoded text, as iconv would print it. */
		w->offset = h->start;
		w->length = h->len;
	}
}

/* Writes the line around a hit, cut to SEARCH_SNIPPET_CONTEXT characters on
 * each side with "…" where it was cut; laid out in visual order when visual
 * is not NULL (the marks of a cut then stand at the side it is on). */
static void
search_put_snippet(FILE *out, const struct doc *d, const struct search_hit *h, unsigned line,
		   const struct layout_opts *visual)
{
	size_t ls = doc_line_start(d, line - 1);
	size_t le = line < d->nlines ? doc_line_start(d, line) : d->len;
	while (le > ls && (d->text[le - 1] == '\n' || d->text[le - 1] == '\r'))
		le--;
	size_t a = h->start, n = 0;
	while (a > ls && n < SEARCH_SNIPPET_CONTEXT) {
		a = utf8_back(d->text, ls, a - 1);
		n++;
	}
	size_t e = h->start + h->len;
	if (e > le)
		e = le;
	for (n = 0; e < le && n < SEARCH_SNIPPET_CONTEXT; n++) {
		e = utf8_forward(d->text, e + 1, le);
	}
	struct strbuf snip = STRBUF_INIT, row = STRBUF_INIT;
	if (a > ls)
		strbuf_puts(&snip, "…");
	strbuf_append(&snip, d->text + a, e - a);
	if (e < le)
		strbuf_puts(&snip, "…");
	if (visual != NULL && snip.len > 0) {
		layout_line_visual(snip.data, snip.len, visual, &row);
		escape_write(out, ESCAPE_LINE, row.data ? row.data : "", row.len);
	} else {
		escape_write(out, ESCAPE_LINE, snip.data ? snip.data : "", snip.len);
	}
	strbuf_free(&snip);
	strbuf_free(&row);
}

/* Prints one hit in the chosen format. */
static void
search_put_hit(FILE *out, const struct doc *d, const struct search_hit *h,
	       const struct search_where *w, enum search_report_format format, bool first,
	       const struct layout_opts *visual)
{
	switch (format) {
	case SEARCH_REPORT_TEXT:
		escape_puts(out, ESCAPE_TEXT, d->path);
		fprintf(out, ":%u:%zu: ", w->line, w->column);
		search_put_snippet(out, d, h, w->line, visual);
		putc('\n', out);
		break;
	case SEARCH_REPORT_TSV:
		escape_puts(out, ESCAPE_TSV, d->path);
		fprintf(out, "\t%u\t%zu\t%zu\t%zu\t", w->line, w->column, w->offset, w->length);
		escape_write(out, ESCAPE_TSV, d->text + h->start, h->len);
		putc('\n', out);
		break;
	case SEARCH_REPORT_JSON:
		fputs(first ? "[\n  {\"path\": \"" : ",\n  {\"path\": \"", out);
		escape_puts(out, ESCAPE_JSON, d->path);
		fprintf(out, "\", \"line\": %u, \"column\": %zu, \"byte_offset\": %zu, "
			"\"byte_length\": %zu, \"match\": \"", w->line, w->column, w->offset, w->length);
		escape_write(out, ESCAPE_JSON, d->text + h->start, h->len);
		fputs("\"}", out);
		break;
	}
}

int
search_report(FILE *out, struct doc *const *docs, size_t ndocs, const char *query,
	      unsigned flags, enum search_report_format format,
	      const struct layout_opts *visual, struct qerr *err)
{
	struct search_query *q = search_query_new(query, flags, err);
	size_t total = 0;
	bool timeout = false;

	if (q == NULL)
		return 2;
	for (size_t i = 0; i < ndocs; i++) {
		struct search_text *t = search_text_new(docs[i]);
		struct search_hits hits = { 0 };
		struct search_colcache cc = { 0, 0, 0 };
		search_find_all(q, t, &hits);
		for (size_t k = 0; k < hits.n; k++) {
			struct search_where w;
			search_locate(docs[i], &hits.v[k], &cc, &w);
			search_put_hit(out, docs[i], &hits.v[k], &w, format, total == 0, visual);
			total++;
		}
		search_hits_free(&hits);
		search_text_free(t);
		if (search_query_status(q) == SEARCH_TIMEOUT) {
			/* Stop rather than run for hours; what was found is printed. */
			const struct doc *d = docs[i];
			size_t b = search_query_timeout_block(q);
			qerr_set(err, "%s:%u: the regular expression took too long on this "
				 "paragraph (over %.0f ms), search stopped", d->path,
				 b < d->nblocks ? doc_block_line(d, &d->blocks[b]) : 0,
				 search_query_timeout_ms(q));
			timeout = true;
			break;
		}
	}
	search_query_free(q);
	if (format == SEARCH_REPORT_JSON)
		fputs(total > 0 ? "\n]\n" : "[]\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		qerr_set(err, "error writing the search results");
		return 2;
	}
	if (timeout)
		return 2;
	return total > 0 ? 0 : 1;
}
