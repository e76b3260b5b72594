/* What the Markdown and HTML parsers say of a block beyond its text: the
 * direction and language HTML gives (dir, lang, inherited), the marker and
 * number of a list item and the quotes around a block; and the marks the
 * layout draws from them, which are never text: an item's characters keep
 * their own source offsets. Expected values come from the inputs, by hand. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "layout/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Loads src as a document of the given format; NULL (and a failed test) on error. */
static struct doc *
load(const char *name, enum doc_format format, const char *src)
{
	struct doc_opts opts = { .format = format };
	struct qerr err;
	struct doc *doc = doc_load_memory(name, src, strlen(src), &opts, &err);

	ok(doc != NULL, "%s: loads", name);
	return doc;
}

/* The block of doc whose text is text, or NULL. */
static const struct block *
find(const struct doc *doc, const char *text)
{
	for (size_t i = 0; doc != NULL && i < doc->nblocks; i++)
		if (doc->blocks[i].len == strlen(text) &&
		    memcmp(doc->blocks[i].text, text, doc->blocks[i].len) == 0)
			return &doc->blocks[i];
	diag("no block \"%s\"", text);
	return NULL;
}

/* Checks dir, whether it was set by the markup, and lang of a block. */
static void
check_dir(const struct doc *doc, const char *text, enum text_dir dir, bool set,
	  const char *lang)
{
	const struct block *b = find(doc, text);

	ok(b != NULL && b->dir == dir && b->dir_set == set,
	   "\"%s\": dir %s%s", text, text_dir_name(dir), set ? ", from the markup" : "");
	is_str(b != NULL ? b->lang : "", lang, text);
}

/* Checks the marker, number, list depth and quotes of a block. */
static void
check_marks(const struct doc *doc, const char *text, enum block_marker marker,
	    int ordinal, unsigned level, unsigned quote)
{
	const struct block *b = find(doc, text);

	ok(b != NULL && b->marker == marker && (marker != MARKER_NUMBER || b->ordinal == ordinal) &&
	   b->level == level && b->quote == quote,
	   "\"%s\": marker %d number %d, depth %u, %u quotes", text, (int)marker, ordinal,
	   level, quote);
}

/* Row 0 of a block laid out at width, as text; and whether each cell of it
 * is either a mark (no source bytes) or a character at its own offset. */
static void
check_row(const struct doc *doc, const char *text, int width, const char *want,
	  size_t first_src)
{
	const struct block *b = find(doc, text);
	struct layout_opts lo = { .width = width, .dir = DIR_AUTO, .tabstop = 8 };
	struct strbuf sb = STRBUF_INIT;

	if (b == NULL) {
		ok(false, "%s: laid out", text);
		return;
	}
	struct layout_para *p = layout_block(b, &lo);
	layout_row_to_utf8(p, 0, true, &sb);
	is_str(sb.data ? sb.data : "", want, text);
	const uint32_t *chars;
	const struct cell *c = layout_row_cells(p, 0, &chars);
	size_t marks = 0, next = first_src;
	bool good = true;
	for (size_t i = 0; i < p->rows[0].ncells; i++) {
		if (c[i].role == CELL_MARK) {
			marks++;
			good &= c[i].src_len == 0;
		} else if (p->dir == DIR_LTR) {
			good &= c[i].src == next && c[i].src_len == 1;
			next++;
		}
	}
	ok(good && marks > 0, "%s: %zu marks with no source bytes, the text at its offsets",
	   text, marks);
	layout_para_free(p);
	strbuf_free(&sb);
}

int
main(void)
{
	struct doc *doc = load("html dir", DOC_FORMAT_HTML,
		"<html dir=\"rtl\" lang=\"ar-EG\"><body>"
		"<p>Obama said</p>"
		"<div dir=\"ltr\" lang=\"FR\"><p>bonjour</p><p dir=\"auto\" lang=\"en\">\u05e9\u05dc\u05d5\u05dd</p></div>"
		"<p lang=\"\">hello</p>"
		"</body></html>");
	check_dir(doc, "Obama said", DIR_RTL, true, "ar");
	check_dir(doc, "bonjour", DIR_LTR, true, "fr");
	check_dir(doc, "\u05e9\u05dc\u05d5\u05dd", DIR_RTL, false, "en");
	doc_free(doc);

	/* <bdi> and <bdo> are spans of the text, which holds no control. */
	doc = load("html bdi", DOC_FORMAT_HTML,
		   "<p>a <bdi>b</bdi> <bdo dir=\"rtl\">cd</bdo> <em dir=\"ltr\">e</em></p>");
	const struct block *b = find(doc, "a b cd e");
	bool spans = b != NULL && b->nspans == 4;
	for (uint32_t i = 0; spans && i < b->nspans; i++) {
		const struct span *sp = &b->spans[i];
		spans = (sp->style == SPAN_ISOLATE && sp->start == 2 && sp->len == 1) ||
			(sp->style == SPAN_OVERRIDE_RTL && sp->start == 4 && sp->len == 2) ||
			(sp->style == SPAN_EMPH && sp->start == 7 && sp->len == 1) ||
			(sp->style == SPAN_ISOLATE_LTR && sp->start == 7 && sp->len == 1);
	}
	ok(spans, "<bdi>, <bdo dir=rtl> and <em dir=ltr> are spans over \"b\", \"cd\" and \"e\"");
	doc_free(doc);

	doc = load("markdown lists", DOC_FORMAT_MARKDOWN,
		   "3. three\n4. four\n   - nested\n\n     more\n\n> quoted\n>\n> > deeper\n>\n> 1. in\n");
	check_marks(doc, "three", MARKER_NUMBER, 3, 1, 0);
	check_marks(doc, "four", MARKER_NUMBER, 4, 1, 0);
	check_marks(doc, "nested", MARKER_BULLET, 0, 2, 0);
	check_marks(doc, "more", MARKER_NONE, 0, 2, 0);
	check_marks(doc, "quoted", MARKER_NONE, 0, 0, 1);
	check_marks(doc, "deeper", MARKER_NONE, 0, 0, 2);
	check_marks(doc, "in", MARKER_NUMBER, 1, 1, 1);
	check_row(doc, "three", 20, " 3. three", 3);
	check_row(doc, "deeper", 20, "\u2502 \u2502 deeper", 56);
	doc_free(doc);

	doc = load("html lists", DOC_FORMAT_HTML,
		   "<ol start=\"7\"><li>seven</li><li value=\"20\">twenty<ul><li>dot</li></ul>"
		   "tail</li><li>next</li></ol><blockquote><ul><li>q</li></ul></blockquote>");
	check_marks(doc, "seven", MARKER_NUMBER, 7, 1, 0);
	check_marks(doc, "twenty", MARKER_NUMBER, 20, 1, 0);
	check_marks(doc, "dot", MARKER_BULLET, 0, 2, 0);
	check_marks(doc, "tail", MARKER_NONE, 0, 1, 0);
	check_marks(doc, "next", MARKER_NUMBER, 21, 1, 0);
	check_marks(doc, "q", MARKER_BULLET, 0, 1, 1);
	check_row(doc, "seven", 20, " 7. seven", 18);
	doc_free(doc);
	return done_testing();
}
