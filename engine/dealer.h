/* dealer.h - who computes which chunk: handed out one at a time from a counter that the ranks of
 * a node share, each node over its own static share of the chunks; a static split of every
 * chunk over the ranks where shared memory is not to be had.
 *
 * Two steps, as the split depends on the deal: ms_dealer_open decides the deal and tells which
 * ranks' static shares this rank serves; the caller computes that span of chunks
 * (ms_plan_decompose with that span of ranks) and hands it to ms_dealer_start. */
#ifndef MS_DEALER_H
#define MS_DEALER_H
#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ms_dealer {
    const uint64_t *todo; /* the chunks to compute, in the order they are dealt */
    size_t first, last; /* this rank's (static) or this node's (shared) chunks todo[first..last) */
    size_t next;        /* static: the next of this rank's chunks */
    void *counter;      /* shared: the count of the node's chunks dealt, or NULL */
    int nodes;          /* shared: the number of nodes (each with its own counter) */
    MPI_Win win;
    MPI_Comm node;
} ms_dealer;

/* Collective over MPI_COMM_WORLD. Returns 1 if this rank takes chunks from a counter shared with
 * the other ranks of its node, 0 if it computes a static share alone; either way the share is that
 * of the world ranks [*lo, *hi) in a split over every rank (a node of k ranks serves k consecutive
 * shares, whichever world ranks it holds). Test hooks: MLSWEEP_TEST_STATIC_DEAL=1 forces the static
 * split; MLSWEEP_TEST_NODES=N puts world rank r on a pretend node r % N. */
int ms_dealer_open(ms_dealer *d, int *lo, int *hi);
/* The chunks todo[first..last) that the span of ms_dealer_open covers. */
void ms_dealer_start(ms_dealer *d, const uint64_t *todo, size_t first, size_t last);
/* The next chunk for this rank, or -1 once there is none left for it (then always -1). */
int64_t ms_dealer_next(ms_dealer *d);
/* Collective; frees the shared counter. */
void ms_dealer_close(ms_dealer *d);
#endif
