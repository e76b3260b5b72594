/* Saved reading state: round trips, escaping, the least-recently-used cap,
 * merging with another run's save, corrupt and newer files, and that a
 * failed write (a full disk, simulated with RLIMIT_FSIZE) leaves the
 * previous file as it was; a FIFO in place of the file, two processes
 * saving at once under the lock, and temporary files a killed save left. */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "reader/lib.h"
#include "tap.h"

static char tmpdir[256];

/* A fresh directory name under the test's temporary directory. */
static const char *
subdir(const char *name)
{
	static char buf[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

/* The state file's text with each line's first field (the time) dropped. */
static char *
file_without_times(const char *path)
{
	char *text = slurp(path, NULL), *out, *o;

	if (text == NULL)
		return NULL;
	out = o = calloc(1, strlen(text) + 1);
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		char *tab = strchr(line, '\t');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		if (tab != NULL && (nl == NULL || tab < nl)) {
			n -= (size_t)(tab + 1 - line);
			line = tab + 1;
		}
		memcpy(o, line, n);
		o += n;
		line += n;
	}
	free(text);
	return out;
}

/* The names a directory holds besides . and .., sorted, joined by
 * blanks (a static buffer). */
static const char *
dir_names(const char *dir)
{
	static char out[1024];
	char *names[64];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	out[0] = '\0';
	if (d == NULL)
		return "(no directory)";
	while ((e = readdir(d)) != NULL && n < 64)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strncat(out, " ", sizeof out - strlen(out) - 1);
		strncat(out, names[i], sizeof out - strlen(out) - 1);
		free(names[i]);
	}
	return out;
}

static void
test_round_trip(void)
{
	const char *dir = subdir("a/b/qarin");
	struct state st;
	struct state_entry e, got;
	struct qerr err;
	char path[600];
	struct stat sb;
	char *text;

	err.msg[0] = '\0';
	ok(state_open(&st, dir, &err), "missing file and directory: no error");
	is_str(err.msg, "", "  no message");
	is_long((long)st.n, 0, "  empty");
	ok(!state_get(&st, "/x", &got) && got.offset == 0 &&
	   got.marks[0] == STATE_NO_MARK && got.marks[25] == STATE_NO_MARK,
	   "unknown file: nothing");

	state_entry_clear(&e);
	e.offset = 1234;
	e.marks['a' - 'a'] = 10;
	e.marks['z' - 'a'] = 999999;
	state_put(&st, "/home/u/ar.txt", &e);
	state_entry_clear(&e);
	e.offset = 77;
	state_put(&st, "/home/u/fr.txt", &e);
	state_entry_clear(&e);
	e.offset = 5;
	e.marks[2] = 0;
	state_put(&st, "/tmp/a b\n%c\td", &e);
	ok(state_get(&st, "/home/u/fr.txt", &got) && got.offset == 77,
	   "get before save");
	ok(state_save(&st, &err), "save creates the directories");
	if (!ok(state_save(&st, &err), "save twice"))
		diag("%s", err.msg);
	state_close(&st);

	snprintf(path, sizeof path, "%s/positions", dir);
	text = file_without_times(path);
	is_str(text, "qarin-state 1\n"
		     "5\tc=0\t/tmp/a b%0A%25c%09d\n"
		     "77\t-\t/home/u/fr.txt\n"
		     "1234\ta=10,z=999999\t/home/u/ar.txt\n",
	       "file: version line, most recent first, escaped path");
	free(text);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "file mode 0600");
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700, "directory mode 0700");
	is_str(dir_names(dir), "positions positions.lock",
	       "no temporary file left: the file and its lock");

	ok(state_open(&st, dir, &err), "reopen");
	is_long((long)st.n, 3, "  three entries");
	ok(state_get(&st, "/home/u/ar.txt", &got), "  ar found");
	is_long((long)got.offset, 1234, "  offset");
	is_long((long)got.marks[0], 10, "  mark a");
	is_long((long)got.marks[25], 999999, "  mark z");
	ok(got.marks[1] == STATE_NO_MARK, "  mark b unset");
	ok(state_get(&st, "/tmp/a b\n%c\td", &got) && got.offset == 5 &&
	   got.marks[2] == 0, "  odd path round-trips, mark at 0");
	state_close(&st);
	state_close(&st);
	ok(st.n == 0 && st.recs == NULL && st.path == NULL && !state_usable(&st) &&
	   !state_get(&st, "/home/u/ar.txt", &got), "closing twice leaves an empty, unusable state");
}

static void
test_lru(void)
{
	const char *dir = subdir("lru");
	struct state st;
	struct state_entry e, got;
	struct qerr err;
	char key[64];
	bool all;

	state_open(&st, dir, &err);
	state_entry_clear(&e);
	for (int i = 0; i < 510; i++) {
		snprintf(key, sizeof key, "/f/%03d", i);
		e.offset = (size_t)i;
		state_put(&st, key, &e);
	}
	ok(state_save(&st, &err), "save 510 files");
	is_long((long)st.n, STATE_MAX_ENTRIES, "  500 kept in memory");
	state_close(&st);
	state_open(&st, dir, &err);
	is_long((long)st.n, 500, "500 on file");
	all = true;
	for (int i = 0; i < 10; i++) {
		snprintf(key, sizeof key, "/f/%03d", i);
		if (state_get(&st, key, &got))
			all = false;
	}
	ok(all, "the ten least recently used dropped");
	ok(state_get(&st, "/f/010", &got) && got.offset == 10, "/f/010 kept");
	ok(state_get(&st, "/f/509", &got) && got.offset == 509, "/f/509 kept");
	is_str(st.recs[0].key, "/f/509", "most recent first");

	e.offset = 4242;
	state_put(&st, "/f/010", &e);
	state_put(&st, "/f/new", &e);
	ok(state_save(&st, &err), "save after using /f/010 again");
	state_close(&st);
	state_open(&st, dir, &err);
	is_long((long)st.n, 500, "still 500");
	ok(state_get(&st, "/f/010", &got) && got.offset == 4242,
	   "a reopened file is recent again");
	ok(!state_get(&st, "/f/011", &got), "the next oldest dropped instead");
	ok(state_get(&st, "/f/new", &got), "the new file kept");
	state_close(&st);

	state_open(&st, dir, &err);
	st.max = 3;
	ok(state_save(&st, &err) && st.n == 3, "a smaller cap");
	state_close(&st);
	state_open(&st, dir, &err);
	is_long((long)st.n, 3, "  three on file");
	is_str(st.recs[0].key, "/f/new", "  the newest first");
	state_close(&st);
}

static void
test_merge(void)
{
	const char *dir = subdir("merge");
	struct state a, b, c;
	struct state_entry e, got;
	struct qerr err;

	state_open(&a, dir, &err);
	state_open(&b, dir, &err);
	state_entry_clear(&e);
	e.offset = 1;
	state_put(&a, "/x", &e);
	state_put(&a, "/both", &e);
	e.offset = 2;
	state_put(&b, "/y", &e);
	state_put(&b, "/both", &e);
	ok(state_save(&a, &err), "first run saves");
	ok(state_save(&b, &err), "second run saves");
	state_open(&c, dir, &err);
	ok(state_get(&c, "/x", &got) && got.offset == 1, "first run's file kept");
	ok(state_get(&c, "/y", &got) && got.offset == 2, "second run's file kept");
	ok(state_get(&c, "/both", &got) && got.offset == 2, "the last save wins");
	is_long((long)c.n, 3, "three entries");
	state_close(&a);
	state_close(&b);
	state_close(&c);
}

static void
test_corrupt(void)
{
	const char *dir = subdir("corrupt");
	struct state st;
	struct state_entry e, got;
	struct qerr err;
	char path[600], want[800];
	char *before, *after;

	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/positions", dir);

	write_file(path, "\x01\x02garbage\n\xff\xfe");
	ok(!state_open(&st, dir, &err), "garbage: reported");
	snprintf(want, sizeof want, "%s: not a qarin state file; saved positions "
		 "ignored", path);
	is_str(err.msg, want, "  message");
	is_long((long)st.n, 0, "  nothing read");
	state_entry_clear(&e);
	e.offset = 3;
	state_put(&st, "/ok", &e);
	ok(state_save(&st, &err), "  the next save replaces it");
	state_close(&st);
	ok(state_open(&st, dir, &err) && state_get(&st, "/ok", &got) &&
	   got.offset == 3, "  and it reads back");
	state_close(&st);

	write_file(path, "");
	ok(!state_open(&st, dir, &err) && strcmp(err.msg, want) == 0,
	   "an empty file: not a state file");
	state_close(&st);

	write_file(path, "qarin-state 1\n"
			 "100\t7\ta=1\t/good\n"
			 "100\tx\t-\t/bad-offset\n"
			 "\n"
			 "100\t8\tq=\t/bad-mark\n"
			 "100\t9\t-\trelative\n"
			 "100\t9\t-\t/also-good\n"
			 "100\t9\t-\t/cut-sh");
	ok(!state_open(&st, dir, &err), "bad lines: reported");
	snprintf(want, sizeof want, "%s:3: corrupt entry ignored (and 3 more)",
		 path);
	is_str(err.msg, want, "  first bad line and how many more");
	is_long((long)st.n, 2, "  the good lines kept");
	ok(state_get(&st, "/good", &got) && got.offset == 7 && got.marks[0] == 1,
	   "  a good entry intact");
	ok(state_get(&st, "/also-good", &got), "  after the bad ones too");
	ok(!state_get(&st, "/cut-sh", &got), "  a cut last line dropped");
	/* One bad line must not cost the others: still restored and saved. */
	ok(state_usable(&st), "  the state stays usable");
	e.offset = 11;
	state_put(&st, "/new", &e);
	ok(state_save(&st, &err), "  and is saved again");
	state_close(&st);
	after = file_without_times(path);
	is_str(after, "qarin-state 1\n"
		      "11\t-\t/new\n"
		      "7\ta=1\t/good\n"
		      "9\t-\t/also-good\n",
	       "  the bad lines dropped, the good ones kept");
	free(after);
	err.msg[0] = '\0';
	ok(state_open(&st, dir, &err) && err.msg[0] == '\0', "  read back without complaint");
	state_close(&st);

	write_file(path, "qarin-state 2\nsomething new\n");
	ok(!state_open(&st, dir, &err), "a newer format: reported");
	snprintf(want, sizeof want, "%s: written by a newer qarin (format 2); "
		 "positions will not be saved", path);
	is_str(err.msg, want, "  message");
	state_put(&st, "/x", &e);
	ok(!state_save(&st, &err), "  not overwritten");
	before = slurp(path, NULL);
	is_str(before, "qarin-state 2\nsomething new\n", "  file untouched");
	free(before);
	state_close(&st);

	/* A newer qarin writing while we run: our save must not clobber it. */
	write_file(path, "qarin-state 1\n");
	ok(state_open(&st, dir, &err), "an empty but valid file");
	write_file(path, "qarin-state 3\n");
	state_put(&st, "/x", &e);
	ok(!state_save(&st, &err), "  a newer file appearing meanwhile is kept");
	after = slurp(path, NULL);
	is_str(after, "qarin-state 3\n", "  untouched");
	free(after);
	state_close(&st);
}

static void
test_atomic(void)
{
	const char *dir = subdir("atomic");
	struct state st;
	struct state_entry e;
	struct qerr err;
	struct rlimit old, small;
	char path[600], key[64];
	char *before, *after;
	bool saved, limited;

	state_open(&st, dir, &err);
	state_entry_clear(&e);
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof key, "/first/%02d", i);
		state_put(&st, key, &e);
	}
	ok(state_save(&st, &err), "a first save");
	state_close(&st);
	snprintf(path, sizeof path, "%s/positions", dir);
	before = slurp(path, NULL);

	/* A full disk: writes past 256 bytes fail with EFBIG. */
	state_open(&st, dir, &err);
	for (int i = 0; i < 40; i++) {
		snprintf(key, sizeof key, "/second/a-rather-long-name-%02d", i);
		e.offset = (size_t)i * 1000;
		state_put(&st, key, &e);
	}
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	small = old;
	small.rlim_cur = 256;
	limited = setrlimit(RLIMIT_FSIZE, &small) == 0;
	err.msg[0] = '\0';
	saved = state_save(&st, &err);
	setrlimit(RLIMIT_FSIZE, &old);
	ok(limited, "file size limited to 256 bytes");
	ok(!saved, "the save fails");
	snprintf(key, sizeof key, "%s", "/positions: cannot write: File too large");
	ok(strstr(err.msg, key) != NULL &&
	   strncmp(err.msg, dir, strlen(dir)) == 0, "  naming the file and why");
	diag("%s", err.msg);
	after = slurp(path, NULL);
	ok(before != NULL && after != NULL && strcmp(before, after) == 0,
	   "  the previous file is intact");
	is_str(dir_names(dir), "positions positions.lock", "  the temporary file removed");
	free(after);
	ok(state_save(&st, &err), "with room again the save succeeds");
	after = slurp(path, NULL);
	ok(after != NULL && strstr(after, "/second/a-rather-long-name-39") != NULL &&
	   strstr(after, "/first/00") != NULL, "  holding old and new entries");
	free(after);
	free(before);
	state_close(&st);

	/* The directory cannot be created: a file stands in the way. */
	snprintf(path, sizeof path, "%s/blocker", tmpdir);
	write_file(path, "x");
	snprintf(key, sizeof key, "%s", "blocker/qarin");
	ok(state_open(&st, subdir(key), &err), "open under a file: nothing read");
	state_put(&st, "/x", &e);
	ok(!state_save(&st, &err), "  the save fails");
	snprintf(path, sizeof path, "%s/blocker/qarin: Not a directory", tmpdir);
	is_str(err.msg, path, "  naming the path and the cause");
	state_close(&st);
}

static void
test_fifo(void)
{
	const char *dir = subdir("fifo");
	struct state st;
	struct state_entry e;
	struct qerr err;
	char path[600], want[800];
	struct stat sb;

	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/positions", dir);
	if (mkfifo(path, 0600) != 0)
		diag("mkfifo failed");
	tap_alarm(5);
	ok(!state_open(&st, dir, &err), "a FIFO in place of the file: refused");
	snprintf(want, sizeof want, "%s: not a regular file; saved positions ignored and "
		 "not saved", path);
	is_str(err.msg, want, "  without blocking, with a message naming it");
	ok(!state_usable(&st), "  nothing is saved over it");
	state_entry_clear(&e);
	state_put(&st, "/x", &e);
	ok(!state_save(&st, &err), "  the save refuses");
	alarm(0);
	ok(stat(path, &sb) == 0 && S_ISFIFO(sb.st_mode), "  the FIFO is left alone");
	state_close(&st);

	/* A FIFO appearing between the start and the save. */
	unlink(path);
	alarm(5);
	ok(state_open(&st, dir, &err), "no file at start");
	if (mkfifo(path, 0600) != 0)
		diag("mkfifo failed");
	state_put(&st, "/x", &e);
	ok(!state_save(&st, &err) && strstr(err.msg, "not a regular file") != NULL,
	   "  a FIFO there at save time: refused without blocking");
	alarm(0);
	state_close(&st);
}

static void
test_stale_temps(void)
{
	const char *dir = subdir("stale");
	struct state st;
	struct state_entry e;
	struct qerr err;
	char path[600];

	mkdir(dir, 0700);
	/* What runs killed during a save leave, and names that only look
	 * alike. */
	const char *left[] = { ".positions.Ab12Cd", ".positions.zzzzzz" };
	const char *kept[] = { ".positions.keepme1", "positions.old", ".search-history.x" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, left[i]);
		write_file(path, "qarin-state 1\n");
	}
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, kept[i]);
		write_file(path, "x");
	}
	state_open(&st, dir, &err);
	state_entry_clear(&e);
	state_put(&st, "/x", &e);
	ok(state_save(&st, &err), "save next to stale temporary files");
	state_close(&st);
	is_str(dir_names(dir), ".positions.keepme1 .search-history.x positions "
	       "positions.lock positions.old", "  the stale ones removed, nothing else");
}

/* One process of the concurrency test: rounds saves of a key of its own. */
static void
save_rounds(const char *dir, int who, int rounds)
{
	for (int r = 0; r < rounds; r++) {
		struct state st;
		struct state_entry e;
		struct qerr err;
		char key[64];

		state_open(&st, dir, &err);
		state_entry_clear(&e);
		e.offset = (size_t)r;
		snprintf(key, sizeof key, "/p%d/%02d", who, r);
		state_put(&st, key, &e);
		if (!state_save(&st, &err))
			_exit(2);
		state_close(&st);
	}
	_exit(0);
}

static void
test_concurrent(void)
{
	const char *dir = subdir("concurrent");
	struct state st;
	struct state_entry got;
	struct qerr err;
	pid_t pid[2];
	int status, good = 0, missing = 0;
	bool exited = true;

	mkdir(dir, 0700);
	fflush(stdout);
	for (int k = 0; k < 2; k++) {
		pid[k] = fork();
		if (pid[k] == 0)
			save_rounds(dir, k, 30);
	}
	for (int k = 0; k < 2; k++)
		exited = exited && waitpid(pid[k], &status, 0) == pid[k] &&
			 WIFEXITED(status) && WEXITSTATUS(status) == 0;
	ok(exited, "two processes each save 30 times at once, every save succeeds");
	state_open(&st, dir, &err);
	for (int k = 0; k < 2; k++)
		for (int r = 0; r < 30; r++) {
			char key[64];
			snprintf(key, sizeof key, "/p%d/%02d", k, r);
			if (state_get(&st, key, &got) && got.offset == (size_t)r)
				good++;
			else
				missing++;
		}
	state_close(&st);
	is_long(good, 60, "  all 60 positions are on file, none lost");
	if (missing)
		diag("%d lost", missing);
}

static void
test_paths(void)
{
	struct state st;
	struct qerr err;
	char want[800], file[600], link[600], *k;

	setenv("XDG_STATE_HOME", subdir("xdg"), 1);
	ok(state_open(&st, NULL, &err), "open the XDG location");
	snprintf(want, sizeof want, "%s/xdg/qarin/positions", tmpdir);
	is_str(st.path, want, "  $XDG_STATE_HOME/qarin/positions");
	state_close(&st);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", tmpdir, 1);
	ok(state_open(&st, NULL, &err), "open the default location");
	snprintf(want, sizeof want, "%s/.local/state/qarin/positions", tmpdir);
	is_str(st.path, want, "  ~/.local/state/qarin/positions");
	state_close(&st);

	ok(state_key("-") == NULL, "standard input has no key");
	ok(state_key("/dev/null") == NULL, "a device has no key");
	ok(state_key("/nonexistent/qarin") == NULL, "a missing file has no key");
	snprintf(file, sizeof file, "%s/doc.txt", tmpdir);
	write_file(file, "text\n");
	snprintf(link, sizeof link, "%s/link.txt", tmpdir);
	if (symlink("doc.txt", link) != 0)
		diag("symlink failed");
	char *real = realpath(file, NULL);
	k = state_key(link);
	is_str(k, real, "a symbolic link keys to its target's real path");
	free(k);
	if (chdir(tmpdir) == 0) {
		k = state_key("./doc.txt");
		is_str(k, real, "a relative path becomes absolute");
		free(k);
	}
	free(real);
}

int
main(void)
{
	char cmd[600];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/qarin-state-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	test_round_trip();
	test_lru();
	test_merge();
	test_corrupt();
	test_atomic();
	test_fifo();
	test_stale_temps();
	test_concurrent();
	test_paths();
	if (chdir("/") != 0)
		diag("chdir");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	return done_testing();
}
