/* Tests of the background loader's first screen: the prefix of a big file
 * is cut on a whole character, so that the cut is never reported as a
 * byte that is not valid in the file's encoding; the tail shown for a jump
 * to the end starts at a paragraph and says where in the file. */
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

	if (!ok(path != NULL, "a file of the loader's least size written"))
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

	if (!ok(path != NULL, "a UTF-16LE file of the loader's least size written"))
		return;
	struct doc *d = loader_prefix(path, &o);
	ok(d != NULL, "its prefix loads");
	if (d != NULL) {
		is_str(d->encoding, "UTF-16LE", "read as UTF-16LE");
		is_long((long)d->invalid_count, 0, "no byte reported not valid UTF-16LE");
		size_t from = 0;
		ok(loader_tail(path, &o, d, &from) == NULL,
		   "no tail is cut from UTF-16 (only from UTF-8)");
	}
	doc_free(d);
	unlink(path);
	free(path);
}

/* Paragraphs of 19 bytes, then a last line: the tail starts at one of
 * them, within the last LOADER_TAIL_SIZE bytes, and ends on the last line. */
static void
test_tail(void)
{
	static const char unit[] = "Alpha beta gamma.\n\n", last[] = "The last line.\n";
	size_t nunits = LOADER_MIN_SIZE / (sizeof unit - 1) + 1;
	size_t size = nunits * (sizeof unit - 1) + sizeof last - 1;
	char *path = write_big("", 0, unit, sizeof unit - 1, size);
	struct doc_opts o = { .format = DOC_FORMAT_AUTO };

	if (!ok(path != NULL, "a file of paragraphs written"))
		return;
	FILE *f = fopen(path, "r+b");
	ok(f != NULL && fseek(f, (long)(size - (sizeof last - 1)), SEEK_SET) == 0 &&
	   fwrite(last, 1, sizeof last - 1, f) == sizeof last - 1, "its last line written");
	if (f != NULL)
		fclose(f);
	struct doc *like = loader_prefix(path, &o);
	size_t from = 0;
	struct doc *t = like != NULL ? loader_tail(path, &o, like, &from) : NULL;
	ok(t != NULL, "the tail loads");
	if (t != NULL) {
		size_t first = size - LOADER_TAIL_SIZE;
		ok(from >= first && from < first + sizeof unit, "it starts in the last %u bytes, "
		   "at the first paragraph there", LOADER_TAIL_SIZE);
		ok(from >= first && (size - (sizeof last - 1) - from) % (sizeof unit - 1) == 0,
		   "at the start of a paragraph (a multiple of the unit before the last line)");
		is_long((long)t->len, (long)(size - from), "it holds the file from there to the end");
		ok(t->nblocks > 0 && t->blocks[t->nblocks - 1].len == sizeof last - 2 &&
		   memcmp(t->blocks[t->nblocks - 1].text, last, sizeof last - 2) == 0,
		   "its last block is the file's last line");
		ok(t->nblocks > 0 && t->blocks[0].len == sizeof unit - 3 &&
		   memcmp(t->blocks[0].text, unit, sizeof unit - 3) == 0,
		   "its first block is a whole paragraph");
	}
	doc_free(t);
	doc_free(like);
	unlink(path);
	free(path);
}

int
main(void)
{
	test_tail();
	test_utf8_line();
	test_utf16_lines();
	return done_testing();
}
