/* Script, language and base direction guessed from a bounded sample of a
 * block's letters: structure_finish labels every block and the document
 * with them, and layout takes the base direction from here. */
#include <config.h>

#include <string.h>

#include <fribidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "qarin/langid.h"

/* Bytes of a text looked at for its script and language. */
#define LANGID_SAMPLE 4096
/* Letters enough to tell the dominant script. */
#define LANGID_LETTERS 48

/* A sample no longer than LANGID_SAMPLE, cut at a character boundary. */
static size_t
langid_sample_len(const char *utf8, size_t len)
{
	if (len <= LANGID_SAMPLE)
		return len;
	size_t n = LANGID_SAMPLE;
	while (n > 0 && ((unsigned char)utf8[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* The script of the letters of the common alphabets without asking ICU:
 * USCRIPT_COMMON for what is not a letter there, USCRIPT_INVALID_CODE when
 * ICU must say. */
static int
langid_script_fast(UChar32 c)
{
	if (c < 0x80)
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? USCRIPT_LATIN : USCRIPT_COMMON;
	if (c >= 0x00C0 && c <= 0x024F)
		return c == 0xD7 || c == 0xF7 ? USCRIPT_COMMON : USCRIPT_LATIN;
	if ((c >= 0x0620 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3) || c == 0x06D5)
		return USCRIPT_ARABIC;
	if (c >= 0x05D0 && c <= 0x05EA)
		return USCRIPT_HEBREW;
	if (c >= 0x0410 && c <= 0x044F)
		return USCRIPT_CYRILLIC;
	if ((c >= 0x0600 && c < 0x0620) || (c >= 0x064B && c <= 0x0670) ||
	    (c >= 0x0590 && c < 0x05D0) || (c >= 0x2000 && c <= 0x206F))
		return USCRIPT_COMMON; /* marks, digits, punctuation: not counted */
	return USCRIPT_INVALID_CODE;
}

int
langid_script(const char *utf8, size_t len)
{
	unsigned counts[USCRIPT_CODE_LIMIT] = { 0 };
	const uint8_t *s = (const uint8_t *)utf8;
	int32_t n = (int32_t)langid_sample_len(utf8, len), i = 0;
	int best = USCRIPT_COMMON;

	unsigned letters = 0;

	while (i < n && letters < LANGID_LETTERS) {
		UChar32 c;
		U8_NEXT(s, i, n, c);
		int sc = langid_script_fast(c);
		if (sc == USCRIPT_INVALID_CODE) {
			if (c < 0 || !u_isalpha(c))
				continue;
			UErrorCode ec = U_ZERO_ERROR;
			sc = uscript_getScript(c, &ec);
			if (U_FAILURE(ec))
				continue;
		}
		if (sc <= USCRIPT_INHERITED || sc >= USCRIPT_CODE_LIMIT)
			continue;
		counts[sc]++;
		letters++;
	}
	for (int sc = 0; sc < USCRIPT_CODE_LIMIT; sc++)
		if (counts[sc] > 0 && (best == USCRIPT_COMMON || counts[sc] > counts[best]))
			best = sc;
	return best;
}

/* A stopword and its length in bytes. */
struct langid_word {
	const char *s;
	size_t n;
};
#define W(s) { s, sizeof s - 1 }

/* Stopwords of one language, as they appear lowercase in running text. */
struct langid_words {
	const char *lang;
	const struct langid_word *words;
};

static const struct langid_word words_en[] = {
	W("the"), W("and"), W("of"), W("to"), W("is"), W("that"), W("for"),
	W("with"), W("was"), W("on"), W("are"), W("by"), W("this"), W("be"),
	W("from"), W("has"), W("have"), W("it"), W("which"), W("were"), W("will"),
	W("not"), W("but"), W("after"), W("its"), W("their"), { NULL, 0 }
};
static const struct langid_word words_fr[] = {
	W("le"), W("la"), W("les"), W("des"), W("et"), W("est"), W("une"), W("du"),
	W("que"), W("qui"), W("dans"), W("pour"), W("pas"), W("sur"), W("au"),
	W("aux"), W("avec"), W("ce"), W("il"), W("elle"), W("sont"), W("par"),
	W("ses"), W("son"), W("mais"), W("été"), W("à"), W("être"), W("plus"),
	W("de"), W("en"), { NULL, 0 }
};
static const struct langid_word words_de[] = {
	W("der"), W("die"), W("und"), W("das"), W("ist"), W("nicht"), W("ein"),
	W("eine"), W("zu"), W("den"), W("mit"), W("sich"), W("des"), W("auf"),
	W("für"), W("im"), W("dem"), W("von"), W("auch"), W("wird"), W("sie"),
	W("nach"), W("bei"), W("einer"), W("über"), { NULL, 0 }
};
static const struct langid_word words_es[] = {
	W("el"), W("los"), W("las"), W("y"), W("es"), W("por"), W("con"), W("una"),
	W("para"), W("del"), W("se"), W("al"), W("lo"), W("como"), W("más"),
	W("pero"), W("sus"), W("su"), W("fue"), W("está"), W("según"),
	W("también"), W("la"), W("que"), W("de"), W("en"), { NULL, 0 }
};
static const struct langid_word words_ar[] = {
	W("في"), W("من"), W("على"), W("أن"), W("إلى"), W("التي"), W("الذي"),
	W("عن"), W("مع"), W("هذا"), W("هذه"), W("إن"), W("كان"), W("قد"), W("بعد"),
	W("لا"), W("ما"), { NULL, 0 }
};
static const struct langid_word words_fa[] = {
	W("در"), W("به"), W("از"), W("که"), W("این"), W("را"), W("با"), W("است"),
	W("برای"), W("می"), W("آن"), W("یک"), W("شد"), W("بود"), W("هم"), W("تا"), { NULL, 0 }
};
static const struct langid_word words_ur[] = {
	W("کے"), W("کی"), W("میں"), W("ہے"), W("اور"), W("سے"), W("کو"), W("نے"),
	W("یہ"), W("ہیں"), W("کا"), W("پر"), W("تھا"), { NULL, 0 }
};

static const struct langid_words latin_langs[] = {
	{ "en", words_en }, { "fr", words_fr }, { "de", words_de }, { "es", words_es },
};

/* Whether a word (bytes, lowercased when ASCII) is in a stopword list. */
static int
langid_is_word(const char *w, size_t n, const struct langid_word *list)
{
	for (; list->s != NULL; list++)
		if (list->n == n && list->s[n - 1] == w[n - 1] && memcmp(list->s, w, n) == 0)
			return 1;
	return 0;
}

/* Counts the stopwords of each list among the words of a sample; words are
 * split at ASCII spaces and punctuation, ASCII lowercased, French elisions
 * (l', d', qu') counted for French. */
static void
langid_count_words(const char *s, size_t n, const struct langid_words *langs,
		   size_t nlangs, unsigned *counts, unsigned *elisions)
{
	char w[32];
	size_t i = 0;

	while (i < n) {
		while (i < n && (unsigned char)s[i] < 0x80 && !(((s[i] | 0x20) >= 'a' &&
			(s[i] | 0x20) <= 'z')))
			i++;
		size_t wl = 0, start = i;
		while (i < n && ((unsigned char)s[i] >= 0x80 || ((s[i] | 0x20) >= 'a' &&
			(s[i] | 0x20) <= 'z'))) {
			/* Arabic-script punctuation ends a word too. */
			if ((unsigned char)s[i] == 0xD8 && i + 1 < n &&
			    ((unsigned char)s[i + 1] == 0x8C || (unsigned char)s[i + 1] == 0x9B ||
			     (unsigned char)s[i + 1] == 0x9F))
				break;
			if (wl < sizeof w)
				w[wl] = (unsigned char)s[i] < 0x80 ? (char)(s[i] | 0x20) : s[i];
			wl++;
			i++;
		}
		if (i < n && s[i] == '\'' && elisions != NULL && i - start <= 2) {
			size_t el = i - start;
			if ((el == 1 && (w[0] == 'l' || w[0] == 'd' || w[0] == 'j' ||
					 w[0] == 'n' || w[0] == 's')) ||
			    (el == 2 && w[0] == 'q' && w[1] == 'u'))
				(*elisions)++;
		}
		if (wl == 0) {
			if (i < n)
				i++;
			continue;
		}
		if (wl > sizeof w)
			continue;
		for (size_t l = 0; l < nlangs; l++)
			counts[l] += (unsigned)langid_is_word(w, wl, langs[l].words);
	}
}

/* Arabic, Persian or Urdu, from their own letters and stopwords. */
static const char *
langid_guess_arabic(const char *utf8, size_t n)
{
	static const struct langid_words langs[] = {
		{ "ar", words_ar }, { "fa", words_fa }, { "ur", words_ur },
	};
	unsigned words[3] = { 0 };
	long ar = 0, fa = 0, ur = 0;
	const uint8_t *s = (const uint8_t *)utf8;
	int32_t i = 0, len = (int32_t)n;
	UChar32 prev = ' ';

	while (i < len) {
		UChar32 c;
		U8_NEXT(s, i, len, c);
		switch (c) {
		case 0x067E: case 0x0686: case 0x0698: case 0x06AF: /* پ چ ژ گ */
			fa += 2;
			break;
		case 0x06A9: case 0x06CC: /* ک ی: Persian, and Urdu */
			fa += 1;
			break;
		case 0x0679: case 0x0688: case 0x0691: case 0x06BA: case 0x06D2:
		case 0x06C1: case 0x06BE: /* ٹ ڈ ڑ ں ے ہ ھ */
			ur += 3;
			break;
		case 0x0629: /* ة */
			ar += 3;
			break;
		case 0x0649: case 0x064A: case 0x0643: /* ى ي ك */
			ar += 1;
			break;
		case 0x0644: /* ل of a word-initial ال */
			if (prev == 0x0627 && i >= 4 && (i - 4 == 0 || s[i - 5] == ' '))
				ar += 2;
			break;
		default:
			break;
		}
		prev = c;
	}
	langid_count_words(utf8, n, langs, 3, words, NULL);
	ar += 3 * (long)words[0];
	fa += 3 * (long)words[1];
	ur += 3 * (long)words[2];
	if (ur > 0 && ur >= fa && ur >= ar)
		return "ur";
	if (fa > ar)
		return "fa";
	return "ar";
}

const char *
langid_guess(const char *utf8, size_t len, int script)
{
	size_t n = langid_sample_len(utf8, len);

	switch (script) {
	case USCRIPT_ARABIC:
		return langid_guess_arabic(utf8, n);
	case USCRIPT_HEBREW: return "he";
	case USCRIPT_CYRILLIC: return "ru";
	case USCRIPT_GREEK: return "el";
	case USCRIPT_HANGUL: return "ko";
	case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: return "ja";
	case USCRIPT_HAN: return "zh";
	case USCRIPT_THAI: return "th";
	case USCRIPT_DEVANAGARI: return "hi";
	case USCRIPT_ARMENIAN: return "hy";
	case USCRIPT_GEORGIAN: return "ka";
	case USCRIPT_LATIN: break;
	default: return "";
	}
	unsigned counts[4] = { 0 }, elisions = 0;
	size_t nl = sizeof latin_langs / sizeof latin_langs[0], best = 0;

	langid_count_words(utf8, n, latin_langs, nl, counts, &elisions);
	counts[1] += elisions;
	for (size_t l = 1; l < nl; l++)
		if (counts[l] > counts[best])
			best = l;
	return counts[best] > 0 ? latin_langs[best].lang : "";
}

enum text_dir
langid_base_dir(const char *utf8, size_t len)
{
	const uint8_t *s = (const uint8_t *)utf8;
	size_t i = 0;
	unsigned isolates = 0;

	while (i < len) {
		UChar32 c;
		if (s[i] < 0x80) {
			/* ASCII letters are the only strong ASCII characters. */
			if (isolates == 0 && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
				return DIR_LTR;
			i++;
			continue;
		}
		int32_t j = 0, rest = len - i > INT32_MAX ? INT32_MAX : (int32_t)(len - i);
		U8_NEXT(s + i, j, rest, c);
		i += (size_t)j;
		if (c < 0)
			continue;
		FriBidiCharType t = fribidi_get_bidi_type((FriBidiChar)c);
		if (t == FRIBIDI_TYPE_LRI || t == FRIBIDI_TYPE_RLI || t == FRIBIDI_TYPE_FSI) {
			isolates++;
		} else if (t == FRIBIDI_TYPE_PDI) {
			if (isolates > 0)
				isolates--;
		} else if (isolates == 0) {
			if (t == FRIBIDI_TYPE_LTR)
				return DIR_LTR;
			if (t == FRIBIDI_TYPE_RTL || t == FRIBIDI_TYPE_AL)
				return DIR_RTL;
		}
	}
	return DIR_AUTO;
}
