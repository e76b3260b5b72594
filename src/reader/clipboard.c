/* Copies out of the reader: tmux's buffer, OSC 52 or a file. The text is
 * the document's logical text; nothing in it reaches the terminal raw (OSC
 * 52 carries it in base64, tmux reads it from a pipe). */
#include <config.h>

#include "reader/clipboard.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum copy_method
clipboard_resolve(const struct copy_opts *o, const char *tmux_env)
{
	if (o->method != COPY_AUTO)
		return o->method;
	if (tmux_env != NULL && *tmux_env != '\0')
		return COPY_TMUX;
	if (o->osc52)
		return COPY_OSC52;
	return o->file[0] ? COPY_FILE : COPY_NONE;
}

const char *
clipboard_where(const struct copy_opts *o, enum copy_method m)
{
	switch (m) {
	case COPY_TMUX: return "tmux's buffer";
	case COPY_OSC52: return "the terminal's clipboard (OSC 52)";
	case COPY_FILE: return o->file;
	default: return "nowhere";
	}
}

void
clipboard_osc52(const char *text, size_t len, struct strbuf *out)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)text;

	strbuf_puts(out, "\033]52;c;");
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		strbuf_putc(out, b64[v >> 18 & 63]);
		strbuf_putc(out, b64[v >> 12 & 63]);
		strbuf_putc(out, i + 1 < len ? b64[v >> 6 & 63] : '=');
		strbuf_putc(out, i + 2 < len ? b64[v & 63] : '=');
	}
	strbuf_putc(out, '\a');
}

bool
clipboard_tmux(const char *text, size_t len, struct qerr *err)
{
	int fds[2];
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char a0[] = "tmux", a1[] = "load-buffer", a2[] = "-";
	char *argv[] = { a0, a1, a2, NULL };

	if (pipe(fds) != 0) {
		qerr_set(err, "tmux: cannot make a pipe: %s", strerror(errno));
		return false;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	int rc = posix_spawnp(&pid, "tmux", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (rc != 0) {
		close(fds[1]);
		qerr_set(err, "tmux: cannot run it: %s", strerror(rc));
		return false;
	}
	/* tmux reads it all before it exits: a closed pipe is its failure. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	bool wrote = true;
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fds[1], text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			wrote = false;
			break;
		}
		done += (size_t)w;
	}
	close(fds[1]);
	signal(SIGPIPE, old);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!wrote || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		qerr_set(err, "tmux load-buffer failed");
		return false;
	}
	return true;
}

bool
clipboard_file(const char *path, const char *text, size_t len, struct qerr *err)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		return false;
	}
	bool ok = fwrite(text, 1, len, f) == len;
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		qerr_set(err, "%s: cannot write: %s", path, strerror(errno));
	return ok;
}

bool
clipboard_parse_method(const char *val, struct copy_opts *o)
{
	if (strcmp(val, "auto") == 0)
		o->method = COPY_AUTO;
	else if (strcmp(val, "osc52") == 0)
		o->method = COPY_OSC52;
	else if (strcmp(val, "tmux") == 0)
		o->method = COPY_TMUX;
	else if (strncmp(val, "file:", 5) == 0 && val[5] != '\0') {
		const char *path = val + 5, *home = getenv("HOME");
		int n;
		if (strncmp(path, "~/", 2) == 0 && home != NULL && *home != '\0')
			n = snprintf(o->file, sizeof o->file, "%s/%s", home, path + 2);
		else
			n = snprintf(o->file, sizeof o->file, "%s", path);
		if (n < 0 || (size_t)n >= sizeof o->file) {
			o->file[0] = '\0';
			return false;
		}
		o->method = COPY_FILE;
	} else {
		return false;
	}
	return true;
}
