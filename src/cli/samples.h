/* The built-in sample articles: read from the package data directory when
 * installed there, otherwise from the copies compiled into the program. */
#ifndef QARIN_SAMPLES_H
#define QARIN_SAMPLES_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/samples.h");

#include <stddef.h>

struct sample {
	const char *name;  /* file name, e.g. "ar-sample.txt" */
	const char *bytes; /* compiled-in contents */
	size_t len;
};

/* The samples in the order the demo opens them. */
const struct sample *samples_list(size_t *n);

#endif
