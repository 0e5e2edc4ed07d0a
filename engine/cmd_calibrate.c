/* cmd_calibrate.c - `mlsweep calibrate`: this build does not include it yet (see the README's
 * status). */
#include "commands.h"
#include "exitcodes.h"

#include <stdio.h>

int ms_cmd_calibrate(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "mlsweep calibrate: not available in this build yet\n");
    return MS_EXIT_RUNTIME;
}
