/* `qarin --search` over a plain UTF-8 text file without loading it: read
 * in chunks, only the paragraphs that can hold a hit loaded and searched,
 * with the output search_report_doc gives for the whole document. */
#ifndef QARIN_SEARCH_STREAM_H
#define QARIN_SEARCH_STREAM_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/search_stream.h");

#include <stdbool.h>
#include <stddef.h>

#include "ingest/lib.h"
#include "cli/search_report.h"

/* Bytes read at a time (and the buffer's size, unless a paragraph is longer). */
#define SEARCH_STREAM_CHUNK ((size_t)1 << 20)

/* Searches the file at path for r's query as search_report_doc would once
 * it is loaded under opts, reading chunk bytes at a time (0: the default).
 * True when it did; false, with nothing printed, for what it does not
 * read: standard input, a device, an empty file, another format or
 * encoding than plain UTF-8 text, invalid bytes, NUL bytes, long runs of
 * combining marks, a regular expression. The caller then loads the file
 * and calls search_report_doc. */
bool search_stream_file(struct search_report *r, const char *path, const struct doc_opts *opts,
			size_t chunk);

#endif
