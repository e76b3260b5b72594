/* Placeholder: replaced by the colors module. */
#ifndef QARIN_COLORS_H
#define QARIN_COLORS_H
#endif
