/* test_train.c - the training step model against hand-derived values.
 *
 * A toy accelerator with round numbers (100 TFLOP/s bf16, 80 GB, 8 per node, 100 GB/s
 * scale-up and 10 GB/s scale-out per direction) and a calibration with GEMM efficiency 0.5 and
 * every overhead, overlap and saturation switched off, so that times follow from FLOPs and
 * bytes by hand. */
#include "check.h"
#include "comm.h"
#include "mlsweep.h"
#include "train.h"

#include <string.h>

static ms_hardware toy_hw(void) {
    ms_hardware h;
    memset(&h, 0, sizeof h);
    strcpy(h.key, "toy");
    h.peak_flops[MS_BF16] = 100e12;
    h.peak_flops[MS_FP8] = 200e12;
    h.memory_bytes = 80e9;
    h.memory_bw_Bps = 2e12;
    h.gpus_per_node = 8;
    h.scaleup_bw_Bps = 100e9;
    h.scaleout_bw_Bps = 10e9;
    h.host_link_Bps = 32e9;
    return h;
}

static ms_calib toy_calib(void) {
    ms_calib c;
    ms_calib_default(&c);
    c.gemm_eff_max = 0.5;
    c.gemm_half_dim = 0;
    c.attn_eff = 1.0;
    c.scaleup_bw_eff = c.scaleout_bw_eff = 1.0;
    c.layer_overhead_s = c.step_overhead_s = 0;
    c.dp_overlap = 1.0;
    c.tp_overlap = c.pp_p2p_overlap = 0;
    c.framework_mem_bytes = 0;
    return c;
}

/* Megatron-LM's GPT-1.7B (Narayanan et al. Table 1): l=24, h=2304, a=24, V=51200. */
static ms_model gpt_1p7b(void) {
    ms_model m;
    memset(&m, 0, sizeof m);
    strcpy(m.key, "gpt-1p7b");
    m.family = MS_FAM_DENSE;
    m.layers = 24;
    m.hidden = 2304;
    m.heads = m.kv_heads = 24;
    m.head_dim = 96;
    m.ffn_hidden = 4 * 2304;
    m.vocab = 51200;
    m.tied_embeddings = 1;
    m.params = 12.0 * 24 * 2304 * 2304 + 51200.0 * 2304;
    m.active_params = m.params;
    return m;
}

static void point(ms_point *p, const ms_model *m, const ms_hardware *h, const ms_calib *c) {
    ms_point_init(p);
    p->mode = MS_MODE_TRAIN;
    p->model = m;
    p->hw = h;
    p->calib = c;
    p->seq = 2048;
}

static void test_flops(void) {
    const ms_hardware h = toy_hw();
    const ms_calib c = toy_calib();
    const ms_model m = gpt_1p7b();
    ms_point p;
    point(&p, &m, &h, &c);
    p.global_batch = 512;
    p.unfused_attention = 1;
    const double B = 512, s = 2048, l = 24, hd = 2304, V = 51200;
    /* Forward per token and layer: QKV 6h^2 + projection 2h^2 + MLP 16h^2 = 24h^2 FLOPs, plus
     * QK^T and AV 2*s*h each; the head 2*V*h per token. Backward = 2x forward. So
     * model = 3*(24*B*s*l*h^2 + 4*B*s^2*l*h + 2*B*s*V*h) = 72*B*s*l*h^2*(1 + s/(6h) + V/(12*l*h)).
     * Full recompute adds one forward of the layers but not the head:
     * hw = 96*B*s*l*h^2*(1 + s/(6h) + V/(16*l*h)), Narayanan et al. SC'21 eq. 3. */
    const double model = 72 * B * s * l * hd * hd * (1 + s / (6 * hd) + V / (12 * l * hd));
    const double eq3 = 96 * B * s * l * hd * hd * (1 + s / (6 * hd) + V / (16 * l * hd));
    ms_train_flops f;
    p.recompute = MS_RECOMPUTE_FULL;
    ms_train_flops_of(&p, &f);
    CHECK_NEAR(f.model_total, model, 1e-12);
    CHECK_NEAR(f.hw_total, eq3, 1e-12);
    CHECK_NEAR(ms_train_model_flops_per_step(&p), model, 1e-12);
    /* 1.7B: 96*512*2048*24*2304^2 = 1.28254e16, times (1 + 0.14815 + 0.05787) = 1.54668e16
     * hardware FLOPs per step of 512 x 2048 tokens; at Table 1's 137 TFLOP/s on 32 GPUs that
     * is a 3.53 s step */
    CHECK_NEAR(f.hw_total, 1.54668e16, 1e-5);
    /* selective recompute re-runs only QK^T and AV: + 4*B*s^2*l*h */
    p.recompute = MS_RECOMPUTE_SELECTIVE;
    ms_train_flops_of(&p, &f);
    CHECK_NEAR(f.hw_total, model + 4 * B * s * s * l * hd, 1e-12);
    /* none: hardware = model */
    p.recompute = MS_RECOMPUTE_NONE;
    ms_train_flops_of(&p, &f);
    CHECK_NEAR(f.hw_total, model, 1e-12);
    /* a fused flash kernel recomputes QK^T (half the core's forward) in its backward */
    p.unfused_attention = 0;
    ms_train_flops_of(&p, &f);
    CHECK_NEAR(f.hw_total, model + 2 * B * s * s * l * hd, 1e-12);
    CHECK_NEAR(f.model_total, model, 1e-12);
}

/* One GPU, no parallelism: step = hw FLOPs / (0.5 * peak); MFU and HFU by definition. */
static void test_single_gpu_step(void) {
    const ms_hardware h = toy_hw();
    const ms_calib c = toy_calib();
    const ms_model m = gpt_1p7b();
    ms_point p;
    point(&p, &m, &h, &c);
    p.gpus = 1;
    p.global_batch = 8;
    p.micro_batch = 1;
    p.recompute = MS_RECOMPUTE_FULL;
    p.unfused_attention = 0;
    ms_result r;
    ms_solve_core(&p, &r);
    ms_train_flops f;
    ms_train_flops_of(&p, &f);
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.step_time_s, f.hw_total / 50e12, 1e-12);
    CHECK_NEAR(r.compute_time_s, r.step_time_s, 1e-12);
    CHECK_NEAR(r.bubble_time_s, 0.0, 0);
    CHECK_NEAR(r.exposed_comm_time_s, 0.0, 0);
    /* HFU = 0.5 exactly (everything runs at half of peak); MFU = 0.5 * model/hw = 0.5 * 3/4 of
     * the layer work (the head is not recomputed) */
    CHECK_NEAR(r.hfu, 0.5, 1e-12);
    CHECK_NEAR(r.mfu, 0.5 * f.model_total / f.hw_total, 1e-12);
    CHECK_NEAR(r.tokens_per_s, 8 * 2048 / r.step_time_s, 1e-12);
    CHECK_NEAR(r.hw_tflops_per_gpu, 50.0, 1e-12);
    /* fp8: the layers' GEMMs at the fp8 peak; the attention core (4.5 forwards: fwd, 2 bwd,
     * recompute, flash's QK^T) and the output head (3 passes) stay 16-bit, as Transformer
     * Engine recipes run them */
    p.precision = MS_FP8;
    ms_solve_core(&p, &r);
    const double f16 = 4.5 * f.attn_fwd + 3 * f.logits_fwd;
    const double t8 = (f.hw_total - f16) / 100e12 + f16 / 50e12;
    CHECK_NEAR(r.step_time_s, t8, 1e-12);
    /* lowp_gemm_eff scales only the fp8 GEMMs */
    ms_calib c8 = c;
    c8.lowp_gemm_eff = 0.5;
    p.calib = &c8;
    ms_solve_core(&p, &r);
    CHECK_NEAR(r.step_time_s, (f.hw_total - f16) / 50e12 + f16 / 50e12, 1e-12);
    p.calib = &c;
    /* unfused attention streams the scores through HBM: 24 heads x 2048^2 scores per layer and
     * micro-batch, 13 B forward + 19 B backward + 13 B recomputed forward = 45 B each, at
     * 0.85 x 2 TB/s; 8 micro-batches x 24 layers. The FLOPs lose flash's QK^T recompute. */
    p.precision = MS_BF16;
    p.unfused_attention = 1;
    ms_solve_core(&p, &r);
    ms_train_flops fu;
    ms_train_flops_of(&p, &fu);
    const double t_scores = 8 * 24 * (24.0 * 2048 * 2048) * 45 / (0.85 * 2e12);
    CHECK_NEAR(r.step_time_s, fu.hw_total / 50e12 + t_scores, 1e-12);
    CHECK_NEAR(fu.hw_total, f.hw_total - 0.5 * f.attn_fwd, 1e-12);
}

/* Bubble: (p-1)/v of one micro-batch's time (Narayanan et al. sec. 2.2). With pp=4 on one
 * node, m = 8 micro-batches and no head (vocab 0) the stages are equal. */
static void test_bubble(void) {
    const ms_hardware h = toy_hw();
    ms_calib c = toy_calib();
    ms_model m = gpt_1p7b();
    m.vocab = 0;
    ms_point p;
    point(&p, &m, &h, &c);
    p.gpus = 4;
    p.pp = 4;
    p.global_batch = 8;
    c.pp_p2p_overlap = 1.0; /* p2p hidden: the step is compute + bubble */
    ms_result r;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK);
    const double t_mb = r.compute_time_s / 8;
    CHECK_NEAR(r.bubble_time_s, 3 * t_mb, 1e-12);
    CHECK_NEAR(r.step_time_s, r.compute_time_s * (1 + 3.0 / 8), 1e-12);
    p.interleave = 2; /* 24 layers: 3 per chunk */
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.bubble_time_s, 1.5 * r.compute_time_s / 8, 1e-12);
    /* uneven layers: 126 on 16 stages paces like 8 per stage (the fullest), as 128 does */
    ms_model m126 = m, m128 = m;
    m126.layers = 126;
    m128.layers = 128;
    p.model = &m126;
    p.interleave = 1;
    p.gpus = p.pp = 16;
    p.global_batch = 32;
    ms_result r126, r128;
    ms_solve_core(&p, &r126);
    p.model = &m128;
    ms_solve_core(&p, &r128);
    CHECK(r126.status == MS_OK);
    CHECK_NEAR(r126.compute_time_s, r128.compute_time_s, 1e-12);
}

/* Memory breakdown, Korthikanti et al. 2022 Table 2 and Rajbhandari et al. 2020 sec. 3. */
static void test_memory(void) {
    const ms_hardware h = toy_hw();
    const ms_calib c = toy_calib();
    const ms_model m = gpt_1p7b();
    ms_point p;
    point(&p, &m, &h, &c);
    p.gpus = 2;
    p.tp = 2;
    p.global_batch = 1;
    p.unfused_attention = 1;
    ms_result r;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK);
    const double P = m.params / 2; /* per GPU */
    CHECK_NEAR(r.weights_bytes_per_gpu, 2 * P, 1e-12);
    CHECK_NEAR(r.grads_bytes_per_gpu, 2 * P, 1e-12);
    CHECK_NEAR(r.optimizer_bytes_per_gpu, 12 * P, 1e-12);
    /* per layer s*b*h*(10 + 24/t + 5*a*s/(h*t)) with s=2048, b=1, h=2304, a=24, t=2:
     * 2048*2304*(10 + 12 + 5*24*2048/(2304*2)) = 4718592*75.333 = 355467264 B; 24 layers, one
     * micro-batch in flight, plus the fp32 logits 4*s*b*V/t = 209715200 B */
    CHECK_NEAR(r.activation_bytes_per_gpu, 24 * 355467264.0 + 209715200.0, 1e-9);
    CHECK_NEAR(r.memory_per_gpu_bytes, 16 * P + 24 * 355467264.0 + 209715200.0, 1e-9);
    /* sequence parallelism divides the 10 too: 2048*2304*(34 + 53.333)/2 */
    p.sequence_parallel = 1;
    ms_solve_core(&p, &r);
    CHECK_NEAR(r.activation_bytes_per_gpu,
               24 * 2048 * 2304 * (34 + 5 * 24 * 2048 / 2304.0) / 2 + 209715200.0, 1e-9);
    /* full recompute keeps the layer input only: 2*s*b*h/t with SP */
    p.recompute = MS_RECOMPUTE_FULL;
    ms_solve_core(&p, &r);
    CHECK_NEAR(r.activation_bytes_per_gpu, 24 * 2.0 * 2048 * 2304 / 2 + 209715200.0, 1e-9);
    /* ZeRO over dp = 4 (8 GPUs, tp 2): stage 1 shards the optimizer, 2 also gradients, 3 also
     * weights */
    p.gpus = 8;
    p.global_batch = 4;
    p.zero = 1;
    ms_solve_core(&p, &r);
    CHECK_NEAR(r.optimizer_bytes_per_gpu, 3 * P, 1e-12);
    CHECK_NEAR(r.grads_bytes_per_gpu, 2 * P, 1e-12);
    p.zero = 3;
    ms_solve_core(&p, &r);
    CHECK_NEAR(r.weights_bytes_per_gpu, 0.5 * P, 1e-12);
    CHECK_NEAR(r.grads_bytes_per_gpu, 0.5 * P, 1e-12);
    /* 1F1B: the first of 4 stages keeps 4 micro-batches of its 6 layers */
    p.gpus = 4;
    p.tp = 1;
    p.pp = 4;
    p.zero = 0;
    p.global_batch = 8;
    p.sequence_parallel = 0;
    ms_solve_core(&p, &r);
    /* first stage: 4 x 6 x 2*s*h = 226492416 B; last stage: one micro-batch of its 6 layers
     * plus the logits 4*s*V = 56623104 + 419430400 B, the larger */
    CHECK_NEAR(r.activation_bytes_per_gpu, 6 * 2.0 * 2048 * 2304 + 4.0 * 2048 * 51200, 1e-12);
    CHECK(4 * 6 * 2.0 * 2048 * 2304 < r.activation_bytes_per_gpu);
    /* OOM is a status, not a crash: the 1.7B model's 27 GB of state on a 16 GB device */
    ms_hardware small = h;
    small.memory_bytes = 16e9;
    p.hw = &small;
    p.gpus = 1;
    p.pp = 1;
    p.global_batch = 1;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OOM);
    CHECK(r.bottleneck == MS_BN_MEMORY_CAPACITY);
}

static void test_impossible(void) {
    const ms_hardware h = toy_hw();
    const ms_calib c = toy_calib();
    const ms_model m = gpt_1p7b();
    ms_point p;
    ms_result r;
    point(&p, &m, &h, &c);
    p.gpus = 5;
    p.tp = 5; /* 24 heads */
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_NODIVIDE && strstr(r.reason, "heads"));
    p.tp = 1;
    p.gpus = p.pp = 25; /* 24 layers */
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_NODIVIDE && strstr(r.reason, "layers"));
    p.gpus = p.pp = 8;
    p.interleave = 4; /* 32 virtual stages > 24 layers */
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_NODIVIDE && strstr(r.reason, "layers"));
    p.interleave = 1;
    p.gpus = 12;
    p.tp = 8;
    p.pp = 1;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_NODIVIDE && strstr(r.reason, "tp*pp*cp"));
    p.gpus = 16;
    p.global_batch = 3; /* dp 2 x micro-batch 1 */
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_NODIVIDE && strstr(r.reason, "global batch"));
    ms_hardware nofp8 = h;
    nofp8.peak_flops[MS_FP8] = 0;
    p.hw = &nofp8;
    p.global_batch = 2;
    p.precision = MS_FP8;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_PRECISION);
}

/* Communication terms of a step: TP all-reduces, DP gradients, ZeRO-3 gathers. */
static void test_comm_in_step(void) {
    const ms_hardware h = toy_hw();
    ms_calib c = toy_calib();
    ms_model m = gpt_1p7b();
    m.vocab = 0;
    ms_point p;
    point(&p, &m, &h, &c);
    /* tp 8 inside a node, 1 micro-batch, no recompute: 4 all-reduces of b*s*h*2 bytes per
     * layer, each ring 2*(7/8)*9437184/100e9 + 14*2us */
    p.gpus = p.tp = 8;
    p.global_batch = 1;
    ms_result r;
    ms_solve_core(&p, &r);
    const double ar = 2 * 7.0 / 8 * 2048 * 2304 * 2 / 100e9 + 14 * 2e-6;
    CHECK_NEAR(r.tp_comm_time_s, 24 * 4 * ar, 1e-12);
    CHECK_NEAR(r.step_time_s, r.compute_time_s + r.tp_comm_time_s, 1e-12);
    /* ZeRO-3 over 16 GPUs on 2 nodes (tp 1): each pass gathers the 2-byte weights through
     * every GPU's own NIC: (15/16)*2P/10e9 + 15*5us; forward, backward and the gradient
     * reduce-scatter per micro-batch = 3 passes; dp_overlap 0 exposes all of it */
    c.dp_overlap = 0;
    p.tp = 1;
    p.gpus = 16;
    p.global_batch = 16;
    p.zero = 3;
    ms_solve_core(&p, &r);
    const double P = m.params;
    const double ag = 15.0 / 16 * 2 * P / 10e9 + 15 * 5e-6;
    CHECK_NEAR(r.dp_comm_time_s, 3 * ag, 1e-12);
    CHECK_NEAR(r.step_time_s, r.compute_time_s + 3 * ag, 1e-12);
}

int main(void) {
    test_flops();
    test_single_gpu_step();
    test_bubble();
    test_memory();
    test_impossible();
    test_comm_in_step();
    return check_done();
}
