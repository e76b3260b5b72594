/* Inside decoding: how decode.c guesses the encoding of input that has no
 * byte-order mark and is not UTF-8 (decode_detect.c). */
#ifndef QARIN_DECODE_DETECT_H
#define QARIN_DECODE_DETECT_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_INGEST, "ingest/decode_detect.h");

#include <stdbool.h>
#include <stddef.h>

#include <unicode/ucnv.h>

/* The to-Unicode callback of every decode: each undecodable byte sequence
 * becomes U+FFFD and its bytes are counted (context points at a size_t). */
void decode_count_cb(const void *context, UConverterToUnicodeArgs *args, const char *units,
		     int32_t length, UConverterCallbackReason reason, UErrorCode *err);

/* Bytes of the input the guesses look at. */
#define DETECT_SAMPLE (64 * 1024)

/* "UTF-16LE" or "UTF-16BE" when the input is UTF-16 without a BOM, told
 * by its zero bytes (every other byte NUL in Latin text) and by high bytes
 * that keep to a block or two (0x06 for Arabic, 0x05 for Hebrew); else
 * NULL. */
const char *detect_utf16(const char *bytes, size_t len);

/* The legacy code page the input is most likely in, written to enc: ICU's
 * detector's choice when it is sure and its decode is clean, else the
 * first of its candidates and of the common Windows code pages whose decode
 * is valid (no undecodable byte, no C1 control), has its non-ASCII letters
 * in one script and no word a text would not hold (case or scripts mixed
 * inside a word), else the one that comes nearest. *confidence is ICU's
 * (0 for a code page it did not offer). False when no code page can be
 * tried. */
bool detect_legacy(const char *bytes, size_t len, char *enc, size_t encsz,
		   int *confidence);

#endif
