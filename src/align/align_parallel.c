/* Parallel alignment: a text and its translation, block by block in order.
 * A banded Gale-Church dynamic programme scores 1-1, 1-2, 2-1, 1-0 and 0-1
 * steps by how far the length ratio strays from the one the two texts show,
 * plus how many anchors the two sides share; inside aligned blocks the same
 * programme pairs the sentences ICU's sentence iterator finds. */
#include <config.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <unistr.h>

#include "align/align_internal.h"
#include "text/lib.h"

/* Gale and Church's variance of the length difference per character. */
#define GC_S2 6.8
/* Default weight of anchor agreement against the length cost. */
#define ANCHOR_WEIGHT 3.0
/* A step whose length cost is above this (|delta| > 2.58) does not fit. */
#define FIT_LEN_COST 4.6
/* A 1-1 step of the first pass counts towards the ratio when its length
 * cost is below this (|delta| < 1.64)... */
#define RATIO_LEN_COST 2.3
/* ...and there are at least this many such steps. */
#define RATIO_MIN_STEPS 3
/* The second pass runs when the ratio moved by more than this share (a
 * few omissions in a long text barely move it, and the pass is skipped). */
#define RATIO_REDO 0.03

enum step { STEP_NONE, STEP_11, STEP_10, STEP_01, STEP_21, STEP_12 };

static const struct {
	unsigned da, db;
	double prior;
} steps[] = {
	[STEP_11] = { 1, 1, 0.89 },
	[STEP_10] = { 1, 0, 0.005 },
	[STEP_01] = { 0, 1, 0.005 },
	[STEP_21] = { 2, 1, 0.045 },
	[STEP_12] = { 1, 2, 0.045 },
};

/* -log of the probability of a length difference this large (two-sided). */
static double
len_cost(double la, double lb, double ratio)
{
	double mean = (la + lb / ratio) / 2.0;

	if (mean < 1.0)
		mean = 1.0;
	double d = fabs(lb / ratio - la) / sqrt(GC_S2 * mean);
	if (d > 8.0) /* erfc underflows: its asymptotic form */
		return d * d / 2.0 + log(d * sqrt(M_PI / 2.0));
	return -log(erfc(d / M_SQRT2));
}

/* Sum of lengths [from, from + n). */
static double
len_sum(const size_t *len, size_t from, size_t n)
{
	double s = 0;

	for (size_t k = 0; k < n; k++)
		s += (double)len[from + k];
	return s;
}

/* The cost of one step ending at (i, j) and its anchor agreement. */
static double
step_cost(const struct align_dp_input *in, enum step st, size_t i, size_t j,
	  double ratio, double aw)
{
	unsigned da = steps[st].da, db = steps[st].db;
	double c = -log(steps[st].prior);

	if (da == 0 || db == 0)
		return c;
	c += len_cost(len_sum(in->len_a, i - da, da), len_sum(in->len_b, j - db, db), ratio);
	if (in->agree != NULL)
		c += aw * (1.0 - 2.0 * in->agree(in->ctx, i - da, da, j - db, db));
	return c;
}

/* Rows of the programme between two ticks. */
#define DP_TICK_ROWS 256

/* One pass of the programme with a given band; returns the bead count and
 * sets *edge when the best path touched the band's edge. */
static size_t
dp_pass(const struct align_dp_input *in, double ratio, size_t band,
	struct align_bead **out, bool *edge)
{
	size_t na = in->na, nb = in->nb, w = 2 * band + 1;
	double aw = in->anchor_weight > 0 ? in->anchor_weight : ANCHOR_WEIGHT;
	double *cost = xmalloc((na + 1) * w * sizeof *cost);
	uint8_t *back = xmalloc((na + 1) * w);
	/* row i covers j in [base(i), base(i) + w), clipped to [0, nb] */
#define BASE(i) ((long)(na ? ((double)(i) * (double)nb / (double)na + 0.5) : 0) - (long)band)

	for (size_t i = 0; i <= na; i++) {
		if (in->tick != NULL && i % DP_TICK_ROWS == 0 &&
		    !in->tick(in->tick_ctx, (double)i / (double)(na + 1))) {
			free(cost);
			free(back);
			*out = NULL;
			*edge = false;
			return 0; /* stopped */
		}
		long base = BASE(i);
		for (size_t k = 0; k < w; k++) {
			long j = base + (long)k;
			double best = HUGE_VAL;
			uint8_t bs = STEP_NONE;

			if (j < 0 || j > (long)nb) {
				cost[i * w + k] = HUGE_VAL;
				back[i * w + k] = STEP_NONE;
				continue;
			}
			if (i == 0 && j == 0)
				best = 0;
			for (int st = STEP_11; st <= STEP_12; st++) {
				unsigned da = steps[st].da, db = steps[st].db;
				if (i < da || j < (long)db)
					continue;
				long pi = (long)i - da, pj = j - db, pk = pj - BASE(pi);
				if (pk < 0 || pk >= (long)w || cost[pi * w + pk] == HUGE_VAL)
					continue;
				double cst = cost[pi * w + pk] +
					     step_cost(in, st, i, (size_t)j, ratio, aw);
				if (cst < best) {
					best = cst;
					bs = (uint8_t)st;
				}
			}
			cost[i * w + k] = best;
			back[i * w + k] = bs;
		}
	}

	/* walk back from (na, nb) */
	size_t n = 0, cap = 16;
	struct align_bead *b = xmalloc(cap * sizeof *b);
	size_t i = na, j = nb;
	*edge = false;
	while (i > 0 || j > 0) {
		long k = (long)j - BASE(i);
		if (k < 0 || k >= (long)w) /* outside the band: align_dp widens it */
			break;
		enum step st = (enum step)back[i * w + (size_t)k];
		if (st == STEP_NONE) /* unreachable inside the band: cannot happen */
			break;
		if ((k == 0 && j > 0) || (k == (long)w - 1 && j < nb))
			*edge = true;
		size_t da = steps[st].da, db = steps[st].db;
		long pk = (long)(j - db) - BASE(i - da);
		if (n == cap)
			b = xreallocarray(b, cap *= 2, sizeof *b);
		b[n++] = (struct align_bead){ i - da, da, j - db, db,
					      cost[i * w + (size_t)k] - cost[(i - da) * w + (size_t)pk] };
		i -= da;
		j -= db;
	}
#undef BASE
	for (size_t k = 0; k < n / 2; k++) {
		struct align_bead t = b[k];
		b[k] = b[n - 1 - k];
		b[n - 1 - k] = t;
	}
	free(cost);
	free(back);
	*out = b;
	return n;
}

size_t
align_dp(const struct align_dp_input *in, struct align_bead **out)
{
	double sa = len_sum(in->len_a, 0, in->na), sb = len_sum(in->len_b, 0, in->nb);
	double ratio = in->ratio > 0 ? in->ratio : (sa > 0 && sb > 0 ? sb / sa : 1.0);
	size_t na = in->na, nb = in->nb, big = na > nb ? na : nb;
	/* the diagonal already follows the count ratio: the band only has to
	 * hold the path's wander, and is widened when the path touches it */
	size_t band = in->band ? in->band : 16 + big / 200;
	bool edge;

	/* With no unit on side A the band follows row 0 alone, which must
	 * reach (0, nb): all of it. */
	if (na == 0)
		band = nb;

	for (;;) {
		if (band > big)
			band = big;
		size_t n = dp_pass(in, ratio, band, out, &edge);
		if (!edge || band >= big || in->band)
			return n;
		free(*out);
		band *= 2;
	}
}

/* --- over the documents' units --------------------------------------- */

/* FNV-1a of a string, for anchor signatures. */
static uint32_t
hash_str(const char *s, uint32_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The comparison key of an anchor as a hash, weak flag in the low bit:
 * numbers and places by key, dates by month and day (a year one side
 * leaves out must not part them), names by consonant skeleton. */
static uint32_t
anchor_sig(const struct anchor *an)
{
	uint32_t h = 2166136261u ^ (uint32_t)an->kind;

	switch (an->kind) {
	case ANCHOR_DATE:
		h = (h ^ (uint32_t)an->month) * 16777619u;
		h = (h ^ (uint32_t)an->day) * 16777619u;
		break;
	case ANCHOR_NAME:
		h = hash_str(an->skel[0] ? an->skel : an->key, h);
		break;
	default:
		h = hash_str(an->key, h);
		break;
	}
	return (h & ~1u) | (an->weak ? 1u : 0u);
}

static int
uint32_order(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* Builds the sorted anchor signatures of every unit of both sides. */
static void
sigs_build(struct align_ctx *c)
{
	for (int s = 0; s < 2; s++) {
		const struct anchor_list *l = align_anchors(c, s);
		size_t n = c->u[s].n, total = 0;
		c->sig_beg[s] = xmalloc((n + 1) * sizeof *c->sig_beg[s]);
		for (size_t u = 0; u < n; u++) {
			size_t first;
			c->sig_beg[s][u] = total;
			total += align_block_anchor_range(c, s, c->u[s].block[u], &first);
		}
		c->sig_beg[s][n] = total;
		c->sig[s] = xmalloc((total + 1) * sizeof *c->sig[s]);
		for (size_t u = 0; u < n; u++) {
			size_t first, m = align_block_anchor_range(c, s, c->u[s].block[u], &first);
			uint32_t *out = c->sig[s] + c->sig_beg[s][u];
			for (size_t k = 0; k < m; k++)
				out[k] = anchor_sig(&l->v[first + k]);
			qsort(out, m, sizeof *out, uint32_order);
		}
	}
}

/* Anchors of units i (A) and j (B) whose signature the other holds, and
 * the anchors that count (a weak name only when matched): one merge of
 * two sorted lists, so the programme can ask for every cell of its band. */
static void
unit_pair_counts(const struct align_ctx *c, size_t i, size_t j, size_t *ma, size_t *mb,
		 size_t *ta, size_t *tb)
{
	const uint32_t *a = c->sig[0] + c->sig_beg[0][i], *b = c->sig[1] + c->sig_beg[1][j];
	size_t na = c->sig_beg[0][i + 1] - c->sig_beg[0][i];
	size_t nb = c->sig_beg[1][j + 1] - c->sig_beg[1][j];
	size_t x = 0, y = 0;

	*ma = *mb = *ta = *tb = 0;
	while (x < na || y < nb) {
		uint32_t ka = x < na ? a[x] >> 1 : UINT32_MAX, kb = y < nb ? b[y] >> 1 : UINT32_MAX;
		if (x < na && (y >= nb || ka < kb)) {
			*ta += !(a[x] & 1);
			x++;
		} else if (y < nb && (x >= na || kb < ka)) {
			*tb += !(b[y] & 1);
			y++;
		} else {
			/* one key on both sides: the runs of it */
			size_t xe = x, ye = y;
			bool strong_a = false, strong_b = false;
			while (xe < na && a[xe] >> 1 == ka)
				strong_a |= !(a[xe++] & 1);
			while (ye < nb && b[ye] >> 1 == kb)
				strong_b |= !(b[ye++] & 1);
			if (strong_a || strong_b) { /* two weak names are no match */
				*ma += xe - x;
				*mb += ye - y;
				*ta += xe - x;
				*tb += ye - y;
			} else {
				x = xe;
				y = ye;
				continue;
			}
			x = xe;
			y = ye;
		}
	}
}

/* Agreement of a step in [0, 1]; 0.5 when neither side has anchors. */
static double
units_agree(void *ctx, size_t a0, size_t na, size_t b0, size_t nb)
{
	struct align_ctx *c = ctx;
	size_t ta = 0, tb = 0, ma = 0, mb = 0;

	/* pairwise over the step's units; a unit's anchors count once */
	size_t tax[2] = { 0, 0 }, tby[2] = { 0, 0 };
	for (size_t x = 0; x < na; x++) {
		for (size_t y = 0; y < nb; y++) {
			size_t pa, pb, qa, qb;
			unit_pair_counts(c, a0 + x, b0 + y, &pa, &pb, &qa, &qb);
			ma += pa;
			mb += pb;
			if (qa > tax[x])
				tax[x] = qa;
			if (qb > tby[y])
				tby[y] = qb;
		}
	}
	ta = tax[0] + tax[1];
	tb = tby[0] + tby[1];
	if (ta + tb == 0)
		return 0.5;
	if (ma > ta)
		ma = ta;
	if (mb > tb)
		mb = tb;
	return (double)(ma + mb) / (double)(ta + tb);
}

/* Confidence of linking units [a0,+na) and [b0,+nb), in [0, 1]. */
static double
pair_score(struct align_ctx *c, size_t a0, size_t na, size_t b0, size_t nb)
{
	double pd = exp(-len_cost(len_sum(c->u[0].len, a0, na),
				  len_sum(c->u[1].len, b0, nb), c->al->ratio));
	double agree = units_agree(c, a0, na, b0, nb);

	return sqrt(pd) * (0.5 + 0.5 * agree);
}

/* Adds the link (or links) of one bead. */
static void
emit_bead(struct align_ctx *c, const struct align_bead *bd, size_t nbeads,
	  const struct align_bead *all, size_t k)
{
	struct anchor_pairs shared = { 0 };
	size_t ma, mb, ta, tb;

	if (bd->na > 0 && bd->nb > 0) {
		double score = pair_score(c, bd->a0, bd->na, bd->b0, bd->nb);
		unsigned group = c->next_group++;
		for (size_t x = 0; x < bd->na; x++) {
			for (size_t y = 0; y < bd->nb; y++) {
				shared.n = 0;
				align_match_units(c, bd->a0 + x, 1, bd->b0 + y, 1, &ma, &mb,
						  &ta, &tb, &shared);
				align_add_link(c, c->u[0].block[bd->a0 + x], c->u[1].block[bd->b0 + y],
					       score, ALIGN_MATCH, shared.v, shared.n, group);
			}
		}
		anchor_pairs_free(&shared);
		return;
	}
	/* one-sided: confidence that the neighbours' counterparts are not it */
	int s = bd->na > 0 ? 0 : 1;
	size_t u = s == 0 ? bd->a0 : bd->b0;
	double best = 0;
	for (int d = -1; d <= 1; d += 2) {
		if ((d < 0 && k == 0) || (d > 0 && k + 1 >= nbeads))
			continue;
		const struct align_bead *nbd = &all[k + (size_t)d];
		size_t other = s == 0 ? (nbd->nb ? nbd->b0 : ALIGN_NONE)
				      : (nbd->na ? nbd->a0 : ALIGN_NONE);
		if (other == ALIGN_NONE)
			continue;
		double sc = s == 0 ? pair_score(c, u, 1, other, 1) : pair_score(c, other, 1, u, 1);
		if (sc > best)
			best = sc;
	}
	if (s == 0)
		align_add_link(c, c->u[0].block[u], ALIGN_NONE, 1.0 - best, ALIGN_ONLY_A,
			       NULL, 0, c->next_group++);
	else
		align_add_link(c, ALIGN_NONE, c->u[1].block[u], 1.0 - best, ALIGN_ONLY_B,
			       NULL, 0, c->next_group++);
}

/* Whether both sides of a bead hold numbers or dates and share none: what
 * a translation never does, and two different texts usually do. Names are
 * left out: their extraction is the noisiest. */
static bool
strong_disagree(const struct align_ctx *c, const struct align_bead *bd)
{
	struct anchor_pairs p = { 0 };
	size_t ma, mb, ta, tb, sa = 0, sb = 0, sm = 0;
	const struct anchor_list *la = align_anchors(c, 0), *lb = align_anchors(c, 1);

	for (int s = 0; s < 2; s++) {
		const struct anchor_list *l = s == 0 ? la : lb;
		size_t u0 = s == 0 ? bd->a0 : bd->b0, nu = s == 0 ? bd->na : bd->nb;
		for (size_t x = 0; x < nu; x++) {
			size_t first, n = align_block_anchor_range(c, s, c->u[s].block[u0 + x], &first);
			for (size_t k = 0; k < n; k++) {
				enum anchor_kind kd = l->v[first + k].kind;
				*(s == 0 ? &sa : &sb) += kd == ANCHOR_NUMBER || kd == ANCHOR_DATE;
			}
		}
	}
	if (sa == 0 || sb == 0)
		return false;
	align_match_units(c, bd->a0, bd->na, bd->b0, bd->nb, &ma, &mb, &ta, &tb, &p);
	for (size_t k = 0; k < p.n; k++) {
		enum anchor_kind kd = la->v[p.v[k].a].kind;
		sm += kd == ANCHOR_NUMBER || kd == ANCHOR_DATE;
	}
	anchor_pairs_free(&p);
	return sm == 0;
}

/* The length ratio of the confident 1-1 steps of a first pass: the
 * whole-document ratio counts omitted blocks on one side only, and an
 * omission tilts it enough to hide a later one inside a false 2-1. 0 when
 * too few steps are confident. */
static double
ratio_from_beads(const struct align_ctx *c, const struct align_bead *beads, size_t n)
{
	double sa = 0, sb = 0;
	size_t used = 0;

	for (size_t k = 0; k < n; k++) {
		const struct align_bead *bd = &beads[k];
		if (bd->na != 1 || bd->nb != 1)
			continue;
		double la = (double)c->u[0].len[bd->a0], lb = (double)c->u[1].len[bd->b0];
		if (len_cost(la, lb, c->al->ratio) > RATIO_LEN_COST ||
		    units_agree((void *)c, bd->a0, 1, bd->b0, 1) < 0.5)
			continue;
		sa += la;
		sb += lb;
		used++;
	}
	return used >= RATIO_MIN_STEPS && sa > 0 && sb > 0 ? sb / sa : 0;
}

/* Share of the units that lie in two-sided steps whose lengths fit and
 * whose numbers and dates do not contradict each other. */
static double
beads_fit(struct align_ctx *c, const struct align_bead *beads, size_t n)
{
	size_t good = 0, total = c->u[0].n + c->u[1].n;

	for (size_t k = 0; k < n; k++) {
		const struct align_bead *bd = &beads[k];
		if (bd->na == 0 || bd->nb == 0)
			continue;
		double lc = len_cost(len_sum(c->u[0].len, bd->a0, bd->na),
				     len_sum(c->u[1].len, bd->b0, bd->nb), c->al->ratio);
		if (lc <= FIT_LEN_COST && !strong_disagree(c, bd))
			good += bd->na + bd->nb;
	}
	return total ? (double)good / (double)total : 1.0;
}

/* The programme's tick: align_docs's progress through this step. */
static bool
parallel_tick(void *ctx, double done)
{
	struct align_ctx *c = ctx;

	return c->progress == NULL || align_progress_at(c->progress, done);
}

double
align_parallel_run(struct align_ctx *c, bool emit)
{
	struct align_dp_input in = {
		.len_a = c->u[0].len, .len_b = c->u[1].len,
		.na = c->u[0].n, .nb = c->u[1].n,
		.ratio = c->al->ratio,
		.band = c->opts ? c->opts->band : 0,
		.agree = units_agree, .ctx = c,
		.tick = parallel_tick, .tick_ctx = c,
	};
	struct align_bead *beads;

	sigs_build(c);
	size_t n = align_dp(&in, &beads);
	double r = ratio_from_beads(c, beads, n);

	if (r > 0 && fabs(r / c->al->ratio - 1.0) > RATIO_REDO) {
		free(beads);
		c->al->ratio = in.ratio = r;
		n = align_dp(&in, &beads);
	}
	double fit = beads_fit(c, beads, n);
	if (emit)
		for (size_t k = 0; k < n; k++)
			emit_bead(c, &beads[k], n, beads, k);
	free(beads);
	return fit;
}

/* --- sentences ------------------------------------------------------- */

size_t
align_block_sentences(const struct doc *doc, size_t bi, size_t **starts, size_t **lens)
{
	const struct block *b = &doc->blocks[bi];
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0;
	size_t n = 0;

	*starts = *lens = NULL;
	if (b->len == 0 || b->len > INT32_MAX / 2)
		return 0;
	UChar *u = xmalloc((b->len + 1) * sizeof *u);
	u_strFromUTF8Lenient(u, (int32_t)b->len + 1, &ulen, b->text, (int32_t)b->len, &st);
	/* UTF-16 index -> UTF-8 offset in the block */
	size_t *u8 = xmalloc(((size_t)ulen + 1) * sizeof *u8);
	{
		int32_t i = 0, k = 0;
		while (i < (int32_t)b->len && k < ulen) {
			UChar32 ch;
			int32_t at = i;
			U8_NEXT(b->text, i, (int32_t)b->len, ch);
			u8[k++] = (size_t)at;
			if (ch > 0xFFFF && k < ulen)
				u8[k++] = (size_t)at;
		}
		while (k <= ulen)
			u8[k++] = b->len;
	}
	UBreakIterator *bi_it = U_SUCCESS(st) ? ubrk_open(UBRK_SENTENCE, b->lang[0] ? b->lang : "",
							  u, ulen, &st) : NULL;
	if (bi_it == NULL || U_FAILURE(st)) {
		/* no iterator: the block is one sentence */
		*starts = xmalloc(sizeof **starts);
		*lens = xmalloc(sizeof **lens);
		(*starts)[0] = block_doc_offset(b, 0);
		(*lens)[0] = block_doc_offset(b, b->len) - (*starts)[0];
		n = 1;
	} else {
		size_t cap = 8;
		*starts = xmalloc(cap * sizeof **starts);
		*lens = xmalloc(cap * sizeof **lens);
		int32_t prev = ubrk_first(bi_it), next;
		while ((next = ubrk_next(bi_it)) != UBRK_DONE) {
			size_t s0 = u8[prev], s1 = u8[next];
			while (s1 > s0 && (b->text[s1 - 1] == ' ' || b->text[s1 - 1] == '\n'))
				s1--;
			prev = next;
			if (s1 <= s0)
				continue;
			if (n == cap) {
				cap *= 2;
				*starts = xreallocarray(*starts, cap, sizeof **starts);
				*lens = xreallocarray(*lens, cap, sizeof **lens);
			}
			(*starts)[n] = block_doc_offset(b, s0);
			(*lens)[n] = block_doc_offset(b, s1) - (*starts)[n];
			n++;
		}
	}
	if (bi_it != NULL)
		ubrk_close(bi_it);
	free(u8);
	free(u);
	return n;
}

/* Collects the sentences of the given blocks of one document. */
static size_t
group_sentences(const struct doc *doc, const size_t *blocks, size_t nblocks,
		size_t **starts, size_t **lens)
{
	size_t n = 0;

	*starts = *lens = NULL;
	for (size_t k = 0; k < nblocks; k++) {
		size_t *s, *l, m = align_block_sentences(doc, blocks[k], &s, &l);
		*starts = xreallocarray(*starts, n + m + 1, sizeof **starts);
		*lens = xreallocarray(*lens, n + m + 1, sizeof **lens);
		memcpy(*starts + n, s, m * sizeof *s);
		memcpy(*lens + n, l, m * sizeof *l);
		n += m;
		free(s);
		free(l);
	}
	return n;
}

size_t
align_sentences(const struct alignment *al, size_t link, struct align_span_pair **out)
{
	*out = NULL;
	if (link >= al->nlinks || al->links[link].a == ALIGN_NONE || al->links[link].b == ALIGN_NONE)
		return 0;
	/* the blocks of the link's group, on each side */
	unsigned g = al->links[link].group;
	size_t ab[2], bb[2], na = 0, nb = 0;
	size_t lo = link, hi = link;
	while (lo > 0 && al->links[lo - 1].group == g)
		lo--;
	while (hi + 1 < al->nlinks && al->links[hi + 1].group == g)
		hi++;
	for (size_t k = lo; k <= hi && k < lo + 4; k++) {
		const struct align_link *l = &al->links[k];
		if (al->mode == ALIGN_COMPARABLE && k != link)
			continue;
		if ((na == 0 || ab[na - 1] != l->a) && na < 2 && (na == 0 || ab[0] != l->a))
			ab[na++] = l->a;
		if ((nb == 0 || bb[nb - 1] != l->b) && nb < 2 && (nb == 0 || bb[0] != l->b))
			bb[nb++] = l->b;
	}
	size_t *sa, *la, *sb, *lb;
	size_t nsa = group_sentences(al->a, ab, na, &sa, &la);
	size_t nsb = group_sentences(al->b, bb, nb, &sb, &lb);
	size_t *ca = xmalloc((nsa + 1) * sizeof *ca), *cb = xmalloc((nsb + 1) * sizeof *cb);
	for (size_t k = 0; k < nsa; k++)
		ca[k] = u8_mbsnlen((const uint8_t *)al->a->text + sa[k], la[k]);
	for (size_t k = 0; k < nsb; k++)
		cb[k] = u8_mbsnlen((const uint8_t *)al->b->text + sb[k], lb[k]);
	struct align_dp_input in = {
		.len_a = ca, .len_b = cb, .na = nsa, .nb = nsb, .ratio = al->ratio,
	};
	struct align_bead *beads;
	size_t n = align_dp(&in, &beads);
	struct align_span_pair *p = n ? xmalloc(n * sizeof *p) : NULL;
	for (size_t k = 0; k < n; k++) {
		const struct align_bead *bd = &beads[k];
		p[k] = (struct align_span_pair){ 0, 0, 0, 0 };
		if (bd->na) {
			p[k].a_start = sa[bd->a0];
			p[k].a_len = sa[bd->a0 + bd->na - 1] + la[bd->a0 + bd->na - 1] - sa[bd->a0];
		}
		if (bd->nb) {
			p[k].b_start = sb[bd->b0];
			p[k].b_len = sb[bd->b0 + bd->nb - 1] + lb[bd->b0 + bd->nb - 1] - sb[bd->b0];
		}
	}
	free(beads);
	free(sa);
	free(la);
	free(sb);
	free(lb);
	free(ca);
	free(cb);
	*out = p;
	return n;
}
