/* Word forms for the lexicon: a word folded for look-up, its stem
 * (Snowball, through libstemmer) and, for Arabic, the forms without the
 * clitics the stemmer leaves on (wa-, fa-, bi-, ka-, li-, al- and their
 * combinations). */
#ifndef QARIN_STEM_H
#define QARIN_STEM_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LEXICON, "lexicon/stem.h");

#include <stdbool.h>
#include <stddef.h>

#include "text/lib.h"

/* The stemmers of the languages met, created when first needed. */
struct stem;

struct stem *stem_new(void);
void stem_free(struct stem *st);

/* True when there is a stemmer for lang ("ar", "fr", "en"). */
bool stem_has(const char *lang);

/* Appends word folded for look-up to out: lowercase, without Arabic
 * harakat and tatweel; with unify_alef, the Arabic alef with hamza or
 * madda (and alef wasla) become a bare alef, as the stems have them. */
void stem_normalize(const char *word, size_t len, bool unify_alef, struct strbuf *out);

/* Appends the stem of a normalised word of lang to out (the word itself
 * when lang has no stemmer). */
void stem_word(struct stem *st, const char *lang, const char *word, size_t len,
	       struct strbuf *out);

/* Appends to out, each NUL-terminated, the forms of an Arabic word (as
 * stem_normalize gives it) without its leading clitics, least stripped
 * first: والحكومة gives الحكومة, then حكومة. A form keeps two letters at
 * least. Returns how many. */
size_t stem_arabic_forms(const char *word, size_t len, struct strbuf *out);

/* The length of the elided article, pronoun or conjunction a French word
 * (as stem_normalize gives it) starts with: 2 for "l'interdiction", 6 for
 * "jusqu'au"; 0 when none. */
size_t stem_french_elision(const char *word, size_t len);

#endif
