/* The string map: adding, setting, looking up, growing past its first
 * table, and freeing. */
#include <config.h>

#include <stdio.h>

#include "text/lib.h"
#include "tap.h"

int
main(void)
{
	struct strmap m = STRMAP_INIT;

	is_long(strmap_get(&m, "x"), -1, "an empty map has no keys");
	ok(strmap_add(&m, "alpha", 1), "add a new key");
	ok(!strmap_add(&m, "alpha", 2), "add does not replace a key");
	is_long(strmap_get(&m, "alpha"), 1, "the first value stays");
	strmap_set(&m, "alpha", 3);
	is_long(strmap_get(&m, "alpha"), 3, "set replaces the value");
	strmap_set(&m, "\xD8\xB9\xD8\xB1\xD8\xA8", 4);
	is_long(strmap_get(&m, "\xD8\xB9\xD8\xB1\xD8\xA8"), 4, "set adds a UTF-8 key");
	is_long(strmap_get(&m, "alph"), -1, "a prefix is another key");
	is_long(strmap_get(&m, ""), -1, "the empty key is absent");
	ok(strmap_add(&m, "", 5) && strmap_get(&m, "") == 5, "the empty key can be added");

	/* Past the first table of 64 slots, filled at most half. */
	char key[32];
	bool all = true;
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		all &= strmap_add(&m, key, i);
	}
	ok(all, "a thousand more keys are added");
	is_long((long)m.n, 1003, "the map counts its keys");
	all = true;
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		all &= strmap_get(&m, key) == i;
	}
	ok(all, "every key finds its value after growing");
	is_long(strmap_get(&m, "alpha"), 3, "the first keys survive the growth");
	ok(2 * m.n <= m.cap && (m.cap & (m.cap - 1)) == 0, "the table stays at most half full");
	strmap_free(&m);
	ok(m.n == 0 && m.cap == 0 && m.keys == NULL, "free empties the map");
	is_long(strmap_get(&m, "alpha"), -1, "a freed map is empty");
	strmap_free(&m);
	ok(true, "free twice is safe");
	return done_testing();
}
