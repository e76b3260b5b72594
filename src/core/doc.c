/* The document model's entry points: read a file, decode it, hand it to the
 * parser for its format, then finish the structure. Also the small helpers
 * that map block offsets back to the source. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qarin/doc.h"
#include "qarin/parse.h"
#include "qarin/strbuf.h"
#include "qarin/xalloc.h"

static const char *const block_kind_names[BLOCK_KIND_COUNT] = {
	[BLOCK_TITLE] = "title",
	[BLOCK_HEADING] = "heading",
	[BLOCK_DATE] = "date",
	[BLOCK_SOURCE] = "source",
	[BLOCK_KEYWORDS] = "keywords",
	[BLOCK_PARAGRAPH] = "paragraph",
	[BLOCK_ITEM] = "item",
	[BLOCK_QUOTE] = "quote",
	[BLOCK_CODE] = "code",
	[BLOCK_BOILERPLATE] = "boilerplate",
	[BLOCK_SEPARATOR] = "separator",
};

const char *
block_kind_name(enum block_kind kind)
{
	return (unsigned)kind < BLOCK_KIND_COUNT ? block_kind_names[kind] : "?";
}

const char *
doc_format_name(enum doc_format format)
{
	switch (format) {
	case DOC_FORMAT_TEXT: return "txt";
	case DOC_FORMAT_MARKDOWN: return "md";
	case DOC_FORMAT_HTML: return "html";
	case DOC_FORMAT_AUTO: break;
	}
	return "auto";
}

int
doc_format_parse(const char *s)
{
	if (strcmp(s, "txt") == 0 || strcmp(s, "text") == 0 || strcmp(s, "plain") == 0)
		return DOC_FORMAT_TEXT;
	if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		return DOC_FORMAT_MARKDOWN;
	if (strcmp(s, "html") == 0 || strcmp(s, "htm") == 0)
		return DOC_FORMAT_HTML;
	if (strcmp(s, "auto") == 0)
		return DOC_FORMAT_AUTO;
	return -1;
}

const char *
text_dir_name(enum text_dir dir)
{
	switch (dir) {
	case DIR_LTR: return "ltr";
	case DIR_RTL: return "rtl";
	case DIR_AUTO: break;
	}
	return "auto";
}

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
	return doc_load(path, NULL, buf, len, opts, err);
}

/* Records where every line of doc->text starts. The table lives as long as
 * the document: its entries are 32 bits when every offset fits (a text
 * under 4 GiB), and it grows by doubling, then is cut to size. */
static void
doc_index_lines(struct doc *doc)
{
	bool wide = doc->len > UINT32_MAX;
	size_t size = wide ? sizeof(size_t) : sizeof(uint32_t);
	size_t n = 1, cap = 1024;
	char *t = xmalloc(cap * size);

	/* Line 0 starts at 0; every other one past a newline. */
	if (wide)
		((size_t *)t)[0] = 0;
	else
		((uint32_t *)t)[0] = 0;
	for (const char *p = doc->text, *end = doc->text + doc->len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
		if (n == cap) {
			cap *= 2;
			t = xreallocarray(t, cap, size);
		}
		size_t off = (size_t)(p + 1 - doc->text);
		if (wide)
			((size_t *)t)[n++] = off;
		else
			((uint32_t *)t)[n++] = (uint32_t)off;
	}
	/* A final newline does not start a line of its own. */
	if (n > 1 && doc->text[doc->len - 1] == '\n')
		n--;
	doc->line_starts = n < cap ? xreallocarray(t, n, size) : t;
	doc->line_starts_wide = wide;
	doc->nlines = (unsigned)n;
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

	struct doc *doc = xcalloc(1, sizeof *doc);
	doc->path = xstrdup(name);
	doc->name = xstrdup(base_name(name));
	doc->text = dec.text;
	doc->len = dec.len;
	doc->srcmap = dec.map;
	memcpy(doc->encoding, dec.encoding, sizeof doc->encoding);
	doc->encoding_guessed = dec.guessed;
	doc->invalid_count = dec.invalid_count;
	doc->joiner_count = dec.joiner_count;
	doc->source_size = len;
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

void
doc_free(struct doc *doc)
{
	if (doc == NULL)
		return;
	free(doc->path);
	free(doc->name);
	free(doc->text);
	offmap_free(&doc->srcmap);
	free(doc->blocks);
	free(doc->articles);
	free(doc->line_starts);
	arena_free(&doc->arena);
	free(doc);
}

struct block *
doc_add_block(struct doc *doc)
{
	if (doc->nblocks == doc->blocks_cap) {
		doc->blocks_cap = doc->blocks_cap ? doc->blocks_cap * 2 : 64;
		doc->blocks = xreallocarray(doc->blocks, doc->blocks_cap,
					    sizeof *doc->blocks);
		/* Huge pages for the blocks written so far only: advising the
		 * capacity would fault in 2 MB pages the blocks may never fill. */
		xalloc_advise_huge(doc->blocks, doc->nblocks * sizeof *doc->blocks);
	}
	struct block *b = &doc->blocks[doc->nblocks++];
	memset(b, 0, sizeof *b);
	if (doc->narticles == 0)
		doc_add_article(doc);
	doc->articles[doc->narticles - 1].nblocks++;
	return b;
}

struct article *
doc_add_article(struct doc *doc)
{
	if (doc->narticles == doc->articles_cap) {
		doc->articles_cap = doc->articles_cap ? doc->articles_cap * 2 : 4;
		doc->articles = xreallocarray(doc->articles, doc->articles_cap,
					      sizeof *doc->articles);
	}
	struct article *a = &doc->articles[doc->narticles++];
	a->first_block = doc->nblocks;
	a->nblocks = 0;
	a->title_block = SIZE_MAX;
	return a;
}

size_t
block_doc_offset(const struct block *b, size_t off)
{
	if (b->map == NULL)
		return b->text_off + off;
	return offmap_to_src(b->map, off);
}

size_t
doc_source_offset(const struct doc *doc, size_t text_off)
{
	return offmap_to_src(&doc->srcmap, text_off);
}

unsigned
doc_line_of(const struct doc *doc, size_t text_off)
{
	size_t lo = 0, hi = doc->nlines;

	/* The last line start <= text_off. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc_line_start(doc, (unsigned)mid) <= text_off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

unsigned
doc_block_line(const struct doc *doc, const struct block *b)
{
	return doc_line_of(doc, b->src_off);
}

size_t
doc_block_article(const struct doc *doc, size_t bi)
{
	size_t lo = 0, hi = doc->narticles;

	if (hi == 0)
		return 0;
	/* The last article starting at or before bi. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->articles[mid].first_block <= bi)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
