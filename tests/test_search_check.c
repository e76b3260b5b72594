/* The stream search's check that a file decodes as plain UTF-8 (sixteen
 * or sixty-four bytes at a time where it can) against a reference written here from
 * libunistring's u8_check and ICU's NFKD data: random and edge-case
 * buffers, whole and in pieces, with marks, NULs and invalid bytes at
 * every place in a block. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unistr.h>

#include "cli/search_probe.h"
#include "text/lib.h"
#include "tap.h"

/* What the check must refuse: more non-starters in a row than this. */
#define MARKS_MAX 30

/* The non-starters a code point adds to a run, 0 when it ends one: the
 * length of its NFKD when that holds a non-starter; three for every code
 * point above the BMP (the check's bound there). */
static unsigned
ref_weight(uint32_t cp)
{
	if (cp >= 0x10000)
		return 3;
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&ec);
	UChar u[32];
	int32_t n = unorm2_getDecomposition(nfkd, (UChar32)cp, u, 32, &ec);
	bool nonstarter = u_getCombiningClass((UChar32)cp) != 0;
	unsigned cps = 1;

	if (n > 0 && U_SUCCESS(ec)) {
		cps = 0;
		for (int32_t i = 0; i < n;) {
			UChar32 d;
			U16_NEXT(u, i, n, d);
			cps++;
			nonstarter = nonstarter || u_getCombiningClass(d) != 0;
		}
	}
	return nonstarter ? cps : 0;
}

/* The reference: valid UTF-8, no NUL, no run of non-starters over
 * MARKS_MAX. */
static bool
ref_ok(const unsigned char *s, size_t n)
{
	if (u8_check(s, n) != NULL || memchr(s, 0, n) != NULL)
		return false;
	unsigned marks = 0;
	for (size_t i = 0; i < n;) {
		ucs4_t cp;
		i += (size_t)u8_mbtouc(&cp, s + i, n - i);
		unsigned w = cp < 0x80 ? 0 : ref_weight(cp);
		marks = w == 0 ? 0 : marks + w;
		if (marks > MARKS_MAX)
			return false;
	}
	return true;
}

/* xorshift64: the same buffers on every run. */
static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned
rnd(unsigned n)
{
	return (unsigned)(xorshift_next(&rng) % n);
}

/* The characters random buffers are made of: ASCII, Arabic letters and
 * harakat, Latin with marks, a two-byte character worth three marks
 * (U+01C4), three-byte characters (a quote, CJK, a mark), an emoji. */
static const uint32_t palette[] = {
	'a', 'Z', ' ', '\n', '.', 0x627, 0x628, 0x643, 0x64A, 0x64B, 0x64E, 0x650, 0x652,
	0xE9, 0x301, 0x308, 0x1C4, 0x5B0, 0x2019, 0x4E2D, 0x309A, 0x1F600,
};
/* Weights of the palette drawn more often, to reach long runs. */
static const uint32_t marks[] = { 0x64B, 0x64E, 0x650, 0x652, 0x301, 0x308, 0x1C4, 0x5B0 };

/* A buffer built of pieces, each a character or an invalid byte run; the
 * places between pieces are where it may be cut into calls. */
struct buf {
	unsigned char s[4096];
	size_t n;
	size_t cut[4096];
	size_t ncut;
};

static void
put_char(struct buf *b, uint32_t cp)
{
	char e[4];
	size_t k = utf8_encode(cp, e);

	if (b->n + k > sizeof b->s)
		return;
	memcpy(b->s + b->n, e, k);
	b->n += k;
	b->cut[b->ncut++] = b->n;
}

static void
put_bytes(struct buf *b, const char *bytes, size_t k)
{
	if (b->n + k > sizeof b->s)
		return;
	memcpy(b->s + b->n, bytes, k);
	b->n += k;
	b->cut[b->ncut++] = b->n;
}

/* Whether the check is made to take sixteen bytes at a time even where
 * the processor has AVX2, so that both block scans meet every case. */
static bool narrow;

/* The check over b, in one call or cut at random places between pieces. */
static bool
check_buf(const struct buf *b, bool pieces)
{
	struct search_check c;
	size_t from = 0;

	search_check_init(&c);
	if (narrow)
		c.avx2 = false;
	if (pieces) {
		for (size_t k = 0; k < b->ncut; k++) {
			if (rnd(4) != 0 && k + 1 < b->ncut)
				continue;
			if (!search_check_run(&c, (const char *)b->s + from, b->cut[k] - from))
				return false;
			from = b->cut[k];
		}
		return c.ok;
	}
	return search_check_run(&c, (const char *)b->s, b->n);
}

/* A random buffer: runs of marks between letters, now and then a NUL or
 * an invalid byte sequence when bad is set. */
static void
random_buf(struct buf *b, bool bad)
{
	size_t len = rnd(300);

	b->n = b->ncut = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned r = rnd(100);
		if (r < 60) {
			put_char(b, palette[rnd(sizeof palette / sizeof *palette)]);
		} else if (r < 64) {
			/* A run of marks, long now and then. */
			unsigned k = rnd(4) == 0 ? 8 + rnd(28) : rnd(6);
			for (unsigned j = 0; j < k; j++)
				put_char(b, marks[rnd(sizeof marks / sizeof *marks)]);
		} else if (r < 99 || !bad) {
			put_char(b, 0x621 + rnd(40)); /* Arabic letters */
		} else {
			static const char *const invalid[] = {
				"\x80", "\xC0\xAF", "\xC1\xBF", "\xFF", "\xED\xA0\x80", "\xF5\x80\x80\x80",
				"\xE0\x80\x80", "\xF0\x80\x80\x80",
			};
			if (rnd(3) == 0)
				put_bytes(b, "", 1); /* NUL */
			else {
				const char *v = invalid[rnd(sizeof invalid / sizeof *invalid)];
				put_bytes(b, v, strlen(v));
			}
		}
	}
	if (bad && rnd(8) == 0)
		put_bytes(b, "\xD9", 1); /* cut in the middle of a character */
}

/* Runs of `count` copies of mark cp after `pad` ASCII bytes and an Arabic
 * word of `word` letters, then more text: a run at every place of a
 * block. */
static void
mark_buf(struct buf *b, size_t pad, unsigned word, uint32_t cp, unsigned count)
{
	b->n = b->ncut = 0;
	for (size_t i = 0; i < pad; i++)
		put_char(b, 'x');
	for (unsigned i = 0; i < word; i++)
		put_char(b, 0x628);
	for (unsigned i = 0; i < count; i++)
		put_char(b, cp);
	for (unsigned i = 0; i < 40; i++)
		put_char(b, i % 5 == 4 ? ' ' : 0x627);
}

/* Every case, with the block scan narrow or as the processor allows;
 * what names the scan in the assertions. */
static void
check_all(struct buf *b, const char *what)
{
	size_t bad_whole = 0, bad_pieces = 0, nvalid = 0, ninvalid = 0;

	for (unsigned t = 0; t < 4000; t++) {
		random_buf(b, t % 2 == 1);
		bool want = ref_ok(b->s, b->n);
		nvalid += want;
		ninvalid += !want;
		if (check_buf(b, false) != want && bad_whole++ == 0)
			diag("random buffer %u (%zu bytes): check says %d, reference %d", t, b->n,
			     !want, want);
		if (check_buf(b, true) != want && bad_pieces++ == 0)
			diag("random buffer %u in pieces: check says %d, reference %d", t, !want, want);
	}
	ok(nvalid > 500 && ninvalid > 500, "%s: random buffers: both kinds met (%zu valid, %zu not)",
	   what, nvalid, ninvalid);
	ok(bad_whole == 0, "%s: random buffers in one call agree with the reference (%zu differ)",
	   what, bad_whole);
	ok(bad_pieces == 0, "%s: random buffers in pieces agree with the reference (%zu differ)",
	   what, bad_pieces);

	/* Runs of marks at the limit and one over, at every offset of a
	 * block of either size, after words short and long (a long one is read slowly). */
	size_t wrong = 0, refused = 0, runs = 0;
	static const uint32_t run_marks[] = { 0x64E, 0x301, 0x1C4, 0x309A };
	for (size_t pad = 0; pad < 64; pad++)
		for (unsigned word = 0; word < 14; word += 3)
			for (size_t m = 0; m < 4; m++)
				for (unsigned count = 8; count <= 32; count++) {
					mark_buf(b, pad, word, run_marks[m], count);
					bool want = ref_ok(b->s, b->n);
					refused += !want;
					runs++;
					if (check_buf(b, false) != want && wrong++ == 0)
						diag("%u x U+%04X after %zu + %u: check says %d", count,
						     (unsigned)run_marks[m], pad, word, !want);
				}
	ok(refused > 0 && refused < runs, "%s: runs of marks: some over the limit (%zu of %zu)",
	   what, refused, runs);
	ok(wrong == 0, "%s: runs of marks at every offset agree with the reference (%zu differ)",
	   what, wrong);

	/* One bad byte at every place of a long two-byte text, and a lead
	 * byte cut off at the end. */
	wrong = 0;
	for (size_t at = 0; at < 200; at++) {
		static const char *const evil[] = { "\0", "\x80", "\xC0\x80", "\xE2\x80\x99", "\xD9" };
		for (size_t e = 0; e < sizeof evil / sizeof *evil; e++) {
			b->n = b->ncut = 0;
			for (size_t i = 0; i < 120; i++)
				put_char(b, i % 7 == 6 ? ' ' : 0x644);
			size_t k = e == 0 ? 1 : strlen(evil[e]);
			memmove(b->s + at + k, b->s + at, b->n - at);
			memcpy(b->s + at, evil[e], k);
			b->n += k;
			bool want = ref_ok(b->s, b->n);
			if (check_buf(b, false) != want && wrong++ == 0)
				diag("byte sequence %zu at %zu: check says %d", e, at, !want);
		}
	}
	ok(wrong == 0, "%s: a NUL, a stray or cut byte, a quote at every place agree (%zu differ)",
	   what, wrong);

	/* Pure ASCII and pure two-byte text of every length up to three
	 * blocks of sixty-four: valid. */
	wrong = 0;
	for (size_t len = 0; len < 192; len++) {
		b->n = b->ncut = 0;
		for (size_t i = 0; i < len; i++)
			put_char(b, len % 2 ? 'q' : 0x639);
		if (!check_buf(b, false) || !check_buf(b, true))
			wrong++;
	}
	ok(wrong == 0, "%s: ASCII and Arabic text of every length pass (%zu refused)", what, wrong);
}

int
main(void)
{
	struct buf *b = xcalloc(1, sizeof *b);
	struct search_check c;

	search_check_init(&c);
	check_all(b, c.avx2 ? "sixty-four bytes at a time" : "the processor's block scan");
	narrow = true;
	check_all(b, "sixteen bytes at a time");
	free(b);
	return done_testing();
}
