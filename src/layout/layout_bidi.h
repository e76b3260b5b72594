/* Inside the layout: UAX #9 levels of a whole paragraph, resolved in
 * independent pieces when the paragraph is giant. */
#ifndef QARIN_LAYOUT_BIDI_H
#define QARIN_LAYOUT_BIDI_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/layout_bidi.h");

#include <stdbool.h>
#include <stddef.h>

#include <fribidi.h>

#define LAYOUT_BIDI_PIECE 65536 /* code points a piece has at least */

/* Where the pieces of the paragraph types[0, n) start, each at least
 * piece code points but the last: into *starts (owned by the caller, the
 * first is 0); returns how many. A cut is only made where no rule of UAX #9
 * can see across it: between two strong letters at the base level, outside
 * any bracket pair, before the first explicit formatting character. */
size_t layout_bidi_pieces(const FriBidiCharType *types, const FriBidiBracketType *btypes,
			  size_t n, size_t piece, size_t **starts);
/* Resolves one piece (or a whole paragraph) at the base pbase. */
bool layout_bidi_piece(const FriBidiCharType *types, const FriBidiBracketType *btypes,
		       size_t n, FriBidiParType pbase, FriBidiLevel *levels);
/* Resolves the embedding levels of the paragraph types[0, n) (brackets
 * from fribidi_get_bracket_types) at the base pbase, which must be
 * FRIBIDI_PAR_LTR or FRIBIDI_PAR_RTL. A paragraph longer than piece code
 * points is resolved a piece at a time (see layout_bidi_pieces), so the
 * levels are those of the whole paragraph.
 * Returns false when fribidi fails. */
bool layout_bidi_resolve(const FriBidiCharType *types, const FriBidiBracketType *btypes,
			 size_t n, FriBidiParType pbase, FriBidiLevel *levels, size_t piece);

/* An isolate or override the markup gives (<bdi>, <bdo>), over the code
 * points [start, end): open is the control UAX #9 would have before them
 * (FRIBIDI_TYPE_LRI, RLI, FSI, LRO or RLO). */
struct layout_bidi_span {
	size_t start, end;
	FriBidiCharType open;
};

/* Resolves the levels of types[0, n) as if each span's control stood
 * before its first code point and its PDI or PDF after its last, with
 * nothing shown for them: the controls are put into a copy of the types,
 * resolved with the rest, and taken out again. The base is forced unless
 * pbase is 0 (then P2-P3, outside isolates, else fallback); *base gets it.
 * Spans must nest as elements do. Returns false when fribidi fails. */
bool layout_bidi_resolve_marked(const FriBidiCharType *types, const FriBidiBracketType *btypes,
				size_t n, const struct layout_bidi_span *sp, size_t nsp,
				FriBidiParType pbase, FriBidiParType fallback,
				FriBidiLevel *levels, FriBidiParType *base);

#endif
