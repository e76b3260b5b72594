/* The reader's copy key: a document's logical text goes to tmux's buffer,
 * the terminal's clipboard (OSC 52, only when the configuration allows it)
 * or a file (reader/clipboard.h), and the status line says what went
 * where. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "tty/app.h"
#include "reader/lib.h"
#include "text/lib.h"

void
app_copy(struct app *app, const char *text, size_t len)
{
	const struct copy_opts *o = &app->opts.copy;
	enum copy_method m = clipboard_resolve(o, getenv("TMUX"));
	struct qerr err;
	bool ok = false;

	switch (m) {
	case COPY_TMUX:
		ok = clipboard_tmux(text, len, &err);
		break;
	case COPY_OSC52: {
		struct strbuf seq = STRBUF_INIT;
		clipboard_osc52(text, len, &seq);
		ok = fwrite(seq.data, 1, seq.len, stdout) == seq.len && fflush(stdout) == 0;
		strbuf_free(&seq);
		if (!ok)
			qerr_set(&err, "cannot write to the terminal");
		break;
	}
	case COPY_FILE:
		ok = clipboard_file(o->file, text, len, &err);
		break;
	default:
		app_message(app, true, "nothing copied: set copy = file:PATH or osc52 = on "
			    "in the config file (or run inside tmux)");
		return;
	}
	if (!ok) {
		app_message(app, true, "nothing copied: %s", err.msg);
		return;
	}
	size_t n = utf8_count(text, len);
	app_message(app, false, "copied %zu character%s to %s", n, n == 1 ? "" : "s",
		    clipboard_where(o, m));
}
