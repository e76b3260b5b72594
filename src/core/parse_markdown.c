/* Skeleton: treated as plain text until the markdown parser lands. */
#include <config.h>
#include "qarin/parse.h"

int
parse_markdown(struct doc *doc, struct qerr *err)
{
	return parse_text(doc, err);
}
