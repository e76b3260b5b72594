/* Placeholder: replaced by the settings module. */
#include <config.h>
