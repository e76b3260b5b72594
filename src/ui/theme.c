/* Placeholder: replaced by the theme module. */
#include <config.h>
