/* What every parsed document must be, whatever its input: checked by the
 * fuzz targets of the parsers. */
#ifndef QARIN_FUZZ_DOC_H
#define QARIN_FUZZ_DOC_H

#include "model/lib.h"

/* Aborts when doc breaks an invariant of the document model (doc.h). */
void fuzz_doc_check(const struct doc *doc);

#endif
