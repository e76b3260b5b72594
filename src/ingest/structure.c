/* Last stage of ingest: whatever the format, classify the blocks the parser
 * made (titles, headings, date, source and keywords lines, navigation
 * noise), split the document into articles at "read also" markers, and
 * label blocks and document with script, language and base direction. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "ingest/langid.h"
#include "ingest/parse.h"
#include "text/lib.h"

/* Characters of a block's start that markers and labels are looked for in. */
#define KEY_CHARS 64
/* Characters of a block's start that labels ("Source:") are looked for in. */
#define LABEL_CHARS 24
/* Bytes of a block sampled for its script and language. */
#define LANG_SAMPLE 128
/* Blocks from which labelling is shared among threads, and most threads. */
#define STRUCTURE_PARALLEL_BLOCKS 4096
#define STRUCTURE_THREADS 4
/* Longest heading and title, in characters. */
#define HEADING_MAX 80
#define TITLE_MAX 250

/* A normalized start of a block: folded for labels (fold_label_char),
 * spaces collapsed. */
struct key {
	char s[KEY_CHARS * 4 + 1];
	size_t len;
	size_t chars;     /* characters of the block read into the key */
	bool whole;       /* the key holds the whole block */
};

/* fold_label_char of every code point below U+0800 (one or two UTF-8 bytes);
 * filled a block at a time (through key_fold_blocks), an entry read-only
 * once its block is filled: ASCII asks nothing of ICU. */
static int32_t key_fold_small[0x800];
static void key_fold_fill(uint32_t lo, uint32_t hi);
static struct blocktab key_fold_blocks = BLOCKTAB_INIT(key_fold_fill);

/* Fills key_fold_small for [lo, hi). */
static void
key_fold_fill(uint32_t lo, uint32_t hi)
{
	for (uint32_t c = lo; c < hi && c < 0x800; c++)
		key_fold_small[c] = fold_label_char((UChar32)c);
}

/* Builds the key of the first max_chars (<= KEY_CHARS) characters of a text. */
static void
key_make(struct key *k, const char *text, size_t n, size_t max_chars)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t i = 0;

	blocktab_need(&key_fold_blocks, 0);
	k->len = 0;
	k->chars = 0;
	while (i < n && k->chars < max_chars) {
		UChar32 c;
		uint32_t u;
		if (s[i] < 0x80) {
			c = key_fold_small[s[i++]];
		} else if (utf8_next2(s + i, n - i, &u)) {
			blocktab_need(&key_fold_blocks, u);
			c = key_fold_small[u];
			i += 2;
		} else {
			i += utf8_next(s + i, n - i, &u);
			c = fold_label_char((UChar32)u);
		}
		k->chars++;
		if (c < 0)
			continue;
		if (c == ' ' && (k->len == 0 || k->s[k->len - 1] == ' '))
			continue;
		k->len += utf8_encode((uint32_t)c, k->s + k->len);
	}
	while (k->len > 0 && k->s[k->len - 1] == ' ')
		k->len--;
	k->s[k->len] = '\0';
	k->whole = i >= n;
}

/* A word or label looked for in keys, and its length in bytes. */
struct label {
	const char *s;
	size_t n;
};
#define L(s) { s, sizeof s - 1 }

/* Length of prefix if the key starts with it as whole words, else 0. */
static size_t
key_prefix(const struct key *k, const struct label *label)
{
	const char *prefix = label->s;
	size_t n = label->n;

	if (k->len < n || k->s[0] != prefix[0] || memcmp(k->s, prefix, n) != 0)
		return 0;
	if (n == k->len)
		return n;
	unsigned char c = (unsigned char)k->s[n];
	if (c == ' ' || c == ':' || c == '.' || c == ',' || c == '-' ||
	    (c == 0xEF && memcmp(k->s + n, "\xEF\xBC\x9A", 3) == 0))
		return n;
	return 0;
}

/* Whether the key continues with a colon at offset at (spaces skipped). */
static bool
key_colon_at(const struct key *k, size_t at)
{
	while (at < k->len && k->s[at] == ' ')
		at++;
	return at < k->len && (k->s[at] == ':' ||
			       (k->len - at >= 3 && memcmp(k->s + at, "\xEF\xBC\x9A", 3) == 0));
}

/* The first prefix of a list the key starts with (length), or 0. */
static size_t
key_prefix_any(const struct key *k, const struct label *list)
{
	for (; list->s != NULL; list++) {
		size_t n = key_prefix(k, list);
		if (n > 0)
			return n;
	}
	return 0;
}

static const struct label read_also_markers[] = {
	L("اقرا ايضا"), L("اقرا ايضا "), L("اقرا كذلك"), L("اقرا المزيد"), L("اقرا ايضا في"),
	L("lire aussi"), L("à lire aussi"), L("a lire aussi"), L("voir aussi"), L("lire la suite"),
	L("read also"), L("read more"), L("also read"), L("see also"), L("related"),
	L("קרא גם"), L("קראו גם"), L("ראו גם"),
	L("بیشتر بخوانید"), L("بخوانید"), L("بيشتر بخوانيد"), L("بخوانيد"),
	L("leer también"), L("lesen sie auch"), L("читайте также"),
	{ NULL, 0 }
};

static const struct label source_labels[] = {
	L("المصدر"), L("مصدر"), L("source"), L("sources"), L("מקור"), L("מקורות"), L("منبع"), L("منابع"),
	L("quelle"), L("fuente"), L("fonte"), L("источник"), { NULL, 0 }
};

static const struct label keyword_labels[] = {
	L("كلمات دلالية"), L("كلمات مفتاحية"), L("الكلمات المفتاحية"), L("الكلمات الدلالية"),
	L("وسوم"), L("الوسوم"), L("mots-clés"), L("mots clés"), L("mots-cles"), L("mots cles"),
	L("étiquettes"), L("tags"), L("tag"), L("keywords"), L("key words"), L("תגיות"), L("מילות מפתח"),
	L("برچسبها"), L("برچسب ها"), L("کلمات کلیدی"), L("کلیدواژه ها"), L("کلیدواژهها"),
	L("schlagwörter"), L("stichwörter"), L("etiquetas"), L("palabras clave"), L("теги"),
	L("ключевые слова"), { NULL, 0 }
};

static const struct label date_labels[] = {
	L("تاريخ النشر"), L("نشر في"), L("نشر بتاريخ"), L("تاريخ"), L("آخر تحديث"), L("اخر تحديث"),
	L("publié le"), L("publie le"), L("mis à jour le"), L("mis à jour"), L("date de publication"),
	L("published"), L("published on"), L("updated"), L("posted on"), L("date"),
	L("פורסם"), L("פורסם ב"), L("תאריך"), L("עודכן"), L("تاریخ انتشار"), L("تاریخ"), L("منتشر شده"),
	L("veröffentlicht"), L("publicado"), L("fecha"), L("опубликовано"), L("дата"), { NULL, 0 }
};

static const struct label month_names[] = {
	L("january"), L("february"), L("march"), L("april"), L("may"), L("june"), L("july"), L("august"),
	L("september"), L("october"), L("november"), L("december"),
	L("janvier"), L("février"), L("mars"), L("avril"), L("mai"), L("juin"), L("juillet"), L("août"),
	L("septembre"), L("octobre"), L("novembre"), L("décembre"),
	L("januar"), L("februar"), L("märz"), L("juni"), L("juli"), L("oktober"), L("dezember"),
	L("enero"), L("febrero"), L("marzo"), L("abril"), L("mayo"), L("junio"), L("julio"), L("agosto"),
	L("septiembre"), L("octubre"), L("noviembre"), L("diciembre"),
	L("يناير"), L("فبراير"), L("مارس"), L("ابريل"), L("مايو"), L("يونيو"), L("يوليو"), L("اغسطس"),
	L("سبتمبر"), L("اكتوبر"), L("نوفمبر"), L("ديسمبر"), L("كانون"), L("شباط"), L("اذار"), L("نيسان"),
	L("ايار"), L("حزيران"), L("تموز"), L("اب"), L("ايلول"), L("تشرين"),
	L("ינואר"), L("פברואר"), L("מרץ"), L("אפריל"), L("מאי"), L("יוני"), L("יולי"), L("אוגוסט"),
	L("ספטמבר"), L("אוקטובר"), L("נובמבר"), L("דצמבר"),
	L("ژانویه"), L("فوریه"), L("فروردین"), L("اردیبهشت"), L("خرداد"), L("تیر"), L("مرداد"),
	L("شهریور"), L("مهر"), L("آبان"), L("آذر"), L("دی"), L("بهمن"), L("اسفند"),
	L("января"), L("февраля"), L("марта"), L("апреля"), L("мая"), L("июня"), L("июля"), L("августа"),
	L("сентября"), L("октября"), L("ноября"), L("декабря"), { NULL, 0 }
};

/* Strips punctuation and spaces that may surround a marker. */
static void
key_strip_marker(struct key *k)
{
	static const char *const trail[] = {
		":", "\xEF\xBC\x9A", ".", "\xE2\x80\xA6", "!", "-", "\xE2\x80\x93",
		"\xE2\x80\x94", "\xC2\xBB", "\xC2\xAB", " ", ">", "\xD8\x9B", NULL
	};
	bool changed = true;

	while (changed && k->len > 0) {
		changed = false;
		for (const char *const *t = trail; *t != NULL; t++) {
			size_t n = strlen(*t);
			if (k->len >= n && memcmp(k->s + k->len - n, *t, n) == 0) {
				k->len -= n;
				changed = true;
			}
			if (k->len >= n && memcmp(k->s, *t, n) == 0) {
				memmove(k->s, k->s + n, k->len - n);
				k->len -= n;
				changed = true;
			}
		}
	}
	k->s[k->len] = '\0';
}

/* Whether a text is a "read also" marker that starts another article. */
static bool
structure_is_marker(const char *s, size_t n)
{
	struct key k;

	if (n > 4 * 40)
		return false;
	key_make(&k, s, n, KEY_CHARS);
	if (!k.whole || k.chars > 40)
		return false;
	key_strip_marker(&k);
	size_t kl = strlen(k.s); /* a NUL in the text ends the key here */
	for (const struct label *m = read_also_markers; m->s != NULL; m++)
		if (m->n == kl && memcmp(k.s, m->s, kl) == 0)
			return true;
	return false;
}

/* Whether the key contains needle as a word (bounded by non-letters). */
static bool
key_has_word(const struct key *k, const struct label *word)
{
	const char *needle = word->s;
	size_t n = word->n;

	for (size_t i = 0; i + n <= k->len; i++) {
		if (k->s[i] != needle[0] || memcmp(k->s + i, needle, n) != 0)
			continue;
		unsigned char before = i ? (unsigned char)k->s[i - 1] : ' ';
		unsigned char after = i + n < k->len ? (unsigned char)k->s[i + n] : ' ';
		/* Arabic words may carry a one-letter prefix (ب، ل، و، في). */
		bool b_ok = before < 0x80 ? !((before | 0x20) >= 'a' && (before | 0x20) <= 'z')
					  : (needle[0] & 0x80) != 0;
		bool a_ok = after < 0x80 ? !((after | 0x20) >= 'a' && (after | 0x20) <= 'z')
					 : false;
		if (b_ok && a_ok)
			return true;
	}
	return false;
}

/* Whether a short key looks like a date: ISO, d/m/y, or a year with a month name. */
static bool
key_is_date(const struct key *k)
{
	const char *s = k->s;
	size_t n = k->len, words = 1;
	bool year = false, numeric = false;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ')
			words++;
		size_t d = 0;
		while (i + d < n && s[i + d] >= '0' && s[i + d] <= '9')
			d++;
		if (d == 0 || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9'))
			continue;
		if (d == 4 && (memcmp(s + i, "19", 2) == 0 || memcmp(s + i, "20", 2) == 0))
			year = true;
		/* 2024-07-18, 18/07/2024, 18.07.2024 */
		size_t j = i + d;
		if (j + 1 < n && (s[j] == '-' || s[j] == '/' || s[j] == '.') &&
		    s[j + 1] >= '0' && s[j + 1] <= '9') {
			size_t e = j + 1;
			while (e < n && s[e] >= '0' && s[e] <= '9')
				e++;
			if (e + 1 < n && s[e] == s[j] && s[e + 1] >= '0' && s[e + 1] <= '9')
				numeric = true;
		}
		i += d - 1;
	}
	if (words > 10)
		return false;
	if (numeric)
		return true;
	if (!year)
		return false;
	for (const struct label *m = month_names; m->s != NULL; m++)
		if (key_has_word(k, m))
			return true;
	return false;
}

enum meta_kind { META_NONE, META_DATE, META_SOURCE, META_KEYWORDS };

/* Whether a block's text is a date, source or keywords line. */
static enum meta_kind
structure_meta(const char *s, size_t n)
{
	struct key k;
	size_t p;

	/* Running text: too long for a date, and no label colon near its start
	 * (a keywords label without a colon only starts a short block). */
	if (n > 240 && (n > 400 || s[n - 1] == '.') &&
	    memchr(s, ':', n < 120 ? n : 120) == NULL &&
	    memchr(s, 0xEF, n < 120 ? n : 120) == NULL)
		return META_NONE;
	/* Labels are short: the start of the block is enough to find them. */
	key_make(&k, s, n, LABEL_CHARS);
	if (k.len == 0)
		return META_NONE;
	if ((p = key_prefix_any(&k, source_labels)) > 0 && key_colon_at(&k, p) &&
	    n < 600)
		return META_SOURCE;
	if ((p = key_prefix_any(&k, keyword_labels)) > 0) {
		if (key_colon_at(&k, p))
			return META_KEYWORDS;
		/* A label without a colon: a list of words, not a sentence. */
		if (p < k.len && n <= 400 && s[n - 1] != '.')
			return META_KEYWORDS;
	}
	/* A key is whole only when the text fits in KEY_CHARS characters of
	 * at most four bytes each. */
	if (n < 400 && (k.whole || n <= 4 * KEY_CHARS) && memchr(s, '\n', n) == NULL) {
		bool digit = false;
		/* ASCII, Arabic-Indic (U+0660) and Persian (U+06F0) digits. */
		for (size_t i = 0; i < n && !digit; i++)
			digit = (s[i] >= '0' && s[i] <= '9') ||
				(i + 1 < n && (((unsigned char)s[i] == 0xD9 &&
						(unsigned char)s[i + 1] >= 0xA0 &&
						(unsigned char)s[i + 1] <= 0xA9) ||
					       ((unsigned char)s[i] == 0xDB &&
						(unsigned char)s[i + 1] >= 0xB0 &&
						(unsigned char)s[i + 1] <= 0xB9)));
		if (!digit)
			return META_NONE;
		if (!k.whole)
			key_make(&k, s, n, KEY_CHARS);
		if (digit && k.whole && (p = key_prefix_any(&k, date_labels)) > 0 &&
		    k.chars <= 60)
			return META_DATE;
		if (digit && k.whole && key_is_date(&k))
			return META_DATE;
	}
	return META_NONE;
}

bool
structure_line_stands_alone(const char *s, size_t n)
{
	return structure_is_marker(s, n) || structure_meta(s, n) != META_NONE;
}

/* Scripts counted apart when looking for a language menu (CJK together). */
static int
structure_script_group(UScriptCode sc)
{
	if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
	    sc == USCRIPT_KATAKANA_OR_HIRAGANA)
		return USCRIPT_HAN;
	return sc;
}

/* Bits set in a word whose only bits are the high bits of its bytes. */
static inline size_t
structure_count_bits(uint64_t x)
{
	return (size_t)(((x >> 7) * UINT64_C(0x0101010101010101)) >> 56);
}

/* Bytes of a word equal to c (each byte tested exactly, no carries). */
static inline size_t
structure_count_bytes(uint64_t w, unsigned char c)
{
	const uint64_t low7 = UINT64_C(0x7F7F7F7F7F7F7F7F);
	uint64_t t = w ^ (UINT64_C(0x0101010101010101) * c);

	return structure_count_bits(~(((t & low7) + low7) | t | low7));
}

/* Navigation noise: a run of names in three or more scripts with few
 * spaces (a language menu), or a line of short items between bars. */
static bool
structure_is_menu(const char *s, size_t n)
{
	size_t chars = 0, spaces = 0, bars = 0;

	if (n > 600)
		return false;
	/* The start tells: menus are short and made of short items. */
	size_t head = n < 200 ? n : 200, h = 0;
	chars = utf8_count(s, head);
	for (; h + 8 <= head; h += 8) {
		uint64_t w;
		memcpy(&w, s + h, 8);
		spaces += structure_count_bytes(w, ' ');
		bars += structure_count_bytes(w, '|');
	}
	for (; h < head; h++) {
		spaces += s[h] == ' ';
		bars += s[h] == '|';
	}
	if (bars >= 2 && chars / (bars + 1) <= 25)
		return true;
	if (chars < 12 || chars / (spaces + 1) < 12)
		return false;
	int seen[8];
	size_t nseen = 0;
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, len = (int32_t)n;
	while (i < len && nseen < 8) {
		UChar32 c;
		U8_NEXT(u, i, len, c);
		if (c < 0 || !u_isalpha(c))
			continue;
		UErrorCode ec = U_ZERO_ERROR;
		int sc = structure_script_group(uscript_getScript(c, &ec));
		if (U_FAILURE(ec) || sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
			continue;
		size_t j = 0;
		while (j < nseen && seen[j] != sc)
			j++;
		if (j == nseen)
			seen[nseen++] = sc;
	}
	return nseen >= 3;
}

/* Navigation noise before a title: one to three lowercase words. */
static bool
structure_is_lone_word(const char *s, size_t n)
{
	size_t words = 1;
	bool cased = false;
	const uint8_t *u = (const uint8_t *)s;
	int32_t i = 0, len = n > 120 ? 120 : (int32_t)n;

	if (n > 60)
		return false;
	while (i < len) {
		UChar32 c;
		U8_NEXT(u, i, len, c);
		if (c == ' ')
			words++;
		else if (c < 0 || u_isupper(c) || u_isdigit(c) || u_ispunct(c))
			return false;
		else if (u_islower(c))
			cased = true;
	}
	return cased && words <= 3;
}

/* Characters in a text, counting no further than limit + 1. */
static size_t
structure_chars(const char *s, size_t n, size_t limit)
{
	if (n > 4 * (limit + 1))
		return limit + 1;
	size_t c = utf8_count(s, n);
	return c <= limit ? c : limit + 1;
}

/* Whether a text ends like a sentence (closing quotes and brackets aside). */
static bool
structure_ends_sentence(const char *s, size_t n)
{
	static const char *const closers[] = {
		"\"", "'", ")", "]", "\xC2\xBB", "\xE2\x80\x9D", "\xE2\x80\x99", NULL
	};
	static const char *const enders[] = {
		".", "!", "?", ";", ":", ",", "\xE2\x80\xA6", "\xD8\x9F", "\xD8\x9B",
		"\xD8\x8C", "\xDB\x94", "\xEF\xBC\x9A", NULL
	};
	bool changed = true;

	while (changed && n > 0) {
		changed = false;
		for (const char *const *c = closers; *c != NULL; c++) {
			size_t l = strlen(*c);
			if (n >= l && memcmp(s + n - l, *c, l) == 0) {
				n -= l;
				changed = true;
			}
		}
	}
	for (const char *const *e = enders; *e != NULL; e++) {
		size_t l = strlen(*e);
		if (n >= l && memcmp(s + n - l, *e, l) == 0)
			return true;
	}
	return false;
}

/* Whether a block may hold running text that structure detection reclassifies. */
static bool
structure_is_prose(const struct block *b)
{
	return b->kind == BLOCK_PARAGRAPH;
}

/* Context-free kinds of a block: markers, metadata lines and navigation
 * noise. */
static void
structure_mark_line(struct block *b)
{
	if (b->kind != BLOCK_PARAGRAPH && b->kind != BLOCK_HEADING)
		return;
	if (structure_is_marker(b->text, b->len)) {
		b->kind = BLOCK_SEPARATOR;
		b->level = 0;
		return;
	}
	if (b->kind != BLOCK_PARAGRAPH)
		return;
	switch (structure_meta(b->text, b->len)) {
	case META_DATE: b->kind = BLOCK_DATE; return;
	case META_SOURCE: b->kind = BLOCK_SOURCE; return;
	case META_KEYWORDS: b->kind = BLOCK_KEYWORDS; return;
	case META_NONE: break;
	}
	if (structure_is_menu(b->text, b->len))
		b->kind = BLOCK_BOILERPLATE;
}

/* Rebuilds doc->articles: a new article starts at every separator. */
static void
structure_split_articles(struct doc *doc)
{
	doc->narticles = 0;
	if (doc->nblocks == 0)
		return;
	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (doc->narticles == 0 || (b->kind == BLOCK_SEPARATOR && i > 0))
			doc_add_article(doc)->first_block = i;
		doc->articles[doc->narticles - 1].nblocks++;
	}
}

/* Finds the title of each article and, in plain text, its headings. */
static void
structure_titles(struct doc *doc)
{
	bool text = doc->format != DOC_FORMAT_MARKDOWN && doc->format != DOC_FORMAT_HTML;

	for (size_t a = 0; a < doc->narticles; a++) {
		struct article *art = &doc->articles[a];
		size_t end = art->first_block + art->nblocks;
		bool looking = true;

		art->title_block = SIZE_MAX;
		for (size_t i = art->first_block; i < end; i++) {
			struct block *b = &doc->blocks[i];
			if (b->kind == BLOCK_TITLE) {
				if (art->title_block == SIZE_MAX)
					art->title_block = i;
				looking = false;
				continue;
			}
			if (!looking || b->kind == BLOCK_SEPARATOR || b->kind == BLOCK_BOILERPLATE ||
			    b->kind == BLOCK_DATE || b->kind == BLOCK_SOURCE ||
			    b->kind == BLOCK_KEYWORDS)
				continue;
			looking = false;
			if (b->kind == BLOCK_HEADING ||
			    (b->kind == BLOCK_PARAGRAPH && (text || a > 0))) {
				if (text && structure_is_lone_word(b->text, b->len) &&
				    i + 1 < end) {
					b->kind = BLOCK_BOILERPLATE;
					looking = true;
					continue;
				}
				if (b->kind == BLOCK_PARAGRAPH &&
				    (memchr(b->text, '\n', b->len) != NULL ||
				     structure_chars(b->text, b->len, TITLE_MAX) > TITLE_MAX))
					continue;
				b->kind = BLOCK_TITLE;
				if (b->level == 0)
					b->level = 1;
				art->title_block = i;
			}
		}
		if (!text)
			continue;
		/* Headings: short lines without final punctuation between longer paragraphs. */
		for (size_t i = art->first_block + 1; i + 1 < end; i++) {
			struct block *b = &doc->blocks[i], *prev = b - 1, *next = b + 1;
			if (!structure_is_prose(b) || memchr(b->text, '\n', b->len) != NULL)
				continue;
			size_t chars = structure_chars(b->text, b->len, HEADING_MAX);
			if (chars > HEADING_MAX || structure_ends_sentence(b->text, b->len))
				continue;
			if (prev->kind != BLOCK_PARAGRAPH && prev->kind != BLOCK_ITEM &&
			    prev->kind != BLOCK_QUOTE)
				continue;
			if (next->kind != BLOCK_PARAGRAPH || next->len <= b->len ||
			    prev->len <= b->len)
				continue;
			b->kind = BLOCK_HEADING;
			b->level = 1;
		}
	}
}

/* A prefix of a block for sampling, cut at a character boundary. */
static size_t
structure_sample(const char *s, size_t n)
{
	if (n <= LANG_SAMPLE)
		return n;
	return utf8_back(s, 0, LANG_SAMPLE);
}

/* Most frequent value of a weighted tally (small, linear). */
struct tally {
	int key[16];
	char lang[16][4];
	size_t weight[16];
	size_t n;
};

/* Adds weight to a key (script or direction) or a language in a tally. */
static void
tally_add(struct tally *t, int key, const char *lang, size_t w)
{
	size_t i = 0;

	while (i < t->n && !(t->key[i] == key && strcmp(t->lang[i], lang) == 0))
		i++;
	if (i == t->n) {
		if (t->n == 16)
			return;
		t->key[i] = key;
		snprintf(t->lang[i], sizeof t->lang[i], "%s", lang);
		t->weight[i] = 0;
		t->n++;
	}
	t->weight[i] += w;
}

/* Index of the heaviest entry of a tally, or -1 when empty. */
static long
tally_best(const struct tally *t)
{
	long best = -1;

	for (size_t i = 0; i < t->n; i++)
		if (best < 0 || t->weight[i] > t->weight[best])
			best = (long)i;
	return best;
}

/* Copies a language code into a block's lang, cut to fit as snprintf would. */
static void
structure_set_lang(char lang[4], const char *code)
{
	size_t n = 0;

	while (n < 3 && code[n] != '\0') {
		lang[n] = code[n];
		n++;
	}
	lang[n] = '\0';
}

/* Script, language and direction of a block, from its text alone where
 * the markup did not give them. */
static void
structure_label_block(struct block *b)
{
	size_t n = structure_sample(b->text, b->len);

	b->script = langid_script(b->text, n);
	if (!b->lang_set)
		structure_set_lang(b->lang, langid_guess(b->text, n, b->script));
	if (!b->dir_set)
		b->dir = langid_base_dir(b->text, b->len);
}

/* A range of blocks for structure_blocks_run. */
struct structure_range {
	struct block *blocks;  /* borrowed */
	size_t from, to;
};

/* The work on each block that depends on that block alone: its context-free
 * kind and its labels (which do not depend on its kind). */
static void
structure_blocks_run(void *arg)
{
	const struct structure_range *r = arg;

	for (size_t i = r->from; i < r->to; i++) {
		structure_mark_line(&r->blocks[i]);
		structure_label_block(&r->blocks[i]);
	}
}

/* Runs structure_blocks_run over every block, on a few threads for a large
 * document: each block is written by one thread only, and the results are
 * the same whatever the split. */
static void
structure_blocks(struct doc *doc)
{
	struct structure_range r[STRUCTURE_THREADS];
	size_t n = doc->nblocks, parts = 1;

	if (n >= STRUCTURE_PARALLEL_BLOCKS)
		parts = parallel_threads(STRUCTURE_THREADS);
	for (size_t t = 0; t < parts; t++)
		r[t] = (struct structure_range){ doc->blocks, n * t / parts, n * (t + 1) / parts };
	parallel_run(structure_blocks_run, r, sizeof *r, parts, parts);
}

/* Script, language and direction of the document, from its blocks' (every
 * block already labelled), and the blocks' defaults from the document's. */
static void
structure_label(struct doc *doc)
{
	struct tally scripts = { .n = 0 }, langs = { .n = 0 }, dirs = { .n = 0 };

	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (b->kind == BLOCK_BOILERPLATE)
			continue;
		if (b->script != USCRIPT_COMMON)
			tally_add(&scripts, b->script, "", b->len);
		if (b->dir != DIR_AUTO)
			tally_add(&dirs, b->dir, "", b->len);
	}
	long s = tally_best(&scripts), d = tally_best(&dirs);
	doc->script = s >= 0 ? scripts.key[s] : USCRIPT_COMMON;
	doc->dir = d >= 0 ? (enum text_dir)dirs.key[d] : DIR_LTR;
	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (b->kind != BLOCK_BOILERPLATE && b->script == doc->script && b->lang[0])
			tally_add(&langs, 0, b->lang, b->len);
	}
	long l = tally_best(&langs);
	snprintf(doc->lang, sizeof doc->lang, "%s", l >= 0 ? langs.lang[l] : "");
	for (size_t i = 0; i < doc->nblocks; i++) {
		struct block *b = &doc->blocks[i];
		if (b->dir == DIR_AUTO)
			b->dir = doc->dir;
		if (b->lang[0] == '\0' && b->script == doc->script)
			memcpy(b->lang, doc->lang, sizeof b->lang);
	}
}

void
structure_finish(struct doc *doc)
{
	/* The model's memory counts: give back what block growth over-reserved. */
	if (doc->nblocks > 0 && doc->blocks_cap - doc->nblocks > doc->nblocks / 8) {
		doc->blocks = xreallocarray(doc->blocks, doc->nblocks, sizeof *doc->blocks);
		doc->blocks_cap = doc->nblocks;
	}
	structure_blocks(doc);
	structure_split_articles(doc);
	structure_titles(doc);
	structure_label(doc);
}

/* A plain text document's blocks given a few at a time (structure_stream_push):
 * each block waits until the two after it are known, which is all that
 * structure_titles looks ahead, and leaves with the kind the whole
 * document gives it. */
struct structure_stream {
	struct block *wait[3];   /* borrowed: pushed, not final yet */
	size_t nwait;
	size_t titled;           /* of them, those the title step has seen */
	size_t pushed;           /* blocks pushed so far */
	bool looking;            /* the article's title is still looked for */
	bool prev_ok;            /* the last final block may precede a heading */
	size_t prev_len;
	bool starts[3];          /* which waiting blocks start an article */
	struct tally dirs;
};

struct structure_stream *
structure_stream_new(void)
{
	return xcalloc(1, sizeof(struct structure_stream));
}

void
structure_stream_free(struct structure_stream *ss)
{
	free(ss);
}

/* Whether the waiting block k has a block after it in its article (known
 * when the block after it was pushed or the input ended). */
static bool
stream_has_next(const struct structure_stream *ss, size_t k)
{
	return k + 1 < ss->nwait && !ss->starts[k + 1];
}

/* structure_titles' first loop on the waiting block k. */
static void
stream_title_step(struct structure_stream *ss, size_t k)
{
	struct block *b = ss->wait[k];

	if (ss->starts[k])
		ss->looking = true;
	if (b->kind == BLOCK_TITLE) {
		ss->looking = false;
		return;
	}
	if (!ss->looking || b->kind == BLOCK_SEPARATOR || b->kind == BLOCK_BOILERPLATE ||
	    b->kind == BLOCK_DATE || b->kind == BLOCK_SOURCE || b->kind == BLOCK_KEYWORDS)
		return;
	ss->looking = false;
	if (b->kind == BLOCK_HEADING || b->kind == BLOCK_PARAGRAPH) {
		if (structure_is_lone_word(b->text, b->len) && stream_has_next(ss, k)) {
			b->kind = BLOCK_BOILERPLATE;
			ss->looking = true;
			return;
		}
		if (b->kind == BLOCK_PARAGRAPH &&
		    (memchr(b->text, '\n', b->len) != NULL ||
		     structure_chars(b->text, b->len, TITLE_MAX) > TITLE_MAX))
			return;
		b->kind = BLOCK_TITLE;
		if (b->level == 0)
			b->level = 1;
	}
}

/* structure_titles' heading loop on the first waiting block, whose next
 * block has had its title step. */
static void
stream_heading_step(struct structure_stream *ss)
{
	struct block *b = ss->wait[0], *next = ss->wait[1];

	if (ss->starts[0] || !stream_has_next(ss, 0) || !structure_is_prose(b) ||
	    memchr(b->text, '\n', b->len) != NULL)
		return;
	size_t chars = structure_chars(b->text, b->len, HEADING_MAX);
	if (chars > HEADING_MAX || structure_ends_sentence(b->text, b->len) || !ss->prev_ok)
		return;
	if (next->kind != BLOCK_PARAGRAPH || next->len <= b->len || ss->prev_len <= b->len)
		return;
	b->kind = BLOCK_HEADING;
	b->level = 1;
}

size_t
structure_stream_push(struct structure_stream *ss, struct block *b, struct block **out)
{
	size_t nout = 0;

	if (b != NULL) {
		structure_mark_line(b);
		if (!b->dir_set)
			b->dir = langid_base_dir(b->text, b->len);
		ss->starts[ss->nwait] = ss->pushed++ == 0 || b->kind == BLOCK_SEPARATOR;
		ss->wait[ss->nwait++] = b;
	}
	for (;;) {
		/* The title step needs the block after, or the end. */
		while (ss->titled < ss->nwait && (ss->titled + 1 < ss->nwait || b == NULL)) {
			stream_title_step(ss, ss->titled);
			ss->titled++;
		}
		/* The heading step needs the title step of the block after. */
		if (ss->nwait == 0 || ss->titled < (ss->nwait > 1 ? 2u : 1u) ||
		    (ss->nwait == 1 && b != NULL))
			break;
		struct block *f = ss->wait[0];
		stream_heading_step(ss);
		ss->prev_ok = f->kind == BLOCK_PARAGRAPH || f->kind == BLOCK_ITEM ||
			      f->kind == BLOCK_QUOTE;
		ss->prev_len = f->len;
		if (f->kind != BLOCK_BOILERPLATE && f->dir != DIR_AUTO)
			tally_add(&ss->dirs, f->dir, "", f->len);
		out[nout++] = f;
		memmove(ss->wait, ss->wait + 1, (ss->nwait - 1) * sizeof *ss->wait);
		memmove(ss->starts, ss->starts + 1, (ss->nwait - 1) * sizeof *ss->starts);
		ss->nwait--;
		ss->titled--;
	}
	return nout;
}

enum text_dir
structure_stream_dir(const struct structure_stream *ss)
{
	long d = tally_best(&ss->dirs);

	return d >= 0 ? (enum text_dir)ss->dirs.key[d] : DIR_LTR;
}
