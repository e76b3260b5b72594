/* Comparable alignment: two reports of one event, not in the same order.
 * Every block is scored against every block of the other side by the
 * anchors they share, each anchor weighted by how rare it is in its own
 * document; titles, headings and metadata lines are matched with their own
 * kind first, one to one; body blocks keep their best counterparts above a
 * threshold, and the rest are "only in A" / "only in B". */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "align/align_internal.h"
#include "text/lib.h"

/* Default confidence below which a candidate is not a counterpart: the
 * score of evidence 1 (see unit_score). */
#define MIN_SCORE 0.5
/* Counterparts kept: those within this fraction of the best one. */
#define NEAR_BEST 0.6
/* An article with fewer of its body blocks linked than this share is about
 * something else: none of its blocks is linked. */
#define ARTICLE_MIN_LINKED 0.25
/* Above this many unit pairs, candidates come from an index of keys. */
#define DENSE_PAIRS 250000

enum unit_class { CL_TITLE, CL_HEADING, CL_DATE, CL_SOURCE, CL_KEYWORDS, CL_BODY };

/* Whether a block ends with a full stop, question or exclamation mark: a
 * first sentence taken for a title reports like any paragraph. */
static bool
ends_sentence(const struct block *b)
{
	size_t n = b->len;

	while (n > 0 && (b->text[n - 1] == ' ' || b->text[n - 1] == '\n'))
		n--;
	/* a closing quote or bracket after the mark */
	while (n > 0 && strchr("\"')]", b->text[n - 1]) != NULL)
		n--;
	if (n >= 3 && (memcmp(b->text + n - 3, "\xc2\xbb", 2) == 0 ||
		       memcmp(b->text + n - 3, "\xe2\x80\x9d", 3) == 0))
		n -= memcmp(b->text + n - 3, "\xe2\x80\x9d", 3) == 0 ? 3 : 2;
	if (n == 0)
		return false;
	char c = b->text[n - 1];
	return c == '.' || c == '!' || c == '?' ||
	       (n >= 2 && (memcmp(b->text + n - 2, "\xd8\x9f", 2) == 0 ||   /* ؟ */
			   memcmp(b->text + n - 2, "\xdb\x94", 2) == 0));   /* ۔ */
}

/* The class a block is matched within. */
static enum unit_class
class_of(const struct block *b)
{
	switch (b->kind) {
	case BLOCK_TITLE: return ends_sentence(b) ? CL_BODY : CL_TITLE;
	case BLOCK_HEADING: return CL_HEADING;
	case BLOCK_DATE: return CL_DATE;
	case BLOCK_SOURCE: return CL_SOURCE;
	case BLOCK_KEYWORDS: return CL_KEYWORDS;
	default: return CL_BODY;
	}
}

/* An anchor's key, block and index, sorted to count the blocks of a key. */
struct keyix {
	const char *key;
	size_t block, ix;
};

static int
keyix_cmp(const void *x, const void *y)
{
	const struct keyix *a = x, *b = y;
	int k = strcmp(a->key, b->key);

	if (k != 0)
		return k;
	return a->block < b->block ? -1 : a->block > b->block;
}

/* The key an anchor is counted under for its rarity: names by skeleton,
 * so that كاسبرسكي and a Latin Kaspersky in the same report count as one. */
static const char *
weight_key(const struct anchor *an)
{
	return an->kind == ANCHOR_NAME && an->skel[0] ? an->skel : an->key;
}

/* Weights every anchor of side s by rarity in [0, 1]: log(units / units
 * holding its key) / log(units), so an anchor every block has weighs
 * nothing and one a single block has weighs 1. */
static double *
weights_build(const struct align_ctx *c, int s)
{
	const struct anchor_list *l = align_anchors(c, s);
	double *w = xmalloc((l->n + 1) * sizeof *w);
	struct keyix *ix = xmalloc((l->n + 1) * sizeof *ix);
	double units = (double)(c->u[s].n ? c->u[s].n : 1);

	for (size_t k = 0; k < l->n; k++)
		ix[k] = (struct keyix){ weight_key(&l->v[k]), l->v[k].block, k };
	qsort(ix, l->n, sizeof *ix, keyix_cmp);
	for (size_t k = 0; k < l->n;) {
		size_t e = k, df = 0, last = ALIGN_NONE;
		while (e < l->n && strcmp(ix[e].key, ix[k].key) == 0) {
			if (ix[e].block != last)
				df++;
			last = ix[e].block;
			e++;
		}
		for (size_t q = k; q < e; q++)
			w[ix[q].ix] = units > 1 ? log(units / (double)df) / log(units) : 1.0;
		k = e;
	}
	free(ix);
	return w;
}

/* Compares two key references (for bsearch over the other side's keys). */
static int
keystr_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Zeroes the weight of every anchor of side s that nothing in the other
 * document matches: it cannot tell counterparts apart, and a block full of
 * such anchors (names only one report gives, or words the extractor took
 * for names) should not look unlike its counterpart for it. Pairwise for
 * documents of ordinary size, by exact key beyond. */
static void
weights_drop_unmatchable(const struct align_ctx *c, int s, double *w)
{
	const struct anchor_list *l = align_anchors(c, s), *o = align_anchors(c, !s);

	if ((double)l->n * (double)o->n <= 4e6) {
		for (size_t k = 0; k < l->n; k++) {
			bool any = false;
			for (size_t q = 0; q < o->n && !any; q++) {
				const struct anchor *x = &l->v[k], *y = &o->v[q];
				if (x->weak && y->weak)
					continue;
				if (x->kind != y->kind && !((x->kind == ANCHOR_NUMBER && y->kind == ANCHOR_DATE) ||
							    (x->kind == ANCHOR_DATE && y->kind == ANCHOR_NUMBER)))
					continue;
				any = (s == 0 ? anchor_match(x, y) : anchor_match(y, x)) >= ALIGN_ANCHOR_MIN;
			}
			if (!any)
				w[k] = 0;
		}
		return;
	}
	const char **keys = xmalloc((o->n + 1) * sizeof *keys);
	for (size_t q = 0; q < o->n; q++)
		keys[q] = o->v[q].key;
	qsort(keys, o->n, sizeof *keys, keystr_cmp);
	for (size_t k = 0; k < l->n; k++) {
		const char *key = l->v[k].key;
		if (bsearch(&key, keys, o->n, sizeof *keys, keystr_cmp) == NULL)
			w[k] = 0;
	}
	free(keys);
}

/* Sum of the weights of the distinct keys of a block's anchors. */
static double
block_weight(const struct align_ctx *c, int s, size_t bi, const double *w)
{
	const struct anchor_list *l = align_anchors(c, s);
	size_t first, n = align_block_anchor_range(c, s, bi, &first);
	double t = 0;

	for (size_t k = 0; k < n; k++) {
		bool seen = false;
		for (size_t q = 0; q < k && !seen; q++)
			seen = strcmp(l->v[first + q].key, l->v[first + k].key) == 0;
		if (!seen)
			t += w[first + k];
	}
	return t;
}

/* Scores units i (A) and j (B); pairs are kept in out when it is not NULL. */
static double
unit_score(const struct align_ctx *c, size_t i, size_t j, const double *wa, const double *wb,
	   const double *tot_a, const double *tot_b, struct anchor_pairs *out)
{
	struct anchor_pairs p = { 0 };
	size_t ma, mb, ta, tb;
	const struct anchor_list *la = align_anchors(c, 0);
	double matched = 0;

	double lex = align_lex_shared(c, i, j, NULL);

	if ((tot_a[i] <= 0 || tot_b[j] <= 0) && lex <= 0)
		return 0;
	align_match_units(c, i, 1, j, 1, &ma, &mb, &ta, &tb, &p);
	if (p.n == 0 && lex <= 0) {
		anchor_pairs_free(&p);
		return 0;
	}
	size_t keep = 0;
	for (size_t k = 0; k < p.n; k++) {
		bool seen = false;
		for (size_t q = 0; q < keep && !seen; q++)
			seen = strcmp(la->v[p.v[q].a].key, la->v[p.v[k].a].key) == 0 ||
			       p.v[q].b == p.v[k].b;
		if (seen)
			continue;
		/* what it tells on both sides: the topic of both reports (a
		 * name in most blocks of each) tells next to nothing, a fact
		 * each report gives once tells the most */
		double w = wa[p.v[k].a] * wb[p.v[k].b];
		/* a day and month both give tell as much when only one adds the year */
		const struct anchor *xa = &la->v[p.v[k].a], *xb = &align_anchors(c, 1)->v[p.v[k].b];
		bool day_month = xa->kind == ANCHOR_DATE && xb->kind == ANCHOR_DATE && xa->day && xb->day;
		matched += (day_month ? 1.0 : p.v[k].score) * w;
		p.v[keep++] = p.v[k];
	}
	p.n = keep;
	/* The evidence: the rarity-weighted anchors they share (one fact each
	 * report gives once counts 1), plus how much of their translated words
	 * they share (a cosine over the words' rarity weights). Measured on
	 * two reports of one event, a pair with evidence 1 or more is the
	 * right one about 9 times in 10 and one with less seldom is: the score
	 * z / (1 + z) puts that line at 0.5. */
	double z = matched;
	if (lex > 0) {
		double lta = align_lex_total(c, 0, i), ltb = align_lex_total(c, 1, j);
		if (lta > 0 && ltb > 0)
			z += lex / sqrt(lta * ltb);
	}
	if (out != NULL)
		*out = p;
	else
		anchor_pairs_free(&p);
	return z / (1.0 + z);
}

/* A key of B and the unit holding it: the index that finds candidates
 * when the documents are too long to score every pair. */
struct keyref {
	const char *key;
	size_t unit;
};

static int
keyref_cmp(const void *x, const void *y)
{
	const struct keyref *a = x, *b = y;
	int k = strcmp(a->key, b->key);

	return k ? k : (a->unit < b->unit ? -1 : a->unit > b->unit);
}

/* A candidate or kept link between units i (A) and j (B). */
struct cand {
	size_t i, j;
	double s;
};

/* Drops the body links of articles that are about something else: those
 * where few body blocks found a counterpart (a second article after "read
 * also" shares a country or two with the report, not its story). Returns
 * the links kept, compacted in place. */
static size_t
articles_filter(const struct align_ctx *c, struct cand *lk, size_t nlk,
		const enum unit_class *cla, const enum unit_class *clb)
{
	const struct doc *docs[2] = { c->al->a, c->al->b };
	const enum unit_class *cl[2] = { cla, clb };
	size_t *body[2], *linked[2];

	for (int s = 0; s < 2; s++) {
		size_t na = docs[s]->narticles + 1;
		body[s] = xcalloc(na, sizeof *body[s]);
		linked[s] = xcalloc(na, sizeof *linked[s]);
		bool *seen = xcalloc(c->u[s].n + 1, sizeof *seen);
		for (size_t u = 0; u < c->u[s].n; u++)
			if (cl[s][u] == CL_BODY)
				body[s][doc_block_article(docs[s], c->u[s].block[u])]++;
		for (size_t k = 0; k < nlk; k++) {
			size_t u = s == 0 ? lk[k].i : lk[k].j;
			if (cl[s][u] != CL_BODY || seen[u])
				continue;
			seen[u] = true;
			linked[s][doc_block_article(docs[s], c->u[s].block[u])]++;
		}
		free(seen);
	}
	/* an article can have no more blocks linked than the other document
	 * has body blocks: a short second report links few of a long one's */
	size_t all_body[2] = { 0, 0 };
	for (int s = 0; s < 2; s++)
		for (size_t u = 0; u < c->u[s].n; u++)
			all_body[s] += cl[s][u] == CL_BODY;
	size_t keep = 0;
	for (size_t k = 0; k < nlk; k++) {
		bool drop = false;
		for (int s = 0; s < 2 && !drop; s++) {
			size_t u = s == 0 ? lk[k].i : lk[k].j;
			size_t art = doc_block_article(docs[s], c->u[s].block[u]);
			size_t could = body[s][art] < all_body[!s] ? body[s][art] : all_body[!s];
			drop = cl[s][u] == CL_BODY && body[s][art] >= 4 &&
			       (double)linked[s][art] < ARTICLE_MIN_LINKED * (double)could;
		}
		if (!drop)
			lk[keep++] = lk[k];
	}
	for (int s = 0; s < 2; s++) {
		free(body[s]);
		free(linked[s]);
	}
	return keep;
}

/* One comparable run's working state: per side, the anchor weights, each
 * unit's total weight and class; the scored candidates; the links chosen. */
struct comparable {
	struct align_ctx *c;
	size_t n[2];               /* units per side */
	double *w[2];              /* anchor weights (weights_build) */
	double *tot[2];            /* each unit's total weight */
	enum unit_class *cl[2];    /* each unit's class */
	struct cand *cv;           /* candidate scores: a sparse list of (i, j, score) */
	size_t ncv, capcv;
	struct cand *lk;           /* links as (i, j, score) before they are added */
	size_t nlk;
	bool *linked[2];           /* units of each side that have a link */
};

/* Phase 1: weights and classes of every unit. */
static void
comparable_init(struct comparable *r, struct align_ctx *c)
{
	const struct doc *docs[2] = { c->al->a, c->al->b };

	*r = (struct comparable){ .c = c, .n = { c->u[0].n, c->u[1].n } };
	for (int s = 0; s < 2; s++) {
		size_t n = r->n[s];
		r->w[s] = weights_build(c, s);
		weights_drop_unmatchable(c, s, r->w[s]);
		r->tot[s] = xmalloc((n + 1) * sizeof *r->tot[s]);
		r->cl[s] = xmalloc((n + 1) * sizeof *r->cl[s]);
		for (size_t u = 0; u < n; u++) {
			r->tot[s][u] = block_weight(c, s, c->u[s].block[u], r->w[s]);
			r->cl[s][u] = class_of(&docs[s]->blocks[c->u[s].block[u]]);
		}
		r->linked[s] = xcalloc(n + 1, sizeof *r->linked[s]);
	}
}

static void
comparable_free(struct comparable *r)
{
	for (int s = 0; s < 2; s++) {
		free(r->w[s]);
		free(r->tot[s]);
		free(r->cl[s]);
		free(r->linked[s]);
	}
	free(r->cv);
	free(r->lk);
}

/* Scores unit i of A against the units js of B, keeping every positive
 * score of two units that may be linked (same class, or both body). */
static void
candidates_score(struct comparable *r, size_t i, const size_t *js, size_t njs)
{
	for (size_t q = 0; q < njs; q++) {
		size_t j = js[q];
		bool same_class = r->cl[0][i] == r->cl[1][j];
		if (!same_class && (r->cl[0][i] != CL_BODY || r->cl[1][j] != CL_BODY))
			continue;
		double s = unit_score(r->c, i, j, r->w[0], r->w[1], r->tot[0], r->tot[1], NULL);
		if (s <= 0)
			continue;
		if (r->ncv == r->capcv)
			r->cv = xreallocarray(r->cv, r->capcv = r->capcv ? r->capcv * 2 : 64,
					      sizeof *r->cv);
		r->cv[r->ncv++] = (struct cand){ i, j, s };
	}
}

/* B's units that share a key with unit i of A, found in kb (B's keys,
 * sorted); seen_j marks those already listed for i. Returns how many. */
static size_t
candidates_by_key(struct comparable *r, size_t i, const struct keyref *kb, size_t nkb,
		  size_t *seen_j, size_t *js)
{
	struct align_ctx *c = r->c;
	size_t first, n = align_block_anchor_range(c, 0, c->u[0].block[i], &first);
	const struct anchor_list *la = align_anchors(c, 0);
	size_t njs = 0;

	for (size_t k = 0; k < n; k++) {
		struct keyref probe = { la->v[first + k].key, 0 };
		size_t lo = 0, hi = nkb;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (keyref_cmp(&kb[mid], &probe) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* a key held by many units is no evidence on its own */
		size_t e = lo;
		while (e < nkb && strcmp(kb[e].key, probe.key) == 0)
			e++;
		if (e - lo > 64)
			continue;
		for (size_t q = lo; q < e; q++) {
			if (seen_j[kb[q].unit] == i)
				continue;
			seen_j[kb[q].unit] = i;
			js[njs++] = kb[q].unit;
		}
	}
	return njs;
}

/* Phase 2: candidate scores. Every pair when there are few; else only the
 * pairs that share an exact key, found through an index of B's keys. */
static void
comparable_candidates(struct comparable *r)
{
	struct align_ctx *c = r->c;
	size_t na = r->n[0], nb = r->n[1];
	bool dense = (double)na * (double)nb <= DENSE_PAIRS;
	struct keyref *kb = NULL;
	size_t nkb = 0;

	if (!dense) {
		const struct anchor_list *lb = align_anchors(c, 1);
		kb = xmalloc((lb->n + 1) * sizeof *kb);
		for (size_t k = 0; k < lb->n; k++) {
			size_t u = c->u[1].unit_of[lb->v[k].block];
			if (u != ALIGN_NONE)
				kb[nkb++] = (struct keyref){ lb->v[k].key, u };
		}
		qsort(kb, nkb, sizeof *kb, keyref_cmp);
	}
	size_t *seen_j = xmalloc((nb + 1) * sizeof *seen_j);
	size_t *js = xmalloc((nb + 1) * sizeof *js);
	for (size_t j = 0; j < nb; j++)
		seen_j[j] = ALIGN_NONE;
	for (size_t i = 0; i < na; i++) {
		if (r->tot[0][i] <= 0 && !c->lex)
			continue;
		size_t njs = 0;
		if (dense)
			for (size_t j = 0; j < nb; j++)
				js[njs++] = j;
		else
			njs = candidates_by_key(r, i, kb, nkb, seen_j, js);
		candidates_score(r, i, js, njs);
	}
	free(js);
	free(seen_j);
	free(kb);
	r->lk = xmalloc((r->ncv + na + nb + 1) * sizeof *r->lk);
}

/* Phase 3: titles, headings and metadata: one to one, best first, within
 * their kind. */
static void
comparable_link_kinds(struct comparable *r, double thr)
{
	const struct alignment *al = r->c->al;
	const struct cand *cv = r->cv;
	bool *linked_a = r->linked[0], *linked_b = r->linked[1];

	for (int cl = CL_TITLE; cl < CL_BODY; cl++) {
		for (;;) {
			size_t best = ALIGN_NONE;
			for (size_t k = 0; k < r->ncv; k++) {
				if (r->cl[0][cv[k].i] != (enum unit_class)cl || linked_a[cv[k].i] ||
				    linked_b[cv[k].j])
					continue;
				if (best == ALIGN_NONE || cv[k].s > cv[best].s)
					best = k;
			}
			/* a title or heading says what it reports, like a paragraph:
			 * the same evidence links it; metadata lines of one kind
			 * stand for each other, their evidence only raises the score */
			bool text = cl == CL_TITLE || cl == CL_HEADING;
			if (best == ALIGN_NONE || (text && cv[best].s < thr))
				break;
			linked_a[cv[best].i] = linked_b[cv[best].j] = true;
			r->lk[r->nlk++] = (struct cand){ cv[best].i, cv[best].j,
							 text ? cv[best].s : 0.5 + 0.5 * cv[best].s };
		}
		/* metadata lines stand for each other even when they share no
		 * anchor, the lead titles (first unlinked of each side) with
		 * some evidence, at what it is worth */
		if (cl == CL_HEADING)
			continue;
		size_t fi = ALIGN_NONE, fj = ALIGN_NONE;
		for (size_t i = 0; i < r->n[0] && fi == ALIGN_NONE; i++)
			if (r->cl[0][i] == (enum unit_class)cl)
				fi = i;
		for (size_t j = 0; j < r->n[1] && fj == ALIGN_NONE; j++)
			if (r->cl[1][j] == (enum unit_class)cl)
				fj = j;
		double ev = cl == CL_TITLE ? 0 : 0.5;
		for (size_t k = 0; k < r->ncv && cl == CL_TITLE; k++)
			if (cv[k].i == fi && cv[k].j == fj)
				ev = cv[k].s;
		if (fi != ALIGN_NONE && fj != ALIGN_NONE && !linked_a[fi] && !linked_b[fj] && ev > 0 &&
		    doc_block_article(al->a, r->c->u[0].block[fi]) == 0 &&
		    doc_block_article(al->b, r->c->u[1].block[fj]) == 0) {
			linked_a[fi] = linked_b[fj] = true;
			r->lk[r->nlk++] = (struct cand){ fi, fj, ev };
		}
	}
}

/* Phase 4: body blocks: each side's best counterparts above the threshold,
 * less those of articles about something else. */
static void
comparable_link_bodies(struct comparable *r, double thr)
{
	const enum unit_class *cla = r->cl[0], *clb = r->cl[1];
	double *best_a = xcalloc(r->n[0] + 1, sizeof *best_a);
	double *best_b = xcalloc(r->n[1] + 1, sizeof *best_b);

	for (size_t k = 0; k < r->ncv; k++) {
		const struct cand *x = &r->cv[k];
		if (cla[x->i] != CL_BODY || clb[x->j] != CL_BODY)
			continue;
		if (x->s > best_a[x->i])
			best_a[x->i] = x->s;
		if (x->s > best_b[x->j])
			best_b[x->j] = x->s;
	}
	for (size_t k = 0; k < r->ncv; k++) {
		const struct cand *x = &r->cv[k];
		if (cla[x->i] != CL_BODY || clb[x->j] != CL_BODY || x->s < thr)
			continue;
		if (x->s >= NEAR_BEST * best_a[x->i] && x->s >= NEAR_BEST * best_b[x->j])
			r->lk[r->nlk++] = *x;
	}
	free(best_a);
	free(best_b);
	r->nlk = articles_filter(r->c, r->lk, r->nlk, cla, clb);
	for (size_t k = 0; k < r->nlk; k++)
		r->linked[0][r->lk[k].i] = r->linked[1][r->lk[k].j] = true;
}

/* Phase 5: the links, with their shared anchors; then the blocks left
 * alone, with how sure that is. */
static void
comparable_add(struct comparable *r)
{
	struct align_ctx *c = r->c;

	for (size_t k = 0; k < r->nlk; k++) {
		struct anchor_pairs p = { 0 };
		unit_score(c, r->lk[k].i, r->lk[k].j, r->w[0], r->w[1], r->tot[0], r->tot[1], &p);
		align_add_link(c, c->u[0].block[r->lk[k].i], c->u[1].block[r->lk[k].j],
			       r->lk[k].s, ALIGN_MATCH, p.v, p.n, c->next_group++);
		anchor_pairs_free(&p);
	}
	for (int s = 0; s < 2; s++) {
		size_t n = r->n[s];
		double *best = xcalloc(n + 1, sizeof *best);
		for (size_t k = 0; k < r->ncv; k++) {
			size_t u = s == 0 ? r->cv[k].i : r->cv[k].j;
			if (r->cv[k].s > best[u])
				best[u] = r->cv[k].s;
		}
		for (size_t u = 0; u < n; u++) {
			if (r->linked[s][u])
				continue;
			size_t bl = c->u[s].block[u];
			align_add_link(c, s == 0 ? bl : ALIGN_NONE, s == 0 ? ALIGN_NONE : bl,
				       1.0 - best[u], s == 0 ? ALIGN_ONLY_A : ALIGN_ONLY_B, NULL, 0,
				       c->next_group++);
		}
		free(best);
	}
}

void
align_comparable_run(struct align_ctx *c)
{
	double thr = c->opts && c->opts->min_score > 0 ? c->opts->min_score : MIN_SCORE;
	struct comparable r;

	comparable_init(&r, c);
	comparable_candidates(&r);
	comparable_link_kinds(&r, thr);
	comparable_link_bodies(&r, thr);
	comparable_add(&r);
	comparable_free(&r);
}
