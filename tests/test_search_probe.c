/* The stream search's byte scan (search_probe_next) against the same scan
 * one byte at a time: the places a form starts in random text of Latin,
 * accented, decomposed and Arabic words, for queries whose probes take
 * each of the scans (one byte by memchr, a few lead or last bytes
 * compared, a larger set of lead bytes looked up), thirty-two and sixteen
 * bytes at a time. */
#include <config.h>

#define _GNU_SOURCE 1 /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/search_probe.h"
#include "search/lib.h"
#include "text/lib.h"
#include "tap.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

/* xorshift64: the same text on every run. */
static unsigned
rnd(unsigned n)
{
	return (unsigned)(xorshift_next(&rng) % n);
}

/* Random text of n bytes or a little more, from words that hold the
 * queries' letters in many forms. */
static char *
random_text(size_t n, size_t *len)
{
	static const char *const words[] = {
		"Raimondo", "raimondo", "R\xCC\x81" "aimondo", "\xC5\x94" "aimondo",
		"D\xC3\xA9" "clar\xC3\xA9", "DE\xCC\x81" "CLARE\xCC\x81", "declare", "d\xC3\xA9" "j\xC3\xA0",
		"gouvernement", "GOUVERNEMENT", "\xEF\xAC\x81" "n", "fin", "Stra\xC3\x9F" "e",
		"\xD9\x83\xD8\xA7\xD8\xB3\xD8\xA8\xD8\xB1\xD8\xB3\xD9\x83\xD9\x8A",
		"\xD9\x83\xD8\xA7\xD8\xB3\xD8\xA8\xD9\x80\xD8\xB1\xD8\xB3\xD9\x83\xD9\x8A",
		"\xD8\xA7\xD9\x84\xD8\xAD\xD9\x83\xD9\x88\xD9\x85\xD8\xA9", "\xE1\xB9\x98" "ed",
		"\xE2\x80\x94", "le", "de", "la", "x", "\xF0\x9F\x98\x80",
	};
	size_t nw = sizeof words / sizeof *words;
	char *s = xmalloc(n + 64);
	size_t k = 0;

	while (k < n) {
		const char *w = words[rnd((unsigned)nw)];
		size_t wl = strlen(w);
		memcpy(s + k, w, wl);
		k += wl;
		s[k++] = rnd(9) == 0 ? '\n' : ' ';
	}
	*len = k;
	return s;
}

/* The places forms start, found by the scan from each one on, against
 * asking at every offset for the first form in the next four bytes (too
 * few for any block scan); and from random offsets. Returns the places
 * that differ. */
static size_t
compare(const struct search_probe *p, const char *s, size_t n, size_t *found)
{
	size_t wrong = 0, want = 0;

	*found = 0;
	for (size_t i = 0; i <= n; i++) {
		/* The reference's next start at or after i, when i is one. */
		bool starts = i < n && search_probe_next(p, s, i, i + 4 < n ? i + 4 : n) == i;
		if (i < n && !starts)
			continue;
		size_t got = search_probe_next(p, s, want, n);
		if (got != i && wrong++ == 0)
			diag("from %zu: scan says %zu, byte by byte %zu", want, got, i);
		*found += i < n;
		want = i + 1;
	}
	for (unsigned t = 0; t < 200; t++) {
		size_t from = rnd((unsigned)n), first = from;
		while (first < n && search_probe_next(p, s, first, first + 4 < n ? first + 4 : n) != first)
			first++;
		if (search_probe_next(p, s, from, n) != first && wrong++ == 0)
			diag("from random %zu: not %zu", from, first);
	}
	return wrong;
}

/* For an exact query written in NFC: the hits are its bytes; at each, the
 * places of the probe's character must be among the places the scan
 * stops at (with follow pairs, it skips forms no hit can hold). Returns
 * how many are not, *hits how many hits there are. */
static size_t
hits_missed(const struct search_probe *p, const char *q, const char *s, size_t n, size_t *hits)
{
	char c[4];
	size_t cl = utf8_encode(search_probe_char(p), c), ql = strlen(q), missed = 0;
	bool *stop = xcalloc(n + 1, sizeof *stop);

	for (size_t i = search_probe_next(p, s, 0, n); i < n; i = search_probe_next(p, s, i + 1, n))
		stop[i] = true;
	*hits = 0;
	for (const char *h = memmem(s, n, q, ql); h != NULL;
	     h = memmem(h + 1, n - (size_t)(h + 1 - s), q, ql)) {
		(*hits)++;
		for (size_t k = 0; k + cl <= ql; k++)
			if (memcmp(q + k, c, cl) == 0 && ((unsigned char)q[k] & 0xC0) != 0x80 &&
			    !stop[(size_t)(h - s) + k] && missed++ == 0)
				diag("hit at %zu: the probe's character at +%zu not found", (size_t)(h - s), k);
	}
	free(stop);
	return missed;
}

int
main(void)
{
	static const struct {
		const char *q;
		unsigned flags;
	} queries[] = {
		{ "Raimondo", SEARCH_EXACT }, { "raimondo", 0 }, { "déclaré", 0 },
		{ "gouvernement", 0 }, { "gouvernement", SEARCH_EXACT },
		{ "كاسبرسكي", 0 }, { "كاسبرسكي", SEARCH_EXACT }, { "x", SEARCH_EXACT },
		{ "ﬁn", 0 }, { "—", SEARCH_EXACT },
	};
	size_t len;
	char *text = random_text(200000, &len);

	for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
		struct qerr err;
		struct search_query *q = search_query_new(queries[k].q, queries[k].flags, &err);
		struct search_probe *p = q != NULL ? search_probe_new(q, text, len) : NULL;
		if (p == NULL) {
			ok(false, "%s: a probe", queries[k].q);
			search_query_free(q);
			continue;
		}
		for (int narrow = 0; narrow < 2; narrow++) {
			if (narrow)
				search_probe_narrow(p);
			size_t found, wrong = compare(p, text, len, &found);
			ok(wrong == 0 && found > 0, "%s%s, %s: the scan finds every form (%zu), as byte "
			   "by byte (%zu differ)", queries[k].q, queries[k].flags ? " exact" : "",
			   narrow ? "sixteen bytes at a time" : "the processor's scan", found, wrong);
			if (queries[k].flags & SEARCH_EXACT) {
				size_t hits, missed = hits_missed(p, queries[k].q, text, len, &hits);
				ok(missed == 0 && hits > 0, "%s exact, %s: every hit's place of the "
				   "probe's character is found (%zu hits, %zu missed, %d follow pairs)",
				   queries[k].q, narrow ? "sixteen bytes at a time" : "the processor's scan",
				   hits, missed, search_probe_follow_pairs(p));
			}
		}
		search_probe_free(p);
		search_query_free(q);
	}
	free(text);
	return done_testing();
}
