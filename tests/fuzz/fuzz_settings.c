/* libFuzzer target: arbitrary bytes as the configuration file. Checks that
 * every setting keeps a valid value, that every message names the file and
 * a line of it, and that a second reading of the same text changes
 * nothing more. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader/lib.h"
#include "fuzz_msg.h"

/* Longer inputs are cut: a configuration file is a few lines. */
#define FUZZ_SETTINGS_MAX 65536

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless every field of s holds a value the reader can use. */
static void
fuzz_settings_check(const struct settings *s)
{
	if (memchr(s->theme, '\0', sizeof s->theme) == NULL || s->theme[0] == '\0')
		abort();
	if ((unsigned)s->shape > SETTINGS_SHAPE_OFF || (unsigned)s->dir > DIR_RTL)
		abort();
}

/* True when a and b are the same settings (fields, not padding). */
static int
fuzz_settings_equal(const struct settings *a, const struct settings *b)
{
	return strcmp(a->theme, b->theme) == 0 && a->shape == b->shape && a->dir == b->dir &&
	       a->sync == b->sync && a->mouse == b->mouse;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings s, again;
	struct settings_msgs msgs = SETTINGS_MSGS_INIT, msgs2 = SETTINGS_MSGS_INIT;
	unsigned long lines = 1;

	if (size > FUZZ_SETTINGS_MAX)
		size = FUZZ_SETTINGS_MAX;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	settings_defaults(&s);
	size_t n = settings_parse("fuzz.conf", (const char *)data, size, &s, &msgs);
	if (n != msgs.n)
		abort();
	fuzz_settings_check(&s);
	for (size_t i = 0; i < msgs.n; i++)
		fuzz_msg_check(msgs.v[i], "fuzz.conf", lines);
	/* Applied twice, the same settings and messages. */
	again = s;
	if (settings_parse("fuzz.conf", (const char *)data, size, &again, &msgs2) != n ||
	    !fuzz_settings_equal(&again, &s))
		abort();
	for (size_t i = 0; i < n; i++)
		if (strcmp(msgs.v[i], msgs2.v[i]) != 0)
			abort();
	/* Without a list for the messages, the same settings. */
	settings_defaults(&again);
	settings_parse("fuzz.conf", (const char *)data, size, &again, NULL);
	if (!fuzz_settings_equal(&again, &s))
		abort();
	settings_msgs_free(&msgs);
	settings_msgs_free(&msgs2);
	return 0;
}
