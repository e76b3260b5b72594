/* The document pane: a header line (the title of the article being read,
 * language, direction, position, focus marker) over a viewport of the
 * document laid out at the pane's width in its own direction. The whole of
 * a big file, once loaded, is laid out where the reader stands on a thread
 * before it takes the place of its start, so that a giant paragraph never
 * stops the keys; a jump to the end meanwhile shows the file's last bytes,
 * read and parsed on their own, until the whole document is there. */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "tty/search_ui.h"
#include "tty/compare.h"
#include "layout/lib.h"
#include "text/lib.h"

/* A block this large is laid out again on a thread when the width, the
 * direction or the shaping changes: it takes seconds. */
#define DOC_PANE_ASYNC_BYTES (1u << 20)

/* A view made on a thread while the pane shows the one it has: of the
 * whole document while its start shows, or of the same document laid out
 * with new options (relayout). */
struct doc_prep {
	pthread_t thread;
	bool relayout;          /* same document, new options */
	bool running;           /* started and not joined */
	atomic_bool done;       /* set by the thread */
	struct view *view;      /* owned until committed */
	const struct doc *doc;  /* borrowed */
	size_t anchor;          /* where the new view goes (unless to_end) */
	bool to_end;
	size_t from_anchor;     /* the shown view's anchor when it started */
	bool from_moved;
};

/* The end of a file still loading, shown after G: a document made of its
 * last bytes, in place of the start (put aside) until the whole is in. */
struct doc_tail {
	struct doc *doc;        /* owned; NULL when no tail shows */
	size_t from;            /* file offset of its first byte */
	struct view *head;      /* owned: the view of the start, put aside */
	const struct doc *head_doc; /* borrowed: the start */
};

struct doc_pane {
	size_t doc_index;
	const struct doc *doc;   /* borrowed */
	struct view *view;       /* owned */
	struct view_line *lines; /* owned, one per body row */
	int body_h;
	enum text_dir dir;       /* the user's choice for this pane */
	struct layout_opts lo;
	struct layout_para *title; /* owned: the header's title, laid out */
	const char *title_text;    /* borrowed: the text it was laid out from */
	bool want_end;             /* the last move was to the end */
	bool moved;                /* the reader has moved since the start */
	int gutter;                /* columns of comparison gutter (compare.h) */
	int title_w;
	uint8_t *marks;            /* owned: per-cell search highlighting of a row */
	size_t marks_cap;
	struct doc_prep prep;      /* the whole document, being laid out */
	struct doc_tail tail;      /* the file's end, during the load */
	struct wordcur wc;         /* the word cursor (v), for look-ups and copies */
};

/* The theme role for the text of a block kind. */
static enum theme_role
role_of_block(enum block_kind k)
{
	switch (k) {
	case BLOCK_TITLE: return THEME_ROLE_TITLE;
	case BLOCK_HEADING: return THEME_ROLE_HEADING;
	case BLOCK_DATE:
	case BLOCK_SOURCE:
	case BLOCK_KEYWORDS: return THEME_ROLE_METADATA;
	case BLOCK_BOILERPLATE:
	case BLOCK_SEPARATOR: return THEME_ROLE_BOILERPLATE;
	default: return THEME_ROLE_TEXT;
	}
}

/* The title shown in the header: that of the article holding block bi
 * (the one being read), else the document's name. Only a prefix: a header
 * shows one row, whatever the title's length. */
static void
header_title(const struct doc *doc, size_t bi, const char **s, size_t *len)
{
	size_t lo = doc_block_article(doc, bi);

	if (doc->narticles > 0 && doc->articles[lo].title_block != SIZE_MAX) {
		const struct block *b = &doc->blocks[doc->articles[lo].title_block];
		*s = b->text;
		*len = app_text_prefix(b->text, b->len, APP_TITLE_BYTES);
	} else {
		*s = doc->name;
		*len = strlen(doc->name);
	}
}

static void doc_pane_apply_opts(struct doc_pane *dp);
static int doc_pane_row_of(struct doc_pane *dp, size_t off);

/* Lays the pane out for its new rectangle; the current search hit, when
 * it showed, still shows (the search pane opening below takes rows). */
static void
doc_pane_resize(struct pane *p, struct app *app)
{
	struct doc_pane *dp = p->priv;
	int body = p->rect.h > 1 ? p->rect.h - 1 : p->rect.h;
	const struct search_hit *hits, *cur = NULL;
	bool hit_shown = false;

	if (dp->lines != NULL && dp->body_h > 0 && dp->tail.doc == NULL) {
		search_ui_hits(app, dp->doc_index, 0, 0, &hits, &cur);
		hit_shown = cur != NULL && doc_pane_row_of(dp, cur->start) >= 0;
	}
	if (body < 1)
		body = 1;
	dp->gutter = compare_gutter_cols(app, dp->doc_index);
	dp->lo.width = p->rect.w - dp->gutter > 0 ? p->rect.w - dp->gutter : 1;
	dp->body_h = body;
	dp->lines = xreallocarray(dp->lines, (size_t)body, sizeof *dp->lines);
	doc_pane_apply_opts(dp);
	view_set_height(dp->view, body);
	layout_para_free(dp->title);
	dp->title = NULL;
	p->dirty = true;
	if (hit_shown)
		pane_doc_show_offset(p, cur->start);
}

/* Draws the header: marker, title, then "lang DIR NN%" at the right. */
static void
doc_pane_draw_header(struct pane *p, struct app *app, int y)
{
	struct doc_pane *dp = p->priv;
	enum theme_role role = p->focused ? THEME_ROLE_HEADER_FOCUSED : THEME_ROLE_HEADER;
	char right[64];
	const char *dirname = dp->view->lo.dir == DIR_AUTO ? (dp->doc->dir == DIR_RTL ? "RTL" : "LTR")
		: dp->view->lo.dir == DIR_RTL ? "RTL!" : "LTR!";
	/* The transliterated views say so after the direction. */
	if (dp->view->lo.translit == LAYOUT_TRANSLIT_LATIN)
		dirname = "Latn";
	else if (dp->view->lo.translit == LAYOUT_TRANSLIT_INTERLINEAR)
		dirname = "+Latn";
	int w = p->rect.w;

	const struct loader *ld = app->opts.loaders ? &app->opts.loaders[dp->doc_index] : NULL;
	if (dp->tail.doc != NULL)
		snprintf(right, sizeof right, " %s %s  end, loading ",
			 dp->doc->lang[0] ? dp->doc->lang : "--", dirname);
	else if ((ld != NULL && ld->started) || dp->prep.running)
		snprintf(right, sizeof right, " %s %s  ... ",
			 dp->doc->lang[0] ? dp->doc->lang : "--", dirname);
	else
		snprintf(right, sizeof right, " %s %s %3d%% ",
			 dp->doc->lang[0] ? dp->doc->lang : "--", dirname,
			 view_percent(dp->view));
	app_blank(app, y, p->rect.x, w, role);
	int rw = (int)strlen(right);
	if (rw > w - 4)
		rw = 0; /* too narrow: the title alone */
	app_style(app, role);
	if (rw > 0)
		mvaddnstr(y, p->rect.x + w - rw, right, rw);
	if (w >= 2) {
		mvaddstr(y, p->rect.x, p->focused ? (app->opts.ascii ? ">" : "\xe2\x96\xb6") : " ");
	}
	int tw = w - rw - 2;
	if (tw < 1)
		return;
	const char *s;
	size_t len;
	header_title(dp->doc, dp->view->top.block, &s, &len);
	if (dp->title == NULL || dp->title_w != tw || dp->title_text != s) {
		struct layout_opts lo = dp->lo;
		dp->title_text = s;
		lo.width = tw;
		layout_para_free(dp->title);
		dp->title = layout_text(s, len, 0, &lo);
		dp->title_w = tw;
	}
	if (dp->title->nrows > 0)
		app_draw_row(app, dp->title, 0, y, p->rect.x + 2, tw, role, dp->title_text);
}

/* The highlighting of row r of para: each cell whose source bytes overlap
 * a hit gets the search-match role (current-match for the current hit);
 * NULL when no hit touches the row. hits are sorted by start. */
static const uint8_t *
doc_pane_marks(struct doc_pane *dp, const struct layout_para *para, size_t r,
	       const struct search_hit *hits, size_t nhits, const struct search_hit *cur)
{
	const struct layout_row *row = &para->rows[r];
	size_t lo = 0, hi = nhits;
	bool any = false;

	/* The first hit that ends after the row starts. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (hits[mid].start + hits[mid].len <= row->src_start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == nhits || hits[lo].start >= row->src_end)
		return NULL;
	if (dp->marks_cap < row->ncells) {
		dp->marks_cap = row->ncells;
		dp->marks = xrealloc(dp->marks, dp->marks_cap);
	}
	const uint32_t *chars;
	const struct cell *cells = layout_row_cells(para, r, &chars);
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &cells[i];
		size_t ce = c->src + (c->src_len ? c->src_len : 1);
		dp->marks[i] = 0;
		if (c->role == CELL_MARK)
			continue; /* a list marker or quote bar is no text to match */
		for (size_t k = lo; k < nhits && hits[k].start < row->src_end; k++) {
			if (hits[k].start < ce && c->src < hits[k].start + hits[k].len) {
				bool is_cur = cur && cur->start == hits[k].start;
				dp->marks[i] = 1 + (is_cur ? THEME_ROLE_CURRENT_MATCH
						    : THEME_ROLE_SEARCH_MATCH);
				any = true;
				break;
			}
		}
	}
	return any ? dp->marks : NULL;
}

/* Adds the word cursor's highlighting to row r of para (block bi) over
 * marks (NULL: none yet); returns the marks, or NULL when the row has
 * neither. */
static const uint8_t *
doc_pane_cursor_marks(struct doc_pane *dp, const struct layout_para *para, size_t r,
		      size_t bi, const uint8_t *marks)
{
	const struct word_span *s = wordcur_span(&dp->wc);
	const struct layout_row *row = &para->rows[r];

	if (s == NULL || dp->wc.block != bi || s->doc_start >= row->src_end ||
	    s->doc_end <= row->src_start)
		return marks;
	if (marks == NULL) {
		if (dp->marks_cap < row->ncells) {
			dp->marks_cap = row->ncells;
			dp->marks = xrealloc(dp->marks, dp->marks_cap);
		}
		memset(dp->marks, 0, row->ncells);
	}
	const uint32_t *chars;
	const struct cell *cells = layout_row_cells(para, r, &chars);
	for (size_t i = 0; i < row->ncells; i++)
		if (wordcur_cell_in(&cells[i], s->doc_start, s->doc_end))
			dp->marks[i] = 1 + THEME_ROLE_NAV_SELECTION;
	return dp->marks;
}

static void
doc_pane_draw(struct pane *p, struct app *app)
{
	struct doc_pane *dp = p->priv;
	int y = p->rect.y;

	if (p->rect.h <= 0 || p->rect.w <= 0)
		return;
	if (p->rect.h > 1)
		doc_pane_draw_header(p, app, y++);
	view_frame(dp->view, dp->lines);
	/* The search hits within the source range of what shows. */
	size_t from = SIZE_MAX, to = 0, nhits = 0;
	const struct search_hit *hits = NULL, *cur = NULL;
	for (int i = 0; i < dp->body_h; i++) {
		const struct view_line *l = &dp->lines[i];
		if (l->para == NULL || l->row >= l->para->nrows)
			continue;
		if (l->para->rows[l->row].src_start < from)
			from = l->para->rows[l->row].src_start;
		if (l->para->rows[l->row].src_end > to)
			to = l->para->rows[l->row].src_end;
	}
	/* The tail's offsets are its own: no hit nor anchor points there. */
	bool tail = dp->tail.doc != NULL;
	if (from < to && !tail)
		nhits = search_ui_hits(app, dp->doc_index, from, to, &hits, &cur);
	/* The comparison gutter, when there is one, on the pair's outer side:
	 * left of side A, right of side B. */
	enum align_side side = ALIGN_SIDE_A;
	bool left = dp->gutter && compare_side(app->cmp, dp->doc_index, &side) && side == ALIGN_SIDE_A;
	int tx = p->rect.x + (left ? dp->gutter : 0);
	int tw = p->rect.w - dp->gutter;
	int gx = !dp->gutter ? -1 : left ? p->rect.x : p->rect.x + tw;
	for (int i = 0; i < dp->body_h && y < p->rect.y + p->rect.h; i++, y++) {
		const struct view_line *l = &dp->lines[i];
		app_blank(app, y, p->rect.x, p->rect.w, THEME_ROLE_TEXT);
		if (l->para == NULL)
			continue;
		enum theme_role role = role_of_block(dp->doc->blocks[l->block].kind);
		struct app_row_style st = { 0 };
		if (nhits > 0)
			st.marks = doc_pane_marks(dp, l->para, l->row, hits, nhits, cur);
		if (dp->wc.active)
			st.marks = doc_pane_cursor_marks(dp, l->para, l->row, l->block, st.marks);
		app_draw_row_styled(app, l->para, l->row, y, tx, tw, role, dp->doc->text,
				    st.marks ? &st : NULL);
		/* Search hits keep their highlight over the anchors'. */
		if (!tail)
			compare_decorate_row(app, dp->doc_index, l, y, tx, tw, gx, st.marks);
	}
	p->dirty = false;
}

static bool doc_pane_show_tail(struct pane *p, struct app *app);
static void doc_pane_leave_tail(struct doc_pane *dp);
/* Looks the cursor word up in the look-up pane. */
static int
doc_pane_lookup(struct doc_pane *dp, struct app *app)
{
	size_t len;
	const char *w = wordcur_text(&dp->wc, dp->doc, &len);

	if (w == NULL) {
		app_message(app, true, "no word to look up (v starts the word cursor)");
		return PANE_HANDLED;
	}
	pane_lookup_show(app->lookup, w, len, dp->doc->blocks[dp->wc.block].lang);
	return PANE_HANDLED | PANE_REDRAW;
}

/* Copies the cursor word, else the paragraph at the reading position: its
 * text as the document holds it (logical order, NFC). */
static int
doc_pane_copy(struct doc_pane *dp, struct app *app)
{
	size_t len;
	const char *w = wordcur_text(&dp->wc, dp->doc, &len);

	if (w == NULL) {
		size_t bi = dp->view->top.block;
		if (bi >= dp->doc->nblocks) {
			app_message(app, true, "nothing to copy");
			return PANE_HANDLED;
		}
		/* The paragraph being read: the first that starts on screen,
		 * else the one the screen is in. */
		if (dp->view->top.row > 0 && bi + 1 < dp->doc->nblocks &&
		    doc_pane_row_of(dp, block_doc_offset(&dp->doc->blocks[bi + 1], 0)) >= 0)
			bi++;
		w = dp->doc->blocks[bi].text;
		len = dp->doc->blocks[bi].len;
	}
	app_copy(app, w, len);
	return PANE_HANDLED | PANE_REDRAW;
}

/* The word cursor's keys; PANE_IGNORED for the others. */
static int
doc_pane_cursor_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	struct doc_pane *dp = p->priv;
	int dir = 0;

	switch (a) {
	case ACTION_WORD_CURSOR:
		if (dp->wc.active) {
			wordcur_stop(&dp->wc);
			return PANE_HANDLED | PANE_REDRAW;
		}
		if (!wordcur_start(&dp->wc, dp->doc, view_anchor(dp->view))) {
			app_message(app, true, "no word from here on");
			return PANE_HANDLED;
		}
		break;
	case ACTION_LOOKUP: return doc_pane_lookup(dp, app);
	case ACTION_COPY: return doc_pane_copy(dp, app);
	case ACTION_WORD_NEXT:
		if (!dp->wc.active) {
			if (!wordcur_start(&dp->wc, dp->doc, view_anchor(dp->view)))
				return PANE_HANDLED;
			break;
		}
		dir = 1;
		break;
	case ACTION_WORD_LEFT:
	case ACTION_WORD_RIGHT:
		if (!dp->wc.active)
			return PANE_HANDLED;
		/* Left goes forward in a right-to-left paragraph. */
		dir = (a == ACTION_WORD_RIGHT) == (dp->doc->blocks[dp->wc.block].dir != DIR_RTL) ? 1 : -1;
		break;
	default:
		if (!dp->wc.active)
			return PANE_IGNORED;
		if (a == ACTION_CANCEL) {
			wordcur_stop(&dp->wc);
			return PANE_HANDLED | PANE_REDRAW;
		}
		if (a == ACTION_ENTER)
			return doc_pane_lookup(dp, app);
		if ((a == ACTION_LINE_DOWN && key == KEY_DOWN))
			dir = 1;
		else if ((a == ACTION_PAGE_UP && key == 'b') || (a == ACTION_LINE_UP && key == KEY_UP))
			dir = -1;
		else
			return PANE_IGNORED;
	}
	if (dir != 0 && !wordcur_step(&dp->wc, dp->doc, dir))
		app_message(app, false, "%s of the document", dir > 0 ? "end" : "start");
	const struct word_span *s = wordcur_span(&dp->wc);
	if (s != NULL)
		pane_doc_show_offset(p, s->doc_start);
	return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
}

static int
doc_pane_key(struct pane *p, struct app *app, enum key_action a, int key)
{
	struct doc_pane *dp = p->priv;

	if (a == ACTION_BOTTOM && doc_pane_show_tail(p, app)) {
		dp->want_end = true;
		dp->moved = true;
		return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
	}
	/* Only moves within the tail's own text keep it. */
	if (a != ACTION_LINE_DOWN && a != ACTION_LINE_UP && a != ACTION_PAGE_DOWN &&
	    a != ACTION_PAGE_UP && a != ACTION_HALF_DOWN && a != ACTION_HALF_UP &&
	    a != ACTION_BOTTOM && a != ACTION_PARA_NEXT && a != ACTION_PARA_PREV)
		doc_pane_leave_tail(dp);

	struct view *v = dp->view;
	long page = dp->body_h > 2 ? dp->body_h - 1 : 1;
	long half = dp->body_h > 1 ? dp->body_h / 2 : 1;
	size_t before = view_anchor(v);
	struct view_pos top = v->top;
	int r = doc_pane_cursor_key(p, app, a, key);

	if (r != PANE_IGNORED)
		return r;
	switch (a) {
	case ACTION_LINE_DOWN: view_scroll(v, 1); break;
	case ACTION_LINE_UP: view_scroll(v, -1); break;
	case ACTION_PAGE_DOWN: view_scroll(v, page); break;
	case ACTION_PAGE_UP: view_scroll(v, -page); break;
	case ACTION_HALF_DOWN: view_scroll(v, half); break;
	case ACTION_HALF_UP: view_scroll(v, -half); break;
	case ACTION_TOP: view_goto_start(v); break;
	case ACTION_BOTTOM: view_goto_end(v); break;
	case ACTION_PARA_NEXT: view_step_block(v, 1); break;
	case ACTION_PARA_PREV: view_step_block(v, -1); break;
	case ACTION_COMPARE_NEXT:
	case ACTION_COMPARE_PREV:
		if (!compare_jump(app, dp->doc_index, a == ACTION_COMPARE_NEXT ? 1 : -1))
			return PANE_HANDLED | PANE_REDRAW;
		break;
	default: return PANE_IGNORED;
	}
	dp->want_end = a == ACTION_BOTTOM;
	dp->moved = true;
	if (top.block == v->top.block && top.row == v->top.row && before == view_anchor(v))
		return PANE_HANDLED;
	return PANE_HANDLED | PANE_REDRAW | PANE_MOVED;
}

static void
doc_pane_focus(struct pane *p, struct app *app, bool focused)
{
	(void)app;
	p->focused = focused;
	p->dirty = true;
}

/* Follows the focused document pane (synchronized scrolling): through
 * the alignment when it covers the pair, else through the sync map. */
static void
doc_pane_sync(struct pane *p, struct app *app)
{
	struct doc_pane *dp = p->priv;
	size_t i = dp->doc_index;

	if (i == app->focus)
		return;
	if (!compare_sync_pane(app, i)) {
		const struct doc *from = app->docs[app->focus];
		size_t off = pane_doc_anchor(app->doc_panes[app->focus]);
		size_t to = app->sync_map.map(app->sync_map.ctx, from, off, app->docs[i]);
		pane_doc_goto_offset(p, to);
	}
	p->dirty = true;
}

static void
doc_pane_event(struct pane *p, struct app *app, enum app_event ev, const void *data)
{
	struct doc_pane *dp = p->priv;

	switch (ev) {
	case APP_EVENT_SYNC:
		doc_pane_sync(p, app);
		break;
	case APP_EVENT_ALIGNMENT:
		/* The pair's documents get or lose their gutter. */
		if (dp->gutter != compare_gutter_cols(app, dp->doc_index) ||
		    (app->cmp != NULL && (dp->doc_index == app->cmp->doc_a ||
					  dp->doc_index == app->cmp->doc_b)))
			doc_pane_resize(p, app);
		break;
	case APP_EVENT_GOTO_BLOCK: {
		const struct app_goto *g = data;
		if (g->doc == dp->doc_index)
			pane_doc_goto_block(p, g->block);
		break;
	}
	default:
		break;
	}
}

/* Waits for the preparing thread, if one runs. */
static void
doc_pane_join(struct doc_pane *dp)
{
	if (!dp->prep.running)
		return;
	pthread_join(dp->prep.thread, NULL);
	dp->prep.running = false;
}

static void
doc_pane_free(struct pane *p)
{
	struct doc_pane *dp = p->priv;

	doc_pane_join(dp);
	doc_pane_leave_tail(dp);
	view_free(dp->prep.view);
	view_free(dp->view);
	wordcur_free(&dp->wc);
	free(dp->lines);
	free(dp->marks);
	layout_para_free(dp->title);
	free(dp);
	free(p);
}

static const struct pane_ops doc_pane_ops = {
	.name = "document",
	.resize = doc_pane_resize,
	.draw = doc_pane_draw,
	.key = doc_pane_key,
	.focus = doc_pane_focus,
	.event = doc_pane_event,
	.free = doc_pane_free,
};

struct pane *
pane_doc_new(struct app *app, size_t doc_index)
{
	struct pane *p = xcalloc(1, sizeof *p);
	struct doc_pane *dp = xcalloc(1, sizeof *dp);

	dp->doc_index = doc_index;
	dp->wc = (struct wordcur)WORDCUR_INIT;
	dp->doc = app->docs[doc_index];
	dp->lo = app->layout;
	dp->lo.width = 80;
	dp->dir = dp->lo.dir;
	dp->view = view_new(dp->doc, &dp->lo, 24);
	p->ops = &doc_pane_ops;
	p->priv = dp;
	p->dirty = true;
	return p;
}

/* Puts the tail of a file still loading in place of its start (G): read
 * once, kept until the whole document is in, laid out included. False
 * when there is no load under way or no tail to show (the start's end
 * then does). */
static bool
doc_pane_show_tail(struct pane *p, struct app *app)
{
	struct doc_pane *dp = p->priv;
	struct doc_tail *t = &dp->tail;
	struct loader *ld = app->opts.loaders ? &app->opts.loaders[dp->doc_index] : NULL;

	if (t->doc != NULL) {
		view_goto_end(dp->view);
		return true;
	}
	/* A view being made on a thread is no reason to wait: the start
	 * laid out again in new options goes aside in place of the one put
	 * aside, the whole document is put in place of the tail (and its
	 * end may take as long again: a giant paragraph). */
	if (ld == NULL || !ld->started)
		return false;
	size_t from;
	struct doc *doc = loader_tail(ld->path, &ld->opts, dp->doc, &from);
	if (doc == NULL)
		return false;
	if (from < dp->doc->source_size) {
		doc_free(doc); /* the start already holds it */
		return false;
	}
	t->doc = doc;
	t->from = from;
	t->head = dp->view;
	t->head_doc = dp->doc;
	dp->doc = doc;
	dp->view = view_new(doc, &dp->lo, dp->body_h > 0 ? dp->body_h : 24);
	view_goto_end(dp->view);
	layout_para_free(dp->title);
	dp->title = NULL;
	p->dirty = true;
	return true;
}

/* Drops the tail, if one shows, and puts the view of the start back. */
static void
doc_pane_leave_tail(struct doc_pane *dp)
{
	struct doc_tail *t = &dp->tail;

	if (t->doc == NULL)
		return;
	if (dp->prep.view != NULL && dp->prep.relayout) {
		/* A relayout of the tail, or of the start put aside, which
		 * view_set_opts below lays out again: no longer wanted. */
		doc_pane_join(dp);
		view_free(dp->prep.view);
		dp->prep.view = NULL;
		dp->prep.relayout = false;
	}
	view_free(dp->view);
	dp->view = t->head;
	dp->doc = t->head_doc;
	view_set_opts(dp->view, &dp->lo);
	view_set_height(dp->view, dp->body_h > 0 ? dp->body_h : dp->view->height);
	doc_free(t->doc);
	memset(t, 0, sizeof *t);
	layout_para_free(dp->title);
	dp->title = NULL;
}

size_t
pane_doc_anchor(struct pane *p)
{
	struct doc_pane *dp = p->priv;

	/* Past the end of the start, where the tail is: the nearest place
	 * the document (the start) has. */
	if (dp->tail.doc != NULL)
		return dp->tail.head_doc->len;
	return view_anchor(dp->view);
}

void
pane_doc_goto_offset(struct pane *p, size_t off)
{
	doc_pane_leave_tail(p->priv);
	view_goto_offset(((struct doc_pane *)p->priv)->view, off);
	p->dirty = true;
}

void
pane_doc_goto_block(struct pane *p, size_t bi)
{
	doc_pane_leave_tail(p->priv);
	view_goto_block(((struct doc_pane *)p->priv)->view, bi);
	p->dirty = true;
}

size_t
pane_doc_top_block(struct pane *p)
{
	struct doc_pane *dp = p->priv;

	if (dp->tail.doc != NULL) /* the last block of the start, as above */
		return dp->tail.head_doc->nblocks > 0 ? dp->tail.head_doc->nblocks - 1 : 0;
	return dp->view->top.block;
}

bool
pane_doc_shows_tail(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->tail.doc != NULL;
}

struct view *
pane_doc_view(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->view;
}

void
pane_doc_set_layout(struct pane *p, const struct layout_opts *lo)
{
	struct doc_pane *dp = p->priv;

	dp->lo.shape = lo->shape;
	doc_pane_apply_opts(dp);
	layout_para_free(dp->title);
	dp->title = NULL;
	p->dirty = true;
}

enum text_dir
pane_doc_dir(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->lo.dir;
}

void
pane_doc_set_dir(struct pane *p, enum text_dir dir)
{
	struct doc_pane *dp = p->priv;

	dp->lo.dir = dir;
	doc_pane_apply_opts(dp);
	layout_para_free(dp->title);
	dp->title = NULL;
	p->dirty = true;
}

enum layout_translit
pane_doc_translit(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->lo.translit;
}

void
pane_doc_set_translit(struct pane *p, enum layout_translit t)
{
	struct doc_pane *dp = p->priv;

	dp->lo.translit = t;
	doc_pane_apply_opts(dp);
	p->dirty = true;
}

/* The thread: lays out what the new view shows first. */
static void *
doc_pane_prep_run(void *arg)
{
	struct doc_prep *pr = arg;
	struct view_line *lines = xcalloc((size_t)pr->view->height + 1, sizeof *lines);

	if (pr->to_end)
		view_goto_end(pr->view);
	else
		view_goto_offset(pr->view, pr->anchor);
	view_frame(pr->view, lines);
	free(lines);
	atomic_store(&pr->done, true);
	return NULL;
}

/* Starts making a view of doc with options lo on the thread. */
static void
doc_pane_prep_start(struct doc_pane *dp, const struct doc *doc, const struct layout_opts *lo,
		    bool relayout, bool to_end, bool have_off, size_t off)
{
	struct doc_prep *pr = &dp->prep;

	pr->doc = doc;
	pr->relayout = relayout;
	pr->from_anchor = view_anchor(dp->view);
	pr->from_moved = dp->moved;
	pr->anchor = have_off ? off : pr->from_anchor;
	pr->to_end = to_end;
	pr->view = view_new(doc, lo, dp->view->height);
	atomic_store(&pr->done, false);
	if (pthread_create(&pr->thread, NULL, doc_pane_prep_run, pr) == 0) {
		pr->running = true;
		return;
	}
	doc_pane_prep_run(pr); /* no thread: here and now */
}

/* True when the blocks on screen hold one that takes seconds to lay out. */
static bool
doc_pane_giant_in_view(const struct doc_pane *dp)
{
	const struct doc *d = dp->doc;
	size_t b = dp->view->top.block;

	for (int k = 0; k <= dp->body_h && b < d->nblocks; k++, b++)
		if (d->blocks[b].len >= DOC_PANE_ASYNC_BYTES)
			return true;
	return false;
}

/* Lays the view out with the pane's options: at once, or on a thread
 * when a giant paragraph is on screen (the old layout shows meanwhile);
 * while a view is being made, once it is in place. */
static void
doc_pane_apply_opts(struct doc_pane *dp)
{
	const struct layout_opts *a = &dp->view->lo, *b = &dp->lo;

	if (a->width == b->width && a->dir == b->dir && a->shape == b->shape &&
	    a->translit == b->translit)
		return;
	if (dp->prep.view != NULL)
		return;
	if (!doc_pane_giant_in_view(dp)) {
		view_set_opts(dp->view, &dp->lo);
		return;
	}
	doc_pane_prep_start(dp, dp->doc, &dp->lo, true, dp->want_end, false, 0);
}

void
pane_doc_prepare(struct pane *p, const struct doc *doc, bool to_end, bool have_off,
		 size_t off)
{
	struct doc_pane *dp = p->priv;

	if (dp->prep.view != NULL)
		return; /* a relayout first: asked again at the next poll */
	doc_pane_prep_start(dp, doc, &dp->view->lo, false, to_end, have_off, off);
}

bool
pane_doc_preparing(struct pane *p)
{
	const struct doc_prep *pr = &((struct doc_pane *)p->priv)->prep;

	return pr->view != NULL && !pr->relayout;
}

bool
pane_doc_prepare_again(struct pane *p)
{
	struct doc_pane *dp = p->priv;
	struct doc_prep *pr = &dp->prep;

	if (pr->view == NULL || pr->relayout || !atomic_load(&pr->done) || pr->to_end ||
	    !dp->want_end)
		return false;
	doc_pane_join(dp);
	struct layout_opts lo = pr->view->lo;
	view_free(pr->view);
	pr->view = NULL;
	doc_pane_prep_start(dp, pr->doc, &lo, false, true, false, 0);
	return true;
}

bool
pane_doc_prepared(struct pane *p)
{
	struct doc_prep *pr = &((struct doc_pane *)p->priv)->prep;

	return pr->view != NULL && !pr->relayout && atomic_load(&pr->done);
}

bool
pane_doc_busy(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->prep.view != NULL;
}

void
pane_doc_commit(struct pane *p)
{
	struct doc_pane *dp = p->priv;
	struct doc_prep *pr = &dp->prep;
	struct doc *tail_doc = NULL;
	struct view *v;

	if (pr->view == NULL)
		return;
	doc_pane_join(dp);
	v = pr->view;
	pr->view = NULL;
	struct doc_tail *t = &dp->tail;
	if (pr->relayout && t->doc != NULL && pr->doc == t->head_doc) {
		/* The start laid out again while the tail shows: put aside in
		 * its place, the tail shown as it is. */
		view_free(t->head);
		t->head = v;
		pr->relayout = false;
		doc_pane_apply_opts(dp);
		return;
	}
	/* Where the reader went meanwhile wins over where it was; in the
	 * tail, through the file offset both documents map to. */
	if (t->doc != NULL && !pr->relayout) {
		if (dp->want_end) {
			if (!pr->to_end)
				view_goto_end(v);
		} else {
			size_t src = t->from + offmap_to_src(&t->doc->srcmap, view_anchor(dp->view));
			view_goto_offset(v, offmap_to_text(&pr->doc->srcmap, src));
		}
		view_free(t->head);
		tail_doc = t->doc; /* freed after its view */
		memset(t, 0, sizeof *t);
	} else if (dp->want_end) {
		if (!pr->to_end)
			view_goto_end(v);
	} else if (dp->moved != pr->from_moved || view_anchor(dp->view) != pr->from_anchor) {
		view_goto_offset(v, view_anchor(dp->view));
	}
	if (v->height != dp->view->height)
		view_set_height(v, dp->view->height);
	view_free(dp->view);
	doc_free(tail_doc);
	dp->view = v;
	if (dp->doc != pr->doc)
		wordcur_free(&dp->wc); /* its words were the prefix's */
	dp->doc = pr->doc;
	pr->relayout = false;
	layout_para_free(dp->title);
	dp->title = NULL;
	p->dirty = true;
	doc_pane_apply_opts(dp); /* options changed meanwhile */
}

bool
pane_doc_poll(struct pane *p)
{
	struct doc_prep *pr = &((struct doc_pane *)p->priv)->prep;

	if (pr->view == NULL || !pr->relayout || !atomic_load(&pr->done))
		return false;
	pane_doc_commit(p);
	return true;
}

bool
pane_doc_wants_end(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->want_end;
}

bool
pane_doc_moved(struct pane *p)
{
	return ((struct doc_pane *)p->priv)->moved;
}

/* The body row (0-based) that shows doc->text offset off, or -1. */
static int
doc_pane_row_of(struct doc_pane *dp, size_t off)
{
	view_frame(dp->view, dp->lines);
	for (int i = 0; i < dp->body_h; i++) {
		const struct view_line *l = &dp->lines[i];
		if (l->para != NULL && l->row < l->para->nrows &&
		    l->para->rows[l->row].src_start <= off && off < l->para->rows[l->row].src_end)
			return i;
	}
	return -1;
}

void
pane_doc_show_offset(struct pane *p, size_t off)
{
	struct doc_pane *dp = p->priv;
	int context = dp->body_h / 3;

	doc_pane_leave_tail(dp);
	if (doc_pane_row_of(dp, off) >= 0)
		return; /* already on screen */
	view_goto_offset(dp->view, off);
	/* A third of the screen above it, unless it already stands lower
	 * (near the end the view stops at the last screenful). */
	int row = doc_pane_row_of(dp, off);
	if (row >= 0 && row < context)
		view_scroll(dp->view, -(long)(context - row));
	dp->moved = true;
	dp->want_end = false;
	p->dirty = true;
}

bool
pane_doc_click(struct pane *p, struct app *app, int y, int x)
{
	struct doc_pane *dp = p->priv;
	int body_y = p->rect.h > 1 ? p->rect.y + 1 : p->rect.y;
	enum align_side side = ALIGN_SIDE_A;
	bool left = dp->gutter && compare_side(app->cmp, dp->doc_index, &side) &&
		    side == ALIGN_SIDE_A;
	int tx = p->rect.x + (left ? dp->gutter : 0);
	size_t off;

	if (y < body_y || y - body_y >= dp->body_h)
		return false;
	view_frame(dp->view, dp->lines);
	const struct view_line *l = &dp->lines[y - body_y];
	if (l->para == NULL || l->row >= l->para->nrows ||
	    !wordcur_offset_at(l->para, l->row, x - tx, &off) ||
	    !wordcur_pick(&dp->wc, dp->doc, off))
		return false;
	p->dirty = true;
	doc_pane_lookup(dp, app);
	return true;
}
