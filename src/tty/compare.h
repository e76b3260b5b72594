/* Comparison in the reader: two of the open documents (1 and 2 at first,
 * any pair the user picks) aligned on a thread with progress and
 * cancelling, the comparison pane that follows the focused block, the marks the document
 * panes draw from the alignment (shared anchors, mismatches, gutter) and
 * the compare keys. The text helpers below need no terminal. */
#ifndef QARIN_COMPARE_H
#define QARIN_COMPARE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/compare.h");

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "align/lib.h"
#include "text/lib.h"
#include "reader/lib.h"

struct app;
struct pane;
struct view_line;

struct compare {
	struct alignment *al;      /* owned: NULL until the alignment is ready */
	const struct doc *a, *b;   /* borrowed: the documents aligned (or being aligned) */
	size_t doc_a, doc_b;       /* the pair to compare: indices into app->docs */
	pthread_t thread;
	bool running;              /* the thread has been started and not joined */
	atomic_bool done;          /* set by the thread when result is ready */
	atomic_uint permille;      /* the thread's progress, 0 to 1000 */
	atomic_bool cancel;        /* asked for (Esc): the thread stops at its next step */
	bool cancelled;            /* the pair's alignment was cancelled: not restarted
				    * until asked for again (c, C) */
	unsigned shown_percent;    /* the progress the status line shows */
	char status[64];           /* compare_status's text */
	struct alignment *result;  /* owned until taken */
	struct qerr err;
	bool failed;
	double started_ms;
	double took_ms;            /* how long the alignment took */
	bool visible;              /* the comparison pane is shown */
	bool requested;            /* the pane was asked for: align even big documents */
	struct pane *pane;         /* borrowed from the app's panes: the comparison pane */
	/* The marks of the block a document pane last asked for. */
	struct compare_mark *marks; /* owned */
	size_t nmarks, marks_cap, marks_block;
	int marks_side;
	const struct alignment *marks_al;
	/* The last ]c / [c jump: its block stays focused while the pane's top
	 * block is still jump_top (a jump near the end cannot scroll it up). */
	size_t jump_doc, jump_block, jump_top;
};

/* A doc->text range a document pane draws in another role. */
/* Documents larger than this (bytes of text) are aligned only once the
 * comparison pane is asked for: their alignment takes seconds, and quitting
 * waits for a running alignment. */
#define COMPARE_AUTO_BYTES (2u << 20)

struct compare_mark {
	size_t start, len;
	enum theme_role role;      /* THEME_ROLE_ANCHOR or THEME_ROLE_MISMATCH */
};

/* One line of the comparison pane, before layout. */
struct compare_line {
	const char *text;          /* borrowed (a block's text) or owned (see owned) */
	size_t len;
	/* A shared anchor pair: text is A's, text2 B's (owned), drawn in two
	 * columns each in its own direction; NULL for other lines. */
	const char *text2;
	size_t len2;
	bool owned;
	bool rtl_ok;               /* laid out in its own direction (block text) */
	int max_rows;              /* rows it may take at most (0: as many as fit) */
	enum theme_role role;
};

struct compare_text {
	struct compare_line *v;    /* owned */
	size_t n, cap;
};

/* --- the state in the app ---------------------------------------------- */

struct compare *compare_new(void);
/* Waits for a running alignment and frees everything. NULL-safe. */
void compare_free(struct compare *c);
/* Starts aligning a and b on a thread unless done, cancelled or running
 * for them; takes a finished result. Returns true when anything changed:
 * the thread started, or the alignment became ready (or failed, or was
 * cancelled). */
bool compare_poll(struct compare *c, const struct doc *a, const struct doc *b);
/* True while the thread runs. */
bool compare_busy(const struct compare *c);
/* Asks a running alignment to stop: it is dropped, and the pair is not
 * aligned again until asked for. False when none was running. */
bool compare_cancel(struct compare *c);
/* Makes documents doc_a and doc_b (indices) the pair to compare: the
 * alignment of another pair is dropped (a running one cancelled). */
void compare_set_pair(struct compare *c, size_t doc_a, size_t doc_b);
/* The side document doc_index is in the alignment: false when there is no
 * alignment or the document is not one of the pair. */
bool compare_side(const struct compare *c, size_t doc_index, enum align_side *side);

/* --- text and marks (no terminal needed) ------------------------------- */

/* The summary line: aligned %, only in A / B, mismatches. */
void compare_summary(const struct alignment *al, char *buf, size_t size);
/* The pane's lines for block `block` of `side`: summary, counterparts with
 * score and status, the counterparts' text, shared anchors, findings. */
void compare_describe(const struct alignment *al, enum align_side side, size_t block,
		      struct compare_text *out);
void compare_text_clear(struct compare_text *t);
/* The marks of a block, sorted by start: anchors shared by a link in the
 * anchor role, anchors named by a finding in the mismatch role. Returns
 * how many (at most max are written). */
size_t compare_marks(const struct alignment *al, enum align_side side, size_t block,
		     struct compare_mark *out, size_t max);
/* The role of a cell of source range [src, src + len) under marks; false
 * when no mark overlaps it. */
bool compare_mark_role(const struct compare_mark *m, size_t n, size_t src, size_t len,
		       enum theme_role *role);
/* The gutter glyph (UTF-8, or ASCII when ascii) and its role for a block
 * state; "" for an ignored block. */
const char *compare_gutter_glyph(enum align_block_state st, bool ascii, enum theme_role *role);

/* --- in the reader ------------------------------------------------------ */

/* Columns of gutter document pane doc_index draws (0 or 1). */
int compare_gutter_cols(const struct app *app, size_t doc_index);
/* Draws the gutter mark of screen row l (at column gx) and recolours the
 * marked cells of the row drawn at (y, x) within width w, but those keep
 * (per cell, NULL for none) says to leave alone. */
void compare_decorate_row(const struct app *app, size_t doc_index, const struct view_line *l,
			  int y, int x, int w, int gx,
			  const uint8_t *keep);
/* Polls the alignment from the main loop; true when the screen must be
 * drawn again. */
bool compare_update(struct app *app);
/* Syncs document pane i to the focused pane through the alignment, the
 * counterpart of the first block starting on screen at that block's screen
 * row; false when the alignment does not cover the pair. The caller (the
 * pane) marks itself dirty. */
bool compare_sync_pane(struct app *app, size_t i);
/* Shows or hides the comparison pane; returns PANE_* flags. */
int compare_toggle(struct app *app);
/* C: with two documents, compares the focused one with the other; with
 * more, asks which (the next key, a document's number, is given to
 * compare_with_key). Returns PANE_* flags. */
int compare_with_prompt(struct app *app);
/* The key after C: compares the focused document with document key - '1'
 * and shows the pane; Esc gives up. Returns PANE_* flags. */
int compare_with_key(struct app *app, int key);
/* Esc: stops a running alignment (the status line says so). Returns
 * PANE_* flags, 0 when nothing was running. */
int compare_cancel_key(struct app *app);
/* Moves document pane doc_index to the next (dir > 0) or previous finding
 * or unaligned block; false (and a message) when there is none. */
bool compare_jump(struct app *app, size_t doc_index, int dir);
/* The status line text while aligning ("aligning… 42%"), or NULL. */
const char *compare_status(const struct app *app);

/* The comparison pane (app->cmp must exist: it points to the pane). */
struct pane *pane_compare_new(struct app *app);

#endif
