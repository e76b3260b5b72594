/* text: the pieces every layer uses: allocation, errors, strings, escaping, widths, folding.
 * The one header other layers include. */
#ifndef QARIN_TEXT_LIB_H
#define QARIN_TEXT_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/lib.h");

#include "text/arena.h"
#include "text/blocktab.h"
#include "text/cpu.h"
#include "text/error.h"
#include "text/escape.h"
#include "text/fold.h"
#include "text/lazy_cmark.h"
#include "text/lazy_icu.h"
#include "text/lazy_stemmer.h"
#include "text/lazy_xml.h"
#include "text/lazylib.h"
#include "text/offmap.h"
#include "text/parallel.h"
#include "text/strbuf.h"
#include "text/strmap.h"
#include "text/translit.h"
#include "text/utf8.h"
#include "text/width.h"
#include "text/xalloc.h"

#endif
