/* train.c - training step time of a Megatron-LM style job (docs/physics.md, "Training").
 *
 * Per GPU, along the slowest pipeline stage:
 *   step = m x t_mb                         compute of the m micro-batches (GEMMs, attention,
 *                                           logits, per-layer overheads)
 *        + (p-1)/v x t_mb                   pipeline bubble, 1F1B with v virtual stages
 *                                           (Narayanan et al. SC'21 sec. 2.2.2)
 *        + exposed TP, PP, DP, EP, CP communication + per-step overhead.
 * Rank order is Megatron's: TP innermost, then CP, then DP, PP outermost; so a TP group sits
 * inside a node, DP groups are strided by tp*cp and pipeline neighbours are tp*cp*dp apart. */
#include "train.h"
#include "comm.h"
#include "memory.h"
#include "minmax.h"
#include "roofline.h"
#include "stage.h"
#include "divides.h"
#include "workload.h"

#include <math.h>

static void fail(ms_result *r, int status, int bn, const char *why) {
    r->status = (uint8_t)status;
    r->bottleneck = (uint8_t)bn;
    r->reason = why;
}

/* Precision the attention core runs in: fp8/int recipes (Transformer Engine) keep it 16-bit. */
static int attn_precision(const ms_hardware *hw, int prec) {
    if (prec == MS_FP8 || prec == MS_INT8 || prec == MS_INT4 || prec == MS_FP4) {
        if (hw->peak_flops[MS_BF16] > 0) return MS_BF16;
        if (hw->peak_flops[MS_FP16] > 0) return MS_FP16;
    }
    return prec;
}

void ms_train_stage_fill(const ms_point *p, ms_train_stage *s) {
    const ms_model *m = p->model;
    s->transformer = ms_workload_is_transformer(m);
    s->mm = ms_workload_matmul_params_per_token(m);
    s->l2 = m->layers * 2.0;
    s->attn_d = ms_workload_attn_width(m);
    s->fwd0 = ms_workload_fwd_flops_per_token(m, 0);
    s->moe_l = ms_workload_moe_layers(m);
    s->ex = ms_workload_expert_params(m);
    s->head_dim = ms_workload_head_dim(m);
    s->p16 = attn_precision(p->hw, p->precision);
    s->lowp = s->p16 != p->precision && p->calib->lowp_gemm_eff > 0 ? p->calib->lowp_gemm_eff : 1.0;
    ms_comm_links(p, &s->links);
    s->memo.valid = 0;
}

static void flops_of(const ms_point *p, const ms_train_stage *st, ms_train_flops *f) {
    const ms_model *m = p->model;
    const double tokens = p->global_batch * p->seq;
    f->layer_gemm_fwd = f->attn_fwd = f->logits_fwd = f->attn_recompute = 0.0;
    if (!st->transformer) {
        f->layer_gemm_fwd = st->fwd0 * p->global_batch;
        f->model_total = f->hw_total = 3.0 * f->layer_gemm_fwd;
        return;
    }
    /* 2 FLOPs per weight per token; the head is a matmul of every token with V x h */
    f->logits_fwd = 2.0 * m->vocab * m->hidden * tokens;
    f->layer_gemm_fwd = 2.0 * st->mm * tokens - f->logits_fwd;
    /* every token attends to the whole sequence in Megatron's and NeMo's count
       (ms_workload_attn_flops_per_token at ctx = seq) */
    f->attn_fwd = st->l2 * p->seq * st->attn_d * tokens;
    const double fwd = f->layer_gemm_fwd + f->attn_fwd + f->logits_fwd;
    f->model_total = 3.0 * fwd;
    /* Recompute re-runs forward work: full = every layer's forward (not the head: Megatron
     * checkpoints transformer layers only); selective = the attention core (Korthikanti et
     * al. 2022 sec. 5). A fused flash kernel recomputes QK^T in its backward (half of the
     * core's forward FLOPs); all of it is hardware work, none of it model work. */
    double extra_gemm = 0.0, extra_attn = 0.0;
    if (p->recompute == MS_RECOMPUTE_FULL) {
        extra_gemm = 1.0;
        extra_attn = 1.0;
    } else if (p->recompute == MS_RECOMPUTE_SELECTIVE) {
        extra_attn = 1.0;
    }
    if (!p->unfused_attention) extra_attn += 0.5;
    f->attn_recompute = extra_attn;
    f->hw_total = f->model_total + extra_gemm * f->layer_gemm_fwd + extra_attn * f->attn_fwd;
}

void ms_train_flops_of(const ms_point *p, ms_train_flops *f) {
    ms_train_stage st;
    ms_train_stage_fill(p, &st);
    flops_of(p, &st, f);
}

double ms_train_model_flops_per_step(const ms_point *p) {
    ms_train_flops f;
    ms_train_flops_of(p, &f);
    return f.model_total;
}

/* ZeRO-3 gathers each parameter tensor from all its dp ranks with a flat collective: when the
 * group spans nodes, nearly every byte a GPU needs arrives through its own NIC (no
 * node-level sharing). Narayanan et al. Table 2 bears this out: DeepSpeed ZeRO-3 steps take
 * the same ~65 s for 174.6B on 384 to 1536 GPUs, i.e. the whole model per pass at NIC speed. */
static double zero3_gather(const ms_links *l, double bytes, double n, double stride) {
    if (n <= 1 || bytes <= 0) return 0.0;
    if (ms_comm_ranks_per_node(l, n, stride) >= n) return ms_comm_allgather(l, bytes, n, stride);
    return ms_comm_ring_allgather(bytes, n, l->out_bw_Bps, l->out_lat_s);
}

static int check_layout(const ms_point *p, const ms_train_stage *st, ms_result *r) {
    const ms_model *m = p->model;
    const double tp = p->tp, pp = p->pp, cp = p->cp, ep = p->ep, v = p->interleave;
    if (p->gpus < 1 || tp < 1 || pp < 1 || cp < 1 || ep < 1 || v < 1 || p->micro_batch < 1 ||
        p->seq < 1 || p->global_batch < 1) {
        fail(r, MS_INVALID, MS_BN_NONE, "gpus, tp, pp, cp, ep, batches and seq must be >= 1");
        return -1;
    }
    if (!st->transformer) {
        fail(r, MS_UNSUPPORTED, MS_BN_NONE, "training is modelled for transformer models");
        return -1;
    }
    if (p->hw->peak_flops[p->precision] <= 0) {
        fail(r, MS_PRECISION, MS_BN_PRECISION, "precision not supported by the hardware");
        return -1;
    }
    if (!ms_divides(tp, m->heads)) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "tp does not divide the attention heads");
        return -1;
    }
    if (pp * v > m->layers) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM,
             "more pipeline stages (pp x interleave) than layers");
        return -1;
    }
    if (!ms_divides(tp * pp * cp, p->gpus)) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "gpus is not divisible by tp*pp*cp");
        return -1;
    }
    if (p->gpus > 1 && !ms_comm_connected(&st->links)) {
        fail(r, MS_UNSUPPORTED, MS_BN_PARALLELISM, MS_COMM_UNCONNECTED_WHY);
        return -1;
    }
    const double dp = p->gpus / (tp * pp * cp);
    r->dp = dp;
    if (v > 1 && pp < 2) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "interleave > 1 needs pp >= 2");
        return -1;
    }
    if (!ms_divides(cp, p->seq)) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "cp does not divide the sequence length");
        return -1;
    }
    if (!ms_divides(dp * p->micro_batch, p->global_batch)) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM,
             "global batch is not divisible by dp x micro-batch");
        return -1;
    }
    if (v > 1 && !ms_divides(pp, p->global_batch / (dp * p->micro_batch))) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM,
             "interleaved 1F1B needs the micro-batch count to be a multiple of pp");
        return -1;
    }
    if (m->family == MS_FAM_MOE && (!ms_divides(ep, m->experts) || !ms_divides(ep, dp * cp))) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "ep must divide the experts and dp*cp");
        return -1;
    }
    if (m->family != MS_FAM_MOE && ep > 1) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "ep > 1 needs a mixture-of-experts model");
        return -1;
    }
    return 0;
}

/* a NaN field never matches (NaN != NaN), so such a point works its layout out afresh */
static int same_layout(const ms_point *p, const ms_train_memo *mo) {
    return mo->valid && mo->gpus == p->gpus && mo->cp == p->cp && mo->interleave == p->interleave &&
           mo->micro_batch == p->micro_batch && mo->seq == p->seq &&
           mo->global_batch == p->global_batch && mo->recompute == p->recompute &&
           mo->unfused_attention == p->unfused_attention &&
           mo->sequence_parallel == p->sequence_parallel;
}

/* The layout's checks, FLOPs, parameters and activations per GPU into the memo (its times are
   worked out by layout_times when a point of the layout first fits in memory). The checks write
   into r, which is fresh (result_clear in solve.c): what they wrote is kept, to be written the
   same way into the results of the later points of this layout. */
static void layout_fill(const ms_point *p, const ms_train_stage *st, ms_train_memo *mo,
                        ms_result *r) {
    mo->valid = 1;
    mo->times_valid = 0;
    mo->gpus = p->gpus;
    mo->cp = p->cp;
    mo->interleave = p->interleave;
    mo->micro_batch = p->micro_batch;
    mo->seq = p->seq;
    mo->global_batch = p->global_batch;
    mo->recompute = p->recompute;
    mo->unfused_attention = p->unfused_attention;
    mo->sequence_parallel = p->sequence_parallel;
    check_layout(p, st, r);
    mo->status = r->status;
    mo->bottleneck = r->bottleneck;
    mo->reason = r->reason;
    mo->dp = r->dp;
    if (r->status != MS_OK) return;
    const ms_model *m = p->model;
    const double tp = p->tp, pp = p->pp, cp = p->cp, ep = p->ep, v = p->interleave;
    const double dp = r->dp;
    const double b = p->micro_batch, s = p->seq, L = m->layers;
    const double nmb = p->global_batch / (dp * b); /* micro-batches per step per pipeline */
    flops_of(p, st, &mo->fl);
    /* Layers over stages as Megatron splits uneven counts: the first stages take ceil(L/pp);
     * the last stage holds the remainder plus the output head. */
    mo->l_first = ceil(L / pp);
    mo->l_last = pp > 1 ? ms_fmax(1.0, L - (pp - 1) * mo->l_first) : L;
    /* parameters per GPU: dense ones over tp*pp, experts also over ep */
    mo->dense_params = m->params;
    mo->expert_params = 0;
    if (m->family == MS_FAM_MOE) {
        mo->expert_params = st->moe_l * m->experts * st->ex;
        mo->dense_params = m->params - mo->expert_params;
    }
    mo->params_gpu = mo->dense_params / (tp * pp) + mo->expert_params / (tp * pp * ep);
    /* activations and their gradients travel in 16-bit even in fp8 recipes; 16-bit gradients
       are reduced (bf16/fp16 training) */
    const double grad_bytes = ms_precision_bytes(p->precision == MS_FP32 ? MS_FP32 : MS_BF16);
    mo->grad_dense_bytes = mo->dense_params / (tp * pp) * grad_bytes;
    mo->grad_expert_bytes = mo->expert_params / (tp * pp * ep) * grad_bytes;
    /* 1F1B keeps pp micro-batches in flight on the first stage; interleaving adds
     * (pp-1)/(pp*v) (Korthikanti et al. 2022 sec. 4.2.3) */
    const double inflight = ms_fmin(nmb, pp * (1.0 + (v > 1 ? (pp - 1) / (pp * v) : 0.0)));
    /* the last stage holds one micro-batch in flight plus the fp32 logits of the
     * cross-entropy, 4*s*b*V/t bytes (Korthikanti et al. sec. 4.3) */
    const double act_layer = ms_memory_activation_bytes_per_layer(p, b, s);
    const double logits_mem = 4.0 * b * (s / cp) * m->vocab / tp;
    const double act_first = act_layer * mo->l_first * inflight + (pp > 1 ? 0.0 : logits_mem);
    const double act_last = act_layer * mo->l_last + logits_mem;
    mo->act = pp > 1 ? ms_fmax(act_first, act_last) : act_first;
}

/* The layout's times into the memo: compute of the slowest stage, the tensor/context/expert
   and pipeline traffic, the bubble, and the ZeRO-0..2 gradient all-reduce. */
static void layout_times(const ms_point *p, const ms_train_stage *st, ms_train_memo *mo) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double tp = p->tp, pp = p->pp, cp = p->cp, ep = p->ep, v = p->interleave;
    const double dp = mo->dp;
    const double b = p->micro_batch, s = p->seq, L = m->layers, h = m->hidden;
    const double nmb = p->global_batch / (dp * b); /* micro-batches per step per pipeline */
    const int full = p->recompute == MS_RECOMPUTE_FULL;
    const ms_links links = st->links;
    const ms_train_flops fl = mo->fl;
    const double l_first = mo->l_first, l_last = mo->l_last;
    /* activations and their gradients travel in 16-bit even in fp8 recipes */
    const double abytes = ms_precision_bytes(p->precision == MS_FP32 ? MS_FP32 : MS_BF16);
    const double dp_group = dp * cp;

    /* ---- compute of one micro-batch on one GPU of the slowest stage ----
     * A GPU sees b*s/cp tokens per micro-batch and 1/tp of every weight matrix. */
    const double share = b / p->global_batch / (tp * cp); /* of the job's FLOPs, per GPU & mb */
    const double d = ms_fmin(h / tp, b * s / cp);         /* smallest GEMM dimension */
    /* 8-bit and narrower recipes (Transformer Engine fp8) run the layers' GEMMs at
     * lowp_gemm_eff of the 16-bit efficiency (scaling, casts, amax history) and keep the
     * attention core and the output head in 16 bit */
    const int p16 = st->p16;
    const double lowp = st->lowp;
    const double r_gemm = ms_roofline_flops(hw, c, p->precision, d) * lowp;
    const double r_attn = ms_roofline_flops(hw, c, p16, d) * c->attn_eff;
    const double r_head = ms_roofline_flops(hw, c, p16, ms_fmin(h, b * s / cp));
    /* Unfused attention (no flash kernel) streams the b x a x s x s score tensor through HBM:
     * forward 13 B per score (QK^T writes 2, fused scale-mask-softmax reads 2 and writes 2,
     * dropout reads 2, writes 2 and a 1-byte mask, AV reads 2), backward 19 B (dropout and
     * softmax gradients read 2+1+2+2, write 2+2; dP written 2; dS read twice for dQ and dK,
     * and the dropout output read for dV), the recomputed forward 13 B again. */
    double t_scores = 0;
    if (p->unfused_attention) {
        const double scores = b * (m->heads / tp) * (s / cp) * s;
        t_scores = scores * (13.0 * (1 + full) + 19.0) / ms_roofline_bw(hw, c);
    }
    const double t_layer_math = ((3.0 + full) * fl.layer_gemm_fwd / L * share) / r_gemm +
                                ((3.0 + fl.attn_recompute) * fl.attn_fwd / L * share) / r_attn +
                                t_scores;
    const double t_layer_ovh = c->layer_overhead_s * (3.0 + full) / 3.0;
    const double t_head = 3.0 * fl.logits_fwd * share / r_head;
    /* the slower of the first and the last stage sets the pace */
    const double t_mb_first = l_first * (t_layer_math + t_layer_ovh);
    const double t_mb_last = l_last * (t_layer_math + t_layer_ovh) + t_head;
    const int last_slowest = t_mb_last >= t_mb_first;
    const double t_mb = last_slowest ? t_mb_last : t_mb_first;
    const double l_slow = last_slowest ? l_last : l_first;
    mo->t_mb = t_mb;
    mo->l_slow = l_slow;
    mo->compute_s = nmb * t_mb;
    mo->overhead_s = nmb * l_slow * t_layer_ovh + c->step_overhead_s;

    /* ---- tensor parallelism: 2 all-reduces forward, 2 backward per layer (Megatron sec.
     * 2.3), 2 more for the recomputed forward; SP swaps each for a reduce-scatter plus an
     * all-gather of the same volume. ---- */
    const double msg = b * (s / cp) * h * abytes; /* one layer's activations of a micro-batch */
    double t_tp_mb = 0;
    if (tp > 1) t_tp_mb = (full ? 6.0 : 4.0) * l_slow * ms_comm_allreduce(&links, msg, tp, 1);
    mo->t_tp_mb = t_tp_mb;
    mo->tp_exposed_mb = t_tp_mb * (1.0 - c->tp_overlap);

    /* ---- context parallelism: ring attention passes K and V chunks around cp ranks,
     * forward (cp-1 steps) and backward (K, V and their gradients: twice that), each step
     * overlapped with the attention of the chunk in hand. ---- */
    double t_cp_mb = 0, cp_exposed_mb = 0;
    if (cp > 1) {
        const double kvh = m->kv_heads > 0 ? m->kv_heads : m->heads;
        const double kvb = 2.0 * b * (s / cp) * kvh * st->head_dim / tp * abytes;
        const int cross = tp * cp > links.gpus_per_node;
        t_cp_mb = (3.0 + full) * l_slow * (cp - 1) * ms_comm_p2p_placed(&links, kvb, cross);
        const double t_attn_mb =
            l_slow * (3.0 + fl.attn_recompute) * fl.attn_fwd / L * share / r_attn;
        cp_exposed_mb = ms_fmax(0.0, t_cp_mb - t_attn_mb);
    }
    mo->t_cp_mb = t_cp_mb;
    mo->cp_exposed_mb = cp_exposed_mb;

    /* ---- expert parallelism: dispatch and combine all-to-alls, forward and backward ---- */
    double t_ep_mb = 0;
    if (m->family == MS_FAM_MOE && ep > 1) {
        const double moe_frac = st->moe_l / L;
        const double tok_bytes = msg * m->experts_per_token * c->moe_imbalance;
        t_ep_mb = (full ? 6.0 : 4.0) * l_slow * moe_frac *
                  ms_comm_alltoall_placed(&links, tok_bytes, ep, tp * cp);
    }
    mo->t_ep_mb = t_ep_mb;

    /* ---- pipeline p2p: activations forward, gradients backward, at each of the v chunk
     * boundaries; Megatron's scatter-gather sends 1/tp of the tensor per rank over its own
     * NIC and all-gathers it over NVLink. Neighbour stages are tp*cp*dp ranks apart. ---- */
    double t_pp = 0;
    if (pp > 1) {
        const int cross = tp * cp * dp >= links.gpus_per_node;
        const double one = ms_comm_p2p_placed(&links, msg / tp, cross) +
                           (cross && tp > 1 ? ms_comm_allgather(&links, msg, tp, 1) : 0.0);
        t_pp = 2.0 * v * nmb * one;
    }
    mo->t_pp = t_pp;

    /* per micro-batch time including its exposed TP/CP/EP traffic: what the bubble idles */
    const double t_mb_busy = t_mb + mo->tp_exposed_mb + cp_exposed_mb + t_ep_mb;
    mo->bubble_s = (pp - 1) / v * t_mb_busy;

    /* ---- data parallelism without ZeRO-3: ZeRO-1/2 reduce-scatter the gradients and
     * all-gather the updated shard, the same volume as one all-reduce (Rajbhandari et al.
     * 2020 sec. 7); gradients reduced over dp*cp ranks strided by tp ---- */
    mo->t_dp_allreduce = 0;
    if (dp_group > 1) {
        const double bd = mo->grad_dense_bytes, be = mo->grad_expert_bytes;
        mo->t_dp_allreduce = ms_comm_allreduce(&links, bd, dp_group, tp) +
                             ms_comm_allreduce(&links, be, dp_group / ep, tp * ep);
    }
    mo->times_valid = 1;
}

void ms_train_solve(const ms_point *p, ms_train_stage *st, ms_result *r) {
    ms_train_memo *mo = &st->memo;
    if (same_layout(p, mo)) { /* the checks' verdict, written as check_layout wrote it */
        r->status = mo->status;
        r->bottleneck = mo->bottleneck;
        r->reason = mo->reason;
        r->dp = mo->dp;
    } else
        layout_fill(p, st, mo, r);
    if (r->status != MS_OK) return;
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double tp = p->tp, cp = p->cp, ep = p->ep;
    const double gpus = p->gpus, dp = r->dp;
    const double b = p->micro_batch, s = p->seq;
    const double nmb = p->global_batch / (dp * b); /* micro-batches per step per pipeline */
    const int full = p->recompute == MS_RECOMPUTE_FULL;
    const ms_train_flops fl = mo->fl;
    r->flops_per_step = fl.model_total;
    /* activations and their gradients travel in 16-bit even in fp8 recipes */
    const double abytes = ms_precision_bytes(p->precision == MS_FP32 ? MS_FP32 : MS_BF16);
    const double grad_bytes = abytes; /* 16-bit gradients reduced (bf16/fp16 training) */
    const double params_gpu = mo->params_gpu;
    const double dp_group = dp * cp;

    /* ---- memory: 16-bit weights and gradients, fp32 master + Adam moments = 16 B/param
     * (Rajbhandari et al. sec. 3.1), partitioned over dp*cp by the ZeRO stage ---- */
    double weights = params_gpu * abytes;
    double grads = params_gpu * grad_bytes;
    double opt = params_gpu * 12.0;
    if (p->zero >= 1) opt /= dp_group;
    if (p->zero >= 2) grads /= dp_group;
    if (p->zero >= 3) weights /= dp_group;
    const double act = mo->act;
    r->weights_bytes_per_gpu = weights;
    r->grads_bytes_per_gpu = grads;
    r->optimizer_bytes_per_gpu = opt;
    r->activation_bytes_per_gpu = act;
    r->memory_per_gpu_bytes = weights + grads + opt + act + c->framework_mem_bytes;
    /* memory first: a point that does not fit is refused before its times are worked out */
    if (r->memory_per_gpu_bytes > hw->memory_bytes) {
        fail(r, MS_OOM, MS_BN_MEMORY_CAPACITY, "training state does not fit in device memory");
        return;
    }
    if (!mo->times_valid) layout_times(p, st, mo);
    r->compute_time_s = mo->compute_s;
    r->overhead_time_s = mo->overhead_s;
    r->bubble_time_s = mo->bubble_s;
    const double tp_exposed_mb = mo->tp_exposed_mb, cp_exposed_mb = mo->cp_exposed_mb;
    const double t_ep_mb = mo->t_ep_mb, t_pp = mo->t_pp;

    /* ---- data parallelism (gradients reduced over dp*cp ranks strided by tp) ---- */
    double t_dp = 0, dp_exposed = 0;
    if (dp_group > 1) {
        if (p->zero < 3) {
            t_dp = mo->t_dp_allreduce; /* layout_times: one all-reduce's volume */
            dp_exposed = t_dp * (1.0 - c->dp_overlap);
        } else {
            /* ZeRO-3: every micro-batch all-gathers the parameters for the forward, the
             * backward (and the recomputed forward) and reduce-scatters its gradients, each
             * pass one parameter-sized collective (Rajbhandari et al. sec. 7.2.2: 1.5x the
             * all-reduce volume without recompute). Prefetching hides the gathers behind
             * up to dp_overlap of the compute. */
            const double bd = mo->grad_dense_bytes, be = mo->grad_expert_bytes;
            const ms_links *links = &st->links;
            const double ag = zero3_gather(links, bd, dp_group, tp) +
                              zero3_gather(links, be, dp_group / ep, tp * ep);
            t_dp = nmb * (3.0 + full) * ag;
            dp_exposed =
                ms_fmax(t_dp - c->dp_overlap * r->compute_time_s, (1 - c->dp_overlap) * t_dp);
        }
    }

    r->tp_comm_time_s = nmb * mo->t_tp_mb;
    r->cp_comm_time_s = nmb * mo->t_cp_mb;
    r->ep_comm_time_s = nmb * t_ep_mb;
    r->pp_comm_time_s = t_pp;
    r->dp_comm_time_s = t_dp;
    const double exposed = nmb * (tp_exposed_mb + cp_exposed_mb + t_ep_mb) +
                           t_pp * (1.0 - c->pp_p2p_overlap) + dp_exposed;
    r->exposed_comm_time_s = exposed;
    r->step_time_s = r->compute_time_s + r->bubble_time_s + exposed + c->step_overhead_s;

    const double tokens = p->global_batch * s;
    r->tokens_per_s = tokens / r->step_time_s;
    r->samples_per_s = p->global_batch / r->step_time_s;
    r->model_tflops_per_gpu = fl.model_total / gpus / r->step_time_s / 1e12;
    r->hw_tflops_per_gpu = fl.hw_total / gpus / r->step_time_s / 1e12;
    r->mfu = r->model_tflops_per_gpu * 1e12 / hw->peak_flops[p->precision];
    r->hfu = r->hw_tflops_per_gpu * 1e12 / hw->peak_flops[p->precision];

    if (p->train_tokens > 0) {
        r->time_to_train_s = p->train_tokens / r->tokens_per_s;
        r->gpu_hours = r->time_to_train_s * gpus / 3600.0;
    }

    /* ---- binding constraint ---- */
    const double t_math = r->compute_time_s - r->overhead_time_s;
    r->bottleneck = MS_BN_COMPUTE;
    double worst = t_math;
    if (r->bubble_time_s > 0.25 * worst && r->bubble_time_s >= exposed) {
        r->bottleneck = MS_BN_PIPELINE_BUBBLE;
        worst = r->bubble_time_s;
    }
    if (exposed > r->bubble_time_s && exposed > 0.25 * t_math) r->bottleneck = MS_BN_COMMUNICATION;
    if (r->overhead_time_s > t_math) r->bottleneck = MS_BN_OVERHEAD;
}
