/* Loose folding, the first stage of search: every code point's folded form
 * is derived once from ICU (NFKD, marks removed, full case folding, Arabic
 * and Hebrew letter unification, digit values, NFC) into a table built a
 * page of 256 code points at a time, then texts are folded by lookup. The
 * variants each profile unifies, and the anchor and label folds, are in
 * fold_profile.c. */
#include <config.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "text/fold.h"
#include "text/utf8.h"
#include "text/xalloc.h"

enum fold_flags {
	FOLD_MARK = 1 << 0,  /* a non-spacing or enclosing mark (folds away) */
	FOLD_SPACE = 1 << 1, /* white space: folds to one space, runs to one */
	FOLD_LONG = 1 << 2,  /* the folded form is in the page's pool */
	FOLD_SPLIT = 1 << 3, /* as many bytes as its source, but other characters (ß: ss) */
};

/* One code point's folded form in compact bytes: up to 5 inline, else in
 * the pool at (b[0] | b[1] << 8). */
struct fold_entry {
	uint8_t len;   /* compact bytes */
	uint8_t flen;  /* UTF-8 bytes */
	uint8_t flags;
	uint8_t b[5];
};

struct fold_page {
	struct fold_entry e[256];
	char *pool; /* owned: the long forms */
};

#define FOLD_NPAGES (0x110000 >> 8)

/* The table: each page is built on first use and never changes after it is
 * published (a thread that loses the race to publish frees its copy). */
static _Atomic(struct fold_page *) fold_pages[FOLD_NPAGES];

/* Arabic and Hebrew letter unification after decomposition and case
 * folding; returns the letter to use, or -1 to drop the code point. */
static UChar32
fold_unify(UChar32 c)
{
	return fold_variant((uint32_t)c, FOLD_SEARCH);
}

/* True for what loose matching drops outright. */
static bool
fold_drops(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	       u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
	       fold_unify(c) < 0;
}

/* One pass over a UTF-16 string: drops marks, unifies letters, folds
 * digits and white space; returns the new length. */
static int32_t
fold_filter(UChar *s, int32_t n, int32_t cap)
{
	UChar out[FOLD_CHAR_MAX * 2];
	int32_t o = 0;

	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(s, i, n, c);
		if (fold_drops(c))
			continue;
		if (u_isUWhiteSpace(c))
			c = ' ';
		else if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER && u_charDigitValue(c) >= 0)
			c = '0' + u_charDigitValue(c);
		else
			c = fold_unify(c);
		if (o + 3 > (int32_t)(sizeof out / sizeof out[0]))
			break;
		/* The ligatures Unicode does not decompose: oe and ae. */
		if (c == 0x0153 || c == 0x00E6) {
			out[o++] = c == 0x0153 ? 'o' : 'a';
			c = 'e';
		}
		U16_APPEND_UNSAFE(out, o, c);
	}
	if (o > cap)
		o = cap;
	memcpy(s, out, (size_t)o * sizeof *s);
	return o;
}

/* Computes the folded form of c as UTF-8 into out; returns its length.
 * With fold_fast, a character the steps would leave alone is given back
 * at once (fold_char_reference checks that it is the same). */
static size_t
fold_compute_as(UChar32 c, char *out, uint8_t *flags, bool fold_fast)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&ec);
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
	UChar a[FOLD_CHAR_MAX * 2], b[FOLD_CHAR_MAX * 2];
	int32_t na = 0, nb = 0;
	int8_t t = u_charType(c);

	*flags = 0;
	if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK) {
		*flags = FOLD_MARK;
		return 0;
	}
	if (U_IS_SURROGATE(c) || fold_drops(c))
		return 0;
	if (u_isUWhiteSpace(c)) {
		*flags = FOLD_SPACE;
		out[0] = ' ';
		return 1;
	}
	if (t == U_DECIMAL_DIGIT_NUMBER && u_charDigitValue(c) >= 0) {
		out[0] = (char)('0' + u_charDigitValue(c));
		return 1;
	}
	/* Most characters have no decomposition, no case folding and no
	 * variant: the steps below would give them back as they are. */
	UChar dec[8];
	UErrorCode dec_ec = U_ZERO_ERROR;
	if (fold_fast && U_SUCCESS(ec) && unorm2_getDecomposition(nfkd, c, dec, 8, &dec_ec) < 0 &&
	    U_SUCCESS(dec_ec) && !u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED) &&
	    fold_unify(c) == c && c != 0x0153 && c != 0x00E6)
		return utf8_encode((uint32_t)c, out);
	U16_APPEND_UNSAFE(a, na, c);
	/* Decompose, drop marks, case fold, and again: folding can give
	 * characters that decompose further. */
	for (int round = 0; round < 2 && U_SUCCESS(ec); round++) {
		nb = unorm2_normalize(nfkd, a, na, b, FOLD_CHAR_MAX, &ec);
		if (U_FAILURE(ec))
			break;
		nb = fold_filter(b, nb, FOLD_CHAR_MAX);
		na = u_strFoldCase(a, FOLD_CHAR_MAX, b, nb, U_FOLD_CASE_DEFAULT, &ec);
	}
	if (U_SUCCESS(ec))
		na = fold_filter(a, na, FOLD_CHAR_MAX);
	if (U_SUCCESS(ec))
		nb = unorm2_normalize(nfc, a, na, b, FOLD_CHAR_MAX, &ec);
	int32_t n8 = 0;
	if (U_SUCCESS(ec))
		u_strToUTF8(out, FOLD_CHAR_MAX, &n8, b, nb, &ec);
	if (U_FAILURE(ec) || n8 >= FOLD_CHAR_MAX) {
		/* Cannot happen with Unicode's data; keep the code point as is. */
		n8 = (int32_t)utf8_encode((uint32_t)c, out);
	}
	return (size_t)n8;
}

/* The first and last code points written in one compact byte. */
#define FOLD_COMPACT_FIRST 0x0620
#define FOLD_COMPACT_LAST 0x065F

/* Converts n bytes of UTF-8 to the compact form; returns its length. */
static size_t
fold_utf8_to_compact(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = utf8_next_as((const unsigned char *)s + i, n - i, &c, UTF8_INVALID_BYTE);
		if (c >= FOLD_COMPACT_FIRST && c <= FOLD_COMPACT_LAST) {
			out[o++] = (char)(0x80 + (c - FOLD_COMPACT_FIRST));
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	return o;
}

/* Length of the compact character starting with byte b. */
static inline size_t
fold_compact_len(unsigned char b)
{
	return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

size_t
fold_compact_to_utf8(const char *str, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		unsigned char b = s[i];
		if (b >= 0x80 && b < 0xC0) {
			uint32_t c = FOLD_COMPACT_FIRST + (b - 0x80u);
			out[o++] = (char)(0xC0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3F));
			i++;
			continue;
		}
		size_t k = fold_compact_len(b);
		if (k > n - i)
			k = n - i;
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	return o;
}

bool
fold_compact_is_start(const char *str, size_t p)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s[p] < 0x80 || s[p] >= 0xC0)
		return true;
	/* 0x80..0xBF: a letter, unless a lead byte before it covers it. */
	for (size_t k = 1; k <= 3 && k <= p; k++) {
		unsigned char b = s[p - k];
		if (b < 0x80)
			return true;
		if (b >= 0xC0)
			return fold_compact_len(b) <= k;
	}
	return true;
}

static size_t
fold_compute(UChar32 c, char *out, uint8_t *flags)
{
	return fold_compute_as(c, out, flags, true);
}

size_t
fold_char_reference(uint32_t c, char *out)
{
	uint8_t flags;

	return fold_compute_as((UChar32)(c < 0x110000 ? c : 0xFFFD), out, &flags, false);
}

/* Builds the page of code points [p * 256, p * 256 + 256). */
static struct fold_page *
fold_page_build(size_t p)
{
	struct fold_page *pg = xcalloc(1, sizeof *pg);
	size_t pool_len = 0, pool_cap = 0;

	for (size_t i = 0; i < 256; i++) {
		char buf[FOLD_CHAR_MAX], cbuf[FOLD_CHAR_MAX];
		struct fold_entry *e = &pg->e[i];
		size_t n = fold_compute((UChar32)(p * 256 + i), buf, &e->flags);
		e->flen = (uint8_t)n;
		uint32_t c = (uint32_t)(p * 256 + i);
		char src[UTF8_MAX];
		size_t n8 = utf8_encode(c, src);
		if (n == n8 && n > 1) {
			uint32_t d;
			if (utf8_next((const unsigned char *)buf, n, &d) != n)
				e->flags |= FOLD_SPLIT;
		}
		n = fold_utf8_to_compact(buf, n, cbuf);
		e->len = (uint8_t)n;
		if (n <= sizeof e->b) {
			memcpy(e->b, cbuf, n);
			continue;
		}
		if (pool_len + n > pool_cap) {
			pool_cap = pool_cap ? pool_cap * 2 : 256;
			pg->pool = xrealloc(pg->pool, pool_cap);
		}
		memcpy(pg->pool + pool_len, cbuf, n);
		e->flags |= FOLD_LONG;
		e->b[0] = (uint8_t)(pool_len & 0xff);
		e->b[1] = (uint8_t)(pool_len >> 8);
		pool_len += n;
	}
	return pg;
}

/* The page holding code point c, built on first use. */
static const struct fold_page *
fold_page(uint32_t c)
{
	size_t p = c >> 8;
	struct fold_page *pg = atomic_load_explicit(&fold_pages[p], memory_order_acquire);

	if (pg != NULL)
		return pg;
	struct fold_page *fresh = fold_page_build(p);
	if (atomic_compare_exchange_strong_explicit(&fold_pages[p], &pg, fresh,
						    memory_order_acq_rel,
						    memory_order_acquire))
		return fresh;
	free(fresh->pool);
	free(fresh);
	return pg;
}

/* The folded bytes of an entry of page pg. */
static const char *
fold_entry_bytes(const struct fold_page *pg, const struct fold_entry *e)
{
	if (e->flags & FOLD_LONG)
		return pg->pool + (e->b[0] | (size_t)e->b[1] << 8);
	return (const char *)e->b;
}

size_t
fold_char(uint32_t c, char *out)
{
	if (c >= 0x110000)
		c = 0xFFFD;
	const struct fold_page *pg = fold_page(c);
	const struct fold_entry *e = &pg->e[c & 0xff];

	return fold_compact_to_utf8(fold_entry_bytes(pg, e), e->len, out);
}

size_t
fold_char_once(uint32_t c, char *out)
{
	uint8_t flags;

	if (c >= 0x110000)
		c = 0xFFFD;
	if (atomic_load_explicit(&fold_pages[c >> 8], memory_order_acquire) != NULL)
		return fold_char(c, out);
	return fold_compute((UChar32)c, out, &flags);
}

bool
fold_is_mark(uint32_t c)
{
	if (c >= 0x110000)
		return false;
	return (fold_page(c)->e[c & 0xff].flags & FOLD_MARK) != 0;
}

void
fold_text_reserve(struct fold_text *ft, size_t n)
{
	if (ft->cap - ft->len < n + FOLD_CHAR_MAX + 1) {
		bool fresh = ft->s == NULL;
		ft->cap = ft->len + n + FOLD_CHAR_MAX + 1;
		ft->s = xrealloc(ft->s, ft->cap);
		if (fresh)
			xalloc_advise_huge(ft->s, ft->cap);
	}
}

/* Records that folded offset f stands for source offset v, when they stop
 * advancing together there, or always when force is set. */
static inline void
fold_text_point_at(struct fold_text *ft, size_t f, size_t v, bool force)
{
	if (v - f == ft->delta && !force)
		return;
	ft->delta = v - f;
	if (ft->npts > 0 && ft->pts[ft->npts - 1].f == f) {
		ft->pts[ft->npts - 1].v = (uint32_t)v;
		return;
	}
	if (ft->npts == ft->ptscap) {
		ft->ptscap = ft->ptscap ? ft->ptscap * 2 : 256;
		ft->pts = xreallocarray(ft->pts, ft->ptscap, sizeof *ft->pts);
	}
	ft->pts[ft->npts].f = (uint32_t)f;
	ft->pts[ft->npts].v = (uint32_t)v;
	ft->npts++;
}

/* fold_text_point_at when the lengths stop advancing together. */
static inline void
fold_text_point(struct fold_text *ft, size_t f, size_t v)
{
	fold_text_point_at(ft, f, v, false);
}

/* ASCII's folded forms, as fold_compute gives them (test_fold checks):
 * letters lowered, the white-space controls a space. */
static const unsigned char fold_ascii[128] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, ' ', ' ', ' ', ' ', ' ', 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	'@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
	'`', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 0x7f,
};

/* The pages of U+0000..U+07FF (two-byte UTF-8: Latin, Greek, Cyrillic,
 * Hebrew, Arabic), looked up without the atomic table. */
static void
fold_low_pages(const struct fold_page *lo[8])
{
	for (uint32_t p = 0; p < 8; p++)
		lo[p] = fold_page(p << 8);
}

void
fold_text_append(struct fold_text *ft, const char *str, size_t len, size_t v)
{
	/* The folded text is never the source: bytes read stay in registers. */
	const unsigned char *restrict s = (const unsigned char *)str;
	const struct fold_page *lo[8];
	size_t i = 0;
	bool space = false; /* the last byte written is a folded space */
	size_t extra = ft->flen - ft->len; /* UTF-8 offset - compact offset */

	fold_low_pages(lo);
	fold_text_reserve(ft, len);
	fold_text_point(ft, ft->flen, v);
	char *o = ft->s + ft->len;
	while (i < len) {
		/* ASCII runs: one byte for one byte, the map unchanged. */
		unsigned char b0;
		while (i < len && (b0 = s[i]) < 0x80) {
			unsigned char f = fold_ascii[b0];
			i++;
			if (f == ' ') {
				if (space) {
					fold_text_point(ft, (size_t)(o - ft->s) + extra, v + i);
					continue;
				}
				space = true;
			} else {
				space = false;
			}
			*o++ = (char)f;
		}
		if (i >= len)
			break;
		uint32_t c;
		size_t n;
		const struct fold_page *pg;
		if (utf8_next2(s + i, len - i, &c)) {
			n = 2;
			pg = lo[c >> 8];
		} else {
			n = utf8_next_as(s + i, len - i, &c, UTF8_INVALID_BYTE);
			pg = fold_page(c);
		}
		const struct fold_entry *e = &pg->e[c & 0xff];
		i += n;
		if (e->flen == n && e->flags == 0) {
			/* The common case: a letter folded to as many bytes. */
			memcpy(o, e->b, 4);
			o += e->len;
			extra += n - e->len;
			space = false;
			continue;
		}
		if ((e->flags & FOLD_SPACE) && space) {
			fold_text_point(ft, (size_t)(o - ft->s) + extra, v + i);
			continue;
		}
		if (e->len > 0)
			space = (e->flags & FOLD_SPACE) != 0;
		/* Room for the longest form: reserve as the text grows. */
		if ((size_t)(ft->s + ft->cap - o) < FOLD_CHAR_MAX + 1 + (len - i)) {
			ft->len = (size_t)(o - ft->s);
			fold_text_reserve(ft, (len - i) + ft->cap / 4);
			o = ft->s + ft->len;
		}
		const char *b = fold_entry_bytes(pg, e);
		memcpy(o, b, e->len);
		o += e->len;
		extra += e->flen - e->len;
		if (e->flen > ft->maxchg)
			ft->maxchg = e->flen;
		fold_text_point_at(ft, (size_t)(o - ft->s) + extra, v + i,
				   (e->flags & FOLD_SPLIT) != 0);
	}
	ft->len = (size_t)(o - ft->s);
	ft->flen = ft->len + extra;
	ft->s[ft->len] = '\0';
	ft->vend = v + len;
}

void
fold_text_putc(struct fold_text *ft, char b, size_t v)
{
	fold_text_reserve(ft, 1);
	fold_text_point(ft, ft->flen, v);
	ft->s[ft->len++] = b;
	ft->flen++;
	ft->s[ft->len] = '\0';
	ft->vend = v + 1;
}

/* The weight of a compact byte: +1 for a byte that may be a one-byte
 * Arabic letter, minus the continuation bytes a lead byte announces; over
 * whole characters, the sum counts the one-byte letters. */
static inline int32_t
fold_weight(unsigned char b)
{
	return (b >= 0x80) - 2 * (b >= 0xC0) - (b >= 0xE0) - (b >= 0xF0);
}

/* How many bytes of m have their top bit set (m has no other bits set). */
static inline int64_t
fold_bytecount(uint64_t m)
{
	return (int64_t)(((m >> 7) * 0x0101010101010101ull) >> 56);
}

/* The sum of fold_weight over s[0, n), eight bytes at a time: the bytes
 * at or above 0x80, 0xC0, 0xE0 and 0xF0 are counted with bit masks. */
static uint32_t
fold_weigh(const unsigned char *s, size_t n)
{
	const uint64_t hi = 0x8080808080808080ull;
	int64_t sum = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t b7 = x & hi;
		if (b7 == 0)
			continue;
		uint64_t b76 = b7 & (x << 1);
		uint64_t b765 = b76 & (x << 2);
		uint64_t b7654 = b765 & (x << 3);
		sum += fold_bytecount(b7) - 2 * fold_bytecount(b76) - fold_bytecount(b765) -
		       fold_bytecount(b7654);
	}
	for (; i < n; i++)
		sum += fold_weight(s[i]);
	return (uint32_t)sum;
}

size_t
fold_text_utf8_offset(const struct fold_text *ft, size_t p)
{
	size_t k = p >> 8;
	uint32_t sum;

	if (k < ft->nck) {
		sum = ft->ck[k] + fold_weigh((const unsigned char *)ft->s + (k << 8), p - (k << 8));
	} else {
		/* Not indexed (yet): from the start. */
		sum = fold_weigh((const unsigned char *)ft->s, p);
	}
	return p + sum;
}

size_t
fold_text_from_src(const struct fold_text *ft, size_t v)
{
	size_t lo = 0, hi = ft->npts;

	if (hi == 0 || ft->pts[0].v > v) {
		/* Before the first point the offsets agree, up to where
		 * that point says the folded text has got to (a run of
		 * white space that folds to less ends there). */
		size_t f = hi > 0 && v > ft->pts[0].f ? ft->pts[0].f : v;
		return f < ft->flen ? f : ft->flen;
	}
	/* The last point at or before v. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ft->pts[mid].v <= v)
			lo = mid;
		else
			hi = mid;
	}
	size_t f = ft->pts[lo].f + (v - ft->pts[lo].v);
	if (lo + 1 < ft->npts && f > ft->pts[lo + 1].f)
		f = ft->pts[lo + 1].f;
	return f < ft->flen ? f : ft->flen;
}

size_t
fold_text_compact_offset(const struct fold_text *ft, size_t f)
{
	size_t lo = 0, hi = ft->nck;

	if (f >= ft->flen)
		return ft->len;
	/* The last index step whose UTF-8 offset is surely at or before f
	 * (a step may fall inside a character: 3 bytes of slack). */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if ((mid << 8) + ft->ck[mid] + 3 <= f)
			lo = mid;
		else
			hi = mid;
	}
	size_t p = lo << 8;
	if (p > ft->len)
		p = ft->len;
	while (p > 0 && !fold_compact_is_start(ft->s, p))
		p--;
	size_t at = fold_text_utf8_offset(ft, p);
	while (p < ft->len) {
		unsigned char b = (unsigned char)ft->s[p];
		size_t n = fold_compact_len(b), fn = b >= 0x80 && b < 0xC0 ? 2 : n;
		if (at + fn > f)
			break;
		at += fn;
		p += n;
	}
	return p;
}

void
fold_text_trim(struct fold_text *ft)
{
	free(ft->ck);
	ft->nck = ft->len / 256 + 1;
	ft->ck = xcalloc(ft->nck, sizeof *ft->ck);
	uint32_t sum = 0;
	for (size_t k = 0; k < ft->nck; k++) {
		ft->ck[k] = sum;
		size_t end = (k + 1) << 8 < ft->len ? (k + 1) << 8 : ft->len;
		if ((k << 8) < end)
			sum += fold_weigh((const unsigned char *)ft->s + (k << 8), end - (k << 8));
	}
	if (ft->s != NULL && ft->cap > ft->len + 1) {
		ft->cap = ft->len + 1;
		ft->s = xrealloc(ft->s, ft->cap);
	}
	if (ft->pts != NULL && ft->ptscap > ft->npts) {
		ft->ptscap = ft->npts ? ft->npts : 1;
		ft->pts = xreallocarray(ft->pts, ft->ptscap, sizeof *ft->pts);
	}
}

size_t
fold_text_seek(const struct fold_text *ft, size_t f, size_t hint)
{
	size_t n = ft->npts;

	if (n == 0 || ft->pts[0].f > f)
		return (size_t)-1;
	if (hint >= n || ft->pts[hint].f > f)
		hint = 0;
	/* Gallop forward from the hint, then bisect. */
	size_t lo = hint, step = 1, hi = hint + 1;
	while (hi < n && ft->pts[hi].f <= f) {
		lo = hi;
		step *= 2;
		hi = lo + step;
	}
	if (hi > n)
		hi = n;
	/* pts[lo].f <= f, and pts[hi].f > f or hi == n. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ft->pts[mid].f <= f)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

bool
fold_text_linear(const struct fold_text *ft, size_t pt, size_t fs, size_t fe)
{
	size_t next = pt == (size_t)-1 ? 0 : pt + 1;

	(void)fs;
	/* A changed character ends at the next point; it may begin up to
	 * maxchg bytes before it. */
	return next >= ft->npts || ft->pts[next].f >= fe + ft->maxchg + 1;
}

size_t
fold_text_to_src_at(const struct fold_text *ft, size_t f, size_t pt)
{
	size_t pf = 0, pv = 0;

	if (pt != (size_t)-1) {
		pf = ft->pts[pt].f;
		pv = ft->pts[pt].v;
	}
	size_t v = pv + (f - pf);
	/* Inside a form longer than its source: the last source byte. */
	size_t next = pt == (size_t)-1 ? 0 : pt + 1;
	if (next < ft->npts && f < ft->pts[next].f && v >= ft->pts[next].v)
		v = ft->pts[next].v - 1;
	return v;
}

size_t
fold_text_to_src(const struct fold_text *ft, size_t f)
{
	return fold_text_to_src_at(ft, f, fold_text_seek(ft, f, 0));
}

void
fold_text_free(struct fold_text *ft)
{
	free(ft->s);
	free(ft->pts);
	free(ft->ck);
	*ft = (struct fold_text)FOLD_TEXT_INIT;
}

char *
fold_string(const char *s, size_t len, size_t *out_len)
{
	struct fold_text ft = FOLD_TEXT_INIT;

	fold_text_append(&ft, s, len, 0);
	char *out = xmalloc(2 * ft.len + 1);
	size_t n = fold_compact_to_utf8(ft.s, ft.len, out);
	out[n] = '\0';
	fold_text_free(&ft);
	if (out_len != NULL)
		*out_len = n;
	return out;
}

char *
fold_string_compact(const char *s, size_t len, size_t *out_len, size_t *utf8_len)
{
	struct fold_text ft = FOLD_TEXT_INIT;

	fold_text_append(&ft, s, len, 0);
	free(ft.pts);
	*out_len = ft.len;
	*utf8_len = ft.flen;
	return ft.s;
}
