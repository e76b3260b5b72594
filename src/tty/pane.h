/* Panes: the reader's screen is a set of rectangular panes (documents,
 * navigation, help) managed by the app. Each kind of pane is a const table
 * of operations over its private state; key handlers return flags. */
#ifndef QARIN_PANE_H
#define QARIN_PANE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/pane.h");

#include <stdbool.h>

#include "tty/keys.h"

struct app;

struct rect {
	int y, x, h, w;
};

/* What a key handler did. */
enum pane_result {
	PANE_IGNORED = 0,
	PANE_HANDLED = 1 << 0,
	PANE_REDRAW = 1 << 1,   /* this pane must be drawn again */
	PANE_MOVED = 1 << 2,    /* the reading position changed (sync others) */
};

struct pane;

struct pane_ops {
	const char *name;
	/* The pane's rectangle changed (also called once after creation). */
	void (*resize)(struct pane *p, struct app *app);
	void (*draw)(struct pane *p, struct app *app);
	/* Handles an action; key is the raw key for actions that need it. */
	int (*key)(struct pane *p, struct app *app, enum key_action a, int key);
	void (*focus)(struct pane *p, struct app *app, bool focused);
	void (*free)(struct pane *p);
};

struct pane {
	const struct pane_ops *ops;
	void *priv;        /* owned, freed by ops->free */
	struct rect rect;
	bool visible;
	bool focused;
	bool dirty;
};

#endif
