/* The help overlay: every key of the key table, grouped by what it does,
 * in a box over the middle of the screen. */
#include <config.h>

#include <string.h>

#include "qarin/app.h"

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

void
help_draw(struct app *app)
{
	const char *title = " qarin: keys (any other key closes) ";
	int w = app->cols > 66 ? 62 : app->cols - 4;
	int h = app->lines - 2;
	int y0 = 1, x0 = (app->cols - w) / 2;
	int rows = ACTION_COUNT - 1 + 2 + PROMPT_COUNT - 1 + 2;

	if (w < 10 || h < 3) {
		/* No room for a box: the essentials on the status line. */
		app_blank(app, app->lines - 1, 0, app->cols, THEME_ROLE_HELP);
		app_style(app, THEME_ROLE_HELP);
		mvaddnstr(app->lines - 1, 0, "q quit  j/k scroll  h help", app->cols);
		return;
	}
	if (h > rows + 2)
		h = rows + 2;
	if (app->help_scroll > rows - (h - 2))
		app->help_scroll = rows - (h - 2) > 0 ? rows - (h - 2) : 0;
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
	for (int i = 0; i < h - 2; i++) {
		char line[160];
		if (!help_line(i + app->help_scroll, line, sizeof line))
			break;
		mvaddnstr(y0 + 1 + i, x0 + 2, line, w - 4);
	}
	attrset(A_NORMAL);
}
