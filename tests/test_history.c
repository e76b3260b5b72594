/* The search history: round trip with escaping, duplicates moved to the
 * end, the cap, merging with another run's save, corrupt files ignored
 * with a message, a history that is never saved, a FIFO in place of the
 * file, and temporary files a killed save left. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reader/lib.h"
#include "tap.h"

static char tmpdir[256];

/* The history entries joined by '|'. */
static const char *
joined(const struct history *h)
{
	static char buf[4096];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < h->n; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "|" : "", history_get(h, i));
	return buf;
}

static void
test_round_trip(void)
{
	struct history h;
	struct qerr err;
	char dir[512], path[600];

	snprintf(dir, sizeof dir, "%s/a/b", tmpdir);
	snprintf(path, sizeof path, "%s/search-history", dir);
	ok(history_open(&h, dir, &err), "a missing file is not an error");
	is_long((long)h.n, 0, "and gives an empty history");
	history_add(&h, "كاسبرسكي");
	history_add(&h, "100% sure");
	history_add(&h, "etats-unis");
	history_add(&h, "كاسبرسكي");
	history_add(&h, "");
	is_str(joined(&h), "100% sure|etats-unis|كاسبرسكي", "a repeated query moves to the end; empty ones are not kept");
	ok(history_save(&h, &err), "save creates the directories and the file");
	history_free(&h);
	char *text = slurp(path, NULL);
	is_str(text, "qarin-search-history 1\n100%25 sure\netats-unis\nكاسبرسكي\n",
	       "the file: a header, then one query a line, oldest first, %% escaped");
	free(text);
	ok(history_open(&h, dir, &err), "reopens");
	is_str(joined(&h), "100% sure|etats-unis|كاسبرسكي", "the same entries come back");
	history_free(&h);
}

static void
test_cap_and_merge(void)
{
	struct history a, b;
	struct qerr err;
	char dir[512], q[32];

	snprintf(dir, sizeof dir, "%s/merge", tmpdir);
	history_open(&a, dir, &err);
	history_open(&b, dir, &err);
	history_add(&a, "one");
	history_add(&b, "two");
	history_add(&a, "three");
	ok(history_save(&a, &err), "the first run saves");
	ok(history_save(&b, &err), "the second run saves");
	history_free(&a);
	history_free(&b);
	history_open(&a, dir, &err);
	is_str(joined(&a), "one|three|two", "the second save keeps what the first wrote");
	a.max = 3;
	for (int i = 0; i < 5; i++) {
		snprintf(q, sizeof q, "q%d", i);
		history_add(&a, q);
	}
	is_str(joined(&a), "q2|q3|q4", "at most max entries, the oldest dropped");
	history_free(&a);
}

static void
test_corrupt(void)
{
	struct history h;
	struct qerr err;
	char dir[512], path[600];

	snprintf(dir, sizeof dir, "%s/bad", tmpdir);
	snprintf(path, sizeof path, "%s/search-history", dir);
	history_open(&h, dir, &err);
	history_add(&h, "x");
	history_save(&h, &err);
	history_free(&h);
	write_file(path, "positions 1\nabc\n");
	ok(!history_open(&h, dir, &err), "a file of another kind is refused");
	ok(strstr(err.msg, "not a qarin search history") != NULL && strstr(err.msg, path) != NULL,
	   "with a message naming the file: %s", err.msg);
	is_long((long)h.n, 0, "and nothing is read from it");
	history_free(&h);
	write_file(path, "qarin-search-history 1\ngood\nbad %zz\nalso good\ncut");
	ok(!history_open(&h, dir, &err), "corrupt lines are reported");
	char want[700];
	snprintf(want, sizeof want, "%s:3: corrupt entry ignored (and more)", path);
	is_str(err.msg, want, "naming the first bad line");
	is_str(joined(&h), "good|also good", "the good lines are kept");
	history_free(&h);
}

static void
test_unsaved(void)
{
	struct history h;
	struct qerr err;

	history_init(&h);
	history_add(&h, "kept in memory");
	ok(history_save(&h, &err), "a history without a file saves nothing, successfully");
	is_str(joined(&h), "kept in memory", "and still holds what was added");
	history_free(&h);
}

static void
test_fifo_and_temps(void)
{
	struct history h;
	struct qerr err;
	char dir[512], path[600], tmp[600], want[800];
	struct stat sb;

	snprintf(dir, sizeof dir, "%s/fifo", tmpdir);
	snprintf(path, sizeof path, "%s/search-history", dir);
	mkdir(dir, 0700);
	if (mkfifo(path, 0600) != 0)
		diag("mkfifo failed");
	tap_alarm(5);
	ok(!history_open(&h, dir, &err), "a FIFO in place of the history: refused");
	snprintf(want, sizeof want, "%s: not a regular file; search history ignored and "
		 "not saved", path);
	is_str(err.msg, want, "  without blocking, with a message naming it");
	history_add(&h, "query");
	ok(!history_save(&h, &err), "  nothing saved over it");
	alarm(0);
	ok(stat(path, &sb) == 0 && S_ISFIFO(sb.st_mode), "  the FIFO is left alone");
	history_free(&h);

	unlink(path);
	snprintf(tmp, sizeof tmp, "%s/.search-history.Q1w2E3", dir);
	write_file(tmp, "qarin-search-history 1\n");
	history_open(&h, dir, &err);
	history_add(&h, "query");
	ok(history_save(&h, &err), "a save next to a temporary file a killed run left");
	ok(access(tmp, F_OK) != 0, "  removes it");
	history_free(&h);
}

int
main(void)
{
	char cmd[600];

	snprintf(tmpdir, sizeof tmpdir, "/tmp/qarin-history-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		abort();
	test_round_trip();
	test_cap_and_merge();
	test_corrupt();
	test_unsaved();
	test_fifo_and_temps();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		diag("could not remove %s", tmpdir);
	return done_testing();
}
