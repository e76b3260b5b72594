/* lexicon: bilingual dictionaries (dictd files) and word stems, mapping
 * words of different languages to shared concept keys.
 * The one header other layers include. */
#ifndef QARIN_LEXICON_LIB_H
#define QARIN_LEXICON_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LEXICON, "lexicon/lib.h");

#include "lexicon/lexicon.h"

#endif
