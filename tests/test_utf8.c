/* The UTF-8 helper against libunistring: every sequence of one and two
 * bytes, every three- and four-byte lead with every second byte and a
 * choice of the bytes after it, whole and cut short. The expectations come
 * from the library: u8_mblen says whether a sequence is valid, u8_mbtouc
 * what it decodes to. For invalid input the helper's rule is U+FFFD for
 * the maximal subpart (the longest start of the bytes that some valid
 * sequence starts with, found by asking u8_mblen); u8_mbtouc agrees with
 * it except for overlongs, surrogates and code points above U+10FFFF, of
 * which it takes the whole sequence. */
#include <config.h>

#include <string.h>
#include <unistr.h>

#include "text/lib.h"
#include "tap.h"

/* Bytes tried after the second: the edges of the continuation range and
 * bytes that are not continuations. */
static const unsigned char tail_bytes[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
					    0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF };
#define NTAIL (sizeof tail_bytes / sizeof tail_bytes[0])

/* Whether s[0, k) starts some valid sequence, by u8_mblen: the bytes
 * after the second need only be continuation bytes, so 0x80 stands for
 * them; the second is tried in full when it is missing. */
static bool
starts_valid(const unsigned char *s, size_t k)
{
	unsigned char buf[4] = { s[0], 0x80, 0x80, 0x80 };

	if (k == 1) {
		for (unsigned b = 0x80; b <= 0xBF; b++) {
			buf[1] = (unsigned char)b;
			if (u8_mblen(buf, 4) > 1)
				return true;
		}
		return u8_mblen(buf, 1) == 1;
	}
	memcpy(buf, s, k);
	int n = u8_mblen(buf, 4);
	return n >= (int)k;
}

/* The length of the maximal subpart at s (n bytes, invalid there). */
static size_t
maximal_subpart(const unsigned char *s, size_t n)
{
	size_t k = 1;

	while (k < n && k < 4 && starts_valid(s, k + 1))
		k++;
	return k;
}

struct tally {
	long tried, subpart_bad, byte_bad;
};

/* Compares both rules with the library on s[0, n). */
static void
check_one(struct tally *t, const unsigned char *s, size_t n)
{
	int valid = u8_mblen(s, n);
	ucs4_t want_c = UTF8_REPLACEMENT;
	size_t want_len;
	if (valid >= 0) {
		/* u8_mblen gives 0 for a NUL. */
		want_len = valid > 0 ? (size_t)valid : 1;
		u8_mbtouc(&want_c, s, n);
	} else {
		want_len = maximal_subpart(s, n);
	}
	uint32_t got;
	size_t glen = utf8_next(s, n, &got);

	t->tried++;
	if ((got != want_c || glen != want_len) && t->subpart_bad++ < 5)
		diag("subpart: %02X.. (%zu bytes): got U+%04X/%zu, want U+%04X/%zu", s[0], n,
		     (unsigned)got, glen, (unsigned)want_c, want_len);
	glen = utf8_next_as(s, n, &got, UTF8_INVALID_BYTE);
	if (valid < 0)
		want_len = 1;
	if ((got != want_c || glen != want_len) && t->byte_bad++ < 5)
		diag("byte: %02X.. (%zu bytes): got U+%04X/%zu, u8_mblen %d", s[0], n, (unsigned)got,
		     glen, valid);
}

/* Tries s[0, n) and every prefix of it. */
static void
check_prefixes(struct tally *t, const unsigned char *s, size_t n)
{
	for (size_t k = 1; k <= n; k++)
		check_one(t, s, k);
}

int
main(void)
{
	struct tally t = { 0, 0, 0 };
	unsigned char s[4];

	for (unsigned a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		for (unsigned b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			check_prefixes(&t, s, 2);
			if (a < 0xE0)
				continue;
			for (size_t c = 0; c < NTAIL; c++) {
				s[2] = tail_bytes[c];
				check_one(&t, s, 3);
				if (a < 0xF0)
					continue;
				for (size_t d = 0; d < NTAIL; d++) {
					s[3] = tail_bytes[d];
					check_one(&t, s, 4);
				}
			}
		}
	}
	diag("%ld sequences", t.tried);
	is_long(t.subpart_bad, 0, "utf8_next: u8_mbtouc's answer, U+FFFD for the maximal subpart");
	is_long(t.byte_bad, 0, "UTF8_INVALID_BYTE: valid as u8_mblen, else U+FFFD of one byte");

	/* Named cases: the length u8_mbtouc gives, or the maximal subpart
	 * where it takes more. */
	static const struct {
		const char *s;
		size_t subpart; /* 0: as u8_mbtouc */
		const char *name;
	} cases[] = {
		{ "\xD8\xB9", 0, "Arabic ain" },
		{ "\xE2\x80\x8F", 0, "RLM" },
		{ "\xF0\x9F\x98\x80", 0, "an emoji" },
		{ "\xC0\xAF", 0, "overlong slash" },
		{ "\xE0\x80\xAF", 1, "overlong three bytes" },
		{ "\xED\xA0\x80", 1, "a surrogate" },
		{ "\xF4\x90\x80\x80", 1, "above U+10FFFF" },
		{ "\xE2\x80", 0, "cut short after two of three" },
		{ "\xF0\x9F\x98", 0, "cut short after three of four" },
		{ "\xE2\x80" "a", 0, "two of three, then ASCII" },
		{ "\x80", 0, "a stray continuation byte" },
		{ "\xFF", 0, "0xFF" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const unsigned char *u = (const unsigned char *)cases[i].s;
		size_t n = strlen(cases[i].s);
		ucs4_t want;
		int wlen = u8_mbtouc(&want, u, n);
		size_t want_len = cases[i].subpart ? cases[i].subpart : (size_t)wlen;
		uint32_t got;
		size_t glen = utf8_next(u, n, &got);
		ok(got == want && glen == want_len, "%s: U+%04X of %zu bytes (u8_mbtouc: U+%04X, %d)",
		   cases[i].name, (unsigned)got, glen, (unsigned)want, wlen);
	}

	/* Encoding: what u8_uctomb writes, for the edges of each length. */
	static const uint32_t cps[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char got[UTF8_MAX];
		uint8_t want[6];
		int wlen = u8_uctomb(want, cps[i], sizeof want);
		size_t glen = utf8_encode(cps[i], got);
		ok(wlen > 0 && glen == (size_t)wlen && memcmp(got, want, glen) == 0,
		   "utf8_encode U+%04X as u8_uctomb", (unsigned)cps[i]);
	}

	/* Counting and character starts. */
	const char *mixed = "a\xD8\xB9\xE2\x80\x8F\xF0\x9F\x98\x80z";
	size_t mn = strlen(mixed);
	is_long((long)utf8_count(mixed, mn), (long)u8_mbsnlen((const uint8_t *)mixed, mn),
		"utf8_count as u8_mbsnlen on valid text");
	char longer[256];
	for (size_t i = 0; i + mn < sizeof longer; i += mn)
		memcpy(longer + i, mixed, mn);
	size_t ln = (sizeof longer - 1) / mn * mn;
	is_long((long)utf8_count(longer, ln), (long)u8_mbsnlen((const uint8_t *)longer, ln),
		"utf8_count eight bytes at a time");
	is_long((long)utf8_count("\x80\x80" "a", 3), 1, "stray continuation bytes count for none");
	is_long((long)utf8_back(mixed, 0, 2), 1, "back from inside a two-byte character");
	is_long((long)utf8_back(mixed, 0, 9), 6, "back from the last byte of four");
	is_long((long)utf8_back(mixed, 7, 9), 7, "back stops at its floor");
	is_long((long)utf8_forward(mixed, 2, mn), 3, "forward to the next start");
	is_long((long)utf8_forward(mixed, 7, 8), 8, "forward stops at its end");
	is_long((long)utf8_lead_len(0xF0), 4, "a four-byte lead");
	return done_testing();
}
