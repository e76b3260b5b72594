/* layout: a document to screen lines: bidi, line breaking, the line engine, views.
 * The one header other layers include. */
#ifndef QARIN_LAYOUT_LIB_H
#define QARIN_LAYOUT_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/lib.h");

#include "layout/layout.h"
#include "layout/sync.h"
#include "layout/view.h"

#endif
