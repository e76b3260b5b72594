/* Expected failures (unreadable file, bad encoding name, ICU error) are
 * returned to the caller with a message naming the file and the cause. */
#ifndef QARIN_ERROR_H
#define QARIN_ERROR_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/error.h");

struct qerr {
	char msg[512];
};

/* Formats the message into err (err may be NULL: the message is dropped). */
void qerr_set(struct qerr *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
