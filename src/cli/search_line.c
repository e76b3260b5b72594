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

/* Thirty-two bytes at a time where the processor has AVX2 (cpu_has_avx2,
 * asked when the program runs). */
#if defined(__x86_64__) && defined(__GNUC__)
#define LINE_AVX2 1
#include <immintrin.h>
#endif

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

/* The two-byte characters the block check (line_plain_avx2) passes: those
 * of these lead bytes (Latin-1 and Latin Extended-A, Hebrew letters,
 * Arabic), but for the second bytes of the intervals below, which hold
 * every mark and every character NFC may change among them (and some
 * others: a block with one of them is checked a character at a time). */
#define PLAIN_LEAD_LO1 0xC2
#define PLAIN_LEAD_HI1 0xC5
#define PLAIN_LEAD_LO2 0xD7
#define PLAIN_LEAD_HI2 0xDB
static const struct { unsigned char lead, lo, hi; } plain_not[] = {
	{ 0xD7, 0x80, 0x87 },  /* U+05C0..05C7: Hebrew points */
	{ 0xD8, 0x90, 0x9A },  /* U+0610..061A: Arabic signs above */
	{ 0xD9, 0x8B, 0x9F },  /* U+064B..065F: harakat, hamza and madda above */
	{ 0xD9, 0xB0, 0xB0 },  /* U+0670: superscript alef */
	{ 0xDB, 0x96, 0xAD },  /* U+06D6..06ED: Quranic marks */
};
#define PLAIN_NOT_COUNT (sizeof plain_not / sizeof *plain_not)
/* Whether the block check may be used: AVX2, and own_low agrees with the
 * intervals above (checked once, so that another Unicode version can
 * only turn the check off, not make it wrong). */
static bool plain_avx2;

static uint32_t line_fold(uint32_t c);

/* Whether every two-byte character of the leads the block check passes
 * whose second byte is outside the intervals is a starter NFC leaves
 * alone (own_low 0). */
static bool
line_plain_agrees(void)
{
	for (unsigned lead = 0xC2; lead <= 0xDF; lead++) {
		if (!((lead >= PLAIN_LEAD_LO1 && lead <= PLAIN_LEAD_HI1) ||
		      (lead >= PLAIN_LEAD_LO2 && lead <= PLAIN_LEAD_HI2)))
			continue;
		for (unsigned t = 0x80; t <= 0xBF; t++) {
			bool excluded = false;
			for (size_t k = 0; k < PLAIN_NOT_COUNT; k++)
				excluded |= plain_not[k].lead == lead && t >= plain_not[k].lo &&
					    t <= plain_not[k].hi;
			if (!excluded && own_low[((lead & 0x1Fu) << 6) | (t & 0x3Fu)] != 0)
				return false;
		}
	}
	for (unsigned c = 0; c < 0x80; c++)
		if (own_low[c] != 0)
			return false;
	return true;
}

/* Fills the flat tables. */
static void
line_low_fill(void)
{
	for (uint32_t c = 0; c < 0x800; c++) {
		own_low[c] = line_own(c);
		fold_low[c] = line_fold(c);
	}
#ifdef LINE_AVX2
	plain_avx2 = cpu_has_avx2() && line_plain_agrees();
#endif
}

static void
line_init(void)
{
	pthread_once(&low_once, line_low_fill);
}

#ifdef LINE_AVX2
/* Bytes of x between lo and hi (as unsigned), as a mask. */
__attribute__((target("avx2"))) static inline __m256i
line_between(__m256i x, unsigned char lo, unsigned char hi)
{
	return _mm256_and_si256(
		_mm256_cmpeq_epi8(_mm256_max_epu8(x, _mm256_set1_epi8((char)lo)), x),
		_mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8((char)hi)), x));
}

/* From s[i], the start of a character (0 < i), past the 32-byte blocks
 * that hold only ASCII and well-formed two-byte characters the intervals
 * above let through, all starters NFC leaves alone whatever surrounds
 * them; returns the start of the character where the first other block
 * is, or where fewer than 32 bytes are left. */
__attribute__((target("avx2"))) static size_t
line_plain_avx2(const unsigned char *s, size_t i, size_t n)
{
	const __m256i zero = _mm256_setzero_si256();
	size_t from = i;

	while (i + 32 <= n) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(s + i));
		if (_mm256_movemask_epi8(x) == 0 && (s[i - 1] < 0xC2 || s[i - 1] > 0xDF)) {
			i += 32;
			continue;
		}
		/* p: the byte before each byte of x. Each second byte
		 * follows a lead byte and each lead byte is followed by one
		 * (well-formed, of two bytes), and the leads are of the
		 * blocks above. */
		__m256i p = _mm256_loadu_si256((const __m256i *)(s + i - 1));
		__m256i trail = line_between(x, 0x80, 0xBF);
		__m256i after_lead = line_between(p, 0xC2, 0xDF);
		__m256i ok = _mm256_or_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8(-1)), trail);
		ok = _mm256_or_si256(ok, line_between(x, PLAIN_LEAD_LO1, PLAIN_LEAD_HI1));
		ok = _mm256_or_si256(ok, line_between(x, PLAIN_LEAD_LO2, PLAIN_LEAD_HI2));
		__m256i bad = _mm256_or_si256(_mm256_cmpeq_epi8(ok, zero),
					      _mm256_xor_si256(trail, after_lead));
		for (size_t k = 0; k < PLAIN_NOT_COUNT; k++)
			bad = _mm256_or_si256(bad, _mm256_and_si256(
				_mm256_cmpeq_epi8(p, _mm256_set1_epi8((char)plain_not[k].lead)),
				line_between(x, plain_not[k].lo, plain_not[k].hi)));
		if (_mm256_movemask_epi8(bad) != 0)
			break;
		i += 32;
	}
	/* A block may end on a lead byte, whose second byte is not checked
	 * yet: its character is left to the caller. */
	if (i > from && s[i - 1] >= 0xC2 && s[i - 1] <= 0xDF)
		i--;
	return i;
}
#endif

/* search_line_own_nfc a character at a time, from s[*pi], after a
 * character of combining class *prev, until the character that starts at
 * or after stop (or the end); false when the line is not its own NFC. */
static bool
line_own_run(const unsigned char *s, size_t *pi, size_t n, uint8_t *pprev, size_t stop)
{
	size_t i = *pi;
	uint8_t prev = *pprev;

	if (stop > n)
		stop = n;
	while (i < stop) {
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
	*pi = i;
	*pprev = prev;
	return true;
}

bool
search_line_own_nfc(const char *str, size_t n)
{
	line_init();
#ifdef LINE_AVX2
	if (plain_avx2) {
		const unsigned char *s = (const unsigned char *)str;
		size_t i = 0;
		uint8_t prev = 0; /* the combining class before */

		/* Blocks of starters skipped; a block with anything else, a
		 * character at a time. */
		while (i < n) {
			size_t from = i;
			if (i > 0)
				i = line_plain_avx2(s, i, n);
			if (i > from)
				prev = 0; /* after starters */
			if (!line_own_run(s, &i, n, &prev, i + 32))
				return false;
		}
		return true;
	}
#endif
	return search_line_own_nfc_narrow(str, n);
}

bool
search_line_own_nfc_blocks(void)
{
	line_init();
	return plain_avx2;
}

bool
search_line_own_nfc_narrow(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	uint8_t prev = 0;

	line_init();
	return line_own_run(s, &i, n, &prev, n);
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
