/* Places for anchor extraction: country names from ICU's locale display
 * names in every language qarin reads, plus the few everyday short forms
 * CLDR lacks, matched after clitics and the Arabic article are taken off
 * and keyed by ISO 3166 code. */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "align/anchor_impl.h"

/* Words in the longest country name of the gazetteer we try. */
#define PLACE_WORDS 6
/* Flag in the map's values: the name is an acronym and must be written in capitals. */
#define PLACE_CAPS 0x10000

/* Folded names ("ولايات متحده", "etats unis") -> code; first words of the
 * names -> 1. One pair of maps per group of scripts, each built once on the
 * first word of its group, then read-only. */
static struct strmap place_map[ASG_COUNT], place_first[ASG_COUNT];
static pthread_once_t place_once[ASG_COUNT] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
};

/* Strips the Arabic article from a folded word when a stem remains. */
static const char *
place_strip_article(const char *w)
{
	if (strncmp(w, "ال", strlen("ال")) == 0 && strlen(w) >= strlen("ال") + 4)
		return w + strlen("ال");
	return w;
}

/* The namespace of a name in the gazetteer: Arabic-script languages fold
 * their letters alike but do not share words (Persian روسیه is the Arabic
 * adjective روسية once folded), so each keeps its own; "" for the rest. */
static const char *
place_space(const char *lang, UChar32 first)
{
	if (first < 0x0600 || first > 0x06FF)
		return "";
	if (strcmp(lang, "fa") == 0)
		return "fa|";
	if (strcmp(lang, "ur") == 0)
		return "ur|";
	return "ar|";
}

/* Adds a country name as displayed in language lang. */
static void
place_add(const char *name, const char *lang, const char *code, bool caps)
{
	const uint8_t *u = (const uint8_t *)name;
	int32_t i = 0, n = (int32_t)strlen(name);
	char key[256] = "", first[128] = "";
	size_t words = 0;
	UChar32 c0;
	int32_t i0 = 0;

	U8_NEXT(u, i0, n, c0);
	const char *space = place_space(lang, c0);
	enum anchor_script_group g = ASG_LATIN;

	while (i < n && words < PLACE_WORDS) {
		int32_t start = i, end = i;
		UChar32 c;
		U8_NEXT(u, i, n, c);
		if (c == '(' || c == ',' || c == 0x060C)
			break; /* "Congo (RDC)": the name before the parenthesis */
		if (!u_isalpha(c))
			continue;
		end = i;
		while (i < n) {
			int32_t j = i;
			U8_NEXT(u, j, n, c);
			if (!u_isalpha(c) && u_charType(c) != U_NON_SPACING_MARK)
				break;
			end = i = j;
		}
		char f[128];
		fold_anchor(name + start, (size_t)(end - start), f, sizeof f);
		const char *w = place_strip_article(f);
		if (words == 0) {
			snprintf(first, sizeof first, "%s%s", space, w);
			g = anchor_script_group_of(w);
		}
		size_t kl = strlen(key);
		snprintf(key + kl, sizeof key - kl, "%s%s", kl ? " " : space, w);
		words++;
	}
	if (words == 0)
		return;
	int val = (code[0] << 8) | code[1];
	if (caps)
		val |= PLACE_CAPS;
	strmap_add(&place_map[g], key, val);
	strmap_add(&place_first[g], first, 1);
}

/* Adds the name of region code as displayed in language lang. */
static void
place_add_display(const char *code, const char *lang)
{
	char loc[8], out[256];
	UChar name[128];
	UErrorCode ec = U_ZERO_ERROR;

	snprintf(loc, sizeof loc, "_%s", code);
	int32_t n = uloc_getDisplayCountry(loc, lang, name, 128, &ec);
	if (U_FAILURE(ec) || n <= 0)
		return;
	u_strToUTF8(out, sizeof out, NULL, name, n, &ec);
	if (U_SUCCESS(ec) && strcmp(out, code) != 0)
		place_add(out, lang, code, false);
}

/* Builds the gazetteer of one group of scripts from ICU, then the short
 * forms it lacks. A name lands in the maps of its own script's group, so a
 * language listed under a group must write country names in its script. */
static void
place_build(enum anchor_script_group g)
{
	static const char *const langs[ASG_COUNT][8] = {
		[ASG_LATIN] = { "fr", "en", "de", "es", "it", "pt", "tr" },
		[ASG_ARABIC] = { "ar", "fa", "ur" },
		[ASG_HEBREW] = { "he" },
		[ASG_CYRILLIC] = { "ru" },
	};
	/* Country names that are everyday words in a language: never places. */
	static const char *const skip[][2] = { { "ar", "ML" } };
	static const struct { const char *name, *lang, *code; bool caps; } extra[] = {
		{ "أمريكا", "ar", "US", false }, { "أميركا", "ar", "US", false }, { "אמריקה", "he", "US", false }, { "USA", "en", "US", true },
		{ "US", "en", "US", true }, { "U.S.", "en", "US", true },
		{ "بريطانيا", "ar", "GB", false }, { "Britain", "en", "GB", false }, { "Great Britain", "en", "GB", false },
		{ "Grande-Bretagne", "en", "GB", false }, { "UK", "en", "GB", true }, { "בריטניה", "he", "GB", false },
		{ "انگلیس", "fa", "GB", false }, { "السعودية", "ar", "SA", false }, { "الإمارات", "ar", "AE", false },
		{ "فلسطين", "ar", "PS", false }, { "Palestine", "en", "PS", false }, { "פלסטין", "he", "PS", false },
		{ "Hollande", "en", "NL", false },
		{ "США", "ru", "US", true }, { "Америка", "ru", "US", false }, { "هولندا", "ar", "NL", false },
	};
	const char *const *codes = uloc_getISOCountries();
	static const char *const more[] = { "EU", "UN", NULL };

	for (size_t l = 0; l < 8 && langs[g][l] != NULL; l++) {
		const char *lang = langs[g][l];
		for (size_t c = 0; codes[c] != NULL; c++) {
			bool skipped = false;
			for (size_t s = 0; s < sizeof skip / sizeof *skip; s++)
				skipped |= strcmp(skip[s][0], lang) == 0 &&
					   strcmp(skip[s][1], codes[c]) == 0;
			if (!skipped)
				place_add_display(codes[c], lang);
		}
		for (size_t c = 0; more[c] != NULL; c++)
			place_add_display(more[c], lang);
	}
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
		if (anchor_script_group_of(extra[i].name) == g)
			place_add(extra[i].name, extra[i].lang, extra[i].code, extra[i].caps);
}

static void place_build_latin(void) { place_build(ASG_LATIN); }
static void place_build_arabic(void) { place_build(ASG_ARABIC); }
static void place_build_hebrew(void) { place_build(ASG_HEBREW); }
static void place_build_cyrillic(void) { place_build(ASG_CYRILLIC); }

/* Builds the gazetteer of group g on its first use. */
static void
place_need(enum anchor_script_group g)
{
	static void (*const build[ASG_COUNT])(void) = {
		[ASG_LATIN] = place_build_latin, [ASG_ARABIC] = place_build_arabic,
		[ASG_HEBREW] = place_build_hebrew, [ASG_CYRILLIC] = place_build_cyrillic,
	};

	pthread_once(&place_once[g], build[g]);
}

/* Whether tokens j-1 and j are joined as in one name: a space, a hyphen
 * or an apostrophe (États-Unis, Côte d'Ivoire). */
static bool
place_joined(const struct atoks *t, size_t j, size_t *next)
{
	const struct atok *k = &t->v[j];

	if (k->kind == ATOK_WORD && k->space_before) {
		*next = j;
		return true;
	}
	if (k->kind == ATOK_PUNCT && !k->space_before &&
	    (k->punct == '-' || k->punct == '\'' || k->punct == 0x2019 || k->punct == '.') &&
	    j + 1 < t->n && t->v[j + 1].kind == ATOK_WORD && !t->v[j + 1].space_before) {
		*next = j + 1;
		return true;
	}
	return false;
}

void
anchor_places_find(const struct ablock *ab, struct atoks *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct atok *k = &t->v[i];
		char folded[128], var[8][64];

		if (k->kind != ATOK_WORD || k->role != AROLE_NONE || k->end - k->start >= 100)
			continue;
		bool cased = k->script == USCRIPT_LATIN || k->script == USCRIPT_CYRILLIC ||
			     k->script == USCRIPT_GREEK;
		if (cased && !k->cap)
			continue;
		fold_anchor(ab->text + k->start, k->end - k->start, folded, sizeof folded);
		int nv = anchor_clitic_variants(folded, k->script, true, var, 8);
		UChar32 c0;
		int32_t i0 = 0;
		U8_NEXT((const uint8_t *)folded, i0, (int32_t)strlen(folded), c0);
		const char *space = place_space(ab->lang, c0);
		enum anchor_script_group g = anchor_script_group_of(folded);
		place_need(g);
		for (int v = 0; v < nv; v++) {
			char key[256];
			anchor_join(key, sizeof key, space, place_strip_article(var[v]), "");
			if (strmap_get(&place_first[g], key) < 0)
				continue;
			/* The longest name starting here. */
			size_t idx[PLACE_WORDS], nw = 1, best_last = SIZE_MAX;
			int best = -1;
			idx[0] = i;
			for (;;) {
				int val = strmap_get(&place_map[g], key);
				if (val >= 0 && (!(val & PLACE_CAPS) || k->allcap ||
						 (k->cap && k->end - k->start == 1))) {
					best = val;
					best_last = idx[nw - 1];
				}
				size_t next;
				if (nw == PLACE_WORDS || idx[nw - 1] + 1 >= t->n ||
				    !place_joined(t, idx[nw - 1] + 1, &next) || t->v[next].role != AROLE_NONE)
					break;
				char f[128];
				const struct atok *w = &t->v[next];
				if (w->end - w->start >= 100)
					break;
				fold_anchor(ab->text + w->start, w->end - w->start, f, sizeof f);
				size_t kl = strlen(key);
				anchor_join(key + kl, sizeof key - kl, " ", place_strip_article(f), "");
				idx[nw++] = next;
			}
			if (best < 0)
				continue;
			k->role = AROLE_PLACE;
			k->last = best_last;
			k->key[0] = (char)((best >> 8) & 0xFF);
			k->key[1] = (char)(best & 0xFF);
			k->key[2] = '\0';
			for (size_t j = i + 1; j <= best_last; j++)
				t->v[j].role = AROLE_PART;
			break;
		}
	}
}
