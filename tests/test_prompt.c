/* The search prompt's editing model: grapheme-wise cursor moves and
 * erasing (Arabic with harakat, a flag emoji, e + combining acute), the
 * kill keys, history browsing that keeps the line being typed, modes, and
 * the view: Arabic shown shaped and right to left with the cursor on the
 * cell of its logical character, and horizontal scrolling. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "reader/lib.h"
#include "search/lib.h"
#include "tap.h"

static void
test_editing(void)
{
	struct prompt p;

	prompt_init(&p, NULL, 0);
	/* ب + fatha + shadda is one grapheme; so is e + U+0301. */
	prompt_set(&p, "a\xd8\xa8\xd9\x8e\xd9\x91" "e\xcc\x81z");
	is_long((long)p.cursor, (long)p.len, "set puts the cursor at the end");
	prompt_do(&p, PROMPT_LEFT);
	is_long((long)p.cursor, (long)p.len - 1, "Left steps over z");
	prompt_do(&p, PROMPT_LEFT);
	is_long((long)p.cursor, 7, "Left steps over e + combining acute as one character");
	prompt_do(&p, PROMPT_LEFT);
	is_long((long)p.cursor, 1, "Left steps over beh + fatha + shadda as one character");
	prompt_do(&p, PROMPT_RIGHT);
	is_long((long)p.cursor, 7, "Right steps back over it");
	is_long(prompt_do(&p, PROMPT_BACKSPACE), PROMPT_R_TEXT, "Backspace edits");
	is_str(p.buf, "ae\xcc\x81z", "Backspace removed the whole grapheme, marks included");
	is_long((long)p.cursor, 1, "the cursor is where it was");
	prompt_do(&p, PROMPT_DELETE);
	is_str(p.buf, "az", "Delete removes the grapheme under the cursor");
	prompt_insert_char(&p, 0x0643);
	prompt_insert(&p, "\xd9\x84\x01", 3);
	is_str(p.buf, "a\xd9\x83\xd9\x84z", "typed characters go in at the cursor (controls dropped)");
	is_long(prompt_do(&p, PROMPT_HOME), PROMPT_R_CURSOR, "Home moves");
	is_long(prompt_do(&p, PROMPT_HOME), PROMPT_R_NONE, "Home again does nothing");
	is_long(prompt_do(&p, PROMPT_LEFT), PROMPT_R_NONE, "Left at the start does nothing");
	prompt_do(&p, PROMPT_END);
	is_long((long)p.cursor, (long)p.len, "End goes to the end");

	prompt_set(&p, "kaspersky  lab  moscow");
	is_long(prompt_do(&p, PROMPT_KILL_WORD), PROMPT_R_TEXT, "C-w edits");
	is_str(p.buf, "kaspersky  lab  ", "C-w erases the word before the cursor");
	prompt_do(&p, PROMPT_KILL_WORD);
	is_str(p.buf, "kaspersky  ", "C-w with blanks before the cursor erases them and the word");
	prompt_set(&p, "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7x");
	prompt_do(&p, PROMPT_LEFT);
	prompt_do(&p, PROMPT_BACKSPACE);
	is_str(p.buf, "x", "a flag (two regional indicators) is erased as one character");
	prompt_set(&p, "before after");
	for (int i = 0; i < 5; i++)
		prompt_do(&p, PROMPT_LEFT);
	prompt_do(&p, PROMPT_KILL_END);
	is_str(p.buf, "before ", "C-k erases to the end");
	prompt_do(&p, PROMPT_LEFT);
	prompt_do(&p, PROMPT_KILL_START);
	is_str(p.buf, " ", "C-u erases to the start");
	is_long((long)p.cursor, 0, "leaving the cursor at the start");
	is_long(prompt_do(&p, PROMPT_ACCEPT), PROMPT_R_ACCEPT, "Enter accepts");
	is_long(prompt_do(&p, PROMPT_CANCEL), PROMPT_R_CANCEL, "Esc cancels");
	prompt_free(&p);
}

static void
test_history_and_modes(void)
{
	struct history h;
	struct prompt p;
	char name[64];

	history_init(&h);
	history_add(&h, "old");
	history_add(&h, "newer");
	prompt_init(&p, &h, 0);
	prompt_set(&p, "typing");
	is_long(prompt_do(&p, PROMPT_HISTORY_PREV), PROMPT_R_TEXT, "Up recalls");
	is_str(p.buf, "newer", "Up shows the newest entry");
	prompt_do(&p, PROMPT_HISTORY_PREV);
	is_str(p.buf, "old", "Up again the one before");
	is_long(prompt_do(&p, PROMPT_HISTORY_PREV), PROMPT_R_NONE, "Up at the oldest does nothing");
	prompt_do(&p, PROMPT_HISTORY_NEXT);
	prompt_do(&p, PROMPT_HISTORY_NEXT);
	is_str(p.buf, "typing", "Down past the newest gives back the line being typed");
	is_long(prompt_do(&p, PROMPT_HISTORY_NEXT), PROMPT_R_NONE, "and no further");
	is_str(prompt_mode_name(p.flags, name, sizeof name), "loose", "the default mode is loose");
	is_long(prompt_do(&p, PROMPT_MODE_EXACT), PROMPT_R_MODE, "C-t changes the mode");
	prompt_do(&p, PROMPT_MODE_WORD);
	prompt_do(&p, PROMPT_MODE_REGEX);
	is_long((long)p.flags, SEARCH_EXACT | SEARCH_WORD | SEARCH_REGEX, "the flags follow");
	is_str(prompt_mode_name(p.flags, name, sizeof name), "exact word regex", "and the name");
	prompt_do(&p, PROMPT_MODE_EXACT);
	is_str(prompt_mode_name(p.flags, name, sizeof name), "loose word regex", "C-t toggles back");
	prompt_free(&p);
	history_free(&h);
}

/* The code points of a view's row, left to right, as UTF-8. */
static char *
view_text(const struct prompt_view *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (v->para->nrows > 0)
		layout_row_to_utf8(v->para, 0, false, &sb);
	return strbuf_steal(&sb);
}

static void
test_view(void)
{
	struct prompt p;
	struct prompt_view v;
	struct layout_opts lo = { .width = 80, .dir = DIR_AUTO, .shape = false, .tabstop = 8 };

	prompt_init(&p, NULL, 0);
	prompt_view(&p, &lo, 20, &v);
	is_long(v.cursor_col, 1, "an empty prompt: the cursor after the free column");
	prompt_view_free(&v);

	/* كاسبر: logical k-a-s-b-r, shown r-b-s-a-k from the left. */
	prompt_set(&p, "\xd9\x83\xd8\xa7\xd8\xb3\xd8\xa8\xd8\xb1");
	prompt_view(&p, &lo, 20, &v);
	char *t = view_text(&v);
	is_str(t, "\xd8\xb1\xd8\xa8\xd8\xb3\xd8\xa7\xd9\x83", "Arabic is shown in visual order (unshaped when shaping is off)");
	free(t);
	is_long(v.cursor_col, 0, "the cursor at the end of an RTL line is at its left");
	prompt_view_free(&v);
	prompt_do(&p, PROMPT_HOME);
	prompt_view(&p, &lo, 20, &v);
	is_long(v.cursor_col, 5, "at the start, the cursor is on the first letter, the rightmost cell");
	prompt_view_free(&v);
	prompt_do(&p, PROMPT_RIGHT);
	prompt_view(&p, &lo, 20, &v);
	is_long(v.cursor_col, 4, "Right moves it one cell to the left on screen (logical order)");
	prompt_view_free(&v);

	lo.shape = true;
	prompt_do(&p, PROMPT_END);
	prompt_view(&p, &lo, 20, &v);
	t = view_text(&v);
	/* Shaped: reh final, beh medial, seen initial, alef final, kaf initial. */
	is_str(t, "\xef\xba\xae\xef\xba\x92\xef\xba\xb3\xef\xba\x8e\xef\xbb\x9b",
	       "with shaping on, the letters take their joining forms");
	free(t);
	prompt_view_free(&v);

	/* A line wider than the field scrolls to keep the cursor in view. */
	prompt_set(&p, "abcdefghijklmnopqrstuvwxyz0123456789");
	prompt_view(&p, &lo, 10, &v);
	is_long(v.skip, 28, "at the end, the field shows the last columns");
	is_long(v.cursor_col, 9, "with the cursor in its last column");
	prompt_view_free(&v);
	prompt_do(&p, PROMPT_HOME);
	prompt_view(&p, &lo, 10, &v);
	is_long(v.skip, 0, "at the start, no scrolling");
	is_long(v.cursor_col, 1, "the cursor on the first letter");
	prompt_view_free(&v);
	prompt_free(&p);
}

int
main(void)
{
	test_editing();
	test_history_and_modes();
	test_view();
	return done_testing();
}
