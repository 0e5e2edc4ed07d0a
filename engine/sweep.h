/* sweep.h - the MPI x OpenMP executor of a plan: chunks decomposed statically over ranks,
 * points of a chunk over threads, chunks written to HDF5 in rounds, the done-map committed
 * after each batch, stop on SIGTERM/SIGUSR1 at the next batch boundary. */
#ifndef MS_SWEEP_H
#define MS_SWEEP_H
#include "plan.h"

typedef struct ms_sweep_opts {
    const char *out;        /* output file */
    int resume;             /* continue an unfinished file of the same job */
    int quiet;              /* no progress, no summary */
    double commit_interval; /* seconds between done-map commits (a batch) */
} ms_sweep_opts;

/* Runs the sweep on MPI_COMM_WORLD (MPI must be initialized). Returns an exit code
 * (exitcodes.h), the same on every rank. */
int ms_sweep_run(const ms_plan *pl, const ms_sweep_opts *o);
/* SIGTERM/SIGUSR1/SIGINT request a clean stop after the current batch (exit 4). Installed
 * first thing in `mlsweep run`, so that a signal during start-up is not fatal either. */
void ms_sweep_install_signals(void);
#endif
