/* Skeleton until the width module lands. */
#include <config.h>
#include "qarin/width.h"

bool width_init(void) { return true; }
int width_char(uint32_t c) { (void)c; return 1; }
bool width_needs_placeholder(uint32_t c) { return c < 0x20; }
size_t
width_placeholder(uint32_t c, uint32_t buf[13])
{
	buf[0] = 0x2400 + c;
	buf[1] = 0;
	return 1;
}
