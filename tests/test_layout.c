/* Tests of the line layout: visual orders checked by hand, cells pointing at
 * their source bytes, widths bounded at every width, placeholders, nothing
 * lost, blocks with spans, the cache and the break finder. */
#define _XOPEN_SOURCE 700
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <fribidi.h>
#include <unilbrk.h>

#include "ingest/lib.h"
#include "layout/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Lays out s and returns its rows, without padding, joined by newlines. */
static char *
vis(const char *s, int width, enum text_dir dir, bool shape)
{
	struct layout_opts o = { .width = width, .dir = dir, .shape = shape, .tabstop = 8 };
	struct layout_para *p = layout_text(s, strlen(s), 0, &o);
	struct strbuf sb = STRBUF_INIT;

	for (size_t r = 0; r < p->nrows; r++) {
		if (r > 0)
			strbuf_putc(&sb, '\n');
		layout_row_to_utf8(p, r, false, &sb);
	}
	layout_para_free(p);
	return strbuf_steal(&sb);
}

/* Checks the visual rows of s against want. */
static void
check_vis(const char *s, int width, enum text_dir dir, bool shape, const char *want,
	  const char *name)
{
	char *got = vis(s, width, dir, shape);
	is_str(got, want, name);
	free(got);
}

/* Decodes one UTF-8 code point at s; returns its length (0 when invalid). */
static size_t
utf8_decode(const char *s, size_t len, uint32_t *c)
{
	mbstate_t st;
	wchar_t wc;

	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(&wc, s, len, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
		return 0;
	*c = (uint32_t)wc;
	return k;
}

/* Display width of a UTF-8 string by wcwidth, -1 if anything is rejected. */
static int
utf8_width(const char *s, size_t len)
{
	int w = 0;

	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, len - i, &c);
		if (k == 0)
			return -1;
		int cw = wcwidth((wchar_t)c);
		if (cw < 0)
			return -1;
		w += cw;
		i += k;
	}
	return w;
}

static void
test_visual_orders(void)
{
	check_vis("[الرئيس الأمريكي جو]", 80, DIR_AUTO, false,
		  "[وج يكيرمألا سيئرلا]", "brackets mirrored in an RTL paragraph");
	check_vis("قال [الرئيس الأمريكي جو] بايدن", 80, DIR_AUTO, false,
		  "ندياب [وج يكيرمألا سيئرلا] لاق", "brackets mirrored inside a sentence");
	check_vis("ab [الرئيس جو] cd", 80, DIR_AUTO, false,
		  "ab [وج سيئرلا] cd", "brackets in an LTR paragraph keep their glyphs");
	check_vis("قررت شركة Kaspersky Lab تقليص", 80, DIR_AUTO, false,
		  "صيلقت Kaspersky Lab ةكرش تررق", "Latin name inside Arabic stays LTR in place");
	check_vis("في عام 2014 و ٢٠٢٤", 80, DIR_AUTO, false,
		  "٢٠٢٤ و 2014 ماع يف", "European and Arabic-Indic numbers read left to right");
	check_vis("قال: \"لن (تتمكن)\" الخ", 80, DIR_AUTO, false,
		  "خلا \"(نكمتت) نل\" :لاق", "quotes, colon and parentheses in Arabic");
	check_vis("שלום עולם", 80, DIR_AUTO, false, "םלוע םולש", "Hebrew");
	check_vis("אבג abc  ", 20, DIR_RTL, false, "  abc גבא",
		  "trailing whitespace goes to the paragraph level (L1)");
	check_vis("x אבג דהו", 6, DIR_AUTO, false, "x גבא \nוהד",
		  "whitespace at a line end is reset to the paragraph level (L1)");
	check_vis("Kaspersky Lab", 80, DIR_RTL, false, "Kaspersky Lab",
		  "forced RTL keeps an LTR run in order");
}

static void
test_marks_and_shaping(void)
{
	struct layout_opts o = { .width = 80, .dir = DIR_AUTO, .shape = false, .tabstop = 8 };
	const char *s = "تدريجيًا";
	struct layout_para *p = layout_text(s, strlen(s), 0, &o);

	check_vis(s, 80, DIR_AUTO, false, "ايًجيردت", "fathatan stays after its base");
	ok(p->nrows == 1 && p->ncells == 7, "seven cells for eight code points");
	const uint32_t *ch;
	const struct cell *c = &layout_row_cells(p, 0, &ch)[1];
	ok(c->nchars == 2 && ch[c->chars] == 0x064A && ch[c->chars + 1] == 0x064B &&
	   c->width == 1, "yeh and fathatan share one cell of width 1");
	is_long((long)c->src, 10, "the cell starts at the yeh's byte");
	is_long((long)c->src_len, 4, "and covers the yeh and the mark");
	layout_para_free(p);

	o.shape = true;
	p = layout_text("لا", strlen("لا"), 100, &o);
	c = layout_row_cells(p, 0, &ch);
	ok(p->ncells == 1 && c[0].nchars == 1 && ch[c[0].chars] == 0xFEFB,
	   "lam-alef becomes the ligature U+FEFB in one cell");
	ok(c[0].src == 100 && c[0].src_len == 4 && p->rows[0].width == 1,
	   "the ligature cell stands for the bytes of both letters");
	layout_para_free(p);
	check_vis("لا سلام", 80, DIR_AUTO, true, "\uFEE1\uFEFC\uFEB3 \uFEFB",
		  "isolated and final lam-alef, presentation forms in visual order");
	check_vis("سَلَّمَ", 80, DIR_AUTO, true, "\uFEE2\u064E\uFEE0\u064E\u0651\uFEB3\u064E",
		  "shaped letters keep their harakat");
	check_vis("(لا)", 80, DIR_AUTO, true, "(\uFEFB)", "shaping mirrors too");
	check_vis("لا", 80, DIR_AUTO, false, "ال", "no shaping: letters stay base letters");
}

static void
test_wrapping(void)
{
	struct layout_opts o = { .width = 10, .dir = DIR_AUTO, .shape = false, .tabstop = 8 };
	const char *s = "كلمة one two three four";
	struct layout_para *p = layout_text(s, strlen(s), 0, &o);

	check_vis(s, 10, DIR_AUTO, false, " one ةملك\n two three\nfour",
		  "a Latin phrase wrapped inside an RTL paragraph keeps RTL lines");
	ok(p->dir == DIR_RTL && p->nrows == 3, "three rows, RTL paragraph");
	ok(p->rows[0].indent == 1 && p->rows[1].indent == 0 && p->rows[2].indent == 6,
	   "RTL rows are right-aligned");
	layout_para_free(p);

	check_vis("abcdefghij", 4, DIR_AUTO, false, "abcd\nefgh\nij",
		  "a word longer than the width breaks at grapheme boundaries");
	check_vis("aaa bbb ccc", 7, DIR_AUTO, false, "aaa bbb\nccc", "spaces at a break hang");
	check_vis("a\tb", 80, DIR_AUTO, false, "a       b", "tabs expand to the next stop");
	check_vis("سَلَّمَ سَلَّمَ", 3, DIR_AUTO, false, "مَلَّسَ\nمَلَّسَ",
		  "marks never leave their base at a break");
	check_vis("", 10, DIR_AUTO, false, "", "an empty paragraph is one empty row");
	check_vis("a\nb\r\nc\n", 10, DIR_AUTO, false, "a b  c",
		  "newlines inside are spaces, the one that ends the paragraph is not shown");
}

static void
test_wide(void)
{
	check_vis("日本語😀", 5, DIR_AUTO, false, "日本\n語😀", "CJK and emoji take two columns");
	struct layout_opts o = { .width = 1, .dir = DIR_AUTO, .shape = false, .tabstop = 8 };
	struct layout_para *p = layout_text("日a", strlen("日a"), 0, &o);
	const uint32_t *ch;
	const struct cell *c = layout_row_cells(p, 0, &ch);
	ok(p->nrows == 2 && p->rows[0].width == 1 && c[0].role == CELL_PLACEHOLDER &&
	   ch[c[0].chars] == 0xFFFD && c[0].src_len == 3,
	   "a wide character in one column becomes a one-column placeholder");
	layout_para_free(p);
}

static void
test_placeholders(void)
{
	struct layout_opts o = { .width = 80, .dir = DIR_AUTO, .shape = false, .tabstop = 8 };
	const char *esc = "a\x1b[31mb";
	struct layout_para *p = layout_text(esc, strlen(esc), 0, &o);

	check_vis(esc, 80, DIR_AUTO, false, "a\u241B[31mb", "ESC shows as its control picture");
	const uint32_t *ch;
	const struct cell *c = layout_row_cells(p, 0, &ch);
	ok(c[1].role == CELL_PLACEHOLDER && c[1].src == 1 &&
	   c[1].src_len == 1, "the placeholder cell is marked and points at the ESC");
	layout_para_free(p);

	const char *rlo = "a \u202Ebcd\u202C e";
	check_vis(rlo, 80, DIR_AUTO, false, "a <RLO><PDF>dcb e",
		  "RLO shows by name and still reverses what it governs");
	p = layout_text(rlo, strlen(rlo), 0, &o);
	size_t named = 0;
	c = layout_row_cells(p, 0, &ch);
	for (size_t i = 0; i < p->rows[0].ncells; i++)
		if (c[i].role == CELL_PLACEHOLDER && c[i].src == 2 && c[i].src_len == 3)
			named++;
	is_long((long)named, 5, "the five cells of <RLO> share the RLO's source bytes");
	layout_para_free(p);
	check_vis("אבג \u2066abc def\u2069 דהו", 80, DIR_AUTO, false,
		  "והד <PDI>abc def<LRI> גבא", "an LTR isolate inside Hebrew, with LRI and PDI shown");
	check_vis("a\xc2\x9b" "b\x7f" "c\xff" "d", 80, DIR_AUTO, false,
		  "a<U+009B>b\u2421c\uFFFDd", "C1 by number, DEL as a picture, invalid UTF-8 as U+FFFD");
	check_vis("a\x80\x80" "b\xe2\x80", 80, DIR_AUTO, false, "a\uFFFD\uFFFDb\uFFFD",
		  "stray and truncated UTF-8 sequences are never dropped");
	check_vis("\u200Fx\u200E\u061C", 80, DIR_LTR, false, "<RLM>x<LRM><ALM>", "marks by name");
	check_vis("\u202Eab cd", 3, DIR_AUTO, false, "<RL\nO>a\nb \ndc",
		  "a placeholder longer than the room left is split, never dropped");
	/* A Hangul vowel or final consonant (zero width) with no syllable
	 * before it to extend sits on a dotted circle, like a mark. */
	check_vis("\x07\u1161\ud7d1", 80, DIR_LTR, false, "\u2407\u25CC\u1161\ud7d1",
		  "a lone Hangul vowel after a control sits on a dotted circle, its final with it (GB8)");
	check_vis("\x07\ud7d1", 80, DIR_LTR, false, "\u2407\u25CC\ud7d1",
		  "so does a lone final consonant");
	check_vis("\u1100\u1161", 80, DIR_LTR, false, "\u1100\u1161",
		  "a leading consonant and a vowel stay one syllable");
	/* UAX #9 keeps a B's paragraph level; what follows it is still the
	 * same right-to-left paragraph (not reset to left-to-right). */
	check_vis("\u05d0\u05d1\x1d" "cd ef", 80, DIR_RTL, false, "cd ef\u241D\u05d1\u05d0",
		  "a group separator inside right-to-left text is a neutral picture");
	check_vis("\u05d0\u05d1\u2029" "cd", 80, DIR_RTL, false, "<PS>\u05d1\u05d0\ncd",
		  "so is U+2029 inside a paragraph, after which the row breaks (UAX #14 BK)");
}

static void
test_block(void)
{
	static const char text[] = "xx 123 456";
	struct span sp = { .start = 3, .len = 3, .style = SPAN_STRONG };
	struct block b = { .kind = BLOCK_PARAGRAPH, .text = text + 3, .len = 7, .text_off = 50,
			   .dir = DIR_RTL, .spans = &sp, .nspans = 1 };
	struct layout_opts o = { .width = 20, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };

	sp.start = 0;
	struct layout_para *p = layout_block(&b, &o);
	ok(p->dir == DIR_RTL, "no strong character: the block's direction");
	ok(p->nrows == 1 && p->rows[0].indent == 13, "and the row is right-aligned");
	struct strbuf sb = STRBUF_INIT;
	layout_row_to_utf8(p, 0, false, &sb);
	is_str(sb.data, "456 123", "numbers keep their order, runs go right to left");
	strbuf_free(&sb);
	const uint32_t *ch;
	const struct cell *c = layout_row_cells(p, 0, &ch);
	ok(c[4].src == 50 && c[4].role == CELL_STRONG && c[0].src == 54 && c[0].role == CELL_TEXT,
	   "cells carry document offsets and span roles");
	ok(p->rows[0].src_start == 50 && p->rows[0].src_end == 57, "the row's source range");
	layout_para_free(p);
	p = layout_text(b.text, b.len, 0, &o);
	ok(p->dir == DIR_LTR, "the same text alone is LTR");
	layout_para_free(p);
}

/* The row r of p as UTF-8, without padding. */
static char *
row_text(const struct layout_para *p, size_t r)
{
	struct strbuf sb = STRBUF_INIT;
	layout_row_to_utf8(p, r, false, &sb);
	strbuf_grow(&sb, 0);
	return strbuf_steal(&sb);
}

/* The transliterated block: Latin letters left to right, each cell with
 * the document offset of the letter it stands for (the expected Latin as
 * ICU's uconv -x Hebrew-Latin writes it). */
static void
test_translit(void)
{
	static const char text[] = "xx \u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD";
	struct span sp = { .start = 9, .len = 8, .style = SPAN_STRONG };
	struct block b = { .kind = BLOCK_PARAGRAPH, .text = text + 3, .len = 17, .text_off = 100,
			   .dir = DIR_RTL, .spans = &sp, .nspans = 1 };
	struct layout_opts o = { .width = 20, .dir = DIR_AUTO, .shape = true, .tabstop = 8,
				 .translit = LAYOUT_TRANSLIT_LATIN };
	struct layout_para *p = layout_block(&b, &o);
	char *t = row_text(p, 0);

	ok(p->dir == DIR_LTR && p->nrows == 1 && p->rows[0].indent == 0,
	   "translit: one row, left to right, left-aligned");
	is_str(t, "\u015Flwm \u02BBwlm", "translit: the Hebrew in Latin letters");
	free(t);
	const uint32_t *ch;
	const struct cell *c = layout_row_cells(p, 0, &ch);
	static const size_t want[] = { 100, 102, 104, 106, 108, 109, 111, 113, 115 };
	bool same = p->rows[0].ncells == 9;
	for (size_t i = 0; same && i < 9; i++)
		same = c[i].src == want[i] && c[i].src_len > 0;
	ok(same, "translit: each Latin letter knows the offset of its Hebrew letter");
	ok(c[0].role == CELL_TEXT && c[5].role == CELL_STRONG && c[8].role == CELL_STRONG,
	   "translit: the styles move with their words");
	ok(p->rows[0].src_start == 100 && p->rows[0].src_end == 117, "translit: the row's source range");
	layout_para_free(p);

	/* Interlinear at width 5: each word a row, its Latin under it, spaces
	 * at either end left aside. */
	o.translit = LAYOUT_TRANSLIT_INTERLINEAR;
	o.width = 5;
	p = layout_block(&b, &o);
	ok(p->nrows == 4, "interlinear: two rows of Hebrew, two of Latin (got %zu)", p->nrows);
	static const char *const rows[] = { /* visual order */ "\u05DD\u05D5\u05DC\u05E9", "\u015Flwm",
		"\u05DD\u05DC\u05D5\u05E2", "\u02BBwlm" };
	for (size_t r = 0; r < 4 && r < p->nrows; r++) {
		t = row_text(p, r);
		size_t n = strlen(t);
		while (n > 0 && t[n - 1] == ' ')
			t[--n] = '\0';
		char name[64];
		snprintf(name, sizeof name, "interlinear: row %zu", r);
		/* (a right-to-left row's end space stands at its left) */
		is_str(t + strspn(t, " "), rows[r], name);
		free(t);
	}
	ok(p->nrows == 4 && p->rows[1].src_start == 100 && p->rows[3].src_start == 109,
	   "interlinear: each Latin row starts where its Hebrew row does");
	layout_para_free(p);
}

static void
test_cache(void)
{
	struct doc d;
	struct block blocks[3];
	const char *texts[3] = { "alpha beta", "שלום עולם", "gamma" };

	memset(&d, 0, sizeof d);
	memset(blocks, 0, sizeof blocks);
	for (int i = 0; i < 3; i++) {
		blocks[i].text = texts[i];
		blocks[i].len = strlen(texts[i]);
		blocks[i].dir = DIR_LTR;
	}
	d.blocks = blocks;
	d.nblocks = 3;
	struct layout_cache *c = layout_cache_new(2);
	struct layout_opts o = { .width = 20, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };
	const struct layout_para *a = layout_cache_get(c, &d, 0, &o);
	ok(layout_cache_get(c, &d, 0, &o) == a, "a hit returns the same layout");
	const struct layout_para *h = layout_cache_get(c, &d, 1, &o);
	ok(h != a && h->dir == DIR_RTL && h->ncells == 9, "another block is laid out");
	o.width = 5;
	const struct layout_para *n = layout_cache_get(c, &d, 1, &o);
	ok(n->width == 5 && n->nrows == 2, "another width is another entry");
	o.width = 20;
	const struct layout_para *g = layout_cache_get(c, &d, 2, &o);
	ok(g->ncells == 5 && g->width == 20, "eviction makes room");
	const struct layout_para *a2 = layout_cache_get(c, &d, 0, &o);
	ok(a2->ncells == 10 && a2->nrows == 1, "an evicted block is laid out again");
	layout_cache_clear(c);
	ok(layout_cache_get(c, &d, 2, &o)->ncells == 5, "the cache works after a clear");
	layout_cache_free(c);
	layout_cache_free(NULL);
}

/* The bytes a cached layout is counted for. */
static size_t
para_bytes(const struct layout_para *p)
{
	return sizeof *p + p->ncells * sizeof(struct cell) + p->nchars * sizeof(uint32_t) +
	       p->nrows * sizeof(struct layout_row);
}

/* Every row of a layout as text with its source range, one per line. */
static void
rows_text(const struct layout_para *p, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t r = 0; r < p->nrows; r++) {
		strbuf_printf(out, "%zu-%zu %d|", p->rows[r].src_start, p->rows[r].src_end,
			      p->rows[r].indent);
		layout_row_to_utf8(p, r, false, out);
		strbuf_putc(out, '\n');
	}
}

/* A byte budget evicts the least recent layouts down to a floor of entries,
 * and a block laid out again gets the same rows. */
static void
test_cache_budget(void)
{
	static const char text[] =
		"Le premier paragraphe parle de la ville et de ses rues.\n"
		"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xd8\xa8\xd9\x83\xd9\x85 "
		"\xd9\x81\xd9\x8a \xd8\xa7\xd9\x84\xd9\x85\xd8\xaf\xd9\x8a\xd9\x86\xd8\xa9\n"
		"Le troisieme est plus court.\n"
		"Le quatrieme revient a la ville, a ses places et a ses marches.\n"
		"Le cinquieme.\n";
	struct doc d;
	struct block blocks[5];
	size_t start = 0;

	memset(&d, 0, sizeof d);
	memset(blocks, 0, sizeof blocks);
	for (int i = 0; i < 5; i++) {
		const char *nl = strchr(text + start, '\n');
		blocks[i].text = text + start;
		blocks[i].len = (size_t)(nl - (text + start));
		blocks[i].text_off = blocks[i].src_off = start;
		blocks[i].src_len = blocks[i].len;
		blocks[i].dir = i == 1 ? DIR_RTL : DIR_LTR;
		start = (size_t)(nl + 1 - text);
	}
	d.text = (char *)text;
	d.len = sizeof text - 1;
	d.blocks = blocks;
	d.nblocks = 5;

	struct layout_opts o = { .width = 12, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };
	struct layout_cache *c = layout_cache_new(8);
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	size_t sz[5], total = 0;

	/* Unbounded by bytes: the entries alone bound it. */
	for (size_t i = 0; i < 5; i++) {
		const struct layout_para *p = layout_cache_get(c, &d, i, &o);
		sz[i] = para_bytes(p);
		total += sz[i];
		if (i == 0)
			rows_text(p, &before);
	}
	is_long((long)layout_cache_count(c), 5, "no byte budget: every layout stays");
	is_long((long)layout_cache_bytes(c), (long)total, "the cache counts the bytes of its layouts");
	ok(sz[0] > sz[2] && sz[2] > sz[4], "a longer paragraph holds more bytes");

	/* A budget of the two most recent layouts: the three oldest go at once. */
	layout_cache_set_budget(c, sz[3] + sz[4], 1);
	is_long((long)layout_cache_count(c), 2, "setting a budget evicts down to it");
	is_long((long)layout_cache_bytes(c), (long)(sz[3] + sz[4]), "what stays is the most recent");
	const struct layout_para *p4 = layout_cache_get(c, &d, 4, &o);
	is_long((long)layout_cache_count(c), 2, "a hit evicts nothing");

	/* Block 0 is laid out again, evicting block 3 (the least recent) only:
	 * block 0 holds less than block 3. */
	const struct layout_para *p0 = layout_cache_get(c, &d, 0, &o);
	rows_text(p0, &after);
	is_str(after.data, before.data, "a block laid out again has the same rows");
	is_long((long)layout_cache_count(c), 2, "over the budget, the least recent goes");
	is_long((long)layout_cache_bytes(c), (long)(sz[4] + sz[0]), "block 4 stays with block 0");
	ok(layout_cache_get(c, &d, 4, &o) == p4, "and is still the same layout");

	/* A floor of three entries keeps three whatever the budget. */
	layout_cache_set_budget(c, 1, 3);
	p0 = layout_cache_get(c, &d, 0, &o);
	const struct layout_para *p1 = layout_cache_get(c, &d, 1, &o);
	p4 = layout_cache_get(c, &d, 4, &o);
	is_long((long)layout_cache_count(c), 3, "the floor keeps three entries");
	ok(layout_cache_get(c, &d, 0, &o) == p0 && layout_cache_get(c, &d, 1, &o) == p1 &&
	   layout_cache_get(c, &d, 4, &o) == p4, "the three most recent are still borrowed");
	const struct layout_para *p2 = layout_cache_get(c, &d, 2, &o);
	is_long((long)layout_cache_count(c), 3, "a miss at the floor evicts one");
	is_long((long)layout_cache_bytes(c), (long)(sz[1] + sz[4] + sz[2]),
		"the least recent went: block 0");
	struct layout_para *fresh = layout_block(&blocks[2], &o);
	rows_text(fresh, &before);
	rows_text(p2, &after);
	is_str(after.data, before.data, "the new layout is the block's");
	layout_para_free(fresh);

	/* What a frame asks for stays whatever the budget, until the next one. */
	layout_cache_clear(c);
	layout_cache_set_budget(c, 1, 1);
	layout_cache_frame(c);
	p0 = layout_cache_get(c, &d, 0, &o);
	p1 = layout_cache_get(c, &d, 1, &o);
	p2 = layout_cache_get(c, &d, 2, &o);
	is_long((long)layout_cache_count(c), 3, "a frame's layouts all stay");
	ok(layout_cache_get(c, &d, 0, &o) == p0 && layout_cache_get(c, &d, 1, &o) == p1 &&
	   layout_cache_get(c, &d, 2, &o) == p2, "and are still the same layouts");
	layout_cache_frame(c);
	p4 = layout_cache_get(c, &d, 4, &o);
	is_long((long)layout_cache_count(c), 1, "the next frame's first miss frees the last frame's");
	is_long((long)layout_cache_bytes(c), (long)sz[4], "only its own layout stays");
	p1 = layout_cache_get(c, &d, 1, &o);
	is_long((long)layout_cache_count(c), 2, "a second miss in the frame keeps the first");
	ok(layout_cache_get(c, &d, 4, &o) == p4, "still borrowed");

	/* The entry count still bounds it, and a clear empties the count. */
	layout_cache_set_budget(c, SIZE_MAX, 100);
	layout_cache_clear(c);
	is_long((long)layout_cache_bytes(c), 0, "a clear frees every byte");
	is_long((long)layout_cache_count(c), 0, "and every entry");
	layout_cache_free(c);
	strbuf_free(&before);
	strbuf_free(&after);
}

static void
test_breaks(void)
{
	const uint32_t s[] = { 'a', 'b', ' ', 'c', '\n', 'd', '-', 'e' };
	char brk[8];

	layout_break_opportunities(s, 8, brk);
	ok(brk[0] == LAYOUT_BREAK_NONE && brk[1] == LAYOUT_BREAK_NONE &&
	   brk[2] == LAYOUT_BREAK_NONE && brk[3] == LAYOUT_BREAK_ALLOW &&
	   brk[4] == LAYOUT_BREAK_NONE && brk[5] == LAYOUT_BREAK_MUST &&
	   brk[6] == LAYOUT_BREAK_NONE && brk[7] == LAYOUT_BREAK_ALLOW,
	   "break opportunities after spaces, hyphens and newlines");
}

/* Right-to-left paragraphs the layout resolves without fribidi's levels,
 * and the cases next to them that it must not: fribidi's own orders. */
static void
test_rtl_paragraphs(void)
{
	check_vis("(قال): «لا»!", 20, DIR_AUTO, false, "!«ال» :(لاق)",
		  "only R, AL and neutrals: everything at level 1, brackets mirrored");
	check_vis("قال\tَ ما", 20, DIR_AUTO, false, "ام      \u25CCَلاق",
		  "a mark alone after a tab stays after it (L3), as fribidi orders it, on a dotted circle");
	/* UAX #9 P1 would start a new paragraph after NEL, right-to-left by
	 * P2 (its first strong letter is ط): the dash comes first, on the
	 * right. A NEL kept inside one paragraph is a neutral picture, which
	 * orders the row the same way. */
	check_vis("\xc2\x85— طب", 20, DIR_AUTO, false, "<U+0085>\nبط —",
		  "after a paragraph separator (NEL) the text stays right-to-left");
	check_vis("قال، لا: نعم. لا", 6, DIR_AUTO, false, " ،لاق\n :ال\n .معن\nال",
		  "words ending in punctuation wrap after their spaces");
}

/* The break opportunities libunistring itself gives s, as the layout's
 * break finder reports them. */
static void
breaks_by_libunistring(const uint32_t *s, size_t n, char *brk)
{
	char *lb = malloc(n + 1);

	u32_possible_linebreaks(s, n, "UTF-8", lb);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && lb[i - 1] == UC_BREAK_MANDATORY)
			brk[i] = LAYOUT_BREAK_MUST;
		else if (i > 0 && (lb[i] == UC_BREAK_POSSIBLE || lb[i] == UC_BREAK_HYPHENATION))
			brk[i] = LAYOUT_BREAK_ALLOW;
		else
			brk[i] = LAYOUT_BREAK_NONE;
	}
	free(lb);
}

/* Decodes a UTF-8 line into code points (newlines as spaces); returns how many. */
static size_t
decode_line(const char *s, size_t len, uint32_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, len - i, &c);
		if (k == 0) {
			c = 0xFFFD;
			k = 1;
		}
		out[n++] = c == '\n' ? ' ' : c;
		i += k;
	}
	return n;
}

/* Counts the strings whose breaks by the layout differ from libunistring's. */
static int
breaks_differ(const uint32_t *s, size_t n)
{
	char *a = malloc(n + 1), *b = malloc(n + 1);
	int bad;

	layout_break_opportunities(s, n, a);
	breaks_by_libunistring(s, n, b);
	bad = memcmp(a, b, n) != 0;
	free(a);
	free(b);
	return bad;
}

/* The break finder's plain-word fast path against libunistring alone: the
 * corpus lines, and random strings of letters, marks, spaces, punctuation,
 * digits, quotes and brackets, Arabic and Latin. */
static void
test_breaks_fast_path(void)
{
	static const uint32_t pool[] = {
		'a', 'b', 'Z', 0xE9, 0x0644, 0x0627, 0x0645, 0x064B, 0x0651, 0x0301, ' ', ' ',
		' ', ',', '.', ':', ';', '!', '?', 0x060C, 0x061B, 0x061F, 0x06D4, '(', ')',
		'[', '"', '\'', 0x2019, 0x00AB, 0x00BB, '-', 0x2014, '1', '2', 0x0661, '%',
		'$', '/', 0x00A0, 0x200D, 0x200B, 0x2060, 0x05D0, 0x4E00, 0x3002, '\t', 0x0B,
		0x2028, 0x00AD, 0x1F600, 0x1F1E6, 0x0E01,
	};
	enum { NPOOL = sizeof pool / sizeof *pool };
	const char *dir = corpus_dir();
	uint32_t s[64];
	int bad = 0, total = 0;
	unsigned seed = 12345;

	for (int k = 0; k < 200000; k++) {
		size_t n = 1 + k % 40;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly letters and spaces, so that plain words occur. */
			unsigned r = (seed >> 16) % 100;
			s[i] = r < 45 ? pool[r % 7] : r < 70 ? ' ' : pool[(seed >> 8) % NPOOL];
		}
		bad += breaks_differ(s, n);
		total++;
	}
	ok(bad == 0, "%d of %d random strings: the break finder agrees with libunistring",
	   total - bad, total);

	if (dir == NULL) {
		diag("corpus absent: corpus lines not compared");
		return;
	}
	static const char *const files[] = { "ar-kaspersky-alwafd.txt", "fr-kaspersky.txt" };
	int lines = 0;
	bad = 0;
	for (size_t f = 0; f < 2; f++) {
		char path[4096];
		size_t len = 0;
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		char *text = slurp(path, &len);
		if (text == NULL)
			continue;
		uint32_t *cp = malloc((len + 1) * sizeof *cp);
		for (char *a = text; a < text + len;) {
			char *e = memchr(a, '\n', (size_t)(text + len - a));
			if (e == NULL)
				e = text + len;
			size_t n = decode_line(a, (size_t)(e - a), cp);
			if (n > 0) {
				bad += breaks_differ(cp, n);
				lines++;
			}
			a = e + 1;
		}
		/* The whole file as one paragraph, newlines as spaces. */
		bad += breaks_differ(cp, decode_line(text, len, cp));
		lines++;
		free(cp);
		free(text);
	}
	ok(bad == 0 && lines > 20, "%d corpus lines and files: the break finder agrees with "
	   "libunistring", lines - bad);
}

/* Maps a character to the smaller of it and its mirror, so that the
 * mirroring of brackets does not count as a change. */
static uint32_t
unmirror(uint32_t c)
{
	FriBidiChar m;

	if (fribidi_get_mirror_char(c, &m) && m < c)
		return m;
	return c;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Runs the corpus checks on one line; returns the failures. */
static int
check_corpus_line(const char *line, size_t len, int *checked)
{
	struct layout_opts o = { .dir = DIR_AUTO, .tabstop = 8 };
	struct strbuf sb = STRBUF_INIT;
	int bad = 0;

	/* Widths never exceed the row, and wcwidth agrees with the cells. */
	for (int w = 1; w <= 120; w++) {
		o.width = w;
		o.shape = true;
		struct layout_para *p = layout_text(line, len, 0, &o);
		for (size_t r = 0; r < p->nrows; r++) {
			const struct layout_row *row = &p->rows[r];
			int sum = 0;
			const uint32_t *ch;
			const struct cell *c = layout_row_cells(p, r, &ch);
			for (size_t k = 0; k < row->ncells; k++)
				sum += c[k].width;
			strbuf_reset(&sb);
			layout_row_to_utf8(p, r, false, &sb);
			int ww = utf8_width(sb.data ? sb.data : "", sb.len);
			if (row->width > w || row->indent < 0 || row->indent + row->width > w ||
			    sum != row->width || ww != row->width) {
				if (bad++ < 3)
					diag("width %d row %zu: width %d indent %d cells %d wcwidth %d",
					     w, r, row->width, row->indent, sum, ww);
			}
		}
		layout_para_free(p);
		(*checked)++;
	}

	/* Every cell's source bytes are its characters (no shaping). */
	static const int widths[] = { 80, 27, 9 };
	for (size_t wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
		o.width = widths[wi];
		o.shape = false;
		struct layout_para *p = layout_text(line, len, 0, &o);
		uint32_t *src = malloc((len + 1) * sizeof *src);
		uint32_t *got = malloc((p->nchars + 1) * sizeof *got);
		size_t ns = 0, ng = 0;
		for (size_t i = 0; i < len;) {
			uint32_t c;
			size_t k = utf8_decode(line + i, len - i, &c);
			if (k == 0)
				break;
			if (c != ' ')
				src[ns++] = unmirror(c);
			i += k;
		}
		for (size_t r = 0; r < p->nrows; r++) {
			const uint32_t *pchars;
			const struct cell *cells = layout_row_cells(p, r, &pchars);
			for (size_t i = 0; i < p->rows[r].ncells; i++) {
				const struct cell *c = &cells[i];
				size_t at = c->src, n = 0;
				for (unsigned k = 0; k < c->nchars; k++) {
					uint32_t sc;
					size_t kk = utf8_decode(line + at, len - at, &sc);
					uint32_t shown = pchars[c->chars + k];
					if (kk == 0 || unmirror(sc) != unmirror(shown))
						break;
					at += kk;
					n++;
				}
				if (n != c->nchars || at - c->src != c->src_len) {
					if (bad++ < 3)
						diag("cell %zu at %zu: source bytes differ", i,
						     c->src);
				}
				for (unsigned k = 0; k < c->nchars; k++)
					if (pchars[c->chars + k] != ' ')
						got[ng++] = unmirror(pchars[c->chars + k]);
			}
		}
		qsort(src, ns, sizeof *src, cmp_u32);
		qsort(got, ng, sizeof *got, cmp_u32);
		if (ns != ng || memcmp(src, got, ns * sizeof *src) != 0) {
			if (bad++ < 3)
				diag("width %d: %zu source characters, %zu shown", o.width, ns, ng);
		}
		free(src);
		free(got);
		layout_para_free(p);
	}
	strbuf_free(&sb);
	return bad;
}

static void
test_corpus(void)
{
	static const char *const files[] = { "ar-kaspersky-alwafd.txt", "fr-kaspersky.txt" };
	const char *dir = corpus_dir();
	char path[4096];

	if (dir == NULL) {
		diag("corpus absent: corpus checks not run");
		return;
	}
	for (size_t f = 0; f < 2; f++) {
		size_t len = 0;
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		char *text = slurp(path, &len);
		int bad = 0, checked = 0, lines = 0;
		if (!ok(text != NULL, "read %s", files[f]))
			continue;
		for (char *s = text; s < text + len;) {
			char *e = memchr(s, '\n', (size_t)(text + len - s));
			if (e == NULL)
				e = text + len;
			if (e > s) {
				bad += check_corpus_line(s, (size_t)(e - s), &checked);
				lines++;
			}
			s = e + 1;
		}
		ok(bad == 0 && lines >= 8,
		   "%s: %d lines at widths 1..120 (%d layouts): rows fit, cells point at "
		   "their bytes, nothing lost", files[f], lines, checked);
		free(text);
	}
}


/* Whether row r of a and of b are the same, cell by cell. */
static bool
same_row(const struct layout_para *a, const struct layout_para *b, size_t r)
{
	const struct layout_row *x = &a->rows[r], *y = &b->rows[r];
	const uint32_t *xc, *yc;
	const struct cell *cx = layout_row_cells(a, r, &xc);
	const struct cell *cy = layout_row_cells(b, r, &yc);
	bool same = x->ncells == y->ncells && x->width == y->width &&
		    x->indent == y->indent && x->src_start == y->src_start &&
		    x->src_end == y->src_end;

	for (size_t i = 0; same && i < x->ncells; i++) {
		same = cx[i].nchars == cy[i].nchars && cx[i].width == cy[i].width &&
		       cx[i].role == cy[i].role && cx[i].src == cy[i].src &&
		       cx[i].src_len == cy[i].src_len;
		for (unsigned q = 0; same && q < cx[i].nchars; q++)
			same = xc[cx[i].chars + q] == yc[cy[i].chars + q];
	}
	return same;
}

/* Whether a and b have as many rows and cells, in the same direction. */
static bool
same_shape(const struct layout_para *a, const struct layout_para *b, const char *what)
{
	if (a->nrows == b->nrows && a->ncells == b->ncells && a->dir == b->dir &&
	    a->width == b->width)
		return true;
	diag("%s: %zu/%zu rows, %zu/%zu cells", what, a->nrows, b->nrows, a->ncells, b->ncells);
	return false;
}

/* Compares two layouts of the same text row by row, cell by cell; returns
 * the differences (reporting the first few). Rows are read backwards, then
 * forwards, to go through the built rows' cache both ways. */
static int
compare_layouts(const struct layout_para *a, const struct layout_para *b, const char *what)
{
	int bad = 0;

	if (!same_shape(a, b, what))
		return 1;
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < a->nrows; k++) {
			size_t r = pass == 0 ? a->nrows - 1 - k : k;
			if (!same_row(a, b, r) && bad++ < 3)
				diag("%s: row %zu differs", what, r);
		}
	return bad;
}

/* Compares a, its rows asked for in order and each once as the printers
 * ask (layout_para_in_order), with b; returns the differences. */
static int
compare_in_order(struct layout_para *a, const struct layout_para *b, const char *what)
{
	int bad = 0;

	if (!same_shape(a, b, what))
		return 1;
	layout_para_in_order(a);
	for (size_t r = 0; r < a->nrows; r++)
		if (!same_row(a, b, r) && bad++ < 3)
			diag("%s: row %zu differs in order", what, r);
	return bad;
}

/* Lays out s both ways: built row by row (from min_lazy code points) and
 * all at once; returns the differences. */
static int
compare_lazy(const char *s, size_t len, int width, bool shape, size_t lazy_min, int *rows)
{
	struct layout_opts lazy = { .width = width, .dir = DIR_AUTO, .shape = shape,
		.tabstop = 8, .lazy_min = lazy_min, .bidi_piece = 1 + (size_t)width % 13,
		.split_min = width % 2 ? 1 : 0 };
	struct layout_opts eager = lazy;
	char what[64];

	eager.lazy_min = SIZE_MAX;
	struct layout_para *a = layout_text(s, len, 7, &lazy);
	struct layout_para *b = layout_text(s, len, 7, &eager);
	struct layout_para *c = layout_text(s, len, 7, &lazy);
	snprintf(what, sizeof what, "width %d shape %d", width, shape);
	int bad = compare_layouts(a, b, what) + compare_in_order(c, b, what);
	*rows += (int)a->nrows;
	layout_para_free(a);
	layout_para_free(b);
	layout_para_free(c);
	return bad;
}

/* Giant paragraphs build their cells row by row, and give the rows the
 * whole paragraph gives: one just above the threshold (corpus text with
 * controls, tabs, marks, lam-alefs, wide characters), and every corpus
 * line and fixture block with the threshold at one code point. */
static void
test_lazy_rows(void)
{
	static const char *const extra[] = {
		"\t\xe2\x80\xae" "abc\xe2\x80\xac ", /* tab, RLO ... PDF */
		"\xd9\x84\xd8\xa7\xd9\x84\xd9\x91\xd8\xa7 ", /* lam-alef, shadda */
		"\xe4\xb8\xad\xe6\x96\x87 \x1b[1m ", /* wide, ESC */
		"(\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d [1] 2.5) ",
		"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7 e\xcc\x81 ",
	};
	struct strbuf sb = STRBUF_INIT;
	const char *dir = corpus_dir();
	char path[4096];
	int bad = 0, rows = 0;

	for (size_t k = 0; sb.len < 3 * 65536; k++) {
		const char *x = extra[k % (sizeof extra / sizeof *extra)];
		strbuf_puts(&sb, x);
		strbuf_puts(&sb, "word\xd9\x83\xd9\x84\xd9\x85\xd8\xa9 mot ");
	}
	size_t cps = 0, cut = 0;
	while (cut < sb.len && cps <= 65536 + 5)
		cps += ((unsigned char)sb.data[cut++] & 0xC0) != 0x80;
	while (cut < sb.len && ((unsigned char)sb.data[cut] & 0xC0) == 0x80)
		cut++;
	cut--; /* 65537 or so code points: just above the threshold */
	static const int widths[] = { 1, 7, 80, 160 };
	for (size_t w = 0; w < 4; w++)
		for (int sh = 0; sh < 2; sh++)
			bad += compare_lazy(sb.data, cut, widths[w], sh, 0, &rows);
	struct layout_opts o = { .width = 80, .dir = DIR_AUTO, .tabstop = 8 };
	struct layout_para *p = layout_text(sb.data, cut, 0, &o);
	ok(p->lazy != NULL && bad == 0, "a paragraph just above the threshold is built row by "
	   "row and gives the same %d rows as all at once", rows);
	layout_para_free(p);

	/* A frame's rows, asked for first and read after, stay valid. */
	o.width = 7;
	o.shape = true;
	p = layout_text(sb.data, cut, 0, &o);
	o.lazy_min = SIZE_MAX;
	struct layout_para *q = layout_text(sb.data, cut, 0, &o);
	const struct cell *frame[256];
	const uint32_t *fchars[256];
	size_t first = 1000;
	for (size_t k = 0; k < 256; k++)
		frame[k] = layout_row_cells(p, first + k, &fchars[k]);
	bad = 0;
	for (size_t k = 0; k < 256; k++) {
		const uint32_t *ch;
		const struct cell *c = layout_row_cells(q, first + k, &ch);
		for (size_t i = 0; i < q->rows[first + k].ncells; i++)
			if (c[i].src != frame[k][i].src || c[i].width != frame[k][i].width ||
			    ch[c[i].chars] != fchars[k][frame[k][i].chars])
				bad++;
	}
	ok(p->nrows > first + 256 && bad == 0, "256 rows asked for in a row stay valid together");
	layout_para_free(q);
	layout_para_free(p);
	/* Clusters by the full rules that reach far: runs of regional
	 * indicators longer than the context decoded around a row, Hangul
	 * jamo, emoji sequences, a Devanagari conjunct, among Arabic. */
	struct strbuf cx = STRBUF_INIT;
	for (size_t k = 0; cx.len < 70000; k++) {
		for (size_t r = 0; r < 41 + k % 7; r++)
			strbuf_puts(&cx, "\xf0\x9f\x87\xaa"); /* regional indicator E */
		strbuf_puts(&cx, " \xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8"
			    "\xe1\x84\x80\xe1\x85\xa1 "); /* jamo L V T, L V */
		strbuf_puts(&cx, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
			    "\xf0\x9f\x91\xa7 "); /* a family, joined */
		strbuf_puts(&cx, "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7 "); /* ksha */
		strbuf_puts(&cx, "\xd9\x83\xd9\x84\xd9\x85\xd8\xa9 mot ");
	}
	int crows = 0;
	bad = 0;
	static const int cwidths[] = { 1, 3, 7, 80 };
	for (size_t w = 0; w < 4; w++)
		for (int sh = 0; sh < 2; sh++)
			bad += compare_lazy(cx.data, cx.len, cwidths[w], sh, 1, &crows);
	struct layout_opts co = { .width = 7, .dir = DIR_AUTO, .tabstop = 8, .lazy_min = 1 };
	struct layout_para *cp = layout_text(cx.data, cx.len, 0, &co);
	ok(cp->lazy != NULL && bad == 0 && crows > 10000, "long regional indicator runs, jamo, "
	   "emoji sequences: %d rows built row by row are those built all at once", crows);
	layout_para_free(cp);
	strbuf_free(&cx);

	o.lazy_min = 0;
	o.width = 80;
	o.shape = false;
	p = layout_text(sb.data, 1000, 0, &o);
	ok(p->lazy == NULL, "a small paragraph is built all at once");
	layout_para_free(p);

	/* Brackets nested past what bidi pairs (63), an opener never closed,
	 * lam-alefs and marks after brackets: pieces must not cut a pair. */
	strbuf_free(&sb);
	for (int k = 0; k < 70; k++)
		strbuf_puts(&sb, "(Ø¨ÙØ§ ab ");
	for (int k = 0; k < 70; k++)
		strbuf_puts(&sb, "cd) ÙØ§Ù ");
	strbuf_puts(&sb, "[Ù(xÙ) ×©×××] ");
	for (int k = 0; k < 200; k++)
		strbuf_puts(&sb, k % 7 ? "word ÙÙÙØ© " : "{open ");
	bad = rows = 0;
	for (size_t w = 0; w < 4; w++)
		for (int sh = 0; sh < 2; sh++)
			bad += compare_lazy(sb.data, sb.len, widths[w], sh, 1, &rows);
	ok(bad == 0, "nested and unclosed brackets: %d rows built in pieces are those built "
	   "all at once", rows);
	strbuf_free(&sb);

	if (dir == NULL) {
		diag("corpus absent: corpus lines not compared row by row");
		return;
	}
	static const char *const files[] = { "ar-kaspersky-alwafd.txt", "fr-kaspersky.txt" };
	bad = rows = 0;
	for (size_t f = 0; f < 2; f++) {
		size_t len = 0;
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		char *text = slurp(path, &len);
		if (text == NULL)
			continue;
		for (char *s = text; s < text + len;) {
			char *e = memchr(s, '\n', (size_t)(text + len - s));
			if (e == NULL)
				e = text + len;
			size_t n = (size_t)(e - s);
			for (size_t w = 0; w < 4 && e > s; w++)
				for (int sh = 0; sh < 2; sh++)
					bad += compare_lazy(s, n, widths[w], sh, 1, &rows);
			s = e + 1;
		}
		free(text);
	}
	ok(bad == 0 && rows > 1000, "corpus lines: %d rows built row by row are those built "
	   "all at once", rows);

	/* Blocks with spans and offset maps, through layout_block. */
	static const char *const fixtures[] = { "struct-sample.html", "struct-sample.md",
		"enc-ar.cp1256.txt", "layout-controls.txt", "layout-bidi-lines.txt" };
	const char *fx = getenv("FIXTURES");
	bad = rows = 0;
	int blocks = 0;
	for (size_t f = 0; f < sizeof fixtures / sizeof *fixtures; f++) {
		struct qerr err = { 0 };
		snprintf(path, sizeof path, "%s/%s", fx ? fx : "tests/fixtures", fixtures[f]);
		struct doc *d = doc_load_file(path, NULL, &err);
		if (d == NULL) {
			bad++;
			diag("%s: not loaded", path);
			continue;
		}
		for (size_t bi = 0; bi < d->nblocks; bi++)
			for (size_t w = 0; w < 4; w++)
				for (int sh = 0; sh < 2; sh++) {
					struct layout_opts lo = { .width = widths[w],
						.dir = DIR_AUTO, .shape = sh, .tabstop = 8,
						.lazy_min = 1, .bidi_piece = 1 + w,
						.split_min = 1 + w % 2 * SIZE_MAX / 2 };
					struct layout_para *a = layout_block(&d->blocks[bi], &lo);
					struct layout_para *c = layout_block(&d->blocks[bi], &lo);
					lo.lazy_min = SIZE_MAX;
					struct layout_para *b = layout_block(&d->blocks[bi], &lo);
					bad += compare_layouts(a, b, fixtures[f]);
					bad += compare_in_order(c, b, fixtures[f]);
					rows += (int)a->nrows;
					blocks++;
					layout_para_free(a);
					layout_para_free(b);
					layout_para_free(c);
				}
		doc_free(d);
	}
	ok(bad == 0 && blocks > 100, "fixture blocks: %d rows of %d layouts built row by row "
	   "are those built all at once", rows, blocks);
}

/* Giant paragraphs whose rows are asked for in order (as --dump asks)
 * are built a batch of rows at a time: the rows are those built all at
 * once, for paragraphs just above and just below the threshold, with
 * Arabic, marks, wide characters, tabs, runs of spaces the fill drops,
 * invalid bytes and controls shown as placeholders, and explicit
 * formatting (laid out from the whole decoded paragraph). */
static void
test_in_order_rows(void)
{
	static const char *const parts[] = {
		"\xd8\xa7\xd9\x84\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8 ", /* Arabic */
		"\xd9\x84\xd8\xa7\xd9\x84\xd9\x91\xd8\xa7 ", /* lam-alef, shadda */
		"\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97 ",  /* wide */
		"a\tb\t\tc ",                                   /* tabs */
		"mot   \xff\x80 \xd9 \x1b[1m   ",              /* spaces, invalid, ESC */
		"e\xcc\x81\xcc\xa7 (\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d [1] 2.5) ",
		"anticonstitutionnellement\xd9\x83\xd9\x84\xd9\x85\xd8\xa9\xd9\x83\xd8\xa8\xd9\x8a\xd8\xb1\xd8\xa9 ",
	};
	static const int widths[] = { 80, 7, 3 };
	struct strbuf sb = STRBUF_INIT;
	size_t cps = 0;

	for (size_t k = 0; cps < 65536 + 64; k++) {
		const char *x = parts[k * 5 % (sizeof parts / sizeof *parts)];
		strbuf_puts(&sb, x);
		cps += utf8_count(x, strlen(x));
	}
	/* Sized by lead bytes, as the layout sizes a paragraph; below, with
	 * room for the stray continuation bytes, each a code point too. */
	size_t above = sb.len, below = sb.len;
	while (utf8_count(sb.data, above) > 65536 + 8)
		above--;
	while (utf8_count(sb.data, below) > 65536 - 2048)
		below--;
	for (int explicit = 0; explicit < 2; explicit++) {
		struct strbuf t = STRBUF_INIT;
		if (explicit)
			strbuf_puts(&t, "\xe2\x80\xae"); /* RLO: the whole paragraph decoded */
		size_t lead = t.len;
		strbuf_append(&t, sb.data, sb.len);
		for (int side = 0; side < 2; side++) {
			size_t len = lead + (side == 0 ? above : below);
			int bad = 0, rows = 0;
			bool lazy = true;
			for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
				for (int sh = 0; sh < 2; sh++) {
					struct layout_opts lo = { .width = widths[w], .dir = DIR_AUTO,
						.shape = sh, .tabstop = 8 };
					struct layout_para *a = layout_text(t.data, len, 0, &lo);
					lo.lazy_min = SIZE_MAX;
					struct layout_para *b = layout_text(t.data, len, 0, &lo);
					char what[64];
					snprintf(what, sizeof what, "in order, width %d shape %d",
						 widths[w], sh);
					lazy = lazy && a->lazy != NULL;
					bad += compare_in_order(a, b, what);
					rows += (int)a->nrows;
					layout_para_free(a);
					layout_para_free(b);
				}
			ok(bad == 0 && lazy == (side == 0) && rows > 1000,
			   "%s the threshold%s: %d rows asked for in order are those built "
			   "all at once", side == 0 ? "just above" : "just below",
			   explicit ? ", explicit formatting" : "", rows);
		}
		strbuf_free(&t);
	}
	strbuf_free(&sb);
}

int
main(void)
{
	if (!tap_utf8_locale())
		skip_all("no UTF-8 locale");
	test_visual_orders();
	test_marks_and_shaping();
	test_wrapping();
	test_wide();
	test_placeholders();
	test_block();
	test_translit();
	test_cache();
	test_cache_budget();
	test_breaks();
	test_breaks_fast_path();
	test_rtl_paragraphs();
	test_corpus();
	test_lazy_rows();
	test_in_order_rows();
	return done_testing();
}
