/* Stems and word forms for the lexicon's look-ups: folding, Snowball
 * stemmers from libstemmer (created once per language), and the Arabic
 * clitics that Snowball's Arabic stemmer keeps ("وال…"). */
#include <config.h>

#include "lexicon/stem.h"

#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <unicode/uchar.h>

enum stem_lang { STEM_AR, STEM_FR, STEM_EN, STEM_NLANGS };

static const struct {
	const char *lang, *algorithm;
} stem_algorithms[STEM_NLANGS] = {
	[STEM_AR] = { "ar", "arabic" },
	[STEM_FR] = { "fr", "french" },
	[STEM_EN] = { "en", "english" },
};

struct stem {
	struct sb_stemmer *sb[STEM_NLANGS]; /* owned, NULL until needed */
	bool failed[STEM_NLANGS];
};

static int
stem_index(const char *lang)
{
	for (int i = 0; i < STEM_NLANGS; i++)
		if (strcmp(stem_algorithms[i].lang, lang) == 0)
			return i;
	return -1;
}

bool
stem_has(const char *lang)
{
	return stem_index(lang) >= 0;
}

struct stem *
stem_new(void)
{
	return xcalloc(1, sizeof(struct stem));
}

void
stem_free(struct stem *st)
{
	if (!st)
		return;
	for (int i = 0; i < STEM_NLANGS; i++)
		if (st->sb[i])
			sb_stemmer_delete(st->sb[i]);
	free(st);
}

/* True for the Arabic marks a look-up ignores: harakat, shadda, sukun,
 * the superscript alef, Quranic marks, and tatweel. */
static bool
arabic_ignored(uint32_t c)
{
	return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 ||
	       (c >= 0x06D6 && c <= 0x06ED);
}

void
stem_normalize(const char *word, size_t len, bool unify_alef, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)word;

	strbuf_grow(out, len);
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_next(p + i, len - i, &c);
		if (arabic_ignored(c))
			continue;
		if (unify_alef && (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671))
			c = 0x0627;
		if (c == 0x2019 || c == 0x02BC)
			c = '\'';
		strbuf_put_utf8(out, (unsigned long)u_foldCase((UChar32)c, U_FOLD_CASE_DEFAULT));
	}
	out->data[out->len] = '\0';
}

void
stem_word(struct stem *st, const char *lang, const char *word, size_t len, struct strbuf *out)
{
	int i = stem_index(lang);

	if (i >= 0 && !st->sb[i] && !st->failed[i]) {
		st->sb[i] = sb_stemmer_new(stem_algorithms[i].algorithm, "UTF_8");
		st->failed[i] = st->sb[i] == NULL;
	}
	if (i < 0 || !st->sb[i] || len > 4096) {
		strbuf_append(out, word, len);
		return;
	}
	const sb_symbol *s = sb_stemmer_stem(st->sb[i], (const sb_symbol *)word, (int)len);
	if (!s) { /* out of memory inside libstemmer: the word unstemmed */
		strbuf_append(out, word, len);
		return;
	}
	strbuf_append(out, (const char *)s, (size_t)sb_stemmer_length(st->sb[i]));
}

/* The number of characters of [s, s + len). */
static size_t
chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += !utf8_is_cont((unsigned char)s[i]);
	return n;
}

#define AR_WAW "\xD9\x88"       /* و */
#define AR_FA "\xD9\x81"        /* ف */
#define AR_BA "\xD8\xA8"        /* ب */
#define AR_KAF "\xD9\x83"       /* ك */
#define AR_LAM "\xD9\x84"       /* ل */
#define AR_AL "\xD8\xA7\xD9\x84" /* ال */

/* Appends form (flen bytes) unless it is already in out. */
static size_t
add_form(struct strbuf *out, size_t from, const char *form, size_t flen)
{
	for (size_t i = from; i < out->len; i += strlen(out->data + i) + 1)
		if (strlen(out->data + i) == flen && memcmp(out->data + i, form, flen) == 0)
			return 0;
	strbuf_append(out, form, flen);
	strbuf_putc(out, '\0');
	return 1;
}

size_t
stem_arabic_forms(const char *word, size_t len, struct strbuf *out)
{
	static const char *const conj[] = { "", AR_WAW, AR_FA };
	static const char *const prep[] = { "", AR_BA, AR_KAF, AR_LAM };
	size_t from = out->len, n = 0;
	struct strbuf form = STRBUF_INIT;

	/* Least stripped first: the conjunction alone, then with a
	 * preposition, then the article too. */
	for (int with_art = 0; with_art < 2; with_art++) {
		for (size_t c = 0; c < 3; c++) {
			for (size_t p = 0; p < 4; p++) {
				strbuf_reset(&form);
				strbuf_puts(&form, conj[c]);
				strbuf_puts(&form, prep[p]);
				size_t strip;
				bool lil = false;
				if (with_art) {
					/* li- + al- is written لل: the alef goes. */
					lil = p == 3;
					strbuf_puts(&form, lil ? AR_LAM : AR_AL);
				}
				strip = form.len;
				if (strip == 0 || strip >= len || memcmp(word, form.data, strip) != 0)
					continue;
				const char *rest = word + strip;
				size_t rlen = len - strip;
				if (chars(rest, rlen) < 2)
					continue;
				if (!with_art && rlen >= 4 && memcmp(rest, AR_AL, 4) == 0) {
					/* وال… : the form with its article first. */
					n += add_form(out, from, rest, rlen);
					continue;
				}
				if (with_art) {
					/* The dictionary lists many nouns with their article. */
					strbuf_reset(&form);
					strbuf_puts(&form, AR_AL);
					strbuf_append(&form, rest, rlen);
					if (c + p > 0)
						n += add_form(out, from, form.data, form.len);
				}
				n += add_form(out, from, rest, rlen);
			}
		}
	}
	strbuf_free(&form);
	return n;
}

size_t
stem_french_elision(const char *word, size_t len)
{
	static const char *const elided[] = {
		"l'", "d'", "qu'", "n'", "s'", "c'", "j'", "m'", "t'",
		"jusqu'", "lorsqu'", "puisqu'", "quoiqu'",
	};
	for (size_t i = 0; i < sizeof elided / sizeof *elided; i++) {
		size_t n = strlen(elided[i]);
		if (len > n && memcmp(word, elided[i], n) == 0)
			return n;
	}
	return 0;
}
