/* The line layout engine: one paragraph of UTF-8 becomes rows of cells in
 * visual order. Bidi levels come once from the whole paragraph (fribidi),
 * break opportunities from UAX #14 (libunistring), widths from wcwidth; each
 * wrapped line is then reordered with the paragraph's levels. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <unigbrk.h>
#include <unilbrk.h>

#include "qarin/layout.h"
#include "qarin/width.h"
#include "qarin/xalloc.h"

#define LAYOUT_FILL 0xFEFF        /* what fribidi leaves after a ligature */
#define LAYOUT_TOO_WIDE 0xFFFD    /* stands for a character wider than the row */

enum glyph_kind {
	GLYPH_TEXT,
	GLYPH_TAB,
	GLYPH_PLACEHOLDER, /* one piece of a control's visible name */
};

enum glyph_break {
	BRK_NONE,
	BRK_ALLOW,
	BRK_MUST,
};

/* One future cell in logical order: a spacing character with the
 * zero-width characters that follow it, a tab, or a placeholder piece. */
struct glyph {
	uint32_t ch;     /* first code point */
	uint32_t nch;    /* code points */
	uint8_t width;   /* columns (tabs: set when the row is filled) */
	uint8_t kind;    /* enum glyph_kind */
	uint8_t brk;     /* enum glyph_break: before this glyph */
	uint8_t cluster; /* starts a grapheme cluster */
	uint8_t piece;   /* placeholder: index of this piece */
	uint8_t narrow;  /* wider than the row: shown as LAYOUT_TOO_WIDE */
	uint8_t role;
	uint8_t space;   /* a space or tab that may hang past the row's end */
};

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
 * (width_char), whether it shows as a placeholder, its grapheme class. */
#define INFO_WIDTH(x) ((x) & 3)
#define INFO_PLACEHOLDER 4
#define INFO_GB(x) ((x) >> 3 & 3)

/* The facts about c, from width.c and libunistring. */
static uint8_t
info_compute(uint32_t c)
{
	uint8_t gb;

	if (c < 0x300)
		gb = c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD ? GB_CONTROL : GB_PLAIN;
	else
		gb = gb_class_of_property(uc_graphemeclusterbreak_property(c));
	if (width_needs_placeholder(c))
		return (uint8_t)(INFO_PLACEHOLDER | 1 | gb << 3);
	return (uint8_t)(width_char(c) | gb << 3);
}

/* The facts for the BMP, built once (after width_init); read-only after. */
static uint8_t info_table[0x10000];
static bool info_ready;

/* Builds the table on first use. */
static void
info_init(void)
{
	if (info_ready)
		return;
	for (uint32_t k = 0; k < 0x10000; k++)
		info_table[k] = info_compute(k);
	info_ready = true;
}

/* The facts about c: from the table for the BMP (info_init first). */
static inline uint8_t
char_info(uint32_t c)
{
	return c < 0x10000 ? info_table[c] : info_compute(c);
}

/* Scratch arrays of one call, carved from a single allocation. */
struct scratch {
	void *mem;
	uint32_t *text;          /* code points, newlines as spaces */
	uint32_t *shaped;        /* after shaping and mirroring */
	size_t *off;             /* byte offset of each code point, n + 1 */
	FriBidiCharType *types;
	FriBidiBracketType *btypes;
	FriBidiLevel *levels;
	FriBidiLevel *lvcopy;
	FriBidiArabicProp *props;
	FriBidiStrIndex *map;
	int32_t *glyph_of;       /* first glyph starting at a code point, or -1 */
	char *gbrk;              /* grapheme cluster starts */
	char *lbrk;              /* UAX #14 results */
	uint8_t *roles;
	uint8_t *phlen;          /* length of the placeholder shown instead, or 0 */
	struct glyph *glyphs;    /* n + 1, or glyph_mem when placeholders need more */
	struct glyph *glyph_mem; /* owned, usually NULL */
};

/* Decodes one UTF-8 sequence at s[i]; returns its length, *c = U+FFFD for
 * an invalid byte (one per maximal invalid subpart). */
static size_t
layout_utf8_next(const unsigned char *s, size_t len, size_t i, uint32_t *c)
{
	unsigned char b = s[i];
	uint32_t v, min;
	size_t need;

	if (b < 0x80) {
		*c = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1; v = b & 0x1F; min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2; v = b & 0x0F; min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3; v = b & 0x07; min = 0x10000;
	} else {
		*c = 0xFFFD;
		return 1;
	}
	size_t k;
	for (k = 1; k <= need; k++) {
		if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
			break;
		v = (v << 6) | (s[i + k] & 0x3F);
		/* Reject overlongs and surrogates as soon as the second byte shows them. */
		if (k == 1 && ((b == 0xE0 && s[i + 1] < 0xA0) || (b == 0xED && s[i + 1] >= 0xA0) ||
			       (b == 0xF0 && s[i + 1] < 0x90) || (b == 0xF4 && s[i + 1] >= 0x90)))
			break;
	}
	if (k <= need) {
		*c = 0xFFFD;
		return k;
	}
	*c = v >= min ? v : 0xFFFD;
	return need + 1;
}

/* Carves the scratch arrays for n code points out of stack (when they fit
 * in stack_size bytes) or out of one allocation. */
static void
scratch_init(struct scratch *sc, size_t n, void *stack, size_t stack_size)
{
	size_t m = n + 1;
	size_t size = m * (2 * sizeof(uint32_t) + sizeof(size_t) + sizeof(FriBidiCharType) +
			   sizeof(FriBidiBracketType) + 2 * sizeof(FriBidiLevel) +
			   sizeof(FriBidiArabicProp) + sizeof(FriBidiStrIndex) + sizeof(int32_t) +
			   4 + sizeof(struct glyph)) + 16 * 16;
	char *p = size <= stack_size ? stack : xmalloc(size);

	sc->mem = p == stack ? NULL : p;
#define CARVE(field, count) do { \
		size_t a_ = (uintptr_t)p % 16; \
		if (a_ != 0) p += 16 - a_; \
		sc->field = (void *)p; p += (count) * sizeof *sc->field; \
	} while (0)
	CARVE(off, m);
	CARVE(glyphs, m);
	CARVE(text, m);
	CARVE(shaped, m);
	CARVE(types, m);
	CARVE(btypes, m);
	CARVE(props, m);
	CARVE(map, m);
	CARVE(glyph_of, m);
	CARVE(levels, m);
	CARVE(lvcopy, m);
	CARVE(gbrk, m);
	CARVE(lbrk, m);
	CARVE(roles, m);
	CARVE(phlen, m);
#undef CARVE
	sc->glyph_mem = NULL;
}

/* Decodes s into sc->text with byte offsets, noting which code points
 * show as placeholders; returns the code points (SIZE_MAX if more than
 * cap), *extra the cells that placeholders add beyond one each. */
static size_t
layout_decode(const char *s, size_t len, size_t cap, struct scratch *sc, bool *ascii,
	      size_t *extra)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, i = 0, more = 0;
	bool only_ascii = true;

	while (i < len) {
		uint32_t c;
		size_t k;
		if (n == cap)
			return SIZE_MAX; /* stray continuation bytes: more than counted */
		if (u[i] < 0x80) {
			c = u[i];
			k = 1;
		} else if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len &&
			   (u[i + 1] & 0xC0) == 0x80) {
			/* Two bytes (Arabic, Hebrew, accented Latin): the common case. */
			c = (uint32_t)(u[i] & 0x1F) << 6 | (u[i + 1] & 0x3F);
			k = 2;
			only_ascii = false;
		} else {
			k = layout_utf8_next(u, len, i, &c);
			only_ascii = false;
		}
		if (c == '\n' || c == '\r')
			c = ' ';
		sc->phlen[n] = 0;
		if (c != '\t' && (c < 0x20 || (c >= 0x7F && (char_info(c) & INFO_PLACEHOLDER)))) {
			uint32_t ph[13];
			sc->phlen[n] = (uint8_t)width_placeholder(c, ph);
			more += sc->phlen[n] - 1u;
		}
		sc->off[n] = i;
		sc->text[n++] = c;
		i += k;
	}
	sc->off[n] = len;
	*ascii = only_ascii;
	*extra = more;
	return n;
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

/* Resolves embedding levels over the whole paragraph; returns true when any
 * level is odd or above zero (the line must be reordered). */
static bool
layout_levels(struct scratch *sc, size_t n, bool ascii, enum text_dir dir,
	      enum text_dir fallback, FriBidiParType *base)
{
	FriBidiParType pbase;
	bool complex = false;

	if (!ascii) {
		fribidi_get_bidi_types(sc->text, (FriBidiStrIndex)n, sc->types);
		for (size_t i = 0; i < n && !complex; i++) {
			FriBidiCharType t = sc->types[i];
			complex = FRIBIDI_IS_RTL(t) || t == FRIBIDI_TYPE_AN ||
				  FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			sc->types[i] = fribidi_get_bidi_type(sc->text[i]);
	}
	if (dir == DIR_LTR) {
		pbase = FRIBIDI_PAR_LTR;
	} else if (dir == DIR_RTL) {
		pbase = FRIBIDI_PAR_RTL;
	} else {
		/* P2-P3 by fribidi when there is a strong letter to find. */
		pbase = complex && layout_first_strong(sc->types, n) != 0 ? FRIBIDI_PAR_ON : 0;
		if (pbase == 0 && !complex) {
			/* Only L or neutral: LTR when any letter is strong. */
			for (size_t i = 0; i < n && pbase == 0; i++)
				if (sc->types[i] == FRIBIDI_TYPE_LTR)
					pbase = FRIBIDI_PAR_LTR;
		}
		if (pbase == 0)
			pbase = fallback == DIR_RTL ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	}
	*base = pbase;
	if (!complex && pbase == FRIBIDI_PAR_LTR) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		return false;
	}
	fribidi_get_bracket_types(sc->text, (FriBidiStrIndex)n, sc->types, sc->btypes);
	if (fribidi_get_par_embedding_levels_ex(sc->types, sc->btypes, (FriBidiStrIndex)n,
						&pbase, sc->levels) == 0) {
		memset(sc->levels, 0, n * sizeof *sc->levels);
		*base = FRIBIDI_PAR_LTR;
		return false;
	}
	*base = FRIBIDI_IS_RTL(pbase) ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	return true;
}

/* Shapes Arabic (when asked) and mirrors at odd levels into sc->shaped. */
static void
layout_shape(struct scratch *sc, size_t n, bool bidi, bool shape)
{
	bool arabic = false;

	memcpy(sc->shaped, sc->text, n * sizeof *sc->shaped);
	if (!bidi)
		return;
	if (shape)
		for (size_t i = 0; i < n && !arabic; i++)
			arabic = sc->types[i] == FRIBIDI_TYPE_AL;
	if (arabic) {
		fribidi_get_joining_types(sc->text, (FriBidiStrIndex)n, sc->props);
		fribidi_join_arabic(sc->types, (FriBidiStrIndex)n, sc->levels, sc->props);
		fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING | FRIBIDI_FLAGS_ARABIC, sc->levels,
			      (FriBidiStrIndex)n, sc->props, sc->shaped);
	} else {
		fribidi_shape(FRIBIDI_FLAG_SHAPE_MIRRORING, sc->levels, (FriBidiStrIndex)n,
			      NULL, sc->shaped);
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

	if (nspans == 0) {
		sc->roles = NULL; /* all CELL_TEXT */
		return;
	}
	memset(sc->roles, CELL_TEXT, n);
	for (size_t k = 0; k < nspans; k++) {
		size_t lo = 0, hi = n;
		size_t start = spans[k].start, end = start + spans[k].len;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (sc->off[mid] < start)
				lo = mid + 1;
			else
				hi = mid;
		}
		uint8_t r = (unsigned)spans[k].style < sizeof role_of ? role_of[spans[k].style]
								     : CELL_TEXT;
		for (size_t i = lo; i < n && sc->off[i] < end; i++)
			sc->roles[i] = r;
	}
}

/* Finds the grapheme cluster starts: by the simple rules when the text
 * needs no others, else by libunistring's full UAX #29. */
static void
layout_graphemes(struct scratch *sc, size_t n)
{
	uint8_t prev = GB_CONTROL;

	for (size_t i = 0; i < n; i++) {
		uint8_t cls = INFO_GB(char_info(sc->text[i]));
		if (cls == GB_COMPLEX) {
			u32_grapheme_breaks(sc->text, n, sc->gbrk);
			return;
		}
		sc->gbrk[i] = !(cls == GB_GLUE && prev != GB_CONTROL);
		prev = cls;
	}
}

#define ROLE(sc, i) ((sc)->roles != NULL ? (sc)->roles[i] : CELL_TEXT)

/* Cuts the shaped text into glyphs; returns how many. */
static size_t
layout_glyphs(struct scratch *sc, size_t n, bool ascii, bool shape)
{
	struct glyph *g = sc->glyphs;
	size_t m = 0;
	bool open = false; /* the last glyph may take zero-width characters */

	for (size_t i = 0; i < n; i++) {
		uint32_t o = sc->text[i], c = sc->shaped[i];
		bool cstart = ascii || sc->gbrk[i];
		uint8_t brk = BRK_NONE;

		sc->glyph_of[i] = -1;
		if (i > 0 && sc->lbrk[i - 1] == UC_BREAK_MANDATORY)
			brk = BRK_MUST;
		else if (sc->lbrk[i] == UC_BREAK_POSSIBLE || sc->lbrk[i] == UC_BREAK_HYPHENATION)
			brk = BRK_ALLOW;
		if (o == '\t' || (o >= 0x20 && o < 0x7F)) {
			g[m] = (struct glyph){ .ch = (uint32_t)i, .nch = 1, .width = 1,
				.kind = o == '\t' ? GLYPH_TAB : GLYPH_TEXT,
				.brk = cstart ? brk : BRK_NONE, .cluster = cstart,
				.role = ROLE(sc, i), .space = o == ' ' || o == '\t' };
			sc->glyph_of[i] = (int32_t)m++;
			open = o != '\t';
			continue;
		}
		if (sc->phlen[i] > 0) {
			size_t k = sc->phlen[i];
			sc->glyph_of[i] = (int32_t)m;
			for (size_t p = 0; p < k; p++)
				g[m++] = (struct glyph){ .ch = (uint32_t)i, .nch = 1, .width = 1,
					.kind = GLYPH_PLACEHOLDER, .brk = p == 0 ? brk : BRK_NONE,
					.cluster = p == 0, .piece = (uint8_t)p,
					.role = CELL_PLACEHOLDER };
			open = false;
			continue;
		}
		if (shape && c == LAYOUT_FILL && o != LAYOUT_FILL && i + 1 < n) {
			/* The first half of a lam-alef: the ligature that follows
			 * stands for both, so its glyph starts here. */
			int w = INFO_WIDTH(char_info(sc->shaped[i + 1]));
			g[m] = (struct glyph){ .ch = (uint32_t)i, .nch = 2,
				.width = (uint8_t)(w > 0 ? w : 1), .brk = cstart ? brk : BRK_NONE,
				.cluster = cstart, .role = ROLE(sc, i) };
			sc->glyph_of[i] = (int32_t)m++;
			sc->glyph_of[++i] = -1;
			open = true;
			continue;
		}
		int w = INFO_WIDTH(char_info(c));
		if (w == 0 && open) {
			g[m - 1].nch++;
			continue;
		}
		if (open && g[m - 1].width == 0 && !cstart) {
			g[m - 1].nch++;
			g[m - 1].width = (uint8_t)w;
			continue;
		}
		g[m] = (struct glyph){ .ch = (uint32_t)i, .nch = 1, .width = (uint8_t)w,
			.brk = cstart ? brk : BRK_NONE, .cluster = cstart,
			.role = ROLE(sc, i), .space = c == 0x3000 };
		sc->glyph_of[i] = (int32_t)m++;
		open = true;
	}
	return m;
}

/* A growable list of rows as glyph ranges. */
struct row_span {
	size_t g0, g1;
};

/* Greedy fill: cuts the glyphs into rows of at most width columns. */
static size_t
layout_fill(struct glyph *g, size_t m, int width, int tabstop, struct row_span **rowsp,
	    size_t *rcap, const struct row_span *first)
{
	size_t nrows = 0, ls = 0;

	if (tabstop < 1)
		tabstop = 8;
	while (ls < m || nrows == 0) {
		int col = 0;
		size_t end = m, next = m, last_ok = 0, i;

		for (i = ls; i < m; i++) {
			if (i > ls && g[i].brk == BRK_MUST) {
				end = next = i;
				break;
			}
			if (i > ls && g[i].brk == BRK_ALLOW)
				last_ok = i;
			int w = g[i].width;
			if (g[i].kind == GLYPH_TAB) {
				w = tabstop - col % tabstop;
				if (col == 0 && w > width)
					w = width;
				if (w > 255)
					w = 255;
				g[i].width = (uint8_t)w;
			}
			g[i].narrow = 0;
			if (col + w <= width) {
				col += w;
				continue;
			}
			if (g[i].space) {
				/* Spaces hang past the end of the row and are dropped. */
				end = i;
				next = i;
				while (next < m && g[next].space &&
				       !(next > i && g[next].brk == BRK_MUST))
					next++;
			} else if (last_ok > ls) {
				end = next = last_ok;
			} else if (i == ls) {
				g[i].narrow = 1; /* wider than the whole row */
				end = next = i + 1;
			} else {
				/* A word longer than the row: break before the
				 * grapheme cluster that does not fit. */
				size_t k = i;
				while (k > ls && !g[k].cluster)
					k--;
				end = next = k > ls ? k : i;
			}
			break;
		}
		if (nrows == *rcap) {
			/* The first rows live in the caller's array; more go to the heap. */
			struct row_span *more = xmalloc(*rcap * 2 * sizeof *more);
			memcpy(more, *rowsp, nrows * sizeof *more);
			if (*rowsp != first)
				free(*rowsp);
			*rowsp = more;
			*rcap *= 2;
		}
		(*rowsp)[nrows++] = (struct row_span){ ls, end };
		ls = next;
		if (m == 0)
			break;
	}
	return nrows;
}

/* Appends the cell of glyph gi to p, its code points into p->chars. */
static void
layout_emit(struct layout_para *p, const struct scratch *sc, const struct glyph *gl,
	    size_t gi, bool shape)
{
	const struct glyph *g = &gl[gi];
	struct cell *c = &p->cells[p->ncells++];

	c->chars = (uint32_t)p->nchars;
	c->width = g->width;
	c->role = g->role;
	c->src = sc->off[g->ch];
	c->src_len = (uint32_t)(sc->off[g->ch + g->nch] - sc->off[g->ch]);
	if (g->nch == 1 && g->kind != GLYPH_PLACEHOLDER && !g->narrow) {
		p->chars[p->nchars++] = sc->shaped[g->ch];
		c->nchars = 1;
		return;
	}
	if (g->narrow) {
		p->chars[p->nchars++] = LAYOUT_TOO_WIDE;
		c->width = 1;
		c->role = CELL_PLACEHOLDER;
	} else if (g->kind == GLYPH_PLACEHOLDER) {
		uint32_t ph[13];
		width_placeholder(sc->text[g->ch], ph);
		p->chars[p->nchars++] = ph[g->piece];
	} else {
		for (uint32_t k = g->ch; k < g->ch + g->nch; k++) {
			uint32_t ch = sc->shaped[k];
			if (shape && ch == LAYOUT_FILL && sc->text[k] != LAYOUT_FILL)
				continue;
			p->chars[p->nchars++] = ch;
		}
	}
	c->nchars = (uint16_t)(p->nchars - c->chars);
}

/* Emits the glyphs [g0, g1) of one row in visual order. */
static void
layout_row(struct layout_para *p, struct scratch *sc, const struct glyph *g, size_t g0,
	   size_t g1, bool bidi, FriBidiParType base, bool shape)
{
	if (g0 >= g1)
		return;
	if (!bidi) {
		for (size_t i = g0; i < g1; i++)
			layout_emit(p, sc, g, i, shape);
		return;
	}
	size_t c0 = g[g0].ch, c1 = g[g1 - 1].ch + g[g1 - 1].nch;
	for (size_t k = c0; k < c1; k++)
		sc->map[k] = (FriBidiStrIndex)k;
	memcpy(sc->lvcopy + c0, sc->levels + c0, (c1 - c0) * sizeof *sc->lvcopy);
	FriBidiLevel ok = fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, sc->types,
					       (FriBidiStrIndex)(c1 - c0), (FriBidiStrIndex)c0,
					       base, sc->lvcopy, NULL, sc->map);
	if (ok == 0) /* out of memory inside fribidi: keep logical order */
		for (size_t k = c0; k < c1; k++)
			sc->map[k] = (FriBidiStrIndex)k;
	for (size_t v = c0; v < c1; v++) {
		int32_t gi = sc->glyph_of[sc->map[v]];
		if (gi < 0)
			continue;
		if (g[gi].kind != GLYPH_PLACEHOLDER) {
			if ((size_t)gi >= g0 && (size_t)gi < g1)
				layout_emit(p, sc, g, (size_t)gi, shape);
			continue;
		}
		/* A placeholder's pieces read left to right whatever the level. */
		for (size_t k = (size_t)gi; k < g1 && g[k].ch == g[gi].ch; k++)
			if (k >= g0)
				layout_emit(p, sc, g, k, shape);
	}
}

/* Lays out s; cell offsets are byte offsets in s. */
static struct layout_para *
layout_core(const char *s, size_t len, const struct layout_opts *o, enum text_dir fallback,
	    const struct span *spans, size_t nspans)
{
	struct layout_para *p;
	_Alignas(16) char stack[32768];
	struct scratch sc;
	FriBidiParType base;
	bool ascii;
	int width = o->width < 1 ? 1 : o->width;

	/* A newline that ends the paragraph separates it from the next one: it
	 * is not shown (newlines inside it are spaces). */
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	info_init();
	/* Size the scratch by code points (lead bytes), by bytes if that was short. */
	size_t cap = 0, extra;
	for (size_t i = 0; i < len; i++)
		cap += ((unsigned char)s[i] & 0xC0) != 0x80;
	scratch_init(&sc, cap, stack, sizeof stack);
	size_t n = layout_decode(s, len, cap, &sc, &ascii, &extra);
	if (n == SIZE_MAX) {
		free(sc.mem);
		scratch_init(&sc, len, stack, sizeof stack);
		n = layout_decode(s, len, len, &sc, &ascii, &extra);
	}
	if (extra > 0)
		sc.glyphs = sc.glyph_mem = xmalloc((n + extra + 1) * sizeof *sc.glyphs);
	bool bidi = layout_levels(&sc, n, ascii, o->dir, fallback, &base);
	layout_shape(&sc, n, bidi, o->shape);
	if (!ascii)
		layout_graphemes(&sc, n);
	u32_possible_linebreaks(sc.text, n, "UTF-8", sc.lbrk);
	layout_roles(&sc, n, spans, nspans);
	size_t m = layout_glyphs(&sc, n, ascii, o->shape);

	struct row_span rows0[64], *spansr = rows0;
	size_t rcap = sizeof rows0 / sizeof *rows0;
	size_t nrows = layout_fill(sc.glyphs, m, width, o->tabstop ? o->tabstop : 8, &spansr,
				   &rcap, rows0);

	/* The result is one allocation: the paragraph, its rows, cells and
	 * code points (layout_para_free frees it with the paragraph). */
	size_t cells_at = (sizeof *p + 15) / 16 * 16;
	size_t rows_at = cells_at + (m + 1) * sizeof *p->cells;
	size_t chars_at = rows_at + nrows * sizeof *p->rows;
	char *mem = xmalloc(chars_at + (n + m + 1) * sizeof *p->chars);
	p = (struct layout_para *)mem;
	memset(p, 0, sizeof *p);
	p->cells = (struct cell *)(mem + cells_at);
	p->rows = (struct layout_row *)(mem + rows_at);
	p->chars = (uint32_t *)(mem + chars_at);
	memset(p->rows, 0, nrows * sizeof *p->rows);
	p->nrows = nrows;
	p->width = width;
	p->dir = base == FRIBIDI_PAR_RTL ? DIR_RTL : DIR_LTR;
	for (size_t r = 0; r < nrows; r++) {
		struct layout_row *row = &p->rows[r];
		row->first_cell = p->ncells;
		layout_row(p, &sc, sc.glyphs, spansr[r].g0, spansr[r].g1, bidi, base, o->shape);
		row->ncells = p->ncells - row->first_cell;
		row->src_start = row->src_end = 0;
		for (size_t k = 0; k < row->ncells; k++) {
			const struct cell *c = &p->cells[row->first_cell + k];
			row->width += c->width;
			if (k == 0 || c->src < row->src_start)
				row->src_start = c->src;
			if (c->src + c->src_len > row->src_end)
				row->src_end = c->src + c->src_len;
		}
		row->indent = p->dir == DIR_RTL ? width - row->width : 0;
	}
	if (spansr != rows0)
		free(spansr);
	free(sc.glyph_mem);
	free(sc.mem);
	return p;
}

struct layout_para *
layout_text(const char *s, size_t len, size_t base, const struct layout_opts *o)
{
	struct layout_para *p = layout_core(s, len, o, DIR_LTR, NULL, 0);

	for (size_t i = 0; i < p->ncells; i++)
		p->cells[i].src += base;
	for (size_t r = 0; r < p->nrows; r++) {
		p->rows[r].src_start += base;
		p->rows[r].src_end += base;
	}
	return p;
}

struct layout_para *
layout_block(const struct block *b, const struct layout_opts *o)
{
	struct layout_para *p = layout_core(b->text, b->len, o, b->dir, b->spans, b->nspans);

	for (size_t i = 0; i < p->ncells; i++) {
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
	return p;
}

void
layout_para_free(struct layout_para *p)
{
	free(p); /* rows, cells and code points share its allocation */
}

void
layout_break_opportunities(const uint32_t *s, size_t n, char *brk)
{
	char *lb = xmalloc(n + 1);

	u32_possible_linebreaks(s, n, "UTF-8", lb);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && lb[i - 1] == UC_BREAK_MANDATORY)
			brk[i] = LAYOUT_BREAK_MUST;
		else if (i > 0 && (lb[i] == UC_BREAK_POSSIBLE || lb[i] == UC_BREAK_HYPHENATION))
			brk[i] = LAYOUT_BREAK_ALLOW;
		else
			brk[i] = LAYOUT_BREAK_NONE;
	}
	free(lb);
}

int
layout_bidi_levels(const uint32_t *s, size_t n, enum text_dir dir, int8_t *levels)
{
	_Alignas(16) char stack[32768];
	struct scratch sc;
	FriBidiParType base;

	scratch_init(&sc, n, stack, sizeof stack);
	for (size_t i = 0; i < n; i++)
		sc.text[i] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
	if (layout_levels(&sc, n, false, dir, DIR_LTR, &base) &&
	    fribidi_reorder_line(0, sc.types, (FriBidiStrIndex)n, 0, base, sc.levels, NULL,
				 NULL) == 0)
		memset(sc.levels, 0, n);
	for (size_t i = 0; i < n; i++)
		levels[i] = (int8_t)sc.levels[i];
	free(sc.mem);
	return base == FRIBIDI_PAR_RTL;
}

/* Writes c as UTF-8 at d; returns the bytes written. */
static size_t
layout_put_utf8(char *d, uint32_t c)
{
	if (c < 0x80) {
		d[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		d[0] = (char)(0xC0 | c >> 6);
		d[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		d[0] = (char)(0xE0 | c >> 12);
		d[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		d[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	d[0] = (char)(0xF0 | c >> 18);
	d[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	d[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	d[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

void
layout_row_to_utf8(const struct layout_para *p, size_t r, bool pad, struct strbuf *out)
{
	const struct layout_row *row = &p->rows[r];
	const struct cell *cells = p->cells + row->first_cell;
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
		const uint32_t *ch = p->chars + c->chars;
		if (c->nchars == 1 && ch[0] == '\t') {
			for (unsigned k = 0; k < c->width; k++)
				*d++ = ' ';
			continue;
		}
		for (unsigned k = 0; k < c->nchars; k++)
			d += layout_put_utf8(d, ch[k]);
	}
	out->len = (size_t)(d - out->data);
	out->data[out->len] = '\0';
}
