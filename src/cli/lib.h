/* cli: the printers behind --dump, --outline, --search and --compare.
 * The one header other layers include. */
#ifndef QARIN_CLI_LIB_H
#define QARIN_CLI_LIB_H

#include "text/layer.h"
QARIN_LAYER_CHECK(QARIN_LAYER_CLI, "cli/lib.h");

#include "cli/compare_report.h"
#include "cli/define_report.h"
#include "cli/dump.h"
#include "cli/outline.h"
#include "cli/samples.h"
#include "cli/search_report.h"
#include "cli/search_stream.h"

#endif
