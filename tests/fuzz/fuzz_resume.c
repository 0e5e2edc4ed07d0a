/* fuzz_resume.c - libFuzzer harness: the result-file check of `mlsweep run --resume`
 * (ms_h5_check_resume) on files it did not write. Must never crash, leak memory or HDF5
 * handles, and must say why it refuses a file.
 *
 * fuzz_resume (in CI): the input drives a structured file built with the HDF5 API: each root
 *   attribute and /progress dataset present or absent, of the right or a wrong type, shape or
 *   value. This reaches every check of our reader, which raw bytes almost never do.
 * fuzz_resume_raw (built from this file with MS_FUZZ_RAW, not in CI): the input bytes are the
 *   file (seeds in corpus/resume_raw: real files of resume-job.yaml, whole and cut). This mostly
 *   fuzzes libhdf5's own parser, which loops and crashes on damaged files (docs/robustness.md);
 *   run it by hand, e.g. fuzz_resume_raw -max_total_time=60 corpus/resume_raw.
 * The plan (resume-job.yaml) is built once. */
#include "git_commit.h"
#include "h5out.h"
#include "plan.h"

#include <fcntl.h>
#include <hdf5.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ms_plan plan;
static int plan_ok = -1;
static char axes_s[256], *checksums;

/* A reader of the fuzz bytes: zeros once they run out. */
typedef struct bytes {
    const uint8_t *p;
    size_t n;
} bytes;
static unsigned take(bytes *b) {
    if (!b->n) return 0;
    b->n--;
    return *b->p++;
}

static void setup(void) {
    char err[1024];
    plan_ok = ms_plan_load(&plan, MS_FUZZ_SOURCE_DIR "/tests/fuzz/resume-job.yaml",
                           MS_FUZZ_CONFIG_DIR, NULL, 0, err, sizeof err);
    if (plan_ok) {
        fprintf(stderr, "fuzz_resume: %s\n", err);
        abort();
    }
    for (size_t i = 0; i < plan.n_axes; i++) {
        size_t l = strlen(axes_s);
        snprintf(axes_s + l, sizeof axes_s - l, "%s%s", i ? "," : "", plan.axes[i].prm->name);
    }
    size_t len = plan.reg.n_files * 20 + 1;
    checksums = calloc(len, 1);
    for (size_t i = 0; i < plan.reg.n_files; i++) {
        size_t l = strlen(checksums);
        snprintf(checksums + l, len - l, "%s%016llx", i ? "," : "",
                 (unsigned long long)plan.reg.checksums[i]);
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/* An attribute named name on obj: its form is chosen by the next byte, its true value is
   good (a string, or *good_int when good is NULL). */
static void put_attr(hid_t obj, const char *name, const char *good, long long good_int, bytes *b) {
    unsigned form = take(b) % 9, n = 1 + take(b) % 3;
    hsize_t dims[1] = {n};
    hid_t sp = form >= 6 ? H5Screate_simple(1, dims, NULL) : H5Screate(H5S_SCALAR);
    hid_t t = -1;
    const char *sv = good ? good : "1";
    char wrong[64];
    snprintf(wrong, sizeof wrong, "%u%s", take(b), good ? good : "");
    long long iv[3] = {good_int, (long long)take(b) - 128, 1};
    double dv[3] = {(double)good_int + 0.5, 1e300, -0.0};
    const char *strs[3] = {sv, wrong, ""};
    char fixed[3][32];
    switch (form % 6) {
    case 0: /* absent */
        H5Sclose(sp);
        return;
    case 1: /* the right value in the right type (UTF-8, as mlsweep and h5py write) */
    case 4: /* ... or in ASCII */
        if (good) {
            t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, H5T_VARIABLE);
            if (form % 6 == 1) H5Tset_cset(t, H5T_CSET_UTF8);
        } else
            t = H5Tcopy(H5T_NATIVE_INT);
        break;
    case 2: /* a wrong value */
        if (good) {
            t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, H5T_VARIABLE);
            strs[0] = wrong;
        } else {
            t = H5Tcopy(H5T_NATIVE_LLONG);
            iv[0] = iv[1];
        }
        break;
    case 3: /* a float */
        t = H5Tcopy(H5T_NATIVE_DOUBLE);
        break;
    default: /* a fixed-length string */
        t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, 1 + take(b) % 31);
        for (int i = 0; i < 3; i++) snprintf(fixed[i], sizeof fixed[i], "%s", strs[i]);
        H5Tset_cset(t, H5T_CSET_UTF8);
        break;
    }
    hid_t a = H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        const void *buf;
        if (H5Tget_class(t) == H5T_STRING && H5Tis_variable_str(t) > 0)
            buf = strs;
        else if (H5Tget_class(t) == H5T_STRING) {
            /* pack the fixed strings at the type's size */
            static char packed[3 * 32];
            size_t sz = H5Tget_size(t);
            memset(packed, 0, sizeof packed);
            for (int i = 0; i < 3; i++) memcpy(packed + i * sz, fixed[i], sz);
            buf = packed;
        } else if (H5Tget_class(t) == H5T_FLOAT)
            buf = dv;
        else if (H5Tget_size(t) == sizeof(int)) {
            static int ints[3];
            for (int i = 0; i < 3; i++) ints[i] = (int)iv[i];
            buf = ints;
        } else
            buf = iv;
        H5Awrite(a, t, buf);
        H5Aclose(a);
    }
    H5Tclose(t);
    H5Sclose(sp);
}

/* /progress/<name>: absent, a group, or a dataset of a chosen type and size near the truth. */
static void put_progress(hid_t g, const char *name, bytes *b) {
    unsigned form = take(b) % 6;
    if (form == 0) return;
    if (form == 1) {
        H5Gclose(H5Gcreate2(g, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
        return;
    }
    hsize_t n = plan.n_chunks;
    int delta = (int)(take(b) % 5) - 2; /* -2 .. +2 around the right size */
    if (form == 5 && (int64_t)n + delta >= 0) n = (hsize_t)((int64_t)n + delta);
    hsize_t dims[2] = {n, 1};
    int rank = form == 4 ? 2 : 1;
    hid_t t = form == 3 ? H5Tcopy(H5T_NATIVE_FLOAT) : H5Tcopy(H5T_NATIVE_INT64);
    if (form == 3 && take(b) & 1) {
        H5Tclose(t);
        t = H5Tcopy(H5T_C_S1);
        H5Tset_size(t, H5T_VARIABLE);
    }
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0 && H5Tget_class(t) != H5T_STRING) {
        int64_t *v = calloc(n ? n : 1, sizeof *v);
        for (hsize_t i = 0; v && i < n; i++) v[i] = (int64_t)take(b) - 2;
        if (v) H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
        free(v);
    }
    if (d >= 0) H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(t);
}

/* The build's commit, always right and taking no bytes: the check is a string comparison, and
   the corpus keeps reaching the checks after it */
static void put_build(hid_t f) {
    hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    const char *v = ms_git_commit;
    hid_t a = H5Acreate2(f, "git_commit", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    if (a >= 0) {
        H5Awrite(a, t, &v);
        H5Aclose(a);
    }
    H5Sclose(sp);
    H5Tclose(t);
}

static int build(const char *path, bytes *b) {
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return -1;
    put_attr(f, "mlsweep_format_version", NULL, MLSWEEP_FORMAT_VERSION, b);
    put_attr(f, "job_text", plan.job_text, 0, b);
    put_attr(f, "axes", axes_s, 0, b);
    put_attr(f, "registry_checksums", checksums, 0, b);
    put_build(f);
    put_attr(f, "complete", NULL, take(b) & 1, b);
    hid_t g = H5Gcreate2(f, "progress", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g >= 0) {
        put_progress(g, "done", b);
        put_progress(g, "feasible", b);
        H5Gclose(g);
    }
    return H5Fclose(f) < 0 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (plan_ok < 0) setup();
    char path[64];
    snprintf(path, sizeof path, "/tmp/mlsweep-fuzz-resume.%d.h5", (int)getpid());
#ifdef MS_FUZZ_RAW
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return 0;
    ssize_t w = write(fd, data, size);
    close(fd);
    if (w != (ssize_t)size) return 0;
#else
    bytes b = {data, size};
    if (build(path, &b)) {
        unlink(path);
        return 0;
    }
#endif
    /* guard bytes after the maps: a reader writing past n_chunks trips ASan */
    uint8_t *done = malloc(plan.n_chunks);
    int64_t *feasible = malloc(plan.n_chunks * sizeof *feasible);
    char err[700] = "";
    int rc = ms_h5_check_resume(&plan, path, done, feasible, err, sizeof err);
    if (rc < 0 || rc > 3) abort();
    if (rc != 0 && !err[0]) abort();                              /* a refusal always says why */
    if (H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) abort(); /* leaked HDF5 handles */
    free(done);
    free(feasible);
    unlink(path);
    return 0;
}
