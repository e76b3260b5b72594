/* The reader: the program's state while it runs full-screen (app.c), its
 * loop of reading keys and dispatching them to panes (run.c), and the
 * drawing helpers every pane uses (draw.c). */
#ifndef QARIN_APP_H
#define QARIN_APP_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/app.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "tty/colors.h"
#include "model/lib.h"
#include "layout/lib.h"
#include "ingest/lib.h"
#include "tty/pane.h"
#include "tty/panes.h"
#include "reader/lib.h"
#include "tty/term.h"

struct search_ui;
struct compare;
struct view;

#define APP_MIN_PANE_WIDTH 30  /* a document pane narrower is not readable */
#define APP_PASTE_WAIT_MS 200  /* the longest gap inside a bracketed paste */
#define APP_PASTE_MAX 4096     /* characters of a paste the prompt takes */
#define APP_SIDE_BY_SIDE_MIN 80 /* below this width one pane shows at a time */

struct app_opts {
	struct layout_opts layout;  /* width ignored: each pane has its own */
	const char *theme;          /* NULL: the settings' or "default" */
	bool sync;
	bool bidi_terminal;         /* the terminal does the bidi: send logical text */
	bool mouse;
	bool ascii;                 /* draw non-ASCII characters as '?' */
	bool no_state;              /* neither restore nor save reading positions */
	const char *frame_log;      /* write frame times here (benchmarks) */
	const char *startup_message; /* shown on the status line at start, or NULL */
	double start_ms;            /* when the program started (CLOCK_MONOTONIC ms), for the frame log */
	struct loader *loaders;     /* borrowed, one per document or NULL: documents shown
				       from a prefix while the whole file loads */
	struct copy_opts copy;      /* where y copies to */
};

struct app {
	struct term term;
	struct doc **docs;          /* borrowed from the caller */
	size_t ndocs;
	struct pane **panes;        /* owned: every pane, in the order they are drawn */
	size_t npanes;
	struct pane **doc_panes;    /* owned array of panes borrowed from panes, one per document */
	struct pane *nav;           /* borrowed from panes: the outline, which takes keys */
	struct pane *lookup;        /* borrowed from panes: dictionary entries, keys while open */
	size_t focus;               /* focused document pane */
	bool nav_visible;
	bool nav_focused;
	bool help_visible;
	bool sync;
	struct sync_map sync_map;
	struct layout_opts layout;
	struct app_opts opts;
	struct theme theme;
	struct colors colors;
	char **theme_names;         /* owned */
	size_t ntheme_names;
	struct settings settings;
	struct state state;
	bool state_ok;
	struct state_entry *saved;  /* owned: position and marks per document */
	char **state_keys;          /* owned: per document, NULL when not saved (stdin) */
	char message[512];          /* shown on the status line until the next key */
	bool message_error;
	int pending;                /* ']', '[', 'm', '\'' or 'C' waiting for the next key, else 0 */
	int lines, cols;            /* screen size */
	size_t first_visible;       /* first document pane on screen */
	size_t nvisible;            /* document panes on screen */
	bool redraw_full;           /* the next frame clears the screen and draws every pane */
	bool cursor;                /* a pane drawn this frame shows the terminal cursor */
	bool quit;
	FILE *frame_log;            /* owned */
	bool frame_key_waits;       /* the last key's log line waits for what it asked for */
	int frame_key;              /* that key, */
	double frame_key_ms;        /* and when it came (app_now_ms) */
	struct search_ui *search;   /* owned: the search prompt, hits and pane */
	struct compare *cmp;        /* owned: the compared pair (compare.h) */
};

/* How much of a title a one-row header or outline entry lays out. */
#define APP_TITLE_BYTES 1024

/* The length of the longest prefix of s (len bytes) that is at most max
 * bytes and ends on a character boundary. */
size_t app_text_prefix(const char *s, size_t len, size_t max);

/* Milliseconds on the monotonic clock. */
double app_now_ms(void);

/* Runs the reader over docs until the user quits; returns the exit status. */
int app_run(struct doc **docs, size_t ndocs, const struct app_opts *opts);

/* Shows a message on the status line. */
void app_message(struct app *app, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Makes role the style of what curses draws next (attribute and colours). */
void app_style(const struct app *app, enum theme_role role);

/* Draws row r of p at (y, x) within width w, with base role for text cells.
 * origin is the text the cells' source offsets index: with --bidi=terminal
 * the row is drawn in logical order from it. */
void app_draw_row(const struct app *app, const struct layout_para *p, size_t r,
		  int y, int x, int w, enum theme_role role, const char *origin);
/* How a row is drawn when not all its cells look alike. */
struct app_row_style {
	const uint8_t *marks; /* per cell of the row (visual order): 0, or a theme role + 1 */
	int skip;             /* columns scrolled off at the left */
	bool no_indent;       /* start at the left whatever the row's alignment */
};
/* app_draw_row with per-cell roles and horizontal scrolling (st may be NULL). */
void app_draw_row_styled(const struct app *app, const struct layout_para *p, size_t r,
			 int y, int x, int w, enum theme_role role, const char *origin,
			 const struct app_row_style *st);
/* Fills a stretch of a screen row with blanks in a role. */
void app_blank(const struct app *app, int y, int x, int w, enum theme_role role);

/* Tells every pane of an event (pane_ops.event). */
void app_emit(struct app *app, enum app_event ev, const void *data);
/* Marks every pane to be drawn again at the next frame. */
void app_dirty_all(struct app *app);

/* Moves the focus to document pane i. */
void app_focus_doc(struct app *app, size_t i);
/* Brings the other document panes to the focused pane's position (when
 * synchronized scrolling is on). */
void app_sync_others(struct app *app);


#endif
