/* libFuzzer target: arbitrary text through the line layout at a width from
 * 1 to 12 and a direction, both taken from the first byte (so that libFuzzer
 * explores them as it does the text, two layouts an execution). Checks that rows fit and add up, that
 * cells point inside the text, that no control character is emitted but a
 * tab as its own cell, and that rows built one by one on demand are those
 * built all at once. */
#include <config.h>

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <unicode/uchar.h>
#include <unistr.h>

#include "layout/lib.h"
#include "text/lib.h"

/* Longer inputs are cut, to keep a run fast. */
#define FUZZ_LAYOUT_MAX 1024
#define FUZZ_TABSTOP 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks one cell as layout.h describes it; aborts on a broken one. */
static void
check_cell(const struct cell *cell, const uint32_t *chars, size_t size)
{
	if (cell->nchars < 1 || cell->src > size || cell->src_len > size - cell->src)
		abort();
	if (cell->nchars == 1 && chars[cell->chars] == '\t') {
		if (cell->width < 1 || cell->width > FUZZ_TABSTOP)
			abort(); /* a tab: up to the next tab stop */
		return;
	}
	if (cell->width > 2)
		abort();
	UChar32 first = (UChar32)chars[cell->chars];
	if (cell->width == 0 && !u_hasBinaryProperty(first, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) &&
	    u_charType(first) != U_FORMAT_CHAR)
		abort(); /* a mark with nothing to join sits on a dotted circle;
			  * a format character (U+FFFB) may stand alone */
	for (unsigned k = 0; k < cell->nchars; k++) {
		uint32_t ch = chars[cell->chars + k];
		if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) ||
		    (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069) ||
		    ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		setlocale(LC_CTYPE, "C.UTF-8"); /* the widths of a UTF-8 terminal */
		ready = 1;
	}
	if (size < 1)
		return 0;
	/* The first byte chooses the width, the direction and shaping. */
	int w = 1 + data[0] % 12, dir = data[0] / 12 % 3, shape = data[0] / 36 % 2;
	data++;
	size--;
	if (size > FUZZ_LAYOUT_MAX)
		size = FUZZ_LAYOUT_MAX;
	/* A document's text is valid UTF-8 (decode.c sees to it); stray
	 * bytes are laid out too, in pieces as large as the input allows
	 * (not 16384 code points: scratch that size is slow under ASan). */
	bool valid = u8_check(data, size) == NULL;
	{
		struct layout_opts lo = { .width = w, .dir = (enum text_dir)dir,
					  .shape = shape != 0, .tabstop = FUZZ_TABSTOP,
					  .lazy_min = SIZE_MAX };
		struct layout_para *p = layout_text((const char *)data, size, 0, &lo);
		/* Row by row, the levels resolved in small pieces: more of
		 * the giant-paragraph path in a short text, and fast. */
		lo.lazy_min = 1;
		lo.bidi_piece = valid ? (size_t)16 << (w % 4) : FUZZ_LAYOUT_MAX / 2;
		struct layout_para *q = layout_text((const char *)data, size, 0, &lo);
		if (q->nrows != p->nrows || q->ncells != p->ncells)
			abort();
		for (size_t r = 0; r < p->nrows; r++) {
			const struct layout_row *row = &p->rows[r];
			if (row->indent < 0 || row->width < 0 || row->indent + row->width > w)
				abort();
			const uint32_t *chars, *qchars;
			const struct cell *cells = layout_row_cells(p, r, &chars);
			const struct cell *qcells = layout_row_cells(q, r, &qchars);
			const struct layout_row *qrow = &q->rows[r];
			if (row->ncells != qrow->ncells || row->width != qrow->width ||
			    row->indent != qrow->indent || row->src_start != qrow->src_start ||
			    row->src_end != qrow->src_end)
				abort(); /* built row by row, the same rows */
			int sum = 0;
			for (size_t c = 0; c < row->ncells; c++) {
				const struct cell *cell = &cells[c], *qc = &qcells[c];
				check_cell(cell, chars, size);
				sum += cell->width;
				if (qc->src != cell->src || qc->src_len != cell->src_len ||
				    qc->width != cell->width || qc->role != cell->role ||
				    qc->nchars != cell->nchars)
					abort();
				for (unsigned k = 0; k < cell->nchars; k++)
					if (chars[cell->chars + k] != qchars[qc->chars + k])
						abort();
			}
			if (sum != row->width)
				abort(); /* the row's width is its cells' */
		}
		layout_para_free(q);
		layout_para_free(p);
	}
	return 0;
}
