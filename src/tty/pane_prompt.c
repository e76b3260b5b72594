/* The search prompt: / or ? and the query being typed on the status row,
 * the mode and the count of hits at its right, and the terminal cursor
 * where the next character goes. Shown while the prompt is open and the
 * help does not cover it; it takes its keys through search_ui.h. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "tty/search_ui.h"
#include "tty/search_ui_int.h"

/* Draws the prompt over the status line and puts the cursor in it. */
static void
prompt_pane_draw(struct pane *p, struct app *app)
{
	struct search_ui *s = app->search;
	int y = app->lines - 1;
	char right[128], mode[64];
	struct prompt_view v;

	(void)p;
	app->cursor = true;
	if (app->lines < 1 || app->cols < 1)
		return;
	app_blank(app, y, 0, app->cols, THEME_ROLE_STATUS);
	app_style(app, THEME_ROLE_STATUS);
	prompt_mode_name(s->prompt.flags, mode, sizeof mode);
	if (s->error[0])
		snprintf(right, sizeof right, " [%s] bad query ", mode);
	else if (search_ui_slow(s))
		snprintf(right, sizeof right, " [%s] took too long ", mode);
	else if (s->preparing)
		snprintf(right, sizeof right, " [%s] indexing... ", mode);
	else if (s->q == NULL)
		snprintf(right, sizeof right, " [%s] ", mode);
	else if (!s->have_cur)
		snprintf(right, sizeof right, " [%s] no match ", mode);
	else if (!search_ui_counted(s))
		snprintf(right, sizeof right, " [%s] counting ", mode);
	else if (search_ui_current(s) != SIZE_MAX)
		snprintf(right, sizeof right, " [%s] %zu/%zu ", mode, search_ui_current(s) + 1,
			 search_ui_count(s));
	else
		snprintf(right, sizeof right, " [%s] %zu ", mode, search_ui_count(s));
	int rw = (int)strlen(right);
	if (rw > app->cols / 2)
		rw = 0;
	if (rw > 0)
		mvaddnstr(y, app->cols - rw, right, rw);
	mvaddnstr(y, 0, s->prompt_dir > 0 ? "/" : "?", app->cols);
	int w = app->cols - rw - 1;
	if (w < 1)
		return;
	prompt_view(&s->prompt, &app->layout, w, &v);
	if (v.para->nrows > 0) {
		struct app_row_style st = { .skip = v.skip - 1, .no_indent = true };
		/* Column 0 of the field is the free column left of the text. */
		app_draw_row_styled(app, v.para, 0, y, 1, w, THEME_ROLE_STATUS, NULL, &st);
	}
	move(y, 1 + v.cursor_col < app->cols ? 1 + v.cursor_col : app->cols - 1);
	prompt_view_free(&v);
}

/* The status row while the prompt is open, unless the help shows. */
static int
prompt_pane_size(struct pane *p, struct app *app, struct rect avail)
{
	(void)p;
	(void)avail;
	return search_ui_prompting(app->search) && !app->help_visible ? 0 : -1;
}

static const struct pane_ops prompt_pane_ops = {
	.name = "prompt",
	.size = prompt_pane_size,
	.resize = pane_resize_redraw,
	.draw = prompt_pane_draw,
	.key = pane_key_ignore,
	.focus = pane_focus_set,
	.free = pane_free_plain,
};

struct pane *
pane_prompt_new(struct app *app)
{
	struct pane *p = xcalloc(1, sizeof *p);

	(void)app;
	p->ops = &prompt_pane_ops;
	p->dirty = true;
	p->every_frame = true; /* the count and the cursor change between keys */
	return p;
}
