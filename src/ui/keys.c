/* The key table (less and vi habits) and its lookups. */
#include <config.h>

#include <curses.h>

#include "qarin/keys.h"

#define CTRL(c) ((c) & 0x1f)

static const struct key_binding key_table[] = {
	{ 'j', "j", ACTION_LINE_DOWN },
	{ KEY_DOWN, "Down", ACTION_LINE_DOWN },
	{ '\n', "Enter", ACTION_ENTER },
	{ KEY_ENTER, "Enter", ACTION_ENTER },
	{ '\r', "Enter", ACTION_ENTER },
	{ 'k', "k", ACTION_LINE_UP },
	{ KEY_UP, "Up", ACTION_LINE_UP },
	{ ' ', "Space", ACTION_PAGE_DOWN },
	{ 'f', "f", ACTION_PAGE_DOWN },
	{ KEY_NPAGE, "PgDn", ACTION_PAGE_DOWN },
	{ CTRL('f'), "C-f", ACTION_PAGE_DOWN },
	{ 'b', "b", ACTION_PAGE_UP },
	{ KEY_PPAGE, "PgUp", ACTION_PAGE_UP },
	{ CTRL('b'), "C-b", ACTION_PAGE_UP },
	{ 'd', "d", ACTION_HALF_DOWN },
	{ CTRL('d'), "C-d", ACTION_HALF_DOWN },
	{ 'u', "u", ACTION_HALF_UP },
	{ CTRL('u'), "C-u", ACTION_HALF_UP },
	{ 'g', "g", ACTION_TOP },
	{ KEY_HOME, "Home", ACTION_TOP },
	{ '<', "<", ACTION_TOP },
	{ 'G', "G", ACTION_BOTTOM },
	{ KEY_END, "End", ACTION_BOTTOM },
	{ '>', ">", ACTION_BOTTOM },
	{ '}', "}", ACTION_PARA_NEXT },
	{ KEY_SEQ(']', ']'), "]]", ACTION_PARA_NEXT },
	{ '{', "{", ACTION_PARA_PREV },
	{ KEY_SEQ('[', '['), "[[", ACTION_PARA_PREV },
	{ ']', "] [", ACTION_BRACKET },
	{ '[', "", ACTION_BRACKET },
	{ KEY_SEQ(']', 'c'), "]c", ACTION_COMPARE_NEXT },
	{ KEY_SEQ('[', 'c'), "[c", ACTION_COMPARE_PREV },
	{ 'c', "c", ACTION_TOGGLE_COMPARE },
	{ '\t', "Tab", ACTION_FOCUS_NEXT },
	{ KEY_BTAB, "S-Tab", ACTION_FOCUS_PREV },
	{ '1', "1-9", ACTION_FOCUS_DOC },
	{ '2', "", ACTION_FOCUS_DOC },
	{ '3', "", ACTION_FOCUS_DOC },
	{ '4', "", ACTION_FOCUS_DOC },
	{ '5', "", ACTION_FOCUS_DOC },
	{ '6', "", ACTION_FOCUS_DOC },
	{ '7', "", ACTION_FOCUS_DOC },
	{ '8', "", ACTION_FOCUS_DOC },
	{ '9', "", ACTION_FOCUS_DOC },
	{ 'o', "o", ACTION_TOGGLE_NAV },
	{ 's', "s", ACTION_TOGGLE_SYNC },
	{ 'D', "D", ACTION_CYCLE_DIR },
	{ 'S', "S", ACTION_TOGGLE_SHAPE },
	{ 't', "t", ACTION_CYCLE_THEME },
	{ 'm', "m", ACTION_SET_MARK },
	{ '\'', "'", ACTION_GOTO_MARK },
	{ CTRL('l'), "C-l", ACTION_REDRAW },
	{ '?', "?", ACTION_HELP },
	{ KEY_F(1), "F1", ACTION_HELP },
	{ 'h', "h", ACTION_HELP },
	{ 'q', "q", ACTION_QUIT },
	{ 'Q', "Q", ACTION_QUIT },
};

static const char *const action_help[ACTION_COUNT] = {
	[ACTION_NONE] = "",
#define KEY_ACTION_HELP(name, text) [ACTION_##name] = text,
	KEY_ACTIONS(KEY_ACTION_HELP)
#undef KEY_ACTION_HELP
};

enum key_action
keys_lookup(int key)
{
	for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++)
		if (key_table[i].key == key)
			return key_table[i].action;
	return ACTION_NONE;
}

const struct key_binding *
keys_table(size_t *n)
{
	*n = sizeof key_table / sizeof key_table[0];
	return key_table;
}

const char *
keys_action_help(enum key_action a)
{
	return (unsigned)a < ACTION_COUNT ? action_help[a] : "";
}
