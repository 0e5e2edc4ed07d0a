/* h5pack.h - compress a chunk's datasets on every thread, as HDF5's shuffle and deflate filters
 * would, for H5Dwrite_chunk.
 *
 * HDF5 runs its filters inside H5Dwrite, on the calling thread: a one-rank run of a compressed
 * job spent most of its time deflating on one core while the others waited (the README's main
 * command: 0.61 s of 0.73 s). Here the chunk of every dataset (the metrics, /status and
 * /bottleneck) is padded to the full chunk shape (edge chunks, with the dataset's fill value,
 * as HDF5 stores them), byte-shuffled and deflated by an OpenMP thread of its own; the caller
 * then hands the compressed bytes to H5Dwrite_chunk (ms_h5_write_packed), which only writes.
 * Readers decode them with the filters the datasets declare: same values, bit for bit. */
#ifndef MS_H5PACK_H
#define MS_H5PACK_H

#include "plan.h"

#include <stddef.h>
#include <stdint.h>

#define MS_H5PACK_MAX (MS_METRIC_MAX_STORED + 2) /* the metrics, status, bottleneck */

typedef struct ms_h5pack {
    size_t n;                             /* datasets: n_metrics + 2 */
    size_t esize[MS_H5PACK_MAX];          /* bytes per element */
    unsigned char fill[MS_H5PACK_MAX][8]; /* each dataset's fill value, esize bytes */
    unsigned char *out[MS_H5PACK_MAX];    /* compressed chunk of each dataset */
    size_t len[MS_H5PACK_MAX], cap;       /* its length; what each out holds */
    unsigned char *scratch;               /* per thread: the padded and shuffled chunk */
    size_t scratch_per_thread, threads;
    uint64_t k; /* the chunk packed last */
} ms_h5pack;

/* Buffers for pl's chunks on up to omp_get_max_threads() threads. Dataset d's fill value is the
   first esize[d] of the 8 bytes at fills + 8 d (the metrics' float or double, then status's and
   bottleneck's byte). Returns 0, or -1 out of memory (nothing left allocated). */
int ms_h5pack_init(ms_h5pack *pk, const ms_plan *pl, const unsigned char *fills);
void ms_h5pack_free(ms_h5pack *pk);

/* Pad, shuffle (if pl->shuffle) and deflate (pl->deflate_level) chunk k's buffers, the compact
   C-order box of ms_plan_chunk_box: one OpenMP parallel region, a dataset per task. Call it
   outside any parallel region. Returns 0, or -1 if zlib failed. */
int ms_h5pack_chunk(ms_h5pack *pk, const ms_plan *pl, uint64_t k, void *const *metrics,
                    const uint8_t *status, const uint8_t *bottleneck);

/* HDF5's shuffle filter on n elements of `size` bytes: byte j of element i goes to
   j * n + i (exposed for tests/unit/test_h5pack.c) */
void ms_h5pack_shuffle(const unsigned char *src, unsigned char *dst, size_t n, size_t size);

#endif
