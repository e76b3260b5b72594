/* tty: the full-screen reader: the only layer that includes curses.
 * The one header other layers include. */
#ifndef QARIN_TTY_LIB_H
#define QARIN_TTY_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TTY, "tty/lib.h");

#include "tty/app.h"
#include "tty/colors.h"
#include "tty/compare.h"
#include "tty/keys.h"
#include "tty/pane.h"
#include "tty/panes.h"
#include "tty/screen_layout.h"
#include "tty/search_ui.h"
#include "tty/term.h"
#include "tty/terminfo.h"

#endif
