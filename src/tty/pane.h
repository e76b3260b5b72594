/* Panes: the reader's screen is a list of rectangular panes (documents,
 * outline, search hits, comparison, status line, search prompt, help)
 * placed by the layout manager (screen_layout.h) and drawn when dirty.
 * Each kind of pane is a const table of operations over its private state;
 * key handlers return flags; panes hear of each other through app events. */
#ifndef QARIN_PANE_H
#define QARIN_PANE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/pane.h");

#include <stdbool.h>
#include <stddef.h>

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

/* Where the layout manager puts a pane. */
enum pane_place {
	PANE_PLACE_COLUMN,   /* side by side in the body, as many as fit */
	PANE_PLACE_LEFT,     /* along the left edge of the body */
	PANE_PLACE_BOTTOM,   /* under the body, the first in the list lowest */
	PANE_PLACE_STATUS,   /* the last screen row */
	PANE_PLACE_OVERLAY,  /* over the whole screen */
};

/* What the app tells every pane (app_emit); data is what the event says. */
enum app_event {
	/* The focused document moved and scrolling is synchronized: the
	 * other document panes follow. data: NULL. */
	APP_EVENT_SYNC,
	/* The alignment of the compared pair came or went. data: NULL. */
	APP_EVENT_ALIGNMENT,
	/* Document pane data->doc goes to data->block (struct app_goto). */
	APP_EVENT_GOTO_BLOCK,
	/* Document data (a size_t *) was replaced by its whole text. */
	APP_EVENT_DOC_REPLACED,
	/* A key was handled; the reading position may have changed. data: NULL. */
	APP_EVENT_KEY_DONE,
	/* The focused document's reading position may have changed. data: NULL. */
	APP_EVENT_MOVED,
};

/* The data of APP_EVENT_GOTO_BLOCK. */
struct app_goto {
	size_t doc, block;
};

struct pane;

struct pane_ops {
	const char *name;
	/* The size the pane wants in the space left (rows for a bottom pane,
	 * columns for a left one; 0 or more shows the others), or -1 to stay
	 * off screen. NULL: always shown, no size of its own. */
	int (*size)(struct pane *p, struct app *app, struct rect avail);
	/* The pane's rectangle changed (also called once after creation). */
	void (*resize)(struct pane *p, struct app *app);
	void (*draw)(struct pane *p, struct app *app);
	/* Handles an action; key is the raw key for actions that need it. */
	int (*key)(struct pane *p, struct app *app, enum key_action a, int key);
	void (*focus)(struct pane *p, struct app *app, bool focused);
	/* An app event (NULL: the pane has no use for any). */
	void (*event)(struct pane *p, struct app *app, enum app_event ev, const void *data);
	void (*free)(struct pane *p);
};

struct pane {
	const struct pane_ops *ops;
	void *priv;        /* owned, freed by ops->free */
	enum pane_place place;
	struct rect rect;
	bool visible;
	bool focused;
	bool dirty;
	bool every_frame;  /* drawn at every frame: it shows the app's state */
};

/* The operations most panes share (tty/pane.c): drawn again after a
 * resize, no keys of their own, focus only recorded, freed with their
 * priv. */
void pane_resize_redraw(struct pane *p, struct app *app);
int pane_key_ignore(struct pane *p, struct app *app, enum key_action a, int key);
void pane_focus_set(struct pane *p, struct app *app, bool focused);
void pane_free_plain(struct pane *p);

#endif
