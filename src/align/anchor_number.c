/* Numbers for anchor extraction: digits of any decimal system (Latin,
 * Arabic-Indic, Persian...), thousands separators and decimal marks read by
 * the block's language, percentages, ordinals and ISO numeric dates. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "align/anchor_impl.h"

/* Runs of digits kept per number: 1,234,567,890.5 has five. */
#define NUMBER_RUNS 8
#define NUMBER_DIGITS 40

struct digit_run {
	size_t start, end;          /* byte range in the block text */
	char d[NUMBER_DIGITS + 1];  /* the digits in ASCII */
	int n;
};

/* The value of a decimal digit of any script, or -1. */
static int
digit_value(UChar32 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c < 0x80 || !u_isdigit(c))
		return -1;
	int v = u_charDigitValue(c);
	return v >= 0 && v <= 9 ? v : -1;
}

/* The code point at byte pos (and the offset past it in *next), or -1. */
static UChar32
peek(const struct ablock *ab, size_t pos, size_t *next)
{
	int32_t i = (int32_t)pos;
	UChar32 c;

	if (pos >= ab->len)
		return -1;
	U8_NEXT((const uint8_t *)ab->text, i, (int32_t)ab->len, c);
	*next = (size_t)i;
	return c;
}

/* Reads a run of digits at pos; false when there is none. */
static bool
read_run(const struct ablock *ab, size_t pos, struct digit_run *r)
{
	size_t next;
	UChar32 c;

	r->start = pos;
	r->n = 0;
	while ((c = peek(ab, pos, &next)) >= 0 && digit_value(c) >= 0) {
		if (r->n < NUMBER_DIGITS)
			r->d[r->n++] = (char)('0' + digit_value(c));
		pos = next;
	}
	r->d[r->n] = '\0';
	r->end = pos;
	return r->n > 0;
}

/* Whether the block's language writes decimals with a comma. */
static bool
lang_decimal_comma(const char *lang)
{
	static const char *const comma[] = { "fr", "de", "es", "it", "pt", "ru", "nl", "pl",
					     "tr", "id", "ro", "sv", "da", "fi", "nb", "cs",
					     "uk", "el", "ca" };
	for (size_t i = 0; i < sizeof comma / sizeof *comma; i++)
		if (strcmp(lang, comma[i]) == 0)
			return true;
	return false;
}

/* Whether c may separate the digit runs of one number. */
static bool
is_separator(const struct ablock *ab, UChar32 c)
{
	switch (c) {
	case ',': case '.': case 0x066B: case 0x066C: case 0x00A0: case 0x202F:
	case 0x2009: case '-': case '/':
		return true;
	case ' ':
		return lang_decimal_comma(ab->lang);
	default:
		return false;
	}
}

/* Whether the separator only ever groups thousands. */
static bool
is_group_only(UChar32 c)
{
	return c == 0x066C || c == 0x00A0 || c == 0x202F || c == 0x2009 || c == ' ';
}

void
anchor_number_key(const char *intpart, const char *frac, bool percent, char *key, size_t cap)
{
	while (intpart[0] == '0' && intpart[1] != '\0')
		intpart++;
	size_t fl = strlen(frac);
	while (fl > 0 && frac[fl - 1] == '0')
		fl--;
	if (fl > 0)
		snprintf(key, cap, "%s.%.*s%s", intpart, (int)fl, frac, percent ? "%" : "");
	else
		snprintf(key, cap, "%s%s", intpart, percent ? "%" : "");
}

/* Reads a numeric date from the runs: ISO (2024-07-18, 2024/07/18), or
 * day, month and year (18/07/2024, 18.07.2024; month first in English
 * unless the day says otherwise); true when it is one. */
static bool
numeric_date(const struct ablock *ab, const struct digit_run *r, const UChar32 *sep, int nr,
	     struct atok *t)
{
	int y, m, d;

	if (nr < 3 || sep[1] != sep[0] || r[1].n < 1 || r[1].n > 2)
		return false;
	if (r[0].n == 4 && (sep[0] == '-' || sep[0] == '/') && r[2].n >= 1 && r[2].n <= 2) {
		y = atoi(r[0].d);
		m = atoi(r[1].d);
		d = atoi(r[2].d);
	} else if (r[0].n >= 1 && r[0].n <= 2 && r[2].n == 4 &&
		   (sep[0] == '-' || sep[0] == '/' || sep[0] == '.')) {
		d = atoi(r[0].d);
		m = atoi(r[1].d);
		y = atoi(r[2].d);
		if ((strcmp(ab->lang, "en") == 0 && d <= 12) || m > 12) {
			int x = d;
			d = m;
			m = x;
		}
	} else {
		return false;
	}
	if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	t->kind = ATOK_DATE;
	t->year = y;
	t->month = m;
	t->day = d;
	t->end = r[2].end;
	return true;
}

/* How many runs make the number, after checking the thousands groups;
 * *dec gets the index of the run after the decimal mark, or -1. */
static int
number_runs(const struct ablock *ab, const struct digit_run *r, const UChar32 *sep, int nr,
	    int *dec)
{
	UChar32 decmark = lang_decimal_comma(ab->lang) ? ',' : '.';
	int ndot = 0, ncomma = 0;

	*dec = -1;
	/* Dates and ranges are not numbers: stop at the first dash or slash. */
	for (int k = 0; k < nr - 1; k++)
		if (sep[k] == '-' || sep[k] == '/') {
			nr = k + 1;
			break;
		}
	for (int k = 0; k < nr - 1; k++) {
		if (sep[k] == 0x066B) { /* the Arabic decimal separator */
			*dec = k + 1;
			nr = k + 2;
			break;
		}
		ndot += sep[k] == '.';
		ncomma += sep[k] == ',';
	}
	if (*dec < 0 && nr > 1) {
		int last = nr - 2;
		UChar32 ls = sep[last];
		if (ls == '.' || ls == ',') {
			int same = ls == '.' ? ndot : ncomma;
			if (ndot > 0 && ncomma > 0 && same == 1)
				*dec = last + 1; /* 1,234.5 or 1.234,5 */
			else if (same == 1 && (ls == decmark || r[last + 1].n != 3))
				*dec = last + 1; /* 3,5 in French, 3.5 in English */
		}
	}
	/* Thousands groups: one to three digits, then groups of three. */
	int groups = *dec > 0 ? *dec : nr;
	for (int k = 1; k < groups; k++) {
		bool ok = r[0].n <= 3 && r[k].n == 3;
		UChar32 s = sep[k - 1];
		if (ok && k > 1 && sep[k - 2] != s && !is_group_only(s))
			ok = false;
		if (!ok) {
			*dec = -1;
			return k;
		}
	}
	/* A single space groups only when it is followed by exactly three
	 * digits; anything else already stopped above. */
	return nr;
}

/* The ordinal suffix at pos (20th, 12e, 1er, 2ème, 3ᵉ), or 0 bytes. */
static size_t
ordinal_suffix(const struct ablock *ab, size_t pos)
{
	static const char *const sfx[] = { "st", "nd", "rd", "th", "e", "er", "re", "eme", "ere",
					   "ème", "ère", "ᵉ", "ᵉʳ", "º", "ª", "è" };
	size_t end = pos, next;
	UChar32 c;
	char buf[16];
	size_t n = 0;

	while ((c = peek(ab, end, &next)) >= 0 &&
	       (u_isalpha(c) || c == 0x1D49 || c == 0x02B3 || c == 0xBA || c == 0xAA)) {
		if (next - end + n >= sizeof buf)
			return 0;
		memcpy(buf + n, ab->text + end, next - end);
		n += next - end;
		end = next;
	}
	buf[n] = '\0';
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	for (size_t i = 0; i < sizeof sfx / sizeof *sfx; i++)
		if (strcmp(buf, sfx[i]) == 0)
			return end - pos;
	return 0;
}

size_t
anchor_number_scan(const struct ablock *ab, size_t pos, struct atok *t)
{
	struct digit_run r[NUMBER_RUNS];
	UChar32 sep[NUMBER_RUNS];
	int nr = 0;
	size_t p = pos, next, next2;

	if (!read_run(ab, p, &r[nr]))
		return pos;
	nr++;
	while (nr < NUMBER_RUNS) {
		UChar32 c = peek(ab, r[nr - 1].end, &next);
		if (c < 0 || !is_separator(ab, c))
			break;
		UChar32 d = peek(ab, next, &next2);
		if (d < 0 || digit_value(d) < 0)
			break;
		sep[nr - 1] = c;
		read_run(ab, next, &r[nr]);
		nr++;
	}
	t->start = pos;
	if (numeric_date(ab, r, sep, nr, t))
		return t->end;

	int dec;
	nr = number_runs(ab, r, sep, nr, &dec);
	char intpart[NUMBER_DIGITS * 2 + 1] = "", frac[NUMBER_DIGITS + 1] = "";
	int groups = dec > 0 ? dec : nr;
	for (int k = 0; k < groups; k++)
		if (strlen(intpart) + (size_t)r[k].n < sizeof intpart)
			strcat(intpart, r[k].d);
	if (dec > 0)
		snprintf(frac, sizeof frac, "%s", r[dec].d);
	t->kind = ATOK_NUM;
	t->end = r[nr - 1].end;
	t->integer = dec < 0;
	t->ndigits = (int)strlen(intpart);
	t->value = -1;
	if (t->integer && t->ndigits <= 18) {
		long v = 0;
		for (const char *s = intpart; *s; s++)
			v = v * 10 + (*s - '0');
		t->value = v;
	}

	/* A percent sign, right after or after one space. */
	p = t->end;
	UChar32 c = peek(ab, p, &next);
	if (c == ' ' || c == 0x00A0 || c == 0x202F) {
		size_t n2;
		UChar32 d = peek(ab, next, &n2);
		if (d == '%' || d == 0x066A || d == 0xFF05) {
			c = d;
			next = n2;
		}
	}
	if (c == '%' || c == 0x066A || c == 0xFF05) {
		t->percent = true;
		t->end = next;
	} else if (t->integer) {
		size_t n = ordinal_suffix(ab, t->end);
		if (n > 0) {
			t->ordinal = true;
			t->end += n;
		}
	}
	anchor_number_key(intpart, frac, t->percent, t->key, sizeof t->key);
	return t->end;
}
