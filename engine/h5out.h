/* h5out.h - the HDF5 result file (docs/file-format.md, format version 1).
 *
 * Life of a file: rank 0 creates the whole layout serially (datasets, dimension scales,
 * attributes, complete = 0); all ranks then open it with the MPI-IO driver and write chunks
 * (collectively when compressed); after each batch the done-map is flushed; at the end rank 0
 * reopens it serially and writes the run's attributes and complete = 1. A file whose
 * `complete` is not 1 is never mistaken for a finished one. */
#ifndef MS_H5OUT_H
#define MS_H5OUT_H
#include "plan.h"

#include <hdf5.h>
#include <mpi.h>
#include <stdint.h>

typedef struct ms_h5out {
    hid_t file, dxpl;
    hid_t metric[MS_METRIC_MAX_STORED];
    hid_t status, bottleneck, done, feasible;
    size_t n_metrics;
    int rank;
    MPI_Comm comm; /* the communicator of ms_h5_open */
} ms_h5out;

/* Serial, one process: create the file with every dataset and the provenance attributes. */
int ms_h5_create(const ms_plan *pl, const char *path, int ranks, int threads, char *err,
                 size_t errlen);
/* Serial: check that path is an unfinished file of this very job (same text, axes, registries,
 * chunking) and read its done-map and per-chunk feasible counts (n_chunks each).
 * Returns 0; 1 = not this job's file (bad input); 2 = unreadable (I/O); 3 = already complete. */
int ms_h5_check_resume(const ms_plan *pl, const char *path, uint8_t *done, int64_t *feasible,
                       char *err, size_t errlen);
/* Collective: open for parallel writing. */
int ms_h5_open(ms_h5out *o, const ms_plan *pl, const char *path, MPI_Comm comm, char *err,
               size_t errlen);
/* Collective when compressed: write chunk k (k < 0: this rank writes nothing this round). */
int ms_h5_write_chunk(ms_h5out *o, const ms_plan *pl, int64_t k, void *const *bufs,
                      const uint8_t *status, const uint8_t *bottleneck);
/* Chunks compressed on every thread (h5pack.h) instead of by HDF5's filters on this one: for a
 * compressed file written by one rank (HDF5 1.10's direct chunk writes are per process; with
 * several ranks each chunk's index entry must be written collectively). Returns 1 or 0. */
int ms_h5_direct(const ms_h5out *o, const ms_plan *pl);
/* The fill value of each dataset a chunk goes to (the metrics, status, bottleneck), for
 * ms_h5pack_init. Returns 0 or -1. */
int ms_h5_fills(const ms_h5out *o, const ms_plan *pl, unsigned char (*fills)[8]);
/* Write the chunk ms_h5pack_chunk packed last, its bytes as they are (H5Dwrite_chunk): only
 * where ms_h5_direct says so. Returns 0 or -1. */
struct ms_h5pack;
int ms_h5_write_packed(ms_h5out *o, const ms_plan *pl, const struct ms_h5pack *pk);
/* Collective: flush the data written so far, then record the chunks as done (rank 0 holds the
 * full maps done[] and feasible[] and writes them), then flush again. */
int ms_h5_commit(ms_h5out *o, const ms_plan *pl, const uint8_t *done, const int64_t *feasible);
int ms_h5_close(ms_h5out *o);

typedef struct ms_run_info {
    int ranks, threads;
    double points_per_s;
    int complete;
} ms_run_info;
/* Serial: write the run's attributes (end time, feasible points, throughput, ranks, threads,
 * complete). Returns 0 or -1. *feasible_out gets the file's feasible points. */
int ms_h5_finish(const ms_plan *pl, const char *path, const ms_run_info *info,
                 int64_t *feasible_out, char *err, size_t errlen);
/* 1 once an H5Fclose of a file being written has failed: HDF5 is then left in a state its
   MPI_Finalize hook crashes on, so the process should exit without MPI_Finalize. */
int ms_h5_unclean(void);
/* ISO 8601 UTC of now into buf[32]. */
void ms_h5_now(char *buf);
#endif
