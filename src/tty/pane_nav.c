/* The navigation pane: the outline of every open document (documents,
 * articles, headings) as a list to move in; Enter jumps the document's pane
 * there. The entry holding the focused pane's position is highlighted. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "cli/lib.h"
#include "text/lib.h"

struct nav_entry {
	size_t doc;
	size_t block;          /* SIZE_MAX: the document itself */
	unsigned depth;
	const char *text;      /* borrowed from the document */
	size_t len;
	struct layout_para *para; /* owned: laid out at the pane's width */
};

struct nav_pane {
	struct nav_entry *entries; /* owned */
	size_t n;
	size_t sel;                /* selected entry */
	size_t top;                /* first entry on screen */
	int laid_w;                /* width the entries are laid out at */
};

/* Collects the documents, articles and headings of every document. */
static void
nav_collect(struct nav_pane *np, struct app *app)
{
	size_t cap = 16;

	np->entries = xmalloc(cap * sizeof *np->entries);
	for (size_t d = 0; d < app->ndocs; d++) {
		const struct doc *doc = app->docs[d];
		struct outline_row *rows;
		size_t n = outline_build(doc, &rows);
		for (size_t i = 0; i < n; i++) {
			const struct outline_row *r = &rows[i];
			struct nav_entry e = { d, SIZE_MAX, r->depth, doc->name, strlen(doc->name), NULL };
			if (r->kind == OUTLINE_ARTICLE) {
				const struct article *a = &doc->articles[r->article];
				if (a->nblocks == 0)
					continue;
				e.block = a->title_block != SIZE_MAX ? a->title_block : a->first_block;
				e.text = doc->blocks[e.block].text;
				e.len = app_text_prefix(e.text, doc->blocks[e.block].len,
							  APP_TITLE_BYTES);
			} else if (r->kind == OUTLINE_BLOCK) {
				const struct block *b = &doc->blocks[r->block];
				if (b->kind != BLOCK_HEADING)
					continue;
				e.block = r->block;
				e.text = b->text;
				e.len = app_text_prefix(b->text, b->len, APP_TITLE_BYTES);
			}
			if (np->n == cap) {
				cap *= 2;
				np->entries = xreallocarray(np->entries, cap, sizeof *np->entries);
			}
			np->entries[np->n++] = e;
		}
		free(rows);
	}
}

/* A quarter of the width (16 to 40 columns), or all of it when the
 * documents would be left narrower than readable; -1 while hidden. */
static int
nav_size(struct pane *p, struct app *app, struct rect avail)
{
	int cols = avail.w;
	int nw = cols / 4;

	(void)p;
	if (!app->nav_visible)
		return -1;
	if (nw < 16)
		nw = 16;
	if (nw > 40)
		nw = 40;
	if (cols - nw < APP_MIN_PANE_WIDTH)
		nw = cols;
	return nw;
}

/* True when document d's outline reads from the right: its direction, or
 * the one --dir forces. */
static bool
nav_rtl(const struct app *app, size_t d)
{
	enum text_dir dir = app->layout.dir != DIR_AUTO ? app->layout.dir : app->docs[d]->dir;

	return dir == DIR_RTL;
}

/* Lays out entry e for a pane of width w (cached until the width changes):
 * the articles and headings of a right-to-left document in its direction,
 * a document's name and the rest in their own. */
static const struct layout_para *
nav_para(struct nav_entry *e, int w, const struct app *app)
{
	int indent = (int)e->depth * 2;
	int tw = w - indent - 1;

	if (tw < 1)
		tw = 1;
	if (e->para == NULL) {
		struct layout_opts lo = app->layout;
		lo.width = tw;
		if (e->block == SIZE_MAX)
			lo.dir = DIR_AUTO;
		else if (nav_rtl(app, e->doc))
			lo.dir = DIR_RTL;
		e->para = layout_text(e->text, e->len, 0, &lo);
	}
	return e->para;
}

static void
nav_draw(struct pane *p, struct app *app)
{
	struct nav_pane *np = p->priv;
	int h = p->rect.h, w = p->rect.w - 1; /* the last column is the border */

	if (h <= 0 || p->rect.w <= 0)
		return;
	if (w < 1)
		w = p->rect.w;
	if (np->laid_w != w) {
		for (size_t i = 0; i < np->n; i++) {
			layout_para_free(np->entries[i].para);
			np->entries[i].para = NULL;
		}
		np->laid_w = w;
	}
	if (np->sel < np->top)
		np->top = np->sel;
	if (np->sel >= np->top + (size_t)h)
		np->top = np->sel - (size_t)h + 1;
	for (int i = 0; i < h; i++) {
		size_t ei = np->top + (size_t)i;
		int y = p->rect.y + i;
		enum theme_role role = THEME_ROLE_TEXT;
		if (ei < np->n && ei == np->sel)
			role = THEME_ROLE_NAV_SELECTION;
		else if (ei < np->n && np->entries[ei].block == SIZE_MAX)
			role = THEME_ROLE_TITLE;
		app_blank(app, y, p->rect.x, w, role);
		if (ei < np->n) {
			struct nav_entry *e = &np->entries[ei];
			const struct layout_para *lp = nav_para(e, w, app);
			int indent = (int)e->depth * 2;
			if (indent >= w)
				indent = 0;
			/* A level's indent on the side its document's text starts
			 * from: a right-to-left document's entries end indent
			 * columns before the blank column by the border. */
			int x = indent, cw = w - indent;
			if (lp->nrows > 0 && nav_rtl(app, e->doc)) {
				int end = w - 1 - indent;
				x = end - (lp->rows[0].indent + lp->rows[0].width);
				if (x < 0)
					x = 0;
				cw = end - x;
			}
			if (lp->nrows > 0 && cw > 0)
				app_draw_row(app, lp, 0, y, p->rect.x + x, cw, role, e->text);
		}
		if (p->rect.w > 1) {
			app_style(app, THEME_ROLE_BORDER);
			mvadd_wch(y, p->rect.x + w, app->term.unicode_lines ? WACS_VLINE : WACS_VLINE);
		}
	}
	p->dirty = false;
}

/* Moves the selection by n entries, clamped. */
static void
nav_move(struct nav_pane *np, long n)
{
	long s = (long)np->sel + n;

	if (s < 0)
		s = 0;
	if (np->n > 0 && s >= (long)np->n)
		s = (long)np->n - 1;
	np->sel = (size_t)s;
}

static int
nav_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	struct nav_pane *np = p->priv;
	long page = p->rect.h > 1 ? p->rect.h - 1 : 1;

	(void)key;
	switch (a) {
	case ACTION_LINE_DOWN: nav_move(np, 1); break;
	case ACTION_LINE_UP: nav_move(np, -1); break;
	case ACTION_PAGE_DOWN: nav_move(np, page); break;
	case ACTION_PAGE_UP: nav_move(np, -page); break;
	case ACTION_HALF_DOWN: nav_move(np, page / 2); break;
	case ACTION_HALF_UP: nav_move(np, -page / 2); break;
	case ACTION_TOP: np->sel = 0; break;
	case ACTION_BOTTOM: nav_move(np, (long)np->n); break;
	case ACTION_ENTER:
		if (np->sel < np->n) {
			const struct nav_entry *e = &np->entries[np->sel];
			struct app_goto g = { e->doc, e->block == SIZE_MAX ? 0 : e->block };
			app_emit(app, APP_EVENT_GOTO_BLOCK, &g);
			app->focus = e->doc;
			app->nav_focused = false;
			return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
		}
		return PANE_HANDLED;
	default:
		return PANE_IGNORED;
	}
	return PANE_HANDLED | PANE_REDRAW;
}

/* Keeps the selection on the focused pane's position. */
static void
nav_follow(struct pane *p, struct app *app)
{
	struct nav_pane *np = p->priv;
	size_t top = pane_doc_top_block(app->doc_panes[app->focus]);
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < np->n; i++) {
		const struct nav_entry *e = &np->entries[i];
		if (e->doc != app->focus)
			continue;
		if (best == SIZE_MAX || e->block == SIZE_MAX || e->block <= top)
			best = i;
		if (e->block != SIZE_MAX && e->block > top)
			break;
	}
	if (best != SIZE_MAX && best != np->sel) {
		np->sel = best;
		p->dirty = true;
	}
}

static void
nav_focus(struct pane *p, struct app *app, bool focused)
{
	(void)app;
	p->focused = focused;
	p->dirty = true;
}

/* Frees the entries of the outline. */
static void
nav_clear(struct nav_pane *np)
{
	for (size_t i = 0; i < np->n; i++)
		layout_para_free(np->entries[i].para);
	free(np->entries);
	memset(np, 0, sizeof *np);
}

/* The outline follows the reading position after each key while it shows
 * without the keys, and covers a document again once all of it is loaded. */
static void
nav_event(struct pane *p, struct app *app, enum app_event ev, const void *data)
{
	(void)data;
	if (ev == APP_EVENT_KEY_DONE && app->nav_visible && !app->nav_focused) {
		nav_follow(p, app);
	} else if (ev == APP_EVENT_DOC_REPLACED) {
		nav_clear(p->priv);
		nav_collect(p->priv, app);
		p->dirty = true;
	}
}

static void
nav_free(struct pane *p)
{
	nav_clear(p->priv);
	free(p->priv);
	free(p);
}

static const struct pane_ops nav_pane_ops = {
	.name = "navigation",
	.size = nav_size,
	.resize = pane_resize_redraw,
	.draw = nav_draw,
	.key = nav_key,
	.focus = nav_focus,
	.event = nav_event,
	.free = nav_free,
};

struct pane *
pane_nav_new(struct app *app)
{
	struct pane *p = xcalloc(1, sizeof *p);
	struct nav_pane *np = xcalloc(1, sizeof *np);

	nav_collect(np, app);
	p->ops = &nav_pane_ops;
	p->priv = np;
	p->dirty = true;
	return p;
}
