/* The first step of anchor extraction: a block's text cut into words,
 * numbers and punctuation with their byte ranges, and the clitic variants
 * of a folded word (the folding itself is text/fold.c's anchor profile). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "text/lib.h"
#include "align/anchor_impl.h"

enum anchor_script_group
anchor_script_group_of(const char *text)
{
	const uint8_t *u = (const uint8_t *)text;
	int32_t i = 0, n = (int32_t)strlen(text);
	UChar32 c = 0;
	UErrorCode ec = U_ZERO_ERROR;

	if (n == 0)
		return ASG_LATIN;
	U8_NEXT(u, i, n, c);
	if (c < 0)
		return ASG_LATIN;
	switch (uscript_getScript(c, &ec)) {
	case USCRIPT_ARABIC: return ASG_ARABIC;
	case USCRIPT_HEBREW: return ASG_HEBREW;
	case USCRIPT_CYRILLIC: return ASG_CYRILLIC;
	default: return ASG_LATIN;
	}
}

size_t
anchor_join(char *dst, size_t cap, const char *a, const char *b, const char *c)
{
	const char *part[3] = { a, b, c };
	size_t n = 0;

	if (cap == 0)
		return 0;
	for (int i = 0; i < 3; i++) {
		size_t l = strlen(part[i]);
		if (l > cap - 1 - n)
			l = cap - 1 - n;
		memcpy(dst + n, part[i], l);
		n += l;
	}
	dst[n] = '\0';
	return n;
}

/* Whether the folded word starts with the UTF-8 prefix p. */
static bool
starts(const char *w, const char *p)
{
	return strncmp(w, p, strlen(p)) == 0;
}

/* Adds a variant when it keeps at least two letters. */
static int
variant_add(char out[][64], int n, int max, const char *s)
{
	size_t letters = utf8_count(s, strlen(s));
	if (n >= max || letters < 2)
		return n;
	for (int i = 0; i < n; i++)
		if (strcmp(out[i], s) == 0)
			return n;
	anchor_join(out[n], 64, s, "", "");
	return n + 1;
}

int
anchor_clitic_variants(const char *w, int script, bool article, char out[][64], int max)
{
	static const char *const ar[] = { "و", "ف", "ب", "ل", "ك" };
	static const char *const he[] = { "ו", "ה", "ב", "ל", "מ", "ש", "כ" };
	const char *const *pre = script == USCRIPT_HEBREW ? he : ar;
	size_t npre = script == USCRIPT_HEBREW ? sizeof he / sizeof *he : sizeof ar / sizeof *ar;
	int n = 0;

	/* The word itself, however short (the U of U.S.). */
	if (w[0] != '\0' && max > 0) {
		anchor_join(out[0], 64, w, "", "");
		n = 1;
	}
	char stem[3][64];
	int ns = 0;

	if (script != USCRIPT_ARABIC && script != USCRIPT_HEBREW)
		return n;
	anchor_join(stem[ns++], 64, w, "", "");
	/* Up to two clitic letters (وب, ול, ...). */
	for (int round = 0; round < 2; round++) {
		const char *cur = stem[ns - 1];
		bool took = false;
		for (size_t p = 0; p < npre && !took; p++) {
			if (!starts(cur, pre[p]))
				continue;
			const char *rest = cur + strlen(pre[p]);
			/* Arabic l + article loses the article's alef: للولايات. */
			if (script == USCRIPT_ARABIC && strcmp(pre[p], "ل") == 0 && starts(rest, "ل")) {
				char tmp[64];
				anchor_join(tmp, sizeof tmp, "ا", rest, "");
				n = variant_add(out, n, max, tmp);
			}
			if (ns < 3) {
				anchor_join(stem[ns++], 64, rest, "", "");
				n = variant_add(out, n, max, rest);
				took = true;
			}
		}
		if (!took)
			break;
	}
	if (article && script == USCRIPT_ARABIC) {
		int m = n;
		for (int i = 0; i < m; i++)
			if (starts(out[i], "ال")) {
				char tmp[64];
				anchor_join(tmp, sizeof tmp, out[i] + strlen("ال"), "", "");
				n = variant_add(out, n, max, tmp);
			}
	}
	return n;
}

/* Characters after which the next word starts a sentence or a quote. */
static bool
anchor_is_opener(UChar32 c)
{
	switch (c) {
	case '.': case '!': case '?': case ':': case '"': case '(': case '[':
	case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E:
	case 0x2018: case 0x061F: case 0x06D4: case 0x2026: case 0x2014:
		return true;
	default:
		return false;
	}
}

/* Whether c continues a word: letters, their marks, tatweel, joiners. */
static bool
anchor_is_wordchar(UChar32 c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (c == 0x0640 || c == 0x200C || c == 0x200D)
		return true;
	int8_t t = u_charType(c);
	return u_isalpha(c) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

/* Whether a letter is Latin (the one script boundary inside a run of
 * letters that matters: Latin words glued to Arabic clitics). */
static bool
anchor_is_latin(UChar32 c)
{
	if (c < 0x80)
		return true;
	if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF))
		return true;
	UErrorCode ec = U_ZERO_ERROR;
	return uscript_getScript(c, &ec) == USCRIPT_LATIN;
}

/* Appends a zeroed token. */
static struct atok *
atoks_push(struct atoks *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	struct atok *k = &t->v[t->n++];
	memset(k, 0, sizeof *k);
	k->value = -1;
	return k;
}

/* Fills the script and letter case of a word token. */
static void
anchor_word_props(const struct ablock *ab, struct atok *k)
{
	const uint8_t *u = (const uint8_t *)ab->text;
	int32_t i = (int32_t)k->start, n = (int32_t)k->end;
	int letters = 0, upper = 0, cased = 0;
	bool first = true;

	k->script = USCRIPT_COMMON;
	while (i < n) {
		UChar32 c;
		U8_NEXT(u, i, n, c);
		if (c < 0 || !u_isalpha(c))
			continue;
		if (first) {
			UErrorCode ec = U_ZERO_ERROR;
			int sc = uscript_getScript(c, &ec);
			k->script = U_SUCCESS(ec) ? sc : USCRIPT_COMMON;
			k->cap = u_isupper(c) || u_istitle(c);
		} else if (u_isupper(c)) {
			k->innercap = true;
		}
		first = false;
		letters++;
		if (u_isupper(c) || u_islower(c) || u_istitle(c)) {
			cased++;
			if (u_isupper(c))
				upper++;
		}
	}
	k->allcap = letters >= 2 && cased == letters && upper == letters;
}

void
anchor_tokenize(const struct ablock *ab, struct atoks *out)
{
	const uint8_t *u = (const uint8_t *)ab->text;
	int32_t i = 0, n = (int32_t)ab->len;
	bool space = false, opener = true;

	while (i < n) {
		int32_t at = i;
		UChar32 c;
		U8_NEXT(u, i, n, c);
		if (c < 0)
			continue;
		if (u_isUWhiteSpace(c) || c == 0x00A0 || c == 0x202F) {
			space = true;
			continue;
		}
		if (u_isdigit(c) && u_charDigitValue(c) >= 0 && u_charDigitValue(c) <= 9) {
			struct atok tmp;
			memset(&tmp, 0, sizeof tmp);
			tmp.value = -1;
			size_t end = anchor_number_scan(ab, (size_t)at, &tmp);
			if (end > (size_t)at) {
				/* G7, MP3: not the Arabic conjunction of و٣٫٥. Read
				 * before the push, which may move the array. */
				const struct atok *prev = out->n ? &out->v[out->n - 1] : NULL;
				bool glued = prev != NULL && !space && prev->kind == ATOK_WORD &&
					     prev->end == (size_t)at && prev->script == USCRIPT_LATIN;
				struct atok *k = atoks_push(out);
				*k = tmp;
				k->start = (size_t)at;
				k->end = end;
				k->space_before = space;
				k->glued = glued;
				space = false;
				opener = false;
				i = (int32_t)end;
				continue;
			}
		}
		if (anchor_is_wordchar(c) && u_isalpha(c)) {
			bool latin = anchor_is_latin(c);
			while (i < n) {
				int32_t j = i;
				UChar32 d;
				U8_NEXT(u, j, n, d);
				/* وMcAfee: a change of script ends the word. */
				if (d < 0 || !anchor_is_wordchar(d) ||
				    (u_isalpha(d) && anchor_is_latin(d) != latin))
					break;
				i = j;
			}
			struct atok *k = atoks_push(out);
			k->kind = ATOK_WORD;
			k->start = (size_t)at;
			k->end = (size_t)i;
			k->space_before = space;
			k->sent_start = opener;
			anchor_word_props(ab, k);
			space = false;
			opener = false;
			continue;
		}
		if (u_charType(c) == U_FORMAT_CHAR || fold_anchor_drops((uint32_t)c))
			continue;
		struct atok *k = atoks_push(out);
		k->kind = ATOK_PUNCT;
		k->punct = c;
		k->start = (size_t)at;
		k->end = (size_t)i;
		k->space_before = space;
		space = false;
		if (anchor_is_opener(c))
			opener = true;
	}
}
