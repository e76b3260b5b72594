/* `qarin --search`: runs a query over the loaded documents and writes the
 * hits as text (grep-style lines with a snippet), TSV or JSON. Byte ranges
 * are in the source file for UTF-8 input, and in the decoded UTF-8 text
 * (NFC, without byte-order mark) for every other encoding. */
#define _GNU_SOURCE 1 /* fopencookie */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "text/lib.h"
#include "cli/search_report.h"

/* A snippet shows at most this many characters on each side of a match. */
#define SEARCH_SNIPPET_CONTEXT 60

/* Where a hit is, in the coordinates the report prints. */
struct search_where {
	unsigned line;   /* 1-based line in the document */
	unsigned shown;  /* 1-based line in the file (a stretch's line counted on) */
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

/* Writes the line text[ls, le) around a hit at [start, start + len), cut to SEARCH_SNIPPET_CONTEXT characters on
 * each side with "…" where it was cut; laid out in visual order when visual
 * is not NULL (the marks of a cut then stand at the side it is on). */
static void
search_put_snippet(FILE *out, const char *text, size_t ls, size_t le, size_t start, size_t len,
		   const struct layout_opts *visual)
{
	while (le > ls && (text[le - 1] == '\n' || text[le - 1] == '\r'))
		le--;
	size_t a = start, n = 0;
	while (a > ls && n < SEARCH_SNIPPET_CONTEXT) {
		a = utf8_back(text, ls, a - 1);
		n++;
	}
	size_t e = start + len;
	if (e > le)
		e = le;
	for (n = 0; e < le && n < SEARCH_SNIPPET_CONTEXT; n++) {
		e = utf8_forward(text, e + 1, le);
	}
	struct strbuf snip = STRBUF_INIT, row = STRBUF_INIT;
	if (a > ls)
		strbuf_puts(&snip, "…");
	strbuf_append(&snip, text + a, e - a);
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

/* One hit as it is printed: the text of its line, the file's name and
 * where it is (all borrowed). */
struct search_shown {
	const char *path;
	const char *text;   /* holds the line [ls, le) and the hit [start, start + len) */
	size_t ls, le;
	size_t start, len;
};

/* Prints one hit in the chosen format. */
static void
search_put_hit(FILE *out, const struct search_shown *h, const struct search_where *w,
	       enum search_report_format format, bool first, const struct layout_opts *visual)
{
	switch (format) {
	case SEARCH_REPORT_COUNT:
		break; /* counted by the caller, printed by search_report_file_done */
	case SEARCH_REPORT_TEXT:
		escape_puts(out, ESCAPE_TEXT, h->path);
		fprintf(out, ":%u:%zu: ", w->shown, w->column);
		search_put_snippet(out, h->text, h->ls, h->le, h->start, h->len, visual);
		putc('\n', out);
		break;
	case SEARCH_REPORT_TSV:
		escape_puts(out, ESCAPE_TSV, h->path);
		fprintf(out, "\t%u\t%zu\t%zu\t%zu\t", w->shown, w->column, w->offset, w->length);
		escape_write(out, ESCAPE_TSV, h->text + h->start, h->len);
		putc('\n', out);
		break;
	case SEARCH_REPORT_JSON:
		fputs(first ? "[\n  {\"path\": \"" : ",\n  {\"path\": \"", out);
		escape_puts(out, ESCAPE_JSON, h->path);
		fprintf(out, "\", \"line\": %u, \"column\": %zu, \"byte_offset\": %zu, "
			"\"byte_length\": %zu, \"match\": \"", w->shown, w->column, w->offset, w->length);
		escape_write(out, ESCAPE_JSON, h->text + h->start, h->len);
		fputs("\"}", out);
		break;
	}
}

/* Bytes of each piece of held output. */
#define SEARCH_HOLD_PIECE ((size_t)2 << 20)

/* Output held back: pieces of SEARCH_HOLD_PIECE bytes, each allocated once
 * and asked to be a huge page (open_memstream grows, copies and clears
 * its buffer a little at a time: on many megabytes of hits, that and the
 * page faults showed). */
struct search_hold {
	char **piece;   /* owned, each owned */
	size_t n, cap;
	size_t used;    /* bytes in the last piece */
};

struct search_report {
	FILE *out;              /* borrowed: where hits go */
	FILE *held;             /* while held: the stream out stands for */
	struct search_hold *hold; /* owned while held: what was written since */
	size_t hold_total;      /* total when the hold began */
	struct search_query *q; /* owned */
	enum search_report_format format;
	const struct layout_opts *visual; /* borrowed */
	size_t total;           /* hits printed */
	size_t file_start;      /* total when the current file began */
	bool timeout;
	struct qerr *err;       /* borrowed */
	/* A part (search_report_part_new): the hits of a later stretch,
	 * printed into mem as if hits came before them (JSON's comma). */
	struct strbuf *mem;     /* owned by a part, else NULL */
};

struct search_report *
search_report_new(FILE *out, const char *query, unsigned flags,
		  enum search_report_format format, const struct layout_opts *visual,
		  struct qerr *err)
{
	struct search_query *q = search_query_new(query, flags, err);

	if (q == NULL)
		return NULL;
	struct search_report *r = xcalloc(1, sizeof *r);
	r->out = out;
	r->q = q;
	r->format = format;
	r->visual = visual;
	r->err = err;
	return r;
}

const struct search_query *
search_report_query(const struct search_report *r)
{
	return r->q;
}

bool
search_report_numbers_lines(const struct search_report *r)
{
	return r->format != SEARCH_REPORT_COUNT;
}

bool
search_report_doc_at(struct search_report *r, const struct doc *d, unsigned line0,
		     size_t off0)
{
	return search_report_doc_from(r, d, line0, off0, 0);
}

bool
search_report_doc_from(struct search_report *r, const struct doc *d, unsigned line0,
		       size_t off0, size_t from)
{
	struct search_text *t = search_text_new(d);
	struct search_hits hits = { 0 };
	struct search_colcache cc = { 0, 0, 0 };

	search_find_all(r->q, t, &hits);
	for (size_t k = 0; k < hits.n; k++) {
		struct search_where w;
		const struct search_hit *h = &hits.v[k];
		search_locate(d, h, &cc, &w);
		w.shown = w.line + line0;
		w.offset += off0;
		if (w.offset < from)
			continue;
		struct search_shown sh = {
			d->path, d->text, doc_line_start(d, w.line - 1),
			w.line < d->nlines ? doc_line_start(d, w.line) : d->len, h->start, h->len
		};
		search_put_hit(r->out, &sh, &w, r->format, r->total == 0 && r->mem == NULL, r->visual);
		r->total++;
	}
	search_hits_free(&hits);
	search_text_free(t);
	if (search_query_status(r->q) == SEARCH_TIMEOUT) {
		/* Stop rather than run for hours; what was found is printed. */
		size_t b = search_query_timeout_block(r->q);
		qerr_set(r->err, "%s:%u: the regular expression took too long on this "
			 "paragraph (over %.0f ms), search stopped", d->path,
			 line0 + (b < d->nblocks ? doc_block_line(d, &d->blocks[b]) : 0),
			 search_query_timeout_ms(r->q));
		r->timeout = true;
		return false;
	}
	return true;
}

bool
search_report_doc(struct search_report *r, const struct doc *d)
{
	return search_report_doc_at(r, d, 0, 0);
}

void
search_report_line_hit(struct search_report *r, const struct search_line_hit *h)
{
	if (r->format == SEARCH_REPORT_COUNT) {
		r->total++; /* where it is does not matter */
		return;
	}
	struct search_shown sh = { h->path, h->line, 0, h->line_len, h->start, h->len };
	struct search_where w = {
		.line = h->lineno, .shown = h->lineno, .column = 1 + search_count_chars(h->line, 0, h->start),
		.offset = h->offset + h->start, .length = h->len
	};

	search_put_hit(r->out, &sh, &w, r->format, r->total == 0 && r->mem == NULL, r->visual);
	r->total++;
}

/* Writes for a part's stream. */
static ssize_t
search_part_write(void *cookie, const char *buf, size_t n)
{
	strbuf_append(cookie, buf, n);
	return (ssize_t)n;
}

struct search_report *
search_report_part_new(const struct search_report *r)
{
	static const cookie_io_functions_t io = { .write = search_part_write };
	struct search_query *q = search_query_new(search_query_text(r->q),
						  search_query_flags(r->q), r->err);

	if (q == NULL)
		return NULL;
	struct strbuf *mem = xcalloc(1, sizeof *mem);
	FILE *out = fopencookie(mem, "w", io);
	if (out == NULL) {
		free(mem);
		search_query_free(q);
		return NULL;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 16);
	struct search_report *part = xcalloc(1, sizeof *part);
	*part = (struct search_report){ .out = out, .q = q, .format = r->format,
					.visual = r->visual, .err = r->err, .mem = mem };
	return part;
}

void
search_report_part_join(struct search_report *r, struct search_report *part, bool keep)
{
	fflush(part->out);
	struct strbuf *mem = part->mem;
	if (keep && mem->len > 0) {
		size_t skip = 0;
		/* The part's first item followed none: the array opens here. */
		if (r->format == SEARCH_REPORT_JSON && r->total == 0) {
			fputs("[", r->out);
			skip = 1; /* its "," */
		}
		fwrite(mem->data + skip, 1, mem->len - skip, r->out);
	}
	if (keep)
		r->total += part->total;
	part->total = 0;
	mem->len = 0;
}

void
search_report_part_free(struct search_report *part)
{
	if (part == NULL)
		return;
	fclose(part->out);
	strbuf_free(part->mem);
	free(part->mem);
	search_query_free(part->q);
	free(part);
}

size_t
search_report_hits(const struct search_report *r)
{
	return r->total;
}

/* Writes for the held stream. */
static ssize_t
search_hold_write(void *cookie, const char *buf, size_t n)
{
	struct search_hold *h = cookie;

	for (size_t done = 0; done < n;) {
		if (h->n == 0 || h->used == SEARCH_HOLD_PIECE) {
			if (h->n == h->cap) {
				h->cap = h->cap ? 2 * h->cap : 16;
				h->piece = xreallocarray(h->piece, h->cap, sizeof *h->piece);
			}
			char *p = aligned_alloc(SEARCH_HOLD_PIECE, SEARCH_HOLD_PIECE);
			if (p == NULL)
				return done > 0 ? (ssize_t)done : -1;
#ifdef MADV_HUGEPAGE
			madvise(p, SEARCH_HOLD_PIECE, MADV_HUGEPAGE);
#endif
			h->piece[h->n++] = p;
			h->used = 0;
		}
		size_t k = n - done < SEARCH_HOLD_PIECE - h->used ? n - done
								   : SEARCH_HOLD_PIECE - h->used;
		memcpy(h->piece[h->n - 1] + h->used, buf + done, k);
		h->used += k;
		done += k;
	}
	return (ssize_t)n;
}

bool
search_report_hold(struct search_report *r)
{
	static const cookie_io_functions_t io = { .write = search_hold_write };
	r->hold = xcalloc(1, sizeof *r->hold);
	FILE *m = fopencookie(r->hold, "w", io);

	if (m == NULL) {
		free(r->hold);
		r->hold = NULL;
		return false;
	}
	setvbuf(m, NULL, _IOFBF, 1 << 16);
	r->held = r->out;
	r->out = m;
	r->hold_total = r->total;
	return true;
}

void
search_report_release(struct search_report *r, bool keep)
{
	fclose(r->out);
	r->out = r->held;
	r->held = NULL;
	struct search_hold *h = r->hold;
	for (size_t i = 0; i < h->n; i++) {
		if (keep)
			fwrite(h->piece[i], 1, i + 1 < h->n ? SEARCH_HOLD_PIECE : h->used, r->out);
		free(h->piece[i]);
	}
	if (!keep)
		r->total = r->hold_total;
	free(h->piece);
	free(h);
	r->hold = NULL;
}

void
search_report_file_done(struct search_report *r, const char *path, bool named)
{
	if (r->format == SEARCH_REPORT_COUNT) {
		if (named) {
			escape_puts(r->out, ESCAPE_TEXT, path);
			putc(':', r->out);
		}
		fprintf(r->out, "%zu\n", r->total - r->file_start);
	}
	r->file_start = r->total;
}

int
search_report_finish(struct search_report *r)
{
	int rc = r->total > 0 ? 0 : 1;

	if (r->format == SEARCH_REPORT_JSON)
		fputs(r->total > 0 ? "\n]\n" : "[]\n", r->out);
	if (fflush(r->out) != 0 || ferror(r->out)) {
		qerr_set(r->err, "error writing the search results");
		rc = 2;
	} else if (r->timeout) {
		rc = 2;
	}
	search_query_free(r->q);
	free(r);
	return rc;
}

int
search_report(FILE *out, struct doc *const *docs, size_t ndocs, const char *query,
	      unsigned flags, enum search_report_format format,
	      const struct layout_opts *visual, struct qerr *err)
{
	struct search_report *r = search_report_new(out, query, flags, format, visual, err);

	if (r == NULL)
		return 2;
	for (size_t i = 0; i < ndocs; i++) {
		if (!search_report_doc(r, docs[i]))
			break;
		search_report_file_done(r, docs[i]->path, ndocs > 1);
	}
	return search_report_finish(r);
}
