/* dealer.c - chunks dealt from a shared counter (dealer.h).
 *
 * A static split by point count leaves ranks waiting at the end of the run: chunks differ in
 * cost (fast-failing layouts, memoized passes), so equal point counts are not equal work, and
 * on bench/scale.yaml the faster of two ranks waited 0.08-0.18 s of a 2.3 s run. When every rank
 * is on one node, the ranks instead take chunks one at a time from a counter in a shared-memory
 * window (MPI_Win_allocate_shared), incremented with a C11 atomic: no message, no MPI progress
 * needed, and a rank that finishes early takes the next chunk. Across nodes the static split
 * stays (a counter there would be a one-sided MPI atomic on every chunk; the lagged reduction of
 * engine/sweep.c keeps the waiting low). Which rank computes a chunk changes nothing in the
 * file: every chunk's values are the same whoever computes them. */
#include "dealer.h"

#include <stdatomic.h>
#include <stdlib.h>

int ms_dealer_open(ms_dealer *d, const uint64_t *todo, size_t n, size_t first, size_t last) {
    d->todo = todo;
    d->n = n;
    d->last = last;
    d->next = first;
    d->counter = NULL;
    d->win = MPI_WIN_NULL;
    d->node = MPI_COMM_NULL;
    int size, nsize, nrank;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) return 0;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &d->node);
    MPI_Comm_size(d->node, &nsize);
    MPI_Comm_rank(d->node, &nrank);
    /* the same answer on every rank: either all of them are on this node, or no node holds all */
    /* MLSWEEP_TEST_STATIC_DEAL=1 keeps the static split on one node, for the tests of it */
    const char *force = getenv("MLSWEEP_TEST_STATIC_DEAL");
    int ok = nsize == size && ATOMIC_LLONG_LOCK_FREE == 2 && !(force && *force == '1'), all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all) {
        MPI_Comm_free(&d->node);
        return 0;
    }
    void *base = NULL;
    MPI_Win_allocate_shared(nrank == 0 ? (MPI_Aint)sizeof(atomic_llong) : 0,
                            (int)sizeof(atomic_llong), MPI_INFO_NULL, d->node, &base, &d->win);
    MPI_Aint bytes;
    int unit;
    MPI_Win_shared_query(d->win, 0, &bytes, &unit, &base);
    d->counter = base;
    if (nrank == 0) atomic_init((atomic_llong *)d->counter, 0);
    MPI_Barrier(d->node); /* the counter is 0 before anyone takes from it */
    return 1;
}

int64_t ms_dealer_next(ms_dealer *d) {
    if (d->counter) {
        const long long i =
            atomic_fetch_add_explicit((atomic_llong *)d->counter, 1, memory_order_relaxed);
        return i >= 0 && (size_t)i < d->n ? (int64_t)d->todo[i] : -1;
    }
    return d->next < d->last ? (int64_t)d->todo[d->next++] : -1;
}

void ms_dealer_close(ms_dealer *d) {
    if (d->win != MPI_WIN_NULL) MPI_Win_free(&d->win);
    if (d->node != MPI_COMM_NULL) MPI_Comm_free(&d->node);
    d->counter = NULL;
}
