/* search: finding text in documents.
 * The one header other layers include. */
#ifndef QARIN_SEARCH_LIB_H
#define QARIN_SEARCH_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_SEARCH, "search/lib.h");

#include "search/search.h"

#endif
