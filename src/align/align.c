/* The alignment's entry point: picks the blocks that take part, gathers
 * their anchors, runs the parallel programme to measure how well a
 * monotonic alignment fits, keeps it or builds comparable links instead,
 * runs the quality checks, then indexes links and findings by block so
 * the comparison pane and synchronized scrolling answer in constant time. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "align/align_internal.h"
#include "layout/lib.h"
#include "text/lib.h"

/* Default fit at or above which auto mode picks parallel. */
#define FIT_THRESHOLD 0.7
/* Block counts within this share of each other (the smaller at least this
 * share of the larger)... */
#define CLOSE_COUNTS 0.85
/* ...keep parallel from this fit on. */
#define CLOSE_FIT 0.5
/* Anchors of a unit compared at most (a longer list is cut). */
#define MAX_UNIT_ANCHORS 512

/* Per-side lookup tables: compressed rows of indices by block. */
struct align_side_index {
	size_t nblocks;
	size_t *link_beg, *link_ix;       /* block -> links */
	size_t *find_beg, *find_ix;       /* block -> findings */
	unsigned char *state;             /* enum align_block_state per block */
	size_t *flagged, nflagged;        /* blocks ONLY or FINDING, ascending */
	size_t *map_lo, *map_hi;          /* block -> counterpart range in the other doc */
};

struct align_index {
	struct align_side_index s[2];
};

static const char *const mode_names[] = {
	[ALIGN_AUTO] = "auto",
	[ALIGN_PARALLEL] = "parallel",
	[ALIGN_COMPARABLE] = "comparable",
};

static const char *const status_names[] = {
	[ALIGN_MATCH] = "match",
	[ALIGN_ONLY_A] = "only-a",
	[ALIGN_ONLY_B] = "only-b",
	[ALIGN_MISMATCH] = "mismatch",
};

static const char *const finding_names[] = {
	[FINDING_NUMBER_MISMATCH] = "number",
	[FINDING_DATE_MISMATCH] = "date",
	[FINDING_NAME_ONE_SIDE] = "name",
	[FINDING_UNALIGNED] = "unaligned",
	[FINDING_LENGTH_RATIO] = "length",
	[FINDING_UNTRANSLATED] = "untranslated",
};

const char *
align_mode_name(enum align_mode m)
{
	return (unsigned)m <= ALIGN_COMPARABLE ? mode_names[m] : "?";
}

int
align_mode_parse(const char *s)
{
	for (int m = ALIGN_AUTO; m <= ALIGN_COMPARABLE; m++)
		if (strcmp(s, mode_names[m]) == 0)
			return m;
	return -1;
}

const char *
align_status_name(enum align_status s)
{
	return (unsigned)s <= ALIGN_MISMATCH ? status_names[s] : "?";
}

const char *
align_finding_kind_name(enum align_finding_kind k)
{
	return (unsigned)k < FINDING_KIND_COUNT ? finding_names[k] : "?";
}

/* --- building -------------------------------------------------------- */

bool
align_auto_parallel(double fit, size_t na, size_t nb, double threshold)
{
	size_t lo = na < nb ? na : nb, hi = na < nb ? nb : na;

	if (fit >= threshold)
		return true;
	/* A translation with a few merges and omissions keeps its block count;
	 * two reports of one event seldom have near the same count and most of
	 * their blocks in steps that fit. */
	return hi > 0 && (double)lo >= CLOSE_COUNTS * (double)hi && fit >= CLOSE_FIT;
}

/* Whether a block takes part in the alignment. */
static bool
block_counts(const struct block *b)
{
	return b->len > 0 && b->kind != BLOCK_BOILERPLATE && b->kind != BLOCK_SEPARATOR;
}

/* Progress through align_docs: the share [from, from + span) one step
 * covers, and whether the caller has cancelled. */
struct align_progress {
	const struct align_opts *opts;
	double from, span;
	size_t nblocks;      /* blocks of the document being extracted */
	bool cancelled;
};

bool
align_progress_at(struct align_progress *p, double done)
{
	if (p->opts->progress != NULL && !p->cancelled)
		p->cancelled = !p->opts->progress(p->opts->progress_ctx, p->from + p->span * done);
	return !p->cancelled;
}

/* Starts a step of share span; false once cancelled. */
static bool
align_progress_step(struct align_progress *p, double span)
{
	p->from += p->span;
	p->span = span;
	return align_progress_at(p, 0);
}

/* The extraction's tick: blocks done of the document's. */
static bool
align_extract_tick(void *ctx, size_t done)
{
	struct align_progress *p = ctx;

	return align_progress_at(p, p->nblocks ? (double)done / (double)p->nblocks : 1);
}

/* Copies an anchor list (the caller's, or extracted) into dst in block
 * order; false when cancelled during the extraction. */
static bool
anchors_take(const struct doc *doc, const struct anchor_list *given, struct anchor_list *dst,
	     struct align_progress *p)
{
	if (given == NULL) {
		p->nblocks = doc->nblocks;
		return anchor_extract_doc_ticking(doc, dst, align_extract_tick, p);
	}
	dst->n = dst->cap = given->n;
	dst->v = xmalloc((given->n ? given->n : 1) * sizeof *dst->v);
	if (given->n)
		memcpy(dst->v, given->v, given->n * sizeof *dst->v);
	return true;
}

/* Fills one side's units and the block -> anchor rows. */
static void
units_build(struct align_units *u, const struct doc *doc, const struct anchor_list *al)
{
	u->block = xmalloc((doc->nblocks + 1) * sizeof *u->block);
	u->len = xmalloc((doc->nblocks + 1) * sizeof *u->len);
	u->unit_of = xmalloc((doc->nblocks + 1) * sizeof *u->unit_of);
	u->abeg = xcalloc(doc->nblocks + 2, sizeof *u->abeg);
	u->n = 0;
	for (size_t i = 0; i < doc->nblocks; i++) {
		const struct block *b = &doc->blocks[i];
		u->unit_of[i] = ALIGN_NONE;
		if (!block_counts(b))
			continue;
		u->unit_of[i] = u->n;
		u->block[u->n] = i;
		u->len[u->n] = u8_mbsnlen((const uint8_t *)b->text, b->len);
		u->n++;
	}
	/* anchors are in document order: count per block, then prefix sums */
	for (size_t k = 0; k < al->n; k++)
		if (al->v[k].block < doc->nblocks)
			u->abeg[al->v[k].block + 1]++;
	for (size_t i = 0; i < doc->nblocks; i++)
		u->abeg[i + 1] += u->abeg[i];
}

/* Sorts anchors by block, keeping text order inside a block. */
static int
anchor_cmp(const void *x, const void *y)
{
	const struct anchor *a = x, *b = y;

	if (a->block != b->block)
		return a->block < b->block ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return 0;
}

void
align_match_units(const struct align_ctx *c, size_t ua, size_t na, size_t ub,
		  size_t nb, size_t *ma, size_t *mb, size_t *ta, size_t *tb,
		  struct anchor_pairs *out)
{
	const struct anchor_list *la = align_anchors(c, 0), *lb = align_anchors(c, 1);
	size_t ia[MAX_UNIT_ANCHORS], ib[MAX_UNIT_ANCHORS], nia = 0, nib = 0;
	bool bmatched[MAX_UNIT_ANCHORS];
	size_t weak_matched = 0;

	for (size_t k = 0; k < na; k++) {
		size_t first, n = align_block_anchor_range(c, 0, c->u[0].block[ua + k], &first);
		for (size_t x = 0; x < n && nia < MAX_UNIT_ANCHORS; x++)
			ia[nia++] = first + x;
	}
	for (size_t k = 0; k < nb; k++) {
		size_t first, n = align_block_anchor_range(c, 1, c->u[1].block[ub + k], &first);
		for (size_t x = 0; x < n && nib < MAX_UNIT_ANCHORS; x++)
			ib[nib++] = first + x;
	}
	*ma = *mb = 0;
	memset(bmatched, 0, sizeof bmatched);
	for (size_t x = 0; x < nia; x++) {
		const struct anchor *a = &la->v[ia[x]];
		double best = 0;
		size_t by = ALIGN_NONE;
		for (size_t y = 0; y < nib; y++) {
			const struct anchor *b = &lb->v[ib[y]];
			if (a->weak && b->weak)
				continue;
			if (a->kind != b->kind && !(a->kind == ANCHOR_NUMBER && b->kind == ANCHOR_DATE) &&
			    !(a->kind == ANCHOR_DATE && b->kind == ANCHOR_NUMBER))
				continue;
			double s = anchor_match(a, b);
			if (s >= ALIGN_ANCHOR_MIN) {
				bmatched[y] = true;
				if (s > best) {
					best = s;
					by = y;
				}
			}
		}
		if (by == ALIGN_NONE)
			continue;
		(*ma)++;
		weak_matched += a->weak;
		if (out != NULL) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 8;
				out->v = xreallocarray(out->v, out->cap, sizeof *out->v);
			}
			out->v[out->n++] = (struct anchor_pair){ ia[x], ib[by], best };
		}
	}
	/* a weak name (any word that might be one) counts only once matched */
	*ta = *tb = 0;
	for (size_t x = 0; x < nia; x++)
		*ta += !la->v[ia[x]].weak;
	for (size_t y = 0; y < nib; y++) {
		*mb += bmatched[y];
		*tb += !lb->v[ib[y]].weak || bmatched[y];
	}
	*ta += weak_matched;
}

size_t
align_add_link(struct align_ctx *c, size_t a, size_t b, double score,
	       enum align_status status, const struct anchor_pair *shared,
	       size_t nshared, unsigned group)
{
	struct alignment *al = c->al;

	if (al->nlinks == c->links_cap) {
		c->links_cap = c->links_cap ? c->links_cap * 2 : 64;
		al->links = xreallocarray(al->links, c->links_cap, sizeof *al->links);
		c->shared_off = xreallocarray(c->shared_off, c->links_cap, sizeof *c->shared_off);
	}
	if (score < 0)
		score = 0;
	if (score > 1)
		score = 1;
	al->links[al->nlinks] = (struct align_link){
		.a = a, .b = b, .score = score, .status = status,
		.shared = NULL, .nshared = nshared, .group = group,
	};
	c->shared_off[al->nlinks] = al->pairs.n;
	for (size_t k = 0; k < nshared; k++) {
		if (al->pairs.n == al->pairs.cap) {
			al->pairs.cap = al->pairs.cap ? al->pairs.cap * 2 : 64;
			al->pairs.v = xreallocarray(al->pairs.v, al->pairs.cap, sizeof *al->pairs.v);
		}
		al->pairs.v[al->pairs.n++] = shared[k];
	}
	return al->nlinks++;
}

void
align_add_finding(struct align_ctx *c, enum align_finding_kind kind, size_t a, size_t b,
		  size_t link, size_t a_anchor, size_t b_anchor, const char *fmt, ...)
{
	struct alignment *al = c->al;
	va_list ap;

	if (al->nfindings == c->findings_cap) {
		c->findings_cap = c->findings_cap ? c->findings_cap * 2 : 32;
		al->findings = xreallocarray(al->findings, c->findings_cap, sizeof *al->findings);
	}
	struct align_finding *f = &al->findings[al->nfindings++];
	*f = (struct align_finding){ kind, a, b, link, a_anchor, b_anchor, "" };
	va_start(ap, fmt);
	vsnprintf(f->note, sizeof f->note, fmt, ap);
	va_end(ap);
}

/* Orders links by A block then B block; one-sided B links last, by B. */
static int
link_cmp(const void *x, const void *y)
{
	const struct align_link *p = x, *q = y;
	bool pb = p->a == ALIGN_NONE, qb = q->a == ALIGN_NONE;

	if (pb != qb)
		return pb ? 1 : -1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return 0;
}

/* qsort for arrays that may be empty: an empty list of anchors or links
 * has no storage, and qsort must not be handed a null pointer. */
static void
align_qsort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

/* Sorts the links of a comparable alignment, their shared offsets along. */
static void
links_sort(struct align_ctx *c)
{
	struct alignment *al = c->al;
	/* stash each link's shared offset in its pointer slot while sorting */
	for (size_t k = 0; k < al->nlinks; k++)
		al->links[k].shared = (const struct anchor_pair *)(uintptr_t)(c->shared_off[k] + 1);
	align_qsort(al->links, al->nlinks, sizeof *al->links, link_cmp);
	for (size_t k = 0; k < al->nlinks; k++) {
		c->shared_off[k] = (size_t)(uintptr_t)al->links[k].shared - 1;
		al->links[k].shared = NULL;
	}
}

/* Builds a compressed row table: for every item, the block it belongs to. */
static void
rows_build(size_t nblocks, size_t nitems, const size_t *blk_a, const size_t *blk_b,
	   size_t **beg, size_t **ix)
{
	*beg = xcalloc(nblocks + 2, sizeof **beg);
	for (size_t k = 0; k < nitems; k++) {
		if (blk_a[k] < nblocks)
			(*beg)[blk_a[k] + 1]++;
		if (blk_b != NULL && blk_b[k] < nblocks && blk_b[k] != blk_a[k])
			(*beg)[blk_b[k] + 1]++;
	}
	for (size_t i = 0; i < nblocks; i++)
		(*beg)[i + 1] += (*beg)[i];
	size_t *fill = xmalloc((nblocks + 1) * sizeof *fill);
	memcpy(fill, *beg, (nblocks + 1) * sizeof *fill);
	*ix = xmalloc(((*beg)[nblocks] + 1) * sizeof **ix);
	for (size_t k = 0; k < nitems; k++) {
		if (blk_a[k] < nblocks)
			(*ix)[fill[blk_a[k]]++] = k;
		if (blk_b != NULL && blk_b[k] < nblocks && blk_b[k] != blk_a[k])
			(*ix)[fill[blk_b[k]]++] = k;
	}
	free(fill);
}

/* The counterpart ranges used by synchronized scrolling for one side. */
static void
sync_ranges_build(struct alignment *al, int s)
{
	struct align_side_index *x = &al->idx->s[s];
	const struct doc *from = s == 0 ? al->a : al->b, *to = s == 0 ? al->b : al->a;
	size_t n = from->nblocks;

	x->map_lo = xmalloc((n + 1) * sizeof *x->map_lo);
	x->map_hi = xmalloc((n + 1) * sizeof *x->map_hi);
	for (size_t i = 0; i < n; i++) {
		x->map_lo[i] = ALIGN_NONE;
		x->map_hi[i] = ALIGN_NONE;
		/* the best link's group: one counterpart, or two adjacent ones */
		size_t best = ALIGN_NONE;
		for (size_t k = x->link_beg[i]; k < x->link_beg[i + 1]; k++) {
			const struct align_link *l = &al->links[x->link_ix[k]];
			if ((s == 0 ? l->b : l->a) == ALIGN_NONE)
				continue;
			if (best == ALIGN_NONE || l->score > al->links[best].score)
				best = x->link_ix[k];
		}
		if (best == ALIGN_NONE)
			continue;
		for (size_t k = x->link_beg[i]; k < x->link_beg[i + 1]; k++) {
			const struct align_link *l = &al->links[x->link_ix[k]];
			size_t ob = s == 0 ? l->b : l->a;
			if (ob == ALIGN_NONE || l->group != al->links[best].group)
				continue;
			const struct block *tb = &to->blocks[ob];
			if (x->map_lo[i] == ALIGN_NONE || tb->src_off < x->map_lo[i])
				x->map_lo[i] = tb->src_off;
			if (x->map_hi[i] == ALIGN_NONE || tb->src_off + tb->src_len > x->map_hi[i])
				x->map_hi[i] = tb->src_off + tb->src_len;
		}
	}
	/* blocks of this side sharing one counterpart (a 2-1 step) share its
	 * range in proportion to their lengths */
	for (size_t i = 0; i + 1 < n; i++) {
		if (x->map_lo[i] == ALIGN_NONE || x->map_lo[i + 1] != x->map_lo[i] ||
		    x->map_hi[i + 1] != x->map_hi[i])
			continue;
		size_t l0 = from->blocks[i].src_len, l1 = from->blocks[i + 1].src_len;
		size_t lo = x->map_lo[i], hi = x->map_hi[i];
		size_t cut = lo + (size_t)((double)(hi - lo) * (double)l0 / (double)(l0 + l1 ? l0 + l1 : 1));
		x->map_hi[i] = cut;
		x->map_lo[i + 1] = cut;
		i++;
	}
	/* blocks without a counterpart: between their neighbours' */
	size_t prev_hi = 0;
	for (size_t i = 0; i < n; i++) {
		if (x->map_lo[i] != ALIGN_NONE) {
			prev_hi = x->map_hi[i];
			continue;
		}
		size_t j = i + 1;
		while (j < n && x->map_lo[j] == ALIGN_NONE)
			j++;
		size_t next_lo = j < n ? x->map_lo[j] : to->len;
		/* a gap: the unaligned run [i, j) shares [prev_hi, next_lo) */
		size_t lo = prev_hi, hi = next_lo > prev_hi ? next_lo : prev_hi;
		for (size_t k = i; k < j; k++) {
			x->map_lo[k] = lo + (hi - lo) * (k - i) / (j - i);
			x->map_hi[k] = lo + (hi - lo) * (k - i + 1) / (j - i);
		}
		i = j - 1;
	}
}

/* Builds the per-block lookup tables of both sides. */
static void
index_build(struct alignment *al)
{
	al->idx = xcalloc(1, sizeof *al->idx);
	size_t nl = al->nlinks, nf = al->nfindings;
	size_t *la = xmalloc((nl + 1) * sizeof *la), *lb = xmalloc((nl + 1) * sizeof *lb);
	size_t *fa = xmalloc((nf + 1) * sizeof *fa), *fb = xmalloc((nf + 1) * sizeof *fb);

	for (size_t k = 0; k < nl; k++) {
		la[k] = al->links[k].a;
		lb[k] = al->links[k].b;
	}
	for (size_t k = 0; k < nf; k++) {
		fa[k] = al->findings[k].a;
		fb[k] = al->findings[k].b;
	}
	for (int s = 0; s < 2; s++) {
		struct align_side_index *x = &al->idx->s[s];
		const struct doc *d = s == 0 ? al->a : al->b;
		x->nblocks = d->nblocks;
		rows_build(d->nblocks, nl, s == 0 ? la : lb, NULL, &x->link_beg, &x->link_ix);
		rows_build(d->nblocks, nf, s == 0 ? fa : fb, NULL, &x->find_beg, &x->find_ix);
		x->state = xcalloc(d->nblocks + 1, 1);
		x->flagged = xmalloc((d->nblocks + 1) * sizeof *x->flagged);
		for (size_t i = 0; i < d->nblocks; i++) {
			enum align_block_state st = ALIGN_BLOCK_IGNORED;
			for (size_t k = x->link_beg[i]; k < x->link_beg[i + 1]; k++) {
				const struct align_link *l = &al->links[x->link_ix[k]];
				bool other = (s == 0 ? l->b : l->a) != ALIGN_NONE;
				if (other)
					st = ALIGN_BLOCK_ALIGNED;
				else if (st == ALIGN_BLOCK_IGNORED)
					st = ALIGN_BLOCK_ONLY;
			}
			for (size_t k = x->find_beg[i]; k < x->find_beg[i + 1]; k++)
				if (st == ALIGN_BLOCK_ALIGNED &&
				    al->findings[x->find_ix[k]].kind != FINDING_NAME_ONE_SIDE)
					st = ALIGN_BLOCK_FINDING;
			x->state[i] = (unsigned char)st;
			if (st == ALIGN_BLOCK_ONLY || st == ALIGN_BLOCK_FINDING)
				x->flagged[x->nflagged++] = i;
		}
		sync_ranges_build(al, s);
	}
	free(la);
	free(lb);
	free(fa);
	free(fb);
}

/* Counts blocks, links and findings into the summary. */
static void
summary_build(struct alignment *al, const struct align_ctx *c)
{
	struct align_summary *s = &al->summary;

	memset(s, 0, sizeof *s);
	s->blocks_a = c->u[0].n;
	s->blocks_b = c->u[1].n;
	for (int side = 0; side < 2; side++) {
		const struct align_side_index *x = &al->idx->s[side];
		for (size_t i = 0; i < x->nblocks; i++) {
			if (x->state[i] == ALIGN_BLOCK_ALIGNED || x->state[i] == ALIGN_BLOCK_FINDING)
				*(side == 0 ? &s->aligned_a : &s->aligned_b) += 1;
			else if (x->state[i] == ALIGN_BLOCK_ONLY)
				*(side == 0 ? &s->only_a : &s->only_b) += 1;
		}
	}
	size_t all = s->blocks_a + s->blocks_b;
	s->aligned_pct = all ? 100.0 * (double)(s->aligned_a + s->aligned_b) / (double)all : 100.0;
	for (size_t k = 0; k < al->nlinks; k++)
		s->mismatches += al->links[k].status == ALIGN_MISMATCH;
	for (size_t k = 0; k < al->nfindings; k++)
		s->findings_by_kind[al->findings[k].kind]++;
	anchor_count(&al->anchors_a, s->anchors_a);
	anchor_count(&al->anchors_b, s->anchors_b);
}

/* Drops the links (and their pairs) built so far. */
static void
links_reset(struct align_ctx *c)
{
	c->al->nlinks = 0;
	c->al->pairs.n = 0;
	c->next_group = 0;
}

struct alignment *
align_docs(const struct doc *a, const struct doc *b, const struct align_opts *opts,
	   struct qerr *err)
{
	struct align_opts defaults = { .mode = ALIGN_AUTO };

	if (opts == NULL)
		opts = &defaults;
	if ((unsigned)opts->mode > ALIGN_COMPARABLE) {
		qerr_set(err, "alignment: unknown mode %d", (int)opts->mode);
		return NULL;
	}
	if (opts->fit_threshold < 0 || opts->fit_threshold > 1 || opts->min_score < 0 ||
	    opts->min_score > 1) {
		qerr_set(err, "alignment: thresholds must lie in [0, 1]");
		return NULL;
	}
	struct alignment *al = xcalloc(1, sizeof *al);
	struct align_ctx c = { .al = al, .opts = opts };
	/* Shares of the work: extraction (by text length), then the rest. */
	double la = (double)a->len + 1, lb = (double)b->len + 1;
	struct align_progress pr = { .opts = opts };

	c.progress = &pr;

	al->a = a;
	al->b = b;
	al->requested = opts->mode;
	if (!align_progress_step(&pr, 0.6 * la / (la + lb)) ||
	    !anchors_take(a, opts->anchors_a, &al->anchors_a, &pr) ||
	    !align_progress_step(&pr, 0.6 * lb / (la + lb)) ||
	    !anchors_take(b, opts->anchors_b, &al->anchors_b, &pr) ||
	    !align_progress_step(&pr, 0.25)) {
		align_free(al);
		qerr_set(err, "alignment cancelled");
		return NULL;
	}
	align_qsort(al->anchors_a.v, al->anchors_a.n, sizeof *al->anchors_a.v, anchor_cmp);
	align_qsort(al->anchors_b.v, al->anchors_b.n, sizeof *al->anchors_b.v, anchor_cmp);
	units_build(&c.u[0], a, &al->anchors_a);
	units_build(&c.u[1], b, &al->anchors_b);
	align_lex_build(&c);
	al->lexicon = xstrdup(opts->lexicon ? lexicon_describe(opts->lexicon, a->lang, b->lang)
					    : "none");

	double sa = 0, sb = 0;
	for (size_t k = 0; k < c.u[0].n; k++)
		sa += (double)c.u[0].len[k];
	for (size_t k = 0; k < c.u[1].n; k++)
		sb += (double)c.u[1].len[k];
	al->ratio = sa > 0 && sb > 0 ? sb / sa : 1.0;

	double thr = opts->fit_threshold > 0 ? opts->fit_threshold : FIT_THRESHOLD;
	al->fit = align_parallel_run(&c, opts->mode != ALIGN_COMPARABLE);
	if (!align_progress_step(&pr, 0.1))
		goto cancelled;
	if (opts->mode == ALIGN_PARALLEL ||
	    (opts->mode == ALIGN_AUTO && align_auto_parallel(al->fit, c.u[0].n, c.u[1].n, thr))) {
		al->mode = ALIGN_PARALLEL;
	} else {
		al->mode = ALIGN_COMPARABLE;
		links_reset(&c);
		align_comparable_run(&c);
		links_sort(&c);
	}
	if (!align_progress_step(&pr, 0.05))
		goto cancelled;
	align_findings_run(&c);
	for (size_t k = 0; k < al->nlinks; k++)
		al->links[k].shared = al->links[k].nshared ? al->pairs.v + c.shared_off[k] : NULL;
	index_build(al);
	summary_build(al, &c);
	/* the whole: exactly 1, whatever the shares add up to in floating point */
	pr.from = 1;
	pr.span = 0;
	align_progress_at(&pr, 0);
cancelled:

	for (int s = 0; s < 2; s++) {
		free(c.u[s].block);
		free(c.u[s].len);
		free(c.u[s].unit_of);
		free(c.u[s].abeg);
	}
	free(c.shared_off);
	align_lex_free(&c);
	for (int s = 0; s < 2; s++) {
		free(c.sig[s]);
		free(c.sig_beg[s]);
	}
	if (pr.cancelled) {
		align_free(al);
		qerr_set(err, "alignment cancelled");
		return NULL;
	}
	return al;
}

void
align_free(struct alignment *al)
{
	if (al == NULL)
		return;
	anchor_list_free(&al->anchors_a);
	anchor_list_free(&al->anchors_b);
	anchor_pairs_free(&al->pairs);
	free(al->links);
	free(al->findings);
	free(al->lexicon);
	if (al->idx != NULL) {
		for (int s = 0; s < 2; s++) {
			struct align_side_index *x = &al->idx->s[s];
			free(x->link_beg);
			free(x->link_ix);
			free(x->find_beg);
			free(x->find_ix);
			free(x->state);
			free(x->flagged);
			free(x->map_lo);
			free(x->map_hi);
		}
		free(al->idx);
	}
	free(al);
}

/* --- lookups ----------------------------------------------------------- */

const size_t *
align_links_of(const struct alignment *al, enum align_side side, size_t block, size_t *n)
{
	const struct align_side_index *x = &al->idx->s[side == ALIGN_SIDE_B];

	if (block >= x->nblocks) {
		*n = 0;
		return NULL;
	}
	*n = x->link_beg[block + 1] - x->link_beg[block];
	return x->link_ix + x->link_beg[block];
}

const size_t *
align_findings_of(const struct alignment *al, enum align_side side, size_t block, size_t *n)
{
	const struct align_side_index *x = &al->idx->s[side == ALIGN_SIDE_B];

	if (block >= x->nblocks) {
		*n = 0;
		return NULL;
	}
	*n = x->find_beg[block + 1] - x->find_beg[block];
	return x->find_ix + x->find_beg[block];
}

enum align_block_state
align_block_state(const struct alignment *al, enum align_side side, size_t block)
{
	const struct align_side_index *x = &al->idx->s[side == ALIGN_SIDE_B];

	return block < x->nblocks ? (enum align_block_state)x->state[block] : ALIGN_BLOCK_IGNORED;
}

size_t
align_next_flagged(const struct alignment *al, enum align_side side, size_t block, int dir)
{
	const struct align_side_index *x = &al->idx->s[side == ALIGN_SIDE_B];
	size_t lo = 0, hi = x->nflagged;

	/* first flagged block > block */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->flagged[mid] <= block)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (dir > 0)
		return lo < x->nflagged ? x->flagged[lo] : ALIGN_NONE;
	/* last flagged block < block */
	while (lo > 0 && x->flagged[lo - 1] >= block)
		lo--;
	return lo > 0 ? x->flagged[lo - 1] : ALIGN_NONE;
}

void
align_block_anchors(const struct alignment *al, enum align_side side, size_t block,
		    size_t *first, size_t *n)
{
	const struct anchor_list *l = side == ALIGN_SIDE_B ? &al->anchors_b : &al->anchors_a;
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid].block < block)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (hi < l->n && l->v[hi].block == block)
		hi++;
	*n = hi - lo;
}

size_t
align_sync_map(void *ctx, const struct doc *from, size_t off, const struct doc *to)
{
	const struct alignment *al = ctx;
	int s;

	if (al == NULL || from->nblocks == 0 || to->nblocks == 0)
		return sync_by_position(NULL, from, off, to);
	if (from == al->a && to == al->b)
		s = 0;
	else if (from == al->b && to == al->a)
		s = 1;
	else
		return sync_by_position(NULL, from, off, to);
	const struct align_side_index *x = &al->idx->s[s];
	size_t bi = doc_block_at(from, off);
	const struct block *b = &from->blocks[bi];
	size_t lo = x->map_lo[bi], hi = x->map_hi[bi];
	double frac = 0;

	if (off > b->src_off && b->src_len > 0)
		frac = (double)(off - b->src_off) / (double)b->src_len;
	if (frac > 1)
		frac = 1;
	size_t r = lo + (size_t)(frac * (double)(hi - lo));
	return r < to->len ? r : (to->len ? to->len - 1 : 0);
}

struct sync_map
align_sync(const struct alignment *al)
{
	return (struct sync_map){ .name = "alignment", .map = align_sync_map, .ctx = (void *)al };
}
