/* Tests of anchor extraction and pairing: numbers in every digit system,
 * dates with month names of many spellings, names across scripts, country
 * names, their exact doc->text ranges, and the name matcher on the corpus. */
#include <config.h>

#include <time.h>

#include "qarin/anchor.h"
#include "qarin/doc.h"
#include "tap.h"

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

/* Numeric dates and dates with month names. */
static void
test_dates(void)
{
	check("2024-07-18", ANCHOR_DATE, WANT("2024-07-18=2024-07-18"), "ISO date");
	check("Published 2024-07-18.", ANCHOR_NUMBER, NONE, "an ISO date is no number");
}

/* Names in Latin text. */
static void
test_names_latin(void)
{
	check("Selon la British Broadcasting Corporation (BBC), Kaspersky réduit ses activités.",
	      ANCHOR_NAME,
	      WANT("british=British", "broadcasting=Broadcasting", "corporation=Corporation", "bbc=BBC",
		   "kaspersky=Kaspersky"),
	      "capitals and acronyms, not the sentence's first word");
}

int
main(void)
{
	test_numbers();
	test_dates();
	test_names_latin();
	return done_testing();
}
