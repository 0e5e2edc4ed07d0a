/* main.c - the mlsweep command line: dispatch to one subcommand. */
#include "commands.h"
#include "exitcodes.h"
#include "git_commit.h"
#include "mlsweep.h"

#include <stdio.h>
#include <string.h>

#ifndef MS_ARCH_NAME
#define MS_ARCH_NAME "an unnamed instruction set" /* set by CMakeLists.txt */
#endif

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} command;

static const command commands[] = {
    {"zoo", ms_cmd_zoo, "list the hardware, model, region, fabric and calibration registries"},
    {"eval", ms_cmd_eval, "evaluate one design point (train or serve)"},
    {"run", ms_cmd_run, "run a sweep job (YAML) into an HDF5 result file; works under mpirun/srun"},
    {"validate", ms_cmd_validate, "compare predictions with published measurements"},
    {"calibrate", ms_cmd_calibrate, "fit efficiency constants to measurements"},
    {"pareto", ms_cmd_pareto, "Pareto frontier of a result file"},
    {"table", ms_cmd_table, "2-D table of a metric from a result file (md, csv, latex)"},
    {"submit", ms_cmd_submit, "write and submit a Slurm batch script for a sweep"},
    {"merge", ms_cmd_merge, "merge shard result files into one"},
    {"status", ms_cmd_status, "progress of a running or stopped sweep"},
};
#define NCMD (sizeof commands / sizeof commands[0])

static void usage(FILE *f) {
    fprintf(f,
            "mlsweep %s - design-space sweeps of analytical ML-systems models\n\n"
            "usage: mlsweep COMMAND [options]   (mlsweep COMMAND --help for its "
            "options)\n\ncommands:\n",
            MLSWEEP_VERSION);
    for (size_t i = 0; i < NCMD; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f,
            "\nexit codes: 0 ok, 1 bad input, 2 runtime/I-O failure, 3 constraints unmet (eval),\n"
            "            4 stopped early but resumable (run)\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return MS_EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("mlsweep %s (git %s, result format %d, built for %s)\n", MLSWEEP_VERSION,
               ms_git_commit, MLSWEEP_FORMAT_VERSION, MS_ARCH_NAME);
        return MS_EXIT_OK;
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        if (argc > 2)
            for (size_t i = 0; i < NCMD; i++)
                if (!strcmp(argv[2], commands[i].name)) {
                    char help[] = "--help";
                    char *av[] = {help, NULL};
                    return commands[i].fn(1, av);
                }
        usage(stdout);
        return MS_EXIT_OK;
    }
    for (size_t i = 0; i < NCMD; i++)
        if (!strcmp(cmd, commands[i].name)) return commands[i].fn(argc - 2, argv + 2);
    fprintf(stderr, "mlsweep: unknown command '%s'", cmd);
    size_t best = NCMD;
    for (size_t i = 0; i < NCMD; i++)
        if (!strncmp(cmd, commands[i].name, 2)) best = i;
    if (best < NCMD) fprintf(stderr, " (did you mean '%s'?)", commands[best].name);
    fprintf(stderr, "; run 'mlsweep help'\n");
    return MS_EXIT_INPUT;
}
