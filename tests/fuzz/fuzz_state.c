/* libFuzzer target: arbitrary bytes as the file of reading positions.
 * Checks that what is read is well-formed (absolute keys, no key twice,
 * at most the kept number), that a refused file says why, and that a save
 * followed by a new reading gives back every entry, a new one included
 * under a key taken from the input (escaping round trip). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader/lib.h"
#include "fuzz_tmpdir.h"

/* Longer inputs are cut: the file holds at most STATE_MAX_ENTRIES lines. */
#define FUZZ_STATE_MAX 65536
/* Bytes of the input that make the new entry's key. */
#define FUZZ_KEY_MAX 48

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless st's records are well-formed. */
static void
fuzz_state_check(const struct state *st)
{
	if (st->n > st->cap || (st->n > 0 && st->recs == NULL))
		abort();
	for (size_t i = 0; i < st->n; i++) {
		const struct state_rec *r = &st->recs[i];
		if (r->key == NULL || r->key[0] != '/' || r->used < 0)
			abort();
		for (size_t k = 0; k < i; k++)
			if (strcmp(st->recs[k].key, r->key) == 0)
				abort(); /* a key once */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_tmpdir();
	struct state st, st2;
	struct qerr err = { { 0 } };
	char key[FUZZ_KEY_MAX + 2];
	size_t kn = 0;

	if (size > FUZZ_STATE_MAX)
		size = FUZZ_STATE_MAX;
	fuzz_tmpdir_write(dir, "positions", data, size);
	if (!state_open(&st, dir, &err) && err.msg[0] == '\0')
		abort(); /* a refusal says why */
	fuzz_state_check(&st);

	/* A new entry under a key made of the input's last bytes. */
	key[kn++] = '/';
	for (size_t i = size > FUZZ_KEY_MAX ? size - FUZZ_KEY_MAX : 0; i < size; i++)
		if (data[i] != '\0')
			key[kn++] = (char)data[i];
	key[kn] = '\0';
	struct state_entry e, got;
	state_entry_clear(&e);
	e.offset = size;
	e.marks[size % STATE_NMARKS] = kn;
	state_put(&st, key, &e);
	if (!state_get(&st, key, &got) || memcmp(&got, &e, sizeof e) != 0)
		abort();
	bool readonly = st.readonly;
	err.msg[0] = '\0';
	if (!state_save(&st, &err)) {
		if (!readonly || err.msg[0] == '\0')
			abort(); /* only a newer format is left alone */
		state_close(&st);
		return 0;
	}
	fuzz_state_check(&st);

	/* What was saved reads back cleanly, entry for entry. */
	err.msg[0] = '\0';
	if (!state_open(&st2, dir, &err))
		abort();
	fuzz_state_check(&st2);
	if (st2.n != st.n)
		abort();
	for (size_t i = 0; i < st.n; i++) {
		if (!state_get(&st2, st.recs[i].key, &got) ||
		    memcmp(&got, &st.recs[i].e, sizeof got) != 0)
			abort();
	}
	if (!state_get(&st2, key, &got) || memcmp(&got, &e, sizeof e) != 0)
		abort();
	state_close(&st2);
	state_close(&st);
	return 0;
}
