/* table_cli.c - placeholder until the table command lands in this file. */
#include "analysis.h"

#include "exitcodes.h"

#include <stdio.h>

int ms_table_main(int argc, char **argv) {
    (void)argc, (void)argv;
    fprintf(stderr, "mlsweep table: not available yet\n");
    return MS_EXIT_RUNTIME;
}
