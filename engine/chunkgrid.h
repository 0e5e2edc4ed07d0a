/* chunkgrid.h - the chunk grid of a result file read back from the file itself (status, merge).
 *
 * docs/file-format.md: all full-shape datasets share one chunk shape; chunks are numbered in
 * row-major order of the chunk grid, and /progress/done is indexed by that number. */
#ifndef MS_CHUNKGRID_H
#define MS_CHUNKGRID_H
#include <stddef.h>
#include <stdint.h>

#define MS_CG_MAX_AXES 32

typedef struct ms_chunkgrid {
    size_t rank;
    uint64_t dims[MS_CG_MAX_AXES];  /* the grid's shape */
    uint64_t chunk[MS_CG_MAX_AXES]; /* the chunk shape */
    uint64_t grid[MS_CG_MAX_AXES];  /* chunks along each axis */
    uint64_t n_chunks;
} ms_chunkgrid;

/* Fills grid[] and n_chunks from dims and chunk. Returns -1 if a chunk extent is 0. */
int ms_cg_init(ms_chunkgrid *g, size_t rank, const uint64_t *dims, const uint64_t *chunk);
/* The chunk shape a single run chooses for dims (ms_plan_chunking in engine/plan.c: trailing axes
 * whole while the chunk holds at most chunk_points points, then the next axis split to fill it). */
void ms_cg_default_chunk(size_t rank, const uint64_t *dims, uint64_t chunk_points, uint64_t *chunk);
/* Box of chunk k (start, count per axis); returns its number of points. */
uint64_t ms_cg_box(const ms_chunkgrid *g, uint64_t k, uint64_t *start, uint64_t *count);
#endif
