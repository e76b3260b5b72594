/* ICU's transliterators to Latin, the one place they are opened: each on
 * first use, kept for the run, used under one lock (anchors run on
 * several threads). UTF-8 in and out, so no ICU type leaves this module. */
#ifndef QARIN_TRANSLIT_H
#define QARIN_TRANSLIT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/translit.h");

#include <stdbool.h>
#include <stddef.h>

#include "text/strbuf.h"

enum translit_id {
	/* What a reader reads: Latin letters with their diacritics. */
	TRANSLIT_ARABIC,   /* Arabic-Latin */
	TRANSLIT_PERSIAN,  /* Persian-Latin/BGN, what it leaves by Arabic-Latin */
	TRANSLIT_HEBREW,   /* Hebrew-Latin */
	TRANSLIT_ANY,      /* Any-Latin: every other script ICU knows */
	/* Lower-case ASCII keys: the anchors' name skeletons. */
	TRANSLIT_KEY_ARABIC,
	TRANSLIT_KEY_HEBREW,
	TRANSLIT_KEY_CYRILLIC,
	TRANSLIT_KEY_GREEK,
	TRANSLIT_COUNT
};

/* The transliterator for text whose letters are of UScriptCode script,
 * in language lang (ISO 639-1, or "" / NULL): Persian has rules of its
 * own; -1 for Latin and script-less text, which stays as it is. */
int translit_for_script(int script, const char *lang);

/* Whether ICU has transliterator id (opening it on first use). */
bool translit_available(enum translit_id id);

/* Appends s[0, len) transliterated by id to out; false (out unchanged)
 * when ICU has no such transliterator or it failed. */
bool translit_utf8(enum translit_id id, const char *s, size_t len, struct strbuf *out);

#endif
