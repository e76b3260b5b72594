/* The hits of one line read from its bytes (search_stream.c): a line that
 * NFC leaves as it is holds the document's text there byte for byte, and
 * when each of its characters folds to one character or none, its folded
 * text is read a character at a time, so that a hit needs neither the
 * paragraph decoded nor its folded text built. */
#define _GNU_SOURCE 1 /* memmem */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>

#include "text/lib.h"
#include "cli/search_line.h"

/* What line_fold gives for a character that folds to more than one. */
#define LINE_MULTI UINT32_MAX

struct search_line {
	bool loose;
	char *needle;        /* owned: what a hit holds, UTF-8 */
	size_t nlen;
	uint32_t *cps;       /* owned, loose: the same in code points */
	size_t m;
	/* Loose: the line's folded characters and where each comes from. */
	uint32_t *fc;        /* owned */
	size_t *fs, *fe;     /* owned */
	size_t cap;
};

/* Whether a byte is space at the ends of a line (as parse_text trims). */
static bool
line_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* For BMP code points: the combining class, or OWN_NO when NFC may change
 * the character (its quick check says no or maybe); filled a block at a
 * time when first met (threads may share it). */
#define OWN_NO 255
static uint8_t own_table[0x10000];
static void own_fill(uint32_t lo, uint32_t hi);
static struct blocktab own_blocks = BLOCKTAB_INIT(own_fill);

static void
own_fill(uint32_t lo, uint32_t hi)
{
	for (uint32_t c = lo; c < hi; c++) {
		UChar32 cp = (UChar32)c;
		uint8_t ccc = u_getCombiningClass(cp);
		own_table[c] = (cp >= 0xD800 && cp <= 0xDFFF) || ccc >= OWN_NO ||
			       u_getIntPropertyValue(cp, UCHAR_NFC_QUICK_CHECK) != UNORM_YES
			       ? OWN_NO : ccc;
	}
}

static uint8_t
line_own(uint32_t c)
{
	blocktab_need(&own_blocks, c);
	return own_table[c & 0xFFFF];
}

/* line_own for U+0000..U+07FF, flat. */
static uint8_t own_low[0x800];
/* line_fold for U+0000..U+07FF, flat. */
static uint32_t fold_low[0x800];
static pthread_once_t low_once = PTHREAD_ONCE_INIT;

static uint32_t line_fold(uint32_t c);

/* Fills the flat tables. */
static void
line_low_fill(void)
{
	for (uint32_t c = 0; c < 0x800; c++) {
		own_low[c] = line_own(c);
		fold_low[c] = line_fold(c);
	}
}

static void
line_init(void)
{
	pthread_once(&low_once, line_low_fill);
}

bool
search_line_own_nfc(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	uint8_t prev = 0; /* the combining class before */

	line_init();
	while (i < n) {
		/* ASCII eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
			prev = 0;
		}
		if (i >= n)
			break;
		if (s[i] < 0x80) {
			i++;
			prev = 0;
			continue;
		}
		uint32_t c;
		size_t k;
		uint8_t cc;
		if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
			cc = own_low[((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)];
			k = 2;
		} else {
			k = utf8_next_as(s + i, n - i, &c, UTF8_INVALID_BYTE);
			if (c >= 0x10000 || utf8_lead_len(s[i]) != k)
				return false;
			cc = line_own(c);
		}
		/* As ICU's quick check: marks in canonical order, each one
		 * that nothing composes with. */
		if (cc == OWN_NO || (cc != 0 && prev > cc))
			return false;
		prev = cc;
		i += k;
	}
	return true;
}

/* For BMP code points: the one character each folds to (FOLD_SEARCH), 0
 * when it folds away, LINE_MULTI otherwise; a block at a time. */
static uint32_t fold_table[0x10000];
static void fold_fill(uint32_t lo, uint32_t hi);
static struct blocktab fold_blocks = BLOCKTAB_INIT(fold_fill);

static void
fold_fill(uint32_t lo, uint32_t hi)
{
	for (uint32_t cp = lo; cp < hi; cp++) {
		uint32_t d = 0;
		char f[FOLD_CHAR_MAX];
		size_t n = cp >= 0xD800 && cp <= 0xDFFF ? 0 : fold_char(cp, f);
		size_t used = n > 0 ? utf8_next_as((const unsigned char *)f, n, &d,
						   UTF8_INVALID_BYTE) : 0;
		/* A NUL byte is its own fold: not told from folding away. */
		fold_table[cp] = n == 0 ? 0 : used == n && d != 0 ? d : LINE_MULTI;
	}
}

static uint32_t
line_fold(uint32_t c)
{
	if (c >= 0x10000)
		return LINE_MULTI;
	blocktab_need(&fold_blocks, c);
	return fold_table[c];
}

struct search_line *
search_line_new(const struct search_query *q)
{
	unsigned flags = search_query_flags(q);
	size_t n;

	if (flags & (SEARCH_WORD | SEARCH_REGEX))
		return NULL;
	char *lit = search_query_literal(q, &n);
	if (lit == NULL || n == 0 || memchr(lit, '\n', n) != NULL ||
	    line_is_space((unsigned char)lit[0]) || line_is_space((unsigned char)lit[n - 1])) {
		free(lit);
		return NULL;
	}
	struct search_line *l = xcalloc(1, sizeof *l);
	l->loose = !(flags & SEARCH_EXACT);
	l->needle = lit;
	l->nlen = n;
	if (!l->loose)
		return l;
	/* Folded, spaces are one space each: none may be in it. */
	l->cps = xcalloc(n, sizeof *l->cps);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		i += utf8_next_as((const unsigned char *)lit + i, n - i, &c, UTF8_INVALID_BYTE);
		if (c == ' ' || c == 0) {
			search_line_free(l);
			return NULL;
		}
		l->cps[l->m++] = c;
	}
	line_init();
	return l;
}

void
search_line_free(struct search_line *l)
{
	if (l == NULL)
		return;
	free(l->needle);
	free(l->cps);
	free(l->fc);
	free(l->fs);
	free(l->fe);
	free(l);
}

/* Exact: the line is the text; every place it holds the needle is a hit. */
static bool
line_exact(struct search_line *l, const char *s, size_t n,
	   void (*hit)(void *ctx, size_t start, size_t len), void *ctx)
{
	if (!search_line_own_nfc(s, n))
		return false;
	for (size_t p = 0; p + l->nlen <= n;) {
		const char *m = memmem(s + p, n - p, l->needle, l->nlen);
		if (m == NULL)
			break;
		hit(ctx, (size_t)(m - s), l->nlen);
		p = (size_t)(m - s) + 1; /* overlapping ones too */
	}
	return true;
}

/* Loose: the line's folded characters, then the needle among them. A hit
 * runs from the first character to the last one it folds from, with the
 * marks after it (as search.c maps a hit back to the text). */
static bool
line_loose(struct search_line *l, const char *str, size_t n,
	   void (*hit)(void *ctx, size_t start, size_t len), void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k = 0;
	uint8_t prev = 0;

	if (l->cap < n) {
		l->cap = n;
		l->fc = xreallocarray(l->fc, n, sizeof *l->fc);
		l->fs = xreallocarray(l->fs, n, sizeof *l->fs);
		l->fe = xreallocarray(l->fe, n, sizeof *l->fe);
	}
	for (size_t i = 0; i < n;) {
		uint32_t c, f;
		size_t len;
		uint8_t cc;
		if (s[i] < 0x80) {
			c = s[i];
			len = 1;
			cc = 0;
			f = fold_low[c];
		} else if (s[i] >= 0xC2 && s[i] <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
			c = ((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
			len = 2;
			cc = own_low[c];
			f = fold_low[c];
		} else {
			len = utf8_next_as(s + i, n - i, &c, UTF8_INVALID_BYTE);
			if (c >= 0x10000 || utf8_lead_len(s[i]) != len)
				return false;
			cc = line_own(c);
			f = line_fold(c);
		}
		if (cc == OWN_NO || (cc != 0 && prev > cc) || f == LINE_MULTI)
			return false;
		prev = cc;
		if (f != 0) {
			l->fc[k] = f;
			l->fs[k] = i;
			l->fe[k] = i + len;
			k++;
		}
		i += len;
	}
	for (size_t j = 0; j + l->m <= k; j++) {
		if (l->fc[j] != l->cps[0] || memcmp(l->fc + j, l->cps, l->m * sizeof *l->cps) != 0)
			continue;
		size_t e = l->fe[j + l->m - 1];
		while (e < n && s[e] >= 0x80) {
			uint32_t c;
			size_t len = utf8_next_as(s + e, n - e, &c, UTF8_INVALID_BYTE);
			if (!fold_is_mark(c))
				break;
			e += len;
		}
		hit(ctx, l->fs[j], e - l->fs[j]);
	}
	return true;
}

bool
search_line_hits(struct search_line *l, const char *s, size_t n,
		 void (*hit)(void *ctx, size_t start, size_t len), void *ctx)
{
	return l->loose ? line_loose(l, s, n, hit, ctx) : line_exact(l, s, n, hit, ctx);
}
