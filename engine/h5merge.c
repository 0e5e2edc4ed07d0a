/* h5merge.c - merge shard files into one result file (see h5merge.h, docs/slurm.md).
 *
 * Shard 0 is the template: every group, dataset and attribute of it is recreated in the output,
 * with the grid tensors (any dataset shaped like the shard's grid: every /metrics dataset, /status,
 * /bottleneck) and the outermost axis grown to the whole job and filled from all shards, the
 * other axes copied (after checking that every shard has the same values; their root copies
 * /<axis> alike), /progress/done rebuilt for the full grid's chunks, and the dimension scales
 * re-attached, all of them in the order attached. */
#include "h5merge.h"
#include "chunkgrid.h"
#include "exitcodes.h"
#include "h5read.h"
#include "plan.h"
#include "resinfo.h"
#include "shard.h"
#include "watchdog.h"
#include "units.h"
#include "ydoc.h"

#include "mlsweep.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The chunk target a single run of this job uses (engine/job.c, ms_plan_chunking): the job
 * text's output.chunk_points (every shard carries the text), else MS_PLAN_CHUNK_POINTS. The shards'
 * own chunk shapes cannot tell it when each shard fits into one chunk along the outermost axis. */
static uint64_t job_chunk_points(const char *job_text) {
    uint64_t target = MS_PLAN_CHUNK_POINTS;
    ms_ydoc doc;
    char err[256];
    if (!job_text) return target;
    if (ms_ydoc_load_string(job_text, strlen(job_text), "job_text", &doc, err, sizeof err)) {
        ms_ydoc_free(&doc);
        return target;
    }
    const ms_ynode *out = doc.root ? ms_ynode_get(doc.root, "output") : NULL;
    const ms_ynode *cp = out ? ms_ynode_get(out, "chunk_points") : NULL;
    double d;
    if (cp && cp->type == MS_Y_SCALAR && ms_units_number(cp->value, &d) == 0 && d >= 1 && d < 1e15)
        target = (uint64_t)d;
    ms_ydoc_free(&doc);
    return target;
}

typedef struct shard {
    const char *path;
    ms_resinfo ri;
} shard;

typedef struct merge {
    shard *s;
    size_t n;
    hid_t f0, out;
    uint64_t total; /* values of the outermost axis over all shards */
    ms_chunkgrid g; /* the output's grid and chunking */
    char axis0[256];
    char *err;
    size_t errlen;
    int code;
    ms_merge_stats stats;
} merge;

/* The first failure's message and exit code are kept; later ones are dropped. */
__attribute__((format(printf, 3, 4))) static int fail(merge *m, int code, const char *fmt, ...) {
    if (!m->code) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->err, m->errlen, fmt, ap);
        va_end(ap);
        m->code = code;
    }
    return -1;
}

/* ---- checks: the files are the shards of one job, all there, all complete ------------------- */

static int same_str(const char *a, const char *b) {
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static int cmp_shard(const void *a, const void *b) {
    const shard *x = a, *y = b;
    return (x->ri.shard > y->ri.shard) - (x->ri.shard < y->ri.shard);
}

static int check_one(merge *m, const shard *s) {
    const ms_resinfo *r = &s->ri, *r0 = &m->s[0].ri;
    if (!r->is_shard)
        return fail(m, MS_EXIT_INPUT, "%s is not a shard file (no 'shard' attribute)%s", s->path,
                    "");
    if (r->complete != 1) {
        char more[160];
        snprintf(more, sizeof more, " (shard %lld of %lld, %llu/%llu chunks done): resume it first",
                 (long long)r->shard, (long long)r->shards, (unsigned long long)r->chunks_done,
                 (unsigned long long)r->grid.n_chunks);
        return fail(m, MS_EXIT_INPUT, "%s is not complete%s", s->path, more);
    }
    if (r->shards != r0->shards)
        return fail(m, MS_EXIT_INPUT,
                    "%s belongs to a split into a different number of shards than %s", s->path,
                    m->s[0].path);
    if (!same_str(r->job_text, r0->job_text) || !same_str(r->axes, r0->axes) ||
        !same_str(r->mode, r0->mode) || !same_str(r->shard_axis, r0->shard_axis))
        return fail(m, MS_EXIT_INPUT,
                    "%s comes from a different job than %s (job_text or axes differ)", s->path,
                    m->s[0].path);
    if (!same_str(r->registry_checksums, r0->registry_checksums))
        return fail(m, MS_EXIT_INPUT,
                    "%s was computed with other registries than %s "
                    "(registry_checksums differ)",
                    s->path, m->s[0].path);
    if (!same_str(r->git_commit, r0->git_commit))
        return fail(m, MS_EXIT_INPUT,
                    "%s was computed by another build of mlsweep than %s (git %s and git %s): "
                    "the merged file would mix two builds' results",
                    s->path, m->s[0].path, r->git_commit ? r->git_commit : "?",
                    r0->git_commit ? r0->git_commit : "?");
    if (r->grid.rank != r0->grid.rank)
        return fail(m, MS_EXIT_INPUT, "%s has a grid of another rank than %s", s->path,
                    m->s[0].path);
    for (size_t i = 1; i < r->grid.rank; i++)
        if (r->grid.dims[i] != r0->grid.dims[i])
            return fail(m, MS_EXIT_INPUT, "%s has another grid shape than %s", s->path,
                        m->s[0].path);
    if (r->grid.dims[0] != (uint64_t)r->shard_count)
        return fail(m, MS_EXIT_INPUT, "%s: its grid does not match its shard_count attribute%s",
                    s->path, "");
    return 0;
}

static int check_all(merge *m) {
    for (size_t i = 0; i < m->n; i++)
        if (check_one(m, &m->s[i])) return -1;
    qsort(m->s, m->n, sizeof *m->s, cmp_shard);
    long shards = (long)m->s[0].ri.shards;
    char list[512] = "";
    size_t j = 0;
    for (long k = 0; k < shards; k++) {
        if (j < m->n && m->s[j].ri.shard == k) {
            j++;
            if (j < m->n && m->s[j].ri.shard == k)
                return fail(m, MS_EXIT_INPUT, "%s and %s hold the same shard", m->s[j - 1].path,
                            m->s[j].path);
            continue;
        }
        size_t len = strlen(list);
        if (len < sizeof list - 24)
            snprintf(list + len, sizeof list - len, "%s%ld", *list ? ", " : "", k);
    }
    if (*list) {
        char of[64];
        snprintf(of, sizeof of, "missing shards (of %ld): ", shards);
        return fail(m, MS_EXIT_INPUT, "%s%s", of, list);
    }
    if (j != m->n)
        return fail(m, MS_EXIT_INPUT, "%s: shard index out of range%s", m->s[j].path, "");
    m->total = 0;
    for (size_t i = 0; i < m->n; i++) m->total += (uint64_t)m->s[i].ri.shard_count;
    for (size_t i = 0; i < m->n; i++) {
        uint64_t st, ct;
        char e[256];
        if (ms_shard_range(m->total, (long)i, shards, &st, &ct, e, sizeof e) ||
            st != (uint64_t)m->s[i].ri.shard_start || ct != (uint64_t)m->s[i].ri.shard_count)
            return fail(m, MS_EXIT_INPUT,
                        "%s: its slice of the outermost axis is not the one of "
                        "its shard number%s",
                        m->s[i].path, "");
    }
    const char *axes = m->s[0].ri.axes ? m->s[0].ri.axes : "";
    size_t l0 = strcspn(axes, ",");
    if (l0 >= sizeof m->axis0 || strncmp(axes, m->s[0].ri.shard_axis, l0) ||
        strlen(m->s[0].ri.shard_axis) != l0)
        return fail(m, MS_EXIT_INPUT, "%s: shard_axis '%s' is not the outermost axis", m->s[0].path,
                    m->s[0].ri.shard_axis);
    memcpy(m->axis0, axes, l0);
    m->axis0[l0] = 0;
    uint64_t dims[MS_CG_MAX_AXES], chunk[MS_CG_MAX_AXES];
    memcpy(dims, m->s[0].ri.grid.dims, sizeof dims);
    dims[0] = m->total;
    ms_cg_default_chunk(m->s[0].ri.grid.rank, dims, job_chunk_points(m->s[0].ri.job_text), chunk);
    ms_cg_init(&m->g, m->s[0].ri.grid.rank, dims, chunk);
    return 0;
}

/* ---- attributes ------------------------------------------------------------------------------ */

typedef struct attr_ctx {
    hid_t dst;
    int root;  /* skip the shard attributes */
    int scale; /* skip what H5DSset_scale writes */
    int rc;
} attr_ctx;

static int skip_attr(const attr_ctx *c, const char *name) {
    static const char *const shard_attrs[] = {"shard", "shards", "shard_axis", "shard_start",
                                              "shard_count"};
    if (!strcmp(name, "DIMENSION_LIST") || !strcmp(name, "REFERENCE_LIST")) return 1;
    if (c->scale && (!strcmp(name, "CLASS") || !strcmp(name, "NAME"))) return 1;
    if (c->root)
        for (size_t i = 0; i < sizeof shard_attrs / sizeof *shard_attrs; i++)
            if (!strcmp(name, shard_attrs[i])) return 1;
    return 0;
}

static herr_t copy_attr(hid_t loc, const char *name, const H5A_info_t *info, void *op) {
    (void)info;
    attr_ctx *c = op;
    if (skip_attr(c, name)) return 0;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    hid_t ft = H5Aget_type(a), sp = H5Aget_space(a);
    if (H5Tdetect_class(ft, H5T_REFERENCE) > 0) { /* references point into the source file */
        H5Tclose(ft);
        H5Sclose(sp);
        H5Aclose(a);
        return 0;
    }
    hid_t mt = H5Tget_native_type(ft, H5T_DIR_ASCEND);
    hssize_t np = H5Sget_simple_extent_npoints(sp);
    size_t size = H5Tget_size(mt) * (size_t)(np > 0 ? np : 1);
    void *buf = calloc(1, size);
    int vlen = H5Tdetect_class(mt, H5T_VLEN) > 0 || H5Tis_variable_str(mt) > 0;
    hid_t b = -1;
    if (!buf || H5Aread(a, mt, buf) < 0 ||
        (b = H5Acreate2(c->dst, name, ft, sp, H5P_DEFAULT, H5P_DEFAULT)) < 0 ||
        H5Awrite(b, mt, buf) < 0)
        c->rc = -1;
    if (buf && vlen) H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf);
    free(buf);
    if (b >= 0) H5Aclose(b);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Sclose(sp);
    H5Aclose(a);
    return c->rc ? -1 : 0;
}

static int copy_attrs(hid_t src, hid_t dst, int root, int scale) {
    attr_ctx c = {dst, root, scale, 0};
    hsize_t idx = 0;
    if (H5Aiterate2(src, H5_INDEX_NAME, H5_ITER_INC, &idx, copy_attr, &c) < 0) return -1;
    return c.rc;
}

/* Overwrites (or adds) a numeric attribute; HDF5 converts to the stored type. */
static int set_num(hid_t obj, const char *name, hid_t mtype, const void *v) {
    hid_t a;
    if (H5Aexists(obj, name) > 0)
        a = H5Aopen(obj, name, H5P_DEFAULT);
    else {
        hid_t sp = H5Screate(H5S_SCALAR);
        a = H5Acreate2(obj, name, mtype == H5T_NATIVE_DOUBLE ? H5T_IEEE_F64LE : H5T_STD_I64LE, sp,
                       H5P_DEFAULT, H5P_DEFAULT);
        H5Sclose(sp);
    }
    int rc = a >= 0 && H5Awrite(a, mtype, v) >= 0 ? 0 : -1;
    if (a >= 0) H5Aclose(a);
    return rc;
}

/* Overwrites a string attribute keeping its kind (variable or fixed length, character set). */
static int set_str(hid_t obj, const char *name, const char *v) {
    if (H5Aexists(obj, name) <= 0) return 0; /* the template does not have it: neither do we */
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    int rc = -1;
    if (H5Tis_variable_str(t) > 0) {
        rc = H5Awrite(a, t, &v) >= 0 ? 0 : -1;
        H5Aclose(a);
    } else {
        hid_t nt = H5Tcopy(t);
        H5Tset_size(nt, strlen(v) + 1);
        H5Aclose(a);
        H5Adelete(obj, name);
        hid_t sp = H5Screate(H5S_SCALAR);
        hid_t b = H5Acreate2(obj, name, nt, sp, H5P_DEFAULT, H5P_DEFAULT);
        rc = b >= 0 && H5Awrite(b, nt, v) >= 0 ? 0 : -1;
        if (b >= 0) H5Aclose(b);
        H5Sclose(sp);
        H5Tclose(nt);
    }
    H5Tclose(t);
    return rc;
}

/* Root attributes that describe the run rather than the result (docs/slurm.md lists them). */
static int root_overrides(merge *m) {
    int64_t points = 0, feasible = 0, complete = 0;
    double seconds = 0;
    const char *t0 = NULL, *t1 = NULL;
    for (size_t i = 0; i < m->n; i++) {
        const ms_resinfo *r = &m->s[i].ri;
        points += r->points;
        feasible += r->points_feasible;
        if (r->points_per_s > 0) seconds += (double)r->points / r->points_per_s;
        if (r->start_time && (!t0 || strcmp(r->start_time, t0) < 0)) t0 = r->start_time;
        if (r->end_time && (!t1 || strcmp(r->end_time, t1) > 0)) t1 = r->end_time;
    }
    /* throughput over the time the shards computed, as if one after another */
    double pps = seconds > 0 ? (double)points / seconds : 0;
    int rc = set_num(m->out, "points", H5T_NATIVE_INT64, &points) |
             set_num(m->out, "points_feasible", H5T_NATIVE_INT64, &feasible) |
             set_num(m->out, "complete", H5T_NATIVE_INT64, &complete);
    if (H5Aexists(m->out, "points_per_s") > 0)
        rc |= set_num(m->out, "points_per_s", H5T_NATIVE_DOUBLE, &pps);
    if (t0) rc |= set_str(m->out, "start_time", t0);
    if (t1) rc |= set_str(m->out, "end_time", t1);
    return rc ? fail(m, MS_EXIT_RUNTIME, "%s: cannot write the root attributes%s", "output", "")
              : 0;
}

/* ---- objects --------------------------------------------------------------------------------- */

typedef enum { OBJ_GROUP, OBJ_TENSOR, OBJ_AXIS0, OBJ_AXIS, OBJ_DONE, OBJ_FEASIBLE } obj_kind;

typedef struct obj {
    char *path;
    obj_kind kind;
} obj;

typedef struct obj_list {
    obj *v;
    size_t n, cap;
    merge *m;
} obj_list;

/* 1 if path names an axis of the job (the root attribute 'axes'): the root copies /<axis> of
 * /axes/<axis> that netCDF-4 resolves as dimensions (docs/file-format.md). */
static int is_axis_name(const merge *m, const char *path) {
    const char *a = m->s[0].ri.axes ? m->s[0].ri.axes : "";
    size_t n = strlen(path);
    while (*a) {
        size_t l = strcspn(a, ",");
        if (l == n && !strncmp(a, path, n)) return 1;
        a += l + (a[l] == ',');
    }
    return 0;
}

static int classify(merge *m, const char *path, obj_kind *kind) {
    char axis0[300];
    snprintf(axis0, sizeof axis0, "axes/%s", m->axis0);
    if (!strcmp(path, "progress/done")) return *kind = OBJ_DONE, 0;
    if (!strcmp(path, "progress/feasible")) return *kind = OBJ_FEASIBLE, 0;
    if (!strcmp(path, axis0) || !strcmp(path, m->axis0)) return *kind = OBJ_AXIS0, 0;
    if (!strncmp(path, "axes/", 5)) return *kind = OBJ_AXIS, 0;
    if (!strchr(path, '/') && is_axis_name(m, path)) return *kind = OBJ_AXIS, 0;
    if (!strncmp(path, "pareto/", 7))
        return fail(m, MS_EXIT_INPUT,
                    "%s holds a streaming Pareto frontier (/pareto, output.pareto) that merge "
                    "cannot combine yet; run the shards without output.pareto and use "
                    "'mlsweep pareto' on the merged file%s",
                    m->s[0].path, "");
    hid_t d = H5Dopen2(m->f0, path, H5P_DEFAULT);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[MS_CG_MAX_AXES];
    int rank = H5Sget_simple_extent_ndims(sp);
    const ms_chunkgrid *g0 = &m->s[0].ri.grid;
    int grid = rank == (int)g0->rank && H5Sget_simple_extent_dims(sp, dims, NULL) == rank;
    for (int i = 0; grid && i < rank; i++) grid = dims[i] == g0->dims[i];
    H5Sclose(sp);
    H5Dclose(d);
    if (!grid)
        return fail(m, MS_EXIT_INPUT,
                    "%s: dataset /%s is neither an axis nor a grid tensor; "
                    "this version cannot merge it",
                    m->s[0].path, path);
    *kind = OBJ_TENSOR;
    return 0;
}

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info, void *op) {
    (void)info;
    obj_list *l = op;
    H5O_info_t oi;
    if (H5Oget_info_by_name2(g, name, &oi, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
    obj o = {NULL, OBJ_GROUP};
    if (oi.type == H5O_TYPE_DATASET) {
        if (classify(l->m, name, &o.kind)) return -1;
    } else if (oi.type != H5O_TYPE_GROUP) {
        fail(l->m, MS_EXIT_INPUT, "%s: /%s is a named datatype; this version cannot merge it",
             l->m->s[0].path, name);
        return -1;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 32;
        obj *v = realloc(l->v, cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    o.path = strdup(name);
    if (!o.path) return -1;
    l->v[l->n++] = o;
    return 0;
}

/* Creates dataset path in the output like shard 0's, with the output's shape and chunking. */
static int create_dataset(merge *m, const obj *o) {
    hid_t sd = H5Dopen2(m->f0, o->path, H5P_DEFAULT);
    hid_t ft = H5Dget_type(sd), sp = H5Dget_space(sd), dcpl = H5Dget_create_plist(sd);
    int rank = H5Sget_simple_extent_ndims(sp);
    hsize_t dims[MS_CG_MAX_AXES], maxd[MS_CG_MAX_AXES], chunk[MS_CG_MAX_AXES];
    H5Sget_simple_extent_dims(sp, dims, maxd);
    if (o->kind == OBJ_TENSOR || o->kind == OBJ_AXIS0) dims[0] = m->total;
    if (o->kind == OBJ_DONE || o->kind == OBJ_FEASIBLE) dims[0] = m->g.n_chunks;
    for (int i = 0; i < rank; i++)
        if (maxd[i] != H5S_UNLIMITED) maxd[i] = dims[i];
    H5D_layout_t lay = H5Pget_layout(dcpl);
    if (lay == H5D_CHUNKED) {
        int cr = H5Pget_chunk(dcpl, MS_CG_MAX_AXES, chunk);
        for (int i = 0; i < cr && i < rank; i++) {
            if (o->kind == OBJ_TENSOR)
                chunk[i] = m->g.chunk[i];
            else if (chunk[i] > dims[i] && maxd[i] != H5S_UNLIMITED)
                chunk[i] = dims[i] ? dims[i] : 1;
        }
        H5Pset_chunk(dcpl, cr, chunk);
    } else if (lay == H5D_COMPACT) {
        hssize_t np = 1;
        for (int i = 0; i < rank; i++) np *= (hssize_t)dims[i];
        if ((size_t)np * H5Tget_size(ft) > 60000) H5Pset_layout(dcpl, H5D_CONTIGUOUS);
    }
    hid_t nsp = rank > 0 ? H5Screate_simple(rank, dims, maxd) : H5Scopy(sp);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t dd = H5Dcreate2(m->out, o->path, ft, nsp, lcpl, dcpl, H5P_DEFAULT);
    int rc = dd < 0 ? -1 : 0;
    if (dd >= 0) {
        int scale = H5DSis_scale(sd) > 0;
        rc = copy_attrs(sd, dd, 0, scale);
        if (!rc && scale) {
            char name[256] = "";
            if (H5DSget_scale_name(sd, name, sizeof name) < 0) name[0] = 0;
            rc = H5DSset_scale(dd, name[0] ? name : NULL) < 0 ? -1 : 0;
        }
        H5Dclose(dd);
    }
    H5Pclose(lcpl);
    H5Sclose(nsp);
    H5Pclose(dcpl);
    H5Sclose(sp);
    H5Tclose(ft);
    H5Dclose(sd);
    return rc ? fail(m, MS_EXIT_RUNTIME, "cannot create dataset /%s in the output%s", o->path, "")
              : 0;
}

static int create_group(merge *m, const obj *o) {
    hid_t sg = H5Gopen2(m->f0, o->path, H5P_DEFAULT);
    hid_t gcpl = H5Gget_create_plist(sg);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    H5Pset_create_intermediate_group(lcpl, 1);
    hid_t dg = H5Gcreate2(m->out, o->path, lcpl, gcpl, H5P_DEFAULT);
    int rc = dg < 0 ? -1 : copy_attrs(sg, dg, 0, 0);
    if (dg >= 0) H5Gclose(dg);
    H5Pclose(lcpl);
    H5Pclose(gcpl);
    H5Gclose(sg);
    return rc ? fail(m, MS_EXIT_RUNTIME, "cannot create group /%s in the output%s", o->path, "")
              : 0;
}

/* ---- data ------------------------------------------------------------------------------------ */

/* Reads a whole 1-d dataset into a malloc'ed buffer of its native type. */
static void *read_all(hid_t d, hid_t *mt, hsize_t *n) {
    hid_t ft = H5Dget_type(d), sp = H5Dget_space(d);
    *mt = H5Tget_native_type(ft, H5T_DIR_ASCEND);
    *n = (hsize_t)H5Sget_simple_extent_npoints(sp);
    void *buf = calloc(*n ? *n : 1, H5Tget_size(*mt));
    if (buf && H5Dread(d, *mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    H5Sclose(sp);
    H5Tclose(ft);
    return buf;
}

static void free_all(void *buf, hid_t mt, hsize_t n) {
    if (buf && (H5Tdetect_class(mt, H5T_VLEN) > 0 || H5Tis_variable_str(mt) > 0)) {
        hid_t sp = H5Screate_simple(1, &n, NULL);
        H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf);
        H5Sclose(sp);
    }
    free(buf);
    H5Tclose(mt);
}

/* Shard i's whole 1-d dataset at path, or NULL where the shard or the dataset cannot be read
   (*mt is then -1 or a type to close: free_all takes both). */
static void *read_shard(const merge *m, size_t i, const char *path, hid_t *mt, hsize_t *n) {
    int code;
    char e[512];
    *mt = -1;
    *n = 0;
    hid_t f = ms_h5r_open(m->s[i].path, &code, e, sizeof e);
    hid_t d = f >= 0 && H5Lexists(f, path, H5P_DEFAULT) > 0 ? H5Dopen2(f, path, H5P_DEFAULT) : -1;
    void *v = d >= 0 ? read_all(d, mt, n) : NULL;
    if (d >= 0) H5Dclose(d);
    if (f >= 0) H5Fclose(f);
    return v;
}

static int values_equal(const void *a, const void *b, hid_t mt, hsize_t n) {
    size_t sz = H5Tget_size(mt);
    if (H5Tis_variable_str(mt) > 0) {
        const char *const *x = a, *const *y = b;
        for (hsize_t i = 0; i < n; i++)
            if (!same_str(x[i], y[i])) return 0;
        return 1;
    }
    return memcmp(a, b, (size_t)n * sz) == 0;
}

/* An axis other than the outermost: shard 0's values, after checking every shard has them. */
static int copy_axis(merge *m, const obj *o) {
    hid_t d0 = H5Dopen2(m->f0, o->path, H5P_DEFAULT), mt;
    hsize_t n0;
    void *v0 = read_all(d0, &mt, &n0);
    H5Dclose(d0);
    if (!v0) return fail(m, MS_EXIT_RUNTIME, "%s: cannot read /%s", m->s[0].path, o->path);
    int rc = 0;
    for (size_t i = 1; !rc && i < m->n; i++) {
        hid_t mti;
        hsize_t ni;
        void *vi = read_shard(m, i, o->path, &mti, &ni);
        if (!vi || ni != n0 || H5Tequal(mt, mti) <= 0 || !values_equal(v0, vi, mt, n0))
            rc = fail(m, MS_EXIT_INPUT, "%s: axis /%s differs from the first shard's", m->s[i].path,
                      o->path);
        if (mti >= 0) free_all(vi, mti, ni);
    }
    hid_t dd = H5Dopen2(m->out, o->path, H5P_DEFAULT);
    if (!rc && H5Dwrite(dd, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, v0) < 0)
        rc = fail(m, MS_EXIT_RUNTIME, "cannot write /%s%s", o->path, "");
    H5Dclose(dd);
    free_all(v0, mt, n0);
    return rc;
}

/* The outermost axis: each shard's slice at its place. */
static int concat_axis0(merge *m, const obj *o) {
    hid_t dd = H5Dopen2(m->out, o->path, H5P_DEFAULT);
    hid_t fsp = H5Dget_space(dd);
    int rc = 0;
    for (size_t i = 0; !rc && i < m->n; i++) {
        hid_t mt;
        hsize_t n, off = (hsize_t)m->s[i].ri.shard_start;
        void *v = read_shard(m, i, o->path, &mt, &n);
        if (!v || n != (hsize_t)m->s[i].ri.shard_count) {
            rc = fail(m, MS_EXIT_INPUT, "%s: /%s does not hold the shard's slice", m->s[i].path,
                      o->path);
        } else {
            hid_t msp = H5Screate_simple(1, &n, NULL);
            H5Sselect_hyperslab(fsp, H5S_SELECT_SET, &off, NULL, &n, NULL);
            if (H5Dwrite(dd, mt, msp, fsp, H5P_DEFAULT, v) < 0)
                rc = fail(m, MS_EXIT_RUNTIME, "cannot write /%s%s", o->path, "");
            H5Sclose(msp);
        }
        if (mt >= 0) free_all(v, mt, n);
    }
    H5Sclose(fsp);
    H5Dclose(dd);
    return rc;
}

/* Can the chunks of shard dataset sd be copied as stored into dd? Only with the same type, the
   same chunk shape and the same filters (a shard of the same job has them, unless it chose its
   chunks from its own slice of the grid: docs/slurm.md). */
static int stored_copy_ok(hid_t sd, hid_t dd) {
    hid_t sc = H5Dget_create_plist(sd), dc = H5Dget_create_plist(dd);
    hid_t st = H5Dget_type(sd), dt = H5Dget_type(dd);
    int ok = sc >= 0 && dc >= 0 && st >= 0 && dt >= 0 && H5Tequal(st, dt) > 0 &&
             H5Pget_layout(sc) == H5D_CHUNKED && H5Pget_layout(dc) == H5D_CHUNKED;
    hsize_t a[MS_CG_MAX_AXES], b[MS_CG_MAX_AXES];
    const int ra = ok ? H5Pget_chunk(sc, MS_CG_MAX_AXES, a) : -1;
    ok = ok && ra > 0 && ra == H5Pget_chunk(dc, MS_CG_MAX_AXES, b) &&
         !memcmp(a, b, (size_t)ra * sizeof *a);
    const int nf = ok ? H5Pget_nfilters(sc) : -1;
    ok = ok && nf >= 0 && nf == H5Pget_nfilters(dc);
    for (int i = 0; ok && i < nf; i++) {
        unsigned fa, fb, va[16], vb[16];
        size_t na = 16, nb = 16;
        char name[8];
        const H5Z_filter_t ia =
            H5Pget_filter2(sc, (unsigned)i, &fa, &na, va, sizeof name, name, NULL);
        const H5Z_filter_t ib =
            H5Pget_filter2(dc, (unsigned)i, &fb, &nb, vb, sizeof name, name, NULL);
        ok = ia >= 0 && ia == ib && fa == fb && na == nb && na <= 16 &&
             !memcmp(va, vb, na * sizeof *va);
    }
    if (sc >= 0) H5Pclose(sc);
    if (dc >= 0) H5Pclose(dc);
    if (st >= 0) H5Tclose(st);
    if (dt >= 0) H5Tclose(dt);
    return ok;
}

/* Output chunk `start` lies in one shard (from row s0 on) on the shard's own chunk grid: copy
   its stored bytes, compressed or not, as they are (H5Dread_chunk, H5Dwrite_chunk): no decoding,
   no deflating again. Returns 0 copied, 1 not stored in the shard (recombine it instead), -1
   failed (message set). */
static int copy_stored(merge *m, const obj *o, const shard *sh, hid_t sd, hid_t dd,
                       const uint64_t *start, uint64_t s0, void **raw, size_t *cap) {
    hsize_t off[MS_CG_MAX_AXES], nbytes = 0;
    uint32_t mask = 0;
    for (size_t i = 0; i < m->g.rank; i++) off[i] = start[i];
    off[0] = start[0] - s0;
    ms_watchdog_arm_block("mlsweep merge", sh->path);
    int rc = H5Dget_chunk_storage_size(sd, off, &nbytes) < 0 || nbytes == 0 ? 1 : 0;
    if (!rc && nbytes > *cap) {
        void *b = realloc(*raw, (size_t)nbytes);
        if (!b)
            rc = fail(m, MS_EXIT_RUNTIME, "out of memory for a chunk of /%s%s", o->path, "");
        else
            *raw = b, *cap = (size_t)nbytes;
    }
    if (!rc && H5Dread_chunk(sd, H5P_DEFAULT, off, &mask, *raw) < 0)
        rc = fail(m, MS_EXIT_RUNTIME, "%s: cannot read /%s", sh->path, o->path);
    ms_watchdog_disarm();
    off[0] = start[0];
    if (!rc && H5Dwrite_chunk(dd, H5P_DEFAULT, mask, off, (size_t)nbytes, *raw) < 0)
        rc = fail(m, MS_EXIT_RUNTIME, "cannot write /%s%s", o->path, "");
    return rc;
}

/* open shard j's dataset o (once): sf[j], sd[j], and whether its chunks copy as stored */
static int open_shard(merge *m, const obj *o, size_t j, hid_t ft, hid_t *sf, hid_t *sd, int *stored,
                      hid_t dd) {
    int code, rc = 0;
    char e[512];
    ms_watchdog_arm_file("mlsweep merge", m->s[j].path, "", "");
    sf[j] = ms_h5r_open(m->s[j].path, &code, e, sizeof e);
    sd[j] = sf[j] >= 0 && H5Lexists(sf[j], o->path, H5P_DEFAULT) > 0
                ? H5Dopen2(sf[j], o->path, H5P_DEFAULT)
                : -1;
    hid_t t = sd[j] >= 0 ? H5Dget_type(sd[j]) : -1;
    stored[j] = sd[j] >= 0 && stored_copy_ok(sd[j], dd);
    ms_watchdog_disarm();
    if (t < 0 || H5Tget_class(t) != H5Tget_class(ft))
        rc = fail(m, MS_EXIT_INPUT, "%s: no dataset /%s like the first shard's", m->s[j].path,
                  o->path);
    if (t >= 0) H5Tclose(t);
    return rc;
}

/* A grid tensor: output chunk by output chunk (each written once, whole), gathering its rows
 * from the shards that hold them. Shards are opened when first needed and closed once the
 * chunks have moved past them, so memory and open files stay bounded for any number. */
static int copy_tensor(merge *m, const obj *o) {
    hid_t dd = H5Dopen2(m->out, o->path, H5P_DEFAULT);
    hid_t ft = H5Dget_type(dd), mt = H5Tget_native_type(ft, H5T_DIR_ASCEND);
    size_t tsize = H5Tget_size(mt);
    hid_t fsp = H5Dget_space(dd);
    size_t rank = m->g.rank, n = m->n;
    uint64_t box_max = 1;
    for (size_t i = 0; i < rank; i++) box_max *= m->g.chunk[i];
    void *buf = malloc(box_max * tsize);
    hid_t *sf = malloc(n * sizeof *sf), *sd = malloc(n * sizeof *sd);
    int *stored = malloc(n * sizeof *stored);
    void *raw = NULL; /* a stored chunk on its way through */
    size_t cap = 0;
    int rc = buf && sf && sd && stored && H5Tdetect_class(mt, H5T_VLEN) <= 0 &&
                     H5Tis_variable_str(mt) <= 0
                 ? 0
                 : fail(m, MS_EXIT_RUNTIME, "cannot merge /%s (variable-length or out of memory)%s",
                        o->path, "");
    for (size_t j = 0; sf && sd && j < n; j++) sf[j] = sd[j] = -1;
    size_t lo = 0; /* shards before lo are finished */
    uint64_t start[MS_CG_MAX_AXES], count[MS_CG_MAX_AXES];
    hsize_t hs[MS_CG_MAX_AXES], hc[MS_CG_MAX_AXES], ms0[MS_CG_MAX_AXES];
    for (uint64_t k = 0; !rc && k < m->g.n_chunks; k++) {
        ms_cg_box(&m->g, k, start, count);
        uint64_t a = start[0], b = start[0] + count[0];
        for (; lo < n && (uint64_t)(m->s[lo].ri.shard_start + m->s[lo].ri.shard_count) <= a; lo++) {
            if (sd[lo] >= 0) H5Dclose(sd[lo]);
            if (sf[lo] >= 0) H5Fclose(sf[lo]);
            sd[lo] = sf[lo] = -1;
        }
        if (lo < n) { /* inside shard lo, on its chunk grid: its stored bytes as they are */
            const uint64_t s0 = (uint64_t)m->s[lo].ri.shard_start,
                           s1 = s0 + (uint64_t)m->s[lo].ri.shard_count;
            if (s0 <= a && b <= s1 && (a - s0) % m->g.chunk[0] == 0) {
                if (sd[lo] < 0 && (rc = open_shard(m, o, lo, ft, sf, sd, stored, dd)) != 0) break;
                const int got =
                    stored[lo] ? copy_stored(m, o, &m->s[lo], sd[lo], dd, start, s0, &raw, &cap)
                               : 1;
                if (got < 0) rc = -1;
                if (got <= 0) {
                    m->stats.chunks_stored++;
                    continue;
                }
            }
        }
        m->stats.chunks_recombined++;
        for (size_t i = 0; i < rank; i++) ms0[i] = count[i];
        hid_t msp = H5Screate_simple((int)rank, ms0, NULL);
        for (size_t j = lo; !rc && j < n; j++) {
            uint64_t s0 = (uint64_t)m->s[j].ri.shard_start,
                     s1 = s0 + (uint64_t)m->s[j].ri.shard_count;
            if (s0 >= b) break;
            if (sd[j] < 0 && (rc = open_shard(m, o, j, ft, sf, sd, stored, dd)) != 0) break;
            uint64_t r0 = a > s0 ? a : s0, r1 = b < s1 ? b : s1;
            hid_t ssp = H5Dget_space(sd[j]);
            hs[0] = r0 - s0;
            hc[0] = r1 - r0;
            for (size_t i = 1; i < rank; i++) hs[i] = start[i], hc[i] = count[i];
            H5Sselect_hyperslab(ssp, H5S_SELECT_SET, hs, NULL, hc, NULL);
            hs[0] = r0 - a;
            for (size_t i = 1; i < rank; i++) hs[i] = 0;
            H5Sselect_hyperslab(msp, H5S_SELECT_SET, hs, NULL, hc, NULL);
            /* one output chunk's rows of this shard: a bounded read (engine/watchdog.h) */
            ms_watchdog_arm_block("mlsweep merge", m->s[j].path);
            const herr_t got = H5Dread(sd[j], mt, msp, ssp, H5P_DEFAULT, buf);
            ms_watchdog_disarm();
            if (got < 0)
                rc = fail(m, MS_EXIT_RUNTIME, "%s: cannot read /%s", m->s[j].path, o->path);
            H5Sclose(ssp);
        }
        H5Sselect_all(msp);
        for (size_t i = 0; i < rank; i++) hs[i] = start[i], hc[i] = count[i];
        H5Sselect_hyperslab(fsp, H5S_SELECT_SET, hs, NULL, hc, NULL);
        if (!rc && H5Dwrite(dd, mt, msp, fsp, H5P_DEFAULT, buf) < 0)
            rc = fail(m, MS_EXIT_RUNTIME, "cannot write /%s%s", o->path, "");
        H5Sclose(msp);
    }
    for (size_t j = 0; sf && sd && j < n; j++) {
        if (sd[j] >= 0) H5Dclose(sd[j]);
        if (sf[j] >= 0) H5Fclose(sf[j]);
    }
    free(sf);
    free(sd);
    free(stored);
    free(raw);
    free(buf);
    H5Sclose(fsp);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Dclose(dd);
    return rc;
}

static int write_done(merge *m, const obj *o) {
    hid_t dd = H5Dopen2(m->out, o->path, H5P_DEFAULT);
    uint8_t *ones = malloc(m->g.n_chunks ? m->g.n_chunks : 1);
    int rc = ones ? 0 : -1;
    if (ones) memset(ones, 1, m->g.n_chunks);
    if (!rc && H5Dwrite(dd, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, ones) < 0) rc = -1;
    free(ones);
    /* chunk_shape: the output's */
    if (!rc && H5Aexists(dd, "chunk_shape") > 0) H5Adelete(dd, "chunk_shape");
    hsize_t r = m->g.rank;
    hid_t sp = H5Screate_simple(1, &r, NULL);
    hid_t a = rc ? -1 : H5Acreate2(dd, "chunk_shape", H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0 || H5Awrite(a, H5T_NATIVE_UINT64, m->g.chunk) < 0) rc = -1;
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    H5Dclose(dd);
    return rc ? fail(m, MS_EXIT_RUNTIME, "cannot write /%s%s", o->path, "") : 0;
}

/* The engine's per-chunk count of feasible points, for the output's chunks: counted from the
 * merged /status (written before this runs). */
static int write_feasible(merge *m, const obj *o) {
    hid_t dd = H5Dopen2(m->out, o->path, H5P_DEFAULT), ds = H5Dopen2(m->out, "status", H5P_DEFAULT);
    uint64_t box_max = 1, start[MS_CG_MAX_AXES], count[MS_CG_MAX_AXES];
    for (size_t i = 0; i < m->g.rank; i++) box_max *= m->g.chunk[i];
    uint8_t *st = malloc(box_max);
    int64_t *feas = malloc((m->g.n_chunks ? m->g.n_chunks : 1) * sizeof *feas);
    int rc = dd >= 0 && ds >= 0 && st && feas ? 0 : -1;
    hid_t fsp = ds >= 0 ? H5Dget_space(ds) : -1;
    hsize_t hs[MS_CG_MAX_AXES], hc[MS_CG_MAX_AXES];
    for (uint64_t k = 0; !rc && k < m->g.n_chunks; k++) {
        uint64_t n = ms_cg_box(&m->g, k, start, count);
        for (size_t i = 0; i < m->g.rank; i++) hs[i] = start[i], hc[i] = count[i];
        hid_t msp = H5Screate_simple((int)m->g.rank, hc, NULL);
        H5Sselect_hyperslab(fsp, H5S_SELECT_SET, hs, NULL, hc, NULL);
        if (H5Dread(ds, H5T_NATIVE_UINT8, msp, fsp, H5P_DEFAULT, st) < 0) rc = -1;
        H5Sclose(msp);
        feas[k] = 0;
        for (uint64_t j = 0; j < n; j++) feas[k] += st[j] == MS_OK;
    }
    if (!rc && H5Dwrite(dd, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, feas) < 0) rc = -1;
    free(st);
    free(feas);
    if (fsp >= 0) H5Sclose(fsp);
    if (ds >= 0) H5Dclose(ds);
    if (dd >= 0) H5Dclose(dd);
    return rc ? fail(m, MS_EXIT_RUNTIME, "cannot write /%s (from /status)%s", o->path, "") : 0;
}

/* ---- dimension scales ------------------------------------------------------------------------ */

/* Every scale of a dimension, in the order attached: /axes/<axis>, then the root copy that
 * netCDF-4 takes (it uses the last one). */
enum { MAX_SCALES = 4 };
typedef struct scale_ctx {
    char path[MAX_SCALES][512];
    int n, bad;
} scale_ctx;

static herr_t scale_name(hid_t did, unsigned dim, hid_t scale, void *op) {
    (void)did;
    (void)dim;
    scale_ctx *c = op;
    if (c->n == MAX_SCALES || H5Iget_name(scale, c->path[c->n], sizeof c->path[0]) <= 0) {
        c->bad = 1;
        return 1;
    }
    c->n++;
    return 0;
}

static int attach_scales(merge *m, const obj *o) {
    hid_t sd = H5Dopen2(m->f0, o->path, H5P_DEFAULT), dd = H5Dopen2(m->out, o->path, H5P_DEFAULT);
    int rc = 0;
    for (unsigned d = 0; !rc && d < m->g.rank; d++) {
        if (H5DSget_num_scales(sd, d) <= 0) continue;
        scale_ctx c = {{""}, 0, 0};
        if (H5DSiterate_scales(sd, d, NULL, scale_name, &c) < 0 || c.bad) rc = -1;
        for (int j = 0; !rc && j < c.n; j++) {
            hid_t os = H5Lexists(m->out, c.path[j], H5P_DEFAULT) > 0
                           ? H5Dopen2(m->out, c.path[j], H5P_DEFAULT)
                           : -1;
            if (os < 0 || H5DSattach_scale(dd, os, d) < 0) rc = -1;
            if (os >= 0) H5Dclose(os);
        }
        char label[256];
        if (!rc && H5DSget_label(sd, d, label, sizeof label) > 0 && H5DSset_label(dd, d, label) < 0)
            rc = -1;
    }
    H5Dclose(dd);
    H5Dclose(sd);
    return rc ? fail(m, MS_EXIT_RUNTIME, "cannot attach the dimension scales of /%s%s", o->path, "")
              : 0;
}

/* Tensors in the order shard 0's scales list them (REFERENCE_LIST, the order of the writer's
 * H5DSattach_scale calls), so that the merged file's bookkeeping attributes match too. */
typedef struct ref_entry {
    hobj_ref_t ref;
    int dim;
} ref_entry;

static size_t attach_order(merge *m, const obj_list *l, char paths[][512], size_t max) {
    size_t n = 0;
    for (size_t i = 0; n == 0 && i < l->n; i++) {
        if (l->v[i].kind != OBJ_AXIS0 && l->v[i].kind != OBJ_AXIS) continue;
        hid_t d = H5Dopen2(m->f0, l->v[i].path, H5P_DEFAULT);
        if (d < 0) continue;
        if (H5Aexists(d, "REFERENCE_LIST") > 0) {
            hid_t a = H5Aopen(d, "REFERENCE_LIST", H5P_DEFAULT), sp = H5Aget_space(a);
            hssize_t np = H5Sget_simple_extent_npoints(sp);
            hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(ref_entry));
            H5Tinsert(t, "dataset", HOFFSET(ref_entry, ref), H5T_STD_REF_OBJ);
            H5Tinsert(t, "dimension", HOFFSET(ref_entry, dim), H5T_NATIVE_INT);
            ref_entry *e = np > 0 ? malloc((size_t)np * sizeof *e) : NULL;
            if (e && H5Aread(a, t, e) >= 0)
                for (hssize_t j = 0; j < np && n < max; j++) {
                    hid_t o = H5Rdereference2(d, H5P_DEFAULT, H5R_OBJECT, &e[j].ref);
                    if (o >= 0 && H5Iget_name(o, paths[n], 512) > 1) n++;
                    if (o >= 0) H5Oclose(o);
                }
            free(e);
            H5Tclose(t);
            H5Sclose(sp);
            H5Aclose(a);
        }
        H5Dclose(d);
    }
    return n;
}

static int attach_all(merge *m, const obj_list *l) {
    enum { MAXO = 256 };
    char(*paths)[512] = malloc(MAXO * sizeof *paths);
    size_t n = paths ? attach_order(m, l, paths, MAXO) : 0;
    char *done = calloc(l->n ? l->n : 1, 1);
    int rc = done ? 0 : -1;
    for (size_t j = 0; !rc && j < n; j++)
        for (size_t i = 0; !rc && i < l->n; i++)
            if (l->v[i].kind == OBJ_TENSOR && !done[i] && !strcmp(paths[j] + 1, l->v[i].path)) {
                rc = attach_scales(m, &l->v[i]);
                done[i] = 1;
            }
    for (size_t i = 0; !rc && i < l->n; i++)
        if (l->v[i].kind == OBJ_TENSOR && !done[i]) rc = attach_scales(m, &l->v[i]);
    free(done);
    free(paths);
    return rc;
}

/* ---- driver ---------------------------------------------------------------------------------- */

static int write_output(merge *m, const char *tmp) {
    int code;
    m->f0 = ms_h5r_open(m->s[0].path, &code, m->err, m->errlen);
    if (m->f0 < 0) return m->code = code, -1;
    m->out = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (m->out < 0) {
        H5Fclose(m->f0);
        return fail(m, MS_EXIT_RUNTIME, "cannot create %s%s", tmp, "");
    }
    obj_list l = {NULL, 0, 0, m};
    int rc = copy_attrs(m->f0, m->out, 1, 0)
                 ? fail(m, MS_EXIT_RUNTIME, "cannot copy %s's attributes%s", m->s[0].path, "")
                 : 0;
    if (!rc) rc = root_overrides(m);
    if (!rc && H5Lvisit(m->f0, H5_INDEX_NAME, H5_ITER_INC, collect, &l) < 0)
        rc = fail(m, MS_EXIT_RUNTIME, "cannot list the objects of %s%s", m->s[0].path, "");
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = l.v[i].kind == OBJ_GROUP ? create_group(m, &l.v[i]) : create_dataset(m, &l.v[i]);
    for (size_t i = 0; !rc && i < l.n; i++) {
        switch (l.v[i].kind) {
        case OBJ_GROUP:
            break;
        case OBJ_TENSOR:
            rc = copy_tensor(m, &l.v[i]);
            break;
        case OBJ_AXIS0:
            rc = concat_axis0(m, &l.v[i]);
            break;
        case OBJ_AXIS:
            rc = copy_axis(m, &l.v[i]);
            break;
        case OBJ_DONE:
            rc = write_done(m, &l.v[i]);
            break;
        case OBJ_FEASIBLE: /* counted from the merged /status, below */
            break;
        }
    }
    for (size_t i = 0; !rc && i < l.n; i++)
        if (l.v[i].kind == OBJ_FEASIBLE) rc = write_feasible(m, &l.v[i]);
    if (!rc) rc = attach_all(m, &l);
    int64_t one = 1;
    if (!rc && set_num(m->out, "complete", H5T_NATIVE_INT64, &one))
        rc = fail(m, MS_EXIT_RUNTIME, "cannot mark %s complete%s", tmp, "");
    for (size_t i = 0; i < l.n; i++) free(l.v[i].path);
    free(l.v);
    if (H5Fclose(m->out) < 0 && !rc) rc = fail(m, MS_EXIT_RUNTIME, "cannot close %s%s", tmp, "");
    H5Fclose(m->f0);
    return rc;
}

static int same_file(const char *a, const char *b) {
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

int ms_merge_shards(const char *const *paths, size_t n, const char *out, ms_merge_stats *stats,
                    char *err, size_t errlen) {
    merge m = {0};
    m.err = err;
    m.errlen = errlen;
    m.n = n;
    m.s = calloc(n ? n : 1, sizeof *m.s);
    if (!m.s) {
        snprintf(err, errlen, "out of memory");
        return MS_EXIT_RUNTIME;
    }
    for (size_t read = 0; read < n; read++) {
        int code;
        m.s[read].path = paths[read];
        if (same_file(paths[read], out)) {
            fail(&m, MS_EXIT_INPUT, "the output %s is also an input%s", out, "");
            break;
        }
        ms_watchdog_arm_file("mlsweep merge", paths[read], "", "");
        hid_t f = ms_h5r_open(paths[read], &code, err, errlen);
        if (f < 0) {
            ms_watchdog_disarm();
            m.code = code;
            break;
        }
        int bad = ms_resinfo_read(f, paths[read], &m.s[read].ri, err, errlen);
        H5Fclose(f);
        ms_watchdog_disarm();
        if (bad) {
            m.code = MS_EXIT_INPUT;
            break;
        }
    }
    if (!m.code) check_all(&m);
    if (!m.code) {
        size_t len = strlen(out) + 16;
        char *tmp = malloc(len);
        if (!tmp)
            fail(&m, MS_EXIT_RUNTIME, "out of memory%s%s", "", "");
        else {
            snprintf(tmp, len, "%s.partial", out);
            if (write_output(&m, tmp) == 0 && rename(tmp, out) != 0)
                fail(&m, MS_EXIT_RUNTIME, "cannot rename %s to its final name %s", tmp, out);
            if (m.code) remove(tmp);
            free(tmp);
        }
    }
    for (size_t i = 0; i < n; i++) ms_resinfo_free(&m.s[i].ri);
    free(m.s);
    if (stats) *stats = m.stats;
    return m.code;
}
