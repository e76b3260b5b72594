/* Themes and colours: the role table, the theme file parser and its
 * errors, the search path, the shipped themes, the xterm palette arithmetic
 * and the mapping onto real terminal descriptions (newterm on /dev/null). */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tty/lib.h"
#include "layout/lib.h"
#include "reader/lib.h"
#include "tap.h"

static const char *fixtures;
static char tmpdir[256];
static char themes_dir[1024];

/* A theme colour for comparisons. */
static struct theme_color
col(enum theme_color_kind kind, uint32_t value)
{
	struct theme_color c = { kind, value };
	return c;
}

/* True if a style is exactly fg, bg, attrs. */
static bool
style_is(const struct theme_style *s, struct theme_color fg,
	 struct theme_color bg, unsigned attrs)
{
	return s->fg.kind == fg.kind && s->fg.value == fg.value &&
	       s->bg.kind == bg.kind && s->bg.value == bg.value &&
	       s->attrs == attrs;
}

#define DEF col(THEME_COLOR_DEFAULT, 0)
#define IDX(i) col(THEME_COLOR_INDEX, i)
#define RGB(v) col(THEME_COLOR_RGB, v)

/* Parses a fixture file; returns the error message ("" on success). */
static const char *
parse_fixture(const char *name, struct theme *t)
{
	static struct qerr err;
	char path[1024];
	size_t len;
	char *text;
	bool good;

	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	text = slurp(path, &len);
	if (text == NULL)
		return "fixture missing";
	err.msg[0] = '\0';
	good = theme_parse(name, text, len, t, &err);
	free(text);
	return good ? "" : err.msg;
}

static void
test_roles(void)
{
	is_long(THEME_ROLE_COUNT, 21, "21 roles");
	is_str(theme_role_name(THEME_ROLE_HEADER_FOCUSED), "header-focused",
	       "role name");
	is_str(theme_role_name(THEME_ROLE_NAV_SELECTION), "nav-selection",
	       "role name with a dash");
	is_str(theme_role_name(THEME_ROLE_COUNT), "?", "out of range role");
	is_long(theme_role_parse("current-match"), THEME_ROLE_CURRENT_MATCH,
		"role parse");
	is_long(theme_role_parse("Text"), -1, "role names are case-sensitive");
	int unparsed = 0;
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (theme_role_parse(theme_role_name(r)) != r) {
			diag("role %d (%s) does not round-trip", r, theme_role_name(r));
			unparsed++;
		}
	is_long(unparsed, 0, "every role name round-trips");
	is_long(theme_role_of_cell(CELL_PLACEHOLDER), THEME_ROLE_PLACEHOLDER,
		"placeholder cells");
	is_long(theme_role_of_cell(CELL_LINK), THEME_ROLE_LINK, "link cells");
	is_long(theme_role_of_cell(CELL_TEXT), THEME_ROLE_TEXT, "text cells");
}

static void
test_parse(void)
{
	struct theme t;
	struct qerr err;
	const char *txt;

	is_str(parse_fixture("theme-bad-role", &t),
	       "theme-bad-role:3: unknown role 'titel'", "unknown role");
	is_str(parse_fixture("theme-bad-colour", &t),
	       "theme-bad-colour:5: unknown colour or attribute 'bluish'",
	       "unknown colour, blank line counted");
	is_str(parse_fixture("theme-bad-syntax", &t),
	       "theme-bad-syntax:2: expected 'role = style'", "no '='");
	is_str(parse_fixture("theme-duplicate", &t),
	       "theme-duplicate:4: role 'title' given twice", "duplicate role");

	is_str(parse_fixture("theme-inherit", &t), "", "inheritance fixture parses");
	is_str(t.name, "theme-inherit", "name from the path");
	ok(style_is(&t.style[THEME_ROLE_TEXT], RGB(0xc0c0c0), RGB(0x101010),
		    THEME_ATTR_UNDERLINE), "text: rgb on rgb underline");
	ok(style_is(&t.style[THEME_ROLE_TITLE], RGB(0xc0c0c0), RGB(0x101010),
		    THEME_ATTR_BOLD), "title: text's colours, its own attributes");
	ok(style_is(&t.style[THEME_ROLE_HEADING], IDX(1), RGB(0x101010), 0),
	   "heading: own fg, text's bg");
	ok(style_is(&t.style[THEME_ROLE_STATUS], RGB(0xc0c0c0), IDX(4), 0),
	   "status: text's fg, own bg");
	ok(style_is(&t.style[THEME_ROLE_CODE], IDX(130), IDX(17),
		    THEME_ATTR_ITALIC), "code: colorN and bare index");
	ok(style_is(&t.style[THEME_ROLE_LINK], RGB(0xff8700), RGB(0x101010), 0),
	   "link: upper-case hex");
	ok(style_is(&t.style[THEME_ROLE_METADATA], RGB(0xc0c0c0), RGB(0x101010),
		    THEME_ATTR_UNDERLINE), "absent role: all of text");

	txt = "title = #ff0000 # cafe: a comment\n# heading = blue\n\ttext=green on grey\r\n"
	      "heading = plain\nstrong = bright-red on color255 bold dim "
	      "underline reverse italic\n";
	memset(&t, 0, sizeof t);
	ok(theme_parse("inline", txt, strlen(txt), &t, &err), "comments, CRLF, tabs");
	ok(style_is(&t.style[THEME_ROLE_TITLE], RGB(0xff0000), IDX(8), 0),
	   "#rrggbb before a comment");
	ok(style_is(&t.style[THEME_ROLE_HEADING], IDX(2), IDX(8), 0),
	   "commented-out line ignored; plain");
	ok(style_is(&t.style[THEME_ROLE_STRONG], IDX(9), IDX(255),
		    THEME_ATTR_BOLD | THEME_ATTR_DIM | THEME_ATTR_UNDERLINE |
		    THEME_ATTR_REVERSE | THEME_ATTR_ITALIC), "every attribute");

	struct {
		const char *text, *msg;
	} bad[] = {
		{ "text = color256\n", "b:1: unknown colour or attribute 'color256'" },
		{ "text = #12345\n", "b:1: unknown colour or attribute '#12345'" },
		{ "text = #1234567\n", "b:1: unknown colour or attribute '#1234567'" },
		{ "\n\ntext = red on\n", "b:3: 'on' needs a background colour" },
		{ "text = red on mauve\n", "b:1: unknown colour 'mauve'" },
		{ "text = red blue\n", "b:1: colour 'blue' after the foreground "
				       "colour (write 'FG on BG')" },
		{ "text = on red on blue\n", "b:1: two background colours" },
		{ "text =\n", "b:1: no style after '=' (use 'plain' for none)" },
		{ " = red\n", "b:1: no role before '='" },
		{ "text = red #cafe\n", "b:1: unknown colour or attribute '#cafe'" },
		{ "text = red\nx", "b:2: expected 'role = style'" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		strcpy(t.name, "unchanged");
		err.msg[0] = '\0';
		ok(!theme_parse("b", bad[i].text, strlen(bad[i].text), &t, &err),
		   "rejects bad theme %zu", i);
		is_str(err.msg, bad[i].msg, "  with its message");
	}
	is_str(t.name, "unchanged", "a failed parse leaves the theme alone");

	memset(&t, 0, sizeof t);
	ok(theme_parse("empty", "", 0, &t, &err), "an empty theme parses");
	ok(style_is(&t.style[THEME_ROLE_HEADER], DEF, DEF, 0),
	   "an empty theme is all terminal defaults");
	ok(!theme_parse("nul", "text = red\0x", 12, &t, &err) &&
	   strcmp(err.msg, "nul:1: NUL byte in line") == 0, "NUL byte rejected");
}

/* True when two themes have the same styles. */
static bool
theme_same(const struct theme *a, const struct theme *b)
{
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (!theme_style_equal(&a->style[r], &b->style[r]))
			return false;
	return true;
}

static void
test_shipped(void)
{
	static const char *const names[] = { "default", "dark", "light",
					     "high-contrast", "mono" };
	struct theme t, def;
	struct qerr err;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const struct theme_style *s = t.style;
		err.msg[0] = '\0';
		if (!ok(theme_load(names[i], &t, &err), "shipped theme %s loads",
			names[i])) {
			diag("%s", err.msg);
			continue;
		}
		is_str(t.name, names[i], "  named");
		ok(!theme_style_equal(&s[THEME_ROLE_TITLE], &s[THEME_ROLE_TEXT]),
		   "  title differs from text");
		ok(!theme_style_equal(&s[THEME_ROLE_HEADING], &s[THEME_ROLE_TEXT]),
		   "  heading differs from text");
		ok(!theme_style_equal(&s[THEME_ROLE_CURRENT_MATCH],
				      &s[THEME_ROLE_SEARCH_MATCH]),
		   "  current match differs from search match");
		ok(!theme_style_equal(&s[THEME_ROLE_HEADER],
				      &s[THEME_ROLE_HEADER_FOCUSED]),
		   "  focused header differs from header");
		ok(!theme_style_equal(&s[THEME_ROLE_PLACEHOLDER], &s[THEME_ROLE_TEXT]),
		   "  placeholder differs from text");
		/* Without colours the same distinctions must survive. */
		ok(theme_attrs_without_color(&t, THEME_ROLE_CURRENT_MATCH) !=
		   theme_attrs_without_color(&t, THEME_ROLE_SEARCH_MATCH) &&
		   theme_attrs_without_color(&t, THEME_ROLE_HEADER) !=
		   theme_attrs_without_color(&t, THEME_ROLE_HEADER_FOCUSED) &&
		   theme_attrs_without_color(&t, THEME_ROLE_TITLE) !=
		   theme_attrs_without_color(&t, THEME_ROLE_TEXT),
		   "  distinct without colours too");
	}
	ok(theme_load("mono", &t, &err), "mono loads");
	bool colourless = true;
	for (int r = 0; r < THEME_ROLE_COUNT; r++)
		if (t.style[r].fg.kind != THEME_COLOR_DEFAULT ||
		    t.style[r].bg.kind != THEME_COLOR_DEFAULT)
			colourless = false;
	ok(colourless, "mono uses no colour at all");
	ok(theme_load("default", &t, &err), "default file loads");
	theme_default(&def);
	is_str(def.name, "default", "built-in is named default");
	ok(theme_same(&t, &def), "built-in default equals themes/default");
	ok(style_is(&def.style[THEME_ROLE_TEXT], DEF, DEF, 0),
	   "default text uses the terminal's colours");
	ok(style_is(&def.style[THEME_ROLE_SEARCH_MATCH], IDX(0), IDX(3), 0),
	   "default search match: black on yellow");
	ok(style_is(&def.style[THEME_ROLE_HELP], DEF, DEF, 0),
	   "default help inherits text");
	ok(theme_load("dark", &t, &err) &&
	   style_is(&t.style[THEME_ROLE_TEXT], RGB(0xd0d0d0), RGB(0x1c1c1c), 0),
	   "dark text colours");
	ok(style_is(&t.style[THEME_ROLE_TITLE], RGB(0xffd787), RGB(0x1c1c1c),
		    THEME_ATTR_BOLD), "dark title keeps the dark background");
}

static void
test_search_path(void)
{
	char cfg[512], dir[600], path[700];
	struct theme t;
	struct qerr err;
	char **names;
	size_t n;

	snprintf(cfg, sizeof cfg, "%s/config", tmpdir);
	snprintf(dir, sizeof dir, "%s/qarin", cfg);
	mkdir(cfg, 0700);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/qarin/themes", cfg);
	mkdir(dir, 0700);
	setenv("XDG_CONFIG_HOME", cfg, 1);

	snprintf(path, sizeof path, "%s/dark", dir);
	write_file(path, "text = red\n");
	ok(theme_load("dark", &t, &err) &&
	   style_is(&t.style[THEME_ROLE_TEXT], IDX(1), DEF, 0),
	   "a user theme overrides the shipped one");
	snprintf(path, sizeof path, "%s/zeta", dir);
	write_file(path, "text = green\n");
	snprintf(path, sizeof path, "%s/.hidden", dir);
	write_file(path, "text = green\n");
	snprintf(path, sizeof path, "%s/zeta~", dir);
	write_file(path, "text = green\n");
	snprintf(path, sizeof path, "%s/broken", dir);
	write_file(path, "text = green\nheading = chartreuse\n");

	strcpy(t.name, "before");
	ok(!theme_load("broken", &t, &err), "a bad user theme fails");
	snprintf(path, sizeof path,
		 "%s/broken:2: unknown colour or attribute 'chartreuse'", dir);
	is_str(err.msg, path, "  naming the full path and line");
	is_str(t.name, "before", "  and leaves the theme alone");

	ok(!theme_load("nosuch", &t, &err), "an unknown theme fails");
	ok(strncmp(err.msg, "theme 'nosuch' not found (looked in ", 36) == 0,
	   "  saying where it looked");
	ok(!theme_load("..", &t, &err) && strcmp(err.msg, "'..': not a theme name") == 0,
	   "dot names refused");
	ok(!theme_load("", &t, &err), "empty name refused");

	snprintf(path, sizeof path, "%s/zeta", dir);
	ok(theme_load(path, &t, &err) && strcmp(t.name, "zeta") == 0 &&
	   style_is(&t.style[THEME_ROLE_TEXT], IDX(2), DEF, 0),
	   "a name with '/' is a path");

	names = theme_list(&n);
	char joined[256] = "";
	for (size_t i = 0; i < n && strlen(joined) + strlen(names[i]) < 250; i++) {
		strcat(joined, i ? " " : "");
		strcat(joined, names[i]);
	}
	is_str(joined, "broken dark default high-contrast light mono zeta",
	       "theme_list: sorted, unique, no hidden or backup files");
	ok(names[n] == NULL, "  NULL-terminated");
	theme_list_free(names);

	/* Without any directory, default still exists. */
	setenv("XDG_CONFIG_HOME", "/nonexistent-qarin-test", 1);
	setenv("QARIN_THEMES_DIR", "/nonexistent-qarin-test", 1);
	memset(&t, 0, sizeof t);
	ok(theme_load("default", &t, &err) && strcmp(t.name, "default") == 0 &&
	   style_is(&t.style[THEME_ROLE_SEARCH_MATCH], IDX(0), IDX(3), 0),
	   "default is built in when no file is found");
	ok(!theme_load("dark", &t, &err), "other themes need their file");
	names = theme_list(&n);
	ok(n >= 1 && strcmp(names[0], "default") == 0,
	   "theme_list always has default");
	theme_list_free(names);
}

/* The data directory, last in the search path, stands for the installed
 * themes: the test's own (QARIN_DATADIR names a directory of the build
 * tree for this program), never an installed copy, and the directory of
 * QARIN_THEMES_DIR (the tree's themes under make check) comes before it. */
static void
test_installed(void)
{
	char dir[1024], path[1200], tree_dark[1200];
	struct theme t, want;
	struct qerr err;

	snprintf(dir, sizeof dir, "%s", QARIN_DATADIR);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/themes", QARIN_DATADIR);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/dark", dir);
	write_file(path, "text = red\n");
	snprintf(path, sizeof path, "%s/only-installed", dir);
	write_file(path, "text = green\n");
	setenv("XDG_CONFIG_HOME", "/nonexistent-qarin-test", 1);
	setenv("QARIN_THEMES_DIR", themes_dir, 1);

	ok(theme_load("only-installed", &t, &err) &&
	   style_is(&t.style[THEME_ROLE_TEXT], IDX(2), DEF, 0),
	   "the data directory searched last is the test's own, not an installed copy");
	snprintf(tree_dark, sizeof tree_dark, "%s/dark", themes_dir);
	ok(theme_load(tree_dark, &want, &err), "the tree's dark theme loads by its path");
	ok(theme_load("dark", &t, &err) &&
	   theme_style_equal(&t.style[THEME_ROLE_TEXT], &want.style[THEME_ROLE_TEXT]) &&
	   !style_is(&t.style[THEME_ROLE_TEXT], IDX(1), DEF, 0),
	   "QARIN_THEMES_DIR's dark comes before the data directory's");
	unsetenv("QARIN_THEMES_DIR");
	ok(theme_load("dark", &t, &err) && style_is(&t.style[THEME_ROLE_TEXT], IDX(1), DEF, 0),
	   "  which is used when nothing else holds the theme");
	setenv("QARIN_THEMES_DIR", themes_dir, 1);

	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", QARIN_DATADIR);
	if (system(cmd) != 0)
		diag("could not remove %s", QARIN_DATADIR);
}

static void
test_palette(void)
{
	is_long(colors_nearest(255, 0, 0, 256), 196, "#ff0000 in 256 colours");
	is_long(colors_nearest(255, 0, 0, 16), 9, "#ff0000 in 16 colours");
	is_long(colors_nearest(255, 0, 0, 8), 1, "#ff0000 in 8 colours");
	is_long(colors_nearest(255, 0, 0, 88), 64, "#ff0000 in 88 colours");
	is_long(colors_nearest(0, 0, 0, 256), 16, "black: the cube's corner");
	is_long(colors_nearest(128, 128, 128, 256), 244, "grey 128: the ramp");
	is_long(colors_nearest(255, 255, 255, 256), 231, "white in 256");
	is_long(colors_nearest(255, 255, 255, 16), 15, "white in 16");
	is_long(colors_nearest(255, 255, 255, 8), 7, "white in 8");
	is_long(colors_nearest(0x5f, 0x87, 0xaf, 256), 67, "#5f87af exact");
	is_long(colors_nearest(0xd0, 0xd0, 0xd0, 256), 252, "#d0d0d0 grey");
	is_long(colors_nearest(0x1c, 0x1c, 0x1c, 256), 234, "#1c1c1c grey");
	is_long(colors_nearest(0x73, 0x73, 0x73, 88), 82, "grey in 88 colours");
	is_long(colors_nearest(0x8b, 0x8b, 0x8b, 88), 37,
		"88 colours: the cube wins a tie with the ramp");
	is_long(colors_nearest(10, 10, 10, 2), -1, "two colours: none");
	is_long(colors_nearest(255, 0, 0, 1 << 24), 196, "above 256: the 256 palette");

	is_long(colors_palette_rgb(196, 256), 0xff0000, "palette 196");
	is_long(colors_palette_rgb(232, 256), 0x080808, "palette 232");
	is_long(colors_palette_rgb(255, 256), 0xeeeeee, "palette 255");
	is_long(colors_palette_rgb(12, 256), 0x5c5cff, "palette 12");
	is_long(colors_palette_rgb(64, 88), 0xff0000, "88 palette 64");
	is_long(colors_palette_rgb(80, 88), 0x2e2e2e, "88 palette 80");

	is_long(colors_map(DEF, 256), -1, "default stays default");
	is_long(colors_map(IDX(200), 256), 200, "index kept in 256");
	is_long(colors_map(IDX(9), 16), 9, "bright kept in 16");
	is_long(colors_map(IDX(9), 8), 1, "bright to dark in 8");
	is_long(colors_map(IDX(196), 16), 9, "index 196 in 16");
	is_long(colors_map(IDX(196), 88), 64, "index 196 in 88");
	is_long(colors_map(IDX(3), 0), -1, "no colours at depth 0");
	is_long(colors_map(RGB(0xff8700), 256), 208, "rgb in 256");
	is_long(colors_map(RGB(0x123456), COLORS_DIRECT), 0x123456, "rgb direct");
	is_long(colors_map(RGB(0x000000), COLORS_DIRECT), 16,
		"direct black kept out of the palette indexes");
	is_long(colors_map(IDX(3), COLORS_DIRECT), 3, "ANSI index direct");
	is_long(colors_map(IDX(12), COLORS_DIRECT), 0x5c5cff, "bright index direct");
	is_long(colors_map(IDX(196), COLORS_DIRECT), 0xff0000, "256 index direct");
}

/* Opens a curses screen for terminal type term writing to /dev/null. */
static SCREEN *
term_open(const char *term, FILE **out, FILE **in)
{
	SCREEN *s;

	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	s = newterm(term, *out, *in);
	if (s != NULL)
		set_term(s);
	return s;
}

/* Closes what term_open opened. */
static void
term_close(SCREEN *s, FILE *out, FILE *in)
{
	endwin();
	delscreen(s);
	fclose(out);
	fclose(in);
}

/* True if role's pair has foreground fg and background bg. */
static bool
pair_is(const struct colors *c, enum theme_role role, int fg, int bg)
{
	int f = -2, b = -2;
	short p = colors_pair(c, role);

	if (p == 0 || extended_pair_content(p, &f, &b) == ERR)
		return false;
	if (f != fg || b != bg)
		diag("pair %d of %s: %d on %d", p, theme_role_name(role), f, b);
	return f == fg && b == bg;
}

static void
test_terminals(void)
{
	struct theme def, dark, t;
	struct colors c;
	struct qerr err;
	FILE *out, *in;
	SCREEN *s;

	unsetenv("NO_COLOR");
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	setenv("QARIN_THEMES_DIR", themes_dir, 1);
	theme_default(&def);
	ok(theme_load("dark", &dark, &err), "dark theme for the terminals");

	s = term_open("xterm-256color", &out, &in);
	if (ok(s != NULL, "newterm xterm-256color")) {
		colors_apply(&c, &def, false);
		is_long(c.depth, 256, "  256 colours");
		is_long(colors_pair(&c, THEME_ROLE_TEXT), 0, "  text: default pair");
		is_long(colors_attr(&c, THEME_ROLE_TEXT), WA_NORMAL, "  text: plain");
		is_long(colors_attr(&c, THEME_ROLE_TITLE), WA_BOLD | WA_UNDERLINE,
			"  title: bold underline");
		ok(pair_is(&c, THEME_ROLE_SEARCH_MATCH, 0, 3), "  search match 0 on 3");
		ok(pair_is(&c, THEME_ROLE_HEADER_FOCUSED, 15, 4),
		   "  focused header 15 on 4");
		is_long(colors_attr(&c, THEME_ROLE_HEADER_FOCUSED), WA_BOLD,
			"  focused header bold");
		ok(pair_is(&c, THEME_ROLE_CODE, 2, -1), "  code green on default");
		is_long(colors_pair(&c, THEME_ROLE_LINK), colors_pair(&c, THEME_ROLE_ANCHOR),
			"  identical colours share a pair");

		colors_apply(&c, &dark, false);
		ok(pair_is(&c, THEME_ROLE_TEXT, 252, 234), "  dark text 252 on 234");
		ok(pair_is(&c, THEME_ROLE_HEADER_FOCUSED, 234, 110),
		   "  dark focused header 234 on 110");

		colors_apply(&c, &def, true);
		is_long(c.depth, 0, "  no_color: depth 0");
		is_long(colors_pair(&c, THEME_ROLE_SEARCH_MATCH), 0, "  no_color: no pair");
		is_long(colors_attr(&c, THEME_ROLE_SEARCH_MATCH), WA_REVERSE,
			"  no_color: search match reverse");
		setenv("NO_COLOR", "1", 1);
		colors_apply(&c, &dark, false);
		is_long(c.depth, 0, "  NO_COLOR=1: depth 0");
		is_long(colors_attr(&c, THEME_ROLE_HEADER_FOCUSED),
			WA_REVERSE | WA_BOLD, "  NO_COLOR: focused header reverse bold");
		is_long(colors_attr(&c, THEME_ROLE_HEADER), WA_REVERSE,
			"  NO_COLOR: header reverse");
		is_long(colors_attr(&c, THEME_ROLE_CURRENT_MATCH),
			WA_REVERSE | WA_BOLD | WA_UNDERLINE,
			"  NO_COLOR: current match reverse bold underline");
		setenv("NO_COLOR", "", 1);
		colors_apply(&c, &def, false);
		is_long(c.depth, 256, "  empty NO_COLOR is ignored");
		unsetenv("NO_COLOR");
		term_close(s, out, in);
	}

	/* Every shipped theme stays readable at 256 and at 8 colours. */
	static const char *const terms[] = { "xterm-256color", "linux" };
	static const char *const names[] = { "default", "dark", "light",
					     "high-contrast", "mono" };
	for (size_t k = 0; k < 2; k++) {
		s = term_open(terms[k], &out, &in);
		if (s == NULL)
			continue;
		for (size_t i = 0; i < 5; i++) {
			bool readable = theme_load(names[i], &t, &err);
			colors_apply(&c, &t, false);
			for (int r = 0; r < THEME_ROLE_COUNT; r++) {
				int f, b;
				if (c.pair[r] == 0)
					continue;
				if (extended_pair_content(c.pair[r], &f, &b) == ERR ||
				    (f == b && f >= 0)) {
					diag("%s %s: %d on %d", names[i],
					     theme_role_name(r), f, b);
					readable = false;
				}
			}
			ok(readable, "%s on %s: no role drawn in one colour",
			   names[i], terms[k]);
		}
		term_close(s, out, in);
	}

	s = term_open("linux", &out, &in);
	if (ok(s != NULL, "newterm linux")) {
		colors_apply(&c, &def, false);
		is_long(c.depth, 8, "  8 colours");
		ok(pair_is(&c, THEME_ROLE_HEADER_FOCUSED, 7, 4),
		   "  bright white becomes white");
		is_long(colors_attr(&c, THEME_ROLE_HEADER_FOCUSED), WA_BOLD,
			"  with bold");
		ok(pair_is(&c, THEME_ROLE_CURRENT_MATCH, 7, 1), "  current match 7 on 1");
		colors_apply(&c, &dark, false);
		ok(pair_is(&c, THEME_ROLE_TEXT, 7, 0), "  dark text 7 on 0");
		const char *txt = "text = #101010 on #000000\n";
		ok(theme_parse("t", txt, strlen(txt), &t, &err), "  near-black theme");
		colors_apply(&c, &t, false);
		ok(pair_is(&c, THEME_ROLE_TEXT, 7, 0),
		   "  a foreground swallowed by its background is made visible");
		term_close(s, out, in);
	}

	/* A direct-colour terminal, described by a terminfo entry compiled
	 * into the temporary directory. */
	char src[300], cmd[1200], ti[300];
	snprintf(src, sizeof src, "%s/direct.src", tmpdir);
	snprintf(ti, sizeof ti, "%s/terminfo", tmpdir);
	{
		FILE *f = fopen(src, "w");
		if (f == NULL)
			abort();
		fputs("qarin-direct|test terminal with direct colour,\n"
		      "\tcolors#0x1000000, pairs#0x10000, RGB,\n"
		      "\tuse=xterm-256color,\n", f);
		fclose(f);
	}
	snprintf(cmd, sizeof cmd, "TERMINFO='%s' tic -x -o '%s' '%s' 1>&2", ti,
		 ti, src);
	ok(system(cmd) == 0, "tic compiles a direct-colour entry");
	setenv("TERMINFO", ti, 1);
	s = term_open("qarin-direct", &out, &in);
	if (ok(s != NULL, "newterm qarin-direct")) {
		colors_apply(&c, &dark, false);
		is_long(c.depth, COLORS_DIRECT, "  direct colour");
		ok(pair_is(&c, THEME_ROLE_TEXT, 0xd0d0d0, 0x1c1c1c),
		   "  dark text in exact RGB");
		colors_apply(&c, &def, false);
		ok(pair_is(&c, THEME_ROLE_SEARCH_MATCH, 0, 3),
		   "  ANSI colours stay palette indexes");
		ok(pair_is(&c, THEME_ROLE_HEADER_FOCUSED, 0xffffff, 4),
		   "  bright white as RGB");
		term_close(s, out, in);
	}
	unsetenv("TERMINFO");

	s = term_open("vt100", &out, &in);
	if (ok(s != NULL, "newterm vt100")) {
		colors_apply(&c, &def, false);
		is_long(c.depth, 0, "  attributes only");
		bool nopair = true;
		for (int r = 0; r < THEME_ROLE_COUNT; r++)
			if (colors_pair(&c, r) != 0)
				nopair = false;
		ok(nopair, "  no colour pairs");
		is_long(colors_attr(&c, THEME_ROLE_SEARCH_MATCH), WA_REVERSE,
			"  search match reverse");
		is_long(colors_attr(&c, THEME_ROLE_CURRENT_MATCH), WA_REVERSE | WA_BOLD |
			WA_UNDERLINE, "  current match reverse bold underline");
		is_long(colors_attr(&c, THEME_ROLE_HEADER_FOCUSED), WA_REVERSE | WA_BOLD,
			"  focused header reverse bold");
		is_long(colors_attr(&c, THEME_ROLE_HEADER), WA_REVERSE,
			"  header reverse");
		is_long(colors_attr(&c, THEME_ROLE_PLACEHOLDER), WA_REVERSE | WA_DIM,
			"  placeholder reverse dim");
		is_long(colors_attr(&c, THEME_ROLE_TITLE), WA_BOLD | WA_UNDERLINE,
			"  title keeps its own attributes");
		is_long(colors_attr(&c, THEME_ROLE_TEXT), WA_NORMAL, "  text plain");
		term_close(s, out, in);
	}
}

int
main(void)
{
	const char *src = getenv("SRCDIR");
	static char fix[1024];

	if (src == NULL)
		src = ".";
	snprintf(fix, sizeof fix, "%s/tests/fixtures", src);
	fixtures = getenv("FIXTURES") ? getenv("FIXTURES") : fix;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/qarin-theme-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	if (getenv("QARIN_THEMES_DIR") != NULL)
		snprintf(themes_dir, sizeof themes_dir, "%s",
			 getenv("QARIN_THEMES_DIR"));
	else
		snprintf(themes_dir, sizeof themes_dir, "%s/themes", src);
	setenv("QARIN_THEMES_DIR", themes_dir, 1);

	test_roles();
	test_parse();
	test_shipped();
	test_search_path();
	test_installed();
	test_palette();
	test_terminals();

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	return done_testing();
}
