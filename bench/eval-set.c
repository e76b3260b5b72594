/* The evaluation set's generator: from articles translated sentence by
 * sentence, writes parallel pairs (clean, and with B's sentences merged or
 * dropped), two-report pairs (half of an article, locally reordered, against
 * the whole article followed by another one) and review pairs (a source and
 * its translation with planted changes), each with its gold alignment.
 * Every choice comes from a fixed seed: the same data gives the same bytes. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval-set.h"
#include "text/lib.h"

#include "xorshift.h"

/* The languages of an article, English first (the review pairs' source). */
static const char *const eval_langs[] = { "en", "fr", "ar", "he", "fa" };
#define EVAL_NLANGS (sizeof eval_langs / sizeof eval_langs[0])
enum { LANG_EN, LANG_FR, LANG_AR, LANG_HE, LANG_FA };

/* The language pairs measured (A first): right-to-left text on one side. */
static const int eval_pairs[][2] = {
	{ LANG_EN, LANG_AR }, { LANG_EN, LANG_HE }, { LANG_EN, LANG_FA }, { LANG_FR, LANG_AR },
};
#define EVAL_NPAIRS (sizeof eval_pairs / sizeof eval_pairs[0])

/* Percentages of the perturbed pairs' B sentences dropped, and merged with
 * the next one; of the two-report pairs' kept sentences swapped with the
 * next one. */
#define DROP_PCT 8
#define MERGE_PCT 10
#define SWAP_PCT 30
/* The names two articles share at least to be on one topic. */
#define NEAR_MIN_NAMES 3

/* One article in every language it has. */
struct article {
	char *stem;                           /* owned: "01-slug" */
	struct eval_lines lang[EVAL_NLANGS];  /* owned; n == 0 when absent */
	bool has[EVAL_NLANGS];
	char **names;                         /* owned: its English proper names, distinct */
	size_t nnames;
};

/* Reads a whole file, then cuts it at line ends in place. */
int
eval_lines_read(const char *path, struct eval_lines *out)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b = STRBUF_INIT;
	char chunk[1 << 14];
	size_t n, cap = 0;

	memset(out, 0, sizeof *out);
	if (f == NULL) {
		fprintf(stderr, "eval: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append(&b, chunk, n);
	fclose(f);
	strbuf_putc(&b, '\0');
	out->text = strbuf_steal(&b);
	char *p = out->text;
	if (memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p != '\0') {
		char *e = strchr(p, '\n');
		char *next = e ? e + 1 : p + strlen(p);
		if (e == NULL)
			e = next;
		*e = '\0';
		if (e > p && e[-1] == '\r')
			e[-1] = '\0';
		if (out->n == cap) {
			cap = cap ? 2 * cap : 32;
			out->v = xreallocarray(out->v, cap, sizeof *out->v);
		}
		out->v[out->n++] = p;
		p = next;
	}
	return 0;
}

/* Frees the text and the lines. */
void
eval_lines_free(struct eval_lines *l)
{
	free(l->text);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* The pair's own generator state: the seed mixed with its name (FNV-1a). */
static uint64_t
rng_seed(const char *name)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (const unsigned char *s = (const unsigned char *)name; *s; s++)
		h = (h ^ *s) * UINT64_C(0x100000001b3);
	h ^= EVAL_SEED;
	return h ? h : EVAL_SEED;
}

/* A number in [0, n). */
static size_t
rng_below(uint64_t *state, size_t n)
{
	return (size_t)(xorshift_next(state) % n);
}

/* Creates a directory unless it exists; -1 with a message. */
static int
make_dir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "eval: %s: %s\n", path, strerror(errno));
	return -1;
}

/* Writes a whole buffer to a file; -1 with a message. */
static int
write_file(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(s, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "eval: %s: cannot write\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

/* A document being built, one block at a time: blocks are separated by a
 * blank line, which qarin's text parser makes paragraph breaks. */
struct doc_out {
	struct strbuf text;
	size_t nblocks;
};

/* Adds a block of one sentence, or of two joined by a space. */
static void
doc_out_add(struct doc_out *d, const char *s, const char *s2)
{
	if (d->nblocks > 0)
		strbuf_putc(&d->text, '\n');
	strbuf_puts(&d->text, s);
	if (s2 != NULL) {
		strbuf_putc(&d->text, ' ');
		strbuf_puts(&d->text, s2);
	}
	strbuf_putc(&d->text, '\n');
	d->nblocks++;
}

/* The pair being written: its two documents and its gold lines. */
struct pair_out {
	struct doc_out a, b;
	struct strbuf gold;  /* "link A B", "only-a A", "change ..." lines */
};

/* Frees the documents and the gold text of a pair. */
static void
pair_out_free(struct pair_out *p)
{
	strbuf_free(&p->a.text);
	strbuf_free(&p->b.text);
	strbuf_free(&p->gold);
}

/* Where pairs are written and listed. */
struct gen_ctx {
	const char *out_dir;
	struct strbuf manifest; /* pairs.tsv */
	int npairs;
	int failed;
};

/* Writes a pair's documents and gold file and lists it in the manifest. */
static void
pair_emit(struct gen_ctx *g, struct pair_out *p, const char *name, const char *set,
	  const char *langs)
{
	struct strbuf path = STRBUF_INIT, gold = STRBUF_INIT;

	strbuf_printf(&gold, "# gold of %s (%s, %s); blocks are 0-based\n", name, set, langs);
	strbuf_printf(&gold, "blocks\t%zu\t%zu\n", p->a.nblocks, p->b.nblocks);
	strbuf_append(&gold, p->gold.data ? p->gold.data : "", p->gold.len);
	static const char *const suffix[] = { "a.txt", "b.txt", "gold" };
	const struct strbuf *body[] = { &p->a.text, &p->b.text, &gold };
	for (int k = 0; k < 3; k++) {
		strbuf_reset(&path);
		strbuf_printf(&path, "%s/docs/%s.%s", g->out_dir, name, suffix[k]);
		if (write_file(path.data, body[k]->data ? body[k]->data : "", body[k]->len) < 0)
			g->failed = 1;
	}
	strbuf_printf(&g->manifest, "%s\t%s\t%s\tdocs/%s.a.txt\tdocs/%s.b.txt\tdocs/%s.gold\n",
		      name, set, langs, name, name, name);
	g->npairs++;
	strbuf_free(&path);
	strbuf_free(&gold);
}

/* Whether a line has text (a blank line would be no block at all). */
static bool
line_has_text(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			return true;
	return false;
}

/* Loads article stem in every language present; a translation whose line
 * count differs from the English one, or with a blank line, is left out. */
static int
article_load(const char *src_dir, const char *stem, struct article *a)
{
	struct strbuf path = STRBUF_INIT;

	memset(a, 0, sizeof *a);
	a->stem = xstrdup(stem);
	for (size_t l = 0; l < EVAL_NLANGS; l++) {
		strbuf_reset(&path);
		strbuf_printf(&path, "%s/%s.%s", src_dir, stem, eval_langs[l]);
		if (access(path.data, R_OK) != 0 || eval_lines_read(path.data, &a->lang[l]) < 0)
			continue;
		bool ok = a->lang[l].n > 0 && (l == LANG_EN || a->lang[l].n == a->lang[LANG_EN].n);
		for (size_t i = 0; ok && i < a->lang[l].n; i++)
			ok = line_has_text(a->lang[l].v[i]);
		if (!ok) {
			fprintf(stderr, "eval: %s: blank line, or not as many lines as %s.en: left out\n",
				path.data, stem);
			eval_lines_free(&a->lang[l]);
			if (l == LANG_EN)
				break;
			continue;
		}
		a->has[l] = true;
	}
	strbuf_free(&path);
	return a->has[LANG_EN] ? 0 : -1;
}

/* Frees an article's texts and names. */
static void
article_free(struct article *a)
{
	for (size_t l = 0; l < EVAL_NLANGS; l++)
		eval_lines_free(&a->lang[l]);
	for (size_t k = 0; k < a->nnames; k++)
		free(a->names[k]);
	free(a->names);
	free(a->stem);
}

/* Capitalised words that are no name: months and weekdays. */
static const char *const not_names[] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday", "Sunday",
};

/* Collects the English text's proper names: capitalised words of three
 * letters or more that do not start a sentence, months and weekdays aside (to find the article that
 * shares most names, which the data's authors made one of a pair on the same
 * topic). */
static void
article_find_names(struct article *a)
{
	const struct eval_lines *en = &a->lang[LANG_EN];

	for (size_t i = 0; i < en->n; i++) {
		const char *s = en->v[i];
		bool first = true;
		while (*s) {
			while (*s && !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
				s++;
			const char *w = s;
			while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
				s++;
			size_t len = (size_t)(s - w);
			if (len == 0)
				break;
			bool name = !first && len >= 3 && *w >= 'A' && *w <= 'Z';
			first = false;
			for (size_t k = 0; name && k < sizeof not_names / sizeof *not_names; k++)
				name = !(strlen(not_names[k]) == len && memcmp(not_names[k], w, len) == 0);
			for (size_t k = 0; name && k < a->nnames; k++)
				name = !(strlen(a->names[k]) == len && memcmp(a->names[k], w, len) == 0);
			if (name) {
				a->names = xreallocarray(a->names, a->nnames + 1, sizeof *a->names);
				a->names[a->nnames++] = xstrndup(w, len);
			}
		}
	}
}

/* How many of x's names y has too. */
static size_t
names_shared(const struct article *x, const struct article *y)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nnames; i++)
		for (size_t k = 0; k < y->nnames; k++)
			if (strcmp(x->names[i], y->names[k]) == 0) {
				n++;
				break;
			}
	return n;
}

/* "en-ar" for a language pair. */
static void
pair_langs(int la, int lb, char *buf, size_t size)
{
	snprintf(buf, size, "%s-%s", eval_langs[la], eval_langs[lb]);
}

/* The clean parallel pair: sentence k against sentence k. */
static void
gen_clean(struct gen_ctx *g, const struct article *x, int la, int lb)
{
	struct pair_out p = { 0 };
	char langs[16], name[256];

	pair_langs(la, lb, langs, sizeof langs);
	snprintf(name, sizeof name, "%s.%s.clean", x->stem, langs);
	for (size_t i = 0; i < x->lang[la].n; i++) {
		doc_out_add(&p.a, x->lang[la].v[i], NULL);
		doc_out_add(&p.b, x->lang[lb].v[i], NULL);
		strbuf_printf(&p.gold, "link\t%zu\t%zu\n", i, i);
	}
	pair_emit(g, &p, name, "clean", langs);
	pair_out_free(&p);
}

/* The perturbed parallel pair: B drops DROP_PCT% of its sentences and
 * merges MERGE_PCT% with the next one into one block. */
static void
gen_perturbed(struct gen_ctx *g, const struct article *x, int la, int lb)
{
	struct pair_out p = { 0 };
	char langs[16], name[256];
	size_t n = x->lang[la].n;

	pair_langs(la, lb, langs, sizeof langs);
	snprintf(name, sizeof name, "%s.%s.perturbed", x->stem, langs);
	uint64_t rng = rng_seed(name);
	for (size_t i = 0; i < n; i++)
		doc_out_add(&p.a, x->lang[la].v[i], NULL);
	for (size_t i = 0; i < n; i++) {
		size_t r = rng_below(&rng, 100);
		if (r < DROP_PCT) {
			strbuf_printf(&p.gold, "only-a\t%zu\n", i);
		} else if (r < DROP_PCT + MERGE_PCT && i + 1 < n) {
			strbuf_printf(&p.gold, "link\t%zu\t%zu\nlink\t%zu\t%zu\n", i, p.b.nblocks,
				      i + 1, p.b.nblocks);
			doc_out_add(&p.b, x->lang[lb].v[i], x->lang[lb].v[i + 1]);
			i++;
		} else {
			strbuf_printf(&p.gold, "link\t%zu\t%zu\n", i, p.b.nblocks);
			doc_out_add(&p.b, x->lang[lb].v[i], NULL);
		}
	}
	pair_emit(g, &p, name, "perturbed", langs);
	pair_out_free(&p);
}

/* The two-report pair: A is article x then article y in language la; B is
 * about half of x's sentences in language lb, each kept sentence swapped
 * with the next one SWAP_PCT% of the time (a sentence moves at most one
 * place). Every block of A not kept has no counterpart. set: "two-reports",
 * or "two-reports-near" when y shares x's topic. */
static void
gen_two_reports(struct gen_ctx *g, const struct article *x, const struct article *y, int la,
		int lb, const char *set)
{
	struct pair_out p = { 0 };
	char langs[16], name[256];
	size_t n = x->lang[la].n, keep = (n + 1) / 2;

	pair_langs(la, lb, langs, sizeof langs);
	snprintf(name, sizeof name, "%s+%s.%s.two-reports", x->stem, y->stem, langs);
	uint64_t rng = rng_seed(name);
	size_t *order = xcalloc(n, sizeof *order);
	bool *kept = xcalloc(n, sizeof *kept);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 0; i < keep; i++) { /* a partial Fisher-Yates draw */
		size_t j = i + rng_below(&rng, n - i), t = order[i];
		order[i] = order[j];
		order[j] = t;
		kept[order[i]] = true;
	}
	keep = 0;
	for (size_t i = 0; i < n; i++)
		if (kept[i])
			order[keep++] = i;
	for (size_t k = 0; k + 1 < keep; k++)
		if (rng_below(&rng, 100) < SWAP_PCT) {
			size_t t = order[k];
			order[k] = order[k + 1];
			order[k + 1] = t;
			k++;
		}
	for (size_t i = 0; i < n; i++)
		doc_out_add(&p.a, x->lang[la].v[i], NULL);
	for (size_t i = 0; i < y->lang[la].n; i++)
		doc_out_add(&p.a, y->lang[la].v[i], NULL);
	for (size_t k = 0; k < keep; k++) {
		strbuf_printf(&p.gold, "link\t%zu\t%zu\n", order[k], k);
		doc_out_add(&p.b, x->lang[lb].v[order[k]], NULL);
	}
	for (size_t i = 0; i < n + y->lang[la].n; i++)
		if (i >= n || !kept[i])
			strbuf_printf(&p.gold, "only-a\t%zu\n", i);
	pair_emit(g, &p, name, set, langs);
	pair_out_free(&p);
	free(order);
	free(kept);
}

/* Parses "LINE\tKIND\tSOURCE\tCHANGED" into the gold text of a review pair;
 * *omitted[line] set for an omitted line. -1 with a message when malformed. */
static int
review_changes(const char *path, size_t nlines, bool *omitted, struct strbuf *gold)
{
	struct eval_lines ch;

	if (eval_lines_read(path, &ch) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < ch.n && rc == 0; i++) {
		char *s = ch.v[i], *end;
		if (!line_has_text(s) || s[0] == '#')
			continue;
		unsigned long line = strtoul(s, &end, 10);
		char *kind = *end == '\t' ? end + 1 : NULL;
		char *tab = kind ? strchr(kind, '\t') : NULL;
		size_t klen = tab ? (size_t)(tab - kind) : kind ? strlen(kind) : 0;
		bool known = false;
		static const char *const kinds[] = { "number", "date", "name", "omitted" };
		for (size_t k = 0; k < 4 && kind; k++)
			known |= strlen(kinds[k]) == klen && memcmp(kinds[k], kind, klen) == 0;
		if (line < 1 || line > nlines || !known) {
			fprintf(stderr, "eval: %s:%zu: not LINE<TAB>KIND<TAB>...\n", path, i + 1);
			rc = -1;
			break;
		}
		if (klen == 7) /* omitted */
			omitted[line - 1] = true;
		strbuf_printf(gold, "change\t%lu\t%.*s\t%s\n", line, (int)klen, kind,
			      tab ? tab + 1 : "");
	}
	eval_lines_free(&ch);
	return rc;
}

/* The review pair of file NAME.LANG.changed in review_dir: the English
 * source against it; gold: the links (omitted lines only in A) and the
 * planted changes. */
static void
gen_review(struct gen_ctx *g, const char *review_dir, const char *file, struct article *arts,
	   size_t narts)
{
	const char *dot = strchr(file, '.');
	size_t stem_len = dot ? (size_t)(dot - file) : 0;
	const struct article *x = NULL;
	char lang[16], name[256];
	struct strbuf path = STRBUF_INIT;
	struct eval_lines changed = { 0 };
	struct pair_out p = { 0 };

	for (size_t k = 0; k < narts && stem_len; k++)
		if (strlen(arts[k].stem) == stem_len && memcmp(arts[k].stem, file, stem_len) == 0)
			x = &arts[k];
	if (x == NULL || sscanf(dot + 1, "%15[a-z].changed", lang) != 1) {
		fprintf(stderr, "eval: %s/%s: no article %.*s in src: left out\n", review_dir, file,
			(int)stem_len, file);
		return;
	}
	const struct eval_lines *en = &x->lang[LANG_EN];
	bool *omitted = xcalloc(en->n, sizeof *omitted);
	strbuf_printf(&path, "%s/%s", review_dir, file);
	if (eval_lines_read(path.data, &changed) < 0)
		goto out;
	strbuf_reset(&path);
	strbuf_printf(&path, "%s/%.*s.%s.changes", review_dir, (int)stem_len, file, lang);
	if (review_changes(path.data, en->n, omitted, &p.gold) < 0)
		goto out;
	size_t nomitted = 0;
	bool blank = false;
	for (size_t i = 0; i < en->n; i++)
		nomitted += omitted[i];
	for (size_t i = 0; i < changed.n; i++)
		blank |= !line_has_text(changed.v[i]);
	if (changed.n + nomitted != en->n || blank) {
		fprintf(stderr, "eval: %s/%s: %zu lines, %zu expected (%s.en less the omitted), "
			"or a blank line: left out\n", review_dir, file, changed.n, en->n - nomitted,
			x->stem);
		goto out;
	}
	for (size_t i = 0; i < en->n; i++) {
		doc_out_add(&p.a, en->v[i], NULL);
		if (omitted[i]) {
			strbuf_printf(&p.gold, "only-a\t%zu\n", i);
			continue;
		}
		strbuf_printf(&p.gold, "link\t%zu\t%zu\n", i, p.b.nblocks);
		doc_out_add(&p.b, changed.v[p.b.nblocks], NULL);
	}
	char langs[24];
	snprintf(langs, sizeof langs, "en-%s", lang);
	snprintf(name, sizeof name, "%s.%s.review", x->stem, langs);
	pair_emit(g, &p, name, "review", langs);
out:
	pair_out_free(&p);
	eval_lines_free(&changed);
	free(omitted);
	strbuf_free(&path);
}

/* qsort order of file names. */
static int
cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The names in dir ending with suffix, sorted (owned by the caller). */
static char **
list_dir(const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	size_t sl = strlen(suffix);

	*n = 0;
	if (d == NULL)
		return NULL;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t len = strlen(e->d_name);
		if (len <= sl || strcmp(e->d_name + len - sl, suffix) != 0 || e->d_name[0] == '.')
			continue;
		v = xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_names);
	return v;
}

/* Loads the articles, writes every pair of every article, then the review
 * pairs, then the list. */
int
eval_generate(const char *data_dir, const char *out_dir)
{
	struct gen_ctx g = { .out_dir = out_dir };
	struct strbuf path = STRBUF_INIT;
	size_t nfiles, narts = 0;

	strbuf_printf(&path, "%s/src", data_dir);
	char **files = list_dir(path.data, ".en", &nfiles);
	if (nfiles == 0) {
		fprintf(stderr, "eval: %s: no article (*.en)\n", path.data);
		strbuf_free(&path);
		return -1;
	}
	struct article *arts = xcalloc(nfiles, sizeof *arts);
	for (size_t k = 0; k < nfiles; k++) {
		files[k][strlen(files[k]) - 3] = '\0';
		if (article_load(path.data, files[k], &arts[narts]) == 0)
			article_find_names(&arts[narts++]);
		else
			article_free(&arts[narts]);
		free(files[k]);
	}
	free(files);
	strbuf_reset(&path);
	strbuf_printf(&path, "%s/docs", out_dir);
	if (make_dir(out_dir) < 0 || make_dir(path.data) < 0)
		g.failed = 1;
	strbuf_puts(&g.manifest, "# name\tset\tlangs\ta\tb\tgold\n");
	for (size_t k = 0; k < narts && !g.failed; k++) {
		const struct article *x = &arts[k];
		/* the other report: the next article, and the one sharing most
		 * names when that is another */
		const struct article *next = narts > 1 ? &arts[(k + 1) % narts] : NULL, *near = NULL;
		size_t best = NEAR_MIN_NAMES - 1;
		for (size_t j = 0; j < narts; j++)
			if (j != k && names_shared(x, &arts[j]) > best)
				best = names_shared(x, &arts[j]), near = &arts[j];
		for (size_t q = 0; q < EVAL_NPAIRS; q++) {
			int la = eval_pairs[q][0], lb = eval_pairs[q][1];
			if (!x->has[la] || !x->has[lb])
				continue;
			gen_clean(&g, x, la, lb);
			gen_perturbed(&g, x, la, lb);
			if (next != NULL && next->has[la])
				gen_two_reports(&g, x, next, la, lb,
						names_shared(x, next) >= NEAR_MIN_NAMES ? "two-reports-near"
										  : "two-reports");
			if (near != NULL && near != next && near->has[la])
				gen_two_reports(&g, x, near, la, lb, "two-reports-near");
		}
	}
	strbuf_reset(&path);
	strbuf_printf(&path, "%s/review", data_dir);
	size_t nreviews;
	char **reviews = list_dir(path.data, ".changed", &nreviews);
	for (size_t k = 0; k < nreviews; k++) {
		if (!g.failed)
			gen_review(&g, path.data, reviews[k], arts, narts);
		free(reviews[k]);
	}
	free(reviews);
	strbuf_reset(&path);
	strbuf_printf(&path, "%s/pairs.tsv", out_dir);
	if (!g.failed && write_file(path.data, g.manifest.data, g.manifest.len) < 0)
		g.failed = 1;
	for (size_t k = 0; k < narts; k++)
		article_free(&arts[k]);
	free(arts);
	strbuf_free(&path);
	strbuf_free(&g.manifest);
	return g.failed ? -1 : g.npairs;
}
