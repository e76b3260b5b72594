/* A search query: the words folded the way the text is (or NFC for an
 * exact search), the rarest bytes the scan looks for first, the compiled
 * regular expression and the time bound that keeps it from running away. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include "search/search_int.h"
#include "search/search.h"
#include "text/lib.h"

char *
search_fold_string(const char *s, size_t len, size_t *out_len)
{
	return fold_string(s, len, out_len);
}

/* NFC of a UTF-8 string, as a new string. */
static char *
search_nfc(const char *s, size_t *out_len)
{
	UErrorCode ec = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
	int32_t n16 = 0, n8 = 0;

	u_strFromUTF8Lenient(NULL, 0, &n16, s, -1, &ec);
	ec = U_ZERO_ERROR;
	UChar *a = xcalloc((size_t)n16 + 1, sizeof *a);
	u_strFromUTF8Lenient(a, n16 + 1, NULL, s, -1, &ec);
	UChar *b = xcalloc((size_t)n16 * 3 + 1, sizeof *b);
	int32_t nb = unorm2_normalize(nfc, a, n16, b, n16 * 3 + 1, &ec);
	char *out = NULL;
	if (U_SUCCESS(ec)) {
		u_strToUTF8(NULL, 0, &n8, b, nb, &ec);
		ec = U_ZERO_ERROR;
		out = xmalloc((size_t)n8 + 1);
		u_strToUTF8(out, n8 + 1, NULL, b, nb, &ec);
	}
	if (out == NULL || U_FAILURE(ec)) {
		free(out);
		out = xstrdup(s);
		n8 = (int32_t)strlen(out);
	}
	free(a);
	free(b);
	*out_len = (size_t)n8;
	return out;
}

/* Folds the literal parts of a regular expression the way the text is
 * folded, leaving escapes as written and escaping what folding turns into
 * a metacharacter (a full-width parenthesis becomes "\("). */
static char *
search_fold_pattern(const char *p)
{
	size_t n = strlen(p), cap = n * 4 + FOLD_CHAR_MAX * 2 + 16, o = 0;
	char *out = xmalloc(cap);
	bool space = false;

	for (size_t i = 0; i < n;) {
		if (o + FOLD_CHAR_MAX * 2 + 16 > cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		if (p[i] == '\\' && i + 1 < n) {
			/* The escape and its argument, verbatim. */
			uint32_t c;
			size_t k = 1 + utf8_next_as((const unsigned char *)p + i + 1, n - i - 1, &c, UTF8_INVALID_BYTE);
			if (strchr("pPNx", (int)c) != NULL && i + k < n && p[i + k] == '{') {
				const char *close = strchr(p + i + k, '}');
				k = close ? (size_t)(close - (p + i)) + 1 : n - i;
			}
			if (o + k + 1 > cap) {
				cap = o + k + FOLD_CHAR_MAX * 2 + 16;
				out = xrealloc(out, cap);
			}
			memcpy(out + o, p + i, k);
			o += k;
			i += k;
			space = false;
			continue;
		}
		uint32_t c;
		size_t k = utf8_next_as((const unsigned char *)p + i, n - i, &c, UTF8_INVALID_BYTE);
		char f[FOLD_CHAR_MAX];
		size_t fl = fold_char(c, f);
		i += k;
		if (fl == 1 && f[0] == ' ') {
			if (space)
				continue;
			space = true;
		} else if (fl > 0) {
			space = false;
		}
		for (size_t j = 0; j < fl; j++) {
			if (c >= 0x80 && strchr("\\^$.|?*+()[]{}", f[j]) != NULL && f[j] != '\0')
				out[o++] = '\\';
			out[o++] = f[j];
		}
	}
	out[o] = '\0';
	return out;
}

/* How common a byte of folded text is, roughly (0: rare), in the Latin and
 * Arabic texts qarin is for: the scan looks for the two rarest first. */
static int
search_byte_commonness(unsigned char b)
{
	static const char common_latin[] = " eastinrolu";
	/* Compact Arabic letters: alef, lam, yeh, meem, waw, noon, heh,
	 * reh, teh, beh. */
	static const unsigned char common_arabic[] = {
		0x87, 0xA4, 0xAA, 0xA5, 0xA8, 0xA6, 0xA7, 0x91, 0x8A, 0x88,
	};
	const char *l = b != 0 ? strchr(common_latin, b) : NULL;

	if (l != NULL)
		return 40 - (int)(l - common_latin);
	for (size_t i = 0; i < sizeof common_arabic; i++)
		if (common_arabic[i] == b)
			return 40 - (int)i;
	if (b == 0xD8 || b == 0xD9 || b == 0xC3)
		return 30; /* lead bytes of Arabic and accented Latin */
	return b < 0x80 ? 10 : 5;
}

/* Picks the needle's two rarest byte positions for the scan. */
static void
search_probes(struct search_query *q)
{
	const unsigned char *n = (const unsigned char *)q->needle;
	size_t best = 0, second = 0;

	for (size_t i = 1; i < q->nlen; i++) {
		if (search_byte_commonness(n[i]) <= search_byte_commonness(n[best])) {
			second = best;
			best = i;
		} else if (second == best ||
			   search_byte_commonness(n[i]) <= search_byte_commonness(n[second])) {
			second = i;
		}
	}
	q->probe1 = best < second ? best : second;
	q->probe2 = best < second ? second : best;
}

/* Monotonic milliseconds, for the regular expressions' deadline. */
static double
search_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* False (and the status says why) when the running regular expression
 * must end now: its time is up or the stop hook asks. */
static bool
search_limit_ok(struct search_limit *l)
{
	if (l->ms > 0 && search_now_ms() > l->deadline) {
		l->status = SEARCH_TIMEOUT;
		return false;
	}
	if (l->stop != NULL && l->stop(l->ctx)) {
		l->status = SEARCH_STOPPED;
		return false;
	}
	return true;
}

/* ICU's match callback, called every some thousand steps of a match. */
static UBool U_CALLCONV
search_match_tick(const void *ctx, int32_t steps)
{
	(void)steps;
	return search_limit_ok((struct search_limit *)ctx);
}

/* ICU's find-progress callback, called at every position a match is
 * tried from: looks at the clock once in a while. */
static UBool U_CALLCONV
search_find_tick(const void *ctx, int64_t pos)
{
	struct search_limit *l = (struct search_limit *)ctx;

	(void)pos;
	if (++l->ticks < 4096)
		return true;
	l->ticks = 0;
	return search_limit_ok(l);
}

/* Starts the clock for a regular expression over one block of len bytes. */
void
search_limit_arm(struct search_limit *l, size_t len)
{
	l->armed_ms = l->ms + l->ms_per_mb * ((double)len / (1024.0 * 1024.0));
	l->deadline = search_now_ms() + l->armed_ms;
	l->ticks = 0;
}

/* Records why a regular expression over block i ended early, if it did. */
void
search_limit_note(struct search_limit *l, UErrorCode ec, size_t i)
{
	if (ec == U_REGEX_TIME_OUT)
		l->status = SEARCH_TIMEOUT;
	if (l->status == SEARCH_TIMEOUT)
		l->block = i;
}

void
search_query_set_limit(struct search_query *q, double ms, double ms_per_mb,
		       bool (*stop)(void *ctx), void *ctx)
{
	q->lim->ms = ms > 0 ? ms : 0;
	q->lim->ms_per_mb = ms > 0 && ms_per_mb > 0 ? ms_per_mb : 0;
	q->lim->stop = stop;
	q->lim->ctx = ctx;
}

enum search_status
search_query_status(const struct search_query *q)
{
	return q->lim->status;
}

size_t
search_query_timeout_block(const struct search_query *q)
{
	return q->lim->block;
}

double
search_query_timeout_ms(const struct search_query *q)
{
	return q->lim->armed_ms;
}

struct search_query *
search_query_new(const char *text, unsigned flags, struct qerr *err)
{
	if (text == NULL || text[0] == '\0') {
		qerr_set(err, "empty search");
		return NULL;
	}
	struct search_query *q = xcalloc(1, sizeof *q);
	q->flags = flags;
	q->text = xstrdup(text);
	q->lim = xcalloc(1, sizeof *q->lim);
	q->lim->ms = SEARCH_REGEX_MS;
	q->lim->ms_per_mb = SEARCH_REGEX_MS_PER_MB;
	if (flags & SEARCH_REGEX) {
		/* uregex_openC takes invariant characters only: go through UTF-16. */
		URegularExpression *re;
		UErrorCode ec = U_ZERO_ERROR;
		UParseError pe;
		char *pat = (flags & SEARCH_EXACT) ? xstrdup(text) : search_fold_pattern(text);
		uint32_t rf = UREGEX_MULTILINE | ((flags & SEARCH_EXACT) ? 0 : UREGEX_CASE_INSENSITIVE);
		/* Check the pattern as written first, so that a position in an
		 * error is one the user typed. */
		for (int pass = 0; pass < 2; pass++) {
			const char *p = pass == 0 ? text : pat;
			int32_t n16 = 0;
			ec = U_ZERO_ERROR;
			u_strFromUTF8Lenient(NULL, 0, &n16, p, -1, &ec);
			ec = U_ZERO_ERROR;
			UChar *u = xcalloc((size_t)n16 + 1, sizeof *u);
			u_strFromUTF8Lenient(u, n16 + 1, NULL, p, -1, &ec);
			memset(&pe, 0, sizeof pe);
			re = uregex_open(u, n16, rf, &pe, &ec);
			free(u);
			if (U_FAILURE(ec)) {
				uregex_close(re);
				if (pe.offset >= 0)
					qerr_set(err, "bad regular expression '%s': %s at character %d",
						 text, u_errorName(ec), pe.offset + 1);
				else
					qerr_set(err, "bad regular expression '%s': %s",
						 text, u_errorName(ec));
				free(pat);
				search_query_free(q);
				return NULL;
			}
			if (pass == 0)
				uregex_close(re);
		}
		free(pat);
		q->re = re;
		uregex_setMatchCallback(re, search_match_tick, q->lim, &ec);
		uregex_setFindProgressCallback(re, search_find_tick, q->lim, &ec);
		return q;
	}
	if (flags & SEARCH_EXACT)
		q->needle = search_nfc(text, &q->nlen);
	else
		q->needle = fold_string_compact(text, strlen(text), &q->nlen, &q->nflen);
	search_probes(q);
	if (q->nlen == 0) {
		qerr_set(err, "'%s' has nothing loose matching looks at (marks and spaces only): "
			 "search it exactly", text);
		search_query_free(q);
		return NULL;
	}
	return q;
}

void
search_query_free(struct search_query *q)
{
	if (q == NULL)
		return;
	free(q->text);
	free(q->needle);
	uregex_close(q->re);
	free(q->lim);
	free(q);
}

char *
search_query_literal(const struct search_query *q, size_t *len)
{
	if (q->re != NULL)
		return NULL;
	if (q->flags & SEARCH_EXACT) {
		char *s = xmalloc(q->nlen + 1);
		memcpy(s, q->needle, q->nlen);
		s[q->nlen] = '\0';
		*len = q->nlen;
		return s;
	}
	return fold_string(q->text, strlen(q->text), len);
}

unsigned
search_query_flags(const struct search_query *q)
{
	return q->flags;
}

const char *
search_query_text(const struct search_query *q)
{
	return q->text;
}
