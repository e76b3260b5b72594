/* The cmark trampolines: every function of text/lazy_cmark.h calls
 * the real one, found in cmark opened on the first call of any. */
#include <config.h>

#include <cmark.h>

#include "text/lazy_cmark.h"

struct lazylib lazy_cmark = LAZYLIB_INIT(QARIN_SONAME_CMARK, "cmark");

/* A slot for the address of each function; its first call fills it. */
#define LAZY_CMARK_SLOT(name) \
	static void *_Atomic lazy_slot_##name; \
	void *p_ = atomic_load_explicit(&lazy_slot_##name, memory_order_acquire); \
	if (p_ == NULL) \
		p_ = lazylib_resolve(&lazy_cmark, &lazy_slot_##name, #name)

#define LAZY_CMARK_X(ret, name, params, args) \
	ret name params { LAZY_CMARK_SLOT(name); return ((ret (*) params)p_) args; }
#define LAZY_CMARK_V(name, params, args) \
	void name params { LAZY_CMARK_SLOT(name); ((void (*) params)p_) args; }
LAZY_CMARK_FUNCTIONS(LAZY_CMARK_X, LAZY_CMARK_V)

#define LAZY_CMARK_NAME_X(ret, name, params, args) #name,
#define LAZY_CMARK_NAME_V(name, params, args) #name,
const char *const lazy_cmark_names[] = {
	LAZY_CMARK_FUNCTIONS(LAZY_CMARK_NAME_X, LAZY_CMARK_NAME_V)
};
const unsigned lazy_cmark_count = sizeof lazy_cmark_names / sizeof *lazy_cmark_names;
