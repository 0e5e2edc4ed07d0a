/* train.c - training step time, Megatron-LM style.
 *
 * step = compute (hardware FLOPs / achieved FLOP/s + per-layer overheads)
 *      + pipeline bubble ((pp-1)/(v*m) of the compute, Narayanan et al. SC'21 sec. 2.2)
 *      + exposed communication (TP all-reduces per layer, PP p2p, DP gradient reduction not
 *        hidden behind backward, EP all-to-all, CP ring exchange) + per-step overhead.
 * Per-GPU work is the job's work divided by tp*pp*cp*dp (EP shares the DP ranks). */
#include "train.h"
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

double ms_train_model_flops_per_step(const ms_point *p) {
    const ms_model *m = p->model;
    const double tokens = p->global_batch * p->seq;
    if (!ms_workload_is_transformer(m))
        return 3.0 * ms_workload_fwd_flops_per_token(m, 0) * p->global_batch;
    /* every token attends to the whole sequence in Megatron's count (no causal halving) */
    return 3.0 * ms_workload_fwd_flops_per_token(m, p->seq) * tokens;
}

void ms_train_solve(const ms_point *p, ms_result *r) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double tp = p->tp, pp = p->pp, cp = p->cp, ep = p->ep, v = p->interleave;
    const double gpus = p->gpus;
    const double b = p->micro_batch, s = p->seq;

    if (gpus < 1 || tp < 1 || pp < 1 || cp < 1 || ep < 1 || v < 1 || b < 1 || s < 1 ||
        p->global_batch < 1) {
        fail(r, MS_INVALID, MS_BN_NONE, "gpus, tp, pp, cp, ep, batches and seq must be >= 1");
        return;
    }
    if (!ms_workload_is_transformer(m)) {
        fail(r, MS_UNSUPPORTED, MS_BN_NONE, "training is modelled for transformer models");
        return;
    }
    if (hw->peak_flops[p->precision] <= 0) {
        fail(r, MS_PRECISION, MS_BN_PRECISION, "precision not supported by the hardware");
        return;
    }
    const double mp = tp * pp * cp;
    if (fmod(gpus, mp) != 0) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "gpus is not divisible by tp*pp*cp");
        return;
    }
    const double dp = gpus / mp;
    r->dp = dp;
    if (fmod(m->heads, tp) != 0) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "tp does not divide the attention heads");
        return;
    }
    if (pp * v > m->layers) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "more pipeline stages than layers");
        return;
    }
    if (fmod(p->global_batch, dp * b) != 0) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM,
             "global batch is not divisible by dp x micro-batch");
        return;
    }
    if (m->family == MS_FAM_MOE && (fmod(m->experts, ep) != 0 || fmod(dp * cp, ep) != 0)) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "ep must divide the experts and dp*cp");
        return;
    }
    if (m->family != MS_FAM_MOE && ep > 1) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "ep > 1 needs a mixture-of-experts model");
        return;
    }
    const double nmb = p->global_batch / (dp * b); /* micro-batches per step per pipeline */

    ms_links links;
    ms_comm_links(p, &links);
    const double abytes = ms_precision_bytes(p->precision == MS_FP8 ? MS_BF16 : p->precision);

    /* ---- FLOPs ---- */
    const double model_flops = ms_train_model_flops_per_step(p);
    const double fwd = model_flops / 3.0;
    double hw_flops = model_flops;
    if (p->recompute == MS_RECOMPUTE_FULL)
        hw_flops += fwd;
    else if (p->recompute == MS_RECOMPUTE_SELECTIVE)
        hw_flops += ms_workload_attn_flops_per_token(m, s) * p->global_batch * s;
    r->flops_per_step = model_flops;
    const double per_gpu_hw = hw_flops / gpus;

    /* ---- compute time: GEMM saturation on the per-GPU GEMM size ---- */
    const double layers_stage = ceil(m->layers / pp); /* fullest stage sets the pace */
    const double stage_share = layers_stage / (m->layers / pp);
    const double d = fmin(m->hidden / tp, b * s / cp);
    const double f_eff = ms_roofline_flops(hw, c, p->precision, d);
    const double passes = p->recompute == MS_RECOMPUTE_FULL ? 4.0 : 3.0;
    const double t_ovh =
        nmb * layers_stage * c->layer_overhead_s * passes / 3.0 + c->step_overhead_s;
    const double t_compute = per_gpu_hw * stage_share / f_eff;
    r->compute_time_s = t_compute;
    r->overhead_time_s = t_ovh;

    /* ---- pipeline bubble ---- */
    const double per_mb = (t_compute + t_ovh - c->step_overhead_s) / nmb;
    r->bubble_time_s = pp > 1 ? (pp - 1) / v * per_mb : 0.0;

    /* ---- communication ---- */
    const double h = m->hidden;
    const double msg = b * (s / cp) * h * abytes;
    double t_tp = 0;
    if (tp > 1) {
        const double per_layer =
            (p->recompute == MS_RECOMPUTE_FULL ? 6.0 : 4.0) * ms_comm_allreduce(&links, msg, tp, 1);
        t_tp = per_layer * layers_stage * nmb;
    }
    double t_pp = 0;
    if (pp > 1) {
        const int cross = tp * cp >= links.gpus_per_node;
        t_pp = 2.0 * nmb * v * ms_comm_p2p_placed(&links, msg / tp, cross);
    }
    const double grad_bytes = 2.0; /* bf16 gradients reduced */
    double dense_params = m->params, expert_params = 0;
    if (m->family == MS_FAM_MOE) {
        expert_params = ms_workload_moe_layers(m) * m->experts * ms_workload_expert_params(m);
        dense_params = m->params - expert_params;
    }
    double t_dp = 0;
    const double dp_group = dp * cp;
    if (dp_group > 1) {
        const double bytes_dense = dense_params / (tp * pp) * grad_bytes;
        const double bytes_exp = expert_params / (tp * pp * ep) * grad_bytes;
        const double stride = tp * pp > 0 ? tp : 1;
        if (p->zero >= 2) {
            t_dp = 2.0 * ms_comm_allgather(&links, bytes_dense, dp_group, stride * pp) +
                   2.0 * ms_comm_allgather(&links, bytes_exp, dp_group / ep, stride * pp);
        } else {
            t_dp = ms_comm_allreduce(&links, bytes_dense, dp_group, stride * pp) +
                   ms_comm_allreduce(&links, bytes_exp, dp_group / ep, stride * pp);
        }
        if (p->zero == 3) /* parameter all-gathers in forward and backward, per micro-batch */
            t_dp +=
                2.0 * nmb *
                ms_comm_allgather(&links, (dense_params + expert_params / ep) / (tp * pp) * abytes,
                                  dp_group, stride * pp);
    }
    double t_ep = 0;
    if (m->family == MS_FAM_MOE && ep > 1) {
        const double tok_bytes =
            b * (s / cp) * h * abytes * m->experts_per_token * c->moe_imbalance;
        t_ep = 4.0 * ms_workload_moe_layers(m) / pp * nmb *
               ms_comm_alltoall_placed(&links, tok_bytes, ep, tp);
    }
    double t_cp = 0;
    if (cp > 1) {
        const double kvb = 2.0 * b * (s / cp) * (m->kv_heads > 0 ? m->kv_heads : m->heads) *
                           ms_workload_head_dim(m) / tp * abytes;
        t_cp = 3.0 * layers_stage * nmb * (cp - 1) *
               ms_comm_p2p_placed(&links, kvb, tp * cp > links.gpus_per_node);
    }
    r->tp_comm_time_s = t_tp;
    r->pp_comm_time_s = t_pp;
    r->dp_comm_time_s = t_dp;
    r->ep_comm_time_s = t_ep;
    r->cp_comm_time_s = t_cp;
    /* DP reduction overlaps the backward pass of the last micro-batch(es) */
    const double dp_exposed = t_dp * (1.0 - c->dp_overlap);
    const double exposed = t_tp * (1.0 - c->tp_overlap) + t_pp * (1.0 - c->pp_p2p_overlap) +
                           dp_exposed + t_ep + t_cp * 0.5;
    r->exposed_comm_time_s = exposed;
    r->step_time_s = t_compute + t_ovh + r->bubble_time_s + exposed;

    const double tokens = p->global_batch * s;
    r->tokens_per_s = tokens / r->step_time_s;
    r->samples_per_s = p->global_batch / r->step_time_s;
    r->model_tflops_per_gpu = model_flops / gpus / r->step_time_s / 1e12;
    r->hw_tflops_per_gpu = hw_flops / gpus / r->step_time_s / 1e12;
    r->mfu = r->model_tflops_per_gpu * 1e12 / hw->peak_flops[p->precision];
    r->hfu = r->hw_tflops_per_gpu * 1e12 / hw->peak_flops[p->precision];

    /* ---- memory ---- */
    const double shard = tp * pp;
    const double wb = ms_memory_weight_bytes_per_param(p);
    const double params_gpu = dense_params / shard + expert_params / (shard * ep);
    double weights = params_gpu * (p->precision == MS_FP8 ? 2.0 : wb);
    double grads = params_gpu * 2.0;
    double opt = params_gpu * 12.0; /* fp32 master + Adam m and v */
    const double zdp = dp * cp;
    if (p->zero >= 1) opt /= zdp;
    if (p->zero >= 2) grads /= zdp;
    if (p->zero >= 3) weights /= zdp;
    /* 1F1B keeps pp micro-batches in flight on the first stage (interleaving adds 1/v each) */
    const double inflight = fmin(nmb, pp * (1.0 + (v > 1 ? (pp - 1) / (pp * v) : 0.0)));
    const double act = ms_memory_activation_bytes_per_layer(p, b, s) * layers_stage * inflight;
    r->weights_bytes_per_gpu = weights;
    r->grads_bytes_per_gpu = grads;
    r->optimizer_bytes_per_gpu = opt;
    r->activation_bytes_per_gpu = act;
    r->memory_per_gpu_bytes = weights + grads + opt + act + c->framework_mem_bytes;

    if (p->train_tokens > 0) {
        r->time_to_train_s = p->train_tokens / r->tokens_per_s;
        r->gpu_hours = r->time_to_train_s * gpus / 3600.0;
    }

    /* ---- binding constraint ---- */
    if (r->memory_per_gpu_bytes > hw->memory_bytes) {
        fail(r, MS_OOM, MS_BN_MEMORY_CAPACITY, "training state does not fit in device memory");
        return;
    }
    double worst = t_compute;
    r->bottleneck = MS_BN_COMPUTE;
    if (r->bubble_time_s > worst * 0.25 && r->bubble_time_s >= exposed) {
        r->bottleneck = MS_BN_PIPELINE_BUBBLE;
        worst = r->bubble_time_s;
    }
    if (exposed > r->bubble_time_s && exposed > 0.25 * t_compute)
        r->bottleneck = MS_BN_COMMUNICATION;
    if (t_ovh > t_compute) r->bottleneck = MS_BN_OVERHEAD;
}
