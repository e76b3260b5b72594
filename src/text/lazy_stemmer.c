/* The libstemmer trampolines: every function of text/lazy_stemmer.h calls
 * the real one, found in libstemmer opened on the first call of any. */
#include <config.h>

#include <libstemmer.h>

#include "text/lazy_stemmer.h"

struct lazylib lazy_stemmer = LAZYLIB_INIT(QARIN_SONAME_STEMMER, "libstemmer");

/* A slot for the address of each function; its first call fills it. */
#define LAZY_STEMMER_SLOT(name) \
	static void *_Atomic lazy_slot_##name; \
	void *p_ = atomic_load_explicit(&lazy_slot_##name, memory_order_acquire); \
	if (p_ == NULL) \
		p_ = lazylib_resolve(&lazy_stemmer, &lazy_slot_##name, #name)

#define LAZY_STEMMER_X(ret, name, params, args) \
	ret name params { LAZY_STEMMER_SLOT(name); return ((ret (*) params)p_) args; }
#define LAZY_STEMMER_V(name, params, args) \
	void name params { LAZY_STEMMER_SLOT(name); ((void (*) params)p_) args; }
LAZY_STEMMER_FUNCTIONS(LAZY_STEMMER_X, LAZY_STEMMER_V)

#define LAZY_STEMMER_NAME_X(ret, name, params, args) #name,
#define LAZY_STEMMER_NAME_V(name, params, args) #name,
const char *const lazy_stemmer_names[] = {
	LAZY_STEMMER_FUNCTIONS(LAZY_STEMMER_NAME_X, LAZY_STEMMER_NAME_V)
};
const unsigned lazy_stemmer_count = sizeof lazy_stemmer_names / sizeof *lazy_stemmer_names;
