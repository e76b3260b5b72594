/* Copying text out of the reader in logical order, with its original
 * characters: into tmux's paste buffer (tmux load-buffer, run without a
 * shell), to the terminal's clipboard by OSC 52 (only when the user's
 * configuration asks: the sequence is ours, the text inside it base64), or
 * into a file. No curses: the terminal layer writes the OSC 52 sequence. */
#ifndef QARIN_CLIPBOARD_H
#define QARIN_CLIPBOARD_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/clipboard.h");

#include <stdbool.h>
#include <stddef.h>

#include "text/lib.h"

enum copy_method {
	COPY_AUTO,  /* tmux inside tmux, else OSC 52 when allowed, else the file */
	COPY_OSC52,
	COPY_TMUX,
	COPY_FILE,
	COPY_NONE,  /* what auto resolves to with nowhere to copy to */
};

/* Where copies go: the config file's "copy" and "osc52" keys. */
struct copy_opts {
	enum copy_method method;
	bool osc52;      /* auto may use OSC 52 (outside tmux) */
	char file[1024]; /* "" when none named */
};

/* The method auto stands for ($TMUX given as tmux_env, NULL when unset). */
enum copy_method clipboard_resolve(const struct copy_opts *o, const char *tmux_env);
/* The name of a method for the status line: "tmux's buffer",
 * "the terminal's clipboard (OSC 52)", "FILE". */
const char *clipboard_where(const struct copy_opts *o, enum copy_method m);

/* Appends the OSC 52 sequence that puts text (len bytes) on the terminal's
 * clipboard: ESC ] 52 ; c ; base64 BEL. */
void clipboard_osc52(const char *text, size_t len, struct strbuf *out);
/* Puts text into tmux's paste buffer (tmux load-buffer -). */
bool clipboard_tmux(const char *text, size_t len, struct qerr *err);
/* Writes text to the file path (replacing it). */
bool clipboard_file(const char *path, const char *text, size_t len, struct qerr *err);

/* Parses a "copy" value (auto, osc52, tmux, file:PATH) into o; false when
 * it is none of them. */
bool clipboard_parse_method(const char *val, struct copy_opts *o);

#endif
