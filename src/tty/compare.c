/* The comparison's model in the reader: aligning two documents (1 and 2
 * unless the user picks another pair) on a thread so the first frame never
 * waits and a big pair can be cancelled, and the terminal-free text and
 * marks the comparison pane and the document panes draw from it. Every
 * per-block answer costs the links, anchors and findings of that block. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tty/compare.h"
#include "tty/pane.h"
#include "lexicon/lib.h"
#include "text/lib.h"

/* Milliseconds on the monotonic clock. */
static double
compare_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

struct compare *
compare_new(void)
{
	struct compare *c = xcalloc(1, sizeof *c);

	atomic_init(&c->done, false);
	atomic_init(&c->permille, 0u);
	atomic_init(&c->cancel, false);
	c->doc_a = 0;
	c->doc_b = 1;
	c->marks_block = SIZE_MAX;
	c->jump_block = SIZE_MAX;
	return c;
}

/* Joins the thread and keeps (or drops, when stale) what it produced. */
static void
compare_join(struct compare *c)
{
	if (!c->running)
		return;
	pthread_join(c->thread, NULL);
	c->running = false;
}

void
compare_free(struct compare *c)
{
	if (c == NULL)
		return;
	compare_cancel(c); /* quitting need not wait for the whole alignment */
	compare_join(c);
	align_free(c->result);
	align_free(c->al);
	free(c->marks);
	free(c);
}

/* The alignment's progress hook, on the thread: keeps the share done for
 * the status line; false (stop) once cancelling was asked for. */
static bool
compare_progress(void *ctx, double done)
{
	struct compare *c = ctx;

	atomic_store(&c->permille, (unsigned)(done * 1000 + 0.5));
	return !atomic_load(&c->cancel);
}

/* The thread: aligns the pair. */
static void *
compare_run(void *arg)
{
	struct compare *c = arg;
	/* the dictionaries, as --compare uses them */
	struct lexicon *lx = lexicon_open(NULL);
	struct align_opts o = { .mode = ALIGN_AUTO, .lexicon = lx,
				.progress = compare_progress, .progress_ctx = c };

	c->result = align_docs(c->a, c->b, &o, &c->err);
	lexicon_free(lx);
	atomic_store(&c->done, true);
	return NULL;
}

/* Takes what the thread produced: the alignment, or a failure, or nothing
 * when cancelled (a result that came anyway is dropped). */
static void
compare_take(struct compare *c)
{
	c->took_ms = compare_now_ms() - c->started_ms;
	align_free(c->al);
	c->al = c->result;
	c->result = NULL;
	if (atomic_load(&c->cancel)) {
		align_free(c->al);
		c->al = NULL;
		c->cancelled = true;
	}
	c->failed = c->al == NULL && !c->cancelled;
}

bool
compare_poll(struct compare *c, const struct doc *a, const struct doc *b)
{
	if (c->running) {
		if (!atomic_load(&c->done))
			return false;
		compare_join(c);
		compare_take(c);
		return true;
	}
	if ((c->al != NULL || c->failed || c->cancelled) && c->a == a && c->b == b)
		return false;
	/* A new pair (or a document swapped in whole): align it. */
	align_free(c->al);
	c->al = NULL;
	c->failed = false;
	c->cancelled = false;
	c->a = a;
	c->b = b;
	atomic_store(&c->done, false);
	atomic_store(&c->cancel, false);
	atomic_store(&c->permille, 0u);
	c->shown_percent = 0;
	c->started_ms = compare_now_ms();
	if (pthread_create(&c->thread, NULL, compare_run, c) != 0) {
		/* No thread: align here rather than not at all. */
		compare_run(c);
		compare_take(c);
		return true;
	}
	c->running = true;
	return true;
}

bool
compare_busy(const struct compare *c)
{
	return c != NULL && c->running;
}

bool
compare_cancel(struct compare *c)
{
	if (!compare_busy(c) || atomic_load(&c->cancel))
		return false;
	atomic_store(&c->cancel, true);
	return true;
}

void
compare_set_pair(struct compare *c, size_t doc_a, size_t doc_b)
{
	if (c->doc_a == doc_a && c->doc_b == doc_b && !c->cancelled)
		return;
	compare_cancel(c);
	compare_join(c);
	align_free(c->result);
	c->result = NULL;
	align_free(c->al);
	c->al = NULL;
	c->failed = false;
	c->cancelled = false;
	c->a = c->b = NULL; /* compare_poll starts the new pair */
	c->doc_a = doc_a;
	c->doc_b = doc_b;
	c->marks_al = NULL;
	c->marks_block = SIZE_MAX;
	c->jump_block = SIZE_MAX;
}

bool
compare_side(const struct compare *c, size_t doc_index, enum align_side *side)
{
	if (c == NULL || c->al == NULL || (doc_index != c->doc_a && doc_index != c->doc_b))
		return false;
	*side = doc_index == c->doc_a ? ALIGN_SIDE_A : ALIGN_SIDE_B;
	return true;
}

void
compare_summary(const struct alignment *al, char *buf, size_t size)
{
	const struct align_summary *s = &al->summary;

	snprintf(buf, size, "aligned %.0f%%, only in A %zu, only in B %zu, mismatches %zu",
		 s->aligned_pct, s->only_a, s->only_b, s->mismatches);
}

/* Appends a line to t. */
static struct compare_line *
text_push(struct compare_text *t, const char *s, size_t len, bool owned, enum theme_role role)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	struct compare_line *l = &t->v[t->n++];
	*l = (struct compare_line){ .text = s, .len = len, .owned = owned, .role = role,
				    .max_rows = 1 };
	return l;
}

/* Appends a formatted line of one row. */
static void
text_printf(struct compare_text *t, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
text_printf(struct compare_text *t, enum theme_role role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	char *s = xmalloc((size_t)n + 1);
	memcpy(s, buf, (size_t)n + 1);
	text_push(t, s, (size_t)n, true, role);
}

void
compare_text_clear(struct compare_text *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].owned)
			free((char *)t->v[i].text);
		free((char *)t->v[i].text2);
	}
	t->n = 0;
}

/* The letter of a side. */
static char
side_letter(enum align_side side)
{
	return side == ALIGN_SIDE_A ? 'A' : 'B';
}

/* An anchor as written, at most max bytes of it, for a one-line listing. */
static int
anchor_text(const struct doc *doc, const struct anchor *an, const char **s)
{
	size_t len = an->len;

	*s = doc->text + an->start;
	if (an->start > doc->len)
		return 0;
	if (len > doc->len - an->start)
		len = doc->len - an->start;
	if (len > 48) {
		len = utf8_back(*s, 0, 48);
	}
	return (int)len;
}

/* How much of a block's text the pane lays out: a few screenfuls at most,
 * whatever the block's length. */
#define COMPARE_TEXT_BYTES 8192
/* Shared anchor pairs the pane lists at most. */
#define COMPARE_MAX_PAIRS 12

void
compare_describe(const struct alignment *al, enum align_side side, size_t block,
		 struct compare_text *out)
{
	const struct doc *self = side == ALIGN_SIDE_A ? al->a : al->b;
	const struct doc *other = side == ALIGN_SIDE_A ? al->b : al->a;
	const struct anchor_list *la = &al->anchors_a, *lb = &al->anchors_b;
	char sum[160];
	size_t nl, nf;

	compare_text_clear(out);
	compare_summary(al, sum, sizeof sum);
	text_printf(out, THEME_ROLE_HEADER, "%s (fit %.2f): %s", align_mode_name(al->mode),
		    al->fit, sum);
	if (block >= self->nblocks) {
		text_printf(out, THEME_ROLE_METADATA, "no block here");
		return;
	}
	const struct block *bk = &self->blocks[block];
	const size_t *links = align_links_of(al, side, block, &nl);
	const size_t *finds = align_findings_of(al, side, block, &nf);
	if (nl == 0) {
		text_printf(out, THEME_ROLE_METADATA, "%c line %u (%s): not compared",
			    side_letter(side), doc_block_line(self, bk), block_kind_name(bk->kind));
		return;
	}
	for (size_t k = 0; k < nl; k++) {
		const struct align_link *l = &al->links[links[k]];
		size_t ob = side == ALIGN_SIDE_A ? l->b : l->a;
		if (ob == ALIGN_NONE || ob >= other->nblocks) {
			text_printf(out, THEME_ROLE_MISMATCH, "%c line %u: only in %c, no counterpart in %s",
				    side_letter(side), doc_block_line(self, bk), side_letter(side), other->name);
			continue;
		}
		const struct block *ok = &other->blocks[ob];
		text_printf(out, l->status == ALIGN_MISMATCH ? THEME_ROLE_MISMATCH : THEME_ROLE_GUTTER,
			    "%c line %u -> %c line %u (%s): score %.2f, %s", side_letter(side),
			    doc_block_line(self, bk), side_letter(side == ALIGN_SIDE_A ? ALIGN_SIDE_B : ALIGN_SIDE_A),
			    doc_block_line(other, ok), other->name, l->score, align_status_name(l->status));
		struct compare_line *t = text_push(out, ok->text,
						   ok->len > COMPARE_TEXT_BYTES ? COMPARE_TEXT_BYTES : ok->len,
						   false, THEME_ROLE_TEXT);
		if (t->len < ok->len)
			t->len = utf8_back(ok->text, 0, t->len);
		t->rtl_ok = true;
		t->max_rows = 0;
	}
	/* The anchors both sides share, as each writes them: one pair a line,
	 * A's under A and B's under B, each in its own direction (a date in
	 * Arabic next to one in French reads right in both), each pair once. */
	size_t nshared = 0, shown = 0, more = 0, first_pair = out->n + 1;
	for (size_t k = 0; k < nl; k++)
		nshared += al->links[links[k]].nshared;
	text_printf(out, nshared ? THEME_ROLE_ANCHOR : THEME_ROLE_METADATA, "shared anchors: %s",
		    nshared ? "" : "none");
	for (size_t k = 0; k < nl; k++) {
		const struct align_link *l = &al->links[links[k]];
		for (size_t s = 0; s < l->nshared; s++) {
			const struct anchor_pair *pr = &l->shared[s];
			if (pr->a >= la->n || pr->b >= lb->n)
				continue;
			const char *ta, *tb;
			int na = anchor_text(al->a, &la->v[pr->a], &ta);
			int nb = anchor_text(al->b, &lb->v[pr->b], &tb);
			bool dup = false;
			for (size_t i = first_pair; i < out->n && !dup; i++)
				dup = out->v[i].len == (size_t)na && out->v[i].len2 == (size_t)nb &&
				      memcmp(out->v[i].text, ta, (size_t)na) == 0 &&
				      memcmp(out->v[i].text2, tb, (size_t)nb) == 0;
			if (dup)
				continue;
			if (shown == COMPARE_MAX_PAIRS) {
				more++;
				continue;
			}
			struct compare_line *pl = text_push(out, xstrndup(ta, (size_t)na), (size_t)na,
							    true, THEME_ROLE_ANCHOR);
			pl->text2 = xstrndup(tb, (size_t)nb);
			pl->len2 = (size_t)nb;
			pl->rtl_ok = true;
			shown++;
		}
	}
	if (more > 0)
		text_printf(out, THEME_ROLE_ANCHOR, "(%zu more)", more);
	if (shown > 0)
		out->v[first_pair - 1].len = strlen("shared anchors:"); /* no trailing blank */
	for (size_t k = 0; k < nf; k++) {
		const struct align_finding *f = &al->findings[finds[k]];
		/* Notes start with their kind ("date: ..."); say it otherwise. */
		size_t kl = strlen(align_finding_kind_name(f->kind));
		bool named = strncmp(f->note, align_finding_kind_name(f->kind), kl) == 0 &&
			     f->note[kl] == ':';
		text_printf(out, THEME_ROLE_MISMATCH, "! %s%s%s", named ? "" : align_finding_kind_name(f->kind),
			    named ? "" : ": ", f->note);
	}
}

/* Orders marks by start, mismatches first among equals. */
static int
mark_cmp(const void *x, const void *y)
{
	const struct compare_mark *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->role == THEME_ROLE_MISMATCH ? 0 : 1) - (b->role == THEME_ROLE_MISMATCH ? 0 : 1);
}

size_t
compare_marks(const struct alignment *al, enum align_side side, size_t block,
	      struct compare_mark *out, size_t max)
{
	const struct anchor_list *list = side == ALIGN_SIDE_A ? &al->anchors_a : &al->anchors_b;
	size_t first, na, nl, nf, n = 0;

	align_block_anchors(al, side, block, &first, &na);
	const size_t *links = align_links_of(al, side, block, &nl);
	const size_t *finds = align_findings_of(al, side, block, &nf);
	for (size_t k = 0; k < nl; k++) {
		const struct align_link *l = &al->links[links[k]];
		for (size_t s = 0; s < l->nshared; s++) {
			size_t i = side == ALIGN_SIDE_A ? l->shared[s].a : l->shared[s].b;
			if (i < first || i >= first + na || i >= list->n)
				continue;
			if (n < max)
				out[n] = (struct compare_mark){ list->v[i].start, list->v[i].len,
								THEME_ROLE_ANCHOR };
			n++;
		}
	}
	for (size_t k = 0; k < nf; k++) {
		const struct align_finding *f = &al->findings[finds[k]];
		size_t i = side == ALIGN_SIDE_A ? f->a_anchor : f->b_anchor;
		if (i == ALIGN_NONE || i >= list->n || list->v[i].block != block)
			continue;
		if (n < max)
			out[n] = (struct compare_mark){ list->v[i].start, list->v[i].len,
							THEME_ROLE_MISMATCH };
		n++;
	}
	if (n > max || n == 0)
		return n;
	qsort(out, n, sizeof *out, mark_cmp);
	/* One mark per range: the mismatch, sorted first, wins. */
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (w == 0 || out[w - 1].start != out[i].start || out[w - 1].len != out[i].len)
			out[w++] = out[i];
	return w;
}

bool
compare_mark_role(const struct compare_mark *m, size_t n, size_t src, size_t len,
		  enum theme_role *role)
{
	size_t lo = 0, hi = n;

	if (len == 0)
		len = 1;
	/* The first mark starting at or after src + len bounds the search. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m[mid].start < src + len)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool hit = false;
	for (size_t i = lo; i-- > 0;) {
		if (m[i].start + m[i].len > src) {
			if (!hit || m[i].role == THEME_ROLE_MISMATCH)
				*role = m[i].role;
			hit = true;
		}
		if (lo - i > 16)
			break; /* marks do not nest deeply: a bounded look back */
	}
	return hit;
}

const char *
compare_gutter_glyph(enum align_block_state st, bool ascii, enum theme_role *role)
{
	switch (st) {
	case ALIGN_BLOCK_ALIGNED:
		*role = THEME_ROLE_GUTTER;
		return ascii ? "|" : "\xe2\x94\x82"; /* │ */
	case ALIGN_BLOCK_ONLY:
		*role = THEME_ROLE_ANCHOR;
		return "+";
	case ALIGN_BLOCK_FINDING:
		*role = THEME_ROLE_MISMATCH;
		return "!";
	default:
		*role = THEME_ROLE_TEXT;
		return "";
	}
}
