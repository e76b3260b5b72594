/* Search in the reader: the prompt (/ and ?), incremental search from the
 * reading position, n and N across every open document (the focused one
 * first), the hits the document panes highlight, and the search pane that
 * lists them. Large documents are searched a slice at a time between keys
 * so that typing never waits for the whole count. */
#ifndef QARIN_SEARCH_UI_H
#define QARIN_SEARCH_UI_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/search_ui.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tty/app.h"
#include "search/lib.h"

/* The search state of a reader; the history is read unless no_state. */
struct search_ui *search_ui_new(struct app *app);
/* Saves the history (a failure is reported on standard error: the
 * terminal is restored by then) and frees everything. */
void search_ui_free(struct search_ui *s);

/* True while the prompt is open: every key goes to it. */
bool search_ui_prompting(const struct search_ui *s);
/* A key typed in the prompt (is_function: a curses KEY_* code); PANE_* flags. */
int search_ui_prompt_key(struct app *app, int key, bool is_function);
/* Text pasted into the prompt: inserted at the cursor (control characters
 * such as line breaks as blanks), searched once. */
void search_ui_paste(struct app *app, const uint32_t *text, size_t n);
/* Runs /, ?, n, N and the search pane toggle; PANE_* flags. */
int search_ui_action(struct app *app, enum key_action a);
/* Does a slice of the counting; true when the screen should be redrawn. */
bool search_ui_poll(struct app *app);
/* True while documents are being folded or hits counted. */
bool search_ui_busy(const struct search_ui *s);
/* How long the loop may wait for a key (curses timeout): -1 when idle. */
int search_ui_timeout(const struct search_ui *s);
/* Document i is being replaced (its full text loaded), before the old one
 * is freed: forget what was built from it (a search on it runs again). */
void search_ui_doc_replaced(struct app *app, size_t i);


/* What the status line says while a search runs on the thread (how far
 * it got), else NULL. */
const char *search_ui_status(struct app *app);
/* Esc outside the prompt: stops a search that runs; PANE_* flags, 0 when
 * none runs. */
int search_ui_cancel_key(struct app *app);

/* The hits of document doc that may overlap doc->text [from, to), sorted
 * by start, in *v (valid until the next search call); *cur is the current
 * hit when it is in doc, else NULL. Returns how many. */
size_t search_ui_hits(struct app *app, size_t doc, size_t from, size_t to,
		      const struct search_hit **v, const struct search_hit **cur);

/* The search pane when it is shown, else NULL; whether it has the keys. */
struct pane *search_ui_pane(const struct search_ui *s);
bool search_ui_pane_focused(const struct search_ui *s);
/* A key for the search pane; PANE_* flags. */
int search_ui_pane_key(struct app *app, enum key_action a);

/* For the search pane: hits counted so far (all of them once counting is
 * done), hit k in the order the reader steps through them, the index of
 * the current hit (SIZE_MAX: none), and choosing one (the document pane
 * follows; focus_doc gives it the keys). */
size_t search_ui_count(const struct search_ui *s);
bool search_ui_get(const struct search_ui *s, size_t k, struct search_hit *hit);
size_t search_ui_current(const struct search_ui *s);
void search_ui_select(struct app *app, size_t k, bool focus_doc);

/* The search pane (pane_search.c; app->search must exist: it points to
 * the pane) and the prompt pane (pane_prompt.c). */
struct pane *pane_search_new(struct app *app);
struct pane *pane_prompt_new(struct app *app);

#endif
