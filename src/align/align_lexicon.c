/* Evidence from a bilingual lexicon: the concept keys (English stems of
 * the translations) of the content words of every unit, so that two blocks
 * sharing translated words count as sharing evidence, each key weighed by
 * how rare it is on each side (a topic word tells little). Also answers
 * whether a word one side has is translated on the other (British and
 * البريطاني), which the name checks ask before reporting a name. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "align/align_internal.h"
#include "lexicon/lib.h"
#include "text/lib.h"

/* Words longer than this many bytes are not looked up. */
#define LEX_WORD_MAX 64

/* FNV-1a of a key. */
static uint32_t
key_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t k = 0; k < n; k++)
		h = (h ^ (unsigned char)s[k]) * 16777619u;
	return h;
}

static int
u32_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

/* The language the lexicon is asked in for a block, or NULL. */
static const char *
block_lang(const struct align_ctx *c, int s, size_t bi)
{
	const struct doc *d = s == 0 ? c->al->a : c->al->b;
	const char *lang = d->blocks[bi].lang[0] ? d->blocks[bi].lang : d->lang;

	return lang[0] && lexicon_covers(c->opts->lexicon, lang) ? lang : NULL;
}

/* Appends the key hashes of one word to *v (grown as needed). */
static void
word_keys(struct lexicon *lx, const char *lang, const char *w, size_t n, struct strbuf *sb,
	  uint32_t **v, size_t *nv, size_t *cap)
{
	sb->len = 0;
	size_t nk = lexicon_keys(lx, lang, w, n, sb);
	const char *p = sb->data;

	for (size_t k = 0; k < nk && p != NULL && p < sb->data + sb->len; k++) {
		size_t l = strlen(p);
		if (*nv == *cap)
			*v = xreallocarray(*v, *cap = *cap ? *cap * 2 : 64, sizeof **v);
		(*v)[(*nv)++] = key_hash(p, l);
		p += l + 1;
	}
}

/* Calls fn for every word (a run of letters and marks) of text. */
static void
words_each(const char *text, size_t len, void (*fn)(void *, const char *, size_t), void *arg)
{
	int32_t i = 0, n = (int32_t)len, start = -1;

	while (i <= n) {
		int32_t at = i;
		UChar32 ch = 0;
		bool letter = false;
		if (i < n) {
			U8_NEXT(text, i, n, ch);
			letter = ch >= 0 && (u_isalpha(ch) || (U_GET_GC_MASK(ch) & U_GC_M_MASK));
		} else {
			i++;
		}
		if (letter && start < 0)
			start = at;
		if (!letter && start >= 0) {
			if (at - start >= 2 && at - start <= LEX_WORD_MAX)
				fn(arg, text + start, (size_t)(at - start));
			start = -1;
		}
	}
}

struct unit_words {
	struct lexicon *lx;
	const char *lang;
	struct strbuf sb;
	uint32_t *v;
	size_t n, cap;
};

static void
unit_word(void *arg, const char *w, size_t n)
{
	struct unit_words *u = arg;

	word_keys(u->lx, u->lang, w, n, &u->sb, &u->v, &u->n, &u->cap);
}

/* Sorts and dedups v[0, n); returns the new count. */
static size_t
u32_unique(uint32_t *v, size_t n)
{
	size_t o = 0;

	if (n > 1)
		qsort(v, n, sizeof *v, u32_cmp);
	for (size_t k = 0; k < n; k++)
		if (o == 0 || v[o - 1] != v[k])
			v[o++] = v[k];
	return o;
}

/* Rarity weight of every key of side s, parallel to c->lex_keys[s]. */
static void
weights_build(struct align_ctx *c, int s)
{
	size_t total = c->lex_beg[s][c->u[s].n];
	uint32_t *all = xmalloc((total + 1) * sizeof *all);
	double units = (double)(c->u[s].n > 1 ? c->u[s].n : 2);

	memcpy(all, c->lex_keys[s], total * sizeof *all);
	if (total > 1)
		qsort(all, total, sizeof *all, u32_cmp);
	c->lex_w[s] = xmalloc((total + 1) * sizeof *c->lex_w[s]);
	for (size_t k = 0; k < total; k++) {
		uint32_t key = c->lex_keys[s][k];
		size_t lo = 0, hi = total;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (all[mid] < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t e = lo;
		while (e < total && all[e] == key)
			e++;
		c->lex_w[s][k] = log(units / (double)(e - lo)) / log(units);
	}
	free(all);
}

bool
align_lex_build(struct align_ctx *c)
{
	struct lexicon *lx = c->opts ? c->opts->lexicon : NULL;

	if (lx == NULL)
		return false;
	for (int s = 0; s < 2; s++) {
		const struct doc *d = s == 0 ? c->al->a : c->al->b;
		struct unit_words w = { .lx = lx };
		size_t n = c->u[s].n;
		c->lex_beg[s] = xmalloc((n + 1) * sizeof *c->lex_beg[s]);
		for (size_t u = 0; u < n; u++) {
			size_t bi = c->u[s].block[u], from = w.n;
			c->lex_beg[s][u] = from;
			w.lang = block_lang(c, s, bi);
			if (w.lang != NULL)
				words_each(d->blocks[bi].text, d->blocks[bi].len, unit_word, &w);
			w.n = from + u32_unique(w.v ? w.v + from : NULL, w.n - from);
		}
		c->lex_beg[s][n] = w.n;
		c->lex_keys[s] = w.v ? w.v : xmalloc(sizeof *c->lex_keys[s]);
		strbuf_free(&w.sb);
		weights_build(c, s);
	}
	c->lex = c->lex_beg[0][c->u[0].n] > 0 && c->lex_beg[1][c->u[1].n] > 0;
	return c->lex;
}

void
align_lex_free(struct align_ctx *c)
{
	for (int s = 0; s < 2; s++) {
		free(c->lex_keys[s]);
		free(c->lex_beg[s]);
		free(c->lex_w[s]);
		c->lex_keys[s] = NULL;
		c->lex_beg[s] = NULL;
		c->lex_w[s] = NULL;
	}
	c->lex = false;
}

double
align_lex_shared(const struct align_ctx *c, size_t ua, size_t ub, size_t *nshared)
{
	double sum = 0;
	size_t x, y, xe, ye, n = 0;

	if (nshared != NULL)
		*nshared = 0;
	if (!c->lex)
		return 0;
	x = c->lex_beg[0][ua];
	xe = c->lex_beg[0][ua + 1];
	y = c->lex_beg[1][ub];
	ye = c->lex_beg[1][ub + 1];
	while (x < xe && y < ye) {
		uint32_t ka = c->lex_keys[0][x], kb = c->lex_keys[1][y];
		if (ka < kb) {
			x++;
		} else if (kb < ka) {
			y++;
		} else {
			sum += c->lex_w[0][x] * c->lex_w[1][y];
			n++;
			x++;
			y++;
		}
	}
	if (nshared != NULL)
		*nshared = n;
	return sum;
}

double
align_lex_total(const struct align_ctx *c, int s, size_t u)
{
	double t = 0;

	if (!c->lex)
		return 0;
	for (size_t k = c->lex_beg[s][u]; k < c->lex_beg[s][u + 1]; k++)
		t += c->lex_w[s][k];
	return t;
}

bool
align_lex_translated(const struct align_ctx *c, int s, size_t word_block, const char *word,
		     size_t len, size_t other_block)
{
	struct unit_words w = { .lx = c->opts ? c->opts->lexicon : NULL };
	size_t uo;
	bool found = false;

	if (!c->lex || w.lx == NULL || other_block >= (s == 0 ? c->al->b : c->al->a)->nblocks)
		return false;
	uo = c->u[!s].unit_of[other_block];
	w.lang = block_lang(c, s, word_block);
	if (uo == ALIGN_NONE || w.lang == NULL)
		return false;
	word_keys(w.lx, w.lang, word, len, &w.sb, &w.v, &w.n, &w.cap);
	const uint32_t *ks = c->lex_keys[!s] + c->lex_beg[!s][uo];
	size_t nk = c->lex_beg[!s][uo + 1] - c->lex_beg[!s][uo];
	for (size_t k = 0; k < w.n && !found; k++)
		found = bsearch(&w.v[k], ks, nk, sizeof *ks, u32_cmp) != NULL;
	free(w.v);
	strbuf_free(&w.sb);
	return found;
}

/* Whether an Arabic translation has a word with the definite article
 * (al-: المجلس, أيام الأربعاء): Arabic writes common nouns and adjectives
 * with it, personal names without, so an English headword the Arabic
 * dictionary capitalises (it capitalises them all) is a common word. */
static bool
has_arabic_article(const char *sense)
{
	static const char al[] = "\xd8\xa7\xd9\x84"; /* U+0627 U+0644 */

	for (const char *p = sense; (p = strstr(p, al)) != NULL; p += sizeof al - 1) {
		/* at a word start: the text's start or after an ASCII byte */
		if (p == sense || (unsigned char)p[-1] < 0x80)
			return true;
	}
	return false;
}

bool
align_lex_known(const struct align_ctx *c, int s, size_t word_block, const char *word, size_t len)
{
	struct lexicon *lx = c->opts ? c->opts->lexicon : NULL;
	struct lexicon_defs defs = LEXICON_DEFS_INIT;
	char low[LEX_WORD_MAX + 1];

	if (lx == NULL || len > LEX_WORD_MAX)
		return false;
	const char *lang = block_lang(c, s, word_block);
	if (lang == NULL)
		return false;
	/* the word as a common word writes it: its first letter in lower case
	 * when that is ASCII (Health, Ministry); an entry of a dictionary, not
	 * the stem every English word has */
	memcpy(low, word, len);
	low[len] = '\0';
	if (low[0] >= 'A' && low[0] <= 'Z')
		low[0] = (char)(low[0] - 'A' + 'a');
	bool known = false;
	lexicon_define(lx, lang, low, len, &defs);
	/* the word itself, not a headword that only shares its stem (Beck for
	 * Becker), nor a name (Dupont) */
	for (size_t k = 0; k < defs.n && !known; k++) {
		const struct lexicon_entry *e = &defs.v[k];
		if (strcasecmp(e->headword, low) != 0)
			continue;
		/* a headword with a capital is a name the dictionary lists
		 * (Dupont), unless it translates to a common word (French:
		 * français, Dutch: néerlandais) */
		known = !(e->headword[0] >= 'A' && e->headword[0] <= 'Z');
		for (size_t q = 0; q < e->nsenses && !known; q++)
			known = (e->senses[q][0] >= 'a' && e->senses[q][0] <= 'z') ||
				has_arabic_article(e->senses[q]);
	}
	lexicon_defs_free(&defs);
	return known;
}
