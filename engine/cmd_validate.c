/* cmd_validate.c - `mlsweep validate`: this build does not include it yet (see the README's
 * status). */
#include "commands.h"
#include "exitcodes.h"

#include <stdio.h>

int ms_cmd_validate(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "mlsweep validate: not available in this build yet\n");
    return MS_EXIT_RUNTIME;
}
