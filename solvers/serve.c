/* serve.c - serving physics for one replica of tp*pp accelerators.
 *
 * Prefill: the prompt's linear FLOPs plus causal attention (each token attends to the tokens
 * before it: P^2/2 pairs), on the compute/memory roofline, plus two TP all-reduces per layer.
 * Decode: each step reads the weights held by a GPU (weights/tp, all pp stages in sequence) and
 * the KV cache grown so far; averaged over the generation the context is P + (O-1)/2. */
#include "serve.h"
#include "comm.h"
#include "memory.h"
#include "roofline.h"
#include "workload.h"

#include <math.h>

static void fail(ms_result *r, int status, int bn, const char *why) {
    r->status = (uint8_t)status;
    r->bottleneck = (uint8_t)bn;
    r->reason = why;
}

void ms_serve_solve(const ms_point *p, ms_result *r) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double tp = p->tp, pp = p->pp;
    const double B = p->batch, P = p->prompt_tokens, O = p->output_tokens;

    if (B < 1 || P < 0 || O < 0 || tp < 1 || pp < 1) {
        fail(r, MS_INVALID, MS_BN_NONE, "batch, tp and pp must be >= 1; tokens >= 0");
        return;
    }
    const double replica = tp * pp;
    const double gpus = p->gpus > 0 ? p->gpus : replica;
    if (fmod(gpus, replica) != 0) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "gpus is not a multiple of tp*pp");
        return;
    }
    r->dp = gpus / replica;
    const int wprec = p->weight_precision >= 0 ? p->weight_precision : p->precision;
    if (hw->peak_flops[p->precision] <= 0 || hw->peak_flops[wprec] <= 0) {
        fail(r, MS_PRECISION, MS_BN_PRECISION, "precision not supported by the hardware");
        return;
    }
    if (ms_workload_is_transformer(m)) {
        if (fmod(m->heads, tp) != 0) {
            fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "tp does not divide the attention heads");
            return;
        }
        if (pp > m->layers) {
            fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "more pipeline stages than layers");
            return;
        }
    } else if (replica > 1) {
        {
            fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "this model family runs on one device");
            return;
        }
    }

    ms_links links;
    ms_comm_links(p, &links);
    const double act_bytes = ms_precision_bytes(p->precision);
    const double wbytes = ms_memory_weight_bytes_per_param(p);
    const double weights = m->params * wbytes / replica;
    const double kv_tok = ms_memory_kv_bytes_per_token_per_gpu(p);
    const double ctx_max = P + O;
    const double kv = kv_tok * B * ctx_max;
    const double framework = c->framework_mem_bytes;
    /* transient activations of the largest prefill chunk (a few hidden-size buffers per token) */
    const double act =
        ms_workload_is_transformer(m)
            ? B * P * (m->hidden * 4.0 + (m->ffn_hidden > 0 ? m->ffn_hidden : 0) * 2.0 / tp) *
                  act_bytes
            : 0.0;
    r->weights_bytes_per_gpu = weights;
    r->kv_cache_bytes = kv;
    r->activation_bytes_per_gpu = act;
    r->memory_per_gpu_bytes = weights + kv + act + framework;
    const double free_for_kv = hw->memory_bytes - weights - framework - act / B;
    r->max_batch =
        kv_tok > 0 ? floor(free_for_kv / (kv_tok * ctx_max)) : (free_for_kv > 0 ? INFINITY : 0);
    if (r->max_batch < 0) r->max_batch = 0;

    /* ---- prefill ---- */
    const double d_pref = B * P; /* GEMM rows */
    const double lin_flops = 2.0 * ms_workload_matmul_params_per_token(m) * B * P;
    const double attn_flops = ms_workload_attn_flops_per_token(m, P / 2.0) * B * P;
    const double pref_flops =
        (ms_workload_is_transformer(m) ? lin_flops + attn_flops : m->flops_per_sample * B);
    int cb = 0;
    const double f_eff = ms_roofline_flops(hw, c, p->precision, d_pref);
    const double bw = ms_roofline_bw(hw, c);
    const double t_pref_dev = ms_roofline_time(
        pref_flops / tp, m->params * wbytes / tp + kv_tok * pp * B * P, f_eff, bw, &cb);
    const double layers = ms_workload_is_transformer(m) ? m->layers : 1;
    double t_pref_tp = 0;
    if (tp > 1)
        t_pref_tp = layers * 2.0 * ms_comm_allreduce(&links, B * P * m->hidden * act_bytes, tp, 1) *
                    (1 - c->tp_overlap);
    const double t_pref_pp =
        pp > 1 ? (pp - 1) * ms_comm_p2p_placed(&links, B * P * m->hidden * act_bytes / tp, 0) : 0;
    const double t_pref_ovh = layers * c->layer_overhead_s + c->decode_step_overhead_s;
    r->prefill_time_s = t_pref_dev + t_pref_tp + t_pref_pp + t_pref_ovh;
    r->ttft_s = r->prefill_time_s;

    /* ---- decode ---- */
    int dcb = 0;
    double t_step = 0, t_dec_tp = 0;
    if (O > 0 && ms_workload_is_transformer(m) && m->family != MS_FAM_ENCODER) {
        const double ctx_avg = P + (O - 1) / 2.0;
        const double dec_flops = B * ms_workload_fwd_flops_per_token(m, ctx_avg) / tp;
        const double active_w = ms_workload_active_params_derived(m);
        /* MoE: a batch touches min(E, B*k) experts per layer, not all of them */
        double touched = m->params;
        if (m->family == MS_FAM_MOE && m->experts > 0) {
            const double frac = fmin(1.0, B * m->experts_per_token / m->experts);
            touched = active_w + (m->params - active_w) * frac;
        }
        const double dec_bytes = touched * wbytes / tp + kv_tok * pp * B * ctx_avg;
        const double t_dev = ms_roofline_time(dec_flops, dec_bytes,
                                              ms_roofline_flops(hw, c, p->precision, B), bw, &dcb);
        if (tp > 1)
            t_dec_tp =
                m->layers * 2.0 * ms_comm_allreduce(&links, B * m->hidden * act_bytes, tp, 1);
        const double t_pp =
            pp > 1 ? pp * ms_comm_p2p_placed(&links, B * m->hidden * act_bytes, 0) : 0;
        t_step = t_dev + t_dec_tp + t_pp + m->layers * c->decode_layer_overhead_s +
                 c->decode_step_overhead_s;
        r->tpot_s = t_step;
        r->decode_time_s = t_step * (O - 1 > 0 ? O - 1 : 0);
    } else if (O > 0 && !ms_workload_is_transformer(m) && m->family != MS_FAM_SSM) {
        {
            fail(r, MS_UNSUPPORTED, MS_BN_NONE, "this model family does not generate tokens");
            return;
        }
    } else {
        r->tpot_s = 0;
        r->decode_time_s = 0;
    }
    r->e2e_latency_s = r->ttft_s + r->decode_time_s;
    r->tp_comm_time_s = t_pref_tp + t_dec_tp * (O > 1 ? O - 1 : 0);
    r->overhead_time_s = t_pref_ovh;
    r->flops_per_step = pref_flops;
    const double per_replica = O > 0 ? B * O / r->e2e_latency_s : 0.0;
    r->output_tokens_per_s = per_replica * r->dp;
    r->output_tokens_per_s_per_gpu = per_replica / replica;
    r->samples_per_s = B / r->e2e_latency_s * r->dp;

    /* binding constraint */
    if (r->memory_per_gpu_bytes > hw->memory_bytes) {
        {
            fail(r, MS_OOM, kv > weights ? MS_BN_KV_CAPACITY : MS_BN_MEMORY_CAPACITY,
                 kv > weights ? "KV cache for this batch does not fit" : "weights do not fit");
            return;
        }
    }
    const double t_dec_total = r->decode_time_s, t_pref_total = r->prefill_time_s;
    if (t_dec_total > t_pref_total)
        r->bottleneck = (uint8_t)(t_dec_tp > 0.5 * t_step ? MS_BN_COMMUNICATION
                                  : dcb                   ? MS_BN_COMPUTE
                                                          : MS_BN_MEMORY_BW);
    else
        r->bottleneck = (uint8_t)(t_pref_tp > t_pref_dev ? MS_BN_COMMUNICATION
                                  : cb                   ? MS_BN_COMPUTE
                                                         : MS_BN_MEMORY_BW);
    if ((p->ttft_target_s > 0 && r->ttft_s > p->ttft_target_s) ||
        (p->tpot_target_s > 0 && r->tpot_s > p->tpot_target_s)) {
        fail(r, MS_SLA, MS_BN_SLA, "TTFT or TPOT target not met");
        return;
    }
}
