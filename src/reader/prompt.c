/* The search prompt's editing model: a logical UTF-8 line edited by
 * grapheme clusters (libunistring), history browsing, search modes, and
 * the view the status line draws: the line laid out by the layout engine
 * (shaped, visual order) with the cursor on its logical character. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>

#include "reader/prompt.h"
#include "search/lib.h"
#include "text/lib.h"

/* Columns a prompt is laid out at: wide enough for any one-line query. */
#define PROMPT_LAYOUT_WIDTH 1000000

void
prompt_init(struct prompt *p, const struct history *hist, unsigned flags)
{
	memset(p, 0, sizeof *p);
	p->cap = 64;
	p->buf = xmalloc(p->cap);
	p->buf[0] = '\0';
	p->flags = flags;
	p->hist = hist;
	p->hist_pos = hist ? hist->n : 0;
}

void
prompt_free(struct prompt *p)
{
	free(p->buf);
	free(p->draft);
	p->buf = p->draft = NULL;
	p->len = p->cap = p->cursor = 0;
}

/* Makes room for n more bytes and the terminating NUL. */
static void
prompt_reserve(struct prompt *p, size_t n)
{
	if (p->len + n + 1 <= p->cap)
		return;
	while (p->len + n + 1 > p->cap)
		p->cap *= 2;
	p->buf = xrealloc(p->buf, p->cap);
}

void
prompt_set(struct prompt *p, const char *text)
{
	p->len = 0;
	p->buf[0] = '\0';
	p->cursor = 0;
	prompt_insert(p, text, strlen(text));
}

void
prompt_insert(struct prompt *p, const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		ucs4_t uc;
		int k = u8_mbtoucr(&uc, u + i, len - i);
		if (k < 0) {
			i++; /* an invalid or cut byte: dropped */
			continue;
		}
		if (uc >= 0x20 && uc != 0x7f) {
			prompt_reserve(p, (size_t)k);
			memmove(p->buf + p->cursor + k, p->buf + p->cursor, p->len - p->cursor + 1);
			memcpy(p->buf + p->cursor, u + i, (size_t)k);
			p->len += (size_t)k;
			p->cursor += (size_t)k;
		}
		i += (size_t)k;
	}
}

void
prompt_insert_char(struct prompt *p, unsigned int uc)
{
	uint8_t tmp[6];
	size_t n = sizeof tmp;

	int k = u8_uctomb(tmp, (ucs4_t)uc, (int)n);
	if (k > 0)
		prompt_insert(p, (const char *)tmp, (size_t)k);
}

/* The grapheme boundary after (dir > 0) or before (dir < 0) offset at.
 * The whole line is looked at: a boundary can depend on everything before
 * it (pairs of regional indicators), and a prompt line is short. */
static size_t
prompt_boundary(const struct prompt *p, size_t at, int dir)
{
	char *brk;
	size_t i;

	if (p->len == 0)
		return 0;
	brk = xmalloc(p->len);
	u8_grapheme_breaks((const uint8_t *)p->buf, p->len, brk);
	if (dir > 0) {
		for (i = at + 1; i < p->len && !brk[i]; i++)
			;
	} else {
		for (i = at > 0 ? at - 1 : 0; i > 0 && !brk[i]; i--)
			;
	}
	free(brk);
	return i;
}

/* The grapheme boundary after offset at. */
static size_t
prompt_next(const struct prompt *p, size_t at)
{
	return at >= p->len ? p->len : prompt_boundary(p, at, 1);
}

/* The grapheme boundary before offset at. */
static size_t
prompt_prev(const struct prompt *p, size_t at)
{
	return at == 0 ? 0 : prompt_boundary(p, at, -1);
}

/* Removes bytes [a, b) and leaves the cursor at a. */
static void
prompt_erase(struct prompt *p, size_t a, size_t b)
{
	memmove(p->buf + a, p->buf + b, p->len - b + 1);
	p->len -= b - a;
	p->cursor = a;
}

/* True when the code point before offset at is white space. */
static bool
prompt_space_before(const struct prompt *p, size_t at)
{
	ucs4_t uc;
	const uint8_t *s = (const uint8_t *)p->buf;
	const uint8_t *q = u8_prev(&uc, s + at, s);

	return q != NULL && uc_is_property_white_space(uc);
}

/* Shows history entry i (hist->n: the line that was being typed). */
static void
prompt_show_history(struct prompt *p, size_t i)
{
	if (p->hist_pos == p->hist->n) {
		free(p->draft);
		p->draft = xstrdup(p->buf);
	}
	p->hist_pos = i;
	prompt_set(p, i == p->hist->n ? (p->draft ? p->draft : "") : history_get(p->hist, i));
}

enum prompt_result
prompt_do(struct prompt *p, enum prompt_action a)
{
	size_t at;

	switch (a) {
	case PROMPT_LEFT:
		if (p->cursor == 0)
			return PROMPT_R_NONE;
		p->cursor = prompt_prev(p, p->cursor);
		return PROMPT_R_CURSOR;
	case PROMPT_RIGHT:
		if (p->cursor == p->len)
			return PROMPT_R_NONE;
		p->cursor = prompt_next(p, p->cursor);
		return PROMPT_R_CURSOR;
	case PROMPT_HOME:
	case PROMPT_END:
		at = a == PROMPT_HOME ? 0 : p->len;
		if (at == p->cursor)
			return PROMPT_R_NONE;
		p->cursor = at;
		return PROMPT_R_CURSOR;
	case PROMPT_BACKSPACE:
		if (p->cursor == 0)
			return PROMPT_R_NONE;
		prompt_erase(p, prompt_prev(p, p->cursor), p->cursor);
		return PROMPT_R_TEXT;
	case PROMPT_DELETE:
		if (p->cursor == p->len)
			return PROMPT_R_NONE;
		prompt_erase(p, p->cursor, prompt_next(p, p->cursor));
		return PROMPT_R_TEXT;
	case PROMPT_KILL_START:
		if (p->cursor == 0)
			return PROMPT_R_NONE;
		prompt_erase(p, 0, p->cursor);
		return PROMPT_R_TEXT;
	case PROMPT_KILL_END:
		if (p->cursor == p->len)
			return PROMPT_R_NONE;
		prompt_erase(p, p->cursor, p->len);
		return PROMPT_R_TEXT;
	case PROMPT_KILL_WORD:
		if (p->cursor == 0)
			return PROMPT_R_NONE;
		at = p->cursor;
		while (at > 0 && prompt_space_before(p, at))
			at = prompt_prev(p, at);
		while (at > 0 && !prompt_space_before(p, at))
			at = prompt_prev(p, at);
		prompt_erase(p, at, p->cursor);
		return PROMPT_R_TEXT;
	case PROMPT_HISTORY_PREV:
		if (p->hist == NULL || p->hist_pos == 0)
			return PROMPT_R_NONE;
		prompt_show_history(p, p->hist_pos - 1);
		return PROMPT_R_TEXT;
	case PROMPT_HISTORY_NEXT:
		if (p->hist == NULL || p->hist_pos >= p->hist->n)
			return PROMPT_R_NONE;
		prompt_show_history(p, p->hist_pos + 1);
		return PROMPT_R_TEXT;
	case PROMPT_MODE_EXACT:
		p->flags ^= SEARCH_EXACT;
		return PROMPT_R_MODE;
	case PROMPT_MODE_REGEX:
		p->flags ^= SEARCH_REGEX;
		return PROMPT_R_MODE;
	case PROMPT_MODE_WORD:
		p->flags ^= SEARCH_WORD;
		return PROMPT_R_MODE;
	case PROMPT_ACCEPT:
		return PROMPT_R_ACCEPT;
	case PROMPT_CANCEL:
		return PROMPT_R_CANCEL;
	default:
		return PROMPT_R_NONE;
	}
}

const char *
prompt_mode_name(unsigned flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", flags & SEARCH_EXACT ? "exact" : "loose",
		 flags & SEARCH_WORD ? " word" : "", flags & SEARCH_REGEX ? " regex" : "");
	return buf;
}

void
prompt_view(const struct prompt *p, const struct layout_opts *lo, int width,
	    struct prompt_view *v)
{
	struct layout_opts o = *lo;
	int total, fcol = -1, x = 0;

	memset(v, 0, sizeof *v);
	o.width = PROMPT_LAYOUT_WIDTH;
	o.dir = DIR_AUTO;
	o.lazy_min = SIZE_MAX;
	v->para = layout_text(p->buf, p->len, 0, &o);
	if (v->para->nrows == 0) {
		v->cursor_col = width > 0 ? 1 < width ? 1 : 0 : 0;
		return;
	}
	const uint32_t *chars;
	const struct cell *cells = layout_row_cells(v->para, 0, &chars);
	const struct layout_row *row = &v->para->rows[0];
	/* The cell of the cursor's character, if the cursor is not at the end. */
	for (size_t i = 0; i < row->ncells; i++) {
		const struct cell *c = &cells[i];
		if (fcol < 0 && p->cursor < p->len && c->src <= p->cursor &&
		    p->cursor < c->src + (c->src_len ? c->src_len : 1))
			fcol = 1 + x;
		x += c->width;
	}
	total = row->width + 2;
	if (fcol < 0) /* at the end: past the last character, in the line's direction */
		fcol = v->para->dir == DIR_RTL ? 0 : row->width + 1;
	if (total <= width || width <= 0) {
		v->skip = 0;
	} else {
		v->skip = fcol - width / 2;
		if (v->skip > total - width)
			v->skip = total - width;
		if (v->skip < 0)
			v->skip = 0;
	}
	v->cursor_col = fcol - v->skip;
}

void
prompt_view_free(struct prompt_view *v)
{
	layout_para_free(v->para);
	v->para = NULL;
}
