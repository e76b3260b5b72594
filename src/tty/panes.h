/* The kinds of pane the reader makes (each in its own file) and what the
 * app and the search and comparison code ask of the document and outline
 * panes. The layout manager needs none of this. */
#ifndef QARIN_PANES_H
#define QARIN_PANES_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/panes.h");

#include <stdbool.h>
#include <stddef.h>

#include "model/lib.h"
#include "layout/lib.h"
#include "tty/pane.h"

struct app;
struct view;

/* Document panes (pane_doc.c) and the navigation pane (pane_nav.c). */
struct pane *pane_doc_new(struct app *app, size_t doc_index);
struct pane *pane_nav_new(struct app *app);
/* The document pane's reading anchor (a doc->text offset). */
size_t pane_doc_anchor(struct pane *p);
void pane_doc_goto_offset(struct pane *p, size_t off);
void pane_doc_goto_block(struct pane *p, size_t bi);
size_t pane_doc_top_block(struct pane *p);
/* True while the end of a file still loading shows (G during the load). */
bool pane_doc_shows_tail(struct pane *p);
/* The document pane's viewport (borrowed). */
struct view *pane_doc_view(struct pane *p);
/* Starts laying out doc (the whole of what the pane shows a prefix of) on
 * a thread at the reading position (off when have_off; the end when
 * to_end); the pane shows the prefix until pane_doc_commit. */
void pane_doc_prepare(struct pane *p, const struct doc *doc, bool to_end, bool have_off,
		      size_t off);
/* True from pane_doc_prepare to pane_doc_commit; true once the thread is done. */
bool pane_doc_preparing(struct pane *p);
bool pane_doc_prepared(struct pane *p);
/* When the prepared view is at the place the reader was, and the reader
 * has gone to the end since, starts laying the whole document out again
 * for its end and returns true: the end of a giant paragraph takes too
 * long for the frame's own thread (pane_doc_commit would go there). */
bool pane_doc_prepare_again(struct pane *p);
/* True while a view is made on a thread (a whole document, or a giant
 * paragraph laid out again after a resize or a direction or shaping
 * change); pane_doc_poll puts a relayout in place once done (true then). */
bool pane_doc_busy(struct pane *p);
bool pane_doc_poll(struct pane *p);
/* Shows the prepared document instead of the prefix, where the reader has
 * gone meanwhile (waits for the thread if it is not done). */
void pane_doc_commit(struct pane *p);
/* True when the reader asked for the end and has not moved since. */
bool pane_doc_wants_end(struct pane *p);
/* True once the reader has moved in the pane. */
bool pane_doc_moved(struct pane *p);
/* Brings doc->text offset off on screen (a few rows below the top) unless
 * it already shows. */
void pane_doc_show_offset(struct pane *p, size_t off);
/* Changes the layout options (direction, shaping) keeping the anchor. */
void pane_doc_set_layout(struct pane *p, const struct layout_opts *lo);
enum text_dir pane_doc_dir(struct pane *p);
void pane_doc_set_dir(struct pane *p, enum text_dir dir);
/* The focused pane's transliteration (key T), and setting it. */
enum layout_translit pane_doc_translit(struct pane *p);
void pane_doc_set_translit(struct pane *p, enum layout_translit t);

/* The document pane's word cursor (reader/wordcur.h): a click at screen
 * (y, x) puts it on the word there and looks the word up; false when no
 * word is there. */
bool pane_doc_click(struct pane *p, struct app *app, int y, int x);

/* The look-up pane (pane_lookup.c): shows the dictionary entries of word
 * (lang: its paragraph's language, or "" to go by its script), or why
 * there are none; open until Esc or q. */
struct pane *pane_lookup_new(struct app *app);
void pane_lookup_show(struct pane *p, const char *word, size_t len, const char *lang);
bool pane_lookup_open(const struct pane *p);

/* Copies text (len bytes of a document's logical text) where the
 * configuration says (tty/copy.c), and says on the status line how many
 * characters went where. */
void app_copy(struct app *app, const char *text, size_t len);

/* The help overlay (help.c: shown while app->help_visible, it takes every
 * key; the moves scroll it, any other key closes it), the status line and
 * the separators between side-by-side document panes (pane_status.c). */
struct pane *pane_help_new(struct app *app);
struct pane *pane_status_new(struct app *app);
struct pane *pane_separators_new(struct app *app);

#endif
