/* scan.h - one pass over a result file's blocks (a subset of them, for MPI ranks), reading only
 * the metrics a command needs, applying --where, and handing each passing point to a callback. */
#ifndef MS_SCAN_H
#define MS_SCAN_H
#include "rfile.h"
#include "where.h"

/* The --where schema of a file (axes and metric names); points into f. */
typedef struct ms_scan_schema {
    ms_where_schema s;
    ms_where_axis axes[MS_RF_MAX_AXES];
    const char **metric_names;
} ms_scan_schema;
int ms_scan_schema_init(ms_scan_schema *sc, const ms_rfile *f);
void ms_scan_schema_free(ms_scan_schema *sc);

/* Called for every point that passes; metric[m] is valid for the metrics asked for. Return
 * nonzero (out of memory) to stop the scan with an error. */
typedef int (*ms_scan_fn)(void *ctx, uint64_t id, const size_t *coord, const double *metric,
                          int status, int bottleneck);

typedef struct ms_scan_stats {
    uint64_t points, passed; /* points read, points that passed the filter */
} ms_scan_stats;

/* Scans blocks first, first+step, ... ; need[m] != 0 for metrics the callback reads (the
 * filter's are added). Returns 0, or an exit code with a message in err. */
int ms_scan(const ms_rfile *f, const ms_where *w, const unsigned char *need, uint64_t first,
            uint64_t step, ms_scan_fn fn, void *ctx, ms_scan_stats *st, char *err, size_t errlen);
#endif
