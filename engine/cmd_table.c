/* cmd_table.c - `mlsweep table`: a 2-D table of a metric from a result file
 * (analysis/table_cli.c). */
#include "analysis.h"
#include "commands.h"

int ms_cmd_table(int argc, char **argv) {
    return ms_table_main(argc, argv);
}
