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

#endif
