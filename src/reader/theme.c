/* Themes: parsing the small "role = colours attributes" files, finding them
 * in the user's directory, QARIN_THEMES_DIR, the source tree's (for ./qarin
 * in the build tree) and the installed one, and the built-in default that
 * qarin always has. No curses here: colors.c maps the result to the
 * terminal. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout/lib.h"
#include "reader/settings.h"
#include "text/lib.h"
#include "reader/theme.h"

/* The most directories a theme is looked for in (theme_dirs). */
#define THEME_NDIRS 4

/* Keep in step with themes/default: a test compares the two. */
static const char theme_builtin_default[] =
	"text           = default\n"
	"title          = bold underline\n"
	"heading        = bold\n"
	"metadata       = dim\n"
	"boilerplate    = dim italic\n"
	"header         = reverse\n"
	"header-focused = bright-white on blue bold\n"
	"status         = reverse\n"
	"search-match   = black on yellow\n"
	"current-match  = bright-white on red bold\n"
	"anchor         = blue underline\n"
	"mismatch       = red bold\n"
	"placeholder    = magenta reverse\n"
	"nav-selection  = bold reverse\n"
	"border         = dim\n"
	"emphasis       = italic\n"
	"strong         = bold\n"
	"code           = green\n"
	"link           = blue underline\n"
	"gutter         = dim\n";

static const char *const theme_role_names[THEME_ROLE_COUNT] = {
#define THEME_ROLE_NAME(id, name) name,
	THEME_ROLES(THEME_ROLE_NAME)
#undef THEME_ROLE_NAME
};

static const char *const theme_color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};

static const struct {
	const char *name;
	unsigned bit;
} theme_attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },
	{ "dim", THEME_ATTR_DIM },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "italic", THEME_ATTR_ITALIC },
};

const char *
theme_role_name(enum theme_role role)
{
	if ((unsigned)role >= THEME_ROLE_COUNT)
		return "?";
	return theme_role_names[role];
}

int
theme_role_parse(const char *name)
{
	for (int i = 0; i < THEME_ROLE_COUNT; i++)
		if (strcmp(theme_role_names[i], name) == 0)
			return i;
	return -1;
}

/* Parses one colour word; false if it is not a colour. */
static bool
theme_color_parse(const char *w, struct theme_color *c)
{
	char *end;

	if (strcmp(w, "default") == 0) {
		c->kind = THEME_COLOR_DEFAULT;
		c->value = 0;
		return true;
	}
	if (strcmp(w, "grey") == 0 || strcmp(w, "gray") == 0)
		w = "bright-black";
	for (unsigned i = 0; i < 16; i++) {
		if (strcmp(w, theme_color_names[i]) == 0) {
			c->kind = THEME_COLOR_INDEX;
			c->value = i;
			return true;
		}
	}
	if (w[0] == '#') {
		if (strlen(w) != 7 || strspn(w + 1, "0123456789abcdefABCDEF") != 6)
			return false;
		c->kind = THEME_COLOR_RGB;
		c->value = (uint32_t)strtoul(w + 1, NULL, 16);
		return true;
	}
	if (strncmp(w, "color", 5) == 0)
		w += 5;
	if (w[0] < '0' || w[0] > '9' || strlen(w) > 3)
		return false;
	unsigned long v = strtoul(w, &end, 10);
	if (*end != '\0' || v > 255)
		return false;
	c->kind = THEME_COLOR_INDEX;
	c->value = (uint32_t)v;
	return true;
}

/* Copies the line's next whitespace-separated word into w; false at the end. */
static bool
theme_next_word(const char **p, const char *end, char *w, size_t wsize)
{
	const char *s = *p, *e;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s == end)
		return false;
	for (e = s; e < end && *e != ' ' && *e != '\t'; e++)
		;
	size_t n = (size_t)(e - s);
	if (n >= wsize)
		n = wsize - 1; /* too long for any word we know: still an error */
	memcpy(w, s, n);
	w[n] = '\0';
	*p = e;
	return true;
}

/* Which parts of a role's style the file gave. */
enum {
	THEME_GOT_ROLE = 1,
	THEME_GOT_FG = 2,
	THEME_GOT_BG = 4,
};

/* The end of a line's content (s: its first non-blank): before a comment
 * and trailing blanks. A '#' opens a comment at the start of a line, or
 * after a blank when a blank follows it too ("#ff0000" is a colour). */
static const char *
theme_line_end(const char *s, const char *end)
{
	for (const char *p = s; p < end; p++) {
		if (*p != '#')
			continue;
		if (p != s && p[-1] != ' ' && p[-1] != '\t')
			continue;
		if (p != s && p + 1 < end && p[1] != ' ' && p[1] != '\t' &&
		    p[1] != '\r')
			continue;
		end = p;
		break;
	}
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	return end;
}

/* Parses the style words of one role line into st; got gets THEME_GOT_*. */
static bool
theme_parse_style(const char *path, unsigned lineno, const char *p,
		  const char *end, struct theme_style *st, unsigned *got,
		  struct qerr *err)
{
	char w[64];
	bool any = false;

	while (theme_next_word(&p, end, w, sizeof w)) {
		struct theme_color c;
		bool known = false;

		any = true;
		if (strcmp(w, "on") == 0) {
			if (!theme_next_word(&p, end, w, sizeof w)) {
				qerr_set(err, "%s:%u: 'on' needs a background colour",
					 path, lineno);
				return false;
			}
			if (!theme_color_parse(w, &c)) {
				qerr_set(err, "%s:%u: unknown colour '%s'", path,
					 lineno, w);
				return false;
			}
			if (*got & THEME_GOT_BG) {
				qerr_set(err, "%s:%u: two background colours",
					 path, lineno);
				return false;
			}
			st->bg = c;
			*got |= THEME_GOT_BG;
			continue;
		}
		if (strcmp(w, "plain") == 0)
			continue;
		for (size_t i = 0; i < sizeof theme_attr_names / sizeof *theme_attr_names; i++) {
			if (strcmp(w, theme_attr_names[i].name) == 0) {
				st->attrs |= theme_attr_names[i].bit;
				known = true;
			}
		}
		if (known)
			continue;
		if (!theme_color_parse(w, &c)) {
			qerr_set(err, "%s:%u: unknown colour or attribute '%s'",
				 path, lineno, w);
			return false;
		}
		if (*got & (THEME_GOT_FG | THEME_GOT_BG)) {
			qerr_set(err, "%s:%u: colour '%s' after the %s colour "
				 "(write 'FG on BG')", path, lineno, w,
				 (*got & THEME_GOT_BG) ? "background" : "foreground");
			return false;
		}
		st->fg = c;
		*got |= THEME_GOT_FG;
	}
	if (!any) {
		qerr_set(err, "%s:%u: no style after '=' (use 'plain' for none)",
			 path, lineno);
		return false;
	}
	return true;
}

bool
theme_parse(const char *path, const char *text, size_t len,
	    struct theme *out, struct qerr *err)
{
	struct theme t;
	unsigned got[THEME_ROLE_COUNT] = { 0 };
	const char *p = text, *end = text + len, *base;
	unsigned lineno = 0;

	memset(&t, 0, sizeof t);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p, *ce, *eq;
		char role[64];
		size_t rn;
		int r;

		lineno++;
		p = nl ? nl + 1 : end;
		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		ce = theme_line_end(s, le);
		if (s == ce)
			continue;
		if (memchr(s, '\0', (size_t)(ce - s)) != NULL) {
			qerr_set(err, "%s:%u: NUL byte in line", path, lineno);
			return false;
		}
		eq = memchr(s, '=', (size_t)(ce - s));
		if (eq == NULL) {
			qerr_set(err, "%s:%u: expected 'role = style'", path, lineno);
			return false;
		}
		rn = (size_t)(eq - s);
		while (rn > 0 && (s[rn - 1] == ' ' || s[rn - 1] == '\t'))
			rn--;
		if (rn == 0) {
			qerr_set(err, "%s:%u: no role before '='", path, lineno);
			return false;
		}
		if (rn >= sizeof role)
			rn = sizeof role - 1;
		memcpy(role, s, rn);
		role[rn] = '\0';
		r = theme_role_parse(role);
		if (r < 0) {
			qerr_set(err, "%s:%u: unknown role '%s'", path, lineno, role);
			return false;
		}
		if (got[r] & THEME_GOT_ROLE) {
			qerr_set(err, "%s:%u: role '%s' given twice", path, lineno,
				 role);
			return false;
		}
		got[r] |= THEME_GOT_ROLE;
		if (!theme_parse_style(path, lineno, eq + 1, ce, &t.style[r],
				       &got[r], err))
			return false;
	}
	/* Whatever a role left out comes from text. */
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		if (r == THEME_ROLE_TEXT)
			continue;
		if (!(got[r] & THEME_GOT_ROLE)) {
			t.style[r] = t.style[THEME_ROLE_TEXT];
			continue;
		}
		if (!(got[r] & THEME_GOT_FG))
			t.style[r].fg = t.style[THEME_ROLE_TEXT].fg;
		if (!(got[r] & THEME_GOT_BG))
			t.style[r].bg = t.style[THEME_ROLE_TEXT].bg;
	}
	base = strrchr(path, '/');
	snprintf(t.name, sizeof t.name, "%s", base ? base + 1 : path);
	*out = t;
	return true;
}

void
theme_default(struct theme *out)
{
	bool parsed;

	memset(out, 0, sizeof *out);
	parsed = theme_parse("(built-in default)", theme_builtin_default,
			     sizeof theme_builtin_default - 1, out, NULL);
	(void)parsed; /* the built-in text is tested to parse */
	snprintf(out->name, sizeof out->name, "default");
}

/* The source tree's themes directory when this program is the one its
 * build made, run from where it was made (./qarin in the build tree): a
 * program being built finds its own themes, an installed one never looks
 * there. */
static bool
theme_tree_dir(char *buf, size_t size)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash, *build;
	bool same;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	build = realpath(QARIN_BUILDDIR, NULL);
	if (build == NULL)
		return false;
	same = strcmp(exe[0] ? exe : "/", build) == 0;
	free(build);
	return same && (size_t)snprintf(buf, size, "%s/themes", QARIN_SRCDIR) < size;
}

/* Fills dirs with the theme directories in search order; returns how many. */
static int
theme_dirs(char dirs[THEME_NDIRS][4096])
{
	int n = 0;
	const char *env;

	if (settings_xdg_path(dirs[n], sizeof dirs[n], "XDG_CONFIG_HOME",
			      ".config", "qarin/themes"))
		n++;
	env = getenv("QARIN_THEMES_DIR");
	if (env != NULL && *env != '\0' &&
	    (size_t)snprintf(dirs[n], sizeof dirs[n], "%s", env) < sizeof dirs[n])
		n++;
	if (theme_tree_dir(dirs[n], sizeof dirs[n]))
		n++;
	snprintf(dirs[n], sizeof dirs[n], "%s", QARIN_DATADIR "/themes");
	return n + 1;
}

/* True if name can be a theme file's name in a theme directory. */
static bool
theme_name_ok(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n < sizeof ((struct theme *)0)->name && name[0] != '.' &&
	       name[n - 1] != '~' && strchr(name, '/') == NULL;
}

/* Reads and parses one theme file. */
static bool
theme_load_file(const char *path, struct theme *out, struct qerr *err)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	FILE *f = fopen(path, "rb");
	bool good;

	if (f == NULL) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		return false;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
		if (len > (1u << 20)) {
			qerr_set(err, "%s: too large for a theme", path);
			free(buf);
			fclose(f);
			return false;
		}
	}
	if (ferror(f)) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		free(buf);
		fclose(f);
		return false;
	}
	fclose(f);
	good = theme_parse(path, buf, len, out, err);
	free(buf);
	return good;
}

bool
theme_load(const char *name, struct theme *out, struct qerr *err)
{
	char dirs[THEME_NDIRS][4096], path[4200];
	struct theme t;
	int n;

	memset(&t, 0, sizeof t);
	if (strchr(name, '/') != NULL) {
		const char *base = strrchr(name, '/') + 1;
		if (!theme_load_file(name, &t, err))
			return false;
		snprintf(t.name, sizeof t.name, "%s", *base ? base : name);
		*out = t;
		return true;
	}
	if (!theme_name_ok(name)) {
		qerr_set(err, "'%s': not a theme name", name);
		return false;
	}
	n = theme_dirs(dirs);
	for (int i = 0; i < n; i++) {
		struct stat sb;

		int len = snprintf(path, sizeof path, "%s/%s", dirs[i], name);
		if (len < 0 || (size_t)len >= sizeof path ||
		    stat(path, &sb) != 0 || S_ISDIR(sb.st_mode))
			continue;
		if (!theme_load_file(path, &t, err))
			return false;
		snprintf(t.name, sizeof t.name, "%s", name);
		*out = t;
		return true;
	}
	if (strcmp(name, "default") == 0) {
		theme_default(out);
		return true;
	}
	struct strbuf where = STRBUF_INIT;
	for (int i = 0; i < n; i++)
		strbuf_printf(&where, "%s%s", i ? ", " : "", dirs[i]);
	qerr_set(err, "theme '%s' not found (looked in %s)", name, where.data);
	strbuf_free(&where);
	return false;
}

/* Orders strings for qsort. */
static int
theme_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
theme_list(size_t *count)
{
	char dirs[THEME_NDIRS][4096];
	char **v = NULL;
	size_t n = 0, cap = 0, out = 0;
	int nd = theme_dirs(dirs);

	v = xreallocarray(v, cap = 16, sizeof *v);
	v[n++] = xstrdup("default");
	for (int i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;

		if (d == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			char path[4400];
			struct stat sb;

			if (!theme_name_ok(e->d_name))
				continue;
			int len = snprintf(path, sizeof path, "%s/%s", dirs[i],
					   e->d_name);
			if (len < 0 || (size_t)len >= sizeof path ||
			    stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
				continue;
			if (n + 1 >= cap)
				v = xreallocarray(v, cap *= 2, sizeof *v);
			v[n++] = xstrdup(e->d_name);
		}
		closedir(d);
	}
	qsort(v, n, sizeof *v, theme_cmp);
	for (size_t i = 0; i < n; i++) {
		if (out > 0 && strcmp(v[out - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[out++] = v[i];
	}
	v[out] = NULL;
	if (count != NULL)
		*count = out;
	return v;
}

void
theme_list_free(char **names)
{
	if (names == NULL)
		return;
	for (char **p = names; *p != NULL; p++)
		free(*p);
	free(names);
}

/* What each role falls back to when colours are not available. */
static const unsigned theme_mono_attrs[THEME_ROLE_COUNT] = {
	[THEME_ROLE_TITLE] = THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE,
	[THEME_ROLE_HEADING] = THEME_ATTR_BOLD,
	[THEME_ROLE_METADATA] = THEME_ATTR_DIM,
	[THEME_ROLE_BOILERPLATE] = THEME_ATTR_DIM,
	[THEME_ROLE_HEADER] = THEME_ATTR_REVERSE,
	[THEME_ROLE_HEADER_FOCUSED] = THEME_ATTR_REVERSE | THEME_ATTR_BOLD,
	[THEME_ROLE_STATUS] = THEME_ATTR_REVERSE,
	[THEME_ROLE_SEARCH_MATCH] = THEME_ATTR_REVERSE,
	[THEME_ROLE_CURRENT_MATCH] = THEME_ATTR_REVERSE | THEME_ATTR_BOLD |
				     THEME_ATTR_UNDERLINE,
	[THEME_ROLE_ANCHOR] = THEME_ATTR_UNDERLINE,
	[THEME_ROLE_MISMATCH] = THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE,
	[THEME_ROLE_PLACEHOLDER] = THEME_ATTR_REVERSE | THEME_ATTR_DIM,
	[THEME_ROLE_NAV_SELECTION] = THEME_ATTR_REVERSE,
	[THEME_ROLE_BORDER] = THEME_ATTR_DIM,
	[THEME_ROLE_EMPHASIS] = THEME_ATTR_ITALIC,
	[THEME_ROLE_STRONG] = THEME_ATTR_BOLD,
	[THEME_ROLE_LINK] = THEME_ATTR_UNDERLINE,
	[THEME_ROLE_GUTTER] = THEME_ATTR_DIM,
};

/* True when two colours are the same. */
static bool
theme_color_equal(struct theme_color a, struct theme_color b)
{
	return a.kind == b.kind && a.value == b.value;
}

bool
theme_style_equal(const struct theme_style *a, const struct theme_style *b)
{
	return theme_color_equal(a->fg, b->fg) &&
	       theme_color_equal(a->bg, b->bg) && a->attrs == b->attrs;
}

unsigned
theme_attrs_without_color(const struct theme *t, enum theme_role role)
{
	const struct theme_style *s, *text;

	if ((unsigned)role >= THEME_ROLE_COUNT)
		return 0;
	s = &t->style[role];
	text = &t->style[THEME_ROLE_TEXT];
	if (role != THEME_ROLE_TEXT &&
	    (!theme_color_equal(s->fg, text->fg) ||
	     !theme_color_equal(s->bg, text->bg)))
		return s->attrs | theme_mono_attrs[role];
	return s->attrs;
}

enum theme_role
theme_role_of_cell(int cell_role)
{
	switch (cell_role) {
	case CELL_PLACEHOLDER:
		return THEME_ROLE_PLACEHOLDER;
	case CELL_EMPH:
		return THEME_ROLE_EMPHASIS;
	case CELL_STRONG:
		return THEME_ROLE_STRONG;
	case CELL_CODE:
		return THEME_ROLE_CODE;
	case CELL_LINK:
		return THEME_ROLE_LINK;
	default:
		return THEME_ROLE_TEXT;
	}
}
