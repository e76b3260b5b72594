/* Bidi levels for the layout: fribidi resolves a paragraph as a whole, and
 * keeps a list node per run while it does; for a paragraph of millions of
 * characters that costs seconds and hundreds of megabytes. Such a paragraph
 * is resolved in pieces, cut only between two strong letters at the base
 * level, outside any bracket pair and before any explicit formatting
 * character: there every rule (W1-W7 look back to the last strong type,
 * N0-N2 to the nearest strong types on both sides, BD16 pairs brackets
 * within the isolating run sequence) stops at the letters of the cut, so
 * each piece resolves exactly as it does inside the whole. The bracket
 * stack follows fribidi's pairing, which does not see a bracket that comes
 * right after a non-spacing mark that W1 made ON (UAX #9 would pair it). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "layout/layout_bidi.h"
#include "text/lib.h"

#define BIDI_BRACKET_DEPTH 63 /* BD16: pairing stops when its stack overflows */

/* True for a strong letter (L, R, AL): explicit formatting is strong too
 * but not a letter. */
static bool
bidi_is_letter(FriBidiCharType t)
{
	return t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL;
}

size_t
layout_bidi_pieces(const FriBidiCharType *types, const FriBidiBracketType *btypes, size_t n,
		   size_t piece, size_t **starts)
{
	FriBidiBracketType open[BIDI_BRACKET_DEPTH];
	size_t depth = 0, a = 0, np = 1, cap = 1 + n / (piece ? piece : 1);
	size_t *v = xmalloc((cap < 16 ? cap : 16) * sizeof *v);
	FriBidiCharType prev_w1 = FRIBIDI_TYPE_LTR; /* sos: never ON */
	bool after_on_mark = false;

	cap = cap < 16 ? cap : 16;
	v[0] = 0;
	if (piece < 1)
		piece = 1;
	for (size_t i = 1; n > piece && i < n; i++) {
		/* The bracket stack of BD16 over [0, i): a cut inside a pair
		 * would hide one bracket from the other. */
		FriBidiBracketType bt = btypes[i - 1];
		FriBidiCharType t = types[i - 1];
		if (bt != FRIBIDI_NO_BRACKET && after_on_mark)
			bt = FRIBIDI_NO_BRACKET;
		if (t != FRIBIDI_TYPE_BN) {
			/* W1: a mark takes the type before it. */
			FriBidiCharType w1 = t == FRIBIDI_TYPE_NSM ? prev_w1 : t;
			after_on_mark = t == FRIBIDI_TYPE_NSM && w1 == FRIBIDI_TYPE_ON;
			prev_w1 = w1;
		}
		if (FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t))
			break; /* the embedding state lasts from here on */
		if (bt != FRIBIDI_NO_BRACKET) {
			FriBidiBracketType id = FRIBIDI_BRACKET_ID(bt);
			if (FRIBIDI_IS_BRACKET_OPEN(bt)) {
				if (depth == BIDI_BRACKET_DEPTH)
					break; /* pairing stops for the rest of the paragraph */
				open[depth++] = id;
			} else {
				for (size_t k = depth; k > 0; k--) {
					if (open[k - 1] == id) {
						depth = k - 1;
						break;
					}
				}
			}
		}
		if (i - a < piece || depth > 0 || !bidi_is_letter(t) || !bidi_is_letter(types[i]))
			continue;
		if (np == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[np++] = a = i;
	}
	*starts = v;
	return np;
}

bool
layout_bidi_piece(const FriBidiCharType *types, const FriBidiBracketType *btypes, size_t n,
		  FriBidiParType pbase, FriBidiLevel *levels)
{
	FriBidiParType pb = pbase;

	return fribidi_get_par_embedding_levels_ex(types, btypes, (FriBidiStrIndex)n, &pb,
						   levels) != 0;
}

bool
layout_bidi_resolve(const FriBidiCharType *types, const FriBidiBracketType *btypes, size_t n,
		    FriBidiParType pbase, FriBidiLevel *levels, size_t piece)
{
	size_t *starts;
	size_t np = layout_bidi_pieces(types, btypes, n, piece, &starts);
	bool ok = true;

	for (size_t k = 0; k < np && ok; k++) {
		size_t a = starts[k], b = k + 1 < np ? starts[k + 1] : n;
		ok = layout_bidi_piece(types + a, btypes + a, b - a, pbase, levels + a);
	}
	free(starts);
	return ok;
}

/* An inserted control: where it goes and what it is. */
struct marked_event {
	size_t pos;           /* before code point pos */
	size_t order;         /* ties: closers first, inner before outer */
	FriBidiCharType type;
};

static int
marked_event_cmp(const void *a, const void *b)
{
	const struct marked_event *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

bool
layout_bidi_resolve_marked(const FriBidiCharType *types, const FriBidiBracketType *btypes,
			   size_t n, const struct layout_bidi_span *sp, size_t nsp,
			   FriBidiParType pbase, FriBidiParType fallback,
			   FriBidiLevel *levels, FriBidiParType *base)
{
	struct marked_event *ev = xmalloc((2 * nsp + 1) * sizeof *ev);
	size_t nev = 0;

	for (size_t k = 0; k < nsp; k++) {
		if (sp[k].start >= sp[k].end || sp[k].end > n)
			continue;
		bool isolate = FRIBIDI_IS_ISOLATE(sp[k].open);
		/* At one position closers go before openers; of closers the one
		 * that opened last, of openers the one that closes last, first. */
		ev[nev++] = (struct marked_event){ sp[k].start, SIZE_MAX / 2 + (n - sp[k].end),
			sp[k].open };
		ev[nev++] = (struct marked_event){ sp[k].end, n - sp[k].start,
			isolate ? FRIBIDI_TYPE_PDI : FRIBIDI_TYPE_PDF };
	}
	qsort(ev, nev, sizeof *ev, marked_event_cmp);
	size_t m = n + nev;
	FriBidiCharType *t2 = xmalloc(m * sizeof *t2);
	FriBidiBracketType *b2 = xmalloc(m * sizeof *b2);
	FriBidiLevel *l2 = xmalloc(m * sizeof *l2);
	size_t *at = xmalloc((n + 1) * sizeof *at);
	size_t j = 0, e = 0;
	for (size_t i = 0; i <= n; i++) {
		for (; e < nev && ev[e].pos == i; e++, j++) {
			t2[j] = ev[e].type;
			b2[j] = FRIBIDI_NO_BRACKET;
		}
		if (i == n)
			break;
		at[i] = j;
		t2[j] = types[i];
		b2[j] = btypes[i];
		j++;
	}
	if (pbase == 0) {
		/* P2-P3: the first strong letter outside isolates. */
		int depth = 0;
		for (size_t i = 0; i < m && pbase == 0; i++) {
			if (FRIBIDI_IS_ISOLATE(t2[i]))
				depth += t2[i] == FRIBIDI_TYPE_PDI ? (depth > 0 ? -1 : 0) : 1;
			else if (depth == 0 && FRIBIDI_IS_LETTER(t2[i]) && FRIBIDI_IS_STRONG(t2[i]))
				pbase = FRIBIDI_IS_RTL(t2[i]) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
		}
		if (pbase == 0)
			pbase = fallback;
	}
	*base = pbase;
	bool ok = layout_bidi_resolve(t2, b2, m, pbase, l2, LAYOUT_BIDI_PIECE);
	for (size_t i = 0; ok && i < n; i++)
		levels[i] = l2[at[i]];
	free(at);
	free(l2);
	free(b2);
	free(t2);
	free(ev);
	return ok;
}
