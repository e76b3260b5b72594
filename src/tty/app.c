/* The reader's state while it runs: the panes and the layout spec they are
 * placed from, focus and synchronized scrolling, the events the panes hear
 * of each other through, the actions that belong to no pane, and the
 * reading positions kept between runs. */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tty/app_int.h"
#include "tty/screen_layout.h"
#include "tty/search_ui.h"
#include "tty/compare.h"
#include "text/lib.h"

void
app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof app->message, fmt, ap);
	va_end(ap);
	app->message_error = error;
}

size_t
app_text_prefix(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	return utf8_back(s, 0, max);
}

double
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The focused document pane. */
static struct pane *
app_focused_doc(struct app *app)
{
	return app->doc_panes[app->focus];
}

void
app_emit(struct app *app, enum app_event ev, const void *data)
{
	for (size_t i = 0; i < app->npanes; i++) {
		struct pane *p = app->panes[i];
		if (p->ops->event != NULL)
			p->ops->event(p, app, ev, data);
	}
}

void
app_dirty_all(struct app *app)
{
	for (size_t i = 0; i < app->npanes; i++)
		app->panes[i]->dirty = true;
}

/* Adds p to the panes, drawn after those before it. */
static struct pane *
app_add_pane(struct app *app, struct pane *p, enum pane_place place)
{
	app->panes = xreallocarray(app->panes, app->npanes + 1, sizeof *app->panes);
	app->panes[app->npanes++] = p;
	p->place = place;
	return p;
}

void
app_panes_new(struct app *app)
{
	app->doc_panes = xcalloc(app->ndocs, sizeof *app->doc_panes);
	app->nav = app_add_pane(app, pane_nav_new(app), PANE_PLACE_LEFT);
	for (size_t i = 0; i < app->ndocs; i++)
		app->doc_panes[i] = app_add_pane(app, pane_doc_new(app, i), PANE_PLACE_COLUMN);
	/* The search pane lowest, the comparison pane above it. */
	app_add_pane(app, pane_search_new(app), PANE_PLACE_BOTTOM);
	app_add_pane(app, pane_compare_new(app), PANE_PLACE_BOTTOM);
	app->lookup = app_add_pane(app, pane_lookup_new(app), PANE_PLACE_BOTTOM);
	app_add_pane(app, pane_separators_new(app), PANE_PLACE_OVERLAY);
	app_add_pane(app, pane_status_new(app), PANE_PLACE_STATUS);
	app_add_pane(app, pane_help_new(app), PANE_PLACE_OVERLAY);
	app_add_pane(app, pane_prompt_new(app), PANE_PLACE_STATUS);
}

void
app_panes_free(struct app *app)
{
	for (size_t i = 0; i < app->npanes; i++)
		app->panes[i]->ops->free(app->panes[i]);
	free(app->panes);
	free(app->doc_panes);
	app->panes = NULL;
	app->npanes = 0;
}

void
app_layout(struct app *app)
{
	struct screen_layout_spec spec = {
		.lines = app->lines,
		.cols = app->cols,
		.min_column_w = APP_MIN_PANE_WIDTH,
		.side_by_side_min = APP_SIDE_BY_SIDE_MIN,
		.focus_column = app->focus,
		.first_column = app->first_visible,
	};

	/* A pane that moved, showed or went leaves cells no pane draws. */
	if (screen_layout_place(app->panes, app->npanes, &spec, app))
		app->redraw_full = true;
	app->first_visible = spec.first_column;
	app->nvisible = spec.ncolumns_shown;
}

void
app_draw(struct app *app)
{
	bool full = app->redraw_full;

	if (full)
		erase();
	app->redraw_full = false;
	app->cursor = false;
	screen_layout_draw(app->panes, app->npanes, app, full);
	curs_set(app->cursor ? 1 : 0); /* the prompt, when it shows, placed it */
	wnoutrefresh(stdscr);
	doupdate();
}

void
app_focus_doc(struct app *app, size_t i)
{
	struct pane *old = app_focused_doc(app);

	if (i >= app->ndocs)
		return;
	old->ops->focus(old, app, false);
	app->focus = i;
	app->nav_focused = false;
	app->nav->ops->focus(app->nav, app, false);
	app_focused_doc(app)->ops->focus(app_focused_doc(app), app, true);
}

void
app_sync_others(struct app *app)
{
	/* The document panes follow the focused one themselves. */
	if (app->sync)
		app_emit(app, APP_EVENT_SYNC, NULL);
}


void
app_set_theme(struct app *app, const char *name)
{
	struct qerr err;
	struct theme t;

	if (!theme_load(name, &t, &err)) {
		app_message(app, true, "%s (using the default theme)", err.msg);
		theme_default(&t);
	}
	app->theme = t;
	colors_apply(&app->colors, &app->theme, colors_env_no_color());
	app->redraw_full = true;
}

void
app_mark_key(struct app *app, int pending, int key)
{
	struct pane *fp = app_focused_doc(app);
	const struct doc *doc = app->docs[app->focus];

	if (key < 'a' || key > 'z') {
		app_message(app, true, "marks are letters a-z");
		return;
	}
	struct state_entry *e = &app->saved[app->focus];

	(void)doc;
	if (pending == 'm') {
		e->marks[key - 'a'] = pane_doc_anchor(fp);
		app_message(app, false, "mark %c set", key);
		return;
	}
	if (e->marks[key - 'a'] == STATE_NO_MARK) {
		app_message(app, true, "mark %c is not set", key);
		return;
	}
	pane_doc_goto_offset(fp, e->marks[key - 'a']);
	app_sync_others(app);
}

int
app_global_action(struct app *app, enum key_action a, int key)
{
	switch (a) {
	case ACTION_QUIT:
		app->quit = true;
		return PANE_HANDLED;
	case ACTION_HELP:
		app->help_visible = true;
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		app->redraw_full = true;
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_FOCUS_NEXT:
	case ACTION_FOCUS_PREV: {
		size_t n = app->ndocs + (app->nav_visible ? 1 : 0);
		size_t cur = app->nav_focused ? app->ndocs : app->focus;
		cur = a == ACTION_FOCUS_NEXT ? (cur + 1) % n : (cur + n - 1) % n;
		if (cur == app->ndocs) {
			app_focused_doc(app)->ops->focus(app_focused_doc(app), app, false);
			app->nav_focused = true;
			app->nav->ops->focus(app->nav, app, true);
		} else {
			app_focus_doc(app, cur);
		}
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_FOCUS_DOC:
		if ((size_t)(key - '1') < app->ndocs)
			app_focus_doc(app, (size_t)(key - '1'));
		else
			app_message(app, true, "there is no document %c", key);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_TOGGLE_NAV:
		app->nav_visible = !app->nav_visible;
		/* Shown, the outline follows the reading position after the key. */
		if (!app->nav_visible && app->nav_focused) {
			app->nav_focused = false;
			app_focused_doc(app)->ops->focus(app_focused_doc(app), app, true);
		}
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_TOGGLE_SYNC:
		app->sync = !app->sync;
		app_message(app, false, "synchronized scrolling %s", app->sync ? "on" : "off");
		if (app->sync)
			app_sync_others(app);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_CYCLE_DIR: {
		struct pane *fp = app_focused_doc(app);
		enum text_dir d = pane_doc_dir(fp);
		d = d == DIR_AUTO ? DIR_LTR : d == DIR_LTR ? DIR_RTL : DIR_AUTO;
		pane_doc_set_dir(fp, d);
		app_message(app, false, "direction: %s", d == DIR_AUTO ? "auto (per paragraph)"
			    : d == DIR_LTR ? "left to right" : "right to left");
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_CYCLE_TRANSLIT: {
		struct pane *fp = app_focused_doc(app);
		enum layout_translit t = pane_doc_translit(fp);
		t = t == LAYOUT_TRANSLIT_OFF ? LAYOUT_TRANSLIT_LATIN
		    : t == LAYOUT_TRANSLIT_LATIN ? LAYOUT_TRANSLIT_INTERLINEAR : LAYOUT_TRANSLIT_OFF;
		pane_doc_set_translit(fp, t);
		app_message(app, false, "%s", t == LAYOUT_TRANSLIT_OFF ? "original text"
			    : t == LAYOUT_TRANSLIT_LATIN ? "transliteration to Latin"
			    : "interlinear transliteration");
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_TOGGLE_SHAPE:
		app->layout.shape = !app->layout.shape;
		for (size_t i = 0; i < app->ndocs; i++)
			pane_doc_set_layout(app->doc_panes[i], &app->layout);
		app_message(app, false, "Arabic shaping %s", app->layout.shape ? "on" : "off");
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_CYCLE_THEME: {
		if (app->ntheme_names == 0)
			return PANE_HANDLED;
		size_t i = 0;
		while (i < app->ntheme_names && strcmp(app->theme_names[i], app->theme.name) != 0)
			i++;
		i = i < app->ntheme_names ? (i + 1) % app->ntheme_names : 0;
		app_set_theme(app, app->theme_names[i]);
		if (!app->message[0] || !app->message_error)
			app_message(app, false, "theme: %s", app->theme.name);
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_SEARCH_FORWARD:
	case ACTION_SEARCH_BACKWARD:
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
	case ACTION_TOGGLE_SEARCH_PANE:
		return search_ui_action(app, a);
	case ACTION_TOGGLE_COMPARE:
		return compare_toggle(app);
	case ACTION_COMPARE_WITH:
		return compare_with_prompt(app);
	case ACTION_CANCEL: {
		int r = compare_cancel_key(app);
		if (!r)
			r = search_ui_cancel_key(app);
		return r ? r : PANE_HANDLED; /* nothing to stop */
	}
	case ACTION_BRACKET:
		app->pending = key;
		app_message(app, false, "%c: c for a finding, %c for a paragraph", key, key);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_SET_MARK:
	case ACTION_GOTO_MARK:
		app->pending = key;
		app_message(app, false, "%s: type a letter", a == ACTION_SET_MARK ? "set mark" : "go to mark");
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return PANE_IGNORED;
	}
}

void
app_restore_positions(struct app *app)
{
	app->saved = xcalloc(app->ndocs, sizeof *app->saved);
	app->state_keys = xcalloc(app->ndocs, sizeof *app->state_keys);
	for (size_t i = 0; i < app->ndocs; i++) {
		state_entry_clear(&app->saved[i]);
		if (!app->state_ok || strcmp(app->docs[i]->path, "-") == 0)
			continue;
		app->state_keys[i] = state_key(app->docs[i]->path);
		if (app->state_keys[i] != NULL &&
		    state_get(&app->state, app->state_keys[i], &app->saved[i]) &&
		    app->saved[i].offset <= app->docs[i]->len)
			pane_doc_goto_offset(app->doc_panes[i], app->saved[i].offset);
	}
}

/* Reports on standard error: the terminal is already restored. */
void
app_save_positions(struct app *app)
{
	struct qerr err;

	for (size_t i = 0; i < app->ndocs; i++) {
		if (app->state_keys[i] == NULL)
			continue;
		app->saved[i].offset = pane_doc_anchor(app->doc_panes[i]);
		state_put(&app->state, app->state_keys[i], &app->saved[i]);
	}
	if (!state_save(&app->state, &err))
		fprintf(stderr, "qarin: %s\n", err.msg);
}
