/* The help pane: every key of the key table, grouped by what it does,
 * in a box over the middle of the screen, as wide as its longest line and
 * scrolled like less's help when the screen is shorter than the list. An
 * overlay: while it shows it takes every key. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <uniwidth.h>

#include "tty/app.h"

/* Writes the labels of every key bound to action a into buf. */
static void
help_labels(enum key_action a, char *buf, size_t size)
{
	size_t n, len = 0;
	const struct key_binding *t = keys_table(&n);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (t[i].action != a || t[i].label[0] == '\0')
			continue;
		/* Several codes may share a label (Enter): show it once. */
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			if (t[j].action == a && strcmp(t[j].label, t[i].label) == 0)
				seen = true;
		if (seen)
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len ? " " : "", t[i].label);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

/* Writes the labels of every prompt key bound to action a into buf. */
static void
help_prompt_labels(enum prompt_action a, char *buf, size_t size)
{
	size_t n, len = 0;
	const struct prompt_binding *t = keys_prompt_table(&n);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (t[i].action != a || t[i].label[0] == '\0')
			continue;
		int w = snprintf(buf + len, size - len, "%s%s", len ? " " : "", t[i].label);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
}

/* Line i of the help's list: the reader's keys, a blank line, a heading,
 * then the search prompt's keys; false past the end. */
static bool
help_line(int i, char *line, size_t size)
{
	char labels[64];
	int nreader = ACTION_COUNT - 1;

	if (i < nreader) {
		help_labels((enum key_action)(i + 1), labels, sizeof labels);
		snprintf(line, size, "%-18s %s", labels, keys_action_help((enum key_action)(i + 1)));
	} else if (i == nreader) {
		line[0] = '\0';
	} else if (i == nreader + 1) {
		snprintf(line, size, "In the search prompt (/ or ?):");
	} else if (i - nreader - 1 < PROMPT_COUNT) {
		enum prompt_action a = (enum prompt_action)(i - nreader - 1);
		help_prompt_labels(a, labels, sizeof labels);
		snprintf(line, size, "%-18s %s", labels, keys_prompt_help(a));
	} else {
		return false;
	}
	return true;
}

/* How many lines the help's list has and how wide the widest is. */
static void
help_measure(int *rows, int *width)
{
	char line[160];
	int i;

	*width = 0;
	for (i = 0; help_line(i, line, sizeof line); i++) {
		int w = u8_strwidth((const uint8_t *)line, "UTF-8");
		if (w > *width)
			*width = w;
	}
	*rows = i;
}

/* The first list line the help can show at the bottom of its box. */
static int
help_max_scroll(const struct app *app)
{
	int rows, width;
	int inner = app->lines - 4; /* the box's borders, a row above, the status line */

	help_measure(&rows, &width);
	if (inner < 1)
		inner = 1;
	return rows > inner ? rows - inner : 0;
}

/* The moves scroll the list, any other key closes the help. */
static int
help_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	int page = app->lines - 5 > 1 ? app->lines - 5 : 1;
	int *scroll = p->priv;

	(void)key;

	switch (a) {
	case ACTION_LINE_DOWN: *scroll += 1; break;
	case ACTION_LINE_UP: *scroll -= 1; break;
	case ACTION_PAGE_DOWN: *scroll += page; break;
	case ACTION_PAGE_UP: *scroll -= page; break;
	case ACTION_HALF_DOWN: *scroll += (page + 1) / 2; break;
	case ACTION_HALF_UP: *scroll -= (page + 1) / 2; break;
	case ACTION_TOP: *scroll = 0; break;
	case ACTION_BOTTOM: *scroll = help_max_scroll(app); break;
	default:
		app->help_visible = false;
		*scroll = 0; /* shown again from the top */
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (*scroll > help_max_scroll(app))
		*scroll = help_max_scroll(app);
	if (*scroll < 0)
		*scroll = 0;
	return PANE_HANDLED | PANE_REDRAW;
}

static void
help_draw(struct pane *p, struct app *app)
{
	int *scroll = p->priv;
	const char *title = " qarin: keys ";
	char where[96];
	int rows, width;

	help_measure(&rows, &width);
	/* As wide as the widest line (and the title) with a blank column and
	 * the border on each side, as tall as the list: at most the screen
	 * above the status line, less a row. */
	int w = width + 4;
	int h = rows + 2;
	if (w < (int)strlen(title) + 4)
		w = (int)strlen(title) + 4;
	if (w > app->cols)
		w = app->cols;
	if (h > app->lines - 2)
		h = app->lines - 2;
	int y0 = 1, x0 = (app->cols - w) / 2;

	if (w < 10 || h < 3) {
		/* No room for a box: the essentials on the status line. */
		app_blank(app, app->lines - 1, 0, app->cols, THEME_ROLE_HELP);
		app_style(app, THEME_ROLE_HELP);
		mvaddnstr(app->lines - 1, 0, "q quit  j/k scroll  h help", app->cols);
		attrset(A_NORMAL);
		return;
	}
	int inner = h - 2;
	if (*scroll > rows - inner)
		*scroll = rows - inner > 0 ? rows - inner : 0;
	for (int y = 0; y < h; y++)
		app_blank(app, y0 + y, x0, w, THEME_ROLE_HELP);
	app_style(app, THEME_ROLE_HELP);
	mvhline_set(y0, x0, WACS_HLINE, w);
	mvhline_set(y0 + h - 1, x0, WACS_HLINE, w);
	mvvline_set(y0, x0, WACS_VLINE, h);
	mvvline_set(y0, x0 + w - 1, WACS_VLINE, h);
	mvadd_wch(y0, x0, WACS_ULCORNER);
	mvadd_wch(y0, x0 + w - 1, WACS_URCORNER);
	mvadd_wch(y0 + h - 1, x0, WACS_LLCORNER);
	mvadd_wch(y0 + h - 1, x0 + w - 1, WACS_LRCORNER);
	mvaddnstr(y0, x0 + 2, title, w - 4);
	/* Where the box stands in the list, and how to move and leave, as
	 * less's prompt has it. */
	if (inner < rows)
		snprintf(where, sizeof where, " lines %d-%d of %d  j/k PgDn/PgUp  q closes ",
			 *scroll + 1, *scroll + inner, rows);
	else
		snprintf(where, sizeof where, " q closes ");
	if ((int)strlen(where) > w - 4)
		snprintf(where, sizeof where, " %d/%d ", *scroll + inner, rows);
	if ((int)strlen(where) <= w - 4)
		mvaddstr(y0 + h - 1, x0 + w - 2 - (int)strlen(where), where);
	for (int i = 0; i < inner; i++) {
		char line[160];
		if (!help_line(i + *scroll, line, sizeof line))
			break;
		mvaddnstr(y0 + 1 + i, x0 + 2, line, w - 4);
	}
	attrset(A_NORMAL);
}

/* The whole screen while the help is asked for: the box is placed inside. */
static int
help_size(struct pane *p, struct app *app, struct rect avail)
{
	(void)p;
	(void)avail;
	return app->help_visible ? 0 : -1;
}

static const struct pane_ops help_ops = {
	.name = "help",
	.size = help_size,
	.resize = pane_resize_redraw,
	.draw = help_draw,
	.key = help_key,
	.focus = pane_focus_set,
	.free = pane_free_plain,
};

struct pane *
pane_help_new(struct app *app)
{
	struct pane *p = xcalloc(1, sizeof *p);

	(void)app;
	p->ops = &help_ops;
	p->priv = xcalloc(1, sizeof(int)); /* the first list line shown */
	p->dirty = true;
	return p;
}
