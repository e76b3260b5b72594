/* Opening shared libraries on first use: the one place qarin calls dlopen,
 * and the one message for a library that cannot be loaded. */
#include <config.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "text/lazylib.h"
#include "text/xalloc.h"

/* The file this thread is reading (borrowed), for messages. */
static _Thread_local const char *reading;

const char *
lazylib_reading(const char *path)
{
	const char *was = reading;

	reading = path;
	return was;
}

/* Reports that lib cannot be used (why) and ends the program: a missing
 * library is an installation fault, not something the caller can mend. */
static void
lazylib_die(struct lazylib *lib, const char *why)
{
	xalloc_run_fatal_hook();
	if (reading != NULL)
		fprintf(stderr, "qarin: cannot load %s (%s), needed to read %s: %s\n",
			lib->name, lib->soname, reading, why);
	else
		fprintf(stderr, "qarin: cannot load %s (%s): %s\n", lib->name, lib->soname, why);
	exit(2);
}

/* lib's handle, opening it on first use. */
static void *
lazylib_open(struct lazylib *lib)
{
	void *h = atomic_load_explicit(&lib->handle, memory_order_acquire);

	if (h != NULL)
		return h;
	pthread_mutex_lock(&lib->lock);
	h = atomic_load_explicit(&lib->handle, memory_order_relaxed);
	if (h == NULL) {
		h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
		if (h == NULL) {
			const char *e = dlerror();
			lazylib_die(lib, e != NULL ? e : "dlopen failed");
		}
		atomic_store_explicit(&lib->handle, h, memory_order_release);
	}
	pthread_mutex_unlock(&lib->lock);
	return h;
}

void *
lazylib_sym(struct lazylib *lib, const char *symbol)
{
	void *h = lazylib_open(lib);
	void *p;

	dlerror();
	p = dlsym(h, symbol);
	if (p == NULL) {
		char why[256];
		const char *e = dlerror();
		snprintf(why, sizeof why, "%s", e != NULL ? e : "symbol not found");
		lazylib_die(lib, why);
	}
	return p;
}

int
lazylib_is_open(struct lazylib *lib)
{
	return atomic_load_explicit(&lib->handle, memory_order_acquire) != NULL;
}

void *
lazylib_resolve(struct lazylib *lib, void *_Atomic *slot, const char *symbol)
{
	void *p = lazylib_sym(lib, symbol);

	atomic_store_explicit(slot, p, memory_order_release);
	return p;
}
