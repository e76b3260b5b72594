/* The terminal-free side of search: `qarin --search` runs a query over
 * documents and prints the hits grep-style (text), as TSV or as JSON, each
 * with its source line, character column and byte range. */
#ifndef QARIN_SEARCH_REPORT_H
#define QARIN_SEARCH_REPORT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/search_report.h");

#include <stdio.h>

#include "model/lib.h"
#include "text/lib.h"
#include "layout/lib.h"
#include "search/lib.h"

enum search_report_format {
	SEARCH_REPORT_TEXT, /* path:line:column: snippet */
	SEARCH_REPORT_TSV,  /* path, line, column, byte_offset, byte_length, match */
	SEARCH_REPORT_JSON, /* an array of objects with the TSV's fields */
	SEARCH_REPORT_COUNT, /* the number of hits of each file (search_report_file_done) */
};

/* Searches each document for query under flags and prints every hit to
 * out. visual: NULL prints snippets in logical order (for programs and
 * pipes), else the text format lays each out in visual order under its
 * direction and shaping (for a terminal without bidi); TSV and JSON are
 * always logical. Returns 0 when something matched, 1 when nothing did, 2
 * with err set when the query is bad or out cannot be written. */
int search_report(FILE *out, struct doc *const *docs, size_t ndocs, const char *query,
		  unsigned flags, enum search_report_format format,
		  const struct layout_opts *visual, struct qerr *err);

/* The same a document at a time, for callers that load each document
 * only when its turn comes. */
struct search_report;

/* Compiles query; NULL with err set when it is bad (exit status 2). */
struct search_report *search_report_new(FILE *out, const char *query, unsigned flags,
					enum search_report_format format,
					const struct layout_opts *visual, struct qerr *err);
const struct search_query *search_report_query(const struct search_report *r);
/* Whether the hits are printed with their line numbers (not by the count
 * format, which prints how many there are). */
bool search_report_numbers_lines(const struct search_report *r);
/* Prints the hits of d; false when the search stopped (a regular
 * expression took too long: err is set, nothing more is to be searched). */
bool search_report_doc(struct search_report *r, const struct doc *d);
/* search_report_doc for d that is a stretch of a larger file starting
 * after line0 lines and off0 bytes of it: lines and byte offsets printed
 * are the file's (UTF-8 only). */
bool search_report_doc_at(struct search_report *r, const struct doc *d, unsigned line0,
			  size_t off0);
/* search_report_doc_at printing only the hits from byte offset from of
 * the file on (those before it were printed by search_report_line_hit). */
bool search_report_doc_from(struct search_report *r, const struct doc *d, unsigned line0,
			    size_t off0, size_t from);
/* A hit in a line of plain text that is its own decoded text (valid UTF-8
 * in NFC, not a quote: what search_report_doc would find there is what
 * the line's bytes hold), printed from those bytes. */
struct search_line_hit {
	const char *path;  /* borrowed */
	const char *line;  /* borrowed: the line from its first byte */
	size_t line_len;   /* with its line break */
	size_t start, len; /* the hit, in line */
	unsigned lineno;   /* 1-based, in the file */
	size_t offset;     /* of line[0] in the file */
};
void search_report_line_hit(struct search_report *r, const struct search_line_hit *h);
/* Holds back what is printed from now on until search_report_release,
 * which prints it (keep) or forgets it and the hits in it; false when it
 * cannot (out of memory): nothing is held. */
bool search_report_hold(struct search_report *r);
void search_report_release(struct search_report *r, bool keep);
/* A report of its own for the hits of a later stretch of the file r is
 * printing, to be found on another thread while r prints those before
 * it: it prints into memory, as if hits came before its own; NULL when
 * it cannot be made. */
struct search_report *search_report_part_new(const struct search_report *r);
/* Once r has printed every hit before part's: appends what part printed
 * to r's output and its hits to r's (keep), or forgets them; part is then
 * empty, ready for the next stretch. */
void search_report_part_join(struct search_report *r, struct search_report *part, bool keep);
void search_report_part_free(struct search_report *part);
/* Hits printed (or counted) so far. */
size_t search_report_hits(const struct search_report *r);
/* After the hits of the file path: the count format prints how many there
 * were since the last call, as "path:N" when named (several files, as
 * grep -c names them), else "N"; the other formats print nothing. */
void search_report_file_done(struct search_report *r, const char *path, bool named);
/* Ends the output (the JSON array), frees r; returns the exit status as
 * search_report does. */
int search_report_finish(struct search_report *r);

#endif
