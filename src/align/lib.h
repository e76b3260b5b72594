/* align: anchors and the alignment of two documents, findings.
 * The one header other layers include. */
#ifndef QARIN_ALIGN_LIB_H
#define QARIN_ALIGN_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_ALIGN, "align/lib.h");

#include "align/align.h"
#include "align/anchor.h"

#endif
