/* comm.c - collectives in the alpha-beta model.
 * Bandwidth is per direction (a ring sends and receives at once), which fixes mlsysim's
 * double-counting of bidirectional NVLink totals. Ring all-reduce moves 2(n-1)/n of the buffer
 * through each rank; all-gather and reduce-scatter (n-1)/n; all-to-all (n-1)/n. */
#include "comm.h"

#include <math.h>

void ms_comm_links(const ms_point *p, ms_links *l) {
    const ms_hardware *hw = p->hw;
    const ms_fabric *up = p->scaleup ? p->scaleup : hw->scaleup;
    const ms_fabric *out = p->scaleout ? p->scaleout : hw->scaleout;
    const ms_calib *c = p->calib;
    double up_bw = hw->scaleup_bw_Bps > 0 ? hw->scaleup_bw_Bps : (up ? up->bw_Bps : 0.0);
    if (p->scaleup) up_bw = p->scaleup->bw_Bps; /* an explicit fabric overrides the device's */
    double out_bw = hw->scaleout_bw_Bps > 0 ? hw->scaleout_bw_Bps : (out ? out->bw_Bps : 0.0);
    if (p->scaleout) out_bw = p->scaleout->bw_Bps;
    if (up_bw <= 0) up_bw = hw->host_link_Bps; /* PCIe cards talk over the host link */
    if (out_bw <= 0) out_bw = up_bw > 0 ? up_bw : hw->host_link_Bps;
    l->up_bw_Bps = up_bw * c->scaleup_bw_eff;
    l->out_bw_Bps = out_bw * c->scaleout_bw_eff;
    l->up_lat_s = up ? up->latency_s : 2e-6;
    l->out_lat_s = out ? out->latency_s : 5e-6;
    l->gpus_per_node = p->gpus_per_node > 0 ? p->gpus_per_node : hw->gpus_per_node;
    if (l->gpus_per_node < 1) l->gpus_per_node = 1;
}

int ms_comm_connected(const ms_links *l) {
    return l->out_bw_Bps > 0 && (l->up_bw_Bps > 0 || l->gpus_per_node <= 1);
}

double ms_comm_ranks_per_node(const ms_links *l, double n, double stride) {
    if (stride < 1) stride = 1;
    double k = floor(l->gpus_per_node / stride);
    if (k < 1) k = 1;
    return k < n ? k : n;
}

double ms_comm_ring_allreduce(double bytes, double n, double bw, double lat) {
    if (n <= 1 || bytes <= 0) return 0.0;
    return 2.0 * (n - 1) / n * bytes / bw + 2.0 * (n - 1) * lat;
}

double ms_comm_ring_allgather(double bytes, double n, double bw, double lat) {
    if (n <= 1 || bytes <= 0) return 0.0;
    return (n - 1) / n * bytes / bw + (n - 1) * lat;
}

double ms_comm_tree_allreduce(double bytes, double n, double bw, double lat) {
    if (n <= 1 || bytes <= 0) return 0.0;
    /* double binary tree (NCCL): bandwidth term ~ 2*bytes/bw, latency 2*log2(n) hops */
    return 2.0 * bytes / bw + 2.0 * log2(n) * lat;
}

double ms_comm_alltoall(double bytes, double n, double bw, double lat) {
    if (n <= 1 || bytes <= 0) return 0.0;
    return (n - 1) / n * bytes / bw + (n - 1) * lat;
}

double ms_comm_p2p(double bytes, double bw, double lat) {
    if (bytes <= 0) return 0.0;
    return bytes / bw + lat;
}

double ms_comm_allreduce(const ms_links *l, double bytes, double n, double stride) {
    if (n <= 1 || bytes <= 0) return 0.0;
    const double k = ms_comm_ranks_per_node(l, n, stride);
    if (k >= n) return ms_comm_ring_allreduce(bytes, n, l->up_bw_Bps, l->up_lat_s);
    const double nodes = n / k;
    /* inter-node: ring and tree both available (NCCL picks the faster) */
    const double inter_ring = ms_comm_ring_allreduce(bytes / k, nodes, l->out_bw_Bps, l->out_lat_s);
    const double inter_tree = ms_comm_tree_allreduce(bytes / k, nodes, l->out_bw_Bps, l->out_lat_s);
    const double inter = inter_ring < inter_tree ? inter_ring : inter_tree;
    return 2.0 * ms_comm_ring_allgather(bytes, k, l->up_bw_Bps, l->up_lat_s) + inter;
}

double ms_comm_allgather(const ms_links *l, double bytes, double n, double stride) {
    if (n <= 1 || bytes <= 0) return 0.0;
    const double k = ms_comm_ranks_per_node(l, n, stride);
    if (k >= n) return ms_comm_ring_allgather(bytes, n, l->up_bw_Bps, l->up_lat_s);
    const double nodes = n / k;
    return ms_comm_ring_allgather(bytes / k, nodes, l->out_bw_Bps, l->out_lat_s) * 1.0 +
           ms_comm_ring_allgather(bytes, k, l->up_bw_Bps, l->up_lat_s);
}

double ms_comm_alltoall_placed(const ms_links *l, double bytes, double n, double stride) {
    if (n <= 1 || bytes <= 0) return 0.0;
    const double k = ms_comm_ranks_per_node(l, n, stride);
    if (k >= n) return ms_comm_alltoall(bytes, n, l->up_bw_Bps, l->up_lat_s);
    /* the share (n-k)/n of the buffer goes off-node through the NIC; the rest over scale-up */
    const double off = bytes * (n - k) / n, on = bytes * (k - 1) / n;
    return off / l->out_bw_Bps + on / l->up_bw_Bps + (n - 1) * l->out_lat_s;
}

double ms_comm_p2p_placed(const ms_links *l, double bytes, int crosses_node) {
    return crosses_node ? ms_comm_p2p(bytes, l->out_bw_Bps, l->out_lat_s)
                        : ms_comm_p2p(bytes, l->up_bw_Bps, l->up_lat_s);
}
