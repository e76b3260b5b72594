/* Tests of script, language and base direction guesses: hand-written
 * sentences in each supported language, bidi isolates, and the corpus. */
#include <config.h>

#include <unicode/uscript.h>

#include "model/lib.h"
#include "ingest/lib.h"
#include "tap.h"

/* Checks the script and language guessed for a sentence. */
static void
check_lang(const char *text, int script, const char *lang)
{
	size_t n = strlen(text);
	int got = langid_script(text, n);
	char name[128];

	snprintf(name, sizeof name, "script of the %s sentence", lang);
	is_long(got, script, name);
	snprintf(name, sizeof name, "language of the %s sentence", lang);
	is_str(langid_guess(text, n, got), lang, name);
}

/* One sentence per language the guesser must tell apart. */
static void
test_languages(void)
{
	check_lang("قالت وزارة التجارة الأمريكية في بيان إن الشركة لن تتمكن من بيع برامجها "
		   "على الرغم من أن القرار جاء بعد تحقيق طويل.",
		   USCRIPT_ARABIC, "ar");
	check_lang("شرکت امنیتی روسی کسپرسکی اعلام کرد که فعالیت‌های خود را در آمریکا "
		   "به تدریج تعطیل می‌کند و این تصمیم برای کارکنان دشوار است.",
		   USCRIPT_ARABIC, "fa");
	check_lang("روسی کمپنی کیسپرسکی نے کہا ہے کہ وہ امریکہ میں اپنا کاروبار بند کر "
		   "رہی ہے اور یہ فیصلہ مشکل تھا۔",
		   USCRIPT_ARABIC, "ur");
	check_lang("חברת האבטחה הרוסית הודיעה כי תסגור את פעילותה בארצות הברית.",
		   USCRIPT_HEBREW, "he");
	check_lang("La société a annoncé qu'elle fermerait ses activités aux États-Unis "
		   "après l'interdiction de ses logiciels par le gouvernement.",
		   USCRIPT_LATIN, "fr");
	check_lang("The company said it would close its business in the United States "
		   "after the government banned the sale of its software.",
		   USCRIPT_LATIN, "en");
	check_lang("Das Unternehmen hat angekündigt, dass es sein Geschäft in den "
		   "Vereinigten Staaten schließen wird, nachdem die Regierung den Verkauf "
		   "der Software verboten hat.",
		   USCRIPT_LATIN, "de");
	check_lang("La empresa anunció que cerrará sus operaciones en los Estados Unidos "
		   "después de que el gobierno prohibiera la venta de su software.",
		   USCRIPT_LATIN, "es");
	check_lang("Компания объявила, что закроет свой бизнес в Соединённых Штатах после "
		   "запрета на продажу её программ.",
		   USCRIPT_CYRILLIC, "ru");
	is_long(langid_script("2024-07-18 (12:00)", 18), USCRIPT_COMMON,
		"no letters: common script");
	is_str(langid_guess("2024", 4, USCRIPT_COMMON), "", "no letters: no language");
	is_str(langid_guess("Kaspersky Lab", 13, USCRIPT_LATIN), "",
	       "Latin without stopwords: no language");
	const char *mixed = "Kaspersky Lab شركة روسية للأمن السيبراني";
	is_long(langid_script(mixed, strlen(mixed)), USCRIPT_ARABIC,
		"the script with more letters wins");
}

/* UAX #9 P2-P3: the first strong character outside isolates. */
static void
test_base_dir(void)
{
	static const struct { const char *text; enum text_dir dir; const char *name; } cases[] = {
		{ "Kaspersky", DIR_LTR, "Latin: LTR" },
		{ "שלום", DIR_RTL, "Hebrew: RTL" },
		{ "كاسبرسكي", DIR_RTL, "Arabic (AL): RTL" },
		{ "2024 «שלום» abc", DIR_RTL, "digits and punctuation are skipped" },
		{ "تاريخ النشر: 20th, July 2024 GMT", DIR_RTL, "the corpus date line" },
		{ "", DIR_AUTO, "empty: no strong character" },
		{ "123 - 456", DIR_AUTO, "digits only: no strong character" },
		{ "\xE2\x81\xA7" "abc" "\xE2\x81\xA9" " שלום", DIR_RTL, "an RLI..PDI isolate is skipped" },
		{ "\xE2\x81\xA6" "שלום" "\xE2\x81\xA9" " abc", DIR_LTR, "an LRI..PDI isolate is skipped" },
		{ "\xE2\x81\xA8" "abc", DIR_AUTO, "an unterminated FSI hides the rest" },
		{ "\xE2\x81\xA9" "שלום", DIR_RTL, "an unmatched PDI is ignored" },
		{ "\xE2\x80\xAB" "abc", DIR_LTR, "an embedding (RLE) is not an isolate" },
		{ "\xE2\x80\x8F" "abc", DIR_RTL, "RLM is strong" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_long(langid_base_dir(cases[i].text, strlen(cases[i].text)), cases[i].dir,
			cases[i].name);
}

/* Every block of the corpus files gets the expected labels. */
static void
test_corpus(const char *corpus)
{
	static const struct { const char *file, *lang; int script; enum text_dir dir; } files[] = {
		{ "ar-kaspersky-alwafd.txt", "ar", USCRIPT_ARABIC, DIR_RTL },
		{ "fr-kaspersky.txt", "fr", USCRIPT_LATIN, DIR_LTR },
	};
	for (size_t f = 0; f < 2; f++) {
		char path[4096];
		struct qerr err;
		snprintf(path, sizeof path, "%s/%s", corpus, files[f].file);
		struct doc *d = doc_load_file(path, NULL, &err);
		if (!ok(d != NULL, "%s loads", files[f].file)) {
			diag("%s", err.msg);
			continue;
		}
		size_t same_lang = 0, same_dir = 0, labelled = 0;
		for (size_t i = 0; i < d->nblocks; i++) {
			const struct block *b = &d->blocks[i];
			if (b->kind == BLOCK_BOILERPLATE || b->kind == BLOCK_DATE)
				continue;
			labelled++;
			same_lang += strcmp(b->lang, files[f].lang) == 0 && b->script == files[f].script;
			same_dir += b->dir == files[f].dir;
		}
		is_long((long)same_lang, (long)labelled, "every text block has the language");
		is_long((long)same_dir, (long)labelled, "every text block has the direction");
		is_str(d->lang, files[f].lang, "document language");
		doc_free(d);
	}
}

/* The dominant script counts letters only, the first 48 of them, and a tie
 * goes to the lower script code; stopwords are whole words, any case. */
static void
test_script_counts(void)
{
	is_long(langid_script("ab \xCE\xB1\xCE\xB2", 7), USCRIPT_GREEK,
		"two Latin and two Greek letters: Greek, the lower code");
	is_long(langid_script("abc \xCE\xB1\xCE\xB2", 8), USCRIPT_LATIN,
		"three Latin and two Greek letters: Latin");
	is_long(langid_script("12 -- 34 !", 10), USCRIPT_COMMON, "no letters: Common");
	is_long(langid_script("\xD8\xA8\xD9\x8E", 4), USCRIPT_ARABIC, "a letter and a haraka: Arabic");
	char mixed[200];
	memset(mixed, 'a', 48);
	for (int i = 0; i < 60; i++)
		memcpy(mixed + 48 + 2 * i, "\xD7\x90", 2);
	is_long(langid_script(mixed, 168), USCRIPT_LATIN,
		"48 Latin letters then 60 Hebrew: only the first 48 letters count");
	is_str(langid_guess("THE CAT AND THE DOG", 19, USCRIPT_LATIN), "en",
		"English stopwords in capitals");
	is_str(langid_guess("theatre anderson", 16, USCRIPT_LATIN), "",
		"words that start with stopwords are not stopwords");
	is_str(langid_guess("l'homme d'affaires qu'il", 24, USCRIPT_LATIN), "fr",
		"French elisions count for French");
	is_str(langid_guess("\xD8\xA8\xD8\xB1\xD8\xA7\xDB\x8C \xD8\xA7\xDB\x8C\xD9\x86", 15, USCRIPT_ARABIC),
		"fa", "Persian stopwords");
	is_str(langid_guess("\xD9\x81\xD9\x8A\xD8\x8C\xD9\x81\xD9\x8A", 10, USCRIPT_ARABIC), "ar",
		"an Arabic comma ends a stopword");
}

int
main(void)
{
	const char *corpus = corpus_dir();

	test_languages();
	test_script_counts();
	test_base_dir();
	if (corpus != NULL)
		test_corpus(corpus);
	else
		diag("corpus absent: corpus tests not run");
	return done_testing();
}
