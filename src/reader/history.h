/* The search history kept between runs: the last HISTORY_MAX queries,
 * oldest first, a query typed again moved to the end. Kept in
 * $XDG_STATE_HOME/qarin/search-history (default ~/.local/state/qarin/),
 * written atomically (temporary file, fsync, rename) and merged with what
 * other runs saved meanwhile, under a lock (flock on "search-history.lock").
 *
 * File format: the line "qarin-search-history 1", then one query a line,
 * oldest first, with '%', control characters and DEL written as %XX. */
#ifndef QARIN_HISTORY_H
#define QARIN_HISTORY_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/history.h");

#include <stdbool.h>
#include <stddef.h>

#include "text/lib.h"

#define HISTORY_MAX 500

struct history {
	char **v;         /* owned: the entries, oldest first */
	size_t n, cap;
	size_t max;       /* entries kept: HISTORY_MAX unless set */
	char **added;     /* owned: what this run added, in order */
	size_t nadded, added_cap;
	char *dir;        /* owned: the directory of the file, NULL: never saved
			   * (--no-state, or a file that could not be read) */
	char *path;       /* owned */
};

/* An empty history that is never saved (--no-state). */
void history_init(struct history *h);
/* Opens the history in dir (NULL: the XDG location) and reads it. h is
 * always usable afterwards; false with err set when the file was
 * unreadable or corrupt (then ignored) or no directory could be found. */
bool history_open(struct history *h, const char *dir, struct qerr *err);
/* Records a query as the newest (moving it there if it was already in). */
void history_add(struct history *h, const char *text);
/* Entry i, oldest first. */
const char *history_get(const struct history *h, size_t i);
/* Writes the file (merged with entries other runs saved meanwhile),
 * creating the directory if needed; true when there was nothing to do. */
bool history_save(struct history *h, struct qerr *err);
void history_free(struct history *h);

#endif
