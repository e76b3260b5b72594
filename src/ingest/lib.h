/* ingest: bytes to a document: decoding, format sniffing, the parsers, structure, language.
 * The one header other layers include. */
#ifndef QARIN_INGEST_LIB_H
#define QARIN_INGEST_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/lib.h");

#include "ingest/decode.h"
#include "ingest/langid.h"
#include "ingest/load.h"
#include "ingest/loader.h"
#include "ingest/parse.h"
#include "ingest/text_stream.h"

#endif
