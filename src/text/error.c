/* Error messages for expected failures, carried back to whoever can show
 * them (standard error for the command line, the status line in the UI).
 * Every message is escaped as it is made, so that a file name or a value
 * with control characters in it is shown, never obeyed. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text/error.h"
#include "text/utf8.h"
#include "text/escape.h"

void
qerr_set(struct qerr *err, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	escape_vformat(&sb, fmt, ap);
	va_end(ap);
	/* cut to the buffer on a character boundary: the escaped text is
	 * valid UTF-8, and stays so */
	size_t n = sb.len < sizeof err->msg - 1 ? sb.len : sizeof err->msg - 1;
	if (n < sb.len)
		n = utf8_back(sb.data, 0, n);
	if (n > 0)
		memcpy(err->msg, sb.data, n);
	err->msg[n] = '\0';
	strbuf_free(&sb);
}
