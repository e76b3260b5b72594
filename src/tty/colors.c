/* From theme to terminal: each role's colours brought down to what the
 * terminal supports (direct RGB, 256, 88, 16 or 8 colours, or none) and
 * turned into curses attributes and colour pairs for the drawing code. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tty/colors.h"

/* xterm's default values of the sixteen ANSI colours. */
static const uint32_t colors_ansi[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd,
	0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff,
	0x00ffff, 0xffffff,
};

/* The levels of the colour cube of xterm's 256- and 88-colour palettes. */
static const int colors_cube256[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };
static const int colors_cube88[4] = { 0x00, 0x8b, 0xcd, 0xff };
static const int colors_grey88[8] = { 0x2e, 0x5c, 0x73, 0x8b,
				      0xa2, 0xb9, 0xd0, 0xe7 };

uint32_t
colors_palette_rgb(int i, int ncolors)
{
	int r, g, b;

	if (i < 0)
		return 0;
	if (i < 16)
		return colors_ansi[i];
	if (ncolors >= 88 && ncolors < 256) {
		if (i < 80) {
			i -= 16;
			r = colors_cube88[i / 16];
			g = colors_cube88[(i / 4) % 4];
			b = colors_cube88[i % 4];
		} else if (i < 88) {
			r = g = b = colors_grey88[i - 80];
		} else {
			return 0xffffff;
		}
	} else if (i < 232) {
		i -= 16;
		r = colors_cube256[i / 36];
		g = colors_cube256[(i / 6) % 6];
		b = colors_cube256[i % 6];
	} else if (i < 256) {
		r = g = b = 8 + 10 * (i - 232);
	} else {
		return 0xffffff;
	}
	return (uint32_t)(r << 16 | g << 8 | b);
}

/* Squared distance between two colours. */
static long
colors_dist(uint32_t c, int r, int g, int b)
{
	long dr = (long)(c >> 16 & 0xff) - r;
	long dg = (long)(c >> 8 & 0xff) - g;
	long db = (long)(c & 0xff) - b;

	return dr * dr + dg * dg + db * db;
}

int
colors_nearest(int r, int g, int b, int ncolors)
{
	int lo, hi, best = -1;
	long bestd = 0;

	if (ncolors >= 256) {
		lo = 16;
		hi = 256;
		ncolors = 256;
	} else if (ncolors >= 88) {
		lo = 16;
		hi = 88;
		ncolors = 88;
	} else if (ncolors >= 16) {
		lo = 0;
		hi = 16;
	} else if (ncolors >= 8) {
		lo = 0;
		hi = 8;
	} else {
		return -1;
	}
	/* The palette has at most 240 entries: a full search is cheap and
	 * exact; the lowest index wins a tie. */
	for (int i = lo; i < hi; i++) {
		long d = colors_dist(colors_palette_rgb(i, ncolors), r, g, b);
		if (best < 0 || d < bestd) {
			best = i;
			bestd = d;
		}
	}
	return best;
}

/* The 0xRRGGBB a theme colour stands for (xterm's palette for indexes). */
static uint32_t
colors_rgb_of(struct theme_color color)
{
	if (color.kind == THEME_COLOR_RGB)
		return color.value & 0xffffff;
	return colors_palette_rgb((int)color.value, 256);
}

int
colors_map(struct theme_color color, int depth)
{
	uint32_t rgb;

	if (color.kind == THEME_COLOR_DEFAULT || depth < 8)
		return -1;
	if (color.kind == THEME_COLOR_INDEX) {
		int i = (int)color.value;
		if (i < 8 || (depth != COLORS_DIRECT &&
			      ((i < 16 && depth >= 16) || depth >= 256)))
			return i;
		if (i < 16 && depth == 8)
			return i - 8;
	}
	rgb = colors_rgb_of(color);
	if (depth == COLORS_DIRECT)
		/* Direct-colour terminfo entries read the lowest values as
		 * palette indexes: nudge near-black out of their way. */
		return rgb < 16 ? 16 : (int)rgb;
	return colors_nearest((int)(rgb >> 16), (int)(rgb >> 8 & 0xff),
			      (int)(rgb & 0xff), depth);
}

bool
colors_env_no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v != NULL && *v != '\0';
}

/* Curses attributes for theme attribute bits. */
static attr_t
colors_attrs(unsigned bits)
{
	attr_t a = WA_NORMAL;

	if (bits & THEME_ATTR_BOLD)
		a |= WA_BOLD;
	if (bits & THEME_ATTR_DIM)
		a |= WA_DIM;
	if (bits & THEME_ATTR_UNDERLINE)
		a |= WA_UNDERLINE;
	if (bits & THEME_ATTR_REVERSE)
		a |= WA_REVERSE;
	if (bits & THEME_ATTR_ITALIC)
		a |= WA_ITALIC;
	return a;
}

/* The terminal's colour depth as struct colors counts it. */
static int
colors_depth(void)
{
	if (COLORS >= COLORS_DIRECT)
		return COLORS_DIRECT;
	if (COLORS >= 256)
		return 256;
	if (COLORS >= 88)
		return 88;
	if (COLORS >= 16)
		return 16;
	return 8;
}

/* A foreground that stands out on a background that swallowed the theme's
 * own foreground (both mapped to one terminal colour). */
static int
colors_contrast(struct theme_color bg, int depth)
{
	uint32_t rgb = colors_rgb_of(bg);
	long lum = 299L * (rgb >> 16 & 0xff) + 587L * (rgb >> 8 & 0xff) +
		   114L * (rgb & 0xff);

	if (lum > 128000L)
		return COLOR_BLACK;
	return depth >= 16 ? 15 : COLOR_WHITE;
}

/* The pair for fg on bg: one already made for them, a new one, or 0 when
 * the terminal has no pair left. */
static short
colors_pair_for(struct colors *c, int fgs[], int bgs[], int fg, int bg)
{
	int n;

	for (n = 1; n <= c->npairs; n++)
		if (fgs[n] == fg && bgs[n] == bg)
			return (short)n;
	if (n >= COLOR_PAIRS || n > THEME_ROLE_COUNT)
		return 0;
	if (init_extended_pair(n, fg, bg) == ERR)
		return 0;
	fgs[n] = fg;
	bgs[n] = bg;
	c->npairs = n;
	return (short)n;
}

void
colors_apply(struct colors *c, const struct theme *t, bool no_color)
{
	int fgs[THEME_ROLE_COUNT + 1], bgs[THEME_ROLE_COUNT + 1];
	bool defaults = true;

	memset(c, 0, sizeof *c);
	if (no_color || colors_env_no_color() || !has_colors() ||
	    start_color() == ERR || COLORS < 8 || COLOR_PAIRS < 2) {
		for (int r = 0; r < THEME_ROLE_COUNT; r++)
			c->attr[r] = colors_attrs(theme_attrs_without_color(t, r));
		return;
	}
	if (use_default_colors() == ERR)
		defaults = false;
	c->depth = colors_depth();
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		const struct theme_style *st = &t->style[r];
		unsigned attrs = st->attrs;
		int fg = colors_map(st->fg, c->depth);
		int bg = colors_map(st->bg, c->depth);

		if (c->depth == 8 && st->fg.kind == THEME_COLOR_INDEX &&
		    st->fg.value >= 8 && st->fg.value < 16)
			attrs |= THEME_ATTR_BOLD;
		if (fg == bg && fg >= 0 &&
		    (st->fg.kind != st->bg.kind || st->fg.value != st->bg.value))
			fg = colors_contrast(st->bg, c->depth);
		if (!defaults) {
			if (fg < 0)
				fg = COLOR_WHITE;
			if (bg < 0)
				bg = COLOR_BLACK;
		}
		if ((fg >= 0 || bg >= 0) && !(fg == COLOR_WHITE &&
					      bg == COLOR_BLACK && !defaults)) {
			c->pair[r] = colors_pair_for(c, fgs, bgs, fg, bg);
			if (c->pair[r] == 0)
				attrs = theme_attrs_without_color(t, r);
		}
		c->attr[r] = colors_attrs(attrs);
	}
}

attr_t
colors_attr(const struct colors *c, enum theme_role role)
{
	if ((unsigned)role >= THEME_ROLE_COUNT)
		return WA_NORMAL;
	return c->attr[role];
}

short
colors_pair(const struct colors *c, enum theme_role role)
{
	if ((unsigned)role >= THEME_ROLE_COUNT)
		return 0;
	return c->pair[role];
}
