/* The outline of a loaded document: rows document -> articles -> blocks,
 * indented under the heading they follow. The navigation pane shows these
 * rows and `--outline` prints them as text or TSV. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unistr.h>

#include "text/lib.h"
#include "layout/lib.h"
#include "cli/outline.h"

/* Characters of a block's text shown in a row. */
#define OUTLINE_TEXT_CHARS 60

size_t
outline_build(const struct doc *doc, struct outline_row **rows)
{
	size_t n = 0, cap = 1 + doc->narticles + doc->nblocks;
	struct outline_row *r = xcalloc(cap, sizeof *r);

	r[n++] = (struct outline_row){ OUTLINE_DOCUMENT, 0, SIZE_MAX, SIZE_MAX, 1 };
	for (size_t a = 0; a < doc->narticles; a++) {
		const struct article *art = &doc->articles[a];
		size_t end = art->first_block + art->nblocks;
		unsigned cur = 1; /* depth of the title or heading the blocks follow */

		r[n++] = (struct outline_row){
			OUTLINE_ARTICLE, 1, a, SIZE_MAX,
			art->nblocks ? doc_block_line(doc, &doc->blocks[art->first_block]) : 1
		};
		for (size_t i = art->first_block; i < end; i++) {
			const struct block *b = &doc->blocks[i];
			unsigned depth;
			if (b->kind == BLOCK_TITLE) {
				depth = cur = 2;
			} else if (b->kind == BLOCK_HEADING) {
				depth = cur = 1 + (b->level ? b->level : 1);
			} else {
				depth = cur + 1;
				if (b->kind == BLOCK_ITEM && b->level > 1)
					depth += b->level - 1;
			}
			r[n++] = (struct outline_row){ OUTLINE_BLOCK, depth, a, i, doc_block_line(doc, b) };
		}
	}
	*rows = r;
	return n;
}

/* Prints at most OUTLINE_TEXT_CHARS characters of a text on one line,
 * escaped in f: ESCAPE_LINE for a block (tabs and line breaks as spaces),
 * ESCAPE_TEXT for a file name (every control in its visible form); laid
 * out in visual order when visual is not NULL. */
static void
outline_put_text(FILE *out, enum escape_format f, const char *s, size_t len,
		 const struct layout_opts *visual)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0, chars = 0;

	while (i < len && chars < OUTLINE_TEXT_CHARS) {
		ucs4_t c;
		int n = u8_mbtouc(&c, u + i, len - i);
		i += n > 0 ? (size_t)n : 1;
		chars++;
	}
	if (visual == NULL) {
		escape_write(out, f, s, i);
		return;
	}
	struct strbuf row = STRBUF_INIT;
	layout_line_visual(s, i, visual, &row);
	escape_write(out, f, row.data ? row.data : "", row.len);
	strbuf_free(&row);
}

/* The name of a row's kind as printed. */
static const char *
outline_kind_name(const struct doc *doc, const struct outline_row *r)
{
	switch (r->kind) {
	case OUTLINE_DOCUMENT: return "document";
	case OUTLINE_ARTICLE: return "article";
	case OUTLINE_BLOCK: break;
	}
	return block_kind_name(doc->blocks[r->block].kind);
}

/* Prints the text of a row: the path (as given), the article's title, or
 * the block (in visual order when visual is not NULL). */
static void
outline_put_row_text(FILE *out, const struct doc *doc, const struct outline_row *r,
		     const struct layout_opts *visual)
{
	const struct block *b = NULL;

	if (r->kind == OUTLINE_DOCUMENT) {
		outline_put_text(out, ESCAPE_TEXT, doc->path, strlen(doc->path), NULL);
		return;
	}
	if (r->kind == OUTLINE_ARTICLE) {
		size_t t = doc->articles[r->article].title_block;
		b = t != SIZE_MAX ? &doc->blocks[t] : NULL;
	} else {
		b = &doc->blocks[r->block];
	}
	if (b != NULL)
		outline_put_text(out, ESCAPE_LINE, b->text, b->len, visual);
}

int
outline_print(FILE *out, const struct doc *doc, enum outline_format fmt,
	      const struct layout_opts *visual)
{
	struct outline_row *rows;
	size_t n = outline_build(doc, &rows);

	for (size_t i = 0; i < n; i++) {
		const struct outline_row *r = &rows[i];
		if (fmt == OUTLINE_TSV) {
			fprintf(out, "%u\t%s\t%u\t", r->depth, outline_kind_name(doc, r), r->line);
			outline_put_row_text(out, doc, r, NULL);
			fputc('\n', out);
			continue;
		}
		for (unsigned d = 0; d < r->depth; d++)
			fputs("  ", out);
		if (r->kind == OUTLINE_DOCUMENT) {
			struct strbuf info = STRBUF_INIT;
			outline_put_row_text(out, doc, r, NULL);
			strbuf_printf(&info, " (%s, %s, %s, %s, %s, %zu article%s)",
				      doc_format_name(doc->format), doc->encoding,
				      doc->script >= 0 && doc->script < USCRIPT_CODE_LIMIT
				      ? uscript_getName((UScriptCode)doc->script) : "?",
				      doc->lang[0] ? doc->lang : "?", text_dir_name(doc->dir),
				      doc->narticles, doc->narticles == 1 ? "" : "s");
			escape_write(out, ESCAPE_TEXT, info.data, info.len);
			fputc('\n', out);
			strbuf_free(&info);
			continue;
		}
		if (r->kind == OUTLINE_ARTICLE)
			fprintf(out, "article %zu, line %u: ", r->article + 1, r->line);
		else
			fprintf(out, "%s %u: ", outline_kind_name(doc, r), r->line);
		outline_put_row_text(out, doc, r, visual);
		fputc('\n', out);
	}
	free(rows);
	fflush(out);
	return ferror(out) ? -1 : 0;
}
