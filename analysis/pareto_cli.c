/* pareto_cli.c - `mlsweep pareto FILE --min M --min M [--max M] [--where EXPR] [--group-by AXIS]
 * [--format csv|json|table] [-o OUT] [--unique] [--partial]`: the exact frontier of a result file.
 * Reads the file block by block; under mpirun/srun each rank reduces every size-th block to a
 * local frontier per group, and rank 0 merges them and writes the output. */
#include "analysis.h"

#include "exitcodes.h"
#include "mlsweep.h"
#include "opts.h"
#include "pareto_stream.h"
#include "scan.h"

#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const ms_optspec specs[] = {
    {"min", 1, 1, "metric to minimize (repeatable; objectives in the order given)"},
    {"max", 1, 1, "metric to maximize (repeatable)"},
    {"where", 1, 0, "filter, e.g. \"status==ok && ttft_s<=2 && hardware==h100-sxm\""},
    {"group-by", 1, 1, "one frontier per value of this axis (repeatable: per combination)"},
    {"format", 1, 0, "table | csv | json (default: from -o's extension, else table)"},
    {"output", 1, 0, "write to this file instead of stdout (-o)"},
    {"unique", 0, 0, "one point per distinct objective vector (default: keep all ties)"},
    {"partial", 0, 0, "accept a file whose sweep is not complete (unfinished points are NaN)"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

typedef struct objective {
    int metric, maximize;
} objective;

typedef struct run {
    const ms_rfile *f;
    objective obj[MS_PARETO_MAX_OBJ];
    int k;
    int group_axis[MS_RF_MAX_AXES], n_group;
    uint64_t n_groups;
    ms_pareto **front; /* per group, created on first use */
    int unique;
} run;

static uint64_t group_of(const run *r, const size_t *coord) {
    uint64_t g = 0;
    for (int i = 0; i < r->n_group; i++)
        g = g * r->f->axes[r->group_axis[i]].n + coord[r->group_axis[i]];
    return g;
}

static ms_pareto *front_for(run *r, uint64_t g) {
    if (!r->front[g]) {
        int mx[MS_PARETO_MAX_OBJ];
        for (int j = 0; j < r->k; j++) mx[j] = r->obj[j].maximize;
        r->front[g] = ms_pareto_new(r->k, mx);
        if (r->front[g]) ms_pareto_set_unique(r->front[g], r->unique);
    }
    return r->front[g];
}

static int on_point(void *ctx, uint64_t id, const size_t *coord, const double *metric, int status,
                    int bottleneck) {
    (void)status, (void)bottleneck;
    run *r = ctx;
    double x[MS_PARETO_MAX_OBJ];
    for (int j = 0; j < r->k; j++) x[j] = metric[r->obj[j].metric];
    ms_pareto *p = front_for(r, group_of(r, coord));
    return !p || ms_pareto_add(p, id, x);
}

/* Under a launcher (mpirun, srun) the environment names the job's size. */
static int launched_by_mpi(void) {
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE") ||
           getenv("PMI_RANK");
}

/* Gathers every rank's frontier points onto rank 0 and merges them there. */
static int gather_fronts(run *r, int rank, int size) {
    uint64_t nloc = 0;
    for (uint64_t g = 0; g < r->n_groups; g++)
        if (r->front[g]) nloc += ms_pareto_finish(r->front[g]);
    const size_t k = (size_t)r->k;
    uint64_t *ids = malloc((nloc * 2 + 1) * sizeof *ids); /* (group, id) pairs */
    double *val = malloc((nloc * k + 1) * sizeof *val);
    int ok = ids && val;
    size_t o = 0;
    for (uint64_t g = 0; ok && g < r->n_groups; g++)
        for (size_t i = 0; r->front[g] && i < ms_pareto_finish(r->front[g]); i++, o++) {
            ids[2 * o] = g;
            ms_pareto_get(r->front[g], i, &ids[2 * o + 1], val + o * k);
        }
    int cnt = ok && nloc <= (uint64_t)(0x7fffffff / (k + 2)) ? (int)nloc : -1, bad = cnt < 0;
    MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (bad) {
        free(ids), free(val);
        return -1;
    }
    int *counts = NULL, *di = NULL, *dv = NULL, *ci = NULL, *cv = NULL;
    uint64_t *all_ids = NULL;
    double *all_val = NULL;
    long long total = 0;
    if (rank == 0) {
        counts = malloc((size_t)size * sizeof *counts);
        di = malloc((size_t)size * sizeof *di), dv = malloc((size_t)size * sizeof *dv);
        ci = malloc((size_t)size * sizeof *ci), cv = malloc((size_t)size * sizeof *cv);
    }
    MPI_Gather(&cnt, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        for (int i = 0; i < size; i++) total += counts[i];
        long long ti = 0;
        for (int i = 0; i < size; i++) {
            ci[i] = 2 * counts[i], cv[i] = (int)k * counts[i];
            di[i] = (int)(2 * ti), dv[i] = (int)((long long)k * ti);
            ti += counts[i];
        }
        all_ids = malloc((size_t)(2 * total + 1) * sizeof *all_ids);
        all_val = malloc((size_t)((long long)k * total + 1) * sizeof *all_val);
    }
    MPI_Gatherv(ids, 2 * cnt, MPI_UINT64_T, all_ids, ci, di, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    MPI_Gatherv(val, (int)k * cnt, MPI_DOUBLE, all_val, cv, dv, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    int rc = 0;
    if (rank == 0) {
        /* rebuild the per-group objects from everything gathered (including rank 0's own) */
        for (uint64_t g = 0; g < r->n_groups; g++) {
            ms_pareto_free(r->front[g]);
            r->front[g] = NULL;
        }
        for (long long i = 0; i < total && !rc; i++) {
            ms_pareto *p = front_for(r, all_ids[2 * i]);
            rc = !p || ms_pareto_add(p, all_ids[2 * i + 1], all_val + i * (long long)k);
        }
    }
    free(ids), free(val), free(counts), free(di), free(dv), free(ci), free(cv), free(all_ids);
    free(all_val);
    return rc ? -1 : 0;
}

/* ---- output -------------------------------------------------------------------------------- */
typedef struct outrow {
    uint64_t group, id;
} outrow;

static void csv_field(FILE *o, const char *s) {
    if (strpbrk(s, ",\"\n")) {
        fputc('"', o);
        for (const char *c = s; *c; c++) {
            if (*c == '"') fputc('"', o);
            fputc(*c, o);
        }
        fputc('"', o);
    } else
        fputs(s, o);
}

static void num_text(double v, int digits, char *buf, size_t len) {
    if (isnan(v))
        snprintf(buf, len, "nan");
    else if (isinf(v))
        snprintf(buf, len, v > 0 ? "inf" : "-inf");
    else
        snprintf(buf, len, "%.*g", digits, v);
}

static void json_str(FILE *o, const char *s) {
    fputc('"', o);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(o, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(o, "\\u%04x", *c);
        else
            fputc(*c, o);
    }
    fputc('"', o);
}

static int write_output(const run *r, FILE *o, const char *fmt, const outrow *rows, size_t n,
                        const char *where, const ms_scan_stats *st) {
    const ms_rfile *f = r->f;
    const size_t nm = f->n_metrics;
    double *val = malloc((n * nm + 1) * sizeof *val);
    uint64_t *ids = malloc((n + 1) * sizeof *ids);
    uint8_t *status = calloc(n + 1, 1), *bneck = calloc(n + 1, 1);
    if (!val || !ids || !status || !bneck) {
        free(val), free(ids), free(status), free(bneck);
        return MS_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < n; i++) ids[i] = rows[i].id;
    int rc = 0;
    double *col = malloc((n + 1) * sizeof *col);
    for (size_t m = 0; m < nm && !rc; m++) {
        rc = !col || ms_rfile_read_metric_at(f, (int)m, n, ids, col);
        for (size_t i = 0; !rc && i < n; i++) val[i * nm + m] = col[i];
    }
    free(col);
    if (!rc && f->has_status) rc = ms_rfile_read_u8_at(f, "status", n, ids, status);
    if (!rc && f->has_bottleneck) rc = ms_rfile_read_u8_at(f, "bottleneck", n, ids, bneck);
    if (rc) {
        fprintf(stderr, "mlsweep pareto: '%s': cannot read the frontier points\n", f->path);
        free(val), free(ids), free(status), free(bneck);
        return MS_EXIT_RUNTIME;
    }
    char t[128];
    size_t coord[MS_RF_MAX_AXES];
    if (!strcmp(fmt, "csv")) {
        for (int a = 0; a < f->rank; a++) fprintf(o, "%s%s", a ? "," : "", f->axes[a].name);
        fprintf(o, ",status,bottleneck");
        for (size_t m = 0; m < nm; m++) fprintf(o, ",%s", f->metrics[m].name);
        fputc('\n', o);
        for (size_t i = 0; i < n; i++) {
            ms_rfile_coord(f, ids[i], coord);
            for (int a = 0; a < f->rank; a++) {
                if (a) fputc(',', o);
                csv_field(o, ms_rfile_axis_text(f, a, coord[a], t, sizeof t));
            }
            fprintf(o, ",%s,%s", ms_status_name(status[i]), ms_bottleneck_name(bneck[i]));
            for (size_t m = 0; m < nm; m++) {
                num_text(val[i * nm + m], f->metrics[m].digits, t, sizeof t);
                fprintf(o, ",%s", isnan(val[i * nm + m]) ? "" : t);
            }
            fputc('\n', o);
        }
    } else if (!strcmp(fmt, "json")) {
        fprintf(o, "{\n  \"file\": ");
        json_str(o, f->path);
        fprintf(o, ",\n  \"objectives\": [");
        for (int j = 0; j < r->k; j++) {
            const ms_rf_metric *m = &f->metrics[r->obj[j].metric];
            fprintf(o, "%s{\"metric\": ", j ? ", " : "");
            json_str(o, m->name);
            fprintf(o, ", \"sense\": \"%s\", \"units\": ", r->obj[j].maximize ? "max" : "min");
            json_str(o, m->units);
            fputc('}', o);
        }
        fprintf(o, "],\n  \"where\": ");
        if (where)
            json_str(o, where);
        else
            fprintf(o, "null");
        fprintf(o, ",\n  \"group_by\": [");
        for (int g = 0; g < r->n_group; g++) {
            if (g) fprintf(o, ", ");
            json_str(o, f->axes[r->group_axis[g]].name);
        }
        fprintf(o, "],\n  \"points_read\": %llu,\n  \"points_passed\": %llu,\n  \"units\": {",
                (unsigned long long)st->points, (unsigned long long)st->passed);
        for (size_t m = 0; m < nm; m++) {
            fprintf(o, "%s", m ? ", " : "");
            json_str(o, f->metrics[m].name);
            fprintf(o, ": ");
            json_str(o, f->metrics[m].units);
        }
        fprintf(o, "},\n  \"frontier\": [");
        for (size_t i = 0; i < n; i++) {
            ms_rfile_coord(f, ids[i], coord);
            fprintf(o, "%s\n    {\"index\": %llu", i ? "," : "", (unsigned long long)ids[i]);
            for (int a = 0; a < f->rank; a++) {
                fprintf(o, ", ");
                json_str(o, f->axes[a].name);
                fprintf(o, ": ");
                ms_rfile_axis_text(f, a, coord[a], t, sizeof t);
                if (f->axes[a].str)
                    json_str(o, t);
                else
                    fputs(t, o);
            }
            fprintf(o, ", \"status\": \"%s\", \"bottleneck\": \"%s\"", ms_status_name(status[i]),
                    ms_bottleneck_name(bneck[i]));
            for (size_t m = 0; m < nm; m++) {
                double v = val[i * nm + m];
                fprintf(o, ", ");
                json_str(o, f->metrics[m].name);
                if (isfinite(v))
                    fprintf(o, ": %.*g", f->metrics[m].digits, v);
                else
                    fprintf(o, ": null");
            }
            fputc('}', o);
        }
        fprintf(o, "%s]\n}\n", n ? "\n  " : "");
    } else {
        /* table: the axes that vary, then the objectives with their units; columns as wide
         * as the longest value of their axis */
        int show[MS_RF_MAX_AXES], wid[MS_RF_MAX_AXES], ns = 0, owid[MS_PARETO_MAX_OBJ];
        for (int a = 0; a < f->rank; a++) {
            if (f->axes[a].n <= 1) continue;
            int w = (int)strlen(f->axes[a].name);
            for (size_t v = 0; v < f->axes[a].n; v++) {
                int l = (int)strlen(ms_rfile_axis_text(f, a, v, t, sizeof t));
                w = l > w ? l : w;
            }
            wid[ns] = w, show[ns++] = a;
        }
        for (int j = 0; j < r->k; j++) {
            const ms_rf_metric *m = &f->metrics[r->obj[j].metric];
            owid[j] = (int)(strlen(m->name) + strlen(m->units) + 3);
            if (owid[j] < 12) owid[j] = 12;
        }
        uint64_t cur = (uint64_t)-1;
        for (size_t i = 0; i < n; i++) {
            ms_rfile_coord(f, ids[i], coord);
            if (i == 0 || rows[i].group != cur) {
                cur = rows[i].group;
                if (r->n_group) {
                    fprintf(o, "%s#", i ? "\n" : "");
                    for (int g = 0; g < r->n_group; g++)
                        fprintf(o, " %s=%s", f->axes[r->group_axis[g]].name,
                                ms_rfile_axis_text(f, r->group_axis[g], coord[r->group_axis[g]], t,
                                                   sizeof t));
                    fputc('\n', o);
                }
                for (int c = 0; c < ns; c++) fprintf(o, "%-*s  ", wid[c], f->axes[show[c]].name);
                for (int j = 0; j < r->k; j++) {
                    const ms_rf_metric *m = &f->metrics[r->obj[j].metric];
                    char h[160];
                    snprintf(h, sizeof h, "%s [%s]", m->name, m->units);
                    fprintf(o, "%*s%s", owid[j], h, j + 1 < r->k ? "  " : "\n");
                }
            }
            for (int c = 0; c < ns; c++)
                fprintf(o, "%-*s  ", wid[c],
                        ms_rfile_axis_text(f, show[c], coord[show[c]], t, sizeof t));
            for (int j = 0; j < r->k; j++) {
                num_text(val[i * nm + (size_t)r->obj[j].metric], 6, t, sizeof t);
                fprintf(o, "%*s%s", owid[j], t, j + 1 < r->k ? "  " : "\n");
            }
        }
    }
    free(val), free(ids), free(status), free(bneck);
    return 0;
}

static const char *ext_format(const char *out) {
    const char *dot = out ? strrchr(out, '.') : NULL;
    if (dot && !strcmp(dot, ".csv")) return "csv";
    if (dot && !strcmp(dot, ".json")) return "json";
    return "table";
}

static int pareto(const ms_opts *o, ms_rfile *f, int rank, int size) {
    char err[512], hint[128];
    run r = {0};
    r.f = f;
    r.unique = ms_opts_flag(o, "unique");
    /* objectives, in the order given on the command line */
    size_t kmin = 0, kmax = 0, smin = 0, smax = 0;
    for (size_t s = 0; s < NSPECS; s++) {
        if (!strcmp(specs[s].name, "min")) smin = s;
        if (!strcmp(specs[s].name, "max")) smax = s;
    }
    for (size_t i = 0; i < o->n_order; i++) {
        size_t s = (size_t)o->order[i];
        if (s != smin && s != smax) continue;
        const char *name = s == smin ? o->rep[smin][kmin++] : o->rep[smax][kmax++];
        if (r.k == MS_PARETO_MAX_OBJ) {
            if (rank == 0)
                fprintf(stderr, "mlsweep pareto: at most %d objectives\n", MS_PARETO_MAX_OBJ);
            return MS_EXIT_INPUT;
        }
        int m = ms_rfile_metric(f, name);
        if (m < 0) {
            if (rank == 0)
                fprintf(stderr, "mlsweep pareto: --%s: '%s' is not a metric of '%s'%s\n",
                        s == smin ? "min" : "max", name, f->path,
                        ms_rfile_hint(f, name, 0, 1, hint, sizeof hint));
            return MS_EXIT_INPUT;
        }
        for (int j = 0; j < r.k; j++)
            if (r.obj[j].metric == m) {
                if (rank == 0)
                    fprintf(stderr, "mlsweep pareto: objective '%s' given twice\n", name);
                return MS_EXIT_INPUT;
            }
        r.obj[r.k].metric = m;
        r.obj[r.k++].maximize = s == smax;
    }
    if (r.k < 2) {
        if (rank == 0)
            fprintf(stderr,
                    "mlsweep pareto: a frontier needs two or more objectives (--min M / --max M); "
                    "for one, use 'mlsweep table --reduce min'\n");
        return MS_EXIT_INPUT;
    }
    /* groups */
    const char *const *gb = NULL;
    size_t ngb = 0;
    for (size_t s = 0; s < NSPECS; s++)
        if (!strcmp(specs[s].name, "group-by")) gb = o->rep[s], ngb = o->n_rep[s];
    r.n_groups = 1;
    for (size_t i = 0; i < ngb; i++) {
        int a = ms_rfile_axis(f, gb[i]);
        if (a < 0) {
            if (rank == 0)
                fprintf(stderr, "mlsweep pareto: --group-by: '%s' is not an axis of '%s'%s\n",
                        gb[i], f->path, ms_rfile_hint(f, gb[i], 1, 0, hint, sizeof hint));
            return MS_EXIT_INPUT;
        }
        r.group_axis[r.n_group++] = a;
        r.n_groups *= f->axes[a].n;
        if (r.n_groups > (1u << 20)) {
            if (rank == 0) fprintf(stderr, "mlsweep pareto: --group-by: more than 2^20 groups\n");
            return MS_EXIT_INPUT;
        }
    }
    const char *fmt = ms_opts_get(o, "format");
    const char *out = ms_opts_get(o, "output");
    if (!fmt) fmt = ext_format(out);
    if (strcmp(fmt, "csv") && strcmp(fmt, "json") && strcmp(fmt, "table")) {
        if (rank == 0)
            fprintf(stderr, "mlsweep pareto: unknown format '%s' (table, csv, json)\n", fmt);
        return MS_EXIT_INPUT;
    }
    /* filter */
    ms_scan_schema sc;
    if (ms_scan_schema_init(&sc, f)) return MS_EXIT_RUNTIME;
    ms_where *w = NULL;
    const char *where = ms_opts_get(o, "where");
    if (where && ms_where_compile(where, &sc.s, &w, err, sizeof err)) {
        if (rank == 0) fprintf(stderr, "mlsweep pareto: --where: %s\n", err);
        ms_scan_schema_free(&sc);
        return MS_EXIT_INPUT;
    }
    unsigned char *need = calloc(f->n_metrics + 1, 1);
    r.front = calloc(r.n_groups, sizeof *r.front);
    int rc = need && r.front ? 0 : MS_EXIT_RUNTIME;
    for (int j = 0; need && j < r.k; j++) need[r.obj[j].metric] = 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ms_scan_stats st = {0};
    err[0] = 0;
    if (!rc)
        rc =
            ms_scan(f, w, need, (uint64_t)rank, (uint64_t)size, on_point, &r, &st, err, sizeof err);
    int bad = rc != 0;
    if (size > 1) {
        MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        unsigned long long s2[2] = {st.points, st.passed};
        MPI_Allreduce(MPI_IN_PLACE, s2, 2, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
        st.points = s2[0], st.passed = s2[1];
        if (!bad && gather_fronts(&r, rank, size)) {
            snprintf(err, sizeof err, "out of memory gathering the frontiers");
            rc = MS_EXIT_RUNTIME;
        }
    }
    if (rc && err[0]) fprintf(stderr, "mlsweep pareto: %s\n", err);
    if (bad && !rc) rc = MS_EXIT_RUNTIME; /* another rank failed and said why */
    /* rank 0 writes: groups in axis order, each frontier sorted by the objectives */
    size_t total = 0, groups = 0;
    for (uint64_t g = 0; !rc && g < r.n_groups; g++)
        if (r.front[g]) total += ms_pareto_finish(r.front[g]);
    outrow *rows = !rc && rank == 0 ? malloc((total + 1) * sizeof *rows) : NULL;
    if (!rc && rank == 0 && !rows) rc = MS_EXIT_RUNTIME;
    if (!rc && rank == 0) {
        size_t n = 0;
        for (uint64_t g = 0; g < r.n_groups; g++) {
            if (!r.front[g]) continue;
            size_t m = ms_pareto_finish(r.front[g]);
            groups += m > 0;
            for (size_t i = 0; i < m; i++) {
                rows[n].group = g;
                ms_pareto_get(r.front[g], i, &rows[n++].id, NULL);
            }
        }
        FILE *of = out ? fopen(out, "w") : stdout;
        if (!of) {
            fprintf(stderr, "mlsweep pareto: cannot write '%s'\n", out);
            rc = MS_EXIT_RUNTIME;
        } else {
            rc = write_output(&r, of, fmt, rows, n, where, &st);
            if (out && fclose(of) && !rc) {
                fprintf(stderr, "mlsweep pareto: error writing '%s'\n", out);
                rc = MS_EXIT_RUNTIME;
            }
        }
    }
    if (!rc && rank == 0) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double dt = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        fprintf(stderr,
                "mlsweep pareto: %llu points read, %llu passed the filter, %zu on the frontier "
                "(%zu group%s), %d rank%s, %.3f s\n",
                (unsigned long long)st.points, (unsigned long long)st.passed, total, groups,
                groups == 1 ? "" : "s", size, size == 1 ? "" : "s", dt);
        if (!f->complete)
            fprintf(stderr, "mlsweep pareto: note: partial file; unfinished points were skipped\n");
    }
    free(rows);
    for (uint64_t g = 0; r.front && g < r.n_groups; g++) ms_pareto_free(r.front[g]);
    free(r.front);
    free(need);
    ms_where_free(w);
    ms_scan_schema_free(&sc);
    return rc;
}

int ms_pareto_main(int argc, char **argv) {
    ms_opts o;
    char err[512];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep pareto: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(
            specs, NSPECS,
            "mlsweep pareto FILE --min M --min M [--max M ...] [--where EXPR] [--group-by AXIS] "
            "[--format table|csv|json] [-o OUT]",
            "The exact Pareto frontier (non-dominated points) of a result file: each point with\n"
            "every axis coordinate and metric. Ties are kept (--unique keeps one); points with\n"
            "a NaN objective are never on it. Under mpirun/srun the ranks split the file.\n"
            "Exit codes: 0 ok, 1 bad input or incomplete file, 2 I/O failure.");
        return MS_EXIT_OK;
    }
    if (o.n_pos != 1) {
        fprintf(stderr, "mlsweep pareto: %s (usage: mlsweep pareto FILE --min M --min M ...)\n",
                o.n_pos ? "one result file expected" : "missing the result FILE");
        return MS_EXIT_INPUT;
    }
    int mpi = 0, rank = 0, size = 1, inited = 0;
    if (launched_by_mpi()) {
        MPI_Initialized(&inited);
        if (!inited) MPI_Init(NULL, NULL);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        mpi = 1;
    }
    ms_rfile f;
    int rc = ms_rfile_open(&f, o.pos[0], err, sizeof err);
    if (rc) {
        if (rank == 0) fprintf(stderr, "mlsweep pareto: %s\n", err);
    } else if (!f.complete && !ms_opts_flag(&o, "partial")) {
        if (rank == 0)
            fprintf(stderr,
                    "mlsweep pareto: '%s' is not complete (its sweep is running, was stopped or "
                    "crashed); use --partial to read the points done so far\n",
                    o.pos[0]);
        rc = MS_EXIT_INPUT;
    } else {
        rc = pareto(&o, &f, rank, size);
    }
    ms_rfile_close(&f);
    if (mpi) {
        /* every rank returns the worst code, so the launcher's status is meaningful */
        MPI_Allreduce(MPI_IN_PLACE, &rc, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (!inited) MPI_Finalize();
    }
    return rc;
}
