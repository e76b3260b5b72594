/* UTF-8: decoding, encoding, counting characters and finding where they
 * start, in one place. The ingest validator (ingest/decode.c) keeps its own
 * single-pass check, measured as the fast path of loading a file.
 *
 * The one rule for bytes that are not UTF-8 (overlongs, surrogates, code
 * points above U+10FFFF, stray continuation bytes, sequences cut short):
 * they decode as U+FFFD. Its length is that of the maximal subpart of the
 * ill-formed sequence (Unicode's recommended practice, and libunistring's
 * u8_mbtouc): one byte for a byte that starts no sequence, up to three for
 * a sequence cut short. Callers that must step over invalid input one byte
 * at a time (folding, whose map counts source bytes) ask for
 * UTF8_INVALID_BYTE: U+FFFD of length 1. */
#ifndef QARIN_UTF8_H
#define QARIN_UTF8_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/utf8.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFD
/* The longest UTF-8 sequence, in bytes. */
#define UTF8_MAX 4

/* How long an invalid sequence is (see above). */
enum utf8_invalid {
	UTF8_INVALID_SUBPART, /* the maximal subpart, as u8_mbtouc */
	UTF8_INVALID_BYTE,    /* one byte */
};

/* True for a continuation byte (10xxxxxx), which starts no character. */
static inline bool
utf8_is_cont(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* Decodes a two-byte character at s (n > 0 bytes left) into *c and
 * returns true; false when s starts none. The fast path of the loops over
 * Arabic, Hebrew, Cyrillic, Greek and accented Latin text (a letter below
 * U+0800), before utf8_next. */
static inline bool
utf8_next2(const unsigned char *s, size_t n, uint32_t *c)
{
	if (s[0] >= 0xC2 && s[0] <= 0xDF && n >= 2 && utf8_is_cont(s[1])) {
		*c = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
		return true;
	}
	return false;
}

/* Decodes the character at s (n > 0 bytes left) into *c; returns its
 * length. Invalid input gives U+FFFD, as long as rule says. Inline: the
 * layout and folding loops call it once per character. */
static inline size_t
utf8_next_as(const unsigned char *s, size_t n, uint32_t *c, enum utf8_invalid rule)
{
	unsigned char b = s[0];
	uint32_t v;
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;

	if (b < 0x80) {
		*c = b;
		return 1;
	}
	if (b >= 0xC2 && b <= 0xDF) {
		if (n >= 2 && utf8_is_cont(s[1])) {
			*c = (uint32_t)(b & 0x1F) << 6 | (s[1] & 0x3F);
			return 2;
		}
		*c = UTF8_REPLACEMENT;
		return 1;
	}
	if (b >= 0xE0 && b <= 0xEF) {
		need = 3;
		v = b & 0x0F;
		lo = b == 0xE0 ? 0xA0 : 0x80; /* no overlongs */
		hi = b == 0xED ? 0x9F : 0xBF; /* no surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 4;
		v = b & 0x07;
		lo = b == 0xF0 ? 0x90 : 0x80; /* no overlongs */
		hi = b == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
	} else {
		*c = UTF8_REPLACEMENT;
		return 1;
	}
	size_t k = 1;
	for (; k < need && k < n; k++) {
		unsigned char t = s[k];
		if (k == 1 ? t < lo || t > hi : !utf8_is_cont(t))
			break;
		v = v << 6 | (t & 0x3F);
	}
	if (k == need) {
		*c = v;
		return need;
	}
	*c = UTF8_REPLACEMENT;
	return rule == UTF8_INVALID_BYTE ? 1 : k;
}

/* utf8_next_as with the maximal-subpart rule. */
static inline size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *c)
{
	return utf8_next_as(s, n, c, UTF8_INVALID_SUBPART);
}

/* The length of the character a lead byte b starts, trusting the text to
 * be valid (b is not checked, nor what follows). */
static inline size_t
utf8_lead_len(unsigned char b)
{
	return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* Writes c (a code point up to U+10FFFF) as UTF-8 at out (UTF8_MAX bytes);
 * returns its length. */
static inline size_t
utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | c >> 12);
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | c >> 18);
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* The start of the character holding byte i of s: i backed up over
 * continuation bytes, never below lo. */
static inline size_t
utf8_back(const char *s, size_t lo, size_t i)
{
	while (i > lo && utf8_is_cont((unsigned char)s[i]))
		i--;
	return i;
}

/* The next character start at or after byte i of s, never beyond end:
 * i moved forward over continuation bytes. */
static inline size_t
utf8_forward(const char *s, size_t i, size_t end)
{
	while (i < end && utf8_is_cont((unsigned char)s[i]))
		i++;
	return i;
}

/* The characters of s[0, n): the bytes that are not continuation bytes
 * (a stray continuation byte counts for none). */
size_t utf8_count(const char *s, size_t n);

#endif
