/* Script, language and base direction of a stretch of text, guessed from
 * its letters: enough to choose a direction and label a pane. */
#ifndef QARIN_LANGID_H
#define QARIN_LANGID_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/langid.h");

#include <stddef.h>

#include "model/lib.h"

/* Dominant UScriptCode of the letters (USCRIPT_COMMON when none). */
int langid_script(const char *utf8, size_t len);
/* ISO 639-1 code guess for the text, "" when unknown (at least ar fa ur he
 * fr en de es ru). */
const char *langid_guess(const char *utf8, size_t len, int script);
/* UAX #9 P2-P3: direction of the first strong character, DIR_AUTO if none. */
enum text_dir langid_base_dir(const char *utf8, size_t len);

#endif
