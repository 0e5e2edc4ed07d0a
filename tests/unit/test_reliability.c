/* test_reliability.c - fleet MTBF, Daly's interval, goodput and its wall-time split, pinned on
 * hand-derived values (and on mlsysim's own test vector 8, shared/reference/mlsysim-physics.md
 * sec. 13, for the series MTBF). */
#include "check.h"
#include "reliability.h"

#include <math.h>
#include <string.h>

static void test_fleet_mtbf(void) {
    /* 1024 DGX H100 nodes: 8 GPUs at 50,000 h, plus 8 NICs at 150,000 h and 2 PSUs at
       100,000 h per node -> node parts 1/(8/150000 + 2/100000) h; fleet 4.185268 h */
    const double node_h = 1.0 / (8.0 / 150000.0 + 2.0 / 100000.0);
    CHECK_NEAR(ms_reliability_fleet_mtbf_s(8192, 50000, 1024, node_h), 4.185268 * 3600.0, 1e-6);
    /* node parts folded into the per-GPU figure (node_mtbf_h = 0) */
    CHECK_NEAR(ms_reliability_fleet_mtbf_s(16384, 45600, 2048, 0), 45600.0 / 16384 * 3600, 1e-12);
    CHECK(isinf(ms_reliability_fleet_mtbf_s(8, 0, 1, 0)));
}

static void test_daly(void) {
    /* delta = 60 s, M = 4.185268 h: Young sqrt(2 delta M) = 1344.632 s; Daly's higher-order
       estimate sqrt(2dM)(1 + sqrt(x)/3 + x/9) - d with x = d/(2M) = 1304.930 s */
    const double M = 4.185268 * 3600.0;
    CHECK_NEAR(ms_reliability_daly_interval(60.0, M), 1304.9296876, 1e-9);
    CHECK(ms_reliability_daly_interval(60.0, M) < sqrt(2.0 * 60.0 * M)); /* correction shortens */
    /* delta >= 2M: checkpoint once per MTBF */
    CHECK_NEAR(ms_reliability_daly_interval(300.0, 100.0), 100.0, 1e-15);
    CHECK(ms_reliability_daly_interval(0.0, M) == 0.0);
    CHECK(isinf(ms_reliability_daly_interval(60.0, INFINITY)));
}

static void test_goodput(void) {
    /* tau 1000 s, delta 100 s, R 500 s, M 1e5 s: 1000/1100 x (1 - (500 + 1100/2)/1e5) */
    CHECK_NEAR(ms_reliability_goodput(1000, 100, 500, 1e5), 1000.0 / 1100.0 * (1 - 1050.0 / 1e5),
               1e-12);
    CHECK_NEAR(ms_reliability_goodput(1000, 100, 500, 1e5), 0.8995454545, 1e-9);
    ms_wall_split s = ms_reliability_split(1000, 100, 500, 1e5);
    CHECK_NEAR(s.useful + s.rework + s.checkpoint + s.restart, 1.0, 1e-12);
    CHECK_NEAR(s.restart, 500.0 / 1e5, 1e-12);
    CHECK_NEAR(s.rework, 550.0 / 1e5, 1e-12); /* half a segment per failure */
    CHECK_NEAR(s.checkpoint, s.useful * 100.0 / 1000.0, 1e-12);
    /* no failures: all useful; failures faster than recovery: nothing useful */
    CHECK(ms_reliability_goodput(1000, 100, 500, INFINITY) == 1.0);
    CHECK(ms_reliability_goodput(1000, 100, 5000, 4000) == 0.0);
    s = ms_reliability_split(1000, 100, 5000, 4000);
    CHECK_NEAR(s.rework + s.restart, 1.0, 1e-12);
    /* free checkpoints: only restarts are lost */
    CHECK_NEAR(ms_reliability_goodput(0, 0, 500, 1e5), 1 - 500.0 / 1e5, 1e-12);
    /* Daly's interval maximises goodput (first-order model): neighbours do no better */
    const double M = 20000, d = 120, R = 300, t = ms_reliability_daly_interval(d, M);
    CHECK(ms_reliability_goodput(t, d, R, M) >= ms_reliability_goodput(0.8 * t, d, R, M));
    CHECK(ms_reliability_goodput(t, d, R, M) >= ms_reliability_goodput(1.25 * t, d, R, M));
}

static void test_solve(void) {
    ms_model m;
    memset(&m, 0, sizeof m);
    m.params = 70e9;
    ms_hardware hw;
    memset(&hw, 0, sizeof hw);
    hw.gpus_per_node = 8;
    ms_point p;
    ms_point_init(&p);
    p.model = &m;
    p.hw = &hw;
    p.mode = MS_MODE_TRAIN;
    p.precision = MS_BF16;
    p.gpus = 1024;
    p.gpu_mtbf_h = 50000;
    p.node_mtbf_h = 20000;
    p.checkpoint_bw_Bps = 200e9;
    p.restart_s = 600;
    p.train_tokens = 1e12;
    ms_result r;
    memset(&r, 0, sizeof r);
    r.tokens_per_s = 1e6;
    ms_reliability_solve(&p, &r);
    const double M = 3600.0 / (1024 / 50000.0 + 128 / 20000.0);
    CHECK_NEAR(r.fleet_mtbf_s, M, 1e-12);
    CHECK_NEAR(r.checkpoint_write_s, 70e9 * 14 / 200e9, 1e-12); /* 4.9 s */
    CHECK_NEAR(r.checkpoint_interval_s, ms_reliability_daly_interval(4.9, M), 1e-12);
    CHECK_NEAR(r.goodput, ms_reliability_goodput(r.checkpoint_interval_s, 4.9, 600, M), 1e-12);
    CHECK(r.goodput > 0.9 && r.goodput < 1.0);
    CHECK_NEAR(r.time_to_train_s, 1e12 / 1e6 / r.goodput, 1e-12);
    CHECK_NEAR(r.gpu_hours, r.time_to_train_s * 1024 / 3600, 1e-12);
    CHECK(ms_reliability_checkpoint_bytes_per_param(MS_FP32) == 12.0);
    CHECK(r.status == MS_OK);
    /* a fleet failing every 2000 s (1000 GPUs at 1.8 failures per hour) with a 600 s restart.
       Checkpoints of 70e9 x 14 B at 1e9 B/s take d = 980 s, Daly's interval is 1380.5 s and a
       failure costs 600 + (1380.5 + 980)/2 = 1780 s < M: slow, but it progresses. Writing for
       3267 s instead, the interval is 1765.0 s and a failure costs 3116 s > M: it never ends. */
    p.gpus = 1000;
    p.gpu_mtbf_h = 1000.0 / 1.8;
    p.node_mtbf_h = 0;
    p.checkpoint_bw_Bps = 1e9;
    memset(&r, 0, sizeof r);
    r.tokens_per_s = 1e6;
    ms_reliability_solve(&p, &r);
    CHECK_NEAR(r.fleet_mtbf_s, 2000.0, 1e-12);
    CHECK(r.goodput > 0 && r.status == MS_OK);
    p.checkpoint_bw_Bps = 70e9 * 14 / 3267.0;
    memset(&r, 0, sizeof r);
    r.tokens_per_s = 1e6;
    ms_reliability_solve(&p, &r);
    CHECK(r.goodput == 0.0);
    CHECK(r.status == MS_SLA && r.bottleneck == MS_BN_RELIABILITY);
    CHECK(strstr(r.reason, "never finishes") != NULL);
    CHECK(isinf(r.time_to_train_s) && isinf(r.gpu_hours));
    CHECK(strcmp(ms_bottleneck_name(MS_BN_RELIABILITY), "reliability") == 0);
    /* a point already failing its constraints keeps its own reason */
    memset(&r, 0, sizeof r);
    r.status = MS_SLA;
    r.bottleneck = MS_BN_SLA;
    r.reason = "mine";
    r.tokens_per_s = 1e6;
    ms_reliability_solve(&p, &r);
    CHECK(r.bottleneck == MS_BN_SLA && strcmp(r.reason, "mine") == 0);
    /* serving has no checkpoints */
    p.mode = MS_MODE_SERVE;
    ms_result s;
    memset(&s, 0, sizeof s);
    s.goodput = -1;
    ms_reliability_solve(&p, &s);
    CHECK(s.goodput == -1);
}

int main(void) {
    test_fleet_mtbf();
    test_daly();
    test_goodput();
    test_solve();
    return check_done();
}
