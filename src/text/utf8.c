/* UTF-8 helpers that are not inline: counting characters. Decoding and
 * encoding are inline in utf8.h, called once per character in the layout
 * and folding loops. */
#include <config.h>

#include <string.h>

#include "text/utf8.h"

size_t
utf8_count(const char *s, size_t len)
{
	const uint64_t hi = 0x8080808080808080ULL;
	size_t n = 0, i = 0;

	/* Eight bytes at a time. */
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* Continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear. */
		uint64_t cont = (w & hi & ~(w << 1)) >> 7;
		/* One bit at the bottom of each continuation byte: add them up. */
		n += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
	}
	for (; i < len; i++)
		n += !utf8_is_cont((unsigned char)s[i]);
	return n;
}
