/* Dates for anchor extraction: a day and a month name with an optional
 * year, in the month names of ICU's CLDR data for the Arabic locales of
 * every region, French, English, Hebrew, Persian and more, normalized to
 * the Gregorian (year, month, day) the anchors compare. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucal.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "align/anchor_impl.h"

/* Flags packed with the month number in the table's values. */
#define MONTH_SOLAR 0x10  /* a month of the Persian solar calendar */
#define MONTH_CAP 0x20    /* written with a capital (English May): needs one */
#define MONTH_DOT 0x40    /* an abbreviation ending in a dot or geresh */

/* Month names, folded, -> month | flags, one map per group of scripts:
 * each built once, on the first word of its group, then read-only. */
static struct strmap month_map[ASG_COUNT];
static pthread_once_t month_once[ASG_COUNT] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
};

/* Sets the entry of key: the first month seen wins, and the capital a
 * language writes is required once any language writing it wants one. */
static void
month_set(struct strmap *map, const char *key, int month, int flags)
{
	int old = strmap_get(map, key);

	if (old < 0)
		strmap_add(map, key, month | flags);
	else if ((old & 0xF) == month)
		strmap_set(map, key, old | (flags & MONTH_CAP));
}

/* Adds one month name as written in language lang: under "lang:" for
 * blocks in that language, and under "*:" for any other. */
static void
month_add(const char *name, const char *lang, int month, int flags)
{
	char buf[128], folded[128], key[160];
	size_t n = strlen(name);

	if (n == 0 || n >= sizeof buf)
		return;
	memcpy(buf, name, n + 1);
	if (buf[n - 1] == '.') {
		buf[--n] = '\0';
		flags |= MONTH_DOT;
	} else if (n >= 2 && strcmp(buf + n - 2, "׳") == 0) {
		flags |= MONTH_DOT;
	}
	if ((unsigned char)buf[0] >= 'A' && (unsigned char)buf[0] <= 'Z')
		flags |= MONTH_CAP;
	fold_anchor(buf, n, folded, sizeof folded);
	if (folded[0] == '\0')
		return;
	struct strmap *map = &month_map[anchor_script_group_of(folded)];
	snprintf(key, sizeof key, "%s:%s", lang, folded);
	month_set(map, key, month, flags);
	snprintf(key, sizeof key, "*:%s", folded);
	month_set(map, key, month, flags);
}

/* One list of month names in the data of one locale, b, alone (no
 * fallback), or false. */
static bool
month_names_direct(const UResourceBundle *b, const char *calendar, bool standalone,
		   bool abbreviated, char names[12][ANCHOR_MONTH_NAME_MAX])
{
	UErrorCode ec = U_ZERO_ERROR;
	UResourceBundle *r = ures_getByKey(b, "calendar", NULL, &ec);
	bool ok = false;

	r = ures_getByKey(r, calendar, r, &ec);
	r = ures_getByKey(r, "monthNames", r, &ec);
	r = ures_getByKey(r, standalone ? "stand-alone" : "format", r, &ec);
	r = ures_getByKey(r, abbreviated ? "abbreviated" : "wide", r, &ec);
	if (U_SUCCESS(ec) && ures_getSize(r) >= 12) {
		for (int32_t m = 0; m < 12 && U_SUCCESS(ec); m++) {
			int32_t n;
			const UChar *u = ures_getStringByIndex(r, m, &n, &ec);
			if (U_SUCCESS(ec))
				u_strToUTF8(names[m], ANCHOR_MONTH_NAME_MAX, NULL, u, n, &ec);
			if (ec == U_BUFFER_OVERFLOW_ERROR || ec == U_STRING_NOT_TERMINATED_WARNING) {
				names[m][ANCHOR_MONTH_NAME_MAX - 1] = '\0';
				ec = U_ZERO_ERROR;
			}
		}
		ok = U_SUCCESS(ec);
	}
	ures_close(r);
	return ok;
}

/* A date format (udat_open) builds a calendar, a number format and every
 * symbol of its locale: some milliseconds each, most of a small
 * comparison's start. The month names alone are read here the way its
 * symbols find them: in the locale's own data, else in its parent's (the
 * CLDR parent the data names, else the locale cut at its last part),
 * down to root; where root's stand-alone names are an alias of the
 * locale's names in a date, those are taken. */
bool
anchor_month_names(const char *locale, const char *calendar, bool standalone,
		   bool abbreviated, char names[12][ANCHOR_MONTH_NAME_MAX])
{
	char loc[ULOC_FULLNAME_CAPACITY];

	snprintf(loc, sizeof loc, "%s", locale);
	for (int depth = 0; depth < 8; depth++) {
		bool root = strcmp(loc, "root") == 0;
		if (root && standalone)
			return anchor_month_names(locale, calendar, false, abbreviated, names);
		UErrorCode ec = U_ZERO_ERROR;
		UResourceBundle *b = ures_openDirect(NULL, loc, &ec);
		char parent[ULOC_FULLNAME_CAPACITY] = "";
		if (U_SUCCESS(ec) &&
		    month_names_direct(b, calendar, standalone, abbreviated, names)) {
			ures_close(b);
			return true;
		}
		if (!root) {
			int32_t n;
			UErrorCode pe = U_ZERO_ERROR;
			const UChar *p = U_SUCCESS(ec) ? ures_getStringByKey(b, "%%Parent", &n, &pe)
						       : NULL;
			if (p != NULL && U_SUCCESS(pe)) {
				u_strToUTF8(parent, sizeof parent, NULL, p, n, &pe);
			} else {
				pe = U_ZERO_ERROR;
				uloc_getParent(loc, parent, sizeof parent, &pe);
			}
			if (U_FAILURE(pe) || parent[0] == '\0')
				snprintf(parent, sizeof parent, "root");
		}
		ures_close(b);
		if (root)
			return false;
		snprintf(loc, sizeof loc, "%s", parent);
	}
	return false;
}

/* Adds the month names of one locale's calendar (every width and
 * context, in udat_getSymbols' order: a date's wide and abbreviated, then
 * the stand-alone ones). */
static void
month_add_locale(const char *locale, const char *calendar, int flags)
{
	char lang[8];
	size_t ll = strcspn(locale, "_@");

	snprintf(lang, sizeof lang, "%.*s", (int)(ll < 7 ? ll : 7), locale);
	for (int t = 0; t < 4; t++) {
		char names[12][ANCHOR_MONTH_NAME_MAX];
		if (!anchor_month_names(locale, calendar, t >= 2, t & 1, names))
			continue;
		for (int m = 0; m < 12; m++)
			if (names[m][0] != '\0')
				month_add(names[m], lang, m + 1, flags);
	}
}

/* The locales whose month names are written in each group of scripts. */
static const char *const month_locales[ASG_COUNT][13] = {
	[ASG_LATIN] = { "fr", "en", "en_GB", "de", "es", "it", "pt", "tr" },
	[ASG_ARABIC] = { "ar", "ar_EG", "ar_SA", "ar_IQ", "ar_SY", "ar_LB", "ar_JO", "ar_PS",
			 "ar_DZ", "ar_TN", "ar_MA", "ar_LY", "fa" },
	[ASG_HEBREW] = { "he" },
	[ASG_CYRILLIC] = { "ru" },
};

/* Builds the month map of one group from ICU, then the few spellings CLDR
 * lacks. A name lands in the map of its own script's group, so a locale
 * listed under a group must write its months in that group's script. */
static void
month_build(enum anchor_script_group g)
{
	/* Common spellings not in CLDR: Egyptian يونيه/يوليه, Persian جولای... */
	static const struct { const char *name, *lang; int month; } extra[] = {
		{ "يونيه", "ar", 6 }, { "يوليه", "ar", 7 }, { "أغسطس", "ar", 8 }, { "اغسطس", "ar", 8 },
		{ "إبريل", "ar", 4 }, { "جولای", "fa", 7 }, { "ژوئیه", "fa", 7 }, { "آگوست", "fa", 8 },
		{ "اوت", "fa", 8 }, { "Sept", "en", 9 }, { "sept", "fr", 9 }, { "juil", "fr", 7 },
		{ "fév", "fr", 2 }, { "janv", "fr", 1 },
	};
	for (size_t i = 0; i < 13 && month_locales[g][i] != NULL; i++)
		month_add_locale(month_locales[g][i], "gregorian", 0);
	if (g == ASG_ARABIC)
		month_add_locale("ur", "gregorian", 0);
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
		if (anchor_script_group_of(extra[i].name) == g)
			month_add(extra[i].name, extra[i].lang, extra[i].month, 0);
	if (g == ASG_ARABIC)
		month_add_locale("fa", "persian", MONTH_SOLAR);
}

static void month_build_latin(void) { month_build(ASG_LATIN); }
static void month_build_arabic(void) { month_build(ASG_ARABIC); }
static void month_build_hebrew(void) { month_build(ASG_HEBREW); }
static void month_build_cyrillic(void) { month_build(ASG_CYRILLIC); }

/* The month map of the group of a folded word, built on first use. */
static const struct strmap *
month_map_of(const char *folded)
{
	static void (*const build[ASG_COUNT])(void) = {
		[ASG_LATIN] = month_build_latin, [ASG_ARABIC] = month_build_arabic,
		[ASG_HEBREW] = month_build_hebrew, [ASG_CYRILLIC] = month_build_cyrillic,
	};
	enum anchor_script_group g = anchor_script_group_of(folded);

	pthread_once(&month_once[g], build[g]);
	return &month_map[g];
}

/* The map value of a folded word (or two) for a block in language lang:
 * that language's spelling first, then any language's; -1 when none. */
static int
month_lookup(const char *lang, const char *w1, const char *w2)
{
	char buf[200];
	int v;

	char word[160];
	const struct strmap *map = month_map_of(w1);

	anchor_join(word, sizeof word, w1, w2 ? " " : "", w2 ? w2 : "");
	if (lang[0] != '\0') {
		anchor_join(buf, sizeof buf, lang, ":", word);
		if ((v = strmap_get(map, buf)) >= 0)
			return v;
	}
	anchor_join(buf, sizeof buf, "*:", word, "");
	return strmap_get(map, buf);
}

int
anchor_month_at(const struct ablock *ab, const struct atoks *t, size_t i, size_t *ntok,
		bool *solar)
{
	const struct atok *k = &t->v[i];
	char folded[64], second[64], var[6][64];

	*ntok = 0;
	*solar = false;
	if (k->kind != ATOK_WORD || k->end - k->start >= sizeof folded)
		return 0;
	fold_anchor(ab->text + k->start, k->end - k->start, folded, sizeof folded);
	second[0] = '\0';
	if (i + 1 < t->n && t->v[i + 1].kind == ATOK_WORD && t->v[i + 1].space_before &&
	    t->v[i + 1].end - t->v[i + 1].start < sizeof second)
		fold_anchor(ab->text + t->v[i + 1].start, t->v[i + 1].end - t->v[i + 1].start,
			    second, sizeof second);
	int nv = anchor_clitic_variants(folded, k->script, false, var, 6);
	if (nv == 0 && folded[0] != '\0') {
		snprintf(var[0], 64, "%s", folded);
		nv = 1; /* one-letter words are never months, but keep the logic simple */
	}
	for (int v = 0; v < nv; v++) {
		int val = -1;
		size_t n = 1;
		if (second[0] != '\0' && (val = month_lookup(ab->lang, var[v], second)) >= 0)
			n = 2;
		else
			val = month_lookup(ab->lang, var[v], NULL);
		if (val < 0)
			continue;
		if ((val & MONTH_CAP) && !k->cap)
			return 0;
		/* The dot of an abbreviation belongs to it. */
		if ((val & MONTH_DOT) && i + n < t->n && t->v[i + n].kind == ATOK_PUNCT &&
		    !t->v[i + n].space_before &&
		    (t->v[i + n].punct == '.' || t->v[i + n].punct == 0x05F3 || t->v[i + n].punct == '\''))
			n++;
		*ntok = n;
		*solar = (val & MONTH_SOLAR) != 0;
		return val & 0xF;
	}
	return 0;
}

/* A token that can be the day of a date. */
static bool
is_day(const struct atok *k)
{
	return k->kind == ATOK_NUM && k->role == AROLE_NONE && k->integer && !k->percent &&
	       !k->glued && k->ndigits <= 2 && k->value >= 1 && k->value <= 31;
}

/* A token that can be the year of a date (Gregorian or solar). */
static bool
is_year(const struct atok *k, bool solar)
{
	if (k->kind != ATOK_NUM || k->role != AROLE_NONE || !k->integer || k->percent ||
	    k->ordinal || k->glued || k->ndigits != 4)
		return false;
	return solar ? k->value >= 1200 && k->value <= 1600 : k->value >= 1000 && k->value <= 2999;
}

/* Skips a comma (or the word "de", "del") between the parts of a date. */
static size_t
skip_joiner(const struct ablock *ab, const struct atoks *t, size_t j)
{
	if (j < t->n && t->v[j].kind == ATOK_PUNCT &&
	    (t->v[j].punct == ',' || t->v[j].punct == 0x060C || t->v[j].punct == '.'))
		return j + 1;
	if (j < t->n && t->v[j].kind == ATOK_WORD) {
		size_t n = t->v[j].end - t->v[j].start;
		const char *s = ab->text + t->v[j].start;
		if ((n == 2 && strncmp(s, "de", 2) == 0) || (n == 3 && strncmp(s, "del", 3) == 0))
			return j + 1;
	}
	return j;
}

/* The month at j, and the second month name of a dual form ("يوليو/ تموز"):
 * returns the month (0 when none) and the index of its last token. */
static int
month_with_dual(const struct ablock *ab, const struct atoks *t, size_t j, size_t *last,
		bool *solar)
{
	size_t n, n2;
	bool s2;
	int m = j < t->n ? anchor_month_at(ab, t, j, &n, solar) : 0;

	if (m == 0)
		return 0;
	*last = j + n - 1;
	size_t k = *last + 1;
	if (k + 1 < t->n && t->v[k].kind == ATOK_PUNCT && (t->v[k].punct == '/' || t->v[k].punct == '-') &&
	    anchor_month_at(ab, t, k + 1, &n2, &s2) == m && s2 == *solar)
		*last = k + n2;
	return m;
}

/* Converts a Persian solar date to the Gregorian one; false on failure. */
static bool
solar_to_gregorian(int *y, int *m, int *d)
{
	UErrorCode ec = U_ZERO_ERROR;
	UChar utc[] = { 'U', 'T', 'C', 0 };
	UCalendar *p = ucal_open(utc, -1, "fa@calendar=persian", UCAL_DEFAULT, &ec);
	UCalendar *g = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN, &ec);
	bool ok = false;

	if (U_SUCCESS(ec)) {
		ucal_clear(p);
		ucal_setDate(p, *y, *m - 1, *d ? *d : 1, &ec);
		UDate t = ucal_getMillis(p, &ec);
		ucal_setMillis(g, t, &ec);
		int gy = ucal_get(g, UCAL_YEAR, &ec), gm = ucal_get(g, UCAL_MONTH, &ec) + 1;
		int gd = ucal_get(g, UCAL_DATE, &ec);
		if (U_SUCCESS(ec)) {
			*y = gy;
			*m = gm;
			if (*d)
				*d = gd;
			ok = *d != 0; /* a solar month alone does not map to one Gregorian month */
		}
	}
	if (p)
		ucal_close(p);
	if (g)
		ucal_close(g);
	return ok;
}

/* Records a date over tokens first..last. */
static void
date_mark(struct atoks *t, size_t first, size_t last, int y, int m, int d)
{
	struct atok *k = &t->v[first];

	k->role = AROLE_DATE;
	k->last = last;
	k->year = y;
	k->month = m;
	k->day = d;
	for (size_t j = first + 1; j <= last; j++)
		t->v[j].role = AROLE_PART;
}

/* Whether the month name alone at tokens i..last is a date: written in
 * the two Arabic forms (فبراير/شباط), which only a month has, or after a
 * preposition of time (in January, en janvier, since May). */
static bool
month_alone_is_date(const struct ablock *ab, const struct atoks *t, size_t i, size_t last)
{
	static const char *const before[] = { "in", "since", "until", "from", "en", "depuis",
					      "jusqu'en", "dès" };

	if (last > i && t->v[i].script == USCRIPT_ARABIC)
		return true;
	if (i == 0 || t->v[i].script != USCRIPT_LATIN || t->v[i - 1].kind != ATOK_WORD)
		return false;
	const struct atok *p = &t->v[i - 1];
	size_t n = p->end - p->start;
	for (size_t k = 0; k < sizeof before / sizeof *before; k++)
		if (strlen(before[k]) == n && strncasecmp(ab->text + p->start, before[k], n) == 0)
			return true;
	return false;
}

void
anchor_dates_find(const struct ablock *ab, struct atoks *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct atok *k = &t->v[i];
		size_t last;
		bool solar;
		int y = 0, m, d = 0;

		if (k->role != AROLE_NONE)
			continue;
		if (k->kind == ATOK_DATE) {
			date_mark(t, i, i, k->year, k->month, k->day);
			continue;
		}
		if (is_day(k)) {
			/* 29 septembre 2024, 20th, July 2024, 20. Juli, 20 de julio de 2024 */
			size_t j = skip_joiner(ab, t, i + 1);
			m = month_with_dual(ab, t, j, &last, &solar);
			if (m == 0)
				continue;
			d = (int)k->value;
			size_t yj = skip_joiner(ab, t, last + 1);
			if (yj < t->n && is_year(&t->v[yj], solar)) {
				y = (int)t->v[yj].value;
				last = yj;
			}
		} else if (k->kind == ATOK_WORD) {
			/* September 29, 2024; July 2024; مارس 2014 */
			m = month_with_dual(ab, t, i, &last, &solar);
			if (m == 0)
				continue;
			size_t j = last + 1;
			if (j < t->n && is_day(&t->v[j]) && !t->v[j].ordinal) {
				d = (int)t->v[j].value;
				last = j;
				size_t yj = skip_joiner(ab, t, j + 1);
				if (yj < t->n && is_year(&t->v[yj], solar)) {
					y = (int)t->v[yj].value;
					last = yj;
				}
			} else if (j < t->n && is_year(&t->v[j], solar)) {
				y = (int)t->v[j].value;
				last = j;
			} else if (!month_alone_is_date(ab, t, i, last)) {
				continue; /* a month name alone: مارس, ماي, a surname */
			}
		} else {
			continue;
		}
		if (solar && (y == 0 || !solar_to_gregorian(&y, &m, &d)))
			continue;
		date_mark(t, i, last, y, m, d);
	}
}

bool
anchor_is_month_word(const char *lang, const char *folded)
{
	char buf[200];
	int v;

	if (lang[0] != '\0') {
		anchor_join(buf, sizeof buf, lang, ":", folded);
		v = strmap_get(month_map_of(folded), buf);
	} else {
		v = month_lookup("", folded, NULL);
	}
	return v >= 0 && !(v & MONTH_SOLAR);
}
