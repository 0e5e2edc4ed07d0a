/* h5read.c - read-only access to result files (see h5read.h). */
#include "h5read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

hid_t ms_h5r_open(const char *path, int *code, char *err, size_t errlen) {
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    struct stat st;
    if (stat(path, &st) != 0) {
        *code = 1;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *code = 1;
        snprintf(err, errlen, "%s: not a regular file", path);
        return -1;
    }
    /* Without a lock: a running writer holds one, and reading beside it is what status is for. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_file_locking(fapl, 0, 1);
    htri_t is = H5Fis_hdf5(path);
    hid_t f = is > 0 ? H5Fopen(path, H5F_ACC_RDONLY, fapl) : -1;
    H5Pclose(fapl);
    if (f >= 0) return f;
    if (is == 0) {
        *code = 1;
        snprintf(err, errlen, "%s: not an HDF5 file", path);
    } else {
        *code = 2;
        snprintf(err, errlen,
                 "%s: cannot be opened (a writer may hold it open with unflushed metadata; "
                 "try again after its next batch)",
                 path);
    }
    return -1;
}

/* Opens attribute name of obj if present. */
static hid_t attr_open(hid_t obj, const char *name) {
    if (H5Aexists(obj, name) <= 0) return -1;
    return H5Aopen(obj, name, H5P_DEFAULT);
}

/* The attribute's number of elements, or -1. */
static hssize_t attr_npoints(hid_t a) {
    hid_t s = H5Aget_space(a);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    H5Sclose(s);
    return n;
}

static int attr_num(hid_t obj, const char *name, hid_t mtype, H5T_class_t want, void *out) {
    hid_t a = attr_open(obj, name);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a);
    H5T_class_t c = H5Tget_class(t);
    int ok = (c == H5T_INTEGER || c == want) && attr_npoints(a) == 1 && H5Aread(a, mtype, out) >= 0;
    H5Tclose(t);
    H5Aclose(a);
    return ok ? 0 : -1;
}

int ms_h5r_attr_i64(hid_t obj, const char *name, int64_t *out) {
    return attr_num(obj, name, H5T_NATIVE_INT64, H5T_INTEGER, out);
}

int ms_h5r_attr_f64(hid_t obj, const char *name, double *out) {
    return attr_num(obj, name, H5T_NATIVE_DOUBLE, H5T_FLOAT, out);
}

int ms_h5r_attr_str(hid_t obj, const char *name, char **out) {
    hid_t a = attr_open(obj, name);
    if (a < 0) return -1;
    int rc = -1;
    hid_t t = H5Aget_type(a);
    if (H5Tget_class(t) == H5T_STRING && attr_npoints(a) == 1) {
        if (H5Tis_variable_str(t) > 0) {
            hid_t m = H5Tcopy(H5T_C_S1);
            H5Tset_size(m, H5T_VARIABLE);
            H5Tset_cset(m, H5Tget_cset(t));
            char *s = NULL;
            if (H5Aread(a, m, &s) >= 0 && s) {
                *out = strdup(s);
                rc = *out ? 0 : -1;
            }
            hid_t sp = H5Aget_space(a);
            if (s) H5Dvlen_reclaim(m, sp, H5P_DEFAULT, &s);
            H5Sclose(sp);
            H5Tclose(m);
        } else {
            size_t len = H5Tget_size(t);
            char *s = calloc(len + 1, 1);
            hid_t m = H5Tcopy(t);
            if (s && H5Aread(a, m, s) >= 0) {
                *out = s;
                rc = 0;
            } else {
                free(s);
            }
            H5Tclose(m);
        }
    }
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}

int ms_h5r_attr_u64v(hid_t obj, const char *name, uint64_t *out, size_t max, size_t *n) {
    hid_t a = attr_open(obj, name);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a);
    hssize_t np = attr_npoints(a);
    int rc = -1;
    if (H5Tget_class(t) == H5T_INTEGER && np >= 1 && (size_t)np <= max &&
        H5Aread(a, H5T_NATIVE_UINT64, out) >= 0) {
        *n = (size_t)np;
        rc = 0;
    }
    H5Tclose(t);
    H5Aclose(a);
    return rc;
}
