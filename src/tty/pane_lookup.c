/* The look-up pane: the dictionary entries of the word picked with the
 * word cursor or a click, under the documents: the lines `qarin --define`
 * prints (define_report.h), each laid out in its own direction. Esc or q
 * closes it, j and k scroll it; other keys go on to the document. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "cli/lib.h"
#include "lexicon/lib.h"
#include "layout/lib.h"
#include "text/lib.h"

struct lookup_pane {
	bool open;
	struct lexicon *lx;   /* owned, opened at the first look-up */
	char *title;          /* owned: "look-up: WORD" */
	char **lines;         /* owned, with the strings: what the pane shows */
	size_t nlines;
	size_t top;           /* the line on the first body row */
};

/* Forgets the lines shown. */
static void
lookup_clear(struct lookup_pane *lp)
{
	for (size_t i = 0; i < lp->nlines; i++)
		free(lp->lines[i]);
	free(lp->lines);
	free(lp->title);
	lp->lines = NULL;
	lp->title = NULL;
	lp->nlines = 0;
	lp->top = 0;
}

/* Splits text into the pane's lines. */
static void
lookup_set_lines(struct lookup_pane *lp, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		lp->lines = xreallocarray(lp->lines, lp->nlines + 1, sizeof *lp->lines);
		lp->lines[lp->nlines++] = xstrndup(text + i, e - i);
		i = e + 1;
	}
}

static int
lookup_pane_size(struct pane *p, struct app *app, struct rect avail)
{
	struct lookup_pane *lp = p->priv;
	int want = (int)lp->nlines + 1;

	(void)app;
	if (!lp->open)
		return -1;
	if (want > avail.h / 2)
		want = avail.h / 2;
	return want >= 2 ? want : avail.h >= 2 ? 1 : 0;
}

/* Draws one line of text laid out in its own direction at row y. */
static void
lookup_draw_line(struct app *app, const char *s, int y, int x, int w, enum theme_role role)
{
	struct layout_opts lo = app->layout;

	lo.width = w;
	lo.dir = DIR_AUTO;
	lo.lazy_min = SIZE_MAX;
	struct layout_para *para = layout_text(s, strlen(s), 0, &lo);
	if (para->nrows > 0)
		app_draw_row(app, para, 0, y, x, w, role, s);
	layout_para_free(para);
}

static void
lookup_pane_draw(struct pane *p, struct app *app)
{
	struct lookup_pane *lp = p->priv;
	int y = p->rect.y;

	if (p->rect.h <= 0 || p->rect.w <= 0)
		return;
	app_blank(app, y, p->rect.x, p->rect.w, THEME_ROLE_HEADER);
	if (lp->title != NULL)
		lookup_draw_line(app, lp->title, y, p->rect.x + 1, p->rect.w - 1, THEME_ROLE_HEADER);
	y++;
	for (size_t i = lp->top; y < p->rect.y + p->rect.h; i++, y++) {
		app_blank(app, y, p->rect.x, p->rect.w, THEME_ROLE_TEXT);
		if (i < lp->nlines && lp->lines[i][0] != '\0')
			lookup_draw_line(app, lp->lines[i], y, p->rect.x + 1, p->rect.w - 1,
					 lp->lines[i][0] == ' ' ? THEME_ROLE_TEXT : THEME_ROLE_HEADING);
	}
	p->dirty = false;
}

static int
lookup_pane_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	struct lookup_pane *lp = p->priv;
	size_t body = p->rect.h > 1 ? (size_t)p->rect.h - 1 : 1;

	(void)app;
	if (!lp->open)
		return PANE_IGNORED;
	switch (a) {
	case ACTION_QUIT:
		if (key == 'Q')
			return PANE_IGNORED; /* Q quits everywhere, as in less */
		/* FALLTHROUGH */
	case ACTION_CANCEL:
		lp->open = false;
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_LINE_DOWN:
		if (key != 'j')
			return PANE_IGNORED; /* Down moves the word cursor */
		if (lp->top + body < lp->nlines)
			lp->top++;
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_LINE_UP:
		if (key != 'k')
			return PANE_IGNORED;
		if (lp->top > 0)
			lp->top--;
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return PANE_IGNORED;
	}
}

static void
lookup_pane_free(struct pane *p)
{
	struct lookup_pane *lp = p->priv;

	lookup_clear(lp);
	lexicon_free(lp->lx);
	free(lp);
	free(p);
}

static const struct pane_ops lookup_pane_ops = {
	.name = "look-up",
	.size = lookup_pane_size,
	.resize = pane_resize_redraw,
	.draw = lookup_pane_draw,
	.key = lookup_pane_key,
	.focus = pane_focus_set,
	.free = lookup_pane_free,
};

struct pane *
pane_lookup_new(struct app *app)
{
	struct pane *p = xcalloc(1, sizeof *p);

	(void)app;
	p->ops = &lookup_pane_ops;
	p->priv = xcalloc(1, sizeof(struct lookup_pane));
	return p;
}

void
pane_lookup_show(struct pane *p, const char *word, size_t len, const char *lang)
{
	struct lookup_pane *lp = p->priv;
	struct lexicon_defs defs = LEXICON_DEFS_INIT;
	struct strbuf msg = STRBUF_INIT, text = STRBUF_INIT, title = STRBUF_INIT;

	if (lp->lx == NULL)
		lp->lx = lexicon_open(NULL);
	lookup_clear(lp);
	enum define_status st = define_lookup(lp->lx, lang, word, len, &defs, &msg);
	strbuf_puts(&title, "look-up: ");
	escape_append(&title, ESCAPE_LINE, word, len);
	if (st == DEFINE_FOUND) {
		strbuf_printf(&title, "  (%zu %s; Esc or q closes)", defs.n,
			      defs.n == 1 ? "entry" : "entries");
		define_text(&defs, NULL, &text);
	} else {
		strbuf_puts(&title, "  (Esc or q closes)");
		strbuf_puts(&text, msg.data ? msg.data : "");
	}
	lp->title = strbuf_steal(&title);
	if (text.len > 0)
		lookup_set_lines(lp, text.data, text.len);
	lp->open = true;
	p->dirty = true;
	lexicon_defs_free(&defs);
	strbuf_free(&msg);
	strbuf_free(&text);
}

bool
pane_lookup_open(const struct pane *p)
{
	return p != NULL && ((const struct lookup_pane *)p->priv)->open;
}
