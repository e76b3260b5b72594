/* The line layout engine: one paragraph of UTF-8 becomes rows of cells in
 * visual order. Bidi levels come once from the whole paragraph (fribidi),
 * break opportunities from UAX #14 (libunistring), widths from wcwidth; each
 * wrapped line is then reordered with the paragraph's levels. Per-character
 * facts come from tables built once; work that provably cannot change the
 * result (plain words, uniform rows, paragraphs of one direction) is skipped.
 * A giant paragraph is laid out a chunk at a time and keeps only what its
 * rows need to be built when asked for (layout_lazy.c). */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <unigbrk.h>

#include "layout/layout_bidi.h"
#include "layout/layout_break.h"
#include "layout/layout_int.h"
#include "layout/layout.h"
#include "text/lib.h"



/* How a code point takes part in grapheme clustering, for the fast path. */
enum gb_class {
	GB_PLAIN,   /* a boundary on both sides unless a neighbour says otherwise */
	GB_GLUE,    /* Extend or SpacingMark: no boundary before it (GB9, GB9a) */
	GB_CONTROL, /* a boundary after it, whatever follows (GB4) */
	GB_COMPLEX, /* Prepend, ZWJ, Hangul jamo, regional indicators */
};

/* Maps a libunistring grapheme break property to its class. */
static uint8_t
gb_class_of_property(int prop)
{
	switch (prop) {
	case GBP_OTHER: return GB_PLAIN;
	case GBP_EXTEND: case GBP_SPACINGMARK: return GB_GLUE;
	case GBP_CR: case GBP_LF: case GBP_CONTROL: return GB_CONTROL;
	default: return GB_COMPLEX;
	}
}

/* What the layout asks of each code point, packed in a byte: the width
 * (width_char), whether it shows as a placeholder, its grapheme class,
 * whether fribidi mirrors it. */
#define INFO_WIDTH(x) ((x) & 3)
#define INFO_PLACEHOLDER 4
#define INFO_GB(x) ((x) >> 3 & 3)
#define INFO_MIRROR 32 /* fribidi mirrors it, or it is a paired bracket */

/* The bidi facts of a code point, packed in a byte: the index of its
 * fribidi type in bidi_values, and whether it makes the paragraph need
 * the full algorithm or Arabic joining. */
#define BIDI_INDEX 31
#define BIDI_COMPLEX 32 /* R, AL, AN, explicit embeddings and isolates */
#define BIDI_ARABIC 64  /* AL */
#define BIDI_MIXED 128  /* L, EN, AN, BN, S, explicit embeddings and isolates */

/* The facts about c, from width.c, libunistring and fribidi. */
static uint8_t
info_compute(uint32_t c)
{
	uint8_t gb, mirror;
	FriBidiChar mc;

	if (c < 0x300)
		gb = c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD ? GB_CONTROL : GB_PLAIN;
	else
		gb = gb_class_of_property(uc_graphemeclusterbreak_property(c));
	mirror = fribidi_get_mirror_char(c, &mc) || fribidi_get_bracket(c) != FRIBIDI_NO_BRACKET
		 ? INFO_MIRROR : 0;
	if (width_needs_placeholder(c))
		return (uint8_t)(INFO_PLACEHOLDER | 1 | gb << 3 | mirror);
	return (uint8_t)(width_char(c) | gb << 3 | mirror);
}

/* Tables for the BMP, built once (after width_init); read-only after. */
static uint8_t info_table[0x10000];
static uint8_t bidi_table[0x10000];
static FriBidiJoiningType join_table[0x10000];
static FriBidiCharType bidi_values[BIDI_INDEX + 1];
static bool info_ready;

/* The bidi byte of a fribidi type whose index is idx. */
static uint8_t
bidi_flags_of(FriBidiCharType t, unsigned idx)
{
	uint8_t b = (uint8_t)idx;

	if (FRIBIDI_IS_RTL(t) || t == FRIBIDI_TYPE_AN || FRIBIDI_IS_EXPLICIT(t) ||
	    FRIBIDI_IS_ISOLATE(t))
		b |= BIDI_COMPLEX;
	if (t == FRIBIDI_TYPE_AL)
		b |= BIDI_ARABIC;
	if (t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN ||
	    t == FRIBIDI_TYPE_BN || t == FRIBIDI_TYPE_BS || t == FRIBIDI_TYPE_SS ||
	    FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t))
		b |= BIDI_MIXED;
	return b;
}

/* Builds the tables on first use. */
static void
info_init(void)
{
	unsigned nvalues = 0;

	if (info_ready)
		return;
	for (uint32_t k = 0; k < 0x10000; k++) {
		FriBidiCharType t = fribidi_get_bidi_type(k);
		/* A paragraph separator left inside a paragraph (U+001C-001E,
		 * U+0085, U+2029; line ends become spaces) is drawn as a
		 * placeholder, a neutral sign: fribidi resolves one paragraph
		 * per call and stops its explicit pass at a B, leaving the rest
		 * at levels that depend on where the call began. */
		if (t == FRIBIDI_TYPE_BS)
			t = FRIBIDI_TYPE_ON;
		unsigned idx = 0;
		while (idx < nvalues && bidi_values[idx] != t)
			idx++;
		if (idx == nvalues && nvalues <= BIDI_INDEX)
			bidi_values[nvalues++] = t;
		if (idx > BIDI_INDEX)
			abort(); /* fribidi has more types than UAX #9 */
		info_table[k] = info_compute(k);
		bidi_table[k] = bidi_flags_of(t, idx);
		join_table[k] = fribidi_get_joining_type(k);
	}
	info_ready = true;
}

/* The facts about c: from the table for the BMP (info_init first). */
static inline uint8_t
char_info(uint32_t c)
{
	return c < 0x10000 ? info_table[c] : info_compute(c);
}

/* Whether c, of facts info, is a zero-width character that extends what
 * comes before it (a mark, a joiner, a Hangul vowel or final consonant):
 * with nothing there to extend, it sits on a dotted circle. */
static inline bool
char_needs_base(uint8_t info, uint32_t c)
{
	if (INFO_WIDTH(info) != 0 || info & INFO_PLACEHOLDER)
		return false;
	if (INFO_GB(info) == GB_GLUE || c == 0x200D)
		return true;
	if (INFO_GB(info) != GB_COMPLEX)
		return false;
	int gbp = uc_graphemeclusterbreak_property(c);
	return gbp == GBP_V || gbp == GBP_T;
}

/* The fribidi type of c, and its bidi byte in *flags. */
static inline FriBidiCharType
char_bidi(uint32_t c, uint8_t *flags)
{
	if (c < 0x10000) {
		*flags = bidi_table[c];
		return bidi_values[bidi_table[c] & BIDI_INDEX];
	}
	FriBidiCharType t = fribidi_get_bidi_type(c);
	*flags = bidi_flags_of(t, 0) & ~BIDI_INDEX;
	return t;
}


FriBidiCharType
layout_char_bidi(uint32_t c, uint8_t *flags)
{
	return char_bidi(c, flags);
}

FriBidiJoiningType
layout_join_type(uint32_t c)
{
	return c < 0x10000 ? join_table[c] : fribidi_get_joining_type(c);
}

/* Carves the scratch arrays for n code points out of stack (when they fit
 * in stack_size bytes) or out of one allocation. */
void
layout_scratch_init(struct scratch *sc, size_t n, void *stack, size_t stack_size)
{
	size_t m = n + 1;
	size_t size = m * (3 * 4 + 7) + 16 * 12;
	char *p = size <= stack_size ? stack : xmalloc(size);

	sc->mem = p == stack ? NULL : p;
#define CARVE(field, count) do { \
		size_t a_ = (uintptr_t)p % 16; \
		if (a_ != 0) p += 16 - a_; \
		sc->field = (void *)p; p += (count) * sizeof *sc->field; \
	} while (0)
	CARVE(text, m);
	CARVE(types, m);
	CARVE(aux, m);
	CARVE(blen, m);
	CARVE(levels, m);
	CARVE(bf, m);
	CARVE(props, m);
	CARVE(gflags, m);
	CARVE(roles, m);
#undef CARVE
	sc->more = NULL;
}


/* Decodes s into sc->text with byte lengths and bidi types, noting which
 * code points show as placeholders and which start grapheme clusters by
 * the simple rules; d->n = SIZE_MAX if more than cap. */
void
layout_decode(const char *s, size_t len, size_t cap, struct scratch *sc,
	      struct para_facts *d, size_t *used)
{
	/* Whether a cluster starts at a code point, by the previous one's
	 * grapheme class and its own (GB4, GB9, GB9a; GB_COMPLEX aside). */
	static const uint8_t starts[4][4] = {
		[GB_PLAIN] = { GF_CLUSTER, 0, GF_CLUSTER, GF_CLUSTER },
		[GB_GLUE] = { GF_CLUSTER, 0, GF_CLUSTER, GF_CLUSTER },
		[GB_CONTROL] = { GF_CLUSTER, GF_CLUSTER, GF_CLUSTER, GF_CLUSTER },
		[GB_COMPLEX] = { GF_CLUSTER, 0, GF_CLUSTER, GF_CLUSTER },
	};
	const unsigned char *u = (const unsigned char *)s;
	uint32_t *text = sc->text;
	FriBidiCharType *types = sc->types;
	uint8_t *blen = sc->blen, *bfl = sc->bf;
	size_t n = 0, i = 0, more = 0, based = 0;
	uint8_t any = 0, anyinfo = 0, prev = GB_CONTROL;
	bool fill = false, gbx = false;
	bool closed = true; /* the start, or after a tab or a placeholder */

	while (i < len) {
		uint32_t c;
		size_t k;
		uint8_t bf;
		if (n == cap) {
			if (used != NULL)
				break; /* a part: the caller goes on from *used */
			d->n = SIZE_MAX; /* stray continuation bytes: more than counted */
			return;
		}
		if (u[i] < 0x80) {
			c = u[i];
			k = 1;
		} else if (utf8_next2(u + i, len - i, &c)) {
			/* Two bytes (Arabic, Hebrew, accented Latin): the common case. */
			k = 2;
		} else {
			k = utf8_next(u + i, len - i, &c);
		}
		if (c == '\n' || c == '\r')
			c = ' ';
		uint8_t info = char_info(c);
		anyinfo |= info;
		if (info & INFO_PLACEHOLDER && c != '\t') {
			uint32_t ph[13];
			more += width_placeholder(c, ph) - 1u;
		}
		/* A mark with nothing before it to extend gets a dotted circle
		 * (layout_cells): one code point more. */
		if (closed && char_needs_base(info, c))
			based++;
		closed = (info & INFO_PLACEHOLDER) != 0;
		fill |= c == LAYOUT_FILL;
		uint8_t cls = (uint8_t)INFO_GB(info);
		gbx |= cls == GB_COMPLEX;
		bfl[n] = starts[prev][cls];
		prev = cls;
		types[n] = char_bidi(c, &bf);
		if (FRIBIDI_IS_EXPLICIT_OR_BN_OR_NSM(types[n]))
			bfl[n] |= GF_MOVES;
		any |= bf;
		blen[n] = (uint8_t)k;
		text[n++] = c;
		i += k;
	}
	if (used != NULL)
		*used = i;
	d->n = n;
	d->extra = more;
	d->based = based;
	d->complex = (any & BIDI_COMPLEX) != 0;
	d->mixed = (any & BIDI_MIXED) != 0;
	d->arabic = (any & BIDI_ARABIC) != 0;
	d->fill = fill;
	d->mirror = (anyinfo & INFO_MIRROR) != 0;
	d->clusters = gbx;
}

/* The direction of the first strong character outside isolates (UAX #9
 * P2), or 0 when there is none. */
static FriBidiParType
layout_first_strong(const FriBidiCharType *t, size_t n)
{
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (FRIBIDI_IS_ISOLATE(t[i])) {
			if (t[i] == FRIBIDI_TYPE_PDI) {
				if (depth > 0)
					depth--;
			} else {
				depth++;
			}
			continue;
		}
		if (depth > 0 || !FRIBIDI_IS_STRONG(t[i]))
			continue;
		if (FRIBIDI_IS_LETTER(t[i]))
			return FRIBIDI_IS_RTL(t[i]) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	}
	return 0;
}

/* The paragraph's base direction (P2-P3 unless dir is forced), resolved to
 * FRIBIDI_PAR_LTR or FRIBIDI_PAR_RTL. */
static FriBidiParType
layout_base(const struct scratch *sc, size_t n, bool complex, enum text_dir dir,
	    enum text_dir fallback)
{
	FriBidiParType pbase;

	if (dir == DIR_LTR)
		return FRIBIDI_PAR_LTR;
	if (dir == DIR_RTL)
		return FRIBIDI_PAR_RTL;
	/* P2-P3: the first strong letter outside isolates. */
	pbase = complex ? layout_first_strong(sc->types, n) : 0;
	if (pbase == 0 && !complex) {
		/* Only L or neutral: LTR when any letter is strong. */
		for (size_t i = 0; i < n && pbase == 0; i++)
			if (sc->types[i] == FRIBIDI_TYPE_LTR)
				pbase = FRIBIDI_PAR_LTR;
	}
	if (pbase == 0)
		pbase = fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	return pbase;
}

/* Resolves embedding levels over the whole paragraph; returns true when any
 * level may be odd (then shaping, mirroring and reordering are needed).
 * *base is the resolved paragraph direction. Two kinds of paragraph need no
 * resolving: with no R, AL, AN or explicit formatting at a left-to-right
 * base every level is 0; with no L, EN, AN, BN, S or explicit formatting
 * at a right-to-left base every level is 1 (the neutrals and weak types
 * between R and the R of sos and eos resolve to R, W1-W7, N1-N2). */
static bool
layout_levels(struct scratch *sc, size_t n, bool complex, bool mixed, bool brackets,
	      enum text_dir dir, enum text_dir fallback, FriBidiParType *base)
{
	FriBidiParType pbase = layout_base(sc, n, complex, dir, fallback);

	*base = pbase;
	if (!complex && pbase == FRIBIDI_PAR_LTR) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		return false;
	}
	/* Without L, the first strong character (if any) is R or AL. */
	if (!mixed && pbase == FRIBIDI_PAR_RTL) {
		memset(sc->levels, 1, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_RTL;
		return true;
	}
	FriBidiBracketType *btypes = sc->aux;
	if (brackets)
		fribidi_get_bracket_types(sc->text, (FriBidiStrIndex)n, sc->types, btypes);
	else
		memset(btypes, 0, n * sizeof *btypes); /* FRIBIDI_NO_BRACKET */
	if (!layout_bidi_resolve(sc->types, btypes, n, pbase, sc->levels, LAYOUT_BIDI_PIECE)) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_LTR;
		return false;
	}
	return true;
}

/* The isolates and overrides among a block's spans, as code point ranges
 * into *out (owned by the caller); returns how many. */
static size_t
layout_bidi_spans(const struct scratch *sc, size_t n, const struct span *spans, size_t nspans,
		  struct layout_bidi_span **out)
{
	static const FriBidiCharType open_of[] = {
		[SPAN_ISOLATE] = FRIBIDI_TYPE_FSI, [SPAN_ISOLATE_LTR] = FRIBIDI_TYPE_LRI,
		[SPAN_ISOLATE_RTL] = FRIBIDI_TYPE_RLI, [SPAN_OVERRIDE_LTR] = FRIBIDI_TYPE_LRO,
		[SPAN_OVERRIDE_RTL] = FRIBIDI_TYPE_RLO,
	};
	size_t count = 0, k2 = 0;

	*out = NULL;
	for (size_t k = 0; k < nspans; k++)
		count += spans[k].style >= SPAN_ISOLATE && spans[k].style <= SPAN_OVERRIDE_RTL;
	if (count == 0)
		return 0;
	struct layout_bidi_span *bs = xmalloc(count * sizeof *bs);
	size_t *off = xmalloc((n + 1) * sizeof *off);
	off[0] = 0;
	for (size_t i = 0; i < n; i++)
		off[i + 1] = off[i] + sc->blen[i];
	for (size_t k = 0; k < nspans; k++) {
		if (spans[k].style < SPAN_ISOLATE || spans[k].style > SPAN_OVERRIDE_RTL)
			continue;
		/* The first code points at or after the span's start and end. */
		size_t ends[2] = { spans[k].start, (size_t)spans[k].start + spans[k].len };
		size_t at[2];
		for (int e = 0; e < 2; e++) {
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (off[mid] < ends[e])
					lo = mid + 1;
				else
					hi = mid;
			}
			at[e] = lo;
		}
		if (at[1] > at[0])
			bs[k2++] = (struct layout_bidi_span){ at[0], at[1], open_of[spans[k].style] };
	}
	free(off);
	*out = bs;
	return k2;
}

/* layout_levels for a paragraph with isolates or overrides from its markup. */
static bool
layout_levels_marked(struct scratch *sc, size_t n, const struct layout_bidi_span *bs,
		     size_t nbs, enum text_dir dir, enum text_dir fallback, FriBidiParType *base)
{
	FriBidiBracketType *btypes = sc->aux;

	fribidi_get_bracket_types(sc->text, (FriBidiStrIndex)n, sc->types, btypes);
	FriBidiParType forced = dir == DIR_LTR ? FRIBIDI_PAR_LTR
				: dir == DIR_RTL ? FRIBIDI_PAR_RTL : 0;
	if (!layout_bidi_resolve_marked(sc->types, btypes, n, bs, nbs, forced,
					fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
					sc->levels, base)) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_LTR;
		return false;
	}
	return true;
}

/* Shapes Arabic (when asked and present) and mirrors at odd levels, in
 * place in sc->text. */
void
layout_shape(struct scratch *sc, size_t n, bool shape, bool arabic, bool mirror)
{
	uint32_t *t = sc->text;

	if (shape && arabic) {
		for (size_t i = 0; i < n; i++)
			sc->props[i] = t[i] < 0x10000 ? join_table[t[i]]
						     : fribidi_get_joining_type(t[i]);
		fribidi_join_arabic(sc->types, (FriBidiStrIndex)n, sc->levels, sc->props);
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, sc->levels, (FriBidiStrIndex)n, sc->props, t);
	}
	/* What fribidi_shape_mirroring does, asking only of mirrored characters. */
	for (size_t i = 0; i < n && mirror; i++) {
		if (!(sc->levels[i] & 1))
			continue;
		if (t[i] < 0x10000 && !(info_table[t[i]] & INFO_MIRROR))
			continue;
		FriBidiChar mc;
		if (fribidi_get_mirror_char(t[i], &mc))
			t[i] = mc;
	}
}

/* Maps span styles onto per-code-point roles. */
static void
layout_roles(struct scratch *sc, size_t n, const struct span *spans, size_t nspans)
{
	static const uint8_t role_of[] = {
		[SPAN_EMPH] = CELL_EMPH, [SPAN_STRONG] = CELL_STRONG,
		[SPAN_CODE] = CELL_CODE, [SPAN_LINK] = CELL_LINK,
	};

	memset(sc->roles, CELL_TEXT, n);
	if (nspans == 0)
		return;
	size_t *off = xmalloc((n + 1) * sizeof *off);
	off[0] = 0;
	for (size_t i = 0; i < n; i++)
		off[i + 1] = off[i] + sc->blen[i];
	for (size_t k = 0; k < nspans; k++) {
		size_t lo = 0, hi = n;
		size_t start = spans[k].start, end = start + spans[k].len;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (off[mid] < start)
				lo = mid + 1;
			else
				hi = mid;
		}
		if ((unsigned)spans[k].style >= sizeof role_of)
			continue; /* directional markup: no style of its own */
		uint8_t r = role_of[spans[k].style];
		for (size_t i = lo; i < n && off[i] < end; i++)
			sc->roles[i] = r;
	}
	free(off);
}

/* True when c is a grapheme cluster boundary on both sides of itself
 * whenever its neighbours are too (GB999 between two such characters). */
static inline bool
gb_plain(uint32_t c)
{
	return INFO_GB(char_info(c)) == GB_PLAIN;
}

/* Finds the grapheme cluster starts by libunistring's full UAX #29 around
 * the characters the simple rules of layout_decode do not cover (Prepend,
 * ZWJ, Hangul jamo, regional indicators), from and to boundaries between
 * two plain characters, where no rule looks across. */
void
layout_graphemes(struct scratch *sc, size_t n)
{
	const uint32_t *t = sc->text;
	char *gb = (char *)sc->aux; /* free between the levels and the cells */

	for (size_t i = 0; i < n; i++) {
		if (INFO_GB(char_info(t[i])) != GB_COMPLEX)
			continue;
		size_t s = i, e = i + 1;
		while (s > 0 && !(gb_plain(t[s - 1]) && gb_plain(t[s])))
			s--;
		while (e < n && !(gb_plain(t[e - 1]) && gb_plain(t[e])))
			e++;
		u32_grapheme_breaks(t + s, e - s, gb + s);
		for (size_t k = s; k < e; k++)
			sc->bf[k] = (uint8_t)((sc->bf[k] & ~GF_CLUSTER) | (gb[k] ? GF_CLUSTER : 0));
		i = e - 1;
	}
}


/* Cuts the shaped text [i0, i1) of n code points into cells in logical
 * order, their code points into co; cell sources start at at. Returns how
 * many cells. */
size_t
layout_cells(struct cellout *co, struct scratch *sc, size_t i0, size_t i1, size_t n,
	     bool shape, const uint8_t *origfill, size_t at)
{
#define CELL(k) cells[(k) & cmask]
#define CHAR(k) chars[(k) & chmask]
	struct cell *cells = co->cells;
	uint32_t *chars = co->chars, *gcp = sc->aux;
	size_t cmask = co->cmask, chmask = co->chmask;
	uint8_t *wid = co->wid;
	size_t *srcs = co->src;
	const uint32_t *t = sc->text;
	const uint8_t *roles = sc->roles, *blen = sc->blen, *bfl = sc->bf;
	uint8_t *gf = sc->gflags;
	size_t m = 0, nc = 0;
	bool open = false;  /* the last cell may take zero-width characters */

	for (size_t i = i0; i < i1; i++) {
		uint32_t c = t[i];
		size_t bl = blen[i];
		uint8_t f = bfl[i];
		uint8_t cs = f & GF_CLUSTER ? (uint8_t)(f & (GF_CLUSTER | GF_BRK)) : 0;
		uint8_t mv = f & GF_MOVES;

		if ((c >= 0x20 && c < 0x7F) || c == '\t') {
			CELL(m) = (struct cell){ .chars = (uint32_t)nc, .nchars = 1, .width = 1,
				.role = roles[i], .src = at, .src_len = (uint32_t)bl };
			gcp[m] = (uint32_t)i;
			if (wid != NULL)
				wid[m] = CELL(m).width;
			if (srcs != NULL)
				srcs[m] = at;
			gf[m++] = (uint8_t)(cs | (c == ' ' ? GF_SPACE : 0) |
					    (c == '\t' ? GF_TAB | GF_SPACE : 0));
			CHAR(nc++) = c;
			open = c != '\t';
			at += bl;
			continue;
		}
		uint8_t info = char_info(c);
		/* U+FEFF that shaping left, not one of the text's own. */
		bool sfill = c == LAYOUT_FILL && shape && (origfill == NULL || !origfill[i]);
		if (sfill && i + 1 < n) {
			/* The first half of a lam-alef: the ligature that follows
			 * stands for both, so its cell starts here. */
			int w = INFO_WIDTH(char_info(t[i + 1]));
			size_t bl2 = blen[i + 1];
			CELL(m) = (struct cell){ .chars = (uint32_t)nc, .nchars = 1,
				.width = (uint8_t)(w > 0 ? w : 1), .role = roles[i], .src = at,
				.src_len = (uint32_t)(bl + bl2) };
			gcp[m] = (uint32_t)i;
			if (wid != NULL)
				wid[m] = CELL(m).width;
			if (srcs != NULL)
				srcs[m] = at;
			gf[m++] = (uint8_t)(cs | mv);
			CHAR(nc++) = t[i + 1];
			at += bl + bl2;
			i++;
			open = true;
			continue;
		}
		if ((info & INFO_PLACEHOLDER) && !sfill) {
			uint32_t ph[13];
			size_t k = width_placeholder(c, ph);
			for (size_t q = 0; q < k; q++) {
				CELL(m) = (struct cell){ .chars = (uint32_t)nc, .nchars = 1,
					.width = 1, .role = CELL_PLACEHOLDER, .src = at,
					.src_len = (uint32_t)bl };
				gcp[m] = (uint32_t)i;
				if (wid != NULL)
					wid[m] = CELL(m).width;
				if (srcs != NULL)
					srcs[m] = at;
				gf[m++] = (uint8_t)(GF_PLACEHOLDER | mv |
						    (q == 0 ? GF_CLUSTER | (f & GF_BRK) : 0));
				CHAR(nc++) = ph[q];
			}
			open = false;
			at += bl;
			continue;
		}
		int w = INFO_WIDTH(info);
		if (open && (w == 0 || (CELL(m - 1).width == 0 && !cs))) {
			/* A zero-width character joins the cell before; a spacing one
			 * joins a zero-width cell it does not start a cluster after. */
			struct cell *prev = &CELL(m - 1);
			if (!sfill) {
				CHAR(nc++) = c;
				prev->nchars++;
			}
			if (w > 0) {
				prev->width = (uint8_t)w;
				if (wid != NULL)
					wid[m - 1] = (uint8_t)w;
			}
			prev->src_len += (uint32_t)bl;
			at += bl;
			continue;
		}
		/* A mark or joiner with nothing to extend (at the start, after a
		 * tab or a control) sits on a dotted circle, as text renderers
		 * show it: a cell of its own that a terminal cannot merge. */
		bool based = w == 0 && !sfill && char_needs_base(info, c);
		CELL(m) = (struct cell){ .chars = (uint32_t)nc, .nchars = based ? 2 : 1,
			.width = (uint8_t)(based ? 1 : w), .role = roles[i], .src = at,
			.src_len = (uint32_t)bl };
		gcp[m] = (uint32_t)i;
		if (wid != NULL)
			wid[m] = CELL(m).width;
		if (srcs != NULL)
			srcs[m] = at;
		gf[m++] = (uint8_t)(cs | mv | (c == 0x3000 ? GF_SPACE : 0));
		if (based)
			CHAR(nc++) = LAYOUT_MARK_BASE;
		CHAR(nc++) = c;
		open = true;
		at += bl;
	}
	co->nchars = nc;
	return m;
#undef CELL
#undef CHAR
}


/* Greedy fill: cuts the cells into rows of at most width columns; sets
 * tab widths and marks cells wider than the whole row. The widths are
 * wid's when it is not NULL (the cells are not kept), else the cells'. */
size_t
layout_fill(struct cell *g, uint32_t *chars, uint8_t *wid, const uint8_t *gf, size_t m,
	    int width, int tabstop, struct row_span **rowsp, size_t *rcap,
	    struct row_span *first, size_t start, bool final, size_t *rest)
{
#define WIDTH(k) (wid != NULL ? wid[k] : g[k].width)
	size_t nrows = 0, ls = start;

	if (tabstop < 1)
		tabstop = 8;
	do {
		int col = 0, col_ok = 0, wrow;
		size_t end = m, next = m, last_ok = 0, i;

		wrow = -1;
		for (i = ls; i < m; i++) {
			uint8_t f = gf[i];
			if (i > ls && (f & GF_BRK)) {
				if (f & GF_MUST) {
					end = next = i;
					break;
				}
				last_ok = i;
				col_ok = col;
			}
			int w = WIDTH(i);
			if (f & GF_TAB) {
				w = tabstop - col % tabstop;
				if (col == 0 && w > width)
					w = width;
				if (w > 255)
					w = 255;
				if (wid != NULL)
					wid[i] = (uint8_t)w;
				else
					g[i].width = (uint8_t)w;
			}
			if (col + w <= width) {
				col += w;
				continue;
			}
			if (f & GF_SPACE) {
				/* Spaces hang past the end of the row and are dropped. */
				end = next = i;
				while (next < m && (gf[next] & GF_SPACE) &&
				       !(next > i && (gf[next] & GF_MUST)))
					next++;
			} else if (last_ok > ls) {
				end = next = last_ok;
				wrow = col_ok;
			} else if (i == ls) {
				/* Wider than the whole row: shown as one narrow stand-in. */
				if (wid != NULL) {
					wid[i] = 1; /* the cell is changed when built */
				} else {
					chars[g[i].chars] = LAYOUT_TOO_WIDE;
					g[i].nchars = 1;
					g[i].width = 1;
					g[i].role = CELL_PLACEHOLDER;
				}
				end = next = i + 1;
				wrow = 1;
			} else {
				/* A word longer than the row: break before the
				 * grapheme cluster that does not fit. */
				size_t k = i;
				while (k > ls && !(gf[k] & GF_CLUSTER))
					k--;
				end = next = k > ls ? k : i;
				wrow = 0;
				for (size_t q = ls; q < end; q++)
					wrow += WIDTH(q);
			}
			break;
		}
		if (i == m && !final)
			break; /* the row goes on in cells not cut yet */
		if (wrow < 0)
			wrow = col; /* the cells up to i */
		if (nrows == *rcap) {
			/* The first rows live in the caller's array; more go to the heap. */
			struct row_span *more = xmalloc(*rcap * 2 * sizeof *more);
			memcpy(more, *rowsp, nrows * sizeof *more);
			if (*rowsp != first)
				free(*rowsp);
			*rowsp = more;
			*rcap *= 2;
		}
		(*rowsp)[nrows++] = (struct row_span){ ls, end, wrow };
		ls = next;
	} while (ls < m);
	if (rest != NULL)
		*rest = ls;
	return nrows;
#undef WIDTH
}


/* Points b at its stack arrays. */
void
layout_rowbuf_init(struct rowbuf *b)
{
	b->map = b->map0;
	b->lv = b->lv0;
	b->gof = b->gof0;
	b->tmp = b->tmp0;
	b->cap_cp = b->cap_cells = LAYOUT_ROW_STACK;
	b->heap_cp = b->heap_cells = NULL;
}

/* Makes room in b for a row of ncp code points and ncells cells. */
static void
rowbuf_reserve(struct rowbuf *b, size_t ncp, size_t ncells)
{
	if (ncp > b->cap_cp) {
		free(b->heap_cp);
		b->cap_cp = ncp * 2;
		char *mem = xmalloc(b->cap_cp * (sizeof *b->map + sizeof *b->lv + sizeof *b->gof));
		b->heap_cp = mem;
		b->map = (FriBidiStrIndex *)mem;
		b->gof = (int32_t *)(mem + b->cap_cp * sizeof *b->map);
		b->lv = (FriBidiLevel *)(mem + b->cap_cp * (sizeof *b->map + sizeof *b->gof));
	}
	if (ncells > b->cap_cells) {
		free(b->heap_cells);
		b->cap_cells = ncells * 2;
		b->heap_cells = b->tmp = xmalloc(b->cap_cells * sizeof *b->tmp);
	}
}

/* Puts the cells of one row, logically at [g0, g1) and already moved to
 * out, into visual order. */
void
layout_reorder(struct cell *out, const struct scratch *sc, struct rowbuf *b, size_t n,
	       size_t m, size_t g0, size_t g1, FriBidiParType base)
{
	const uint32_t *gcp = sc->aux;
	const uint8_t *gf = sc->gflags;
	size_t len = g1 - g0;
	size_t c0 = gcp[g0];
	size_t c1 = gf[g1 - 1] & GF_PLACEHOLDER ? gcp[g1 - 1] + 1 : g1 < m ? gcp[g1] : n;
	FriBidiLevel pl = base == FRIBIDI_PAR_RTL ? 1 : 0;
	unsigned diff = 0;

	for (size_t k = c0; k < c1; k++)
		diff |= (unsigned)(sc->levels[k] ^ pl);
	if (diff == 0 && pl == 0)
		return; /* left to right already */
	if (diff == 0) {
		/* All at the paragraph's odd level: the reverse order, when no
		 * mark or control would be moved by L3 or a placeholder read
		 * backwards. */
		unsigned odd = 0;
		for (size_t g = g0; g < g1; g++)
			odd |= gf[g] & (GF_PLACEHOLDER | GF_MOVES);
		if (odd == 0) {
			for (size_t i = 0, j = len - 1; i < j; i++, j--) {
				struct cell x = out[i];
				out[i] = out[j];
				out[j] = x;
			}
			return;
		}
	}
	size_t ncp = c1 - c0;
	rowbuf_reserve(b, ncp, len);
	for (size_t k = 0; k < ncp; k++) {
		b->map[k] = (FriBidiStrIndex)k;
		b->gof[k] = -1;
	}
	memcpy(b->lv, sc->levels + c0, ncp * sizeof *b->lv);
	memcpy(b->tmp, out, len * sizeof *out);
	for (size_t g = g1; g-- > g0;)
		b->gof[gcp[g] - c0] = (int32_t)(g - g0);
	if (fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, sc->types + c0, (FriBidiStrIndex)ncp,
				 0, base, b->lv, NULL, b->map) == 0)
		for (size_t k = 0; k < ncp; k++) /* out of memory: keep logical order */
			b->map[k] = (FriBidiStrIndex)k;
	size_t o = 0;
	for (size_t v = 0; v < ncp; v++) {
		int32_t gi = b->gof[b->map[v]];
		if (gi < 0)
			continue;
		if (!(gf[g0 + (size_t)gi] & GF_PLACEHOLDER)) {
			out[o++] = b->tmp[gi];
			continue;
		}
		/* A placeholder's pieces read left to right whatever the level. */
		for (size_t k = (size_t)gi; k < len && gcp[g0 + k] == gcp[g0 + (size_t)gi]; k++)
			out[o++] = b->tmp[k];
	}
}

/* Lays out s; cell offsets are base + byte offsets in s. */
static struct layout_para *
layout_core(const char *s, size_t len, size_t base, const struct layout_opts *o,
	    enum text_dir fallback, const struct span *spans, size_t nspans)
{
	_Alignas(16) char stack[32768];
	struct scratch sc;
	struct para_facts d;
	FriBidiParType pbase;
	int width = o->width < 1 ? 1 : o->width;

	/* A newline that ends the paragraph separates it from the next one: it
	 * is not shown (newlines inside it are spaces). */
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	info_init();
	/* Size the scratch by code points (lead bytes), by bytes if that was short. */
	size_t cap = utf8_count(s, len);
	size_t lazy_min = o->lazy_min ? o->lazy_min : LAYOUT_LAZY_MIN;
	bool marked = false; /* isolates or overrides: resolved over the whole paragraph */
	for (size_t k = 0; k < nspans && !marked; k++)
		marked = spans[k].style >= SPAN_ISOLATE && spans[k].style <= SPAN_OVERRIDE_RTL;
	if (cap > lazy_min && cap < UINT32_MAX && !marked) {
		struct layout_para *p = layout_stream(s, len, base, o, fallback);
		if (p != NULL) {
			layout_lazy_set_source(p->lazy, NULL, spans, nspans);
			return p;
		}
	}
	layout_scratch_init(&sc, cap, stack, sizeof stack);
	layout_decode(s, len, cap, &sc, &d, NULL);
	if (d.n == SIZE_MAX) {
		free(sc.mem);
		layout_scratch_init(&sc, len, stack, sizeof stack);
		layout_decode(s, len, len, &sc, &d, NULL);
	}
	size_t n = d.n, gcap = n + d.extra + 1;
	if (d.extra > 0) {
		/* Placeholders: more cells than code points. */
		char *mem = xmalloc(gcap * (sizeof *sc.aux + 1));
		sc.more = mem;
		sc.aux = (uint32_t *)mem;
		sc.gflags = (uint8_t *)(mem + gcap * sizeof *sc.aux);
	}
	bool lazy = n > lazy_min && n < UINT32_MAX;
	struct layout_bidi_span *bs;
	size_t nbs = layout_bidi_spans(&sc, n, spans, nspans, &bs);
	bool bidi = nbs > 0 ? layout_levels_marked(&sc, n, bs, nbs, o->dir, fallback, &pbase)
		    : layout_levels(&sc, n, d.complex, d.mixed, d.mirror, o->dir, fallback, &pbase);
	free(bs);
	if (d.clusters)
		layout_graphemes(&sc, n);
	layout_break_bits(sc.text, n, sc.bf, (char *)sc.aux);
	uint8_t *origfill = NULL;
	if (d.fill && o->shape) {
		origfill = xmalloc(n);
		for (size_t i = 0; i < n; i++)
			origfill[i] = sc.text[i] == LAYOUT_FILL;
	}
	if (bidi)
		layout_shape(&sc, n, o->shape, d.arabic, d.mirror);
	if (lazy) {
		struct layout_para *p = layout_core_lazy(&sc, n, gcap, o, width, base, bidi, pbase,
							 d.arabic, d.mirror, origfill, s, len);
		layout_lazy_set_source(p->lazy, NULL, spans, nspans);
		free(origfill);
		free(sc.more);
		free(sc.mem);
		return p;
	}
	layout_roles(&sc, n, spans, nspans);

	/* The result is one allocation: the paragraph, its cells, code points
	 * and rows (layout_para_free frees it with the paragraph). Cells are
	 * made in logical order with room for all, then compacted. */
	size_t cells_at = (sizeof(struct layout_para) + 15) / 16 * 16;
	size_t chars_at = cells_at + gcap * sizeof(struct cell);
	size_t slack = (n / (size_t)width + 2) * sizeof(struct layout_row); /* for the rows */
	char *mem = xmalloc(chars_at + (gcap + d.based) * sizeof(uint32_t) + slack);
	struct layout_para *p = (struct layout_para *)mem;
	memset(p, 0, sizeof *p);
	p->cells = (struct cell *)(mem + cells_at);
	p->chars = (uint32_t *)(mem + chars_at);
	p->width = width;
	p->dir = pbase == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;

	struct cellout co = { .cells = p->cells, .cmask = SIZE_MAX, .chars = p->chars,
		.chmask = SIZE_MAX, .wid = NULL };
	size_t m = layout_cells(&co, &sc, 0, n, n, o->shape, origfill, base);
	p->nchars = co.nchars;
	free(origfill);

	struct row_span rows0[64], *spansr = rows0;
	size_t rcap = sizeof rows0 / sizeof *rows0;
	size_t nrows = layout_fill(p->cells, p->chars, NULL, sc.gflags, m, width,
				   o->tabstop ? o->tabstop : 8, &spansr, &rcap, rows0, 0, true, NULL);
	struct layout_row rows0s[64];
	struct layout_row *rows = nrows <= 64 ? rows0s : xmalloc(nrows * sizeof *rows);
	struct rowbuf rb;
	layout_rowbuf_init(&rb);
	size_t dst = 0;
	for (size_t r = 0; r < nrows; r++) {
		size_t g0 = spansr[r].g0, g1 = spansr[r].g1, k = g1 - g0;
		struct layout_row *row = &rows[r];
		*row = (struct layout_row){ .first_cell = dst, .ncells = k,
			.width = spansr[r].width, .src_start = base, .src_end = base };
		if (k == 0)
			continue;
		/* Cells are in logical order: the sources grow along them. */
		row->src_start = p->cells[g0].src;
		row->src_end = p->cells[g1 - 1].src + p->cells[g1 - 1].src_len;
		if (dst != g0)
			memmove(p->cells + dst, p->cells + g0, k * sizeof *p->cells);
		if (bidi)
			layout_reorder(p->cells + dst, &sc, &rb, n, m, g0, g1, pbase);
		dst += k;
	}
	for (size_t r = 0; r < nrows; r++)
		rows[r].indent = p->dir == DIR_RTL ? width - rows[r].width : 0;
	free(rb.heap_cp);
	free(rb.heap_cells);
	if (spansr != rows0)
		free(spansr);
	free(sc.more);
	free(sc.mem);

	/* Close up: the code points after the cells kept, the rows after them. */
	size_t nchars_at = cells_at + dst * sizeof(struct cell);
	size_t rows_at = (nchars_at + p->nchars * sizeof(uint32_t) + 15) / 16 * 16;
	memmove(mem + nchars_at, mem + chars_at, p->nchars * sizeof(uint32_t));
	mem = xrealloc(mem, rows_at + nrows * sizeof *rows);
	p = (struct layout_para *)mem;
	p->cells = (struct cell *)(mem + cells_at);
	p->chars = (uint32_t *)(mem + nchars_at);
	p->rows = (struct layout_row *)(mem + rows_at);
	memcpy(p->rows, rows, nrows * sizeof *rows);
	p->ncells = dst;
	p->nrows = nrows;
	if (rows != rows0s)
		free(rows);
	return p;
}

struct layout_para *
layout_text(const char *s, size_t len, size_t base, const struct layout_opts *o)
{
	return layout_core(s, len, base, o, DIR_LTR, NULL, 0);
}

/* Lays out a block's text at the width its marks leave, in the direction
 * its markup gave (unless the options force one), then adds the marks. */
struct layout_para *
layout_block(const struct block *b, const struct layout_opts *o)
{
	struct layout_opts lo = *o;
	struct layout_mark mark;
	int lead = layout_mark_plan(b, o->width < 1 ? 1 : o->width, &mark);
	struct layout_para *p;

	if (b->dir_set && lo.dir == DIR_AUTO)
		lo.dir = (enum text_dir)b->dir;
	lo.width = (o->width < 1 ? 1 : o->width) - lead;
	if (b->map == NULL) {
		p = layout_core(b->text, b->len, b->text_off, &lo, b->dir, b->spans, b->nspans);
		return lead > 0 ? layout_mark_apply(p, &mark, o->width) : p;
	}
	p = layout_core(b->text, b->len, 0, &lo, b->dir, b->spans, b->nspans);
	if (p->lazy != NULL)
		layout_lazy_set_source(p->lazy, b, b->spans, b->nspans); /* cells are mapped when built */
	for (size_t i = 0; i < p->ncells && p->lazy == NULL; i++) {
		struct cell *c = &p->cells[i];
		size_t start = block_doc_offset(b, c->src);
		size_t end = block_doc_offset(b, c->src + c->src_len);
		c->src = start;
		c->src_len = (uint32_t)(end > start ? end - start : 0);
	}
	for (size_t r = 0; r < p->nrows; r++) {
		struct layout_row *row = &p->rows[r];
		size_t start = block_doc_offset(b, row->src_start);
		size_t end = block_doc_offset(b, row->src_end);
		row->src_start = start;
		row->src_end = end > start ? end : start;
	}
	return lead > 0 ? layout_mark_apply(p, &mark, o->width) : p;
}

void
layout_para_free(struct layout_para *p)
{
	if (p == NULL)
		return;
	if (p->lazy != NULL)
		layout_lazy_free(p->lazy);
	free(p); /* rows, cells and code points share its allocation */
}

int
layout_bidi_levels(const uint32_t *s, size_t n, enum text_dir dir, int8_t *levels)
{
	_Alignas(16) char stack[16384];
	struct scratch sc;
	FriBidiParType base;
	uint8_t any = 0;

	info_init();
	layout_scratch_init(&sc, n, stack, sizeof stack);
	for (size_t i = 0; i < n; i++) {
		uint8_t bf;
		sc.text[i] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
		sc.types[i] = char_bidi(sc.text[i], &bf);
		any |= bf;
	}
	if (layout_levels(&sc, n, (any & BIDI_COMPLEX) != 0, (any & BIDI_MIXED) != 0, true,
			  dir, DIR_LTR, &base) &&
	    fribidi_reorder_line(0, sc.types, (FriBidiStrIndex)n, 0, base, sc.levels, NULL,
				 NULL) == 0)
		memset(sc.levels, 0, n);
	for (size_t i = 0; i < n; i++)
		levels[i] = (int8_t)sc.levels[i];
	free(sc.mem);
	return base == FRIBIDI_PAR_RTL;
}

void
layout_row_to_utf8(const struct layout_para *p, size_t r, bool pad, struct strbuf *out)
{
	const struct layout_row *row = &p->rows[r];
	const uint32_t *pchars;
	const struct cell *cells = layout_row_cells(p, r, &pchars);
	size_t need = pad && row->indent > 0 ? (size_t)row->indent : 0;

	for (size_t i = 0; i < row->ncells; i++)
		need += cells[i].nchars * 4u + cells[i].width;
	strbuf_grow(out, need);
	char *d = out->data + out->len;
	if (pad)
		for (int i = 0; i < row->indent; i++)
			*d++ = ' ';
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &cells[i];
		const uint32_t *ch = pchars + c->chars;
		if (c->nchars == 1 && ch[0] == '\t') {
			for (unsigned k = 0; k < c->width; k++)
				*d++ = ' ';
			continue;
		}
		for (unsigned k = 0; k < c->nchars; k++)
			d += utf8_encode(ch[k], d);
	}
	out->len = (size_t)(d - out->data);
	out->data[out->len] = '\0';
}

void
layout_line_visual(const char *s, size_t len, const struct layout_opts *o, struct strbuf *out)
{
	struct layout_opts lo = *o;
	size_t chars = 0, per = lo.tabstop > 2 ? (size_t)lo.tabstop : 8;

	chars = utf8_count(s, len);
	/* Wide enough for every character at its widest: one row, unwrapped. */
	lo.width = chars < (size_t)(INT_MAX / 2) / per ? (int)(chars * per) + 1 : INT_MAX / 2;
	struct layout_para *p = layout_text(s, len, 0, &lo);
	for (size_t r = 0; r < p->nrows; r++) {
		if (r > 0)
			strbuf_putc(out, ' ');
		layout_row_to_utf8(p, r, false, out);
	}
	layout_para_free(p);
}
