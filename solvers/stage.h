/* stage.h - the "plan" half of staged solving: what a point's model, hardware, calibration,
 * precision and parallelism fix, worked out once and kept in the caller's ms_stage while a sweep
 * varies only the workload (batch, tokens, qps, fleet...). ms_solve_core computes the same terms
 * into a fresh stage every time, so the staged and unstaged paths share every line of physics
 * and give the same bits by construction. */
#ifndef MS_STAGE_H
#define MS_STAGE_H
#include "comm.h"
#include "mlsweep.h"
#include "power.h"
#include "reliability.h"

/* Cost of one forward pass of `seqs` sequences, each adding `new_tokens` tokens on top of
 * `prior` tokens already in its KV cache, through all layers of one model on one
 * tensor-parallel rank (all pipeline stages in sequence: the latency of one micro-batch);
 * solvers/serve.c, pass_rows. */
typedef struct ms_pass {
    double t_s;                 /* total */
    double compute_s, memory_s; /* GEMM + attention time, by the roofline side that binds */
    double tp_comm_s, ep_comm_s, pp_comm_s;
    double overhead_s; /* per-layer and per-pass launch/scheduling overhead */
    double flops;      /* FLOPs of the pass on this rank */
} ms_pass;

/* The last pass of each call site of a serving solve, with its arguments: a pass is a pure
 * function of them and of the stage, so when a sweep's inner axes leave them unchanged (the
 * prefill across output lengths, every pass across qps or SLA axes) the pass is not recomputed. */
enum {
    MS_PASS_PREFILL,
    MS_PASS_DECODE,
    MS_PASS_DRAFT,
    MS_PASS_VERIFY,
    MS_PASS_MIX,
    MS_PASS_ENCODER,
    MS_PASS_SLOTS
};
typedef struct ms_pass_memo {
    int valid, compute_only;
    double seqs, nt, prior, rows_extra;
    ms_pass out;
    /* the pass's GEMM and collective part alone (serve.c, pass_gemms), which depends on its
       rows T = seqs x nt but not on the context: a decode step at a new context reuses it */
    int g_valid, g_compute_only;
    double g_T, g_rows_extra;
    ms_pass g;
} ms_pass_memo;

/* One model's constants for the serving passes (the served model, or its draft). Products are
 * kept in the order the per-point formulas multiply them, so the bits do not depend on which
 * factors were folded in advance. */
typedef struct ms_serve_model {
    int transformer;
    double L;                /* layers, at least 1 */
    double dense, routed;    /* matmul parameters per token outside / inside the routed experts */
    double dense_bytes_tp;   /* dense x weight bytes / tp: the weights one pass streams per rank */
    double moe_l, E, k, ex;  /* MoE layers, experts, experts per token, parameters per expert */
    double l2;               /* 2 x layers: attention FLOPs per token = l2 x ctx x d */
    double attn_d;           /* d of the expanded form (QK and AV widths) */
    double abs_heads, abs_d; /* MLA absorbed form: heads x (2 kv_lora_rank + rope dims); 0 = none */
    double kv_tok_rank;      /* KV cache bytes per token on one TP rank, all layers */
    double ssm_state; /* SSM: recurrent state bytes per sequence, read and written per pass */
    double params, hidden;
    double overhead_s; /* per-pass launch and scheduling overhead */
} ms_serve_model;

typedef struct ms_serve_stage {
    int status, bottleneck; /* an LLM layout the point's parallelism cannot take; MS_OK if none */
    const char *reason;
    ms_serve_model main, draft;
    ms_links links;
    double wb, ab;      /* weight and activation bytes per element */
    double gemm_flops;  /* peak FLOP/s at the precision x serve_gemm_eff_max */
    double bw_w, bw_kv; /* achievable bandwidth for weight and KV streams */
    /* per-GPU memory that the workload does not change */
    double weights, dweights, kv_tok, ws_tok, framework, state_seq;
    ms_pass_memo memo[MS_PASS_SLOTS]; /* emptied by every fill */
} ms_serve_stage;

/* FLOPs of one training step of the whole job, split by kind (forward + backward; the
 * hardware count adds what recomputation re-executes). Narayanan et al. SC'21 eq. 3 is
 * hw_total for full recompute of a GPT: 96*B*s*l*h^2*(1 + s/(6h) + V/(16*l*h)). */
typedef struct ms_train_flops {
    double layer_gemm_fwd; /* QKV, attention output, MLP matmuls of all layers, forward */
    double attn_fwd;       /* QK^T and AV, every query against the whole sequence, forward */
    double logits_fwd;     /* output head, forward */
    double model_total;    /* 3 x (all forward): MFU's numerator */
    double hw_total;       /* model_total + recomputed forward work: HFU's numerator */
    double attn_recompute; /* forwards of the attention core re-executed (in units of attn_fwd) */
} ms_train_flops;

/* What a training point's layout fixes beyond the stage, for the last layout solved: its checks,
 * FLOPs, parameters and activations per GPU, and (once a point of it fits in memory) the
 * compute, tensor/context/expert/pipeline traffic, bubble and the ZeRO-0..2 gradient all-reduce.
 * Only the ZeRO stage's share of the memory and of the data-parallel traffic, and what follows
 * from them, depend on the other fields, so a sweep whose inner axes are zero or the fleet's
 * (MTBF, checkpoints, prices, utilization...) reuses all of this (solvers/train.c). */
typedef struct ms_train_memo {
    int valid, times_valid;
    /* the point fields it was worked out for (the stage key holds the rest) */
    double gpus, cp, interleave, micro_batch, seq, global_batch;
    int recompute, unfused_attention, sequence_parallel;
    /* the layout checks' verdict, as they wrote it into the result */
    uint8_t status, bottleneck;
    const char *reason;
    double dp;
    ms_train_flops fl;
    double l_first, l_last, dense_params, expert_params, params_gpu, act;
    double grad_dense_bytes, grad_expert_bytes; /* a GPU's gradients reduced over dp (16 bit) */
    double t_mb, l_slow, compute_s, overhead_s, t_tp_mb, tp_exposed_mb, t_cp_mb, cp_exposed_mb,
        t_ep_mb, t_pp, bubble_s, t_dp_allreduce;
} ms_train_memo;

/* What a training point's model, hardware and precision fix (solvers/train.c). */
typedef struct ms_train_stage {
    int transformer;
    double mm;         /* matmul parameters a token passes (ms_workload_matmul_params_per_token) */
    double l2, attn_d; /* attention FLOPs per token = l2 x ctx x attn_d */
    double fwd0;       /* forward FLOPs per token (or sample) of a non-transformer */
    double moe_l, ex;  /* MoE layers and parameters per expert */
    double head_dim;
    int p16;     /* precision of the attention core and the output head */
    double lowp; /* GEMM efficiency factor of an 8-bit-or-narrower recipe */
    ms_links links;
    ms_train_memo memo; /* emptied by every fill */
} ms_train_stage;

/* What a stage was filled for: the point fields every staged term reads (registry records are
 * compared by address). */
typedef struct ms_stage_key {
    const void *model, *draft, *hw, *calib, *scaleup, *scaleout;
    int mode, precision, weight_precision, kv_precision;
    double tp, pp, ep, gpus_per_node;
} ms_stage_key;

typedef struct ms_stage_state {
    int filled;
    ms_stage_key key;
    ms_power_model power;            /* the model's terms for the power stage (both modes) */
    ms_reliability_memo reliability; /* the last training point's failure terms */
    ms_serve_stage serve;            /* filled for serving points */
    ms_train_stage train;            /* filled for training points */
} ms_stage_state;

/* Fill the serving terms of point p (mode serve, model/hw/calib present, precision valid). */
void ms_serve_stage_fill(const ms_point *p, ms_serve_stage *s);
/* Fill the training terms of point p (model/hw/calib present, precision valid). */
void ms_train_stage_fill(const ms_point *p, ms_train_stage *s);
#endif
