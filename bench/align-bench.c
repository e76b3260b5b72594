/* Alignment benchmark: builds a parallel pair of at least a given size each
 * from the parallel test pair (its 1-1 paragraph pairs dealt in a fixed
 * pseudo-random order, numbered, with some paragraphs dropped from B and
 * some pairs merged), or reads two files, then times anchor extraction,
 * the alignment and the per-block lookups the comparison pane makes (the
 * best of three runs); or repeats one file to a given size and times the
 * extraction of its anchors and their pairing with themselves.
 * Usage: align-bench --pair FR AR SIZE | align-bench --anchors FILE SIZE |
 *        align-bench A B
 * Prints one line of name=value fields. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "align/lib.h"
#include "ingest/lib.h"
#include "text/lib.h"

#include "clock.h"

/* Reads a whole file (NULL when it cannot). */
static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return sb.data ? strbuf_steal(&sb) : xstrdup("");
}

/* Splits text into blank-line separated paragraphs (pointers into text). */
static size_t
paragraphs(char *text, char ***out)
{
	size_t n = 0, cap = 64;
	char **v = xmalloc(cap * sizeof *v);

	for (char *p = text; *p;) {
		while (*p == '\n')
			p++;
		if (!*p)
			break;
		char *e = strstr(p, "\n\n");
		if (n == cap)
			v = xreallocarray(v, cap *= 2, sizeof *v);
		v[n++] = p;
		if (e == NULL)
			break;
		*e = '\0';
		p = e + 2;
	}
	*out = v;
	return n;
}

static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Builds the pair from the test pair's first 11 paragraphs (which are 1-1). */
static void
make_pair(const char *fr_path, const char *ar_path, size_t size, struct strbuf *a,
	  struct strbuf *b, size_t *dropped, size_t *merged)
{
	size_t la, lb;
	char *ta = read_all(fr_path, &la), *tb = read_all(ar_path, &lb);
	char **pa, **pb;

	if (ta == NULL || tb == NULL) {
		fprintf(stderr, "align-bench: cannot read %s or %s\n", fr_path, ar_path);
		exit(2);
	}
	size_t na = paragraphs(ta, &pa), nb = paragraphs(tb, &pb);
	size_t pairs = na < nb ? na : nb;
	if (pairs > 11)
		pairs = 11; /* the test pair is 1-1 up to its dropped paragraph */
	uint64_t st = 0x9E3779B97F4A7C15ull;
	size_t k = 0;
	*dropped = *merged = 0;
	while (a->len < size || b->len < size) {
		size_t i = 1 + next_rand(&st) % (pairs - 1); /* not the title */
		k++;
		strbuf_printf(a, "%zu. %s\n\n", k, pa[i]);
		if (k % 97 == 0) { /* B leaves this one out */
			(*dropped)++;
			continue;
		}
		if (k % 89 == 0) { /* B merges it with the next one */
			size_t j = 1 + next_rand(&st) % (pairs - 1);
			k++;
			strbuf_printf(a, "%zu. %s\n\n", k, pa[j]);
			strbuf_printf(b, "%zu. %s %zu. %s\n\n", k - 1, pb[i], k, pb[j]);
			(*merged)++;
			continue;
		}
		strbuf_printf(b, "%zu. %s\n\n", k, pb[i]);
	}
	free(pa);
	free(pb);
	free(ta);
	free(tb);
}

/* Repeats the text of path, a blank line after each copy, to at least
 * size bytes, then times anchor extraction and the pairing of the anchors
 * with themselves, wall-clock and processor time, the best of three. */
static int
bench_anchors(const char *path, size_t size)
{
	size_t one;
	char *text = read_all(path, &one);
	struct strbuf big = STRBUF_INIT;
	struct qerr err;
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };

	if (text == NULL || one == 0) {
		fprintf(stderr, "align-bench: cannot read %s, or it is empty\n", path);
		free(text);
		return 2;
	}
	while (big.len < size) {
		strbuf_append(&big, text, one);
		strbuf_append(&big, "\n\n", 2);
	}
	free(text);
	struct doc *d = doc_load_memory("big.txt", big.data, big.len, &o, &err);
	if (d == NULL) {
		fprintf(stderr, "align-bench: %s\n", err.msg);
		strbuf_free(&big);
		return 2;
	}
	double ext = 1e9, ext_cpu = 1e9, pair = 1e9, pair_cpu = 1e9;
	size_t nanchors = 0, npairs = 0;
	for (int run = 0; run < 3; run++) {
		struct anchor_list l = { 0 };
		struct anchor_pairs p = { 0 };
		double w0 = now_s(), c0 = cpu_s();
		anchor_extract_doc(d, &l);
		double w1 = now_s(), c1 = cpu_s();
		anchor_pairs_find(&l, &l, &p);
		double w2 = now_s(), c2 = cpu_s();
		nanchors = l.n;
		npairs = p.n;
		anchor_pairs_free(&p);
		anchor_list_free(&l);
		if (w1 - w0 < ext)
			ext = w1 - w0;
		if (c1 - c0 < ext_cpu)
			ext_cpu = c1 - c0;
		if (w2 - w1 < pair)
			pair = w2 - w1;
		if (c2 - c1 < pair_cpu)
			pair_cpu = c2 - c1;
	}
	printf("size=%zu anchors=%zu pairs=%zu extract_s=%.3f extract_cpu_s=%.3f pair_s=%.3f "
	       "pair_cpu_s=%.3f\n", d->len, nanchors, npairs, ext, ext_cpu, pair, pair_cpu);
	doc_free(d);
	strbuf_free(&big);
	return 0;
}

int
main(int argc, char **argv)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;
	size_t dropped = 0, merged = 0;
	struct qerr err;
	struct doc *a, *b;
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };

	if (argc == 4 && strcmp(argv[1], "--anchors") == 0)
		return bench_anchors(argv[2], (size_t)strtoull(argv[3], NULL, 10));
	if (argc == 5 && strcmp(argv[1], "--pair") == 0) {
		make_pair(argv[2], argv[3], (size_t)strtoull(argv[4], NULL, 10), &sa, &sb, &dropped,
			  &merged);
		a = doc_load_memory("a.txt", sa.data, sa.len, &o, &err);
		b = a ? doc_load_memory("b.txt", sb.data, sb.len, &o, &err) : NULL;
	} else if (argc == 3) {
		a = doc_load_file(argv[1], NULL, &err);
		b = a ? doc_load_file(argv[2], NULL, &err) : NULL;
	} else {
		fputs("usage: align-bench --pair FR AR SIZE | align-bench --anchors FILE SIZE |\n"
		      "       align-bench A B\n", stderr);
		return 2;
	}
	if (a == NULL || b == NULL) {
		fprintf(stderr, "align-bench: %s\n", err.msg);
		return 2;
	}

	/* anchors alone, then the whole alignment (which extracts them again),
	 * then the alignment with the anchors given: the best of three each */
	struct anchor_list la = { 0 }, lb = { 0 };
	struct alignment *al = NULL;
	double t_anchors = 1e9, t_align = 1e9, t_given = 1e9;
	for (int run = 0; run < 3; run++) {
		anchor_list_free(&la);
		anchor_list_free(&lb);
		double t0 = now_s();
		anchor_extract_doc(a, &la);
		anchor_extract_doc(b, &lb);
		double t1 = now_s();
		align_free(al);
		al = align_docs(a, b, NULL, &err);
		double t2 = now_s();
		struct align_opts given = { .anchors_a = &la, .anchors_b = &lb };
		struct alignment *al2 = align_docs(a, b, &given, &err);
		double t3 = now_s();
		align_free(al2);
		if (t1 - t0 < t_anchors)
			t_anchors = t1 - t0;
		if (t2 - t1 < t_align)
			t_align = t2 - t1;
		if (t3 - t2 < t_given)
			t_given = t3 - t2;
	}

	/* the pane's per-focus lookups, on every block of A */
	size_t sink = 0, nlook = 0;
	double t4 = now_s();
	for (int rep = 0; rep < 20; rep++) {
		for (size_t i = 0; i < a->nblocks; i++) {
			size_t n, m;
			const size_t *l = align_links_of(al, ALIGN_SIDE_A, i, &n);
			const size_t *f = align_findings_of(al, ALIGN_SIDE_A, i, &m);
			sink += n + m + (n ? l[0] : 0) + (m ? f[0] : 0);
			sink += align_sync_map(al, a, a->blocks[i].src_off, b);
			nlook++;
		}
	}
	double t5 = now_s();

	printf("size_a=%zu size_b=%zu blocks_a=%zu blocks_b=%zu dropped=%zu merged=%zu mode=%s "
	       "fit=%.3f links=%zu findings=%zu only_a=%zu only_b=%zu anchors_s=%.3f align_s=%.3f "
	       "align_given_anchors_s=%.3f lookup_us=%.3f sink=%zu\n",
	       a->len, b->len, a->nblocks, b->nblocks, dropped, merged, align_mode_name(al->mode),
	       al->fit, al->nlinks, al->nfindings, al->summary.only_a, al->summary.only_b, t_anchors,
	       t_align, t_given, nlook ? (t5 - t4) * 1e6 / (double)nlook : 0.0, sink % 10);
	align_free(al);
	anchor_list_free(&la);
	anchor_list_free(&lb);
	doc_free(a);
	doc_free(b);
	strbuf_free(&sa);
	strbuf_free(&sb);
	return 0;
}
