/* scan.c - block-by-block pass over a result file with the --where filter applied. */
#include "scan.h"

#include "exitcodes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ms_scan_schema_init(ms_scan_schema *sc, const ms_rfile *f) {
    memset(sc, 0, sizeof *sc);
    sc->metric_names = malloc((f->n_metrics + 1) * sizeof *sc->metric_names);
    if (!sc->metric_names) return -1;
    for (size_t i = 0; i < f->n_metrics; i++) sc->metric_names[i] = f->metrics[i].name;
    for (int i = 0; i < f->rank; i++) {
        sc->axes[i].name = f->axes[i].name;
        sc->axes[i].n = f->axes[i].n;
        sc->axes[i].num = f->axes[i].num;
        sc->axes[i].str = (const char *const *)f->axes[i].str;
    }
    sc->s.axes = sc->axes;
    sc->s.n_axes = (size_t)f->rank;
    sc->s.metrics = sc->metric_names;
    sc->s.n_metrics = f->n_metrics;
    return 0;
}

void ms_scan_schema_free(ms_scan_schema *sc) {
    free(sc->metric_names);
    sc->metric_names = NULL;
}

int ms_scan(const ms_rfile *f, const ms_where *w, const unsigned char *need, uint64_t first,
            uint64_t step, ms_scan_fn fn, void *ctx, ms_scan_stats *st, char *err, size_t errlen) {
    const size_t nm = f->n_metrics;
    uint64_t bpts = 1;
    for (int i = 0; i < f->rank; i++) bpts *= f->block[i];
    /* which metrics to read: the caller's and the filter's */
    int *use = malloc((nm + 1) * sizeof *use), nuse = 0;
    double **buf = calloc(nm + 1, sizeof *buf);
    double *pt = malloc((nm + 1) * sizeof *pt);
    uint8_t *status = malloc(bpts), *bneck = malloc(bpts);
    int rc = 0;
    if (!use || !buf || !pt || !status || !bneck) {
        snprintf(err, errlen, "out of memory for a block of %llu points", (unsigned long long)bpts);
        rc = MS_EXIT_RUNTIME;
    }
    for (size_t m = 0; !rc && m < nm; m++) {
        pt[m] = NAN;
        if ((need && need[m]) || (w && ms_where_uses_metric(w, m))) {
            use[nuse++] = (int)m;
            if (!(buf[m] = malloc(bpts * sizeof **buf))) {
                snprintf(err, errlen, "out of memory for a block of %llu points",
                         (unsigned long long)bpts);
                rc = MS_EXIT_RUNTIME;
            }
        }
    }
    if (st) st->points = st->passed = 0;
    hsize_t off[MS_RF_MAX_AXES], cnt[MS_RF_MAX_AXES];
    size_t coord[MS_RF_MAX_AXES];
    for (uint64_t b = first; !rc && b < f->n_blocks; b += step) {
        uint64_t n = ms_rfile_block(f, b, off, cnt);
        for (int u = 0; u < nuse && !rc; u++)
            if (ms_rfile_read_metric(f, use[u], off, cnt, buf[use[u]])) {
                snprintf(err, errlen, "'%s': cannot read /metrics/%s", f->path,
                         f->metrics[use[u]].name);
                rc = MS_EXIT_RUNTIME;
            }
        if (!rc && f->has_status && ms_rfile_read_u8(f, "status", off, cnt, status)) {
            snprintf(err, errlen, "'%s': cannot read /status", f->path);
            rc = MS_EXIT_RUNTIME;
        }
        if (!rc && f->has_bottleneck && ms_rfile_read_u8(f, "bottleneck", off, cnt, bneck)) {
            snprintf(err, errlen, "'%s': cannot read /bottleneck", f->path);
            rc = MS_EXIT_RUNTIME;
        }
        if (rc) break;
        if (!f->has_status) memset(status, 0, n);
        if (!f->has_bottleneck) memset(bneck, 0, n);
        /* walk the block in row-major order, keeping the global coordinate and linear index */
        for (int i = 0; i < f->rank; i++) coord[i] = (size_t)off[i];
        for (uint64_t j = 0; j < n; j++) {
            uint64_t id = 0;
            for (int i = 0; i < f->rank; i++) id = id * f->dims[i] + coord[i];
            for (int u = 0; u < nuse; u++) pt[use[u]] = buf[use[u]][j];
            ms_where_point wp = {coord, pt, status[j], bneck[j]};
            if (!w || ms_where_eval(w, &wp)) {
                if (st) st->passed++;
                if (fn(ctx, id, coord, pt, status[j], bneck[j])) {
                    snprintf(err, errlen, "out of memory while reducing the points");
                    rc = MS_EXIT_RUNTIME;
                    break;
                }
            }
            for (int i = f->rank - 1; i >= 0; i--) { /* next coordinate within the block */
                if (++coord[i] < off[i] + cnt[i]) break;
                coord[i] = (size_t)off[i];
            }
        }
        if (st) st->points += n;
    }
    for (size_t m = 0; buf && m < nm; m++) free(buf[m]);
    free(buf), free(use), free(pt), free(status), free(bneck);
    return rc;
}
