/* commands.h - the subcommands of the mlsweep executable (one source file each). */
#ifndef MS_COMMANDS_H
#define MS_COMMANDS_H
#include "opts.h"

#include <stddef.h>

int ms_cmd_zoo(int argc, char **argv);
int ms_cmd_eval(int argc, char **argv);
int ms_cmd_run(int argc, char **argv);
int ms_cmd_validate(int argc, char **argv);
int ms_cmd_calibrate(int argc, char **argv);
int ms_cmd_pareto(int argc, char **argv);
int ms_cmd_table(int argc, char **argv);
int ms_cmd_submit(int argc, char **argv);
int ms_cmd_merge(int argc, char **argv);
int ms_cmd_status(int argc, char **argv);

/* The values of the repeatable --registry option. */
const char *const *ms_cmd_registry_files(const ms_opts *o, size_t *n);
#endif
