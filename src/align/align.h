/* Alignment of two documents: which block of A renders or reports what
 * block of B. Parallel mode (a text and its translation) is a monotonic
 * Gale-Church alignment of blocks scored by length ratio and anchor
 * agreement; comparable mode (two reports of one event) pairs each block
 * with its best counterparts by shared anchors, in any order. On top of the
 * links, quality checks list what one side lacks or changed. The result is
 * read-only once built and answers per-block questions in constant time,
 * so the comparison pane can follow the focus. */
#ifndef QARIN_ALIGN_H
#define QARIN_ALIGN_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_ALIGN, "align/align.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "align/anchor.h"
#include "model/lib.h"
#include "text/lib.h"
#include "layout/lib.h"
#include "lexicon/lib.h"

/* "No block" / "no anchor" / "no link" in the fields below. */
#define ALIGN_NONE SIZE_MAX

enum align_mode {
	ALIGN_AUTO,       /* requested only: chosen from the monotonic fit */
	ALIGN_PARALLEL,
	ALIGN_COMPARABLE,
};

enum align_side {
	ALIGN_SIDE_A,
	ALIGN_SIDE_B,
};

enum align_status {
	ALIGN_MATCH,      /* a and b render / report the same thing */
	ALIGN_ONLY_A,     /* b == ALIGN_NONE */
	ALIGN_ONLY_B,     /* a == ALIGN_NONE */
	ALIGN_MISMATCH,   /* linked, but a number, date or name differs */
};

enum align_finding_kind {
	FINDING_NUMBER_MISMATCH, /* a number on one side missing or different on the other */
	FINDING_DATE_MISMATCH,   /* same for a date */
	FINDING_NAME_ONE_SIDE,   /* a name or place only one side of a link has */
	FINDING_UNALIGNED,       /* a block with no counterpart */
	FINDING_LENGTH_RATIO,    /* a link whose length ratio is far from the expected one */
	FINDING_UNTRANSLATED,    /* text identical on both sides (left untranslated) */
	FINDING_KIND_COUNT
};

/* One link: a block of A and its counterpart in B. A block with two
 * counterparts (a 1-2 or 2-1 step, or two comparable matches) has two
 * links; a block with none has one link with the other side ALIGN_NONE. */
struct align_link {
	size_t a, b;              /* block indices, ALIGN_NONE when absent */
	double score;             /* confidence in [0, 1] */
	enum align_status status;
	/* Anchors both blocks hold: indices into al->anchors_a / anchors_b
	 * (borrowed from the alignment, nshared may be 0). */
	const struct anchor_pair *shared;
	size_t nshared;
	unsigned group;           /* links of one 1-2 / 2-1 step share a group id */
};

/* One quality-check finding. */
struct align_finding {
	enum align_finding_kind kind;
	size_t a, b;              /* blocks (ALIGN_NONE when that side has none) */
	size_t link;              /* index into al->links, or ALIGN_NONE */
	size_t a_anchor, b_anchor; /* indices into anchors_a / anchors_b, or ALIGN_NONE */
	char note[192];           /* human-readable detail, UTF-8 */
};

struct align_summary {
	size_t blocks_a, blocks_b;   /* blocks taken into account (boilerplate and separators are not) */
	size_t aligned_a, aligned_b; /* of those, blocks with at least one counterpart */
	double aligned_pct;          /* 100 * (aligned_a + aligned_b) / (blocks_a + blocks_b) */
	size_t only_a, only_b;       /* blocks with no counterpart */
	size_t mismatches;           /* links with status ALIGN_MISMATCH */
	size_t findings_by_kind[FINDING_KIND_COUNT];
	size_t anchors_a[ANCHOR_KIND_COUNT], anchors_b[ANCHOR_KIND_COUNT];
};

struct align_index; /* private lookup tables */

struct alignment {
	const struct doc *a, *b;     /* borrowed: must outlive the alignment */
	enum align_mode requested;
	enum align_mode mode;        /* the mode used: ALIGN_PARALLEL or ALIGN_COMPARABLE */
	double fit;                  /* [0, 1]: how well a monotonic alignment fits (chose the mode) */
	double ratio;                /* expected length(B) / length(A), estimated from the texts */
	struct anchor_list anchors_a, anchors_b; /* owned, in document order */
	struct anchor_pairs pairs;   /* owned: the shared anchors of every link (links point in) */
	/* owned: parallel, in alignment order (one-sided links where they fall);
	 * comparable, by A block then B block, the only-b links last by B block */
	struct align_link *links;
	size_t nlinks;
	struct align_finding *findings; /* owned: ordered like the links they concern */
	size_t nfindings;
	struct align_summary summary;
	struct align_index *idx;     /* owned */
	/* owned: which dictionaries served as evidence (lexicon_describe), or
	 * "none" */
	char *lexicon;
};

struct align_opts {
	enum align_mode mode;        /* ALIGN_AUTO: chosen from the fit */
	/* Anchors to use instead of extracting them (tests, or a caller that
	 * has them already): copied; NULL extracts them from the documents. */
	const struct anchor_list *anchors_a, *anchors_b;
	double fit_threshold;        /* auto picks parallel at or above it; 0: default 0.7 */
	double min_score;            /* comparable: links below it are dropped; 0: default */
	size_t band;                 /* parallel: half-width of the DP band in blocks; 0: automatic */
	/* Borrowed, or NULL: translated words shared between blocks count as
	 * evidence in comparable mode, and a name the other side translates
	 * (a demonym, a capitalised common noun) is no finding. */
	struct lexicon *lexicon;
	/* Called now and then with the share of the work done, in [0, 1]
	 * (from the caller's thread); returning false cancels: align_docs
	 * stops at the next step and returns NULL, err "alignment
	 * cancelled". NULL: no progress, no cancelling. */
	bool (*progress)(void *ctx, double done);
	void *progress_ctx;          /* passed to progress */
};

/* Aligns a and b (borrowed; they must outlive the result). NULL with err
 * set only when the options are invalid or the progress hook cancelled.
 * opts may be NULL (auto). */
struct alignment *align_docs(const struct doc *a, const struct doc *b,
			     const struct align_opts *opts, struct qerr *err);
void align_free(struct alignment *al);

/* --- per-block lookups, O(1) ---------------------------------------------- */

/* The links holding block `block` of the given side, as indices into
 * al->links (borrowed array; *n set to the count, 0 for an ignored block). */
const size_t *align_links_of(const struct alignment *al, enum align_side side,
			     size_t block, size_t *n);
/* The findings concerning that block, as indices into al->findings. */
const size_t *align_findings_of(const struct alignment *al, enum align_side side,
				size_t block, size_t *n);

/* What a gutter mark shows for a block. */
enum align_block_state {
	ALIGN_BLOCK_IGNORED,  /* boilerplate, separators, empty blocks */
	ALIGN_BLOCK_ALIGNED,
	ALIGN_BLOCK_ONLY,     /* no counterpart ("only in A" / "only in B") */
	ALIGN_BLOCK_FINDING,  /* aligned, with a finding other than a one-sided name
			       * (those are listed, but too common to mark) */
};
enum align_block_state align_block_state(const struct alignment *al, enum align_side side,
					 size_t block);
/* The next (dir > 0) or previous (dir < 0) block after `block` on that
 * side that is unaligned or has a finding; ALIGN_NONE when none (no wrap). */
size_t align_next_flagged(const struct alignment *al, enum align_side side,
			  size_t block, int dir);
/* The anchors of a block: [*first, *first + *n) in that side's anchor list. */
void align_block_anchors(const struct alignment *al, enum align_side side,
			 size_t block, size_t *first, size_t *n);

/* --- sentences inside a link ------------------------------------------- */

/* Two doc->text ranges that correspond; a length of 0 means no counterpart. */
struct align_span_pair {
	size_t a_start, a_len;
	size_t b_start, b_len;
};
/* Aligns the sentences (ICU sentence breaks) of link i's blocks (in
 * parallel mode, every block of its 1-2 or 2-1 step), monotonically;
 * returns how many pairs (*out owned by the caller, NULL when 0: for a
 * one-sided link). */
size_t align_sentences(const struct alignment *al, size_t link,
		       struct align_span_pair **out);

/* --- synchronized scrolling ------------------------------------------- */

/* A struct sync_map `map` function: ctx is the struct alignment. Maps an
 * offset in block X of `from` to the counterpart of X in `to`, at the same
 * fraction of its length; a block with no counterpart maps between the
 * counterparts of its aligned neighbours. from/to must be al->a / al->b
 * (either way round); any other document falls back to sync_by_position. */
size_t align_sync_map(void *ctx, const struct doc *from, size_t off, const struct doc *to);
/* A sync_map that follows the alignment (al borrowed). */
struct sync_map align_sync(const struct alignment *al);

/* --- the dynamic programme, exposed for tests and benchmarks --------- */

/* One step of a monotonic alignment: A units [a0, a0+na) with B units
 * [b0, b0+nb); na, nb in {0, 1, 2} and not both 0. */
struct align_bead {
	size_t a0, na, b0, nb;
	double cost;             /* the step's cost (lower is better) */
};

struct align_dp_input {
	const size_t *len_a, *len_b; /* unit lengths in characters */
	size_t na, nb;
	double ratio;            /* expected len_b / len_a; 0: estimated from the sums */
	size_t band;             /* half-width of the band around the diagonal; 0: automatic */
	/* Anchor agreement of a step in [0, 1] (1: the units share all their
	 * anchors), or NULL to align on lengths alone. */
	double (*agree)(void *ctx, size_t a0, size_t na, size_t b0, size_t nb);
	void *ctx;
	double anchor_weight;    /* how much agreement counts against length; 0: default */
	/* Called every few hundred rows with the share of rows done; false
	 * stops the programme, which then returns no beads. NULL: never. */
	bool (*tick)(void *ctx, double done);
	void *tick_ctx;
};

/* Runs the banded Gale-Church programme; returns the number of beads
 * (*out owned by the caller, in order). */
size_t align_dp(const struct align_dp_input *in, struct align_bead **out);

/* Whether auto mode keeps the parallel alignment: a fit at or above the
 * threshold, or block counts near each other (na, nb) and a fit most of
 * whose blocks lie in confident two-sided steps. */
bool align_auto_parallel(double fit, size_t na, size_t nb, double threshold);

/* --- names --------------------------------------------------------------- */

const char *align_mode_name(enum align_mode m);
/* Parses "auto", "parallel", "comparable"; -1 when unknown. */
int align_mode_parse(const char *s);
const char *align_status_name(enum align_status s);   /* "match", "only-a", ... */
const char *align_finding_kind_name(enum align_finding_kind k); /* "number", "date", ... */

#endif
