/* Anchors: the things a text and its translation (or two reports of one
 * event) must share whatever their languages: numbers in any digit system,
 * dates with month names of many calendars' spellings, names written in
 * Latin or transliterated from Arabic, Hebrew or Cyrillic, and country
 * names from ICU's locale display names. Each anchor keeps the doc->text
 * range it was read from and a normalized key compared across languages. */
#ifndef QARIN_ANCHOR_H
#define QARIN_ANCHOR_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_ALIGN, "align/anchor.h");

#include <stdbool.h>
#include <stddef.h>

#include "model/lib.h"

enum anchor_kind {
	ANCHOR_NUMBER, /* key: digits in ASCII, '.' for the decimal mark, "%" suffix
			* for percentages: "2024", "3.5", "9%" */
	ANCHOR_DATE,   /* key: "YYYY-MM-DD" with 0000 / 00 for an absent year / day */
	ANCHOR_NAME,   /* key: lower-case ASCII transliteration ("kaspersky") */
	ANCHOR_PLACE,  /* key: ISO 3166 region code ("US", "RU") */
	ANCHOR_KIND_COUNT
};

struct anchor {
	enum anchor_kind kind;
	size_t block;       /* block index in the document */
	size_t start, len;  /* doc->text byte range of the anchor as written */
	char key[48];       /* see enum anchor_kind */
	char skel[32];      /* names: consonant skeleton used for tolerant matching */
	int year, month, day; /* dates: 0 when absent */
	/* Names: a word of a non-Latin script kept only as a candidate (every
	 * Arabic or Hebrew word that might be a transliterated name). A weak
	 * name pairs only with a strong one, anchor_count leaves it out, and
	 * it means nothing until anchor_pairs_find pairs it. */
	bool weak;
	/* Names: the key without a first letter that may be a clitic
	 * (Arabic ب ل ف ك, Hebrew ב ל מ ש כ ה), or "" when there is none. */
	char alt[48];
	/* Names: a capitalised word that starts a sentence, which may be a
	 * common word (Meeting, Second) rather than a name. */
	bool initial;
};

struct anchor_list {
	struct anchor *v;   /* owned, in document order */
	size_t n, cap;
};

/* A pair of anchors, one per document, that stand for the same thing. */
struct anchor_pair {
	size_t a, b;        /* indices into the two lists */
	double score;       /* (0, 1]: 1 for equal keys */
};

struct anchor_pairs {
	struct anchor_pair *v; /* owned */
	size_t n, cap;
};

/* Appends the anchors of block bi of doc to out, in text order. */
void anchor_extract_block(const struct doc *doc, size_t bi, struct anchor_list *out);
/* Appends the anchors of every block of doc. */
void anchor_extract_doc(const struct doc *doc, struct anchor_list *out);
/* As anchor_extract_doc, calling tick(ctx, blocks done) every few blocks;
 * stops and returns false as soon as tick does (out then holds the anchors
 * of the blocks done). */
bool anchor_extract_doc_ticking(const struct doc *doc, struct anchor_list *out,
				bool (*tick)(void *ctx, size_t done), void *ctx);

/* How well two anchors match: 0 when they do not, up to 1 for equal keys.
 * Numbers by value, dates when every field both have agrees, places by
 * code, names by transliterated skeleton (exact for very short names). */
double anchor_match(const struct anchor *a, const struct anchor *b);

/* Every pair of anchors of a and b that stand for the same thing; a name
 * pairs only with its best counterpart, and only with a clear margin over
 * the runner-up. Appended to out sorted by a then b, each pair once. When
 * a key occurs so often on both sides that pairing every occurrence would
 * give thousands of pairs, each occurrence pairs only with those at about
 * the same relative place in the other list. Two weak names never pair. */
void anchor_pairs_find(const struct anchor_list *a, const struct anchor_list *b,
		       struct anchor_pairs *out);

/* Whether block bi of doc (in a script written with a transliterator:
 * Arabic, Hebrew, Cyrillic, Greek) has a word that may write the Latin
 * name an (Dupont and دوبون, Scholz and شولتس): the loose test the quality
 * checks need before saying a name is missing, wider than anchor_match. */
bool anchor_name_written_in(const struct anchor *an, const struct doc *doc, size_t bi);

/* The count of anchors of each kind in l, into counts[ANCHOR_KIND_COUNT]
 * (weak names left out). */
void anchor_count(const struct anchor_list *l, size_t *counts);

const char *anchor_kind_name(enum anchor_kind k);

/* Bytes a month name takes at most, with its NUL (a longer one is cut). */
#define ANCHOR_MONTH_NAME_MAX 192
/* The twelve month names of a calendar ("gregorian", "persian") in a
 * locale ("fr", "en_GB"), those of a date or stand-alone, wide or
 * abbreviated, into names (UTF-8), as ICU's date formats have them
 * (udat_getSymbols of UDAT_MONTHS, UDAT_SHORT_MONTHS,
 * UDAT_STANDALONE_MONTHS, UDAT_STANDALONE_SHORT_MONTHS) but read from the
 * locale data alone, without the cost of a date format; the anchors'
 * month names are these. False when the data has none. */
bool anchor_month_names(const char *locale, const char *calendar, bool standalone,
			bool abbreviated, char names[12][ANCHOR_MONTH_NAME_MAX]);
void anchor_list_free(struct anchor_list *l);
void anchor_pairs_free(struct anchor_pairs *p);

#endif
