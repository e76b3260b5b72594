/* The outline of a document: the tree document -> articles -> blocks that
 * the navigation pane shows and `--outline` prints. */
#ifndef QARIN_OUTLINE_H
#define QARIN_OUTLINE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/outline.h");

#include <stddef.h>
#include <stdio.h>

#include "model/lib.h"
#include "layout/lib.h"

enum outline_row_kind {
	OUTLINE_DOCUMENT,
	OUTLINE_ARTICLE,
	OUTLINE_BLOCK,
};

struct outline_row {
	enum outline_row_kind kind;
	unsigned depth;     /* 0 document, 1 article, 2.. blocks under headings */
	size_t article;     /* article index (OUTLINE_ARTICLE, OUTLINE_BLOCK) */
	size_t block;       /* block index (OUTLINE_BLOCK), else SIZE_MAX */
	unsigned line;      /* 1-based source line */
};

/* Builds the rows of one document; returns how many (*rows owned by caller). */
size_t outline_build(const struct doc *doc, struct outline_row **rows);

enum outline_format {
	OUTLINE_TEXT,
	OUTLINE_TSV, /* columns: depth, kind, line, text (first 60 characters) */
};

/* Prints the outline of one document; returns 0, or -1 on a write error.
 * visual: NULL prints the texts in logical order (for programs and pipes),
 * else the text format lays each out in visual order under its direction
 * and shaping (for a terminal without bidi); TSV is always logical. */
int outline_print(FILE *out, const struct doc *doc, enum outline_format fmt,
		  const struct layout_opts *visual);

#endif
