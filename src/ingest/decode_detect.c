/* Encoding detection for input with no byte-order mark that is not UTF-8:
 * UTF-16 told by its zero bytes, and legacy code pages from ICU's charset
 * detector, checked against what the decoded text looks like so that a
 * short file, where the detector is unsure, is still read right. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "ingest/decode_detect.h"
#include "text/lib.h"

enum {
	DETECT_SURE = 50,       /* ICU confidence taken without a second look */
	DETECT_MAX_CANDIDATES = 24,
	DETECT_MAX_SCRIPTS = 8, /* distinct scripts counted before stopping */
	DETECT_ODD_RUN = 3,     /* a word of this many Latin letters, none ASCII, is odd */
	DETECT_UTF16_MIN = 8,   /* bytes: the least that is told UTF-16 by its zeros */
};

/* Code pages tried after ICU's single-byte candidates, in order: the
 * Windows code pages of the scripts qarin is most used for, then
 * ISO-8859-6, which puts Arabic letters where windows-1256 has Latin ones.
 * windows-1256 keeps the French letters of windows-1252 where they are:
 * 1252 first, so that French is named as such (any other script reads as
 * runs of accented Latin letters in it). A Hebrew text in windows-1255
 * reads as lower-case Cyrillic in windows-1251, while a Russian one in
 * windows-1255 has final letters inside words or unassigned bytes: 1255
 * before 1251. */
static const char *const detect_fallbacks[] = {
	"windows-1252", "windows-1256", "windows-1255", "windows-1251", "ISO-8859-6",
};

/* Whether c is a control no text holds: C0 other than spacing, DEL, C1. */
static bool
detect_is_bad_control(UChar32 c)
{
	if (c < 0x20)
		return c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r';
	return c >= 0x7F && c <= 0x9F;
}

/* Whether the units u[0, n) of one byte order read as text: no U+0000, no
 * control other than spacing, no lone surrogate, nothing unassigned. */
static bool
detect_utf16_valid(const unsigned char *p, size_t n, int hi)
{
	for (size_t k = 0; k < n; k += 2) {
		UChar32 u = (UChar32)(p[k + (size_t)hi] << 8 | p[k + 1 - (size_t)hi]);
		if (U16_IS_LEAD(u)) {
			if (k + 2 >= n)
				return true; /* cut by the sample */
			UChar32 t = (UChar32)(p[k + 2 + (size_t)hi] << 8 | p[k + 3 - (size_t)hi]);
			if (!U16_IS_TRAIL(t))
				return false;
			u = U16_GET_SUPPLEMENTARY(u, t);
			k += 2;
		} else if (U16_IS_TRAIL(u)) {
			return false;
		}
		if (u == 0 || detect_is_bad_control(u) || !u_isdefined(u) ||
		    u_hasBinaryProperty(u, UCHAR_NONCHARACTER_CODE_POINT))
			return false;
	}
	return true;
}

/* Whether the sample is UTF-16 in the byte order whose high byte is at
 * offset hi of each unit: some units have a zero high byte (spaces, line
 * ends, Latin letters), more than have a zero low byte, and zero with the
 * two most frequent other high bytes (a script's block) make nine units
 * in ten. */
static bool
detect_utf16_order(const unsigned char *p, size_t n, int hi)
{
	size_t count[256] = { 0 }, units = n / 2, zero_hi = 0, zero_lo = 0;

	for (size_t k = 0; k < n; k += 2) {
		unsigned h = p[k + (size_t)hi], l = p[k + 1 - (size_t)hi];
		count[h]++;
		zero_hi += h == 0 && l != 0;
		zero_lo += l == 0;
	}
	if (zero_hi <= zero_lo)
		return false;
	size_t top1 = 0, top2 = 0;
	for (unsigned h = 1; h < 256; h++) {
		if (count[h] > top1) {
			top2 = top1;
			top1 = count[h];
		} else if (count[h] > top2) {
			top2 = count[h];
		}
	}
	if (zero_hi == 0 || (count[0] + top1 + top2) * 10 < units * 9)
		return false;
	return detect_utf16_valid(p, n, hi);
}

const char *
detect_utf16(const char *bytes, size_t len)
{
	const unsigned char *p = (const unsigned char *)bytes;
	size_t n = (len < DETECT_SAMPLE ? len : DETECT_SAMPLE) & ~(size_t)1;

	/* An odd number of bytes is no UTF-16 (unless cut by the sample). */
	if (n < DETECT_UTF16_MIN || (len <= DETECT_SAMPLE && len % 2 != 0) ||
	    memchr(p, 0, n) == NULL)
		return NULL;
	if (detect_utf16_order(p, n, 1))
		return "UTF-16LE";
	if (detect_utf16_order(p, n, 0))
		return "UTF-16BE";
	return NULL;
}

/* Whether ISO-8859-6 assigns a character to byte b. */
static bool
iso8859_6_has(unsigned b)
{
	return b < 0xA1 || b == 0xA4 || b == 0xAC || b == 0xAD || b == 0xBB ||
	       b == 0xBF || (b >= 0xC1 && b <= 0xDA) || (b >= 0xE0 && b <= 0xF2);
}

/* Whether ISO-8859-8 assigns a character to byte b. */
static bool
iso8859_8_has(unsigned b)
{
	return b < 0xA1 || (b >= 0xA2 && b <= 0xBE) || (b >= 0xDF && b <= 0xFA) ||
	       b == 0xFD || b == 0xFE;
}

/* Corrects ICU's detector where the Windows code page is the better guess:
 * bytes the ISO code page leaves unassigned mean the Windows superset. */
static const char *
detect_refine(const char *name, const unsigned char *p, size_t len)
{
	bool seen[256] = { false }, c1 = false, not6 = false, not8 = false;

	for (size_t i = 0; i < len; i++)
		seen[p[i]] = true;
	for (unsigned b = 0x80; b < 0x100; b++) {
		if (!seen[b])
			continue;
		c1 |= b < 0xA0;
		not6 |= !iso8859_6_has(b);
		not8 |= !iso8859_8_has(b);
	}
	if (strcmp(name, "ISO-8859-1") == 0 && c1)
		return "windows-1252";
	if (strcmp(name, "ISO-8859-6") == 0 && not6)
		return "windows-1256";
	if ((strcmp(name, "ISO-8859-8") == 0 || strcmp(name, "ISO-8859-8-I") == 0) && not8)
		return "windows-1255";
	return name;
}

/* What a candidate's decode of the sample looks like; lower is better, in
 * this order. */
struct detect_score {
	size_t invalid;  /* undecodable bytes, C1 and other stray controls */
	size_t scripts;  /* scripts of the non-ASCII letters, beyond the first */
	size_t odd;      /* words no text holds */
};

/* A word being read: what makes it odd. */
struct detect_word {
	size_t letters, latin, latin_ascii;
	UScriptCode script;  /* of its first letter, USCRIPT_INVALID_CODE before */
	bool lower, odd;
	bool final;          /* the last letter was a Hebrew final form */
};

void
decode_count_cb(const void *context, UConverterToUnicodeArgs *args, const char *units,
		int32_t length, UConverterCallbackReason reason, UErrorCode *err)
{
	static const UChar fffd = 0xFFFD;
	size_t *count = (size_t *)(uintptr_t)context;

	(void)units;
	if (reason > UCNV_IRREGULAR)
		return;
	*count += (size_t)(length > 0 ? length : 1);
	*err = U_ZERO_ERROR;
	ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* Whether c is one of the Hebrew letters' final forms (kaf, mem, nun, pe,
 * tsadi), which end a word and never stand inside one. */
static bool
detect_is_hebrew_final(UChar32 c)
{
	return c == 0x05DA || c == 0x05DD || c == 0x05DF || c == 0x05E3 || c == 0x05E5;
}

/* Ends a word, counting it if it is odd: letters of two scripts, a capital
 * after a small letter or a Hebrew final form before a letter inside it,
 * or a run of Latin letters none of which is ASCII (what a Latin code page
 * makes of another script). */
static void
detect_word_end(struct detect_word *w, struct detect_score *s)
{
	if (w->odd || (w->latin >= DETECT_ODD_RUN && w->latin_ascii == 0))
		s->odd++;
	*w = (struct detect_word){ .script = USCRIPT_INVALID_CODE };
}

/* Adds code point c to the running word and to the score. */
static void
detect_look(UChar32 c, struct detect_word *w, struct detect_score *s,
	    UScriptCode *seen, size_t *nseen)
{
	int8_t t = u_charType(c);
	UErrorCode e = U_ZERO_ERROR;

	if (c == 0xFFFD || detect_is_bad_control(c)) {
		s->invalid++;
		detect_word_end(w, s);
		return;
	}
	if (t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK) {
		if (w->letters == 0)
			s->odd++; /* a mark with no letter to sit on */
		return;
	}
	if (!u_isalpha(c)) {
		detect_word_end(w, s);
		return;
	}
	UScriptCode sc = uscript_getScript(c, &e);
	if (U_FAILURE(e))
		sc = USCRIPT_UNKNOWN;
	if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED) {
		if (w->script == USCRIPT_INVALID_CODE)
			w->script = sc;
		else if (w->script != sc)
			w->odd = true;
	}
	if (sc == USCRIPT_LATIN) {
		w->latin++;
		w->latin_ascii += c < 0x80;
	}
	w->odd |= w->final;
	w->final = detect_is_hebrew_final(c);
	if (t == U_UPPERCASE_LETTER || t == U_TITLECASE_LETTER)
		w->odd |= w->lower;
	else if (t == U_LOWERCASE_LETTER)
		w->lower = true;
	w->letters++;
	if (c < 0x80 || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
		return;
	for (size_t k = 0; k < *nseen; k++)
		if (seen[k] == sc)
			return;
	if (*nseen < DETECT_MAX_SCRIPTS)
		seen[(*nseen)++] = sc;
}

/* Decodes the sample with code page enc and scores what it reads as; false
 * when ICU has no such converter. whole: the sample is the whole input. */
static bool
detect_score(const char *enc, const char *bytes, size_t n, bool whole, struct detect_score *s)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(enc, &e);
	size_t bad = 0;

	if (U_FAILURE(e))
		return false;
	ucnv_setToUCallBack(cnv, decode_count_cb, &bad, NULL, NULL, &e);
	UChar *buf = xreallocarray(NULL, n + 16, sizeof *buf), *t = buf;
	const char *src = bytes;
	ucnv_toUnicode(cnv, &t, buf + n + 16, &src, bytes + n, NULL, whole, &e);
	ucnv_close(cnv);
	if (U_FAILURE(e)) {
		free(buf);
		return false;
	}

	struct detect_word w = { .script = USCRIPT_INVALID_CODE };
	UScriptCode seen[DETECT_MAX_SCRIPTS];
	size_t nseen = 0, len = (size_t)(t - buf);
	*s = (struct detect_score){ 0 };
	for (size_t k = 0; k < len;) {
		UChar32 c;
		U16_NEXT(buf, k, len, c);
		detect_look(c, &w, s, seen, &nseen);
	}
	detect_word_end(&w, s);
	free(buf);
	s->scripts = nseen > 1 ? nseen - 1 : 0;
	s->invalid = s->invalid > bad ? s->invalid : bad;
	return true;
}

/* Whether score a is better than b. */
static bool
detect_better(const struct detect_score *a, const struct detect_score *b)
{
	if (a->invalid != b->invalid)
		return a->invalid < b->invalid;
	if (a->scripts != b->scripts)
		return a->scripts < b->scripts;
	return a->odd < b->odd;
}

/* Whether ICU has a converter for name that reads a byte at a time. */
static bool
detect_single_byte(const char *name)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(name, &e);
	bool single = U_SUCCESS(e) && ucnv_getMaxCharSize(cnv) == 1;

	if (cnv != NULL)
		ucnv_close(cnv);
	return single;
}

/* Adds a candidate unless it is listed already. */
static void
detect_add(const char **names, int *confs, size_t *n, const char *name, int conf)
{
	for (size_t k = 0; k < *n; k++)
		if (strcmp(names[k], name) == 0)
			return;
	if (*n < DETECT_MAX_CANDIDATES) {
		names[*n] = name;
		confs[(*n)++] = conf;
	}
}

bool
detect_legacy(const char *bytes, size_t len, char *enc, size_t encsz, int *confidence)
{
	UErrorCode e = U_ZERO_ERROR;
	UCharsetDetector *det = ucsdet_open(&e);
	const char *names[DETECT_MAX_CANDIDATES];
	int confs[DETECT_MAX_CANDIDATES];
	size_t n = 0, sample = len < DETECT_SAMPLE ? len : DETECT_SAMPLE;
	int32_t nmatch = 0;

	if (U_FAILURE(e))
		return false;
	ucsdet_setText(det, bytes, (int32_t)sample, &e);
	const UCharsetMatch **m = ucsdet_detectAll(det, &nmatch, &e);
	if (U_FAILURE(e))
		nmatch = 0;
	/* ICU's sure or single-byte candidates, the usual code pages, then
	 * ICU's unsure multibyte ones: a few bytes of a code page decode as
	 * valid Chinese or Japanese all too easily. */
	for (int pass = 0; pass < 3; pass++) {
		if (pass == 1) {
			for (size_t k = 0; k < sizeof detect_fallbacks / sizeof *detect_fallbacks; k++)
				detect_add(names, confs, &n, detect_fallbacks[k], 0);
			continue;
		}
		for (int32_t k = 0; k < nmatch; k++) {
			UErrorCode e2 = U_ZERO_ERROR;
			const char *name = ucsdet_getName(m[k], &e2);
			int conf = ucsdet_getConfidence(m[k], &e2);
			/* Unicode encodings are told apart before; EBCDIC is
			 * never plain text. */
			if (U_FAILURE(e2) || strncmp(name, "UTF-", 4) == 0 ||
			    strncmp(name, "IBM42", 5) == 0)
				continue;
			bool first = conf >= DETECT_SURE || detect_single_byte(name);
			if (first == (pass == 0))
				detect_add(names, confs, &n,
					   detect_refine(name, (const unsigned char *)bytes, len),
					   conf);
		}
	}

	/* The first candidate that reads as text wins; ICU's own order
	 * (its language statistics) decides between those that do. */
	struct detect_score best = { 0 }, s;
	size_t pick = n;
	for (size_t k = 0; k < n; k++) {
		if (!detect_score(names[k], bytes, sample, sample == len, &s))
			continue;
		if (pick == n || detect_better(&s, &best)) {
			pick = k;
			best = s;
		}
		if (best.invalid == 0 && best.scripts == 0 && best.odd == 0)
			break;
		/* A sure detector whose decode is clean is not second-guessed
		 * over the look of a long text's words. */
		if (k == 0 && confs[0] >= DETECT_SURE && s.invalid == 0 && s.scripts == 0)
			break;
	}
	if (pick < n) {
		snprintf(enc, encsz, "%s", names[pick]);
		*confidence = confs[pick];
	}
	/* The names belong to the detector: closed only once copied. */
	ucsdet_close(det);
	return pick < n;
}
