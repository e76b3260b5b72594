/* A look at a terminal type's terminfo entry without starting curses: what
 * the reader needs to know before it takes the screen (can the terminal
 * move the cursor, how many colours has it). Kept apart from term.h:
 * curses' <term.h>, which it needs, has its own struct term. */
#ifndef QARIN_TERMINFO_H
#define QARIN_TERMINFO_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/terminfo.h");

#include <stdbool.h>

enum terminfo_status {
	TERMINFO_FOUND,
	TERMINFO_UNKNOWN,   /* not in the database */
	TERMINFO_HARDCOPY,  /* a printing terminal */
	TERMINFO_NO_DATABASE,
};

struct terminfo_caps {
	bool addressable; /* moves the cursor anywhere: not dumb, not generic */
	int colors;       /* colours it has (0 or less: none) */
};

/* Reads terminal type name's entry into caps. */
enum terminfo_status terminfo_probe(const char *name, struct terminfo_caps *caps);

#endif
