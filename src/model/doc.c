/* The document model: blocks and articles, the line index, and the small
 * helpers that map block offsets back to the source. How a document is read
 * is ingest's business (ingest/load.c). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/doc.h"
#include "text/lib.h"

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

/* Records where every line of doc->text starts. The table lives as long as
 * the document: its entries are 32 bits when every offset fits (a text
 * under 4 GiB), and it grows by doubling, then is cut to size. */
void
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
doc_block_at(const struct doc *doc, size_t off)
{
	size_t lo = 0, hi = doc->nblocks;

	if (hi == 0)
		return 0;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->blocks[mid].src_off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
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
