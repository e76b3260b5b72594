/* First stage of ingest: raw bytes to NFC UTF-8. Finds the encoding (BOM,
 * UTF-8 validity, ICU's charset detector), converts with ICU, keeps every
 * undecodable byte visible as a counted U+FFFD, refuses binary input, and
 * normalizes only the stretches that need it, recording an offset map. */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/ustring.h>

#include "ingest/decode_detect.h"
#include "ingest/decode.h"
#include "text/lib.h"

/*
 * Source coordinates of the offset map (out->map):
 * - UTF-8 input: offsets in the bytes as read, BOM included. A dropped BOM
 *   is the point (0, 3); an invalid byte that became U+FFFD (3 bytes) adds
 *   points around it.
 * - every other encoding: offsets in the input decoded to UTF-8 before
 *   normalization, the BOM decoded as U+FEFF (3 bytes) and dropped, so a
 *   BOM is the point (0, 3) there too. Invalid input bytes are already
 *   U+FFFD in those coordinates and add no point.
 * In both cases each stretch that NFC rewrote adds points at its two ends.
 */

enum {
	CONVERT_CHUNK = 16 * 1024,  /* UTF-16 units per ucnv_toUnicode call */
	UTF8_GIVE_UP = 4096,        /* invalid bytes before judging UTF-8 early */
	DECODE_PARALLEL_BYTES = 4 << 20, /* inputs checked on several threads */
	DECODE_THREADS = 4,
	STREAM_SAFE_MAX = 30,       /* UAX #15: non-starters in a row before a CGJ */
	STREAM_SAFE_FREE = 10,      /* code points that cannot hold more: each
				     * decomposes to at most 3 non-starters */
};

/* U+034F COMBINING GRAPHEME JOINER in UTF-8: what the stream-safe format
 * puts into a run of too many non-starters. */
static const char cgj_utf8[] = "\xCD\x8F";

/* The BMP code points after which NFC never has to look back ("safe":
 * quick check YES, combining class 0, a boundary before), and those whose
 * quick check is YES; built once, then read-only. */
static uint8_t nfc_safe_bmp[0x10000 / 8];
static uint8_t nfc_qcyes_bmp[0x10000 / 8];
/* The same for a two-byte UTF-8 sequence, indexed by its bytes (lead << 8 |
 * trail): 1 when well-formed and safe (a byte each: one load to test). */
static uint8_t nfc_safe_pair[0x10000];
static const UNormalizer2 *nfc_norm;
static const UNormalizer2 *nfkd_norm; /* for UAX #15's non-starter counts */
static pthread_once_t nfc_once = PTHREAD_ONCE_INIT;

/* Fills the two BMP tables from ICU's normalization properties. */
static void
nfc_tables_build(void)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);

	if (U_FAILURE(e))
		return;
	for (UChar32 c = 0; c < 0x10000; c++) {
		if (u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) != UNORM_YES)
			continue;
		nfc_qcyes_bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
		if (u_getCombiningClass(c) == 0 && unorm2_hasBoundaryBefore(nfc, c))
			nfc_safe_bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
	}
	for (unsigned lead = 0xC2; lead <= 0xDF; lead++)
		for (unsigned trail = 0x80; trail <= 0xBF; trail++) {
			unsigned c = ((lead & 0x1F) << 6) | (trail & 0x3F);
			unsigned pair = lead << 8 | trail;
			nfc_safe_pair[pair] = (nfc_safe_bmp[c >> 3] >> (c & 7)) & 1;
		}
	nfkd_norm = unorm2_getNFKDInstance(&e);
	if (U_FAILURE(e))
		nfkd_norm = NULL;
	nfc_norm = nfc;
}

/* Whether c starts a stretch NFC leaves alone whatever precedes it. */
static inline bool
nfc_is_safe(UChar32 c)
{
	if (c < 0x10000)
		return (nfc_safe_bmp[c >> 3] >> (c & 7)) & 1;
	return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
	       u_getCombiningClass(c) == 0 &&
	       unorm2_hasBoundaryBefore(nfc_norm, c);
}

/* Whether c passes NFC's quick check on its own. */
static inline bool
nfc_is_qcyes(UChar32 c)
{
	if (c < 0x10000)
		return (nfc_qcyes_bmp[c >> 3] >> (c & 7)) & 1;
	return u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
}

/* Length of the well-formed UTF-8 sequence starting at p (*p >= 0x80), with
 * its code point in *cp; 0 when the byte at p starts none. The validator of
 * the single pass below, kept apart from text/utf8.h: it is the measured
 * fast path of loading, and an invalid byte here is repaired, not decoded. */
static inline size_t
utf8_seq(const unsigned char *p, const unsigned char *end, UChar32 *cp)
{
	unsigned b = p[0];
	size_t avail = (size_t)(end - p);

	if (b >= 0xC2 && b <= 0xDF) {
		if (avail < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*cp = (UChar32)(((b & 0x1F) << 6) | (p[1] & 0x3F));
		return 2;
	}
	if (b >= 0xE0 && b <= 0xEF) {
		unsigned lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
		if (avail < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
			return 0;
		*cp = (UChar32)(((b & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
		return 3;
	}
	if (b >= 0xF0 && b <= 0xF4) {
		unsigned lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
		if (avail < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		*cp = (UChar32)(((b & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
				((p[2] & 0x3F) << 6) | (p[3] & 0x3F));
		return 4;
	}
	return 0;
}

/* One pass over UTF-8 (possibly with invalid bytes): what was read, what is
 * written, and ICU scratch space. */
struct emit {
	const unsigned char *in;   /* borrowed */
	size_t len;
	size_t src_base;           /* source offset of in[0] */
	bool give_up;              /* stop early when the input is plainly not UTF-8 */
	bool stop_at_nul;          /* stop at the first NUL (binary input refused) */
	bool eager;                /* copy as the scan goes, else only once changed */
	bool probe;                /* only find out whether anything would change */
	struct strbuf out;
	bool changed;              /* out holds the text (not in itself) */
	size_t copied;             /* in[0, copied) is already in out */
	struct offmap *map;        /* borrowed */
	size_t invalid, multibyte, normalized, nuls, first_nul;
	size_t joiners;            /* CGJs put in for the stream-safe format */
	UChar *u16, *n16;          /* owned scratch for a stretch */
	int32_t u16cap, n16cap;
	char *u8;
	int32_t u8cap;
};

/* Adds a map point; identity points before any shift are left out. */
static void
emit_point(struct emit *em, size_t text, size_t in_off)
{
	size_t src = em->src_base + in_off;

	if (em->map->n == 0 && text == src)
		return;
	offmap_add(em->map, text, src);
}

/* Copies the unchanged input up to in[upto], starting the output if needed. */
static void
emit_flush(struct emit *em, size_t upto)
{
	if (!em->changed) {
		em->changed = true;
		strbuf_grow(&em->out, em->len + em->len / 16 + 64);
		em->out.data[0] = '\0';
		xalloc_advise_huge(em->out.data, em->out.cap);
	}
	if (upto == em->copied)
		return;
	strbuf_append(&em->out, (const char *)em->in + em->copied, upto - em->copied);
	em->copied = upto;
}

/* Replaces the invalid byte in[i] with U+FFFD. */
static void
emit_invalid(struct emit *em, size_t i)
{
	emit_flush(em, i);
	emit_point(em, em->out.len, i);
	strbuf_append(&em->out, "\xEF\xBF\xBD", 3);
	emit_point(em, em->out.len, i + 1);
	em->copied = i + 1;
	em->invalid++;
}

/* Grows a scratch array of UChar to hold n units. */
static UChar *
grow_uchars(UChar *buf, int32_t *cap, int32_t n)
{
	if (n <= *cap)
		return buf;
	*cap = n + n / 2 + 64;
	return xreallocarray(buf, (size_t)*cap, sizeof *buf);
}

/* Whether the well-formed stretch in[a, b) is NFC without asking ICU: each
 * code point passes the quick check and combining classes never go down. */
static bool
stretch_is_nfc(const struct emit *em, size_t a, size_t b)
{
	const unsigned char *p = em->in + a, *end = em->in + b;
	uint8_t prev = 0;

	while (p < end) {
		UChar32 c = *p;
		size_t n = c < 0x80 ? 1 : utf8_seq(p, end, &c);
		uint8_t ccc = u_getCombiningClass(c);
		if (!nfc_is_qcyes(c) || (ccc != 0 && ccc < prev))
			return false;
		prev = ccc;
		p += n;
	}
	return true;
}

/* Normalizes the stretch in[a, b), bounded by NFC boundaries, writing it
 * out (with map points) only when NFC changes it. */
static void
emit_stretch(struct emit *em, size_t a, size_t b)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n16, nn, n8;
	size_t len = b - a;

	if (len > INT32_MAX / 4 || stretch_is_nfc(em, a, b))
		return;
	em->u16 = grow_uchars(em->u16, &em->u16cap, (int32_t)len);
	u_strFromUTF8(em->u16, em->u16cap, &n16, (const char *)em->in + a,
		      (int32_t)len, &e);
	if (U_FAILURE(e) || unorm2_quickCheck(nfc_norm, em->u16, n16, &e) == UNORM_YES)
		return;
	e = U_ZERO_ERROR;
	em->n16 = grow_uchars(em->n16, &em->n16cap, n16 * 3);
	nn = unorm2_normalize(nfc_norm, em->u16, n16, em->n16, em->n16cap, &e);
	if (U_FAILURE(e))
		return;
	if (em->u8cap < nn * 3 + 1) {
		em->u8cap = nn * 3 + 64;
		em->u8 = xrealloc(em->u8, (size_t)em->u8cap);
	}
	u_strToUTF8(em->u8, em->u8cap, &n8, em->n16, nn, &e);
	if (U_FAILURE(e) || ((size_t)n8 == len && memcmp(em->u8, em->in + a, len) == 0))
		return;
	if (em->probe) {
		em->changed = true; /* NFC rewrites it: that is all a probe asks */
		return;
	}
	emit_flush(em, a);
	emit_point(em, em->out.len, a);
	strbuf_append(&em->out, em->u8, (size_t)n8);
	emit_point(em, em->out.len, b);
	em->copied = b;
	em->normalized++;
}

/* UAX #15's counts for c: the non-starters its NFKD decomposition starts
 * with (*lead) and ends with (*trail); true when it holds nothing else. */
static bool
nonstarters(UChar32 c, int *lead, int *trail)
{
	UChar d[32];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = nfkd_norm != NULL
		? unorm2_getDecomposition(nfkd_norm, c, d, (int32_t)(sizeof d / sizeof *d), &e)
		: -1;

	if (n < 0 || U_FAILURE(e)) {
		*lead = *trail = u_getCombiningClass(c) != 0;
		return *lead == 1;
	}
	int32_t k = 0, total = 0;
	bool starts = true;
	*lead = *trail = 0;
	while (k < n) {
		UChar32 x;
		U16_NEXT(d, k, n, x);
		total++;
		if (u_getCombiningClass(x) == 0) {
			starts = false;
			*trail = 0;
			continue;
		}
		*trail += 1;
		if (starts)
			*lead += 1;
	}
	return *lead == total;
}

/* Where in the well-formed stretch in[p, b) the stream-safe format (UAX
 * #15) puts its next CGJ, *count non-starters in a row coming before p;
 * b when nowhere. *count is then 0 for the code point at the place. */
static size_t
stream_safe_next(const struct emit *em, size_t p, size_t b, int *count)
{
	const unsigned char *end = em->in + b;

	while (p < b) {
		UChar32 c = em->in[p];
		size_t n = c < 0x80 ? 1 : utf8_seq(em->in + p, end, &c);
		int lead, trail;
		bool all = nonstarters(c, &lead, &trail);
		if (*count + lead > STREAM_SAFE_MAX) {
			*count = 0;
			return p;
		}
		*count = all ? *count + lead : trail;
		p += n;
	}
	return b;
}

/* Normalizes the stretch in[a, b) of ncp code points in the stream-safe
 * format: a CGJ after every 30 non-starters in a row (UAX #15), so that
 * NFC never reorders a longer run, which would take quadratic time. */
static void
emit_stream_safe(struct emit *em, size_t a, size_t b, size_t ncp)
{
	int count = 0;

	if (ncp <= STREAM_SAFE_FREE) {
		emit_stretch(em, a, b);
		return;
	}
	for (size_t p = a;;) {
		size_t cut = stream_safe_next(em, p, b, &count);
		/* The two sides of a CGJ are normalized apart: nothing composes
		 * or reorders across it. */
		emit_stretch(em, p, cut);
		if (cut == b || (em->probe && em->changed))
			return;
		if (em->probe) {
			em->changed = true; /* a CGJ goes in: the text changes */
			return;
		}
		emit_flush(em, cut);
		emit_point(em, em->out.len, cut);
		strbuf_append(&em->out, cgj_utf8, sizeof cgj_utf8 - 1);
		emit_point(em, em->out.len, cut);
		em->joiners++;
		p = cut;
	}
}

/* Scans the input once: invalid bytes become U+FFFD, stretches around code
 * points outside the safe table go through NFC, NULs are counted. Returns 0;
 * -1 when give_up is set and the input is plainly not UTF-8; -2 at a NUL
 * when stop_at_nul is set; -3 when probe is set, at the first invalid
 * byte, NUL or stretch that NFC rewrites. */
static int
emit_run(struct emit *em)
{
	const uint64_t high = UINT64_C(0x8080808080808080);
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const unsigned char *in = em->in, *end = em->in + em->len;
	size_t i = 0, bound = 0; /* bound: the last NFC boundary seen */
	bool nfc = nfc_norm != NULL;

	if (em->eager)
		emit_flush(em, 0);
	while (i < em->len) {
		/* Copy in blocks while the bytes are still in the cache, up to
		 * a boundary: a stretch to normalize never starts before it. */
		if (em->eager && bound - em->copied >= 32768)
			emit_flush(em, bound);
		/* The common case in one tight loop: ASCII other than NUL, and
		 * two-byte sequences NFC leaves alone (Arabic, Hebrew, accented
		 * Latin letters). Anything else goes the long way below. */
		size_t stop = em->len - 1, mb = 0;
		if (em->eager && stop - i > 32768)
			stop = i + 32768;
		while (i < stop) {
			unsigned b = in[i];
			if (b < 0x80) {
				if (b == 0)
					break;
				bound = i++;
				/* A run of ASCII (not a lone space): 8 bytes at a time. */
				while (i + 8 <= em->len && in[i] < 0x80) {
					uint64_t w;
					memcpy(&w, in + i, 8);
					if ((w & high) || ((w - ones) & ~w & high))
						break;
					i += 8;
					bound = i - 1;
				}
				continue;
			}
			if (!nfc_safe_pair[b << 8 | in[i + 1]])
				break;
			mb++;
			bound = i;
			i += 2;
		}
		em->multibyte += mb;
		if (i >= em->len)
			break;
		if (in[i] < 0x80) {
			size_t j = i;
			while (j + 8 <= em->len) {
				uint64_t w;
				memcpy(&w, in + j, 8);
				if ((w & high) || ((w - ones) & ~w & high))
					break;
				j += 8;
			}
			for (; j < em->len && in[j] < 0x80; j++) {
				if (in[j] != 0)
					continue;
				if (em->nuls++ == 0)
					em->first_nul = j;
				if (em->stop_at_nul)
					return -2;
				if (em->probe)
					return -3;
			}
			bound = j - 1;
			i = j;
			continue;
		}
		/* Two-byte letters (Arabic, Hebrew, accented Latin) in a row. */
		while (i + 1 < em->len && in[i] >= 0xC2 && in[i] <= 0xDF &&
		       (in[i + 1] & 0xC0) == 0x80) {
			unsigned cp = ((in[i] & 0x1Fu) << 6) | (in[i + 1] & 0x3Fu);
			if (nfc && !((nfc_safe_bmp[cp >> 3] >> (cp & 7)) & 1))
				break;
			em->multibyte++;
			bound = i;
			i += 2;
		}
		if (i >= em->len || in[i] < 0x80)
			continue;
		UChar32 c;
		size_t n = utf8_seq(in + i, end, &c);
		if (n == 0) {
			if (em->probe)
				return -3;
			emit_invalid(em, i);
			i++;
			bound = i;
			if (em->give_up && em->invalid > UTF8_GIVE_UP &&
			    em->invalid > em->multibyte)
				return -1;
			continue;
		}
		em->multibyte++;
		if (!nfc || nfc_is_safe(c)) {
			bound = i;
			i += n;
			continue;
		}
		/* Extend to the next safe code point, invalid byte or end. */
		size_t j = i + n, ncp = i - bound + 1; /* bytes: at least the code points */
		while (j < em->len) {
			UChar32 d = in[j];
			size_t m = d < 0x80 ? 1 : utf8_seq(in + j, end, &d);
			if (m == 0 || nfc_is_safe(d))
				break;
			em->multibyte++;
			ncp++;
			j += m;
		}
		emit_stream_safe(em, bound, j, ncp);
		if (em->probe && em->changed)
			return -3;
		bound = i = j;
	}
	if (em->changed)
		emit_flush(em, em->len);
	return 0;
}

/* Whether a text with these counts is UTF-8 with damaged bytes: as many
 * good multibyte characters as bad bytes, where a code page's text seldom
 * holds a valid sequence at all. */
static bool
utf8_mostly_valid(size_t invalid, size_t multibyte)
{
	return invalid <= multibyte;
}

/* Appends UTF-16 units as UTF-8; a lead surrogate at the end of a chunk
 * waits in *lead for its trail. */
static void
put_utf16(struct strbuf *sb, const UChar *u, size_t n, UChar *lead)
{
	strbuf_grow(sb, n * 3 + 4);
	unsigned char *o = (unsigned char *)sb->data + sb->len;
	for (size_t k = 0; k < n; k++) {
		uint32_t c = u[k];
		if (*lead != 0) {
			if (U16_IS_TRAIL(c)) {
				c = (uint32_t)U16_GET_SUPPLEMENTARY(*lead, c);
				*lead = 0;
				o += utf8_encode(c, (char *)o);
				continue;
			}
			*lead = 0;
			*o++ = 0xEF; *o++ = 0xBF; *o++ = 0xBD;
		}
		if (U16_IS_LEAD(c))
			*lead = (UChar)c;
		else
			o += utf8_encode(U16_IS_TRAIL(c) ? UTF8_REPLACEMENT : c, (char *)o);
	}
	sb->len = (size_t)(o - (unsigned char *)sb->data);
	sb->data[sb->len] = '\0';
}

/* Converts byte-oriented input (a code page: a NUL byte is U+0000) straight
 * to UTF-8 with ICU's direct path. Returns 0; 1 at a refused NUL; -1 on an
 * ICU failure. */
static int
convert_bytes(UConverter *cnv, const char *bytes, size_t len, bool allow_binary,
	      struct strbuf *sb, bool *had_bom, size_t *nul_at)
{
	const char *nul = allow_binary ? NULL : memchr(bytes, 0, len);
	UChar pivot[1024], *pivot_src = pivot, *pivot_dst = pivot;
	const char *src = bytes, *end = bytes + len;
	UErrorCode e = U_ZERO_ERROR;
	bool reset = true;

	if (nul != NULL) {
		*nul_at = (size_t)(nul - bytes);
		return 1;
	}
	UConverter *utf8 = ucnv_open("UTF-8", &e);
	if (U_FAILURE(e))
		return -1;
	/* Room for the whole text at once: a byte >= 0x80 becomes at most 3. */
	size_t need = len;
	for (size_t i = 0; i < len; i++)
		need += (unsigned char)bytes[i] >= 0x80 ? 2 : 0;
	strbuf_grow(sb, need + 16);
	for (;;) {
		char *t = sb->data + sb->len;
		e = U_ZERO_ERROR;
		ucnv_convertEx(utf8, cnv, &t, sb->data + sb->cap - 1, &src, end,
			       pivot, &pivot_src, &pivot_dst, pivot + 1024,
			       reset, true, &e);
		reset = false;
		sb->len = (size_t)(t - sb->data);
		if (e != U_BUFFER_OVERFLOW_ERROR)
			break;
		strbuf_grow(sb, sb->cap / 2 + 64);
	}
	ucnv_close(utf8);
	if (U_FAILURE(e))
		return -1;
	sb->data[sb->len] = '\0';
	if (sb->len >= 3 && memcmp(sb->data, "\xEF\xBB\xBF", 3) == 0) {
		*had_bom = true;
		sb->len -= 3;
		memmove(sb->data, sb->data + 3, sb->len + 1);
	}
	return 0;
}

/* Converts the whole input with cnv into sb (UTF-8), dropping a leading
 * U+FEFF. Returns 0; 1 when a NUL is met and binary input is refused (its
 * input offset in *nul_at); -1 on an ICU failure. */
static int
convert_all(UConverter *cnv, const char *bytes, size_t len, bool allow_binary,
	    struct strbuf *sb, size_t *invalid, bool *had_bom, size_t *nul_at)
{
	const char *src = bytes, *end = bytes + len;
	UChar lead = 0;
	bool first = true;
	int rc = 0;
	UErrorCode e = U_ZERO_ERROR;

	ucnv_setToUCallBack(cnv, decode_count_cb, invalid, NULL, NULL, &e);
	if (U_FAILURE(e))
		return -1;
	if (ucnv_getMinCharSize(cnv) == 1)
		return convert_bytes(cnv, bytes, len, allow_binary, sb, had_bom, nul_at);

	/* UTF-16 and UTF-32: at most 3 bytes of UTF-8 per 2 bytes read. */
	UChar *buf = xmalloc(CONVERT_CHUNK * sizeof *buf);
	int32_t *offs = xmalloc(CONVERT_CHUNK * sizeof *offs);
	strbuf_grow(sb, len + len / 2 + 16);
	while (U_SUCCESS(e)) {
		UChar *t = buf;
		const char *s0 = src;
		ucnv_toUnicode(cnv, &t, buf + CONVERT_CHUNK, &src, end, offs, true, &e);
		if (U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR)
			break;
		size_t n = (size_t)(t - buf), skip = 0;
		if (first && n > 0) {
			first = false;
			if (buf[0] == 0xFEFF) {
				*had_bom = true;
				skip = 1;
			}
		}
		if (!allow_binary) {
			for (size_t k = skip; k < n; k++) {
				if (buf[k] == 0) {
					*nul_at = (size_t)(s0 - bytes) +
						  (offs[k] >= 0 ? (size_t)offs[k] : 0);
					rc = 1;
					goto done;
				}
			}
		}
		put_utf16(sb, buf + skip, n - skip, &lead);
		if (e == U_BUFFER_OVERFLOW_ERROR)
			e = U_ZERO_ERROR;
		else
			break;
	}
	if (U_FAILURE(e))
		rc = -1;
	else if (lead != 0)
		strbuf_append(sb, "\xEF\xBF\xBD", 3);
done:
	free(buf);
	free(offs);
	sb->data[sb->len] = '\0';
	return rc;
}

/* The name to report for an encoding the caller named. */
static void
encoding_report_name(const char *asked, UConverter *cnv, char *enc, size_t encsz)
{
	UErrorCode e = U_ZERO_ERROR;
	const char *internal = ucnv_getName(cnv, &e);
	const char *std = NULL;

	if (U_SUCCESS(e)) {
		std = ucnv_getStandardName(internal, "MIME", &e);
		if (std == NULL || U_FAILURE(e)) {
			e = U_ZERO_ERROR;
			std = ucnv_getStandardName(internal, "IANA", &e);
		}
	}
	snprintf(enc, encsz, "%s", std != NULL && U_SUCCESS(e) ? std : asked);
}

/* Hands over a strbuf's buffer, giving back the unused room. */
static char *
steal_fit(struct strbuf *sb)
{
	if (sb->data != NULL && sb->cap > sb->len + 4096)
		sb->data = xrealloc(sb->data, sb->len + 1);
	return strbuf_steal(sb);
}

/* How to run the UTF-8 pass: where the input sits in the source, and what
 * to do with damaged or binary input. */
struct utf8_job {
	size_t src_base;   /* source offset of the first byte */
	bool give_up;      /* stop early when it is plainly not UTF-8 */
	bool stop_at_nul;  /* stop at the first NUL */
	bool own_in;       /* the input is ours (xmalloc'd, NUL-terminated): it
			    * becomes the text when nothing changes */
	size_t nul_at;     /* out: source offset of the first NUL */
	size_t multibyte;  /* out: well-formed multibyte sequences seen */
};

/* Runs the UTF-8 pass over in and puts the result in out; returns 0, or the
 * emit_run code when it stopped early (out then holds no text). An owned
 * input that becomes out->text is the caller's no more; else it stays the
 * caller's to free. */
/* A stretch of the input checked on its own by utf8_check_run. */
struct utf8_check {
	const unsigned char *in; /* borrowed */
	size_t len;
	bool clean;              /* out: the UTF-8 pass leaves it as it is */
	size_t multibyte;        /* out */
};

/* Runs the UTF-8 pass over one stretch without keeping its output, to see
 * whether it would change anything, meet a bad byte or a NUL. */
static void
utf8_check_run(void *arg)
{
	struct utf8_check *c = arg;
	struct offmap map = { 0 };
	struct emit em = { 0 };

	em.in = c->in;
	em.len = c->len;
	em.map = &map;
	em.probe = true;
	c->clean = emit_run(&em) == 0 && !em.changed && em.invalid == 0 && em.nuls == 0;
	c->multibyte = em.multibyte;
	strbuf_free(&em.out);
	offmap_free(&map);
	free(em.u16);
	free(em.n16);
	free(em.u8);
}

/* Whether the UTF-8 pass would leave a large input as it is, checked in
 * stretches on a few threads (false too when it cannot tell). The pass
 * never looks across an ASCII byte (a stretch to normalize ends before it
 * and the next starts at it or after), so stretches that each begin at one
 * are independent. */
static bool
utf8_check_parallel(const unsigned char *in, size_t len, size_t *multibyte)
{
	struct utf8_check c[DECODE_THREADS];
	size_t parts = parallel_threads(DECODE_THREADS);
	size_t at[DECODE_THREADS + 1];
	bool clean = true;

	if (parts < 2 || len < DECODE_PARALLEL_BYTES || nfc_norm == NULL)
		return false;
	at[0] = 0;
	at[parts] = len;
	for (size_t t = 1; t < parts; t++) {
		size_t p = len / parts * t;
		while (p < len && in[p] >= 0x80)
			p++;
		at[t] = p;
	}
	for (size_t t = 0; t < parts; t++)
		c[t] = (struct utf8_check){ in + at[t], at[t + 1] - at[t], false, 0 };
	parallel_run(utf8_check_run, c, sizeof *c, parts, parts);
	*multibyte = 0;
	for (size_t t = 0; t < parts; t++) {
		clean = clean && c[t].clean;
		*multibyte += c[t].multibyte;
	}
	return clean;
}

static int
decode_utf8(const char *in, size_t len, struct utf8_job *job, struct decoded *out)
{
	struct emit em = { 0 };

	/* An owned input that needs nothing is the text as it is. */
	if (job->own_in && utf8_check_parallel((const unsigned char *)in, len,
					       &job->multibyte)) {
		out->text = (char *)(uintptr_t)in;
		out->len = len;
		out->normalized_count = 0;
		out->nul_count = 0;
		return 0;
	}

	em.in = (const unsigned char *)in;
	em.len = len;
	em.src_base = job->src_base;
	em.give_up = job->give_up;
	em.stop_at_nul = job->stop_at_nul;
	em.eager = !job->own_in;
	em.map = &out->map;
	int rc = emit_run(&em);
	free(em.u16);
	free(em.n16);
	free(em.u8);
	job->nul_at = job->src_base + em.first_nul;
	job->multibyte = em.multibyte;
	if (rc != 0) {
		strbuf_free(&em.out);
		return rc;
	}
	out->invalid_count += em.invalid;
	out->normalized_count = em.normalized;
	out->nul_count = em.nuls;
	out->joiner_count = em.joiners;
	if (em.changed) {
		out->len = em.out.len;
		out->text = steal_fit(&em.out);
	} else {
		/* Only an owned input is left unchanged without a copy. */
		out->text = (char *)(uintptr_t)in;
		out->len = len;
	}
	return 0;
}

/* Sets the binary-input refusal. */
static void
refuse_binary(const char *name, size_t at, struct qerr *err)
{
	qerr_set(err, "%s: looks like a binary file (NUL byte at offset %zu); "
		 "use --force to read it anyway", name, at);
}

/* Decodes with an ICU converter, then normalizes. */
static int
decode_convert(const char *name, UConverter *cnv, const char *bytes, size_t len,
	       const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t nul_at = 0;
	int rc = convert_all(cnv, bytes, len, opts->allow_binary, &sb,
			     &out->invalid_count, &out->had_bom, &nul_at);

	if (rc != 0) {
		strbuf_free(&sb);
		if (rc > 0)
			refuse_binary(name, nul_at, err);
		else
			qerr_set(err, "%s: cannot convert from %s", name, out->encoding);
		return -1;
	}
	if (out->had_bom)
		offmap_add(&out->map, 0, 3);
	struct utf8_job job = { .src_base = out->had_bom ? 3 : 0, .own_in = true,
				.stop_at_nul = !opts->allow_binary };
	size_t n = sb.len;
	char *text = steal_fit(&sb);
	rc = decode_utf8(text, n, &job, out);
	if (out->text != text)
		free(text);
	if (rc != 0) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	return 0;
}

/* Decodes input known (or declared) to be UTF-8, dropping its BOM. */
static int
decode_utf8_input(const char *name, const char *bytes, size_t len, bool had_bom,
		  bool owned, const struct decode_opts *opts, struct decoded *out,
		  struct qerr *err)
{
	size_t skip = had_bom ? 3 : 0;
	struct utf8_job job = { .src_base = skip, .stop_at_nul = !opts->allow_binary,
				.own_in = owned && skip == 0 };

	out->had_bom = had_bom;
	if (had_bom)
		offmap_add(&out->map, 0, 3);
	if (decode_utf8(bytes + skip, len - skip, &job, out) != 0) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	return 0;
}

/* The Unicode encoding a byte-order mark names, or NULL. */
static const char *
bom_sniff(const unsigned char *p, size_t len)
{
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return "UTF-8";
	if (len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
		return "UTF-32LE";
	if (len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
		return "UTF-32BE";
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		return "UTF-16BE";
	return NULL;
}

/* Opens the named encoding's converter, or returns NULL with err set. */
static UConverter *
open_converter(const char *name, const char *enc, struct qerr *err)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cnv = *enc != '\0' ? ucnv_open(enc, &e) : NULL;

	if (cnv == NULL || U_FAILURE(e)) {
		if (cnv != NULL)
			ucnv_close(cnv);
		qerr_set(err, "%s: unknown encoding '%s'", name, enc);
		return NULL;
	}
	return cnv;
}

/* Decodes with the named encoding (ICU's name for UTF-8 goes the fast way);
 * owned: bytes may become the text (see decode_bytes_owned). */
static int
decode_with(const char *name, const char *enc, const char *bytes, size_t len,
	    bool owned, const struct decode_opts *opts, struct decoded *out,
	    struct qerr *err)
{
	UConverter *cnv = open_converter(name, enc, err);
	UErrorCode e = U_ZERO_ERROR;
	int rc;

	if (cnv == NULL)
		return -1;
	if (strcmp(ucnv_getName(cnv, &e), "UTF-8") == 0) {
		const char *bom = bom_sniff((const unsigned char *)bytes, len);
		rc = decode_utf8_input(name, bytes, len, bom != NULL && strcmp(bom, "UTF-8") == 0,
				       owned, opts, out, err);
	} else {
		rc = decode_convert(name, cnv, bytes, len, opts, out, err);
	}
	ucnv_close(cnv);
	return rc;
}

/* Forgets a decode that is started over in another encoding. */
static void
decode_reset(struct decoded *out, const char *bytes)
{
	if (out->text != bytes)
		free(out->text);
	out->text = NULL;
	offmap_free(&out->map);
	out->invalid_count = out->normalized_count = out->nul_count = 0;
	out->joiner_count = 0;
}

/* Decodes input with no BOM and no named encoding: UTF-16 if its zero
 * bytes say so, UTF-8 if it is valid or nearly, else the legacy code page
 * detection finds. Every choice but UTF-8 is a guess (out->guessed). */
static int
decode_detect(const char *name, const char *bytes, size_t len, bool owned,
	      const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	struct utf8_job job = { .give_up = true, .stop_at_nul = !opts->allow_binary,
				.own_in = owned };
	const char *utf16 = detect_utf16(bytes, len);

	if (utf16 != NULL) {
		out->guessed = true;
		snprintf(out->encoding, sizeof out->encoding, "%s", utf16);
		return decode_with(name, utf16, bytes, len, false, opts, out, err);
	}
	strcpy(out->encoding, "UTF-8");
	int rc = decode_utf8(bytes, len, &job, out);
	if (rc == -2) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	/* Stopping early means thousands of bad bytes: not "a few". */
	if (rc == 0 && utf8_mostly_valid(out->invalid_count, job.multibyte))
		return 0;
	char enc[sizeof out->encoding];
	int confidence = -1;
	bool legacy = detect_legacy(bytes, len, enc, sizeof enc, &confidence);
	if (rc == 0 && !legacy)
		return 0;
	/* Start over (the text is not the input: that much damage changed it). */
	decode_reset(out, bytes);
	if (legacy) {
		memcpy(out->encoding, enc, sizeof enc);
		out->confidence = confidence;
		out->guessed = true;
		return decode_with(name, out->encoding, bytes, len, false, opts, out, err);
	}
	/* Nothing better: UTF-8 with every bad byte shown. */
	strcpy(out->encoding, "UTF-8");
	job.give_up = false;
	if (decode_utf8(bytes, len, &job, out) != 0) {
		refuse_binary(name, job.nul_at, err);
		return -1;
	}
	return 0;
}

/* Decodes input to NFC UTF-8: the named encoding, else a BOM, else UTF-8
 * or the legacy code page the detector finds; owned: the input may become
 * the text. */
static int
decode_run(const char *name, const char *bytes, size_t len, bool owned,
	   const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	static const struct decode_opts defaults = { NULL, false };
	int rc;

	memset(out, 0, sizeof *out);
	out->confidence = -1;
	if (opts == NULL)
		opts = &defaults;
	pthread_once(&nfc_once, nfc_tables_build);
	if (bytes == NULL || len == 0) {
		bytes = "";
		len = 0;
	}

	const char *bom = bom_sniff((const unsigned char *)bytes, len);
	if (opts->encoding != NULL) {
		UConverter *cnv = open_converter(name, opts->encoding, err);
		if (cnv == NULL)
			return -1;
		encoding_report_name(opts->encoding, cnv, out->encoding, sizeof out->encoding);
		ucnv_close(cnv);
		rc = decode_with(name, opts->encoding, bytes, len, owned, opts, out, err);
	} else if (bom != NULL) {
		out->detected = true;
		snprintf(out->encoding, sizeof out->encoding, "%s", bom);
		rc = decode_with(name, bom, bytes, len, owned, opts, out, err);
	} else {
		out->detected = true;
		rc = decode_detect(name, bytes, len, owned, opts, out, err);
	}
	if (rc != 0) {
		if (out->text == bytes)
			out->text = NULL;
		decoded_free(out);
		return -1;
	}
	return 0;
}

int
decode_bytes(const char *name, const char *bytes, size_t len,
	     const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	return decode_run(name, bytes, len, false, opts, out, err);
}

int
decode_bytes_owned(const char *name, char *bytes, size_t len,
		   const struct decode_opts *opts, struct decoded *out,
		   struct qerr *err)
{
	if (len == 0) {
		free(bytes);
		return decode_run(name, "", 0, false, opts, out, err);
	}
	int rc = decode_run(name, bytes, len, true, opts, out, err);

	if (out->text != bytes)
		free(bytes);
	return rc;
}

/* How many of the bytes of an incomplete UTF-8 sequence end the input (0
 * when it ends on a whole character or on a byte that starts none). */
static size_t
utf8_tail_partial(const unsigned char *p, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++) {
		unsigned b = p[len - k];
		if (utf8_is_cont((unsigned char)b))
			continue;
		size_t need = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3
			    : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
		UChar32 c;
		/* Cut short, and what there is of it well-formed. */
		if (need <= k)
			return 0;
		unsigned char whole[4] = { 0x80, 0x80, 0x80, 0x80 };
		memcpy(whole, p + len - k, k);
		return utf8_seq(whole, whole + need, &c) == need ? k : 0;
	}
	return 0;
}

size_t
decode_whole_prefix(const char *bytes, size_t len, const struct decode_opts *opts)
{
	const char *enc = opts != NULL ? opts->encoding : NULL;
	UErrorCode e = U_ZERO_ERROR;

	if (enc == NULL)
		enc = bom_sniff((const unsigned char *)bytes, len);
	UConverter *cnv = enc != NULL ? ucnv_open(enc, &e) : NULL;
	if (cnv == NULL || U_FAILURE(e) || strcmp(ucnv_getName(cnv, &e), "UTF-8") == 0) {
		/* UTF-8, or detection (a code page of single bytes, or UTF-8). */
		if (cnv != NULL)
			ucnv_close(cnv);
		return len - utf8_tail_partial((const unsigned char *)bytes, len);
	}
	/* Any other encoding: ICU holds back what does not end a character
	 * when it is told that more input follows. */
	UChar buf[CONVERT_CHUNK];
	const char *src = bytes, *end = bytes + len;
	e = U_ZERO_ERROR;
	do {
		UChar *t = buf;
		e = U_ZERO_ERROR;
		ucnv_toUnicode(cnv, &t, buf + CONVERT_CHUNK, &src, end, NULL, false, &e);
	} while (e == U_BUFFER_OVERFLOW_ERROR);
	int32_t pending = U_SUCCESS(e) ? ucnv_toUCountPending(cnv, &e) : 0;
	ucnv_close(cnv);
	if (U_FAILURE(e) || pending < 0 || (size_t)pending > len)
		return len;
	return len - (size_t)pending;
}

/* Frees what decode_bytes allocated; safe on a failed or freed result. */
void
decoded_free(struct decoded *d)
{
	if (d == NULL)
		return;
	free(d->text);
	d->text = NULL;
	d->len = 0;
	offmap_free(&d->map);
}
