/* Second stage of ingest for Markdown: libcmark parses doc->text, and each
 * leaf block (heading, paragraph, list item, quote, code) becomes a block
 * whose markup-stripped text, offset map and inline spans live in
 * doc->arena. */
#include <config.h>

#include <string.h>

#include <cmark.h>

#include "qarin/parse.h"

/* doc->text offset of a cmark source position (1-based line and column). */
static size_t
md_offset(const struct doc *doc, int line, int col)
{
	if (line < 1 || doc->nlines == 0)
		return 0;
	if ((unsigned)line > doc->nlines)
		return doc->len;
	size_t off = doc_line_start(doc, (unsigned)line - 1) + (col > 1 ? (size_t)(col - 1) : 0);
	return off < doc->len ? off : doc->len;
}

/* Appends the inline content of a node to the builder, with spans. */
static void
md_inlines(struct parse_builder *pb, cmark_node *node)
{
	for (cmark_node *c = cmark_node_first_child(node); c != NULL;
	     c = cmark_node_next(c)) {
		const char *lit;
		size_t start = pb->text.len;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
			lit = cmark_node_get_literal(c);
			if (lit != NULL)
				parse_builder_text(pb, lit, strlen(lit));
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(c);
			if (lit != NULL)
				parse_builder_text(pb, lit, strlen(lit));
			parse_builder_span(pb, start, SPAN_CODE);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			parse_builder_sep(pb, '\n');
			break;
		case CMARK_NODE_EMPH:
			md_inlines(pb, c);
			parse_builder_span(pb, start, SPAN_EMPH);
			break;
		case CMARK_NODE_STRONG:
			md_inlines(pb, c);
			parse_builder_span(pb, start, SPAN_STRONG);
			break;
		case CMARK_NODE_LINK:
			md_inlines(pb, c);
			parse_builder_span(pb, start, SPAN_LINK);
			break;
		case CMARK_NODE_IMAGE:
			md_inlines(pb, c);
			break;
		default:
			break; /* raw HTML and custom inlines are not shown */
		}
	}
}

/* Points the builder at the source range of a block node. */
static void
md_range(struct parse_builder *pb, cmark_node *node, size_t *off, size_t *len)
{
	const struct doc *doc = pb->doc;
	size_t s = md_offset(doc, cmark_node_get_start_line(node),
			     cmark_node_get_start_column(node));
	size_t e = md_offset(doc, cmark_node_get_end_line(node),
			     cmark_node_get_end_column(node) + 1);

	if (e <= s)
		e = doc->len;
	pb->cursor = s;
	pb->limit = e;
	*off = s;
	*len = e - s;
}

/* Turns the leaf blocks under node into doc blocks; kind is what a
 * paragraph becomes in this container, depth the list nesting. */
static void
md_blocks(struct parse_builder *pb, cmark_node *node, enum block_kind kind,
	  unsigned depth)
{
	bool first = true;

	for (cmark_node *c = cmark_node_first_child(node); c != NULL;
	     c = cmark_node_next(c)) {
		size_t off, len;
		const char *lit;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_BLOCK_QUOTE:
			md_blocks(pb, c, BLOCK_QUOTE, depth);
			break;
		case CMARK_NODE_LIST:
			md_blocks(pb, c, kind, depth + 1);
			break;
		case CMARK_NODE_ITEM:
			md_blocks(pb, c, BLOCK_ITEM, depth);
			break;
		case CMARK_NODE_PARAGRAPH:
			md_range(pb, c, &off, &len);
			md_inlines(pb, c);
			if (kind == BLOCK_ITEM && !first)
				parse_builder_emit(pb, BLOCK_PARAGRAPH, depth, off, len);
			else
				parse_builder_emit(pb, kind, kind == BLOCK_ITEM ? depth : 0,
						   off, len);
			break;
		case CMARK_NODE_HEADING:
			md_range(pb, c, &off, &len);
			md_inlines(pb, c);
			parse_builder_emit(pb, BLOCK_HEADING,
					   (unsigned)cmark_node_get_heading_level(c), off, len);
			break;
		case CMARK_NODE_CODE_BLOCK:
			md_range(pb, c, &off, &len);
			/* Line by line: indented code loses its indentation. */
			for (lit = cmark_node_get_literal(c); lit != NULL && *lit != '\0';) {
				const char *nl = strchr(lit, '\n');
				size_t n = nl != NULL ? (size_t)(nl - lit) : strlen(lit);
				parse_builder_text(pb, lit, n);
				if (nl == NULL)
					break;
				parse_builder_sep(pb, '\n');
				lit = nl + 1;
			}
			parse_builder_emit(pb, BLOCK_CODE, 0, off, len);
			break;
		default:
			break; /* raw HTML blocks and rules carry no text */
		}
		first = false;
	}
}

int
parse_markdown(struct doc *doc, struct qerr *err)
{
	struct parse_builder pb;
	cmark_node *root = cmark_parse_document(doc->text, doc->len, CMARK_OPT_SOURCEPOS);

	if (root == NULL) {
		qerr_set(err, "%s: the Markdown parser failed", doc->path);
		return -1;
	}
	parse_builder_init(&pb, doc);
	md_blocks(&pb, root, BLOCK_PARAGRAPH, 0);
	parse_builder_free(&pb);
	cmark_node_free(root);
	return 0;
}
