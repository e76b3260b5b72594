/* Skeleton: UTF-8 pass-through until the decoder lands. */
#include <config.h>
#include <stdlib.h>
#include <string.h>
#include "qarin/decode.h"
#include "qarin/xalloc.h"

int
decode_bytes(const char *name, const char *bytes, size_t len,
	     const struct decode_opts *opts, struct decoded *out, struct qerr *err)
{
	(void)name; (void)opts; (void)err;
	memset(out, 0, sizeof *out);
	out->text = xstrndup(bytes, len);
	out->len = len;
	strcpy(out->encoding, "UTF-8");
	out->confidence = -1;
	return 0;
}

void
decoded_free(struct decoded *d)
{
	free(d->text);
	offmap_free(&d->map);
}
