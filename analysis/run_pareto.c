/* run_pareto.c - the streaming frontier of `mlsweep run` (see run_pareto.h). */
#include "run_pareto.h"

#include "exitcodes.h"
#include "pareto_stream.h"
#include "rfile.h"
#include "scan.h"

#include <hdf5.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(MS_PARETO_MAX_OBJ == sizeof(((ms_plan *)0)->pareto_metric) / sizeof(int),
               "plan.h sizes pareto_metric[] by MS_PARETO_MAX_OBJ");

struct ms_run_pareto {
    ms_pareto *p;
};

int ms_run_pareto_parse(ms_plan *pl, const ms_ynode *node, char *msg, size_t len, int *line) {
    *line = node->line;
    if (node->type != MS_Y_SEQ || node->n < 2) {
        snprintf(msg, len,
                 "output: pareto must list two or more objectives, e.g. "
                 "[{min: cost_usd}, {min: carbon_kgco2e}]");
        return -1;
    }
    if (node->n > MS_PARETO_MAX_OBJ) {
        snprintf(msg, len, "output: pareto takes at most %d objectives", MS_PARETO_MAX_OBJ);
        return -1;
    }
    for (size_t i = 0; i < node->n; i++) {
        const ms_ynode *o = node->items[i];
        *line = o->line;
        if (o->type != MS_Y_MAP || o->n != 1 ||
            (strcmp(o->keys[0], "min") && strcmp(o->keys[0], "max")) ||
            o->items[0]->type != MS_Y_SCALAR) {
            snprintf(msg, len, "output: each pareto objective is {min: METRIC} or {max: METRIC}");
            return -1;
        }
        const char *name = o->items[0]->value;
        int m = -1;
        for (size_t j = 0; j < pl->n_metrics; j++)
            if (!strcmp(pl->metrics[j]->name, name)) m = (int)j;
        if (m < 0) {
            snprintf(msg, len, "output: pareto objective '%s' is not a stored metric%s", name,
                     ms_metric_find(name) ? " (add it to output.metrics)" : "");
            return -1;
        }
        for (int j = 0; j < pl->pareto_k; j++)
            if (pl->pareto_metric[j] == m) {
                snprintf(msg, len, "output: pareto objective '%s' given twice", name);
                return -1;
            }
        pl->pareto_metric[pl->pareto_k] = m;
        pl->pareto_max[pl->pareto_k++] = !strcmp(o->keys[0], "max");
    }
    return 0;
}

ms_run_pareto *ms_run_pareto_new(const ms_plan *pl, int *oom) {
    *oom = 0;
    if (pl->pareto_k < 2) return NULL;
    ms_run_pareto *rp = calloc(1, sizeof *rp);
    if (rp) rp->p = ms_pareto_new(pl->pareto_k, pl->pareto_max);
    if (!rp || !rp->p) {
        free(rp);
        *oom = 1;
        return NULL;
    }
    return rp;
}

void ms_run_pareto_free(ms_run_pareto *rp) {
    if (!rp) return;
    ms_pareto_free(rp->p);
    free(rp);
}

int ms_run_pareto_chunk(ms_run_pareto *rp, const ms_plan *pl, uint64_t k, void *const *metric,
                        const uint8_t *status) {
    if (!rp) return 0;
    uint64_t st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES], c[MS_PLAN_MAX_AXES];
    uint64_t n = ms_plan_chunk_box(pl, k, st, ct);
    const size_t na = pl->n_axes;
    for (size_t a = 0; a < na; a++) c[a] = st[a];
    double x[MS_PARETO_MAX_OBJ];
    for (uint64_t j = 0; j < n; j++) {
        if (status[j] == 0) {
            uint64_t id = 0;
            for (size_t a = 0; a < na; a++) id = id * pl->axes[a].n + c[a];
            for (int o = 0; o < pl->pareto_k; o++) {
                const void *b = metric[pl->pareto_metric[o]];
                x[o] = pl->float64 ? ((const double *)b)[j] : (double)((const float *)b)[j];
            }
            if (ms_pareto_add(rp->p, id, x)) return -1;
        }
        for (size_t a = na; a-- > 0;) { /* next point of the box, C order */
            if (++c[a] < st[a] + ct[a]) break;
            c[a] = st[a];
        }
    }
    return 0;
}

/* Resumed runs: the frontier of the whole file, read back (the objectives are stored). */
typedef struct rescan {
    ms_pareto *p;
    int m[MS_PARETO_MAX_OBJ], k;
} rescan;

static int rescan_point(void *ctx, uint64_t id, const size_t *coord, const double *metric,
                        int status, int bottleneck) {
    (void)coord, (void)bottleneck;
    rescan *r = ctx;
    if (status != 0) return 0;
    double x[MS_PARETO_MAX_OBJ];
    for (int o = 0; o < r->k; o++) x[o] = metric[r->m[o]];
    return ms_pareto_add(r->p, id, x);
}

static int from_file(ms_pareto *p, const ms_plan *pl, const char *path, char *err, size_t errlen) {
    ms_rfile f;
    int rc = ms_rfile_open(&f, path, err, errlen);
    rescan r = {p, {0}, pl->pareto_k};
    unsigned char *need = rc ? NULL : calloc(f.n_metrics + 1, 1);
    if (!rc && !need) rc = MS_EXIT_RUNTIME;
    for (int o = 0; !rc && o < pl->pareto_k; o++) {
        r.m[o] = ms_rfile_metric(&f, pl->metrics[pl->pareto_metric[o]]->name);
        if (r.m[o] < 0) {
            snprintf(err, errlen, "%s: no metric %s to rebuild the frontier", path,
                     pl->metrics[pl->pareto_metric[o]]->name);
            rc = MS_EXIT_RUNTIME;
        } else
            need[r.m[o]] = 1;
    }
    if (!rc) rc = ms_scan(&f, NULL, need, 0, 1, rescan_point, &r, NULL, err, errlen);
    free(need);
    ms_rfile_close(&f);
    return rc;
}

static int write_group(ms_pareto *p, const ms_plan *pl, const char *path, long long offered,
                       char *err, size_t errlen) {
    size_t n = ms_pareto_finish(p);
    const size_t k = (size_t)pl->pareto_k;
    uint64_t *ids = malloc((n + 1) * sizeof *ids);
    double *v = malloc((n * k + 1) * sizeof *v);
    if (!ids || !v || n == (size_t)-1) {
        free(ids), free(v);
        snprintf(err, errlen, "out of memory writing the frontier");
        return MS_EXIT_RUNTIME;
    }
    for (size_t i = 0; i < n; i++) ms_pareto_get(p, i, &ids[i], v + i * k);
    char spec[1024] = "";
    size_t o = 0;
    for (size_t j = 0; j < k && o < sizeof spec; j++) {
        int w =
            snprintf(spec + o, sizeof spec - o, "%s%s:%s", j ? "," : "",
                     pl->pareto_max[j] ? "max" : "min", pl->metrics[pl->pareto_metric[j]]->name);
        if (w > 0) o += (size_t)w;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    int bad = f < 0;
    if (!bad && H5Lexists(f, "pareto", H5P_DEFAULT) > 0)
        bad = H5Ldelete(f, "pareto", H5P_DEFAULT) < 0;
    hid_t g = bad ? -1 : H5Gcreate2(f, "pareto", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    bad |= g < 0;
    if (!bad) {
        hsize_t d1 = n, d2[2] = {n, k};
        hid_t s1 = H5Screate_simple(1, &d1, NULL), s2 = H5Screate_simple(2, d2, NULL);
        hid_t di = H5Dcreate2(g, "index", H5T_STD_U64LE, s1, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        hid_t dv =
            H5Dcreate2(g, "values", H5T_IEEE_F64LE, s2, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        bad |= di < 0 || dv < 0;
        if (!bad && n) {
            bad |= H5Dwrite(di, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, ids) < 0;
            bad |= H5Dwrite(dv, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0;
        }
        hid_t st = H5Tcopy(H5T_C_S1), as = H5Screate(H5S_SCALAR);
        H5Tset_size(st, H5T_VARIABLE);
        H5Tset_cset(st, H5T_CSET_UTF8);
        const char *texts[3][2] = {{"objectives", spec},
                                   {"filter", "status==ok"},
                                   {"long_name", "Pareto frontier computed during the sweep"}};
        for (int i = 0; i < 3 && !bad; i++) {
            hid_t a = H5Acreate2(g, texts[i][0], st, as, H5P_DEFAULT, H5P_DEFAULT);
            bad |= a < 0 || H5Awrite(a, st, &texts[i][1]) < 0;
            if (a >= 0) H5Aclose(a);
        }
        hid_t a =
            bad ? -1 : H5Acreate2(g, "points_offered", H5T_STD_I64LE, as, H5P_DEFAULT, H5P_DEFAULT);
        bad |= a < 0 || H5Awrite(a, H5T_NATIVE_LLONG, &offered) < 0;
        if (a >= 0) H5Aclose(a);
        H5Tclose(st), H5Sclose(as);
        if (di >= 0) H5Dclose(di);
        if (dv >= 0) H5Dclose(dv);
        H5Sclose(s1), H5Sclose(s2);
    }
    if (g >= 0) H5Gclose(g);
    if (f >= 0) bad |= H5Fclose(f) < 0;
    free(ids), free(v);
    if (bad) {
        snprintf(err, errlen, "cannot write /pareto into %s", path);
        return MS_EXIT_RUNTIME;
    }
    return 0;
}

int ms_run_pareto_write(ms_run_pareto *rp, const ms_plan *pl, const char *path, int resumed,
                        char *err, size_t errlen) {
    int rank, size, rc = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int k = pl->pareto_k;
    /* every rank's frontier to rank 0 (ids and values), where they are merged */
    size_t n = rp ? ms_pareto_finish(rp->p) : 0;
    int cnt = n == (size_t)-1 || n > (size_t)(0x7fffffff / (k + 1)) ? -1 : (int)n, bad = cnt < 0;
    MPI_Allreduce(MPI_IN_PLACE, &bad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (bad) {
        snprintf(err, errlen, "out of memory merging the frontier");
        return MS_EXIT_RUNTIME;
    }
    uint64_t *ids = malloc(((size_t)cnt + 1) * sizeof *ids);
    double *v = malloc(((size_t)cnt * (size_t)k + 1) * sizeof *v);
    for (int i = 0; ids && v && i < cnt; i++)
        ms_pareto_get(rp->p, (size_t)i, &ids[i], v + (size_t)i * (size_t)k);
    int *counts = NULL, *di = NULL, *dv = NULL, *cv = NULL;
    uint64_t *all_ids = NULL;
    double *all_v = NULL;
    long long total = 0;
    if (rank == 0) {
        counts = malloc((size_t)size * sizeof *counts), di = malloc((size_t)size * sizeof *di);
        dv = malloc((size_t)size * sizeof *dv), cv = malloc((size_t)size * sizeof *cv);
    }
    long long offered = rp ? (long long)ms_pareto_offered(rp->p) : 0, offered_all = 0;
    MPI_Reduce(&offered, &offered_all, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
    MPI_Gather(&cnt, 1, MPI_INT, counts, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        for (int i = 0; i < size; i++) {
            di[i] = (int)total, dv[i] = (int)(total * k), cv[i] = counts[i] * k;
            total += counts[i];
        }
        all_ids = malloc((size_t)(total + 1) * sizeof *all_ids);
        all_v = malloc((size_t)(total * k + 1) * sizeof *all_v);
    }
    MPI_Gatherv(ids, cnt, MPI_UINT64_T, all_ids, counts, di, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    MPI_Gatherv(v, cnt * k, MPI_DOUBLE, all_v, cv, dv, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        ms_pareto *p = ms_pareto_new(k, pl->pareto_max);
        if (!p || !all_ids || !all_v) rc = MS_EXIT_RUNTIME;
        if (!rc && resumed) { /* earlier chunks were not fed: the frontier of the whole file */
            rc = from_file(p, pl, path, err, errlen);
            offered_all = (long long)ms_pareto_offered(p);
        } else {
            for (long long i = 0; !rc && i < total; i++)
                rc = ms_pareto_add(p, all_ids[i], all_v + i * k) ? MS_EXIT_RUNTIME : 0;
        }
        if (!rc)
            rc = write_group(p, pl, path, offered_all, err, errlen);
        else if (!err[0])
            snprintf(err, errlen, "out of memory merging the frontier");
        ms_pareto_free(p);
    }
    free(ids), free(v), free(counts), free(di), free(dv), free(cv), free(all_ids), free(all_v);
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return rc;
}
