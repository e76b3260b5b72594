/* Placeholder: replaced by the theme module. */
#ifndef QARIN_THEME_H
#define QARIN_THEME_H
#endif
