/* Tests of anchor extraction and pairing: numbers in every digit system,
 * dates with month names of many spellings, names across scripts, country
 * names, their exact doc->text ranges, and the name matcher on the corpus. */
#include <config.h>

#include "align/lib.h"
#include "ingest/lib.h"
#include "model/lib.h"
#include "text/lib.h"
#include "tap.h"

#include <unicode/udat.h>
#include <unicode/ustring.h>

/* Loads text as a plain-text document (aborts when it cannot). */
static struct doc *
load(const char *text)
{
	struct doc_opts opts = { .format = DOC_FORMAT_TEXT };
	struct qerr err = { 0 };
	struct doc *d = doc_load_memory("test.txt", text, strlen(text), &opts, &err);

	if (d == NULL) {
		printf("Bail out! cannot load a test document\n");
		exit(1);
	}
	return d;
}

/* Prints the anchors of a list, for diagnosing a failure. */
static void
dump(const struct doc *d, const struct anchor_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		diag("  %s %s%s '%.*s' @%zu+%zu", anchor_kind_name(l->v[i].kind), l->v[i].key,
		     l->v[i].weak ? " (weak)" : "", (int)l->v[i].len, d->text + l->v[i].start,
		     l->v[i].start, l->v[i].len);
}

/* Checks that text has exactly the anchors of kind (weak names left out)
 * listed in want as "key=written text" lines, with exact ranges: the
 * written text is looked up in doc->text after the previous one. */
static void
check(const char *text, enum anchor_kind kind, const char *const *want, const char *name)
{
	struct doc *d = load(text);
	struct anchor_list l = { 0 };
	size_t n = 0, from = 0;
	bool good = true;

	anchor_extract_doc(d, &l);
	for (size_t i = 0; i < l.n; i++) {
		const struct anchor *a = &l.v[i];
		if (a->kind != kind || a->weak)
			continue;
		if (want[n] == NULL) {
			good = false;
			break;
		}
		const char *eq = strchr(want[n], '=');
		size_t kl = (size_t)(eq - want[n]);
		const char *at = strstr(d->text + from, eq + 1);
		size_t start = at ? (size_t)(at - d->text) : SIZE_MAX;
		if (strlen(a->key) != kl || strncmp(a->key, want[n], kl) != 0 || a->start != start ||
		    a->len != strlen(eq + 1)) {
			good = false;
			diag("anchor %zu: want %s @%zu+%zu", n, want[n], start, strlen(eq + 1));
			break;
		}
		from = a->start + a->len;
		n++;
	}
	if (good && want[n] != NULL)
		good = false;
	if (!ok(good, "%s", name))
		dump(d, &l);
	anchor_list_free(&l);
	doc_free(d);
}

#define WANT(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NONE ((const char *const[]){ NULL })

/* Numbers of every digit system and notation. */
static void
test_numbers(void)
{
	check("The company had about 9% of the market in 2014 and 1,234 staff.",
	      ANCHOR_NUMBER, WANT("9%=9%", "2014=2014", "1234=1,234"), "English numbers");
	check("La part atteint 3,5 % et 12,75 millions, soit 1 234 567 euros ou 1.234 postes.",
	      ANCHOR_NUMBER, WANT("3.5%=3,5 %", "12.75=12,75", "1234567=1 234 567", "1234=1.234"),
	      "French decimal comma and grouping");
	check("بلغت حصتها السوقية حوالي ٩٪ في عام ٢٠١٤ و٣٫٥ مليون و١٢٬٣٤٥ مستخدم.",
	      ANCHOR_NUMBER, WANT("9%=٩٪", "2014=٢٠١٤", "3.5=٣٫٥", "12345=١٢٬٣٤٥"),
	      "Arabic-Indic digits and separators");
	check("سهم شرکت ۱۴۰۳ بار و ۲۵٪ رشد کرد.",
	      ANCHOR_NUMBER, WANT("1403=۱۴۰۳", "25%=۲۵٪"), "Persian digits");
	check("Le 12e Forum et le 1er prix, the 20th edition and 3.50 dollars.",
	      ANCHOR_NUMBER, WANT("12=12e", "1=1er", "20=20th", "3.5=3.50"), "ordinals");
	check("The G7 met with MP3 makers.", ANCHOR_NUMBER, NONE, "digits glued to letters are no numbers");
}

/* Numeric dates and dates with month names of every spelling. */
static void
test_dates(void)
{
	check("2024-07-18", ANCHOR_DATE, WANT("2024-07-18=2024-07-18"), "ISO date");
	check("Published 2024-07-18.", ANCHOR_NUMBER, NONE, "an ISO date is no number");
	check("le 18/07/2024 et le 18.07.2024, ou 2024/07/18", ANCHOR_DATE,
	      WANT("2024-07-18=18/07/2024", "2024-07-18=18.07.2024", "2024-07-18=2024/07/18"),
	      "numeric dates, day first");
	check("on 07/18/2024 and 07/08/2024", ANCHOR_DATE,
	      WANT("2024-07-18=07/18/2024", "2024-07-08=07/08/2024"), "numeric dates, month first in English");
	check("le 18.07.2024", ANCHOR_NUMBER, NONE, "a numeric date is no number");
	check("2017-2018 and 12/13/14", ANCHOR_DATE, NONE, "ranges and two-digit years are no dates");
	check("حتى 29 سبتمبر 2024، لتقليل", ANCHOR_DATE, WANT("2024-09-29=29 سبتمبر 2024"),
	      "Egyptian month name with day and year");
	check("حتى 29 سبتمبر 2024، لتقليل", ANCHOR_NUMBER, NONE, "a date's numbers are no numbers");
	check("jusqu'au 29 septembre, mais", ANCHOR_DATE, WANT("0000-09-29=29 septembre"),
	      "French day and month");
	check("until September 29, the company", ANCHOR_DATE, WANT("0000-09-29=September 29"),
	      "English month then day");
	check("تاريخ النشر: 20th, July 2024 GMT", ANCHOR_DATE, WANT("2024-07-20=20th, July 2024"),
	      "English ordinal day, comma, month, year");
	check("à partir du 20 juillet.", ANCHOR_DATE, WANT("0000-07-20=20 juillet"), "French 20 juillet");
	check("في 16 يوليو/ تموز 2024 أعلنت", ANCHOR_DATE, WANT("2024-07-16=16 يوليو/ تموز 2024"),
	      "dual month form");
	check("في 16 تموز 2024 وفي 3 أيلول", ANCHOR_DATE,
	      WANT("2024-07-16=16 تموز 2024", "0000-09-03=3 أيلول"), "Levantine month names");
	check("يوم 5 جويلية 2023 و12 شتنبر", ANCHOR_DATE,
	      WANT("2023-07-05=5 جويلية 2023", "0000-09-12=12 شتنبر"), "Maghrebi month names");
	check("في 7 كانون الثاني 2015", ANCHOR_DATE, WANT("2015-01-07=7 كانون الثاني 2015"),
	      "two-word month name");
	check("Le 1er sept. 2024 et le 3 févr.", ANCHOR_DATE,
	      WANT("2024-09-01=1er sept. 2024", "0000-02-03=3 févr."), "French abbreviations and 1er");
	check("הודיעה ב-20 ביולי 2024 כי", ANCHOR_DATE, WANT("2024-07-20=20 ביולי 2024"),
	      "Hebrew month with its prefix");
	check("در ۲۹ سپتامبر ۲۰۲۴ اعلام کرد", ANCHOR_DATE, WANT("2024-09-29=۲۹ سپتامبر ۲۰۲۴"),
	      "Persian Gregorian month");
	check("در ۲۹ شهریور ۱۴۰۳ اعلام کرد", ANCHOR_DATE, WANT("2024-09-19=۲۹ شهریور ۱۴۰۳"),
	      "Persian solar date converted");
	check("في مارس 2014، مما أدى", ANCHOR_DATE, WANT("2014-03-00=مارس 2014"), "month and year");
	check("Am 20. Juli 2024 und el 5 de julio de 2023", ANCHOR_DATE,
	      WANT("2024-07-20=20. Juli 2024", "2023-07-05=5 de julio de 2023"), "German and Spanish");

	/* Month names that are words or names: no date without a day or year. */
	check("قال مارس إن الفريق فاز", ANCHOR_DATE, NONE, "مارس alone is no date");
	check("وقال أحمد مايو إن الأمر انتهى", ANCHOR_DATE, NONE, "مايو as a surname");
	check("جاء ماي إلى المدينة", ANCHOR_DATE, NONE, "ماي alone");
	/* a month alone is a date in the two Arabic forms, which only a month
	 * has, and after a preposition of time; the verb may never is */
	check("في حزيران/ يونيو، على الرغم", ANCHOR_DATE, WANT("0000-06-00=حزيران/ يونيو"),
	      "a dual month form alone is a month");
	check("They may come in May.", ANCHOR_DATE, WANT("0000-05-00=May"),
	      "English may is no date, in May is a month");
	check("They may come to May.", ANCHOR_DATE, NONE, "May without a preposition of time");
	check("They may 5 times", ANCHOR_DATE, NONE, "lower-case may before a number");
	check("در تیر ۳ نفر", ANCHOR_DATE, NONE, "a solar month without a year");
}

/* Finds the first anchor of kind whose text is s; NULL when none. */
static const struct anchor *
find(const struct doc *d, const struct anchor_list *l, enum anchor_kind kind, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind == kind && l->v[i].len == strlen(s) &&
		    memcmp(d->text + l->v[i].start, s, l->v[i].len) == 0)
			return &l->v[i];
	return NULL;
}

/* Whether the pairs hold a pair of the anchors written sa in a and sb in b. */
static bool
paired(const struct doc *da, const struct anchor_list *la, const struct doc *db,
       const struct anchor_list *lb, const struct anchor_pairs *p, const char *sa, const char *sb)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct anchor *x = &la->v[p->v[i].a], *y = &lb->v[p->v[i].b];
		if (x->len == strlen(sa) && memcmp(da->text + x->start, sa, x->len) == 0 &&
		    y->len == strlen(sb) && memcmp(db->text + y->start, sb, y->len) == 0)
			return true;
	}
	return false;
}

/* Date agreement: every field both dates have. */
static void
test_date_match(void)
{
	struct anchor a = { .kind = ANCHOR_DATE, .year = 2024, .month = 9, .day = 29 };
	struct anchor b = { .kind = ANCHOR_DATE, .month = 9, .day = 29 };
	struct anchor c = { .kind = ANCHOR_DATE, .year = 2023, .month = 9, .day = 29 };
	struct anchor e = { .kind = ANCHOR_DATE, .year = 2024, .month = 7, .day = 20 };
	struct anchor f = { .kind = ANCHOR_DATE, .month = 7, .day = 20 };

	ok(anchor_match(&a, &a) == 1, "a date matches itself fully");
	ok(anchor_match(&a, &b) > 0.6 && anchor_match(&a, &b) < 1, "29 سبتمبر 2024 matches 29 septembre");
	ok(anchor_match(&e, &f) > 0.6, "20th, July 2024 matches 20 juillet");
	ok(anchor_match(&a, &c) == 0, "different years do not match");
	ok(anchor_match(&a, &e) == 0, "different months do not match");

	struct anchor n1 = { .kind = ANCHOR_NUMBER, .key = "9%" }, n2 = { .kind = ANCHOR_NUMBER, .key = "9" };
	struct anchor n3 = { .kind = ANCHOR_NUMBER, .key = "9%" };
	is_long((long)(anchor_match(&n1, &n3) * 100), 100, "9% matches ٩٪ fully");
	is_long((long)(anchor_match(&n1, &n2) * 100), 50, "9% half matches 9");
}

/* Names in Latin text and Latin names inside other scripts. */
static void
test_names_latin(void)
{
	check("Selon la British Broadcasting Corporation (BBC), Kaspersky réduit ses activités.",
	      ANCHOR_NAME,
	      WANT("british=British", "broadcasting=Broadcasting", "corporation=Corporation", "bbc=BBC",
		   "kaspersky=Kaspersky"),
	      "capitals and acronyms, not the sentence's first word");
	check("Après l'annonce, Elle a dit. Cela fait partie.", ANCHOR_NAME, NONE,
	      "sentence-initial common words are no names");
	check("KASPERSKY VA FERMER SES ACTIVITÉS AVEC LA BBC", ANCHOR_NAME,
	      WANT("fermer=FERMER", "activites=ACTIVITÉS", "bbc=BBC"),
	      "a title in capitals: no stop words, no first word");
	check("قررت شركة الأمن السيبراني Kaspersky Lab تقليص عملياتها، حسب BBC وMcAfee.",
	      ANCHOR_NAME, WANT("kaspersky=Kaspersky", "lab=Lab", "bbc=BBC", "mcafee=McAfee"),
	      "Latin words inside Arabic text");
	check("Об этом сообщил пресс-секретарь Кремля Дмитрий Песков.", ANCHOR_NAME,
	      WANT("kremlya=Кремля", "dmitriy=Дмитрий", "peskov=Песков"), "Cyrillic capitals transliterated");
}

/* Pairs the names of an Arabic (or Hebrew) text with those of a Latin one. */
static void
test_names_cross(void)
{
	struct doc *ar = load("قالت كاسبرسكي إن زاخاروفا وريموندو وبايدن ووكالة تاس وبيسكوف "
			      "تحدثوا بدون توقف عن فرص لاعب في التوسع مع بوتين ولكاسبرسكي.");
	struct doc *fr = load("Kaspersky, Zakharova, Raimondo, Biden, l'agence TASS et Peskov ont parlé "
			      "des Affaires, du Forum, du Lab et de Poutine.");
	struct doc *he = load("חברת קספרסקי הודיעה כי ביידן ופסקוב וזכרובה דיברו.");
	struct anchor_list la = { 0 }, lf = { 0 }, lh = { 0 };
	struct anchor_pairs p = { 0 }, ph = { 0 };

	anchor_extract_doc(ar, &la);
	anchor_extract_doc(fr, &lf);
	anchor_extract_doc(he, &lh);
	anchor_pairs_find(&la, &lf, &p);
	anchor_pairs_find(&lh, &lf, &ph);
	static const char *const want[][2] = {
		{ "كاسبرسكي", "Kaspersky" }, { "زاخاروفا", "Zakharova" }, { "وريموندو", "Raimondo" },
		{ "وبايدن", "Biden" }, { "تاس", "TASS" }, { "وبيسكوف", "Peskov" },
		{ "ولكاسبرسكي", "Kaspersky" }, { "بوتين", "Poutine" },
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		ok(paired(ar, &la, fr, &lf, &p, want[i][0], want[i][1]), "%s pairs with %s",
		   want[i][0], want[i][1]);
	static const char *const unwanted[][2] = {
		{ "بدون", "Biden" }, { "فرص", "Affaires" }, { "فرص", "Forum" }, { "لاعب", "Lab" },
		{ "التوسع", "TASS" }, { "بوتين", "Biden" },
	};
	for (size_t i = 0; i < sizeof unwanted / sizeof *unwanted; i++)
		ok(!paired(ar, &la, fr, &lf, &p, unwanted[i][0], unwanted[i][1]),
		   "%s does not pair with %s", unwanted[i][0], unwanted[i][1]);
	size_t names = 0;
	for (size_t i = 0; i < p.n; i++)
		names += la.v[p.v[i].a].kind == ANCHOR_NAME;
	is_long((long)names, (long)(sizeof want / sizeof *want), "no other name pairs");

	static const char *const hwant[][2] = {
		{ "קספרסקי", "Kaspersky" }, { "ביידן", "Biden" }, { "ופסקוב", "Peskov" },
		{ "וזכרובה", "Zakharova" },
	};
	for (size_t i = 0; i < sizeof hwant / sizeof *hwant; i++)
		ok(paired(he, &lh, fr, &lf, &ph, hwant[i][0], hwant[i][1]), "Hebrew %s pairs with %s",
		   hwant[i][0], hwant[i][1]);

	/* The name matcher alone: روسيا and Russie as transliterated words. */
	struct anchor r1 = { .kind = ANCHOR_NAME, .key = "rwsya" }, r2 = { .kind = ANCHOR_NAME, .key = "russie" };
	struct anchor r3 = { .kind = ANCHOR_NAME, .key = "frs" }, r4 = { .kind = ANCHOR_NAME, .key = "forum" };
	ok(anchor_match(&r1, &r2) > 0.9, "rwsya (روسيا) matches russie");
	ok(anchor_match(&r3, &r4) == 0, "frs (فرص) does not match forum");
	if (!ok(find(ar, &la, ANCHOR_NAME, "بدون") == NULL, "a common Arabic word is no name candidate"))
		dump(ar, &la);

	anchor_pairs_free(&p);
	anchor_pairs_free(&ph);
	anchor_list_free(&la);
	anchor_list_free(&lf);
	anchor_list_free(&lh);
	doc_free(ar);
	doc_free(fr);
	doc_free(he);
}

/* Country names from ICU's display names, with clitics and elision. */
static void
test_places(void)
{
	check("في الولايات المتحدة وبالولايات المتحدة وروسيا وأمريكا", ANCHOR_PLACE,
	      WANT("US=الولايات المتحدة", "US=وبالولايات المتحدة", "RU=وروسيا", "US=وأمريكا"),
	      "Arabic country names with clitics and article");
	check("aux États-Unis et aux Etats-Unis, en Russie et la guerre d'Ukraine.", ANCHOR_PLACE,
	      WANT("US=États-Unis", "US=Etats-Unis", "RU=Russie", "UA=Ukraine"),
	      "French country names, accents and elision");
	check("The United States, the UK, the U.S. and Saudi Arabia.", ANCHOR_PLACE,
	      WANT("US=United States", "GB=UK", "US=U.S", "SA=Saudi Arabia"), "English country names");
	check("Санкции США, ответ: Россия", ANCHOR_PLACE, WANT("US=США", "RU=Россия"),
	      "Russian country names");
	check("הם נפגשו בישראל ובארצות הברית", ANCHOR_PLACE, WANT("IL=בישראל", "US=ובארצות הברית"),
	      "Hebrew country names with prefixes");
	check("وقال الرئيس الروسي إن الدعم المالي كبير", ANCHOR_PLACE, NONE,
	      "adjectives and المالي are no places");
	check("des porcelaines de chine et une dinde (turkey)", ANCHOR_PLACE, NONE,
	      "lower-case words are no places in Latin text");
	check("the United States' policy", ANCHOR_NAME, NONE, "a place is not also a name");
	/* Letter variants that search unified and anchors did not: one
	 * table of variants now (text/fold.c). */
	check("في السعوديە وفي السعودية", ANCHOR_PLACE,
	      WANT("SA=السعوديە", "SA=السعودية"), "U+06D5 ae as heh (teh marbuta's fold)");
	check("زيارة أمريڪا وأمريكا", ANCHOR_PLACE, WANT("US=أمريڪا", "US=وأمريكا"),
	      "U+06AA swash kaf as kaf");
	check("في السعوديۃ اليوم", ANCHOR_PLACE, WANT("SA=السعوديۃ"),
	      "U+06C3 teh marbuta goal as heh");
	check("ٲمريكا وٳمريكا", ANCHOR_PLACE, WANT("US=ٲمريكا", "US=وٳمريكا"),
	      "U+0672 and U+0673 alef with wavy hamza as alef");
	check("في السعوديةٴ اليوم", ANCHOR_PLACE, WANT("SA=السعوديةٴ"),
	      "U+0674 high hamza dropped");
	char a[64], b[64];
	fold_anchor("Kırıkkale", strlen("Kırıkkale"), a, sizeof a);
	fold_anchor("Kirikkale", strlen("Kirikkale"), b, sizeof b);
	is_str(a, b, "dotless i as i in anchor keys, as in search");
}
/* Ranges of blocks whose text was rewritten (Markdown), one block at a
 * time, counts, and text that must not break the scanner. */
static void
test_blocks(void)
{
	const char *md = "# Titre\n\nLe **29 septembre**, *Kaspersky* a perdu 9 % aux [États-Unis](http://x).\n";
	struct doc_opts opts = { .format = DOC_FORMAT_MARKDOWN };
	struct qerr err = { 0 };
	struct doc *d = doc_load_memory("t.md", md, strlen(md), &opts, &err);
	struct anchor_list l = { 0 };

	if (!ok(d != NULL && d->nblocks == 2, "Markdown test document has two blocks")) {
		doc_free(d);
		return;
	}
	anchor_extract_block(d, 1, &l);
	static const char *const want[][3] = {
		{ "date", "0000-09-29", "29 septembre" }, { "name", "kaspersky", "Kaspersky" },
		{ "number", "9%", "9 %" }, { "place", "US", "États-Unis" },
	};
	bool good = l.n == sizeof want / sizeof *want;
	for (size_t i = 0; good && i < l.n; i++) {
		const char *at = strstr(d->text, want[i][2]);
		good = strcmp(anchor_kind_name(l.v[i].kind), want[i][0]) == 0 &&
		       strcmp(l.v[i].key, want[i][1]) == 0 && l.v[i].block == 1 &&
		       at != NULL && l.v[i].start == (size_t)(at - d->text) && l.v[i].len == strlen(want[i][2]);
	}
	if (!ok(good, "Markdown block: anchors map to the source text"))
		dump(d, &l);
	anchor_list_free(&l);
	doc_free(d);

	d = load("Kaspersky et كاسبرسكي le 2024-07-18 en Russie: 3 et 4.");
	anchor_extract_doc(d, &l);
	size_t counts[ANCHOR_KIND_COUNT];
	anchor_count(&l, counts);
	ok(counts[ANCHOR_NUMBER] == 2 && counts[ANCHOR_DATE] == 1 && counts[ANCHOR_NAME] == 1 &&
	   counts[ANCHOR_PLACE] == 1, "counts by kind leave the weak name out");
	const struct anchor *w = find(d, &l, ANCHOR_NAME, "كاسبرسكي");
	ok(w != NULL && w->weak && strcmp(w->key, "kasbrsky") == 0 && strcmp(w->skel, "ksbrsk") == 0,
	   "an Arabic word is a weak name with its transliteration and skeleton");
	is_str(anchor_kind_name(ANCHOR_PLACE), "place", "kind names");
	anchor_list_free(&l);
	doc_free(d);

	/* Long digit runs, lone separators, stray marks, a huge word. */
	char junk[4096];
	size_t n = 0;
	n += (size_t)snprintf(junk + n, sizeof junk - n, "1,2,3,4 .5 5. 1٫ ٬3 %% ٪ ");
	for (int i = 0; i < 60; i++)
		junk[n++] = (char)('0' + i % 10);
	n += (size_t)snprintf(junk + n, sizeof junk - n, " 12,345,67 1.234,5 ");
	for (int i = 0; i < 300; i++)
		junk[n++] = 'a';
	n += (size_t)snprintf(junk + n, sizeof junk - n, " \xd9\x8e\xd9\x8e 31 32 janvier 0 mars");
	junk[n] = '\0';
	d = load(junk);
	anchor_extract_doc(d, &l);
	good = true;
	for (size_t i = 0; i < l.n; i++)
		good &= l.v[i].start + l.v[i].len <= d->len && l.v[i].key[0] != '\0';
	ok(good && l.n > 0, "odd text: every anchor inside the text, with a key");
	const struct anchor *g = find(d, &l, ANCHOR_NUMBER, "1.234,5");
	is_str(g ? g->key : NULL, "1234.5", "1.234,5 with both marks");
	g = find(d, &l, ANCHOR_DATE, "31");
	ok(g == NULL, "32 janvier is no date, and 31 not a date alone");
	anchor_list_free(&l);
	doc_free(d);
}

/* A key repeated on both sides gives pairs at the same relative place,
 * not every combination. */
static void
test_pairs_frequent(void)
{
	struct anchor_list a = { 0 }, b = { 0 };
	struct anchor_pairs p = { 0 };
	struct anchor x = { .kind = ANCHOR_NUMBER, .key = "2024" };

	a.cap = b.cap = 200;
	a.v = xcalloc(a.cap, sizeof *a.v);
	b.v = xcalloc(b.cap, sizeof *b.v);
	for (size_t i = 0; i < 100; i++) {
		a.v[a.n++] = x;
		b.v[b.n++] = x;
	}
	anchor_pairs_find(&a, &b, &p);
	bool near = true;
	for (size_t i = 0; i < p.n; i++)
		near &= p.v[i].a + 1 >= p.v[i].b && p.v[i].b + 1 >= p.v[i].a;
	ok(p.n > 100 && p.n < 400 && near, "a frequent key pairs occurrences at the same place (%zu pairs)", p.n);
	anchor_pairs_free(&p);
	a.n = b.n = 10;
	anchor_pairs_find(&a, &b, &p);
	is_long((long)p.n, 100, "a rare key pairs every occurrence");
	anchor_pairs_free(&p);
	anchor_list_free(&a);
	anchor_list_free(&b);
}

/* How the name pairs of la (anchors of ar) against lb match the nwant
 * expected (Arabic as written, other side's key): *distinct different
 * pairs, *wrong of them not expected, *hits expected ones found. */
static void
score_name_pairs(const struct doc *ar, const struct anchor_list *la,
		 const struct anchor_list *lb, const struct anchor_pairs *p,
		 const char *const (*want)[2], size_t nwant, size_t *distinct, size_t *wrong,
		 size_t *hits)
{
	enum { MAXSEEN = 128 };
	bool *found = calloc(nwant, sizeof *found);
	char seen[MAXSEEN][160];

	*distinct = *wrong = *hits = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct anchor *x = &la->v[p->v[i].a], *y = &lb->v[p->v[i].b];
		char pair[160];
		if (x->kind != ANCHOR_NAME)
			continue;
		snprintf(pair, sizeof pair, "%.*s|%s", (int)x->len, ar->text + x->start, y->key);
		size_t k;
		for (k = 0; k < *distinct && strcmp(seen[k], pair) != 0; k++)
			;
		if (k < *distinct || *distinct == MAXSEEN)
			continue;
		snprintf(seen[(*distinct)++], sizeof seen[0], "%s", pair);
		bool good = false;
		for (size_t w = 0; w < nwant; w++) {
			char e[160];
			snprintf(e, sizeof e, "%s|%s", want[w][0], want[w][1]);
			if (strcmp(e, pair) == 0)
				good = found[w] = true;
		}
		if (!good) {
			(*wrong)++;
			diag("other name pair %s", pair);
		}
	}
	for (size_t w = 0; w < nwant; w++) {
		*hits += found[w];
		if (!found[w])
			diag("missed name pair %s <-> %s", want[w][0], want[w][1]);
	}
	free(found);
}

/* The names of the corpus's second Arabic article (Britain and Gaza)
 * against an English summary full of capitals: the name pairs expected,
 * and the share of other pairs (a two-consonant word may still meet a
 * two-consonant name: قاسيا and Gaza). */
static void
test_corpus_english(const struct doc *ar, const struct anchor_list *la)
{
	static const char *const want[][2] = {
		{ "ترامب", "trump" }, { "لترامب", "trump" }, { "واشنطن", "washington" },
		{ "ستارمر", "starmer" }, { "نتنياهو", "netanyahu" }, { "لامي", "lammy" },
		{ "ولامي", "lammy" }, { "بوتين", "putin" }, { "أوسوليفان", "sullivan" },
		{ "موسكو", "moscow" }, { "وموسكو", "moscow" }, { "روبيو", "rubio" }, { "الناتو", "nato" },
		{ "مارك", "mark" }, { "ماركو", "marco" }, { "وادفول", "wadephul" },
		{ "هوتوفلي", "hotovely" }, { "هندريكس", "hendrix" }, { "ماكرون", "macron" },
		{ "لكييف", "kyiv" }, { "لرويترز", "reuters" }, { "لبريكزت", "brexit" }, { "كير", "keir" },
		{ "كارني", "carney" }, { "فولوديمير", "volodymyr" }, { "فلاديمير", "vladimir" },
		{ "ستيف", "steve" }, { "زيلينسكي", "zelensky" }, { "ديفيد", "david" },
		{ "دونالد", "donald" }, { "تسيبي", "tzipi" }, { "بوست", "post" },
		{ "الأوكراني", "ukrainian" }, { "إيمانويل", "emmanuel" }, { "أوليفيا", "olivia" },
	};
	enum { NWANT = sizeof want / sizeof *want };
	struct doc *en = load(
		"Britain drifts from the US over Gaza and Ukraine\n\n"
		"A report in the Washington Post by its London bureau chief, Steve Hendrix, says the "
		"British Labour government is quietly separating parts of its diplomacy from the Trump "
		"administration.\n\n"
		"Hours after President Donald Trump hinted he would not impose more sanctions on Russia "
		"this week, Britain joined the European Union in imposing more sanctions on Russia.\n\n"
		"Foreign Secretary David Lammy suspended trade talks with Israel on Tuesday and summoned "
		"its ambassador, Tzipi Hotovely.\n\n"
		"Olivia O'Sullivan, director of the UK in the World programme at Chatham House, a think "
		"tank in London, said the move was significant.\n\n"
		"Prime Minister Keir Starmer joined French President Emmanuel Macron and Canadian Prime "
		"Minister Mark Carney in demanding that Israel halt its military operations. Secretary of "
		"State Marco Rubio said such measures were useless, while Ukrainian President Volodymyr "
		"Zelensky pressed Trump. German Foreign Minister Johann Wadephul told Reuters he expected "
		"more. Netanyahu was criticised. Vladimir Putin spoke with Trump for two hours, and NATO "
		"and Brexit were mentioned, with Kyiv and Moscow.\n");
	struct anchor_list le = { 0 };
	struct anchor_pairs p = { 0 };
	size_t distinct, wrong, hits;

	anchor_extract_doc(en, &le);
	anchor_pairs_find(la, &le, &p);
	score_name_pairs(ar, la, &le, &p, want, NWANT, &distinct, &wrong, &hits);
	double precision = distinct ? (double)(distinct - wrong) / (double)distinct : 0;
	diag("Arabic report vs English summary: %zu distinct name pairs, precision %.1f%%, recall %.1f%%",
	     distinct, 100 * precision, 100.0 * (double)hits / NWANT);
	is_long((long)hits, NWANT, "English summary: every expected name pair found");
	ok(precision >= 0.95, "English summary: name pair precision at least 95%%");
	anchor_pairs_free(&p);
	anchor_list_free(&le);
	doc_free(en);
}

/* The name pairs the corpus pair must give (Arabic as written, French
 * key), and nothing else: precision and recall of the name matcher. */
static void
test_corpus(void)
{
	static const char *const want[][2] = {
		{ "Kaspersky", "kaspersky" }, { "Lab", "lab" }, { "كاسبرسكي", "kaspersky" },
		{ "كاسبيرسكي", "kaspersky" }, { "کاسبرسکی", "kaspersky" }, { "لاب", "lab" },
		{ "بايدن", "biden" }, { "زاخاروفا", "zakharova" }, { "ماريا", "maria" },
		{ "ريموندو", "raimondo" }, { "لرايموندو", "raimondo" }, { "تاس", "tass" },
		{ "واشنطن", "washington" }, { "السيليكون", "silicon" }, { "لرويترز", "reuters" },
	};
	enum { NWANT = sizeof want / sizeof *want };
	const char *dir = corpus_dir();
	char path[2][4096];
	struct doc_opts opts = { 0 };
	struct qerr err = { 0 };

	if (dir == NULL) {
		diag("corpus absent: corpus tests skipped");
		return;
	}
	snprintf(path[0], sizeof path[0], "%s/ar-kaspersky-alwafd.txt", dir);
	snprintf(path[1], sizeof path[1], "%s/fr-kaspersky.txt", dir);
	struct doc *ar = doc_load_file(path[0], &opts, &err);
	struct doc *fr = ar ? doc_load_file(path[1], &opts, &err) : NULL;
	if (!ok(ar != NULL && fr != NULL, "corpus pair loads")) {
		doc_free(ar);
		return;
	}
	struct anchor_list la = { 0 }, lf = { 0 };
	struct anchor_pairs p = { 0 };
	anchor_extract_doc(ar, &la);
	anchor_extract_doc(fr, &lf);
	anchor_pairs_find(&la, &lf, &p);

	/* Distinct (Arabic text, French key) name pairs. */
	size_t distinct, wrong, hits;
	score_name_pairs(ar, &la, &lf, &p, want, NWANT, &distinct, &wrong, &hits);
	diag("corpus name pairs: %zu distinct, precision %.1f%%, recall %.1f%%", distinct,
	     distinct ? 100.0 * (double)(distinct - wrong) / (double)distinct : 0.0,
	     100.0 * (double)hits / NWANT);
	is_long((long)hits, NWANT, "corpus: every expected name pair found");
	is_long((long)wrong, 0, "corpus: no other name pair");
	ok(paired(ar, &la, fr, &lf, &p, "روسيا", "Russie"), "corpus: روسيا pairs with Russie");
	ok(paired(ar, &la, fr, &lf, &p, "الولايات المتحدة", "États-Unis"),
	   "corpus: الولايات المتحدة pairs with États-Unis");
	ok(paired(ar, &la, fr, &lf, &p, "29 سبتمبر 2024", "29 septembre"),
	   "corpus: the 29 September deadline pairs");
	ok(paired(ar, &la, fr, &lf, &p, "20th, July 2024", "20 juillet"),
	   "corpus: 20th, July 2024 pairs with 20 juillet");
	ok(paired(ar, &la, fr, &lf, &p, "2017", "2017"), "corpus: 2017 pairs");
	const struct anchor *pct = find(ar, &la, ANCHOR_NUMBER, "9%");
	is_str(pct ? pct->key : NULL, "9%", "corpus: the 9% market share is a number");

	test_corpus_english(ar, &la);

	size_t counts[ANCHOR_KIND_COUNT];
	anchor_count(&lf, counts);
	diag("French counts: %zu numbers, %zu dates, %zu names, %zu places", counts[ANCHOR_NUMBER],
	     counts[ANCHOR_DATE], counts[ANCHOR_NAME], counts[ANCHOR_PLACE]);
	is_long((long)counts[ANCHOR_DATE], 6, "corpus: the French report's dates");

	anchor_pairs_free(&p);
	anchor_list_free(&la);
	anchor_list_free(&lf);
	doc_free(ar);
	doc_free(fr);
}

/* The month names read from the locale data are those ICU's date formats
 * give (udat_getSymbols), for every locale the anchors take names from,
 * in every width and context, and the Persian calendar's. */
static void
test_month_names(void)
{
	static const char *const locales[] = {
		"fr", "en", "en_GB", "de", "es", "it", "pt", "tr", "ar", "ar_EG", "ar_SA",
		"ar_IQ", "ar_SY", "ar_LB", "ar_JO", "ar_PS", "ar_DZ", "ar_TN", "ar_MA",
		"ar_LY", "fa", "ur", "he", "ru", "fa@calendar=persian",
	};
	static const UDateFormatSymbolType types[] = {
		UDAT_MONTHS, UDAT_SHORT_MONTHS, UDAT_STANDALONE_MONTHS,
		UDAT_STANDALONE_SHORT_MONTHS,
	};

	for (size_t i = 0; i < sizeof locales / sizeof *locales; i++) {
		bool persian = strchr(locales[i], '@') != NULL;
		char loc[64], first[ANCHOR_MONTH_NAME_MAX] = "";
		int differ = 0, compared = 0;
		UErrorCode ec = U_ZERO_ERROR;

		snprintf(loc, sizeof loc, "%s%s", locales[i], persian ? "" : "@calendar=gregorian");
		UDateFormat *f = udat_open(UDAT_NONE, UDAT_MEDIUM, loc, NULL, 0, NULL, 0, &ec);
		for (int t = 0; t < 4 && U_SUCCESS(ec); t++) {
			char names[12][ANCHOR_MONTH_NAME_MAX];
			char stem[8];
			snprintf(stem, sizeof stem, "%.*s", (int)strcspn(locales[i], "@"), locales[i]);
			if (!anchor_month_names(stem, persian ? "persian" : "gregorian", t >= 2,
						t & 1, names)) {
				differ += 12;
				continue;
			}
			for (int m = 0; m < 12; m++) {
				UChar u[64];
				char want[ANCHOR_MONTH_NAME_MAX];
				UErrorCode e2 = U_ZERO_ERROR;
				int32_t n = udat_getSymbols(f, types[t], m, u, 64, &e2);
				u_strToUTF8(want, sizeof want, NULL, u, n, &e2);
				compared++;
				if (U_FAILURE(e2) || strcmp(want, names[m]) != 0) {
					if (differ++ == 0)
						printf("# %s type %d month %d: date format \"%s\", data \"%s\"\n",
						       loc, t, m + 1, U_SUCCESS(e2) ? want : "?", names[m]);
				}
				if (t == 0 && m == 0)
					snprintf(first, sizeof first, "%s", names[0]);
			}
		}
		ok(U_SUCCESS(ec) && compared == 48 && differ == 0,
		   "month names of %s as its date format has them (%d compared, %d differ; January: %s)",
		   loc, compared, differ, first);
		if (f != NULL)
			udat_close(f);
	}
}

int
main(void)
{
	test_numbers();
	test_dates();
	test_month_names();
	test_date_match();
	test_names_latin();
	test_names_cross();
	test_places();
	test_blocks();
	test_pairs_frequent();
	test_corpus();
	return done_testing();
}
