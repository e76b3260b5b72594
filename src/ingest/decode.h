/* First stage of ingest: raw bytes of any supported encoding to NFC UTF-8,
 * with every undecodable byte kept visible as U+FFFD and counted, runs of
 * more than 30 combining marks cut by a CGJ as UAX #15's stream-safe format
 * says, and a map back to the bytes as read. */
#ifndef QARIN_DECODE_H
#define QARIN_DECODE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/decode.h");

#include <stdbool.h>
#include <stddef.h>

#include "text/lib.h"

struct decode_opts {
	const char *encoding; /* NULL: detect (BOM, UTF-16 zero bytes, UTF-8 validity,
			       * ICU detector) */
	bool allow_binary;    /* accept NUL bytes instead of refusing the input */
};

struct decoded {
	char *text;          /* owned, NFC UTF-8, NUL-terminated */
	size_t len;
	/* text offsets -> source offsets. The source is the bytes as read for
	 * UTF-8 input, and the decoded UTF-8 before normalization for every
	 * other encoding (UTF-16, legacy code pages). */
	struct offmap map;
	char encoding[40];   /* the encoding used, e.g. "UTF-8", "UTF-16LE", "windows-1256" */
	bool had_bom;
	bool detected;       /* chosen by detection rather than named by the caller */
	/* a guess: neither named, nor told by a BOM, nor valid UTF-8 (ICU's
	 * detector, the look of the decoded text, UTF-16's zero bytes) */
	bool guessed;
	int confidence;      /* ICU detector confidence 0-100 when it was used, else -1 */
	size_t invalid_count; /* input bytes that could not be decoded (now U+FFFD) */
	size_t nul_count;    /* U+0000 characters in the decoded text */
	size_t normalized_count; /* stretches that NFC rewrote */
	/* U+034F COMBINING GRAPHEME JOINERs put in: the text is in Unicode's
	 * Stream-Safe Text Format (UAX #15), no more than 30 non-starters in a
	 * row, which bounds the time NFC takes. Each maps to no source byte. */
	size_t joiner_count;
};

/* Decodes len bytes; name is used in error messages (a path or "-").
 * Returns 0, or -1 with err set (binary input refused, unknown encoding). */
int decode_bytes(const char *name, const char *bytes, size_t len,
		 const struct decode_opts *opts, struct decoded *out,
		 struct qerr *err);
/* decode_bytes for a buffer given away: bytes (xmalloc'd, len + 1 bytes,
 * bytes[len] == '\0') becomes out->text when decoding leaves it as it is,
 * and is freed otherwise, on failure too. Spares a copy of a large file. */
int decode_bytes_owned(const char *name, char *bytes, size_t len,
		       const struct decode_opts *opts, struct decoded *out,
		       struct qerr *err);
void decoded_free(struct decoded *d);
/* For bytes that are the start of a longer input: the length of their
 * longest start that ends on a whole character in the encoding opts name,
 * else the one its BOM names, else UTF-8 (whose trailing incomplete
 * sequence is left out), so that a cut is not taken for a bad byte. */
size_t decode_whole_prefix(const char *bytes, size_t len, const struct decode_opts *opts);

#endif
