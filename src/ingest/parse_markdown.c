/* Second stage of ingest for Markdown: libcmark parses doc->text, and each
 * leaf block (heading, paragraph, list item, quote, code) becomes a block
 * whose markup-stripped text, offset map and inline spans live in
 * doc->arena. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "ingest/parse.h"
#include "text/lib.h"

/* Where cmark's lines start when the text holds a CR, which cmark ends a
 * line at and the document's line table does not. */
struct md_lines {
	size_t *starts; /* owned; NULL: the document's own lines */
	size_t n;
};

/* Finds cmark's lines of doc->text: they end at LF, CR LF or a lone CR. */
static void
md_lines_init(struct md_lines *l, const struct doc *doc)
{
	const char *t = doc->text;
	size_t cap = 64;

	l->starts = NULL;
	l->n = 0;
	if (doc->len == 0 || memchr(t, '\r', doc->len) == NULL)
		return;
	l->starts = xmalloc(cap * sizeof *l->starts);
	l->starts[l->n++] = 0;
	for (size_t i = 0; i < doc->len; i++) {
		if (t[i] != '\n' && t[i] != '\r')
			continue;
		if (t[i] == '\r' && i + 1 < doc->len && t[i + 1] == '\n')
			i++;
		if (i + 1 >= doc->len)
			break; /* a final line ending starts no line */
		if (l->n == cap) {
			cap *= 2;
			l->starts = xreallocarray(l->starts, cap, sizeof *l->starts);
		}
		l->starts[l->n++] = i + 1;
	}
}

/* doc->text offset of a cmark source position (1-based line and column).
 * cmark counts columns in bytes of the line as it reads it, where a NUL is
 * U+FFFD, three bytes: a NUL before the column stands for three. */
static size_t
md_offset(const struct md_lines *l, const struct doc *doc, int line, int col)
{
	size_t n = l->starts != NULL ? l->n : doc->nlines;

	if (line < 1 || n == 0)
		return 0;
	if ((size_t)line > n)
		return doc->len;
	size_t off = l->starts != NULL ? l->starts[line - 1]
				       : doc_line_start(doc, (unsigned)line - 1);
	size_t want = col > 1 ? (size_t)(col - 1) : 0;
	const char *t = doc->text;
	while (want > 0 && off < doc->len && t[off] != '\n' && t[off] != '\r') {
		size_t w = t[off] == '\0' ? 3 : 1;
		want -= w < want ? w : want;
		off++;
	}
	off += want;
	return off < doc->len ? off : doc->len;
}

/* An inline container being walked: where its text starts and its style. */
struct md_inline_frame {
	cmark_node *node;
	size_t start;
	int style; /* enum span_style, or -1 */
};

/* The span style an inline container gives its text, or -1. */
static int
md_inline_style(cmark_node *node)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_EMPH: return SPAN_EMPH;
	case CMARK_NODE_STRONG: return SPAN_STRONG;
	case CMARK_NODE_LINK: return SPAN_LINK;
	default: return -1;
	}
}

/* Appends the inline content of a node to the builder, with spans; nested
 * emphasis and links are walked with a stack of their own, however deep. */
static void
md_inlines(struct parse_builder *pb, cmark_node *node)
{
	struct md_inline_frame *stack = NULL;
	size_t n = 0, cap = 0;
	cmark_node *c = cmark_node_first_child(node);

	for (;;) {
		/* Past the last child: close the container and go on after it. */
		while (c == NULL && n > 0) {
			struct md_inline_frame *f = &stack[--n];
			if (f->style >= 0)
				parse_builder_span(pb, f->start, (enum span_style)f->style);
			c = cmark_node_next(f->node);
		}
		if (c == NULL)
			break;
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
			if (lit != NULL) {
				/* Literal: no escape, no reference (CommonMark 6.1),
				 * and a line ending stands as a space. */
				pb->escapes = pb->refs = false;
				pb->line_spaces = true;
				parse_builder_text(pb, lit, strlen(lit));
				pb->escapes = pb->refs = true;
				pb->line_spaces = false;
			}
			parse_builder_span(pb, start, SPAN_CODE);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			parse_builder_sep(pb, '\n');
			break;
		case CMARK_NODE_EMPH:
		case CMARK_NODE_STRONG:
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				stack = xreallocarray(stack, cap, sizeof *stack);
			}
			stack[n++] = (struct md_inline_frame){ c, start, md_inline_style(c) };
			c = cmark_node_first_child(c);
			continue;
		default:
			break; /* raw HTML and custom inlines are not shown */
		}
		c = cmark_node_next(c);
	}
	free(stack);
}

/* Points the builder at the source range of a block node. */
static void
md_range(struct parse_builder *pb, const struct md_lines *l, cmark_node *node, size_t *off,
	 size_t *len)
{
	const struct doc *doc = pb->doc;
	size_t s = md_offset(l, doc, cmark_node_get_start_line(node),
			     cmark_node_get_start_column(node));
	size_t e = md_offset(l, doc, cmark_node_get_end_line(node),
			     cmark_node_get_end_column(node) + 1);

	if (e <= s)
		e = doc->len;
	pb->cursor = s;
	pb->limit = e;
	*off = s;
	*len = e - s;
}

/* A block container being walked: what a paragraph in it becomes, its list
 * depth, the quotes around it, whether the next child is its first, and
 * for an item its marker. */
struct md_block_frame {
	cmark_node *node;
	enum block_kind kind;
	unsigned depth;
	unsigned quotes;
	bool first;
	enum block_marker marker;
	long long ordinal;
};

/* The marker of a list's items, and in *next the number of its first. */
static enum block_marker
md_list_marker(cmark_node *list, long long *next)
{
	*next = cmark_node_get_list_start(list);
	return cmark_node_get_list_type(list) == CMARK_ORDERED_LIST ? MARKER_NUMBER
								    : MARKER_BULLET;
}

/* Turns one leaf block into a doc block; top is the container it is in
 * (what a paragraph becomes there, the list nesting, the quotes, the
 * marker), first whether it opens the item. */
static void
md_leaf(struct parse_builder *pb, const struct md_lines *l, cmark_node *c,
	const struct md_block_frame *top, bool first)
{
	enum block_kind kind = top->kind;
	unsigned depth = top->depth;
	size_t off, len;
	const char *lit;
	struct block *b = NULL;

	switch (cmark_node_get_type(c)) {
	case CMARK_NODE_PARAGRAPH:
		md_range(pb, l, c, &off, &len);
		md_inlines(pb, c);
		if (kind == BLOCK_ITEM && !first) {
			b = parse_builder_emit(pb, BLOCK_PARAGRAPH, depth, off, len);
		} else {
			b = parse_builder_emit(pb, kind, kind == BLOCK_ITEM ? depth : 0, off, len);
			if (kind == BLOCK_ITEM) {
				parse_block_marks(b, top->marker, top->ordinal, top->quotes);
				return;
			}
		}
		break;
	case CMARK_NODE_HEADING:
		md_range(pb, l, c, &off, &len);
		md_inlines(pb, c);
		b = parse_builder_emit(pb, BLOCK_HEADING, (unsigned)cmark_node_get_heading_level(c),
				       off, len);
		break;
	case CMARK_NODE_CODE_BLOCK:
		md_range(pb, l, c, &off, &len);
		/* Line by line: indented code loses its indentation. Literal: no
		 * escape, no reference (CommonMark 4.4, 4.5). */
		pb->escapes = pb->refs = false;
		for (lit = cmark_node_get_literal(c); lit != NULL && *lit != '\0';) {
			const char *nl = strchr(lit, '\n');
			size_t n = nl != NULL ? (size_t)(nl - lit) : strlen(lit);
			parse_builder_text(pb, lit, n);
			if (nl == NULL)
				break;
			parse_builder_sep(pb, '\n');
			lit = nl + 1;
		}
		pb->escapes = pb->refs = true;
		b = parse_builder_emit(pb, BLOCK_CODE, 0, off, len);
		break;
	default:
		break; /* raw HTML blocks and rules carry no text */
	}
	parse_block_marks(b, MARKER_NONE, 0, top->quotes);
}

/* Turns the leaf blocks under root into doc blocks, in order. Quotes and
 * lists nest as deep as the input does (100,000 levels of "> " are a few
 * hundred kilobytes), so the walk keeps its own stack, not the C one. */
static void
md_blocks(struct parse_builder *pb, const struct md_lines *l, cmark_node *root)
{
	struct md_block_frame *stack = xmalloc(16 * sizeof *stack);
	size_t n = 1, cap = 16;
	cmark_node *c = cmark_node_first_child(root);

	stack[0] = (struct md_block_frame){ .node = root, .kind = BLOCK_PARAGRAPH, .first = true };
	for (;;) {
		while (c == NULL && n > 1) {
			n--;
			c = cmark_node_next(stack[n].node);
		}
		if (c == NULL)
			break;
		struct md_block_frame *top = &stack[n - 1];
		bool first = top->first;
		top->first = false;
		cmark_node_type type = cmark_node_get_type(c);
		if (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST ||
		    type == CMARK_NODE_ITEM) {
			struct md_block_frame f = *top;
			f.node = c;
			f.first = true;
			if (type == CMARK_NODE_BLOCK_QUOTE) {
				f.kind = BLOCK_QUOTE;
				f.quotes += f.quotes < UINT_MAX;
			} else if (type == CMARK_NODE_LIST) {
				f.depth += f.depth < UINT_MAX;
				/* The list's frame keeps its items' marker and next number. */
				f.marker = md_list_marker(c, &f.ordinal);
			} else {
				f.kind = BLOCK_ITEM;
				f.ordinal = top->ordinal;
				if (top->ordinal < LLONG_MAX)
					top->ordinal++;
			}
			if (n == cap) {
				cap *= 2;
				stack = xreallocarray(stack, cap, sizeof *stack);
			}
			stack[n++] = f;
			c = cmark_node_first_child(c);
			continue;
		}
		md_leaf(pb, l, c, top, first);
		c = cmark_node_next(c);
	}
	free(stack);
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
	pb.refs = true;
	pb.escapes = true;
	struct md_lines lines;
	md_lines_init(&lines, doc);
	md_blocks(&pb, &lines, root);
	free(lines.starts);
	parse_builder_free(&pb);
	cmark_node_free(root);
	return 0;
}
