/* The word cursor without a terminal: the words of a block in reading
 * order (ICU word breaks on the logical text: no spaces or punctuation),
 * moves across blocks, a pick by source offset, and the mapping between
 * screen cells of a laid-out right-to-left row and the words' source
 * ranges. Offsets are counted by hand from the text below. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "layout/lib.h"
#include "reader/lib.h"
#include "text/lib.h"
#include "tap.h"

/* The cursor word as a string (for is_str). */
static const char *
word(const struct wordcur *c, const struct doc *d)
{
	static char buf[128];
	size_t len;
	const char *s = wordcur_text(c, d, &len);

	if (s == NULL || len >= sizeof buf)
		return "(none)";
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

int
main(void)
{
	/* Block 0 at 0: "The cat, sat." (13 bytes); block 1 at 15: 3 Arabic
	 * words of 16, 20 and 8 bytes; block 2 at 62: "end". */
	static const char text[] = "The cat, sat.\n\n"
		"\xd9\x88\xd8\xa7\xd9\x84\xd8\xad\xd9\x83\xd9\x88\xd9\x85\xd8\xa9 "
		"\xd8\xa7\xd9\x84\xd8\xa8\xd8\xb1\xd9\x8a\xd8\xb7\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9 "
		"\xd9\x82\xd8\xb1\xd8\xb1\xd8\xaa\n\nend\n";
	struct qerr err;
	struct doc *d = doc_load_memory("w.txt", text, sizeof text - 1, NULL, &err);

	if (!ok(d != NULL && d->nblocks == 3, "three blocks load"))
		return done_testing();

	struct block_words w = BLOCK_WORDS_INIT;
	block_words_find(&w, d, 0, 0, 0);
	is_long((long)w.n, 3, "block 0: three words (the comma, the stop and the spaces are none)");
	if (w.n == 3) {
		is_long((long)w.v[0].start, 0, "The starts at 0");
		is_long((long)w.v[0].end, 3, "and ends at 3");
		is_long((long)w.v[1].start, 4, "cat at 4");
		is_long((long)w.v[1].end, 7, "to 7 (the comma left out)");
		is_long((long)w.v[2].start, 9, "sat at 9");
		is_long((long)w.v[2].doc_start, 9, "its doc offset: the same in a plain text");
	}
	block_words_find(&w, d, 1, 0, 0);
	is_long((long)w.n, 3, "block 1: three Arabic words");
	if (w.n == 3) {
		is_long((long)w.v[0].doc_start, 15, "the first at doc offset 15");
		is_long((long)w.v[0].end - (long)w.v[0].start, 16, "16 bytes: the clitics are part of the word");
		is_long((long)w.v[1].doc_start, 32, "the second at 32");
		is_long((long)w.v[2].doc_start, 53, "the third at 53");
		is_long((long)w.v[2].doc_end, 60, "the range ends on its last character's first byte + 1");
	}

	struct wordcur c = WORDCUR_INIT;
	ok(wordcur_start(&c, d, 0), "the cursor starts at the top");
	is_str(word(&c, d), "The", "on the first word");
	ok(wordcur_step(&c, d, 1) && wordcur_step(&c, d, 1), "two steps forward");
	is_str(word(&c, d), "sat", "on sat");
	ok(wordcur_step(&c, d, 1), "a step past the end of the block");
	is_str(word(&c, d), "\xd9\x88\xd8\xa7\xd9\x84\xd8\xad\xd9\x83\xd9\x88\xd9\x85\xd8\xa9",
	       "goes to the next block's first word in reading order");
	is_long((long)c.block, 1, "block 1");
	ok(wordcur_step(&c, d, -1), "a step back");
	is_str(word(&c, d), "sat", "back on the last word of block 0");
	ok(wordcur_start(&c, d, 5), "a start inside cat");
	is_str(word(&c, d), "cat", "takes the word at the offset");
	ok(wordcur_start(&c, d, 13), "a start after the last word of a block");
	is_long((long)c.block, 1, "takes the next block's first word");
	ok(wordcur_pick(&c, d, 63), "a pick inside end");
	is_str(word(&c, d), "end", "gives end");
	ok(!wordcur_step(&c, d, 1), "no step past the last word of the document");
	is_str(word(&c, d), "end", "the cursor stays");
	ok(!wordcur_pick(&c, d, 3), "a pick on a space picks nothing");
	is_str(word(&c, d), "end", "and keeps the cursor");
	wordcur_stop(&c);
	ok(wordcur_span(&c) == NULL, "stopped: no cursor word");
	ok(!wordcur_step(&c, d, 1), "and no steps");

	/* A right-to-left row: the leftmost text cell is the last word's,
	 * the rightmost the first word's. */
	struct layout_opts lo = { .width = 60, .dir = DIR_AUTO, .shape = true, .tabstop = 8 };
	struct layout_para *p = layout_block(&d->blocks[1], &lo);
	ok(p->nrows == 1 && p->dir == DIR_RTL, "the Arabic block: one right-to-left row");
	const struct layout_row *row = &p->rows[0];
	size_t off = 0;
	ok(wordcur_offset_at(p, 0, row->indent, &off) && off >= 53 && off < 61,
	   "the leftmost cell shows the last word (offset %zu)", off);
	ok(wordcur_offset_at(p, 0, row->indent + row->width - 1, &off) && off == 15,
	   "the rightmost cell the first letter of the first word");
	ok(!wordcur_offset_at(p, 0, row->indent - 1, &off) || row->indent == 0,
	   "the indent shows no text");
	ok(!wordcur_offset_at(p, 0, row->indent + row->width, &off), "nor does past the end");
	ok(wordcur_pick(&c, d, off = 15) && wordcur_span(&c) != NULL, "a pick of that cell's offset");
	const struct word_span *s = wordcur_span(&c);
	const uint32_t *chars;
	const struct cell *cells = layout_row_cells(p, 0, &chars);
	size_t nin = 0, first = SIZE_MAX, last = 0;
	for (size_t i = 0; s != NULL && i < row->ncells; i++) {
		if (wordcur_cell_in(&cells[i], s->doc_start, s->doc_end)) {
			nin++;
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	}
	is_long((long)nin, 8, "the first word's 8 letters light 8 cells");
	is_long((long)last, (long)row->ncells - 1, "the rightmost ones");
	is_long((long)(last - first + 1), 8, "side by side");
	layout_para_free(p);

	wordcur_free(&c);
	block_words_free(&w);
	doc_free(d);

	/* A long block, taken a small window at a time: the words come in the
	 * order written, word0 to word2999, through every window's edge, both
	 * ways; a start and a pick in the middle find the word written there.
	 * Then a block of "before" and a block of "after" around it. */
	struct strbuf t = STRBUF_INIT;
	strbuf_puts(&t, "before\n\n");
	size_t long_at = t.len, mid_off = 0;
	for (int i = 0; i < 3000; i++) {
		if (i == 1500)
			mid_off = t.len + 2; /* inside "word1500" */
		strbuf_printf(&t, "word%d%s", i, i % 7 == 6 ? ", " : i % 11 == 10 ? ". " : " ");
	}
	strbuf_puts(&t, "\n\nafter\n");
	d = doc_load_memory("long.txt", t.data, t.len, NULL, &err);
	if (!ok(d != NULL && d->nblocks == 3 && d->blocks[1].len > 20000, "a long block between two short ones"))
		return done_testing();
	struct wordcur lc = WORDCUR_INIT;
	lc.window = 256;
	char want[32];
	int fwd_bad = -1, back_bad = -1, n = 0;
	ok(wordcur_start(&lc, d, long_at), "the cursor starts on the long block");
	for (int i = 0; i < 3000; i++, n++) {
		snprintf(want, sizeof want, "word%d", i);
		if (strcmp(word(&lc, d), want) != 0) {
			fwd_bad = i;
			break;
		}
		if (i < 2999 && !wordcur_step(&lc, d, 1))
			break;
	}
	is_long(fwd_bad, -1, "forward through 256-byte windows: word0 to word2999 in order");
	is_long(n, 3000, "3000 steps");
	ok(lc.words.n < 100, "and only a window's words are held");
	ok(wordcur_step(&lc, d, 1), "a step past the long block's end");
	is_str(word(&lc, d), "after", "lands on the next block");
	ok(wordcur_step(&lc, d, -1), "a step back");
	is_str(word(&lc, d), "word2999", "the long block's last word");
	for (int i = 2999; i >= 0; i--) {
		snprintf(want, sizeof want, "word%d", i);
		if (strcmp(word(&lc, d), want) != 0) {
			back_bad = i;
			break;
		}
		if (i > 0 && !wordcur_step(&lc, d, -1))
			break;
	}
	is_long(back_bad, -1, "backward through the windows: word2999 down to word0");
	ok(wordcur_step(&lc, d, -1), "a step back past the long block's start");
	is_str(word(&lc, d), "before", "lands on the block before");
	ok(wordcur_start(&lc, d, mid_off), "a start in the middle");
	is_str(word(&lc, d), "word1500", "on the word written there");
	ok(wordcur_pick(&lc, d, mid_off + 4), "a pick there");
	is_str(word(&lc, d), "word1500", "the same word");
	ok(wordcur_step(&lc, d, 1), "a step from it");
	is_str(word(&lc, d), "word1501", "the next word");
	ok(!wordcur_pick(&lc, d, mid_off + 6), "a pick on the blank after it picks nothing");
	is_str(word(&lc, d), "word1501", "and the cursor stays");
	wordcur_free(&lc);
	doc_free(d);
	strbuf_free(&t);
	return done_testing();
}
