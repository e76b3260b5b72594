/* Tests of the background loader's first screen: the prefix of a big file
 * is cut on a whole character, so that the cut is never reported as a
 * byte that is not valid in the file's encoding. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "ingest/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Writes n bytes of a repeated unit after a head into a new file of the
 * temporary directory; returns its path (xmalloc'd) or NULL. */
static char *
write_big(const char *head, size_t hlen, const char *unit, size_t ulen, size_t n)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/qarin-test-loader.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	char *b = xmalloc(n);
	memcpy(b, head, hlen);
	for (size_t i = hlen; i < n; i++)
		b[i] = unit[(i - hlen) % ulen];
	bool good = write(fd, b, n) == (ssize_t)n;
	close(fd);
	free(b);
	if (!good) {
		unlink(path);
		return NULL;
	}
	return xstrdup(path);
}

/* One long UTF-8 line: the 2 MiB cut falls inside a two-byte letter. */
static void
test_utf8_line(void)
{
	size_t n = LOADER_MIN_SIZE + 2;
	char *path = write_big("x", 1, "\xC3\xA9", 2, n);
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };

	if (!ok(path != NULL, "a file of 16 MiB written"))
		return;
	struct doc *d = loader_prefix(path, &o);
	ok(d != NULL, "its prefix loads");
	if (d != NULL) {
		is_long((long)d->invalid_count, 0, "no byte reported not valid UTF-8");
		is_long((long)d->len, LOADER_PREFIX_SIZE - 1,
			"the prefix ends before the letter cut in two");
	}
	doc_free(d);
	unlink(path);
	free(path);
}

/* UTF-16LE with a BOM and newlines: the last newline byte is the first of
 * its two, so a cut after it leaves an odd byte. */
static void
test_utf16_lines(void)
{
	size_t n = LOADER_MIN_SIZE + 16;
	char *path = write_big("\xFF\xFE", 2, "a\0b\0c\0\n\0", 8, n);
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };

	if (!ok(path != NULL, "a UTF-16LE file of 16 MiB written"))
		return;
	struct doc *d = loader_prefix(path, &o);
	ok(d != NULL, "its prefix loads");
	if (d != NULL) {
		is_str(d->encoding, "UTF-16LE", "read as UTF-16LE");
		is_long((long)d->invalid_count, 0, "no byte reported not valid UTF-16LE");
	}
	doc_free(d);
	unlink(path);
	free(path);
}

int
main(void)
{
	test_utf8_line();
	test_utf16_lines();
	return done_testing();
}
