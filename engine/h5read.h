/* h5read.h - opening result files read-only and reading their attributes (status, merge).
 *
 * HDF5 1.10 without SWMR: a file that `mlsweep run` holds open may refuse a second open (file
 * locks), and its on-disk metadata is only consistent right after the writer's last flush. These
 * helpers open such files without taking a lock and turn every failure into one clear line. */
#ifndef MS_H5READ_H
#define MS_H5READ_H
#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

/* Opens path read-only (HDF5's error printing off). Returns the file id, or -1 with a message in
 * err; *code is set to the exit code that fits (1: missing or not HDF5, 2: unreadable). */
hid_t ms_h5r_open(const char *path, int *code, char *err, size_t errlen);

/* Attribute readers: 0 on success, -1 if the attribute is missing or has the wrong class. */
int ms_h5r_attr_i64(hid_t obj, const char *name, int64_t *out);
int ms_h5r_attr_f64(hid_t obj, const char *name, double *out);
/* *out is malloc'ed (fixed or variable-length strings); free() it. */
int ms_h5r_attr_str(hid_t obj, const char *name, char **out);
/* Reads a 1-d integer attribute into out[0..*n) (at most max values). */
int ms_h5r_attr_u64v(hid_t obj, const char *name, uint64_t *out, size_t max, size_t *n);
#endif
