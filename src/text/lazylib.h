/* Shared libraries opened on first use (dlopen) instead of at start: a mode
 * that needs no ICU, libxml2, cmark or libstemmer service never maps them,
 * and start-up pays only for what it uses. Each library has one header
 * listing the functions qarin calls (text/lazy_icu.h, text/lazy_xml.h,
 * ...); each listed function is defined under the library's own name by a
 * trampoline that finds the real one on its first call. A function not
 * listed is an undefined reference at link time: the libraries are not on
 * the link line. */
#ifndef QARIN_LAZYLIB_H
#define QARIN_LAZYLIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/lazylib.h");

#include <pthread.h>
#include <stdatomic.h>

/* One library: the file to open and, once open, its handle. */
struct lazylib {
	const char *soname; /* the file the linker chose (configure) */
	const char *name;   /* for messages: "ICU", "libxml2" */
	pthread_mutex_t lock;
	void *_Atomic handle;
};

#define LAZYLIB_INIT(soname, name) { (soname), (name), PTHREAD_MUTEX_INITIALIZER, NULL }

/* The address of symbol in lib, opening lib on first use. When either
 * fails, the program's fatal hook runs (the reader restores the terminal),
 * a message names the library and the file being read, and qarin exits
 * with status 2. */
void *lazylib_sym(struct lazylib *lib, const char *symbol);

/* Whether lib is open (tests: which libraries a mode needs). */
int lazylib_is_open(struct lazylib *lib);

/* Sets the file this thread is reading, for the message of a library that
 * cannot be loaded (NULL: none); returns the previous one (borrowed). */
const char *lazylib_reading(const char *path);

/* The function pointer of a routed function, resolved on its first call:
 * slot caches it (one slot per function, shared by all threads). */
#define LAZYLIB_FN(lib, slot, symbol) \
	(atomic_load_explicit(&(slot), memory_order_acquire) != NULL \
	 ? atomic_load_explicit(&(slot), memory_order_acquire) \
	 : lazylib_resolve(&(lib), &(slot), (symbol)))

/* Fills slot with symbol's address in lib (LAZYLIB_FN's slow path). */
void *lazylib_resolve(struct lazylib *lib, void *_Atomic *slot, const char *symbol);

/* Two-level stringification: the name after the library's renaming macros
 * (u_isalpha becomes "u_isalpha_72"). */
#define LAZYLIB_STR_(x) #x
#define LAZYLIB_STR(x) LAZYLIB_STR_(x)

#endif
