/* test_serve.c - LLM serving physics against hand-derived numbers: the foundation's acceptance
 * point (llama31-70b on h100-sxm in fp8), decode at batch 1 against weights/bandwidth, capacity
 * and infeasible points, speculative decoding, disaggregation, TP and queueing.
 * The calibration is pinned here (not read from YAML), so a refit cannot silently move these. */
#include "check.h"
#include "registry_fixture.h"
#include "serve.h"
#include "speculative.h"

#include <math.h>
#include <string.h>

static ms_calib cal;

static void pin_calib(void) {
    ms_calib_default(&cal);
    cal.serve_gemm_eff_max = 0.5;
    cal.serve_gemm_half_dim = 192;
    cal.decode_bw_eff = 0.8;
    cal.kv_bw_eff = 0.85;
    cal.attn_eff = 0.8;
    cal.decode_layer_overhead_s = 30e-6;
    cal.decode_step_overhead_s = 1e-3;
    cal.serve_collective_s = 40e-6;
    cal.framework_mem_bytes = 2e9;
}

static ms_point point(const ms_registry *reg, const char *model, const char *hw, int prec) {
    ms_point p;
    ms_point_init(&p);
    p.model = ms_registry_model(reg, model);
    p.hw = ms_registry_hw(reg, hw);
    p.calib = &cal;
    p.precision = prec;
    return p;
}

int main(void) {
    ms_registry reg;
    fixture_registry(&reg);
    pin_calib();
    ms_result r;

    /* ---- acceptance: llama31-70b, h100-sxm, fp8, tp 1, batch 1, 2048 in, 256 out ----
     * H100 SXM: 1979 TFLOP/s dense fp8, 3.35 TB/s. Llama 3.1 70B: 80 layers, h 8192, 64 heads,
     * 8 kv heads x 128, SwiGLU ffn 28672, vocab 128256.
     * Matmul params a token passes: per layer attention 2*h^2 + 2*h*1024 = 150,994,944, FFN
     * 3*h*28672 = 704,643,072; x80 = 68,451,041,280; + output head 128256*8192 =
     * 1,050,673,152 -> mm = 69,501,714,432. */
    ms_point p = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    p.batch = 1;
    p.prompt_tokens = 2048;
    p.output_tokens = 256;
    ms_solve(&p, &r);
    CHECK(r.status == MS_OK);
    const double mm =
        80.0 * (2.0 * 8192 * 8192 + 2.0 * 8192 * 1024 + 3.0 * 8192 * 28672) + 128256.0 * 8192;
    CHECK_NEAR(mm, 69501714432.0, 1e-12);
    const double peak = 1978.9e12, bw = 3.35e12; /* the registry's datasheet values */
    CHECK_NEAR(p.hw->peak_flops[MS_FP8], peak, 1e-12);
    CHECK_NEAR(p.hw->memory_bw_Bps, bw, 1e-12);
    /* TTFT: one 2048-token pass. GEMMs: 2*mm*2048 FLOPs at 1979e12*0.5*2048/(2048+192) =
       904.6 TFLOP/s = 314.7 ms (the weight read, 69.5 GB at 0.8*3.35 TB/s = 25.9 ms, hides).
       Causal attention: token i attends i keys, mean (2048+1)/2; 80*2*1024.5*(64*128*2) FLOPs
       per token x 2048 at 0.8 of the GEMM rate: 7.6 ms. Overheads 80*30 us + 1 ms = 3.4 ms. */
    const double f2048 = peak * 0.5 * 2048 / (2048 + 192);
    const double t_gemm = 2 * mm * 2048 / f2048;
    const double t_attn = 2048 * 80 * 2.0 * 1024.5 * (2 * 8192) / (f2048 * 0.8);
    const double ttft = t_gemm + t_attn + 80 * 30e-6 + 1e-3;
    CHECK_NEAR(r.ttft_s, ttft, 1e-9);
    CHECK(r.ttft_s > 0.32 && r.ttft_s < 0.33);
    /* TPOT at the mean context 2048 + 256/2 = 2176 tokens in the cache:
       GEMMs of one row stream the weights: 69.5e9 B / (0.8 * 3.35e12 B/s) = 25.93 ms (their
       FLOPs, 2*mm at 1978.9e12*0.5*1/(1+8) with the tile waste capped at 8 rows, take 1.26 ms).
       Attention: (2176+1) tokens x 163840 B of fp8 KV at 0.85*3.35 TB/s = 0.125 ms.
       Overheads 80*30 us + 1 ms = 3.4 ms. Continuous batching adds B/O = 1/256 of the prompt's
       FLOPs per step (fused beside the decode row: 2049-row efficiency, 1.26 ms). */
    const double t_dec_gemm = fmax(2 * mm / (peak * 0.5 / 9), mm / (bw * 0.8));
    const double t_dec_kv = 2177.0 * 163840 / (bw * 0.85);
    const double t_mix = (t_gemm + t_attn) / 256; /* compute-only prompt share per step */
    const double tpot = t_dec_gemm + t_dec_kv + 80 * 30e-6 + 1e-3 + t_mix;
    CHECK_NEAR(r.tpot_s, tpot, 1e-3);
    CHECK(r.tpot_s > 0.030 && r.tpot_s < 0.031);
    CHECK_NEAR(r.e2e_latency_s, r.ttft_s + 255 * r.tpot_s, 1e-12);
    CHECK_NEAR(r.output_tokens_per_s, 1.0 / r.tpot_s, 1e-12);    /* continuous batching, B = 1 */
    CHECK_NEAR(r.weights_bytes_per_gpu, p.model->params, 1e-12); /* 1 byte per fp8 weight */
    /* KV held: whole 16-token pages at P + O/2 = 2176 tokens, + O/2 growth = 2304 tokens */
    CHECK_NEAR(r.kv_cache_bytes, 2304.0 * 163840, 1e-12);
    CHECK(r.bottleneck == MS_BN_MEMORY_BW); /* 255 weight-streaming steps dominate */

    /* ---- chunked prefill: 2048 tokens in 4 chunks of 512. Each chunk pass: GEMMs of 512 rows
       (2*mm*512 at 1978.9e12*0.5*512/704), attention of 512 queries against 768 + 256.5 keys
       on average (the earlier chunks' KV, 768 tokens on average, is read: 1280 tokens of KV per
       pass incl. the write), overheads 3.4 ms per pass ---- */
    ms_point ch = p;
    ch.prefill_chunk = 512;
    ms_solve(&ch, &r);
    CHECK(r.status == MS_OK);
    {
        const double f512 = peak * 0.5 * 512 / (512 + 192);
        const double g = fmax(2 * mm * 512 / f512, mm / (bw * 0.8));
        const double fa = 512 * 80 * 2.0 * (768 + 256.5) * (2 * 8192);
        const double a =
            fmax(fa / (peak * 0.5 * 1280 / (1280 + 192) * 0.8), 1280.0 * 163840 / (bw * 0.85));
        CHECK_NEAR(r.ttft_s, 4 * (g + a + 80 * 30e-6 + 1e-3), 1e-9);
        CHECK(r.ttft_s > ttft); /* smaller GEMMs and 4x the launches */
    }
    /* ---- pipeline: pp 2 halves the weights per GPU; a batch-1 token still crosses both stages
       (same streaming time) plus one hand-off of h*2 B over NVLink ---- */
    ms_point pp2 = p;
    pp2.pp = 2;
    ms_solve(&pp2, &r);
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.weights_bytes_per_gpu, p.model->params / 2, 1e-12);
    CHECK_NEAR(r.tpot_s, tpot + 8192 * 2 / (450e9 * cal.scaleup_bw_eff) + 0.5e-6, 1e-4);

    /* ---- decode at batch 1 is weights / bandwidth: with ideal compute and no overheads, the
       step of llama2-7b in fp16 on an A100 80GB reads 2 B x its matmul params plus the KV ---- */
    ms_calib ideal = cal;
    ideal.serve_gemm_eff_max = 1.0;
    ideal.serve_gemm_half_dim = 0;
    ideal.decode_bw_eff = ideal.kv_bw_eff = 1.0;
    ideal.decode_layer_overhead_s = ideal.decode_step_overhead_s = 0;
    ms_point a = point(&reg, "llama2-7b", "a100-sxm-80gb", MS_FP16);
    a.calib = &ideal;
    a.prompt_tokens = 512;
    a.output_tokens = 2;
    ms_solve(&a, &r);
    CHECK(r.status == MS_OK);
    /* llama2-7b: 32 x (4*4096^2 + 3*4096*11008) + 32000*4096 = 6,738,149,376 matmul params */
    const double mm7 = 32.0 * (4.0 * 4096 * 4096 + 3.0 * 4096 * 11008) + 32000.0 * 4096;
    const double kv7 = (512 + 1 + 1) * 2.0 * 32 * 2 * 4096; /* context 513 + the new token */
    const double mix7 = 2 * mm7 * 512 / 312e12 / 2;         /* half a prompt per step (B/O) */
    CHECK_NEAR(r.tpot_s, (2 * mm7 + kv7) / 2039e9 + mix7, 0.01);

    /* ---- TP: 4 ranks split the weights; the step gets faster but pays 160 all-reduces ---- */
    ms_point t = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    t.tp = 4;
    ms_solve(&t, &r);
    CHECK(r.status == MS_OK);
    const double tpot4 = r.tpot_s;
    /* batch 1: GEMMs 27.1/4 ms, KV 0.03 ms, overheads 3.4 ms, 160 x (40 us + alpha-beta) */
    CHECK(tpot4 < tpot / 1.5 && tpot4 > tpot / 4);
    CHECK_NEAR(tpot4,
               t_dec_gemm / 4 + t_dec_kv / 4 + 80 * 30e-6 + 1e-3 + t_mix / 4 +
                   r.tp_comm_time_s / 255,
               0.05);
    CHECK(r.tp_comm_time_s > 160 * 40e-6 * 255);
    CHECK_NEAR(r.output_tokens_per_s_per_gpu, r.output_tokens_per_s / 4, 1e-12);

    /* ---- infeasible points name their wall ---- */
    ms_point big = point(&reg, "llama31-405b", "h100-sxm", MS_FP8);
    ms_solve(&big, &r);
    CHECK(r.status == MS_OOM && r.bottleneck == MS_BN_MEMORY_CAPACITY);
    CHECK(strstr(r.reason, "weights") != NULL);
    ms_point kvp = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    kvp.batch = 1000;
    ms_solve(&kvp, &r);
    CHECK(r.status == MS_OOM && r.bottleneck == MS_BN_KV_CAPACITY);
    CHECK(r.max_batch >= 1 && r.max_batch < 1000);
    /* the max batch fits, one more does not */
    kvp.batch = r.max_batch;
    ms_solve(&kvp, &r);
    CHECK(r.status == MS_OK);
    /* static reservation admits fewer sequences than paging */
    const double paged_max = r.max_batch;
    kvp.paged_kv = 0;
    kvp.batch = 1;
    ms_solve(&kvp, &r);
    CHECK(r.max_batch < paged_max);
    /* SLA: a TTFT target below the prefill time */
    ms_point s = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    s.ttft_target_s = 0.1;
    ms_solve(&s, &r);
    CHECK(r.status == MS_SLA && r.bottleneck == MS_BN_SLA);
    /* precision the device lacks is an error, not a fallback */
    ms_point pr = point(&reg, "llama2-7b", "a100-sxm-80gb", MS_FP8);
    ms_solve(&pr, &r);
    CHECK(r.status == MS_PRECISION);
    ms_point nd = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    nd.tp = 3;
    ms_solve(&nd, &r);
    CHECK(r.status == MS_NODIVIDE);

    /* ---- speculative decoding ---- */
    CHECK_NEAR(ms_spec_expected_tokens(0.8, 4), (1 - pow(0.8, 5)) / 0.2, 1e-12); /* 3.3616 */
    CHECK_NEAR(ms_spec_expected_tokens(1.0, 4), 5, 1e-12);
    CHECK_NEAR(ms_spec_expected_tokens(0.0, 4), 1, 1e-12);
    ms_point sp = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    sp.tp = 2;
    ms_solve(&sp, &r);
    const double plain = r.tpot_s;
    sp.draft = ms_registry_model(&reg, "llama32-1b");
    sp.acceptance = 0.8;
    sp.spec_tokens = 4;
    ms_solve(&sp, &r);
    CHECK(r.status == MS_OK);
    /* batch 1 is weight-bound: a 5-token verify costs about one step, drafts are cheap */
    CHECK(r.tpot_s < plain / 2.0 && r.tpot_s > plain / 5.0);
    sp.acceptance = 0.05; /* a useless draft makes decoding slower */
    ms_solve(&sp, &r);
    CHECK(r.tpot_s > plain);

    /* ---- disaggregated: TTFT grows by the prompt's KV over the NIC (400 Gb/s x 0.8) ---- */
    ms_point dg = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    ms_solve(&dg, &r);
    const double ttft_co = r.ttft_s;
    dg.disaggregated = 1;
    ms_solve(&dg, &r);
    const double kv_bytes = 2048.0 * 163840;
    CHECK_NEAR(r.ttft_s - ttft_co, kv_bytes / (50e9 * cal.scaleout_bw_eff), 0.02);

    /* ---- queueing on the serving result: qps and replicas ---- */
    ms_point q = point(&reg, "llama31-70b", "h100-sxm", MS_FP8);
    q.tp = 4;
    q.batch = 16;
    q.qps = 2.0;
    q.p99_target_s = 60;
    ms_solve(&q, &r);
    CHECK(isfinite(r.replicas_needed) && r.replicas_needed >= 1);
    CHECK(r.p99_latency_s > r.p50_latency_s && r.p50_latency_s >= r.e2e_latency_s * 0.5);
    q.gpus = 4 * r.replicas_needed; /* the sized fleet meets the target */
    ms_solve(&q, &r);
    CHECK(r.status == MS_OK && r.p99_latency_s <= 60);
    q.p99_target_s = 1.0; /* below the unloaded latency: impossible */
    ms_solve(&q, &r);
    CHECK(r.status == MS_SLA && isinf(r.replicas_needed));

    ms_registry_free(&reg);
    return check_done();
}
