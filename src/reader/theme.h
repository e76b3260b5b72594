/* Themes: which colours and attributes each role of the screen gets. A theme
 * is a small text file, parsed here without curses; colors.h maps it to what
 * the terminal can show.
 *
 * Theme file format (one role per line):
 *
 *     # a comment: a line starting with '#', or " # " after the style
 *     # (a '#' with blanks on both sides; "#ff0000" is a colour)
 *     ROLE = [FG] [on BG] [ATTR...]
 *
 * ROLE is one of the names in THEME_ROLES below. FG and BG are colours:
 *   - a name: default (the terminal's own colour), black, red, green,
 *     yellow, blue, magenta, cyan, white, bright-black ... bright-white
 *     (grey and gray are bright-black);
 *   - a 256-colour index: color123 or 123 (0-255);
 *   - #rrggbb.
 * ATTR is any of bold, dim, underline, reverse, italic; "plain" means none.
 * A role that is absent takes the whole style of "text"; a role that is
 * present but names no FG (or no BG) takes text's FG (or BG). Attributes
 * are never inherited. A role given twice, an unknown role, colour or word
 * is an error naming the file and the line. */
#ifndef QARIN_THEME_H
#define QARIN_THEME_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/theme.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/lib.h"

/* Every role, declared once: X(IDENTIFIER, "name in theme files"). */
#define THEME_ROLES(X)                                                        \
	X(TEXT, "text")                     /* body text */                   \
	X(TITLE, "title")                   /* article titles */              \
	X(HEADING, "heading")               /* section headings */            \
	X(METADATA, "metadata")             /* bylines, dates, captions */    \
	X(BOILERPLATE, "boilerplate")       /* menus, navigation noise */     \
	X(HEADER, "header")                 /* a pane's header line */        \
	X(HEADER_FOCUSED, "header-focused") /* the focused pane's header */   \
	X(STATUS, "status")                 /* the status line */             \
	X(SEARCH_MATCH, "search-match")     /* every search hit */            \
	X(CURRENT_MATCH, "current-match")   /* the hit the cursor is on */    \
	X(ANCHOR, "anchor")                 /* a comparison anchor */         \
	X(MISMATCH, "mismatch")             /* a comparison mismatch */       \
	X(PLACEHOLDER, "placeholder")       /* stands for a control char */  \
	X(NAV_SELECTION, "nav-selection")   /* the navigation pane's cursor */ \
	X(BORDER, "border")                 /* pane borders */                \
	X(EMPHASIS, "emphasis")             /* inline emphasis */             \
	X(STRONG, "strong")                 /* inline strong emphasis */      \
	X(CODE, "code")                     /* inline and block code */       \
	X(LINK, "link")                     /* link text */                   \
	X(GUTTER, "gutter")                 /* margins, line markers */       \
	X(HELP, "help")                     /* the help overlay */

enum theme_role {
#define THEME_ROLE_ENUM(id, name) THEME_ROLE_##id,
	THEME_ROLES(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	THEME_ROLE_COUNT
};

enum theme_color_kind {
	THEME_COLOR_DEFAULT, /* the terminal's default foreground or background */
	THEME_COLOR_INDEX,   /* xterm palette index 0-255 (0-15: the ANSI colours) */
	THEME_COLOR_RGB,     /* 0xRRGGBB */
};

struct theme_color {
	enum theme_color_kind kind;
	uint32_t value; /* the index or 0xRRGGBB; 0 for DEFAULT */
};

enum theme_attr {
	THEME_ATTR_BOLD = 1 << 0,
	THEME_ATTR_DIM = 1 << 1,
	THEME_ATTR_UNDERLINE = 1 << 2,
	THEME_ATTR_REVERSE = 1 << 3,
	THEME_ATTR_ITALIC = 1 << 4,
};

struct theme_style {
	struct theme_color fg;
	struct theme_color bg;
	unsigned attrs; /* enum theme_attr bits */
};

struct theme {
	char name[64]; /* the name it was loaded by ("default" for the built-in) */
	struct theme_style style[THEME_ROLE_COUNT];
};

/* The role's name in theme files ("header-focused"), or "?" out of range. */
const char *theme_role_name(enum theme_role role);
/* The role called name, or -1. */
int theme_role_parse(const char *name);

/* Parses a theme from text (len bytes, not necessarily NUL-terminated);
 * path names it in error messages ("PATH:LINE: problem"). On error out is
 * left unchanged. */
bool theme_parse(const char *path, const char *text, size_t len,
		 struct theme *out, struct qerr *err);
/* Fills out with the built-in default theme (never fails). */
void theme_default(struct theme *out);
/* Loads a theme by name, the first found of
 * $XDG_CONFIG_HOME/qarin/themes/NAME (default ~/.config/qarin/themes),
 * $QARIN_THEMES_DIR/NAME and QARIN_DATADIR/themes/NAME; "default" falls back
 * to the built-in theme when no file is found. A name containing '/' is a
 * path. On error (not found, unreadable, bad line) err says why and out is
 * unchanged: the caller falls back to theme_default(). */
bool theme_load(const char *name, struct theme *out, struct qerr *err);
/* The names of every theme that theme_load can find, sorted, without
 * duplicates, "default" always among them; NULL-terminated, owned by the
 * caller (theme_list_free). *n (if not NULL) gets the count. */
char **theme_list(size_t *n);
void theme_list_free(char **names);

/* The attributes a role gets on a terminal without colours: its own, plus a
 * role-specific fallback (reverse for search matches, etc.) when the theme
 * tells it apart from text by colour alone. */
unsigned theme_attrs_without_color(const struct theme *t, enum theme_role role);
/* True when two styles look the same. */
bool theme_style_equal(const struct theme_style *a, const struct theme_style *b);
/* The role for a layout cell role (enum cell_role in layout.h); text for
 * anything unknown. */
enum theme_role theme_role_of_cell(int cell_role);

#endif
