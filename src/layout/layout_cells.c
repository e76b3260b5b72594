/* The line engine's first stages: UTF-8 becomes code points with their
 * facts (decoding, from tables built once), grapheme clusters, Arabic
 * shaping and mirroring, then cells in logical order; and, last, rows
 * back to escaped UTF-8 for the printers. The per-character tables live
 * here, next to the loops that read them for every code point. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <unigbrk.h>

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
 * the full algorithm or Arabic joining (LAYOUT_BIDI_*, layout_int.h). */
#define BIDI_INDEX 31

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

/* Tables for the BMP, filled a block at a time (through info_blocks);
 * an entry is read-only once its block is filled. */
static uint8_t info_table[0x10000];
static uint8_t bidi_table[0x10000];
static FriBidiJoiningType join_table[0x10000];
static FriBidiCharType bidi_values[BIDI_INDEX + 1];
static unsigned bidi_nvalues; /* under info_blocks' lock */
static void info_fill(uint32_t lo, uint32_t hi);
static struct blocktab info_blocks = BLOCKTAB_INIT(info_fill);

/* The bidi byte of a fribidi type whose index is idx. */
static uint8_t
bidi_flags_of(FriBidiCharType t, unsigned idx)
{
	uint8_t b = (uint8_t)idx;

	if (FRIBIDI_IS_RTL(t) || t == FRIBIDI_TYPE_AN || FRIBIDI_IS_EXPLICIT(t) ||
	    FRIBIDI_IS_ISOLATE(t))
		b |= LAYOUT_BIDI_COMPLEX;
	if (t == FRIBIDI_TYPE_AL)
		b |= LAYOUT_BIDI_ARABIC;
	if (t == FRIBIDI_TYPE_LTR || t == FRIBIDI_TYPE_EN || t == FRIBIDI_TYPE_AN ||
	    t == FRIBIDI_TYPE_BN || t == FRIBIDI_TYPE_BS || t == FRIBIDI_TYPE_SS ||
	    FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t))
		b |= LAYOUT_BIDI_MIXED;
	return b;
}

/* Fills the tables for code points [lo, hi) (once, through info_blocks). */
static void
info_fill(uint32_t lo, uint32_t hi)
{
	unsigned nvalues = bidi_nvalues;

	for (uint32_t k = lo; k < hi; k++) {
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
	bidi_nvalues = nvalues;
}

/* The facts about c: from the table for the BMP. */
static inline uint8_t
char_info(uint32_t c)
{
	if (c >= 0x10000)
		return info_compute(c);
	blocktab_need(&info_blocks, c);
	return info_table[c];
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
		blocktab_need(&info_blocks, c);
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

/* The joining type of c: from the table for the BMP. */
static inline FriBidiJoiningType
char_join(uint32_t c)
{
	if (c >= 0x10000)
		return fribidi_get_joining_type(c);
	blocktab_need(&info_blocks, c);
	return join_table[c];
}

FriBidiJoiningType
layout_join_type(uint32_t c)
{
	return char_join(c);
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

/* Decodes s into lc->sc.text with byte lengths and bidi types, noting
 * which code points show as placeholders and which start grapheme clusters
 * by the simple rules; lc->n = SIZE_MAX if more than cap (without used). */
void
layout_decode(struct layout_ctx *lc, const char *s, size_t len, size_t cap, size_t *used)
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
	struct scratch *sc = &lc->sc;
	struct para_facts *d = &lc->d;
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
			d->n = lc->n = SIZE_MAX; /* stray continuation bytes: more than counted */
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
	d->n = lc->n = n;
	d->extra = more;
	d->based = based;
	d->complex = (any & LAYOUT_BIDI_COMPLEX) != 0;
	d->mixed = (any & LAYOUT_BIDI_MIXED) != 0;
	d->arabic = (any & LAYOUT_BIDI_ARABIC) != 0;
	d->fill = fill;
	d->mirror = (anyinfo & INFO_MIRROR) != 0;
	d->clusters = gbx;
}

/* Shapes Arabic (when asked and present) and mirrors at odd levels, in
 * place in lc->sc.text. */
void
layout_shape(struct layout_ctx *lc)
{
	struct scratch *sc = &lc->sc;
	uint32_t *t = sc->text;
	size_t n = lc->n;
	bool mirror = lc->d.mirror;

	if (lc->shape && lc->d.arabic) {
		for (size_t i = 0; i < n; i++)
			sc->props[i] = char_join(t[i]);
		fribidi_join_arabic(sc->types, (FriBidiStrIndex)n, sc->levels, sc->props);
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, sc->levels, (FriBidiStrIndex)n, sc->props, t);
	}
	/* What fribidi_shape_mirroring does, asking only of mirrored characters. */
	for (size_t i = 0; i < n && mirror; i++) {
		if (!(sc->levels[i] & 1))
			continue;
		if (t[i] < 0x10000 && !(char_info(t[i]) & INFO_MIRROR))
			continue;
		FriBidiChar mc;
		if (fribidi_get_mirror_char(t[i], &mc))
			t[i] = mc;
	}
}

/* What shaping does to the cells of a paragraph whose levels wait: a lam
 * right before an alef becomes the fill that the ligature leaves. */
void
layout_ligatures(struct layout_ctx *lc)
{
	uint32_t *t = lc->sc.text;
	size_t n = lc->n;

	for (size_t i = 0; i + 1 < n; i++)
		if (t[i] == 0x0644 && (t[i + 1] == 0x0622 || t[i + 1] == 0x0623 ||
				       t[i + 1] == 0x0625 || t[i + 1] == 0x0627))
			t[i] = LAYOUT_FILL;
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

/* Cuts the shaped text [i0, i1) of lc's code points into cells in logical
 * order, their code points into co; cell sources start at at. Returns how
 * many cells. Over 100 lines: one fused loop over the code points, the
 * hottest of the layout, each kind of code point handled where it is met. */
size_t
layout_cells(struct layout_ctx *lc, struct cellout *co, size_t i0, size_t i1, size_t at)
{
#define CELL(k) cells[(k) & cmask]
#define CHAR(k) chars[(k) & chmask]
	struct scratch *sc = &lc->sc;
	struct cell *cells = co->cells;
	uint32_t *chars = co->chars, *gcp = sc->aux;
	size_t cmask = co->cmask, chmask = co->chmask;
	uint8_t *wid = co->wid;
	size_t *srcs = co->src;
	size_t n = lc->n;
	bool shape = lc->shape;
	const uint8_t *origfill = lc->origfill;
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
	lc->ncut = m;
	lc->cut_end = i1;
	return m;
#undef CELL
#undef CHAR
}

/* Appends row r of p to out: its indent when pad, tabs as blanks, and the
 * characters in UTF-8; with escape, what the cells let by that is not
 * text (a control kept for its visible form) as the escaper names it. */
static void
layout_row_write(const struct layout_para *p, size_t r, bool pad, bool escape,
		 struct strbuf *out)
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
		for (unsigned k = 0; k < c->nchars; k++) {
			uint32_t x = ch[k];
			if (x >= 0x20 && x < 0x7F) {
				*d++ = (char)x;
			} else if (!escape || (x < 0x10000 ? !(char_info(x) & INFO_PLACEHOLDER)
							   : escape_keeps_char(ESCAPE_TEXT, x))) {
				/* The escaper keeps what needs no placeholder
				 * (width_needs_placeholder, in the table). */
				d += utf8_encode(x, d);
			} else {
				/* What the cells let by goes out as the escaper names it. */
				char u[4];
				size_t n = utf8_encode(x, u);
				out->len = (size_t)(d - out->data);
				escape_append(out, ESCAPE_TEXT, u, n);
				strbuf_grow(out, need);
				d = out->data + out->len;
			}
		}
	}
	out->len = (size_t)(d - out->data);
	out->data[out->len] = '\0';
}

void
layout_row_to_utf8(const struct layout_para *p, size_t r, bool pad, struct strbuf *out)
{
	layout_row_write(p, r, pad, false, out);
}

void
layout_row_to_text(const struct layout_para *p, size_t r, struct strbuf *out)
{
	layout_row_write(p, r, true, true, out);
}
