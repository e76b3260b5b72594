/* Second stage of ingest for HTML: libxml2's forgiving HTML parser builds a
 * tree from doc->text; its title, headings, paragraphs, list items, quotes
 * and preformatted text become blocks (whitespace collapsed, inline markup
 * turned into spans), while scripts, styles and navigation are dropped. */
#include <config.h>

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <unicode/ucnv.h>

#include "ingest/parse.h"
#include "text/lib.h"

/* What the markup says of the blocks an element holds, inherited by its
 * descendants: direction, language, quotes and the item marker due. */
struct html_context {
	int dir;               /* enum text_dir from a dir attribute, or -1: none */
	char lang[4];          /* primary language subtag of a lang attribute, or "" */
	bool lang_set;         /* a lang attribute was given (lang "" says unknown) */
	unsigned quotes;       /* blockquotes around it */
	enum block_marker marker; /* the marker the next block shows (the item's first) */
	long long ordinal;
};

/* The walk's state: the builder and the block context it fills. */
struct html_walk {
	struct parse_builder pb;
	enum block_kind kind; /* what the text being gathered will become */
	unsigned level;
	struct html_context ctx;
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

/* Adds the text gathered so far as a block of the current kind, with what
 * the markup says of it; an item's marker goes to its first block only. */
static void
html_flush(struct html_walk *w)
{
	struct block *b = parse_builder_emit(&w->pb, w->kind, w->level, 0, 0);

	if (b == NULL)
		return;
	parse_block_marks(b, w->kind == BLOCK_ITEM ? w->ctx.marker : MARKER_NONE,
			  w->ctx.ordinal, w->ctx.quotes);
	w->ctx.marker = MARKER_NONE;
	if (w->ctx.dir == DIR_LTR || w->ctx.dir == DIR_RTL) {
		b->dir = (unsigned)w->ctx.dir;
		b->dir_set = true;
	}
	if (w->ctx.lang_set) {
		memcpy(b->lang, w->ctx.lang, sizeof b->lang);
		b->lang_set = true;
	}
}

/* Reads an element's dir and lang attributes into the context its
 * descendants inherit. */
static void
html_read_context(xmlNode *node, struct html_context *ctx)
{
	xmlChar *dir = xmlGetProp(node, (const xmlChar *)"dir");
	xmlChar *lang = xmlGetProp(node, (const xmlChar *)"lang");

	if (dir != NULL) {
		const char *d = (const char *)dir;
		if (strcasecmp(d, "rtl") == 0)
			ctx->dir = DIR_RTL;
		else if (strcasecmp(d, "ltr") == 0)
			ctx->dir = DIR_LTR;
		else if (strcasecmp(d, "auto") == 0)
			ctx->dir = DIR_AUTO;
		xmlFree(dir);
	}
	if (lang != NULL) {
		/* BCP 47: the primary subtag ("ar" of "ar-EG"), lower case. */
		const char *l = (const char *)lang;
		size_t n = 0;
		while (l[n] != '\0' && isalpha((unsigned char)l[n]))
			n++;
		ctx->lang_set = true;
		ctx->lang[0] = '\0';
		if ((n == 2 || n == 3) && (l[n] == '\0' || l[n] == '-' || l[n] == '_')) {
			for (size_t i = 0; i < n; i++)
				ctx->lang[i] = (char)tolower((unsigned char)l[i]);
			ctx->lang[n] = '\0';
		}
		xmlFree(lang);
	}
}

/* An integer attribute of an element (a list's start, an item's value). */
static bool
html_int_prop(xmlNode *node, const char *name, long long *v)
{
	xmlChar *a = xmlGetProp(node, (const xmlChar *)name);
	bool ok = false;

	if (a != NULL) {
		char *end;
		long long x = strtoll((const char *)a, &end, 10);
		if (end != (char *)a) {
			*v = x;
			ok = true;
		}
		xmlFree(a);
	}
	return ok;
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
		size_t j = i;
		while (s[j] != '\0' && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' &&
		       s[j] != '\r' && s[j] != '\f')
			j++;
		parse_builder_text(&w->pb, s + i, j - i);
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

/* The isolate or override an inline element makes, as HTML has it: <bdo>
 * overrides in its dir; <bdi>, and any other element with a dir, isolates
 * its text (dir="auto" or none: by its first strong character); -1: none. */
static int
html_bidi_style(xmlNode *node, const char *name)
{
	bool bdi = strcmp(name, "bdi") == 0, bdo = strcmp(name, "bdo") == 0;
	xmlChar *dir = xmlGetProp(node, (const xmlChar *)"dir");
	int style = bdi ? SPAN_ISOLATE : -1;

	if (dir != NULL) {
		const char *d = (const char *)dir;
		if (strcasecmp(d, "ltr") == 0)
			style = bdo ? SPAN_OVERRIDE_LTR : SPAN_ISOLATE_LTR;
		else if (strcasecmp(d, "rtl") == 0)
			style = bdo ? SPAN_OVERRIDE_RTL : SPAN_ISOLATE_RTL;
		else if (strcasecmp(d, "auto") == 0 && !bdo)
			style = SPAN_ISOLATE;
		xmlFree(dir);
	}
	return style;
}

/* An element being walked: what to restore when its children are done. */
struct html_frame {
	xmlNode *node;
	bool block;              /* a block element: flush, then restore kind and level */
	enum block_kind saved_kind;
	unsigned saved_level;
	unsigned lists;          /* list nesting of its children */
	struct html_context saved_ctx; /* a block element: the context to restore */
	bool ordered;            /* an <ol>: its items are numbered */
	long long next;          /* a list: the number of its next item */
	size_t list;             /* stack index of the nearest list around it, or 0 */
	bool in_article;         /* its children keep an article's header and footer */
	size_t end;              /* doc->text offset where the element ends: no text
				  * in it lies at or past it */
	size_t start;            /* an inline element: where its text starts */
	int style;               /* and its span style, or -1 */
	int bidi;                /* and its isolate or override (a span style), or -1 */
};

/* Leaves an element whose children are all walked. */
static void
html_leave(struct html_walk *w, const struct html_frame *f)
{
	if (f->block) {
		html_flush(w);
		w->kind = f->saved_kind;
		w->level = f->saved_level;
		/* A marker shown (or an item left) is not due again. */
		enum block_marker due = w->ctx.marker;
		long long ordinal = w->ctx.ordinal;
		w->ctx = f->saved_ctx;
		w->ctx.marker = strcmp((const char *)f->node->name, "li") == 0 ? MARKER_NONE : due;
		w->ctx.ordinal = ordinal;
	} else {
		if (f->style >= 0)
			parse_builder_span(&w->pb, f->start, (enum span_style)f->style);
		if (f->bidi >= 0)
			parse_builder_span(&w->pb, f->start, (enum span_style)f->bidi);
	}
}

/* Enters a block element: what it holds becomes blocks of its own; list is
 * the nearest list around it, or NULL. */
static void
html_enter_block(struct html_walk *w, const char *name, struct html_frame *f,
		 struct html_frame *list)
{
	f->block = true;
	f->saved_kind = w->kind;
	f->saved_level = w->level;
	html_flush(w);
	f->saved_ctx = w->ctx;
	html_read_context(f->node, &w->ctx);
	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0') {
		w->kind = BLOCK_HEADING;
		w->level = (unsigned)(name[1] - '0');
	} else if (strcmp(name, "title") == 0) {
		w->kind = BLOCK_TITLE;
		w->level = 1;
	} else if (strcmp(name, "li") == 0 || strcmp(name, "dd") == 0) {
		w->kind = BLOCK_ITEM;
		w->level = f->lists ? f->lists : 1;
		w->ctx.marker = MARKER_NONE;
		if (name[0] == 'l') {
			w->ctx.marker = list != NULL && list->ordered ? MARKER_NUMBER : MARKER_BULLET;
			if (list != NULL) {
				html_int_prop(f->node, "value", &list->next);
				w->ctx.ordinal = list->next;
				if (list->next < LLONG_MAX)
					list->next++;
			}
		}
	} else if (strcmp(name, "blockquote") == 0) {
		w->kind = BLOCK_QUOTE;
		w->level = 0;
		w->ctx.quotes += w->ctx.quotes < UINT_MAX;
	} else if (strcmp(name, "pre") == 0) {
		w->kind = BLOCK_CODE;
		w->level = 0;
	} else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 ||
		   strcmp(name, "menu") == 0 || strcmp(name, "dir") == 0) {
		if (f->lists < UINT_MAX)
			f->lists++;
		f->ordered = name[0] == 'o';
		f->next = 1;
		if (f->ordered)
			html_int_prop(f->node, "start", &f->next);
	} else if (w->kind != BLOCK_QUOTE && w->kind != BLOCK_ITEM &&
		   w->kind != BLOCK_CODE) {
		w->kind = BLOCK_PARAGRAPH;
		w->level = 0;
	}
	if (strcmp(name, "article") == 0 || strcmp(name, "main") == 0)
		f->in_article = true;
}

/* Where an element ends in doc->text, as html_end_element noted it, or
 * SIZE_MAX when that is not known. */
static size_t
html_node_end(const xmlNode *node)
{
	uintptr_t e = (uintptr_t)node->_private;

	return e > 0 ? (size_t)(e - 1) : SIZE_MAX;
}

/* Walks the elements under top in document order; in an article the header
 * and footer are kept, as they carry its title and byline. Elements nest as
 * deep as the input does (100,000 <div> are half a megabyte), so the walk
 * keeps its own stack, not the C one. */
static void
html_walk(struct html_walk *w, xmlNode *top)
{
	struct html_frame *stack = xmalloc(16 * sizeof *stack);
	size_t n = 1, cap = 16;
	xmlNode *c = top->children;

	stack[0] = (struct html_frame){ .node = top, .end = w->pb.doc->len, .style = -1,
					.bidi = -1 };
	for (;;) {
		while (c == NULL && n > 1) {
			n--;
			html_leave(w, &stack[n]);
			c = stack[n].node->next;
		}
		if (c == NULL)
			break;
		const struct html_frame *parent = &stack[n - 1];
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			/* Its text is looked for inside its element only, never
			 * in the next one's source. */
			w->pb.limit = parent->end;
			if (c->content != NULL)
				html_text(w, (const char *)c->content);
			c = c->next;
			continue;
		}
		const char *name = (const char *)c->name;
		if (c->type != XML_ELEMENT_NODE || name == NULL ||
		    html_name_in(name, html_dropped) ||
		    (!parent->in_article &&
		     (strcmp(name, "header") == 0 || strcmp(name, "footer") == 0))) {
			c = c->next;
			continue;
		}
		if (strcmp(name, "br") == 0) {
			parse_builder_sep(&w->pb, '\n');
			c = c->next;
			continue;
		}
		size_t end = html_node_end(c);
		struct html_frame f = {
			.node = c,
			.end = end < parent->end ? end : parent->end,
			.lists = parent->lists,
			.in_article = parent->in_article,
			.start = w->pb.text.len,
			.style = -1,
			.bidi = -1,
			.list = parent->list,
		};
		if (html_name_in(name, html_blocks))
			html_enter_block(w, name, &f, f.list > 0 ? &stack[f.list] : NULL);
		if (f.lists > parent->lists)
			f.list = n; /* its items count on it */
		else {
			f.style = html_span_style(name);
			f.bidi = html_bidi_style(c, name);
		}
		if (n == cap) {
			cap *= 2;
			stack = xreallocarray(stack, cap, sizeof *stack);
		}
		stack[n++] = f;
		c = c->children;
	}
	free(stack);
}


/* True for the code points XML (and so libxml2's tree) can hold. */
static bool
html_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Appends what stands for c, a character libxml2 would drop: the control
 * picture of a control, as the reader shows a raw one, or U+FFFD, which
 * HTML makes of a reference to NUL, a surrogate or past U+10FFFF, and which
 * stands for a noncharacter too. */
static void
html_put_visible(struct strbuf *out, uint32_t c, bool ref)
{
	strbuf_put_utf8(out, c < 0x20 && !(ref && c == 0) ? 0x2400 + c : 0xFFFD);
}

/* Length of the numeric character reference at s[0, n) ("&#39;", "&#x1B",
 * with or without its semicolon) and its value in *c (past U+10FFFF when it
 * overflows), or 0 when none starts there. */
static size_t
html_numeric_ref(const char *s, size_t n, uint32_t *c)
{
	if (n < 3 || s[0] != '&' || s[1] != '#')
		return 0;
	bool hex = s[2] == 'x' || s[2] == 'X';
	size_t i = hex ? 3 : 2, digits = i;
	uint64_t v = 0;

	for (; i < n && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])); i++) {
		unsigned d = isdigit((unsigned char)s[i]) ? (unsigned)(s[i] - '0')
			: (unsigned)(tolower((unsigned char)s[i]) - 'a' + 10);
		if (v <= 0x10FFFF)
			v = v * (hex ? 16 : 10) + d;
	}
	if (i == digits)
		return 0;
	*c = v > 0x10FFFF ? 0x110000 : (uint32_t)v;
	return i < n && s[i] == ';' ? i + 1 : i;
}

/* The character HTML makes of a reference to c, U+0080-U+009F: that of
 * the byte c in windows-1252 where it has one (HTML5), else c. */
static uint32_t
html_c1_ref(uint32_t c)
{
	UErrorCode ec = U_ZERO_ERROR;
	UConverter *cv = ucnv_open("windows-1252", &ec);
	char b = (char)c;
	UChar u[2];
	int32_t n = U_SUCCESS(ec) ? ucnv_toUChars(cv, u, 2, &b, 1, &ec) : 0;

	ucnv_close(cv);
	return U_SUCCESS(ec) && n == 1 ? u[0] : c;
}

/* libxml2 silently drops what XML cannot hold: raw control characters, the
 * form feed included (HTML white space), the noncharacters U+FFFE and
 * U+FFFF, references to such characters (&#27;, &#0;, &#xD800;) and a "&#"
 * with no digits after it (HTML text); it keeps a reference to U+0080-U+009F
 * as that control, where HTML5 reads it as windows-1252 (&#150; is "–").
 * Returns a copy of the text with each of them written as what the reader
 * would show for it (a form feed as a space, a bare "&#" as "&amp;#", such a
 * reference as its character), so that no byte of the document is lost, or
 * NULL when there is none. map receives where the copy and the text stop
 * advancing together (copy -> text). */
static char *
html_visible_input(const char *s, size_t n, size_t *outlen, struct offmap *map)
{
	struct strbuf out = { 0 };
	size_t done = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		uint32_t c = b;
		size_t len = 1;

		if (b == '&') {
			len = html_numeric_ref(s + i, n - i, &c);
			if (len == 0 && i + 1 < n && s[i + 1] == '#') {
				strbuf_append(&out, s + done, i - done);
				strbuf_append(&out, "&amp;", 5);
				done = i + 1;
				offmap_add(map, out.len, done);
				continue;
			}
			if (len > 0 && c >= 0x80 && c <= 0x9F && html_c1_ref(c) != c) {
				strbuf_append(&out, s + done, i - done);
				strbuf_put_utf8(&out, html_c1_ref(c));
				done = i + len;
				offmap_add(map, out.len, done);
				i += len - 1;
				continue;
			}
			if (len == 0 || html_xml_char(c))
				continue;
		} else if (b == 0xEF && n - i >= 3 && (unsigned char)s[i + 1] == 0xBF &&
			   ((unsigned char)s[i + 2] & 0xFE) == 0xBE) {
			c = 0xFFFE; /* U+FFFE or U+FFFF */
			len = 3;
		} else if (b >= 0x20 || b == '\t' || b == '\n' || b == '\r') {
			continue;
		}
		strbuf_append(&out, s + done, i - done);
		if (b == '\f')
			strbuf_putc(&out, ' ');
		else
			html_put_visible(&out, c, b == '&');
		done = i + len;
		offmap_add(map, out.len, done);
		i += len - 1;
	}
	if (done == 0) {
		strbuf_free(&out);
		return NULL;
	}
	strbuf_append(&out, s + done, n - done);
	*outlen = out.len;
	return strbuf_steal(&out);
}

/* The SAX end of an element: notes in the element (its _private, plus one:
 * 0 is not known) where in doc->text the parser is when it ends it, past
 * its end tag or at the tag that closes it, then ends it as usual. The
 * parser context's _private is the map from the copy it reads to doc->text. */
static void
html_end_element(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	const struct offmap *map = ctxt->_private;
	xmlNode *cur = ctxt->node;

	if (map != NULL && cur != NULL && cur->type == XML_ELEMENT_NODE && name != NULL &&
	    xmlStrEqual(cur->name, name) && ctxt->input != NULL && ctxt->input->cur != NULL &&
	    ctxt->input->base != NULL && ctxt->input->cur >= ctxt->input->base) {
		size_t v = (size_t)ctxt->input->consumed +
			   (size_t)(ctxt->input->cur - ctxt->input->base);
		cur->_private = (void *)(uintptr_t)(offmap_to_src(map, v) + 1);
	}
	xmlSAX2EndElement(ctx, name);
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
	size_t vlen = 0;
	struct offmap vmap = OFFMAP_INIT;
	char *visible = html_visible_input(doc->text, doc->len, &vlen, &vmap);
	if (visible != NULL && vlen > INT_MAX) {
		free(visible);
		offmap_free(&vmap);
		qerr_set(err, "%s: too large for the HTML parser (%zu bytes)", doc->path, vlen);
		return -1;
	}
	/* The parser notes where each element ends: the text in it is looked
	 * for before that place only. */
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	htmlDocPtr h = NULL;
	if (ctxt != NULL && ctxt->sax != NULL) {
		ctxt->sax->endElement = html_end_element;
		ctxt->_private = &vmap;
		h = htmlCtxtReadMemory(ctxt, visible != NULL ? visible : doc->text,
				       visible != NULL ? (int)vlen : (int)doc->len, NULL, "UTF-8",
				       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				       HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				       XML_PARSE_HUGE);
	}
	if (ctxt != NULL)
		htmlFreeParserCtxt(ctxt);
	free(visible);
	offmap_free(&vmap);
	if (h == NULL) {
		qerr_set(err, "%s: the HTML parser could not read it", doc->path);
		return -1;
	}
	struct html_walk w = { .kind = BLOCK_PARAGRAPH, .ctx = { .dir = -1 } };
	parse_builder_init(&w.pb, doc);
	w.pb.skip_tags = true;
	w.pb.refs = true;
	xmlNode *root = xmlDocGetRootElement(h);
	if (root != NULL) {
		/* The root itself may be the only element (a fragment). */
		xmlNode fake = { 0 };
		fake.children = root;
		html_walk(&w, &fake);
	}
	html_flush(&w);
	parse_builder_free(&w.pb);
	xmlFreeDoc(h);
	return 0;
}
