/* Inside the layout: the break finder's answer as bits the fill reads. */
#ifndef QARIN_LAYOUT_BREAK_H
#define QARIN_LAYOUT_BREAK_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_LAYOUT, "layout/layout_break.h");

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAYOUT_BIT_ALLOW 1 /* a line may break before this code point */
#define LAYOUT_BIT_MUST 2  /* a line must break before it (after a hard break) */

/* Adds to bits[i] the UAX #14 breaks of t (as layout_break_opportunities
 * finds them) before each code point; tmp is n bytes of scratch. full:
 * libunistring finds them all, without the fast path. */
void layout_break_bits(const uint32_t *t, size_t n, uint8_t *bits, char *tmp, bool full);

#endif
