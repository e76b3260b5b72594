/* Offset maps of Markdown and HTML blocks: every character of a block's
 * text names its own source byte, after character references, backslash
 * escapes and markup. The expected offsets are counted by hand. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "tap.h"

/* What one block of a document should hold: its text and the source offset
 * of each of its characters, in order (-1: one the source does not show as
 * it can be told, which only has to fall in the block's source range, on
 * the start of a character). */
struct want_block {
	const char *text;
	const long *offs;
	size_t n;
};

/* Checks a block of doc against what it should hold. */
static void
check_offsets(const char *name, const struct doc *doc, const struct block *b,
	      const struct want_block *w)
{
	char *text = strndup(b->text, b->len);
	is_str(text, w->text, name);
	free(text);
	size_t i = 0, k = 0;
	bool same = true;
	while (i < b->len && k < w->n) {
		long got = (long)block_doc_offset(b, i);
		if (w->offs[k] >= 0 ? got != w->offs[k]
		    : got < (long)b->src_off || got >= (long)(b->src_off + b->src_len) ||
		      ((unsigned char)doc->text[got] & 0xC0) == 0x80) {
			diag("character %zu (byte %zu): source offset %ld, expected %ld", k, i,
			     got, w->offs[k]);
			same = false;
		}
		int n = u8_mblen((const uint8_t *)b->text + i, b->len - i);
		i += n > 0 ? (size_t)n : 1;
		k++;
	}
	ok(same && i == b->len && k == w->n, "%s: every character's source offset", name);
}

/* Checks a document of one block: its text, then the source offset of each
 * of its characters, in order. */
static void
check_block(const char *name, enum doc_format format, const char *src,
	    const char *want_text, const long *want, size_t nwant)
{
	struct doc_opts opts = { .format = format };
	struct qerr err;
	struct doc *doc = doc_load_memory(name, src, strlen(src), &opts, &err);

	if (!ok(doc != NULL && doc->nblocks == 1, "%s: one block", name)) {
		doc_free(doc);
		return;
	}
	check_offsets(name, doc, &doc->blocks[0],
		      &(struct want_block){ want_text, want, nwant });
	doc_free(doc);
}

/* Checks a document of several blocks, src[0, len) (it may hold NULs),
 * each as check_block does, and that each block's source range ends before
 * the next one's begins. */
static void
check_blocks_len(const char *name, enum doc_format format, const char *src, size_t len,
		 const struct want_block *want, size_t nwant)
{
	struct doc_opts opts = { .format = format,
				  .decode = { .allow_binary = memchr(src, 0, len) != NULL } };
	struct qerr err;
	struct doc *doc = doc_load_memory(name, src, len, &opts, &err);

	if (!ok(doc != NULL && doc->nblocks == nwant, "%s: %zu blocks", name, nwant)) {
		doc_free(doc);
		return;
	}
	for (size_t k = 0; k < nwant; k++) {
		const struct block *b = &doc->blocks[k];
		char bname[128];
		snprintf(bname, sizeof bname, "%s, block %zu", name, k);
		check_offsets(bname, doc, b, &want[k]);
		if (k + 1 < nwant)
			ok(b->src_off + b->src_len <= doc->blocks[k + 1].src_off,
			   "%s: its source ends before the next block's", bname);
	}
	doc_free(doc);
}

/* check_blocks_len on a string without NULs. */
static void
check_blocks(const char *name, enum doc_format format, const char *src,
	     const struct want_block *want, size_t nwant)
{
	check_blocks_len(name, format, src, strlen(src), want, nwant);
}

int
main(void)
{
	static const long md_want[] = {
		0, 1, 2, 3,       /* "Tom " */
		4,                /* & from &amp; */
		9, 10, 11, 12, 13, 14, 15, /* " Jerry " */
		16,               /* * from \* */
		18,               /* x */
		19,               /* * from \* */
		21, 22, 23, 24, 25, 26, /* " 2024 " */
		27,               /* é from &eacute; */
		35,               /* t */
		36,               /* é from &#233; */
	};
	check_block("markdown", DOC_FORMAT_MARKDOWN,
		    "Tom &amp; Jerry \\*x\\* 2024 &eacute;t&#233;\n",
		    "Tom & Jerry *x* 2024 \u00e9t\u00e9", md_want,
		    sizeof md_want / sizeof *md_want);

	static const long md_emph_want[] = {
		2, 3,             /* "a" "&" inside ** */
		4,                /* & from &amp; in the strong span */
		9, 12, 13,        /* b, " " after the closing **, c */
		14,               /* < from &lt; */
	};
	check_block("markdown in emphasis", DOC_FORMAT_MARKDOWN,
		    "**a &amp;b** c&lt;\n", "a &b c<", md_emph_want,
		    sizeof md_emph_want / sizeof *md_emph_want);

	static const long html_want[] = {
		3, 4, 5, 6,       /* "Tom " */
		7,                /* & from &amp; */
		12, 13, 14, 15, 16, 17, 18, /* " Jerry " */
		19,               /* < from &lt; */
		23,               /* b */
		24,               /* > from &gt; */
		28,               /* " " */
		29,               /* é from &eacute; */
		37,               /* t */
		38,               /* é from &#xE9; */
		44,               /* " " */
		45, 52,           /* ا ل from &#1575;&#1604; */
		59, 60, 61, 62, 63, /* " 2024" */
	};
	check_block("html", DOC_FORMAT_HTML,
		    "<p>Tom &amp; Jerry &lt;b&gt; &eacute;t&#xE9; &#1575;&#1604; 2024</p>\n",
		    "Tom & Jerry <b> \u00e9t\u00e9 \u0627\u0644 2024", html_want,
		    sizeof html_want / sizeof *html_want);

	/* The text of a deeply nested element is found past all its markup. */
	static const long deep_want[] = { 24, 25 };
	check_block("html past markup", DOC_FORMAT_HTML,
		    "<div><div><div><div>\n<b>x&gt;</b></div></div></div></div>\n", "x>",
		    deep_want, sizeof deep_want / sizeof *deep_want);

	/* What libxml2 drops and HTML keeps: a form feed is white space, a
	 * "&#" with no digits is text, U+FFFF shows as U+FFFD. */
	static const long html_dropped_want[] = {
		3, 4, 5,          /* a, the form feed as a space, b */
		6, 7, 8, 9,       /* " &# " */
		10, 11, 14,       /* c, U+FFFF as U+FFFD, d */
	};
	check_block("html form feed, bare &#, noncharacter", DOC_FORMAT_HTML,
		    "<p>a\fb &# c\xef\xbf\xbf" "d</p>\n", "a b &# c\uFFFDd", html_dropped_want,
		    sizeof html_dropped_want / sizeof *html_dropped_want);

	/* A reference to U+0080-U+009F is the windows-1252 character of that
	 * byte where there is one (HTML5): &#150; is an en dash. */
	static const long html_c1_want[] = { 3, 4, 10, 11, 17 };
	check_block("html reference to a C1 code", DOC_FORMAT_HTML, "<p>a&#150;b&#129;c</p>\n",
		    "a\u2013b\xc2\x81" "c", html_c1_want, sizeof html_c1_want / sizeof *html_c1_want);

	/* A raw control right after a reference: its picture resumes the
	 * alignment. */
	static const long html_ref_ctl_want[] = { 3, 4, 12, 13 };
	check_block("html control after a reference", DOC_FORMAT_HTML, "<p>f&eacute;\x16x</p>\n",
		    "f\u00e9\u2416x", html_ref_ctl_want,
		    sizeof html_ref_ctl_want / sizeof *html_ref_ctl_want);

	/* And one a character after it. */
	static const long html_ref_ch_ctl_want[] = { 3, 4, 12, 13, 14 };
	check_block("html control a character after a reference", DOC_FORMAT_HTML,
		    "<p>f&eacute;x\x16y</p>\n", "f\u00e9x\u2416y", html_ref_ch_ctl_want,
		    sizeof html_ref_ch_ctl_want / sizeof *html_ref_ch_ctl_want);

	/* libxml2 keeps a "</" that no letter follows as text, less the
	 * "</", and ignores a stray end tag inside a text. */
	static const long html_bogus_want[] = { 3, 4, 7, 8, 9, 10 };
	check_block("html text after a bogus end tag", DOC_FORMAT_HTML, "<p>ab</]c>d</p>\n",
		    "ab]c>d", html_bogus_want, sizeof html_bogus_want / sizeof *html_bogus_want);
	static const long html_stray_want[] = { 5, 6, 11, 12 };
	check_block("html text around a stray end tag", DOC_FORMAT_HTML, "<div>gh</p>ij</div>\n", "ghij",
		    html_stray_want, sizeof html_stray_want / sizeof *html_stray_want);

	/* A stray end tag right after a reference holds no text either. */
	static const long html_ref_stray_want[] = { 3, 12 };
	check_block("html stray end tag after a reference", DOC_FORMAT_HTML,
		    "<p>&amp;</x>b</p>\n", "&b", html_ref_stray_want,
		    sizeof html_ref_stray_want / sizeof *html_ref_stray_want);

	/* libxml2 drops a misplaced DOCTYPE inside a text; right after a
	 * control's picture too. The next paragraph holds the same text:
	 * each block's characters are its own. */
	static const long html_doctype_want0[] = { 3, 4, 17 };
	static const long html_doctype_want1[] = { 25, 28 };
	check_blocks("html misplaced DOCTYPE after a control", DOC_FORMAT_HTML,
		     "<p>a\x01<!DOCTYPE x>b</p><p>\u2401b</p>\n",
		     (const struct want_block[]){
			     { "a\u2401" "b", html_doctype_want0, 3 },
			     { "\u2401" "b", html_doctype_want1, 2 },
		     }, 2);

	/* Text that cannot be told in its element's source (two stray end
	 * tags in a row) is never looked for in the next element's: that
	 * one's text is found where it is. */
	static const long html_bound_want0[] = { -1, 12 };
	static const long html_bound_want1[] = { 20, 21 };
	check_blocks("html text looked for in its own element only", DOC_FORMAT_HTML,
		     "<p>a</x></y>b</p><p>ab</p>\n",
		     (const struct want_block[]){
			     { "ab", html_bound_want0, 2 },
			     { "ab", html_bound_want1, 2 },
		     }, 2);

	/* libxml2 reads "<!" as markup only in "<!--" or "<!DOCTYPE": any
	 * other is text, less its "<" before the first element. */
	static const long html_bang_start_want[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	check_block("html \"<!\" that opens no comment, at the start", DOC_FORMAT_HTML,
		    "<!x b <!y c\n", "!x b <!y c", html_bang_start_want,
		    sizeof html_bang_start_want / sizeof *html_bang_start_want);
	static const long html_bang_want[] = { 3, 4, 5, 6, 7, 8, 9 };
	check_block("html \"<!\" that opens no comment", DOC_FORMAT_HTML, "<p>a <!x b</p>\n",
		    "a <!x b", html_bang_want, sizeof html_bang_want / sizeof *html_bang_want);

	/* A stray end tag right before a "<" that is text. */
	static const long html_stray_lt_want[] = { 3, 4, 9, 10, 11 };
	check_block("html stray end tag before a \"<\" that is text", DOC_FORMAT_HTML,
		    "<p>ab</b><1c</p>\n", "ab<1c", html_stray_lt_want,
		    sizeof html_stray_lt_want / sizeof *html_stray_lt_want);

	/* An end tag's name may start with "_", ":" or ".": libxml2 drops
	 * such a tag whole, as any other stray end tag. */
	static const long html_end_name_want[] = { 3, 9, 15, 21 };
	check_block("html stray end tags named from \"_\", \".\" and \":\"", DOC_FORMAT_HTML,
		    "<p>a</_x>b</.y>c</:z>d</p>\n", "abcd", html_end_name_want,
		    sizeof html_end_name_want / sizeof *html_end_name_want);

	/* Stray end tags in a row, one holding junk up to its ">": the text
	 * on each side still names its own bytes, in a short text and in one
	 * longer than the first bytes that place a text. */
	static const long html_stray_row_want[] = { 3, 4, 15, 16 };
	check_block("html stray end tags in a row", DOC_FORMAT_HTML,
		    "<p>ab</_x></_y>cd</p>\n", "abcd", html_stray_row_want,
		    sizeof html_stray_row_want / sizeof *html_stray_row_want);
	static const long html_stray_row_long_want[] = {
		3, 4, 5, 6, 7, 8, 9, 10, 11, 12,                /* "abcdefghij" */
		28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,    /* "klmnopqrstu" */
	};
	check_block("html stray end tags in a row, a long text", DOC_FORMAT_HTML,
		    "<p>abcdefghij</_x junk></_y>klmnopqrstu</p>\n",
		    "abcdefghijklmnopqrstu", html_stray_row_long_want,
		    sizeof html_stray_row_long_want / sizeof *html_stray_row_long_want);

	/* libxml2 drops a "<?" that no name follows (a letter, "_" or ":"),
	 * and keeps the rest as text; a processing instruction with a name
	 * goes up to its ">" and holds no text. */
	static const long html_bare_pi_want[] = { 3, 6, 7, 10, 11, 14, 17, 18 };
	check_block("html \"<?\" that opens no processing instruction", DOC_FORMAT_HTML,
		    "<p>a<??b<?>c<?\u20ac>d</p>\n", "a?b>c\u20ac>d", html_bare_pi_want,
		    sizeof html_bare_pi_want / sizeof *html_bare_pi_want);
	static const long html_pi_want[] = { 3, 4, 12, 13, 21 };
	check_block("html processing instruction inside a text", DOC_FORMAT_HTML,
		    "<p>ab<?x cd>cd<?\u00e9 e>e</p>\n", "abcde", html_pi_want,
		    sizeof html_pi_want / sizeof *html_pi_want);
	static const long html_pi_end_want[] = { 3, 6, 7, 8 };
	check_block("html \"<?\" and an ASCII name at the end of the input", DOC_FORMAT_HTML,
		    "<p>a<?x-1", "ax-1", html_pi_end_want,
		    sizeof html_pi_end_want / sizeof *html_pi_end_want);

	/* One cut by the bytes that decide a piece's place stays as it is
	 * too: the piece is not looked for further on. */
	static const long md_unknown_cut_want[] = {
		0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
		17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
	};
	check_block("markdown unknown entity cut", DOC_FORMAT_MARKDOWN,
		    "abcdefghijklm&ea;&abcdefghijklm&ea\n", "abcdefghijklm&ea;&abcdefghijklm&ea",
		    md_unknown_cut_want, sizeof md_unknown_cut_want / sizeof *md_unknown_cut_want);

	/* An unknown entity stays as it is, and so do its offsets. */
	static const long md_unknown_ref_want[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
	check_block("markdown unknown entity", DOC_FORMAT_MARKDOWN, "ab&eacu;& cd\n",
		    "ab&eacu;& cd", md_unknown_ref_want,
		    sizeof md_unknown_ref_want / sizeof *md_unknown_ref_want);

	/* A code span or a code block is literal: a backslash in it escapes
	 * nothing, and each one is its own character. */
	static const long md_code_bs_want[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
	};
	check_block("markdown backslashes in a code span", DOC_FORMAT_MARKDOWN,
		    "`abcdefghijklmnop\\\\e`\n", "abcdefghijklmnop\\\\e", md_code_bs_want,
		    sizeof md_code_bs_want / sizeof *md_code_bs_want);
	static const long md_block_bs_want[] = {
		4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
	};
	check_block("markdown backslashes in a code block", DOC_FORMAT_MARKDOWN,
		    "    abcdefghijklmnop\\\\e\n", "abcdefghijklmnop\\\\e", md_block_bs_want,
		    sizeof md_block_bs_want / sizeof *md_block_bs_want);

	/* A line ending inside a code span is a space (CommonMark 6.1). */
	static const long md_code_want[] = { 1, 2, 3, 4, 5, 6, 8, 9 };
	check_block("markdown code span over a line end", DOC_FORMAT_MARKDOWN,
		    "`ab\ncd\r\nef`\n", "ab cd ef", md_code_want,
		    sizeof md_code_want / sizeof *md_code_want);
	/* A code span of a line ending alone is a space: it is that line
	 * ending's, not a later space's. */
	static const long md_code_eol_want[] = { 0, 2, 4, 5, 6 };
	check_block("markdown code span of a line end", DOC_FORMAT_MARKDOWN, "a`\n`b c\n",
		    "a b c", md_code_eol_want, sizeof md_code_eol_want / sizeof *md_code_eol_want);
	static const long md_code_crlf_want[] = { 0, 2, 5, 6, 7 };
	check_block("markdown code span of a CR LF", DOC_FORMAT_MARKDOWN, "a`\r\n`b c\n",
		    "a b c", md_code_crlf_want, sizeof md_code_crlf_want / sizeof *md_code_crlf_want);
	/* A paragraph drops a line's leading blanks before its code spans are
	 * read: the line ending stands for them too. */
	static const long md_code_indent_want[] = { 1, 2, 5 };
	check_block("markdown code span over an indented line", DOC_FORMAT_MARKDOWN,
		    "`a\n\t b`\n", "a b", md_code_indent_want,
		    sizeof md_code_indent_want / sizeof *md_code_indent_want);

	/* A code span in a quote whose next line keeps its tab: that tab
	 * and what follows name their own bytes, not later ones (the space the
	 * line ending stands for is not told apart, only in range). */
	static const long md_code_tab_want[] = { -1, 3, 4, 5, 7, 8, 9, 10, 11 };
	check_block("markdown code span over a quoted line that keeps its tab",
		    DOC_FORMAT_MARKDOWN, ">`\n\tab`xyz\tc\n", " \tabxyz\tc", md_code_tab_want,
		    sizeof md_code_tab_want / sizeof *md_code_tab_want);

	/* Characters not found where the cursor is (a code span's NULs and
	 * what follows them, past a tab that line's ending stood for) map
	 * there, each on its own: not byte by byte towards the next place
	 * found, into the middle of a character. */
	static const char md_missed_src[] =
		">`\0\0\0\0\0\n\t`\0\0\n\t`\x06\0\nk\0)\n\0\0\u00ec\u00ec`\u00f4";
	static const long md_missed_want[] = {
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, 29,
	};
	check_blocks_len("markdown characters not found, then one found", DOC_FORMAT_MARKDOWN,
			 md_missed_src, sizeof md_missed_src - 1,
			 (const struct want_block[]){
				 { "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \t\uFFFD\uFFFD\n\x06\uFFFD k"
				   "\uFFFD) \uFFFD\uFFFD\u00ec\u00ec\u00f4",
				   md_missed_want,
				   sizeof md_missed_want / sizeof *md_missed_want },
			 }, 1);

	/* cmark counts a NUL as U+FFFD, three bytes, in the columns it gives:
	 * a block ends where its last line does, not past the next block. */
	static const char md_nul_src[] = "a\0\0\0b\n\nc\n";
	static const long md_nul_want0[] = { 0, 1, 2, 3, 4 };
	static const long md_nul_want1[] = { 7 };
	check_blocks_len("markdown paragraph holding NULs", DOC_FORMAT_MARKDOWN, md_nul_src,
			 sizeof md_nul_src - 1,
			 (const struct want_block[]){
				 { "a\uFFFD\uFFFD\uFFFD" "b", md_nul_want0, 5 },
				 { "c", md_nul_want1, 1 },
			 }, 2);
	return done_testing();
}
