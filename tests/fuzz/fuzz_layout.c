/* libFuzzer target: arbitrary text through the line layout at every width
 * from 1 to 12 and both directions. Checks that rows fit, that cells point
 * inside the text, and that no control character is emitted. */
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
					  .shape = w % 2 == 0, .tabstop = 8 };
		struct layout_para *p = layout_text((const char *)data, size, 0, &lo);
		for (size_t r = 0; r < p->nrows; r++)
			if (p->rows[r].indent + p->rows[r].width > w)
				abort();
		for (size_t c = 0; c < p->ncells; c++) {
			const struct cell *cell = &p->cells[c];
			if (cell->src > size || cell->width < 1 || cell->width > 2)
				abort();
			for (unsigned k = 0; k < cell->nchars; k++) {
				uint32_t ch = p->chars[cell->chars + k];
				if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) ||
				    (ch >= 0x202a && ch <= 0x202e) ||
				    (ch >= 0x2066 && ch <= 0x2069))
					abort();
			}
		}
		layout_para_free(p);
	}
	return 0;
}
