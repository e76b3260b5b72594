/* text/xalloc: xalloc_huge_reserve grows a buffer in whole huge pages,
 * aligned, keeping what it is told to; xalloc_warm_heap leaves the heap so that the thread's next
 * block starts on a huge page, which the kernel backs with one where it
 * gives them to those who ask (transparent huge pages, "madvise"). */
#include <config.h>

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>

#include "text/lib.h"
#include "tap.h"

#define HUGE ((uintptr_t)2 << 20)

struct warm_result {
	void *pad, *next;
	bool huge_backed;  /* the smaps line of next's mapping counts huge pages */
	bool smaps_read;
};

/* Kilobytes of AnonHugePages in the mapping of /proc/self/smaps that holds
 * p; -1 when it cannot be read. */
static long
huge_kb_at(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	bool in = false;
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = (uintptr_t)p >= lo && (uintptr_t)p < hi;
		else if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* On a thread of its own, whose heap is fresh as a dump's workers' are. */
static void *
warm_thread(void *arg)
{
	struct warm_result *r = arg;

	r->pad = xalloc_warm_heap(6 << 20);
	r->next = malloc(1 << 20);
	if (r->next != NULL)
		memset(r->next, 1, 1 << 20);
	long kb = r->next != NULL ? huge_kb_at(r->next) : -1;
	r->smaps_read = kb >= 0;
	r->huge_backed = kb >= 2048;
	return NULL;
}

/* Another allocator than glibc's (a sanitizer's) may give a block freed
 * back elsewhere: xalloc_warm_heap then keeps nothing. */
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
#define GLIBC_HEAP 0
#else
#define GLIBC_HEAP 1
#endif

#if GLIBC_HEAP
/* Whether the kernel gives huge pages to a mapping that asks. */
static bool
thp_madvise(void)
{
	char *s = slurp("/sys/kernel/mm/transparent_hugepage/enabled", NULL);
	bool yes = s != NULL && (strstr(s, "[always]") != NULL || strstr(s, "[madvise]") != NULL);

	free(s);
	return yes;
}
#endif

int
main(void)
{
	struct warm_result r = { NULL, NULL, false, false };
	pthread_t t;

	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	if (pthread_create(&t, NULL, warm_thread, &r) != 0)
		skip_all("no thread");
	pthread_join(t, NULL);
#if !GLIBC_HEAP
	ok(true, "the next block starts on a huge page # SKIP not glibc's allocator");
	ok(true, "the kernel backs it with a huge page # SKIP not glibc's allocator");
#else
	ok(r.pad != NULL && (uintptr_t)r.next % HUGE == 0, "the next block starts on a huge page");
	if (!thp_madvise() || !r.smaps_read)
		ok(true, "the kernel backs it with a huge page # SKIP no transparent huge pages here");
	else
		ok(r.huge_backed, "the kernel backs it with a huge page");
#endif
	free(r.next);
	free(r.pad);

	/* A read buffer grown as the search's are. */
	char *buf = NULL;
	size_t cap = 0;
	xalloc_huge_reserve(&buf, &cap, (1 << 20) + 5, 0);
	ok(buf != NULL && cap == HUGE && (uintptr_t)buf % HUGE == 0,
	   "a buffer is whole huge pages, aligned to one");
	for (size_t i = 0; i < cap; i++)
		buf[i] = (char)(i * 7);
	char *was = buf;
	xalloc_huge_reserve(&buf, &cap, HUGE, 0);
	ok(buf == was && cap == HUGE, "a buffer large enough is kept");
	xalloc_huge_reserve(&buf, &cap, HUGE + 1, 1000);
	bool kept = cap == 2 * HUGE && (uintptr_t)buf % HUGE == 0;
	for (size_t i = 0; i < 1000 && kept; i++)
		kept = buf[i] == (char)(i * 7);
	ok(kept, "a buffer grown keeps its first bytes");
	memset(buf, 0, cap);
	free(buf);

	/* Too small to hold a huge page: nothing is kept. */
	void *none = xalloc_warm_heap(64 << 10);
	ok(none == NULL, "a block without a whole huge page keeps nothing");
	return done_testing();
}
