/* Reading a document: a file or a buffer is decoded, handed to the parser
 * for its format, and its structure finished. The model (model/doc.c) knows
 * nothing of this. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/load.h"
#include "ingest/decode.h"
#include "ingest/parse.h"
#include "model/lib.h"
#include "text/lib.h"

/* Names a byte count the way a user reads it: "1 GiB", "64 KiB", "100 bytes". */
static void
doc_size_name(size_t n, char *out, size_t outsz)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	size_t u = 0;

	while (u + 1 < sizeof units / sizeof *units && n >= 1024 && n % 1024 == 0) {
		n /= 1024;
		u++;
	}
	snprintf(out, outsz, "%zu %s", n, units[u]);
}

/* Refuses a stream early: its first bytes are decoded as the whole input
 * would be, so that endless binary input (/dev/zero, /dev/urandom) is turned
 * down before it fills memory. Returns 0, or -1 with err set. */
static int
doc_check_start(const char *path, const char *b, size_t n, const struct doc_opts *opts,
		struct qerr *err)
{
	struct decoded dec;

	if (decode_bytes(path, b, n, &opts->decode, &dec, err) != 0)
		return -1;
	decoded_free(&dec);
	return 0;
}

/* Reads a whole file descriptor into *buf (xmalloc'd, NUL-terminated),
 * straight into a buffer of the expected size; a stream (expect == 0) is
 * checked once its first DOC_STREAM_CHECK bytes are in, and read up to a
 * bound. Returns 0, or -1 with err set. */
static int
doc_read_fd(int fd, const char *path, const char *name, size_t expect,
	    const struct doc_opts *opts, char **buf, size_t *len, struct qerr *err)
{
	size_t cap = expect > 0 ? expect + 1 : 1 << 16, n = 0;
	size_t max = opts->max_stream > 0 ? opts->max_stream : DOC_STREAM_MAX;
	bool checked = expect > 0;
	char *b = xmalloc(cap);

	xalloc_advise_huge(b, cap);
	if (expect > 0)
		xalloc_prefault(b, cap);
	for (;;) {
		char probe[4096];
		/* A full buffer: probe for more before growing it. */
		char *to = n + 1 < cap ? b + n : probe;
		size_t room = n + 1 < cap ? cap - 1 - n : sizeof probe;
		ssize_t r = read(fd, to, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			qerr_set(err, "%s: read error: %s", name, strerror(errno));
			free(b);
			return -1;
		}
		if (!checked && (r == 0 || n + (size_t)r >= DOC_STREAM_CHECK)) {
			checked = true;
			size_t have = to == b + n ? n + (size_t)r : n;
			if (doc_check_start(path, b, have, opts, err) != 0) {
				free(b);
				return -1;
			}
		}
		if (r == 0)
			break;
		if (expect == 0 && (size_t)r > max - n) {
			char size[32];
			doc_size_name(max, size, sizeof size);
			qerr_set(err, "%s: more than %s from a pipe or device "
				 "(the most qarin reads from one)", name, size);
			free(b);
			return -1;
		}
		if (to == probe) {
			cap = cap * 2 + (size_t)r;
			b = xrealloc(b, cap);
			memcpy(b + n, probe, (size_t)r);
		}
		n += (size_t)r;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/* Decodes a buffer given away (see decode_bytes_owned) or borrowed, then
 * parses it. */
static struct doc *doc_load(const char *name, const char *bytes, char *owned,
			    size_t len, const struct doc_opts *opts, struct qerr *err);

struct doc *
doc_load_file(const char *path, const struct doc_opts *opts, struct qerr *err)
{
	int is_stdin = strcmp(path, "-") == 0;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
	struct stat st;
	size_t expect = 0, len;
	char *buf;

	if (fd < 0) {
		qerr_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			qerr_set(err, "%s: is a directory", path);
			if (!is_stdin)
				close(fd);
			return NULL;
		}
		if (S_ISREG(st.st_mode) && st.st_size > 0)
			expect = (size_t)st.st_size;
	}
	static const struct doc_opts defaults = { .format = DOC_FORMAT_AUTO };
	int rc = doc_read_fd(fd, path, is_stdin ? "standard input" : path, expect,
			     opts != NULL ? opts : &defaults, &buf, &len, err);
	if (!is_stdin)
		close(fd);
	if (rc != 0)
		return NULL;
	/* A library opened while loading names the file in its error. */
	const char *was = lazylib_reading(path);
	struct doc *doc = doc_load(path, NULL, buf, len, opts, err);
	lazylib_reading(was);
	return doc;
}

/* The last path component, for headers and reports. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strcmp(path, "-") == 0)
		return "(standard input)";
	return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

/* A new document holding the decoded text of name (len source bytes),
 * taking over its text and map. */
static struct doc *
doc_from_decoded(const char *name, struct decoded *dec, size_t len)
{
	struct doc *doc = xcalloc(1, sizeof *doc);

	doc->path = xstrdup(name);
	doc->name = xstrdup(base_name(name));
	doc->text = dec->text;
	doc->len = dec->len;
	doc->srcmap = dec->map;
	memcpy(doc->encoding, dec->encoding, sizeof doc->encoding);
	doc->encoding_guessed = dec->guessed;
	doc->invalid_count = dec->invalid_count;
	doc->joiner_count = dec->joiner_count;
	doc->source_size = len;
	return doc;
}

struct doc *
doc_load_memory(const char *name, const char *bytes, size_t len,
		const struct doc_opts *opts, struct qerr *err)
{
	return doc_load(name, bytes, NULL, len, opts, err);
}

static struct doc *
doc_load(const char *name, const char *bytes, char *owned, size_t len,
	 const struct doc_opts *opts, struct qerr *err)
{
	static const struct doc_opts defaults = { .format = DOC_FORMAT_AUTO };
	struct decoded dec;
	int rc;

	if (opts == NULL)
		opts = &defaults;
	rc = owned != NULL ? decode_bytes_owned(name, owned, len, &opts->decode, &dec, err)
			   : decode_bytes(name, bytes, len, &opts->decode, &dec, err);
	if (rc != 0)
		return NULL;

	struct doc *doc = doc_from_decoded(name, &dec, len);
	doc_index_lines(doc);

	doc->format = opts->format != DOC_FORMAT_AUTO
		? opts->format
		: parse_sniff_format(name, doc->text, doc->len);
	switch (doc->format) {
	case DOC_FORMAT_MARKDOWN: rc = parse_markdown(doc, err); break;
	case DOC_FORMAT_HTML: rc = parse_html(doc, err); break;
	default: rc = parse_text(doc, err); break;
	}
	if (rc != 0) {
		doc_free(doc);
		return NULL;
	}
	structure_finish(doc);
	return doc;
}


/* doc_load_fragment of bytes, or of owned (xmalloc'd, NUL-terminated,
 * the document's or freed) when bytes is NULL. */
static struct doc *
fragment_load(const char *name, const char *bytes, char *owned, size_t len, bool merge,
	      struct qerr *err)
{
	/* Detection finds UTF-8 (a byte-order mark or valid bytes) without
	 * opening a converter; anything else is not what the caller said. */
	static const struct decode_opts detect = { NULL, false };
	struct decoded dec;

	if ((owned != NULL ? decode_bytes_owned(name, owned, len, &detect, &dec, err)
			   : decode_bytes(name, bytes, len, &detect, &dec, err)) != 0)
		return NULL;
	if (strcmp(dec.encoding, "UTF-8") != 0) {
		qerr_set(err, "%s: not UTF-8", name);
		decoded_free(&dec);
		return NULL;
	}
	struct doc *doc = doc_from_decoded(name, &dec, len);
	doc->format = DOC_FORMAT_TEXT;
	doc_index_lines(doc);
	parse_text_lines(doc, merge);
	return doc;
}

struct doc *
doc_load_fragment(const char *name, const char *bytes, size_t len, bool merge,
		  struct qerr *err)
{
	return fragment_load(name, bytes, NULL, len, merge, err);
}

struct doc *
doc_load_fragment_owned(const char *name, char *bytes, size_t len, bool merge,
			struct qerr *err)
{
	return fragment_load(name, NULL, bytes, len, merge, err);
}
