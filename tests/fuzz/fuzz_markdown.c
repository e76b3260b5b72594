/* libFuzzer target: arbitrary bytes read as Markdown (deep nesting
 * included), then the document model's invariants checked (fuzz_doc.c).
 * A refused input (NUL bytes, in inputs of even size) must say why. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "ingest/lib.h"
#include "model/lib.h"
#include "fuzz_doc.h"

/* Longer inputs are cut; the seeds nest deeper than fuzzing reaches. */
#define FUZZ_MARKDOWN_MAX 262144

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_opts o = { .decode = { .allow_binary = size % 2 == 1 },
			      .format = DOC_FORMAT_MARKDOWN };
	struct qerr err = { { 0 } };

	if (size > FUZZ_MARKDOWN_MAX)
		size = FUZZ_MARKDOWN_MAX;
	struct doc *doc = doc_load_memory("fuzz.md", (const char *)data, size, &o, &err);
	if (doc == NULL) {
		if (err.msg[0] == '\0')
			abort(); /* a refusal says why */
		return 0;
	}
	if (doc->format != DOC_FORMAT_MARKDOWN)
		abort();
	fuzz_doc_check(doc);
	doc_free(doc);
	return 0;
}
