/* The layout manager of the reader's screen: from the list of panes and
 * where each wants to be, their rectangles (the status row at the bottom,
 * bottom panes stacked above it, left panes along the left edge, the
 * column panes side by side in what is left, overlays over everything),
 * and the order they are drawn in. */
#include <config.h>

#include <stdlib.h>

#include "tty/screen_layout.h"
#include "text/lib.h"

/* The size pane p wants in avail, or -1 when it stays off screen. */
static int
screen_layout_want(struct pane *p, struct app *app, struct rect avail)
{
	return p->ops->size != NULL ? p->ops->size(p, app, avail) : 0;
}

/* How many column panes fit in avail columns of a screen cols wide. */
static size_t
screen_layout_fit(const struct screen_layout_spec *spec, int avail, size_t ncols)
{
	size_t fit = 1;

	if (spec->cols >= spec->side_by_side_min && avail > 0) {
		fit = (size_t)((avail + 1) / (spec->min_column_w + 1));
		if (fit < 1)
			fit = 1;
	}
	if (fit > ncols)
		fit = ncols;
	if (avail <= 0)
		fit = 0;
	return fit;
}

/* Places the column panes side by side from column x, one blank column
 * between two, the window of them that fit holding the focused one. */
static void
screen_layout_columns(struct pane **v, size_t n, struct screen_layout_spec *spec,
		      struct rect *r, bool *shown, int body_h, int x)
{
	size_t ncols = 0, k = 0;

	for (size_t i = 0; i < n; i++)
		ncols += v[i]->place == PANE_PLACE_COLUMN;
	int avail = spec->cols - x;
	size_t fit = screen_layout_fit(spec, avail, ncols);
	spec->ncolumns_shown = fit;
	if (spec->focus_column < spec->first_column)
		spec->first_column = spec->focus_column;
	if (fit > 0 && spec->focus_column >= spec->first_column + fit)
		spec->first_column = spec->focus_column - fit + 1;
	if (spec->first_column + fit > ncols)
		spec->first_column = ncols - fit;
	int sep = fit > 1 ? 1 : 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i]->place != PANE_PLACE_COLUMN)
			continue;
		size_t c = k++;
		if (c < spec->first_column || c >= spec->first_column + fit)
			continue;
		int w = (avail - sep * (int)(fit - 1)) / (int)fit;
		if (c == spec->first_column + fit - 1)
			w = spec->cols - x;
		r[i] = (struct rect){ 0, x, body_h, w };
		shown[i] = true;
		x += w + sep;
	}
}

/* The rectangles of every pane (shown[i] false: off screen). */
static void
screen_layout_compute(struct pane **v, size_t n, struct screen_layout_spec *spec,
		      struct app *app, struct rect *r, bool *shown)
{
	int lines = spec->lines, cols = spec->cols;
	int body_h = lines > 1 ? lines - 1 : lines; /* the last row is the status line */
	int x = 0;

	for (size_t i = 0; i < n; i++) {
		struct rect screen = { 0, 0, lines, cols };
		if (v[i]->place == PANE_PLACE_STATUS && lines >= 1 &&
		    screen_layout_want(v[i], app, screen) >= 0) {
			r[i] = (struct rect){ lines - 1, 0, 1, cols };
			shown[i] = true;
		} else if (v[i]->place == PANE_PLACE_OVERLAY &&
			   screen_layout_want(v[i], app, screen) >= 0) {
			r[i] = screen;
			shown[i] = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i]->place != PANE_PLACE_BOTTOM)
			continue;
		int h = screen_layout_want(v[i], app, (struct rect){ 0, 0, body_h, cols });
		if (h < 0)
			continue;
		body_h -= h;
		r[i] = (struct rect){ body_h, 0, h, cols };
		shown[i] = true;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i]->place != PANE_PLACE_LEFT)
			continue;
		int w = screen_layout_want(v[i], app, (struct rect){ 0, x, body_h, cols - x });
		if (w < 0)
			continue;
		r[i] = (struct rect){ 0, x, body_h, w };
		shown[i] = true;
		x += w;
	}
	screen_layout_columns(v, n, spec, r, shown, body_h, x);
}

bool
screen_layout_place(struct pane **v, size_t n, struct screen_layout_spec *spec,
		    struct app *app)
{
	struct rect *r = xcalloc(n + 1, sizeof *r);
	bool *shown = xcalloc(n + 1, sizeof *shown);
	bool any = false;

	screen_layout_compute(v, n, spec, app, r, shown);
	for (size_t i = 0; i < n; i++) {
		struct pane *p = v[i];
		bool changed = p->visible != shown[i] ||
			       (shown[i] && (p->rect.y != r[i].y || p->rect.x != r[i].x ||
					     p->rect.h != r[i].h || p->rect.w != r[i].w));
		any = any || changed;
		p->visible = shown[i];
		if (!shown[i])
			continue;
		p->rect = r[i];
		if (changed)
			p->ops->resize(p, app);
	}
	free(r);
	free(shown);
	return any;
}

/* True when rectangles a and b share a cell. */
static bool
rect_overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

size_t
screen_layout_draw(struct pane **v, size_t n, struct app *app, bool full)
{
	bool *drawn = xcalloc(n + 1, sizeof *drawn);
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		struct pane *p = v[i];
		if (!p->visible)
			continue;
		bool draw = full || p->dirty || p->every_frame;
		/* What is drawn over a pane drawn again is drawn again. */
		for (size_t j = 0; j < i && !draw; j++)
			draw = drawn[j] && rect_overlap(v[j]->rect, p->rect);
		if (!draw)
			continue;
		p->ops->draw(p, app);
		p->dirty = false;
		drawn[i] = true;
		count++;
	}
	free(drawn);
	return count;
}
