/* A growable byte buffer, always NUL-terminated once anything is in it. */
#ifndef QARIN_STRBUF_H
#define QARIN_STRBUF_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/strbuf.h");

#include <stddef.h>

struct strbuf {
	char *data; /* owned; NULL until the first append */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_grow(struct strbuf *sb, size_t extra);
/* Appends s[0, n); s may be NULL when n is 0 (an empty strbuf's data). */
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
/* Appends the UTF-8 encoding of code point c. */
void strbuf_put_utf8(struct strbuf *sb, unsigned long c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
/* Hands the buffer to the caller (never NULL) and leaves sb empty. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

#endif
