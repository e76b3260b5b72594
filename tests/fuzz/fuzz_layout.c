/* libFuzzer target: arbitrary text through the line layout at every width
 * from 1 to 12 and both directions. Checks that rows fit, that cells point
 * inside the text, that no control character is emitted, and that rows
 * built one by one on demand are those built all at once. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "qarin/layout.h"
#include "qarin/width.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		width_init();
		ready = 1;
	}
	for (int w = 1; w <= 12; w++) {
		struct layout_opts lo = { .width = w, .dir = (enum text_dir)(w % 3),
					  .shape = w % 2 == 0, .tabstop = 8, .lazy_min = SIZE_MAX };
		struct layout_para *p = layout_text((const char *)data, size, 0, &lo);
		lo.lazy_min = 1;
		struct layout_para *q = layout_text((const char *)data, size, 0, &lo);
		if (q->nrows != p->nrows || q->ncells != p->ncells)
			abort();
		for (size_t r = 0; r < p->nrows; r++) {
			const struct layout_row *row = &p->rows[r];
			if (row->indent + row->width > w)
				abort();
			const uint32_t *chars, *qchars;
			const struct cell *cells = layout_row_cells(p, r, &chars);
			const struct cell *qcells = layout_row_cells(q, r, &qchars);
			const struct layout_row *qrow = &q->rows[r];
			if (row->ncells != qrow->ncells || row->width != qrow->width ||
			    row->indent != qrow->indent || row->src_start != qrow->src_start ||
			    row->src_end != qrow->src_end)
				abort(); /* built row by row, the same rows */
			for (size_t c = 0; c < row->ncells; c++) {
				const struct cell *cell = &cells[c], *qc = &qcells[c];
				if (cell->src > size || cell->width < 1 || cell->width > 2)
					abort();
				if (qc->src != cell->src || qc->src_len != cell->src_len ||
				    qc->width != cell->width || qc->role != cell->role ||
				    qc->nchars != cell->nchars)
					abort();
				for (unsigned k = 0; k < cell->nchars; k++) {
					uint32_t ch = chars[cell->chars + k];
					if (ch != qchars[qc->chars + k])
						abort();
					if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) ||
					    (ch >= 0x202a && ch <= 0x202e) ||
					    (ch >= 0x2066 && ch <= 0x2069))
						abort();
				}
			}
		}
		layout_para_free(q);
		layout_para_free(p);
	}
	return 0;
}
