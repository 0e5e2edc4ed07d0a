/* dealer.c - chunks dealt from a counter each node's ranks share (dealer.h).
 *
 * A static split by point count leaves ranks waiting at the end of the run: chunks differ in
 * cost (fast-failing layouts, memoized passes), so equal point counts are not equal work, and
 * on bench/scale.yaml the faster of two ranks waited 0.08-0.18 s of a 2.3 s run. So the ranks
 * of a node take chunks one at a time from a counter in a shared-memory window
 * (MPI_Win_allocate_shared), incremented with a C11 atomic: no message, no MPI progress needed,
 * and a rank that finishes early takes the next chunk. Across nodes the split stays static, a
 * node's share being the shares of as many ranks as it holds (a counter across nodes would be a
 * one-sided MPI atomic per chunk, whose progress depends on the MPI library's osc component):
 * within each node the ranks still balance each other, and between nodes the shuffled chunk order
 * of engine/sweep.c and the node's many chunks average the costs out. Which rank computes a chunk
 * changes nothing in the file: every chunk's values are the same whoever computes them. */
#include "dealer.h"

#include <stdatomic.h>
#include <stdlib.h>

/* MLSWEEP_TEST_NODES=N (the largest value any rank sees, so that all make the same calls) */
static int pretend_nodes(void) {
    const char *s = getenv("MLSWEEP_TEST_NODES");
    const long v = s ? strtol(s, NULL, 10) : 0;
    int n = v > 0 && v < 1 << 20 ? (int)v : 0, all = 0;
    MPI_Allreduce(&n, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

int ms_dealer_open(ms_dealer *d, int *lo, int *hi) {
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    d->todo = NULL;
    d->first = d->last = d->next = 0;
    d->counter = NULL;
    d->nodes = 1;
    d->win = MPI_WIN_NULL;
    d->node = MPI_COMM_NULL;
    *lo = rank, *hi = rank + 1; /* the static split: this rank's own share */
    if (size < 2) return 0;
    const int pn = pretend_nodes();
    if (pn > 0) /* test hook: round-robin, so a node's ranks are not consecutive world ranks */
        MPI_Comm_split(MPI_COMM_WORLD, rank % pn, rank, &d->node);
    else
        MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &d->node);
    int nsize, nrank, leader = rank;
    MPI_Comm_size(d->node, &nsize);
    MPI_Comm_rank(d->node, &nrank);
    MPI_Allreduce(MPI_IN_PLACE, &leader, 1, MPI_INT, MPI_MIN, d->node); /* names the node */
    /* MLSWEEP_TEST_STATIC_DEAL=1 keeps the static split, for the tests of it */
    const char *force = getenv("MLSWEEP_TEST_STATIC_DEAL");
    int *leaders = malloc((size_t)size * sizeof *leaders);
    int ok = leaders && ATOMIC_LLONG_LOCK_FREE == 2 && !(force && *force == '1'), all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all) {
        free(leaders);
        MPI_Comm_free(&d->node);
        return 0;
    }
    /* nodes in the order of their lowest world rank; this node serves the shares that follow
       those of every rank on an earlier node */
    MPI_Allgather(&leader, 1, MPI_INT, leaders, 1, MPI_INT, MPI_COMM_WORLD);
    int before = 0, nodes = 0;
    for (int i = 0; i < size; i++) {
        before += leaders[i] < leader;
        nodes += leaders[i] == i;
    }
    free(leaders);
    *lo = before, *hi = before + nsize;
    d->nodes = nodes;
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

void ms_dealer_start(ms_dealer *d, const uint64_t *todo, size_t first, size_t last) {
    d->todo = todo;
    d->first = d->next = first;
    d->last = last > first ? last : first;
}

int64_t ms_dealer_next(ms_dealer *d) {
    if (d->counter) {
        const long long i =
            atomic_fetch_add_explicit((atomic_llong *)d->counter, 1, memory_order_relaxed);
        return i >= 0 && (size_t)i < d->last - d->first ? (int64_t)d->todo[d->first + (size_t)i]
                                                        : -1;
    }
    return d->next < d->last ? (int64_t)d->todo[d->next++] : -1;
}

void ms_dealer_close(ms_dealer *d) {
    if (d->win != MPI_WIN_NULL) MPI_Win_free(&d->win);
    if (d->node != MPI_COMM_NULL) MPI_Comm_free(&d->node);
    d->counter = NULL;
}
