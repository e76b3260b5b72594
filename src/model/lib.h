/* model: the document (blocks, articles, lines) and the queries on it.
 * The one header other layers include. */
#ifndef QARIN_MODEL_LIB_H
#define QARIN_MODEL_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_MODEL, "model/lib.h");

#include "model/doc.h"

#endif
