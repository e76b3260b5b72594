/* Skeleton: every block left-to-right until structure detection lands. */
#include <config.h>
#include "qarin/parse.h"

void
structure_finish(struct doc *doc)
{
	for (size_t i = 0; i < doc->nblocks; i++)
		doc->blocks[i].dir = DIR_LTR;
	doc->dir = DIR_LTR;
}
