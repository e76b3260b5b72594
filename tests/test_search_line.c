/* Whether a line is its own NFC (search_line_own_nfc), as the stream
 * search asks before it reads a hit from a line's bytes: the answer with
 * the processor's 32-byte block check is the answer a character at a time
 * (search_line_own_nfc_narrow), on random lines of ASCII, Latin-1, Hebrew,
 * Arabic letters and marks in and out of canonical order, characters that
 * compose, longer characters and broken bytes, cut at every place around
 * the blocks' edges; and on the valid lines of characters of the BMP, the
 * answer of ICU's own NFC quick check. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "cli/search_line.h"
#include "text/lib.h"
#include "tap.h"

static uint64_t rng = 0x2545F4914F6CDD1Du;

static unsigned
rnd(unsigned n)
{
	return (unsigned)(xorshift_next(&rng) % n);
}

/* The pieces a random line is made of, and whether each is well-formed
 * UTF-8 of the BMP (what ICU can be asked about). */
static const struct { const char *s; bool bmp; } pieces[] = {
	{ " ", true }, { "le ", true }, { "gouvernement ", true }, { "\t", true },
	{ "\xC3\xA9", true },                 /* é */
	{ "\xC5\x93", true },                 /* œ */
	{ "\xC2\xA0", true },                 /* no-break space */
	{ "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", true }, /* שלום */
	{ "\xD7\x81", true },                 /* U+05C1 shin dot */
	{ "\xD9\x83\xD8\xA7\xD8\xB3\xD8\xA8\xD8\xB1", true }, /* Arabic letters */
	{ "\xD8\xA7\xD9\x84", true },         /* ال */
	{ "\xD9\xA2\xD9\xA0", true },         /* Arabic-Indic digits */
	{ "\xDA\xA9\xDB\x8C", true },         /* Persian kaf, yeh */
	{ "\xDB\x80", true },                 /* U+06C0, composed */
	{ "\xD9\x8B", true },                 /* fathatan (27) */
	{ "\xD9\x8E", true },                 /* fatha (30) */
	{ "\xD9\x91", true },                 /* shadda (33) */
	{ "\xD9\x94", true },                 /* hamza above: composes */
	{ "\xD9\xB0", true },                 /* superscript alef */
	{ "\xD8\x92", true },                 /* U+0612, an Arabic sign above */
	{ "\xDB\x97", true },                 /* a Quranic mark */
	{ "\xDB\xA5", true },                 /* U+06E5, small waw: a starter */
	{ "\xCC\x81", true },                 /* combining acute */
	{ "e\xCC\x81", true },                /* e + acute: composes */
	{ "\xCD\xB4", true },                 /* U+0374: NFC changes it */
	{ "\xE2\x80\x94", true },             /* em dash */
	{ "\xEA\xB0\x80", true },             /* a Hangul syllable */
	{ "\xE1\x84\x80\xE1\x85\xA1", true }, /* Hangul jamo: compose */
	{ "\xF0\x9F\x98\x80", false },        /* beyond the BMP */
	{ "\xD9", false },                    /* a lead byte alone */
	{ "\x83", false },                    /* a second byte alone */
	{ "\xC0\x80", false },                /* overlong */
	{ "\xE2\x80", false },                /* cut short */
};
#define NPIECES (sizeof pieces / sizeof *pieces)

/* A random line of about n bytes into buf (at least n + 16 bytes): mostly
 * the plain pieces (the first fourteen), sometimes any; *bmp says whether
 * all of it is well-formed UTF-8 of the BMP. */
static size_t
random_line(char *buf, size_t n, unsigned rare, bool *bmp)
{
	size_t len = 0;

	*bmp = true;
	while (len < n) {
		size_t k = rnd(rare) == 0 ? rnd(NPIECES) : rnd(14);
		size_t m = strlen(pieces[k].s);
		if (len + m > n + 8)
			break;
		memcpy(buf + len, pieces[k].s, m);
		len += m;
		*bmp = *bmp && pieces[k].bmp;
	}
	return len;
}

/* ICU's answer: NFC's quick check says yes. */
static bool
icu_own_nfc(const char *s, size_t n)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
	static UChar u[4096];
	int32_t ulen;

	u_strFromUTF8(u, 4096, &ulen, s, (int32_t)n, &ec);
	if (U_FAILURE(ec))
		return false;
	return unorm2_quickCheck(nfc, u, ulen, &ec) == UNORM_YES && U_SUCCESS(ec);
}

int
main(void)
{
	static char buf[2048];
	unsigned rares[] = { 1000000, 200, 40, 4 };

	if (cpu_has_avx2())
		ok(search_line_own_nfc_blocks(), "the block check is used (AVX2, and the Unicode "
		   "data agrees with the two-byte characters it lets through)");
	else
		ok(true, "the block check is used # SKIP the processor has no AVX2");

	for (size_t r = 0; r < sizeof rares / sizeof *rares; r++) {
		size_t lines = 0, differ = 0, icu = 0, icu_differ = 0, yes = 0;
		for (int t = 0; t < 20000; t++) {
			bool bmp;
			size_t n = random_line(buf, rnd(300), rares[r], &bmp);
			bool wide = search_line_own_nfc(buf, n);
			bool narrow = search_line_own_nfc_narrow(buf, n);
			lines++;
			yes += wide;
			if (wide != narrow && differ++ == 0)
				diag("%zu bytes: the block check says %d, one at a time %d", n, wide,
				     narrow);
			if (bmp) {
				icu++;
				if (narrow != icu_own_nfc(buf, n) && icu_differ++ == 0)
					diag("%zu bytes: %d, ICU's quick check %d", n, narrow, !narrow);
			}
		}
		ok(differ == 0, "one piece in %u odd: the block check agrees with one at a time "
		   "(%zu lines, %zu own NFC, %zu differ)", rares[r], lines, yes, differ);
		ok(icu > 0 && icu_differ == 0, "one piece in %u odd: as ICU's quick check "
		   "(%zu lines of the BMP, %zu differ)", rares[r], icu, icu_differ);
	}

	/* A character across every block edge: a plain line of 200 bytes with
	 * one mark out of order, a broken byte or a lead byte at the end, at
	 * each place. */
	static const char *const odd[] = {
		"\xD9\x91\xD9\x8E", "\xD9\x94", "\x83", "\xD9", "\xCC\x81", "\xF0\x9F\x98\x80",
	};
	for (size_t o = 0; o < sizeof odd / sizeof *odd; o++) {
		size_t differ = 0, tried = 0;
		size_t m = strlen(odd[o]);
		for (size_t at = 0; at + m <= 200; at++) {
			/* Arabic letters (two bytes each) with a space every ten
			 * bytes; the odd piece over them at at. */
			for (size_t i = 0; i < 200; i += 2) {
				buf[i] = (char)(i % 10 == 8 ? ' ' : 0xD8);
				buf[i + 1] = (char)(i % 10 == 8 ? ' ' : 0xB3);
			}
			memcpy(buf + at, odd[o], m);
			for (size_t n = at + m; n <= 200; n += at + m < 150 ? 37 : 1) {
				tried++;
				if (search_line_own_nfc(buf, n) != search_line_own_nfc_narrow(buf, n) &&
				    differ++ == 0)
					diag("piece %zu at %zu, %zu bytes: they differ", o, at, n);
			}
		}
		ok(differ == 0, "odd piece %zu at every place of a line: the same answer "
		   "(%zu lines, %zu differ)", o, tried, differ);
	}
	return done_testing();
}
