/* Renders documents as plain text in visual order, one line per row: what
 * the reader shows, without a terminal. */
#ifndef QARIN_DUMP_H
#define QARIN_DUMP_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/dump.h");

#include <stdbool.h>
#include <stdio.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "layout/lib.h"

struct dump_opts {
	struct layout_opts layout; /* width is the whole output width */
	bool side_by_side;         /* documents as columns separated by " │ " */
	/* dump_file_stream: bytes read at a time, and bytes of text held
	 * back at most while the document's direction is not known (0: the
	 * defaults). */
	size_t stream_chunk, stream_hold;
	/* Bytes of block text laid out together, and the most threads they
	 * are laid out on (0: the defaults). */
	size_t batch, threads;
};

/* Writes the documents to out; returns 0, or -1 on a write error. */
int dump_docs(FILE *out, struct doc *const *docs, size_t ndocs,
	      const struct dump_opts *o);

/* Writes the file at path to out as dump_docs writes the one document
 * doc_load_file makes of it under opts, reading it in chunks and laying it
 * out a block at a time, never loading it whole (text_stream_open says
 * which files can be). True when it did, after a newline first when sep;
 * false, with nothing written, for a file it cannot read so. *joiners:
 * the U+034F decoding put in. */
bool dump_file_stream(FILE *out, const char *path, const struct doc_opts *opts,
		      const struct dump_opts *o, bool sep, size_t *joiners);

#endif
