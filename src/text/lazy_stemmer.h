/* libstemmer, opened on first use (text/lazylib.h) — only the comparison's
 * lexicon needs it: the functions qarin calls, each defined under its own
 * name by a trampoline in lazy_stemmer.c (built with the lexicon).
 *
 * To call one more libstemmer function, add its line here:
 *	X(RETURN TYPE, NAME, (PARAMETERS), (ARGUMENTS))
 * or, for a function returning void:
 *	V(NAME, (PARAMETERS), (ARGUMENTS)) */
#ifndef QARIN_LAZY_STEMMER_H
#define QARIN_LAZY_STEMMER_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/lazy_stemmer.h");

#include "text/lazylib.h"

#define LAZY_STEMMER_FUNCTIONS(X, V) \
	X(struct sb_stemmer *, sb_stemmer_new, (const char *algorithm, const char *charenc), \
		(algorithm, charenc)) \
	V(sb_stemmer_delete, (struct sb_stemmer *stemmer), (stemmer)) \
	X(const sb_symbol *, sb_stemmer_stem, (struct sb_stemmer *stemmer, const sb_symbol *word, \
		int size), (stemmer, word, size)) \
	X(int, sb_stemmer_length, (struct sb_stemmer *stemmer), (stemmer)) \
	/* end */

extern struct lazylib lazy_stemmer;

/* The names of the listed functions (tests resolve every one). */
extern const char *const lazy_stemmer_names[];
extern const unsigned lazy_stemmer_count;

#endif
