/* The report `qarin --compare` prints from an alignment: a side-by-side
 * text report, one TSV row per link or finding, JSON with everything, or a
 * TMX translation memory of the aligned text. */
#ifndef QARIN_COMPARE_REPORT_H
#define QARIN_COMPARE_REPORT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/compare_report.h");

#include <stdio.h>

#include "align/lib.h"

enum compare_format {
	COMPARE_TEXT,
	COMPARE_TSV,  /* columns: status, a_line, b_line, score, anchors, note */
	COMPARE_JSON,
	/* TMX 1.4b: one translation unit per step with text on both sides */
	COMPARE_TMX,
};

/* Writes the report of al to out; width is the text report's width in
 * columns (ignored by the others). Returns 0, or -1 on a write error. */
int compare_report(FILE *out, const struct alignment *al, enum compare_format fmt, int width);

/* A shared anchor as printed: the key of the side written in Latin
 * letters when there is one (names), else A's key. Borrowed. */
const char *compare_anchor_label(const struct alignment *al, const struct anchor_pair *p);

#endif
