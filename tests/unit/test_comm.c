/* test_comm.c - alpha-beta collective costs and node-aware placement, by hand. */
#include "check.h"
#include "comm.h"

static void test_flat(void) {
    /* ring all-reduce of 1 GB over 8 ranks at 100 GB/s, 1 us per hop:
     * 2*(7/8)*1e9/1e11 = 17.5 ms of bandwidth + 2*7 hops of latency */
    CHECK_NEAR(ms_comm_ring_allreduce(1e9, 8, 100e9, 1e-6), 0.0175 + 14e-6, 1e-12);
    /* all-gather / reduce-scatter move half of that */
    CHECK_NEAR(ms_comm_ring_allgather(1e9, 8, 100e9, 1e-6), 0.00875 + 7e-6, 1e-12);
    /* double binary tree: 2*bytes/bw + 2*log2(n) hops */
    CHECK_NEAR(ms_comm_tree_allreduce(1e9, 16, 100e9, 1e-6), 0.02 + 8e-6, 1e-12);
    CHECK_NEAR(ms_comm_p2p(1e6, 1e9, 1e-6), 1e-3 + 1e-6, 1e-12);
    CHECK_NEAR(ms_comm_ring_allreduce(1e9, 1, 100e9, 1e-6), 0.0, 0);
}

static void test_placed(void) {
    ms_links l = {
        .up_bw_Bps = 200e9, .up_lat_s = 0, .out_bw_Bps = 25e9, .out_lat_s = 0, .gpus_per_node = 8};
    /* TP-like group of 8 with stride 1 fits in a node */
    CHECK_NEAR(ms_comm_ranks_per_node(&l, 8, 1), 8, 0);
    /* a DP group strided by tp = 8 has one rank per node; by tp = 2, four per node */
    CHECK_NEAR(ms_comm_ranks_per_node(&l, 32, 8), 1, 0);
    CHECK_NEAR(ms_comm_ranks_per_node(&l, 32, 2), 4, 0);
    /* intra-node all-reduce: plain ring on NVLink */
    CHECK_NEAR(ms_comm_allreduce(&l, 1e9, 8, 1), 2 * 7.0 / 8 * 1e9 / 200e9, 1e-12);
    /* 32 ranks on 4 nodes, hierarchical: intra reduce-scatter + all-gather (2 x (7/8) x 1 GB
     * at 200 GB/s = 8.75 ms) and an inter-node all-reduce of each GPU's 1/8 shard over 4 nodes
     * on its own NIC: ring 2*(3/4)*125 MB/25 GB/s = 7.5 ms; tree 2*125 MB/25 GB/s = 10 ms;
     * the ring wins */
    CHECK_NEAR(ms_comm_allreduce(&l, 1e9, 32, 1), 8.75e-3 + 7.5e-3, 1e-12);
    /* strided by 8: every rank on its own node, flat ring over the NICs */
    CHECK_NEAR(ms_comm_allreduce(&l, 1e9, 32, 8), 2 * 31.0 / 32 * 1e9 / 25e9, 1e-12);
    /* all-to-all of 1 GB over 16 ranks on 2 nodes: 8/16 leaves the node, 7/16 stays */
    CHECK_NEAR(ms_comm_alltoall_placed(&l, 1e9, 16, 1), 0.5e9 / 25e9 + 7.0 / 16 * 1e9 / 200e9,
               1e-12);
    CHECK_NEAR(ms_comm_p2p_placed(&l, 1e9, 1), 1e9 / 25e9, 1e-12);
    CHECK_NEAR(ms_comm_p2p_placed(&l, 1e9, 0), 1e9 / 200e9, 1e-12);
}

int main(void) {
    test_flat();
    test_placed();
    return check_done();
}
