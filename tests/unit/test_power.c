/* test_power.c - the utilization-based power model on hand-derived values. */
#include "check.h"
#include "power.h"

#include <math.h>
#include <string.h>

static ms_hardware gpu(void) {
    ms_hardware h;
    memset(&h, 0, sizeof h);
    h.hw_class = MS_HW_CLOUD;
    h.tdp_w = 400;
    h.idle_w = NAN;
    h.peak_flops[MS_BF16] = 300e12;
    h.memory_bw_Bps = 2e12;
    return h;
}

static void test_device(void) {
    ms_hardware h = gpu();
    ms_calib c;
    ms_calib_default(&c);
    c.idle_power_frac = 0.15; /* pinned here so the test does not follow the defaults */
    c.mem_power_frac = 0.5;
    c.power_full_util = 1.0;
    CHECK_NEAR(ms_power_idle_w(&h, &c), 60.0, 1e-12);
    CHECK_NEAR(ms_power_device_w(&h, &c, 0, 0), 60.0, 1e-12);
    CHECK_NEAR(ms_power_device_w(&h, &c, 0.5, 0), 60 + 340 * 0.5, 1e-12);
    CHECK_NEAR(ms_power_device_w(&h, &c, 0.1, 0.8), 60 + 340 * (0.1 + 0.5 * 0.8), 1e-12);
    CHECK_NEAR(ms_power_device_w(&h, &c, 0.9, 0.5), 400.0, 1e-12);  /* capped at TDP */
    CHECK_NEAR(ms_power_device_w(&h, &c, 2.0, -1.0), 400.0, 1e-12); /* inputs clamped */
    c.power_full_util = 0.4;                                        /* power-capped GPU */
    CHECK_NEAR(ms_power_device_w(&h, &c, 0.2, 0), 60 + 340 * 0.5, 1e-12);
    CHECK_NEAR(ms_power_device_w(&h, &c, 0.4, 0), 400.0, 1e-12);
    h.idle_w = 50; /* the registry's idle figure wins over the fraction */
    c.power_full_util = 1.0;
    CHECK_NEAR(ms_power_device_w(&h, &c, 0.4, 0), 50 + 350 * 0.4, 1e-12);
}

static void test_overhead(void) {
    ms_hardware h = gpu();
    ms_calib c;
    ms_calib_default(&c);
    c.host_power_w = 80;
    c.network_power_w = 15;
    CHECK_NEAR(ms_power_overhead_w(&h, &c), 95.0, 1e-12);
    h.hw_class = MS_HW_WORKSTATION; /* a host, no scale-out network */
    CHECK_NEAR(ms_power_overhead_w(&h, &c), 80.0, 1e-12);
    h.hw_class = MS_HW_EDGE; /* the module's TDP is the board */
    CHECK(ms_power_overhead_w(&h, &c) == 0.0);
    h.hw_class = MS_HW_MCU;
    CHECK(ms_power_idle_system_w(&h, &c) == ms_power_idle_w(&h, &c));
}

static void test_solve(void) {
    ms_hardware h = gpu();
    ms_calib c;
    ms_calib_default(&c);
    c.idle_power_frac = 0.15;
    c.mem_power_frac = 0.5;
    c.power_full_util = 1.0;
    c.host_power_w = 80;
    c.network_power_w = 15;
    ms_model m;
    memset(&m, 0, sizeof m);
    m.family = MS_FAM_CNN; /* no decode: the one batch is the whole request */
    ms_point p;
    ms_point_init(&p);
    p.hw = &h;
    p.calib = &c;
    p.model = &m;
    p.precision = MS_BF16;
    /* train: compute activity = HFU */
    p.mode = MS_MODE_TRAIN;
    ms_result r;
    memset(&r, 0, sizeof r);
    r.hfu = 0.45;
    ms_power_solve(&p, &r);
    CHECK_NEAR(r.device_power_w, 60 + 340 * 0.45, 1e-12);
    CHECK_NEAR(r.power_w_per_gpu, 60 + 340 * 0.45 + 95, 1e-12);
    /* serve, no decode: 30 TFLOP over 0.5 s on 300 TFLOP/s -> a_c 0.2; weights 20 GB + KV of
       the prompt (P/(P+O) of 8 GB) over 0.5 s on 2 TB/s -> a_m (20 + 8*512/1024)/1000 = 0.024 */
    p.mode = MS_MODE_SERVE;
    p.tp = p.pp = 1;
    p.prompt_tokens = 512;
    p.output_tokens = 512;
    memset(&r, 0, sizeof r);
    r.e2e_latency_s = 0.5;
    r.flops_per_step = 30e12;
    r.weights_bytes_per_gpu = 20e9;
    r.kv_cache_bytes = 8e9;
    r.decode_time_s = NAN;
    ms_power_solve(&p, &r);
    CHECK_NEAR(r.device_power_w, 60 + 340 * (0.2 + 0.5 * 0.024), 1e-12);
    /* the same batch split over tp = 2: each GPU does half the FLOPs */
    p.tp = 2;
    ms_power_solve(&p, &r);
    CHECK_NEAR(r.device_power_w, 60 + 340 * (0.1 + 0.5 * 0.024), 1e-12);
}

int main(void) {
    test_device();
    test_overhead();
    test_solve();
    return check_done();
}
