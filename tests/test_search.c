/* Search: loose, exact, whole-word and regex queries; hits that cover whole
 * source characters (marks, ligatures, expansions), never span two blocks
 * and never match markup; find_next both ways; range slicing; and the
 * corpus examples of the issue, in UTF-8 and in the legacy and UTF-16
 * variants, with the exact source text of every hit. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "search/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Loads text as a document of the given format. */
static struct doc *
load(const char *name, const char *text, enum doc_format format)
{
	struct doc_opts o = { .format = format };
	struct qerr err;
	struct doc *d = doc_load_memory(name, text, strlen(text), &o, &err);

	if (d == NULL) {
		diag("%s: %s", name, err.msg);
		exit(1);
	}
	return d;
}

/* The doc->text of each hit, joined by '|'. */
static char *
hits_text(const struct doc *d, const struct search_hits *h)
{
	size_t cap = 16, n = 0;
	char *s = xmalloc(cap);

	s[0] = '\0';
	for (size_t i = 0; i < h->n; i++) {
		size_t need = n + h->v[i].len + 2;
		if (need > cap) {
			cap = need * 2;
			s = xrealloc(s, cap);
		}
		if (i > 0)
			s[n++] = '|';
		memcpy(s + n, d->text + h->v[i].start, h->v[i].len);
		n += h->v[i].len;
		s[n] = '\0';
	}
	return s;
}

/* Loads len bytes (NULs and control bytes allowed) as a document of the
 * given format. */
static struct doc *
load_bytes(const char *name, const char *bytes, size_t len, enum doc_format format)
{
	struct doc_opts o = { .decode = { .allow_binary = true }, .format = format };
	struct qerr err;
	struct doc *d = doc_load_memory(name, bytes, len, &o, &err);

	if (d == NULL) {
		diag("%s: %s", name, err.msg);
		exit(1);
	}
	return d;
}

/* Searches d for query under flags and compares the hits' texts. */
static void
find_is(struct doc *d, const char *query, unsigned flags, const char *want, const char *name)
{
	struct qerr err;
	struct search_query *q = search_query_new(query, flags, &err);

	if (!ok(q != NULL, "%s: compiles", name)) {
		diag("%s", err.msg);
		return;
	}
	struct search_text *t = search_text_new(d);
	struct search_hits h = { 0 };
	size_t n = search_find_all(q, t, &h);
	is_long((long)n, (long)h.n, "  find_all returns the count");
	char *got = hits_text(d, &h);
	is_str(got, want, name);
	free(got);
	search_hits_free(&h);
	search_text_free(t);
	search_query_free(q);
}

/* The hits' start offsets, space separated. */
static void
starts_is(struct doc *d, const char *query, unsigned flags, const char *want, const char *name)
{
	struct qerr err;
	struct search_query *q = search_query_new(query, flags, &err);
	struct search_text *t = search_text_new(d);
	struct search_hits h = { 0 };
	char got[256] = "";
	size_t o = 0;

	search_find_all(q, t, &h);
	for (size_t i = 0; i < h.n && o + 24 < sizeof got; i++)
		o += (size_t)snprintf(got + o, sizeof got - o, "%s%zu+%zu", i ? " " : "",
				      h.v[i].start, h.v[i].len);
	is_str(got, want, name);
	search_hits_free(&h);
	search_text_free(t);
	search_query_free(q);
}

/* A query that must not compile; compares the message. */
static void
error_is(const char *query, unsigned flags, const char *want, const char *name)
{
	struct qerr err = { "" };
	struct search_query *q = search_query_new(query, flags, &err);

	ok(q == NULL, "%s: refused", name);
	is_str(err.msg, want, name);
	search_query_free(q);
}

/* find_next from off; "-" when there is none, else the start offset. */
static void
next_is(struct search_text *t, const struct search_query *q, size_t off, int dir,
	bool inclusive, long want, const char *name)
{
	struct search_hit h;
	long got = search_find_next(q, t, off, dir, inclusive, &h) ? (long)h.start : -1;

	is_long(got, want, name);
}

/* The corpus examples of the issue on one file. */
static void
corpus_file(const char *dir, const char *file, const char *const *queries,
	    const char *const *wants, size_t n)
{
	char path[4096];
	struct qerr err;
	struct doc_opts o = { 0 };

	snprintf(path, sizeof path, "%s/%s", dir, file);
	struct doc *d = doc_load_file(path, &o, &err);
	if (!ok(d != NULL, "%s loads", file)) {
		diag("%s", err.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char name[256];
		snprintf(name, sizeof name, "%s: %s", file, queries[i]);
		find_is(d, queries[i], 0, wants[i], name);
	}
	doc_free(d);
}

/* s repeated n times, joined by '|', appended to b. */
static void
rep(struct strbuf *b, const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		if (b->len > 0)
			strbuf_putc(b, '|');
		strbuf_puts(b, s);
	}
}

int
main(void)
{
	/* Loose matching, the default. */
	struct doc *fr = load("fr.txt", "Les États-Unis et les ETATS-UNIS.\n\n"
			      "Straße, ﬁnal, œuvre.\n", DOC_FORMAT_TEXT);
	find_is(fr, "etats-unis", 0, "États-Unis|ETATS-UNIS", "loose: accents and case");
	find_is(fr, "États-Unis", SEARCH_EXACT, "États-Unis", "exact: as written");
	find_is(fr, "E\xcc\x81tats", SEARCH_EXACT, "États", "exact: the query is normalized to NFC");
	find_is(fr, "etats-unis", SEARCH_EXACT, "", "exact: case matters");
	find_is(fr, "strasse", 0, "Straße", "loose: sharp s");
	find_is(fr, "s", 0, "s|s|s|s|S|S|S|ß", "a match inside an expansion covers the whole character, once");
	find_is(fr, "fi", 0, "ﬁ", "NFKC expansion: fi in the ligature");
	find_is(fr, "f", 0, "ﬁ", "half of a ligature: the whole ligature");
	find_is(fr, "final", 0, "ﬁnal", "a word through a ligature");
	find_is(fr, "oeuvre", 0, "œuvre", "oe");
	find_is(fr, "unis. straße", 0, "", "a hit never spans two blocks");
	starts_is(fr, "etats", 0, "4+6 23+5", "hit offsets in doc->text");
	error_is("", 0, "empty search", "empty query");
	error_is("\xd9\x8e", 0, "'\xd9\x8e' has nothing loose matching looks at (marks and "
		 "spaces only): search it exactly", "a query of marks only");

	/* Arabic: marks, ligatures and letter variants map to whole characters. */
	struct doc *ar = load("ar.txt", "قال محمّدٌ إنّ الأمریکیة ﻻ تكـتب ٢٠٢٤.\n", DOC_FORMAT_TEXT);
	find_is(ar, "محمد", 0, "محمّدٌ", "shadda and tanwin on the last letter belong to the hit");
	find_is(ar, "مح", 0, "مح", "a hit before a marked letter stops before it");
	find_is(ar, "ان", 0, "إنّ", "hamza below and shadda");
	find_is(ar, "الامريكيه", 0, "الأمریکیة", "hamza, farsi yeh, keheh, teh marbuta");
	find_is(ar, "لا", 0, "لأ|ﻻ", "lam-alef ligature (and lam, alef with hamza)");
	find_is(ar, "ل", 0, "ل|ل|ﻻ", "lam alone: in the word and the whole ligature");
	find_is(ar, "تكتب", 0, "تكـتب", "tatweel inside the hit");
	find_is(ar, "2024", 0, "٢٠٢٤", "Arabic-Indic digits");
	find_is(ar, "محمد", SEARCH_EXACT, "", "exact: the marks count");
	find_is(ar, "^قال م[^ ]+", SEARCH_REGEX, "قال محمّدٌ", "regex over folded Arabic");
	/* In the folded text beh is the byte 0x88, also the last byte of U+02C8
	 * and of U+0108 (Ĉ folds to c, but ĉ's own bytes stay in exact mode). */
	struct doc *col = load("c.txt", "ˈx ˈ ب ˈب\n", DOC_FORMAT_TEXT);
	starts_is(col, "ب", 0, "7+2 12+2", "a one-byte letter never matches inside another character");
	find_is(col, "ˈ", 0, "ˈ|ˈ|ˈ", "and the character around it is found whole");
	doc_free(col);

	/* Whole words: ICU word boundaries in the original text. */
	struct doc *w = load("w.txt", "cat concatenate cat. Cats\nبالكتاب الكتاب\n",
			     DOC_FORMAT_TEXT);
	starts_is(w, "cat", SEARCH_WORD, "0+3 16+3", "whole words only");
	starts_is(w, "cat", 0, "0+3 7+3 16+3 21+3", "without --word: inside words too");
	find_is(w, "الكتاب", SEARCH_WORD, "الكتاب", "Arabic: a prefixed word is another word");
	find_is(w, "CAT", SEARCH_WORD | SEARCH_EXACT, "", "exact and word");

	/* Regular expressions, folded unless exact. */
	struct doc *re = load("re.txt", "En 2024 et ٢٠٢٣, l'Élysée.\n\nÉlysée encore.\n",
			      DOC_FORMAT_TEXT);
	find_is(re, "[0-9]{4}", SEARCH_REGEX, "2024|٢٠٢٣", "regex over the folded text: digits");
	find_is(re, "[0-9]{4}", SEARCH_REGEX | SEARCH_EXACT, "2024", "exact regex");
	find_is(re, "^elysee", SEARCH_REGEX, "Élysée", "^ matches at a block's start");
	find_is(re, "ELYS[EÉ]E", SEARCH_REGEX, "Élysée|Élysée", "folded pattern literals");
	find_is(re, "[^x]+", SEARCH_REGEX, "En 2024 et ٢٠٢٣, l'Élysée.|Élysée encore.",
		"a regex hit never spans two blocks");
	find_is(re, "\\p{Nd}+", SEARCH_REGEX | SEARCH_EXACT, "2024|٢٠٢٣", "escapes kept as written");
	error_is("a(b", SEARCH_REGEX, "bad regular expression 'a(b': U_REGEX_MISMATCHED_PAREN "
		 "at character 4", "unbalanced parenthesis");
	error_is("x{2,1}", SEARCH_REGEX, "bad regular expression 'x{2,1}': U_REGEX_MAX_LT_MIN "
		 "at character 7", "bad interval");
	error_is("[a", SEARCH_REGEX | SEARCH_EXACT, "bad regular expression '[a': "
		 "U_REGEX_MISSING_CLOSE_BRACKET at character 3", "unclosed set");

	/* Markup never matches; hits map to the source range of the text. */
	struct doc *html = load("t.html", "<html><body><p>Kaspersky <b>Lab</b> &amp; co</p>"
				"<p>lab</p></body></html>\n", DOC_FORMAT_HTML);
	find_is(html, "kaspersky lab", 0, "Kaspersky <b>Lab", "across inline markup");
	find_is(html, "lab & co", 0, "Lab</b> &amp; co", "an entity maps to its source");
	find_is(html, "b>", 0, "", "tags never match");
	find_is(html, "body", 0, "", "element names never match");
	find_is(html, "lab", SEARCH_EXACT, "lab", "exact in markup");
	/* Slices of a marked-up text: "Lab" at 28, "lab" at 51. */
	struct search_query *lq = search_query_new("lab", 0, NULL);
	struct search_query *le = search_query_new("Lab", SEARCH_EXACT, NULL);
	struct search_text *ht = search_text_new(html);
	struct search_hits hh = { 0 };
	is_long((long)search_find_range(lq, ht, 3, 40, &hh), 1, "a slice starting in the markup before a block");
	is_long(hh.n ? (long)hh.v[0].start : -1, 28, "  finds the hit in the block");
	is_long((long)search_find_range(le, ht, 3, 29, &hh), 1, "the same, exact");
	struct search_hit one;
	is_long(search_find_next(lq, ht, 70, -1, false, &one) ? (long)one.start : -1, 51,
		"backward into an earlier block of markup");
	search_hits_free(&hh);
	search_text_free(ht);
	search_query_free(lq);
	search_query_free(le);

	/* A NUL in Markdown is U+FFFD in the text (CommonMark): it and the
	 * text after it keep their own source bytes. */
	static const char nul_md[] = "x\0y d\n";
	struct doc *nm = load_bytes("nul.md", nul_md, sizeof nul_md - 1, DOC_FORMAT_MARKDOWN);
	starts_is(nm, "d", 0, "4+1", "Markdown: a hit after a NUL covers its letter");
	starts_is(nm, "\xEF\xBF\xBD", 0, "1+1", "Markdown: U+FFFD covers the NUL it stands for");
	starts_is(nm, "xy", SEARCH_REGEX, "", "  and is a character of its own");
	doc_free(nm);
	/* A NUL right after a reference. */
	static const char ref_nul_md[] = "caf&eacute; \0x\n";
	struct doc *rn = load_bytes("refnul.md", ref_nul_md, sizeof ref_nul_md - 1,
				    DOC_FORMAT_MARKDOWN);
	starts_is(rn, "cafe", 0, "0+11", "Markdown: a reference before a NUL covers its source");
	starts_is(rn, "x", 0, "13+1", "  and the letter after the NUL its own byte");
	doc_free(rn);
	/* Six NULs make 18 bytes of text: the first 16 cut a U+FFFD. */
	static const char nul6_md[] = "\0\0\0\0\0\0abc d\n";
	struct doc *n6 = load_bytes("nul6.md", nul6_md, sizeof nul6_md - 1, DOC_FORMAT_MARKDOWN);
	starts_is(n6, "abc", 0, "6+3", "Markdown: a word after a run of NULs");
	starts_is(n6, "d", 0, "10+1", "  and the next one");
	starts_is(n6, "\xEF\xBF\xBD", 0, "0+1 1+1 2+1 3+1 4+1 5+1", "  the NULs, each on its own byte");
	doc_free(n6);

	/* Markdown with CR line endings: cmark counts its lines as the
	 * source does. */
	struct doc *cr = load("cr.md", "one\r\rtwo d\r\n\r\n# six\r", DOC_FORMAT_MARKDOWN);
	starts_is(cr, "d", 0, "9+1", "Markdown, CR line endings: the hit in the second paragraph");
	starts_is(cr, "two", 0, "5+3", "  its first word");
	starts_is(cr, "six", 0, "16+3", "  a heading after CR LF");
	doc_free(cr);

	/* A literal hits wherever it occurs, overlapping hits too: the same
	 * whether the scan starts at the block, in a slice or at find_next's
	 * offset. */
	struct doc *aa = load("aa.txt", "aaaa\n", DOC_FORMAT_TEXT);
	starts_is(aa, "aa", 0, "0+2 1+2 2+2", "overlapping hits");
	starts_is(aa, "AA", 0, "0+2 1+2 2+2", "  loose");
	starts_is(aa, "aa", SEARCH_EXACT, "0+2 1+2 2+2", "  exact");
	starts_is(aa, "a+", SEARCH_REGEX, "0+4", "a regular expression's matches do not overlap");
	doc_free(aa);
	char many[102];
	memset(many, 'a', 100);
	memcpy(many + 100, "\n", 2);
	struct doc *ma = load("many.txt", many, DOC_FORMAT_TEXT);
	for (unsigned fl = 0; fl <= SEARCH_EXACT; fl += SEARCH_EXACT) {
		struct search_query *mq = search_query_new("aa", fl, NULL);
		struct search_text *mt = search_text_new(ma);
		struct search_hits mh = { 0 };
		struct search_hit nh;
		const char *how = fl ? "exact" : "loose";
		char label[6][64];
		snprintf(label[0], sizeof label[0], "%s: 99 hits of aa in 100 a", how);
		snprintf(label[1], sizeof label[1], "%s: 71 start in [0, 71)", how);
		snprintf(label[2], sizeof label[2], "%s: 28 in [71, end]", how);
		snprintf(label[3], sizeof label[3], "%s: the first there at 71", how);
		snprintf(label[4], sizeof label[4], "%s: find_next after 71: 72", how);
		snprintf(label[5], sizeof label[5], "%s: find_next before 71: 70", how);
		is_long((long)search_find_all(mq, mt, &mh), 99, label[0]);
		mh.n = 0;
		is_long((long)search_find_range(mq, mt, 0, 71, &mh), 71, label[1]);
		is_long((long)search_find_range(mq, mt, 71, ma->len + 1, &mh), 28, label[2]);
		is_long(mh.n > 71 ? (long)mh.v[71].start : -1, 71, label[3]);
		is_long(search_find_next(mq, mt, 71, 1, false, &nh) ? (long)nh.start : -1, 72, label[4]);
		is_long(search_find_next(mq, mt, 71, -1, false, &nh) ? (long)nh.start : -1, 70, label[5]);
		search_hits_free(&mh);
		search_text_free(mt);
		search_query_free(mq);
	}
	doc_free(ma);

	/* find_next both ways, with and without the hit at the offset. */
	struct doc *nx = load("n.txt", "one two one\n\ntwo one\n", DOC_FORMAT_TEXT);
	struct qerr err;
	struct search_query *q = search_query_new("ONE", 0, &err);
	struct search_text *t = search_text_new(nx);
	next_is(t, q, 0, 1, true, 0, "forward, inclusive: the hit at the offset");
	next_is(t, q, 0, 1, false, 8, "forward: the next one");
	next_is(t, q, 8, 1, false, 17, "forward into the next block");
	next_is(t, q, 17, 1, false, -1, "forward: none after the last");
	next_is(t, q, 17, -1, false, 8, "backward");
	next_is(t, q, 17, -1, true, 17, "backward, inclusive");
	next_is(t, q, 9, -1, false, 8, "backward from inside a hit: that hit");
	next_is(t, q, 0, -1, false, -1, "backward: none before the first");
	next_is(t, q, 1000, -1, false, 17, "backward from past the end");
	/* Range slicing: hits starting in [from, to). */
	struct search_hits h = { 0 };
	is_long((long)search_find_range(q, t, 1, 17, &h), 1, "range [1, 17): one hit");
	is_long(h.n ? (long)h.v[0].start : -1, 8, "  the one at 8");
	h.n = 0;
	is_long((long)search_find_range(q, t, 0, 8, &h), 1, "range [0, 8)");
	is_long((long)search_find_range(q, t, 8, 17, &h), 1, "range [8, 17)");
	is_long((long)search_find_range(q, t, 17, nx->len, &h), 1, "range [17, end)");
	is_long((long)h.n, 3, "the slices add up to all the hits");
	ok(search_text_size(t) > 0, "the folded text is kept");
	search_hits_free(&h);
	search_text_free(t);
	search_query_free(q);

	/* search_fold_string is the query folding. */
	size_t fl;
	char *f = search_fold_string("ÉTATS ٢٠٢٤", strlen("ÉTATS ٢٠٢٤"), &fl);
	is_str(f, "etats 2024", "search_fold_string");
	free(f);

	doc_free(fr);
	doc_free(ar);
	doc_free(w);
	doc_free(re);
	doc_free(html);
	doc_free(nx);

	/* The corpus examples of the issue. */
	const char *dir = corpus_dir();
	if (dir == NULL) {
		diag("corpus absent: its examples are not checked");
		return done_testing();
	}
	const char *queries[] = { "كاسبرسكي", "الامريكية", "etats-unis", "raimondo", "2024",
				  "KASPERSKY LAB" };
	struct strbuf b[6] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
			       STRBUF_INIT, STRBUF_INIT };
	rep(&b[0], "كاسبرسكي", 17);
	rep(&b[0], "کاسبرسکی", 1);
	rep(&b[1], "الأمريكية", 14);
	rep(&b[1], "الأمریکیة", 1);
	rep(&b[1], "الأمريكية", 1);
	rep(&b[4], "2024", 3);
	rep(&b[5], "Kaspersky Lab", 12);
	const char *ar_wants[] = { b[0].data, b[1].data, "", "", b[4].data, b[5].data };
	corpus_file(dir, "ar-kaspersky-alwafd.txt", queries, ar_wants, 6);
	/* The same in Windows-1256, where farsi yeh became yeh. */
	struct strbuf c[2] = { STRBUF_INIT, STRBUF_INIT };
	rep(&c[0], "كاسبرسكي", 17);
	rep(&c[0], "کاسبرسکي", 1);
	rep(&c[1], "الأمريكية", 14);
	rep(&c[1], "الأمريکية", 1);
	rep(&c[1], "الأمريكية", 1);
	const char *ar1256_wants[] = { c[0].data, c[1].data, "", "", b[4].data, b[5].data };
	corpus_file(dir, "ar-kaspersky-alwafd.cp1256.txt", queries, ar1256_wants, 6);

	struct strbuf e = STRBUF_INIT, k = STRBUF_INIT;
	rep(&e, "Etats-Unis", 2);
	rep(&e, "États-Unis", 11);
	rep(&k, "Kaspersky Lab", 6);
	const char *fr_wants[] = { "", "", e.data, "Raimondo", "2024", k.data };
	corpus_file(dir, "fr-kaspersky.txt", queries, fr_wants, 6);
	corpus_file(dir, "fr-kaspersky.cp1252.txt", queries, fr_wants, 6);
	corpus_file(dir, "fr-kaspersky.utf16.txt", queries, fr_wants, 6);
	for (size_t i = 0; i < 6; i++)
		strbuf_free(&b[i]);
	strbuf_free(&c[0]);
	strbuf_free(&c[1]);
	strbuf_free(&e);
	strbuf_free(&k);
	return done_testing();
}
