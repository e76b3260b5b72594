/* Quality checks over an alignment, as a translation reviewer needs them:
 * numbers and dates one side of a link lacks or changed, names and places
 * only one side has, blocks left unaligned, links whose length ratio is far
 * from the documents' own, and text identical on both sides. Two reports
 * of one event differ by nature: there only dates are checked. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "align/align_internal.h"
#include "text/lib.h"

/* A 1-1 link whose length difference exceeds this many deviations. */
#define LENGTH_DEVIATIONS 3.3
#define LENGTH_MIN_CHARS 40
/* Comparable links at least this sure have their numbers compared. */
#define COMPARABLE_SURE 0.6
/* Shortest text worth calling untranslated. */
#define UNTRANSLATED_MIN 16

/* Anchors of the blocks of one side of a group, as indices. */
struct gset {
	size_t ix[512];
	size_t n;
};

/* Appends the anchors of block bi of side s. */
static void
gset_add_block(struct gset *g, const struct align_ctx *c, int s, size_t bi)
{
	size_t first, n = align_block_anchor_range(c, s, bi, &first);

	for (size_t k = 0; k < n && g->n < sizeof g->ix / sizeof g->ix[0]; k++)
		g->ix[g->n++] = first + k;
}

/* Whether two anchor kinds can stand for one thing. */
static bool
kinds_meet(enum anchor_kind a, enum anchor_kind b)
{
	if (a == b)
		return true;
	return (a == ANCHOR_NUMBER && b == ANCHOR_DATE) || (a == ANCHOR_DATE && b == ANCHOR_NUMBER);
}

/* Marks which anchors of each side have a counterpart on the other. */
static void
mark_matched(const struct align_ctx *c, const struct gset *ga, const struct gset *gb,
	     bool *ma, bool *mb)
{
	const struct anchor_list *la = align_anchors(c, 0), *lb = align_anchors(c, 1);

	memset(ma, 0, ga->n * sizeof *ma);
	memset(mb, 0, gb->n * sizeof *mb);
	for (size_t x = 0; x < ga->n; x++) {
		for (size_t y = 0; y < gb->n; y++) {
			const struct anchor *a = &la->v[ga->ix[x]], *b = &lb->v[gb->ix[y]];
			if ((a->weak && b->weak) || !kinds_meet(a->kind, b->kind))
				continue;
			if (anchor_match(a, b) >= ALIGN_ANCHOR_MIN)
				ma[x] = mb[y] = true;
		}
	}
}

/* The anchor as written, for notes (at most 40 bytes, whole characters;
 * each printer escapes its tabs and line feeds by its own format's rule). */
static void
anchor_text(const struct doc *d, const struct anchor *an, char *buf, size_t size)
{
	size_t n = an->len < size - 1 ? an->len : size - 1;

	if (an->start + n > d->len)
		n = an->start < d->len ? d->len - an->start : 0;
	if (n < an->len)
		n = utf8_back(d->text, an->start, an->start + n) - an->start;
	memcpy(buf, d->text + an->start, n);
	buf[n] = '\0';
}

/* Whether two numbers are one written with a word for thousands or
 * millions on one side (48,000 and 48 ألف, 750,000 and ۷۵۰ هزار). */
static bool
scaled(const struct anchor *a, const struct anchor *b)
{
	double x = strtod(a->key, NULL), y = strtod(b->key, NULL);

	if (x <= 0 || y <= 0)
		return false;
	double r = x > y ? x / y : y / x;
	return fabs(r - 1e3) < 1e-6 || fabs(r - 1e6) < 1e-3 || fabs(r - 1e9) < 1;
}

/* Whether a one-sided number or date deserves a note in this mode. */
static bool
checked_kind(enum anchor_kind k, enum align_mode mode)
{
	if (mode == ALIGN_PARALLEL)
		return k == ANCHOR_NUMBER || k == ANCHOR_DATE;
	return k == ANCHOR_DATE;
}

/* The one number of a set no counterpart matched, or ALIGN_NONE when
 * there is none or more than one. */
static size_t
lone_number(const struct anchor_list *l, const struct gset *g, const bool *m)
{
	size_t at = ALIGN_NONE;

	for (size_t x = 0; x < g->n; x++) {
		if (m[x] || l->v[g->ix[x]].kind != ANCHOR_NUMBER)
			continue;
		if (at != ALIGN_NONE)
			return ALIGN_NONE;
		at = x;
	}
	return at;
}

/* Two reports differ in what they tell, so a number one lacks is no
 * finding; but when two blocks are surely linked and each has exactly one
 * number the other lacks, of the same kind (both percentages or neither,
 * not a thousand apart), they give two values for one fact. */
static bool
check_comparable_number(struct align_ctx *c, size_t link, const struct gset *ga,
			const struct gset *gb, const bool *ma, const bool *mb)
{
	struct alignment *al = c->al;
	const struct anchor_list *la = &al->anchors_a, *lb = &al->anchors_b;
	char ta[48], tb[48];

	if (al->links[link].score < COMPARABLE_SURE)
		return false;
	size_t x = lone_number(la, ga, ma), y = lone_number(lb, gb, mb);
	if (x == ALIGN_NONE || y == ALIGN_NONE)
		return false;
	const struct anchor *a = &la->v[ga->ix[x]], *b = &lb->v[gb->ix[y]];
	bool pa = strchr(a->key, '%') != NULL, pb = strchr(b->key, '%') != NULL;
	if (pa != pb || scaled(a, b))
		return false;
	anchor_text(al->a, a, ta, sizeof ta);
	anchor_text(al->b, b, tb, sizeof tb);
	align_add_finding(c, FINDING_NUMBER_MISMATCH, a->block, b->block, link, ga->ix[x], gb->ix[y],
			  "number: %s in A, %s in B", ta, tb);
	return true;
}

/* A date of a month alone (in January): a translation may write it "that
 * month" or leave it to the context, so only a different month is a finding. */
static bool
month_alone(const struct anchor *a)
{
	return a->kind == ANCHOR_DATE && a->year == 0 && a->day == 0;
}

/* Reports the numbers and dates of one group that differ; returns whether any did. */
static bool
check_values(struct align_ctx *c, size_t link, const struct gset *ga, const struct gset *gb,
	     const bool *ma, const bool *mb)
{
	struct alignment *al = c->al;
	const struct anchor_list *la = &al->anchors_a, *lb = &al->anchors_b;
	bool used_b[512] = { false }, any = false;
	const struct align_link *l = &al->links[link];
	char ta[48], tb[48];

	for (size_t x = 0; x < ga->n; x++) {
		const struct anchor *a = &la->v[ga->ix[x]];
		if (ma[x] || !checked_kind(a->kind, al->mode))
			continue;
		/* the other side's unmatched anchor of the same kind, if any */
		size_t y = 0;
		while (y < gb->n && (mb[y] || used_b[y] || lb->v[gb->ix[y]].kind != a->kind))
			y++;
		enum align_finding_kind fk = a->kind == ANCHOR_DATE ? FINDING_DATE_MISMATCH
								    : FINDING_NUMBER_MISMATCH;
		anchor_text(al->a, a, ta, sizeof ta);
		if (y < gb->n) {
			const struct anchor *b = &lb->v[gb->ix[y]];
			if (al->mode == ALIGN_COMPARABLE && a->month != b->month)
				continue;
			if (a->kind == ANCHOR_NUMBER && scaled(a, b)) {
				used_b[y] = true;
				continue;
			}
			used_b[y] = true;
			anchor_text(al->b, b, tb, sizeof tb);
			align_add_finding(c, fk, a->block, b->block, link, ga->ix[x], gb->ix[y],
					  "%s: %s in A, %s in B", align_finding_kind_name(fk), ta, tb);
		} else if (al->mode == ALIGN_PARALLEL && !month_alone(a)) {
			align_add_finding(c, fk, a->block, l->b, link, ga->ix[x], ALIGN_NONE,
					  "%s: %s in A, missing in B", align_finding_kind_name(fk), ta);
		} else {
			continue;
		}
		any = true;
	}
	if (al->mode != ALIGN_PARALLEL)
		return check_comparable_number(c, link, ga, gb, ma, mb) || any;
	for (size_t y = 0; y < gb->n; y++) {
		const struct anchor *b = &lb->v[gb->ix[y]];
		if (mb[y] || used_b[y] || !checked_kind(b->kind, al->mode) || month_alone(b))
			continue;
		enum align_finding_kind fk = b->kind == ANCHOR_DATE ? FINDING_DATE_MISMATCH
								    : FINDING_NUMBER_MISMATCH;
		anchor_text(al->b, b, tb, sizeof tb);
		align_add_finding(c, fk, l->a, b->block, link, ALIGN_NONE, gb->ix[y],
				  "%s: %s in B, missing in A", align_finding_kind_name(fk), tb);
		any = true;
	}
	return any;
}

/* The blocks of each side of a group (at most two each). */
struct gblocks {
	size_t v[2][2];
	size_t n[2];
};

/* Keys of the names of one document written somewhere not at a sentence
 * start: the capitalised words that are names wherever they stand. */
static void
names_mid_sentence(const struct anchor_list *l, struct strmap *out)
{
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].kind == ANCHOR_NAME && !l->v[k].weak && !l->v[k].initial)
			strmap_add(out, l->v[k].key, 1);
}

/* Whether a capitalised word is an acronym (CGT, BC: two or more capitals,
 * no lower case): a translation spells acronyms out or uses its own, so one
 * left on one side is no finding; a reviewer loses little by missing one. */
static bool
is_acronym(const char *w, size_t len)
{
	size_t caps = 0;

	for (size_t k = 0; k < len; k++) {
		if (w[k] >= 'a' && w[k] <= 'z')
			return false;
		caps += w[k] >= 'A' && w[k] <= 'Z';
	}
	return caps >= 2;
}

/* Whether a word is a title of address or the abbreviation of a common noun
 * (Mme, Dr, Co): capitalised but no name, and often left out or spelled out
 * by a translation. */
static bool
is_title_or_abbreviation(const char *w, size_t len)
{
	static const char *const words[] = {
		/* English */ "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St",
		"Co", "Corp", "Inc", "Ltd",
		/* French */ "M", "Mme", "Mmes", "Mlle", "Mlles", "MM", "Me", "Pr", "Cie",
	};

	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k]) == len && memcmp(words[k], w, len) == 0)
			return true;
	return false;
}

/* Whether block bi of doc has a word derived from the name key (folded,
 * four letters or more): a translation may write a place by its adjective
 * (Paris, région parisienne; Lyon, lyonnais). */
static bool
name_derived_in(const char *key, const struct doc *doc, size_t bi)
{
	const struct block *b = &doc->blocks[bi];
	size_t kl = strlen(key);

	if (kl < 4)
		return false;
	for (size_t p = 0; p + kl + 2 <= b->len; p++) {
		unsigned char prev = p ? (unsigned char)b->text[p - 1] : ' ';
		if ((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') || prev >= 0x80)
			continue;
		if (strncasecmp(b->text + p, key, kl) != 0)
			continue;
		/* at least two more letters: a suffix, not the name itself */
		const char *q = b->text + p + kl;
		if (q[0] >= 'a' && q[0] <= 'z' && q[1] >= 'a' && q[1] <= 'z')
			return true;
	}
	return false;
}

/* Whether a name of side s, one-sided by its anchors, is no finding: a
 * capitalised word at a sentence start that the document never writes as
 * a name elsewhere, an acronym, a title, a common word, or a name the other
 * side writes in its own script. */
static bool
name_excused(const struct align_ctx *c, int s, const struct anchor *an,
	     const struct gblocks *gb, const struct strmap *mid)
{
	const struct doc *other = s == 0 ? c->al->b : c->al->a;

	if (an->kind != ANCHOR_NAME && an->kind != ANCHOR_PLACE)
		return false;
	if (an->kind == ANCHOR_NAME && an->initial && strmap_get(mid, an->key) < 0)
		return true;
	const struct doc *own = s == 0 ? c->al->a : c->al->b;
	if (is_acronym(own->text + an->start, an->len) ||
	    is_title_or_abbreviation(own->text + an->start, an->len))
		return true;
	if (an->kind == ANCHOR_NAME && align_lex_known(c, s, an->block, own->text + an->start, an->len))
		return true;
	for (size_t k = 0; k < gb->n[!s]; k++) {
		if (anchor_name_written_in(an, other, gb->v[!s][k]) ||
		    name_derived_in(an->key, other, gb->v[!s][k]))
			return true;
		/* a demonym or a capitalised common noun the other side translates */
		if (align_lex_translated(c, s, an->block, own->text + an->start, an->len,
					 gb->v[!s][k]))
			return true;
	}
	return false;
}

/* Reports the names of a parallel group that only one side has. */
static void
check_names(struct align_ctx *c, size_t link, const struct gset *ga, const struct gset *gb,
	    const bool *ma, const bool *mb, const struct gblocks *blocks, const struct strmap *mid)
{
	struct alignment *al = c->al;
	const struct align_link *l = &al->links[link];
	char t[48];

	for (int s = 0; s < 2; s++) {
		const struct gset *g = s == 0 ? ga : gb;
		const bool *m = s == 0 ? ma : mb;
		const struct anchor_list *lst = s == 0 ? &al->anchors_a : &al->anchors_b;
		for (size_t x = 0; x < g->n; x++) {
			const struct anchor *an = &lst->v[g->ix[x]];
			/* a country a translation may name by its adjective
			 * (Moroccan, مراکش) is no finding */
			if (m[x] || an->weak || an->kind != ANCHOR_NAME)
				continue;
			if (name_excused(c, s, an, blocks, &mid[s]))
				continue;
			/* once per key in a group */
			bool dup = false;
			for (size_t q = 0; q < x && !dup; q++)
				dup = !m[q] && strcmp(lst->v[g->ix[q]].key, an->key) == 0;
			if (dup)
				continue;
			anchor_text(s == 0 ? al->a : al->b, an, t, sizeof t);
			align_add_finding(c, FINDING_NAME_ONE_SIDE, s == 0 ? an->block : l->a,
					  s == 0 ? l->b : an->block, link,
					  s == 0 ? g->ix[x] : ALIGN_NONE, s == 0 ? ALIGN_NONE : g->ix[x],
					  "name: %s only in %s", t, s == 0 ? "A" : "B");
		}
	}
}

/* Characters of a block. */
static double
block_chars(const struct block *b)
{
	return (double)utf8_count(b->text, b->len);
}

/* Whether a block's text has a letter (ASCII test is enough to skip pure
 * numbers and punctuation; other scripts count as letters). */
static bool
has_letters(const struct block *b)
{
	for (size_t k = 0; k < b->len; k++) {
		unsigned char ch = (unsigned char)b->text[k];
		if (ch >= 0x80 || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))
			return true;
	}
	return false;
}

/* Checks a 1-1 parallel link's length ratio and whether it was translated. */
static void
check_text(struct align_ctx *c, size_t link, bool one_to_one)
{
	struct alignment *al = c->al;
	const struct align_link *l = &al->links[link];
	const struct block *a = &al->a->blocks[l->a], *b = &al->b->blocks[l->b];
	double la = block_chars(a), lb = block_chars(b);

	if (a->len == b->len && a->len >= UNTRANSLATED_MIN && memcmp(a->text, b->text, a->len) == 0 &&
	    has_letters(a)) {
		align_add_finding(c, FINDING_UNTRANSLATED, l->a, l->b, link, ALIGN_NONE, ALIGN_NONE,
				  "untranslated: identical text on both sides");
		return;
	}
	if (al->mode == ALIGN_PARALLEL && a->lang[0] && b->lang[0] && al->a->lang[0] &&
	    al->b->lang[0] && strcmp(al->a->lang, al->b->lang) != 0 && la >= LENGTH_MIN_CHARS &&
	    (strcmp(a->lang, b->lang) == 0)) {
		align_add_finding(c, FINDING_UNTRANSLATED, l->a, l->b, link, ALIGN_NONE, ALIGN_NONE,
				  "untranslated: both sides are in %s", a->lang);
		return;
	}
	if (!one_to_one || al->mode != ALIGN_PARALLEL || la < LENGTH_MIN_CHARS || lb < LENGTH_MIN_CHARS)
		return;
	double mean = (la + lb / al->ratio) / 2.0;
	double d = fabs(lb / al->ratio - la) / sqrt(6.8 * mean);
	if (d > LENGTH_DEVIATIONS)
		align_add_finding(c, FINDING_LENGTH_RATIO, l->a, l->b, link, ALIGN_NONE, ALIGN_NONE,
				  "length: ratio %.2f, expected %.2f", lb / la, al->ratio);
}

/* An excerpt of a block for notes: its first characters, as written. */
static void
block_excerpt(const struct block *b, char *buf, size_t size)
{
	size_t n = 0, chars = 0;

	while (n < b->len && chars < 40) {
		size_t k = utf8_forward(b->text, n + 1, b->len);
		if (k >= size)
			break;
		n = k;
		chars++;
	}
	memcpy(buf, b->text, n);
	buf[n] = '\0';
}

void
align_findings_run(struct align_ctx *c)
{
	struct alignment *al = c->al;
	bool ma[512], mb[512];
	char ex[192];
	struct strmap mid[2] = { { 0 }, { 0 } };

	if (al->mode == ALIGN_PARALLEL) {
		names_mid_sentence(&al->anchors_a, &mid[0]);
		names_mid_sentence(&al->anchors_b, &mid[1]);
	}

	for (size_t k = 0; k < al->nlinks;) {
		struct align_link *l = &al->links[k];
		if (l->a == ALIGN_NONE || l->b == ALIGN_NONE) {
			const struct block *b = l->a == ALIGN_NONE ? &al->b->blocks[l->b]
								   : &al->a->blocks[l->a];
			block_excerpt(b, ex, 120);
			align_add_finding(c, FINDING_UNALIGNED, l->a, l->b, k, ALIGN_NONE, ALIGN_NONE,
					  "unaligned: only in %s: %s", l->a == ALIGN_NONE ? "B" : "A", ex);
			k++;
			continue;
		}
		/* the group: consecutive links of the same step (parallel) */
		size_t e = k + 1;
		if (al->mode == ALIGN_PARALLEL)
			while (e < al->nlinks && al->links[e].group == l->group)
				e++;
		struct gset ga = { .n = 0 }, gb = { .n = 0 };
		struct gblocks blocks = { .n = { 0, 0 } };
		for (size_t q = k; q < e; q++) {
			size_t bl[2] = { al->links[q].a, al->links[q].b };
			for (int sd = 0; sd < 2; sd++) {
				bool have = false;
				for (size_t z = 0; z < blocks.n[sd]; z++)
					have |= blocks.v[sd][z] == bl[sd];
				if (!have && blocks.n[sd] < 2)
					blocks.v[sd][blocks.n[sd]++] = bl[sd];
			}
		}
		size_t prev_a = ALIGN_NONE, prev_b = ALIGN_NONE, seen_b[2] = { ALIGN_NONE, ALIGN_NONE };
		for (size_t q = k; q < e; q++) {
			if (al->links[q].a != prev_a)
				gset_add_block(&ga, c, 0, al->links[q].a);
			prev_a = al->links[q].a;
			if (al->links[q].b != prev_b && al->links[q].b != seen_b[0] &&
			    al->links[q].b != seen_b[1]) {
				gset_add_block(&gb, c, 1, al->links[q].b);
				seen_b[q - k < 2 ? q - k : 1] = al->links[q].b;
			}
			prev_b = al->links[q].b;
		}
		mark_matched(c, &ga, &gb, ma, mb);
		if (check_values(c, k, &ga, &gb, ma, mb))
			for (size_t q = k; q < e; q++)
				al->links[q].status = ALIGN_MISMATCH;
		if (al->mode == ALIGN_PARALLEL)
			check_names(c, k, &ga, &gb, ma, mb, &blocks, mid);
		for (size_t q = k; q < e; q++)
			check_text(c, q, e - k == 1);
		k = e;
	}
	strmap_free(&mid[0]);
	strmap_free(&mid[1]);
}
