/* Tests of display widths: agreement with the C library's wcwidth (what
 * curses draws with) for everything qarin emits, and the placeholders that
 * stand for controls. */
#define _XOPEN_SOURCE 700
#include <config.h>

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include <fribidi.h>

#include "layout/lib.h"
#include "text/lib.h"
#include "tap.h"

/* Compares width_char with wcwidth for each of cs; returns disagreements. */
static int
check_agree(const uint32_t *cs, size_t n, const char *what)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		int w = wcwidth((wchar_t)cs[i]);
		if (w < 0 || width_needs_placeholder(cs[i]) || width_char(cs[i]) != w) {
			if (bad++ < 5)
				diag("%s: U+%04lX width_char %d wcwidth %d", what,
				     (unsigned long)cs[i], width_char(cs[i]), w);
		}
	}
	return bad;
}

static void
test_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	ok(cs != NULL && strcasecmp(cs, "UTF-8") == 0, "LC_CTYPE is a UTF-8 locale");
}

static void
test_known(void)
{
	static const struct { uint32_t c; int w; const char *name; } cases[] = {
		{ 'a', 1, "ASCII letter" },
		{ 0x65E5, 2, "CJK ideograph" },
		{ 0xD55C, 2, "Hangul syllable" },
		{ 0x3042, 2, "hiragana" },
		{ 0xFF21, 2, "fullwidth Latin" },
		{ 0x1F600, 2, "emoji" },
		{ 0x1F30D, 2, "emoji globe" },
		{ 0x0301, 0, "combining acute" },
		{ 0x064B, 0, "fathatan" },
		{ 0x0651, 0, "shadda" },
		{ 0x05B8, 0, "Hebrew qamats" },
		{ 0x200B, 0, "zero width space" },
		{ 0x200D, 0, "zero width joiner" },
		{ 0x060C, 1, "Arabic comma" },
		{ 0x061B, 1, "Arabic semicolon" },
		{ 0x061F, 1, "Arabic question mark" },
		{ 0x066A, 1, "Arabic percent sign" },
		{ 0x06D4, 1, "Arabic full stop" },
		{ 0x0640, 1, "tatweel" },
		{ 0x0660, 1, "Arabic-Indic digit zero" },
		{ 0x06F4, 1, "extended Arabic-Indic digit four" },
		{ 0x00AB, 1, "guillemet" },
		{ 0xFEFB, 1, "lam-alef ligature" },
		{ 0xFDF2, 1, "Allah ligature" },
		{ 0x2026, 1, "ellipsis" },
		{ 0x00E9, 1, "e acute" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int w = width_char(cases[i].c);
		ok(w == cases[i].w && w == wcwidth((wchar_t)cases[i].c) &&
		   !width_needs_placeholder(cases[i].c),
		   "U+%04lX %s: %d columns", (unsigned long)cases[i].c, cases[i].name, cases[i].w);
	}
}

static void
test_whole_range(void)
{
	long bad = 0, rejected = 0, agreed = 0;

	for (uint32_t c = 0; c < 0x110000; c++) {
		if (c >= 0xD800 && c < 0xE000)
			continue;
		int w = wcwidth((wchar_t)c);
		if (w < 0) {
			rejected++;
			if (!width_needs_placeholder(c) && bad++ < 5)
				diag("U+%04lX rejected by wcwidth but not a placeholder",
				     (unsigned long)c);
			continue;
		}
		if (width_needs_placeholder(c)) {
			bool control = c < 0x20 || (c >= 0x7F && c < 0xA0) ||
				       (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
				       c == 0x200E || c == 0x200F || c == 0x061C;
			if (!control && bad++ < 5)
				diag("U+%04lX needlessly a placeholder", (unsigned long)c);
			continue;
		}
		if (width_char(c) != w) {
			if (bad++ < 5)
				diag("U+%04lX: width_char %d, wcwidth %d", (unsigned long)c,
				     width_char(c), w);
			continue;
		}
		agreed++;
	}
	diag("%ld code points agree with wcwidth, %ld rejected by it become placeholders",
	     agreed, rejected);
	ok(bad == 0 && agreed > 200000, "width_char agrees with wcwidth on every code point");
}

static void
test_presentation_forms(void)
{
	uint32_t out[4096];
	size_t n = 0;

	/* Every Arabic letter in every joining context, and lam-alef pairs. */
	for (uint32_t c = 0x0620; c <= 0x06FF && n < 4000; c++) {
		FriBidiChar s[3] = { 0x0628, c, 0x0628 };
		FriBidiCharType t[3];
		FriBidiLevel lv[3] = { 1, 1, 1 };
		FriBidiArabicProp ap[3];
		fribidi_get_bidi_types(s, 3, t);
		fribidi_get_joining_types(s, 3, ap);
		fribidi_join_arabic(t, 3, lv, ap);
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, lv, 3, ap, s);
		for (int k = 0; k < 3; k++)
			out[n++] = s[k];
		FriBidiChar one[2] = { c, 0x0644 };
		fribidi_get_bidi_types(one, 2, t);
		fribidi_get_joining_types(one, 2, ap);
		fribidi_join_arabic(t, 2, lv, ap);
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, lv, 2, ap, one);
		out[n++] = one[0];
		out[n++] = one[1];
		FriBidiChar iso[1] = { c };
		fribidi_get_joining_types(iso, 1, ap);
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, lv, 1, ap, iso);
		out[n++] = iso[0];
		FriBidiChar la[3] = { 0x0628, 0x0644, c };
		fribidi_get_bidi_types(la, 3, t);
		fribidi_get_joining_types(la, 3, ap);
		fribidi_join_arabic(t, 3, lv, ap);
		fribidi_shape(FRIBIDI_FLAGS_ARABIC, lv, 3, ap, la);
		for (int k = 0; k < 3; k++)
			if (la[k] != 0xFEFF)
				out[n++] = la[k];
	}
	size_t forms = 0;
	for (size_t i = 0; i < n; i++)
		if ((out[i] >= 0xFB50 && out[i] <= 0xFDFF) || (out[i] >= 0xFE70 && out[i] <= 0xFEFF))
			forms++;
	diag("%zu shaped characters, %zu presentation forms", n, forms);
	ok(forms > 300 && check_agree(out, n, "shaped") == 0,
	   "every form shaping emits has wcwidth's width");

	/* And every assigned presentation form, whether or not shaping emits it. */
	int bad = 0;
	for (uint32_t c = 0xFB50; c <= 0xFEFF; c++) {
		if (c > 0xFDFF && c < 0xFE70)
			continue;
		int w = wcwidth((wchar_t)c);
		if (w >= 0 && width_char(c) != w && bad++ < 5)
			diag("U+%04lX width_char %d wcwidth %d", (unsigned long)c, width_char(c), w);
	}
	ok(bad == 0, "all assigned presentation forms U+FB50-FDFF, U+FE70-FEFF agree");
}

static void
test_placeholders(void)
{
	uint32_t buf[13];
	size_t n;

	ok(width_needs_placeholder(0x1B) && width_needs_placeholder(0x00) &&
	   width_needs_placeholder(0x7F) && width_needs_placeholder(0x9B) &&
	   width_needs_placeholder(0x202E) && width_needs_placeholder(0x2066) &&
	   width_needs_placeholder(0x2069) && width_needs_placeholder(0x200E) &&
	   width_needs_placeholder(0x200F) && width_needs_placeholder(0x061C) &&
	   width_needs_placeholder(0x0378), "controls, bidi formats and unassigned need placeholders");
	ok(!width_needs_placeholder('a') && !width_needs_placeholder(0x0627) &&
	   !width_needs_placeholder(0xFEFB) && !width_needs_placeholder(0x1F600) &&
	   !width_needs_placeholder(0x200D), "letters, ligatures, emoji and ZWJ do not");
	n = width_placeholder(0x1B, buf);
	ok(n == 1 && buf[0] == 0x241B && buf[1] == 0, "ESC is U+241B");
	n = width_placeholder(0x7F, buf);
	ok(n == 1 && buf[0] == 0x2421, "DEL is U+2421");
	n = width_placeholder(0x00, buf);
	ok(n == 1 && buf[0] == 0x2400, "NUL is U+2400");

	static const struct { uint32_t c; const char *name; } named[] = {
		{ 0x202A, "<LRE>" }, { 0x202B, "<RLE>" }, { 0x202C, "<PDF>" }, { 0x202D, "<LRO>" },
		{ 0x202E, "<RLO>" }, { 0x2066, "<LRI>" }, { 0x2067, "<RLI>" }, { 0x2068, "<FSI>" },
		{ 0x2069, "<PDI>" }, { 0x200E, "<LRM>" }, { 0x200F, "<RLM>" }, { 0x061C, "<ALM>" },
		{ 0x009B, "<U+009B>" }, { 0x0378, "<U+0378>" }, { 0x10FFFF, "<U+10FFFF>" },
	};
	for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
		char got[16];
		n = width_placeholder(named[i].c, buf);
		for (size_t k = 0; k <= n && k < 15; k++)
			got[k] = (char)buf[k];
		got[n < 15 ? n : 15] = '\0';
		if (!ok(strcmp(got, named[i].name) == 0, "U+%04lX shows as %s",
			(unsigned long)named[i].c, named[i].name))
			diag("got '%s'", got);
	}
	bool all_one = true;
	for (uint32_t c = 0; c < 0x20; c++) {
		width_placeholder(c, buf);
		all_one = all_one && wcwidth((wchar_t)buf[0]) == 1;
	}
	ok(all_one, "every control picture takes one column by wcwidth");
}

static void
test_corpus(void)
{
	static const char *const files[] = {
		"ar-kaspersky-alwafd.txt", "fr-kaspersky.txt",
	};
	const char *dir = corpus_dir();
	char path[4096];

	if (dir == NULL) {
		diag("corpus absent: corpus widths not checked");
		return;
	}
	for (size_t f = 0; f < 2; f++) {
		size_t len = 0;
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		char *text = slurp(path, &len);
		if (!ok(text != NULL, "read %s", files[f]))
			continue;
		uint32_t *seen = calloc(0x110000 / 32, sizeof *seen);
		size_t distinct = 0;
		int bad = 0;
		for (int shape = 0; shape < 2; shape++) {
			struct layout_opts o = { .width = 80, .dir = DIR_AUTO, .shape = shape,
						 .tabstop = 8 };
			struct layout_para *p = layout_text(text, len, 0, &o);
			for (size_t r = 0; r < p->nrows; r++) {
				const uint32_t *chars;
				const struct cell *cells = layout_row_cells(p, r, &chars);
				for (size_t i = 0; i < p->rows[r].ncells; i++) {
					const struct cell *c = &cells[i];
					int sum = 0;
					for (unsigned k = 0; k < c->nchars; k++) {
						uint32_t ch = chars[c->chars + k];
						if (ch == '\t')
							continue;
						sum += wcwidth((wchar_t)ch);
						if (!(seen[ch / 32] & (1u << (ch % 32)))) {
							seen[ch / 32] |= 1u << (ch % 32);
							distinct++;
							bad += check_agree(&ch, 1, files[f]);
						}
					}
					if (sum != c->width && bad++ < 5)
						diag("cell %zu: width %d, wcwidth %d", i, c->width,
						     sum);
				}
			}
			layout_para_free(p);
		}
		ok(bad == 0 && distinct > 50,
		   "%s: the %zu code points emitted, shaped or not, agree with wcwidth",
		   files[f], distinct);
		free(seen);
		free(text);
	}
}

int
main(void)
{
	setlocale(LC_ALL, "C");
	ok(tap_utf8_locale(), "a UTF-8 locale is found for the widths");
	test_locale();
	test_known();
	test_whole_range();
	test_presentation_forms();
	test_placeholders();
	test_corpus();
	return done_testing();
}
