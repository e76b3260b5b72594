/* The frame around the panes: the status line at the bottom (the message
 * of the last key, or the focused file and where the reader is) and the
 * separators between side-by-side document panes. Both are drawn at every
 * frame: they show the app's state, which every key may change. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "tty/compare.h"
#include "tty/search_ui.h"
#include "layout/lib.h"

/* Draws the status line: the message, or file and position. */
static void
status_draw(struct pane *p, struct app *app)
{
	int y = app->lines - 1;
	char right[96];
	const struct doc *doc = app->docs[app->focus];

	if (app->lines < 2 || app->cols < 1)
		return;
	app_blank(app, y, 0, app->cols, THEME_ROLE_STATUS);
	app_style(app, THEME_ROLE_STATUS);
	snprintf(right, sizeof right, " %s%s %zu/%zu h:help ",
		 app->sync && app->ndocs > 1 ? "sync " : "",
		 app->layout.shape ? "" : "noshape",
		 app->focus + 1, app->ndocs);
	int rw = (int)strlen(right);
	if (rw >= app->cols)
		rw = 0;
	if (rw > 0)
		mvaddstr(y, app->cols - rw, right);
	(void)p;
	const char *left = app->message[0] ? app->message : doc->path;
	char buf[600];
	if (!app->message[0] && compare_status(app) != NULL)
		snprintf(buf, sizeof buf, " %s %s", compare_status(app), doc->path);
	else if (!app->message[0] && search_ui_status(app) != NULL)
		snprintf(buf, sizeof buf, " %s %s", search_ui_status(app), doc->path);
	else if (!app->message[0] && doc->invalid_count > 0)
		snprintf(buf, sizeof buf, " %s (%zu undecodable bytes shown as \xef\xbf\xbd)",
			 doc->path, doc->invalid_count);
	else if (!app->message[0] && doc->encoding_guessed)
		snprintf(buf, sizeof buf, " %s (encoding guessed: %s)", doc->path, doc->encoding);
	else
		snprintf(buf, sizeof buf, " %s", left);
	/* The file name may be in any script: lay it out like document text. */
	struct layout_opts lo = app->layout;
	lo.width = app->cols - rw > 0 ? app->cols - rw : 1;
	lo.dir = DIR_LTR;
	struct layout_para *lp = layout_text(buf, strlen(buf), 0, &lo);
	if (lp->nrows > 0)
		app_draw_row(app, lp, 0, y, 0, lo.width,
			     app->message_error ? THEME_ROLE_MISMATCH : THEME_ROLE_STATUS, buf);
	layout_para_free(lp);
}

/* Draws the separators between side-by-side document panes. */
static void
separators_draw(struct pane *self, struct app *app)
{
	(void)self;
	app_style(app, THEME_ROLE_BORDER);
	for (size_t k = 1; k < app->nvisible; k++) {
		const struct pane *p = app->doc_panes[app->first_visible + k];
		if (p->rect.x > 0 && p->rect.h > 0)
			mvvline_set(p->rect.y, p->rect.x - 1, WACS_VLINE, p->rect.h);
	}
	attrset(A_NORMAL);
}

static const struct pane_ops status_ops = {
	.name = "status",
	.resize = pane_resize_redraw,
	.draw = status_draw,
	.key = pane_key_ignore,
	.focus = pane_focus_set,
	.free = pane_free_plain,
};

static const struct pane_ops separators_ops = {
	.name = "separators",
	.resize = pane_resize_redraw,
	.draw = separators_draw,
	.key = pane_key_ignore,
	.focus = pane_focus_set,
	.free = pane_free_plain,
};

/* A pane of the frame drawn by ops. */
static struct pane *
frame_new(const struct pane_ops *ops)
{
	struct pane *p = xcalloc(1, sizeof *p);

	p->ops = ops;
	p->dirty = true;
	p->every_frame = true;
	return p;
}

struct pane *
pane_status_new(struct app *app)
{
	(void)app;
	return frame_new(&status_ops);
}

struct pane *
pane_separators_new(struct app *app)
{
	(void)app;
	return frame_new(&separators_ops);
}
