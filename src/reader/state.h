/* The reading state kept between runs: for each file (by its absolute real
 * path; standard input is never saved) the last position and the marks
 * a-z, each a byte offset in the document text (doc->text). Kept in
 * $XDG_STATE_HOME/qarin/positions (default ~/.local/state/qarin/), written
 * atomically (temporary file, fsync, rename) and merged with what other
 * runs saved under a lock (flock on "positions.lock"), at most
 * STATE_MAX_ENTRIES files, the least recently used dropped first.
 *
 * File format: the line "qarin-state 1", then one line per file, most
 * recently used first:
 *     USED<TAB>OFFSET<TAB>MARKS<TAB>PATH
 * USED is seconds since the epoch, MARKS "-" or comma-separated "a=123",
 * PATH with '%', control characters and DEL written as %XX. */
#ifndef QARIN_STATE_H
#define QARIN_STATE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/state.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/lib.h"

#define STATE_MAX_ENTRIES 500
#define STATE_NMARKS 26     /* marks 'a' to 'z' */
#define STATE_NO_MARK SIZE_MAX

struct state_entry {
	size_t offset;               /* the reading position in doc->text */
	size_t marks[STATE_NMARKS];  /* STATE_NO_MARK where unset */
};

struct state_rec {
	char *key; /* owned: the file's real path */
	int64_t used;
	bool dirty; /* put since the file was read */
	struct state_entry e;
};

struct state {
	char *dir;  /* owned: the directory of the state file */
	char *path; /* owned: the state file */
	struct state_rec *recs; /* owned */
	size_t n, cap;
	size_t max; /* entries kept on save: STATE_MAX_ENTRIES unless set */
	bool readonly; /* the file is of a newer format: never overwritten */
};

/* Opens the state in dir (NULL: the XDG location) and reads what it holds.
 * st is always usable afterwards (empty when nothing could be read);
 * returns false with err set when the file was unreadable or corrupt and
 * was ignored, or when no directory could be determined. A missing file is
 * not an error. */
bool state_open(struct state *st, const char *dir, struct qerr *err);
/* True when the state can be saved: a directory is known and the file was
 * neither unreadable, nor not a regular file, nor of a newer format (a
 * file with corrupt lines is usable: those lines are dropped, the others
 * kept and saved again). */
bool state_usable(const struct state *st);
/* Copies the entry of key into out; false (out filled with "nothing":
 * offset 0, no marks) when there is none. */
bool state_get(const struct state *st, const char *key, struct state_entry *out);
/* Records an entry for key as the most recently used. */
void state_put(struct state *st, const char *key, const struct state_entry *e);
/* Writes the state, merged with entries other runs saved meanwhile,
 * creating the directory (mkdir -p) if needed. On failure err says why and
 * the previous file is left as it was. */
bool state_save(struct state *st, struct qerr *err);
void state_close(struct state *st);
/* Fills e with no position and no marks. */
void state_entry_clear(struct state_entry *e);
/* The key for a file named on the command line: its absolute real path,
 * owned by the caller; NULL for "-" (standard input) or a path that cannot
 * be resolved. */
char *state_key(const char *path);

#endif
