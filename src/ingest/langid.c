/* Script, language and base direction guessed from a bounded sample of a
 * block's letters: structure_finish labels every block and the document
 * with them, and layout takes the base direction from here. */
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <fribidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "ingest/langid.h"

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
	return utf8_back(utf8, 0, LANGID_SAMPLE);
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

/* The script a code point counts for, or -1 when it is not counted. */
static int
langid_script_of(UChar32 c)
{
	int sc = langid_script_fast(c);

	if (sc == USCRIPT_INVALID_CODE) {
		if (c < 0 || !u_isalpha(c))
			return -1;
		UErrorCode ec = U_ZERO_ERROR;
		sc = uscript_getScript(c, &ec);
		if (U_FAILURE(ec))
			return -1;
	}
	if (sc <= USCRIPT_INHERITED || sc >= USCRIPT_CODE_LIMIT)
		return -1;
	return sc;
}

/* langid_script_of for every code point below U+0800 (those of one or two
 * UTF-8 bytes); filled a block at a time (through langid_script_blocks), an
 * entry read-only once its block is filled: ASCII asks nothing of ICU. */
static int16_t langid_script_small[0x800];
static void langid_script_fill(uint32_t lo, uint32_t hi);
static struct blocktab langid_script_blocks = BLOCKTAB_INIT(langid_script_fill);

/* Fills langid_script_small for [lo, hi). */
static void
langid_script_fill(uint32_t lo, uint32_t hi)
{
	for (uint32_t c = lo; c < hi && c < 0x800; c++)
		langid_script_small[c] = (int16_t)langid_script_of((UChar32)c);
}

int
langid_script(const char *utf8, size_t len)
{
	/* At most LANGID_LETTERS letters, so as many scripts. */
	int key[LANGID_LETTERS];
	unsigned count[LANGID_LETTERS];
	size_t nkeys = 0, last = 0;
	const uint8_t *s = (const uint8_t *)utf8;
	int32_t n = (int32_t)langid_sample_len(utf8, len), i = 0;
	unsigned letters = 0;

	blocktab_need(&langid_script_blocks, 0);
	while (i < n && letters < LANGID_LETTERS) {
		int sc;
		uint32_t c;
		if (s[i] < 0x80) {
			sc = langid_script_small[s[i++]];
		} else if (utf8_next2(s + i, (size_t)(n - i), &c)) {
			blocktab_need(&langid_script_blocks, c);
			sc = langid_script_small[c];
			i += 2;
		} else {
			i += (int32_t)utf8_next(s + i, (size_t)(n - i), &c);
			sc = langid_script_of((UChar32)c);
		}
		if (sc < 0)
			continue;
		size_t k = last;
		if (k >= nkeys || key[k] != sc)
			for (k = 0; k < nkeys && key[k] != sc; k++)
				;
		last = k;
		if (k == nkeys) {
			key[nkeys] = sc;
			count[nkeys++] = 0;
		}
		count[k]++;
		letters++;
	}
	/* The most frequent; on a tie, the lowest script code. */
	int best = USCRIPT_COMMON;
	unsigned most = 0;
	for (size_t k = 0; k < nkeys; k++)
		if (count[k] > most || (count[k] == most && key[k] < best)) {
			best = key[k];
			most = count[k];
		}
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

/* Every stopword of every list, with the lists (bits: the index of the
 * list in latin_langs, or LANGID_ARABIC_BIT + its index among ar fa ur)
 * that hold it: one hash lookup per word of a sample. */
#define LANGID_ARABIC_BIT 4
#define LANGID_HASH_SLOTS 512 /* a power of two, well above the word count */
#define LANGID_WORD_MAX 16    /* bytes of the longest stopword, or more */
struct langid_slot {
	char s[LANGID_WORD_MAX];
	uint8_t n;                /* 0: empty slot */
	uint8_t mask;
};
static struct langid_slot langid_hash[LANGID_HASH_SLOTS];
static pthread_once_t langid_hash_once = PTHREAD_ONCE_INIT;

/* What a byte is in a word: ASCII letters lowercased, other ASCII 0 (not
 * in a word), bytes >= 0x80 as they are. Built with the hash. */
static unsigned char langid_word_byte[256];

/* FNV-1a, one byte at a time. */
#define LANGID_HASH_INIT 2166136261u
static inline uint32_t
langid_hash_step(uint32_t h, unsigned char c)
{
	return (h ^ c) * 16777619u;
}

/* FNV-1a over the bytes of a word. */
static inline uint32_t
langid_word_hash(const char *w, size_t n)
{
	uint32_t h = LANGID_HASH_INIT;

	for (size_t i = 0; i < n; i++)
		h = langid_hash_step(h, (unsigned char)w[i]);
	return h;
}

/* Adds the words of one list to the hash under a bit. */
static void
langid_hash_add(const struct langid_word *list, unsigned bit)
{
	for (; list->s != NULL; list++) {
		uint32_t h = langid_word_hash(list->s, list->n);
		struct langid_slot *sl;
		for (;; h++) {
			sl = &langid_hash[h & (LANGID_HASH_SLOTS - 1)];
			if (sl->n == 0 || (sl->n == list->n && memcmp(sl->s, list->s, list->n) == 0))
				break;
		}
		if (sl->n == 0) {
			memcpy(sl->s, list->s, list->n);
			sl->n = (uint8_t)list->n;
		}
		sl->mask |= (uint8_t)(1u << bit);
	}
}

/* The lists that hold a word (bytes, lowercased when ASCII; h its hash),
 * as bits. */
static inline unsigned
langid_word_lists(const char *w, size_t n, uint32_t h)
{
	if (n > LANGID_WORD_MAX)
		return 0;
	for (;; h++) {
		const struct langid_slot *sl = &langid_hash[h & (LANGID_HASH_SLOTS - 1)];
		if (sl->n == 0)
			return 0;
		if (sl->n == n && memcmp(sl->s, w, n) == 0)
			return sl->mask;
	}
}

/* Fills the stopword hash from every list. */
static void
langid_hash_build(void)
{
	for (unsigned b = 0; b < 256; b++)
		langid_word_byte[b] = b >= 0x80 ? (unsigned char)b
			: ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ? (unsigned char)(b | 0x20) : 0;
	for (unsigned l = 0; l < sizeof latin_langs / sizeof latin_langs[0]; l++)
		langid_hash_add(latin_langs[l].words, l);
	langid_hash_add(words_ar, LANGID_ARABIC_BIT);
	langid_hash_add(words_fa, LANGID_ARABIC_BIT + 1);
	langid_hash_add(words_ur, LANGID_ARABIC_BIT + 2);
}

/* Counts the stopwords of each list among the words of a sample; words are
 * split at ASCII spaces and punctuation, ASCII lowercased, French elisions
 * (l', d', qu') counted for French. The lists are latin_langs (bits from
 * 0) or ar, fa, ur (bits from LANGID_ARABIC_BIT), nlangs of them. */
static void
langid_count_words(const char *s, size_t n, unsigned first_bit, size_t nlangs,
		   unsigned *counts, unsigned *elisions)
{
	const unsigned char *u = (const unsigned char *)s;
	char w[32];
	size_t i = 0;

	pthread_once(&langid_hash_once, langid_hash_build);
	while (i < n) {
		while (i < n && langid_word_byte[u[i]] == 0)
			i++;
		size_t wl = 0, start = i;
		uint32_t h = LANGID_HASH_INIT;
		while (i < n) {
			unsigned char c = langid_word_byte[u[i]];
			if (c == 0)
				break;
			/* Arabic-script punctuation ends a word too. */
			if (c == 0xD8 && i + 1 < n &&
			    (u[i + 1] == 0x8C || u[i + 1] == 0x9B || u[i + 1] == 0x9F))
				break;
			if (wl < sizeof w)
				w[wl] = (char)c;
			h = langid_hash_step(h, c);
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
		unsigned mask = langid_word_lists(w, wl, h) >> first_bit;
		for (size_t l = 0; mask != 0 && l < nlangs; l++, mask >>= 1)
			counts[l] += mask & 1;
	}
}

/* Arabic, Persian or Urdu, from their own letters and stopwords. */
static const char *
langid_guess_arabic(const char *utf8, size_t n)
{
	unsigned words[3] = { 0 };
	long ar = 0, fa = 0, ur = 0;
	const uint8_t *s = (const uint8_t *)utf8;
	int32_t i = 0, len = (int32_t)n;
	UChar32 prev = ' ';

	while (i < len) {
		uint32_t c;
		if (utf8_next2(s + i, (size_t)(len - i), &c))
			i += 2;
		else if (s[i] < 0x80)
			c = s[i++];
		else
			i += (int32_t)utf8_next(s + i, (size_t)(len - i), &c);
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
		prev = (UChar32)c;
	}
	langid_count_words(utf8, n, LANGID_ARABIC_BIT, 3, words, NULL);
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

	langid_count_words(utf8, n, 0, nl, counts, &elisions);
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
		uint32_t c;
		if (s[i] < 0x80) {
			/* ASCII letters are the only strong ASCII characters. */
			if (isolates == 0 && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
				return DIR_LTR;
			i++;
			continue;
		}
		/* An invalid byte is U+FFFD: neutral. */
		i += utf8_next(s + i, len - i, &c);
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
