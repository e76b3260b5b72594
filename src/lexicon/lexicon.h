/* The lexicon: the dictd dictionaries of a directory (FreeDict's ara-eng,
 * fra-eng, ...), opened when a look-up first needs them, and what a word
 * means in them: concept keys (the English stems of its translations) for
 * matching words across languages, and whole entries for showing.
 * Arabic-French has no dictionary of its own: both go through English. */
#ifndef QARIN_LEXICON_H
#define QARIN_LEXICON_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LEXICON, "lexicon/lexicon.h");

#include <stdbool.h>
#include <stddef.h>

#include "text/lib.h"

/* The dictionaries found, opened lazily, and a per-word cache. One lexicon
 * may be used from several threads: its calls take a lock. */
struct lexicon;

/* Finds the dictd dictionaries in dir (NULL: $QARIN_DICT_DIR when set, else
 * /usr/share/dictd); reads nothing but the file names until a look-up needs
 * a dictionary. Never NULL; an empty lexicon when none (or when qarin was
 * built without zlib/libstemmer). */
struct lexicon *lexicon_open(const char *dir);
void lexicon_free(struct lexicon *lx);

/* True when words of language `lang` (ISO 639-1: "ar", "fr", "en", "he",
 * "fa") can be mapped to keys. */
bool lexicon_covers(const struct lexicon *lx, const char *lang);

/* One line for reports: which dictionaries serve a pair of languages, e.g.
 * "ara-eng, fra-eng (Arabic-French through English)", or "none". Owned by
 * lx, valid until the next call or lexicon_free. */
const char *lexicon_describe(struct lexicon *lx, const char *lang_a, const char *lang_b);

/* Appends to `keys` the concept keys of one word (UTF-8 [word, word+len))
 * of language lang: English stems (Snowball English) of the word's English
 * translations, or the word's own stem for English; each key NUL-terminated;
 * returns how many (0: unknown word, stop word, number, or language not
 * covered). Two words of different languages translate each other when
 * their key sets meet. Cached per (lang, word). Errors in a dictionary
 * (corrupt, truncated) disable that dictionary and are reported once
 * through lexicon_error(). */
size_t lexicon_keys(struct lexicon *lx, const char *lang, const char *word, size_t len,
		    struct strbuf *keys);

/* The first error met (file and what is wrong), or NULL. */
const char *lexicon_error(const struct lexicon *lx);

/* How many (language, word) pairs the cache holds. */
size_t lexicon_cache_size(const struct lexicon *lx);

/* One dictionary entry found for a word, for showing. */
struct lexicon_entry {
	char *dict;     /* owned, the dictionary, e.g. "fra-eng" */
	char *form;     /* owned, the form looked up: the folded word, a form
			 * without clitics, or a headword of the same stem */
	char *headword; /* owned, as the entry spells it */
	char *pron;     /* owned, the pronunciation without its slashes, or "" */
	char **senses;  /* owned, with the strings: the senses' texts */
	size_t nsenses;
};

struct lexicon_defs {
	struct lexicon_entry *v; /* owned */
	size_t n, cap;
};

#define LEXICON_DEFS_INIT { NULL, 0, 0 }

/* Appends to defs the entries of word (language lang) in the dictionaries
 * from lang (ara-eng for "ar", fra-eng for "fr", eng-* for "en"), best
 * matches first: the exact form, then forms without clitics, then words
 * of the same stem. Returns how many it appended. */
size_t lexicon_define(struct lexicon *lx, const char *lang, const char *word, size_t len,
		      struct lexicon_defs *defs);
/* Frees the entries; defs is empty again. */
void lexicon_defs_free(struct lexicon_defs *defs);

/* False when qarin was built without dictionary support (zlib and
 * libstemmer): every lexicon is then empty. */
bool lexicon_supported(void);
/* True when some dictionary of lx translates from language lang. */
bool lexicon_has_dicts(const struct lexicon *lx, const char *lang);
/* The Debian packages that install dictionaries from lang ("dict-freedict-
 * ara-eng" for "ar"), for telling a user without them; NULL when Debian
 * packages none. */
const char *lexicon_packages(const char *lang);

#endif
