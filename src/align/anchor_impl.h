/* Private to the anchor module: the tokens a block's text is cut into, the
 * folding every comparison goes through, and the recognisers (numbers,
 * dates, places, names) that turn tokens into anchors. */
#ifndef QARIN_ANCHOR_IMPL_H
#define QARIN_ANCHOR_IMPL_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_ALIGN, "align/anchor_impl.h");

#include <stdbool.h>
#include <stddef.h>

#include <unicode/umachine.h>

#include "align/anchor.h"
#include "text/lib.h"

enum atok_kind {
	ATOK_WORD,  /* a run of letters (and their marks) */
	ATOK_NUM,   /* a number with its separators, sign of percent, ordinal suffix */
	ATOK_DATE,  /* an ISO numeric date, read whole by the number scanner */
	ATOK_PUNCT, /* one other visible character */
};

/* What a token became once the recognisers ran over the block. */
enum atok_role {
	AROLE_NONE,
	AROLE_PART,   /* swallowed by an anchor that starts at an earlier token */
	AROLE_NUMBER,
	AROLE_DATE,
	AROLE_PLACE,
	AROLE_NAME,
};

struct atok {
	enum atok_kind kind;
	enum atok_role role;
	size_t start, end;     /* byte range in the block text */
	size_t last;           /* date, place: index of the anchor's last token */
	int script;            /* words: script of the letters (USCRIPT_*) */
	UChar32 punct;         /* punctuation: the character */
	bool space_before;     /* white space separates it from the previous token */
	bool sent_start;       /* words: first of a sentence, a quote or the block */
	bool cap, allcap, innercap; /* words: first letter / every letter / a later letter upper case */
	bool weak;             /* names: a candidate kept only if it pairs (see anchor.h) */
	bool glued;            /* numbers: a letter right before it (G7, MP3) */
	bool integer, percent, ordinal; /* numbers */
	int ndigits;           /* numbers: digits of the integer part */
	long value;            /* numbers: the integer value, -1 when not an integer or too long */
	int year, month, day;  /* dates */
	char key[48];          /* numbers, names, places: the anchor's key */
	char skel[32];         /* names */
	char alt[48];          /* names: see struct anchor */
};

/* Transliterations already made while extracting one document: folded
 * word -> index into key. */
struct anames {
	struct strmap map;
	char (*key)[48];
	size_t n, cap;
};

struct atoks {
	struct atok *v;
	size_t n, cap;
};

/* A block's text and what the recognisers need to know about it. */
struct ablock {
	const char *text;      /* borrowed */
	size_t len;
	int script;            /* dominant script of the block */
	char lang[4];
	bool latin;            /* the block is written in Latin letters */
	struct anames *names;  /* borrowed cache of transliterations, or NULL */
};

/* Cuts text into tokens (numbers are read whole, see anchor_number.c). */
void anchor_tokenize(const struct ablock *ab, struct atoks *out);
/* Reads the number starting at byte pos of text into t; returns the byte
 * offset just past it (pos when there is no number there). */
size_t anchor_number_scan(const struct ablock *ab, size_t pos, struct atok *t);
/* Normalizes a number's digits into its key: "2024", "3.5", "9%". */
void anchor_number_key(const char *intpart, const char *frac, bool percent,
		       char *key, size_t cap);

/* Writes a, b and c one after the other into dst (cap bytes, always
 * NUL-terminated, cut when too long); returns the length written. The hot
 * paths' snprintf("%s%s%s"). */
size_t anchor_join(char *dst, size_t cap, const char *a, const char *b, const char *c);

/* The month and place tables are built per group of scripts, on the first
 * word of that group met: a comparison of two French texts opens no Arabic
 * or Hebrew locale data. */
enum anchor_script_group {
	ASG_LATIN,    /* Latin, and any script no table is built for */
	ASG_ARABIC,
	ASG_HEBREW,
	ASG_CYRILLIC,
	ASG_COUNT
};
/* The group of the first character of UTF-8 text. */
enum anchor_script_group anchor_script_group_of(const char *text);

/* The variants of a folded Arabic or Hebrew word with its clitic prefixes
 * (and the Arabic article when article is true) taken off, longest first
 * after the word itself; returns how many were written. */
int anchor_clitic_variants(const char *folded, int script, bool article,
			   char out[][64], int max);

/* Marks the dates among the tokens (day + month name + year, and each
 * partial form the issue allows). */
void anchor_dates_find(const struct ablock *ab, struct atoks *t);
/* The month (1-12) word token i names, or 0; *ntok gets the count of tokens
 * the name spans (two for "كانون الثاني", the dot of "sept."), *solar
 * whether it is a month of the Persian solar calendar. */
int anchor_month_at(const struct ablock *ab, const struct atoks *t, size_t i, size_t *ntok,
		    bool *solar);

/* Marks the country names among the tokens. */
void anchor_places_find(const struct ablock *ab, struct atoks *t);
/* Marks the names among the remaining word tokens and fills their keys. */
void anchor_names_find(const struct ablock *ab, struct atoks *t);
/* The consonant skeleton of a lower-case ASCII key. */
void anchor_skeleton(const char *key, char *skel, size_t cap);
/* The string two names must share, or nearly share, to match: the
 * skeleton, or for very short skeletons the key's consonant and vowel
 * pattern ("~tas"), which must then be equal. */
void anchor_name_group(const char *key, char *group, size_t cap);
/* How alike two name groups are: 0, or (0, 0.95]. weak is 1 when ga is
 * the group of weak names (a transliteration) and gb not, 2 for the
 * reverse, 0 otherwise. */
double anchor_group_similarity(const char *ga, const char *gb, int weak);
/* A key's consonant classes with its vowels as 'a': "kasbarska". */
void anchor_name_loose(const char *key, char *out, size_t cap);
/* Weighted edit distance turning a into b, where the consonants one script
 * cannot tell apart cost half. With translit, b is a transliteration of a
 * (a script that writes few vowels): dropping a vowel of a costs a
 * quarter, adding a consonant a lacks costs two. */
double anchor_name_distance(const char *a, const char *b, bool translit);
/* Frees a transliteration cache. */
void anames_free(struct anames *c);
/* Whether a folded word is a month name in language lang (in any when
 * lang is ""): never a name by itself (Marco is March only in Portuguese). */
bool anchor_is_month_word(const char *lang, const char *folded);


#endif
