/* Display widths for the layout engine, taken from the C library's wcwidth
 * (what ncursesw draws with) so that the terminal's cursor ends where the
 * layout thinks it is, with libunistring's uc_width as the fallback; and
 * the visible placeholders that stand for controls and bidi formatting. */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include <config.h>

#include <langinfo.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <uniwidth.h>
#include <wchar.h>

#include "text/blocktab.h"
#include "text/width.h"

/* Widths of the Basic Multilingual Plane from wcwidth (-1 for what it
 * rejects), filled a block at a time (through bmp_blocks); an entry is
 * read-only once its block is filled. Whether they come from wcwidth is
 * decided once (through bmp_once), by the first block's fill. */
static signed char bmp_width[0x10000];
static bool bmp_placeholder[0x10000]; /* width_needs_placeholder's answer */
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;
static bool bmp_from_wcwidth;
static void width_table_fill(uint32_t lo, uint32_t hi);
static bool width_is_bidi_format(uint32_t c);
static struct blocktab bmp_blocks = BLOCKTAB_INIT(width_table_fill);

/* What main said of wcwidth (width_set_wcwidth): 1 or 0, -1 when untold. */
static int wcwidth_told = -1;

bool
width_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

void
width_set_wcwidth(bool utf8)
{
	wcwidth_told = utf8;
}

/* The raw answer for c: wcwidth under a UTF-8 locale, else uc_width. */
static int
width_raw(uint32_t c)
{
	if (bmp_from_wcwidth || (wcwidth_told < 0 && width_locale_is_utf8()))
		return wcwidth((wchar_t)c);
	int w = uc_width(c, "UTF-8");
	return w;
}

/* Decides where the widths come from (once, through bmp_once). */
static void
width_source_pick(void)
{
	bmp_from_wcwidth = wcwidth_told >= 0 ? wcwidth_told == 1 : width_locale_is_utf8();
}

/* Fills the BMP table for code points [lo, hi) (once per block). */
static void
width_table_fill(uint32_t lo, uint32_t hi)
{
	pthread_once(&bmp_once, width_source_pick);
	for (uint32_t c = lo; c < hi; c++) {
		int w = bmp_from_wcwidth ? wcwidth((wchar_t)c) : uc_width(c, "UTF-8");
		if (c >= 0xD800 && c < 0xE000)
			w = -1;
		bmp_width[c] = (signed char)(w > 2 ? 2 : w);
		bmp_placeholder[c] = c < 0x20 || (c >= 0x7F && c < 0xA0) ||
				     width_is_bidi_format(c) || w < 0;
	}
}

/* wcwidth's answer for c, from the table for the BMP. */
static int
width_lookup(uint32_t c)
{
	if (c >= 0x20 && c < 0x7F)
		return 1;
	if (c < 0x10000) {
		blocktab_need(&bmp_blocks, c); /* its fill picks the source */
		return bmp_width[c];
	}
	if (c > 0x10FFFF)
		return -1;
	pthread_once(&bmp_once, width_source_pick);
	int w = width_raw(c);
	return w > 2 ? 2 : w;
}

int
width_char(uint32_t c)
{
	int w = width_lookup(c);

	return w < 0 ? 1 : w;
}

/* True for the bidi formatting characters UAX #9 acts on. */
static bool
width_is_bidi_format(uint32_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200E || c == 0x200F || c == 0x061C;
}

bool
width_needs_placeholder(uint32_t c)
{
	if (c >= 0x20 && c < 0x7F)
		return false;
	if (c < 0x10000) {
		blocktab_need(&bmp_blocks, c);
		return bmp_placeholder[c];
	}
	return width_is_bidi_format(c) || width_lookup(c) < 0;
}

/* Copies the ASCII string s into buf as code points; returns its length. */
static size_t
width_put_ascii(const char *s, uint32_t buf[13])
{
	size_t n = 0;

	while (s[n] != '\0' && n < 12) {
		buf[n] = (unsigned char)s[n];
		n++;
	}
	buf[n] = 0;
	return n;
}

size_t
width_placeholder(uint32_t c, uint32_t buf[13])
{
	static const struct { uint32_t c; const char *name; } names[] = {
		{ 0x061C, "<ALM>" }, { 0x200E, "<LRM>" }, { 0x200F, "<RLM>" },
		{ 0x202A, "<LRE>" }, { 0x202B, "<RLE>" }, { 0x202C, "<PDF>" },
		{ 0x202D, "<LRO>" }, { 0x202E, "<RLO>" }, { 0x2066, "<LRI>" },
		{ 0x2067, "<RLI>" }, { 0x2068, "<FSI>" }, { 0x2069, "<PDI>" },
		{ 0x2028, "<LS>" },  { 0x2029, "<PS>" },
	};
	char tmp[16];

	if (c < 0x20) {
		buf[0] = 0x2400 + c;
		buf[1] = 0;
		return 1;
	}
	if (c == 0x7F) {
		buf[0] = 0x2421;
		buf[1] = 0;
		return 1;
	}
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].c == c)
			return width_put_ascii(names[i].name, buf);
	snprintf(tmp, sizeof tmp, "<U+%04lX>", (unsigned long)(c > 0x10FFFF ? 0xFFFD : c));
	return width_put_ascii(tmp, buf);
}
