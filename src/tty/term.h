/* The terminal: the one place that starts and stops curses, owns the
 * signals that must restore the terminal, and switches terminals that do
 * their own bidi to explicit mode while qarin draws in visual order. */
#ifndef QARIN_TERM_H
#define QARIN_TERM_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/term.h");

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include <curses.h>

#include "text/lib.h"

struct term {
	SCREEN *screen;      /* owned */
	FILE *in;            /* owned when it is /dev/tty (documents on stdin) */
	bool started;
	bool bidi_explicit;  /* sent the explicit-mode sequence, undo on stop */
	bool mouse;
	bool colors;         /* the terminal has colours */
	bool unicode_lines;  /* box drawing may use Unicode */
};

/* The key codes of the bracketed paste's markers (CSI 200 ~ and
 * CSI 201 ~), beyond curses' own. */
#define TERM_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define TERM_KEY_PASTE_END (KEY_MAX + 2)

/* Set by the signal handlers: the signal that asks the reader to end. */
extern volatile sig_atomic_t term_stop_signal;

/* Starts full-screen mode; keys come from /dev/tty when stdin is not a
 * terminal (documents piped in). bidi_terminal: leave the terminal's own
 * bidi on (qarin then sends logical text). Bracketed paste is asked for:
 * a paste comes between TERM_KEY_PASTE_BEGIN and TERM_KEY_PASTE_END. */
int term_start(struct term *t, bool bidi_terminal, bool mouse, struct qerr *err);
/* Restores the terminal; safe to call twice. */
void term_stop(struct term *t);
/* Waits for a key: returns KEY_CODE_YES (function key), OK (character) or
 * ERR (timeout, signal). */
int term_getkey(struct term *t, wint_t *key);
/* True when a key waits to be read or a signal asks the reader to end:
 * long work gives the loop back. */
bool term_key_waiting(const struct term *t);

#endif
