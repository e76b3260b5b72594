/* The key table (less and vi habits) and its lookups. */
#include <config.h>

#include <curses.h>

#include "tty/keys.h"

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
	{ 'C', "C", ACTION_COMPARE_WITH },
	{ 27, "Esc", ACTION_CANCEL },
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
	{ 'T', "T", ACTION_CYCLE_TRANSLIT },
	{ 't', "t", ACTION_CYCLE_THEME },
	{ 'm', "m", ACTION_SET_MARK },
	{ '\'', "'", ACTION_GOTO_MARK },
	{ '/', "/", ACTION_SEARCH_FORWARD },
	{ '?', "?", ACTION_SEARCH_BACKWARD },
	{ 'n', "n", ACTION_SEARCH_NEXT },
	{ 'N', "N", ACTION_SEARCH_PREV },
	{ 'L', "L", ACTION_TOGGLE_SEARCH_PANE },
	{ 'v', "v", ACTION_WORD_CURSOR },
	{ 'w', "w", ACTION_WORD_NEXT },
	{ KEY_LEFT, "Left", ACTION_WORD_LEFT },
	{ KEY_RIGHT, "Right", ACTION_WORD_RIGHT },
	{ 'K', "K", ACTION_LOOKUP },
	{ 'y', "y", ACTION_COPY },
	{ CTRL('l'), "C-l", ACTION_REDRAW },
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

/* The search prompt's keys (readline and less habits). */
static const struct prompt_binding prompt_table[] = {
	{ KEY_LEFT, 1, "Left", PROMPT_LEFT },
	{ CTRL('b'), 0, "C-b", PROMPT_LEFT },
	{ KEY_RIGHT, 1, "Right", PROMPT_RIGHT },
	{ CTRL('f'), 0, "C-f", PROMPT_RIGHT },
	{ KEY_HOME, 1, "Home", PROMPT_HOME },
	{ CTRL('a'), 0, "C-a", PROMPT_HOME },
	{ KEY_END, 1, "End", PROMPT_END },
	{ CTRL('e'), 0, "C-e", PROMPT_END },
	{ KEY_BACKSPACE, 1, "BS", PROMPT_BACKSPACE },
	{ 0x7f, 0, "", PROMPT_BACKSPACE },
	{ CTRL('h'), 0, "C-h", PROMPT_BACKSPACE },
	{ KEY_DC, 1, "Del", PROMPT_DELETE },
	{ CTRL('d'), 0, "C-d", PROMPT_DELETE },
	{ CTRL('u'), 0, "C-u", PROMPT_KILL_START },
	{ CTRL('k'), 0, "C-k", PROMPT_KILL_END },
	{ CTRL('w'), 0, "C-w", PROMPT_KILL_WORD },
	{ KEY_UP, 1, "Up", PROMPT_HISTORY_PREV },
	{ CTRL('p'), 0, "C-p", PROMPT_HISTORY_PREV },
	{ KEY_DOWN, 1, "Down", PROMPT_HISTORY_NEXT },
	{ CTRL('n'), 0, "C-n", PROMPT_HISTORY_NEXT },
	{ CTRL('t'), 0, "C-t", PROMPT_MODE_EXACT },
	{ CTRL('r'), 0, "C-r", PROMPT_MODE_REGEX },
	{ CTRL('o'), 0, "C-o", PROMPT_MODE_WORD },
	{ '\n', 0, "Enter", PROMPT_ACCEPT },
	{ '\r', 0, "", PROMPT_ACCEPT },
	{ KEY_ENTER, 1, "", PROMPT_ACCEPT },
	{ 27, 0, "Esc", PROMPT_CANCEL },
	{ CTRL('c'), 0, "C-c", PROMPT_CANCEL },
	{ CTRL('g'), 0, "C-g", PROMPT_CANCEL },
};

static const char *const prompt_help[PROMPT_COUNT] = {
	[PROMPT_NONE] = "",
#define PROMPT_ACTION_HELP(name, text) [PROMPT_##name] = text,
	PROMPT_ACTIONS(PROMPT_ACTION_HELP)
#undef PROMPT_ACTION_HELP
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

enum prompt_action
keys_prompt_lookup(int key, int is_function)
{
	for (size_t i = 0; i < sizeof prompt_table / sizeof prompt_table[0]; i++)
		if (prompt_table[i].key == key && (prompt_table[i].function != 0) == (is_function != 0))
			return prompt_table[i].action;
	return PROMPT_NONE;
}

const struct prompt_binding *
keys_prompt_table(size_t *n)
{
	*n = sizeof prompt_table / sizeof prompt_table[0];
	return prompt_table;
}

const char *
keys_prompt_help(enum prompt_action a)
{
	return (unsigned)a < PROMPT_COUNT ? prompt_help[a] : "";
}
