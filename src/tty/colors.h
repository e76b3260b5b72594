/* The theme mapped to the terminal: for each role the curses attributes and
 * colour pair to draw it with, given how many colours the terminal has
 * (COLORS), whether it has any (vt100 has none) and NO_COLOR. Colours are
 * brought down to the nearest the terminal can show with the xterm palette's
 * arithmetic; a direct-colour terminal gets the exact #rrggbb. */
#ifndef QARIN_COLORS_H
#define QARIN_COLORS_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/colors.h");

#include <stdbool.h>
#include <stdint.h>

#include <curses.h>

#include "reader/lib.h"

/* colors.depth of a terminal that takes 24-bit colours directly. */
#define COLORS_DIRECT 0x1000000

struct colors {
	attr_t attr[THEME_ROLE_COUNT]; /* WA_* attributes, without the pair */
	short pair[THEME_ROLE_COUNT];  /* 0: the terminal's default colours */
	int depth;   /* colours in use: 0 (attributes only), 8, 16, 88, 256
			or COLORS_DIRECT */
	int npairs;  /* pairs initialised (1..npairs) */
};

/* Maps every role of t for the current curses screen (after initscr or
 * newterm), starting colours if needed; no_color, a non-empty NO_COLOR or
 * a terminal without colours give attributes only. */
void colors_apply(struct colors *c, const struct theme *t, bool no_color);
/* The attributes a role is drawn with (without the colour pair). */
attr_t colors_attr(const struct colors *c, enum theme_role role);
/* The colour pair a role is drawn with, for wattr_set() or setcchar(). */
short colors_pair(const struct colors *c, enum theme_role role);

/* True when the NO_COLOR environment variable is set and not empty. */
bool colors_env_no_color(void);
/* The palette index nearest to r, g, b (0-255 each) among what a terminal
 * of ncolors colours has: the 6x6x6 cube and grey ramp (16-255) for 256,
 * their 88-colour counterparts (16-87) for 88, the ANSI colours (0-15 or
 * 0-7) for 16 or 8; -1 with fewer than 8. */
int colors_nearest(int r, int g, int b, int ncolors);
/* The 0xRRGGBB of palette index i (xterm's defaults) on an ncolors
 * terminal (88 and 256 differ above 15). */
uint32_t colors_palette_rgb(int i, int ncolors);
/* The terminal colour number for a theme colour at a depth (see struct
 * colors): -1 for the terminal's default. Bright ANSI colours (8-15) on an
 * 8-colour terminal become their dark counterparts (colors_apply adds bold
 * to such foregrounds). */
int colors_map(struct theme_color color, int depth);

#endif
