/* Random access to the text of a dictd dictionary: a .dict.dz file
 * (dictzip: gzip whose extra field lists the compressed sizes of its
 * fixed-size chunks, each deflated on its own) or a plain .dict file. */
#ifndef QARIN_DICTZIP_H
#define QARIN_DICTZIP_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LEXICON, "lexicon/dictzip.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/lib.h"

struct dictzip;

/* Opens path (a .dict.dz when its name ends so, else plain text) and
 * checks its header; NULL with err set (naming the file) when it cannot be
 * read or is not a dictzip file. */
struct dictzip *dictzip_open(const char *path, struct qerr *err);
/* The size of the uncompressed text. */
uint64_t dictzip_size(const struct dictzip *dz);
/* Appends the len bytes of text at offset off to out; false with err set
 * when they lie past the end or a chunk is corrupt or cut short. */
bool dictzip_read(struct dictzip *dz, uint64_t off, uint64_t len, struct strbuf *out,
		  struct qerr *err);
void dictzip_free(struct dictzip *dz);

#endif
