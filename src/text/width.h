/* Display width of characters, in agreement with the C library's wcwidth
 * that curses draws with, and the visible placeholders that stand for
 * characters that must never reach the terminal (C0/C1 controls, bidi
 * formatting characters). */
#ifndef QARIN_WIDTH_H
#define QARIN_WIDTH_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/width.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the current LC_CTYPE encodes characters as UTF-8. */
bool width_locale_is_utf8(void);
/* Tells the widths whether wcwidth answers for UTF-8 text (main has made
 * LC_CTYPE a UTF-8 locale): widths then come from it, as ncursesw draws,
 * else from libunistring. Call it before the first width is asked; untold,
 * the widths look at LC_CTYPE then. */
void width_set_wcwidth(bool utf8);

/* Columns the terminal gives c: 0 (combining and other zero-width
 * characters), 1 or 2. Characters that need a placeholder are not asked. */
int width_char(uint32_t c);

/* True when c must be shown as a placeholder instead of itself. */
bool width_needs_placeholder(uint32_t c);

/* Writes into buf (NUL-terminated code points, at most 12) the visible
 * placeholder for c: a control picture such as U+241B for ESC, or an
 * ASCII name in angle brackets such as "<RLO>". Returns its length. */
size_t width_placeholder(uint32_t c, uint32_t buf[13]);

#endif
