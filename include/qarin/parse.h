/* Second stage of ingest: structure. Each parser turns doc->text into
 * blocks; structure_finish then classifies, splits articles at "read also"
 * markers and guesses script, language and direction. */
#ifndef QARIN_PARSE_H
#define QARIN_PARSE_H

#include "qarin/doc.h"

/* Chooses a format from the file name's extension and the text's content. */
enum doc_format parse_sniff_format(const char *path, const char *text, size_t len);

int parse_text(struct doc *doc, struct qerr *err);
int parse_markdown(struct doc *doc, struct qerr *err);
int parse_html(struct doc *doc, struct qerr *err);

/* Classifies blocks (title, date, source, keywords, headings, boilerplate),
 * splits articles and fills script/lang/dir of blocks and document. */
void structure_finish(struct doc *doc);

#endif
