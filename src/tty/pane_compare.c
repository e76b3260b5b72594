/* The comparison pane and the rest of the comparison in the reader: the
 * pane under the documents shows the focused block's counterparts, shared
 * anchors and findings; the document panes ask here for gutter marks and
 * highlights; scrolling and the ]c [c jumps follow the alignment. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tty/app.h"
#include "tty/compare.h"
#include "layout/lib.h"
#include "text/lib.h"

struct cmp_pane {
	struct compare_text text;
	struct layout_para **paras; /* owned: one per line of text */
	struct layout_para **paras2; /* owned: B's side of anchor pairs, else NULL */
	size_t nparas;
	/* What the content was built for: rebuilt when any of these changes. */
	const struct alignment *al;
	size_t doc_index, block;
	int width;
	bool ascii;
	bool cancelled;
};

/* The focused block of document pane di: the block a ]c / [c jump went to
 * while the view has not moved since, else the block holding the anchor. */
static size_t
compare_focus_block(const struct app *app, size_t di)
{
	const struct compare *c = app->cmp;
	size_t top = pane_doc_top_block(app->doc_panes[di]);

	if (c != NULL && c->jump_block != SIZE_MAX && c->jump_doc == di && c->jump_top == top)
		return c->jump_block;
	return top;
}

/* Frees the laid-out lines. */
static void
cmp_pane_clear(struct cmp_pane *cp)
{
	for (size_t i = 0; i < cp->nparas; i++) {
		layout_para_free(cp->paras[i]);
		layout_para_free(cp->paras2[i]);
	}
	free(cp->paras);
	free(cp->paras2);
	cp->paras = NULL;
	cp->paras2 = NULL;
	cp->nparas = 0;
	compare_text_clear(&cp->text);
}

/* Lays out the lines of text at the pane's width. */
static void
cmp_pane_layout(struct cmp_pane *cp, const struct app *app, int w)
{
	cp->paras = xcalloc(cp->text.n ? cp->text.n : 1, sizeof *cp->paras);
	cp->paras2 = xcalloc(cp->text.n ? cp->text.n : 1, sizeof *cp->paras2);
	cp->nparas = cp->text.n;
	for (size_t i = 0; i < cp->text.n; i++) {
		const struct compare_line *l = &cp->text.v[i];
		struct layout_opts lo = app->layout;
		lo.width = w > 0 ? w : 1;
		lo.dir = l->rtl_ok ? DIR_AUTO : DIR_LTR;
		if (l->text2 != NULL && w >= 7) {
			/* A pair: A's half, " = ", B's half. */
			lo.width = (w - 3) / 2;
			cp->paras[i] = layout_text(l->text, l->len, 0, &lo);
			lo.width = w - 3 - (w - 3) / 2;
			cp->paras2[i] = layout_text(l->text2, l->len2, 0, &lo);
			continue;
		}
		cp->paras[i] = layout_text(l->text, l->len, 0, &lo);
	}
}

/* Writes into one line of text what the pane says when it has no block to
 * describe. */
static void
cmp_pane_note(struct cmp_pane *cp, enum theme_role role, const char *msg)
{
	compare_text_clear(&cp->text);
	if (cp->text.cap == 0) {
		cp->text.cap = 4;
		cp->text.v = xcalloc(cp->text.cap, sizeof *cp->text.v);
	}
	cp->text.v[0] = (struct compare_line){ .text = msg, .len = strlen(msg), .role = role,
					       .max_rows = 1 };
	cp->text.n = 1;
}

/* As cmp_pane_note, with a formatted message. */
static void
cmp_pane_printf(struct cmp_pane *cp, enum theme_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
cmp_pane_printf(struct cmp_pane *cp, enum theme_role role, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cmp_pane_note(cp, role, "");
	cp->text.v[0].text = xstrdup(buf);
	cp->text.v[0].len = strlen(buf);
	cp->text.v[0].owned = true;
}

/* Builds the content for the focused block when it changed: the cost of
 * the block's links and findings and of laying out its counterparts. */
static void
cmp_pane_update(struct pane *p, struct app *app)
{
	struct cmp_pane *cp = p->priv;
	const struct compare *c = app->cmp;
	const struct alignment *al = c != NULL ? c->al : NULL;
	enum align_side side = ALIGN_SIDE_A;
	bool in_pair = compare_side(c, app->focus, &side);
	size_t block = in_pair ? compare_focus_block(app, app->focus) : SIZE_MAX;

	if (cp->paras != NULL && cp->al == al && cp->doc_index == app->focus &&
	    cp->block == block && cp->width == p->rect.w && cp->ascii == app->opts.ascii &&
	    cp->cancelled == (c != NULL && c->cancelled))
		return;
	double t0 = app_now_ms();
	cmp_pane_clear(cp);
	cp->al = al;
	cp->doc_index = app->focus;
	cp->block = block;
	cp->width = p->rect.w;
	cp->ascii = app->opts.ascii;
	cp->cancelled = c != NULL && c->cancelled;
	if (app->ndocs < 2)
		cmp_pane_note(cp, THEME_ROLE_METADATA, "comparison needs two documents");
	else if (c != NULL && c->failed)
		cmp_pane_note(cp, THEME_ROLE_MISMATCH, "the documents could not be aligned");
	else if (c != NULL && c->cancelled)
		cmp_pane_note(cp, THEME_ROLE_METADATA, "alignment cancelled: c aligns again");
	else if (al == NULL)
		cmp_pane_printf(cp, THEME_ROLE_METADATA, "aligning documents %zu and %zu...",
				c->doc_a + 1, c->doc_b + 1);
	else if (!in_pair)
		cmp_pane_printf(cp, THEME_ROLE_METADATA,
				"documents %zu and %zu are compared: focus one of them",
				c->doc_a + 1, c->doc_b + 1);
	else
		compare_describe(al, side, block, &cp->text);
	cmp_pane_layout(cp, app, p->rect.w);
	if (app->frame_log)
		fprintf(app->frame_log, "compare %.3f\n", app_now_ms() - t0);
}

/* Rows each line gets in h rows: one-row lines first, the counterparts'
 * text shares what is left. */
static void
cmp_pane_budget(const struct cmp_pane *cp, int h, int *rows)
{
	int fixed = 0, nflex = 0;

	for (size_t i = 0; i < cp->nparas; i++) {
		int n = (int)cp->paras[i]->nrows;
		if (cp->text.v[i].max_rows == 0) {
			nflex++;
			rows[i] = 0;
			continue;
		}
		rows[i] = n < cp->text.v[i].max_rows ? n : cp->text.v[i].max_rows;
		fixed += rows[i];
	}
	int rest = h - fixed;
	for (size_t i = 0; i < cp->nparas && nflex > 0; i++) {
		if (cp->text.v[i].max_rows != 0)
			continue;
		int share = rest / nflex;
		if (share < 1)
			share = 1;
		int n = (int)cp->paras[i]->nrows;
		rows[i] = n < share ? n : share;
		rest -= rows[i];
		nflex--;
	}
}

static void
cmp_pane_draw(struct pane *p, struct app *app)
{
	struct cmp_pane *cp = p->priv;
	int y = p->rect.y, end = p->rect.y + p->rect.h;

	if (p->rect.h <= 0 || p->rect.w <= 0)
		return;
	cmp_pane_update(p, app);
	for (int r = p->rect.y; r < end; r++)
		app_blank(app, r, p->rect.x, p->rect.w, r == p->rect.y ? THEME_ROLE_HEADER
										: THEME_ROLE_TEXT);
	int *rows = xcalloc(cp->nparas + 1, sizeof *rows);
	cmp_pane_budget(cp, p->rect.h, rows);
	for (size_t i = 0; i < cp->nparas && y < end; i++) {
		const struct compare_line *l = &cp->text.v[i];
		const struct layout_para *b = cp->paras2[i];
		if (b != NULL && rows[i] > 0) {
			int half = (p->rect.w - 3) / 2;
			if (cp->paras[i]->nrows > 0)
				app_draw_row(app, cp->paras[i], 0, y, p->rect.x, half, l->role, l->text);
			app_style(app, THEME_ROLE_METADATA);
			mvaddstr(y, p->rect.x + half + 1, "=");
			if (b->nrows > 0)
				app_draw_row(app, b, 0, y, p->rect.x + half + 3, p->rect.w - half - 3,
					     l->role, l->text2);
			y++;
			continue;
		}
		for (int r = 0; r < rows[i] && y < end; r++, y++)
			app_draw_row(app, cp->paras[i], (size_t)r, y, p->rect.x, p->rect.w, l->role,
				     l->text);
	}
	free(rows);
	p->dirty = false;
}

/* The comparison pane shows the focused block: it is drawn again when the
 * reading position or the alignment changes. */
static void
cmp_pane_event(struct pane *p, struct app *app, enum app_event ev, const void *data)
{
	(void)app;
	(void)data;
	if (ev == APP_EVENT_MOVED || ev == APP_EVENT_ALIGNMENT || ev == APP_EVENT_DOC_REPLACED)
		p->dirty = true;
}

/* A third of the body (at least 4 rows, leaving 2), when asked for and
 * there are two documents. */
static int
cmp_pane_size(struct pane *p, struct app *app, struct rect avail)
{
	const struct compare *c = app->cmp;
	int body_h = avail.h;
	int h = body_h / 3;

	(void)p;
	if (h < 4)
		h = 4;
	if (body_h - h < 2)
		h = body_h - 2;
	if (c == NULL || !c->visible || app->ndocs < 2 || h < 2 || avail.w < 1)
		return -1;
	return h;
}

static void
cmp_pane_free(struct pane *p)
{
	struct cmp_pane *cp = p->priv;

	cmp_pane_clear(cp);
	free(cp->text.v);
	free(cp);
	free(p);
}

static const struct pane_ops cmp_pane_ops = {
	.name = "comparison",
	.size = cmp_pane_size,
	.resize = pane_resize_redraw,
	.draw = cmp_pane_draw,
	.key = pane_key_ignore,
	.focus = pane_focus_set,
	.event = cmp_pane_event,
	.free = cmp_pane_free,
};

struct pane *
pane_compare_new(struct app *app)
{
	struct pane *p = xcalloc(1, sizeof *p);

	p->ops = &cmp_pane_ops;
	p->priv = xcalloc(1, sizeof(struct cmp_pane));
	p->dirty = true;
	app->cmp->pane = p;
	return p;
}

int
compare_gutter_cols(const struct app *app, size_t doc_index)
{
	enum align_side side;

	if (app->ndocs < 2 || !compare_side(app->cmp, doc_index, &side))
		return 0;
	return app->doc_panes[doc_index]->rect.w >= 2 ? 1 : 0;
}

/* The marks of a block, computed once per block while rows of it are drawn. */
static const struct compare_mark *
compare_block_marks(struct compare *c, enum align_side side, size_t block, size_t *n)
{
	if (c->marks_block != block || c->marks_side != (int)side || c->marks_al != c->al) {
		size_t need = compare_marks(c->al, side, block, c->marks, c->marks_cap);
		if (need > c->marks_cap) {
			c->marks_cap = need;
			c->marks = xreallocarray(c->marks, need, sizeof *c->marks);
			need = compare_marks(c->al, side, block, c->marks, c->marks_cap);
		}
		c->nmarks = need;
		c->marks_block = block;
		c->marks_side = (int)side;
		c->marks_al = c->al;
	}
	*n = c->nmarks;
	return c->marks;
}

/* A cell's place on screen in logical order (--bidi=terminal). */
struct cmp_cell_key {
	size_t src, index;
};

static int
cmp_cell_key_cmp(const void *a, const void *b)
{
	const struct cmp_cell_key *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void
compare_decorate_row(const struct app *app, size_t doc_index, const struct view_line *l,
		     int y, int x, int w, int gx, const uint8_t *keep)
{
	struct compare *c = app->cmp;
	enum align_side side;

	if (!compare_side(c, doc_index, &side) || l->block == SIZE_MAX)
		return;
	if (l->row == 0 && l->para != NULL && gx >= 0) {
		enum theme_role role;
		const char *g = compare_gutter_glyph(align_block_state(c->al, side, l->block),
						     app->opts.ascii, &role);
		if (g[0]) {
			app_style(app, role);
			mvaddstr(y, gx, g);
			attrset(A_NORMAL);
		}
	}
	if (l->para == NULL)
		return;
	size_t nm;
	const struct compare_mark *m = compare_block_marks(c, side, l->block, &nm);
	if (nm == 0)
		return;
	const struct layout_row *row = &l->para->rows[l->row];
	const uint32_t *chars;
	const struct cell *cells = layout_row_cells(l->para, l->row, &chars);
	struct cmp_cell_key *order = NULL;
	if (app->opts.bidi_terminal) {
		/* Drawn in logical order: the same order here. */
		order = xmalloc((row->ncells + 1) * sizeof *order);
		for (size_t i = 0; i < row->ncells; i++)
			order[i] = (struct cmp_cell_key){ cells[i].src, i };
		qsort(order, row->ncells, sizeof *order, cmp_cell_key_cmp);
	}
	int col = row->indent < w ? row->indent : 0;
	for (size_t k = 0; k < row->ncells; k++) {
		size_t ci = order ? order[k].index : k;
		const struct cell *cl = &cells[ci];
		enum theme_role role;
		if (col + cl->width > w)
			break;
		if (cl->role != CELL_PLACEHOLDER && (keep == NULL || !keep[ci]) &&
		    compare_mark_role(m, nm, cl->src, cl->src_len, &role))
			mvchgat(y, x + col, cl->width, colors_attr(&app->colors, role),
				colors_pair(&app->colors, role), NULL);
		col += cl->width;
	}
	free(order);
}

/* Whether document i is still loading in the background. */
static bool
compare_loading(const struct app *app, size_t i)
{
	return app->opts.loaders != NULL && app->opts.loaders[i].started;
}

bool
compare_update(struct app *app)
{
	struct compare *c = app->cmp;

	if (c == NULL || app->ndocs < 2 || c->doc_a >= app->ndocs || c->doc_b >= app->ndocs)
		return false;
	if (compare_loading(app, c->doc_a) || compare_loading(app, c->doc_b))
		return false; /* aligned once whole */
	const struct doc *da = app->docs[c->doc_a], *db = app->docs[c->doc_b];
	if (c->al == NULL && !compare_busy(c) && !c->requested &&
	    (da->len > COMPARE_AUTO_BYTES || db->len > COMPARE_AUTO_BYTES))
		return false; /* big: only when asked for */
	const struct alignment *before = c->al;
	bool changed = compare_poll(c, da, db);
	if (!changed) {
		/* The status line shows the progress: redraw when it moves. */
		unsigned pct = atomic_load(&c->permille) / 10;
		if (!compare_busy(c) || pct == c->shown_percent)
			return false;
		c->shown_percent = pct;
		return true;
	}
	if (compare_busy(c)) {
		/* A new pair: the old alignment is gone. */
		if (before != NULL || app->sync_map.map == align_sync_map)
			app->sync_map = sync_position_map;
		wtimeout(stdscr, 50); /* wake up to take the result */
	} else {
		bool loading = false;
		for (size_t i = 0; i < app->ndocs; i++)
			loading = loading || compare_loading(app, i);
		if (!loading)
			wtimeout(stdscr, -1);
	}
	if (c->al != NULL) {
		app->sync_map = align_sync(c->al);
		if (app->frame_log)
			fprintf(app->frame_log, "aligned %.3f\n", c->took_ms), fflush(app->frame_log);
	} else if (c->cancelled) {
		app_message(app, false, "aligning documents %zu and %zu cancelled (c aligns them again)",
			    c->doc_a + 1, c->doc_b + 1);
	} else if (c->failed) {
		app_message(app, true, "documents %zu and %zu could not be aligned%s%s",
			    c->doc_a + 1, c->doc_b + 1, c->err.msg[0] ? ": " : "", c->err.msg);
	}
	/* The gutter appears or goes: the document panes relayout. */
	app_emit(app, APP_EVENT_ALIGNMENT, NULL);
	return true;
}

bool
compare_sync_pane(struct app *app, size_t i)
{
	struct compare *c = app->cmp;
	enum align_side side;

	enum align_side other;

	if (i == app->focus || !compare_side(c, app->focus, &side) || !compare_side(c, i, &other))
		return false;
	struct view *fv = pane_doc_view(app->doc_panes[app->focus]);
	struct view *ov = pane_doc_view(app->doc_panes[i]);
	const struct doc *from = app->docs[app->focus], *to = app->docs[i];
	if (from->nblocks == 0 || to->nblocks == 0)
		return false;
	/* At either end of one, the other shows the same end. */
	if (fv->top.block == 0 && fv->top.row == 0) {
		view_goto_start(ov);
		return true;
	}
	if (view_at_end(fv)) {
		view_goto_end(ov);
		return true;
	}
	/* The first block starting on screen, and its screen row. */
	size_t bi = fv->top.block;
	long row = 0;
	if (fv->top.row > 0) {
		const struct layout_para *lp = layout_cache_get(fv->cache, from, bi, &fv->lo);
		row = (long)lp->nrows + 1 - (long)fv->top.row;
		bi++;
	}
	size_t off;
	if (bi < from->nblocks && row < fv->height) {
		off = from->blocks[bi].src_off;
	} else {
		off = view_anchor(fv);
		row = 0;
	}
	view_goto_offset(ov, align_sync_map(c->al, from, off, to));
	if (row > 0)
		view_scroll(ov, -row);
	return true;
}

int
compare_toggle(struct app *app)
{
	struct compare *c = app->cmp;

	if (c == NULL || app->ndocs < 2) {
		app_message(app, true, "comparison needs two documents");
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (c->cancelled) {
		/* Cancelled: c aligns the pair again and shows the pane. */
		c->cancelled = false;
		c->visible = true;
	} else {
		c->visible = !c->visible;
	}
	c->requested = true;
	return PANE_HANDLED | PANE_REDRAW;
}

/* Appends " [N] name" for each open document but the focused one to buf. */
static void
compare_list_docs(const struct app *app, char *buf, size_t size)
{
	size_t len = strlen(buf);

	for (size_t i = 0; i < app->ndocs && i < 9 && len + 1 < size; i++) {
		if (i == app->focus)
			continue;
		int n = snprintf(buf + len, size - len, " [%zu] %s", i + 1, app->docs[i]->name);
		if (n < 0)
			break;
		len += (size_t)n;
		if (len >= size)
			len = size - 1;
	}
}

/* Compares the focused document with document other and shows the pane. */
static int
compare_with(struct app *app, size_t other)
{
	struct compare *c = app->cmp;
	size_t f = app->focus;

	/* The old pair's alignment goes: scrolling must not map through it. */
	if (app->sync_map.map == align_sync_map && (c->doc_a != f || c->doc_b != other) &&
	    (c->doc_a != other || c->doc_b != f))
		app->sync_map = sync_position_map;
	/* The pair in the documents' order: A is the one opened first. */
	compare_set_pair(c, f < other ? f : other, f < other ? other : f);
	c->visible = true;
	c->requested = true;
	if (!compare_busy(c) && c->al != NULL)
		app_message(app, false, "comparing documents %zu and %zu", c->doc_a + 1, c->doc_b + 1);
	return PANE_HANDLED | PANE_REDRAW;
}

int
compare_with_prompt(struct app *app)
{
	struct compare *c = app->cmp;

	if (c == NULL || app->ndocs < 2) {
		app_message(app, true, "comparison needs two documents");
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (app->ndocs == 2)
		return compare_with(app, app->focus == 0 ? 1 : 0);
	char list[sizeof app->message];
	snprintf(list, sizeof list, "compare %zu with:", app->focus + 1);
	compare_list_docs(app, list, sizeof list);
	app->pending = 'C';
	app_message(app, false, "%s", list);
	return PANE_HANDLED | PANE_REDRAW;
}

int
compare_with_key(struct app *app, int key)
{
	if (key == 27)
		return PANE_HANDLED | PANE_REDRAW; /* Escape: none */
	size_t other = (size_t)(key - '1');
	if (key < '1' || key > '9' || other >= app->ndocs) {
		app_message(app, true, "there is no document %c to compare with", key);
		return PANE_HANDLED | PANE_REDRAW;
	}
	if (other == app->focus) {
		app_message(app, true, "document %c is the focused one: pick another", key);
		return PANE_HANDLED | PANE_REDRAW;
	}
	return compare_with(app, other);
}

int
compare_cancel_key(struct app *app)
{
	struct compare *c = app->cmp;

	if (!compare_cancel(c))
		return 0;
	app_message(app, false, "aligning documents %zu and %zu cancelled (c aligns them again)",
		    c->doc_a + 1, c->doc_b + 1);
	return PANE_HANDLED | PANE_REDRAW;
}

bool
compare_jump(struct app *app, size_t doc_index, int dir)
{
	struct compare *c = app->cmp;
	enum align_side side;

	if (app->ndocs < 2) {
		app_message(app, true, "comparison needs two documents");
		return false;
	}
	if (!compare_side(c, doc_index, &side)) {
		if (c != NULL && !compare_busy(c) && c->al == NULL && !c->failed)
			c->requested = true; /* big documents: align them now */
		if (c != NULL && doc_index != c->doc_a && doc_index != c->doc_b)
			app_message(app, true, "documents %zu and %zu are compared (C compares another pair)",
				    c->doc_a + 1, c->doc_b + 1);
		else
			app_message(app, true, "%s", c != NULL && c->failed ? "the documents could not be aligned"
				    : c != NULL && c->cancelled ? "the alignment was cancelled (c aligns again)"
				    : "still aligning, try again in a moment");
		return false;
	}
	size_t from = compare_focus_block(app, doc_index);
	size_t next = align_next_flagged(c->al, side, from, dir);
	if (next == ALIGN_NONE) {
		app_message(app, false, "no more findings");
		return false;
	}
	struct pane *p = app->doc_panes[doc_index];
	pane_doc_goto_block(p, next);
	c->jump_doc = doc_index;
	c->jump_block = next;
	c->jump_top = pane_doc_top_block(p);
	return true;
}

const char *
compare_status(const struct app *app)
{
	struct compare *c = app->cmp;

	if (!compare_busy(c))
		return NULL;
	snprintf(c->status, sizeof c->status, "aligning%s %u%% (Esc cancels)",
		 app->opts.ascii ? "..." : "\xe2\x80\xa6", atomic_load(&c->permille) / 10);
	return c->status;
}
