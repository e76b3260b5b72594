/* The break finder of the layout: UAX #14 break opportunities as
 * libunistring gives them, with plain words (letters, their marks, a comma
 * or full stop, spaces) done here and libunistring asked only for the
 * stretches between them. The classes the fast path trusts are checked
 * against libunistring itself when its table is built. */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unilbrk.h>

#include "layout/layout_break.h"
#include "layout/layout.h"
#include "text/lib.h"

/* How a code point takes part in line breaking, for the fast path: the
 * UAX #14 classes AL, CM, IS and EX, checked against libunistring itself
 * (SP is U+0020 alone). */
enum lb_class {
	LB_OTHER,
	LB_LETTER, /* class AL */
	LB_MARK,   /* class CM */
	LB_PUNCT,  /* class IS or EX: ends a word, breaks after the spaces after it */
};

/* Line break classes of the BMP for the fast path, filled a block at a time
 * (through lb_blocks); an entry is read-only once its block is filled. */
static uint8_t lb_table[0x10000];
static void lb_fill(uint32_t lo, uint32_t hi);
static struct blocktab lb_blocks = BLOCKTAB_INIT(lb_fill);

/* Breaks of s by libunistring itself. */
static void
lb_probe(const uint32_t *s, size_t n, char *out)
{
	u32_possible_linebreaks(s, n, "UTF-8", out);
}

/* The characters around X in the probe of lb_probe_class: neighbours of the
 * classes that have rules of their own. */
static const uint32_t lb_context[] = {
		'X', 'X', ' ', 'X', '(', 'X', ')', 'X', '[', 'X', ']', 'X', '{', 'X', '}',
		'X', '"', 'X', '"', ' ', '"', 'X', '\'', 'X', '\'', 'X', '-', 'X', '-', ' ',
		'X', '.', 'X', ',', 'X', ':', 'X', ';', 'X', '!', 'X', '?', 'X', '/', 'X',
		'%', 'X', '$', 'X', '1', 'X', '1', ',', 'X', 0x00A0, 'X', 0x2060, 'X', 0x200B,
		'X', 0x200D, 'X', 0x05D0, 'X', 0x05D0, '-', 'X', 0x4E00, 'X', 0x3002, 'X',
		0x00AB, 'X', 0x00BB, 'X', 0x2014, 'X', 0x2014, 0x00AD, 'X', 0x00B4, 'X',
		0x0301, 'X', 0x064B, 'X', 0x0E01, 'X', 0x1100, 'X', 0xAC00, 'X', 0x231A,
		'X', 0x1F3FB, 'X', 0x261D, 'X', 0x1F1E6, 'X', '\t', 'X', 0x000B, 'X', 0x2024,
		'X', 0x0021, ' ', 'X', 0x2010, 'X', 0x0F0B, 'X', 0x17D6, 'X', 0x3005, 'X',
		0x30FC, 'X', 0x1B05, 'X', 0x25CC, 'X', 0x1B44, 'X', 0x11F41, 'X', 0x0024,
		'1', 'X', 0x20AC, 'X', '+', 'X', 0x2044, 'X', 0x1F600, 'X', 0x0022, 'X',
		0x2018, 'X', 0x2019, 'X', 0x201C, ' ', 'X', 0x201D, 'X', 0xFF08, 'X', 0xFF09,
		'X', 0x0085, 'X', 0x2028, 'X', 0xFFFC, 'X', 0x0600, 'X', 0x0660, 'X', 0x066B,
		'X', 0x06DD, 'X', 0x0E2F, 'X', 0xE000, 'X', 0x0F08, 'X', 0x002D, '1', 'X',
		' ', 0x0301, 'X', 0x200D, 0x0301, 'X',
};
enum { LB_CONTEXT = sizeof lb_context / sizeof *lb_context };

/* The breaks libunistring finds in the probe with c for X: two characters
 * with the same breaks there have the same UAX #14 class in libunistring. */
static void
lb_probe_class(uint32_t c, char out[LB_CONTEXT])
{
	uint32_t a[LB_CONTEXT];

	for (size_t i = 0; i < LB_CONTEXT; i++)
		a[i] = lb_context[i] == 'X' ? c : lb_context[i];
	lb_probe(a, LB_CONTEXT, out);
}

/* Fills lb_table for code points [lo, hi) (once, through lb_blocks):
 * letters, combining marks and punctuation of the scripts qarin reads most,
 * each kept only if libunistring breaks around it exactly as around a
 * character it is known to class so. */
static void
lb_fill(uint32_t lo, uint32_t hi)
{
	/* Candidates, and a character of the class each should have. */
	static const struct { uint32_t lo, hi, ref; uint8_t cls; } ranges[] = {
		{ 'A', 'Z', 'a', LB_LETTER }, { 'a', 'z', 'a', LB_LETTER },
		{ 0x00C0, 0x00D6, 'a', LB_LETTER }, { 0x00D8, 0x00F6, 'a', LB_LETTER },
		{ 0x00F8, 0x017F, 'a', LB_LETTER },
		{ 0x0620, 0x064A, 'a', LB_LETTER }, { 0x066E, 0x066F, 'a', LB_LETTER },
		{ 0x0671, 0x06D3, 'a', LB_LETTER }, { 0x06D5, 0x06D5, 'a', LB_LETTER },
		{ 0x064B, 0x065F, 0x0301, LB_MARK }, { 0x0670, 0x0670, 0x0301, LB_MARK },
		{ ',', ',', ',', LB_PUNCT }, { '.', '.', ',', LB_PUNCT },
		{ ':', ';', ',', LB_PUNCT }, { 0x060C, 0x060C, ',', LB_PUNCT },
		{ 0x061B, 0x061B, ',', LB_PUNCT }, { '!', '!', '!', LB_PUNCT },
		{ '?', '?', '!', LB_PUNCT }, { 0x061F, 0x061F, '!', LB_PUNCT },
		{ 0x060C, 0x060C, '!', LB_PUNCT }, { 0x061B, 0x061B, '!', LB_PUNCT },
		{ 0x06D4, 0x06D4, '!', LB_PUNCT },
	};
	/* The probes of the references, each made once per block. */
	uint32_t refs[4];
	char ref_breaks[4][LB_CONTEXT], breaks[LB_CONTEXT];
	size_t nrefs = 0;

	for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++) {
		if (ranges[r].hi < lo || ranges[r].lo >= hi)
			continue;
		size_t k = 0;
		while (k < nrefs && refs[k] != ranges[r].ref)
			k++;
		if (k == nrefs) {
			if (nrefs == sizeof refs / sizeof *refs)
				abort(); /* more references than room: grow refs */
			refs[nrefs] = ranges[r].ref;
			lb_probe_class(ranges[r].ref, ref_breaks[nrefs++]);
		}
		for (uint32_t c = ranges[r].lo; c <= ranges[r].hi; c++) {
			if (c < lo || c >= hi || lb_table[c] != LB_OTHER)
				continue;
			if (c != ranges[r].ref) {
				lb_probe_class(c, breaks);
				if (memcmp(breaks, ref_breaks[k], LB_CONTEXT) != 0)
					continue;
			}
			lb_table[c] = ranges[r].cls;
		}
	}
}

/* The line break class of c for the fast path. */
static inline uint8_t
char_lb(uint32_t c)
{
	if (c >= 0x10000)
		return LB_OTHER;
	blocktab_need(&lb_blocks, c);
	return lb_table[c];
}

/* If a plain word starts at s (a letter, letters and marks, maybe a comma
 * or full stop, spaces, then the end or a letter), returns where it ends;
 * else 0. */
static size_t
lb_plain_word(const uint32_t *t, size_t n, size_t s)
{
	size_t j = s;

	if (char_lb(t[j]) != LB_LETTER)
		return 0;
	for (j++; j < n; j++) {
		uint8_t k = char_lb(t[j]);
		if (k != LB_LETTER && k != LB_MARK)
			break;
	}
	if (j < n && char_lb(t[j]) == LB_PUNCT)
		j++;
	size_t sp = j;
	while (j < n && t[j] == ' ')
		j++;
	return j == n || (j > sp && char_lb(t[j]) == LB_LETTER) ? j : 0;
}

/* True when UAX #14 breaks before t[j] whatever came before the last
 * spaces, and what follows t[j] cannot change a break before it: a letter
 * after spaces after a letter or an IS or EX punctuation mark (possibly
 * with marks): no rule of LB14-LB17 holds a letter to what precedes the
 * spaces before it then. */
static bool
lb_safe(const uint32_t *t, size_t j)
{
	if (j == 0 || t[j - 1] != ' ' || char_lb(t[j]) != LB_LETTER)
		return false;
	size_t k = j - 1;
	while (k > 0 && t[k] == ' ')
		k--;
	while (k > 0 && char_lb(t[k]) == LB_MARK)
		k--;
	return char_lb(t[k]) == LB_LETTER || char_lb(t[k]) == LB_PUNCT;
}

/* Has libunistring find the breaks of the stretch of t from s (0 or a safe
 * point) to the next safe point that starts a plain word, into lb; returns
 * where the stretch ends. */
static size_t
break_stretch(const uint32_t *t, size_t n, size_t s, char *lb)
{
	size_t u = s + 1;

	while (u < n && !(lb_safe(t, u) && lb_plain_word(t, n, u) > 0))
		u++;
	u32_possible_linebreaks(t + s, u - s, "UTF-8", lb + s);
	if (s > 0)
		lb[s] = UC_BREAK_POSSIBLE;
	return u;
}

/* UAX #14 break opportunities of t into lb, as u32_possible_linebreaks
 * gives them: plain words (letters of class AL with their marks, maybe a
 * mark of class IS or EX, then spaces) need no rules but LB7, LB9, LB13,
 * LB18 and LB28 (no break inside, a break after the spaces), so they are done
 * here; libunistring does the stretches between them, cut where no rule
 * looks across (a letter after a space after a letter). */
static void
break_find(const uint32_t *t, size_t n, char *lb)
{
	size_t s = 0;

	while (s < n) {
		size_t e = lb_plain_word(t, n, s);
		if (e > 0) {
			lb[s] = s == 0 ? UC_BREAK_PROHIBITED : UC_BREAK_POSSIBLE;
			memset(lb + s + 1, UC_BREAK_PROHIBITED, e - s - 1);
			s = e;
			continue;
		}
		s = break_stretch(t, n, s, lb);
	}
}

/* The breaks of break_find as bits: the fast path only marks word starts. */
void
layout_break_bits(const uint32_t *t, size_t n, uint8_t *bits, char *tmp, bool full)
{
	static const uint8_t allow[8] = {
		[UC_BREAK_POSSIBLE] = LAYOUT_BIT_ALLOW, [UC_BREAK_HYPHENATION] = LAYOUT_BIT_ALLOW,
	};
	size_t s = 0;

	while (s < n) {
		size_t e = full ? 0 : lb_plain_word(t, n, s);
		if (e > 0) {
			if (s > 0)
				bits[s] |= LAYOUT_BIT_ALLOW;
			s = e;
			continue;
		}
		size_t u = n;
		if (full)
			u32_possible_linebreaks(t, n, "UTF-8", tmp);
		else
			u = break_stretch(t, n, s, tmp);
		/* Backwards, so that tmp[k - 1] is still libunistring's. */
		for (size_t k = u; k-- > s;)
			bits[k] |= k > s && tmp[k - 1] == UC_BREAK_MANDATORY ? LAYOUT_BIT_MUST
									: allow[tmp[k] & 7];
		s = u;
	}
}

void
layout_break_opportunities(const uint32_t *s, size_t n, char *brk)
{
	char *lb = xmalloc(n + 1);

	break_find(s, n, lb);
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
