/* test_serve_paths.c - MoE, diffusion, CNN and microcontroller serving paths against numbers
 * derived by hand. The calibration is pinned here (ideal where the test isolates one term). */
#include "check.h"
#include "edge.h"
#include "registry_fixture.h"
#include "serve.h"

#include <math.h>
#include <string.h>

static ms_calib cal, ideal;

static ms_point point(const ms_registry *reg, const char *model, const char *hw, int prec,
                      const ms_calib *c) {
    ms_point p;
    ms_point_init(&p);
    p.model = ms_registry_model(reg, model);
    p.hw = ms_registry_hw(reg, hw);
    p.calib = c;
    p.precision = prec;
    return p;
}

int main(void) {
    ms_registry reg;
    fixture_registry(&reg);
    ms_calib_default(&cal);
    cal.serve_gemm_eff_max = 0.5;
    cal.serve_gemm_half_dim = 192;
    cal.decode_layer_overhead_s = 30e-6;
    cal.decode_step_overhead_s = 1e-3;
    cal.cnn_eff_max = 0.5;
    cal.moe_imbalance = 1.25;
    ideal = cal;
    ideal.serve_gemm_eff_max = ideal.decode_bw_eff = ideal.kv_bw_eff = 1.0;
    ideal.serve_gemm_half_dim = 0;
    ideal.decode_layer_overhead_s = ideal.decode_step_overhead_s = 0;
    ideal.serve_collective_s = 0;
    ms_result r;

    /* ---- MoE: Mixtral 8x7B (32 layers, h 4096, 8 kv heads, 8 experts of 3*4096*14336, top-2).
       Memory holds all 46.7e9 parameters; a batch-1 decode step reads only the 2 experts a
       token routes to: attention 2*4096^2 + 2*4096*1024 and router 4096*8 per layer, the output
       head 32000*4096, and 2 experts per layer. ---- */
    ms_point m = point(&reg, "mixtral-8x7b", "h200-sxm", MS_BF16, &ideal); /* 141 GB, 4.8 TB/s */
    m.prompt_tokens = 1024;
    m.output_tokens = 2;
    m.paged_kv = 0; /* no prompt FLOPs mixed into the step */
    ms_solve(&m, &r);
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.weights_bytes_per_gpu, 46.7e9 * 2, 1e-12);
    const double ex = 3.0 * 4096 * 14336;
    const double dense = 32.0 * (2.0 * 4096 * 4096 + 2.0 * 4096 * 1024 + 4096 * 8) + 32000.0 * 4096;
    const double kv = (1024 + 1 + 1) * 2.0 * 32 * 8 * 128 * 2; /* context 1025 + new token */
    const double bw = m.hw->memory_bw_Bps;
    CHECK_NEAR(bw, 4.8e12, 1e-12);
    CHECK_NEAR(r.tpot_s, (dense + 32 * 2 * ex) * 2 / bw + kv / bw, 1e-3);
    /* a batch of 64 touches 8*(1 - (6/8)^64) = 8 experts: every expert's weights are read */
    m.batch = 64;
    ms_solve(&m, &r);
    const double kv64 = 64 * kv;
    const double gemm_c =
        2 * 64 * (dense + 32 * 2 * ex) / m.hw->peak_flops[MS_BF16]; /* compute, ideal */
    const double gemm_m = (dense + 32 * 8 * ex) * 2 / bw;
    CHECK(gemm_m > gemm_c);
    CHECK_NEAR(r.tpot_s, gemm_m + kv64 / bw, 2e-3);
    /* EP: with ep = tp = 2 the busiest rank carries moe_imbalance x the mean expert load, which
       a compute-bound prefill shows; pure TP (ep 1) splits every expert evenly */
    ms_point e = point(&reg, "mixtral-8x7b", "h100-sxm", MS_FP8, &cal);
    e.tp = 2;
    e.batch = 8;
    e.prompt_tokens = 2048;
    e.output_tokens = 1;
    e.paged_kv = 0;
    ms_solve(&e, &r);
    CHECK(r.status == MS_OK);
    const double t_tp = r.ttft_s;
    CHECK(r.ep_comm_time_s == 0);
    e.ep = 2;
    ms_solve(&e, &r);
    CHECK(r.status == MS_OK);
    CHECK(r.ep_comm_time_s > 0);
    /* experts are 32*8*ex/(dense+32*2*ex) of the FLOPs: ~ 2/3 + ; the hot rank costs 25% more */
    const double share = 32 * 2 * ex / (dense + 32 * 2 * ex);
    CHECK(r.ttft_s > t_tp * (1 + 0.2 * share));
    e.ep = 3;
    ms_solve(&e, &r);
    CHECK(r.status == MS_NODIVIDE);
    e.ep = 2;
    e.model = ms_registry_model(&reg, "llama2-7b");
    ms_solve(&e, &r);
    CHECK(r.status == MS_NODIVIDE); /* EP needs experts */

    /* ---- SSM: Mamba-2.8B keeps a fixed state per sequence, 64 layers x 2*2560 x (16 + 4)
       elements, bf16: 13.1 MB; 8 sequences 104.9 MB, whatever the context ---- */
    ms_point ss = point(&reg, "mamba-2p8b", "a100-sxm-80gb", MS_BF16, &cal);
    ss.batch = 8;
    ms_solve(&ss, &r);
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.kv_cache_bytes, 8 * 64.0 * 2 * 2560 * 20 * 2, 1e-12);
    CHECK_NEAR(
        r.max_batch,
        floor((80e9 - 2.8e9 * 2 - 2e9 - r.activation_bytes_per_gpu) / (64.0 * 2 * 2560 * 20 * 2)),
        1e-12);

    /* ---- diffusion: DiT-XL/2, 238 GFLOP per image per step (2 x 119 GMAC), batch 8, 50 steps
       in bf16 on an H100: each step 8*238e9 FLOPs at 989.4e12*0.5 = 3.85 ms (weights 1.35 GB at
       0.8*3.35 TB/s = 0.5 ms hide) + 1 layer x 30 us + 1 ms. CFG doubles the images. ---- */
    ms_point d = point(&reg, "dit-xl-2", "h100-sxm", MS_BF16, &cal);
    d.batch = 8;
    d.steps = 50;
    ms_solve(&d, &r);
    CHECK(r.status == MS_OK);
    const double lay = d.model->layers > 0 ? d.model->layers : 1;
    const double step = 8 * 238e9 / (989.4e12 * 0.5) + lay * 30e-6 + 1e-3;
    CHECK_NEAR(r.e2e_latency_s, 50 * step, 1e-9);
    CHECK_NEAR(r.samples_per_s, 8 / (50 * step), 1e-9);
    d.cfg = 1;
    ms_solve(&d, &r);
    CHECK_NEAR(r.e2e_latency_s, 50 * (2 * 8 * 238e9 / (989.4e12 * 0.5) + lay * 30e-6 + 1e-3), 1e-9);
    d.steps = 0; /* model default: 250 steps */
    ms_solve(&d, &r);
    CHECK_NEAR(r.flops_per_step, 250 * 16 * 238e9, 1e-12);

    /* ---- CNN batch roofline: ResNet-50 (8.18 GFLOP) int8 on an H100 at batch 64: 64*8.18e9 /
       (1978.9e12*0.5) = 0.529 ms + 50 layers x 30 us + 1 ms; batch 1 is launch-bound ---- */
    ms_point c = point(&reg, "resnet50", "h100-sxm", MS_INT8, &cal);
    c.batch = 64;
    ms_solve(&c, &r);
    CHECK(r.status == MS_OK);
    const double tc = 64 * 8.18e9 / (c.hw->peak_flops[MS_INT8] * 0.5) + 50 * 30e-6 + 1e-3;
    CHECK_NEAR(r.e2e_latency_s, tc, 1e-9);
    CHECK_NEAR(r.samples_per_s, 64 / tc, 1e-9);
    c.batch = 1;
    ms_solve(&c, &r);
    CHECK(r.bottleneck == MS_BN_OVERHEAD);
    c.output_tokens = 0;
    c.tp = 2;
    ms_solve(&c, &r);
    CHECK(r.status == MS_NODIVIDE);

    /* ---- microcontrollers: ESP32-S3 (512 KB SRAM, 4 MB flash streamed at 80 MB/s, 2.4 GOP/s
       int8). VWW MobileNetV1-0.25: 210,850 int8 weights + 8*96^2 = 73,728 B of activations fit
       SRAM together; latency = 14.98 MOP / (2.4e9 * 0.5). ---- */
    ms_calib mcu = ideal;
    mcu.cnn_eff_max = 0.5;
    ms_point v = point(&reg, "mlperf-tiny-vww-mbv1", "esp32-s3", MS_INT8, &mcu);
    ms_solve(&v, &r);
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.memory_per_gpu_bytes, 210850 + 8.0 * 96 * 96, 1e-12);
    CHECK_NEAR(r.e2e_latency_s, 14.979328e6 / (2.4e9 * 0.5), 1e-9);
    CHECK(strstr(r.reason, "SRAM") != NULL);
    /* ResNet-50's 25.6 MB of weights fit neither SRAM nor the 4 MB flash */
    ms_point rn = point(&reg, "resnet50", "esp32-s3", MS_INT8, &mcu);
    ms_solve(&rn, &r);
    CHECK(r.status == MS_OOM && r.bottleneck == MS_BN_MEMORY_CAPACITY);
    CHECK(strstr(r.reason, "flash") != NULL);
    /* a 1 MB model goes to flash and streams its weights per inference: 1e6 B / 80 MB/s */
    ms_model big = *v.model;
    big.params = 1e6;
    big.flops_per_sample = 1e6;
    v.model = &big;
    ms_solve(&v, &r);
    CHECK(r.status == MS_OK && strstr(r.reason, "flash") != NULL);
    CHECK_NEAR(r.e2e_latency_s, 1e6 / 80e6, 1e-9);
    CHECK(r.bottleneck == MS_BN_MEMORY_BW);
    /* activations larger than SRAM: infeasible whatever the flash */
    ms_edge pl;
    ms_edge_place(v.hw, 1000, 600e3, &pl);
    CHECK(pl.status == MS_OOM && strstr(pl.reason, "activations") != NULL);
    ms_registry_free(&reg);
    return check_done();
}
