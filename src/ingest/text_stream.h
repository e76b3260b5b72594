/* A plain UTF-8 text file read a stretch at a time, each stretch loaded on
 * its own (doc_load_fragment) into the blocks the whole file has there:
 * for printers that go through a document once, in memory that holds a
 * chunk and the longest paragraph rather than the file. */
#ifndef QARIN_TEXT_STREAM_H
#define QARIN_TEXT_STREAM_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/text_stream.h");

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ingest/load.h"
#include "model/lib.h"
#include "text/lib.h"

/* Bytes read at a time (and the buffer's size, unless a paragraph is longer). */
#define TEXT_STREAM_CHUNK ((size_t)1 << 20)

struct text_stream;

/* Opens the file at path to be read chunk bytes at a time (0: the
 * default) when doc_load_file would load it under opts as plain UTF-8
 * text, which a first read through the file checks; NULL otherwise:
 * standard input, a device, an empty file, an encoding or format given or
 * found other than plain UTF-8 text, invalid bytes, NUL bytes, U+FEFF
 * after the start. */
struct text_stream *text_stream_open(const char *path, const struct doc_opts *opts,
				     size_t chunk);
/* The next stretch of the file as a document of unclassified blocks (see
 * doc_load_fragment), owned by the caller; NULL at the end, or with err
 * set on a read error. */
struct doc *text_stream_next(struct text_stream *ts, struct qerr *err);
/* The file's size in bytes. */
uint64_t text_stream_size(const struct text_stream *ts);
/* Whether every line with text has a strong letter outside isolates:
 * then no block lacks one. */
bool text_stream_all_strong(const struct text_stream *ts);
/* Another reader of the same file from its start, without the first
 * read's checks again. */
struct text_stream *text_stream_dup(const struct text_stream *ts);
void text_stream_close(struct text_stream *ts);
/* Reads up to n bytes at file offset off into p, going on after short
 * reads and EINTR; returns the count (short only at the end of the file),
 * or -1 on error. */
ssize_t text_stream_pread(int fd, char *p, size_t n, uint64_t off);

#endif
