/* A check shared by the fuzz targets of the configuration readers. */
#ifndef QARIN_FUZZ_MSG_H
#define QARIN_FUZZ_MSG_H

#include <stdlib.h>
#include <string.h>

/* Aborts unless msg reads "PATH:LINE: ..." with LINE in 1..maxline. */
static inline void
fuzz_msg_check(const char *msg, const char *path, unsigned long maxline)
{
	size_t n = strlen(path);
	char *end;

	if (msg == NULL || strncmp(msg, path, n) != 0 || msg[n] != ':' ||
	    msg[n + 1] < '1' || msg[n + 1] > '9')
		abort();
	unsigned long line = strtoul(msg + n + 1, &end, 10);
	if (line < 1 || line > maxline || end[0] != ':' || end[1] != ' ' || end[2] == '\0')
		abort();
}

#endif
