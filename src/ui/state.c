/* Placeholder: replaced by the state module. */
#include <config.h>
