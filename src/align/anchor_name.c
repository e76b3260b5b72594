/* Names for anchor extraction: Latin words inside other scripts, capitals
 * and acronyms in Latin text, and words of Arabic, Hebrew and Cyrillic
 * text transliterated with ICU to lower-case ASCII, reduced to a consonant
 * skeleton so that كاسبرسكي and Kaspersky meet. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "ingest/lib.h"
#include "text/lib.h"
#include "align/anchor_impl.h"

/* Built once (name_once), then read-only. */
static pthread_once_t name_once = PTHREAD_ONCE_INIT;
/* Stop words (folded): never names. Built once, then read-only. */
static struct strmap name_stop;

/* Common words that start sentences or are capitalized in titles, in the
 * Latin-script languages qarin reads, folded (no accents). */
static const char *const stop_latin[] = {
	/* French */
	"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "et", "ou",
	"mais", "donc", "or", "ni", "car", "ce", "cet", "cette", "ces", "il", "elle", "ils",
	"elles", "on", "nous", "vous", "je", "tu", "ca", "cela", "ceci", "en", "dans", "par",
	"pour", "sur", "sous", "avec", "sans", "selon", "apres", "avant", "depuis", "pendant",
	"lors", "concernant", "suite", "alors", "ainsi", "cependant", "toutefois", "pourtant",
	"enfin", "puis", "quand", "lorsque", "si", "comme", "qui", "que", "quoi", "dont", "leur",
	"leurs", "son", "sa", "ses", "mon", "ma", "mes", "notre", "nos", "votre", "vos", "tout",
	"tous", "toute", "toutes", "aucun", "aucune", "chaque", "plusieurs", "certains",
	"certaines", "autre", "autres", "meme", "entre", "vers", "chez", "contre", "malgre",
	"parmi", "outre", "voici", "voila", "oui", "non", "tres", "plus", "moins", "bien",
	"aussi", "deja", "encore", "toujours", "jamais", "rien", "hier", "aujourd", "demain",
	"nouvelles", "mise", "jour", "lire", "voir", "ici", "cet", "ne", "pas", "se", "y",
	"quant", "face", "pres", "afin", "a", "est", "sont", "va", "vont", "ont", "fait",
	"dit", "etait", "sera",
	/* English */
	"the", "an", "and", "but", "so", "if", "in", "on", "at", "by", "for", "with", "from",
	"to", "of", "as", "after", "before", "during", "since", "while", "when", "where", "which",
	"who", "what", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
	"you", "i", "his", "her", "their", "our", "my", "there", "here", "then", "however",
	"although", "though", "also", "not", "no", "yes", "all", "some", "many", "most", "more",
	"much", "such", "each", "every", "other", "another", "both", "either", "neither",
	"according", "following", "despite", "because", "meanwhile", "moreover", "furthermore",
	"yet", "still", "even", "just", "only", "now", "today", "yesterday", "tomorrow", "read",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "is",
	"are", "was", "were", "be", "has", "have", "had", "do", "does", "did", "will", "would",
	"can", "could", "should", "may", "might", "must", "said", "says", "mr", "mrs", "ms",
	/* German, Spanish, Italian, Portuguese */
	"der", "die", "das", "ein", "eine", "und", "oder", "aber", "im", "am", "an", "auf", "mit",
	"von", "zu", "fur", "nach", "bei", "aus", "es", "er", "sie", "wir", "ich", "nicht",
	"auch", "wie", "wenn", "als", "dass", "el", "los", "las", "y", "o", "pero", "con", "del",
	"por", "para", "segun", "tras", "desde", "il", "lo", "gli", "e", "di", "da", "per",
	"che", "os", "as", "em", "no", "na", "com", "um", "uma",
	/* Cyrillic words are transliterated before this check */
	"v", "i", "na", "s", "po", "no", "eto", "kak", "chto",
};

/* Common Arabic, Hebrew and Persian words (folded, article and و taken off) that
 * look like transliterated names to the skeleton: never name candidates. */
static const char *const stop_rtl[] = {
	"كانت", "كان", "يكون", "تكون", "بدون", "دون", "حيث", "بين", "قال", "قالت", "يوم",
	"عام", "خلال", "حول", "غير", "عبر", "الي", "علي", "التي", "الذي", "الذين", "ذلك",
	"تلك", "هذا", "هذه", "هناك", "لكن", "ليس", "ليست", "مثل", "بعد", "قبل", "منذ", "حتي",
	"اكثر", "اول", "اولي", "ثاني", "ثلاث", "ثلاثه", "سنوات", "سنه", "شهر", "اشهر", "ايضا",
	"فيها", "فيه", "عليها", "عليه", "اليها", "منها", "منه", "عنها", "كما", "بما", "وقت",
	"اخري", "اخر", "دوليه", "دولي", "ماضي", "الماضي", "حكومه", "شركه", "شركات", "وزاره",
	"وزير", "رئيس", "برامج", "برنامج", "امن", "سوق", "اسواق", "عمليات", "بيان", "قرار",
	"حظر", "الان", "انه", "انها", "اني", "نحن", "هو", "هي", "هم", "كل", "اي", "ان", "او",
	"ام", "بل", "لا", "ما", "من", "في", "عن", "مع", "يا", "قد", "لقد", "تم", "يتم",
	"ביותר", "אבל", "אחרי", "לפני", "היה", "היתה", "הייתה", "כמו", "יותר", "אשר", "כאשר",
	"עוד", "כבר", "גם", "רק", "אין", "יש", "זאת", "זה", "הוא", "היא", "הם", "הן", "אני",
	"אנחנו", "אתה", "כי", "אם", "על", "אל", "עם", "של", "את", "או", "לא", "כל", "מאוד",
	"שנים", "שנה", "יום", "חברה", "חברת", "ממשלה", "ממשלת",
	/* Persian (folded: ي, ك), prepositions and pronouns */
	"بر", "در", "از", "كه", "را", "با", "به", "تا", "اين", "براي", "نيز", "وي", "او",
	"است", "بود", "شد", "كرد", "اما", "اگر", "چون", "هر", "پس", "پيش",
};

/* Fills the stop list. */
static void
name_build(void)
{
	for (size_t i = 0; i < sizeof stop_latin / sizeof *stop_latin; i++)
		strmap_add(&name_stop, stop_latin[i], 1);
	for (size_t i = 0; i < sizeof stop_rtl / sizeof *stop_rtl; i++)
		strmap_add(&name_stop, stop_rtl[i], 1);
}

/* Keeps the lower-case ASCII letters of s in out. */
static void
ascii_letters(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || c == '\'')
			out[o++] = c;
	}
	out[o] = '\0';
}

/* The transliterator of a script's name keys, or -1 (Latin and the rest,
 * or a script ICU cannot transliterate here). */
static int
name_translit_of(int script)
{
	enum translit_id id;

	switch (script) {
	case USCRIPT_ARABIC: id = TRANSLIT_KEY_ARABIC; break;
	case USCRIPT_HEBREW: id = TRANSLIT_KEY_HEBREW; break;
	case USCRIPT_CYRILLIC: id = TRANSLIT_KEY_CYRILLIC; break;
	case USCRIPT_GREEK: id = TRANSLIT_KEY_GREEK; break;
	default: return -1;
	}
	return translit_available(id) ? (int)id : -1;
}

/* Transliterates folded UTF-8 of a non-Latin script to lower-case ASCII
 * (text/translit.c opens each script's transliterator on its first word). */
static void
name_transliterate(const char *folded, int script, char *key, size_t cap)
{
	int id = name_translit_of(script);
	struct strbuf out = STRBUF_INIT;

	key[0] = '\0';
	if (id < 0) {
		ascii_letters(folded, key, cap);
		return;
	}
	size_t len = strlen(folded);
	if (utf8_count(folded, len) >= 64 || !translit_utf8((enum translit_id)id, folded, len, &out)) {
		strbuf_free(&out);
		return;
	}
	/* Keep the ayin (ʿ) as a consonant of its own: لاعب is no "lab". */
	char *p;
	while ((p = strstr(out.data, "\xCA\xBF")) != NULL) {
		*p = '\'';
		memmove(p + 1, p + 2, strlen(p + 2) + 1);
	}
	ascii_letters(out.data, key, cap);
	strbuf_free(&out);
}

/* Whether c is a vowel (or a letter ICU writes for a long vowel or glide). */
static bool
is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 'w' ||
	       c == 'h';
}

/* The consonant class of key[i], advancing *i past digraphs; 0 for a vowel. */
static char
consonant_class(const char *k, size_t *i)
{
	char c = k[*i], d = k[*i + 1];

	if (d == 'h' && (c == 's' || c == 'c' || c == 'k' || c == 't' || c == 'p' || c == 'g' ||
			 c == 'z' || c == 'd')) {
		(*i)++;
		switch (c) {
		case 's': case 'c': return 's';
		case 'k': case 'g': return 'k';
		case 't': return 't';
		case 'd': return 'd';
		case 'p': return 'f';
		default: return 'j';
		}
	}
	if (c == 'c' && d == 'k') {
		(*i)++;
		return 'k';
	}
	if (c == 'd' && d == 'j') {
		(*i)++;
		return 'j';
	}
	switch (c) {
	case 'b': case 'p': return 'b';
	case 'f': case 'v': return 'f';
	case 'c': return d == 'e' || d == 'i' || d == 'y' ? 's' : 'k';
	case 'k': case 'q': case 'g': return 'k';
	case 's': case 'z': return 's';
	case 'x': return 'x';
	case 'd': case 't': case 'j': case 'l': case 'm': case 'n': case 'r': case '\'': return c;
	default: return 0;
	}
}

void
anchor_skeleton(const char *key, char *skel, size_t cap)
{
	size_t o = 0;

	for (size_t i = 0; key[i] && o + 2 < cap; i++) {
		char c = consonant_class(key, &i);
		/* A first ayin is a vowel to Latin ears (عباس, Abbas). */
		if (c == 0 || (c == '\'' && o == 0))
			continue;
		if (c == 'x') {
			if (o == 0 || skel[o - 1] != 'k')
				skel[o++] = 'k';
			c = 's';
		}
		if (o == 0 || skel[o - 1] != c)
			skel[o++] = c;
	}
	skel[o] = '\0';
}

void
anchor_name_loose(const char *key, char *out, size_t cap)
{
	size_t o = 0;

	if (key[0] == '\'' && cap > 1)
		out[o++] = '\'';
	for (size_t i = 0; key[i] && o + 1 < cap; i++) {
		char c = key[i] == 'h' ? 0 : is_vowel(key[i]) ? 'a' : consonant_class(key, &i);
		if (c == 0)
			continue;
		if (c == 'x')
			c = 's';
		if (o == 0 || out[o - 1] != c)
			out[o++] = c;
	}
	out[o] = '\0';
}

void
anchor_name_group(const char *key, char *group, size_t cap)
{
	char skel[32];

	anchor_skeleton(key, skel, sizeof skel);
	if (cap < 2)
		return;
	group[0] = '\0';
	if (strlen(skel) >= 3) {
		snprintf(group, cap, "%s", skel);
	} else if (strlen(skel) == 2) {
		/* Short skeleton: consonant classes and where the vowels are. */
		group[0] = '~';
		anchor_name_loose(key[0] == '\'' ? key + 1 : key, group + 1, cap - 1);
	}
	/* One consonant or none (Asia, House): no name to match. */
}

/* The cost of writing consonant class x for y: the pairs that one script
 * cannot tell apart (Hebrew ב for v, Arabic ج for g) cost half. */
static double
subst_cost(char x, char y)
{
	if (x == y)
		return 0;
	if ((x == 'b' && y == 'f') || (x == 'f' && y == 'b') || (x == 't' && y == 'd') ||
	    (x == 'd' && y == 't') || (x == 'k' && y == 'j') || (x == 'j' && y == 'k'))
		return 0.5;
	return 1;
}

double
anchor_name_distance(const char *a, const char *b, bool translit)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	double row[34] = { 0 };

	if (la > 32 || lb > 32)
		return 99;
	for (int j = 1; j <= lb; j++)
		row[j] = row[j - 1] + (translit && b[j - 1] != 'a' ? 2 : 1);
	for (int i = 1; i <= la; i++) {
		double diag = row[0];
		double del = translit && a[i - 1] == 'a' ? 0.25 : 1;
		row[0] += del;
		for (int j = 1; j <= lb; j++) {
			double up = row[j];
			double ins = translit && b[j - 1] != 'a' ? 2 : 1;
			double best = diag + subst_cost(a[i - 1], b[j - 1]);
			if (up + del < best)
				best = up + del;
			if (row[j - 1] + ins < best)
				best = row[j - 1] + ins;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

double
anchor_group_similarity(const char *ga, const char *gb, int weak)
{
	if (ga[0] == '\0' || gb[0] == '\0')
		return 0;
	if (strcmp(ga, gb) == 0)
		return 0.95;
	if (ga[0] == '~' || gb[0] == '~' || ga[0] != gb[0])
		return 0;
	int la = (int)strlen(ga), lb = (int)strlen(gb);
	int max = la > lb ? la : lb, min = la < lb ? la : lb;
	if (min < 4)
		return 0;
	/* Near skeletons: one slip in five consonants, and about as long. A
	 * transliteration may drop a consonant of the name (ng of Washington
	 * in واشنطن) but seldom adds one: a consonant only the weak side has
	 * counts double (الكرملين is not German). */
	double d = weak == 1 ? anchor_name_distance(gb, ga, true)
			     : anchor_name_distance(ga, gb, weak == 2);
	if (max - min > (max >= 8 ? 2 : 1) || d > (max >= 8 ? 2 : max >= 6 ? 1.5 : 1))
		return 0;
	return 0.9 * (1.0 - d / max);
}

void
anames_free(struct anames *c)
{
	if (c == NULL)
		return;
	strmap_free(&c->map);
	free(c->key);
	memset(c, 0, sizeof *c);
}

/* The transliteration of a folded word, through the document's cache. */
static void
name_key_cached(const struct ablock *ab, const char *folded, int script, char *key, size_t cap)
{
	struct anames *c = ab->names;
	int at = c ? strmap_get(&c->map, folded) : -1;

	if (at >= 0) {
		anchor_join(key, cap, c->key[at], "", "");
		return;
	}
	if (script == USCRIPT_LATIN || name_translit_of(script) < 0)
		ascii_letters(folded, key, cap);
	else
		name_transliterate(folded, script, key, cap);
	if (c == NULL || c->n >= 1u << 20)
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->key = xreallocarray(c->key, c->cap, sizeof *c->key);
	}
	anchor_join(c->key[c->n], sizeof c->key[c->n], key, "", "");
	strmap_add(&c->map, folded, (int)c->n);
	c->n++;
}

/* Whether an Arabic or Hebrew stem looks like a transliterated name: three
 * letters or more, and a long vowel letter after the first letter that is
 * not the last (كاسبرسكي, بايدن, تاس; not فرص, not فرصها). */
static bool
rtl_name_shape(const char *stem, int script)
{
	const uint8_t *u = (const uint8_t *)stem;
	int32_t i = 0, n = (int32_t)strlen(stem);
	int letters = 0, vowel_at = -1;

	while (i < n) {
		UChar32 c;
		U8_NEXT(u, i, n, c);
		bool v = script == USCRIPT_HEBREW ? (c == 0x05D5 || c == 0x05D9 || c == 0x05D0)
						  : (c == 0x0627 || c == 0x0648 || c == 0x064A);
		if (v && letters >= 1 && vowel_at < 0 && i < n)
			vowel_at = letters;
		letters++;
	}
	/* Hebrew spells foreign names with few vowel letters (קספרסקי). */
	if (letters < 3 || (vowel_at < 0 && script != USCRIPT_HEBREW))
		return false;
	/* Feminine plurals and relative adjectives: Arabic words, not names. */
	if (script == USCRIPT_ARABIC && letters >= 5) {
		size_t l = strlen(stem);
		if (strcmp(stem + l - strlen("ات"), "ات") == 0 || strcmp(stem + l - strlen("يه"), "يه") == 0)
			return false;
	}
	return true;
}

/* Takes the article (and a conjunction before it) and a leading و off a
 * folded Arabic word, which never change which name it is; *clitic gets
 * the stem without a further first letter that may be a preposition. */
static const char *
rtl_stem(const char *w, int script, char *clitic, size_t cap)
{
	static const char *const ar_art[] = { "وال", "فال", "بال", "كال", "لل", "ال" };
	static const char *const ar_pre[] = { "ب", "ل", "ف", "ك" };
	static const char *const he_pre[] = { "ה", "ב", "ל", "מ", "ש", "כ" };
	const char *s = w;

	clitic[0] = '\0';
	if (script == USCRIPT_ARABIC) {
		for (size_t i = 0; i < sizeof ar_art / sizeof *ar_art; i++)
			if (strncmp(s, ar_art[i], strlen(ar_art[i])) == 0 &&
			    strlen(s) > strlen(ar_art[i]) + 4) {
				return s + strlen(ar_art[i]);
			}
		if (strncmp(s, "و", strlen("و")) == 0 && strlen(s) > strlen("و") + 4)
			s += strlen("و");
		for (size_t i = 0; i < sizeof ar_pre / sizeof *ar_pre; i++)
			if (strncmp(s, ar_pre[i], strlen(ar_pre[i])) == 0 && strlen(s) > strlen(ar_pre[i]) + 4)
				anchor_join(clitic, cap, s + strlen(ar_pre[i]), "", "");
	} else if (script == USCRIPT_HEBREW) {
		if (strncmp(s, "ו", strlen("ו")) == 0 && strlen(s) > strlen("ו") + 4)
			s += strlen("ו");
		for (size_t i = 0; i < sizeof he_pre / sizeof *he_pre; i++)
			if (strncmp(s, he_pre[i], strlen(he_pre[i])) == 0 && strlen(s) > strlen(he_pre[i]) + 4)
				anchor_join(clitic, cap, s + strlen(he_pre[i]), "", "");
	}
	return s;
}

/* Fills a name token's key, skeleton and alternative key. */
static void
name_fill(const struct ablock *ab, struct atok *k, const char *stem, const char *alt)
{
	name_key_cached(ab, stem, k->script, k->key, sizeof k->key);
	anchor_skeleton(k->key, k->skel, sizeof k->skel);
	k->alt[0] = '\0';
	if (alt != NULL && alt[0] != '\0')
		name_key_cached(ab, alt, k->script, k->alt, sizeof k->alt);
	k->role = k->key[0] != '\0' && k->skel[0] != '\0' ? AROLE_NAME : AROLE_NONE;
}

/* Whether most words of the block are in capitals (a title in capitals):
 * then a word in capitals is no acronym. */
static bool
block_shouts(const struct atoks *t)
{
	size_t words = 0, caps = 0;

	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kind == ATOK_WORD && t->v[i].end - t->v[i].start >= 2) {
			words++;
			caps += t->v[i].allcap;
		}
	return words >= 3 && caps * 5 >= words * 3;
}

void
anchor_names_find(const struct ablock *ab, struct atoks *t)
{
	bool shouts = block_shouts(t);

	pthread_once(&name_once, name_build);
	for (size_t i = 0; i < t->n; i++) {
		struct atok *k = &t->v[i];
		char folded[128], clitic[128];

		if (k->kind != ATOK_WORD || k->role != AROLE_NONE || k->end - k->start >= 100)
			continue;
		fold_anchor(ab->text + k->start, k->end - k->start, folded, sizeof folded);
		bool latin_word = k->script == USCRIPT_LATIN;
		if (latin_word || k->script == USCRIPT_CYRILLIC || k->script == USCRIPT_GREEK) {
			if (strlen(folded) < 2 ||
			    anchor_is_month_word(latin_word && !ab->latin ? "" : ab->lang, folded))
				continue;
			/* In Latin text: capitals and acronyms; inside other scripts:
			 * every Latin word is a name. */
			bool own = latin_word ? ab->latin : ab->script == k->script;
			if (own && !k->cap && !k->innercap)
				continue;
			/* Cyrillic and Greek go to ICU as written: folding would
			 * take the breve off й. */
			char raw[128], key[48];
			const char *word = folded;
			if (!latin_word) {
				snprintf(raw, sizeof raw, "%.*s", (int)(k->end - k->start), ab->text + k->start);
				word = raw;
			}
			name_key_cached(ab, word, k->script, key, sizeof key);
			bool acronym = k->allcap && !shouts;
			if (strmap_get(&name_stop, own || !latin_word ? key : folded) >= 0 &&
			    !(acronym && strlen(folded) >= 3))
				continue;
			/* A title in capitals: only the words a sentence would capitalize
			 * are not known; keep those that are not stop words, but not
			 * the first. */
			if (own && shouts && k->sent_start)
				continue;
			/* Cyrillic text: a capital at a sentence start says nothing. */
			if (own && !latin_word && k->sent_start && !k->allcap)
				continue;
			name_fill(ab, k, word, NULL);
			continue;
		}
		if (k->script != USCRIPT_ARABIC && k->script != USCRIPT_HEBREW)
			continue;
		/* A final teh marbuta is the vowel a of the name (غزة, Gaza);
		 * folding made it a heh. */
		size_t fl = strlen(folded), rl = k->end - k->start;
		if (k->script == USCRIPT_ARABIC && rl >= 2 && fl >= 2 &&
		    memcmp(ab->text + k->end - 2, "ة", 2) == 0 && memcmp(folded + fl - 2, "ه", 2) == 0)
			memcpy(folded + fl - 2, "ا", 2);
		const char *stem = rtl_stem(folded, k->script, clitic, sizeof clitic);
		/* A first و may be the word's own (واشنطن): it is a vowel to the
		 * skeleton either way. */
		if (!rtl_name_shape(stem, k->script) && stem != folded && rtl_name_shape(folded, k->script) &&
		    strncmp(stem, "ال", strlen("ال")) != 0)
			stem = folded;
		if (strmap_get(&name_stop, stem) >= 0 || anchor_is_month_word("", stem) ||
		    !rtl_name_shape(stem, k->script))
			continue;
		if (clitic[0] != '\0' && (strmap_get(&name_stop, clitic) >= 0 ||
					  !rtl_name_shape(clitic, k->script)))
			clitic[0] = '\0';
		name_fill(ab, k, stem, clitic);
		k->weak = true;
	}
}

/* Whether two names' consonant skeletons (and loose forms, for short
 * ones) may write one name: at most one slip when long enough (a
 * transliteration drops the silent t of Dupont, spells the z of Scholz ts,
 * writes the v of Voltaris with a letter that reads as a vowel). */
static bool
skeletons_near(const char *kx, const char *x, const char *ky, const char *y)
{
	size_t lx = strlen(x), ly = strlen(y);

	if (lx >= 2 && strcmp(x, y) == 0)
		return true;
	if (lx >= 3 && ly >= 3) {
		double d = anchor_name_distance(x, y, false);
		return x[0] == y[0] ? d <= 1.0 : lx >= 4 && ly >= 4 && d <= 1.0;
	}
	char lo_x[48], lo_y[48];
	anchor_name_loose(kx, lo_x, sizeof lo_x);
	anchor_name_loose(ky, lo_y, sizeof lo_y);
	if (strlen(lo_x) < 2 || strlen(lo_y) < 2)
		return false;
	if (strcmp(lo_x, lo_y) == 0)
		return true;
	return strlen(lo_x) >= 3 && strlen(lo_y) >= 3 && anchor_name_distance(lo_x, lo_y, false) <= 1.0;
}

/* Takes the apostrophes (aleph, ayin) out of a transliteration: letters
 * that carry vowels, which a Latin spelling does not write. */
static void
drop_apostrophes(char *key)
{
	char *o = key;

	for (const char *p = key; *p; p++)
		if (*p != '\'')
			*o++ = *p;
	*o = '\0';
}

/* Whether one word of another script (UTF-8 [w, w+len)) writes the name
 * (key, as anchors fold it) whose skeleton is skel. */
static bool
word_writes_name(const char *name, const char *skel, const char *w, size_t len, int script)
{
	char folded[128], var[8][64], key[48], ws[32];

	fold_anchor(w, len, folded, sizeof folded);
	/* a preposition (Persian بر) is no spelling of a name (Weber) */
	if (strmap_get(&name_stop, folded) >= 0)
		return false;
	int nv = anchor_clitic_variants(folded, script, true, var, 7);
	for (int v = 0; v < nv; v++) {
		name_transliterate(var[v], script, key, sizeof key);
		drop_apostrophes(key);
		anchor_skeleton(key, ws, sizeof ws);
		if (skeletons_near(name, skel, key, ws))
			return true;
		/* Hebrew writes p and f with one letter (פ, the dagesh
		 * that tells them apart left out): Hoffmann, הופמן */
		if (script == USCRIPT_HEBREW && strchr(key, 'p') != NULL) {
			for (char *p = key; *p; p++)
				if (*p == 'p')
					*p = 'f';
			anchor_skeleton(key, ws, sizeof ws);
			if (skeletons_near(name, skel, key, ws))
				return true;
		}
	}
	return false;
}

/* The first U+200C ZERO WIDTH NON-JOINER in [w, end), or NULL. */
static const char *
find_zwnj(const char *w, const char *end)
{
	for (; end - w >= 3; w++)
		if (w[0] == '\xe2' && w[1] == '\x80' && w[2] == '\x8c')
			return w;
	return NULL;
}

/* Fills out with other spellings of a name key as it is said, which other
 * scripts write; returns how many (at most 3). */
static int
name_said_forms(const char *key, char out[3][48])
{
	static const char *const silent[] = { "ault", "eaux", "eau", "aux" };
	size_t kl = strlen(key);
	int n = 0;

	if (kl >= 48)
		return 0;
	/* French reads a final -ault, -eau, -aux as o (Renault, רנו) */
	for (size_t i = 0; i < sizeof silent / sizeof *silent; i++) {
		size_t sl = strlen(silent[i]);
		if (kl > sl + 1 && strcmp(key + kl - sl, silent[i]) == 0) {
			snprintf(out[n++], 48, "%.*so", (int)(kl - sl), key);
			break;
		}
	}
	/* English does not say the gh of -ight (Knight, نایت) */
	const char *ight = strstr(key, "ight");
	if (ight != NULL) {
		snprintf(out[n++], 48, "%.*sit%s", (int)(ight - key), key, ight + 4);
	}
	/* a Latin spelling of an Arabic place may keep the article fused to
	 * it (Luxor, al-Uqsur; Persian اقصر): the name without its l */
	const char *rest = strncmp(key, "al", 2) == 0 ? key + 2 : key[0] == 'l' ? key + 1 : NULL;
	if (rest != NULL) {
		char sk[32];
		anchor_skeleton(rest, sk, sizeof sk);
		if (strlen(sk) >= 3)
			snprintf(out[n++], 48, "%s", rest);
	}
	return n;
}

bool
anchor_name_written_in(const struct anchor *an, const struct doc *doc, size_t bi)
{
	const struct block *b = &doc->blocks[bi];
	struct ablock ab = { .text = b->text, .len = b->len };
	struct atoks t = { 0 };
	char skel[32];
	bool found = false;

	if (an->kind != ANCHOR_NAME || b->len == 0)
		return false;
	pthread_once(&name_once, name_build);
	anchor_skeleton(an->key, skel, sizeof skel);
	/* spellings of the name as it sounds, which other scripts write */
	char said[3][48], said_skel[3][32];
	int nsaid = name_said_forms(an->key, said);
	for (int i = 0; i < nsaid; i++)
		anchor_skeleton(said[i], said_skel[i], sizeof said_skel[i]);
	ab.script = langid_script(b->text, b->len);
	snprintf(ab.lang, sizeof ab.lang, "%s", b->lang[0] ? b->lang : doc->lang);
	ab.latin = ab.script == USCRIPT_LATIN;
	anchor_tokenize(&ab, &t);
	for (size_t i = 0; i < t.n && !found; i++) {
		const struct atok *k = &t.v[i];
		const char *w = b->text + k->start;
		size_t len = k->end - k->start;
		if (k->kind != ATOK_WORD || len >= 100 || name_translit_of(k->script) < 0)
			continue;
		found = word_writes_name(an->key, skel, w, len, k->script);
		for (int j = 0; j < nsaid && !found; j++)
			found = word_writes_name(said[j], said_skel[j], w, len, k->script);
		/* a Persian compound joins its parts with a non-joiner
		 * (زاینده‌رود, Zayandeh Rud): each part may write a name */
		const char *end = w + len, *z;
		while (!found && (z = find_zwnj(w, end)) != NULL) {
			found = z > w && word_writes_name(an->key, skel, w, (size_t)(z - w), k->script);
			w = z + 3;
			if (!found && find_zwnj(w, end) == NULL && w < end)
				found = word_writes_name(an->key, skel, w, (size_t)(end - w), k->script);
		}
	}
	free(t.v);
	return found;
}
