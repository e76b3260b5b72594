/* Skeleton until the outline lands. */
#include <config.h>
#include "qarin/outline.h"

size_t
outline_build(const struct doc *doc, struct outline_row **rows)
{
	(void)doc;
	*rows = NULL;
	return 0;
}

void
outline_print(FILE *out, const struct doc *doc, enum outline_format fmt)
{
	(void)out; (void)doc; (void)fmt;
}
