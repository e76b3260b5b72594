/* The file plumbing shared by the files qarin keeps between runs (reading
 * positions, search history): creating the state directory, replacing a
 * file atomically, and the %XX escaping of one value a line. */
#ifndef QARIN_STATEFILE_H
#define QARIN_STATEFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "qarin/error.h"
#include "qarin/strbuf.h"

/* Creates dir and its parents (mode 0700), like mkdir -p; false with err
 * set naming the directory that could not be made. */
bool statefile_mkdirs(const char *dir, struct qerr *err);
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
