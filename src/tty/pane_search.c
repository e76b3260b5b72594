/* The search pane: every hit across the open documents, one a row: the
 * document, the article and the line around the match laid out in its own
 * direction with the match highlighted. Moving in the list shows the hit
 * in its document; Enter goes there and gives that document the keys. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "tty/search_ui.h"
#include "tty/search_ui_int.h"
#include "layout/lib.h"
#include "text/lib.h"

#define SNIPPET_CONTEXT 160 /* bytes of text either side of a hit laid out for its row */

struct search_pane {
	size_t sel;     /* the selected hit */
	size_t top;     /* the hit on the first list row */
	uint8_t *marks; /* owned: highlighting of a snippet row */
	size_t marks_cap;
};

/* Start of the character holding byte off of s (len bytes), moving back. */
static size_t
char_start(const char *s, size_t len, size_t off)
{
	if (off > len)
		off = len;
	return off < len ? utf8_back(s, 0, off) : off;
}

/* Draws the line around hit at (y, x), w columns, highlighted. */
static void
search_pane_snippet(struct search_pane *sp, struct app *app, const struct search_hit *hit,
		    bool current, int y, int x, int w)
{
	const struct doc *doc = app->docs[hit->doc];
	const struct block *b = &doc->blocks[doc_block_at(doc, hit->start)];
	size_t lo = b->map == NULL ? b->text_off : b->src_off;
	size_t hi = b->map == NULL ? b->text_off + b->len : b->src_off + b->src_len;

	if (hi > doc->len)
		hi = doc->len;
	if (lo > hit->start)
		lo = hit->start;
	size_t ws = hit->start - lo > SNIPPET_CONTEXT ? hit->start - SNIPPET_CONTEXT : lo;
	size_t we = hi - hit->start > SNIPPET_CONTEXT + hit->len ? hit->start + hit->len + SNIPPET_CONTEXT : hi;
	ws = char_start(doc->text, doc->len, ws);
	we = char_start(doc->text, doc->len, we);
	if (we <= ws)
		return;
	struct layout_opts lo_opts = app->layout;
	lo_opts.width = w;
	lo_opts.dir = b->dir;
	lo_opts.lazy_min = SIZE_MAX;
	struct layout_para *para = layout_text(doc->text + ws, we - ws, ws, &lo_opts);
	size_t r = 0;
	for (size_t i = 0; i < para->nrows; i++) {
		if (para->rows[i].src_start <= hit->start && hit->start < para->rows[i].src_end) {
			r = i;
			break;
		}
	}
	if (para->nrows > 0) {
		const struct layout_row *row = &para->rows[r];
		const uint32_t *chars;
		const struct cell *cells = layout_row_cells(para, r, &chars);
		if (sp->marks_cap < row->ncells) {
			sp->marks_cap = row->ncells;
			sp->marks = xrealloc(sp->marks, sp->marks_cap);
		}
		for (size_t i = 0; i < row->ncells; i++) {
			const struct cell *c = &cells[i];
			size_t ce = c->src + (c->src_len ? c->src_len : 1);
			bool in = hit->start < ce && c->src < hit->start + hit->len;
			sp->marks[i] = in ? 1 + (current ? THEME_ROLE_CURRENT_MATCH
						 : THEME_ROLE_SEARCH_MATCH) : 0;
		}
		struct app_row_style st = { .marks = sp->marks };
		app_draw_row_styled(app, para, r, y, x, w, THEME_ROLE_TEXT, doc->text, &st);
	}
	layout_para_free(para);
}

static void
search_pane_draw(struct pane *p, struct app *app)
{
	struct search_pane *sp = p->priv;
	struct search_ui *s = app->search;
	int h = p->rect.h, w = p->rect.w;
	size_t n = search_ui_count(s), cur = search_ui_current(s);
	char head[160];

	p->dirty = false;
	if (h <= 0 || w <= 0)
		return;
	if (cur != SIZE_MAX)
		sp->sel = cur;
	if (sp->sel >= n)
		sp->sel = n > 0 ? n - 1 : 0;
	enum theme_role hrole = p->focused ? THEME_ROLE_HEADER_FOCUSED : THEME_ROLE_HEADER;
	app_blank(app, p->rect.y, p->rect.x, w, hrole);
	app_style(app, hrole);
	snprintf(head, sizeof head, " matches: %zu%s  (Enter: go there, L: hide) ", n,
		 search_ui_busy(s) ? "+ counting..." : "");
	mvaddnstr(p->rect.y, p->rect.x, head, w);
	int rows = h - 1;
	if (rows <= 0)
		return;
	if (sp->sel < sp->top)
		sp->top = sp->sel;
	if (sp->sel >= sp->top + (size_t)rows)
		sp->top = sp->sel - (size_t)rows + 1;
	for (int i = 0; i < rows; i++) {
		int y = p->rect.y + 1 + i;
		size_t k = sp->top + (size_t)i;
		struct search_hit hit;
		char label[128];
		bool sel = k == sp->sel && k < n;
		enum theme_role role = sel ? THEME_ROLE_NAV_SELECTION : THEME_ROLE_TEXT;

		app_blank(app, y, p->rect.x, w, role);
		if (k >= n || !search_ui_get(s, k, &hit))
			continue;
		const struct doc *doc = app->docs[hit.doc];
		unsigned art = doc->nblocks ? (unsigned)doc_block_article(doc, doc_block_at(doc, hit.start)) + 1 : 1;
		snprintf(label, sizeof label, "%zu %s a%u:%u ", hit.doc + 1, doc->name, art,
			 doc_line_of(doc, hit.start));
		int lw = (int)strlen(label);
		if (lw > w / 3)
			lw = w / 3;
		app_style(app, role);
		mvaddnstr(y, p->rect.x, label, lw);
		if (w - lw > 0)
			search_pane_snippet(sp, app, &hit, k == cur, y, p->rect.x + lw, w - lw);
	}
}

static int
search_pane_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	struct search_pane *sp = p->priv;
	size_t n = search_ui_count(app->search);
	size_t page = p->rect.h > 2 ? (size_t)p->rect.h - 2 : 1;
	size_t sel = sp->sel;

	(void)key;
	if (n == 0)
		return a == ACTION_ENTER ? PANE_HANDLED : PANE_IGNORED;
	switch (a) {
	case ACTION_LINE_DOWN: sel = sel + 1 < n ? sel + 1 : sel; break;
	case ACTION_LINE_UP: sel = sel > 0 ? sel - 1 : 0; break;
	case ACTION_PAGE_DOWN:
	case ACTION_HALF_DOWN: sel = sel + page < n ? sel + page : n - 1; break;
	case ACTION_PAGE_UP:
	case ACTION_HALF_UP: sel = sel > page ? sel - page : 0; break;
	case ACTION_TOP: sel = 0; break;
	case ACTION_BOTTOM: sel = n - 1; break;
	case ACTION_ENTER:
		search_ui_select(app, sel, true);
		return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
	default:
		return PANE_IGNORED;
	}
	sp->sel = sel;
	search_ui_select(app, sel, false);
	p->dirty = true;
	return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
}

static void
search_pane_focus(struct pane *p, struct app *app, bool focused)
{
	(void)app;
	p->focused = focused;
	p->dirty = true;
}

/* A third of the body at the bottom (a row when the body is short), while
 * the list is asked for. */
static int
search_pane_size(struct pane *p, struct app *app, struct rect avail)
{
	int body_h = avail.h;

	(void)p;
	if (!app->search->pane_visible)
		return -1;
	return body_h >= 6 ? body_h / 3 : body_h >= 2 ? 1 : 0;
}

/* The list marks the current hit, which the reading position may change. */
static void
search_pane_event(struct pane *p, struct app *app, enum app_event ev, const void *data)
{
	(void)app;
	(void)data;
	if (ev == APP_EVENT_MOVED || ev == APP_EVENT_DOC_REPLACED)
		p->dirty = true;
}

static void
search_pane_free(struct pane *p)
{
	struct search_pane *sp = p->priv;

	free(sp->marks);
	free(sp);
	free(p);
}

static const struct pane_ops search_pane_ops = {
	.name = "search",
	.size = search_pane_size,
	.resize = pane_resize_redraw,
	.draw = search_pane_draw,
	.key = search_pane_key,
	.focus = search_pane_focus,
	.event = search_pane_event,
	.free = search_pane_free,
};

struct pane *
pane_search_new(struct app *app)
{
	struct pane *p = xcalloc(1, sizeof *p);

	p->ops = &search_pane_ops;
	p->priv = xcalloc(1, sizeof(struct search_pane));
	p->dirty = true;
	app->search->pane = p;
	return p;
}

int
search_ui_pane_key(struct app *app, enum key_action a)
{
	struct pane *p = search_ui_pane(app->search);

	return p != NULL ? p->ops->key(p, app, a, 0) : PANE_IGNORED;
}
