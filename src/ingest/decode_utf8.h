/* Inside decoding: the single pass over UTF-8 input that repairs invalid
 * bytes (U+FFFD), puts the text in the stream-safe format and normalizes
 * to NFC only the stretches that need it. Private to decode*.c. */
#ifndef QARIN_DECODE_UTF8_H
#define QARIN_DECODE_UTF8_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/decode_utf8.h");

#include <stdbool.h>
#include <stddef.h>

#include <unicode/umachine.h>

#include "ingest/decode.h"
#include "text/lib.h"

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
int decode_utf8(const char *in, size_t len, struct utf8_job *job, struct decoded *out);

/* Hands over a strbuf's buffer, giving back the unused room. */
char *decode_steal_fit(struct strbuf *sb);

#endif
