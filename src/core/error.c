/* Error messages for expected failures, carried back to whoever can show
 * them (standard error for the command line, the status line in the UI). */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>

#include "qarin/error.h"

void
qerr_set(struct qerr *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}
