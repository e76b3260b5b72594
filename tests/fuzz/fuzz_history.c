/* libFuzzer target: arbitrary bytes as the search history file. Checks
 * that what is read is well-formed (no empty entry, no entry twice, at
 * most the kept number), that a refused file says why, and that a save
 * followed by a new reading gives back the same list, a new query taken
 * from the input included (escaping round trip). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader/lib.h"
#include "fuzz_tmpdir.h"

/* Longer inputs are cut: the file holds at most HISTORY_MAX lines. */
#define FUZZ_HISTORY_MAX 65536
/* Bytes of the input that make the new query. */
#define FUZZ_QUERY_MAX 48

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless h's entries are well-formed. */
static void
fuzz_history_check(const struct history *h)
{
	if (h->n > h->max)
		abort();
	for (size_t i = 0; i < h->n; i++) {
		const char *s = history_get(h, i);
		if (s == NULL || s[0] == '\0')
			abort();
		for (size_t k = 0; k < i; k++)
			if (strcmp(history_get(h, k), s) == 0)
				abort(); /* a query once: typed again, it moves */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_tmpdir();
	struct history h, h2;
	struct qerr err = { { 0 } };
	char query[FUZZ_QUERY_MAX + 1];
	size_t qn = 0;

	if (size > FUZZ_HISTORY_MAX)
		size = FUZZ_HISTORY_MAX;
	fuzz_tmpdir_write(dir, "search-history", data, size);
	if (!history_open(&h, dir, &err) && err.msg[0] == '\0')
		abort(); /* a refusal says why */
	fuzz_history_check(&h);

	/* A new query made of the input's last bytes, up to a newline. */
	for (size_t i = size > FUZZ_QUERY_MAX ? size - FUZZ_QUERY_MAX : 0; i < size; i++)
		if (data[i] != '\0' && data[i] != '\n')
			query[qn++] = (char)data[i];
	query[qn] = '\0';
	history_add(&h, query);
	fuzz_history_check(&h);
	if (qn > 0 && strcmp(history_get(&h, h.n - 1), query) != 0)
		abort(); /* the newest last */
	err.msg[0] = '\0';
	if (!history_save(&h, &err))
		abort();

	/* What was saved reads back cleanly, the same list. */
	if (qn > 0) {
		if (!history_open(&h2, dir, &err))
			abort();
		fuzz_history_check(&h2);
		if (h2.n != h.n)
			abort();
		for (size_t i = 0; i < h.n; i++)
			if (strcmp(history_get(&h, i), history_get(&h2, i)) != 0)
				abort();
		history_free(&h2);
	}
	history_free(&h);
	return 0;
}
