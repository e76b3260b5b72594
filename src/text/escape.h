/* The one escaper every printer and message uses, so that no control
 * character, bidi formatting character or invalid byte from a document, a
 * file name or the command line reaches a terminal or a parser raw. */
#ifndef QARIN_ESCAPE_H
#define QARIN_ESCAPE_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/escape.h");

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "text/strbuf.h"

enum escape_format {
	/* The reader's visible forms: control pictures for C0 and DEL (␛,
	 * ␉, ␊, ␡), names for bidi formatting characters (<RLO>, <LRI>),
	 * <U+XXXX> for C1 controls and other characters the terminal cannot
	 * show, and <xHH> for each byte that is not part of valid UTF-8. */
	ESCAPE_TEXT,
	/* As ESCAPE_TEXT, but tabs, line feeds, carriage returns and the
	 * line and paragraph separators become spaces: a line of a document
	 * (snippets, outline rows), where they are only spacing. */
	ESCAPE_LINE,
	/* A TSV field: as ESCAPE_TEXT, with \t, \n, \r and \\ for a tab, a
	 * line feed, a carriage return and a backslash. */
	ESCAPE_TSV,
	/* The inside of a JSON string: \" and \\, \n \t \r \b \f, \uXXXX for
	 * every other C0 control, DEL, C1 control, bidi formatting character
	 * and U+2028/U+2029, and \uFFFD for each byte that is not part of
	 * valid UTF-8. */
	ESCAPE_JSON,
	/* XML 1.0 character data or a double-quoted attribute value: &amp;
	 * &lt; &gt; &quot;, &#xD; for a carriage return (a parser would
	 * turn it into a line feed); U+FFFD for each C0 control XML 1.0
	 * forbids (all but tab and line feed), for U+FFFE and U+FFFF and for
	 * each byte that is not part of valid UTF-8; a character reference
	 * (&#x202E;) for DEL, C1 controls, bidi formatting characters and
	 * U+2028/U+2029, which a parser reads back as the same text. */
	ESCAPE_XML,
};

/* True when the well-formed character c goes out in format f as it is,
 * unescaped (what escape_append does with it). */
bool escape_keeps_char(enum escape_format f, uint32_t c);

/* Appends s[0, len) to out, escaped in format f. */
void escape_append(struct strbuf *out, enum escape_format f, const char *s, size_t len);

/* Writes s[0, len) to fp, escaped in format f. */
void escape_write(FILE *fp, enum escape_format f, const char *s, size_t len);

/* Writes the NUL-terminated s to fp, escaped in format f. */
void escape_puts(FILE *fp, enum escape_format f, const char *s);

/* Formats a message and appends it to out in ESCAPE_TEXT: what the
 * arguments bring (file names, option values) is shown, never obeyed. */
void escape_vformat(struct strbuf *out, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Appends "qarin: ", the formatted message escaped, and a newline to out. */
void escape_message_to(struct strbuf *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "qarin: ", the formatted message escaped, and a newline on
 * standard error. */
void escape_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
