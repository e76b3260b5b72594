/* Tests of reading a document: a stream (a pipe, a device) is checked from
 * its first bytes and read up to a bound, so that endless input is turned
 * down with an error naming it instead of filling memory. */
#include <config.h>

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Whether s holds sub. */
static bool
has(const char *s, const char *sub)
{
	return strstr(s, sub) != NULL;
}

/* Endless binary devices are refused from their first bytes. */
static void
test_devices(void)
{
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };
	struct qerr err = { { 0 } };

	ok(doc_load_file("/dev/zero", &o, &err) == NULL, "/dev/zero is refused");
	ok(has(err.msg, "/dev/zero: looks like a binary file"), "as binary, naming it");
	if (!ok(err.msg[0] != '\0', "with a message"))
		diag("message: %s", err.msg);
	err.msg[0] = '\0';
	ok(doc_load_file("/dev/urandom", &o, &err) == NULL &&
	   has(err.msg, "/dev/urandom: looks like a binary file"), "/dev/urandom is refused as binary");
}

/* With binary input allowed, a stream is read up to max_stream bytes. */
static void
test_bound(void)
{
	struct doc_opts o = { .decode = { NULL, true }, .format = DOC_FORMAT_TEXT,
			      .max_stream = 1u << 20 };
	struct qerr err = { { 0 } };

	ok(doc_load_file("/dev/zero", &o, &err) == NULL, "/dev/zero with --force: refused at the bound");
	is_str(err.msg, "/dev/zero: more than 1 MiB from a pipe or device "
	       "(the most qarin reads from one)", "the error names the file and the bound");
	is_long((long)DOC_STREAM_MAX, 1L << 30, "the bound is 1 GiB unless set");
}

/* A regular file larger than the stream bound is read whole: its size is
 * known and finite. */
static void
test_regular(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/qarin-test-doc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	size_t n = (1u << 20) + 4096;
	char *b = xmalloc(n);
	struct qerr err = { { 0 } };

	for (size_t i = 0; i < n; i++)
		b[i] = i % 64 == 63 ? '\n' : 'a' + (char)(i % 26);
	ok(fd >= 0 && write(fd, b, n) == (ssize_t)n, "a file of 1 MiB and 4 KiB written");
	if (fd >= 0)
		close(fd);
	struct doc_opts o = { .format = DOC_FORMAT_TEXT, .max_stream = 1u << 20 };
	struct doc *d = doc_load_file(path, &o, &err);
	ok(d != NULL && d->len == n, "a regular file beyond the stream bound is read whole");
	doc_free(d);
	unlink(path);
	free(b);
}

int
main(void)
{
	/* A read that never ends fails the test rather than hangs it. */
	tap_alarm(60);
	test_devices();
	test_bound();
	test_regular();
	return done_testing();
}
