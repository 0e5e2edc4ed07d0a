/* dealer.h - who computes which chunk: handed out one at a time from a counter the ranks share
 * when they all run on one node, else a static split fixed before the run. */
#ifndef MS_DEALER_H
#define MS_DEALER_H
#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ms_dealer {
    const uint64_t *todo; /* the chunks to compute, in the order they are dealt */
    size_t n, last, next; /* static: this rank's chunks are todo[next..last) */
    void *counter;        /* dynamic: the shared count of chunks dealt, or NULL */
    MPI_Win win;
    MPI_Comm node;
} ms_dealer;

/* Collective over MPI_COMM_WORLD. todo[first..last) is this rank's static share, used when the
 * ranks do not share a node (or shared memory is not to be had); the dynamic deal takes any of
 * todo[0..n). Returns 1 if the deal is dynamic, 0 if static. */
int ms_dealer_open(ms_dealer *d, const uint64_t *todo, size_t n, size_t first, size_t last);
/* The next chunk for this rank, or -1 once there is none left for it (then always -1). */
int64_t ms_dealer_next(ms_dealer *d);
/* Collective; frees the shared counter. */
void ms_dealer_close(ms_dealer *d);
#endif
