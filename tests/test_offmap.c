/* Offset maps: identity, shifts (a BOM), rewritten stretches (U+FFFD for
 * one byte), and the inverse direction. */
#include <config.h>

#include "text/lib.h"
#include "tap.h"

int
main(void)
{
	struct offmap m = OFFMAP_INIT;

	is_long((long)offmap_to_src(&m, 42), 42, "empty map is the identity");
	is_long((long)offmap_to_text(&m, 42), 42, "empty inverse is the identity");

	/* A 3-byte BOM dropped: text 0 is source 3. */
	offmap_add(&m, 0, 3);
	/* At text 10 (source 13) one invalid byte became 3 bytes of U+FFFD. */
	offmap_add(&m, 10, 13);
	offmap_add(&m, 13, 14);
	is_long((long)m.n, 2, "points on one line are merged");
	offmap_add(&m, 20, 21);
	is_long((long)m.n, 2, "a point on the current line adds nothing");

	is_long((long)offmap_to_src(&m, 0), 3, "start maps past the BOM");
	is_long((long)offmap_to_src(&m, 9), 12, "before the repair: shifted by 3");
	is_long((long)offmap_to_src(&m, 10), 13, "the U+FFFD maps to the bad byte");
	is_long((long)offmap_to_src(&m, 12), 14, "inside the U+FFFD: clamped to the next point");
	is_long((long)offmap_to_src(&m, 13), 14, "after the repair");
	is_long((long)offmap_to_src(&m, 30), 31, "far after");
	is_long((long)offmap_to_text(&m, 13), 10, "inverse of the bad byte");
	is_long((long)offmap_to_text(&m, 14), 13, "inverse after the repair");
	is_long((long)offmap_to_text(&m, 5), 2, "inverse before the repair");
	offmap_free(&m);
	is_long((long)m.n, 0, "free empties the map");

	/* Points more than 4 GiB apart: each is held in full (a run of its
	 * own), and maps as the others do. */
	if (sizeof(size_t) > 4) {
		size_t g = (size_t)5 << 30;
		offmap_add(&m, 0, 3);
		offmap_add(&m, g, g + 10);
		offmap_add(&m, g + 100, g + 105);
		is_long((long)m.n, 3, "three points, far apart");
		ok(m.nruns >= 2, "in more than one run");
		ok(offmap_to_src(&m, g + 50) == g + 60, "a far offset maps through its point");
		ok(offmap_to_text(&m, g + 205) == g + 200, "and back, past the last point");
		ok(offmap_to_src(&m, 7) == 10, "a near one through the first point");
		struct offmap_point p = offmap_point_at(&m, 1);
		ok(p.text == g && p.src == g + 10, "offmap_point_at gives the point in full");
		/* The last point moved (same text): taken out and put back. */
		offmap_add(&m, g + 100, g + 107);
		p = offmap_point_at(&m, 2);
		ok(m.n == 3 && p.src == g + 107, "a point at the same text offset replaces the last");
		offmap_clear(&m);
		ok(m.n == 0 && offmap_to_src(&m, 42) == 42, "clear: the identity again");
		offmap_free(&m);
	}
	return done_testing();
}
