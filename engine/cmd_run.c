/* cmd_run.c - `mlsweep run JOB.yaml [-o FILE] [--resume] [--quiet]`, alone or under
 * mpirun/srun: build the plan (all errors found before any work), then run it. */
#include "commands.h"
#include "exitcodes.h"
#include "opts.h"
#include "plan.h"
#include "shard.h"
#include "sweep.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ms_optspec specs[] = {
    {"output", 1, 0, "result file (default: the job's output.file)"},
    {"resume", 0, 0, "continue an unfinished file of the same job (starts it if absent)"},
    {"quiet", 0, 0, "no progress and no summary on stderr"},
    {"registry", 1, 1, "extra registry file (repeatable)"},
    {"config-dir", 1, 0, "directory of the shipped registries"},
    {"commit-interval", 1, 0, "seconds between done-map commits (default 2)"},
    {"shard", 1, 0, "compute only shard K (0-based) of --shards N along the outermost axis"},
    {"shards", 1, 0, "number of shards the job is split into (with --shard)"},
    {"help", 0, 0, "show this help"},
};
#define NSPEC (sizeof specs / sizeof specs[0])

static int run(int argc, char **argv, int rank) {
    ms_opts o;
    char err[700];
    if (ms_opts_parse(&o, specs, NSPEC, argc, argv, err, sizeof err)) {
        if (rank == 0) fprintf(stderr, "mlsweep run: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        if (rank == 0)
            ms_opts_help(
                specs, NSPEC, "mlsweep run JOB.yaml [-o FILE] [--resume] [--quiet]",
                "Run a sweep job into an HDF5 result file (docs/jobs.md, docs/file-format.md).\n"
                "Runs under mpirun/srun for many ranks; OMP_NUM_THREADS threads per rank.\n"
                "Prints the file's path on stdout. SIGTERM/SIGUSR1 stop after the current\n"
                "batch (exit 4, resumable). Exit codes: 0 ok, 1 bad input, 2 I/O, 4 resumable.");
        return MS_EXIT_OK;
    }
    if (o.n_pos != 1) {
        if (rank == 0)
            fprintf(stderr, "mlsweep run: %s (usage: mlsweep run JOB.yaml [-o FILE] [--resume])\n",
                    o.n_pos ? "give exactly one job file" : "no job file given");
        return MS_EXIT_INPUT;
    }
    ms_sweep_opts so = {NULL, ms_opts_flag(&o, "resume"), ms_opts_flag(&o, "quiet"), 2.0};
    const char *ci = ms_opts_get(&o, "commit-interval");
    if (ci) {
        char *end;
        so.commit_interval = strtod(ci, &end);
        if (*end || so.commit_interval < 0) {
            if (rank == 0) fprintf(stderr, "mlsweep run: --commit-interval wants seconds >= 0\n");
            return MS_EXIT_INPUT;
        }
    }
    ms_plan pl;
    size_t nrep = 0;
    const char *const *rep = ms_cmd_registry_files(&o, &nrep);
    if (ms_plan_load(&pl, o.pos[0], ms_opts_get(&o, "config-dir"), rep, nrep, err, sizeof err)) {
        if (rank == 0) fprintf(stderr, "mlsweep run: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_get(&o, "shard") || ms_opts_get(&o, "shards")) {
        long k = -1, n = 0;
        if (!ms_opts_get(&o, "shard") || !ms_opts_get(&o, "shards") ||
            ms_shard_parse(ms_opts_get(&o, "shards"), 1, 1000000, &n) ||
            ms_shard_parse(ms_opts_get(&o, "shard"), 0, 999999, &k)) {
            if (rank == 0)
                fprintf(stderr, "mlsweep run: --shard K and --shards N go together: integers, "
                                "0 <= K < N\n");
            ms_plan_free(&pl);
            return MS_EXIT_INPUT;
        }
        if (ms_shard_plan(&pl, k, n, err, sizeof err)) {
            if (rank == 0) fprintf(stderr, "mlsweep run: %s\n", err);
            ms_plan_free(&pl);
            return MS_EXIT_INPUT;
        }
    }
    so.out = ms_opts_get(&o, "output") ? ms_opts_get(&o, "output") : pl.out_file;
    int rc = ms_sweep_run(&pl, &so);
    ms_plan_free(&pl);
    return rc;
}

int ms_cmd_run(int argc, char **argv) {
    int provided, inited = 0, rank = 0;
    MPI_Initialized(&inited);
    if (!inited) MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int rc = run(argc, argv, rank);
    fflush(stdout);
    fflush(stderr);
    MPI_Finalize();
    return rc;
}
