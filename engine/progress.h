/* progress.h - progress of a sweep on stderr: a bar with points/s and ETA on a terminal, a
 * plain line every few seconds otherwise (batch jobs, logs). Rank 0 only. */
#ifndef MS_PROGRESS_H
#define MS_PROGRESS_H
#include <stdint.h>

typedef struct ms_progress {
    int enabled, tty;
    double t0, last; /* wall clock of the start and of the last output */
    uint64_t total;  /* points to compute in this run */
    uint64_t done;   /* points computed so far in this run */
    uint64_t prior;  /* points already done before (resume) */
    uint64_t grid;   /* points in the whole grid */
} ms_progress;

void ms_progress_start(ms_progress *p, int enabled, uint64_t grid, uint64_t prior, uint64_t total);
/* Report that the run has computed `done` points; prints when due (or when force). */
void ms_progress_update(ms_progress *p, uint64_t done, int force);
/* Ends the bar's line on a terminal. */
void ms_progress_end(ms_progress *p);
double ms_wall(void);
#endif
