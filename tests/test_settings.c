/* Settings: defaults, the configuration file's keys and values, the
 * messages for unknown keys and bad values, and where the file is found. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader/lib.h"
#include "tap.h"

static char tmpdir[256];

static void
test_defaults(void)
{
	struct settings s;

	memset(&s, 0x5a, sizeof s);
	settings_defaults(&s);
	is_str(s.theme, "default", "default theme");
	is_long(s.shape, SETTINGS_SHAPE_AUTO, "shape auto");
	is_long(s.dir, DIR_AUTO, "dir auto");
	ok(s.sync, "sync on");
	ok(s.mouse, "mouse on");
	is_str(settings_shape_name(SETTINGS_SHAPE_OFF), "off", "shape name");
}

/* The copy keys, and the OSC 52 sequence (base64 from base64(1)). */
static void
test_copy(void)
{
	struct settings s;
	struct settings_msgs m = SETTINGS_MSGS_INIT;
	const char *good = "copy = file:/tmp/x y.txt\nosc52 = on\n";
	const char *bad = "copy = clipboard\nosc52 = maybe\ncopy = file:\n";

	settings_defaults(&s);
	is_long(s.copy.method, COPY_AUTO, "copy: auto by default");
	ok(!s.copy.osc52, "osc52: off by default");
	is_long((long)clipboard_resolve(&s.copy, NULL), COPY_NONE,
		"auto outside tmux, no osc52, no file: nowhere");
	is_long((long)clipboard_resolve(&s.copy, "/tmp/tmux-0/default,1,0"), COPY_TMUX,
		"auto inside tmux: tmux");
	is_long(settings_parse("cfg", good, strlen(good), &s, &m), 0, "copy = file:PATH is good");
	is_long(s.copy.method, COPY_FILE, "copy: file");
	is_str(s.copy.file, "/tmp/x y.txt", "the file, blanks kept");
	ok(s.copy.osc52, "osc52 = on");
	s.copy.method = COPY_AUTO;
	is_long((long)clipboard_resolve(&s.copy, NULL), COPY_OSC52, "auto outside tmux with osc52: OSC 52");
	is_long(settings_parse("cfg", bad, strlen(bad), &s, &m), 3, "three bad copy lines, three messages");
	settings_msgs_free(&m);

	struct strbuf sb = STRBUF_INIT;
	clipboard_osc52("\xd9\x88\xd8\xa7\xd9\x84\xd8\xad\xd9\x83\xd9\x88\xd9\x85\xd8\xa9", 16, &sb);
	is_str(sb.data, "\033]52;c;2YjYp9mE2K3Zg9mI2YXYqQ==\a", "OSC 52: the text in base64, padded");
	strbuf_reset(&sb);
	clipboard_osc52("a\033]0;x\a", 8, &sb);
	ok(memchr(sb.data + 1, '\033', sb.len - 1) == NULL && strchr(sb.data, '\a') == sb.data + sb.len - 1,
	   "OSC 52: a text with escapes gives no escape but the sequence's own");
	strbuf_free(&sb);
}

static void
test_parse(void)
{
	struct settings s;
	struct settings_msgs m = SETTINGS_MSGS_INIT;
	const char *good =
		"# qarin configuration\n"
		"\n"
		"theme = high-contrast   # for the projector\n"
		"  shape=off\n"
		"dir\t=\trtl\r\n"
		"sync = no\n"
		"mouse = false\n";
	const char *bad =
		"theme = dark\n"
		"colour = red\n"
		"shape = sometimes\n"
		"just words\n"
		"dir = up\n"
		"sync = 2\n"
		"theme = two words\n"
		"mouse =\n"
		"shape = on\n";

	settings_defaults(&s);
	is_long(settings_parse("cfg", good, strlen(good), &s, &m), 0,
		"a good file gives no message");
	is_long(m.n, 0, "  none in the list");
	is_str(s.theme, "high-contrast", "theme, with a trailing comment");
	is_long(s.shape, SETTINGS_SHAPE_OFF, "shape=off without blanks");
	is_long(s.dir, DIR_RTL, "dir with tabs and CRLF");
	ok(!s.sync, "sync = no");
	ok(!s.mouse, "mouse = false");

	settings_defaults(&s);
	is_long(settings_parse("/home/u/.config/qarin/config", bad, strlen(bad),
			       &s, &m), 7, "seven problems");
	is_long(m.n, 7, "  seven messages");
	if (m.n == 7) {
		is_str(m.v[0], "/home/u/.config/qarin/config:2: unknown key 'colour'",
		       "unknown key");
		is_str(m.v[1], "/home/u/.config/qarin/config:3: bad value "
		       "'sometimes' for 'shape' (expected auto, on or off)",
		       "bad shape");
		is_str(m.v[2], "/home/u/.config/qarin/config:4: expected "
		       "'key = value'", "no '='");
		is_str(m.v[3], "/home/u/.config/qarin/config:5: bad value 'up' for "
		       "'dir' (expected auto, ltr or rtl)", "bad dir");
		is_str(m.v[4], "/home/u/.config/qarin/config:6: bad value '2' for "
		       "'sync' (expected on or off)", "bad sync");
		is_str(m.v[5], "/home/u/.config/qarin/config:7: bad value "
		       "'two words' for 'theme' (expected a theme name)",
		       "bad theme name");
		is_str(m.v[6], "/home/u/.config/qarin/config:8: bad value '' for "
		       "'mouse' (expected on or off)", "empty value");
	}
	is_str(s.theme, "dark", "good lines still apply");
	is_long(s.shape, SETTINGS_SHAPE_ON, "a later good line wins");
	is_long(s.dir, DIR_AUTO, "a bad value keeps the previous one");
	ok(s.sync && s.mouse, "bad booleans keep the defaults");

	settings_msgs_free(&m);
	ok(m.v == NULL && m.n == 0, "messages freed");
	settings_msgs_free(&m);
	ok(m.v == NULL && m.n == 0, "freeing twice leaves the list empty");

	settings_defaults(&s);
	is_long(settings_parse("cfg", "sync = off\nnope = 1", 20, &s, NULL), 1,
		"counted without a list; last line without newline");
	ok(!s.sync, "  and applied");
	is_long(settings_parse("cfg", "theme = a\0b\n", 12, &s, NULL), 1,
		"a NUL byte is reported");
}

static void
test_load(void)
{
	struct settings s;
	struct settings_msgs m = SETTINGS_MSGS_INIT;
	char cfg[512], dir[600], path[700], want[800], buf[700];

	snprintf(cfg, sizeof cfg, "%s/config", tmpdir);
	snprintf(dir, sizeof dir, "%s/qarin", cfg);
	mkdir(cfg, 0700);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/config", dir);

	setenv("XDG_CONFIG_HOME", cfg, 1);
	s.sync = false;
	is_long(settings_load(&s, NULL, &m), 0, "no file: no message");
	ok(s.sync && strcmp(s.theme, "default") == 0, "  and the defaults");

	write_file(path, "theme = light\nmouse = off\nfoo = bar\n");
	is_long(settings_load(&s, NULL, &m), 1, "XDG_CONFIG_HOME/qarin/config read");
	is_str(s.theme, "light", "  theme from the file");
	ok(!s.mouse, "  mouse from the file");
	snprintf(want, sizeof want, "%s:3: unknown key 'foo'", path);
	is_str(m.n == 1 ? m.v[0] : "", want, "  message names the full path");
	settings_msgs_free(&m);

	/* Relative XDG_CONFIG_HOME is ignored: HOME/.config is used. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	setenv("HOME", tmpdir, 1);
	ok(settings_xdg_path(buf, sizeof buf, "XDG_CONFIG_HOME", ".config",
			     "qarin/config"), "xdg path from HOME");
	snprintf(want, sizeof want, "%s/.config/qarin/config", tmpdir);
	is_str(buf, want, "  relative XDG_CONFIG_HOME ignored");
	unsetenv("XDG_CONFIG_HOME");
	ok(settings_xdg_path(buf, sizeof buf, "XDG_CONFIG_HOME", ".config",
			     "qarin/config"), "xdg path with the variable unset");
	is_str(buf, want, "  HOME/.config");
	setenv("XDG_CONFIG_HOME", "/x", 1);
	ok(settings_xdg_path(buf, sizeof buf, "XDG_CONFIG_HOME", ".config",
			     "qarin/config") && strcmp(buf, "/x/qarin/config") == 0,
	   "absolute XDG_CONFIG_HOME used");
	ok(!settings_xdg_path(buf, 8, "XDG_CONFIG_HOME", ".config",
			      "qarin/config"), "too long for the buffer");

	snprintf(want, sizeof want, "%s/.config", tmpdir);
	mkdir(want, 0700);
	snprintf(want, sizeof want, "%s/.config/qarin", tmpdir);
	mkdir(want, 0700);
	snprintf(want, sizeof want, "%s/.config/qarin/config", tmpdir);
	write_file(want, "dir = ltr\n");
	unsetenv("XDG_CONFIG_HOME");
	is_long(settings_load(&s, NULL, &m), 0, "~/.config/qarin/config read");
	is_long(s.dir, DIR_LTR, "  its value applied");

	is_long(settings_load(&s, path, &m), 1, "an explicit path");
	is_str(s.theme, "light", "  read from that path");
	settings_msgs_free(&m);

	is_long(settings_load(&s, dir, &m), 1, "a directory is reported");
	snprintf(want, sizeof want, "%s: Is a directory", dir);
	is_str(m.n == 1 ? m.v[0] : "", want, "  with the cause");
	is_str(s.theme, "default", "  and the defaults kept");
	settings_msgs_free(&m);

	/* A FIFO would block start-up: refused at once (alarm: the guard). */
	snprintf(buf, sizeof buf, "%s/fifo-config", tmpdir);
	if (mkfifo(buf, 0600) != 0)
		diag("mkfifo failed");
	tap_alarm(5);
	is_long(settings_load(&s, buf, &m), 1, "a FIFO is reported without blocking");
	alarm(0);
	snprintf(want, sizeof want, "%s: not a regular file", buf);
	is_str(m.n == 1 ? m.v[0] : "", want, "  as not a regular file");
	settings_msgs_free(&m);
}

int
main(void)
{
	char cmd[600];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/qarin-settings-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	test_defaults();
	test_parse();
	test_copy();
	test_load();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	return done_testing();
}
