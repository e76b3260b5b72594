/* Loose folding: every case the search issue names (case, marks, tatweel,
 * NFKC forms, Arabic letter variants, digits, Hebrew final forms), the
 * table's ASCII fast path against ICU's answer, and the folded-to-source
 * map across shadda and vowel stacks, lam-alef and NFKC expansions. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "text/lib.h"
#include "tap.h"

/* Checks that s folds to want. */
static void
fold_is(const char *s, const char *want, const char *name)
{
	size_t n;
	char *got = fold_string(s, strlen(s), &n);

	is_str(got, want, name);
	is_long((long)n, (long)strlen(want), "  its length");
	free(got);
}

/* The source offsets of folded bytes 0..len of s, as "v0 v1 ...". */
static void
map_is(const char *s, const char *want, const char *name)
{
	struct fold_text ft = FOLD_TEXT_INIT;
	char got[1024] = "";
	size_t o = 0;

	fold_text_append(&ft, s, strlen(s), 0);
	for (size_t f = 0; f <= ft.flen && o + 16 < sizeof got; f++)
		o += (size_t)snprintf(got + o, sizeof got - o, "%s%zu", f ? " " : "",
				      fold_text_to_src(&ft, f));
	is_str(got, want, name);
	fold_text_free(&ft);
}

/* The profiles share one table of variants: every variant that search
 * unifies, anchor keys unify too, and labels unify the few their word
 * lists need. Each case here is one where the copies that preceded the
 * table disagreed. */
static void
test_profiles(void)
{
	static const struct {
		const char *variant, *base;
		bool label; /* FOLD_LABEL unifies it too */
		const char *name;
	} same[] = {
		{ "\xD9\xB2", "\xD8\xA7", true, "U+0672 alef with wavy hamza above: alef" },
		{ "\xD9\xB3", "\xD8\xA7", true, "U+0673 alef with wavy hamza below: alef" },
		{ "\xDA\xAA", "\xD9\x83", false, "U+06AA swash kaf: kaf" },
		{ "\xDB\x83", "\xD9\x87", false, "U+06C3 teh marbuta goal: heh" },
		{ "\xDB\x95", "\xD9\x87", false, "U+06D5 ae: heh" },
		{ "\xC4\xB1", "i", false, "U+0131 dotless i: i" },
		{ "\xCA\xBC", "'", true, "U+02BC modifier letter apostrophe: '" },
		{ "\xE2\x80\x98", "'", true, "U+2018 left single quotation mark: '" },
		{ "\xE2\x80\x99", "'", true, "U+2019 right single quotation mark: '" },
		{ "\xE2\x80\x9B", "'", true, "U+201B single high-reversed-9 quotation mark: '" },
		{ "\xE2\x80\xB2", "'", true, "U+2032 prime: '" },
		{ "\xE2\x80\x9C", "\"", true, "U+201C left double quotation mark: \"" },
		{ "\xE2\x80\x9D", "\"", true, "U+201D right double quotation mark: \"" },
		{ "\xE2\x80\x9E", "\"", true, "U+201E double low-9 quotation mark: \"" },
		{ "\xE2\x80\x90", "-", true, "U+2010 hyphen: -" },
		{ "\xE2\x80\x91", "-", true, "U+2011 non-breaking hyphen: -" },
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		size_t n;
		char *s = fold_string(same[i].variant, strlen(same[i].variant), &n);
		char *b = fold_string(same[i].base, strlen(same[i].base), &n);
		char ka[16], kb[16];
		fold_anchor(same[i].variant, strlen(same[i].variant), ka, sizeof ka);
		fold_anchor(same[i].base, strlen(same[i].base), kb, sizeof kb);
		uint32_t c;
		utf8_next((const unsigned char *)same[i].variant, strlen(same[i].variant), &c);
		uint32_t base;
		utf8_next((const unsigned char *)same[i].base, strlen(same[i].base), &base);
		int32_t l = fold_label_char((int32_t)c);
		ok(strcmp(s, b) == 0 && strcmp(ka, kb) == 0 &&
		   (same[i].label ? l == (int32_t)base : l == (int32_t)c),
		   "%s (search and anchors%s)", same[i].name, same[i].label ? ", labels" : "; labels keep it");
		free(s);
		free(b);
	}
	/* High hamza: dropped by search and anchor keys, kept by labels. */
	char k[16];
	fold_is("\xD9\xB4", "", "U+0674 high hamza: search drops it");
	is_long((long)fold_anchor("\xD9\xB4", 2, k, sizeof k), 0, "U+0674 high hamza: anchor keys drop it");
	is_long(fold_label_char(0x0674), 0x0674, "U+0674 high hamza: labels keep it");
	/* Where labels differ on purpose: their lists spell these out. */
	is_long(fold_label_char(0x06CC), 0x06CC, "labels keep farsi yeh (their lists spell it)");
	is_long(fold_label_char(0x05DD), 0x05DD, "labels keep Hebrew final mem");
	is_long(fold_label_char(0x0623), 0x0627, "labels unify alef with hamza");
	is_long(fold_variant(0x0640, FOLD_LABEL), -1, "tatweel is dropped in every profile");
	fold_is("Kırıkkale", "kirikkale", "search: Turkish dotless i as i");
	fold_anchor("Kırıkkale", strlen("Kırıkkale"), k, sizeof k);
	is_str(k, "kirikkale", "anchors: Turkish dotless i as i");
}

int
main(void)
{
	/* Case: full Unicode case folding. */
	fold_is("KASPERSKY Lab", "kaspersky lab", "ASCII case");
	fold_is("Straße ẞ", "strasse ss", "sharp s folds to ss");
	fold_is("ΣΊΣΥΦΟΣ ς", "σισυφοσ σ", "Greek: final sigma, tonos");
	fold_is("İstanbul", "istanbul", "dotted capital I");
	fold_is("ПРИВЕТ", "привет", "Cyrillic");

	/* Marks: French accents, Arabic harakat, Hebrew points. */
	fold_is("États-Unis Élysée où ç", "etats-unis elysee ou c", "French accents");
	fold_is("مُحَمَّدٌ كَتَبَ", "محمد كتب", "harakat: damma, fatha, shadda, dammatan");
	fold_is("شكراً جزيلاً", "شكرا جزيلا", "tanwin (fathatan)");
	fold_is("שָׁלוֹם", "שלומ", "Hebrew points and final mem");
	fold_is("q\xcc\x81", "q", "a combining mark with no precomposed form");

	/* Tatweel and invisible format characters. */
	fold_is("كـــبير", "كبير", "tatweel");
	fold_is("soft\xc2\xadhyphen", "softhyphen", "soft hyphen");
	fold_is("می\xe2\x80\x8cخواهم", "ميخواهم", "zero-width non-joiner");

	/* NFKC compatibility forms. */
	fold_is("œuvre Œuvre", "oeuvre oeuvre", "oe ligature");
	fold_is("ﬁn ﬂux ﬃ", "fin flux ffi", "Latin ligatures");
	fold_is("ＫＡＳＰＥＲＳＫＹ　１２", "kaspersky 12", "full-width forms and ideographic space");
	fold_is("ﻻ ﻷ ﷲ", "لا لا الله", "Arabic ligatures: lam-alef, lam-alef with hamza, Allah");
	fold_is("ﺍﻟﺴﻼﻡ", "السلام", "Arabic presentation forms");
	fold_is("x² ①", "x2 1", "superscript and circled digits");

	/* Arabic letter unification. */
	fold_is("أ إ آ ٱ ا", "ا ا ا ا ا", "alef variants");
	fold_is("ى ی ي", "ي ي ي", "alef maksura, farsi yeh, yeh");
	fold_is("ک ك", "ك ك", "keheh");
	fold_is("ؤ ئ", "و ي", "waw and yeh with hamza");
	fold_is("ة ۀ ه ە", "ه ه ه ه", "teh marbuta, heh with yeh above, ae: heh");
	fold_is("کاسبرسکی", "كاسبرسكي", "the keywords-line spelling of Kaspersky");
	fold_is("الأمریکیة", "الامريكيه", "Persian letters in an Arabic word");

	/* Digits of every script. */
	fold_is("٢٠٢٤", "2024", "Arabic-Indic digits");
	fold_is("۲۰۲۴", "2024", "extended Arabic-Indic (Persian) digits");
	fold_is("२०२४ ২০২৪", "2024 2024", "Devanagari and Bengali digits");

	/* Hebrew final forms. */
	fold_is("ך ם ן ף ץ", "כ מ נ פ צ", "Hebrew final forms");

	/* White space: every kind folds to a space, runs to one. */
	fold_is("a \t\n b\xc2\xa0" "c\xe2\x80\x83" "d", "a b c d", "white space runs");
	fold_is("  x  ", " x ", "leading and trailing runs");

	/* The table's ASCII fast path agrees with ICU's answer. */
	bool same = true;
	for (unsigned c = 0; c < 128 && same; c++) {
		char s = (char)c, one[FOLD_CHAR_MAX];
		size_t n, k = fold_char(c, one);
		char *f = fold_string(&s, 1, &n);
		same = n == k && memcmp(f, one, n) == 0;
		if (!same)
			diag("U+%04X: table '%.*s', ICU '%.*s'", c, (int)n, f, (int)k, one);
		free(f);
	}
	ok(same, "ASCII fast path equals the computed folding");
	/* A code point folded on its own (fold_char_once, before its table is
	 * built) folds as the steps fold it, on every code point. */
	size_t once_differ = 0;
	for (uint32_t c = 0; c < 0x110000; c++) {
		char a[FOLD_CHAR_MAX], b[FOLD_CHAR_MAX];
		size_t na = fold_char_once(c, a), nb = fold_char_reference(c, b);
		if ((na != nb || memcmp(a, b, na) != 0) && once_differ++ == 0)
			diag("U+%04X: folded once '%.*s', by the steps '%.*s'", (unsigned)c, (int)na, a,
			     (int)nb, b);
	}
	is_long((long)once_differ, 0, "every code point folded on its own folds as ICU's steps fold it");
	/* The shortcut for characters the steps leave alone agrees with the
	 * steps themselves, on every code point. */
	size_t differ = 0, kept = 0;
	for (uint32_t c = 0; c < 0x110000; c++) {
		char a[FOLD_CHAR_MAX], b[FOLD_CHAR_MAX], self[8];
		size_t na = fold_char(c, a), nb = fold_char_reference(c, b);
		if (na != nb || memcmp(a, b, na) != 0) {
			if (differ++ == 0)
				diag("U+%04X: folded '%.*s', by the steps '%.*s'", (unsigned)c, (int)na, a,
				     (int)nb, b);
		} else if (c < 0xD800 || c > 0xDFFF) {
			kept += na == utf8_encode(c, self) && memcmp(a, self, na) == 0;
		}
	}
	/* The stream search's probe leaves the Hangul syllables out of what
	 * may fold to another character: each folds to itself. */
	size_t hangul = 0;
	for (uint32_t c = 0xAC00; c <= 0xD7A3; c++) {
		char a[FOLD_CHAR_MAX], self[8];
		size_t na = fold_char(c, a);
		hangul += na == utf8_encode(c, self) && memcmp(a, self, na) == 0;
	}
	is_long((long)hangul, 0xD7A4 - 0xAC00, "every Hangul syllable folds to itself");
	ok(differ == 0 && kept > 100000,
	   "every code point folds as ICU's steps fold it (%zu differ; %zu fold to themselves)",
	   differ, kept);
	/* Folding is idempotent on what it produces. */
	const char *samples[] = { "ﷺ", "ǅ", "ﬃ", "ΐ", "ﻵ", "㍿", "Ⅻ", "ŉ" };
	same = true;
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		size_t n1, n2;
		char *a = fold_string(samples[i], strlen(samples[i]), &n1);
		char *b = fold_string(a, n1, &n2);
		if (n1 != n2 || memcmp(a, b, n1) != 0) {
			same = false;
			diag("%s: '%s' then '%s'", samples[i], a, b);
		}
		free(a);
		free(b);
	}
	ok(same, "folding a folded text changes nothing");
	char buf[FOLD_CHAR_MAX];
	is_long((long)fold_char(0xFDFA, buf), 33, "the longest folded form (U+FDFA) fits");
	ok(fold_is_mark(0x0651) && fold_is_mark(0x05B8) && fold_is_mark(0x0301) &&
	   !fold_is_mark(0x0640) && !fold_is_mark('a'), "marks: shadda, qamats, acute; not tatweel");

	/* The map: folded offset -> the source byte it came from. */
	map_is("abc", "0 1 2 3", "identity");
	/* b(0-1) fatha(2-3) shadda(4-5) alef(6-7): the alef folds to byte 2. */
	map_is("بَّا", "0 1 6 7 8", "shadda and vowel stack: the next letter follows it");
	/* É (0-1) -> e (0): then the bytes shift by one. */
	map_is("Éta", "0 2 3 4", "accented capital shrinks to one byte");
	/* ﬁ (0-2) -> "fi" (0-1): both folded bytes inside it; b at 3. */
	map_is("ﬁb", "0 1 3 4", "NFKC expansion: fi ligature");
	/* ﻻ (0-2) -> lam (0-1) alef (2-3): all inside the ligature. */
	map_is("ﻻx", "0 1 2 2 3 4", "lam-alef ligature");
	/* ½ (0-1) -> 1 ⁄ 2 (5 bytes): all inside it. */
	map_is("½.", "0 1 1 1 1 2 3", "a form longer than its source");
	map_is("a  \t b", "0 1 5 6", "a white-space run folds to its first byte");
	map_is("كـتب", "0 1 4 5 6 7 8", "tatweel: the next letter follows it");

	/* The compact form: UTF-8 offsets of every character start, past
	 * the 256-byte index steps, against a count from the start. */
	struct fold_text big = FOLD_TEXT_INIT;
	const char *mix = "بيت ˈب é € 😀 ﻻ ";
	for (int r = 0; r < 60; r++)
		fold_text_append(&big, mix, strlen(mix), big.vend);
	fold_text_trim(&big);
	char *utf8 = xmalloc(2 * big.len + 1);
	is_long((long)fold_compact_to_utf8(big.s, big.len, utf8), (long)big.flen,
		"the compact text's UTF-8 length");
	bool offsets = true;
	for (size_t p = 0, f = 0; p <= big.len && offsets; p++) {
		if (p < big.len && !fold_compact_is_start(big.s, p))
			continue;
		offsets = fold_text_utf8_offset(&big, p) == f;
		if (!offsets)
			diag("compact %zu: %zu, expected %zu", p, fold_text_utf8_offset(&big, p), f);
		if (p < big.len) {
			unsigned char c = (unsigned char)big.s[p];
			f += c < 0x80 ? 1 : c < 0xC0 ? 2 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		}
	}
	ok(offsets, "UTF-8 offsets of the compact text, through the index");
	size_t starts = 0;
	for (size_t p = 0; p < big.len; p++)
		starts += fold_compact_is_start(big.s, p);
	is_long((long)starts, 60 * 16, "character starts found in the compact text");
	free(utf8);
	fold_text_free(&big);

	/* A second piece continues the map at its own source offset. */
	struct fold_text ft = FOLD_TEXT_INIT;
	fold_text_append(&ft, "É", 2, 10);
	fold_text_putc(&ft, '\n', 12);
	fold_text_append(&ft, "ab", 2, 13);
	is_str(ft.s, "e\nab", "pieces and a separator");
	is_long((long)fold_text_to_src(&ft, 0), 10, "piece 1 starts at its offset");
	is_long((long)fold_text_to_src(&ft, 1), 12, "separator");
	is_long((long)fold_text_to_src(&ft, 3), 14, "piece 2");
	is_long((long)fold_text_to_src_at(&ft, 3, fold_text_seek(&ft, 3, 1)), 14,
		"seeking from a hint gives the same");
	fold_text_free(&ft);

	/* A run of white space folds to one space: a source offset inside
	 * it maps no further than the end of that space, also before the
	 * map's first point. */
	struct fold_text ws = FOLD_TEXT_INIT;
	fold_text_append(&ws, "a\t\t\t\t\tb", 7, 0);
	is_str(ws.s, "a b", "a run of tabs folds to one space");
	is_long((long)fold_text_from_src(&ws, 1), 1, "the run's first tab: the space");
	is_long((long)fold_text_from_src(&ws, 4), 2, "a tab inside the run: past the space, no further");
	is_long((long)fold_text_from_src(&ws, 6), 2, "after the run: b");
	fold_text_free(&ws);
	test_profiles();
	return done_testing();
}
