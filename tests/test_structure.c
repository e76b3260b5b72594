/* Tests of the structure stage: format sniffing, the plain-text, Markdown
 * and HTML parsers, block classification, article splitting and offsets,
 * on the corpus and on the struct-* fixtures. */
#include <config.h>

#include <ctype.h>
#include <stdint.h>

#include <unicode/uscript.h>

#include "model/lib.h"
#include "ingest/lib.h"
#include "text/lib.h"
#include "tap.h"

/* One expected block: kind, level, line and exact text. */
struct want {
	enum block_kind kind;
	unsigned level;
	unsigned line;
	const char *text;
};

/* Loads a file, failing the test run when it cannot be read. */
static struct doc *
load(const char *dir, const char *name)
{
	char path[4096];
	struct qerr err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	struct doc *doc = doc_load_file(path, NULL, &err);
	if (!ok(doc != NULL, "%s loads", name))
		diag("%s", err.msg);
	return doc;
}

/* Loads text from memory with a given name (for sniffing) and format. */
static struct doc *
load_mem(const char *name, const char *text, enum doc_format fmt)
{
	struct doc_opts o = { .format = fmt };
	struct qerr err;
	struct doc *d = doc_load_memory(name, text, strlen(text), &o, &err);

	if (d == NULL) {
		diag("%s: %s", name, err.msg);
		abort();
	}
	return d;
}

/* Compares a block's text with an expected string. */
static bool
block_text_is(const struct block *b, const char *want)
{
	return strlen(want) == b->len && memcmp(b->text, want, b->len) == 0;
}

/* Checks every block of a document against a table. */
static void
check_blocks(const struct doc *d, const struct want *w, size_t n, const char *name)
{
	is_long((long)d->nblocks, (long)n, name);
	for (size_t i = 0; i < n && i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		char what[256];
		snprintf(what, sizeof what, "%s: block %zu is %s level %u at line %u", name, i,
			 block_kind_name(w[i].kind), w[i].level, w[i].line);
		bool same = b->kind == w[i].kind && b->level == w[i].level &&
			doc_block_line(d, b) == w[i].line && block_text_is(b, w[i].text);
		if (!ok(same, "%s", what))
			diag("got %s level %u line %u '%.*s'", block_kind_name(b->kind), b->level,
			     doc_block_line(d, b), (int)b->len, b->text);
	}
}

/* Whether articles, block.article and title blocks agree. */
static bool
articles_consistent(const struct doc *d)
{
	size_t next = 0;

	for (size_t a = 0; a < d->narticles; a++) {
		const struct article *art = &d->articles[a];
		if (art->first_block != next)
			return false;
		for (size_t i = art->first_block; i < art->first_block + art->nblocks; i++)
			if (doc_block_article(d, i) != a)
				return false;
		if (art->title_block != SIZE_MAX &&
		    (art->title_block < art->first_block ||
		     art->title_block >= art->first_block + art->nblocks ||
		     d->blocks[art->title_block].kind != BLOCK_TITLE))
			return false;
		next += art->nblocks;
	}
	return next == d->nblocks;
}

/* Counts the words of all blocks whose mapped offset does not show the same
 * bytes in doc->text (0 when every word is verbatim and mapped exactly). */
static size_t
mismatched_words(const struct doc *d)
{
	size_t bad = 0;

	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		for (size_t s = 0; s < b->len;) {
			size_t e = s, end;
			while (e < b->len && b->text[e] != ' ' && b->text[e] != '\n')
				e++;
			/* Up to the first ASCII punctuation: markup may sit there. */
			for (end = s + 1; end < e; end++)
				if (ispunct((unsigned char)b->text[end]))
					break;
			size_t at = block_doc_offset(b, s);
			if (at + (end - s) > d->len ||
			    memcmp(d->text + at, b->text + s, end - s) != 0) {
				diag("block %zu: '%.*s' maps to '%.*s'", i, (int)(end - s),
				     b->text + s, (int)(end - s),
				     at < d->len ? d->text + at : "");
				bad++;
			}
			s = e + 1;
		}
	}
	return bad;
}

/* Checks that each span of a block covers the expected text and that its
 * start maps to the same text in the source. */
static void
check_spans(const struct doc *d, const struct block *b, const struct span *w,
	    const char *const *texts, size_t n, const char *name)
{
	is_long((long)b->nspans, (long)n, name);
	for (size_t i = 0; i < n && i < b->nspans; i++) {
		const struct span *s = &b->spans[i];
		size_t tl = strlen(texts[i]);
		ok(s->start == w[i].start && s->len == w[i].len && s->style == w[i].style,
		   "%s: span %zu at %u+%u style %d", name, i, w[i].start, w[i].len, w[i].style);
		size_t at = block_doc_offset(b, s->start);
		ok(s->len == tl && memcmp(b->text + s->start, texts[i], tl) == 0 &&
		   at + tl <= d->len && memcmp(d->text + at, texts[i], tl) == 0,
		   "%s: span %zu is '%s' in the block and in the source", name, i, texts[i]);
	}
}

/* Counts blocks of a kind in an article. */
static size_t
count_kind(const struct doc *d, size_t article, enum block_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nblocks; i++)
		n += doc_block_article(d, i) == article && d->blocks[i].kind == kind;
	return n;
}

/* Format detection by name and content. */
static void
test_sniff(void)
{
	is_long(parse_sniff_format("a.md", "", 0), DOC_FORMAT_MARKDOWN, "sniff .md");
	is_long(parse_sniff_format("a.markdown", "", 0), DOC_FORMAT_MARKDOWN, "sniff .markdown");
	is_long(parse_sniff_format("A.HTML", "", 0), DOC_FORMAT_HTML, "sniff .HTML");
	is_long(parse_sniff_format("a.htm", "", 0), DOC_FORMAT_HTML, "sniff .htm");
	is_long(parse_sniff_format("a.xhtml", "", 0), DOC_FORMAT_HTML, "sniff .xhtml");
	is_long(parse_sniff_format("a.txt", "# not markdown", 14), DOC_FORMAT_TEXT,
		"sniff .txt wins over content");
	const char *html = "\n  <!doctype HTML><p>x";
	is_long(parse_sniff_format("-", html, strlen(html)), DOC_FORMAT_HTML, "sniff doctype");
	is_long(parse_sniff_format("x", "<html><body>", 12), DOC_FORMAT_HTML, "sniff <html");
	const char *md = "Intro\n\n## Section\n\ntext\n";
	is_long(parse_sniff_format("x", md, strlen(md)), DOC_FORMAT_MARKDOWN, "sniff ATX heading");
	const char *fence = "text\n```\ncode\n```\n";
	is_long(parse_sniff_format("x", fence, strlen(fence)), DOC_FORMAT_MARKDOWN, "sniff fence");
	const char *list = "- one `a`\n- two **b**\n";
	is_long(parse_sniff_format("x", list, strlen(list)), DOC_FORMAT_MARKDOWN,
		"sniff list with inline markup");
	const char *plain = "- one\n- two\nplain text #5\n";
	is_long(parse_sniff_format("x", plain, strlen(plain)), DOC_FORMAT_TEXT,
		"a plain list alone stays text");
	const char *hash = "#hashtag is not a heading\n";
	is_long(parse_sniff_format("x", hash, strlen(hash)), DOC_FORMAT_TEXT, "sniff #hashtag");
}

/* The Arabic corpus file: two articles, metadata, five headings. */
static void
test_arabic(const char *corpus)
{
	struct doc *d = load(corpus, "ar-kaspersky-alwafd.txt");
	if (d == NULL)
		return;
	is_long((long)d->narticles, 2, "ar: two articles");
	is_long((long)d->nblocks, 68, "ar: one block per line");
	ok(articles_consistent(d), "ar: articles and blocks agree");
	const struct article *a0 = &d->articles[0], *a1 = &d->articles[1];
	ok(a0->title_block != SIZE_MAX && doc_block_line(d, &d->blocks[a0->title_block]) == 1,
	   "ar: first title is line 1");
	ok(block_text_is(&d->blocks[a0->title_block],
			 "كاسبرسكي الروسية تنهي عملياتها في الولايات المتحدة"),
	   "ar: first title text");
	is_long((long)count_kind(d, 0, BLOCK_DATE), 1, "ar: one date block");
	is_long(d->blocks[1].kind, BLOCK_DATE, "ar: line 2 is the date");
	is_long((long)count_kind(d, 0, BLOCK_HEADING), 5, "ar: exactly five headings");
	static const unsigned heading_lines[] = { 4, 11, 18, 24, 28 };
	size_t h = 0;
	for (size_t i = a0->first_block; i < a0->first_block + a0->nblocks; i++)
		if (d->blocks[i].kind == BLOCK_HEADING && h < 5)
			is_long(doc_block_line(d, &d->blocks[i]), heading_lines[h++], "ar: heading line");
	ok(block_text_is(&d->blocks[3], "وداعا الولايات المتحدة"), "ar: heading text of line 4");
	is_long(d->blocks[3].kind, BLOCK_HEADING, "ar: line 4 is a heading");
	is_long(d->blocks[31].kind, BLOCK_SOURCE, "ar: line 32 is the source");
	is_long(doc_block_line(d, &d->blocks[31]), 32, "ar: source line number");
	is_long(d->blocks[32].kind, BLOCK_KEYWORDS, "ar: line 33 is the keywords");
	is_long((long)count_kind(d, 0, BLOCK_SOURCE), 1, "ar: one source block");
	is_long((long)count_kind(d, 0, BLOCK_KEYWORDS), 1, "ar: one keywords block");
	is_long(d->blocks[a1->first_block].kind, BLOCK_SEPARATOR,
		"ar: the second article starts at the marker");
	is_long(doc_block_line(d, &d->blocks[a1->first_block]), 34, "ar: marker line");
	ok(a1->title_block != SIZE_MAX && doc_block_line(d, &d->blocks[a1->title_block]) == 35,
	   "ar: second title is line 35");
	is_long((long)count_kind(d, 1, BLOCK_HEADING), 0, "ar: no heading in the second article");
	is_long((long)count_kind(d, 1, BLOCK_PARAGRAPH), 33, "ar: 33 paragraphs in the second");
	is_long((long)count_kind(d, 0, BLOCK_PARAGRAPH), 24, "ar: 24 paragraphs in the first");
	is_long(d->script, USCRIPT_ARABIC, "ar: document script");
	is_str(d->lang, "ar", "ar: document language");
	is_long(d->dir, DIR_RTL, "ar: document direction");
	is_long(d->blocks[1].dir, DIR_RTL, "ar: date line (Latin inside) is RTL");
	is_str(d->blocks[2].lang, "ar", "ar: paragraph language");
	is_long((long)mismatched_words(d), 0, "ar: every word maps to itself");
	size_t not_slices = 0;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		if (b->map != NULL || b->text != d->text + b->text_off ||
		    b->src_off != doc_line_start(d, doc_block_line(d, b) - 1)) {
			if (not_slices++ == 0)
				diag("ar: block %zu is not a slice starting its line", i);
		}
	}
	ok(d->nblocks > 0 && not_slices == 0, "ar: every block is a slice starting its line");
	doc_free(d);
}

/* The French corpus file: noise, title, date, language menu, paragraphs. */
static void
test_french(const char *corpus)
{
	struct doc *d = load(corpus, "fr-kaspersky.txt");
	if (d == NULL)
		return;
	is_long((long)d->narticles, 1, "fr: one article");
	is_long((long)d->nblocks, 10, "fr: ten blocks");
	ok(articles_consistent(d), "fr: articles and blocks agree");
	static const enum block_kind kinds[] = {
		BLOCK_BOILERPLATE, BLOCK_TITLE, BLOCK_DATE, BLOCK_BOILERPLATE,
		BLOCK_PARAGRAPH, BLOCK_PARAGRAPH, BLOCK_PARAGRAPH, BLOCK_PARAGRAPH,
		BLOCK_PARAGRAPH, BLOCK_PARAGRAPH,
	};
	static const unsigned lines[] = { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19 };
	for (size_t i = 0; i < 10 && i < d->nblocks; i++) {
		char name[64];
		snprintf(name, sizeof name, "fr: block %zu is %s at line %u", i,
			 block_kind_name(kinds[i]), lines[i]);
		ok(d->blocks[i].kind == kinds[i] && doc_block_line(d, &d->blocks[i]) == lines[i], "%s", name);
	}
	ok(block_text_is(&d->blocks[0], "nouvelles"), "fr: noise text");
	ok(block_text_is(&d->blocks[2], "2024-07-18"), "fr: date text");
	is_long((long)d->articles[0].title_block, 1, "fr: title block");
	is_long(d->script, USCRIPT_LATIN, "fr: document script");
	is_str(d->lang, "fr", "fr: document language");
	is_long(d->dir, DIR_LTR, "fr: document direction");
	is_str(d->blocks[1].lang, "fr", "fr: title language");
	is_long((long)mismatched_words(d), 0, "fr: every word maps to itself");
	doc_free(d);
}

/* Blank-line separated, hard-wrapped plain text with lists and quotes. */
static void
test_wrapped(const char *fixtures)
{
	struct doc *d = load(fixtures, "struct-wrapped.txt");
	if (d == NULL)
		return;
	static const struct want w[] = {
		{ BLOCK_BOILERPLATE, 0, 1, "news" },
		{ BLOCK_TITLE, 1, 3, "Kaspersky to leave the United States" },
		{ BLOCK_DATE, 0, 5, "Published on July 18, 2024" },
		{ BLOCK_PARAGRAPH, 0, 7,
		  "The Russian security company Kaspersky Lab said it will close its\n"
		  "American business and lay off its staff there from 20 July, after\n"
		  "the Commerce Department banned its software." },
		{ BLOCK_HEADING, 1, 11, "Reactions" },
		{ BLOCK_PARAGRAPH, 0, 13,
		  "The Kremlin called the ban unfair competition. The company said it\n"
		  "had no business prospects in the country and would leave." },
		{ BLOCK_ITEM, 1, 16, "- first item of a plain list\n  that continues here" },
		{ BLOCK_ITEM, 1, 18, "- second item" },
		{ BLOCK_ITEM, 1, 19, "1. numbered item" },
		{ BLOCK_QUOTE, 0, 21, "A quoted line\nand its continuation." },
		{ BLOCK_SOURCE, 0, 24, "Source: Reuters" },
		{ BLOCK_SEPARATOR, 0, 26, "Read more:" },
		{ BLOCK_TITLE, 1, 28, "Britain drifts away from Washington" },
		{ BLOCK_PARAGRAPH, 0, 30,
		  "A report in an American newspaper says that the British government has\n"
		  "taken a more independent line on Gaza and Ukraine." },
	};
	check_blocks(d, w, sizeof w / sizeof w[0], "wrapped");
	is_long((long)d->narticles, 2, "wrapped: two articles");
	ok(articles_consistent(d), "wrapped: articles and blocks agree");
	is_long((long)mismatched_words(d), 0, "wrapped: every word maps to itself");
	if (d->nblocks > 9) {
		const struct block *q = &d->blocks[9];
		ok(q->map != NULL && block_doc_offset(q, 14) ==
		   (size_t)(strstr(d->text, "and its") - d->text),
		   "wrapped: quote continuation maps past its marker");
		ok(d->blocks[6].src_off == d->blocks[6].text_off &&
		   d->text[d->blocks[6].text_off] == '-',
		   "wrapped: a plain-text item keeps its marker in its text");
	}
	is_str(d->lang, "en", "wrapped: English");
	doc_free(d);
}

/* A Hebrew and a Persian article pair with their "read also" markers. */
static void
test_rtl_fixtures(const char *fixtures)
{
	static const struct want he[] = {
		{ BLOCK_TITLE, 1, 1, "קספרסקי עוזבת את ארצות הברית" },
		{ BLOCK_DATE, 0, 2, "פורסם: 18 ביולי 2024" },
		{ BLOCK_PARAGRAPH, 0, 3, NULL },
		{ BLOCK_HEADING, 1, 4, "תגובות במוסקבה" },
		{ BLOCK_PARAGRAPH, 0, 5, NULL },
		{ BLOCK_SOURCE, 0, 6, "מקור: רויטרס" },
		{ BLOCK_KEYWORDS, 0, 7, "תגיות: קספרסקי, אבטחה, רוסיה" },
		{ BLOCK_SEPARATOR, 0, 8, "קראו גם:" },
		{ BLOCK_TITLE, 1, 9, "בריטניה מתרחקת מארצות הברית" },
		{ BLOCK_PARAGRAPH, 0, 10, NULL },
	};
	static const struct want fa[] = {
		{ BLOCK_TITLE, 1, 1, "کسپرسکی از آمریکا خارج می‌شود" },
		{ BLOCK_DATE, 0, 2, "تاریخ انتشار: ۲۷ تیر ۱۴۰۳" },
		{ BLOCK_PARAGRAPH, 0, 3, NULL },
		{ BLOCK_HEADING, 1, 4, "واکنش مسکو" },
		{ BLOCK_PARAGRAPH, 0, 5, NULL },
		{ BLOCK_SOURCE, 0, 6, "منبع: رویترز" },
		{ BLOCK_KEYWORDS, 0, 7, "برچسب‌ها: کسپرسکی، امنیت، روسیه" },
		{ BLOCK_SEPARATOR, 0, 8, "بیشتر بخوانید:" },
		{ BLOCK_TITLE, 1, 9, "بریتانیا از مسیر آمریکا فاصله می‌گیرد" },
		{ BLOCK_PARAGRAPH, 0, 10, NULL },
	};
	const struct { const char *file, *lang; const struct want *w; int script; } cases[] = {
		{ "struct-he.txt", "he", he, USCRIPT_HEBREW },
		{ "struct-fa.txt", "fa", fa, USCRIPT_ARABIC },
	};
	for (size_t c = 0; c < 2; c++) {
		struct doc *d = load(fixtures, cases[c].file);
		if (d == NULL)
			continue;
		is_long((long)d->nblocks, 10, cases[c].file);
		for (size_t i = 0; i < 10 && i < d->nblocks; i++) {
			const struct want *w = &cases[c].w[i];
			const struct block *b = &d->blocks[i];
			ok(b->kind == w->kind && doc_block_line(d, b) == w->line && b->level == w->level &&
			   (w->text == NULL || block_text_is(b, w->text)) && b->dir == DIR_RTL,
			   "%s: line %u is an RTL %s", cases[c].file, w->line,
			   block_kind_name(w->kind));
		}
		is_long((long)d->narticles, 2, "two articles");
		ok(articles_consistent(d), "%s: articles and blocks agree", cases[c].file);
		is_long((long)d->articles[1].title_block, 8, "second title");
		is_str(d->lang, cases[c].lang, "document language");
		is_long(d->script, cases[c].script, "document script");
		is_long(d->dir, DIR_RTL, "document direction");
		doc_free(d);
	}
}

/* Markdown: headings, lists, quotes, code, spans and their offsets. */
static void
test_markdown(const char *fixtures)
{
	struct doc *d = load(fixtures, "struct-sample.md");
	if (d == NULL)
		return;
	is_long(d->format, DOC_FORMAT_MARKDOWN, "md: sniffed by extension");
	static const struct want w[] = {
		{ BLOCK_TITLE, 1, 1, "Kaspersky leaves the US" },
		{ BLOCK_DATE, 0, 3, "Published: 2024-07-18" },
		{ BLOCK_PARAGRAPH, 0, 5,
		  "The company will close its American offices, says Reuters and the BBC." },
		{ BLOCK_HEADING, 2, 7, "Reactions" },
		{ BLOCK_ITEM, 1, 9, "Moscow protested" },
		{ BLOCK_ITEM, 2, 10, "the ministry spoke" },
		{ BLOCK_ITEM, 1, 11, "Washington held firm" },
		{ BLOCK_QUOTE, 0, 13, "The decision is final,\na spokesman said." },
		{ BLOCK_CODE, 0, 16, "code line 1\ncode line 2" },
		{ BLOCK_KEYWORDS, 0, 21, "Tags: security, Russia" },
	};
	check_blocks(d, w, sizeof w / sizeof w[0], "md");
	ok(articles_consistent(d), "md: articles and blocks agree");
	is_long((long)mismatched_words(d), 0, "md: every word maps to itself");
	if (d->nblocks > 2) {
		static const struct span sp[] = {
			{ 12, 10, SPAN_STRONG }, { 27, 8, SPAN_EMPH },
			{ 50, 7, SPAN_CODE }, { 62, 7, SPAN_LINK },
		};
		static const char *const texts[] = { "will close", "American", "Reuters", "the BBC" };
		const struct block *b = &d->blocks[2];
		check_spans(d, b, sp, texts, 4, "md spans");
		is_long((long)block_doc_offset(b, 0), 50, "md: paragraph starts at byte 50");
		is_long((long)block_doc_offset(b, 12), 64, "md: strong text at byte 64");
		is_long((long)block_doc_offset(b, 62), 121, "md: link text at byte 121");
		is_long((long)b->src_off, 50, "md: paragraph source offset");
		is_long((long)d->blocks[0].src_off, 0, "md: heading source includes its #");
	}
	doc_free(d);
}

/* HTML: title, headings, lists, quote, pre; script, style, nav dropped. */
static void
test_html(const char *fixtures)
{
	struct doc *d = load(fixtures, "struct-sample.html");
	if (d == NULL)
		return;
	is_long(d->format, DOC_FORMAT_HTML, "html: sniffed by extension");
	static const struct want w[] = {
		{ BLOCK_TITLE, 1, 2, "Kaspersky & the US" },
		{ BLOCK_HEADING, 1, 7, "Kaspersky leaves" },
		{ BLOCK_PARAGRAPH, 0, 8,
		  "The company will close its American offices, says Reuters & the BBC." },
		{ BLOCK_HEADING, 2, 10, "Reactions" },
		{ BLOCK_ITEM, 1, 11, "Moscow protested" },
		{ BLOCK_ITEM, 2, 11, "the ministry spoke" },
		{ BLOCK_ITEM, 1, 12, "Washington held firm" },
		{ BLOCK_QUOTE, 0, 13, "The decision is final." },
		{ BLOCK_CODE, 0, 14, "line 1\n  line 2" },
	};
	check_blocks(d, w, sizeof w / sizeof w[0], "html");
	ok(articles_consistent(d), "html: articles and blocks agree");
	is_long((long)mismatched_words(d), 0, "html: every word maps to itself");
	bool leaked = false;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		char buf[512];
		snprintf(buf, sizeof buf, "%.*s", (int)b->len, b->text);
		if (strstr(buf, "hidden") || strstr(buf, "color") || strstr(buf, "Home") ||
		    strstr(buf, "Copyright"))
			leaked = true;
	}
	ok(!leaked, "html: script, style, nav and footer dropped");
	if (d->nblocks > 2) {
		static const struct span sp[] = {
			{ 12, 10, SPAN_STRONG }, { 27, 8, SPAN_EMPH },
			{ 50, 7, SPAN_CODE }, { 60, 7, SPAN_LINK },
		};
		static const char *const texts[] = { "will close", "American", "Reuters", "the BBC" };
		const struct block *b = &d->blocks[2];
		check_spans(d, b, sp, texts, 4, "html spans");
		is_long((long)block_doc_offset(b, 0), 241, "html: paragraph starts at byte 241");
		is_long((long)block_doc_offset(b, 36), 296,
			"html: a word after a collapsed newline maps exactly");
		is_long((long)block_doc_offset(b, 58), 331, "html: '&' maps to its '&amp;'");
		is_long((long)block_doc_offset(&d->blocks[0], 10), 45,
			"html: title '&' maps to its '&amp;'");
	}
	doc_free(d);
}

/* Markup in memory: overrides, fragments, empty input, CRLF, markers. */
static void
test_memory(void)
{
	struct doc *d = load_mem("-", "", DOC_FORMAT_AUTO);
	is_long((long)d->nblocks, 0, "empty: no blocks");
	is_long(d->dir, DIR_LTR, "empty: direction defaults to LTR");
	doc_free(d);

	d = load_mem("x.txt", "# Title\n\nBody text.\n", DOC_FORMAT_MARKDOWN);
	is_long(d->format, DOC_FORMAT_MARKDOWN, "forced format wins over extension");
	ok(d->nblocks == 2 && d->blocks[0].kind == BLOCK_TITLE &&
	   block_text_is(&d->blocks[0], "Title"), "forced Markdown parses the heading");
	doc_free(d);

	d = load_mem("-", "Titre\r\n\r\nUn paragraphe qui se termine ici.\r\n", DOC_FORMAT_AUTO);
	ok(d->nblocks == 2 && block_text_is(&d->blocks[0], "Titre") &&
	   block_text_is(&d->blocks[1], "Un paragraphe qui se termine ici."),
	   "CRLF lines are trimmed");
	doc_free(d);

	d = load_mem("frag", "<p>un <i>deux</i></p><p>trois</p>", DOC_FORMAT_HTML);
	ok(d->nblocks == 2 && block_text_is(&d->blocks[0], "un deux") &&
	   d->blocks[0].nspans == 1 && d->blocks[0].spans[0].start == 3,
	   "HTML fragment without html/body");
	doc_free(d);

	d = load_mem("m.txt", "Title one\nA first paragraph that is long enough to be one.\n"
		     "اقرا ايضا\nTitle two\nA second paragraph that is long enough too.\n",
		     DOC_FORMAT_AUTO);
	ok(d->narticles == 2 && d->blocks[2].kind == BLOCK_SEPARATOR &&
	   d->blocks[3].kind == BLOCK_TITLE, "marker without hamza or colon splits");
	doc_free(d);

	d = load_mem("m.txt", "Title one\nA first paragraph that is long enough to be one.\n"
		     "إقرأ أيضا :\nTitle two\nÀ lire aussi\nTitle three\n", DOC_FORMAT_AUTO);
	ok(d->narticles == 3 && articles_consistent(d) &&
	   d->articles[2].title_block == 5, "markers with hamza, space before colon, French");
	doc_free(d);

	d = load_mem("m.txt", "Headline\nRead also the report we published last week, "
		     "which explains the ban.\nIts end.\n", DOC_FORMAT_AUTO);
	ok(d->narticles == 1 && d->blocks[1].kind == BLOCK_PARAGRAPH,
	   "a sentence starting with a marker does not split");
	doc_free(d);

	d = load_mem("m.txt", "Headline\nHome | World | Sports | Contact\nBody text that goes "
		     "on for a while.\n", DOC_FORMAT_AUTO);
	ok(d->blocks[1].kind == BLOCK_BOILERPLATE, "a menu of bars is boilerplate");
	doc_free(d);

	d = load_mem("meta", "<html><head><meta charset=\"windows-1256\"><title>عنوان</title>"
		     "</head><body><p>نص عربي</p></body></html>", DOC_FORMAT_AUTO);
	ok(d->format == DOC_FORMAT_HTML && d->nblocks == 2 &&
	   block_text_is(&d->blocks[0], "عنوان") && block_text_is(&d->blocks[1], "نص عربي"),
	   "HTML: a meta charset does not re-decode the UTF-8 text");
	doc_free(d);

	d = load_mem("q.txt", "Titre\n> une citation seule\nUn paragraphe assez long pour en "
		     "être un.\n", DOC_FORMAT_AUTO);
	ok(d->nblocks == 3 && d->blocks[1].kind == BLOCK_QUOTE && d->blocks[1].map == NULL &&
	   block_text_is(&d->blocks[1], "une citation seule") && d->blocks[1].text_off == 8 &&
	   d->blocks[1].src_off == 6, "a one-line quote is a slice after its marker");
	doc_free(d);

	d = load_mem("m.txt", "123 456\n", DOC_FORMAT_AUTO);
	ok(d->nblocks == 1 && d->blocks[0].dir == DIR_LTR,
	   "a block without strong characters takes the document's direction");
	doc_free(d);

	d = load_mem("m.txt", "שלום עולם\n2024\nשורה נוספת וארוכה יותר מהקודמת\n", DOC_FORMAT_AUTO);
	ok(d->nblocks == 3 && d->blocks[1].dir == DIR_RTL && d->dir == DIR_RTL,
	   "digits alone in a Hebrew document are RTL");
	doc_free(d);
}

/* A large document (its blocks and lines handled on several threads) gets
 * exactly the blocks, kinds and labels of the same text read once. */
static void
test_large(void)
{
	static const char unit[] =
		"Lire aussi :\n\n"
		"Le titre d'un article\n\n"
		"18/07/2024\n\n"
		"Source : AFP\n\n"
		"Mots-cl\xC3\xA9s : s\xC3\xA9" "curit\xC3\xA9, logiciels\n\n"
		"English | Fran\xC3\xA7" "ais | \xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9\n\n"
		"La soci\xC3\xA9t\xC3\xA9 a annonc\xC3\xA9 qu'elle fermerait ses activit\xC3\xA9s "
		"aux \xC3\x89tats-Unis apr\xC3\xA8s l'interdiction de ses logiciels.\n\n"
		"\xD8\xA7\xD9\x84\xD9\x85\xD8\xB5\xD8\xAF\xD8\xB1: \xD9\x88\xD9\x83\xD8\xA7\xD9\x84\xD8\xA7\xD8\xAA\n\n"
		"\xD9\x82\xD8\xA7\xD9\x84\xD8\xAA \xD8\xA7\xD9\x84\xD8\xB4\xD8\xB1\xD9\x83\xD8\xA9 "
		"\xD9\x81\xD9\x8A \xD8\xA8\xD9\x8A\xD8\xA7\xD9\x86 \xD8\xA5\xD9\x86\xD9\x87\xD8\xA7 "
		"\xD9\x84\xD9\x86 \xD8\xAA\xD8\xA8\xD9\x8A\xD8\xB9 \xD8\xA8\xD8\xB1\xD8\xA7\xD9\x85\xD8\xAC\xD9\x87\xD8\xA7 "
		"\xD8\xB9\xD9\x84\xD9\x89 \xD8\xA7\xD9\x84\xD8\xB1\xD8\xBA\xD9\x85 \xD9\x85\xD9\x86 "
		"\xD8\xB0\xD9\x84\xD9\x83.\n\n"
		"\xD7\x97\xD7\x91\xD7\xA8\xD7\xAA \xD7\x94\xD7\x90\xD7\x91\xD7\x98\xD7\x97\xD7\x94 "
		"\xD7\x94\xD7\x95\xD7\x93\xD7\x99\xD7\xA2\xD7\x94 \xD7\x9B\xD7\x99 \xD7\xAA\xD7\xA1\xD7\x92\xD7\x95\xD7\xA8.\n\n";
	const size_t copies = 12000;
	size_t ulen = strlen(unit);
	struct strbuf big = STRBUF_INIT;

	for (size_t i = 0; i < copies; i++)
		strbuf_append(&big, unit, ulen);
	struct doc *one = load_mem("one.txt", unit, DOC_FORMAT_TEXT);
	struct doc_opts o = { .format = DOC_FORMAT_TEXT };
	struct qerr err;
	struct doc *d = doc_load_memory("big.txt", big.data, big.len, &o, &err);

	if (!ok(d != NULL, "a large text loads")) {
		diag("%s", err.msg);
		strbuf_free(&big);
		doc_free(one);
		return;
	}
	is_long((long)one->nblocks, 10, "one copy has 10 blocks");
	is_long((long)d->nblocks, (long)(copies * one->nblocks), "every copy has as many blocks");
	is_long((long)d->narticles, (long)copies, "every copy is an article of its own");
	size_t bad = 0, first_bad = SIZE_MAX;
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i], *w = &one->blocks[i % one->nblocks];
		size_t shift = (i / one->nblocks) * ulen;
		if (b->kind != w->kind || b->level != w->level || b->len != w->len ||
		    b->text_off != w->text_off + shift || b->script != w->script ||
		    strcmp(b->lang, w->lang) != 0 || b->dir != w->dir ||
		    doc_block_article(d, i) != i / one->nblocks) {
			if (bad++ == 0)
				first_bad = i;
		}
	}
	if (!ok(bad == 0, "every block of the large text is its copy's block"))
		diag("%zu blocks differ, the first at %zu", bad, first_bad);
	const enum block_kind kinds[] = {
		BLOCK_SEPARATOR, BLOCK_TITLE, BLOCK_DATE, BLOCK_SOURCE, BLOCK_KEYWORDS,
		BLOCK_BOILERPLATE, BLOCK_PARAGRAPH, BLOCK_SOURCE, BLOCK_PARAGRAPH,
		BLOCK_PARAGRAPH,
	};
	size_t kinds_ok = 0;
	for (size_t i = 0; i < one->nblocks && i < 10; i++)
		kinds_ok += one->blocks[i].kind == kinds[i];
	is_long((long)kinds_ok, 10, "the copy's kinds: marker, title, date, source, keywords, menu, paragraphs");
	is_str(one->blocks[6].lang, "fr", "the French paragraph is French");
	is_str(one->blocks[8].lang, "ar", "the Arabic paragraph is Arabic");
	is_long(one->blocks[8].dir, DIR_RTL, "the Arabic paragraph is right to left");
	is_str(one->blocks[9].lang, "he", "the Hebrew paragraph is Hebrew");
	is_str(d->lang, one->lang, "the large text's language is the copy's");
	is_long(d->script, one->script, "the large text's script is the copy's");
	doc_free(d);
	doc_free(one);
	strbuf_free(&big);
}

/* The line table: 32-bit entries for a small text, every line's start, no
 * line after a final newline, and lines of offsets found back. */
static void
test_lines(void)
{
	struct doc *d = load_mem("l.txt", "a\nbb\n\nccc\n", DOC_FORMAT_TEXT);
	static const size_t starts[] = { 0, 2, 5, 6 };

	ok(!d->line_starts_wide, "a small text has 32-bit line starts");
	is_long((long)d->nlines, 4, "four lines: no fifth after the final newline");
	for (unsigned i = 0; i < 4; i++)
		ok(doc_line_start(d, i) == starts[i], "line %u starts at %zu", i + 1, starts[i]);
	is_long(doc_line_of(d, 0), 1, "offset 0 is on line 1");
	is_long(doc_line_of(d, 4), 2, "the newline ending line 2 is on it");
	is_long(doc_line_of(d, 5), 3, "the empty line 3");
	is_long(doc_line_of(d, 9), 4, "the final newline is on line 4");
	doc_free(d);
	d = load_mem("l.txt", "no newline", DOC_FORMAT_TEXT);
	is_long((long)d->nlines, 1, "a text without a newline is one line");
	is_long((long)doc_line_start(d, 0), 0, "starting at 0");
	doc_free(d);
}

/* The derived block fields against what they stand for: a block's line is
 * one more than the newlines before its source start, its article the one
 * whose range holds it. */
static void
test_derived(const char *dir, const char *name)
{
	struct doc *d = load(dir, name);
	size_t bad_line = 0, bad_art = 0, a = 0;
	unsigned line = 1;
	size_t at = 0;

	if (d == NULL)
		return;
	ok(d->nblocks > 1 && d->narticles > 0, "%s: blocks and articles", name);
	for (size_t i = 0; i < d->nblocks; i++) {
		const struct block *b = &d->blocks[i];
		for (; at < b->src_off; at++)
			line += d->text[at] == '\n';
		bad_line += doc_block_line(d, b) != line;
		while (a + 1 < d->narticles && d->articles[a + 1].first_block <= i)
			a++;
		bad_art += doc_block_article(d, i) != a ||
			   i >= d->articles[a].first_block + d->articles[a].nblocks;
	}
	ok(bad_line == 0, "%s: every block's line counts the newlines before it", name);
	ok(bad_art == 0, "%s: every block's article holds it", name);
	doc_free(d);
}

int
main(void)
{
	const char *corpus = corpus_dir();
	const char *fixtures = getenv("FIXTURES");

	test_sniff();
	test_memory();
	test_large();
	test_lines();
	if (fixtures != NULL && *fixtures != '\0') {
		test_wrapped(fixtures);
		test_rtl_fixtures(fixtures);
		test_markdown(fixtures);
		test_html(fixtures);
		test_derived(fixtures, "struct-sample.html");
		test_derived(fixtures, "struct-sample.md");
		test_derived(fixtures, "struct-he.txt");
		test_derived(fixtures, "search-mixed.txt");
	} else {
		ok(0, "FIXTURES names the fixture directory");
	}
	if (corpus != NULL) {
		test_arabic(corpus);
		test_french(corpus);
		test_derived(corpus, "ar-kaspersky-alwafd.txt");
		test_derived(corpus, "fr-kaspersky.cp1252.txt");
	} else {
		diag("corpus absent: corpus tests not run");
	}
	return done_testing();
}
