/* What the reader's own files share (app.c, run.c): not for the panes. */
#ifndef QARIN_APP_INT_H
#define QARIN_APP_INT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/app_int.h");

#include "tty/app.h"

/* Makes every pane, in the order they are drawn. */
void app_panes_new(struct app *app);
/* Frees every pane. */
void app_panes_free(struct app *app);
/* Places every pane for the current screen size (a full redraw follows
 * when any pane moved, showed or went). */
void app_layout(struct app *app);
/* Draws the frame: the dirty panes, or all of them after app->redraw_full. */
void app_draw(struct app *app);
/* Applies the theme named name (the default, and a message, when it cannot load). */
void app_set_theme(struct app *app, const char *name);
/* Handles the letter after m or '. */
void app_mark_key(struct app *app, int pending, int key);
/* Runs an action that belongs to the app rather than to a pane. */
int app_global_action(struct app *app, enum key_action a, int key);
/* Restores / saves the position and marks of every document read from a file. */
void app_restore_positions(struct app *app);
void app_save_positions(struct app *app);

#endif
