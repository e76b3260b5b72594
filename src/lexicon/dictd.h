/* One dictd dictionary: its .index (headword, offset, length, sorted in
 * dictd's order) searched in place, its entries fetched through dictzip,
 * and an entry's text parsed into headword, pronunciation and senses. */
#ifndef QARIN_DICTD_H
#define QARIN_DICTD_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LEXICON, "lexicon/dictd.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/lib.h"

struct dictd;

/* One line of an index. */
struct dictd_hit {
	char *headword; /* owned, as the index spells it */
	uint64_t off, len;
};

struct dictd_hits {
	struct dictd_hit *v; /* owned */
	size_t n, cap;
};

#define DICTD_HITS_INIT { NULL, 0, 0 }

/* A dictionary of files index_path and dict_path (.dict or .dict.dz), to
 * be opened by the first look-up; name is what reports call it. */
struct dictd *dictd_new(const char *name, const char *index_path, const char *dict_path);
void dictd_free(struct dictd *d);
const char *dictd_name(const struct dictd *d);

/* Appends to out dictd's form of a headword or query: lowercase, only
 * letters, digits and spaces (the order of its index compares these). */
void dictd_fold(const char *s, size_t len, struct strbuf *out);

/* Appends to hits the index lines whose headword is key (dictd_fold'ed),
 * at most max of them. False with err set (naming the file) when the
 * dictionary cannot be used: it then stays disabled. */
bool dictd_find(struct dictd *d, const char *key, size_t max, struct dictd_hits *hits,
		struct qerr *err);
/* The same for the headwords that start with prefix (a whole first word
 * of them, no space in it), at most max of them. */
bool dictd_find_prefix(struct dictd *d, const char *prefix, size_t max, struct dictd_hits *hits,
		       struct qerr *err);
/* Appends the entry's text of a hit to out. */
bool dictd_fetch(struct dictd *d, const struct dictd_hit *hit, struct strbuf *out,
		 struct qerr *err);
/* True once an error disabled the dictionary. */
bool dictd_failed(const struct dictd *d);
void dictd_hits_free(struct dictd_hits *hits);

/* An entry's text, parsed. */
struct dictd_entry {
	char *headword; /* owned */
	char *pron;     /* owned, without its slashes; "" when none */
	char **senses;  /* owned, with the strings: one per sense, numbering removed */
	size_t nsenses;
};

/* Parses the text of one entry (FreeDict's layout: "headword /pron/ <pos>",
 * then one sense a line, numbered "1. " when there are several). */
void dictd_entry_parse(const char *text, size_t len, struct dictd_entry *e);
void dictd_entry_free(struct dictd_entry *e);

/* Calls fn for each translation of a sense: split at commas and
 * semicolons, parenthesised and bracketed notes dropped, a leading "to",
 * "the", "a" or "an" dropped, trimmed; never an empty one. */
void dictd_sense_translations(const char *sense, void (*fn)(const char *t, size_t len, void *arg),
			      void *arg);

#endif
