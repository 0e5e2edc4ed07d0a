/* rfile.c - result-file reader for the analysis commands (layout: docs/file-format.md). */
#include "rfile.h"

#include "exitcodes.h"
#include "mlsweep.h"
#include "suggest.h"
#include "watchdog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dupstr(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* A string attribute (variable- or fixed-length), or NULL when absent or not a string. */
static char *attr_str(hid_t obj, const char *name) {
    if (H5Aexists(obj, name) <= 0) return NULL;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return NULL;
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    char *out = NULL;
    if (H5Tget_class(t) == H5T_STRING && H5Sget_simple_extent_npoints(sp) == 1) {
        if (H5Tis_variable_str(t) > 0) {
            hid_t mt = H5Tcopy(H5T_C_S1);
            H5Tset_size(mt, H5T_VARIABLE);
            H5Tset_cset(mt, H5Tget_cset(t));
            char *s = NULL;
            if (H5Aread(a, mt, &s) >= 0 && s) {
                out = dupstr(s);
                H5free_memory(s);
            }
            H5Tclose(mt);
        } else {
            size_t n = H5Tget_size(t);
            hid_t mt = H5Tcopy(H5T_C_S1);
            H5Tset_cset(mt, H5Tget_cset(t));
            H5Tset_size(mt, n + 1);
            H5Tset_strpad(mt, H5T_STR_NULLTERM);
            out = calloc(n + 2, 1);
            if (out && H5Aread(a, mt, out) < 0) {
                free(out);
                out = NULL;
            }
            H5Tclose(mt);
        }
    }
    H5Sclose(sp);
    H5Tclose(t);
    H5Aclose(a);
    return out;
}

static int attr_int(hid_t obj, const char *name, long long *v) {
    if (H5Aexists(obj, name) <= 0) return -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
    int rc = -1;
    /* one value only: H5Aread writes every element of an array attribute into d (fuzz_rfile) */
    if ((H5Tget_class(t) == H5T_INTEGER || H5Tget_class(t) == H5T_FLOAT) &&
        H5Sget_simple_extent_npoints(sp) == 1) {
        double d;
        if (H5Aread(a, H5T_NATIVE_DOUBLE, &d) >= 0 && fabs(d) < 9e18) { /* cast defined */
            *v = (long long)d;
            rc = 0;
        }
    }
    H5Sclose(sp);
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

/* Reads a 1-d string dataset (vlen or fixed) into n malloc'd strings. */
static char **read_strings(hid_t d, size_t n) {
    hid_t t = H5Dget_type(d);
    char **out = calloc(n ? n : 1, sizeof *out);
    int ok = out != NULL;
    if (ok && H5Tis_variable_str(t) > 0) {
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_size(mt, H5T_VARIABLE);
        H5Tset_cset(mt, H5Tget_cset(t));
        char **raw = calloc(n ? n : 1, sizeof *raw);
        if (raw && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) >= 0) {
            for (size_t i = 0; i < n && ok; i++)
                ok = (out[i] = dupstr(raw[i] ? raw[i] : "")) != NULL;
            hid_t sp = H5Dget_space(d);
            H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, raw);
            H5Sclose(sp);
        } else
            ok = 0;
        free(raw);
        H5Tclose(mt);
    } else if (ok) {
        size_t w = H5Tget_size(t);
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_cset(mt, H5Tget_cset(t));
        H5Tset_size(mt, w + 1);
        H5Tset_strpad(mt, H5T_STR_NULLTERM);
        char *raw = calloc(n ? n : 1, w + 1);
        if (raw && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) >= 0) {
            for (size_t i = 0; i < n && ok; i++) ok = (out[i] = dupstr(raw + i * (w + 1))) != NULL;
        } else
            ok = 0;
        free(raw);
        H5Tclose(mt);
    }
    H5Tclose(t);
    if (!ok && out) {
        for (size_t i = 0; i < n; i++) free(out[i]);
        free(out);
        out = NULL;
    }
    return out;
}

static int catalogue_rank(const char *name) {
    const ms_metric_info *m = ms_metric_find(name);
    return m ? (int)(m - ms_metrics) : (int)ms_metric_count;
}

static int cmp_metric(const void *a, const void *b) {
    const ms_rf_metric *x = a, *y = b;
    int rx = catalogue_rank(x->name), ry = catalogue_rank(y->name);
    if (rx != ry) return rx - ry;
    return strcmp(x->name, y->name);
}

/* Does dataset `path` have exactly the full shape? */
static int full_shape(const ms_rfile *f, hid_t d) {
    hid_t sp = H5Dget_space(d);
    hsize_t dims[MS_RF_MAX_AXES];
    int r = H5Sget_simple_extent_ndims(sp);
    int ok = r == f->rank && r <= MS_RF_MAX_AXES;
    if (ok && r > 0) {
        H5Sget_simple_extent_dims(sp, dims, NULL);
        for (int i = 0; i < r; i++) ok &= dims[i] == f->dims[i];
    }
    H5Sclose(sp);
    return ok;
}

static void pick_block(ms_rfile *f, hid_t d) {
    int chunked = 0;
    if (d >= 0) {
        hid_t dcpl = H5Dget_create_plist(d);
        if (H5Pget_layout(dcpl) == H5D_CHUNKED) {
            hsize_t c[MS_RF_MAX_AXES];
            if (H5Pget_chunk(dcpl, f->rank, c) == f->rank) {
                memcpy(f->block, c, sizeof(hsize_t) * (size_t)f->rank);
                chunked = 1;
            }
        }
        H5Pclose(dcpl);
    }
    if (!chunked) /* the writer's rule: trailing axes whole, leading ones split */
        for (int i = 0; i < f->rank; i++) f->block[i] = f->dims[i];
    /* Grow trailing-whole blocks along the split axis up to the block budget, so that tiny
     * chunks do not mean tiny reads; then shrink from the front if over budget. */
    uint64_t pts = 1;
    for (int i = 0; i < f->rank; i++) pts *= f->block[i] ? f->block[i] : 1;
    for (int i = 0; i < f->rank && pts > MS_RF_BLOCK_POINTS; i++) {
        uint64_t rest = pts / f->block[i];
        hsize_t b = rest >= MS_RF_BLOCK_POINTS ? 1 : (hsize_t)(MS_RF_BLOCK_POINTS / rest);
        f->block[i] = b ? b : 1;
        pts = rest * f->block[i];
    }
    f->n_blocks = 1;
    for (int i = 0; i < f->rank; i++)
        f->n_blocks *= f->block[i] ? (f->dims[i] + f->block[i] - 1) / f->block[i] : 0;
}

static int rfile_open(ms_rfile *f, const char *path, char *err, size_t errlen) {
    memset(f, 0, sizeof *f);
    f->file = -1;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    FILE *probe = fopen(path, "rb");
    if (!probe) {
        snprintf(err, errlen, "cannot open '%s'", path);
        return MS_EXIT_INPUT;
    }
    fclose(probe);
    if (H5Fis_hdf5(path) <= 0) {
        snprintf(err, errlen, "'%s' is not an HDF5 file", path);
        return MS_EXIT_INPUT;
    }
    f->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f->file < 0) {
        snprintf(err, errlen, "cannot open '%s' with HDF5", path);
        return MS_EXIT_RUNTIME;
    }
    f->path = dupstr(path);
    long long v = 0;
    f->complete = attr_int(f->file, "complete", &v) == 0 && v == 1;
    if (attr_int(f->file, "mlsweep_format_version", &v) == 0 && v != MLSWEEP_FORMAT_VERSION) {
        snprintf(err, errlen, "'%s' has result format %lld; this mlsweep reads format %d", path, v,
                 MLSWEEP_FORMAT_VERSION);
        return MS_EXIT_INPUT;
    }
    f->mode = attr_str(f->file, "mode");
    f->job_name = attr_str(f->file, "job_name");
    char *axes = attr_str(f->file, "axes");
    if (!axes || H5Lexists(f->file, "axes", H5P_DEFAULT) <= 0 ||
        H5Lexists(f->file, "metrics", H5P_DEFAULT) <= 0) {
        free(axes);
        snprintf(err, errlen,
                 "'%s' is not an mlsweep result file (no 'axes' attribute, /axes or /metrics)",
                 path);
        return MS_EXIT_INPUT;
    }
    /* axes, in the order of the root attribute */
    f->axes = calloc(MS_RF_MAX_AXES, sizeof *f->axes);
    if (!f->axes) {
        free(axes);
        snprintf(err, errlen, "out of memory");
        return MS_EXIT_RUNTIME;
    }
    int rc = 0;
    f->points = 1;
    for (char *save = NULL, *tok = strtok_r(axes, ",", &save); tok && !rc;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        if (f->rank == MS_RF_MAX_AXES) {
            snprintf(err, errlen, "'%s' has more than %d axes", path, MS_RF_MAX_AXES);
            rc = MS_EXIT_INPUT;
            break;
        }
        char dpath[512];
        snprintf(dpath, sizeof dpath, "axes/%s", tok);
        hid_t d = H5Lexists(f->file, "axes", H5P_DEFAULT) > 0 && strchr(tok, '/') == NULL &&
                          H5Lexists(f->file, dpath, H5P_DEFAULT) > 0
                      ? H5Dopen2(f->file, dpath, H5P_DEFAULT)
                      : -1;
        if (d < 0) {
            snprintf(err, errlen, "'%s': axis '%s' is listed but /axes/%s is missing", path, tok,
                     tok);
            rc = MS_EXIT_INPUT;
            break;
        }
        ms_rf_axis *a = &f->axes[f->rank];
        a->name = dupstr(tok);
        hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
        hssize_t n = H5Sget_simple_extent_npoints(sp);
        if (H5Sget_simple_extent_ndims(sp) != 1 || n < 1) {
            snprintf(err, errlen, "'%s': /axes/%s is not a non-empty 1-d dataset", path, tok);
            rc = MS_EXIT_INPUT;
        } else {
            a->n = (size_t)n;
            if (H5Tget_class(t) == H5T_STRING) {
                if (!(a->str = read_strings(d, a->n))) {
                    snprintf(err, errlen, "'%s': cannot read /axes/%s", path, tok);
                    rc = MS_EXIT_RUNTIME;
                }
            } else {
                a->num = malloc(a->n * sizeof *a->num);
                if (!a->num ||
                    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a->num) < 0) {
                    snprintf(err, errlen, "'%s': cannot read /axes/%s", path, tok);
                    rc = MS_EXIT_RUNTIME;
                }
            }
        }
        f->dims[f->rank++] = (hsize_t)(n > 0 ? n : 0);
        f->points *= (uint64_t)(n > 0 ? n : 0);
        H5Tclose(t);
        H5Sclose(sp);
        H5Dclose(d);
    }
    free(axes);
    if (!rc && f->rank == 0) {
        snprintf(err, errlen, "'%s' has no axes", path);
        rc = MS_EXIT_INPUT;
    }
    if (rc) return rc;
    /* metrics */
    hid_t g = H5Gopen2(f->file, "metrics", H5P_DEFAULT);
    H5G_info_t gi;
    if (g < 0 || H5Gget_info(g, &gi) < 0) {
        if (g >= 0) H5Gclose(g);
        snprintf(err, errlen, "'%s': cannot read /metrics", path);
        return MS_EXIT_RUNTIME;
    }
    f->metrics = calloc(gi.nlinks ? gi.nlinks : 1, sizeof *f->metrics);
    for (hsize_t i = 0; f->metrics && i < gi.nlinks && !rc; i++) {
        char name[256];
        ssize_t len = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                                         H5P_DEFAULT);
        if (len <= 0 || (size_t)len >= sizeof name) continue;
        hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
        if (d < 0) continue; /* not a dataset */
        if (!full_shape(f, d)) {
            snprintf(err, errlen, "'%s': /metrics/%s does not have the grid's shape", path, name);
            rc = MS_EXIT_INPUT;
        } else {
            ms_rf_metric *m = &f->metrics[f->n_metrics++];
            m->name = dupstr(name);
            m->units = attr_str(d, "units");
            m->long_name = attr_str(d, "long_name");
            hid_t t = H5Dget_type(d);
            m->digits = H5Tget_class(t) == H5T_FLOAT && H5Tget_size(t) <= 4 ? 9 : 17;
            H5Tclose(t);
            if (!m->units) m->units = dupstr("");
            if (!m->long_name) m->long_name = dupstr("");
        }
        H5Dclose(d);
    }
    H5Gclose(g);
    if (rc) return rc;
    qsort(f->metrics, f->n_metrics, sizeof *f->metrics, cmp_metric);
    /* status / bottleneck; the read block follows /status's chunking (all full-shape datasets
     * share one chunk shape), else the first metric's */
    hid_t sd = -1;
    for (int k = 0; k < 2; k++) {
        const char *nm = k ? "bottleneck" : "status";
        if (H5Lexists(f->file, nm, H5P_DEFAULT) <= 0) continue;
        hid_t d = H5Dopen2(f->file, nm, H5P_DEFAULT);
        if (d < 0) continue;
        if (!full_shape(f, d)) {
            H5Dclose(d);
            snprintf(err, errlen, "'%s': /%s does not have the grid's shape", path, nm);
            if (sd >= 0) H5Dclose(sd);
            return MS_EXIT_INPUT;
        }
        if (k)
            f->has_bottleneck = 1;
        else
            f->has_status = 1;
        if (sd < 0)
            sd = d;
        else
            H5Dclose(d);
    }
    if (sd < 0 && f->n_metrics) {
        char p[300];
        snprintf(p, sizeof p, "metrics/%s", f->metrics[0].name);
        sd = H5Dopen2(f->file, p, H5P_DEFAULT);
    }
    pick_block(f, sd);
    if (sd >= 0) H5Dclose(sd);
    return 0;
}

/* The file's metadata (attributes, axes, metric list, legends) is read under the watchdog: a
   damaged file can send HDF5 into an endless loop (tests/hostile/data/hdf5-loop.h5). */
int ms_rfile_open(ms_rfile *f, const char *path, char *err, size_t errlen) {
    ms_watchdog_arm_file("mlsweep", path, "", "");
    int rc = rfile_open(f, path, err, errlen);
    ms_watchdog_disarm();
    return rc;
}

void ms_rfile_close(ms_rfile *f) {
    if (f->file >= 0) H5Fclose(f->file);
    for (int i = 0; f->axes && i < f->rank; i++) {
        free(f->axes[i].name);
        free(f->axes[i].num);
        for (size_t j = 0; f->axes[i].str && j < f->axes[i].n; j++) free(f->axes[i].str[j]);
        free(f->axes[i].str);
    }
    free(f->axes);
    for (size_t i = 0; i < f->n_metrics; i++) {
        free(f->metrics[i].name);
        free(f->metrics[i].units);
        free(f->metrics[i].long_name);
    }
    free(f->metrics);
    free(f->path);
    free(f->mode);
    free(f->job_name);
    memset(f, 0, sizeof *f);
    f->file = -1;
}

int ms_rfile_axis(const ms_rfile *f, const char *name) {
    for (int i = 0; i < f->rank; i++)
        if (strcmp(f->axes[i].name, name) == 0) return i;
    return -1;
}

int ms_rfile_metric(const ms_rfile *f, const char *name) {
    for (size_t i = 0; i < f->n_metrics; i++)
        if (strcmp(f->metrics[i].name, name) == 0) return (int)i;
    return -1;
}

const char *ms_rfile_hint(const ms_rfile *f, const char *name, int axes, int metrics, char *buf,
                          size_t len) {
    const char **c = malloc(((size_t)f->rank + f->n_metrics + 1) * sizeof *c);
    size_t n = 0;
    if (!c) {
        if (len) buf[0] = 0;
        return buf;
    }
    for (int i = 0; axes && i < f->rank; i++) c[n++] = f->axes[i].name;
    for (size_t i = 0; metrics && i < f->n_metrics; i++) c[n++] = f->metrics[i].name;
    ms_suggest_hint(name, c, n, buf, len);
    free(c);
    return buf;
}

uint64_t ms_rfile_block(const ms_rfile *f, uint64_t b, hsize_t *off, hsize_t *cnt) {
    uint64_t pts = 1;
    for (int i = f->rank - 1; i >= 0; i--) {
        uint64_t nb = (f->dims[i] + f->block[i] - 1) / f->block[i];
        uint64_t bi = b % nb;
        b /= nb;
        off[i] = bi * f->block[i];
        cnt[i] = off[i] + f->block[i] <= f->dims[i] ? f->block[i] : f->dims[i] - off[i];
        pts *= cnt[i];
    }
    return pts;
}

/* one bounded read of bulk data under the watchdog (engine/watchdog.h) */
static void arm_bulk(const ms_rfile *f) {
    ms_watchdog_arm_block("mlsweep", f->path);
}

static int read_block(const ms_rfile *f, const char *path, hid_t mtype, const hsize_t *off,
                      const hsize_t *cnt, void *buf) {
    arm_bulk(f);
    hid_t d = H5Dopen2(f->file, path, H5P_DEFAULT);
    if (d < 0) {
        ms_watchdog_disarm();
        return -1;
    }
    hid_t fs = H5Dget_space(d);
    /* the memory space has the block's own shape: a 1-d one would make HDF5 map every element
     * to its chunk one by one (measured: 5x slower) */
    hid_t ms = H5Screate_simple(f->rank, cnt, NULL);
    int rc = H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, cnt, NULL) < 0 ||
                     H5Dread(d, mtype, ms, fs, H5P_DEFAULT, buf) < 0
                 ? -1
                 : 0;
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    ms_watchdog_disarm();
    return rc;
}

int ms_rfile_read_metric(const ms_rfile *f, int m, const hsize_t *off, const hsize_t *cnt,
                         double *buf) {
    char p[300];
    snprintf(p, sizeof p, "metrics/%s", f->metrics[m].name);
    return read_block(f, p, H5T_NATIVE_DOUBLE, off, cnt, buf);
}

int ms_rfile_read_u8(const ms_rfile *f, const char *dset, const hsize_t *off, const hsize_t *cnt,
                     uint8_t *buf) {
    return read_block(f, dset, H5T_NATIVE_UINT8, off, cnt, buf);
}

/* The points `ids` of one dataset, AT_BATCH at a time: each batch touches at most that many
   chunks (a few hundred MB at worst), so each is one bounded read under the watchdog, while a
   frontier of 10^6 points spread over a 10^9-point file may take minutes as a whole. */
#define AT_BATCH 256
static int read_at(const ms_rfile *f, const char *path, hid_t mtype, size_t n, const uint64_t *ids,
                   void *buf) {
    if (n == 0) return 0;
    hsize_t *c = malloc(AT_BATCH * (size_t)f->rank * sizeof *c);
    size_t coord[MS_RF_MAX_AXES];
    const size_t esize = H5Tget_size(mtype);
    if (!c) return -1;
    arm_bulk(f);
    hid_t d = H5Dopen2(f->file, path, H5P_DEFAULT);
    hid_t fs = d >= 0 ? H5Dget_space(d) : -1;
    ms_watchdog_disarm();
    int rc = d >= 0 && fs >= 0 ? 0 : -1;
    for (size_t i0 = 0; !rc && i0 < n; i0 += AT_BATCH) {
        const size_t nb = n - i0 < AT_BATCH ? n - i0 : AT_BATCH;
        for (size_t i = 0; i < nb; i++) {
            ms_rfile_coord(f, ids[i0 + i], coord);
            for (int j = 0; j < f->rank; j++) c[i * (size_t)f->rank + (size_t)j] = coord[j];
        }
        hsize_t hn = nb;
        hid_t ms = H5Screate_simple(1, &hn, NULL);
        arm_bulk(f);
        if (H5Sselect_elements(fs, H5S_SELECT_SET, nb, c) < 0 ||
            H5Dread(d, mtype, ms, fs, H5P_DEFAULT, (char *)buf + i0 * esize) < 0)
            rc = -1;
        ms_watchdog_disarm();
        H5Sclose(ms);
    }
    if (fs >= 0) H5Sclose(fs);
    if (d >= 0) H5Dclose(d);
    free(c);
    return rc;
}

int ms_rfile_read_metric_at(const ms_rfile *f, int m, size_t n, const uint64_t *ids, double *buf) {
    char p[300];
    snprintf(p, sizeof p, "metrics/%s", f->metrics[m].name);
    return read_at(f, p, H5T_NATIVE_DOUBLE, n, ids, buf);
}

int ms_rfile_read_u8_at(const ms_rfile *f, const char *dset, size_t n, const uint64_t *ids,
                        uint8_t *buf) {
    return read_at(f, dset, H5T_NATIVE_UINT8, n, ids, buf);
}

void ms_rfile_coord(const ms_rfile *f, uint64_t id, size_t *coord) {
    for (int i = f->rank - 1; i >= 0; i--) {
        coord[i] = (size_t)(id % f->dims[i]);
        id /= f->dims[i];
    }
}

const char *ms_rfile_axis_text(const ms_rfile *f, int a, size_t i, char *buf, size_t len) {
    const ms_rf_axis *ax = &f->axes[a];
    if (ax->str)
        snprintf(buf, len, "%s", ax->str[i]);
    else
        snprintf(buf, len, "%.10g", ax->num[i]);
    return buf;
}
