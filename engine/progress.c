/* progress.c - progress reports on stderr. */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double ms_wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void ms_progress_start(ms_progress *p, int enabled, uint64_t grid, uint64_t prior, uint64_t total) {
    p->enabled = enabled;
    p->tty = isatty(2);
    p->t0 = p->last = ms_wall();
    p->total = total;
    p->done = 0;
    p->prior = prior;
    p->grid = grid;
}

static void eta_text(double s, char *buf, size_t len) {
    if (s < 0 || s > 1e9)
        snprintf(buf, len, "?");
    else if (s < 120)
        snprintf(buf, len, "%.0f s", s);
    else if (s < 7200)
        snprintf(buf, len, "%.1f min", s / 60);
    else
        snprintf(buf, len, "%.1f h", s / 3600);
}

void ms_progress_update(ms_progress *p, uint64_t done, int force) {
    p->done = done;
    if (!p->enabled) return;
    double now = ms_wall();
    /* a terminal redraws often; a log gets one line every 5 s */
    if (!force && now - p->last < (p->tty ? 0.25 : 5.0)) return;
    p->last = now;
    double el = now - p->t0, rate = el > 0 ? (double)done / el : 0;
    double frac = p->grid ? (double)(p->prior + done) / (double)p->grid : 1;
    char eta[32];
    eta_text(rate > 0 ? (double)(p->total - done) / rate : -1, eta, sizeof eta);
    if (p->tty) {
        char bar[31];
        int fill = (int)(frac * 30 + 0.5);
        for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '-';
        bar[30] = 0;
        fprintf(stderr, "\r[%s] %5.1f%%  %.3g/%.3g points  %.3g points/s  ETA %s   ", bar,
                100 * frac, (double)(p->prior + done), (double)p->grid, rate, eta);
    } else {
        fprintf(stderr, "mlsweep run: %5.1f%%  %llu/%llu points  %.3g points/s  ETA %s\n",
                100 * frac, (unsigned long long)(p->prior + done), (unsigned long long)p->grid,
                rate, eta);
    }
    fflush(stderr);
}

void ms_progress_end(ms_progress *p) {
    if (p->enabled && p->tty) fputc('\n', stderr);
}
