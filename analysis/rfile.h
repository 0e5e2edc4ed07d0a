/* rfile.h - reading result files (docs/file-format.md) block by block for the analysis
 * commands: axes with their values, metrics with units, and hyperslabs along the datasets'
 * chunking, so that no command ever holds a whole tensor in memory. Serial HDF5 access (each MPI
 * rank opens the file read-only on its own). */
#ifndef MS_RFILE_H
#define MS_RFILE_H
#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

#define MS_RF_MAX_AXES 32
/* Upper bound on the points of one read block (the chunk shape is used when it is smaller). */
#define MS_RF_BLOCK_POINTS (1u << 20)

typedef struct ms_rf_axis {
    char *name;
    size_t n;
    double *num; /* numeric axis, or NULL */
    char **str;  /* string axis, or NULL */
} ms_rf_axis;

typedef struct ms_rf_metric {
    char *name, *units, *long_name;
    int digits; /* significant digits that round-trip the stored type (9 float32, 17 float64) */
} ms_rf_metric;

typedef struct ms_rfile {
    hid_t file;
    char *path;
    int rank; /* number of axes */
    hsize_t dims[MS_RF_MAX_AXES];
    uint64_t points;
    ms_rf_axis *axes;
    ms_rf_metric *metrics; /* in the order of the solver's metric catalogue, unknown ones last */
    size_t n_metrics;
    hsize_t block[MS_RF_MAX_AXES]; /* shape of one read block */
    uint64_t n_blocks;
    int complete; /* root attribute `complete` (0 when absent) */
    char *mode, *job_name;
    int has_status, has_bottleneck;
} ms_rfile;

/* 0; or an exit code (1 = not a result file / bad layout, 2 = I/O) with a one-line message. */
int ms_rfile_open(ms_rfile *f, const char *path, char *err, size_t errlen);
void ms_rfile_close(ms_rfile *f);
/* Index of an axis / metric by name, or -1. */
int ms_rfile_axis(const ms_rfile *f, const char *name);
int ms_rfile_metric(const ms_rfile *f, const char *name);
/* Hint " (did you mean 'x'?)" for a misspelt axis or metric name, into buf. */
const char *ms_rfile_hint(const ms_rfile *f, const char *name, int axes, int metrics, char *buf,
                          size_t len);

/* Block b (0 <= b < n_blocks, row-major over the block grid): offset and count per axis;
 * returns its number of points. */
uint64_t ms_rfile_block(const ms_rfile *f, uint64_t b, hsize_t *off, hsize_t *cnt);
/* Reads metric m (as double) / "status" or "bottleneck" (uint8) over a block, row-major. */
int ms_rfile_read_metric(const ms_rfile *f, int m, const hsize_t *off, const hsize_t *cnt,
                         double *buf);
int ms_rfile_read_u8(const ms_rfile *f, const char *dset, const hsize_t *off, const hsize_t *cnt,
                     uint8_t *buf);
/* The same at n scattered points given by linear index. */
int ms_rfile_read_metric_at(const ms_rfile *f, int m, size_t n, const uint64_t *ids, double *buf);
int ms_rfile_read_u8_at(const ms_rfile *f, const char *dset, size_t n, const uint64_t *ids,
                        uint8_t *buf);
/* Axis indices of a linear index. */
void ms_rfile_coord(const ms_rfile *f, uint64_t id, size_t *coord);
/* Text of axis a's value i ("h100-sxm", "8", "0.5"), into buf. */
const char *ms_rfile_axis_text(const ms_rfile *f, int a, size_t i, char *buf, size_t len);
#endif
