/* What the processor lets the program use, for the few loops written for
 * its vector instructions (each next to the portable one it stands for). */
#ifndef QARIN_CPU_H
#define QARIN_CPU_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_TEXT, "text/cpu.h");

#include <stdbool.h>

/* Whether AVX2 can be used: the processor has it and the system keeps its
 * registers. */
bool cpu_has_avx2(void);

#endif
