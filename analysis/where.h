/* where.h - the --where filter of `mlsweep pareto` and `mlsweep table`.
 *
 *     status==ok && ttft_s<=2 && (hardware==h100-sxm || hardware=="mi300x") && !(tp>4)
 *
 * Comparisons (== != < <= > >=) of a metric, an axis, `status` or `bottleneck` with a number,
 * a value, or another numeric name; combined with && || ! and parentheses. Values of string axes
 * (registry keys, enum names) and the status/bottleneck names are resolved when the expression
 * is compiled, so a typo is an error (with the column and a close match), not an empty result.
 * Comparisons follow IEEE: anything compared with NaN is false except != (so `ttft_s<=2` drops
 * infeasible points, and `!(ttft_s>2)` keeps them). Axis names take precedence over metric names.
 * No input crashes it: errors are one line, nesting is limited to MS_WHERE_MAX_DEPTH and the text
 * to MS_WHERE_MAX_LEN bytes. */
#ifndef MS_WHERE_H
#define MS_WHERE_H
#include <stddef.h>

#define MS_WHERE_MAX_DEPTH 64
#define MS_WHERE_MAX_LEN   65536

typedef struct ms_where_axis {
    const char *name;
    size_t n;
    const double *num;      /* numeric axis: its values */
    const char *const *str; /* string axis: its values (num is NULL) */
} ms_where_axis;

typedef struct ms_where_schema {
    const ms_where_axis *axes;
    size_t n_axes;
    const char *const *metrics;
    size_t n_metrics;
} ms_where_schema;

/* What one point offers the filter. */
typedef struct ms_where_point {
    const size_t *coord;  /* index along each axis of the schema */
    const double *metric; /* value of each metric (only those ms_where_uses_metric() says) */
    int status, bottleneck;
} ms_where_point;

typedef struct ms_where ms_where;

/* 0, or -1 with "column C: message" in err. The schema must outlive the compiled filter. */
int ms_where_compile(const char *expr, const ms_where_schema *schema, ms_where **out, char *err,
                     size_t errlen);
void ms_where_free(ms_where *w);
int ms_where_eval(const ms_where *w, const ms_where_point *pt);
int ms_where_uses_metric(const ms_where *w, size_t metric);
int ms_where_uses_status(const ms_where *w);
int ms_where_uses_bottleneck(const ms_where *w);
#endif
