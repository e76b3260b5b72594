/* libFuzzer target: arbitrary bytes as a theme file. Checks that a theme
 * is either read whole, every colour and attribute in range, or refused
 * with a message naming the file and a line, the theme left unchanged. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader/lib.h"
#include "fuzz_msg.h"

/* Longer inputs are cut: a theme is a few dozen lines. */
#define FUZZ_THEME_MAX 65536

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless c is a colour a terminal can be asked for. */
static void
fuzz_color_check(const struct theme_color *c)
{
	switch (c->kind) {
	case THEME_COLOR_DEFAULT:
		if (c->value != 0)
			abort();
		break;
	case THEME_COLOR_INDEX:
		if (c->value > 255)
			abort();
		break;
	case THEME_COLOR_RGB:
		if (c->value > 0xFFFFFF)
			abort();
		break;
	default:
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t, before;
	struct qerr err = { { 0 } };
	unsigned long lines = 1;
	const unsigned all = THEME_ATTR_BOLD | THEME_ATTR_DIM | THEME_ATTR_UNDERLINE |
			     THEME_ATTR_REVERSE | THEME_ATTR_ITALIC;

	if (size > FUZZ_THEME_MAX)
		size = FUZZ_THEME_MAX;
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	theme_default(&t);
	before = t;
	if (!theme_parse("fuzz.theme", (const char *)data, size, &t, &err)) {
		fuzz_msg_check(err.msg, "fuzz.theme", lines);
		if (memcmp(&t, &before, sizeof t) != 0)
			abort(); /* left unchanged */
		return 0;
	}
	for (int r = 0; r < THEME_ROLE_COUNT; r++) {
		fuzz_color_check(&t.style[r].fg);
		fuzz_color_check(&t.style[r].bg);
		if (t.style[r].attrs & ~all)
			abort();
		if (theme_attrs_without_color(&t, (enum theme_role)r) & ~all)
			abort();
		if (!theme_style_equal(&t.style[r], &t.style[r]))
			abort();
	}
	return 0;
}
