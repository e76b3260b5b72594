/* The file plumbing shared by the files qarin keeps between runs (reading
 * positions, search history): creating the state directory, reading only
 * regular files, a lock around a read-merge-write, replacing a file
 * atomically, cleaning what a killed save left, and the %XX escaping of
 * one value a line. */
#ifndef QARIN_STATEFILE_H
#define QARIN_STATEFILE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/statefile.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "text/lib.h"

/* Creates dir and its parents (mode 0700), like mkdir -p; false with err
 * set naming the directory that could not be made. */
bool statefile_mkdirs(const char *dir, struct qerr *err);
/* How long a save waits for another run's lock, and how often it tries. */
#define STATEFILE_LOCK_WAIT_MS 5000
#define STATEFILE_LOCK_STEP_MS 10

/* Opens path for reading, never blocking: NULL with *why set when it
 * cannot be opened or is not a regular file (a FIFO, a directory, a
 * device); *missing when it does not exist. */
FILE *statefile_open_read(const char *path, bool *missing, const char **why);
/* Takes the lock "dir/name.lock" (flock, created 0600) that every run
 * holds from reading a file to replacing it, waiting at most
 * STATEFILE_LOCK_WAIT_MS; the descriptor to pass to statefile_unlock, or
 * -1 with err set. */
int statefile_lock(const char *dir, const char *name, struct qerr *err);
void statefile_unlock(int fd);
/* Removes the temporary files ".NAME.XXXXXX" that runs killed during a
 * save left in dir; call with the lock held. Returns how many. */
size_t statefile_clean_temps(const char *dir, const char *name);
/* Writes data to path (a file directly in dir) through a temporary file in
 * dir, flushed to disk before it replaces path; false with err set. */
bool statefile_write_atomic(const char *dir, const char *path, const char *data,
			    size_t len, struct qerr *err);
/* Appends s to sb with '%', control characters and DEL written as %XX. */
void statefile_escape(struct strbuf *sb, const char *s);
/* Decodes the %XX-escaped text [s, e) into a new string; NULL when it is
 * malformed (a bad escape, %00, a raw control character) or empty. */
char *statefile_unescape(const char *s, const char *e);

#endif
