/* The comparison in the reader, without a terminal: the compare keys in
 * the key table, mark lookups and gutter glyphs, the summary line, and the
 * pane's text and the panes' marks from real alignments (a small pair
 * written here, and the corpus pair). */
#include <config.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tty/lib.h"
#include "ingest/lib.h"
#include "model/lib.h"
#include "tap.h"

/* The key table: ] and [ wait for a second key; the sequences dispatch. */
static void
test_keys(void)
{
	is_long(keys_lookup(']'), ACTION_BRACKET, "] waits for a second key");
	is_long(keys_lookup('['), ACTION_BRACKET, "[ waits for a second key");
	is_long(keys_lookup(KEY_SEQ(']', 'c')), ACTION_COMPARE_NEXT, "]c: next finding");
	is_long(keys_lookup(KEY_SEQ('[', 'c')), ACTION_COMPARE_PREV, "[c: previous finding");
	is_long(keys_lookup(KEY_SEQ(']', ']')), ACTION_PARA_NEXT, "]]: next paragraph");
	is_long(keys_lookup(KEY_SEQ('[', '[')), ACTION_PARA_PREV, "[[: previous paragraph");
	is_long(keys_lookup('}'), ACTION_PARA_NEXT, "} stays a plain paragraph key");
	is_long(keys_lookup('{'), ACTION_PARA_PREV, "{ stays a plain paragraph key");
	is_long(keys_lookup('c'), ACTION_TOGGLE_COMPARE, "c toggles the comparison pane");
	is_long(keys_lookup(KEY_SEQ(']', 'x')), ACTION_NONE, "]x is no sequence of its own");
	/* Help shows each sequence under its action. */
	size_t n, found = 0;
	const struct key_binding *t = keys_table(&n);
	for (size_t i = 0; i < n; i++)
		if ((t[i].action == ACTION_COMPARE_NEXT && strcmp(t[i].label, "]c") == 0) ||
		    (t[i].action == ACTION_COMPARE_PREV && strcmp(t[i].label, "[c") == 0) ||
		    (t[i].action == ACTION_PARA_NEXT && strcmp(t[i].label, "]]") == 0) ||
		    (t[i].action == ACTION_TOGGLE_COMPARE && strcmp(t[i].label, "c") == 0))
			found++;
	is_long((long)found, 4, "the table labels ]c [c ]] and c for help");
	/* No sequence collides with a character or a curses key. */
	ok(KEY_SEQ(']', 'c') > 0x10FFFF && KEY_SEQ(']', 'c') > KEY_MAX, "sequence codes are out of key range");
}

/* Marks: which role a cell gets from the ranges over it. */
static void
test_mark_role(void)
{
	const struct compare_mark m[] = {
		{ 10, 4, THEME_ROLE_ANCHOR },   /* [10, 14) */
		{ 20, 6, THEME_ROLE_MISMATCH }, /* [20, 26) */
		{ 22, 2, THEME_ROLE_ANCHOR },   /* inside the mismatch */
		{ 40, 30, THEME_ROLE_ANCHOR },  /* [40, 70) */
	};
	size_t n = sizeof m / sizeof m[0];
	enum theme_role r = THEME_ROLE_TEXT;

	ok(!compare_mark_role(m, n, 0, 10, &r), "a cell before every mark is plain");
	ok(compare_mark_role(m, n, 10, 1, &r) && r == THEME_ROLE_ANCHOR, "a mark's first byte");
	ok(compare_mark_role(m, n, 13, 1, &r) && r == THEME_ROLE_ANCHOR, "a mark's last byte");
	ok(!compare_mark_role(m, n, 14, 1, &r), "the byte after a mark is plain");
	ok(compare_mark_role(m, n, 8, 3, &r) && r == THEME_ROLE_ANCHOR,
	   "a cell of several bytes overlapping a mark's start");
	r = THEME_ROLE_TEXT;
	ok(compare_mark_role(m, n, 22, 2, &r) && r == THEME_ROLE_MISMATCH,
	   "a mismatch wins over an anchor on the same bytes");
	ok(compare_mark_role(m, n, 69, 1, &r) && r == THEME_ROLE_ANCHOR, "inside a long mark");
	ok(!compare_mark_role(m, n, 70, 2, &r), "after the last mark");
	ok(!compare_mark_role(m, 0, 10, 1, &r), "no marks: plain");
	ok(compare_mark_role(m, n, 12, 0, &r), "a cell of no source bytes counts as one");
}

/* Gutter glyphs: one column each, ASCII when asked. */
static void
test_gutter(void)
{
	enum theme_role r;

	is_str(compare_gutter_glyph(ALIGN_BLOCK_ALIGNED, false, &r), "\xe2\x94\x82", "aligned: a bar");
	is_long(r, THEME_ROLE_GUTTER, "in the gutter role");
	is_str(compare_gutter_glyph(ALIGN_BLOCK_ALIGNED, true, &r), "|", "aligned in ASCII: |");
	is_str(compare_gutter_glyph(ALIGN_BLOCK_ONLY, false, &r), "+", "only here: +");
	is_long(r, THEME_ROLE_ANCHOR, "in the anchor role");
	is_str(compare_gutter_glyph(ALIGN_BLOCK_FINDING, true, &r), "!", "a finding: !");
	is_long(r, THEME_ROLE_MISMATCH, "in the mismatch role");
	is_str(compare_gutter_glyph(ALIGN_BLOCK_IGNORED, false, &r), "", "ignored: nothing");
}

/* The summary line from a summary. */
static void
test_summary(void)
{
	struct alignment al;
	char buf[160];

	memset(&al, 0, sizeof al);
	al.summary.aligned_pct = 71.4;
	al.summary.only_a = 25;
	al.summary.only_b = 1;
	al.summary.mismatches = 2;
	compare_summary(&al, buf, sizeof buf);
	is_str(buf, "aligned 71%, only in A 25, only in B 1, mismatches 2", "summary line");
}

/* A small pair written for the test: a title, a paragraph with a date, a
 * name and a number that differs (12 / 15), a quote, and a paragraph only
 * the English side has. */
static const char *pair_a =
	"Kaspersky leaves the United States\n\n"
	"On 29 September 2024, Kaspersky Lab stopped its updates in 12 states.\n\n"
	"Maria Zakharova called the sanctions illegal.\n\n"
	"The weather was fine in Moscow that day, with 42 birds.\n";
static const char *pair_b =
	"Kaspersky quitte les \xc3\x89tats-Unis\n\n"
	"Le 29 septembre 2024, Kaspersky Lab a arr\xc3\xaat\xc3\xa9 ses mises \xc3\xa0 jour dans 15 "
	"pays.\n\n"
	"Maria Zakharova a qualifi\xc3\xa9 les sanctions d'ill\xc3\xa9gales.\n";

/* Line i of t as "ROLE|text" or "ROLE|a = b" for a pair. */
static const char *
line_of(const struct compare_text *t, size_t i, char *buf, size_t size)
{
	const struct compare_line *l = &t->v[i];

	if (i >= t->n)
		return "(none)";
	if (l->text2 != NULL)
		snprintf(buf, size, "%s|%.*s = %.*s", theme_role_name(l->role), (int)l->len, l->text,
			 (int)l->len2, l->text2);
	else
		snprintf(buf, size, "%s|%.*s", theme_role_name(l->role), (int)l->len, l->text);
	return buf;
}

/* Checks every line of the pane's text for one block. */
static void
check_describe(const struct alignment *al, enum align_side side, size_t block,
	       const char *const *want, size_t nwant, const char *name)
{
	struct compare_text t = { 0 };
	char buf[512], label[160];

	compare_describe(al, side, block, &t);
	is_long((long)t.n, (long)nwant, name);
	for (size_t i = 0; i < nwant && i < t.n; i++) {
		snprintf(label, sizeof label, "%s: line %zu", name, i + 1);
		is_str(line_of(&t, i, buf, sizeof buf), want[i], label);
	}
	compare_text_clear(&t);
	free(t.v);
}

/* Checks the marks of a block as "role:text" joined by ", ". */
static void
check_marks(const struct alignment *al, const struct doc *d, enum align_side side,
	    size_t block, const char *want, const char *name)
{
	struct compare_mark m[16];
	char got[512] = "";
	size_t n = compare_marks(al, side, block, m, 16), used = 0;

	for (size_t i = 0; i < n && i < 16; i++)
		used += (size_t)snprintf(got + used, sizeof got - used, "%s%s:%.*s", i ? ", " : "",
					 theme_role_name(m[i].role), (int)m[i].len, d->text + m[i].start);
	is_str(got, want, name);
}

/* The pane's text and the marks from a real alignment of the small pair. */
static void
test_small_pair(void)
{
	struct doc_opts o;
	struct qerr err;

	memset(&o, 0, sizeof o);
	struct doc *a = doc_load_memory("a.txt", pair_a, strlen(pair_a), &o, &err);
	struct doc *b = doc_load_memory("b.txt", pair_b, strlen(pair_b), &o, &err);
	struct alignment *al = align_docs(a, b, NULL, &err);
	if (!ok(a != NULL && b != NULL && al != NULL, "the small pair loads and aligns")) {
		align_free(al);
		doc_free(a);
		doc_free(b);
		return;
	}
	const char *summary = "header|parallel (fit 0.86): aligned 86%, only in A 1, only in B 0, "
			      "mismatches 1";
	const char *date_a[] = {
		summary,
		"mismatch|A line 3 -> B line 3 (b.txt): score 0.86, mismatch",
		"text|Le 29 septembre 2024, Kaspersky Lab a arr\xc3\xaat\xc3\xa9 ses mises \xc3\xa0 "
		"jour dans 15 pays.",
		"anchor|shared anchors:",
		"anchor|29 September 2024 = 29 septembre 2024",
		"anchor|Kaspersky = Kaspersky",
		"anchor|Lab = Lab",
		"mismatch|! number: 12 in A, 15 in B",
	};
	check_describe(al, ALIGN_SIDE_A, 1, date_a, sizeof date_a / sizeof *date_a,
		       "A's dated paragraph: its counterpart, the shared anchors, the findings");
	const char *quote_b[] = {
		summary,
		"gutter|B line 5 -> A line 5 (a.txt): score 0.90, match",
		"text|Maria Zakharova called the sanctions illegal.",
		"anchor|shared anchors:",
		"anchor|Maria = Maria",
		"anchor|Zakharova = Zakharova",
	};
	check_describe(al, ALIGN_SIDE_B, 2, quote_b, sizeof quote_b / sizeof *quote_b,
		       "B's quote: A's text, and each pair A's anchor first");
	const char *only_a[] = {
		summary,
		"mismatch|A line 7: only in A, no counterpart in b.txt",
		"metadata|shared anchors: none",
		"mismatch|! unaligned: only in A: The weather was fine in Moscow that day,",
	};
	check_describe(al, ALIGN_SIDE_A, 3, only_a, sizeof only_a / sizeof *only_a,
		       "A's last paragraph has no counterpart");
	const char *none[] = { summary, "metadata|no block here" };
	check_describe(al, ALIGN_SIDE_A, 99, none, 2, "past the last block");

	check_marks(al, a, ALIGN_SIDE_A, 1,
		    "anchor:29 September 2024, anchor:Kaspersky, anchor:Lab, mismatch:12",
		    "A's marks: shared anchors, and the number that differs");
	check_marks(al, b, ALIGN_SIDE_B, 1,
		    "anchor:29 septembre 2024, anchor:Kaspersky, anchor:Lab, mismatch:15",
		    "B's marks: the same anchors as written in B, and 15");
	check_marks(al, a, ALIGN_SIDE_A, 0, "anchor:Kaspersky, anchor:United States",
		    "the titles share a name and a country");
	check_marks(al, a, ALIGN_SIDE_A, 3, "", "an unaligned block has no marks");
	is_long((long)compare_marks(al, ALIGN_SIDE_A, 3, NULL, 0), 0,
		"no buffer yet and a block without marks: none needed");
	struct compare_mark few[2];
	is_long((long)compare_marks(al, ALIGN_SIDE_B, 1, few, 2), 4,
		"a buffer too small: the count needed");

	enum theme_role r;
	is_long(align_block_state(al, ALIGN_SIDE_A, 1), ALIGN_BLOCK_FINDING, "state: a finding");
	is_str(compare_gutter_glyph(align_block_state(al, ALIGN_SIDE_A, 3), false, &r), "+",
	       "gutter of the block only in A");
	is_long((long)align_next_flagged(al, ALIGN_SIDE_A, 1, 1), 3, "]c from the dated paragraph");
	align_free(al);
	doc_free(a);
	doc_free(b);
}

int
main(void)
{
	test_keys();
	test_mark_role();
	test_gutter();
	test_summary();
	test_small_pair();
	return done_testing();
}
