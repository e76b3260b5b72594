/* Giant paragraphs resolve their bidi levels in pieces: the levels must be
 * exactly those fribidi gives the whole paragraph. Random paragraphs over
 * an alphabet of every bidi class that matters (letters of both
 * directions, numbers of both kinds, separators, terminators, marks,
 * brackets, controls) are resolved whole and in pieces of a few code
 * points, where cuts are frequent. */
#include <config.h>

#include <stdint.h>

#include <fribidi.h>

#include "layout/layout_bidi.h"
#include "tap.h"

#ifndef ITERATIONS
#define ITERATIONS 20000
#endif

static const FriBidiChar alphabet[] = {
	'a', 'b', 'Z',                 /* L */
	0x05D0, 0x05E9,                /* R (Hebrew) */
	0x0627, 0x0644, 0x0628,        /* AL (Arabic) */
	'1', '9', 0x06F3,              /* EN (Latin, Persian digits) */
	0x0661, 0x0669, 0x066B,        /* AN, and the Arabic decimal separator */
	'+', '-',                      /* ES */
	',', '.', ':', 0x060C,         /* CS, the Arabic comma is CS too */
	'$', '%', 0x066A,              /* ET */
	' ', ' ', ' ', '\t',           /* WS, S */
	'!', '"', 0x00AB, 0x00BB,      /* ON */
	'(', ')', '[', ']', '{', '}', 0x2329, 0x3009, /* paired brackets */
	0x064E, 0x0651, 0x0301,        /* NSM */
	0x200D, 0x00AD,                /* BN */
	0x202B, 0x202C, 0x2067, 0x2069, 0x200F, 0x200E, /* RLE, PDF, RLI, PDI, RLM, LRM */
};

/* Fills s with n random code points; explicit controls only when asked. */
static void
random_text(uint64_t *st, FriBidiChar *s, size_t n, bool explicit)
{
	size_t na = sizeof alphabet / sizeof alphabet[0], nx = explicit ? na : na - 6;

	for (size_t i = 0; i < n; i++) {
		uint64_t r = xorshift_next(st);
		/* Runs of letters, so that cuts happen. */
		if (r % 3 == 0 && i > 0 && FRIBIDI_IS_LETTER(fribidi_get_bidi_type(s[i - 1])))
			s[i] = s[i - 1];
		else
			s[i] = alphabet[(r >> 8) % nx];
	}
}

int
main(void)
{
	enum { MAXN = 400 };
	FriBidiChar s[MAXN];
	FriBidiCharType t[MAXN];
	FriBidiBracketType bt[MAXN];
	FriBidiLevel whole[MAXN], pieces[MAXN];
	uint64_t st = 0x9E3779B97F4A7C15u;
	size_t cases = 0, same = 0, cut_cases = 0, total_cuts = 0, explicit_same = 0, ncases_x = 0;

	for (int k = 0; k < ITERATIONS; k++) {
		size_t n = 1 + xorshift_next(&st) % MAXN;
		bool explicit = k % 4 == 0;
		random_text(&st, s, n, explicit);
		fribidi_get_bidi_types(s, (FriBidiStrIndex)n, t);
		fribidi_get_bracket_types(s, (FriBidiStrIndex)n, t, bt);
		FriBidiParType base = k % 2 ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
		size_t piece = 1 + xorshift_next(&st) % 8;
		if (!layout_bidi_piece(t, bt, n, base, whole) ||
		    !layout_bidi_resolve(t, bt, n, base, pieces, piece))
			continue;
		size_t *starts;
		size_t np = layout_bidi_pieces(t, bt, n, piece, &starts);
		free(starts);
		bool eq = memcmp(whole, pieces, n * sizeof *whole) == 0;
		if (!eq && same == cases)
			diag("first difference: case %d, n=%zu, piece=%zu, %zu pieces", k, n, piece, np);
		cases++;
		same += eq;
		if (explicit) {
			ncases_x++;
			explicit_same += eq;
		}
		if (np > 1) {
			cut_cases++;
			total_cuts += np - 1;
		}
	}
	ok(cases == ITERATIONS, "fribidi resolved all %zu random paragraphs", cases);
	ok(same == cases, "%zu of %zu paragraphs resolved in pieces have the levels of the whole",
	   same, cases);
	ok(explicit_same == ncases_x, "%zu of %zu with explicit formatting too", explicit_same,
	   ncases_x);
	ok(cut_cases > 10000 && total_cuts > 30000,
	   "the paragraphs were really cut: %zu of them, %zu cuts", cut_cases, total_cuts);

	/* Where cuts are not allowed. */
	const FriBidiChar inside[] = { 'a', 'b', '(', 'c', 'd', 'e', 'f', ')', 'g', 'h' };
	size_t n = sizeof inside / sizeof inside[0], *starts, np;
	fribidi_get_bidi_types(inside, (FriBidiStrIndex)n, t);
	fribidi_get_bracket_types(inside, (FriBidiStrIndex)n, t, bt);
	np = layout_bidi_pieces(t, bt, n, 1, &starts);
	ok(np == 3 && starts[1] == 1 && starts[2] == 9,
	   "cuts between letters, none inside a bracket pair or next to a bracket (%zu pieces)", np);
	free(starts);
	const FriBidiChar embed[] = { 'a', 'b', 'c', 0x202B, 'd', 'e', 0x202C, 'f', 'g' };
	n = sizeof embed / sizeof embed[0];
	fribidi_get_bidi_types(embed, (FriBidiStrIndex)n, t);
	fribidi_get_bracket_types(embed, (FriBidiStrIndex)n, t, bt);
	np = layout_bidi_pieces(t, bt, n, 1, &starts);
	ok(np == 3 && starts[1] == 1 && starts[2] == 2, "no cut after an embedding starts (%zu pieces)",
	   np);
	free(starts);
	return done_testing();
}
