/* chunkgrid.c - chunk-grid geometry on plain shapes (see chunkgrid.h). */
#include "chunkgrid.h"

int ms_cg_init(ms_chunkgrid *g, size_t rank, const uint64_t *dims, const uint64_t *chunk) {
    if (rank == 0 || rank > MS_CG_MAX_AXES) return -1;
    g->rank = rank;
    g->n_chunks = 1;
    for (size_t i = 0; i < rank; i++) {
        if (chunk[i] == 0) return -1;
        g->dims[i] = dims[i];
        g->chunk[i] = chunk[i];
        g->grid[i] = (dims[i] + chunk[i] - 1) / chunk[i];
        g->n_chunks *= g->grid[i];
    }
    return 0;
}

void ms_cg_default_chunk(size_t rank, const uint64_t *dims, uint64_t chunk_points,
                         uint64_t *chunk) {
    uint64_t prod = 1;
    for (size_t i = 0; i < rank; i++) chunk[i] = 1;
    for (size_t i = rank; i-- > 0;) {
        if (prod * dims[i] <= chunk_points) {
            chunk[i] = dims[i];
            prod *= dims[i];
        } else {
            uint64_t c = chunk_points / prod;
            chunk[i] = c ? c : 1;
            break;
        }
    }
}

uint64_t ms_cg_box(const ms_chunkgrid *g, uint64_t k, uint64_t *start, uint64_t *count) {
    uint64_t pts = 1;
    for (size_t i = g->rank; i-- > 0;) {
        uint64_t c = k % g->grid[i];
        k /= g->grid[i];
        start[i] = c * g->chunk[i];
        uint64_t left = g->dims[i] - start[i];
        count[i] = left < g->chunk[i] ? left : g->chunk[i];
        pts *= count[i];
    }
    return pts;
}
