/* Benchmark input generator: deals the paragraphs of the given texts
 * (Arabic and French articles) in a fixed pseudo-random order into a file of
 * a given size, either one paragraph per line or as one line with no
 * newline at all. The same arguments always give the same bytes. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/lib.h"

#include "xorshift.h"

struct para {
	const char *s; /* borrowed from the text it was read from */
	size_t len;
};

struct pool {
	struct para *paras; /* owned */
	size_t n, cap;
	char **texts;       /* owned: the files as read */
	size_t ntexts;
};

/* Reads a whole file into a NUL-terminated buffer; NULL with a message. */
static char *
gen_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b = STRBUF_INIT;
	char chunk[1 << 16];
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "gen: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append(&b, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "gen: %s: read error\n", path);
		fclose(f);
		strbuf_free(&b);
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return strbuf_steal(&b);
}

/* Adds every non-blank line of a text to the pool, trimmed of spaces and CR. */
static void
gen_add_text(struct pool *pool, char *text, size_t len)
{
	size_t i = 0;

	pool->texts = xrealloc(pool->texts, (pool->ntexts + 1) * sizeof *pool->texts);
	pool->texts[pool->ntexts++] = text;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len) {
		size_t start = i, end;

		while (i < len && text[i] != '\n')
			i++;
		end = i++;
		while (start < end && (text[start] == ' ' || text[start] == '\t'))
			start++;
		while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t' ||
				       text[end - 1] == '\r'))
			end--;
		if (end == start)
			continue;
		if (pool->n == pool->cap) {
			pool->cap = pool->cap ? 2 * pool->cap : 64;
			pool->paras = xrealloc(pool->paras, pool->cap * sizeof *pool->paras);
		}
		pool->paras[pool->n++] = (struct para){ text + start, end - start };
	}
}

/* Parses a size such as 1M, 10M (10^6 bytes) or 4096; 0 when invalid. */
static size_t
gen_parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (end == s)
		return 0;
	if (*end == 'M' || *end == 'm')
		v *= 1000000ULL, end++;
	else if (*end == 'K' || *end == 'k')
		v *= 1000ULL, end++;
	return *end == '\0' ? (size_t)v : 0;
}

/* Length of the longest prefix of s[0..n) that ends on a UTF-8 boundary. */
static size_t
gen_utf8_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Writes size bytes (a few less to end on a character) of dealt paragraphs. */
static int
gen_write(FILE *out, const struct pool *pool, size_t size, int single_line)
{
	uint64_t state = 0x9E3779B97F4A7C15ULL;
	struct strbuf b = STRBUF_INIT;
	size_t written = 0;

	while (written < size) {
		const struct para *p = &pool->paras[xorshift_next(&state) % pool->n];
		size_t room = size - written;

		strbuf_append(&b, p->s, p->len);
		if (single_line)
			strbuf_putc(&b, ' ');
		else {
			strbuf_putc(&b, '\n');
			/* Both conventions of the corpus: one paragraph per line,
			 * and paragraphs separated by blank lines. */
			if (xorshift_next(&state) % 4 == 0)
				strbuf_putc(&b, '\n');
		}
		if (b.len >= room) {
			/* The last paragraph is cut on a character boundary;
			 * a file of lines still ends with a newline. */
			b.len = gen_utf8_cut(b.data, single_line ? room : room - 1);
			if (!single_line)
				b.data[b.len++] = '\n';
		}
		if (b.len >= (1 << 20) || b.len >= room) {
			if (fwrite(b.data, 1, b.len, out) != b.len)
				break;
			written += b.len;
			if (b.len == 0)
				break;
			b.len = 0;
		}
	}
	strbuf_free(&b);
	return ferror(out) ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct pool pool = { 0 };
	int single_line = 0;
	int argi = 1;
	int status = 0;

	if (argi < argc && strcmp(argv[argi], "--single-line") == 0) {
		single_line = 1;
		argi++;
	}
	if (argc - argi < 3 || gen_parse_size(argv[argi]) == 0) {
		fputs("usage: gen [--single-line] SIZE OUT TEXT...\n"
		      "  SIZE: bytes, or with K (10^3) or M (10^6)\n", stderr);
		return 2;
	}
	size_t size = gen_parse_size(argv[argi]);
	const char *outpath = argv[argi + 1];
	for (int i = argi + 2; i < argc; i++) {
		size_t len;
		char *text = gen_slurp(argv[i], &len);
		if (text == NULL)
			return 2;
		gen_add_text(&pool, text, len);
	}
	if (pool.n == 0) {
		fputs("gen: the texts hold no paragraph\n", stderr);
		return 2;
	}

	FILE *out = fopen(outpath, "wb");
	if (out == NULL) {
		fprintf(stderr, "gen: %s: %s\n", outpath, strerror(errno));
		return 2;
	}
	if (gen_write(out, &pool, size, single_line) != 0 || fclose(out) != 0) {
		fprintf(stderr, "gen: %s: write error\n", outpath);
		status = 2;
	}
	for (size_t i = 0; i < pool.ntexts; i++)
		free(pool.texts[i]);
	free(pool.texts);
	free(pool.paras);
	return status;
}
