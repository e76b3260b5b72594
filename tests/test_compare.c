/* The comparison in the reader, without a terminal: the compare keys in
 * the key table, mark lookups and gutter glyphs, the summary line, and the
 * pane's text and the panes' marks from real alignments (a small pair
 * written here, and the corpus pair). */
#include <config.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "qarin/compare.h"
#include "qarin/keys.h"
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

int
main(void)
{
	test_keys();
	test_mark_role();
	test_gutter();
	test_summary();
	return done_testing();
}
