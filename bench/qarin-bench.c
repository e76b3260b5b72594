/* In-process benchmark of the core: ingest (doc_load_file) and layout of
 * every block at a width, timed with a monotonic clock, plus the memory the
 * model holds and the process's peak. Prints one line of key=value pairs
 * that bench/run.sh turns into a table. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "layout/lib.h"
#include "search/lib.h"
#include "text/lib.h"

/* A run shorter than this is repeated, and the best time kept. */
#define BENCH_MIN_SECONDS 0.5
#define BENCH_MAX_REPEATS 10

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#define BENCH_HAVE_MALLINFO2 1
#else
#define BENCH_HAVE_MALLINFO2 0
#endif

struct layout_totals {
	size_t rows;
	size_t cells;
};

/* Seconds on the monotonic clock. */
static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Bytes the heap holds in use right now, or 0 when the C library cannot say. */
static size_t
bench_heap_in_use(void)
{
#if BENCH_HAVE_MALLINFO2
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#else
	return 0;
#endif
}

/* What the model's own structures add up to: a cross-check of the heap figure. */
static size_t
bench_model_estimate(const struct doc *d)
{
	return d->len + 1 + d->blocks_cap * sizeof *d->blocks +
	       d->articles_cap * sizeof *d->articles + d->arena.used +
	       d->srcmap.cap * sizeof *d->srcmap.pts + d->srcmap.runcap * sizeof *d->srcmap.runs +
	       (size_t)d->nlines * (d->line_starts_wide ? sizeof(size_t) : sizeof(uint32_t));
}

/* Loads path, or exits with the error. */
static struct doc *
bench_load(const char *path, const struct doc_opts *opts)
{
	struct qerr err;
	struct doc *d = doc_load_file(path, opts, &err);

	if (d == NULL) {
		fprintf(stderr, "qarin-bench: %s\n", err.msg);
		exit(2);
	}
	return d;
}

/* Lays out every block of d once, discarding the result. */
static void
bench_layout(const struct doc *d, const struct layout_opts *o, struct layout_totals *t)
{
	t->rows = t->cells = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		struct layout_para *p = layout_block(&d->blocks[i], o);
		t->rows += p->nrows;
		t->cells += p->ncells;
		layout_para_free(p);
	}
}

/* ---- search: fold build and loose scans, timed apart (--search) ---- */

#define BENCH_MAX_QUERIES 8

/* Seconds of CPU time this thread used: the build's cost on a busy machine. */
static double
bench_cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Times building d's folded text, then each query over it (best of a few
 * runs), and prints key=value pairs: fold_s (fold_cpu_s in CPU time),
 * fold_bytes (heap the folded text and its map hold), then per query qN_s
 * and qN_hits. */
static void
bench_search(const struct doc *d, const char *const *queries, size_t nq, unsigned flags)
{
	size_t heap_before = bench_heap_in_use();
	struct search_text *t = search_text_new(d);
	double c0 = bench_cpu_now();
	double t0 = bench_now();
	search_text_prepare(t);
	double fold = bench_now() - t0;
	double fold_cpu = bench_cpu_now() - c0;
	size_t heap_after = bench_heap_in_use();
	size_t bytes = heap_after > heap_before ? heap_after - heap_before : 0;

	printf("size=%zu fold_s=%.6f fold_cpu_s=%.6f fold_bytes=%zu fold_estimate=%zu",
	       d->len, fold, fold_cpu,
	       BENCH_HAVE_MALLINFO2 ? bytes : search_text_size(t), search_text_size(t));
	for (size_t i = 0; i < nq; i++) {
		struct qerr err;
		struct search_query *q = search_query_new(queries[i], flags, &err);
		if (q == NULL) {
			fprintf(stderr, "qarin-bench: --search: %s\n", err.msg);
			exit(2);
		}
		struct search_hits hits = { 0 };
		double best = 0;
		int runs = 0;
		do {
			hits.n = 0;
			t0 = bench_now();
			search_find_all(q, t, &hits);
			double s = bench_now() - t0;
			if (runs == 0 || s < best)
				best = s;
			runs++;
		} while (best * runs < BENCH_MIN_SECONDS && runs < BENCH_MAX_REPEATS);
		printf(" q%zu_s=%.6f q%zu_hits=%zu", i + 1, best, i + 1, hits.n);
		search_hits_free(&hits);
		search_query_free(q);
	}
	putchar('\n');
	search_text_free(t);
}

/* ---- end of search ---- */

/* Says how to call the program. */
static void
usage(void)
{
	fputs("usage: qarin-bench [--width=N] [--no-shape] [--ingest-only] FILE\n"
	      "       qarin-bench --search=QUERY... [--exact|--regex] FILE\n"
	      "Times ingest and layout of FILE in process; prints key=value pairs.\n"
	      "With --ingest-only, layout is skipped (rows, cells and layout_s are 0).\n"
	      "With --search (up to 8), times the folded text's build and each query.\n",
	      stderr);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "no-shape", no_argument, NULL, 'n' },
		{ "ingest-only", no_argument, NULL, 'i' },
		{ "search", required_argument, NULL, 's' },
		{ "exact", no_argument, NULL, 'e' },
		{ "regex", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct layout_opts lo = { .width = 80, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };
	struct doc_opts dopts = { 0 };
	struct layout_totals totals = { 0, 0 };
	struct stat st;
	bool ingest_only = false;
	const char *queries[BENCH_MAX_QUERIES];
	size_t nq = 0;
	unsigned search_flags = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			lo.width = atoi(optarg);
			if (lo.width < 1) {
				fprintf(stderr, "qarin-bench: --width: '%s' is not a width\n", optarg);
				return 2;
			}
			break;
		case 'n':
			lo.shape = false;
			break;
		case 'i':
			ingest_only = true;
			break;
		case 's':
			if (nq == BENCH_MAX_QUERIES) {
				fputs("qarin-bench: at most 8 --search queries\n", stderr);
				return 2;
			}
			queries[nq++] = optarg;
			break;
		case 'e':
			search_flags |= SEARCH_EXACT;
			break;
		case 'r':
			search_flags |= SEARCH_REGEX;
			break;
		case 'h':
			usage();
			return 0;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage();
		return 2;
	}
	const char *path = argv[optind];
	if (stat(path, &st) != 0) {
		fprintf(stderr, "qarin-bench: %s: %s\n", path, strerror(errno));
		return 2;
	}
	setlocale(LC_ALL, "");
	if (!width_locale_is_utf8())
		setlocale(LC_CTYPE, "C.UTF-8"); /* the widths of a UTF-8 terminal */
	if (nq > 0) {
		struct doc *sd = bench_load(path, &dopts);
		bench_search(sd, queries, nq, search_flags);
		doc_free(sd);
		return 0;
	}

	/* Ingest: the best of a few runs for small files. The model of the
	 * last run is kept and measured. */
	double ingest = 0;
	int runs = 0;
	struct doc *d = NULL;
	size_t heap_before = 0, heap_after = 0;
	do {
		doc_free(d);
		d = NULL;
		heap_before = bench_heap_in_use();
		double t0 = bench_now();
		d = bench_load(path, &dopts);
		double t = bench_now() - t0;
		heap_after = bench_heap_in_use();
		if (runs == 0 || t < ingest)
			ingest = t;
		runs++;
	} while (ingest * runs < BENCH_MIN_SECONDS && runs < BENCH_MAX_REPEATS);
	size_t model = heap_after > heap_before ? heap_after - heap_before : 0;

	/* Layout of every block at the width, best of a few runs likewise. */
	double layout = 0;
	runs = 0;
	do {
		if (ingest_only)
			break;
		double t0 = bench_now();
		bench_layout(d, &lo, &totals);
		double t = bench_now() - t0;
		if (runs == 0 || t < layout)
			layout = t;
		runs++;
	} while (layout * runs < BENCH_MIN_SECONDS && runs < BENCH_MAX_REPEATS);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("file=%s size=%lld text=%zu articles=%zu blocks=%zu rows=%zu cells=%zu "
	       "ingest_s=%.6f layout_s=%.6f model_bytes=%zu model_estimate=%zu "
	       "maxrss_kb=%ld invalid=%zu encoding=%s\n",
	       path, (long long)st.st_size, d->len, d->narticles, d->nblocks,
	       totals.rows, totals.cells, ingest, layout,
	       BENCH_HAVE_MALLINFO2 ? model : bench_model_estimate(d),
	       bench_model_estimate(d), ru.ru_maxrss, d->invalid_count, d->encoding);
	doc_free(d);
	return 0;
}
