/* bench_solver.c - points/s of the staged solver on a job's grid, one core and two threads.
 *
 * usage: bench_solver JOB.yaml TARGET_M [seconds]
 * Prints, for the job's grid: the solver alone (core once per non-region coordinate, region
 * innermost), the solver plus storing every metric of the job as float32 (what `mlsweep run`
 * computes per chunk), and the 2-thread speed-up of the latter; each with its ratio to the
 * target (TARGET_M million points/s per core; 1.8x for two threads). */
#include "plan.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* points/s over whole chunks, cycling through the grid until `secs` have passed */
static double rate(const ms_plan *pl, void *const *bufs, uint8_t *st, uint8_t *bn, double secs,
                   double *feasible_frac) {
    uint64_t pts = 0, feas = 0, s[MS_PLAN_MAX_AXES], c[MS_PLAN_MAX_AXES];
    double t0 = now(), t;
    uint64_t k = 0;
    do {
        feas += ms_plan_eval_chunk(pl, k, bufs, st, bn);
        pts += ms_plan_chunk_box(pl, k, s, c);
        k = (k + 1) % pl->n_chunks;
        t = now() - t0;
    } while (t < secs);
    *feasible_frac = (double)feas / (double)pts;
    return (double)pts / t;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_solver JOB.yaml TARGET_M [seconds]\n");
        return 1;
    }
    double target = atof(argv[2]) * 1e6, secs = argc > 3 ? atof(argv[3]) : 2.0;
    ms_plan pl;
    char err[700];
    if (ms_plan_load(&pl, argv[1], NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "bench_solver: %s\n", err);
        return 1;
    }
    uint64_t n = 1;
    for (size_t i = 0; i < pl.n_axes; i++) n *= pl.chunk[i];
    void *bufs[MS_METRIC_MAX_STORED];
    for (size_t m = 0; m < pl.n_metrics; m++) bufs[m] = malloc(n * sizeof(float));
    uint8_t *st = malloc(n), *bn = malloc(n);
    double f1, f2, f3;
    omp_set_num_threads(1);
    rate(&pl, bufs, st, bn, 0.2, &f1); /* warm up: page in the buffers */
    double solver = rate(&pl, NULL, st, bn, secs, &f1);
    double stored = rate(&pl, bufs, st, bn, secs, &f2);
    omp_set_num_threads(2);
    double two = rate(&pl, bufs, st, bn, secs, &f3);
    printf("%s (%s, %llu points, %s, %.0f%% feasible):\n", pl.name,
           pl.mode == MS_MODE_TRAIN ? "train" : "serve", (unsigned long long)pl.points,
           pl.region_axis >= 0 ? "region innermost" : "no region axis", 100 * f1);
    printf("  solver alone            %8.2f M points/s/core  (target %.0f M: ratio %.2f)\n",
           solver / 1e6, target / 1e6, solver / target);
    printf("  solver + %2zu metrics     %8.2f M points/s/core  (target %.0f M: ratio %.2f)\n",
           pl.n_metrics, stored / 1e6, target / 1e6, stored / target);
    printf("  2 threads vs 1          %8.2fx                 (target 1.8x: ratio %.2f)\n",
           two / stored, two / stored / 1.8);
    for (size_t m = 0; m < pl.n_metrics; m++) free(bufs[m]);
    free(st);
    free(bn);
    ms_plan_free(&pl);
    return 0;
}
