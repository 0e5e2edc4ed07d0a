/* cmd_merge.c - `mlsweep merge`: this build does not include it yet (see the README's status). */
#include "commands.h"
#include "exitcodes.h"

#include <stdio.h>

int ms_cmd_merge(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "mlsweep merge: not available in this build yet\n");
    return MS_EXIT_RUNTIME;
}
