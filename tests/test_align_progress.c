/* The alignment's progress and cancelling hook (struct align_opts): the
 * share done reported from 0 to 1, the same alignment with or without the
 * hook, cancelling at every report giving NULL and "alignment cancelled"
 * (with nothing leaked, under ASan), and the programme's own tick. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "align/lib.h"
#include "ingest/lib.h"
#include "model/lib.h"
#include "text/lib.h"
#include "tap.h"

/* What the hook saw; it cancels at call stop_at (0: never). */
struct seen {
	size_t calls, stop_at, below_zero, above_one;
	double first, last;
};

static bool
record(void *ctx, double done)
{
	struct seen *s = ctx;

	if (s->calls == 0)
		s->first = done;
	s->last = done;
	s->calls++;
	s->below_zero += done < 0;
	s->above_one += done > 1;
	return s->stop_at == 0 || s->calls < s->stop_at;
}

static struct doc *
load(const char *dir, const char *name)
{
	char path[4096];
	struct qerr err;

	snprintf(path, sizeof path, "%s/parallel/%s", dir, name);
	struct doc *d = doc_load_file(path, NULL, &err);
	if (d == NULL)
		diag("%s", err.msg);
	return d;
}

/* Whether two alignments have the same links. */
static bool
same_links(const struct alignment *x, const struct alignment *y)
{
	if (x->nlinks != y->nlinks || x->nfindings != y->nfindings || x->mode != y->mode)
		return false;
	for (size_t k = 0; k < x->nlinks; k++)
		if (x->links[k].a != y->links[k].a || x->links[k].b != y->links[k].b ||
		    x->links[k].status != y->links[k].status)
			return false;
	return true;
}

/* The fixture's text repeated n times, as a document. */
static struct doc *
repeated(const char *dir, const char *name, int n)
{
	char path[4096];
	size_t len;
	struct qerr err;
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };

	snprintf(path, sizeof path, "%s/parallel/%s", dir, name);
	char *one = slurp(path, &len);
	if (one == NULL)
		return NULL;
	char *all = malloc(len * (size_t)n + 1);
	for (int k = 0; k < n; k++)
		memcpy(all + len * (size_t)k, one, len);
	struct doc *d = doc_load_memory(name, all, len * (size_t)n, &o, &err);
	free(one);
	free(all);
	return d;
}

/* The hook over the pair a, b (freed here) in a mode; min_calls: the least
 * number of reports the pair's size makes. */
static void
test_hook(struct doc *a, struct doc *b, enum align_mode mode, size_t min_calls, const char *what)
{
	struct qerr err;

	if (a == NULL || b == NULL) {
		ok(false, "%s: the pair loads", what);
		doc_free(a);
		doc_free(b);
		return;
	}
	struct align_opts plain = { .mode = mode };
	struct alignment *ref = align_docs(a, b, &plain, &err);
	struct seen s = { 0 };
	struct align_opts o = { .mode = mode, .progress = record, .progress_ctx = &s };
	struct alignment *al = align_docs(a, b, &o, &err);

	ok(al != NULL && ref != NULL && same_links(al, ref), "%s: the hook changes nothing", what);
	ok(s.calls >= min_calls, "%s: progress reported %zu times (at least %zu)", what, s.calls,
	   min_calls);
	ok(s.first == 0 && s.last == 1, "%s: from 0 to 1 (first %g, last %g)", what, s.first, s.last);
	ok(s.below_zero == 0 && s.above_one == 0, "%s: always within [0, 1]", what);
	align_free(al);

	/* Cancelling at each report in turn: NULL, and the message. */
	size_t total = s.calls, nulls = 0, said = 0;
	for (size_t k = 1; k <= total; k++) {
		struct seen c = { .stop_at = k };
		o.progress_ctx = &c;
		err.msg[0] = '\0';
		al = align_docs(a, b, &o, &err);
		nulls += al == NULL;
		said += strcmp(err.msg, "alignment cancelled") == 0;
		align_free(al);
	}
	ok(nulls == total, "%s: cancelled at any of the %zu reports, no alignment (%zu)", what, total, nulls);
	ok(said == total, "%s: and err says \"alignment cancelled\" (%zu)", what, said);
	align_free(ref);
	doc_free(a);
	doc_free(b);
}

/* The programme stops when its tick says so. */
static bool
tick_stop(void *ctx, double done)
{
	(void)done;
	return ++*(int *)ctx < 2;
}

static void
test_dp_tick(void)
{
	enum { N = 2000 };
	size_t *la = malloc(N * sizeof *la), *lb = malloc(N * sizeof *lb);
	int ticks = 0;

	for (size_t i = 0; i < N; i++)
		la[i] = lb[i] = 100 + i % 37;
	struct align_dp_input in = { .len_a = la, .len_b = lb, .na = N, .nb = N };
	struct align_bead *beads;
	size_t n = align_dp(&in, &beads);
	is_long((long)n, N, "the programme without a tick: one bead per unit");
	free(beads);
	in.tick = tick_stop;
	in.tick_ctx = &ticks;
	n = align_dp(&in, &beads);
	is_long((long)n, 0, "a tick that says stop: no beads");
	is_long(ticks, 2, "the tick is not called again once it said stop");
	free(beads);
	free(la);
	free(lb);
}

int
main(void)
{
	const char *fx = getenv("FIXTURES");

	if (fx == NULL)
		fx = "tests/fixtures";
	/* steps: A's anchors, B's, the programme, the mode's links, the
	 * findings, the whole */
	test_hook(load(fx, "fr-original.txt"), load(fx, "ar-translation.txt"), ALIGN_AUTO, 6, "auto");
	test_hook(load(fx, "fr-original.txt"), load(fx, "ar-translation.txt"), ALIGN_COMPARABLE, 6,
		  "comparable");
	/* ten copies: 320 paragraphs in A and 300 in B, a tick every 64
	 * blocks while extracting (5 and 4), and rows 0 and 256 of the
	 * programme's 321 */
	test_hook(repeated(fx, "fr-original.txt", 10), repeated(fx, "ar-translation.txt", 10),
		  ALIGN_PARALLEL, 6 + 5 + 4 + 2, "ten copies");
	test_dp_tick();
	return done_testing();
}
