/* The reader's settings: defaults, then the optional configuration file,
 * then (in main) the command line. Problems in the file become messages for
 * the status line; none of them stops the reader. */
#include <config.h>

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/lib.h"
#include "reader/settings.h"
#include "reader/statefile.h"

void
settings_defaults(struct settings *s)
{
	memset(s, 0, sizeof *s);
	snprintf(s->theme, sizeof s->theme, "default");
	s->shape = SETTINGS_SHAPE_AUTO;
	s->dir = DIR_AUTO;
	s->sync = true;
	s->mouse = true;
}

const char *
settings_shape_name(enum settings_shape shape)
{
	switch (shape) {
	case SETTINGS_SHAPE_ON:
		return "on";
	case SETTINGS_SHAPE_OFF:
		return "off";
	default:
		return "auto";
	}
}

/* Appends a formatted message to msgs (if any), escaped: a config line
 * with control characters in it is shown, never obeyed. */
__attribute__((format(printf, 2, 3))) static void
settings_msg(struct settings_msgs *msgs, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (msgs == NULL)
		return;
	va_start(ap, fmt);
	escape_vformat(&sb, fmt, ap);
	va_end(ap);
	msgs->v = xreallocarray(msgs->v, msgs->n + 1, sizeof *msgs->v);
	msgs->v[msgs->n++] = strbuf_steal(&sb);
}

void
settings_msgs_free(struct settings_msgs *msgs)
{
	if (msgs == NULL)
		return;
	for (size_t i = 0; i < msgs->n; i++)
		free(msgs->v[i]);
	free(msgs->v);
	msgs->v = NULL;
	msgs->n = 0;
}

/* Parses on/off and its synonyms into *b; false if v is none of them. */
static bool
settings_bool(const char *v, bool *b)
{
	if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true")) {
		*b = true;
		return true;
	}
	if (!strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false")) {
		*b = false;
		return true;
	}
	return false;
}

/* Applies one key and value; false if either is bad, with *unknown telling
 * which and *expect describing the values the key takes. */
static bool
settings_apply(struct settings *s, const char *key, const char *val,
	       const char **expect, bool *unknown)
{
	*unknown = false;
	if (strcmp(key, "theme") == 0) {
		*expect = "a theme name";
		if (*val == '\0' || strlen(val) >= sizeof s->theme ||
		    strpbrk(val, " \t") != NULL)
			return false;
		memcpy(s->theme, val, strlen(val) + 1); /* length checked above */
		return true;
	}
	if (strcmp(key, "shape") == 0) {
		bool b;
		*expect = "auto, on or off";
		if (strcmp(val, "auto") == 0)
			s->shape = SETTINGS_SHAPE_AUTO;
		else if (settings_bool(val, &b))
			s->shape = b ? SETTINGS_SHAPE_ON : SETTINGS_SHAPE_OFF;
		else
			return false;
		return true;
	}
	if (strcmp(key, "dir") == 0) {
		*expect = "auto, ltr or rtl";
		if (strcmp(val, "auto") == 0)
			s->dir = DIR_AUTO;
		else if (strcmp(val, "ltr") == 0)
			s->dir = DIR_LTR;
		else if (strcmp(val, "rtl") == 0)
			s->dir = DIR_RTL;
		else
			return false;
		return true;
	}
	if (strcmp(key, "sync") == 0) {
		*expect = "on or off";
		return settings_bool(val, &s->sync);
	}
	if (strcmp(key, "mouse") == 0) {
		*expect = "on or off";
		return settings_bool(val, &s->mouse);
	}
	if (strcmp(key, "copy") == 0) {
		*expect = "auto, osc52, tmux or file:PATH";
		return clipboard_parse_method(val, &s->copy);
	}
	if (strcmp(key, "osc52") == 0) {
		*expect = "on or off";
		return settings_bool(val, &s->copy.osc52);
	}
	if (strcmp(key, "copy-file") == 0) {
		struct copy_opts o = { 0 };
		char spec[1100];
		*expect = "a file name";
		snprintf(spec, sizeof spec, "file:%s", val);
		if (!clipboard_parse_method(spec, &o))
			return false;
		memcpy(s->copy.file, o.file, sizeof o.file);
		return true;
	}
	*unknown = true;
	return false;
}

/* Copies [s, e) without surrounding blanks into buf (truncating). */
static void
settings_trim(const char *s, const char *e, char *buf, size_t size)
{
	size_t n;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	n = (size_t)(e - s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

size_t
settings_parse(const char *path, const char *text, size_t len,
	       struct settings *s, struct settings_msgs *msgs)
{
	const char *p = text, *end = text + len;
	unsigned lineno = 0;
	size_t count = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *ls = p, *eq;
		char key[64], val[256];
		const char *expect = "";
		bool unknown;

		lineno++;
		p = nl ? nl + 1 : end;
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		for (const char *q = ls; q < le; q++) {
			if (*q == '#' && (q == ls || q[-1] == ' ' || q[-1] == '\t')) {
				le = q;
				break;
			}
		}
		settings_trim(ls, le, val, sizeof val);
		if (val[0] == '\0')
			continue;
		eq = memchr(ls, '=', (size_t)(le - ls));
		if (eq == NULL || memchr(ls, '\0', (size_t)(le - ls)) != NULL) {
			settings_msg(msgs, "%s:%u: expected 'key = value'", path,
				     lineno);
			count++;
			continue;
		}
		settings_trim(ls, eq, key, sizeof key);
		settings_trim(eq + 1, le, val, sizeof val);
		if (settings_apply(s, key, val, &expect, &unknown))
			continue;
		if (unknown)
			settings_msg(msgs, "%s:%u: unknown key '%s'", path,
				     lineno, key);
		else
			settings_msg(msgs, "%s:%u: bad value '%s' for '%s' "
				     "(expected %s)", path, lineno, val, key,
				     expect);
		count++;
	}
	return count;
}

bool
settings_xdg_path(char *buf, size_t size, const char *env,
		  const char *home_rel, const char *leaf)
{
	const char *base = getenv(env);
	int n;

	if (base != NULL && base[0] == '/') {
		n = snprintf(buf, size, "%s/%s", base, leaf);
		return n >= 0 && (size_t)n < size;
	}
	base = getenv("HOME");
	if (base == NULL || base[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		base = pw ? pw->pw_dir : NULL;
	}
	if (base == NULL || base[0] != '/')
		return false;
	n = snprintf(buf, size, "%s/%s/%s", base, home_rel, leaf);
	return n >= 0 && (size_t)n < size;
}

size_t
settings_load(struct settings *s, const char *path,
	      struct settings_msgs *msgs)
{
	char def[4096];
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t r, count;
	bool missing;
	const char *why;
	FILE *f;

	settings_defaults(s);
	if (path == NULL) {
		if (!settings_xdg_path(def, sizeof def, "XDG_CONFIG_HOME",
				       ".config", "qarin/config"))
			return 0;
		path = def;
	}
	f = statefile_open_read(path, &missing, &why); /* a FIFO never blocks */
	if (f == NULL) {
		if (missing)
			return 0;
		settings_msg(msgs, "%s: %s", path, why);
		return 1;
	}
	while ((r = fread(buf, 1, sizeof buf, f)) > 0 && sb.len < (1u << 20))
		strbuf_append(&sb, buf, r);
	if (ferror(f)) {
		settings_msg(msgs, "%s: %s", path, strerror(errno));
		fclose(f);
		strbuf_free(&sb);
		return 1;
	}
	fclose(f);
	count = settings_parse(path, sb.data ? sb.data : "", sb.len, s, msgs);
	strbuf_free(&sb);
	return count;
}
