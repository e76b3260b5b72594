/* Dictionary look-ups for showing: `qarin --define=WORD` prints the
 * entries of a word from the installed dictd dictionaries (text or JSON),
 * and the reader's look-up pane shows the same lines. */
#ifndef QARIN_DEFINE_REPORT_H
#define QARIN_DEFINE_REPORT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/define_report.h");

#include <stdio.h>

#include "lexicon/lib.h"
#include "text/lib.h"

enum define_format {
	DEFINE_TEXT, /* per entry: "headword /pron/  (dict: form)", then "  N. sense" */
	DEFINE_JSON, /* {"word", "entries": [{dict, form, headword, pronunciation, senses}]} */
};

/* What a look-up found. */
enum define_status {
	DEFINE_FOUND,    /* entries appended */
	DEFINE_NONE,     /* dictionaries, but no entry */
	DEFINE_NO_DICTS, /* no dictionary from the word's language */
	DEFINE_ERROR,    /* a bad word or a damaged dictionary */
};

/* Looks word (UTF-8, len bytes) up in lx and appends its entries to defs.
 * lang: the language of the text it comes from (ISO 639-1), or NULL or ""
 * to go by its script (Arabic script: Arabic; Latin: French, then English).
 * Unless DEFINE_FOUND, msg gets one line saying why (for no dictionaries,
 * the Debian packages that provide them). */
enum define_status define_lookup(struct lexicon *lx, const char *lang, const char *word,
				 size_t len, struct lexicon_defs *defs, struct strbuf *msg);

/* Appends the entries as the text format's lines: each field (headword,
 * pronunciation, form, sense) in logical order, or laid out in visual
 * order under visual when it is not NULL. */
struct layout_opts;
void define_text(const struct lexicon_defs *defs, const struct layout_opts *visual,
		 struct strbuf *out);

/* Looks word up and prints what it found to out (the text format's fields
 * in visual order under visual when it is not NULL; JSON is logical); the
 * reason when nothing is found goes to standard error. Returns 0 when something was found, 1
 * when nothing was, 2 on error (no dictionaries, a damaged one). */
int define_report(FILE *out, struct lexicon *lx, const char *word, enum define_format f,
		  const struct layout_opts *visual);

#endif
