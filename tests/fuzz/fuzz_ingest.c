/* libFuzzer target: arbitrary bytes through the whole ingest (decode,
 * format sniffing, parsers, structure) and the layout of every block, at a
 * width taken from the input. Checks the layout's invariants. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "layout/lib.h"

/* Longer inputs are cut: the whole ingest and layout of each stays fast. */
#define FUZZ_INGEST_MAX 16384

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_opts opts = { .decode = { .allow_binary = true }, .format = DOC_FORMAT_AUTO };
	struct qerr err;
	int width = size > 0 ? 1 + data[0] % 100 : 40;

	if (size > FUZZ_INGEST_MAX)
		size = FUZZ_INGEST_MAX;
	if (size > 0) {
		opts.format = (enum doc_format)(data[size - 1] % 4);
	}
	struct doc *doc = doc_load_memory("fuzz", (const char *)data, size, &opts, &err);
	if (doc == NULL)
		return 0;
	struct layout_opts lo = { .width = width, .dir = (enum text_dir)(size % 3),
				  .shape = size % 2 == 0, .tabstop = 8 };
	for (size_t i = 0; i < doc->nblocks; i++) {
		struct layout_para *p = layout_block(&doc->blocks[i], &lo);
		for (size_t r = 0; r < p->nrows; r++)
			if (p->rows[r].indent + p->rows[r].width > width)
				abort();
		for (size_t r = 0; r < p->nrows; r++) {
			const uint32_t *chars;
			const struct cell *cells = layout_row_cells(p, r, &chars);
			for (size_t c = 0; c < p->rows[r].ncells; c++)
				if (cells[c].src > doc->len)
					abort();
		}
		layout_para_free(p);
	}
	doc_free(doc);
	return 0;
}
