/* Unicode's BidiCharacterTest.txt through the layout engine: the resolved
 * levels (layout_bidi_levels) and the visual order of the cells that
 * layout_text produces, ignoring the characters X9 removes. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "layout/lib.h"
#include "text/lib.h"
#include "tap.h"

#define TEST_FILE "/usr/share/unicode/BidiCharacterTest.txt"
#define MAXN 256

/* The passes measured with fribidi 1.0.8 on the Unicode 15.0 file (Debian
 * unicode-data 15.0.0): every case passes, so any failure is a regression. */
#define EXPECT_LEVELS 91707
#define EXPECT_ORDER 91707

struct bidi_case {
	uint32_t cp[MAXN];
	size_t n;
	int dir;             /* 0 LTR, 1 RTL, 2 auto */
	int plevel;
	int level[MAXN];     /* -1 where X9 removes the character */
	size_t order[MAXN];
	size_t norder;
};

/* Parses one data line; false when it is not one. */
static bool
bidi_parse(char *line, struct bidi_case *t)
{
	char *f[5];
	size_t nf = 0;

	for (char *p = line; nf < 5; ) {
		f[nf++] = p;
		p = strchr(p, ';');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	if (nf != 5)
		return false;
	t->n = 0;
	for (char *p = f[0], *e; t->n < MAXN; p = e) {
		unsigned long v = strtoul(p, &e, 16);
		if (e == p)
			break;
		t->cp[t->n++] = (uint32_t)v;
	}
	t->dir = atoi(f[1]);
	t->plevel = atoi(f[2]);
	size_t k = 0;
	for (char *p = f[3]; *p && k < t->n; ) {
		while (*p == ' ')
			p++;
		if (*p == 'x') {
			t->level[k++] = -1;
			p++;
		} else if (*p >= '0' && *p <= '9') {
			t->level[k++] = (int)strtol(p, &p, 10);
		} else {
			break;
		}
	}
	t->norder = 0;
	for (char *p = f[4], *e; t->norder < MAXN; p = e) {
		unsigned long v = strtoul(p, &e, 10);
		if (e == p)
			break;
		t->order[t->norder++] = v;
	}
	return t->n > 0 && k == t->n;
}

/* Appends the UTF-8 of c to buf. */
static size_t
put_utf8(char *buf, uint32_t c)
{
	if (c < 0x80) {
		buf[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xC0 | c >> 6);
		buf[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xE0 | c >> 12);
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | c >> 18);
	buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* True when the levels match the file's. */
static bool
bidi_check_levels(const struct bidi_case *t)
{
	int8_t lv[MAXN];
	enum text_dir dir = t->dir == 0 ? DIR_LTR : t->dir == 1 ? DIR_RTL : DIR_AUTO;

	if (layout_bidi_levels(t->cp, t->n, dir, lv) != t->plevel)
		return false;
	for (size_t i = 0; i < t->n; i++)
		if (t->level[i] >= 0 && lv[i] != t->level[i])
			return false;
	return true;
}

/* True when the cells of the laid-out text come in the file's order. */
static bool
bidi_check_order(const struct bidi_case *t)
{
	char s[MAXN * 4 + 1];
	size_t off[MAXN + 1], len = 0;
	size_t unit[MAXN];           /* code point -> first code point of its cell */
	size_t want[MAXN], got[MAXN * 12];
	size_t nw = 0, ng = 0;
	enum text_dir dir = t->dir == 0 ? DIR_LTR : t->dir == 1 ? DIR_RTL : DIR_AUTO;

	for (size_t i = 0; i < t->n; i++) {
		off[i] = len;
		len += put_utf8(s + len, t->cp[i]);
	}
	off[t->n] = len;
	struct layout_opts o = { .width = (int)(t->n * 12 + 8), .dir = dir, .shape = false,
				 .tabstop = 8 };
	struct layout_para *p = layout_text(s, len, 0, &o);
	bool same = p->nrows == 1;
	const uint32_t *chars;
	const struct cell *cells = same ? layout_row_cells(p, 0, &chars) : NULL;
	size_t ncells = same ? p->rows[0].ncells : 0;

	for (size_t i = 0; i < t->n; i++)
		unit[i] = SIZE_MAX;
	for (size_t c = 0; c < ncells; c++) {
		size_t first = SIZE_MAX;
		for (size_t i = 0; i < t->n; i++) {
			if (off[i] < cells[c].src || off[i] >= cells[c].src + cells[c].src_len)
				continue;
			if (first == SIZE_MAX)
				first = i;
			unit[i] = first;
		}
	}
	for (size_t k = 0; k < t->norder; k++) {
		size_t u = unit[t->order[k]];
		if (nw == 0 || want[nw - 1] != u)
			want[nw++] = u;
	}
	for (size_t c = 0; c < ncells && same; c++) {
		size_t i = 0;
		while (i < t->n && off[i] != cells[c].src)
			i++;
		if (i == t->n) {
			same = false;
			break;
		}
		/* Skip cells that stand only for characters X9 removes. */
		bool kept = false;
		for (size_t j = i; j < t->n && off[j] < cells[c].src + cells[c].src_len; j++)
			kept = kept || t->level[j] >= 0;
		if (!kept)
			continue;
		if (ng == 0 || got[ng - 1] != unit[i])
			got[ng++] = unit[i];
	}
	same = same && nw == ng && memcmp(want, got, nw * sizeof *want) == 0;
	layout_para_free(p);
	return same;
}

int
main(void)
{
	FILE *f = fopen(TEST_FILE, "r");
	char line[8192];
	long total = 0, lv_ok = 0, ord_ok = 0, both = 0;
	long fail_by_dir[3] = { 0, 0, 0 };
	struct bidi_case *t = malloc(sizeof *t);

	if (f == NULL)
		skip_all(TEST_FILE " is absent (Debian package unicode-data)");
	if (!tap_utf8_locale())
		skip_all("no UTF-8 locale");
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0' || !bidi_parse(line, t))
			continue;
		total++;
		bool a = bidi_check_levels(t), b = bidi_check_order(t);
		lv_ok += a;
		ord_ok += b;
		both += a && b;
		if (!(a && b)) {
			fail_by_dir[t->dir < 0 || t->dir > 2 ? 0 : t->dir]++;
			if (total - both <= 5)
				diag("fails: %s", line);
		}
	}
	fclose(f);
	free(t);
	diag("BidiCharacterTest.txt: %ld cases, levels pass %ld, visual order pass %ld, both %ld",
	     total, lv_ok, ord_ok, both);
	diag("failures by paragraph direction: LTR %ld, RTL %ld, auto %ld",
	     fail_by_dir[0], fail_by_dir[1], fail_by_dir[2]);
	ok(total > 90000, "the file has its cases (%ld)", total);
	ok(lv_ok >= EXPECT_LEVELS, "levels: %ld of %ld pass (expected at least %d)",
	   lv_ok, total, EXPECT_LEVELS);
	ok(ord_ok >= EXPECT_ORDER, "visual order: %ld of %ld pass (expected at least %d)",
	   ord_ok, total, EXPECT_ORDER);
	return done_testing();
}
