/* cmd_pareto.c - `mlsweep pareto`: the frontier of a result file (analysis/pareto_cli.c). */
#include "analysis.h"
#include "commands.h"

int ms_cmd_pareto(int argc, char **argv) {
    return ms_pareto_main(argc, argv);
}
