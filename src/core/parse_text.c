/* Skeleton: one block per line until the plain-text parser lands. */
#include <config.h>
#include <string.h>
#include "qarin/parse.h"

int
parse_text(struct doc *doc, struct qerr *err)
{
	(void)err;
	for (unsigned i = 0; i < doc->nlines; i++) {
		size_t s = doc->line_starts[i];
		size_t e = i + 1 < doc->nlines ? doc->line_starts[i + 1] - 1 : doc->len;
		if (e == s)
			continue;
		struct block *b = doc_add_block(doc);
		b->kind = BLOCK_PARAGRAPH;
		b->text = doc->text + s;
		b->len = e - s;
		b->text_off = b->src_off = s;
		b->src_len = e - s;
		b->line = i + 1;
	}
	return 0;
}

enum doc_format
parse_sniff_format(const char *path, const char *text, size_t len)
{
	(void)path; (void)text; (void)len;
	return DOC_FORMAT_TEXT;
}
