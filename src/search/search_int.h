/* Inside search: a compiled query and the time bound on its regular
 * expression, shared by the query (search_query.c) and the scans
 * (search.c). Private to search*.c. */
#ifndef QARIN_SEARCH_INT_H
#define QARIN_SEARCH_INT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_SEARCH, "search/search_int.h");

#include <stdbool.h>
#include <stddef.h>

#include <unicode/uregex.h>

#include "search/search.h"

/* The bound on a regular expression and what stopped the last call: held
 * apart from the query, which the search functions take as const. */
struct search_limit {
	double ms, ms_per_mb;   /* per block: ms + ms_per_mb per megabyte; 0: none */
	double deadline;        /* CLOCK_MONOTONIC milliseconds for this block */
	double armed_ms;        /* the bound of this block */
	bool (*stop)(void *ctx);
	void *ctx;
	unsigned ticks;         /* find-progress calls since the last look */
	enum search_status status;
	size_t block;           /* where the time ran out */
};

struct search_query {
	unsigned flags;
	char *text;             /* owned: as given */
	char *needle;           /* owned: folded in the compact form (loose) or NFC (exact) */
	size_t nlen;
	size_t nflen;           /* loose: the needle's length as UTF-8 */
	size_t probe1, probe2;  /* loose: the needle's two rarest byte positions */
	URegularExpression *re; /* owned: SEARCH_REGEX */
	struct search_limit *lim; /* owned */
};

/* Starts the bound for one block of len bytes. */
void search_limit_arm(struct search_limit *l, size_t len);
/* Records why a regular expression stopped in block i (ec from ICU). */
void search_limit_note(struct search_limit *l, UErrorCode ec, size_t i);

#endif
