/* Reading state across runs: where each file was left and its marks. Read
 * once at start, merged and written on exit under a lock by a temporary
 * file, fsync and rename in the same directory, so the previous state
 * survives a crash or a full disk and two runs quitting together lose
 * nothing; a corrupt line costs that entry, never the others. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "reader/settings.h"
#include "reader/state.h"
#include "reader/statefile.h"
#include "text/lib.h"

#define STATE_MAGIC "qarin-state"
#define STATE_VERSION 1
#define STATE_FILE "positions"

void
state_entry_clear(struct state_entry *e)
{
	e->offset = 0;
	for (int i = 0; i < STATE_NMARKS; i++)
		e->marks[i] = STATE_NO_MARK;
}

/* Frees the records of a list. */
static void
state_recs_free(struct state_rec *recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(recs[i].key);
	free(recs);
}

/* Index of key in recs, or -1. */
static long
state_find(const struct state_rec *recs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(recs[i].key, key) == 0)
			return (long)i;
	return -1;
}

/* Appends a record (taking key) to a growable list. */
static struct state_rec *
state_append(struct state_rec **recs, size_t *n, size_t *cap, char *key)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*recs = xreallocarray(*recs, *cap, sizeof **recs);
	}
	memset(&(*recs)[*n], 0, sizeof **recs);
	(*recs)[*n].key = key;
	return &(*recs)[(*n)++];
}

/* Parses a run of decimal digits [s, e) into *v; false if not one. */
static bool
state_number(const char *s, const char *e, unsigned long long *v)
{
	unsigned long long x = 0;

	if (s == e || e - s > 19)
		return false;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return false;
		x = x * 10 + (unsigned)(*s - '0');
	}
	*v = x;
	return true;
}

/* Parses the marks field ("-" or "a=1,b=2") into e. */
static bool
state_parse_marks(const char *s, const char *e, struct state_entry *ent)
{
	if (e - s == 1 && *s == '-')
		return true;
	while (s < e) {
		const char *comma = memchr(s, ',', (size_t)(e - s));
		const char *ie = comma ? comma : e;
		unsigned long long v;

		if (ie - s < 3 || s[0] < 'a' || s[0] > 'z' || s[1] != '=' ||
		    !state_number(s + 2, ie, &v) || v >= SIZE_MAX)
			return false;
		ent->marks[s[0] - 'a'] = (size_t)v;
		if (comma != NULL && comma + 1 == e)
			return false;
		s = comma ? comma + 1 : e;
	}
	return true;
}

/* Parses one entry line into a new record of the list; false if corrupt. */
static bool
state_parse_line(const char *s, const char *e, struct state_rec **recs,
		 size_t *n, size_t *cap)
{
	const char *f[4];
	const char *p = s;
	unsigned long long used, off;
	struct state_entry ent;
	char *key;

	for (int i = 0; i < 3; i++) {
		const char *tab = memchr(p, '\t', (size_t)(e - p));
		if (tab == NULL)
			return false;
		f[i] = tab;
		p = tab + 1;
	}
	f[3] = e;
	state_entry_clear(&ent);
	if (!state_number(s, f[0], &used) || used > INT64_MAX ||
	    !state_number(f[0] + 1, f[1], &off) || off >= SIZE_MAX ||
	    !state_parse_marks(f[1] + 1, f[2], &ent))
		return false;
	ent.offset = (size_t)off;
	key = statefile_unescape(f[2] + 1, e);
	if (key == NULL)
		return false;
	if (key[0] != '/') {
		free(key);
		return false;
	}
	if (state_find(*recs, *n, key) >= 0) {
		free(key); /* the first (most recent) one wins */
		return true;
	}
	struct state_rec *r = state_append(recs, n, cap, key);
	r->used = (int64_t)used;
	r->e = ent;
	return true;
}

enum state_read {
	STATE_READ_OK,
	STATE_READ_MISSING,
	STATE_READ_BAD,   /* not a state file: ignored, replaced on save */
	STATE_READ_UNREADABLE, /* cannot be read, or not a regular file: left alone */
	STATE_READ_NEWER, /* a later format: not ours to rewrite */
};

/* Reads the state file at path into a fresh list; err says what was wrong
 * (also for STATE_READ_OK when some lines were dropped). */
static enum state_read
state_read(const char *path, struct state_rec **recs, size_t *n,
	   size_t *cap, bool *dropped, struct qerr *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[16384];
	const char *p, *end, *nl;
	unsigned lineno = 1, bad = 0, first_bad = 0;
	size_t r;
	int version;
	bool missing;
	const char *why;
	FILE *f;

	*recs = NULL;
	*n = *cap = 0;
	*dropped = false;
	f = statefile_open_read(path, &missing, &why);
	if (f == NULL) {
		if (missing)
			return STATE_READ_MISSING;
		qerr_set(err, "%s: %s; saved positions ignored and not saved", path, why);
		return STATE_READ_UNREADABLE;
	}
	while ((r = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_append(&sb, buf, r);
	if (ferror(f)) {
		qerr_set(err, "%s: %s; saved positions ignored and not saved", path,
			 strerror(errno));
		fclose(f);
		strbuf_free(&sb);
		return STATE_READ_UNREADABLE;
	}
	fclose(f);
	p = sb.data ? sb.data : "";
	end = p + sb.len;
	nl = memchr(p, '\n', sb.len);
	if (nl == NULL || (size_t)(nl - p) < sizeof STATE_MAGIC ||
	    memcmp(p, STATE_MAGIC " ", sizeof STATE_MAGIC) != 0 ||
	    sscanf(p + sizeof STATE_MAGIC, "%d", &version) != 1 || version < 1) {
		qerr_set(err, "%s: not a qarin state file; saved positions ignored",
			 path);
		strbuf_free(&sb);
		return STATE_READ_BAD;
	}
	if (version > STATE_VERSION) {
		qerr_set(err, "%s: written by a newer qarin (format %d); "
			 "positions will not be saved", path, version);
		strbuf_free(&sb);
		return STATE_READ_NEWER;
	}
	for (p = nl + 1; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		lineno++;
		if (nl == NULL) {
			/* A last line without its newline was cut short. */
			if (!bad++)
				first_bad = lineno;
			break;
		}
		if (nl == p)
			continue;
		if (!state_parse_line(p, nl, recs, n, cap) && !bad++)
			first_bad = lineno;
	}
	strbuf_free(&sb);
	if (bad) {
		*dropped = true;
		if (bad == 1)
			qerr_set(err, "%s:%u: corrupt entry ignored", path,
				 first_bad);
		else
			qerr_set(err, "%s:%u: corrupt entry ignored (and %u more)",
				 path, first_bad, bad - 1);
	}
	return STATE_READ_OK;
}

bool
state_open(struct state *st, const char *dir, struct qerr *err)
{
	char def[4096];
	size_t cap;
	bool dropped;

	memset(st, 0, sizeof *st);
	st->max = STATE_MAX_ENTRIES;
	if (dir == NULL) {
		if (!settings_xdg_path(def, sizeof def, "XDG_STATE_HOME",
				       ".local/state", "qarin")) {
			qerr_set(err, "no directory for saved positions "
				 "(neither XDG_STATE_HOME nor HOME is set)");
			st->readonly = true;
			return false;
		}
		dir = def;
	}
	st->dir = xstrdup(dir);
	st->path = xmalloc(strlen(dir) + sizeof "/" STATE_FILE);
	sprintf(st->path, "%s/%s", dir, STATE_FILE);
	switch (state_read(st->path, &st->recs, &st->n, &cap, &dropped, err)) {
	case STATE_READ_MISSING:
		break;
	case STATE_READ_BAD:
		return false;
	case STATE_READ_UNREADABLE:
		st->readonly = true; /* never replace what could not be read */
		return false;
	case STATE_READ_NEWER:
		st->readonly = true;
		return false;
	case STATE_READ_OK:
		st->cap = cap;
		return !dropped;
	}
	return true;
}

bool
state_usable(const struct state *st)
{
	return st->path != NULL && !st->readonly;
}

bool
state_get(const struct state *st, const char *key, struct state_entry *out)
{
	long i = key ? state_find(st->recs, st->n, key) : -1;

	if (i < 0) {
		state_entry_clear(out);
		return false;
	}
	*out = st->recs[i].e;
	return true;
}

void
state_put(struct state *st, const char *key, const struct state_entry *e)
{
	long i = state_find(st->recs, st->n, key);
	struct state_rec r;
	int64_t now = (int64_t)time(NULL);

	if (i < 0) {
		state_append(&st->recs, &st->n, &st->cap, xstrdup(key));
		i = (long)st->n - 1;
	}
	r = st->recs[i];
	r.e = *e;
	r.dirty = true;
	/* Never older than what it was or than anything else on file. */
	for (size_t j = 0; j < st->n; j++)
		if (st->recs[j].used > now)
			now = st->recs[j].used;
	r.used = now;
	memmove(&st->recs[1], &st->recs[0], (size_t)i * sizeof r);
	st->recs[0] = r;
}

/* The state file's text for a list of records. */
static void
state_format(struct strbuf *sb, const struct state_rec *recs, size_t n)
{
	strbuf_printf(sb, "%s %d\n", STATE_MAGIC, STATE_VERSION);
	for (size_t i = 0; i < n; i++) {
		const struct state_rec *r = &recs[i];
		bool any = false;

		strbuf_printf(sb, "%lld\t%zu\t", (long long)r->used, r->e.offset);
		for (int m = 0; m < STATE_NMARKS; m++) {
			if (r->e.marks[m] == STATE_NO_MARK)
				continue;
			strbuf_printf(sb, "%s%c=%zu", any ? "," : "", 'a' + m,
				      r->e.marks[m]);
			any = true;
		}
		if (!any)
			strbuf_putc(sb, '-');
		strbuf_putc(sb, '\t');
		statefile_escape(sb, r->key);
		strbuf_putc(sb, '\n');
	}
}

/* Sorting records newest first, earlier in the list first on a tie. */
struct state_order {
	int64_t used;
	size_t idx;
};

/* Compares two state_order for qsort. */
static int
state_order_cmp(const void *a, const void *b)
{
	const struct state_order *x = a, *y = b;

	if (x->used != y->used)
		return x->used > y->used ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

bool
state_save(struct state *st, struct qerr *err)
{
	struct state_rec *disk, *merged = NULL, *out;
	size_t ndisk, dcap, nm = 0, mcap = 0, keep;
	struct state_order *ord;
	struct strbuf sb = STRBUF_INIT;
	bool dropped, good;
	struct qerr ignored;
	int lock;

	if (st->readonly || st->path == NULL) {
		qerr_set(err, "%s: positions not saved", st->path ? st->path :
			 "(no state directory)");
		return false;
	}
	if (!statefile_mkdirs(st->dir, err))
		return false;
	/* From reading what is on file to replacing it, no other run may
	 * write, or one of the two saves would be lost. */
	lock = statefile_lock(st->dir, STATE_FILE, err);
	if (lock < 0)
		return false;
	statefile_clean_temps(st->dir, STATE_FILE);
	/* What other runs saved since we read the file. */
	switch (state_read(st->path, &disk, &ndisk, &dcap, &dropped, &ignored)) {
	case STATE_READ_NEWER:
		state_recs_free(disk, ndisk);
		qerr_set(err, "%s: written by a newer qarin; positions not saved",
			 st->path);
		st->readonly = true;
		statefile_unlock(lock);
		return false;
	case STATE_READ_UNREADABLE:
		state_recs_free(disk, ndisk);
		*err = ignored;
		statefile_unlock(lock);
		return false;
	default:
		break;
	}
	for (size_t i = 0; i < st->n; i++) {
		if (!st->recs[i].dirty)
			continue;
		struct state_rec *r = state_append(&merged, &nm, &mcap,
						   xstrdup(st->recs[i].key));
		r->used = st->recs[i].used;
		r->e = st->recs[i].e;
		r->dirty = true;
	}
	for (size_t i = 0; i < ndisk; i++) {
		if (state_find(merged, nm, disk[i].key) >= 0)
			continue;
		struct state_rec *r = state_append(&merged, &nm, &mcap,
						   xstrdup(disk[i].key));
		r->used = disk[i].used;
		r->e = disk[i].e;
	}
	for (size_t i = 0; i < st->n; i++) {
		if (st->recs[i].dirty || state_find(merged, nm, st->recs[i].key) >= 0)
			continue;
		struct state_rec *r = state_append(&merged, &nm, &mcap,
						   xstrdup(st->recs[i].key));
		r->used = st->recs[i].used;
		r->e = st->recs[i].e;
	}
	state_recs_free(disk, ndisk);

	ord = xcalloc(nm ? nm : 1, sizeof *ord);
	for (size_t i = 0; i < nm; i++) {
		ord[i].used = merged[i].used;
		ord[i].idx = i;
	}
	qsort(ord, nm, sizeof *ord, state_order_cmp);
	keep = nm < st->max ? nm : st->max;
	out = xcalloc(keep ? keep : 1, sizeof *out);
	for (size_t i = 0; i < nm; i++) {
		if (i < keep) {
			out[i] = merged[ord[i].idx];
		} else {
			free(merged[ord[i].idx].key);
		}
	}
	free(merged);
	free(ord);

	state_format(&sb, out, keep);
	good = statefile_write_atomic(st->dir, st->path, sb.data, sb.len, err);
	statefile_unlock(lock);
	strbuf_free(&sb);
	state_recs_free(st->recs, st->n);
	st->recs = out;
	st->n = st->cap = keep;
	return good;
}

void
state_close(struct state *st)
{
	if (st == NULL)
		return;
	state_recs_free(st->recs, st->n);
	free(st->dir);
	free(st->path);
	memset(st, 0, sizeof *st);
}

char *
state_key(const char *path)
{
	char *real;
	struct stat sb;

	if (path == NULL || strcmp(path, "-") == 0)
		return NULL;
	real = realpath(path, NULL);
	if (real == NULL)
		return NULL;
	if (stat(real, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		free(real); /* pipes, devices: nothing to come back to */
		return NULL;
	}
	return real;
}
