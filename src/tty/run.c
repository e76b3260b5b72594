/* The reader's loop: starts the terminal and the panes, then reads keys
 * (and mouse events and pastes), gives each to the pane that has the keys
 * or to the app, polls what runs on threads between keys (loading,
 * counting hits, aligning), and draws the frame after each. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tty/app_int.h"
#include "tty/search_ui.h"
#include "tty/compare.h"
#include "text/lib.h"

static int app_key(struct app *app, int key, bool is_function);

/* Handles a mouse event: the wheel scrolls the pane under the pointer, a
 * click focuses it and looks up the word clicked. */
static int
app_mouse(struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return 0;
	for (size_t k = 0; k < app->nvisible; k++) {
		size_t i = app->first_visible + k;
		struct pane *p = app->doc_panes[i];
		if (ev.x < p->rect.x || ev.x >= p->rect.x + p->rect.w ||
		    ev.y < p->rect.y || ev.y >= p->rect.y + p->rect.h)
			continue;
		if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
			app_focus_doc(app, i);
			pane_doc_click(p, app, ev.y, ev.x); /* a word: looked up */
			return PANE_REDRAW;
		}
		enum key_action a = ev.bstate & BUTTON4_PRESSED ? ACTION_LINE_UP
			: ev.bstate & BUTTON5_PRESSED ? ACTION_LINE_DOWN : ACTION_NONE;
		if (a == ACTION_NONE)
			return 0;
		int r = 0;
		for (int n = 0; n < 3; n++)
			r |= p->ops->key(p, app, a, 0);
		if ((r & PANE_MOVED) && i == app->focus)
			app_sync_others(app);
		return r;
	}
	return 0;
}

/* Reads a bracketed paste to its end marker: typed into the search
 * prompt as text, never run as commands (a 100 KB paste would be 100,000
 * of them). Returns PANE_* flags. */
static int
app_paste(struct app *app)
{
	uint32_t *text = NULL;
	size_t n = 0, cap = 0, total = 0;
	bool prompting = search_ui_prompting(app->search);
	wint_t key;
	int rc;

	/* The rest of the paste is already on its way; a terminal that never
	 * sends the end marker must not hang the reader. */
	wtimeout(stdscr, APP_PASTE_WAIT_MS);
	while ((rc = term_getkey(&app->term, &key)) != ERR) {
		if (rc == KEY_CODE_YES) {
			if (key == TERM_KEY_PASTE_END)
				break;
			continue; /* a key sequence inside the paste: not text */
		}
		total++;
		if (!prompting || n >= APP_PASTE_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			text = xreallocarray(text, cap, sizeof *text);
		}
		text[n++] = (uint32_t)key;
	}
	if (prompting) {
		search_ui_paste(app, text, n);
		if (total > n)
			app_message(app, true, "paste cut to %zu characters", n);
	} else if (total > 0) {
		app_message(app, false, "paste of %zu characters ignored (paste into the / prompt)",
			    total);
	}
	free(text);
	return PANE_REDRAW | (prompting ? PANE_MOVED : 0);
}

/* Gives action a to pane p; what only p shows again is drawn by marking
 * it dirty, so the flags returned keep PANE_REDRAW for the whole screen. */
static int
app_pane_key(struct app *app, struct pane *p, enum key_action a, int key)
{
	int r = p->ops->key(p, app, a, key);

	if (r & PANE_REDRAW)
		p->dirty = true;
	if (r & PANE_MOVED)
		app_sync_others(app);
	return r & ~PANE_REDRAW;
}

/* A visible overlay that takes keys (the help) takes every key; returns
 * PANE_* flags, 0 when there is none. */
static int
app_overlay_key(struct app *app, int key)
{
	for (size_t i = app->npanes; i-- > 0;) {
		struct pane *p = app->panes[i];
		if (p->visible && p->place == PANE_PLACE_OVERLAY) {
			int r = app_pane_key(app, p, keys_lookup(key), key);
			if (r)
				return r;
		}
	}
	return 0;
}

/* The key after ], [, m, ' or C: c jumps to a finding and ] or [ to a
 * paragraph (anything else is a paragraph move, then itself); a letter
 * sets or goes to a mark; a number picks the document to compare with.
 * Returns PANE_* flags. */
static int
app_pending_key(struct app *app, int key, bool is_function)
{
	int pending = app->pending;

	app->pending = 0;
	app->message[0] = '\0';
	if (pending == ']' || pending == '[') {
		if (key == 27)
			return PANE_REDRAW; /* Escape: neither */
		bool seq = !is_function && (key == 'c' || key == pending);
		int r = app_key(app, KEY_SEQ(pending, seq ? key : pending), false);
		return seq ? r : r | app_key(app, key, is_function);
	}
	if (pending == 'C')
		return compare_with_key(app, is_function ? 0 : key);
	if (!is_function)
		app_mark_key(app, pending, key);
	return PANE_REDRAW;
}

static int
app_key(struct app *app, int key, bool is_function)
{
	int r;

	if (app->help_visible && (r = app_overlay_key(app, key)) != 0)
		return r;
	if (search_ui_prompting(app->search)) {
		r = search_ui_prompt_key(app, key, is_function);
		if (r & PANE_MOVED)
			app_sync_others(app);
		return r;
	}
	if (app->pending)
		return app_pending_key(app, key, is_function);
	enum key_action a = keys_lookup(key);
	if (pane_lookup_open(app->lookup) && (r = app_pane_key(app, app->lookup, a, key)) != 0)
		return r | PANE_REDRAW; /* opening or closing moves the panes above */
	if (a == ACTION_NONE) {
		/* Unbound keys do nothing, but say so (on the status line). */
		if (!is_function && key >= ' ' && key < 0x7f)
			app_message(app, true, "key %c does nothing here (h for help)", key);
		return PANE_HANDLED;
	}
	if (search_ui_pane_focused(app->search)) {
		r = search_ui_pane_key(app, a);
		if (r & PANE_MOVED)
			app_sync_others(app);
		if (r)
			return r;
	} else if (app->nav_focused && app->nav_visible) {
		r = app->nav->ops->key(app->nav, app, a, key);
		if (r & PANE_MOVED) {
			app_focus_doc(app, app->focus);
			app_layout(app); /* the outline may have covered the screen */
			app_sync_others(app);
			return PANE_REDRAW | PANE_MOVED;
		}
		if (r & PANE_REDRAW)
			app->nav->dirty = true;
		if (r)
			return r & ~PANE_REDRAW;
	} else {
		r = app_pane_key(app, app->doc_panes[app->focus], a, key);
		if (r)
			return r;
	}
	return app_global_action(app, a, key);
}

/* True while what the last key asked for is not on screen yet: a jump
 * to the end of a document still loading (or being laid out) shows the
 * end of what is there so far, and the real end only later. */
static bool
app_key_unfinished(struct app *app)
{
	for (size_t i = 0; i < app->ndocs; i++) {
		struct pane *p = app->doc_panes[i];
		bool loading = app->opts.loaders != NULL && app->opts.loaders[i].started;
		if (pane_doc_wants_end(p) && (loading || pane_doc_busy(p)) &&
		    !pane_doc_shows_tail(p))
			return true;
	}
	return false;
}

/* Writes the frame log's line of the last key: the milliseconds from the
 * key to the frame that shows what it asked for; note says when that
 * frame is not the one drawn right after the key. */
static void
app_log_key(struct app *app, const char *note)
{
	fprintf(app->frame_log, "key %d %.3f%s\n", app->frame_key,
		app_now_ms() - app->frame_key_ms, note);
	fflush(app->frame_log);
	app->frame_key_waits = false;
}

/* Swaps in every document whose background load has finished. Returns
 * true when anything changed on screen. */
static bool
app_poll_loaders(struct app *app)
{
	bool changed = false;

	if (app->opts.loaders == NULL)
		return false;
	for (size_t i = 0; i < app->ndocs; i++) {
		struct loader *l = &app->opts.loaders[i];
		struct pane *p = app->doc_panes[i];
		if (!l->started || !loader_done(l))
			continue;
		if (l->result != NULL && !pane_doc_prepared(p)) {
			/* Laid out on a thread first: a giant paragraph takes
			 * seconds, and the keys must not wait for it. */
			const struct doc *whole = l->result;
			bool moved = pane_doc_moved(p);
			bool have_saved = !moved && app->saved != NULL &&
					  app->state_keys[i] != NULL && app->saved[i].offset > 0 &&
					  app->saved[i].offset <= whole->len;
			if (!pane_doc_preparing(p)) {
				pane_doc_prepare(p, whole, pane_doc_wants_end(p), have_saved,
						 have_saved ? app->saved[i].offset : 0);
				if (app->frame_log && pane_doc_preparing(p))
					fprintf(app->frame_log, "preparing %zu %.3f\n", i,
						app_now_ms() - app->opts.start_ms), fflush(app->frame_log);
			}
			continue;
		}
		if (l->result != NULL && pane_doc_prepare_again(p))
			continue;
		struct qerr err;
		struct doc *full = loader_take(l, &err);
		changed = true;
		if (full == NULL) {
			app_message(app, true, "%s (showing only its start)", err.msg);
			continue;
		}
		pane_doc_commit(p);
		search_ui_doc_replaced(app, i); /* the search lets go of the old one */
		doc_free(app->docs[i]);
		app->docs[i] = full;
		if (app->frame_log)
			fprintf(app->frame_log, "loaded %zu %.3f\n", i,
				app_now_ms() - app->opts.start_ms), fflush(app->frame_log);
		app_emit(app, APP_EVENT_DOC_REPLACED, &i);
		if (i == app->focus)
			app_sync_others(app);
	}
	if (changed) {
		bool still = false;
		for (size_t i = 0; i < app->ndocs; i++)
			still = still || app->opts.loaders[i].started;
		wtimeout(stdscr, still || compare_busy(app->cmp) ? 50 : -1);
	}
	return changed;
}

/* How long the loop waits for a key: not at all while hits are being
 * counted, a little while documents load, else until a key comes. */
static void
app_set_timeout(struct app *app)
{
	bool loading = false;

	for (size_t i = 0; app->opts.loaders != NULL && i < app->ndocs; i++)
		loading = loading || app->opts.loaders[i].started;
	for (size_t i = 0; i < app->ndocs; i++)
		loading = loading || pane_doc_busy(app->doc_panes[i]);
	int t = search_ui_timeout(app->search);

	/* Wake up to swap in loaded documents and to show an alignment done. */
	if ((loading || compare_busy(app->cmp)) && (t < 0 || t > 50))
		t = 50;
	wtimeout(stdscr, t);
}

/* Makes the app's state and panes and starts the terminal; false (the
 * error said) when the terminal cannot start. */
static bool
app_start(struct app *app, struct doc **docs, size_t ndocs, const struct app_opts *opts)
{
	struct qerr err;

	memset(app, 0, sizeof *app);
	err.msg[0] = '\0';
	app->docs = docs;
	app->ndocs = ndocs;
	app->opts = *opts;
	app->layout = opts->layout;
	app->sync = opts->sync && ndocs > 1;
	app->sync_map = sync_position_map;
	if (opts->frame_log != NULL)
		app->frame_log = fopen(opts->frame_log, "w");
	app->cmp = compare_new();
	if (!opts->no_state) {
		/* Said on standard error too: it stays there once the reader
		 * is gone. A file with corrupt lines still restores and saves
		 * the others. */
		if (!state_open(&app->state, NULL, &err))
			fprintf(stderr, "qarin: %s\n", err.msg);
		app->state_ok = state_usable(&app->state);
	}
	struct qerr state_err = err;

	if (term_start(&app->term, opts->bidi_terminal, opts->mouse, &err) != 0) {
		escape_message("%s", err.msg); /* TERM may hold anything */
		return false;
	}
	app->term.unicode_lines = !opts->ascii;
	app->theme_names = theme_list(&app->ntheme_names);
	app_set_theme(app, opts->theme ? opts->theme : "default");
	app->search = search_ui_new(app);
	app_panes_new(app);
	if (!opts->no_state && state_err.msg[0])
		app_message(app, true, "%s", state_err.msg);
	if (opts->startup_message != NULL)
		app_message(app, true, "%s", opts->startup_message);
	return true;
}

/* Draws the first frame where the reader stood last time, then starts
 * what runs between keys. */
static void
app_first_frame(struct app *app, double t0)
{
	getmaxyx(stdscr, app->lines, app->cols);
	app_layout(app);
	app_restore_positions(app);
	app_focus_doc(app, 0);
	app_sync_others(app);
	app->redraw_full = true;
	app_draw(app);
	if (app->frame_log)
		fprintf(app->frame_log, "first %.3f\n", app_now_ms() - t0), fflush(app->frame_log);
	if (app->opts.loaders != NULL)
		for (size_t i = 0; i < app->ndocs; i++)
			if (app->opts.loaders[i].started) {
				loader_go(&app->opts.loaders[i]);
				wtimeout(stdscr, 50); /* wake up to swap in loaded documents */
			}
	if (compare_update(app)) { /* after the first frame: it never waits for alignment */
		app_layout(app);
		app->redraw_full = true;
		app_draw(app);
	}
	app_set_timeout(app);
}

/* No key came in time: swaps in loaded documents, counts hits, takes an
 * alignment done, and draws what changed. */
static void
app_idle(struct app *app)
{
	double t0 = app_now_ms();
	bool loaded = app_poll_loaders(app);

	for (size_t i = 0; i < app->ndocs; i++)
		loaded = pane_doc_poll(app->doc_panes[i]) || loaded;
	bool searched = search_ui_poll(app), compared = compare_update(app);
	if (searched || compared || loaded) {
		if (searched)
			app_emit(app, APP_EVENT_MOVED, NULL); /* the first hit may have come */
		if (loaded)
			app_dirty_all(app);
		app_layout(app);
		app_draw(app);
		if (app->frame_log && app->frame_key_waits && !app_key_unfinished(app))
			app_log_key(app, " waited");
		if (app->frame_log) /* how long a key could have waited for this frame */
			fprintf(app->frame_log, "idle %.3f\n", app_now_ms() - t0), fflush(app->frame_log);
	}
	app_set_timeout(app);
}

/* Handles one key (rc and key as term_getkey gives them) and draws the
 * frame after it. */
static void
app_handle(struct app *app, int rc, wint_t key)
{
	double t1 = app_now_ms();
	int r = 0;

	if (app->frame_log && app->frame_key_waits)
		app_log_key(app, " cut-short"); /* another key came first */
	if (!app->pending)
		app->message[0] = '\0';
	if (rc == KEY_CODE_YES && key == KEY_RESIZE) {
		getmaxyx(stdscr, app->lines, app->cols);
		app->redraw_full = true;
	} else if (rc == KEY_CODE_YES && key == KEY_MOUSE) {
		r = app_mouse(app);
	} else if (rc == KEY_CODE_YES && key == TERM_KEY_PASTE_BEGIN) {
		r = app_paste(app);
		if (r & PANE_MOVED)
			app_sync_others(app);
	} else if (rc == KEY_CODE_YES && key == TERM_KEY_PASTE_END) {
		r = 0; /* the end of a paste cut short: nothing */
	} else {
		r = app_key(app, (int)key, rc == KEY_CODE_YES);
	}
	if (app->quit)
		return;
	if (r & PANE_MOVED)
		app_emit(app, APP_EVENT_MOVED, NULL);
	app_emit(app, APP_EVENT_KEY_DONE, NULL);
	if (compare_update(app))
		r |= PANE_REDRAW;
	if (r & PANE_REDRAW)
		app_dirty_all(app);
	app_layout(app);
	app_draw(app);
	if (app->frame_log) {
		app->frame_key = (int)key;
		app->frame_key_ms = t1;
		app->frame_key_waits = app_key_unfinished(app);
		if (!app->frame_key_waits)
			app_log_key(app, "");
	}
	app_set_timeout(app);
}

/* Saves the reading positions and frees everything app_start made. */
static void
app_stop(struct app *app)
{
	search_ui_free(app->search);
	if (app->state_ok)
		app_save_positions(app);
	state_close(&app->state);
	for (size_t i = 0; i < app->ndocs; i++)
		free(app->state_keys[i]);
	free(app->state_keys);
	free(app->saved);
	app_panes_free(app);
	compare_free(app->cmp);
	theme_list_free(app->theme_names);
	if (app->frame_log)
		fclose(app->frame_log);
}

int
app_run(struct doc **docs, size_t ndocs, const struct app_opts *opts)
{
	struct app app_storage, *app = &app_storage;
	double t0 = opts->start_ms > 0 ? opts->start_ms : app_now_ms();

	if (!app_start(app, docs, ndocs, opts)) {
		compare_free(app->cmp);
		if (app->frame_log)
			fclose(app->frame_log);
		return 2;
	}
	app->opts.start_ms = t0; /* the frame log's times from program start */
	app_first_frame(app, t0);
	while (!app->quit && !term_stop_signal) {
		wint_t key;
		int rc = term_getkey(&app->term, &key);
		if (rc == ERR)
			app_idle(app);
		else
			app_handle(app, rc, key);
	}
	int sig = term_stop_signal;
	term_stop(&app->term);
	app_stop(app);
	if (sig)
		return 128 + sig;
	return 0;
}
