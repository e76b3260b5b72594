/* Placeholder: replaced by the colors module. */
#include <config.h>
