/* Escaping for everything qarin prints outside the reader: reports in text,
 * TSV, JSON and XML (TMX), and messages on standard error. Text and TSV
 * reuse the reader's visible forms from width.c, so a character looks the
 * same on the screen and in a report; JSON gets \u escapes, XML entities
 * and character references. */
#include <config.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "text/escape.h"
#include "text/width.h"
#include "text/xalloc.h"

#define ESCAPE_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* True for the code points JSON and XML output write as escapes although
 * the syntax allows them raw: DEL, C1, bidi formatting, line separators. */
static bool
escape_json_hides(ucs4_t c)
{
	return (c >= 0x7F && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C ||
	       c == 0x2028 || c == 0x2029;
}

/* Appends one well-formed character c (bytes s[0, n)) in JSON. */
static void
escape_json_char(struct strbuf *out, ucs4_t c, const char *s, size_t n)
{
	switch (c) {
	case '"': strbuf_puts(out, "\\\""); return;
	case '\\': strbuf_puts(out, "\\\\"); return;
	case '\n': strbuf_puts(out, "\\n"); return;
	case '\t': strbuf_puts(out, "\\t"); return;
	case '\r': strbuf_puts(out, "\\r"); return;
	case '\b': strbuf_puts(out, "\\b"); return;
	case '\f': strbuf_puts(out, "\\f"); return;
	default: break;
	}
	if (c < 0x20 || escape_json_hides(c))
		strbuf_printf(out, "\\u%04X", (unsigned)c);
	else
		strbuf_append(out, s, n);
}

/* Appends the escape of the well-formed character c in XML. */
static void
escape_xml_char(struct strbuf *out, ucs4_t c)
{
	switch (c) {
	case '&': strbuf_puts(out, "&amp;"); return;
	case '<': strbuf_puts(out, "&lt;"); return;
	case '>': strbuf_puts(out, "&gt;"); return;
	case '"': strbuf_puts(out, "&quot;"); return;
	case '\r': strbuf_puts(out, "&#xD;"); return;
	default: break;
	}
	if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
		strbuf_puts(out, ESCAPE_REPLACEMENT); /* not an XML 1.0 character */
	else
		strbuf_printf(out, "&#x%X;", (unsigned)c);
}

/* Appends one well-formed character c (bytes s[0, n)) in text or TSV. */
static void
escape_text_char(struct strbuf *out, enum escape_format f, ucs4_t c, const char *s, size_t n)
{
	uint32_t ph[13];

	if (f == ESCAPE_LINE && (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)) {
		strbuf_putc(out, ' ');
		return;
	}
	if (f == ESCAPE_TSV) {
		switch (c) {
		case '\t': strbuf_puts(out, "\\t"); return;
		case '\n': strbuf_puts(out, "\\n"); return;
		case '\r': strbuf_puts(out, "\\r"); return;
		case '\\': strbuf_puts(out, "\\\\"); return;
		default: break;
		}
	}
	if (!width_needs_placeholder(c)) {
		strbuf_append(out, s, n);
		return;
	}
	size_t len = width_placeholder(c, ph);
	for (size_t k = 0; k < len; k++)
		strbuf_put_utf8(out, ph[k]);
}

/* True when c goes out as it is in format f. */
static bool
escape_keeps(enum escape_format f, ucs4_t c)
{
	if (f == ESCAPE_XML)
		return (c >= 0x20 || c == '\t' || c == '\n') && c != '&' && c != '<' && c != '>' &&
		       c != '"' && c != 0xFFFE && c != 0xFFFF && !escape_json_hides(c);
	if (c >= 0x20 && c < 0x7F)
		return !(c == '\\' && (f == ESCAPE_TSV || f == ESCAPE_JSON)) &&
		       !(c == '"' && f == ESCAPE_JSON);
	if (f == ESCAPE_JSON)
		return c >= 0x20 && !escape_json_hides(c);
	if (f == ESCAPE_LINE && (c == 0x2028 || c == 0x2029))
		return false;
	return !width_needs_placeholder(c);
}

bool
escape_keeps_char(enum escape_format f, uint32_t c)
{
	return escape_keeps(f, c);
}

/* escape_keeps of U+0000..U+07FF (ASCII and every two-byte character:
 * Latin, Greek, Cyrillic, Hebrew, Arabic) for each format, flat: the
 * characters most text is made of, looked up without a call. */
#define ESCAPE_FORMATS (ESCAPE_XML + 1)
static uint8_t escape_keep_low[ESCAPE_FORMATS][0x800];
static pthread_once_t escape_low_once[ESCAPE_FORMATS] = {
	PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT,
	PTHREAD_ONCE_INIT,
};

#define ESCAPE_LOW_FILL(f) \
	static void escape_low_fill_##f(void) \
	{ \
		for (ucs4_t c = 0; c < 0x800; c++) \
			escape_keep_low[f][c] = escape_keeps(f, c); \
	}
ESCAPE_LOW_FILL(ESCAPE_TEXT)
ESCAPE_LOW_FILL(ESCAPE_LINE)
ESCAPE_LOW_FILL(ESCAPE_TSV)
ESCAPE_LOW_FILL(ESCAPE_JSON)
ESCAPE_LOW_FILL(ESCAPE_XML)

/* The flat table of format f, filled on its first use. */
static const uint8_t *
escape_low(enum escape_format f)
{
	static void (*const fill[ESCAPE_FORMATS])(void) = {
		[ESCAPE_TEXT] = escape_low_fill_ESCAPE_TEXT, [ESCAPE_LINE] = escape_low_fill_ESCAPE_LINE,
		[ESCAPE_TSV] = escape_low_fill_ESCAPE_TSV, [ESCAPE_JSON] = escape_low_fill_ESCAPE_JSON,
		[ESCAPE_XML] = escape_low_fill_ESCAPE_XML,
	};

	pthread_once(&escape_low_once[f], fill[f]);
	return escape_keep_low[f];
}

/* Bytes at the start of s[0, len) that go out as they are in format f:
 * up to the first character that does not, or the end. */
static size_t
escape_kept(const uint8_t *low, enum escape_format f, const uint8_t *u, size_t len)
{
	size_t i = 0;

	while (i < len) {
		ucs4_t c = u[i];
		if (c < 0x80) {
			if (!low[c])
				break;
			i++;
		} else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
			/* Two bytes (most of Arabic and Hebrew): decoded here. */
			if (!low[((c & 0x1F) << 6) | (u[i + 1] & 0x3F)])
				break;
			i += 2;
		} else {
			int n = u8_mbtoucr(&c, u + i, len - i);
			if (n <= 0 || !escape_keeps(f, c))
				break;
			i += (size_t)n;
		}
	}
	return i;
}

void
escape_append(struct strbuf *out, enum escape_format f, const char *s, size_t len)
{
	const uint8_t *u = (const uint8_t *)s;
	const uint8_t *low = escape_low(f);
	size_t i = 0;

	strbuf_grow(out, len);
	out->data[out->len] = '\0';
	for (;;) {
		size_t keep = escape_kept(low, f, u + i, len - i);
		strbuf_append(out, s + i, keep);
		i += keep;
		if (i == len)
			break;
		ucs4_t c;
		int n = u8_mbtoucr(&c, u + i, len - i);
		if (n < 0) {
			/* a byte that starts no well-formed character: named */
			if (f == ESCAPE_JSON)
				strbuf_puts(out, "\\uFFFD");
			else if (f == ESCAPE_XML)
				strbuf_puts(out, ESCAPE_REPLACEMENT);
			else
				strbuf_printf(out, "<x%02X>", u[i]);
			i++;
		} else {
			if (f == ESCAPE_JSON)
				escape_json_char(out, c, s + i, (size_t)n);
			else if (f == ESCAPE_XML)
				escape_xml_char(out, c);
			else
				escape_text_char(out, f, c, s + i, (size_t)n);
			i += (size_t)n;
		}
	}
}

void
escape_write(FILE *fp, enum escape_format f, const char *s, size_t len)
{
	/* What goes out as it is, most often all of it, is not copied. */
	size_t keep = escape_kept(escape_low(f), f, (const uint8_t *)s, len);
	struct strbuf sb = STRBUF_INIT;

	fwrite(s, 1, keep, fp);
	if (keep == len)
		return;
	escape_append(&sb, f, s + keep, len - keep);
	fwrite(sb.data, 1, sb.len, fp);
	strbuf_free(&sb);
}

void
escape_puts(FILE *fp, enum escape_format f, const char *s)
{
	escape_write(fp, f, s, strlen(s));
}

void
escape_vformat(struct strbuf *out, const char *fmt, va_list ap)
{
	char buf[1024];
	va_list aq;

	va_copy(aq, ap);
	int n = vsnprintf(buf, sizeof buf, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n < sizeof buf) {
		escape_append(out, ESCAPE_TEXT, buf, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	escape_append(out, ESCAPE_TEXT, big, (size_t)n);
	free(big);
}

/* Appends "qarin: ", the message escaped and a newline to out. */
__attribute__((format(printf, 2, 0))) static void
escape_vmessage(struct strbuf *out, const char *fmt, va_list ap)
{
	strbuf_puts(out, "qarin: ");
	escape_vformat(out, fmt, ap);
	strbuf_putc(out, '\n');
}

void
escape_message_to(struct strbuf *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	escape_vmessage(out, fmt, ap);
	va_end(ap);
}

void
escape_message(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	escape_vmessage(&sb, fmt, ap);
	va_end(ap);
	fputs(sb.data, stderr);
	strbuf_free(&sb);
}
