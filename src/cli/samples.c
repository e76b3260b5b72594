/* The built-in sample articles used by `qarin --demo` and `make demo`. */
#include <config.h>

#include "cli/samples.h"

/* Generated from data/samples/ by build-aux/embed-samples.sh. */
extern const struct sample samples_builtin[];
extern const size_t samples_builtin_count;

const struct sample *
samples_list(size_t *n)
{
	*n = samples_builtin_count;
	return samples_builtin;
}
