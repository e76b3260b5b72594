/* What the reader can be asked to do: its actions and the search prompt's,
 * each with the words the help screen shows. Which key does what is the
 * terminal's business (tty/keys.c). */
#ifndef QARIN_ACTIONS_H
#define QARIN_ACTIONS_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/actions.h");

/* X(name, help text) */
#define KEY_ACTIONS(X) \
	X(LINE_DOWN, "scroll down one line") \
	X(LINE_UP, "scroll up one line") \
	X(PAGE_DOWN, "scroll down one page") \
	X(PAGE_UP, "scroll up one page") \
	X(HALF_DOWN, "scroll down half a page") \
	X(HALF_UP, "scroll up half a page") \
	X(TOP, "go to the start") \
	X(BOTTOM, "go to the end") \
	X(PARA_NEXT, "next paragraph") \
	X(PARA_PREV, "previous paragraph") \
	X(BRACKET, "waits for a key: c, ] or [, else a paragraph move") \
	X(COMPARE_NEXT, "next finding or unaligned block") \
	X(COMPARE_PREV, "previous finding or unaligned block") \
	X(TOGGLE_COMPARE, "show or hide the comparison pane") \
	X(COMPARE_WITH, "compare with another document (C then its number)") \
	X(CANCEL, "stop a running alignment or search") \
	X(FOCUS_NEXT, "focus the next pane") \
	X(FOCUS_PREV, "focus the previous pane") \
	X(FOCUS_DOC, "focus document N (1-9)") \
	X(TOGGLE_NAV, "show or hide the navigation pane") \
	X(TOGGLE_SYNC, "synchronized scrolling on or off") \
	X(CYCLE_DIR, "direction of the focused pane: auto, LTR, RTL") \
	X(TOGGLE_SHAPE, "Arabic shaping on or off") \
	X(CYCLE_TRANSLIT, "transliteration: off, Latin, interlinear") \
	X(CYCLE_THEME, "next colour theme") \
	X(SET_MARK, "set mark (m then a letter)") \
	X(GOTO_MARK, "jump to mark (' then a letter)") \
	X(ENTER, "in the navigation or search pane: jump there") \
	X(SEARCH_FORWARD, "search forward (/ then the words, Enter)") \
	X(SEARCH_BACKWARD, "search backward") \
	X(SEARCH_NEXT, "next match (in the search's direction)") \
	X(SEARCH_PREV, "previous match") \
	X(TOGGLE_SEARCH_PANE, "show, focus or hide the list of matches") \
	X(WORD_CURSOR, "word cursor on or off (moved by w b and arrows)") \
	X(WORD_NEXT, "word cursor: next word in reading order") \
	X(WORD_LEFT, "word cursor: the word to the left") \
	X(WORD_RIGHT, "word cursor: the word to the right") \
	X(LOOKUP, "look up the cursor word (also Enter, a click)") \
	X(COPY, "copy the cursor word, else the paragraph") \
	X(REDRAW, "redraw the screen") \
	X(HELP, "show this help") \
	X(QUIT, "quit")

enum key_action {
	ACTION_NONE,
#define KEY_ACTION_ENUM(name, text) ACTION_##name,
	KEY_ACTIONS(KEY_ACTION_ENUM)
#undef KEY_ACTION_ENUM
	ACTION_COUNT
};


/* The search prompt's line editor: X(name, help text). Its keys are read
 * from their own table: in the prompt C-u erases, in the reader it scrolls. */
#define PROMPT_ACTIONS(X) \
	X(LEFT, "cursor one character left (logical order)") \
	X(RIGHT, "cursor one character right") \
	X(HOME, "cursor to the start") \
	X(END, "cursor to the end") \
	X(BACKSPACE, "erase the character before the cursor") \
	X(DELETE, "erase the character under the cursor") \
	X(KILL_START, "erase to the start") \
	X(KILL_END, "erase to the end") \
	X(KILL_WORD, "erase the word before the cursor") \
	X(HISTORY_PREV, "previous search in the history") \
	X(HISTORY_NEXT, "next search in the history") \
	X(MODE_EXACT, "loose or exact matching") \
	X(MODE_REGEX, "regular expression on or off") \
	X(MODE_WORD, "whole words on or off") \
	X(ACCEPT, "search") \
	X(CANCEL, "cancel, back to where the search started")

enum prompt_action {
	PROMPT_NONE,
#define PROMPT_ACTION_ENUM(name, text) PROMPT_##name,
	PROMPT_ACTIONS(PROMPT_ACTION_ENUM)
#undef PROMPT_ACTION_ENUM
	PROMPT_COUNT
};

#endif
