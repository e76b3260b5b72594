/* libFuzzer target: arbitrary bytes through the escaper in every format.
 * Checks that the output is valid UTF-8 without a raw C0 control (but a
 * tab or newline where the format keeps them), DEL, C1 control or bidi
 * control (ICU's Bidi_Control), and that the JSON form parses as a JSON
 * string back to the input, each byte outside valid UTF-8 as U+FFFD. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unistr.h>

#include "text/lib.h"

/* Longer inputs are cut: escaping is linear, a few KiB find as much. */
#define FUZZ_ESCAPE_MAX 16384

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless s[0, n) is valid UTF-8 holding none of the characters no
 * format lets through raw; line_ok: tabs and newlines may stay. */
static void
fuzz_check_raw(const uint8_t *s, size_t n, int line_ok, int seps_ok)
{
	if (u8_check(s, n) != NULL)
		abort();
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, s + i, n - i);
		if (k < 1)
			abort();
		i += (size_t)k;
		if ((c < 0x20 && !(line_ok && (c == '\t' || c == '\n'))) ||
		    (c >= 0x7F && c < 0xA0) || u_hasBinaryProperty((UChar32)c, UCHAR_BIDI_CONTROL))
			abort();
		if (!seps_ok && (c == 0x2028 || c == 0x2029))
			abort();
	}
}

/* Value of hex digit h, or -1. */
static int
fuzz_hex(uint8_t h)
{
	if (h >= '0' && h <= '9')
		return h - '0';
	if (h >= 'a' && h <= 'f')
		return h - 'a' + 10;
	if (h >= 'A' && h <= 'F')
		return h - 'A' + 10;
	return -1;
}

/* Reads \uXXXX at s (n bytes left) into *u; false when it is not one. */
static int
fuzz_u4(const uint8_t *s, size_t n, unsigned *u)
{
	if (n < 6 || s[0] != '\\' || s[1] != 'u')
		return 0;
	*u = 0;
	for (int k = 2; k < 6; k++) {
		int h = fuzz_hex(s[k]);
		if (h < 0)
			return 0;
		*u = *u * 16 + (unsigned)h;
	}
	return 1;
}

/* Parses s[0, n) as the inside of a JSON string (RFC 8259), appending the
 * UTF-8 it stands for to out; aborts when it is not one. */
static void
fuzz_json_decode(const uint8_t *s, size_t n, struct strbuf *out)
{
	for (size_t i = 0; i < n;) {
		uint8_t c = s[i];
		if (c < 0x20 || c == '"')
			abort(); /* must be escaped */
		if (c != '\\') {
			strbuf_append(out, (const char *)s + i, 1);
			i++;
			continue;
		}
		if (i + 1 >= n)
			abort();
		const char *one = NULL;
		switch (s[i + 1]) {
		case '"': one = "\""; break;
		case '\\': one = "\\"; break;
		case '/': one = "/"; break;
		case 'b': one = "\b"; break;
		case 'f': one = "\f"; break;
		case 'n': one = "\n"; break;
		case 'r': one = "\r"; break;
		case 't': one = "\t"; break;
		case 'u': break;
		default: abort();
		}
		if (one != NULL) {
			strbuf_append(out, one, 1);
			i += 2;
			continue;
		}
		unsigned u, lo;
		if (!fuzz_u4(s + i, n - i, &u))
			abort();
		i += 6;
		if (u >= 0xDC00 && u <= 0xDFFF)
			abort(); /* a lone low surrogate */
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (!fuzz_u4(s + i, n - i, &lo) || lo < 0xDC00 || lo > 0xDFFF)
				abort(); /* a high surrogate needs its low one */
			i += 6;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		}
		uint8_t buf[6];
		int k = u8_uctomb(buf, (ucs4_t)u, sizeof buf);
		if (k < 1)
			abort();
		strbuf_append(out, (const char *)buf, (size_t)k);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT, back = STRBUF_INIT, want = STRBUF_INIT;

	if (size > FUZZ_ESCAPE_MAX)
		size = FUZZ_ESCAPE_MAX;
	escape_append(&out, ESCAPE_TEXT, (const char *)data, size);
	fuzz_check_raw((const uint8_t *)out.data, out.len, 0, 1);
	strbuf_reset(&out);
	escape_append(&out, ESCAPE_LINE, (const char *)data, size);
	fuzz_check_raw((const uint8_t *)out.data, out.len, 0, 0);
	strbuf_reset(&out);
	escape_append(&out, ESCAPE_TSV, (const char *)data, size);
	fuzz_check_raw((const uint8_t *)out.data, out.len, 0, 1);
	strbuf_reset(&out);
	escape_append(&out, ESCAPE_JSON, (const char *)data, size);
	fuzz_check_raw((const uint8_t *)out.data, out.len, 0, 0);
	fuzz_json_decode((const uint8_t *)out.data, out.len, &back);

	/* What the JSON string says: the input, each byte outside valid
	 * UTF-8 replaced by U+FFFD. */
	for (size_t i = 0; i < size;) {
		ucs4_t c;
		int k = u8_mbtoucr(&c, data + i, size - i);
		if (k > 0) {
			strbuf_append(&want, (const char *)data + i, (size_t)k);
			i += (size_t)k;
		} else {
			strbuf_append(&want, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
	if (back.len != want.len || (want.len > 0 && memcmp(back.data, want.data, want.len) != 0))
		abort();
	strbuf_free(&out);
	strbuf_free(&back);
	strbuf_free(&want);
	return 0;
}
