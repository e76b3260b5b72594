/* Drawing for every pane: theme roles to curses styles, and rows of laid
 * out cells (in visual order, or in logical order for a terminal that does
 * the bidi itself) put on the screen. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include <unistr.h>

#include "tty/app.h"
#include "text/lib.h"

void
app_style(const struct app *app, enum theme_role role)
{
	attr_set(colors_attr(&app->colors, role), colors_pair(&app->colors, role), NULL);
}

/* A cell of the given characters in a role's style. */
static void
app_cchar(const struct app *app, cchar_t *cc, const wchar_t *wc, enum theme_role role)
{
	setcchar(cc, wc, colors_attr(&app->colors, role), colors_pair(&app->colors, role), NULL);
}

/* Clears the window's own attributes: curses merges them into every cell
 * added, and a cell drawn in a role must carry that role's style alone. */
static void
app_style_reset(void)
{
	attr_set(WA_NORMAL, 0, NULL);
}

void
app_blank(const struct app *app, int y, int x, int w, enum theme_role role)
{
	cchar_t blank;
	const wchar_t sp[2] = { L' ', 0 };

	app_style_reset();
	app_cchar(app, &blank, sp, role);
	for (int i = 0; i < w; i++)
		mvadd_wch(y, x + i, &blank);
}

/* The theme role of a cell drawn in a block of role base. */
static enum theme_role
cell_theme_role(const struct cell *c, enum theme_role base)
{
	switch (c->role) {
	case CELL_PLACEHOLDER: return THEME_ROLE_PLACEHOLDER;
	case CELL_EMPH: return THEME_ROLE_EMPHASIS;
	case CELL_STRONG: return THEME_ROLE_STRONG;
	case CELL_CODE: return THEME_ROLE_CODE;
	case CELL_LINK: return THEME_ROLE_LINK;
	default: return base;
	}
}

/* Draws one cell of n code points at (y, x); returns the columns used. */
static int
app_draw_cell(const struct app *app, int y, int x, const uint32_t *chars, size_t n,
	      int width, enum theme_role role)
{
	wchar_t wc[CCHARW_MAX + 1];
	cchar_t cc;

	if (n > CCHARW_MAX)
		n = CCHARW_MAX; /* the base and the first marks: what a cell holds */
	if (app->opts.ascii && (n == 0 || chars[0] > 0x7e)) {
		/* A locale that cannot show the character: a visible stand-in
		 * for each column. */
		wc[0] = L'?';
		wc[1] = 0;
		app_cchar(app, &cc, wc, role);
		for (int i = 0; i < width; i++)
			mvadd_wch(y, x + i, &cc);
		return width;
	}
	for (size_t k = 0; k < n; k++)
		wc[k] = (wchar_t)chars[k];
	wc[n] = 0;
	app_cchar(app, &cc, wc, role);
	mvadd_wch(y, x, &cc);
	return width;
}

/* A cell's place in the logical order: its source offset, then its index
 * (the pieces of a placeholder share an offset). */
struct cell_key {
	size_t src;
	size_t index;
};

static int
cell_key_cmp(const void *a, const void *b)
{
	const struct cell_key *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The characters a cell shows in logical order: as the document has them
 * (unshaped, unmirrored) when its source bytes are those characters, else
 * (a character reference, an escape) the cell's own. Never a control: a
 * character that needs a placeholder is never sent as itself. */
static size_t
app_logical_chars(const char *origin, const struct cell *c, const uint32_t *own,
		  uint32_t chars[CCHARW_MAX])
{
	const uint8_t *s = (const uint8_t *)origin + c->src;
	size_t left = c->src_len, n = 0;
	bool verbatim = true;

	while (left > 0 && verbatim) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, s, left);
		if (uc == '\t' || uc == '\n')
			uc = ' ';
		if (n == CCHARW_MAX || width_needs_placeholder(uc))
			verbatim = false;
		else
			chars[n++] = uc;
		s += k;
		left -= (size_t)k;
	}
	if (verbatim && n == c->nchars)
		return n;
	for (n = 0; n < c->nchars && n < CCHARW_MAX; n++) {
		uint32_t vis[13];
		/* A cell holds one character of a visible form, never a control. */
		chars[n] = own[n];
		if (width_needs_placeholder(own[n]) && width_placeholder(own[n], vis) > 0)
			chars[n] = vis[0];
	}
	return n;
}

/* Draws a row in logical order from the source text, for terminals that do
 * the bidi (and the shaping and mirroring) themselves. */
static void
app_draw_row_logical(const struct app *app, const struct layout_para *p, size_t r,
		     int y, int x, int w, enum theme_role role, const char *origin,
		     const uint8_t *marks)
{
	const struct layout_row *row = &p->rows[r];
	const uint32_t *pchars;
	const struct cell *cells = layout_row_cells(p, r, &pchars);
	struct cell_key *order = xmalloc((row->ncells + 1) * sizeof *order);
	int col = row->indent < w ? row->indent : 0;

	for (size_t i = 0; i < row->ncells; i++) {
		order[i].index = i;
		order[i].src = cells[i].src;
	}
	qsort(order, row->ncells, sizeof *order, cell_key_cmp);
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &cells[order[i].index];
		uint32_t chars[CCHARW_MAX];
		size_t n = 0;
		enum theme_role crole = marks && marks[order[i].index]
			? (enum theme_role)(marks[order[i].index] - 1) : cell_theme_role(c, role);
		if (col + c->width > w)
			break;
		if (c->role == CELL_PLACEHOLDER || c->src_len == 0) {
			col += app_draw_cell(app, y, x + col, pchars + c->chars, c->nchars,
					     c->width, crole);
			continue;
		}
		n = app_logical_chars(origin, c, pchars + c->chars, chars);
		col += app_draw_cell(app, y, x + col, chars, n, c->width, crole);
	}
	free(order);
}

void
app_draw_row(const struct app *app, const struct layout_para *p, size_t r,
	     int y, int x, int w, enum theme_role role, const char *origin)
{
	app_draw_row_styled(app, p, r, y, x, w, role, origin, NULL);
}

void
app_draw_row_styled(const struct app *app, const struct layout_para *p, size_t r,
		    int y, int x, int w, enum theme_role role, const char *origin,
		    const struct app_row_style *st)
{
	const struct layout_row *row = &p->rows[r];
	int col = row->indent < w ? row->indent : 0;
	const uint8_t *marks = st ? st->marks : NULL;

	app_style_reset();
	if (app->opts.bidi_terminal && origin != NULL) {
		app_draw_row_logical(app, p, r, y, x, w, role, origin, marks);
		return;
	}
	if (st != NULL && st->no_indent)
		col = 0;
	if (st != NULL)
		col -= st->skip;
	const uint32_t *pchars;
	const struct cell *cells = layout_row_cells(p, r, &pchars);
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &cells[i];
		if (col + c->width > w)
			break;
		if (col < 0) {
			col += c->width;
			continue;
		}
		col += app_draw_cell(app, y, x + col, pchars + c->chars, c->nchars, c->width,
				     marks && marks[i] ? (enum theme_role)(marks[i] - 1)
				     : cell_theme_role(c, role));
	}
}
