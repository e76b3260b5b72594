/* The reader's key table: every key, the action it runs and the words the
 * help screen shows for it. One table serves dispatch and help, so the help
 * can never disagree with what the keys do. */
#ifndef QARIN_KEYS_H
#define QARIN_KEYS_H

#include <stddef.h>

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
	X(FOCUS_NEXT, "focus the next pane") \
	X(FOCUS_PREV, "focus the previous pane") \
	X(FOCUS_DOC, "focus document N (1-9)") \
	X(TOGGLE_NAV, "show or hide the navigation pane") \
	X(TOGGLE_SYNC, "synchronized scrolling on or off") \
	X(CYCLE_DIR, "direction of the focused pane: auto, LTR, RTL") \
	X(TOGGLE_SHAPE, "Arabic shaping on or off") \
	X(CYCLE_THEME, "next colour theme") \
	X(SET_MARK, "set mark (m then a letter)") \
	X(GOTO_MARK, "jump to mark (' then a letter)") \
	X(ENTER, "in the navigation pane: jump there") \
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

/* A two-key sequence in the table (listed by help, dispatched by the app
 * after its first key): never a key code curses or a character can have. */
#define KEY_SEQ(first, second) (0x40000000 | ((first) << 8) | (second))

struct key_binding {
	int key;              /* a character, or a curses KEY_* code */
	const char *label;    /* as the help screen shows it ("" : covered by another) */
	enum key_action action;
};

/* The action bound to key (a character or KEY_* code), or ACTION_NONE. */
enum key_action keys_lookup(int key);
/* The whole table, in help order. */
const struct key_binding *keys_table(size_t *n);
const char *keys_action_help(enum key_action a);

#endif
