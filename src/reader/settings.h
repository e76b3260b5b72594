/* The optional configuration file, $XDG_CONFIG_HOME/qarin/config (default
 * ~/.config/qarin/config): "key = value" lines and '#' comments. Keys:
 *     theme = NAME            (default: default)
 *     shape = auto|on|off     Arabic shaping (default: auto)
 *     dir   = auto|ltr|rtl    base direction of every pane (default: auto)
 *     sync  = on|off          synchronized scrolling (default: on)
 *     mouse = on|off          mouse reporting (default: on)
 *     copy  = auto|osc52|tmux|file:PATH  where y copies to (default: auto)
 *     osc52 = on|off          auto may copy by OSC 52 outside tmux (default: off)
 *     copy-file = PATH        where auto copies when neither does
 * on/off also accept yes/no and true/false. Unknown keys and bad values are
 * reported as messages naming the file and line, never fatal. */
#ifndef QARIN_SETTINGS_H
#define QARIN_SETTINGS_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/settings.h");

#include <stdbool.h>
#include <stddef.h>

#include "model/lib.h"
#include "reader/clipboard.h"

enum settings_shape {
	SETTINGS_SHAPE_AUTO, /* shape Arabic when the terminal does not */
	SETTINGS_SHAPE_ON,
	SETTINGS_SHAPE_OFF,
};

struct settings {
	char theme[64];
	enum settings_shape shape;
	enum text_dir dir; /* DIR_AUTO: each paragraph's own */
	bool sync;
	bool mouse;
	struct copy_opts copy;
};

/* Messages for the status line, in the order they arose. */
struct settings_msgs {
	char **v; /* owned strings */
	size_t n;
};

#define SETTINGS_MSGS_INIT { NULL, 0 }

/* Fills s with the defaults: theme default, shape auto, dir auto, sync on,
 * mouse on. */
void settings_defaults(struct settings *s);
/* Applies the lines of text (len bytes) to s; path names it in messages.
 * Returns the number of messages added to msgs (msgs may be NULL). */
size_t settings_parse(const char *path, const char *text, size_t len,
		      struct settings *s, struct settings_msgs *msgs);
/* Fills s with the defaults, then applies the configuration file at path
 * (NULL: the XDG location). A missing file is not an error; an unreadable
 * one adds a message. Returns the number of messages added. */
size_t settings_load(struct settings *s, const char *path,
		     struct settings_msgs *msgs);
/* The name of a shape setting ("auto", "on", "off"). */
const char *settings_shape_name(enum settings_shape shape);
void settings_msgs_free(struct settings_msgs *msgs);

/* Builds "$ENV/leaf", or "$HOME/home_rel/leaf" when ENV is unset, empty or
 * not absolute (the XDG base directory rules). False when neither gives a
 * path that fits in size bytes. */
bool settings_xdg_path(char *buf, size_t size, const char *env,
		       const char *home_rel, const char *leaf);

#endif
