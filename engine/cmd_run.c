/* cmd_run.c - `mlsweep run JOB.yaml [-o FILE] [--resume] [--quiet]`, alone or under
 * mpirun/srun: build the plan (all errors found before any work), then run it. */
#include "commands.h"
#include "exitcodes.h"
#include "h5out.h"
#include "opts.h"
#include "plan.h"
#include "sweep.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MS_CONFIG_DIR
#define MS_CONFIG_DIR "configs"
#endif
#ifndef MS_INSTALL_CONFIG_DIR
#define MS_INSTALL_CONFIG_DIR "/usr/local/share/mlsweep/configs"
#endif

static const ms_optspec specs[] = {
    {"output", 1, 0, "result file (default: the job's output.file)"},
    {"resume", 0, 0, "continue an unfinished file of the same job (starts it if absent)"},
    {"quiet", 0, 0, "no progress and no summary on stderr"},
    {"registry", 1, 1, "extra registry file (repeatable)"},
    {"config-dir", 1, 0, "directory of the shipped registries"},
    {"commit-interval", 1, 0, "seconds between done-map commits (default 2)"},
    {"shard", 1, 0, "compute only shard K (0-based) of --shards N along the outermost axis"},
    {"shards", 1, 0, "number of shards of a job array (mlsweep submit --array)"},
    {"plan", 0, 0, "print the validated plan (axes, points, chunks, bytes) and exit"},
    {"help", 0, 0, "show this help"},
};
#define NSPEC (sizeof specs / sizeof specs[0])

/* Without a job file: the quickstart job shipped beside the registries (the source tree's
   jobs/ or the installed share/mlsweep/jobs), like `mlsweep eval`'s embedded default point. */
static const char *default_job(const char *config_dir, char *buf, size_t len) {
    const char *dirs[] = {config_dir, getenv("MLSWEEP_CONFIG_DIR"), MS_CONFIG_DIR,
                          MS_INSTALL_CONFIG_DIR};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i] || !*dirs[i]) continue;
        snprintf(buf, len, "%s/../jobs/quickstart.yaml", dirs[i]);
        if (access(buf, R_OK) == 0) return buf;
    }
    return NULL;
}

/* --plan: what the job will do, on stdout, before committing a Slurm allocation to it */
static void print_plan(const ms_plan *pl, const char *out) {
    printf("job %s (%s): %llu points in %llu chunks of up to", pl->name,
           pl->mode == MS_MODE_TRAIN ? "train" : "serve", (unsigned long long)pl->points,
           (unsigned long long)pl->n_chunks);
    uint64_t cp = 1;
    for (size_t i = 0; i < pl->n_axes; i++) cp *= pl->chunk[i];
    printf(" %llu\n", (unsigned long long)cp);
    for (size_t i = 0; i < pl->n_axes; i++) {
        const ms_axis *ax = &pl->axes[i];
        printf("  %-16s %6zu  ", ax->prm->name, ax->n);
        for (size_t j = 0; j < ax->n && j < 6; j++) {
            if (ax->kind != MS_AX_NUMBER)
                printf("%s%s", j ? ", " : "", ax->names[j]);
            else
                printf("%s%g", j ? ", " : "", ax->vals[j]);
        }
        printf("%s\n", ax->n > 6 ? ", ..." : "");
    }
    double per = (double)pl->n_metrics * (pl->float64 ? 8 : 4) + 2;
    printf("  %zu metrics, %s, %s: %.3g bytes uncompressed -> %s\n", pl->n_metrics,
           pl->float64 ? "float64" : "float32",
           pl->deflate_level >= 0 ? "deflate" : "no compression", per * (double)pl->points, out);
    for (size_t c = 0; c < pl->n_constraints; c++) {
        static const char *const ops[] = {"<=", "<", ">=", ">"};
        printf("  constraint %s %s %g\n", pl->constraints[c].metric->name,
               ops[pl->constraints[c].op], pl->constraints[c].value);
    }
}

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
                specs, NSPEC, "mlsweep run [JOB.yaml] [-o FILE] [--resume] [--quiet] [--plan]",
                "Run a sweep job into an HDF5 result file (docs/jobs.md, docs/file-format.md).\n"
                "Without JOB.yaml: the embedded default, jobs/quickstart.yaml.\n"
                "Runs under mpirun/srun for many ranks; OMP_NUM_THREADS threads per rank.\n"
                "Prints the file's path on stdout. SIGTERM/SIGUSR1 stop after the current\n"
                "batch (exit 4, resumable). Exit codes: 0 ok, 1 bad input, 2 I/O, 4 resumable.");
        return MS_EXIT_OK;
    }
    if (o.n_pos > 1) {
        if (rank == 0)
            fprintf(stderr, "mlsweep run: give one job file (usage: mlsweep run JOB.yaml [-o FILE] "
                            "[--resume])\n");
        return MS_EXIT_INPUT;
    }
    char qs[4200];
    const char *job =
        o.n_pos ? o.pos[0] : default_job(ms_opts_get(&o, "config-dir"), qs, sizeof qs);
    if (!job) {
        if (rank == 0)
            fprintf(stderr, "mlsweep run: no job file given, and the embedded default "
                            "jobs/quickstart.yaml is not installed next to the configs\n");
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
    if (ms_plan_load(&pl, job, ms_opts_get(&o, "config-dir"), rep, nrep, err, sizeof err)) {
        if (rank == 0) fprintf(stderr, "mlsweep run: %s\n", err);
        return MS_EXIT_INPUT;
    }
    const char *sk = ms_opts_get(&o, "shard"), *sn = ms_opts_get(&o, "shards");
    if (sk || sn) {
        char *e1 = NULL, *e2 = NULL;
        long k = sk ? strtol(sk, &e1, 10) : -1, n = sn ? strtol(sn, &e2, 10) : -1;
        if (!sk || !sn || *e1 || *e2 || !*sk || !*sn) {
            if (rank == 0)
                fprintf(stderr,
                        "mlsweep run: --shard K and --shards N go together (whole numbers)\n");
            ms_plan_free(&pl);
            return MS_EXIT_INPUT;
        }
        if (ms_plan_restrict_shard(&pl, k, n, err, sizeof err)) {
            if (rank == 0) fprintf(stderr, "mlsweep run: %s\n", err);
            ms_plan_free(&pl);
            return MS_EXIT_INPUT;
        }
    }
    so.out = ms_opts_get(&o, "output") ? ms_opts_get(&o, "output") : pl.out_file;
    if (ms_opts_flag(&o, "plan")) {
        if (rank == 0) print_plan(&pl, so.out);
        ms_plan_free(&pl);
        return MS_EXIT_OK;
    }
    int rc = ms_sweep_run(&pl, &so);
    ms_plan_free(&pl);
    return rc;
}

int ms_cmd_run(int argc, char **argv) {
    int provided, inited = 0, rank = 0;
    ms_sweep_install_signals(); /* before MPI start-up: Slurm may signal at any moment */
    MPI_Initialized(&inited);
    if (!inited) MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int rc = run(argc, argv, rank);
    fflush(stdout);
    fflush(stderr);
    if (ms_h5_unclean()) _exit(rc); /* see h5out.h: MPI_Finalize would crash in HDF5 */
    MPI_Finalize();
    return rc;
}
