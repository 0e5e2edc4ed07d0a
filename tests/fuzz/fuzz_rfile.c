/* fuzz_rfile.c - libFuzzer harness: the result-file reader of `mlsweep pareto` and `table`
 * (analysis/rfile.c) on files it did not expect. The input drives a file built with the HDF5
 * API: axes of numbers, strings, integers or nothing, of sizes that match the tensors or not;
 * metrics of float, integer or string type and right or wrong shape, chunked or contiguous;
 * status and attributes of wrong types and shapes. An accepted file is then read entirely,
 * block by block and at scattered points, as the commands do. Must never crash, leak memory or
 * HDF5 handles, and must say why it refuses a file. (Raw bytes would mostly fuzz libhdf5's own
 * parser: see fuzz_resume_raw and docs/robustness.md.) */
#include "rfile.h"

#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;
static unsigned take(bytes *b) {
    if (!b->n) return 0;
    b->n--;
    return *b->p++;
}

static hid_t vlen_str(void) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

/* a string or integer attribute, scalar or an array of 2, or absent */
static void put_attr(hid_t obj, const char *name, const char *sval, int ival, bytes *b) {
    unsigned form = take(b) % 5;
    if (form == 0) return;
    hsize_t two = 2;
    hid_t sp = form >= 3 ? H5Screate_simple(1, &two, NULL) : H5Screate(H5S_SCALAR);
    int ints[2] = {ival, ival};
    const char *strs[2] = {sval, sval};
    hid_t t = form % 2 ? vlen_str() : H5Tcopy(H5T_NATIVE_INT);
    hid_t a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        H5Awrite(a, t, form % 2 ? (const void *)strs : (const void *)ints);
        H5Aclose(a);
    }
    H5Tclose(t);
    H5Sclose(sp);
}

/* a dataset of the given dims whose type (float32/64, int32, string) and chunking come from
   the bytes; values are small numbers or names */
static hid_t put_data(hid_t loc, const char *name, int rank, const hsize_t *dims, unsigned type,
                      bytes *b) {
    hsize_t n = 1;
    for (int i = 0; i < rank; i++) n *= dims[i];
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t dc = H5Pcreate(H5P_DATASET_CREATE);
    if (take(b) & 1 && n > 0) {
        hsize_t ch[8];
        for (int i = 0; i < rank; i++) ch[i] = dims[i] ? 1 + take(b) % dims[i] : 1;
        H5Pset_chunk(dc, rank, ch);
    }
    hid_t t = type == 0   ? H5Tcopy(H5T_NATIVE_FLOAT)
              : type == 1 ? H5Tcopy(H5T_NATIVE_DOUBLE)
              : type == 2 ? H5Tcopy(H5T_NATIVE_INT)
              : type == 3 ? H5Tcopy(H5T_NATIVE_UINT8)
                          : vlen_str();
    hid_t d = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, dc, H5P_DEFAULT);
    if (d >= 0 && n > 0) {
        if (type == 4) {
            static const char *const names[] = {"h100-sxm", "", "a,b", "\xff", "x"};
            const char **s = malloc(n * sizeof *s);
            for (hsize_t i = 0; s && i < n; i++) s[i] = names[(i + take(b)) % 5];
            if (s) H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s);
            free(s);
        } else {
            double *v = malloc(n * sizeof *v);
            for (hsize_t i = 0; v && i < n; i++) {
                unsigned c = take(b);
                v[i] = c == 255 ? 0.0 / 0.0 : c == 254 ? 1e300 : (double)c - 8;
            }
            if (v) H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
            free(v);
        }
    }
    H5Tclose(t);
    H5Pclose(dc);
    H5Sclose(sp);
    return d;
}

static int build(const char *path, bytes *b) {
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return -1;
    put_attr(f, "complete", "1", take(b) % 3, b);
    put_attr(f, "mlsweep_format_version", "1", 1 + (take(b) == 7), b);
    put_attr(f, "mode", take(b) & 1 ? "serve" : "train", 0, b);
    put_attr(f, "job_name", "fuzz", 0, b);
    /* 0-3 axes of 0-5 values; the tensors' dims are these or off by one */
    static const char *const axis_names[] = {"hardware", "batch", "tp", "model"};
    int rank = (int)(take(b) % 4);
    hsize_t dims[4], tdims[4];
    hid_t ga = take(b) % 8 ? H5Gcreate2(f, "axes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    for (int i = 0; i < rank; i++) {
        dims[i] = take(b) % 6;
        tdims[i] = take(b) % 10 ? dims[i] : dims[i] + 1;
        unsigned kind = take(b) % 6; /* 5: no axis dataset */
        if (ga >= 0 && kind < 5) {
            hid_t d = put_data(ga, axis_names[i], 1, &dims[i], kind, b);
            if (d >= 0) H5Dclose(d);
        }
    }
    if (ga >= 0) H5Gclose(ga);
    char list[64] = "";
    for (int i = 0; i < rank; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? "," : "", axis_names[i]);
    }
    unsigned extra = take(b) % 8;
    if (extra == 1) strcat(list, ",nosuch");
    if (extra == 2) strcat(list, ",../x");
    if (extra == 3) strcat(list, ", ,");
    put_attr(f, "axes", list, 0, b);
    static const char *const metric_names[] = {"ttft_s", "cost_usd", "tp_comm_time_s", "zz"};
    hid_t gm = take(b) % 8 ? H5Gcreate2(f, "metrics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    int nm = (int)(take(b) % 4);
    for (int m = 0; gm >= 0 && m < nm; m++) {
        unsigned shape = take(b) % 8; /* 0: one dim fewer */
        int r = shape == 0 && rank > 0 ? rank - 1 : rank;
        unsigned type = take(b) % 8; /* mostly float */
        hid_t d = put_data(gm, metric_names[m], r, tdims, type < 5 ? type % 5 : 0, b);
        if (d >= 0) {
            put_attr(d, "units", "s", 0, b);
            put_attr(d, "long_name", "fuzz metric", 0, b);
            H5Dclose(d);
        }
    }
    if (gm >= 0) H5Gclose(gm);
    for (int w = 0; w < 2; w++)
        if (take(b) % 4) {
            unsigned type = take(b) % 6;
            hid_t d = put_data(f, w ? "bottleneck" : "status", rank, tdims, type < 5 ? type : 3, b);
            if (d >= 0) H5Dclose(d);
        }
    return H5Fclose(f) < 0 ? -1 : 0;
}

/* everything a command reads from an accepted file */
static void read_all(ms_rfile *rf) {
    char buf[256];
    for (int a = 0; a < rf->rank; a++)
        for (size_t i = 0; i < rf->axes[a].n && i < 64; i++)
            ms_rfile_axis_text(rf, a, i, buf, sizeof buf);
    ms_rfile_hint(rf, "ttft", 1, 1, buf, sizeof buf);
    ms_rfile_axis(rf, "batch");
    ms_rfile_metric(rf, "ttft_s");
    hsize_t off[MS_RF_MAX_AXES], cnt[MS_RF_MAX_AXES];
    for (uint64_t k = 0; k < rf->n_blocks && k < 16; k++) {
        uint64_t n = ms_rfile_block(rf, k, off, cnt);
        if (n > MS_RF_BLOCK_POINTS) abort(); /* a block larger than the promise */
        double *v = malloc((n ? n : 1) * sizeof *v);
        uint8_t *u = malloc(n ? n : 1);
        for (size_t m = 0; v && m < rf->n_metrics; m++)
            ms_rfile_read_metric(rf, (int)m, off, cnt, v);
        if (u && rf->has_status) ms_rfile_read_u8(rf, "status", off, cnt, u);
        if (u && rf->has_bottleneck) ms_rfile_read_u8(rf, "bottleneck", off, cnt, u);
        free(v);
        free(u);
    }
    if (rf->points) {
        uint64_t ids[3] = {0, rf->points - 1, rf->points / 2};
        double v[3];
        uint8_t u[3];
        size_t coord[MS_RF_MAX_AXES];
        for (size_t m = 0; m < rf->n_metrics; m++) ms_rfile_read_metric_at(rf, (int)m, 3, ids, v);
        if (rf->has_status) ms_rfile_read_u8_at(rf, "status", 3, ids, u);
        for (int i = 0; i < 3; i++) ms_rfile_coord(rf, ids[i], coord);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int init;
    if (!init) H5Eset_auto2(H5E_DEFAULT, NULL, NULL), init = 1;
    char path[64];
    snprintf(path, sizeof path, "/tmp/mlsweep-fuzz-rfile.%d.h5", (int)getpid());
    bytes b = {data, size};
    if (build(path, &b)) {
        unlink(path);
        return 0;
    }
    ms_rfile rf;
    char err[700] = "";
    int rc = ms_rfile_open(&rf, path, err, sizeof err);
    if (rc < 0 || rc > 2) abort();
    if (rc != 0 && !err[0]) abort(); /* a refusal always says why */
    if (rc == 0) read_all(&rf);
    ms_rfile_close(&rf); /* also after a refusal, as the commands do */
    if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) abort(); /* leaked HDF5 handles */
    unlink(path);
    return 0;
}
