/* Memory allocation for the whole program: failure to allocate is not an
 * expected error, so it ends the program after the fatal hook has run. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "text/xalloc.h"

static xalloc_fatal_hook fatal_hook; /* the program's: restores the terminal */

void
xalloc_set_fatal_hook(xalloc_fatal_hook hook)
{
	fatal_hook = hook;
}

void
xalloc_run_fatal_hook(void)
{
	if (fatal_hook != NULL)
		fatal_hook();
}

/* Runs the hook, reports and aborts. */
static void
xalloc_die(size_t size)
{
	xalloc_run_fatal_hook();
	fprintf(stderr, "qarin: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		xalloc_die(size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		xalloc_die(nmemb * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		xalloc_die(size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	return xrealloc(ptr, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
xalloc_advise_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = 2u << 20;
	uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t b = ((uintptr_t)p + size) & ~(huge - 1);

	if (size >= 2 * huge && b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

void
xalloc_huge_reserve(char **buf, size_t *cap, size_t n, size_t keep)
{
	const size_t huge = (size_t)2 << 20;
	void *p;

	if (*cap >= n)
		return;
	if (n > SIZE_MAX - huge)
		xalloc_die(n);
	size_t want = (n + huge - 1) & ~(huge - 1);
	if (posix_memalign(&p, huge, want) != 0)
		xalloc_die(want);
#ifdef MADV_HUGEPAGE
	madvise(p, want, MADV_HUGEPAGE);
#endif
	if (keep > 0)
		memcpy(p, *buf, keep);
	free(*buf);
	*buf = p;
	*cap = want;
}

void *
xalloc_warm_heap(size_t size)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = 2u << 20;
	char *p = malloc(size);

	if (p == NULL)
		return NULL;
	uintptr_t first = ((uintptr_t)p + huge - 1) & ~(huge - 1), a = first;
	xalloc_advise_huge(p, size);
	for (; a + huge <= (uintptr_t)p + size; a += huge)
		*(volatile char *)a = 0;
	free(p);
	if (a == first)
		return NULL; /* not one huge page in it */
	/* The block freed went back to the top of the heap: taking its
	 * start again, up to the first huge page less the next block's
	 * header, has the next allocation start on that page. */
	size_t pad = (size_t)(first - (uintptr_t)p);
	if (pad < 4 * sizeof(size_t))
		return NULL;
	char *q = malloc(pad - 2 * sizeof(size_t));
	if (q != NULL && q != p) {
		free(q); /* it came from elsewhere */
		q = NULL;
	}
	return q;
#else
	(void)size;
	return NULL;
#endif
}

void
xalloc_release(void *p, size_t size)
{
#ifdef MADV_DONTNEED
	const uintptr_t page = 4096;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)p + size) & ~(page - 1);

	if (b > a)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);
#else
	(void)p;
	(void)size;
#endif
}

void
xalloc_prefault(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
	const uintptr_t page = 4096;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)p + size) & ~(page - 1);

	/* Beyond 16 MB huge pages do better, faulted in as they are used. */
	if (size >= (1u << 20) && size < (16u << 20) && b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)size;
#endif
}
