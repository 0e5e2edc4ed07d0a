/* h5pack.c - a chunk's datasets padded, shuffled and deflated on every thread (h5pack.h). */
#include "h5pack.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static size_t chunk_elems(const ms_plan *pl) {
    size_t n = 1;
    for (size_t i = 0; i < pl->n_axes; i++) n *= (size_t)pl->chunk[i];
    return n;
}

void ms_h5pack_free(ms_h5pack *pk) {
    for (size_t d = 0; d < pk->n; d++) free(pk->out[d]);
    free(pk->scratch);
    memset(pk, 0, sizeof *pk);
}

int ms_h5pack_init(ms_h5pack *pk, const ms_plan *pl, const unsigned char *fills) {
    memset(pk, 0, sizeof *pk);
    const size_t elems = chunk_elems(pl), mbytes = pl->float64 ? 8 : 4;
    pk->n = pl->n_metrics + 2;
    for (size_t d = 0; d < pk->n; d++) {
        pk->esize[d] = d < pl->n_metrics ? mbytes : 1;
        memcpy(pk->fill[d], fills + 8 * d, pk->esize[d]);
    }
    pk->cap = (size_t)compressBound((uLong)(elems * mbytes));
    pk->threads = (size_t)omp_get_max_threads();
    pk->scratch_per_thread = 2 * elems * mbytes; /* padded, then shuffled */
    int bad = !(pk->scratch = malloc(pk->threads * pk->scratch_per_thread));
    for (size_t d = 0; d < pk->n && !bad; d++) bad = !(pk->out[d] = malloc(pk->cap));
    if (bad) {
        ms_h5pack_free(pk);
        return -1;
    }
    return 0;
}

void ms_h5pack_shuffle(const unsigned char *src, unsigned char *dst, size_t n, size_t size) {
    for (size_t j = 0; j < size; j++)
        for (size_t i = 0; i < n; i++) dst[j * n + i] = src[i * size + j];
}

/* the compact box (count[] per axis) into the full chunk (pl->chunk[]), the rest the fill */
static void pad(const ms_plan *pl, const uint64_t *count, const unsigned char *src, size_t es,
                const unsigned char *fill, unsigned char *dst) {
    const size_t N = pl->n_axes, elems = chunk_elems(pl);
    for (size_t i = 0; i < elems; i++) memcpy(dst + i * es, fill, es);
    const size_t row = (size_t)count[N - 1] * es; /* one contiguous run of the innermost axis */
    size_t rows = 1;
    for (size_t i = 0; i + 1 < N; i++) rows *= (size_t)count[i];
    uint64_t c[MS_PLAN_MAX_AXES] = {0};
    for (size_t r = 0; r < rows; r++) {
        size_t at = 0; /* the row's first element in the full chunk */
        for (size_t i = 0; i + 1 < N; i++) at = at * (size_t)pl->chunk[i] + (size_t)c[i];
        at *= (size_t)pl->chunk[N - 1];
        memcpy(dst + at * es, src + r * row, row);
        for (size_t i = N - 1; i-- > 0;) { /* odometer over all axes but the innermost */
            if (++c[i] < count[i]) break;
            c[i] = 0;
        }
    }
}

int ms_h5pack_chunk(ms_h5pack *pk, const ms_plan *pl, uint64_t k, void *const *metrics,
                    const uint8_t *status, const uint8_t *bottleneck) {
    uint64_t st[MS_PLAN_MAX_AXES], count[MS_PLAN_MAX_AXES];
    const uint64_t inbox = ms_plan_chunk_box(pl, k, st, count);
    const size_t elems = chunk_elems(pl);
    int bad = 0;
    pk->k = k;
#pragma omp parallel for schedule(dynamic, 1) reduction(| : bad)
    for (size_t d = 0; d < pk->n; d++) {
        const size_t es = pk->esize[d], bytes = elems * es;
        const unsigned char *src = d < pl->n_metrics    ? (const unsigned char *)metrics[d]
                                   : d == pl->n_metrics ? status
                                                        : bottleneck;
        unsigned char *tmp =
            pk->scratch + (size_t)omp_get_thread_num() % pk->threads * pk->scratch_per_thread;
        if (inbox < elems) { /* an edge chunk: HDF5 stores it at the full chunk shape */
            pad(pl, count, src, es, pk->fill[d], tmp);
            src = tmp;
        }
        if (pl->shuffle && es > 1) { /* HDF5's shuffle leaves 1-byte elements as they are */
            ms_h5pack_shuffle(src, tmp + elems * es, elems, es);
            src = tmp + elems * es;
        }
        uLongf len = (uLongf)pk->cap;
        bad |= compress2(pk->out[d], &len, src, (uLong)bytes, pl->deflate_level) != Z_OK;
        pk->len[d] = (size_t)len;
    }
    return bad ? -1 : 0;
}
