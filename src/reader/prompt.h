/* The search prompt's line editor: a logical UTF-8 buffer edited a
 * grapheme cluster at a time, shown through the layout engine (shaped and
 * in visual order) with the cursor on the cell of its logical position.
 * No curses here: the reader maps keys to prompt actions and draws the
 * view this returns. */
#ifndef QARIN_PROMPT_H
#define QARIN_PROMPT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/prompt.h");

#include <stdbool.h>
#include <stddef.h>

#include "reader/history.h"
#include "reader/actions.h"
#include "layout/lib.h"

/* What an edit did. */
enum prompt_result {
	PROMPT_R_NONE,    /* nothing changed */
	PROMPT_R_CURSOR,  /* the cursor moved, the text is the same */
	PROMPT_R_TEXT,    /* the text changed */
	PROMPT_R_MODE,    /* the search flags changed */
	PROMPT_R_ACCEPT,  /* Enter */
	PROMPT_R_CANCEL,  /* Esc, C-c, C-g */
};

struct prompt {
	char *buf;       /* owned, NUL-terminated UTF-8, logical order */
	size_t len, cap;
	size_t cursor;   /* byte offset in buf, on a grapheme boundary */
	unsigned flags;  /* enum search_flags of the query being typed */
	const struct history *hist; /* borrowed, or NULL */
	size_t hist_pos; /* entry shown; hist->n: the line being typed */
	char *draft;     /* owned: the line being typed while browsing history */
};

/* What to draw: one row of cells and where the cursor goes. */
struct prompt_view {
	struct layout_para *para; /* owned (prompt_view_free); one row, or none when empty */
	int skip;                 /* columns of the row scrolled off at the left */
	int cursor_col;           /* cursor column within the width given */
};

void prompt_init(struct prompt *p, const struct history *hist, unsigned flags);
void prompt_free(struct prompt *p);
/* Replaces the text (cursor at its end). */
void prompt_set(struct prompt *p, const char *text);
/* Inserts len bytes of UTF-8 at the cursor (invalid bytes are dropped). */
void prompt_insert(struct prompt *p, const char *s, size_t len);
/* Inserts one code point at the cursor. */
void prompt_insert_char(struct prompt *p, unsigned int uc);
/* Runs an editing action. */
enum prompt_result prompt_do(struct prompt *p, enum prompt_action a);
/* The mode's name as the prompt shows it ("loose", "exact regex", ...). */
const char *prompt_mode_name(unsigned flags, char *buf, size_t size);
/* Lays out the text for a field of width columns (one column of it is kept
 * free on each side for the cursor at either end) and scrolls it so that
 * the cursor shows. */
void prompt_view(const struct prompt *p, const struct layout_opts *lo, int width,
		 struct prompt_view *v);
void prompt_view_free(struct prompt_view *v);

#endif
