/* Inside the stream search (search_stream.c): the byte forms a hit must
 * hold in the raw file, and the check that the file decodes as plain UTF-8
 * does without repair or joiners. Private to cli/search_stream.c. */
#ifndef QARIN_SEARCH_PROBE_H
#define QARIN_SEARCH_PROBE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/search_probe.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/lib.h"

/* The raw forms of one character of the query: every hit of the query in
 * the decoded (NFC) and, for loose search, folded text has that character
 * where the raw bytes hold one of these forms. */
struct search_probe;

/* Chooses, among the query's characters, the one whose forms are the
 * fewest in sample (n bytes of the file); NULL when no character can be
 * answered for (a regular expression, only spaces and marks). */
struct search_probe *search_probe_new(const struct search_query *q, const char *sample,
				      size_t n);
void search_probe_free(struct search_probe *p);
/* Makes p scan sixteen bytes at a time even where the processor has AVX2,
 * for tests that compare the two scans. */
void search_probe_narrow(struct search_probe *p);
/* For tests: the query character the probe stands for, and how many
 * pairs of bytes may follow its form in an exact search's hit (0: the
 * scan stops at every form). */
uint32_t search_probe_char(const struct search_probe *p);
int search_probe_follow_pairs(const struct search_probe *p);
/* The first offset in s[from, to) where a form starts, or to; with follow
 * pairs, only where they (or a line break) follow it, but where fewer than
 * two bytes before to follow it. */
size_t search_probe_next(const struct search_probe *p, const char *s, size_t from, size_t to);

/* Whether a hit may hold the form at s[at], reading s[lo, to) around it
 * (a stretch no hit crosses): false only when the characters around it
 * that NFC and folding leave as they are differ from the query. */
bool search_probe_check(const struct search_probe *p, const char *s, size_t lo, size_t at,
			size_t to);

/* Whether a file read in pieces decodes as valid UTF-8 without NUL bytes
 * or runs of combining marks long enough for decoding to put a joiner in
 * (counted from above: a long run of other characters may be taken for
 * one). */
struct search_check {
	bool ok;
	unsigned marks; /* non-starters in a row so far, at most */
	bool avx2;      /* the processor has AVX2 */
};

void search_check_init(struct search_check *c);
/* Checks the next n bytes (whole characters); false, and c->ok false for
 * good, when they fail. */
bool search_check_run(struct search_check *c, const char *s, size_t n);

#endif
