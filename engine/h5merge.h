/* h5merge.h - join the shard files of one job into the file a single run would have written.
 *
 * Why a physical copy and not an HDF5 virtual-dataset master file: the merged file must be
 * "identical to a single run" for every reader: h5py, h5dump, xarray's netCDF-4 engine (which
 * does not follow virtual datasets' source files reliably), `--resume`, `pareto`/`table`; it must
 * not break when shard files are moved or deleted; and its chunking, compression and done-map
 * must be a single run's. The price is one sequential read and write of the data, streamed chunk
 * by chunk in bounded memory (docs/slurm.md); chunks that lie in one shard are copied as stored,
 * so a compressed sweep is not decompressed and compressed again. */
#ifndef MS_H5MERGE_H
#define MS_H5MERGE_H
#include <stddef.h>
#include <stdint.h>

/* The output's tensor chunks (over every dataset): copied as the shard stored them (a chunk in
 * one shard, on the shard's chunk grid: compressed bytes are not inflated and deflated again),
 * or read from the shards and written anew (a chunk across two shards, or shards chunked
 * otherwise). */
typedef struct ms_merge_stats {
    uint64_t chunks_stored, chunks_recombined;
} ms_merge_stats;

/* Checks that paths[0..n) are all the shards of one job, each complete, and writes the merged
 * file to out (through out.partial, renamed at the end, so that out is never half written).
 * Returns an exit code (0, 1 bad input: shards that do not fit together, 2 I/O failure) and, if
 * it is not 0, a one-line message in err. stats (if not NULL) gets how the chunks were copied. */
int ms_merge_shards(const char *const *paths, size_t n, const char *out, ms_merge_stats *stats,
                    char *err, size_t errlen);
#endif
