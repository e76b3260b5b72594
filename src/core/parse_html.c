/* Second stage of ingest for HTML: libxml2's forgiving HTML parser builds a
 * tree from doc->text; its title, headings, paragraphs, list items, quotes
 * and preformatted text become blocks (whitespace collapsed, inline markup
 * turned into spans), while scripts, styles and navigation are dropped. */
#include <config.h>

#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "qarin/parse.h"

/* The walk's state: the builder and the block context it fills. */
struct html_walk {
	struct parse_builder pb;
	enum block_kind kind; /* what the text being gathered will become */
	unsigned level;
};

/* Whether an element name is one of a NULL-terminated list. */
static bool
html_name_in(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

static const char *const html_dropped[] = {
	"script", "style", "nav", "aside", "noscript", "template", "svg", "iframe",
	"button", "select", "object", "canvas", "math", NULL
};

static const char *const html_blocks[] = {
	"html", "head", "body", "title", "p", "h1", "h2", "h3", "h4", "h5", "h6",
	"li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "div", "section",
	"article", "main", "header", "footer", "figure", "figcaption", "table",
	"thead", "tbody", "tfoot", "tr", "td", "th", "caption", "form", "fieldset",
	"legend", "address", "details", "summary", "hr", "center", "hgroup", "menu",
	"dir", "dialog", NULL
};

/* Adds the text gathered so far as a block of the current kind. */
static void
html_flush(struct html_walk *w)
{
	parse_builder_emit(&w->pb, w->kind, w->level, 0, 0);
}

/* Whether c may come from a character reference in the source. */
static bool
html_special(char c)
{
	return c == '<' || c == '>' || c == '&' || c == '"' || c == '\'';
}

/* Appends one piece of text: a special character is matched against the
 * source by hand (literal or character reference), the rest is looked for. */
static void
html_piece(struct html_walk *w, const char *s, size_t n)
{
	struct parse_builder *pb = &w->pb;
	const struct doc *doc = pb->doc;

	if (n == 1 && html_special(s[0])) {
		size_t p = pb->cursor;
		while (p < doc->len && p - pb->cursor < 64 && doc->text[p] != s[0] &&
		       doc->text[p] != '&' && doc->text[p] != '<')
			p++;
		if (p < doc->len && doc->text[p] == '&' && s[0] != '&') {
			size_t q = p;
			while (q < doc->len && q - p < 12 && doc->text[q] != ';')
				q++;
			if (q < doc->len && doc->text[q] == ';') {
				offmap_add(&pb->map, pb->text.len, p);
				if (pb->first_src == SIZE_MAX)
					pb->first_src = p;
				pb->cursor = q + 1;
				strbuf_append(&pb->text, s, 1);
				return;
			}
		}
		if (p < doc->len && doc->text[p] == s[0] && s[0] != '<') {
			offmap_add(&pb->map, pb->text.len, p);
			if (pb->first_src == SIZE_MAX)
				pb->first_src = p;
			pb->cursor = p + (s[0] == '&' && p + 5 <= doc->len &&
					  memcmp(doc->text + p, "&amp;", 5) == 0 ? 5 : 1);
			strbuf_append(&pb->text, s, 1);
			return;
		}
	}
	parse_builder_text(pb, s, n);
}

/* Appends the content of a text node: whitespace collapsed to single
 * spaces except in preformatted text, where lines are kept. */
static void
html_text(struct html_walk *w, const char *s)
{
	bool pre = w->kind == BLOCK_CODE;
	size_t i = 0;

	while (s[i] != '\0') {
		char c = s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (pre && w->pb.text.len > 0)
				strbuf_putc(&w->pb.text, c == '\r' ? '\n' : c);
			else if (!pre)
				parse_builder_sep(&w->pb, ' ');
			i++;
			continue;
		}
		if (html_special(c)) {
			html_piece(w, s + i, 1);
			i++;
			continue;
		}
		size_t j = i;
		while (s[j] != '\0' && !html_special(s[j]) && s[j] != ' ' && s[j] != '\t' &&
		       s[j] != '\n' && s[j] != '\r' && s[j] != '\f')
			j++;
		html_piece(w, s + i, j - i);
		i = j;
	}
}

/* The span style of an inline element, or -1. */
static int
html_span_style(const char *name)
{
	if (strcmp(name, "b") == 0 || strcmp(name, "strong") == 0)
		return SPAN_STRONG;
	if (strcmp(name, "i") == 0 || strcmp(name, "em") == 0 || strcmp(name, "cite") == 0)
		return SPAN_EMPH;
	if (strcmp(name, "code") == 0 || strcmp(name, "tt") == 0 ||
	    strcmp(name, "kbd") == 0 || strcmp(name, "samp") == 0)
		return SPAN_CODE;
	if (strcmp(name, "a") == 0)
		return SPAN_LINK;
	return -1;
}

/* Walks the children of an element; in_article keeps the header and
 * footer of an article, which carry its title and byline. */
static void
html_walk_children(struct html_walk *w, xmlNode *node, unsigned lists, bool in_article)
{
	for (xmlNode *c = node->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				html_text(w, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || c->name == NULL)
			continue;
		const char *name = (const char *)c->name;
		if (html_name_in(name, html_dropped) ||
		    (!in_article && (strcmp(name, "header") == 0 || strcmp(name, "footer") == 0)))
			continue;
		if (strcmp(name, "br") == 0) {
			parse_builder_sep(&w->pb, '\n');
			continue;
		}
		if (!html_name_in(name, html_blocks)) {
			size_t start = w->pb.text.len;
			int style = html_span_style(name);
			html_walk_children(w, c, lists, in_article);
			if (style >= 0)
				parse_builder_span(&w->pb, start, (enum span_style)style);
			continue;
		}
		/* A block element: what it holds becomes blocks of its own. */
		enum block_kind saved_kind = w->kind;
		unsigned saved_level = w->level, child_lists = lists;
		html_flush(w);
		if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0') {
			w->kind = BLOCK_HEADING;
			w->level = (unsigned)(name[1] - '0');
		} else if (strcmp(name, "title") == 0) {
			w->kind = BLOCK_TITLE;
			w->level = 1;
		} else if (strcmp(name, "li") == 0 || strcmp(name, "dd") == 0) {
			w->kind = BLOCK_ITEM;
			w->level = lists ? lists : 1;
		} else if (strcmp(name, "blockquote") == 0) {
			w->kind = BLOCK_QUOTE;
			w->level = 0;
		} else if (strcmp(name, "pre") == 0) {
			w->kind = BLOCK_CODE;
			w->level = 0;
		} else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
			child_lists++;
		} else if (w->kind != BLOCK_QUOTE && w->kind != BLOCK_ITEM &&
			   w->kind != BLOCK_CODE) {
			w->kind = BLOCK_PARAGRAPH;
			w->level = 0;
		}
		html_walk_children(w, c, child_lists,
				   in_article || strcmp(name, "article") == 0 ||
				   strcmp(name, "main") == 0);
		html_flush(w);
		w->kind = saved_kind;
		w->level = saved_level;
	}
}

int
parse_html(struct doc *doc, struct qerr *err)
{
	if (doc->len == 0)
		return 0;
	if (doc->len > INT_MAX) {
		qerr_set(err, "%s: too large for the HTML parser (%zu bytes)", doc->path,
			 doc->len);
		return -1;
	}
	htmlDocPtr h = htmlReadMemory(doc->text, (int)doc->len, NULL, "UTF-8",
				      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				      HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				      XML_PARSE_HUGE);
	if (h == NULL) {
		qerr_set(err, "%s: the HTML parser could not read it", doc->path);
		return -1;
	}
	struct html_walk w = { .kind = BLOCK_PARAGRAPH };
	parse_builder_init(&w.pb, doc);
	w.pb.skip_tags = true;
	xmlNode *root = xmlDocGetRootElement(h);
	if (root != NULL) {
		/* The root itself may be the only element (a fragment). */
		xmlNode fake = { 0 };
		fake.children = root;
		html_walk_children(&w, &fake, 0, false);
	}
	html_flush(&w);
	parse_builder_free(&w.pb);
	xmlFreeDoc(h);
	return 0;
}
