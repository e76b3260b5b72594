/* Search over documents the way readers remember words: loose matching
 * (case, marks, tatweel, compatibility forms, Arabic letter variants,
 * digits of every script and Hebrew final forms folded away), or exact,
 * whole-word or ICU regex. Each document is folded once into a folded text
 * with a map back to its own text; every hit is a doc->text byte range, so
 * highlighting and jumping land on the exact source characters. */
#ifndef QARIN_SEARCH_H
#define QARIN_SEARCH_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_SEARCH, "search/search.h");

#include <stdbool.h>
#include <stddef.h>

#include "model/lib.h"
#include "text/lib.h"

enum search_flags {
	SEARCH_EXACT = 1 << 0, /* no folding: code points as in the text (NFC) */
	SEARCH_WORD = 1 << 1,  /* a hit must start and end on ICU word boundaries */
	SEARCH_REGEX = 1 << 2, /* the query is an ICU regular expression */
};

/* How the last search call with a query ended. */
enum search_status {
	SEARCH_OK,
	SEARCH_STOPPED, /* the stop hook asked (a key waits): try again later */
	SEARCH_TIMEOUT, /* a regular expression took too long: sticky, the
			 * query finds nothing more */
};

/* The default bound on a regular expression: this many milliseconds on
 * one block, plus SEARCH_REGEX_MS_PER_MB per megabyte of the block. */
#define SEARCH_REGEX_MS 1000.0
#define SEARCH_REGEX_MS_PER_MB 1000.0

/* One match. */
struct search_hit {
	size_t doc;   /* index of the document in the caller's list (search_find* leave it 0) */
	size_t block; /* block holding start */
	size_t start; /* doc->text byte range of the matched characters */
	size_t len;
};

/* A growable list of hits, owned by whoever holds it. */
struct search_hits {
	struct search_hit *v;
	size_t n, cap;
};

/* A document's folded text and the map back to doc->text: built on first
 * use (search_text_new is cheap), then kept for every later query. */
struct search_text;

/* A compiled query. */
struct search_query;

/* Compiles text under flags; NULL with err set for an empty query or a bad
 * regular expression (the message says where it is wrong). */
struct search_query *search_query_new(const char *text, unsigned flags, struct qerr *err);
void search_query_free(struct search_query *q);
/* Bounds a regular expression query (each starts with the default bound):
 * ms milliseconds per block plus ms_per_mb per megabyte of it (ms 0: no
 * bound); stop, when not NULL, is asked every fraction of a millisecond
 * while a regular expression runs and ends the call when it says true. */
void search_query_set_limit(struct search_query *q, double ms, double ms_per_mb,
			    bool (*stop)(void *ctx), void *ctx);
/* How the last search call with q ended; hits it appended before it was
 * stopped or timed out are real but incomplete. */
enum search_status search_query_status(const struct search_query *q);
/* After SEARCH_TIMEOUT: the block where the time ran out, and the bound
 * in milliseconds that was passed. */
size_t search_query_timeout_block(const struct search_query *q);
double search_query_timeout_ms(const struct search_query *q);
/* What every hit's text holds, as a new UTF-8 string of *len bytes: the
 * query in NFC (exact) or its loose folded form (fold_string); NULL for a
 * regular expression. */
char *search_query_literal(const struct search_query *q, size_t *len);
/* The query's flags and text as given. */
unsigned search_query_flags(const struct search_query *q);
const char *search_query_text(const struct search_query *q);

/* The searchable text of doc (borrowed: doc must outlive it). */
struct search_text *search_text_new(const struct doc *doc);
void search_text_free(struct search_text *t);
/* Builds the folded text now if it is not built yet (search_find* do it
 * on demand). */
void search_text_prepare(struct search_text *t);
/* Bytes of the folded text and its map, for measuring memory. */
size_t search_text_size(const struct search_text *t);

/* Appends to out every hit that starts in doc->text [from, to), in text
 * order; returns how many were appended. Lets a caller search a large
 * document a slice at a time: slices add up to search_find_all. A literal
 * query hits at every place it occurs, overlapping ones too ("aa" twice
 * in "aaa"), so that a hit never depends on where a scan started; a
 * regular expression's matches do not overlap within a block. */
size_t search_find_range(const struct search_query *q, struct search_text *t,
			 size_t from, size_t to, struct search_hits *out);
/* Appends every hit in the document; returns how many. */
size_t search_find_all(const struct search_query *q, struct search_text *t,
		       struct search_hits *out);
/* The first hit starting after doc->text offset off (dir > 0; at off when
 * inclusive) or the last starting before it (dir < 0); false when none. No
 * wrapping: the caller decides. */
bool search_find_next(const struct search_query *q, struct search_text *t,
		      size_t off, int dir, bool inclusive, struct search_hit *hit);

void search_hits_push(struct search_hits *h, const struct search_hit *hit);
void search_hits_free(struct search_hits *h);

/* Folds s (len bytes of UTF-8) as loose search does, appending the folded
 * UTF-8 to out (NUL-terminated, *out_len bytes, owned by the caller). */
char *search_fold_string(const char *s, size_t len, size_t *out_len);

#endif
