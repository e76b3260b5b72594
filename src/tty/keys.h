/* The reader's key table: every key, the action it runs and the words the
 * help screen shows for it. One table serves dispatch and help, so the help
 * can never disagree with what the keys do. */
#ifndef QARIN_KEYS_H
#define QARIN_KEYS_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/keys.h");

#include <stddef.h>

#include "reader/lib.h"

/* A two-key sequence in the table (listed by help, dispatched by the app
 * after its first key): never a key code curses or a character can have. */
#define KEY_SEQ(first, second) (0x40000000 | ((first) << 8) | (second))

struct key_binding {
	int key;              /* a character, or a curses KEY_* code */
	const char *label;    /* as the help screen shows it ("" : covered by another) */
	enum key_action action;
};

struct prompt_binding {
	int key;            /* a character, or a curses KEY_* code */
	int function;       /* 1: key is a KEY_* code; 0: a character */
	const char *label;  /* as the help screen shows it ("": covered by another) */
	enum prompt_action action;
};

/* The action bound to key (a character or KEY_* code), or ACTION_NONE. */
enum key_action keys_lookup(int key);
/* The whole table, in help order. */
const struct key_binding *keys_table(size_t *n);
const char *keys_action_help(enum key_action a);
/* The prompt action of a key (is_function: a curses KEY_* code), or
 * PROMPT_NONE (then a printable character is typed in). */
enum prompt_action keys_prompt_lookup(int key, int is_function);
const struct prompt_binding *keys_prompt_table(size_t *n);
const char *keys_prompt_help(enum prompt_action a);

#endif
