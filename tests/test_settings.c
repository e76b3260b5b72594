/* Placeholder replaced by the module's tests. */
#include <config.h>
#include "tap.h"

int
main(void)
{
	skip_all("not written yet");
}
