/* h5out.c - create, fill, resume and finish HDF5 result files (docs/file-format.md). */
#include "h5out.h"
#include "git_commit.h"
#include "h5pack.h"
#include "watchdog.h"

#include <hdf5_hl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        snprintf(err, errlen, __VA_ARGS__);                                                        \
        goto fail;                                                                                 \
    } while (0)

/* A file whose H5Fclose failed (its last flush hit a full disk, or an output that is no regular
   file) stays half closed inside HDF5 1.10, whose MPI_Finalize hook then crashes on it
   (tests/hostile/output.sh): the command must leave without finalizing (ms_h5_unclean). */
static int unclean;
static herr_t close_file(hid_t f) {
    herr_t rc = H5Fclose(f);
    if (rc < 0) unclean = 1;
    return rc;
}
int ms_h5_unclean(void) {
    return unclean;
}

void ms_h5_now(char *buf) {
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* HDF5 prints its error stack on every failure; our messages say what failed in one line.
   MLSWEEP_HDF5_ERRORS=1 keeps the stack (debugging). */
static void quiet_hdf5(void) {
    if (!getenv("MLSWEEP_HDF5_ERRORS")) H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* ---- attributes ------------------------------------------------------------------------- */
static hid_t str_type(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static int attr_write(hid_t obj, const char *name, hid_t type, hid_t space, const void *v) {
    if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
    hid_t a = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    if (a < 0) return -1;
    herr_t rc = H5Awrite(a, type, v);
    H5Aclose(a);
    return rc < 0 ? -1 : 0;
}

static int attr_str(hid_t obj, const char *name, const char *s) {
    hid_t t = str_type(), sp = H5Screate(H5S_SCALAR);
    int rc = attr_write(obj, name, t, sp, &s);
    H5Sclose(sp);
    H5Tclose(t);
    return rc;
}

static int attr_num(hid_t obj, const char *name, hid_t type, const void *v, hsize_t n) {
    hid_t sp = n ? H5Screate_simple(1, &n, NULL) : H5Screate(H5S_SCALAR);
    int rc = attr_write(obj, name, type, sp, v);
    H5Sclose(sp);
    return rc;
}

static int attr_int(hid_t obj, const char *name, int v) {
    return attr_num(obj, name, H5T_NATIVE_INT, &v, 0);
}
static int attr_i64(hid_t obj, const char *name, int64_t v) {
    return attr_num(obj, name, H5T_NATIVE_INT64, &v, 0);
}

/* 1 if attribute a holds exactly one value: a foreign file may have an array where we expect a
   scalar, and H5Aread would write all of its elements into our one (fuzz_resume found this). */
static int attr_single(hid_t a) {
    hid_t sp = H5Aget_space(a);
    int one = sp >= 0 && H5Sget_simple_extent_npoints(sp) == 1;
    if (sp >= 0) H5Sclose(sp);
    return one;
}

/* Reads a string attribute into a malloc'd copy (NULL if absent or not one string). */
static char *attr_get_str(hid_t obj, const char *name) {
    if (H5Aexists(obj, name) <= 0) return NULL;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return NULL;
    hid_t ft = H5Aget_type(a);
    char *out = NULL;
    if (H5Tget_class(ft) == H5T_STRING && attr_single(a)) {
        if (H5Tis_variable_str(ft) > 0) {
            hid_t t = str_type();
            char *s = NULL;
            if (H5Aread(a, t, &s) >= 0 && s) {
                out = strdup(s);
                H5free_memory(s);
            }
            H5Tclose(t);
        } else {
            size_t n = H5Tget_size(ft);
            out = calloc(n + 1, 1);
            if (out && H5Aread(a, ft, out) < 0) {
                free(out);
                out = NULL;
            }
        }
    }
    H5Tclose(ft);
    H5Aclose(a);
    return out;
}

/* Reads one integer attribute (-1 if absent, not an integer or not a single value). */
static int attr_get_int(hid_t obj, const char *name, int64_t *v) {
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t ft = H5Aget_type(a);
    herr_t rc = -1;
    if (H5Tget_class(ft) == H5T_INTEGER && attr_single(a)) rc = H5Aread(a, H5T_NATIVE_INT64, v);
    H5Tclose(ft);
    H5Aclose(a);
    return rc < 0 ? -1 : 0;
}

/* "a,b,c" of the axis names, registry files and checksums: the identity of a job's grid */
static void join_axes(const ms_plan *pl, char *buf, size_t len) {
    buf[0] = 0;
    for (size_t i = 0; i < pl->n_axes; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, "%s%s", i ? "," : "", pl->axes[i].prm->name);
    }
}

static char *join_registry(const ms_plan *pl, int checksums) {
    size_t len = 1;
    for (size_t i = 0; i < pl->reg.n_files; i++) len += strlen(pl->reg.files[i]) + 20;
    char *s = calloc(len, 1);
    if (!s) return NULL;
    for (size_t i = 0; i < pl->reg.n_files; i++) {
        size_t l = strlen(s);
        if (checksums)
            snprintf(s + l, len - l, "%s%016llx", i ? "," : "",
                     (unsigned long long)pl->reg.checksums[i]);
        else
            snprintf(s + l, len - l, "%s%s", i ? "," : "", pl->reg.files[i]);
    }
    return s;
}

/* ---- layout ----------------------------------------------------------------------------- */
static hid_t make_dcpl(const ms_plan *pl, hid_t type, const void *fill, int always_fill) {
    hsize_t ch[MS_PLAN_MAX_AXES];
    for (size_t i = 0; i < pl->n_axes; i++) ch[i] = pl->chunk[i];
    hid_t d = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(d, (int)pl->n_axes, ch);
    if (pl->deflate_level >= 0) {
        if (pl->shuffle) H5Pset_shuffle(d);
        H5Pset_deflate(d, (unsigned)pl->deflate_level);
    }
    /* Points not computed yet read as the fill value: status 255 always, NaN metrics in
       compressed files. Parallel HDF5 allocates uncompressed datasets whole when the ranks
       open the file; writing NaN into every metric then would double the run's I/O, so
       there the metrics are not pre-filled and status 255 alone marks unfinished points
       (docs/file-format.md). */
    H5Pset_fill_value(d, type, fill);
    /* Compressed: every chunk is allocated here, serially, so the chunk index is complete
       before the ranks write; they then only update entries (HDF5 1.10.8 corrupted its chunk
       B-tree when thousands of chunks were inserted by parallel collective writes). */
    H5Pset_alloc_time(d, pl->deflate_level >= 0 ? H5D_ALLOC_TIME_EARLY : H5D_ALLOC_TIME_INCR);
    H5Pset_fill_time(d, always_fill || pl->deflate_level >= 0 ? H5D_FILL_TIME_IFSET
                                                              : H5D_FILL_TIME_NEVER);
    return d;
}

static const char *status_label(int s) {
    return s == MS_NOT_COMPUTED ? "not-computed" : ms_status_name(s);
}

static int legend_attrs(hid_t d, int n, const char *(*name)(int), int with_255) {
    char legend[1024] = "", meanings[1024] = "";
    uint8_t vals[64];
    int k = 0;
    for (int i = 0; i < n; i++) {
        size_t l = strlen(legend), m = strlen(meanings);
        snprintf(legend + l, sizeof legend - l, "%s%d=%s", i ? "," : "", i, name(i));
        snprintf(meanings + m, sizeof meanings - m, "%s%s", i ? " " : "", name(i));
        vals[k++] = (uint8_t)i;
    }
    if (with_255) {
        size_t l = strlen(legend), m = strlen(meanings);
        snprintf(legend + l, sizeof legend - l, ",255=not-computed");
        snprintf(meanings + m, sizeof meanings - m, " not-computed");
        vals[k++] = 255;
    }
    if (attr_str(d, "legend", legend) || attr_str(d, "flag_meanings", meanings)) return -1;
    return attr_num(d, "flag_values", H5T_NATIVE_UINT8, vals, (hsize_t)k);
}

static const char *bn_name(int b) {
    return ms_bottleneck_name(b);
}

static hid_t make_axis(hid_t g, const ms_axis *ax) {
    hsize_t n = ax->n;
    hid_t sp = H5Screate_simple(1, &n, NULL), d;
    if (ax->kind == MS_AX_NUMBER) {
        d = H5Dcreate2(g, ax->prm->name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (d >= 0) H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, ax->vals);
    } else {
        hid_t t = str_type();
        d = H5Dcreate2(g, ax->prm->name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (d >= 0) H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ax->names);
        H5Tclose(t);
    }
    H5Sclose(sp);
    if (d >= 0) {
        H5DSset_scale(d, ax->prm->name);
        if (ax->prm->help) attr_str(d, "long_name", ax->prm->help);
    }
    return d;
}

/* Each dimension gets two scales: /axes/<axis> first (h5py's d.dims[i][0], the readers of
   docs/file-format.md), then the root copy /<axis> that netCDF-4 resolves as the dimension (its
   library takes the last scale attached; dimensions are visible to a group's children, never to
   a sibling group such as /axes). */
static int attach(hid_t d, const hid_t *axes, const hid_t *roots, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (H5DSattach_scale(d, axes[i], (unsigned)i) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (H5DSattach_scale(d, roots[i], (unsigned)i) < 0) return -1;
    return 0;
}

int ms_h5_create(const ms_plan *pl, const char *path, int ranks, int threads, char *err,
                 size_t errlen) {
    hid_t f = -1, ga = -1, gm = -1, gp = -1, sp = -1;
    hid_t axes[MS_PLAN_MAX_AXES], roots[MS_PLAN_MAX_AXES];
    size_t n_ax = 0, n_root = 0;
    char *rf = NULL, *rc = NULL;
    int ok = -1;
    quiet_hdf5();
    /* a device or fifo (-o /dev/null) "opens" but cannot hold a result file */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        FAIL("cannot create '%s': it exists and is not a regular file", path);
    f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) FAIL("cannot create '%s' (check the directory exists and is writable)", path);
    /* root attributes first: complete = 0 from the very first byte on disk */
    char axes_s[1024], now[32];
    join_axes(pl, axes_s, sizeof axes_s);
    ms_h5_now(now);
    rf = join_registry(pl, 0);
    rc = join_registry(pl, 1);
    if (attr_int(f, "complete", 0) ||
        attr_int(f, "mlsweep_format_version", MLSWEEP_FORMAT_VERSION) ||
        attr_str(f, "mlsweep_version", MLSWEEP_VERSION) ||
        attr_str(f, "git_commit", ms_git_commit) || attr_str(f, "job_name", pl->name) ||
        attr_str(f, "job_text", pl->job_text ? pl->job_text : "") ||
        attr_str(f, "mode", pl->mode == MS_MODE_TRAIN ? "train" : "serve") ||
        attr_str(f, "axes", axes_s) || attr_str(f, "registry_files", rf ? rf : "") ||
        attr_str(f, "registry_checksums", rc ? rc : "") || attr_int(f, "ranks", ranks) ||
        attr_int(f, "threads", threads) || attr_str(f, "start_time", now) ||
        attr_str(f, "end_time", "") || attr_i64(f, "points", (int64_t)pl->points) ||
        attr_i64(f, "points_feasible", 0) ||
        attr_num(f, "points_per_s", H5T_NATIVE_DOUBLE, &(double){0}, 0))
        FAIL("cannot write the attributes of '%s'", path);
    if (pl->shards > 0 &&
        (attr_int(f, "shard", (int)pl->shard) || attr_int(f, "shards", (int)pl->shards) ||
         attr_str(f, "shard_axis", pl->axes[0].prm->name) ||
         attr_i64(f, "shard_start", (int64_t)pl->shard_start) ||
         attr_i64(f, "shard_count", (int64_t)pl->shard_count)))
        FAIL("cannot write the shard attributes of '%s'", path);
    ga = H5Gcreate2(f, "axes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    gm = H5Gcreate2(f, "metrics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    gp = H5Gcreate2(f, "progress", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (ga < 0 || gm < 0 || gp < 0) FAIL("cannot create the groups of '%s'", path);
    for (; n_ax < pl->n_axes; n_ax++) {
        axes[n_ax] = make_axis(ga, &pl->axes[n_ax]);
        if (axes[n_ax] < 0) FAIL("cannot write axis '%s'", pl->axes[n_ax].prm->name);
    }
    /* the same values as root datasets /<axis>, the dimensions netCDF-4 (xarray) sees from
       /metrics and the root alike (axis names never clash with status, bottleneck or a group) */
    for (; n_root < pl->n_axes; n_root++) {
        roots[n_root] = make_axis(f, &pl->axes[n_root]);
        if (roots[n_root] < 0)
            FAIL("cannot write the root dimension '%s'", pl->axes[n_root].prm->name);
    }
    hsize_t dims[MS_PLAN_MAX_AXES];
    for (size_t i = 0; i < pl->n_axes; i++) dims[i] = pl->axes[i].n;
    sp = H5Screate_simple((int)pl->n_axes, dims, NULL);
    hid_t ftype = pl->float64 ? H5T_IEEE_F64LE : H5T_IEEE_F32LE;
    hid_t mtype = pl->float64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT;
    const double nan64 = NAN;
    const float nan32 = NAN;
    const void *nanv = pl->float64 ? (const void *)&nan64 : (const void *)&nan32;
    for (size_t m = 0; m < pl->n_metrics; m++) {
        const ms_metric_info *mi = pl->metrics[m];
        hid_t dc = make_dcpl(pl, mtype, nanv, 0);
        hid_t d = H5Dcreate2(gm, mi->name, ftype, sp, H5P_DEFAULT, dc, H5P_DEFAULT);
        H5Pclose(dc);
        if (d < 0) FAIL("cannot create /metrics/%s", mi->name);
        int bad = attr_str(d, "units", mi->units) || attr_str(d, "long_name", mi->long_name) ||
                  attr_num(d, "_FillValue", mtype, nanv, 0) || attach(d, axes, roots, n_ax);
        H5Dclose(d);
        if (bad) FAIL("cannot write the attributes of /metrics/%s", mi->name);
    }
    const uint8_t not_computed = MS_NOT_COMPUTED, none = MS_BN_NONE;
    for (int w = 0; w < 2; w++) {
        hid_t dc = make_dcpl(pl, H5T_NATIVE_UINT8, w == 0 ? &not_computed : &none, 1);
        hid_t d = H5Dcreate2(f, w == 0 ? "status" : "bottleneck", H5T_STD_U8LE, sp, H5P_DEFAULT, dc,
                             H5P_DEFAULT);
        H5Pclose(dc);
        if (d < 0) FAIL("cannot create /%s", w == 0 ? "status" : "bottleneck");
        int bad = w == 0 ? legend_attrs(d, MS_NSTATUS, status_label, 1)
                         : legend_attrs(d, MS_NBOTTLENECK, bn_name, 0);
        bad = bad ||
              attr_str(d, "long_name",
                       w == 0 ? "status of the point (see legend)"
                              : "binding constraint of the point (see legend)") ||
              attach(d, axes, roots, n_ax);
        H5Dclose(d);
        if (bad) FAIL("cannot write the attributes of /%s", w == 0 ? "status" : "bottleneck");
    }
    /* the done-map: contiguous and allocated now, so that later writes change no metadata */
    hsize_t nc = pl->n_chunks;
    hid_t sc = H5Screate_simple(1, &nc, NULL);
    hid_t dc = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_alloc_time(dc, H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dc, H5D_FILL_TIME_ALLOC);
    hid_t dd = H5Dcreate2(gp, "done", H5T_STD_U8LE, sc, H5P_DEFAULT, dc, H5P_DEFAULT);
    hid_t df = H5Dcreate2(gp, "feasible", H5T_STD_I64LE, sc, H5P_DEFAULT, dc, H5P_DEFAULT);
    H5Pclose(dc);
    H5Sclose(sc);
    int64_t cs[MS_PLAN_MAX_AXES];
    for (size_t i = 0; i < pl->n_axes; i++) cs[i] = (int64_t)pl->chunk[i];
    int bad = dd < 0 || df < 0 ||
              attr_num(dd, "chunk_shape", H5T_NATIVE_INT64, cs, (hsize_t)pl->n_axes) ||
              attr_str(dd, "long_name", "1 when the chunk's points are all written and flushed") ||
              attr_str(df, "long_name", "points with status ok in the chunk (valid where done)");
    if (dd >= 0) H5Dclose(dd);
    if (df >= 0) H5Dclose(df);
    if (bad) FAIL("cannot create /progress in '%s'", path);
    ok = 0;
fail:
    for (size_t i = 0; i < n_ax; i++) H5Dclose(axes[i]);
    for (size_t i = 0; i < n_root; i++) H5Dclose(roots[i]);
    if (sp >= 0) H5Sclose(sp);
    if (ga >= 0) H5Gclose(ga);
    if (gm >= 0) H5Gclose(gm);
    if (gp >= 0) H5Gclose(gp);
    if (f >= 0 && close_file(f) < 0 && ok == 0) {
        snprintf(err, errlen, "cannot close '%s' (disk full?)", path);
        ok = -1;
    }
    free(rf);
    free(rc);
    return ok;
}

/* ---- resume ----------------------------------------------------------------------------- */
/* A run that failed while flushing a compressed file (disk full) can leave chunks whose file
   space overlaps: HDF5's allocator state on disk is then inconsistent, and resuming would
   rewrite them into a file that reads "complete" but holds undecodable chunks (found by
   tests/hostile/output.sh). A consistent file never has two chunks sharing a byte, so the
   chunk extents of every compressed dataset are sorted and checked; uncompressed chunks never
   move. Skipped past 2^22 chunks in all (seconds of index lookups). Returns 1 if damaged. */
typedef struct extent {
    haddr_t addr;
    hsize_t size;
} extent;
static int by_addr(const void *a, const void *b) {
    haddr_t x = ((const extent *)a)->addr, y = ((const extent *)b)->addr;
    return x < y ? -1 : x > y;
}
static int chunks_overlap(hid_t f, const ms_plan *pl) {
    size_t nd = pl->n_metrics + 2;
    if (pl->deflate_level < 0 || pl->n_chunks * nd > ((uint64_t)1 << 22)) return 0;
    extent *ex = malloc(pl->n_chunks * nd * sizeof *ex);
    if (!ex) return 0;
    size_t n = 0;
    char name[160];
    for (size_t m = 0; m < nd; m++) {
        if (m < pl->n_metrics)
            snprintf(name, sizeof name, "metrics/%s", pl->metrics[m]->name);
        else
            snprintf(name, sizeof name, "%s", m == pl->n_metrics ? "status" : "bottleneck");
        hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
        if (d < 0) continue; /* a missing dataset is ms_h5_open's to report */
        for (uint64_t k = 0; k < pl->n_chunks; k++) {
            uint64_t st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES];
            hsize_t off[MS_PLAN_MAX_AXES], size = 0;
            haddr_t addr = HADDR_UNDEF;
            unsigned mask;
            ms_plan_chunk_box(pl, k, st, ct);
            for (size_t i = 0; i < pl->n_axes; i++) off[i] = st[i];
            if (H5Dget_chunk_info_by_coord(d, off, &mask, &addr, &size) >= 0 &&
                addr != HADDR_UNDEF && size > 0)
                ex[n++] = (extent){addr, size};
        }
        H5Dclose(d);
    }
    qsort(ex, n, sizeof *ex, by_addr);
    int bad = 0;
    for (size_t i = 1; i < n && !bad; i++) bad = ex[i - 1].addr + ex[i - 1].size > ex[i].addr;
    free(ex);
    return bad;
}

static int check_resume(const ms_plan *pl, const char *path, uint8_t *done, int64_t *feasible,
                        char *err, size_t errlen) {
    quiet_hdf5();
    int code = 2;
    char *s = NULL;
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), d = -1;
    if (f < 0)
        FAIL("cannot open '%s' to resume: not a readable HDF5 file (truncated or corrupt?)", path);
    code = 1;
    int64_t ver = 0, complete = 0;
    if (attr_get_int(f, "mlsweep_format_version", &ver) || ver != MLSWEEP_FORMAT_VERSION)
        FAIL("'%s' is not an mlsweep result file of format version %d", path,
             MLSWEEP_FORMAT_VERSION);
    s = attr_get_str(f, "job_text");
    if (!s || strcmp(s, pl->job_text ? pl->job_text : "") != 0)
        FAIL("'%s' was written by a different job (its job_text differs from %s); "
             "run without --resume to start over",
             path, pl->job_path);
    free(s);
    char axes_s[1024];
    join_axes(pl, axes_s, sizeof axes_s);
    s = attr_get_str(f, "axes");
    if (!s || strcmp(s, axes_s) != 0)
        FAIL("'%s' has axes '%s', the job has '%s'", path, s ? s : "?", axes_s);
    free(s);
    char *rc = join_registry(pl, 1);
    s = attr_get_str(f, "registry_checksums");
    int same = s && rc && strcmp(s, rc) == 0;
    free(rc);
    if (!same)
        FAIL("'%s' was computed with different registry files (checksums differ); "
             "resuming would mix two data sets",
             path);
    free(s);
    /* and by the same build: another commit may compute other values for the same inputs */
    s = attr_get_str(f, "git_commit");
    if (!s || strcmp(s, ms_git_commit) != 0)
        FAIL("'%s' was computed by another build of mlsweep (git %s; this one is git %s): "
             "resuming would mix two builds' results; resume with the build that started it, "
             "or run without --resume to start over",
             path, s ? s : "?", ms_git_commit);
    int64_t shard = -1, shards = 0;
    attr_get_int(f, "shard", &shard);
    attr_get_int(f, "shards", &shards);
    if (shards != pl->shards || (pl->shards > 0 && shard != pl->shard))
        FAIL("'%s' holds %s, this run %s", path,
             shards > 0 ? "a shard of the job" : "the whole job",
             pl->shards > 0 ? "a shard (--shard/--shards differ)" : "the whole job");
    attr_get_int(f, "complete", &complete);
    d = H5Dopen2(f, "progress/done", H5P_DEFAULT);
    if (d < 0) FAIL("'%s' has no /progress/done", path);
    hid_t sp = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    if (n != (hssize_t)pl->n_chunks)
        FAIL("'%s' has %lld chunks, the job has %llu", path, (long long)n,
             (unsigned long long)pl->n_chunks);
    code = 2;
    if (H5Dread(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, done) < 0)
        FAIL("cannot read /progress/done of '%s'", path);
    H5Dclose(d);
    d = H5Dopen2(f, "progress/feasible", H5P_DEFAULT);
    /* its size too: H5Dread would fill all of a longer one into feasible[n_chunks] */
    sp = d >= 0 ? H5Dget_space(d) : -1;
    n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0) H5Sclose(sp);
    if (n != (hssize_t)pl->n_chunks) {
        code = 1;
        FAIL("'%s' has no /progress/feasible of %llu chunks", path,
             (unsigned long long)pl->n_chunks);
    }
    if (H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, feasible) < 0)
        FAIL("cannot read /progress/feasible of '%s'", path);
    if (complete != 1 && chunks_overlap(f, pl))
        FAIL("'%s' was damaged by a failed write (disk full?): chunks of it overlap; run "
             "without --resume to start over",
             path);
    code = complete == 1 ? 3 : 0;
    if (code == 3) snprintf(err, errlen, "'%s' is already complete", path);
fail:
    free(s);
    if (d >= 0) H5Dclose(d);
    if (f >= 0) H5Fclose(f);
    return code;
}

/* A damaged file can send HDF5 into an endless loop: the check runs under the watchdog
   (engine/watchdog.h), exit 2 rather than hanging the whole MPI job. */
int ms_h5_check_resume(const ms_plan *pl, const char *path, uint8_t *done, int64_t *feasible,
                       char *err, size_t errlen) {
    ms_watchdog_arm_file("mlsweep run", path, " to resume", "; run without --resume to start over");
    int rc = check_resume(pl, path, done, feasible, err, errlen);
    ms_watchdog_disarm();
    return rc;
}

/* ---- parallel writing ------------------------------------------------------------------- */
int ms_h5_open(ms_h5out *o, const ms_plan *pl, const char *path, MPI_Comm comm, char *err,
               size_t errlen) {
    quiet_hdf5();
    memset(o, 0, sizeof *o);
    MPI_Comm_rank(comm, &o->rank);
    /* Every rank must see the file before the collective open: one that cannot (a node-local
       path such as /tmp on a cluster) would fail alone and leave the others waiting in
       MPI_File_open for ever (tests/hostile/inject.sh). */
    struct stat st;
    int mine = stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK | W_OK) == 0;
    int first_bad = mine ? INT_MAX : o->rank, any_bad = INT_MAX;
    MPI_Allreduce(&first_bad, &any_bad, 1, MPI_INT, MPI_MIN, comm);
    if (any_bad != INT_MAX) {
        snprintf(err, errlen,
                 "rank %d cannot open '%s' (every rank must see the file: use a file system "
                 "that all nodes share)",
                 any_bad, path);
        return -1;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
    /* Crash safety: metadata (chunk index, allocation) reaches the disk only in ms_h5_commit's
       flush, never through a cache eviction in between. Otherwise a kill -9 could leave an
       index that points at space the next run hands out again (seen with compressed files). */
    H5AC_cache_config_t mdc;
    mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
    if (H5Pget_mdc_config(fapl, &mdc) >= 0) {
        mdc.incr_mode = H5C_incr__off;
        mdc.flash_incr_mode = H5C_flash_incr__off;
        mdc.decr_mode = H5C_decr__off;
        mdc.evictions_enabled = 0;
        mdc.dirty_bytes_threshold = 16 * 1024 * 1024; /* HDF5 1.10 allows up to 32 MiB */
        if (mdc.max_size < mdc.dirty_bytes_threshold) mdc.max_size = mdc.dirty_bytes_threshold;
        H5Pset_mdc_config(fapl, &mdc);
    }
    o->file = H5Fopen(path, H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    if (o->file < 0) {
        snprintf(err, errlen, "cannot open '%s' for parallel writing", path);
        return -1;
    }
    o->dxpl = H5Pcreate(H5P_DATASET_XFER);
    /* compressed chunks can only be written collectively in HDF5 1.10 */
    H5Pset_dxpl_mpio(o->dxpl,
                     pl->deflate_level >= 0 ? H5FD_MPIO_COLLECTIVE : H5FD_MPIO_INDEPENDENT);
    o->comm = comm;
    o->n_metrics = pl->n_metrics;
    char name[128];
    int bad = 0;
    for (size_t m = 0; m < pl->n_metrics; m++) {
        snprintf(name, sizeof name, "metrics/%s", pl->metrics[m]->name);
        bad |= (o->metric[m] = H5Dopen2(o->file, name, H5P_DEFAULT)) < 0;
    }
    bad |= (o->status = H5Dopen2(o->file, "status", H5P_DEFAULT)) < 0;
    bad |= (o->bottleneck = H5Dopen2(o->file, "bottleneck", H5P_DEFAULT)) < 0;
    bad |= (o->done = H5Dopen2(o->file, "progress/done", H5P_DEFAULT)) < 0;
    bad |= (o->feasible = H5Dopen2(o->file, "progress/feasible", H5P_DEFAULT)) < 0;
    if (bad) {
        /* parallel HDF5 allocates the datasets here: on a full disk this is where it fails */
        snprintf(err, errlen, "cannot open the datasets of '%s' (disk full?)", path);
        return -1;
    }
    /* opening in parallel allocates the datasets: put that on disk before any chunk */
    if (H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) {
        snprintf(err, errlen, "cannot flush '%s' (disk full?)", path);
        return -1;
    }
    return 0;
}

static int write_one(ms_h5out *o, hid_t d, hid_t mtype, const ms_plan *pl, int have,
                     const hsize_t *start, const hsize_t *count, const void *buf) {
    hid_t fs = H5Dget_space(d), ms;
    if (have) {
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
        ms = H5Screate_simple((int)pl->n_axes, count, NULL);
    } else {
        hsize_t one = 1;
        H5Sselect_none(fs);
        ms = H5Screate_simple(1, &one, NULL);
        H5Sselect_none(ms);
    }
    herr_t rc = H5Dwrite(d, mtype, ms, fs, o->dxpl, buf);
    H5Sclose(ms);
    H5Sclose(fs);
    return rc < 0 ? -1 : 0;
}

int ms_h5_write_chunk(ms_h5out *o, const ms_plan *pl, int64_t k, void *const *bufs,
                      const uint8_t *status, const uint8_t *bottleneck) {
    int collective = pl->deflate_level >= 0;
    if (k < 0 && !collective) return 0;
    uint64_t st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES];
    hsize_t start[MS_PLAN_MAX_AXES], count[MS_PLAN_MAX_AXES];
    if (k >= 0) {
        ms_plan_chunk_box(pl, (uint64_t)k, st, ct);
        for (size_t i = 0; i < pl->n_axes; i++) start[i] = st[i], count[i] = ct[i];
    }
    static const float dummy[1] = {0};
    hid_t mtype = pl->float64 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_FLOAT;
    int rc = 0;
    for (size_t m = 0; m < pl->n_metrics; m++)
        rc |= write_one(o, o->metric[m], mtype, pl, k >= 0, start, count, k >= 0 ? bufs[m] : dummy);
    rc |= write_one(o, o->status, H5T_NATIVE_UINT8, pl, k >= 0, start, count,
                    k >= 0 ? (const void *)status : dummy);
    rc |= write_one(o, o->bottleneck, H5T_NATIVE_UINT8, pl, k >= 0, start, count,
                    k >= 0 ? (const void *)bottleneck : dummy);
    return rc;
}

/* dataset d of a chunk, in h5pack's order: the metrics, then status, then bottleneck */
static hid_t chunk_dataset(const ms_h5out *o, const ms_plan *pl, size_t d) {
    return d < pl->n_metrics ? o->metric[d] : d == pl->n_metrics ? o->status : o->bottleneck;
}

int ms_h5_direct(const ms_h5out *o, const ms_plan *pl) {
    int size = 0;
    if (pl->deflate_level < 0 || MPI_Comm_size(o->comm, &size) != MPI_SUCCESS) return 0;
    return size == 1;
}

int ms_h5_fills(const ms_h5out *o, const ms_plan *pl, unsigned char (*fills)[8]) {
    int rc = 0;
    for (size_t d = 0; d < pl->n_metrics + 2; d++) {
        const hid_t ds = chunk_dataset(o, pl, d);
        const hid_t t = d >= pl->n_metrics ? H5T_NATIVE_UINT8
                        : pl->float64      ? H5T_NATIVE_DOUBLE
                                           : H5T_NATIVE_FLOAT;
        memset(fills[d], 0, 8);
        hid_t dc = H5Dget_create_plist(ds);
        if (dc < 0 || H5Pget_fill_value(dc, t, fills[d]) < 0) rc = -1;
        if (dc >= 0) H5Pclose(dc);
    }
    return rc;
}

int ms_h5_write_packed(ms_h5out *o, const ms_plan *pl, const ms_h5pack *pk) {
    uint64_t st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES];
    hsize_t off[MS_PLAN_MAX_AXES];
    ms_plan_chunk_box(pl, pk->k, st, ct);
    for (size_t i = 0; i < pl->n_axes; i++) off[i] = st[i];
    int rc = 0;
    for (size_t d = 0; d < pk->n; d++) {
        const hid_t ds = chunk_dataset(o, pl, d);
        /* filter mask 0: every filter the dataset declares was applied */
        if (H5Dwrite_chunk(ds, H5P_DEFAULT, 0, off, pk->len[d], pk->out[d]) < 0) rc = -1;
    }
    return rc;
}

/* ms_h5_commit and ms_h5_finish stay functions of their own, under their own names, with LTO:
   tests/hostile/inject.sh stops a run in each, under gdb, to kill it between its flushes */
#if defined(__GNUC__) && !defined(__clang__)
#define MS_OUT_OF_LINE __attribute__((noinline, noclone))
#else
#define MS_OUT_OF_LINE __attribute__((noinline))
#endif
MS_OUT_OF_LINE int ms_h5_commit(ms_h5out *o, const ms_plan *pl, const uint8_t *done,
                                const int64_t *feasible) {
    (void)pl;
    int rc = 0, any = 0;
    /* data first, then the map that declares it done: a kill in between only loses work */
    if (H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) rc = -1;
    /* ... and no map at all unless every rank's data is on disk: on a full disk the data flush
       fails while the preallocated map still writes, which declared lost chunks done and let
       --resume finish a corrupt file as complete (tests/hostile/output.sh) */
    MPI_Allreduce(&rc, &any, 1, MPI_INT, MPI_MIN, o->comm);
    if (any < 0) return -1;
    if (o->rank == 0) {
        hid_t ind = H5Pcreate(H5P_DATASET_XFER);
        H5Pset_dxpl_mpio(ind, H5FD_MPIO_INDEPENDENT);
        if (H5Dwrite(o->feasible, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, ind, feasible) < 0) rc = -1;
        if (H5Dwrite(o->done, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, ind, done) < 0) rc = -1;
        H5Pclose(ind);
    }
    if (H5Fflush(o->file, H5F_SCOPE_GLOBAL) < 0) rc = -1;
    /* the same answer on every rank, or one would leave the loop and the others wait for it */
    MPI_Allreduce(&rc, &any, 1, MPI_INT, MPI_MIN, o->comm);
    return any;
}

int ms_h5_close(ms_h5out *o) {
    for (size_t m = 0; m < o->n_metrics; m++)
        if (o->metric[m] > 0) H5Dclose(o->metric[m]);
    hid_t ds[] = {o->status, o->bottleneck, o->done, o->feasible};
    for (size_t i = 0; i < 4; i++)
        if (ds[i] > 0) H5Dclose(ds[i]);
    if (o->dxpl > 0) H5Pclose(o->dxpl);
    int rc = o->file > 0 && close_file(o->file) < 0 ? -1 : 0;
    memset(o, 0, sizeof *o);
    return rc;
}

MS_OUT_OF_LINE int ms_h5_finish(const ms_plan *pl, const char *path, const ms_run_info *info,
                                int64_t *feasible_out, char *err, size_t errlen) {
    quiet_hdf5();
    int ok = -1;
    int64_t *feas = calloc(pl->n_chunks, sizeof *feas);
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT), d = -1;
    if (!feas) FAIL("out of memory");
    if (f < 0) FAIL("cannot reopen '%s' to finish it", path);
    d = H5Dopen2(f, "progress/feasible", H5P_DEFAULT);
    if (d < 0 || H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, feas) < 0)
        FAIL("cannot read /progress/feasible of '%s'", path);
    int64_t total = 0;
    for (uint64_t k = 0; k < pl->n_chunks; k++) total += feas[k];
    *feasible_out = total;
    char now[32];
    ms_h5_now(now);
    if (attr_int(f, "ranks", info->ranks) || attr_int(f, "threads", info->threads) ||
        attr_i64(f, "points_feasible", total) ||
        attr_num(f, "points_per_s", H5T_NATIVE_DOUBLE, &info->points_per_s, 0) ||
        (info->complete && attr_str(f, "end_time", now)))
        FAIL("cannot write the attributes of '%s'", path);
    /* last of all, after everything else is on disk */
    if (info->complete && (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0 || attr_int(f, "complete", 1)))
        FAIL("cannot mark '%s' complete", path);
    ok = 0;
fail:
    if (d >= 0) H5Dclose(d);
    if (f >= 0 && close_file(f) < 0 && ok == 0) {
        snprintf(err, errlen, "cannot close '%s' (disk full?)", path);
        ok = -1;
    }
    free(feas);
    return ok;
}
