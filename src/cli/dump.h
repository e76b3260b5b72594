/* Renders documents as plain text in visual order, one line per row: what
 * the reader shows, without a terminal. */
#ifndef QARIN_DUMP_H
#define QARIN_DUMP_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/dump.h");

#include <stdbool.h>
#include <stdio.h>

#include "model/lib.h"
#include "layout/lib.h"

struct dump_opts {
	struct layout_opts layout; /* width is the whole output width */
	bool side_by_side;         /* documents as columns separated by " │ " */
};

/* Writes the documents to out; returns 0, or -1 on a write error. */
int dump_docs(FILE *out, struct doc *const *docs, size_t ndocs,
	      const struct dump_opts *o);

#endif
