/* serve.c - serving physics of autoregressive models on one replica of tp*pp accelerators, and
 * the queueing, replica and SLA analysis shared by every serving path (docs/physics-serving.md).
 *
 * A forward pass is costed kernel group by kernel group, each on its own roofline (they run one
 * after the other, so their times add): dense GEMMs (weights/tp streamed once per pass), routed
 * MoE experts (only the experts the pass touches, smaller GEMMs, hot-expert imbalance under EP),
 * attention (FLOPs against the KV read), then TP all-reduces, EP all-to-alls, PP hand-offs and
 * per-layer launch overheads.
 *  - Prefill (TTFT): the prompt in one pass or in chunks; causal attention (token i attends to
 *    i tokens). Static batching prefills the whole batch together (pipelined over pp stages).
 *  - Decode (TPOT): one token per sequence per pass at the mean context of the generation
 *    (step j attends P + j tokens, j = 1..O-1: mean P + O/2; every term is linear in the context,
 *    so the mean step time is the step time at the mean context).
 *  - Continuous batching (paged KV): every decode step also carries the prompts of the requests
 *    that join (B/O per step on average), costing their FLOPs but no extra weight reads.
 *  - Speculative decoding: k draft steps + one (k+1)-token verify pass per (1-a^(k+1))/(1-a)
 *    tokens. Disaggregated: prefill on its own pool, the prompt's KV crosses the scale-out fabric.
 */
#include "serve.h"
#include "comm.h"
#include "divides.h"
#include "edge.h"
#include "memory.h"
#include "minmax.h"
#include "queueing.h"
#include "speculative.h"
#include "stage.h"
#include "workload.h"

#include <math.h>
#include <string.h>

#define MS_SERVE_MAX_PASS_TOKENS 8192.0
#define MS_SERVE_MAX_PAD         8.0

static void fail(ms_result *r, int status, int bn, const char *why) {
    r->status = (uint8_t)status;
    r->bottleneck = (uint8_t)bn;
    r->reason = why;
}

/* Effective GEMM FLOP/s for d rows: d/(d+h) is tile quantisation, a GEMM of d rows pays for h
   padded rows. Engines switch to narrow-tile, swap-AB or GEMV kernels for a few rows, so the
   waste is capped at MS_SERVE_MAX_PAD x the useful work: a batch-1 decode step streams weights
   at bandwidth on any device instead of paying ~h rows of tensor-core time */
static double gemm_flops(double peak_eff, double half_dim, double d) {
    const double pad = ms_fmin(half_dim, MS_SERVE_MAX_PAD * d);
    const double sat = d > 0 ? d / (d + pad) : 1.0;
    return peak_eff * sat;
}

double ms_serve_act_bytes(const ms_point *p) {
    const double b = ms_precision_bytes(p->precision);
    return b < 2 ? 2 : b;
}

/* GEMM group on its roofline; adds to compute_s or memory_s by the side that binds. */
static double roof(double flops, double f_eff, double bytes, double bw, ms_pass *o) {
    const double tc = f_eff > 0 ? flops / f_eff : 0.0;
    const double tm = bw > 0 ? bytes / bw : 0.0;
    if (tc >= tm)
        o->compute_s += tc;
    else
        o->memory_s += tm;
    return tc >= tm ? tc : tm;
}

/* Attention FLOPs of one query token against ctx keys, all layers. MLA decode runs "absorbed"
 * (queries projected into the latent: scores over kv_lora_rank + rope dims, values over
 * kv_lora_rank per head), which is how DeepSeek-V3 is served; prefill uses the expanded form. */
static double attn_flops_token(const ms_serve_model *sm, double ctx, int absorbed) {
    if (absorbed && sm->abs_d > 0) return sm->l2 * ctx * sm->abs_heads * sm->abs_d;
    return sm->l2 * ctx * sm->attn_d;
}

/* The part of a transformer pass that depends on its T = seqs x nt rows and not on the context:
   the dense and routed-expert GEMMs (t_s holds their time) and the collectives. A decode step's
   context changes with every prompt and output length, its rows only with the batch, so the
   stage keeps this part apart (gemms_at) and a new context costs only the attention. */
static void pass_gemms(const ms_point *p, const ms_serve_stage *st, const ms_serve_model *sm,
                       double T, int compute_only, double rows_extra, ms_pass *o) {
    memset(o, 0, sizeof *o);
    const ms_calib *c = p->calib;
    const double tp = p->tp, pp = p->pp, ep = p->ep > 0 ? p->ep : 1;
    const double wb = st->wb, ab = st->ab, pe = st->gemm_flops, hd = c->serve_gemm_half_dim;
    const double bw_w = compute_only ? 0 : st->bw_w;
    const double E = sm->E, k = sm->k, ex = sm->ex, routed = sm->routed, moe_l = sm->moe_l;
    const double fd = 2.0 * sm->dense * T / tp;
    double t = roof(fd, gemm_flops(pe, hd, T + rows_extra), sm->dense_bytes_tp, bw_w, o);
    o->flops = fd;
    if (routed > 0) {
        /* distinct experts a pass touches per layer: E (1 - (1 - k/E)^T) under uniform
           routing; each gets T k / touched rows. Under EP the busiest rank carries
           moe_imbalance x the mean load (hot experts); pure TP splits every expert evenly. */
        double touched = E * (1.0 - pow(1.0 - k / E, T));
        if (touched < k) touched = k;
        const double imb = ep > 1 && c->moe_imbalance > 1 ? c->moe_imbalance : 1.0;
        const double fe = 2.0 * routed * T / tp * imb;
        const double be = moe_l * touched * ex * wb / tp * ms_fmin(imb, E / touched);
        t += roof(fe, gemm_flops(pe, hd, (T + rows_extra) * k / touched), be, bw_w, o);
        o->flops += fe;
    }
    if (!compute_only) {
        const ms_links *l = &st->links;
        const double h = sm->hidden, L = sm->L;
        const double fix = c->serve_collective_s;
        if (tp > 1) o->tp_comm_s = L * 2.0 * (ms_comm_allreduce(l, T * h * ab, tp, 1) + fix);
        if (ep > 1 && routed > 0)
            o->ep_comm_s =
                moe_l * 2.0 * (ms_comm_alltoall_placed(l, T * k * h * ab / tp, ep, 1) + fix);
        if (pp > 1)
            o->pp_comm_s =
                (pp - 1) * ms_comm_p2p_placed(l, T * h * ab / tp, tp * pp > l->gpus_per_node);
    }
    o->t_s = t;
}

/* pass_gemms through the stage's memo for call site `slot` */
static const ms_pass *gemms_at(const ms_point *p, ms_serve_stage *st, int slot,
                               const ms_serve_model *sm, double T, int compute_only,
                               double rows_extra) {
    ms_pass_memo *mo = &st->memo[slot];
    if (!(mo->g_valid && mo->g_T == T && mo->g_compute_only == compute_only &&
          mo->g_rows_extra == rows_extra)) {
        pass_gemms(p, st, sm, T, compute_only, rows_extra, &mo->g);
        mo->g_valid = 1;
        mo->g_T = T;
        mo->g_compute_only = compute_only;
        mo->g_rows_extra = rows_extra;
    }
    return &mo->g;
}

/* One forward pass (ms_pass in solvers/stage.h) for call site `slot`. compute_only: count FLOPs
   only (prefill tokens piggybacking on a decode step that already streams the weights), no
   weight reads, communication or launch overheads. rows_extra: rows of other work fused into
   the same GEMMs (decode rows beside a piggybacked prompt), which raise the GEMM efficiency
   without adding FLOPs to this pass. The transformer's GEMM part comes from gemms_at; the sums
   run in the order of one uninterrupted computation (GEMMs, then attention), so the bits do not
   depend on what the memo held. */
static void pass_rows(const ms_point *p, ms_serve_stage *st, int slot, const ms_serve_model *sm,
                      double seqs, double nt, double prior, int compute_only, double rows_extra,
                      ms_pass *o) {
    const double T = seqs * nt;
    if (!(T > 0)) {
        memset(o, 0, sizeof *o);
        return;
    }
    const ms_calib *c = p->calib;
    const double tp = p->tp, pe = st->gemm_flops, hd = c->serve_gemm_half_dim;
    double t;
    if (!sm->transformer) {
        /* SSM (Mamba): GEMMs over all parameters; the recurrent state (layers x expand*hidden x
           state_dim) is read and written once per pass instead of a growing KV cache */
        memset(o, 0, sizeof *o);
        const double state = sm->ssm_state * seqs;
        o->flops = 2.0 * sm->params * T / tp;
        t = roof(o->flops, gemm_flops(pe, hd, T + rows_extra), (sm->params * st->wb + state) / tp,
                 compute_only ? 0 : st->bw_w, o);
    } else {
        *o = *gemms_at(p, st, slot, sm, T, compute_only, rows_extra);
        t = o->t_s;
        /* attention: query token i of the pass attends prior + i keys (causal); KV read for the
           prior tokens and written for the new ones, on this rank's share of the KV heads */
        const double ctx = prior + (nt + 1.0) / 2.0;
        const double fa = T * attn_flops_token(sm, ctx, nt <= 16) / tp;
        const double kvb = seqs * (prior + nt) * sm->kv_tok_rank;
        /* the attention kernel's GEMMs run over the keys (prior + new), not only the T query
           rows: a decode step's QK^T is [group x head_dim] x [head_dim x ctx] */
        t += roof(fa, gemm_flops(pe, hd, ms_fmax(T, prior + nt)) * c->attn_eff, kvb,
                  compute_only ? 0 : st->bw_kv, o);
        o->flops += fa;
    }
    if (!compute_only) o->overhead_s = sm->overhead_s;
    o->t_s = t + o->tp_comm_s + o->ep_comm_s + o->pp_comm_s + o->overhead_s;
}

/* pass_rows through the stage's memo for call site `slot` (bit for bit the same pass); the
   pointer holds until the next call for that slot */
static const ms_pass *pass_at(const ms_point *p, ms_serve_stage *st, int slot,
                              const ms_serve_model *sm, double seqs, double nt, double prior,
                              int compute_only, double rows_extra) {
    ms_pass_memo *mo = &st->memo[slot];
    if (!(mo->valid && mo->seqs == seqs && mo->nt == nt && mo->prior == prior &&
          mo->compute_only == compute_only && mo->rows_extra == rows_extra)) {
        pass_rows(p, st, slot, sm, seqs, nt, prior, compute_only, rows_extra, &mo->out);
        mo->valid = 1;
        mo->seqs = seqs;
        mo->nt = nt;
        mo->prior = prior;
        mo->compute_only = compute_only;
        mo->rows_extra = rows_extra;
    }
    return &mo->out;
}

static void stage_model(const ms_point *p, const ms_model *m, ms_serve_model *o) {
    const ms_calib *c = p->calib;
    const double tp = p->tp, wb = ms_memory_weight_bytes_per_param(p);
    memset(o, 0, sizeof *o);
    o->transformer = ms_workload_is_transformer(m);
    o->L = m->layers > 0 ? m->layers : 1;
    o->params = m->params;
    o->hidden = m->hidden;
    o->ssm_state = o->L * (m->expand > 0 ? m->expand : 2) * m->hidden *
                   (m->state_dim > 0 ? m->state_dim : 16) * 2.0 * ms_memory_kv_bytes_per_elem(p);
    if (o->transformer) {
        const double mm = ms_workload_matmul_params_per_token(m);
        o->moe_l = ms_workload_moe_layers(m);
        o->E = m->experts;
        o->k = m->experts_per_token;
        o->ex = ms_workload_expert_params(m);
        o->routed = o->moe_l > 0 && o->E > 0 && o->k > 0 ? o->moe_l * o->k * o->ex : 0.0;
        o->dense = mm - o->routed;
        o->dense_bytes_tp = o->dense * wb / tp;
        o->l2 = m->layers * 2.0;
        o->attn_d = ms_workload_attn_width(m);
        if (m->kv_lora_rank > 0) {
            o->abs_heads = m->heads;
            o->abs_d = 2.0 * m->kv_lora_rank + m->qk_rope_head_dim;
        }
        o->kv_tok_rank = ms_memory_kv_bytes_per_token_rank(p, m);
    }
    o->overhead_s = o->L * c->decode_layer_overhead_s + c->decode_step_overhead_s;
}

static void stage_fail(ms_serve_stage *s, int status, int bn, const char *why) {
    if (s->status != MS_OK) return; /* the first failing check names the point's problem */
    s->status = status;
    s->bottleneck = bn;
    s->reason = why;
}

void ms_serve_stage_fill(const ms_point *p, ms_serve_stage *s) {
    const ms_model *m = p->model, *dm = p->draft;
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double tp = p->tp, pp = p->pp, ep = p->ep > 0 ? p->ep : 1;
    const double replica = tp * pp;
    memset(s, 0, sizeof *s);
    s->status = MS_OK;
    s->bottleneck = MS_BN_NONE;
    s->reason = "";
    /* the layout checks of an LLM, in the order a reader would fix them */
    if (ms_workload_is_transformer(m)) {
        if (!ms_divides(tp, m->heads))
            stage_fail(s, MS_NODIVIDE, MS_BN_PARALLELISM, "tp does not divide the attention heads");
        if (pp > m->layers)
            stage_fail(s, MS_NODIVIDE, MS_BN_PARALLELISM, "more pipeline stages than layers");
    } else if (tp > 1 && m->hidden > 0 && !ms_divides(tp, m->hidden))
        stage_fail(s, MS_NODIVIDE, MS_BN_PARALLELISM, "tp does not divide the hidden size");
    if (ep > 1) {
        if (m->family != MS_FAM_MOE || m->experts <= 0)
            stage_fail(s, MS_NODIVIDE, MS_BN_PARALLELISM,
                       "ep > 1 needs a mixture-of-experts model");
        else if (!ms_divides(ep, tp) || !ms_divides(ep, m->experts))
            stage_fail(s, MS_NODIVIDE, MS_BN_PARALLELISM,
                       "ep must divide tp and the expert count (experts are spread over the "
                       "tensor-parallel ranks of a stage)");
    }
    if (dm && (!ms_workload_is_transformer(dm) || !ms_divides(tp, dm->heads)))
        stage_fail(s, MS_NODIVIDE, MS_BN_PARALLELISM,
                   "the draft model must be a transformer whose heads tp divides");

    s->wb = ms_memory_weight_bytes_per_param(p);
    s->ab = ms_serve_act_bytes(p);
    s->gemm_flops = hw->peak_flops[p->precision] * c->serve_gemm_eff_max;
    s->bw_w = hw->memory_bw_Bps * c->decode_bw_eff;
    s->bw_kv = hw->memory_bw_Bps * c->kv_bw_eff;
    ms_comm_links(p, &s->links);
    if (replica > 1 && !ms_comm_connected(&s->links))
        stage_fail(s, MS_UNSUPPORTED, MS_BN_PARALLELISM, MS_COMM_UNCONNECTED_WHY);
    stage_model(p, m, &s->main);
    if (dm) stage_model(p, dm, &s->draft);

    /* memory per GPU: weights/(tp*pp), the draft on the first stage, the KV bytes per token of
       this stage's layers, the activation workspace per token and the framework's reservation */
    s->weights = m->params * s->wb / replica;
    s->dweights = dm ? dm->params * s->wb / tp : 0.0;
    s->kv_tok = s->main.kv_tok_rank / pp + (dm ? s->draft.kv_tok_rank : 0.0);
    const double ffn = m->ffn_hidden > 0 ? m->ffn_hidden : 4 * m->hidden;
    /* largest live activations per token: residual + QKV, and the FFN intermediate (gate and
       up for SwiGLU) of this rank */
    s->ws_tok = (4.0 * m->hidden + (m->ffn_gated ? 2.0 : 1.0) * ffn / tp) * s->ab;
    /* bare-metal microcontroller runtimes have no framework reservation */
    s->framework = ms_edge_is_mcu(hw) ? 0.0 : c->framework_mem_bytes;
    /* SSMs keep a fixed recurrent state per sequence instead of a growing cache: layers x
       expand*hidden x (state_dim + conv_kernel) elements, split over tp and pp */
    s->state_seq = s->main.transformer
                       ? 0.0
                       : s->main.L * (m->expand > 0 ? m->expand : 2) * m->hidden *
                             ((m->state_dim > 0 ? m->state_dim : 16) + m->conv_kernel) *
                             ms_memory_kv_bytes_per_elem(p) / replica;
}

/* Time shares of a request, to name the binding wall. */
typedef struct shares {
    double compute, memory, comm, overhead;
} shares;

static void add_shares(shares *s, const ms_pass *x, double times) {
    s->compute += x->compute_s * times;
    s->memory += x->memory_s * times;
    s->comm += (x->tp_comm_s + x->ep_comm_s + x->pp_comm_s) * times;
    s->overhead += x->overhead_s * times;
}

static int wall_of(const shares *s) {
    double best = s->memory;
    int bn = MS_BN_MEMORY_BW;
    if (s->compute > best) best = s->compute, bn = MS_BN_COMPUTE;
    if (s->comm > best) best = s->comm, bn = MS_BN_COMMUNICATION;
    if (s->overhead > best) bn = MS_BN_OVERHEAD;
    return bn;
}

static void llm_solve(const ms_point *p, ms_serve_stage *st, ms_result *r) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const ms_model *dm = p->draft;
    const double tp = p->tp, pp = p->pp;
    const double B = p->batch, P = p->prompt_tokens, O = p->output_tokens;
    /* beam search: the prompt is prefilled once per request, then w beams decode (each with its
       own copy of the KV cache, as TensorRT-LLM keeps them) */
    const double w = p->beam_width > 1 ? p->beam_width : 1;
    const double Bd = B * w;
    const int paged = p->paged_kv != 0;
    const double replica = tp * pp;
    const ms_serve_model *sm = &st->main, *sd = &st->draft;

    if (st->status != MS_OK) {
        fail(r, st->status, st->bottleneck, st->reason);
        return;
    }
    const int spec = dm && p->acceptance > 0 && p->spec_tokens >= 1;
    if (!(P >= 1)) { /* no prefill pass: a first token in no time, rates of x/0 */
        fail(r, MS_INVALID, MS_BN_NONE,
             "a request needs a prompt (prompt_tokens >= 1): its first output token comes "
             "from the prefill pass");
        return;
    }

    /* ---- memory and capacity (per GPU: weights/(tp*pp), KV of this stage's layers) ---- */
    const double kv_tok = st->kv_tok;
    /* activation workspace: engines cap the tokens of one pass (TensorRT-LLM max_num_tokens,
       vLLM max_num_batched_tokens: 8192 by default) and split larger prefills into passes of
       that size, which costs no extra time once GEMMs are that large */
    const double pass_tokens =
        ms_fmin(MS_SERVE_MAX_PASS_TOKENS,
                paged ? (p->prefill_chunk > 0 ? ms_fmin(p->prefill_chunk, P) : P) : B * P);
    const double ws = pass_tokens * st->ws_tok;
    const double fixed = st->weights + st->dweights + st->framework;
    r->weights_bytes_per_gpu = st->weights + st->dweights;
    const double state_seq = st->state_seq;
    const double room = hw->memory_bytes - fixed - ws;
    if (state_seq > 0)
        r->max_batch = ms_fmax(0, floor(room / (w * state_seq)));
    else if (paged)
        r->max_batch = floor(ms_memory_kv_max_batch(room, kv_tok, P, O, 1) / w);
    else
        r->max_batch =
            kv_tok * (P + O) > 0 ? ms_fmax(0, floor(room / (w * kv_tok * (P + O)))) : INFINITY;
    const double kv = ms_memory_kv_tokens_held(Bd, P, O, paged) * kv_tok + Bd * state_seq;
    r->kv_cache_bytes = kv;
    r->activation_bytes_per_gpu = ws;
    r->memory_per_gpu_bytes = fixed + kv + ws;
    if (fixed > hw->memory_bytes) {
        fail(r, MS_OOM, MS_BN_MEMORY_CAPACITY,
             "weights do not fit in device memory (raise tp/pp or lower the weight precision)");
        return;
    }
    if (r->memory_per_gpu_bytes > hw->memory_bytes) {
        fail(r, MS_OOM, MS_BN_KV_CAPACITY,
             "the KV cache of this batch does not fit beside the weights (see max_batch)");
        return;
    }

    /* ---- prefill / TTFT ---- */
    shares sh = {0, 0, 0, 0};
    const double chunk = p->prefill_chunk > 0 && p->prefill_chunk < P ? p->prefill_chunk : P;
    const double nchunks = P > 0 ? ceil(P / chunk) : 0;
    const double prior_avg = P > chunk ? (P - chunk) / 2.0 : 0.0;
    const ms_pass *pf;
    double ttft = 0, pf_times = 0;
    if (!paged) {
        /* static batching: the batch is prefilled together, as min(B, pp) micro-batches
           through pp stages: (m + pp - 1) stage times of one micro-batch's pass / pp */
        const double mb = pp > 1 ? ms_fmin(B, pp) : 1;
        pf = pass_at(p, st, MS_PASS_PREFILL, sm, B / mb, chunk, prior_avg, 0, 0.0);
        pf_times = nchunks * (mb + pp - 1) / pp;
    } else {
        pf = pass_at(p, st, MS_PASS_PREFILL, sm, 1, chunk, prior_avg, 0, 0.0);
        pf_times = nchunks;
    }
    ttft = pf->t_s * pf_times;
    r->prefill_time_s = ttft;
    double kv_xfer = 0;
    if (p->disaggregated) {
        if (!ms_comm_connected(&st->links)) {
            fail(r, MS_UNSUPPORTED, MS_BN_PARALLELISM, MS_COMM_UNCONNECTED_WHY);
            return;
        }
        /* the prompt's KV moves from the prefill to the decode pool: each of the tp*pp GPUs
           sends its share over its own NIC */
        const double bytes = P * sm->kv_tok_rank * tp / replica;
        kv_xfer = ms_comm_p2p(bytes, st->links.out_bw_Bps, st->links.out_lat_s);
    }
    r->ttft_s = ttft + kv_xfer;

    /* ---- decode / TPOT ---- */
    double tpot = 0, steps = O > 1 ? O - 1 : 0;
    static const ms_pass no_pass; /* all zero: no decode step */
    const ms_pass *dec = &no_pass, *ver = &no_pass, *drf = &no_pass, *mix;
    if (O > 0 && m->family != MS_FAM_ENCODER) {
        const double ctx = P + O / 2.0;
        const double mb = ms_fmin(Bd, pp); /* micro-batches in flight, each passes every stage */
        dec = pass_at(p, st, MS_PASS_DECODE, sm, Bd / mb, 1, ctx, 0, 0.0);
        tpot = dec->t_s;
        double spec_cycle = 0;
        if (spec) {
            const double k = p->spec_tokens;
            drf = pass_at(p, st, MS_PASS_DRAFT, sd, Bd / mb, 1, ctx, 0, 0.0);
            ver = pass_at(p, st, MS_PASS_VERIFY, sm, Bd / mb, k + 1, ctx, 0, 0.0);
            tpot = ms_spec_time_per_token(drf->t_s, ver->t_s, p->acceptance, k);
            spec_cycle = tpot / dec->t_s;
        }
        if (paged && !p->disaggregated && O > 1) {
            /* continuous batching: B/O prompts join per step; each is processed (in chunks)
               fused into the GEMMs of a decode step, beside its Bd decode rows: their FLOPs
               cost time, but no extra weight read, launch or collective */
            mix = pass_at(p, st, MS_PASS_MIX, sm, 1, chunk, prior_avg, 1, Bd);
            tpot += B / O * nchunks * mix->t_s;
            add_shares(&sh, mix, B / O * nchunks * steps);
        }
        if (spec) {
            add_shares(&sh, drf, steps * p->spec_tokens * spec_cycle * dec->t_s / tpot);
            add_shares(&sh, ver, steps * spec_cycle * dec->t_s / tpot);
        } else
            add_shares(&sh, dec, steps);
    } else if (O > 0 && m->family == MS_FAM_ENCODER) {
        fail(r, MS_UNSUPPORTED, MS_BN_NONE,
             "an encoder does not generate tokens (use output_tokens 0)");
        return;
    }
    add_shares(&sh, pf, pf_times);
    r->tpot_s = O > 0 ? tpot : NAN;
    r->decode_time_s = steps * tpot;
    r->e2e_latency_s = r->ttft_s + r->decode_time_s;
    r->tp_comm_time_s = pf->tp_comm_s * pf_times + dec->tp_comm_s * steps;
    r->ep_comm_time_s = pf->ep_comm_s * pf_times + dec->ep_comm_s * steps;
    r->pp_comm_time_s = pf->pp_comm_s * pf_times + dec->pp_comm_s * steps;
    r->overhead_time_s = sh.overhead;
    r->compute_time_s = sh.compute;
    r->exposed_comm_time_s = sh.comm;
    r->flops_per_step =
        (pf->flops * pf_times * (paged ? B : 1) + dec->flops * ms_fmin(Bd, pp) * steps) * tp;

    /* ---- throughput per replica ---- */
    double rep_tok_s; /* output tokens/s of one replica */
    double gpus_per_replica = replica;
    if (O <= 0)
        rep_tok_s = 0;
    else if (!paged || O <= 1)
        rep_tok_s = B * O / r->e2e_latency_s; /* batch-synchronous */
    else if (p->disaggregated) {
        /* decode pool runs undisturbed; a prefill pool of the same shape is added in
           proportion: requests/s of a decode replica x prefill time per request */
        rep_tok_s = B / tpot;
        gpus_per_replica = replica * (1.0 + B / (O * tpot) * ttft);
    } else
        rep_tok_s = B / tpot;
    r->output_tokens_per_s = rep_tok_s * r->dp;
    r->output_tokens_per_s_per_gpu = rep_tok_s / gpus_per_replica;
    r->samples_per_s =
        (O > 0 ? rep_tok_s / O : B / r->e2e_latency_s) * r->dp * replica / gpus_per_replica;
    r->bottleneck = (uint8_t)wall_of(&sh);
    if (p->disaggregated && kv_xfer > 0.5 * r->ttft_s) r->bottleneck = MS_BN_COMMUNICATION;
}

void ms_serve_finish(const ms_point *p, ms_result *r, double slots) {
    if (r->status != MS_OK) return;
    if ((p->ttft_target_s > 0 && r->ttft_s > p->ttft_target_s) ||
        (p->tpot_target_s > 0 && r->tpot_s > p->tpot_target_s)) {
        fail(r, MS_SLA, MS_BN_SLA,
             p->ttft_target_s > 0 && r->ttft_s > p->ttft_target_s ? "TTFT target not met"
                                                                  : "TPOT target not met");
        return;
    }
    if (p->qps <= 0) {
        if (p->p99_target_s > 0 && r->e2e_latency_s > p->p99_target_s)
            fail(r, MS_SLA, MS_BN_SLA, "request latency exceeds the P99 target");
        return;
    }
    const double s = r->e2e_latency_s, cv = p->service_cv;
    ms_queue q;
    const int unstable = ms_queue_mgc(p->qps, s, cv, r->dp * slots, &q) != 0;
    r->p50_latency_s = q.p50_s;
    r->p99_latency_s = q.p99_s;
    r->replicas_needed = ms_queue_replicas_needed(p->qps, s, cv, slots, p->p99_target_s);
    if (isinf(r->replicas_needed)) {
        if (!(p->qps * s / slots < 1e9)) /* the search's cap (ms_queue_replicas_needed) */
            fail(r, MS_SLA, MS_BN_QUEUEING, "the offered load needs more than 10^9 replicas");
        else
            fail(r, MS_SLA, MS_BN_SLA,
                 "P99 target is below the unloaded request latency: no replica count meets it");
        return;
    }
    if (unstable) {
        fail(r, MS_SLA, MS_BN_QUEUEING,
             "offered load exceeds this point's replicas (see replicas_needed)");
        return;
    }
    if (p->p99_target_s > 0 && q.p99_s > p->p99_target_s) {
        fail(r, MS_SLA, MS_BN_QUEUEING,
             "P99 target not met with this point's replicas (see replicas_needed)");
        return;
    }
    ms_queue idle = {0, 0, 0, s, s, s};
    if (q.p99_s > 2.0 * ms_queue_quantile(&idle, s, cv, 0.99)) r->bottleneck = MS_BN_QUEUEING;
}

void ms_serve_solve(const ms_point *p, ms_serve_stage *st, ms_result *r) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const double tp = p->tp, pp = p->pp;
    const double B = p->batch, P = p->prompt_tokens, O = p->output_tokens;
    /* negated tests, so that a NaN is refused too */
    if (!(B >= 1) || !(P >= 0) || !(O >= 0) || !(tp >= 1) || !(pp >= 1) ||
        !(p->acceptance >= 0 && p->acceptance <= 1) || !(p->service_cv >= 0) || !(p->qps >= 0)) {
        fail(r, MS_INVALID, MS_BN_NONE,
             "batch, tp and pp must be >= 1, tokens and qps >= 0, acceptance in [0, 1]");
        return;
    }
    const double replica = tp * pp;
    const double gpus = p->gpus > 0 ? p->gpus : replica;
    if (!ms_divides(replica, gpus)) {
        fail(r, MS_NODIVIDE, MS_BN_PARALLELISM, "gpus is not a multiple of tp*pp");
        return;
    }
    r->dp = gpus / replica;
    if (hw->peak_flops[p->precision] <= 0) {
        fail(r, MS_PRECISION, MS_BN_PRECISION, "precision not supported by the hardware");
        return;
    }
    const int per_sample = m->family == MS_FAM_CNN || m->family == MS_FAM_DIFFUSION ||
                           (m->family == MS_FAM_ENCODER && !ms_workload_is_transformer(m));
    if (per_sample || ms_edge_is_mcu(hw)) {
        if (!per_sample && ms_edge_is_mcu(hw)) {
            /* token models on a microcontroller: weights must fit flash, and every token
               streams them once; handled by the per-sample path when FLOPs are known */
            ms_edge e;
            ms_edge_place(hw, m->params * ms_memory_weight_bytes_per_param(p),
                          B * (P + O) * m->hidden * ms_precision_bytes(p->precision), &e);
            if (e.status != MS_OK) {
                fail(r, e.status, MS_BN_MEMORY_CAPACITY, e.reason);
                return;
            }
            llm_solve(p, st, r); /* SRAM-resident small LM: the ordinary path, no framework */
        } else
            ms_samples_solve(p, r);
        ms_serve_finish(p, r, B);
        return;
    }
    if (m->family == MS_FAM_ENCODER) {
        /* bidirectional encoder (BERT, ViT): one pass of B sequences of S tokens, every token
           attends to all S (prior = S/2 makes the mean context S in pass_rows) */
        const double S = m->max_seq > 0 && m->vocab <= 0 ? m->max_seq : P;
        if (st->status != MS_OK) { /* the layout checks hold for encoders too */
            fail(r, st->status, st->bottleneck, st->reason);
            return;
        }
        if (!(S >= 1)) { /* no tokens, no time: a rate of B/0 samples per second */
            fail(r, MS_INVALID, MS_BN_NONE, "an encoder needs a sequence (prompt_tokens >= 1)");
            return;
        }
        const ms_pass *e = pass_at(p, st, MS_PASS_ENCODER, &st->main, B, S, S / 2.0, 0, 0.0);
        const double wb = ms_memory_weight_bytes_per_param(p);
        r->weights_bytes_per_gpu = m->params * wb / replica;
        r->kv_cache_bytes = 0;
        r->activation_bytes_per_gpu =
            B * S * (4.0 * m->hidden + 2.0 * m->ffn_hidden / tp) * ms_serve_act_bytes(p);
        r->memory_per_gpu_bytes =
            r->weights_bytes_per_gpu + r->activation_bytes_per_gpu + p->calib->framework_mem_bytes;
        r->max_batch = ms_fmax(
            0, floor((hw->memory_bytes - r->weights_bytes_per_gpu - p->calib->framework_mem_bytes) /
                     (r->activation_bytes_per_gpu / B)));
        if (r->memory_per_gpu_bytes > hw->memory_bytes) {
            fail(r, MS_OOM, MS_BN_MEMORY_CAPACITY, "encoder weights and activations do not fit");
            return;
        }
        r->prefill_time_s = r->ttft_s = r->e2e_latency_s = e->t_s;
        r->decode_time_s = 0;
        r->flops_per_step = e->flops * tp;
        r->samples_per_s = B / e->t_s * r->dp;
        r->tp_comm_time_s = e->tp_comm_s;
        r->overhead_time_s = e->overhead_s;
        shares sh = {0, 0, 0, 0};
        add_shares(&sh, e, 1);
        r->bottleneck = (uint8_t)wall_of(&sh);
        ms_serve_finish(p, r, B);
        return;
    }
    llm_solve(p, st, r);
    ms_serve_finish(p, r, B);
}
