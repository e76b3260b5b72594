/* Skeleton: treated as plain text until the html parser lands. */
#include <config.h>
#include "qarin/parse.h"

int
parse_html(struct doc *doc, struct qerr *err)
{
	return parse_text(doc, err);
}
