/* Allocation that never returns NULL: on exhaustion the program's fatal hook
 * runs (the reader restores the terminal there), a message is printed and
 * the process aborts. */
#ifndef QARIN_XALLOC_H
#define QARIN_XALLOC_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/xalloc.h");

#include <stddef.h>

typedef void (*xalloc_fatal_hook)(void);

/* Sets the function run before aborting on exhaustion (NULL: none). */
void xalloc_set_fatal_hook(xalloc_fatal_hook hook);
/* Runs the hook (if any): before any other fatal exit. */
void xalloc_run_fatal_hook(void);

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Like xrealloc for an array of nmemb elements, checking the multiplication. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Asks the kernel for huge pages on a large fresh buffer: first touching
 * 100 MB one small page at a time costs more than decoding it. */
void xalloc_advise_huge(void *p, size_t size);
/* Maps in the pages of a large buffer about to be written in full, at once
 * rather than a fault a page (a no-op where the kernel cannot). */
void xalloc_prefault(void *p, size_t size);
/* Makes *buf, of *cap bytes (NULL and 0 at first), hold at least n, its
 * first keep bytes kept: when it grows, a new buffer of whole huge pages,
 * aligned to one and on huge pages where the kernel gives them, for a
 * large buffer written over and over (a file's read buffer), whose first
 * touch is then a fault a huge page rather than one every 4 KB. Freed
 * with free(). */
void xalloc_huge_reserve(char **buf, size_t *cap, size_t n, size_t keep);
/* Has the calling thread's heap take in size bytes more, in huge pages
 * where the kernel gives them, for what the thread allocates next: the
 * block is touched once a huge page and freed. Returns a block to free
 * when that is done with (NULL when there is none): the heap before the
 * first huge page, kept out of use so that what comes next starts on huge
 * pages. Only worth it where the heap keeps what is freed (M_TRIM_THRESHOLD
 * above size) and size is below M_MMAP_THRESHOLD. */
void *xalloc_warm_heap(size_t size);
/* Gives the whole pages inside [p, p + size) back to the system: what they
 * hold is needed no more (it may read as zeros after). The buffer stays
 * allocated, to be freed as usual. */
void xalloc_release(void *p, size_t size);

#endif
