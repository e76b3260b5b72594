/* The layout manager: places a list of panes on the screen from where each
 * wants to be (pane->place) and how big (ops->size), and draws the ones
 * that are dirty. It knows no kind of pane and calls no curses. */
#ifndef QARIN_SCREEN_LAYOUT_H
#define QARIN_SCREEN_LAYOUT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/screen_layout.h");

#include <stdbool.h>
#include <stddef.h>

#include "tty/pane.h"

/* How the column panes share the body. */
struct screen_layout_spec {
	int lines, cols;        /* the screen */
	int min_column_w;       /* a column narrower is not readable */
	int side_by_side_min;   /* below this screen width one column shows */
	size_t focus_column;    /* the column pane that must show (index among them) */
	size_t first_column;    /* in/out: the first column on screen */
	size_t ncolumns_shown;  /* out: how many columns show */
};

/* Places panes v[0..n) for spec (the body is what the status row, the
 * bottom panes and the left panes leave), calling ops->resize on each pane
 * that shows with a new rectangle. app is passed to the panes' ops.
 * Returns true when any pane's rectangle or visibility changed. */
bool screen_layout_place(struct pane **v, size_t n, struct screen_layout_spec *spec,
			 struct app *app);

/* Draws, in list order, each visible pane that is dirty or drawn at every
 * frame (every visible one when full), and each later one that overlaps a pane drawn. Returns
 * how many were drawn. */
size_t screen_layout_draw(struct pane **v, size_t n, struct app *app, bool full);

#endif
