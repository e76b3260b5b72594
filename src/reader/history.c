/* The search history between runs: read when the reader starts, merged
 * and written back on exit under a lock through a temporary file, fsync
 * and rename, so a crash or a full disk never loses the previous file and
 * two runs quitting together lose nothing; a corrupt line costs that
 * entry, never the session. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader/history.h"
#include "reader/settings.h"
#include "reader/statefile.h"
#include "text/lib.h"

#define HISTORY_MAGIC "qarin-search-history"
#define HISTORY_VERSION 1
#define HISTORY_FILE "search-history"

void
history_init(struct history *h)
{
	memset(h, 0, sizeof *h);
	h->max = HISTORY_MAX;
}

/* Appends s (taken) to a growable list of strings. */
static void
history_append(char ***v, size_t *n, size_t *cap, char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = s;
}

/* Adds text to the list as its newest entry, dropping an equal older one
 * and the oldest beyond max. */
static void
history_push(char ***v, size_t *n, size_t *cap, size_t max, const char *text)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*v)[i], text) == 0) {
			free((*v)[i]);
			memmove(&(*v)[i], &(*v)[i + 1], (*n - i - 1) * sizeof **v);
			(*n)--;
			break;
		}
	}
	history_append(v, n, cap, xstrdup(text));
	if (max > 0 && *n > max) {
		size_t drop = *n - max;
		for (size_t i = 0; i < drop; i++)
			free((*v)[i]);
		memmove(*v, *v + drop, max * sizeof **v);
		*n = max;
	}
}

/* Reads the file at path into a fresh list; false with err set when it is
 * unreadable (*unreadable: or not a regular file, such as a FIFO) or not
 * a history file; *missing when there is none. Corrupt lines are dropped
 * (err says so, the rest is kept). */
static bool
history_read(const char *path, size_t max, char ***v, size_t *n, size_t *cap,
	     bool *missing, bool *unreadable, struct qerr *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[16384];
	size_t r;
	unsigned lineno = 1, bad = 0, first_bad = 0;
	const char *why;
	FILE *f = statefile_open_read(path, missing, &why);

	*v = NULL;
	*n = *cap = 0;
	*unreadable = false;
	if (f == NULL) {
		if (*missing)
			return true;
		*unreadable = true;
		qerr_set(err, "%s: %s; search history ignored and not saved", path, why);
		return false;
	}
	while ((r = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, r);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		*unreadable = true;
		qerr_set(err, "%s: cannot read; search history ignored and not saved", path);
		strbuf_free(&sb);
		return false;
	}
	const char *p = sb.data ? sb.data : "", *end = p + sb.len;
	const char *nl = memchr(p, '\n', sb.len);
	int version;
	if (nl == NULL || (size_t)(nl - p) < sizeof HISTORY_MAGIC ||
	    memcmp(p, HISTORY_MAGIC " ", sizeof HISTORY_MAGIC) != 0 ||
	    sscanf(p + sizeof HISTORY_MAGIC, "%d", &version) != 1 ||
	    version != HISTORY_VERSION) {
		qerr_set(err, "%s: not a qarin search history; ignored", path);
		strbuf_free(&sb);
		return false;
	}
	for (p = nl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		lineno++;
		char *s = nl ? statefile_unescape(p, nl) : NULL;
		if (s == NULL) {
			if (!bad++)
				first_bad = lineno;
			if (nl == NULL)
				break;
			continue;
		}
		history_push(v, n, cap, max, s);
		free(s);
	}
	strbuf_free(&sb);
	if (bad) {
		qerr_set(err, "%s:%u: corrupt entry ignored%s", path, first_bad,
			 bad > 1 ? " (and more)" : "");
		return false;
	}
	return true;
}

bool
history_open(struct history *h, const char *dir, struct qerr *err)
{
	char def[4096];
	bool missing, unreadable, good;

	history_init(h);
	if (dir == NULL) {
		if (!settings_xdg_path(def, sizeof def, "XDG_STATE_HOME", ".local/state", "qarin")) {
			qerr_set(err, "no directory for the search history "
				 "(neither XDG_STATE_HOME nor HOME is set)");
			return false;
		}
		dir = def;
	}
	h->dir = xstrdup(dir);
	h->path = xmalloc(strlen(dir) + sizeof "/" HISTORY_FILE);
	sprintf(h->path, "%s/%s", dir, HISTORY_FILE);
	good = history_read(h->path, h->max, &h->v, &h->n, &h->cap, &missing, &unreadable, err);
	if (unreadable) {
		free(h->dir); /* never replace what could not be read */
		h->dir = NULL;
	}
	return good;
}

void
history_add(struct history *h, const char *text)
{
	if (text == NULL || text[0] == '\0' || strchr(text, '\n') != NULL)
		return;
	history_push(&h->v, &h->n, &h->cap, h->max, text);
	history_push(&h->added, &h->nadded, &h->added_cap, h->max, text);
}

const char *
history_get(const struct history *h, size_t i)
{
	return i < h->n ? h->v[i] : NULL;
}

/* Frees a list of strings. */
static void
history_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

bool
history_save(struct history *h, struct qerr *err)
{
	char **v;
	size_t n, cap;
	bool missing, unreadable, ok;
	struct qerr ignored;
	struct strbuf sb = STRBUF_INIT;
	int lock;

	if (h->path == NULL || h->nadded == 0)
		return true;
	if (h->dir == NULL) {
		qerr_set(err, "%s: search history not saved", h->path);
		return false;
	}
	if (!statefile_mkdirs(h->dir, err))
		return false;
	/* No other run writes between our read and our rename. */
	lock = statefile_lock(h->dir, HISTORY_FILE, err);
	if (lock < 0)
		return false;
	statefile_clean_temps(h->dir, HISTORY_FILE);
	/* What is on file now (other runs may have written), then ours. */
	(void)history_read(h->path, h->max, &v, &n, &cap, &missing, &unreadable, &ignored);
	if (unreadable) {
		history_list_free(v, n);
		*err = ignored;
		statefile_unlock(lock);
		return false;
	}
	for (size_t i = 0; i < h->nadded; i++)
		history_push(&v, &n, &cap, h->max, h->added[i]);
	strbuf_printf(&sb, "%s %d\n", HISTORY_MAGIC, HISTORY_VERSION);
	for (size_t i = 0; i < n; i++) {
		statefile_escape(&sb, v[i]);
		strbuf_putc(&sb, '\n');
	}
	ok = statefile_write_atomic(h->dir, h->path, sb.data, sb.len, err);
	statefile_unlock(lock);
	strbuf_free(&sb);
	history_list_free(v, n);
	if (ok) {
		history_list_free(h->added, h->nadded);
		h->added = NULL;
		h->nadded = h->added_cap = 0;
	}
	return ok;
}

void
history_free(struct history *h)
{
	history_list_free(h->v, h->n);
	history_list_free(h->added, h->nadded);
	free(h->dir);
	free(h->path);
	memset(h, 0, sizeof *h);
}
