/* What the alignment's files share while an alignment is built: the units
 * (blocks taken into account) of each side, the anchors of each block, and
 * the growing lists of links and findings. Private to src/align/align*.c. */
#ifndef QARIN_ALIGN_INTERNAL_H
#define QARIN_ALIGN_INTERNAL_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_ALIGN, "align/align_internal.h");

#include <stdint.h>

#include "align/align.h"

struct align_progress; /* align_docs's progress and cancelling (align.c) */

/* Reports that share `done` in [0, 1] of the current step is done; false
 * once the caller has cancelled (the step may then stop early). */
bool align_progress_at(struct align_progress *p, double done);

/* The blocks of one side that take part, in document order. */
struct align_units {
	size_t n;
	size_t *block;    /* unit -> block index */
	size_t *len;      /* unit -> length in characters */
	size_t *unit_of;  /* block -> unit, ALIGN_NONE for ignored blocks */
	size_t *abeg;     /* block -> first anchor; abeg[nblocks] = anchor count */
};

struct align_ctx {
	struct alignment *al;
	const struct align_opts *opts;
	struct align_units u[2];
	/* The alignment's lists while they grow; each link remembers where its
	 * shared anchors start in al->pairs until the pointers are fixed. */
	size_t links_cap, findings_cap;
	size_t *shared_off;
	unsigned next_group;
	/* the parallel pass's anchor signatures: per unit, the sorted hashes
	 * of its anchors' comparison keys (low bit: weak name) */
	uint32_t *sig[2];
	size_t *sig_beg[2];
	/* lexicon evidence (align_lexicon.c): per unit, the sorted hashes of
	 * its words' concept keys [lex_beg[u], lex_beg[u + 1]) and each key's
	 * rarity weight on its side; lex is false when there is none */
	bool lex;
	uint32_t *lex_keys[2];
	size_t *lex_beg[2];
	double *lex_w[2];
	struct align_progress *progress; /* borrowed: align_docs's */
};

/* Anchors of block bi on side s: [*first, *first + return). */
static inline size_t
align_block_anchor_range(const struct align_ctx *c, int s, size_t bi, size_t *first)
{
	*first = c->u[s].abeg[bi];
	return c->u[s].abeg[bi + 1] - c->u[s].abeg[bi];
}

static inline const struct anchor_list *
align_anchors(const struct align_ctx *c, int s)
{
	return s == 0 ? &c->al->anchors_a : &c->al->anchors_b;
}

/* The least anchor_match score that counts as the same thing. */
#define ALIGN_ANCHOR_MIN 0.5

/* Matches the anchors of A units [ua, ua+na) against B units [ub, ub+nb):
 * sets how many anchors of each side have a counterpart (*ma, *mb) and of
 * each side in all (*ta, *tb); appends the pairs (each A anchor with its
 * best B anchor) to out when out is not NULL. */
void align_match_units(const struct align_ctx *c, size_t ua, size_t na, size_t ub,
		       size_t nb, size_t *ma, size_t *mb, size_t *ta, size_t *tb,
		       struct anchor_pairs *out);

/* Adds a link; shared pairs are copied into al->pairs. Returns its index. */
size_t align_add_link(struct align_ctx *c, size_t a, size_t b, double score,
		      enum align_status status, const struct anchor_pair *shared,
		      size_t nshared, unsigned group);
/* Adds a finding (note formatted like printf). */
void align_add_finding(struct align_ctx *c, enum align_finding_kind kind, size_t a,
		       size_t b, size_t link, size_t a_anchor, size_t b_anchor,
		       const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* Runs the parallel programme over the units; returns the fit in [0, 1].
 * Adds the links only when emit is true. */
double align_parallel_run(struct align_ctx *c, bool emit);
/* Builds the comparable links. */
void align_comparable_run(struct align_ctx *c);
/* Adds the quality-check findings over the links, and sets link statuses
 * to ALIGN_MISMATCH where a number or date differs. */
void align_findings_run(struct align_ctx *c);

/* Looks up the concept keys of every unit's words when opts->lexicon is
 * set and covers both sides; returns whether there is lexicon evidence. */
bool align_lex_build(struct align_ctx *c);
void align_lex_free(struct align_ctx *c);
/* The weight of the concept keys units ua (A) and ub (B) share: the sum,
 * over the keys, of their rarity on side A times that on side B; the
 * count in *nshared (may be NULL). 0 without a lexicon. */
double align_lex_shared(const struct align_ctx *c, size_t ua, size_t ub, size_t *nshared);
/* The total rarity weight of unit u's keys on side s (0 without). */
double align_lex_total(const struct align_ctx *c, int s, size_t u);
/* Whether the word [word, word+len) of block word_block of side s has a
 * translation among the words of block other_block of the other side. */
bool align_lex_translated(const struct align_ctx *c, int s, size_t word_block, const char *word,
			  size_t len, size_t other_block);

/* Whether the dictionary of side s's language knows the word (a common
 * word, though written with a capital: Health, Santé). */
bool align_lex_known(const struct align_ctx *c, int s, size_t word_block, const char *word,
		     size_t len);

/* Sentence ranges (doc->text offsets) of a block, by ICU's sentence
 * iterator: returns the count, *starts / *lens owned by the caller. */
size_t align_block_sentences(const struct doc *doc, size_t bi, size_t **starts, size_t **lens);

#endif
