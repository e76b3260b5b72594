/* reader: the reader's state with no terminal in it: settings, themes, positions, history, the prompt.
 * The one header other layers include. */
#ifndef QARIN_READER_LIB_H
#define QARIN_READER_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_READER, "reader/lib.h");

#include "reader/actions.h"
#include "reader/clipboard.h"
#include "reader/history.h"
#include "reader/prompt.h"
#include "reader/settings.h"
#include "reader/state.h"
#include "reader/statefile.h"
#include "reader/theme.h"
#include "reader/wordcur.h"

#endif
