/* comm.h - alpha-beta cost of collectives, placed node-aware on scale-up and scale-out fabrics. */
#ifndef MS_COMM_H
#define MS_COMM_H
#include "mlsweep.h"

/* The two fabrics a collective may cross, with achievable bandwidth already applied. */
typedef struct ms_links {
    double up_bw_Bps, up_lat_s;   /* scale-up, per accelerator per direction */
    double out_bw_Bps, out_lat_s; /* scale-out, per accelerator per direction */
    double gpus_per_node;
} ms_links;

void ms_comm_links(const ms_point *p, ms_links *l);

/* Whether a group of several accelerators can talk at all: a scale-out bandwidth, and a
 * scale-up one where a node holds more than one accelerator. System rows (a whole rack as one
 * unit), edge and mobile devices have neither in the registry; a collective over them would
 * take forever (bytes / 0), so a layout that needs one is refused, not given an infinite time. */
int ms_comm_connected(const ms_links *l);
#define MS_COMM_UNCONNECTED_WHY                                                                    \
    "the hardware has no interconnect in the registry (no scale-up or scale-out fabric, no "       \
    "host link): a layout over several accelerators needs one (give fabric/scaleup_fabric, or "    \
    "use one accelerator per replica)"

/* Ranks of a group of n ranks, laid out with the given stride in the global rank order, that
 * share one node: min(n, gpus_per_node / stride), at least 1. */
double ms_comm_ranks_per_node(const ms_links *l, double n, double stride);

/* Flat ring collectives on one link (bytes = full buffer size per rank). */
double ms_comm_ring_allreduce(double bytes, double n, double bw, double lat);
double ms_comm_ring_allgather(double bytes, double n, double bw, double lat); /* = reduce-scatter */
double ms_comm_tree_allreduce(double bytes, double n, double bw, double lat);
double ms_comm_alltoall(double bytes, double n, double bw, double lat);
double ms_comm_p2p(double bytes, double bw, double lat);

/* Node-aware collectives for a group of n ranks with the given stride: all intra-node when the
 * group fits in a node, otherwise hierarchical (intra reduce-scatter, inter all-reduce over
 * nodes with every GPU's NIC in use, intra all-gather). */
double ms_comm_allreduce(const ms_links *l, double bytes, double n, double stride);
double ms_comm_allgather(const ms_links *l, double bytes, double n, double stride);
double ms_comm_alltoall_placed(const ms_links *l, double bytes, double n, double stride);
double ms_comm_p2p_placed(const ms_links *l, double bytes, int crosses_node);
#endif
