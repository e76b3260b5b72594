/* The reader's main loop and layout manager: it places the panes (documents
 * side by side, or one at a time on narrow screens; the navigation pane on
 * the left), reads keys, dispatches them, keeps the other panes in sync,
 * and draws what changed. */
#include <config.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unistr.h>

#include "tty/app.h"
#include "tty/search_ui.h"
#include "tty/compare.h"
#include "text/lib.h"

void
app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->message, sizeof app->message, fmt, ap);
	va_end(ap);
	app->message_error = error;
}

size_t
app_text_prefix(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	return utf8_back(s, 0, max);
}

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

/* The focused document pane. */
static struct pane *
app_focused_doc(struct app *app)
{
	return app->doc_panes[app->focus];
}

/* Gives pane p the rectangle r, telling it only when it changed. */
static void
app_place(struct app *app, struct pane *p, struct rect r)
{
	bool changed = !p->visible || p->rect.y != r.y || p->rect.x != r.x ||
		       p->rect.h != r.h || p->rect.w != r.w;

	p->rect = r;
	p->visible = true;
	if (changed)
		p->ops->resize(p, app);
}

/* Places every pane for the current screen size. */
static void
app_layout(struct app *app)
{
	int lines = app->lines, cols = app->cols;
	int body_h = lines > 1 ? lines - 1 : lines; /* the last row is the status line */
	int x = 0;
	struct pane *sp = search_ui_pane(app->search);

	if (sp != NULL) {
		/* The search pane: a third of the height at the bottom. */
		int sh = body_h >= 6 ? body_h / 3 : body_h >= 2 ? 1 : 0;
		body_h -= sh;
		app_place(app, sp, (struct rect){ body_h, 0, sh, cols });
	}

	body_h = compare_place(app, body_h); /* the comparison pane, when shown, at the bottom */

	bool *was = xcalloc(app->ndocs + 1, sizeof *was);

	for (size_t i = 0; i < app->ndocs; i++) {
		was[i] = app->doc_panes[i]->visible;
		app->doc_panes[i]->visible = false;
	}
	was[app->ndocs] = app->nav->visible;
	app->nav->visible = false;

	if (app->nav_visible) {
		int nw = cols / 4;
		if (nw < 16)
			nw = 16;
		if (nw > 40)
			nw = 40;
		if (cols - nw < APP_MIN_PANE_WIDTH || app->nav_focused) {
			/* Too narrow for both, or the outline has focus: it takes the
			 * screen when the documents cannot keep a readable width. */
			if (cols - nw < APP_MIN_PANE_WIDTH)
				nw = cols;
		}
		app->nav->visible = was[app->ndocs];
		app_place(app, app->nav, (struct rect){ 0, 0, body_h, nw });
		x = nw;
	}
	int avail = cols - x;
	size_t fit = 1;
	if (cols >= APP_SIDE_BY_SIDE_MIN && avail > 0) {
		fit = (size_t)((avail + 1) / (APP_MIN_PANE_WIDTH + 1));
		if (fit < 1)
			fit = 1;
	}
	if (fit > app->ndocs)
		fit = app->ndocs;
	if (avail <= 0)
		fit = 0;
	app->nvisible = fit;
	/* A window of panes that contains the focused one. */
	if (app->focus < app->first_visible)
		app->first_visible = app->focus;
	if (fit > 0 && app->focus >= app->first_visible + fit)
		app->first_visible = app->focus - fit + 1;
	if (app->first_visible + fit > app->ndocs)
		app->first_visible = app->ndocs - fit;
	int sep = fit > 1 ? 1 : 0;
	for (size_t k = 0; k < fit; k++) {
		struct pane *p = app->doc_panes[app->first_visible + k];
		int w = (avail - sep * (int)(fit - 1)) / (int)fit;
		if (k == fit - 1)
			w = cols - x;
		p->visible = was[app->first_visible + k];
		app_place(app, p, (struct rect){ 0, x, body_h, w });
		x += w + sep;
	}
	free(was);
}

/* Draws the separators between side-by-side document panes. */
static void
app_draw_separators(struct app *app)
{
	app_style(app, THEME_ROLE_BORDER);
	for (size_t k = 1; k < app->nvisible; k++) {
		const struct pane *p = app->doc_panes[app->first_visible + k];
		if (p->rect.x > 0 && p->rect.h > 0)
			mvvline_set(p->rect.y, p->rect.x - 1, WACS_VLINE, p->rect.h);
	}
	attrset(A_NORMAL);
}

/* Draws the status line: the message, or file and position. */
static void
app_draw_status(struct app *app)
{
	int y = app->lines - 1;
	char right[96];
	struct pane *fp = app_focused_doc(app);
	const struct doc *doc = app->docs[app->focus];

	if (app->lines < 2 || app->cols < 1)
		return;
	app_blank(app, y, 0, app->cols, THEME_ROLE_STATUS);
	app_style(app, THEME_ROLE_STATUS);
	snprintf(right, sizeof right, " %s%s %zu/%zu h:help ",
		 app->sync && app->ndocs > 1 ? "sync " : "",
		 app->layout.shape ? "" : "noshape",
		 app->focus + 1, app->ndocs);
	int rw = (int)strlen(right);
	if (rw >= app->cols)
		rw = 0;
	if (rw > 0)
		mvaddstr(y, app->cols - rw, right);
	(void)fp;
	const char *left = app->message[0] ? app->message : doc->path;
	char buf[600];
	if (!app->message[0] && compare_status(app) != NULL)
		snprintf(buf, sizeof buf, " %s %s", compare_status(app), doc->path);
	else if (!app->message[0] && doc->invalid_count > 0)
		snprintf(buf, sizeof buf, " %s (%zu undecodable bytes shown as \xef\xbf\xbd)",
			 doc->path, doc->invalid_count);
	else if (!app->message[0] && doc->encoding_guessed)
		snprintf(buf, sizeof buf, " %s (encoding guessed: %s)", doc->path, doc->encoding);
	else
		snprintf(buf, sizeof buf, " %s", left);
	/* The file name may be in any script: lay it out like document text. */
	struct layout_opts lo = app->layout;
	lo.width = app->cols - rw > 0 ? app->cols - rw : 1;
	lo.dir = DIR_LTR;
	struct layout_para *lp = layout_text(buf, strlen(buf), 0, &lo);
	if (lp->nrows > 0)
		app_draw_row(app, lp, 0, y, 0, lo.width,
			     app->message_error ? THEME_ROLE_MISMATCH : THEME_ROLE_STATUS, buf);
	layout_para_free(lp);
}

/* Draws every visible pane that is dirty (all of them when full is set). */
static void
app_draw(struct app *app, bool full)
{
	if (full)
		erase();
	if (app->nav->visible && (full || app->nav->dirty))
		app->nav->ops->draw(app->nav, app);
	for (size_t k = 0; k < app->nvisible; k++) {
		struct pane *p = app->doc_panes[app->first_visible + k];
		if (full || p->dirty)
			p->ops->draw(p, app);
	}
	struct pane *sp = search_ui_pane(app->search);
	if (sp != NULL && (full || sp->dirty))
		sp->ops->draw(sp, app);
	compare_draw(app);
	app_draw_separators(app);
	app_draw_status(app);
	if (app->help_visible)
		help_draw(app);
	search_ui_place_cursor(app); /* last: the prompt holds the cursor */
	wnoutrefresh(stdscr);
	doupdate();
}

void
app_focus_doc(struct app *app, size_t i)
{
	struct pane *old = app_focused_doc(app);

	if (i >= app->ndocs)
		return;
	old->ops->focus(old, app, false);
	app->focus = i;
	app->nav_focused = false;
	app->nav->ops->focus(app->nav, app, false);
	app_focused_doc(app)->ops->focus(app_focused_doc(app), app, true);
}

void
app_sync_others(struct app *app)
{
	struct pane *fp = app_focused_doc(app);
	const struct doc *from = app->docs[app->focus];
	size_t off = pane_doc_anchor(fp);

	if (!app->sync)
		return;
	for (size_t i = 0; i < app->ndocs; i++) {
		if (i == app->focus || compare_sync_pane(app, i))
			continue;
		size_t to = app->sync_map.map(app->sync_map.ctx, from, off, app->docs[i]);
		pane_doc_goto_offset(app->doc_panes[i], to);
	}
}

/* Applies the theme named name; false (and a message) when it cannot load. */
static bool
app_set_theme(struct app *app, const char *name)
{
	struct qerr err;
	struct theme t;

	if (!theme_load(name, &t, &err)) {
		app_message(app, true, "%s (using the default theme)", err.msg);
		theme_default(&t);
	}
	app->theme = t;
	colors_apply(&app->colors, &app->theme, colors_env_no_color());
	return true;
}

/* Handles the letter after m or '. */
static void
app_mark_key(struct app *app, int pending, int key)
{
	struct pane *fp = app_focused_doc(app);
	const struct doc *doc = app->docs[app->focus];

	if (key < 'a' || key > 'z') {
		app_message(app, true, "marks are letters a-z");
		return;
	}
	struct state_entry *e = &app->saved[app->focus];

	(void)doc;
	if (pending == 'm') {
		e->marks[key - 'a'] = pane_doc_anchor(fp);
		app_message(app, false, "mark %c set", key);
		return;
	}
	if (e->marks[key - 'a'] == STATE_NO_MARK) {
		app_message(app, true, "mark %c is not set", key);
		return;
	}
	pane_doc_goto_offset(fp, e->marks[key - 'a']);
	app_sync_others(app);
}

/* Runs an action that belongs to the app rather than to a pane. */
static int
app_global_action(struct app *app, enum key_action a, int key)
{
	switch (a) {
	case ACTION_QUIT:
		app->quit = true;
		return PANE_HANDLED;
	case ACTION_HELP:
		app->help_visible = true;
		app->help_scroll = 0;
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_FOCUS_NEXT:
	case ACTION_FOCUS_PREV: {
		size_t n = app->ndocs + (app->nav_visible ? 1 : 0);
		size_t cur = app->nav_focused ? app->ndocs : app->focus;
		cur = a == ACTION_FOCUS_NEXT ? (cur + 1) % n : (cur + n - 1) % n;
		if (cur == app->ndocs) {
			app_focused_doc(app)->ops->focus(app_focused_doc(app), app, false);
			app->nav_focused = true;
			app->nav->ops->focus(app->nav, app, true);
		} else {
			app_focus_doc(app, cur);
		}
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_FOCUS_DOC:
		if ((size_t)(key - '1') < app->ndocs)
			app_focus_doc(app, (size_t)(key - '1'));
		else
			app_message(app, true, "there is no document %c", key);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_TOGGLE_NAV:
		app->nav_visible = !app->nav_visible;
		if (app->nav_visible) {
			pane_nav_follow(app->nav, app);
		} else if (app->nav_focused) {
			app->nav_focused = false;
			app_focused_doc(app)->ops->focus(app_focused_doc(app), app, true);
		}
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_TOGGLE_SYNC:
		app->sync = !app->sync;
		app_message(app, false, "synchronized scrolling %s", app->sync ? "on" : "off");
		if (app->sync)
			app_sync_others(app);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_CYCLE_DIR: {
		struct pane *fp = app_focused_doc(app);
		enum text_dir d = pane_doc_dir(fp);
		d = d == DIR_AUTO ? DIR_LTR : d == DIR_LTR ? DIR_RTL : DIR_AUTO;
		pane_doc_set_dir(fp, d);
		app_message(app, false, "direction: %s", d == DIR_AUTO ? "auto (per paragraph)"
			    : d == DIR_LTR ? "left to right" : "right to left");
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_TOGGLE_SHAPE:
		app->layout.shape = !app->layout.shape;
		for (size_t i = 0; i < app->ndocs; i++)
			pane_doc_set_layout(app->doc_panes[i], &app->layout);
		app_message(app, false, "Arabic shaping %s", app->layout.shape ? "on" : "off");
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_CYCLE_THEME: {
		if (app->ntheme_names == 0)
			return PANE_HANDLED;
		size_t i = 0;
		while (i < app->ntheme_names && strcmp(app->theme_names[i], app->theme.name) != 0)
			i++;
		i = i < app->ntheme_names ? (i + 1) % app->ntheme_names : 0;
		app_set_theme(app, app->theme_names[i]);
		if (!app->message[0] || !app->message_error)
			app_message(app, false, "theme: %s", app->theme.name);
		return PANE_HANDLED | PANE_REDRAW;
	}
	case ACTION_SEARCH_FORWARD:
	case ACTION_SEARCH_BACKWARD:
	case ACTION_SEARCH_NEXT:
	case ACTION_SEARCH_PREV:
	case ACTION_TOGGLE_SEARCH_PANE:
		return search_ui_action(app, a);
	case ACTION_TOGGLE_COMPARE:
		return compare_toggle(app);
	case ACTION_BRACKET:
		app->pending = key;
		app_message(app, false, "%c: c for a finding, %c for a paragraph", key, key);
		return PANE_HANDLED | PANE_REDRAW;
	case ACTION_SET_MARK:
	case ACTION_GOTO_MARK:
		app->pending = key;
		app_message(app, false, "%s: type a letter", a == ACTION_SET_MARK ? "set mark" : "go to mark");
		return PANE_HANDLED | PANE_REDRAW;
	default:
		return PANE_IGNORED;
	}
}

/* Handles a mouse event: the wheel scrolls the pane under the pointer, a
 * click focuses it. */
static int
app_mouse(struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return 0;
	for (size_t k = 0; k < app->nvisible; k++) {
		size_t i = app->first_visible + k;
		struct pane *p = app->doc_panes[i];
		if (ev.x < p->rect.x || ev.x >= p->rect.x + p->rect.w ||
		    ev.y < p->rect.y || ev.y >= p->rect.y + p->rect.h)
			continue;
		if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) {
			app_focus_doc(app, i);
			return PANE_REDRAW;
		}
		enum key_action a = ev.bstate & BUTTON4_PRESSED ? ACTION_LINE_UP
			: ev.bstate & BUTTON5_PRESSED ? ACTION_LINE_DOWN : ACTION_NONE;
		if (a == ACTION_NONE)
			return 0;
		int r = 0;
		for (int n = 0; n < 3; n++)
			r |= p->ops->key(p, app, a, 0);
		if ((r & PANE_MOVED) && i == app->focus)
			app_sync_others(app);
		return r;
	}
	return 0;
}

/* Reads a bracketed paste to its end marker: typed into the search
 * prompt as text, never run as commands (a 100 KB paste would be 100,000
 * of them). Returns PANE_* flags. */
static int
app_paste(struct app *app)
{
	uint32_t *text = NULL;
	size_t n = 0, cap = 0, total = 0;
	bool prompting = search_ui_prompting(app->search);
	wint_t key;
	int rc;

	/* The rest of the paste is already on its way; a terminal that never
	 * sends the end marker must not hang the reader. */
	wtimeout(stdscr, APP_PASTE_WAIT_MS);
	while ((rc = term_getkey(&app->term, &key)) != ERR) {
		if (rc == KEY_CODE_YES) {
			if (key == TERM_KEY_PASTE_END)
				break;
			continue; /* a key sequence inside the paste: not text */
		}
		total++;
		if (!prompting || n >= APP_PASTE_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			text = xreallocarray(text, cap, sizeof *text);
		}
		text[n++] = (uint32_t)key;
	}
	if (prompting) {
		search_ui_paste(app, text, n);
		if (total > n)
			app_message(app, true, "paste cut to %zu characters", n);
	} else if (total > 0) {
		app_message(app, false, "paste of %zu characters ignored (paste into the / prompt)",
			    total);
	}
	free(text);
	return PANE_REDRAW | (prompting ? PANE_MOVED : 0);
}

/* Handles one key; returns PANE_* flags. */
static int
app_key(struct app *app, int key, bool is_function)
{
	int r;

	if (app->help_visible)
		return help_key(app, keys_lookup(key));
	if (search_ui_prompting(app->search)) {
		r = search_ui_prompt_key(app, key, is_function);
		if (r & PANE_MOVED)
			app_sync_others(app);
		return r;
	}
	enum key_action a = keys_lookup(key);
	if (app->pending == ']' || app->pending == '[') {
		/* The key after ] or [: c jumps to a finding; anything else is a
		 * paragraph move, then (unless it is ] or [ again) itself. */
		int pending = app->pending;
		app->pending = 0;
		app->message[0] = '\0';
		if (key == 27)
			return PANE_REDRAW; /* Escape: neither */
		bool seq = !is_function && (key == 'c' || key == pending);
		r = app_key(app, KEY_SEQ(pending, seq ? key : pending), false);
		return seq ? r : r | app_key(app, key, is_function);
	}
	if (app->pending) {
		int pending = app->pending;
		app->pending = 0;
		app->message[0] = '\0';
		if (!is_function)
			app_mark_key(app, pending, key);
		return PANE_REDRAW;
	}
	if (a == ACTION_NONE) {
		/* Unbound keys do nothing, but say so. */
		if (!is_function && key >= ' ' && key < 0x7f)
			app_message(app, true, "key %c does nothing here (h for help)", key);
		return PANE_REDRAW;
	}
	if (search_ui_pane_focused(app->search)) {
		r = search_ui_pane_key(app, a);
		if (r & PANE_MOVED)
			app_sync_others(app);
		if (r)
			return r;
	} else if (app->nav_focused && app->nav_visible) {
		r = app->nav->ops->key(app->nav, app, a, key);
		if (r & PANE_MOVED) {
			app_focus_doc(app, app->focus);
			app_layout(app); /* the outline may have covered the screen */
			app_sync_others(app);
			return PANE_REDRAW | PANE_MOVED;
		}
		if (r)
			return r;
	} else {
		struct pane *fp = app_focused_doc(app);
		r = fp->ops->key(fp, app, a, key);
		if (r & PANE_MOVED)
			app_sync_others(app);
		if (r)
			return r;
	}
	return app_global_action(app, a, key);
}

/* Restores the saved position and marks of every document read from a file. */
static void
app_restore_positions(struct app *app)
{
	app->saved = xcalloc(app->ndocs, sizeof *app->saved);
	app->state_keys = xcalloc(app->ndocs, sizeof *app->state_keys);
	for (size_t i = 0; i < app->ndocs; i++) {
		state_entry_clear(&app->saved[i]);
		if (!app->state_ok || strcmp(app->docs[i]->path, "-") == 0)
			continue;
		app->state_keys[i] = state_key(app->docs[i]->path);
		if (app->state_keys[i] != NULL &&
		    state_get(&app->state, app->state_keys[i], &app->saved[i]) &&
		    app->saved[i].offset <= app->docs[i]->len)
			pane_doc_goto_offset(app->doc_panes[i], app->saved[i].offset);
	}
}

/* Saves every document's position and marks; reports on standard error
 * (the terminal is already restored). */
static void
app_save_positions(struct app *app)
{
	struct qerr err;

	for (size_t i = 0; i < app->ndocs; i++) {
		if (app->state_keys[i] == NULL)
			continue;
		app->saved[i].offset = pane_doc_anchor(app->doc_panes[i]);
		state_put(&app->state, app->state_keys[i], &app->saved[i]);
	}
	if (!state_save(&app->state, &err))
		fprintf(stderr, "qarin: %s\n", err.msg);
}

/* Swaps in every document whose background load has finished. Returns
 * true when anything changed on screen. */
static bool
app_poll_loaders(struct app *app)
{
	bool changed = false;

	if (app->opts.loaders == NULL)
		return false;
	for (size_t i = 0; i < app->ndocs; i++) {
		struct loader *l = &app->opts.loaders[i];
		struct pane *p = app->doc_panes[i];
		if (!l->started || !loader_done(l))
			continue;
		if (l->result != NULL && !pane_doc_prepared(p)) {
			/* Laid out on a thread first: a giant paragraph takes
			 * seconds, and the keys must not wait for it. */
			const struct doc *whole = l->result;
			bool moved = pane_doc_moved(p);
			bool have_saved = !moved && app->saved != NULL &&
					  app->state_keys[i] != NULL && app->saved[i].offset > 0 &&
					  app->saved[i].offset <= whole->len;
			if (!pane_doc_preparing(p))
				pane_doc_prepare(p, whole, pane_doc_wants_end(p), have_saved,
						 have_saved ? app->saved[i].offset : 0);
			continue;
		}
		struct qerr err;
		struct doc *full = loader_take(l, &err);
		changed = true;
		if (full == NULL) {
			app_message(app, true, "%s (showing only its start)", err.msg);
			continue;
		}
		pane_doc_commit(p);
		doc_free(app->docs[i]);
		app->docs[i] = full;
		search_ui_doc_replaced(app, i);
		/* The outline now covers the whole document. */
		bool nav_focused = app->nav_focused;
		app->nav->ops->free(app->nav);
		app->nav = pane_nav_new(app);
		app->nav->focused = nav_focused;
		if (i == app->focus)
			app_sync_others(app);
	}
	if (changed) {
		bool still = false;
		for (size_t i = 0; i < app->ndocs; i++)
			still = still || app->opts.loaders[i].started;
		wtimeout(stdscr, still || compare_busy(app->cmp) ? 50 : -1);
	}
	return changed;
}

/* How long the loop waits for a key: not at all while hits are being
 * counted, a little while documents load, else until a key comes. */
static void
app_set_timeout(struct app *app)
{
	bool loading = false;

	for (size_t i = 0; app->opts.loaders != NULL && i < app->ndocs; i++)
		loading = loading || app->opts.loaders[i].started;
	for (size_t i = 0; i < app->ndocs; i++)
		loading = loading || pane_doc_busy(app->doc_panes[i]);
	int t = search_ui_timeout(app->search);

	/* Wake up to swap in loaded documents and to show an alignment done. */
	if ((loading || compare_busy(app->cmp)) && (t < 0 || t > 50))
		t = 50;
	wtimeout(stdscr, t);
}

double
app_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
app_run(struct doc **docs, size_t ndocs, const struct app_opts *opts)
{
	struct app app_storage, *app = &app_storage;
	struct qerr err;
	double t0 = opts->start_ms > 0 ? opts->start_ms : app_now_ms();

	memset(app, 0, sizeof *app);
	err.msg[0] = '\0';
	app->docs = docs;
	app->ndocs = ndocs;
	app->opts = *opts;
	app->layout = opts->layout;
	app->sync = opts->sync && ndocs > 1;
	app->sync_map = sync_position_map;
	if (opts->frame_log != NULL)
		app->frame_log = fopen(opts->frame_log, "w");

	app->doc_panes = xcalloc(ndocs, sizeof *app->doc_panes);
	for (size_t i = 0; i < ndocs; i++)
		app->doc_panes[i] = pane_doc_new(app, i);
	app->nav = pane_nav_new(app);
	app->cmp = compare_new();
	app->cmp->pane = pane_compare_new(app);
	if (!opts->no_state) {
		/* Said on standard error too: it stays there once the reader
		 * is gone. A file with corrupt lines still restores and saves
		 * the others. */
		if (!state_open(&app->state, NULL, &err))
			fprintf(stderr, "qarin: %s\n", err.msg);
		app->state_ok = state_usable(&app->state);
	}
	struct qerr state_err = err;

	if (term_start(&app->term, opts->bidi_terminal, opts->mouse, &err) != 0) {
		escape_message("%s", err.msg); /* TERM may hold anything */
		for (size_t i = 0; i < ndocs; i++)
			app->doc_panes[i]->ops->free(app->doc_panes[i]);
		free(app->doc_panes);
		app->nav->ops->free(app->nav);
		compare_free(app->cmp);
		return 2;
	}
	app->term.unicode_lines = !opts->ascii;
	app->theme_names = theme_list(&app->ntheme_names);
	app_set_theme(app, opts->theme ? opts->theme : "default");
	app->search = search_ui_new(app);
	if (!opts->no_state && state_err.msg[0])
		app_message(app, true, "%s", state_err.msg);
	if (opts->startup_message != NULL)
		app_message(app, true, "%s", opts->startup_message);

	getmaxyx(stdscr, app->lines, app->cols);
	app_layout(app);
	app_restore_positions(app);
	app_focus_doc(app, 0);
	app_sync_others(app);
	app_draw(app, true);
	if (app->frame_log)
		fprintf(app->frame_log, "first %.3f\n", app_now_ms() - t0), fflush(app->frame_log);

	if (opts->loaders != NULL)
		for (size_t i = 0; i < ndocs; i++)
			if (opts->loaders[i].started)
				wtimeout(stdscr, 50); /* wake up to swap in loaded documents */
	if (compare_update(app)) { /* after the first frame: it never waits for alignment */
		app_layout(app);
		app_draw(app, true);
	}
	app_set_timeout(app);
	while (!app->quit && !term_stop_signal) {
		wint_t key;
		int rc = term_getkey(&app->term, &key);
		if (rc == ERR) {
			bool loaded = app_poll_loaders(app);
			for (size_t i = 0; i < app->ndocs; i++)
				loaded = pane_doc_poll(app->doc_panes[i]) || loaded;
			bool searched = search_ui_poll(app), compared = compare_update(app);
			if (searched || compared || loaded) {
				app_layout(app);
				app_draw(app, loaded);
			}
			app_set_timeout(app);
			continue;
		}
		double t1 = app_now_ms();
		int r = 0;
		bool full = false;
		if (!app->pending)
			app->message[0] = '\0';
		if (rc == KEY_CODE_YES && key == KEY_RESIZE) {
			getmaxyx(stdscr, app->lines, app->cols);
			app_layout(app);
			full = true;
		} else if (rc == KEY_CODE_YES && key == KEY_MOUSE) {
			r = app_mouse(app);
		} else if (rc == KEY_CODE_YES && key == TERM_KEY_PASTE_BEGIN) {
			r = app_paste(app);
			if (r & PANE_MOVED)
				app_sync_others(app);
		} else if (rc == KEY_CODE_YES && key == TERM_KEY_PASTE_END) {
			r = 0; /* the end of a paste cut short: nothing */
		} else {
			r = app_key(app, (int)key, rc == KEY_CODE_YES);
			if (r & PANE_REDRAW)
				full = true;
		}
		if (app->quit)
			break;
		if (app->nav_visible && !app->nav_focused)
			pane_nav_follow(app->nav, app);
		if (compare_update(app))
			full = true;
		app_layout(app);
		app_draw(app, full || (r & PANE_REDRAW));
		if (app->frame_log)
			fprintf(app->frame_log, "key %d %.3f\n", (int)key, app_now_ms() - t1),
			fflush(app->frame_log);
		app_set_timeout(app);
	}
	int sig = term_stop_signal;
	term_stop(&app->term);
	search_ui_free(app->search);
	if (app->state_ok)
		app_save_positions(app);
	state_close(&app->state);
	for (size_t i = 0; i < ndocs; i++)
		free(app->state_keys[i]);
	free(app->state_keys);
	free(app->saved);
	for (size_t i = 0; i < ndocs; i++)
		app->doc_panes[i]->ops->free(app->doc_panes[i]);
	free(app->doc_panes);
	app->nav->ops->free(app->nav);
	compare_free(app->cmp);
	theme_list_free(app->theme_names);
	if (app->frame_log)
		fclose(app->frame_log);
	if (sig)
		return 128 + sig;
	return 0;
}
