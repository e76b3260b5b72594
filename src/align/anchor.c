/* Anchor extraction and pairing: each block's text is cut into tokens,
 * the recognisers mark numbers, dates, places and names, and the anchors
 * (with doc->text ranges and keys) feed the cross-language alignment,
 * which pairs them across two documents with anchor_pairs_find. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>

#include "align/anchor.h"
#include "ingest/lib.h"
#include "text/lib.h"
#include "align/anchor_impl.h"

/* Occurrence pairs of one key above which only the occurrences at the same
 * relative place in both documents are paired (a key repeated hundreds of
 * times on both sides would give tens of thousands of pairs). */
#define ANCHOR_GROUP_PAIRS 4096
/* A name's best counterpart must beat the runner-up by this much. */
#define ANCHOR_NAME_MARGIN 0.1
/* The lowest similarity at which two names may pair. */
#define ANCHOR_NAME_MIN 0.7

const char *
anchor_kind_name(enum anchor_kind k)
{
	switch (k) {
	case ANCHOR_NUMBER: return "number";
	case ANCHOR_DATE: return "date";
	case ANCHOR_NAME: return "name";
	case ANCHOR_PLACE: return "place";
	default: return "?";
	}
}

/* Appends a zeroed anchor. */
static struct anchor *
anchor_push(struct anchor_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	struct anchor *a = &l->v[l->n++];
	memset(a, 0, sizeof *a);
	return a;
}

/* Turns the marked tokens of block bi into anchors, in text order. */
static void
anchor_emit(const struct doc *doc, size_t bi, const struct atoks *t, struct anchor_list *out)
{
	const struct block *b = &doc->blocks[bi];

	for (size_t i = 0; i < t->n; i++) {
		const struct atok *k = &t->v[i];
		size_t last = i;
		struct anchor *a;

		switch (k->role) {
		case AROLE_NUMBER:
			a = anchor_push(out);
			a->kind = ANCHOR_NUMBER;
			snprintf(a->key, sizeof a->key, "%s", k->key);
			break;
		case AROLE_DATE:
			a = anchor_push(out);
			a->kind = ANCHOR_DATE;
			a->year = k->year;
			a->month = k->month;
			a->day = k->day;
			snprintf(a->key, sizeof a->key, "%04d-%02d-%02d", k->year, k->month, k->day);
			last = k->last;
			break;
		case AROLE_PLACE:
			a = anchor_push(out);
			a->kind = ANCHOR_PLACE;
			snprintf(a->key, sizeof a->key, "%s", k->key);
			last = k->last;
			break;
		case AROLE_NAME:
			a = anchor_push(out);
			a->kind = ANCHOR_NAME;
			a->weak = k->weak;
			a->initial = k->sent_start && k->script == USCRIPT_LATIN && !k->allcap;
			snprintf(a->key, sizeof a->key, "%s", k->key);
			snprintf(a->skel, sizeof a->skel, "%s", k->skel);
			snprintf(a->alt, sizeof a->alt, "%s", k->alt);
			break;
		default:
			continue;
		}
		a->block = bi;
		a->start = block_doc_offset(b, k->start);
		/* The end of the last character, not the start of what follows:
		 * markup may come between (**29 septembre**). */
		size_t end = t->v[last].end, lastc = utf8_back(b->text, k->start, end - 1);
		size_t doc_end = block_doc_offset(b, lastc) + (end - lastc);
		a->len = doc_end > a->start ? doc_end - a->start : 0;
	}
}

/* Extracts block bi with a transliteration cache (or none). */
static void
anchor_extract_with(const struct doc *doc, size_t bi, struct anames *names,
		    struct atoks *toks, struct anchor_list *out)
{
	const struct block *b = &doc->blocks[bi];
	struct ablock ab;

	if (b->kind == BLOCK_BOILERPLATE || b->kind == BLOCK_SEPARATOR || b->len == 0)
		return;
	memset(&ab, 0, sizeof ab);
	ab.text = b->text;
	ab.len = b->len;
	ab.script = b->script > USCRIPT_INHERITED ? b->script : langid_script(b->text, b->len);
	snprintf(ab.lang, sizeof ab.lang, "%s", b->lang[0] ? b->lang : doc->lang);
	ab.latin = ab.script == USCRIPT_LATIN;
	ab.names = names;
	toks->n = 0;
	anchor_tokenize(&ab, toks);
	anchor_dates_find(&ab, toks);
	for (size_t i = 0; i < toks->n; i++) {
		struct atok *k = &toks->v[i];
		if (k->kind == ATOK_NUM && k->role == AROLE_NONE && !k->glued)
			k->role = AROLE_NUMBER;
	}
	anchor_places_find(&ab, toks);
	anchor_names_find(&ab, toks);
	anchor_emit(doc, bi, toks, out);
}

void
anchor_extract_block(const struct doc *doc, size_t bi, struct anchor_list *out)
{
	struct atoks toks = { 0 };

	if (bi >= doc->nblocks)
		return;
	anchor_extract_with(doc, bi, NULL, &toks, out);
	free(toks.v);
}

void
anchor_extract_doc(const struct doc *doc, struct anchor_list *out)
{
	anchor_extract_doc_ticking(doc, out, NULL, NULL);
}

/* Blocks between two ticks: a few milliseconds of work. */
#define ANCHOR_TICK_BLOCKS 64

bool
anchor_extract_doc_ticking(const struct doc *doc, struct anchor_list *out,
			   bool (*tick)(void *ctx, size_t done), void *ctx)
{
	struct atoks toks = { 0 };
	struct anames names;
	bool go_on = true;

	memset(&names, 0, sizeof names);
	for (size_t bi = 0; bi < doc->nblocks && go_on; bi++) {
		anchor_extract_with(doc, bi, &names, &toks, out);
		if (tick != NULL && bi % ANCHOR_TICK_BLOCKS == ANCHOR_TICK_BLOCKS - 1)
			go_on = tick(ctx, bi + 1);
	}
	anames_free(&names);
	free(toks.v);
	return go_on;
}

/* Date agreement: the month, then every field both have. */
static double
anchor_date_match(const struct anchor *a, const struct anchor *b)
{
	if (a->month != b->month || a->month == 0)
		return 0;
	if (a->year && b->year && a->year != b->year)
		return 0;
	if (a->day && b->day && a->day != b->day)
		return 0;
	int fa = 1 + (a->year != 0) + (a->day != 0), fb = 1 + (b->year != 0) + (b->day != 0);
	int shared = 1 + (a->year && b->year) + (a->day && b->day);
	return (double)shared / (fa > fb ? fa : fb);
}

/* A number key without its percent sign. */
static size_t
number_value_len(const char *key)
{
	size_t n = strlen(key);
	return n > 0 && key[n - 1] == '%' ? n - 1 : n;
}

/* Which side of a comparison is made of weak names: 1 the first, 2 the
 * second, 0 neither or both. */
static int
weak_side(bool a, bool b)
{
	return a && !b ? 1 : b && !a ? 2 : 0;
}

/* Name agreement: the best of the keys' and alternative keys' groups. */
static double
anchor_name_match(const struct anchor *a, const struct anchor *b)
{
	const char *ka[2] = { a->key, a->alt }, *kb[2] = { b->key, b->alt };
	double best = 0;

	if (strcmp(a->key, b->key) == 0)
		return 1;
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			char ga[48], gb[48];
			if (ka[i][0] == '\0' || kb[j][0] == '\0')
				continue;
			anchor_name_group(ka[i], ga, sizeof ga);
			anchor_name_group(kb[j], gb, sizeof gb);
			double s = anchor_group_similarity(ga, gb, weak_side(a->weak, b->weak));
			if (s > best)
				best = s;
		}
	return best;
}

double
anchor_match(const struct anchor *a, const struct anchor *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case ANCHOR_NUMBER: {
		if (strcmp(a->key, b->key) == 0)
			return 1;
		size_t la = number_value_len(a->key), lb = number_value_len(b->key);
		return la == lb && strncmp(a->key, b->key, la) == 0 ? 0.5 : 0;
	}
	case ANCHOR_DATE:
		return anchor_date_match(a, b);
	case ANCHOR_PLACE:
		return strcmp(a->key, b->key) == 0 ? 1 : 0;
	case ANCHOR_NAME:
		return anchor_name_match(a, b);
	default:
		return 0;
	}
}

void
anchor_count(const struct anchor_list *l, size_t *counts)
{
	for (int k = 0; k < ANCHOR_KIND_COUNT; k++)
		counts[k] = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].kind < ANCHOR_KIND_COUNT && !l->v[i].weak)
			counts[l->v[i].kind]++;
}

void
anchor_list_free(struct anchor_list *l)
{
	if (l == NULL)
		return;
	free(l->v);
	memset(l, 0, sizeof *l);
}

void
anchor_pairs_free(struct anchor_pairs *p)
{
	if (p == NULL)
		return;
	free(p->v);
	memset(p, 0, sizeof *p);
}

/* Appends one pair. */
static void
pairs_push(struct anchor_pairs *p, size_t a, size_t b, double score)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	p->v[p->n++] = (struct anchor_pair){ a, b, score };
}

/* A set of anchors of one list that share a key (or a name group). */
struct agroup {
	char key[48];
	size_t *idx;   /* owned: anchor indices, in document order */
	size_t n, cap;
	bool weak;     /* names: every member is weak */
	int best;      /* pairing: best counterpart group, -1 */
	double best_s, second_s;
};

struct agroups {
	struct agroup *v;
	size_t n, cap;
	struct strmap map; /* key -> index in v */
};

/* Adds anchor i of l to the group named key. */
static void
agroups_add(struct agroups *g, const char *key, size_t i, bool weak)
{
	int at = strmap_get(&g->map, key);

	if (at < 0) {
		if (g->n == g->cap) {
			g->cap = g->cap ? g->cap * 2 : 32;
			g->v = xreallocarray(g->v, g->cap, sizeof *g->v);
		}
		at = (int)g->n++;
		memset(&g->v[at], 0, sizeof g->v[at]);
		snprintf(g->v[at].key, sizeof g->v[at].key, "%s", key);
		g->v[at].weak = true;
		g->v[at].best = -1;
		strmap_add(&g->map, key, at);
	}
	struct agroup *gr = &g->v[at];
	if (gr->n > 0 && gr->idx[gr->n - 1] == i)
		return;
	if (gr->n == gr->cap) {
		gr->cap = gr->cap ? gr->cap * 2 : 4;
		gr->idx = xreallocarray(gr->idx, gr->cap, sizeof *gr->idx);
	}
	gr->idx[gr->n++] = i;
	gr->weak &= weak;
}

/* Frees groups. */
static void
agroups_free(struct agroups *g)
{
	for (size_t i = 0; i < g->n; i++)
		free(g->v[i].idx);
	free(g->v);
	strmap_free(&g->map);
}

/* Groups the anchors of kind k: by key (numbers without the percent sign),
 * names by their group strings (key and alternative key). */
static void
agroups_build(const struct anchor_list *l, enum anchor_kind k, struct agroups *g)
{
	memset(g, 0, sizeof *g);
	for (size_t i = 0; i < l->n; i++) {
		const struct anchor *a = &l->v[i];
		char key[48];
		if (a->kind != k)
			continue;
		switch (k) {
		case ANCHOR_NUMBER:
			snprintf(key, sizeof key, "%.*s", (int)number_value_len(a->key), a->key);
			agroups_add(g, key, i, false);
			break;
		case ANCHOR_DATE:
			/* Dates of one month meet in one group; anchor_match sorts them out. */
			snprintf(key, sizeof key, "%02d", a->month);
			agroups_add(g, key, i, false);
			break;
		case ANCHOR_NAME:
			anchor_name_group(a->key, key, sizeof key);
			if (key[0] != '\0')
				agroups_add(g, key, i, a->weak);
			if (a->alt[0] != '\0') {
				anchor_name_group(a->alt, key, sizeof key);
				if (key[0] != '\0')
					agroups_add(g, key, i, a->weak);
			}
			break;
		default:
			agroups_add(g, a->key, i, false);
			break;
		}
	}
}

/* Distinct name keys that meet in a pair of groups: which of them stand for
 * one another (the group "krn" holds كارني, الأوكراني and الآخرين, and
 * Carney and Ukrainian: each key pairs with its own best counterpart). */
#define NAME_KEYS 32
struct keymatch {
	size_t *ka, *kb;                /* owned: key index of each member of ga, gb */
	bool ok[NAME_KEYS][NAME_KEYS];  /* key i of ga stands for key j of gb */
};

/* The key under which name x joined the group named group: its key or
 * its alternative key. */
static const char *
member_key(const struct anchor *x, const char *group)
{
	char g[48];

	if (x->alt[0] != '\0') {
		anchor_name_group(x->key, g, sizeof g);
		if (strcmp(g, group) != 0)
			return x->alt;
	}
	return x->key;
}

/* Indexes the distinct keys of group g's members into keys (loose forms);
 * false when there are more than NAME_KEYS. */
static bool
keymatch_index(const struct anchor_list *l, const struct agroup *g, size_t *idx,
	       char keys[][48], bool *weak, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < g->n; i++) {
		const struct anchor *x = &l->v[g->idx[i]];
		char loose[48];
		anchor_name_loose(member_key(x, g->key), loose, sizeof loose);
		size_t k;
		for (k = 0; k < *n && strcmp(keys[k], loose) != 0; k++)
			;
		if (k == *n) {
			if (*n == NAME_KEYS)
				return false;
			snprintf(keys[k], 48, "%s", loose);
			weak[k] = true;
			(*n)++;
		}
		weak[k] &= x->weak;
		idx[i] = k;
	}
	return true;
}

/* Fills km for two name groups: key i stands for key j when j is i's only
 * closest key and i is close to j or as close as j's closest (two
 * spellings of one name on one side), or the other way round; false when
 * the groups hold too many keys to tell. */
static bool
keymatch_build(const struct anchor_list *a, const struct anchor_list *b, const struct agroup *ga,
	       const struct agroup *gb, struct keymatch *km)
{
	char ka[NAME_KEYS][48], kb[NAME_KEYS][48];
	bool wa[NAME_KEYS], wb[NAME_KEYS];
	double d[NAME_KEYS][NAME_KEYS], mina[NAME_KEYS], minb[NAME_KEYS];
	int besta[NAME_KEYS], bestb[NAME_KEYS];
	size_t na, nb;

	km->ka = xcalloc(ga->n, sizeof *km->ka);
	km->kb = xcalloc(gb->n, sizeof *km->kb);
	if (!keymatch_index(a, ga, km->ka, ka, wa, &na) || !keymatch_index(b, gb, km->kb, kb, wb, &nb))
		return false;
	for (size_t i = 0; i < na; i++) {
		mina[i] = 1e9;
		besta[i] = -1;
	}
	for (size_t j = 0; j < nb; j++) {
		minb[j] = 1e9;
		bestb[j] = -1;
	}
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++) {
			/* From the name to its transliteration when one side is one. */
			d[i][j] = wa[i] && !wb[j] ? anchor_name_distance(kb[j], ka[i], true)
						  : anchor_name_distance(ka[i], kb[j], wb[j] && !wa[i]);
			/* -2 marks a tie for the closest. */
			if (d[i][j] < mina[i]) {
				mina[i] = d[i][j];
				besta[i] = (int)j;
			} else if (d[i][j] == mina[i]) {
				besta[i] = -2;
			}
			if (d[i][j] < minb[j]) {
				minb[j] = d[i][j];
				bestb[j] = (int)i;
			} else if (d[i][j] == minb[j]) {
				bestb[j] = -2;
			}
		}
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			km->ok[i][j] = (besta[i] == (int)j && (d[i][j] <= 1 || d[i][j] <= minb[j])) ||
				       (bestb[j] == (int)i && (d[i][j] <= 1 || d[i][j] <= mina[i]));
	return true;
}

/* Pairs members ia of ga and jb of gb when they are not both weak and,
 * for names, their keys stand for one another. */
static void
member_pair(const struct anchor_list *a, const struct anchor_list *b, const struct agroup *ga,
	    const struct agroup *gb, size_t i, size_t j, double floor, const struct keymatch *km,
	    struct anchor_pairs *out)
{
	const struct anchor *x = &a->v[ga->idx[i]], *y = &b->v[gb->idx[j]];

	if ((x->weak && y->weak) || (km != NULL && !km->ok[km->ka[i]][km->kb[j]]))
		return;
	double s = anchor_match(x, y);
	if (s < floor)
		s = floor;
	if (s > 0)
		pairs_push(out, ga->idx[i], gb->idx[j], s);
}

/* Pairs the members of two groups: all of them, or for very frequent
 * keys each member of ga with the members of gb at the same relative
 * place; km (or NULL) says which name keys go together. */
static void
agroup_pair(const struct anchor_list *a, const struct anchor_list *b, const struct agroup *ga,
	    const struct agroup *gb, double floor, const struct keymatch *km,
	    struct anchor_pairs *out)
{
	if (ga->n * gb->n <= ANCHOR_GROUP_PAIRS) {
		for (size_t i = 0; i < ga->n; i++)
			for (size_t j = 0; j < gb->n; j++)
				member_pair(a, b, ga, gb, i, j, floor, km, out);
		return;
	}
	for (size_t i = 0; i < ga->n; i++) {
		size_t j0 = i * gb->n / ga->n;
		for (size_t j = j0 > 0 ? j0 - 1 : 0; j <= j0 + 1 && j < gb->n; j++)
			member_pair(a, b, ga, gb, i, j, floor, km, out);
	}
}

/* Records s as a candidate score of group g for counterpart c. */
static void
agroup_offer(struct agroup *g, int c, double s)
{
	if (s > g->best_s) {
		g->second_s = g->best_s;
		g->best_s = s;
		g->best = c;
	} else if (s > g->second_s) {
		g->second_s = s;
	}
}

/* Name groups of a and b: each pairs with its best counterpart when that
 * is mutual and clear of the runner-up, never two groups of weak names. */
static void
anchor_pairs_names(const struct anchor_list *a, const struct anchor_list *b,
		   struct anchor_pairs *out)
{
	struct agroups ga, gb;
	/* b's groups by first letter of the group string, for near matches. */
	size_t *bucket[128] = { 0 }, nb[128] = { 0 };

	agroups_build(a, ANCHOR_NAME, &ga);
	agroups_build(b, ANCHOR_NAME, &gb);
	for (size_t j = 0; j < gb.n; j++) {
		unsigned char c = (unsigned char)gb.v[j].key[0];
		if (c >= 128 || c == '~')
			continue;
		bucket[c] = xreallocarray(bucket[c], nb[c] + 1, sizeof **bucket);
		bucket[c][nb[c]++] = j;
	}
	for (size_t i = 0; i < ga.n; i++) {
		struct agroup *x = &ga.v[i];
		int eq = strmap_get(&gb.map, x->key);
		if (eq >= 0 && !(x->weak && gb.v[eq].weak)) {
			agroup_offer(x, eq, 0.95);
			agroup_offer(&gb.v[eq], (int)i, 0.95);
		}
		unsigned char c = (unsigned char)x->key[0];
		if (c >= 128 || c == '~')
			continue;
		for (size_t k = 0; k < nb[c]; k++) {
			struct agroup *y = &gb.v[bucket[c][k]];
			if ((int)bucket[c][k] == eq || (x->weak && y->weak))
				continue;
			double s = anchor_group_similarity(x->key, y->key, weak_side(x->weak, y->weak));
			if (s <= 0)
				continue;
			agroup_offer(x, (int)bucket[c][k], s);
			agroup_offer(y, (int)i, s);
		}
	}
	for (size_t i = 0; i < ga.n; i++) {
		struct agroup *x = &ga.v[i];
		if (x->best < 0 || x->best_s < ANCHOR_NAME_MIN)
			continue;
		struct agroup *y = &gb.v[x->best];
		if (y->best != (int)i || x->best_s - x->second_s < ANCHOR_NAME_MARGIN ||
		    y->best_s - y->second_s < ANCHOR_NAME_MARGIN)
			continue;
		struct keymatch km;
		bool sorted = keymatch_build(a, b, x, y, &km);
		agroup_pair(a, b, x, y, x->best_s, sorted ? &km : NULL, out);
		free(km.ka);
		free(km.kb);
	}
	for (int c = 0; c < 128; c++)
		free(bucket[c]);
	agroups_free(&ga);
	agroups_free(&gb);
}

/* Orders pairs by a, then b. */
static int
pair_cmp(const void *x, const void *y)
{
	const struct anchor_pair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->score < q->score) - (p->score > q->score);
}

void
anchor_pairs_find(const struct anchor_list *a, const struct anchor_list *b,
		  struct anchor_pairs *out)
{
	size_t first = out->n;
	static const enum anchor_kind keyed[] = { ANCHOR_NUMBER, ANCHOR_DATE, ANCHOR_PLACE };

	for (size_t k = 0; k < sizeof keyed / sizeof *keyed; k++) {
		struct agroups ga, gb;
		agroups_build(a, keyed[k], &ga);
		agroups_build(b, keyed[k], &gb);
		for (size_t i = 0; i < ga.n; i++) {
			int j = strmap_get(&gb.map, ga.v[i].key);
			if (j >= 0)
				agroup_pair(a, b, &ga.v[i], &gb.v[j], 0, NULL, out);
		}
		agroups_free(&ga);
		agroups_free(&gb);
	}
	anchor_pairs_names(a, b, out);
	if (out->n == first)
		return;
	/* In order, each pair once (a name may meet another by two groups). */
	qsort(out->v + first, out->n - first, sizeof *out->v, pair_cmp);
	size_t w = first;
	for (size_t r = first; r < out->n; r++)
		if (w == first || out->v[w - 1].a != out->v[r].a || out->v[w - 1].b != out->v[r].b)
			out->v[w++] = out->v[r];
	out->n = w;
}
