/* Loose folding for search: case (full Unicode case folding), non-spacing
 * marks, tatweel and invisible format characters, compatibility forms
 * (NFKC), Arabic letter variants, digits of every script, Hebrew final
 * forms and runs of white space all folded away, one code point at a time
 * through a table derived from ICU once. A folded text keeps a compact map
 * back to the text it was folded from, so that every match maps back to
 * whole source characters.
 *
 * A folded text is held in a compact form of UTF-8: the Arabic letters
 * U+0620..U+065F, two bytes in UTF-8, take one byte, 0x80 + (c - 0x620),
 * where a character starts. Arabic text then folds to about half its size
 * and scans twice as fast. Offsets named "f" are in the folded text as
 * UTF-8 (what fold_string returns); offsets named "p" are in the compact
 * bytes (fold_text.s). */
#ifndef QARIN_FOLD_H
#define QARIN_FOLD_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/fold.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a text is folded for. The profiles share one table of letter
 * variants (fold_variant) and differ only where fold.c says why. */
enum fold_profile {
	FOLD_SEARCH, /* loose search: fold_char, fold_text_append, fold_string */
	FOLD_ANCHOR, /* anchor keys of the comparison: fold_anchor */
	FOLD_LABEL,  /* structure's labels and markers ("Source:"): fold_label_char */
};

/* The letter c unifies with under profile p (Arabic and Hebrew letter
 * variants, typographic apostrophes, quotes and hyphens, dotless i): c
 * itself when it has no variant there, -1 when it is dropped. */
int32_t fold_variant(uint32_t c, enum fold_profile p);

/* Folds len bytes of UTF-8 into an anchor key in out (cap bytes,
 * NUL-terminated; what does not fit is left out): lowercase, base letters
 * only, variants unified. Returns its length. */
size_t fold_anchor(const char *s, size_t len, char *out, size_t cap);
/* True for what anchor keys drop: marks of every kind, tatweel, format
 * characters, Hebrew geresh and gershayim. */
bool fold_anchor_drops(uint32_t c);

/* What c becomes in a label key, or -1 when it is dropped. */
int32_t fold_label_char(int32_t c);

/* The longest folded form of one code point, in bytes (U+FDFA is the
 * longest in Unicode, 33 bytes). */
#define FOLD_CHAR_MAX 64

/* A place where the folded text and its source stop advancing together:
 * from folded offset f on, the source offset is v + (offset - f). */
struct fold_point {
	uint32_t f;
	uint32_t v;
};

/* A folded text and its map. Source offsets ("v") are whatever the caller
 * says they are: fold_text_append is told where each piece starts. */
struct fold_text {
	char *s;                 /* owned, the compact folded bytes, NUL-terminated when not empty */
	size_t len, cap;         /* compact bytes */
	size_t flen;             /* the same text's length in UTF-8 */
	struct fold_point *pts;  /* owned, increasing in f and in v */
	size_t npts, ptscap;
	size_t delta;            /* v - f after the last byte (mod 2^64) */
	size_t vend;             /* source offset after the last folded piece */
	/* The longest folded form of a character that ends in a point (one
	 * whose form differs in length or in characters from its source). */
	size_t maxchg;
	/* For every 256 compact bytes, the sum of fold_weight over the bytes
	 * before them: the UTF-8 offset of a character start p is p plus that
	 * sum up to p (the Arabic letters before it). Built by fold_text_trim. */
	uint32_t *ck;            /* owned */
	size_t nck;
};

#define FOLD_TEXT_INIT { NULL, 0, 0, 0, NULL, 0, 0, 0, 0, 0, NULL, 0 }

/* Folds one code point into out (FOLD_CHAR_MAX bytes); returns its length,
 * 0 when the code point folds away. */
size_t fold_char(uint32_t c, char *out);
/* The same for a caller that asks about many scattered code points once
 * (the search's loose probe): computed on its own rather than by building
 * the table of its 256 neighbours, unless that table is built already. */
size_t fold_char_once(uint32_t c, char *out);
/* fold_char worked out by ICU's steps alone, without the shortcut for
 * characters they leave as they are: for the test that compares the two. */
size_t fold_char_reference(uint32_t c, char *out);
/* True for a mark (Mn, Me) that folds away: a hit ending before one takes it in. */
bool fold_is_mark(uint32_t c);

/* Reserves room for about n more folded bytes. */
void fold_text_reserve(struct fold_text *ft, size_t n);
/* Folds len bytes of UTF-8 whose source starts at offset v (at or after
 * the end of the previous piece), appending to ft. White-space runs are
 * folded to one space within a piece. */
void fold_text_append(struct fold_text *ft, const char *s, size_t len, size_t v);
/* Appends one byte b standing for the source byte at v (a separator). */
void fold_text_putc(struct fold_text *ft, char b, size_t v);
/* Frees the spare capacity once the text is complete and indexes it for
 * fold_text_utf8_offset. */
void fold_text_trim(struct fold_text *ft);
/* The UTF-8 offset ("f") of compact offset p, a character start or the end. */
size_t fold_text_utf8_offset(const struct fold_text *ft, size_t p);
/* The UTF-8 folded offset of source offset v (the start of the folded
 * form of the character at v). */
size_t fold_text_from_src(const struct fold_text *ft, size_t v);
/* The compact offset of the last character start at or before UTF-8
 * offset f. */
size_t fold_text_compact_offset(const struct fold_text *ft, size_t f);
/* True when compact offset p of s (len bytes) starts a character. */
bool fold_compact_is_start(const char *s, size_t p);
/* Converts n compact bytes to UTF-8 into out (2 * n bytes); returns its length. */
size_t fold_compact_to_utf8(const char *s, size_t n, char *out);
/* The source offset of folded byte f: inside the source character whose
 * folded form holds that byte (f == len: the end of the source). */
size_t fold_text_to_src(const struct fold_text *ft, size_t f);
/* Index of the last point at or before f, starting the search at hint (a
 * previous answer, or 0); (size_t)-1 when none. For mapping hits in order. */
size_t fold_text_seek(const struct fold_text *ft, size_t f, size_t hint);
/* True when folded range [fs, fe) maps one for one onto its source, from
 * the point index pt of fs (fold_text_seek): no point inside it or at its
 * end, no character with a changed form overlapping it. Its source is then
 * fold_text_to_src_at(fs) + [0, fe - fs), whole characters. */
bool fold_text_linear(const struct fold_text *ft, size_t pt, size_t fs, size_t fe);
/* fold_text_to_src with the point index from fold_text_seek. */
size_t fold_text_to_src_at(const struct fold_text *ft, size_t f, size_t pt);
void fold_text_free(struct fold_text *ft);

/* Folds s into a new NUL-terminated UTF-8 string (*out_len bytes, caller frees). */
char *fold_string(const char *s, size_t len, size_t *out_len);
/* fold_string in the compact form (*out_len bytes), and its UTF-8 length. */
char *fold_string_compact(const char *s, size_t len, size_t *out_len, size_t *utf8_len);

#endif
