/* Reading a document from a file, a stream or memory: decode, parse by
 * format, finish the structure. */
#ifndef QARIN_LOAD_H
#define QARIN_LOAD_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/load.h");

#include <stddef.h>

#include "ingest/decode.h"
#include "model/lib.h"
#include "text/lib.h"

/* The most bytes read from standard input, a pipe or a device: their size
 * is not known beforehand and some never end. */
#define DOC_STREAM_MAX ((size_t)1 << 30)
/* The start of such a stream that is checked (binary input refused, an
 * encoding that cannot be decoded) before the rest is read. */
#define DOC_STREAM_CHECK ((size_t)32 << 10)

struct doc_opts {
	struct decode_opts decode;
	enum doc_format format; /* DOC_FORMAT_AUTO: by extension and content */
	size_t max_stream;      /* bound for a stream; 0: DOC_STREAM_MAX */
};

/* Reads and parses a file ("-": standard input). NULL with err set on failure. */
struct doc *doc_load_file(const char *path, const struct doc_opts *opts,
			  struct qerr *err);
/* Parses bytes already in memory; name is used for messages and headers. */
struct doc *doc_load_memory(const char *name, const char *bytes, size_t len,
			    const struct doc_opts *opts, struct qerr *err);

/* Loads len bytes of plain UTF-8 text that are a stretch of the file name
 * (from a line start after which parse_text starts over: see
 * parse_text_lines) with the paragraph rule merge of the whole file: its
 * text, lines and blocks are the whole file's there, offsets and lines
 * counted from the stretch's start. Blocks are left unclassified (no
 * structure_finish): what search needs, not what the reader shows. NULL
 * with err set when the bytes cannot be decoded as UTF-8. */
struct doc *doc_load_fragment(const char *name, const char *bytes, size_t len, bool merge,
			      struct qerr *err);
/* doc_load_fragment of bytes that are the document's to keep as its text
 * when decoding changes nothing, else freed: xmalloc'd, bytes[len] NUL. */
struct doc *doc_load_fragment_owned(const char *name, char *bytes, size_t len, bool merge,
				    struct qerr *err);

#endif
