/* Search in the reader, between the keys and the search core: the prompt
 * and its incremental search (the first hit from the reading position at
 * once, the rest counted a slice at a time between keys), n and N across
 * the open documents in the focused one's order, and the sorted hits the
 * document panes highlight and the search pane lists. */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "reader/lib.h"
#include "tty/search_ui.h"
#include "tty/search_ui_int.h"
#include "text/lib.h"

#define SEARCH_SLICE (1u << 20)     /* bytes of text searched per step of the count */
#define SEARCH_BUDGET_MS 15.0       /* time the count takes between two looks at the keys */
#define SEARCH_CONTEXT 256          /* bytes before a range where a hit into it may start */
#define SEARCH_ASYNC_MIN (4u << 20) /* bytes of text from which the thread searches */
#define SEARCH_ASYNC_POLL_MS 40     /* how often the loop looks at what the thread found */

/* True while a document is still loading in the background. */
static bool
search_ui_loading(const struct app *app)
{
	for (size_t i = 0; app->opts.loaders != NULL && i < app->ndocs; i++)
		if (app->opts.loaders[i].started)
			return true;
	return false;
}

struct search_ui *
search_ui_new(struct app *app)
{
	struct search_ui *s = xcalloc(1, sizeof *s);
	struct qerr err;

	if (app->opts.no_state)
		history_init(&s->hist);
	else if (!history_open(&s->hist, NULL, &err))
		app_message(app, true, "%s", err.msg);
	s->ndocs = app->ndocs;
	s->docs = xcalloc(app->ndocs, sizeof *s->docs);
	s->start_anchor = xcalloc(app->ndocs, sizeof *s->start_anchor);
	s->dir = s->last_dir = 1;
	s->app = app;
	size_t total = 0;
	for (size_t i = 0; i < app->ndocs; i++)
		total += app->docs[i]->len;
	s->async = total >= SEARCH_ASYNC_MIN || search_ui_loading(app);
	search_job_init(&s->job, app->ndocs);
	return s;
}

/* The stop hook of every query: a key or a signal waits, so a regular
 * expression gives the loop back at once. */
static bool
search_ui_stop(void *ctx)
{
	struct app *app = ctx;

	return term_key_waiting(&app->term);
}

/* Compiles a query bounded in time and stopped by any key. */
static struct search_query *
search_ui_query(struct app *app, const char *text, unsigned flags, struct qerr *err)
{
	struct search_query *q = search_query_new(text, flags, err);

	if (q != NULL)
		search_query_set_limit(q, SEARCH_REGEX_MS, SEARCH_REGEX_MS_PER_MB,
				       search_ui_stop, app);
	return q;
}

bool
search_ui_slow(const struct search_ui *s)
{
	if (s->async)
		return s->q != NULL && s->progress.slow;
	return s->q != NULL && search_query_status(s->q) == SEARCH_TIMEOUT;
}

/* Says once on the status line that the query took too long. */
static void
search_ui_tell_slow(struct app *app)
{
	struct search_ui *s = app->search;

	if (s->told_slow || !search_ui_slow(s))
		return;
	s->told_slow = true;
	app_message(app, true, "regex %s took too long (over %.0f ms), search stopped",
		    search_query_text(s->q),
		    s->async ? s->progress.slow_ms : search_query_timeout_ms(s->q));
}

/* The thread: folds every text it was given. */
static void *
search_ui_prepare_run(void *arg)
{
	struct search_ui *s = arg;

	for (size_t i = 0; i < s->nprep; i++)
		search_text_prepare(s->prep[i]);
	atomic_store(&s->prepared, true);
	return NULL;
}

/* Waits for the folding thread, if one runs. */
static void
search_ui_join(struct search_ui *s)
{
	if (!s->preparing)
		return;
	pthread_join(s->thread, NULL);
	s->preparing = false;
	free(s->prep);
	s->prep = NULL;
	s->nprep = 0;
}

/* Forgets the hits of every document (the query changed). */
static void
search_ui_reset_hits(struct search_ui *s)
{
	for (size_t i = 0; i < s->ndocs; i++) {
		s->docs[i].hits.n = 0;
		s->docs[i].done_to = 0;
		s->docs[i].vis_ok = false;
	}
	s->have_cur = false;
}

void
search_ui_free(struct search_ui *s)
{
	struct qerr err;

	if (s == NULL)
		return;
	search_ui_join(s);
	search_job_free(&s->job);
	if (!history_save(&s->hist, &err))
		fprintf(stderr, "qarin: %s\n", err.msg);
	history_free(&s->hist);
	if (s->prompting)
		prompt_free(&s->prompt);
	search_query_free(s->q);
	free(s->last);
	for (size_t i = 0; i < s->ndocs; i++) {
		search_text_free(s->docs[i].text);
		search_hits_free(&s->docs[i].hits);
		search_hits_free(&s->docs[i].vis);
	}
	free(s->docs);
	free(s->start_anchor);
	free(s);
}

/* The searchable text of document i, made on first use. */
static struct search_text *
search_ui_text(struct app *app, size_t i)
{
	struct search_ui *s = app->search;

	if (s->docs[i].text == NULL)
		s->docs[i].text = search_text_new(app->docs[i]);
	return s->docs[i].text;
}

/* The k-th document in the order hits are stepped through. */
static size_t
search_ui_doc_at(const struct search_ui *s, size_t k)
{
	return (s->first + k) % s->ndocs;
}

/* Where document i comes in that order. */
static size_t
search_ui_rank(const struct search_ui *s, size_t i)
{
	return (i + s->ndocs - s->first) % s->ndocs;
}

bool
search_ui_busy(const struct search_ui *s)
{
	if (s != NULL && s->async)
		return s->q != NULL && !s->progress.slow && !s->cancelled &&
		       (s->job_gen == 0 || s->restart || !s->progress.finished ||
			search_ui_loading(s->app));
	if (s != NULL && s->preparing)
		return true;
	if (s == NULL || s->q == NULL || search_ui_slow(s))
		return false;
	if (s->pending)
		return true;
	for (size_t i = 0; i < s->ndocs; i++)
		if (s->docs[i].text == NULL || s->docs[i].done_to < SIZE_MAX)
			return true;
	return false;
}

bool
search_ui_counted(const struct search_ui *s)
{
	if (s->async && s->cancelled)
		return false;
	return s->q != NULL && !search_ui_busy(s);
}

size_t
search_ui_count(const struct search_ui *s)
{
	size_t n = 0;

	if (s->q == NULL)
		return 0;
	for (size_t i = 0; i < s->ndocs; i++)
		n += s->docs[i].hits.n;
	return n;
}

bool
search_ui_get(const struct search_ui *s, size_t k, struct search_hit *hit)
{
	if (s->q == NULL)
		return false;
	for (size_t r = 0; r < s->ndocs; r++) {
		const struct search_doc *d = &s->docs[search_ui_doc_at(s, r)];
		if (k < d->hits.n) {
			*hit = d->hits.v[k];
			hit->doc = search_ui_doc_at(s, r);
			return true;
		}
		k -= d->hits.n;
	}
	return false;
}

/* Index of the first hit of d starting at or after off. */
static size_t
search_ui_lower(const struct search_hits *h, size_t off)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
search_ui_current(const struct search_ui *s)
{
	size_t k = 0;

	if (!s->have_cur || s->q == NULL)
		return SIZE_MAX;
	for (size_t r = 0; r < s->ndocs; r++) {
		size_t i = search_ui_doc_at(s, r);
		const struct search_doc *d = &s->docs[i];
		if (i == s->cur.doc) {
			if (d->done_to <= s->cur.start)
				return SIZE_MAX; /* not counted yet */
			size_t j = search_ui_lower(&d->hits, s->cur.start);
			return j < d->hits.n && d->hits.v[j].start == s->cur.start ? k + j : SIZE_MAX;
		}
		if (d->done_to != SIZE_MAX)
			return SIZE_MAX;
		k += d->hits.n;
	}
	return SIZE_MAX;
}

/* Says where the current hit stands: "match 3 of 17". */
static void
search_ui_report(struct app *app, const char *prefix)
{
	struct search_ui *s = app->search;
	size_t k = search_ui_current(s);

	if (!search_ui_counted(s)) {
		app_message(app, false, "%s%smatch (counting...)", prefix, prefix[0] ? ", " : "");
		s->announce = true;
		return;
	}
	if (k == SIZE_MAX)
		app_message(app, false, "%s%s%zu matches", prefix, prefix[0] ? ", " : "",
			    search_ui_count(s));
	else
		app_message(app, false, "%s%smatch %zu of %zu", prefix, prefix[0] ? ", " : "",
			    k + 1, search_ui_count(s));
	s->announce = false;
}

/* Makes hit the current one and brings it on screen in its document;
 * focus: give that document the focus. */
static void
search_ui_show(struct app *app, const struct search_hit *hit, bool focus)
{
	struct search_ui *s = app->search;

	s->cur = *hit;
	s->have_cur = true;
	if (focus && app->focus != hit->doc)
		app_focus_doc(app, hit->doc);
	pane_doc_show_offset(app->doc_panes[hit->doc], hit->start);
	if (hit->doc == app->focus)
		app_sync_others(app);
	s->pane->dirty = true;
}

/* The rank after r in the direction dir, round the documents; sets
 * *wrapped when it goes round. */
static size_t
search_ui_rank_step(const struct search_ui *s, size_t r, int dir, bool *wrapped)
{
	if (dir > 0) {
		if (r + 1 == s->ndocs)
			*wrapped = true;
		return (r + 1) % s->ndocs;
	}
	if (r == 0)
		*wrapped = true;
	return (r + s->ndocs - 1) % s->ndocs;
}

/* The next hit after (dir > 0) or before the current one, across the
 * documents in order, wrapping around; false when there is none at all.
 * *wrapped says it went past the last (or first) document's end. */
static bool
search_ui_step(struct app *app, size_t doc, size_t off, bool inclusive, int dir,
	       struct search_hit *hit, bool *wrapped)
{
	struct search_ui *s = app->search;
	size_t r = search_ui_rank(s, doc);

	*wrapped = false;
	for (size_t n = 0; n <= s->ndocs; n++) {
		size_t i = search_ui_doc_at(s, r);
		if (search_find_next(s->q, search_ui_text(app, i), off, dir, inclusive, hit)) {
			hit->doc = i;
			return true;
		}
		if (search_query_status(s->q) != SEARCH_OK)
			return false; /* stopped by a key, or too slow */
		/* On to the next document, from its start (or end). */
		r = search_ui_rank_step(s, r, dir, wrapped);
		i = search_ui_doc_at(s, r);
		off = dir > 0 ? 0 : app->docs[i]->len;
		inclusive = true;
	}
	return false;
}

/* What the hits found so far say about the next hit. */
enum search_ui_known {
	SEARCH_UI_FOUND,
	SEARCH_UI_NONE,    /* there is none at all */
	SEARCH_UI_UNKNOWN, /* not searched that far yet */
};

/* search_ui_step over the hits the thread found so far: the same hit once
 * every document is searched, and no scan on the loop's thread. */
static enum search_ui_known
search_ui_step_found(struct app *app, size_t doc, size_t off, bool inclusive, int dir,
		     struct search_hit *hit, bool *wrapped)
{
	struct search_ui *s = app->search;
	size_t r = search_ui_rank(s, doc);

	*wrapped = false;
	for (size_t n = 0; n <= s->ndocs; n++) {
		size_t i = search_ui_doc_at(s, r);
		const struct search_doc *d = &s->docs[i];
		if (dir > 0) {
			size_t k = search_ui_lower(&d->hits, inclusive ? off : off + 1);
			if (k < d->hits.n) {
				*hit = d->hits.v[k];
				hit->doc = i;
				return SEARCH_UI_FOUND;
			}
			if (d->done_to != SIZE_MAX)
				return SEARCH_UI_UNKNOWN;
		} else {
			size_t to = inclusive ? off + 1 : off; /* hits starting before it */
			if (d->done_to != SIZE_MAX && d->done_to < to)
				return SEARCH_UI_UNKNOWN;
			size_t k = search_ui_lower(&d->hits, to);
			if (k > 0) {
				*hit = d->hits.v[k - 1];
				hit->doc = i;
				return SEARCH_UI_FOUND;
			}
		}
		/* On to the next document, from its start (or end). */
		r = search_ui_rank_step(s, r, dir, wrapped);
		i = search_ui_doc_at(s, r);
		off = dir > 0 ? 0 : app->docs[i]->len;
		inclusive = true;
	}
	return SEARCH_UI_NONE;
}

/* Hands the query to the search thread, every document from its start;
 * the hits found so far are dropped, the current hit is kept. */
static void
search_ui_job_start(struct app *app)
{
	struct search_ui *s = app->search;
	struct search_text **texts = xcalloc(s->ndocs, sizeof *texts);
	size_t *lens = xcalloc(s->ndocs, sizeof *lens);

	for (size_t r = 0; r < s->ndocs; r++) {
		size_t i = search_ui_doc_at(s, r);
		texts[r] = search_ui_text(app, i);
		lens[r] = app->docs[i]->len;
		s->docs[i].hits.n = 0;
		s->docs[i].done_to = 0;
		s->docs[i].vis_ok = false;
	}
	s->job_first = s->first;
	s->job_gen = search_job_start(&s->job, search_query_text(s->q), search_query_flags(s->q),
				      texts, lens);
	memset(&s->progress, 0, sizeof s->progress);
	s->cancelled = false;
	s->restart = false;
	free(texts);
	free(lens);
}

/* Stops the search thread's request: no query, or a new one to come. */
static void
search_ui_job_stop(struct search_ui *s)
{
	if (s->job_gen == 0)
		return;
	search_job_stop(&s->job);
	s->job_gen = 0;
	memset(&s->progress, 0, sizeof s->progress);
}

/* Shows the first hit from where the prompt was opened; when a key stops
 * the search, it is pending again. */
static void
search_ui_first(struct app *app)
{
	struct search_ui *s = app->search;
	struct search_hit hit;
	bool wrapped;

	if (search_ui_step(app, s->start_focus, s->start_anchor[s->start_focus], true, s->dir,
			   &hit, &wrapped))
		search_ui_show(app, &hit, true);
	else if (search_query_status(s->q) == SEARCH_STOPPED)
		s->pending = true;
}

/* Sets the query the prompt holds: hits reset, the first one from where
 * the prompt was opened shown at once, or, for a regular expression,
 * once the frame with the typed key is drawn. */
static void
search_ui_update(struct app *app)
{
	struct search_ui *s = app->search;
	struct qerr err;

	search_query_free(s->q);
	s->q = NULL;
	s->told_slow = false;
	s->error[0] = '\0';
	search_ui_reset_hits(s);
	search_ui_job_stop(s);
	s->want_first = false;
	s->want_step = 0;
	/* Back to where the search started, then on to the first hit. */
	for (size_t i = 0; i < app->ndocs; i++)
		pane_doc_goto_offset(app->doc_panes[i], s->start_anchor[i]);
	if (app->focus != s->start_focus)
		app_focus_doc(app, s->start_focus);
	if (s->prompt.len == 0)
		return;
	s->q = search_ui_query(app, s->prompt.buf, s->prompt.flags, &err);
	if (s->q == NULL) {
		snprintf(s->error, sizeof s->error, "%s", err.msg);
		return;
	}
	s->first = s->start_focus;
	s->dir = s->prompt_dir;
	if (s->async) {
		/* The first hit shows once the thread has found it. */
		search_ui_job_start(app);
		s->want_first = true;
		return;
	}
	/* Searched once the folding thread is done, or after the frame. */
	s->pending = s->preparing || (s->prompt.flags & SEARCH_REGEX);
	if (!s->pending)
		search_ui_first(app);
}

/* Opens the prompt for a search in direction dir. */
static void
search_ui_open(struct app *app, int dir)
{
	struct search_ui *s = app->search;

	prompt_init(&s->prompt, &s->hist, s->flags);
	s->prompting = true;
	s->prompt_dir = dir;
	s->error[0] = '\0';
	s->start_focus = app->focus;
	s->start_nav_focused = app->nav_focused;
	for (size_t i = 0; i < app->ndocs; i++)
		s->start_anchor[i] = pane_doc_anchor(app->doc_panes[i]);
	if (s->preparing || s->async)
		return; /* the search thread folds what it searches */
	/* Fold what was never searched in the background, the focused
	 * document first. */
	s->prep = xcalloc(app->ndocs, sizeof *s->prep);
	for (size_t k = 0; k < app->ndocs; k++) {
		size_t i = (app->focus + k) % app->ndocs;
		if (s->docs[i].text == NULL) {
			s->docs[i].text = search_text_new(app->docs[i]);
			s->prep[s->nprep++] = s->docs[i].text;
		}
	}
	atomic_store(&s->prepared, false);
	if (s->nprep == 0 || pthread_create(&s->thread, NULL, search_ui_prepare_run, s) != 0) {
		free(s->prep); /* nothing to fold, or fold on first use */
		s->prep = NULL;
		s->nprep = 0;
		return;
	}
	s->preparing = true;
}

/* Sets the last accepted query again (after Esc), without moving. */
static void
search_ui_restore_last(struct app *app)
{
	struct search_ui *s = app->search;
	struct qerr err;

	search_query_free(s->q);
	s->q = NULL;
	s->told_slow = false;
	search_ui_reset_hits(s);
	search_ui_job_stop(s);
	s->want_first = false;
	s->want_step = 0;
	if (s->last != NULL) {
		s->q = search_ui_query(app, s->last, s->last_flags, &err);
		s->dir = s->last_dir;
		s->first = app->focus;
		if (s->async && s->q != NULL)
			search_ui_job_start(app);
	}
}

/* n and N over the hits the search thread found so far: when it has not
 * got that far yet, the step is taken once it has. */
static int
search_ui_next_found(struct app *app, int dir)
{
	struct search_ui *s = app->search;
	struct search_hit hit;
	bool wrapped;
	size_t doc = app->focus, off = pane_doc_anchor(app->doc_panes[app->focus]);
	bool inclusive = true;

	s->want_step = 0;
	if (s->cancelled || (s->job_gen == 0 && !s->restart))
		search_ui_job_start(app); /* Esc stopped it: search again */
	if (s->have_cur) {
		doc = s->cur.doc;
		off = s->cur.start;
		inclusive = false;
	}
	switch (search_ui_step_found(app, doc, off, inclusive, dir, &hit, &wrapped)) {
	case SEARCH_UI_UNKNOWN:
		if (!search_ui_slow(s)) {
			s->want_step = dir; /* the status line says how far it got */
			return PANE_HANDLED | PANE_REDRAW;
		}
		s->told_slow = false;
		search_ui_tell_slow(app);
		return PANE_HANDLED | PANE_REDRAW;
	case SEARCH_UI_NONE:
		if (search_ui_loading(app)) {
			s->want_step = dir; /* the rest of a document may hold one */
			return PANE_HANDLED | PANE_REDRAW;
		}
		s->have_cur = false;
		app_message(app, true, "no match for %s", search_query_text(s->q));
		return PANE_HANDLED | PANE_REDRAW;
	case SEARCH_UI_FOUND:
	default:
		break;
	}
	if (s->have_cur && hit.doc == s->cur.doc && hit.start == s->cur.start)
		wrapped = true; /* the only hit */
	search_ui_show(app, &hit, true);
	search_ui_report(app, wrapped ? dir > 0 ? "search wrapped to the top"
			 : "search wrapped to the bottom" : "");
	return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
}

/* Goes to the next hit in direction dir (n and N). */
static int
search_ui_next(struct app *app, int dir)
{
	struct search_ui *s = app->search;
	struct search_hit hit;
	bool wrapped;
	size_t doc = app->focus, off = pane_doc_anchor(app->doc_panes[app->focus]);
	bool inclusive = true;

	if (s->q == NULL) {
		app_message(app, true, "no search yet: / searches forward, ? backward");
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (s->async)
		return search_ui_next_found(app, dir);
	search_ui_join(s);
	if (s->have_cur) {
		doc = s->cur.doc;
		off = s->cur.start;
		inclusive = false;
	}
	if (!search_ui_step(app, doc, off, inclusive, dir, &hit, &wrapped)) {
		if (search_ui_slow(s)) {
			s->told_slow = false;
			search_ui_tell_slow(app);
		} else if (search_query_status(s->q) == SEARCH_STOPPED) {
			app_message(app, false, "search interrupted");
		} else {
			s->have_cur = false;
			app_message(app, true, "no match for %s", search_query_text(s->q));
		}
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (s->have_cur && hit.doc == s->cur.doc && hit.start == s->cur.start)
		wrapped = true; /* the only hit */
	search_ui_show(app, &hit, true);
	search_ui_report(app, wrapped ? dir > 0 ? "search wrapped to the top"
			 : "search wrapped to the bottom" : "");
	return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
}

/* Closes the prompt, accepting the query or going back to the start. */
static int
search_ui_close(struct app *app, bool accept)
{
	struct search_ui *s = app->search;
	char *text = xstrdup(s->prompt.buf);
	unsigned flags = s->prompt.flags;

	s->flags = flags;
	if (accept && s->pending) {
		/* Enter before the folding (or the deferred search) was done:
		 * finish it and search now. */
		search_ui_join(s);
		s->pending = false;
		if (s->q != NULL)
			search_ui_first(app);
	}
	bool stopped = s->pending;
	s->pending = false;
	prompt_free(&s->prompt);
	s->prompting = false;
	if (!accept) {
		for (size_t i = 0; i < app->ndocs; i++)
			pane_doc_goto_offset(app->doc_panes[i], s->start_anchor[i]);
		app_focus_doc(app, s->start_focus);
		search_ui_restore_last(app);
		free(text);
		return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
	}
	if (text[0] == '\0') {
		/* An empty query repeats the last one, in the new direction. */
		free(text);
		if (s->last == NULL) {
			search_ui_restore_last(app);
			return PANE_HANDLED | PANE_REDRAW;
		}
		search_ui_restore_last(app);
		s->dir = s->last_dir = s->prompt_dir;
		return search_ui_next(app, s->dir);
	}
	history_add(&s->hist, text);
	free(s->last);
	s->last = text;
	s->last_flags = flags;
	s->last_dir = s->prompt_dir;
	if (s->error[0]) {
		app_message(app, true, "%s", s->error);
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (search_ui_slow(s)) {
		s->told_slow = false;
		search_ui_tell_slow(app);
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (stopped) {
		app_message(app, false, "search interrupted: n searches again");
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (s->async && s->q != NULL && s->want_first) {
		/* Not found yet: the status line says how far the search got. */
		s->announce = true;
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (s->q == NULL || !s->have_cur) {
		app_message(app, true, "no match for %s", text);
		return PANE_HANDLED | PANE_REDRAW;
	}
	search_ui_report(app, "");
	return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
}

int
search_ui_timeout(const struct search_ui *s)
{
	if (s == NULL || !search_ui_busy(s))
		return -1;
	if (s->async)
		return SEARCH_ASYNC_POLL_MS;
	return s->preparing ? 20 : 0;
}

bool
search_ui_prompting(const struct search_ui *s)
{
	return s != NULL && s->prompting;
}

int
search_ui_prompt_key(struct app *app, int key, bool is_function)
{
	struct search_ui *s = app->search;
	enum prompt_action a = keys_prompt_lookup(key, is_function);

	if (a == PROMPT_NONE) {
		if (is_function || key < 0x20 || key == 0x7f)
			return PANE_HANDLED;
		prompt_insert_char(&s->prompt, (unsigned)key);
		search_ui_update(app);
		return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
	}
	switch (prompt_do(&s->prompt, a)) {
	case PROMPT_R_TEXT:
	case PROMPT_R_MODE:
		search_ui_update(app);
		return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
	case PROMPT_R_ACCEPT:
		return search_ui_close(app, true);
	case PROMPT_R_CANCEL:
		return search_ui_close(app, false);
	case PROMPT_R_CURSOR:
	case PROMPT_R_NONE:
	default:
		return PANE_HANDLED | PANE_REDRAW;
	}
}

void
search_ui_paste(struct app *app, const uint32_t *text, size_t n)
{
	struct search_ui *s = app->search;

	if (!s->prompting || n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		prompt_insert_char(&s->prompt, text[i] < 0x20 || text[i] == 0x7f ? ' ' : text[i]);
	search_ui_update(app);
}

int
search_ui_action(struct app *app, enum key_action a)
{
	struct search_ui *s = app->search;

	switch (a) {
	case ACTION_SEARCH_FORWARD:
	case ACTION_SEARCH_BACKWARD:
		search_ui_open(app, a == ACTION_SEARCH_FORWARD ? 1 : -1);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_SEARCH_NEXT:
		return search_ui_next(app, s->dir);
	case ACTION_SEARCH_PREV:
		return search_ui_next(app, -s->dir);
	case ACTION_TOGGLE_SEARCH_PANE:
		if (!s->pane_visible) {
			s->pane_visible = s->pane_focused = true;
		} else if (s->pane_focused) {
			s->pane_visible = s->pane_focused = false;
		} else {
			s->pane_focused = true;
		}
		s->pane->focused = s->pane_focused;
		s->pane->dirty = true;
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return PANE_IGNORED;
	}
}

/* Takes what the search thread found since the last look; true when
 * anything changed. */
static bool
search_ui_take(struct app *app)
{
	struct search_ui *s = app->search;
	struct search_hits **out = xcalloc(s->ndocs, sizeof *out);
	size_t *done_to = xcalloc(s->ndocs, sizeof *done_to);
	struct search_job_progress p;
	bool changed = false;

	for (size_t r = 0; r < s->ndocs; r++)
		out[r] = &s->docs[(s->job_first + r) % s->ndocs].hits;
	size_t n0 = search_ui_count(s);
	if (search_job_take(&s->job, s->job_gen, out, done_to, &p)) {
		for (size_t r = 0; r < s->ndocs; r++) {
			struct search_doc *d = &s->docs[(s->job_first + r) % s->ndocs];
			changed = changed || d->done_to != done_to[r];
			d->done_to = done_to[r];
		}
		changed = changed || search_ui_count(s) != n0 ||
			  p.permille != s->progress.permille || p.finished != s->progress.finished;
		s->progress = p;
	}
	free(out);
	free(done_to);
	return changed;
}

/* The loop's side of a search on the thread: takes the hits found, shows
 * the first one and takes a waiting n or N once they are known, and says
 * the count when it is done. */
static bool
search_ui_poll_found(struct app *app)
{
	struct search_ui *s = app->search;
	struct search_hit hit;
	bool wrapped, changed = false;

	if (s->q == NULL)
		return false;
	if (s->restart && !s->cancelled) {
		search_ui_job_start(app); /* a document grew: all of it again */
		changed = true;
	}
	if (s->job_gen != 0 && !s->cancelled && search_ui_take(app)) {
		changed = true;
		s->pane->dirty = true;
	}
	if (s->want_first) {
		enum search_ui_known k =
			search_ui_step_found(app, s->start_focus, s->start_anchor[s->start_focus],
					     true, s->dir, &hit, &wrapped);
		if (k == SEARCH_UI_FOUND) {
			s->want_first = false;
			search_ui_show(app, &hit, true);
			changed = true;
		} else if (k == SEARCH_UI_NONE && !search_ui_loading(app)) {
			s->want_first = false;
			if (!s->prompting) {
				app_message(app, true, "no match for %s", search_query_text(s->q));
				s->announce = false;
			}
			changed = true;
		}
	}
	if (s->want_step && !s->prompting) {
		struct search_hit cur = s->cur;
		bool had = s->have_cur;
		search_ui_next_found(app, s->want_step);
		changed = changed || s->have_cur != had || cur.start != s->cur.start ||
			  cur.doc != s->cur.doc || s->want_step == 0;
	}
	if (!s->prompting)
		search_ui_tell_slow(app);
	if (!search_ui_busy(s) && s->announce && !s->prompting && !s->want_first) {
		if (s->have_cur)
			search_ui_report(app, "");
		s->announce = false;
		changed = true;
	}
	return changed;
}

bool
search_ui_poll(struct app *app)
{
	struct search_ui *s = app->search;
	double t0 = app_now_ms();
	bool changed = false;

	if (s->async)
		return search_ui_poll_found(app);
	if (!search_ui_busy(s))
		return false;
	if (s->preparing) {
		if (!atomic_load(&s->prepared))
			return false;
		search_ui_join(s);
		changed = true;
		if (s->q == NULL)
			return true;
	}
	if (s->pending) {
		/* The first hit of the prompt's query, after the frame. */
		s->pending = false;
		if (!s->prompting)
			return changed;
		search_ui_first(app);
		if (s->have_cur && s->cur.doc == app->focus)
			app_sync_others(app);
		if (s->pending)
			return true; /* a key waits: it comes first */
		changed = true;
	}
	for (size_t r = 0; r < s->ndocs; r++) {
		size_t i = search_ui_doc_at(s, r);
		struct search_doc *d = &s->docs[i];
		size_t len = app->docs[i]->len;
		struct search_text *t = search_ui_text(app, i);
		while (d->done_to != SIZE_MAX) {
			size_t to = len - d->done_to > SEARCH_SLICE ? d->done_to + SEARCH_SLICE : len;
			size_t n0 = d->hits.n;
			search_find_range(s->q, t, d->done_to, to, &d->hits);
			if (search_query_status(s->q) != SEARCH_OK) {
				d->hits.n = n0; /* the slice again later, or never */
				changed = true;
				goto out;
			}
			d->done_to = to == len ? SIZE_MAX : to;
			changed = true;
			if (app_now_ms() - t0 > SEARCH_BUDGET_MS)
				goto out;
		}
	}
out:
	if (changed)
		s->pane->dirty = true;
	if (!s->prompting)
		search_ui_tell_slow(app);
	if (!search_ui_busy(s) && s->announce && !s->prompting) {
		search_ui_report(app, "");
		changed = true;
	}
	return changed || s->prompting;
}

void
search_ui_doc_replaced(struct app *app, size_t i)
{
	struct search_ui *s = app->search;

	if (s->async) {
		/* The thread lets go of the old text; the new document is
		 * searched whole from the next poll on. */
		search_job_wait(&s->job);
		s->job_gen = 0;
		search_text_free(s->docs[i].text);
		s->docs[i].text = NULL;
		for (size_t k = 0; k < s->ndocs; k++) {
			s->docs[k].hits.n = 0;
			s->docs[k].done_to = 0;
			s->docs[k].vis_ok = false;
		}
		s->restart = s->q != NULL;
		return;
	}
	search_ui_join(s);
	search_text_free(s->docs[i].text);
	s->docs[i].text = NULL;
	s->docs[i].hits.n = 0;
	s->docs[i].done_to = 0;
	s->docs[i].vis_ok = false;
	if (s->have_cur && s->cur.doc == i)
		s->have_cur = false;
}

size_t
search_ui_hits(struct app *app, size_t doc, size_t from, size_t to,
	       const struct search_hit **v, const struct search_hit **cur)
{
	struct search_ui *s = app->search;
	struct search_doc *d;

	*v = NULL;
	*cur = NULL;
	if (s == NULL || s->q == NULL || doc >= s->ndocs || s->preparing || s->pending)
		return 0; /* the frame first: the hits come with the next one */
	d = &s->docs[doc];
	if (s->have_cur && s->cur.doc == doc)
		*cur = &s->cur;
	if (s->async || d->done_to >= to) {
		/* (The thread's hits: those found so far.) */
		size_t k = search_ui_lower(&d->hits, from > SEARCH_CONTEXT ? from - SEARCH_CONTEXT : 0);
		size_t e = search_ui_lower(&d->hits, to);
		*v = d->hits.v + k;
		return e - k;
	}
	/* Not counted that far yet: search just this range. */
	if (!d->vis_ok || d->vis_from != from || d->vis_to != to) {
		d->vis.n = 0;
		search_find_range(s->q, search_ui_text(app, doc),
				  from > SEARCH_CONTEXT ? from - SEARCH_CONTEXT : 0, to, &d->vis);
		d->vis_from = from;
		d->vis_to = to;
		/* Stopped by a key: looked for again at the next frame. */
		d->vis_ok = search_query_status(s->q) == SEARCH_OK;
	}
	*v = d->vis.v;
	return d->vis.n;
}

const char *
search_ui_status(struct app *app)
{
	struct search_ui *s = app->search;
	const char *dots = app->opts.ascii ? "..." : "\xe2\x80\xa6";

	if (s == NULL || !s->async || s->prompting || !search_ui_busy(s))
		return NULL;
	if (s->progress.finished && !s->restart && s->job_gen != 0)
		snprintf(s->status, sizeof s->status,
			 "searching%s %zu matches so far, the rest when the document is loaded (Esc cancels)",
			 dots, search_ui_count(s));
	else
		snprintf(s->status, sizeof s->status, "searching%s %u%% (Esc cancels)", dots,
			 s->progress.permille / 10);
	return s->status;
}

int
search_ui_cancel_key(struct app *app)
{
	struct search_ui *s = app->search;

	if (s == NULL || !s->async || s->prompting || !search_ui_busy(s))
		return 0;
	search_ui_job_stop(s);
	s->cancelled = true;
	s->want_first = false;
	s->want_step = 0;
	s->announce = false;
	app_message(app, false, "search cancelled: %zu matches found so far (n searches again)",
		    search_ui_count(s));
	return PANE_HANDLED | PANE_REDRAW;
}

struct pane *
search_ui_pane(const struct search_ui *s)
{
	return s != NULL && s->pane_visible ? s->pane : NULL;
}

bool
search_ui_pane_focused(const struct search_ui *s)
{
	return s != NULL && s->pane_visible && s->pane_focused;
}

void
search_ui_select(struct app *app, size_t k, bool focus_doc)
{
	struct search_ui *s = app->search;
	struct search_hit hit;

	if (!search_ui_get(s, k, &hit))
		return;
	search_ui_show(app, &hit, true);
	if (focus_doc) {
		s->pane_focused = false;
		s->pane->focused = false;
	}
	search_ui_report(app, "");
}
