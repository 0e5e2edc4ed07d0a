/* params.c - the table of named point settings. */
#include "params.h"
#include "suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define P(f) offsetof(ms_point, f)
const ms_param ms_params[] = {
    {"model", MS_P_MODEL, 0, P(model), 0, "model key (mlsweep zoo models)", 1},
    {"hardware", MS_P_HARDWARE, 0, P(hw), 0, "accelerator key (mlsweep zoo hardware)", 1},
    {"region", MS_P_REGION, 0, P(region), 0, "datacenter region (mlsweep zoo regions)", 1},
    {"fabric", MS_P_FABRIC, 0, P(scaleout), 0, "scale-out fabric (default: the hardware's)", 1},
    {"scaleup_fabric", MS_P_FABRIC_UP, 0, P(scaleup), 0,
     "scale-up fabric (default: the hardware's)", 1},
    {"draft_model", MS_P_DRAFT, 0, P(draft), 0, "speculative-decoding draft model", 1},
    {"mode", MS_P_MODE, 0, P(mode), 1, "train | serve", 0},
    {"precision", MS_P_PRECISION, 0, P(precision), 1, "fp32 tf32 bf16 fp16 fp8 int8 int4 fp4", 1},
    {"weight_precision", MS_P_PRECISION_OPT, 0, P(weight_precision), 1,
     "weights' precision (default: precision)", 1},
    {"kv_precision", MS_P_PRECISION_OPT, 0, P(kv_precision), 1,
     "KV-cache precision (default: precision)", 1},
    {"gpus", MS_P_COUNT, 0, P(gpus), 0, "accelerators (serve: default tp*pp)", 1},
    {"gpus_per_node", MS_P_COUNT, 0, P(gpus_per_node), 0,
     "accelerators per node (default: hardware's)", 1},
    {"tp", MS_P_COUNT, 0, P(tp), 0, "tensor-parallel degree", 1},
    {"pp", MS_P_COUNT, 0, P(pp), 0, "pipeline-parallel stages", 1},
    {"cp", MS_P_COUNT, 0, P(cp), 0, "context-parallel degree", 1},
    {"ep", MS_P_COUNT, 0, P(ep), 0, "expert-parallel degree", 1},
    {"interleave", MS_P_COUNT, 0, P(interleave), 0, "virtual pipeline stages per device", 1},
    {"sequence_parallel", MS_P_BOOL, 0, P(sequence_parallel), 1, "Megatron sequence parallelism",
     1},
    {"zero", MS_P_COUNT0, 0, P(zero), 1, "ZeRO stage 0-3", 1},
    {"recompute", MS_P_RECOMPUTE, 0, P(recompute), 1, "none | selective | full", 1},
    {"global_batch", MS_P_COUNT, 0, P(global_batch), 0, "sequences per training step", 1},
    {"micro_batch", MS_P_COUNT, 0, P(micro_batch), 0, "sequences per micro-batch", 1},
    {"seq", MS_P_COUNT, 0, P(seq), 0, "training sequence length (tokens)", 1},
    {"unfused_attention", MS_P_BOOL, 0, P(unfused_attention), 1,
     "attention without a fused (flash) kernel", 1},
    {"train_tokens", MS_P_REAL, MS_DIM_NONE, P(train_tokens), 0, "tokens to train on", 1},
    {"batch", MS_P_COUNT, 0, P(batch), 0, "serving batch (concurrent sequences)", 1},
    {"prompt_tokens", MS_P_COUNT0, 0, P(prompt_tokens), 0, "input tokens per request", 1},
    {"output_tokens", MS_P_COUNT0, 0, P(output_tokens), 0, "output tokens per request", 1},
    {"qps", MS_P_REAL, MS_DIM_NONE, P(qps), 0, "offered load, requests/s", 1},
    {"p99_target_s", MS_P_REAL, MS_DIM_NONE, P(p99_target_s), 0, "P99 latency target (s)", 1},
    {"ttft_target_s", MS_P_REAL, MS_DIM_NONE, P(ttft_target_s), 0, "TTFT target (s)", 1},
    {"tpot_target_s", MS_P_REAL, MS_DIM_NONE, P(tpot_target_s), 0, "TPOT target (s)", 1},
    {"acceptance", MS_P_FRAC, 0, P(acceptance), 0, "speculative acceptance rate 0-1", 1},
    {"spec_tokens", MS_P_COUNT, 0, P(spec_tokens), 0, "draft tokens per verify step", 1},
    {"paged_kv", MS_P_BOOL, 0, P(paged_kv), 1, "paged KV cache (false: static reservation)", 1},
    {"disaggregated", MS_P_BOOL, 0, P(disaggregated), 1, "separate prefill/decode pools", 1},
    {"steps", MS_P_COUNT, 0, P(steps), 0, "diffusion denoising steps", 1},
    {"cfg", MS_P_BOOL, 0, P(cfg), 1, "classifier-free guidance (diffusion)", 1},
    {"service_cv", MS_P_REAL, MS_DIM_NONE, P(service_cv), 0,
     "service-time coefficient of variation (queueing; default 0 = fixed-length requests, 1 = "
     "exponential)",
     1},
    {"beam_width", MS_P_COUNT, 0, P(beam_width), 0,
     "beam search width (decode sequences per request)", 1},
    {"prefill_chunk", MS_P_COUNT0, 0, P(prefill_chunk), 0,
     "chunked prefill: tokens per pass (0 = whole prompt)", 1},
    {"duration_days", MS_P_REAL, MS_DIM_NONE, P(duration_days), 0, "fleet period in days", 1},
    {"utilization", MS_P_FRAC, 0, P(utilization), 0, "busy fraction of the period (serve)", 1},
    {"amortization_years", MS_P_REAL, MS_DIM_NONE, P(amortization_years), 0, "hardware lifetime",
     1},
    {"pue", MS_P_OVERRIDE, 0, P(pue_override), 0, "override the region's PUE", 1},
    {"grid_gco2_per_kwh", MS_P_OVERRIDE, 0, P(grid_gco2_per_kwh_override), 0,
     "override grid intensity", 1},
    {"price_usd_per_kwh", MS_P_OVERRIDE, 0, P(price_usd_per_kwh_override), 0,
     "override electricity price", 1},
    {"gpu_usd_per_hour", MS_P_OVERRIDE, 0, P(gpu_usd_per_hour_override), 0,
     "price per GPU-hour (cloud)", 1},
    {"gpu_mtbf_h", MS_P_REAL, MS_DIM_NONE, P(gpu_mtbf_h), 0, "per-GPU MTBF in hours", 1},
    {"checkpoint_bw", MS_P_REAL, MS_DIM_BYTES_PER_S, P(checkpoint_bw_Bps), 0,
     "checkpoint write bandwidth (e.g. '100 GB/s')", 1},
    {"restart_s", MS_P_REAL, MS_DIM_NONE, P(restart_s), 0, "restart time after a failure (s)", 1},
    {"node_mtbf_h", MS_P_REAL, MS_DIM_NONE, P(node_mtbf_h), 0,
     "MTBF of a node's non-accelerator parts in hours (0: in gpu_mtbf_h)", 1},
};
const size_t ms_param_count = sizeof ms_params / sizeof ms_params[0];

const ms_param *ms_param_find(const char *name) {
    for (size_t i = 0; name && i < ms_param_count; i++)
        if (strcmp(ms_params[i].name, name) == 0) return &ms_params[i];
    return NULL;
}

static void *field(ms_point *p, const ms_param *prm) {
    return (char *)p + prm->off;
}

int ms_param_parse_number(const ms_param *prm, const char *text, double *out, char *err,
                          size_t errlen) {
    double v;
    ms_dim d;
    char msg[160];
    if (ms_units_parse(text, &v, &d, msg, sizeof msg)) {
        snprintf(err, errlen, "%s: %s", prm->name, msg);
        return -1;
    }
    ms_dim want = prm->type == MS_P_REAL ? prm->dim : MS_DIM_NONE;
    if (d != want) {
        if (want == MS_DIM_NONE)
            snprintf(err, errlen, "%s takes a plain number, but '%s' is %s", prm->name, text,
                     ms_dim_name(d));
        else if (d == MS_DIM_NONE)
            snprintf(err, errlen, "%s needs a unit: %s, e.g. '%s' (got '%s')", prm->name,
                     ms_dim_name(want), ms_dim_example(want), text);
        else
            snprintf(err, errlen, "%s expects %s (e.g. '%s'), got '%s'", prm->name,
                     ms_dim_name(want), ms_dim_example(want), text);
        return -1;
    }
    if (v < 0 || (prm->type == MS_P_COUNT && v < 1)) {
        snprintf(err, errlen, "%s must be %s, got '%s'", prm->name,
                 prm->type == MS_P_COUNT ? "a whole number >= 1" : "non-negative", text);
        return -1;
    }
    if ((prm->type == MS_P_COUNT || prm->type == MS_P_COUNT0) && (v != floor(v) || v > 9.007e15)) {
        snprintf(err, errlen, "%s must be a whole number, got '%s'", prm->name, text);
        return -1;
    }
    if (prm->type == MS_P_FRAC && v > 1) {
        snprintf(err, errlen, "%s must be between 0 and 1, got '%s'", prm->name, text);
        return -1;
    }
    if (prm->off == offsetof(ms_point, zero) && v > 3) {
        snprintf(err, errlen, "zero must be 0, 1, 2 or 3, got '%s'", text);
        return -1;
    }
    if (prm->type == MS_P_OVERRIDE && prm->off == offsetof(ms_point, pue_override) && v < 1) {
        snprintf(err, errlen, "pue must be >= 1, got '%s'", text);
        return -1;
    }
    *out = v;
    return 0;
}

void ms_param_set_number(ms_point *p, const ms_param *prm, double v) {
    if (prm->is_int)
        *(int *)field(p, prm) = (int)v;
    else
        *(double *)field(p, prm) = v;
}

static int enum_value(const char *text, const char *(*name)(int), int n, const char *what, int *out,
                      char *err, size_t errlen) {
    const char *cands[16];
    for (int i = 0; i < n && i < 16; i++) {
        cands[i] = name(i);
        if (strcmp(cands[i], text) == 0) {
            *out = i;
            return 0;
        }
    }
    char hint[96];
    snprintf(err, errlen, "unknown %s '%s'%s", what, text,
             ms_suggest_hint(text, cands, (size_t)n, hint, sizeof hint));
    return -1;
}

static const char *mode_name(int m) {
    return m == MS_MODE_TRAIN ? "train" : "serve";
}

int ms_param_set(ms_point *p, const ms_registry *reg, const ms_param *prm, const char *text,
                 char *err, size_t errlen) {
    if (!text) text = "";
    int iv;
    switch (prm->type) {
    case MS_P_MODEL:
    case MS_P_DRAFT: {
        const ms_model *m = ms_registry_model(reg, text);
        if (!m) {
            ms_registry_unknown(reg, MS_K_MODELS, text, err, errlen);
            return -1;
        }
        *(const ms_model **)field(p, prm) = m;
        return 0;
    }
    case MS_P_HARDWARE: {
        const ms_hardware *h = ms_registry_hw(reg, text);
        if (!h) {
            ms_registry_unknown(reg, MS_K_HARDWARE, text, err, errlen);
            return -1;
        }
        p->hw = h;
        return 0;
    }
    case MS_P_REGION: {
        const ms_region *r = ms_registry_region(reg, text);
        if (!r) {
            ms_registry_unknown(reg, MS_K_REGIONS, text, err, errlen);
            return -1;
        }
        p->region = r;
        return 0;
    }
    case MS_P_FABRIC:
    case MS_P_FABRIC_UP: {
        const ms_fabric *f = ms_registry_fabric(reg, text);
        if (!f) {
            ms_registry_unknown(reg, MS_K_FABRICS, text, err, errlen);
            return -1;
        }
        *(const ms_fabric **)field(p, prm) = f;
        return 0;
    }
    case MS_P_PRECISION:
    case MS_P_PRECISION_OPT:
        if (prm->type == MS_P_PRECISION_OPT && strcmp(text, "same") == 0) {
            *(int *)field(p, prm) = -1;
            return 0;
        }
        if (enum_value(text, ms_precision_name, MS_NPREC, "precision", &iv, err, errlen)) return -1;
        *(int *)field(p, prm) = iv;
        return 0;
    case MS_P_MODE:
        if (enum_value(text, mode_name, 2, "mode (train | serve)", &iv, err, errlen)) return -1;
        p->mode = iv;
        return 0;
    case MS_P_RECOMPUTE:
        if (enum_value(text, ms_recompute_name, 3, "recompute (none | selective | full)", &iv, err,
                       errlen))
            return -1;
        p->recompute = iv;
        return 0;
    case MS_P_BOOL:
        if (!strcmp(text, "true") || !strcmp(text, "1") || !strcmp(text, "yes"))
            iv = 1;
        else if (!strcmp(text, "false") || !strcmp(text, "0") || !strcmp(text, "no"))
            iv = 0;
        else {
            snprintf(err, errlen, "%s must be true or false, got '%s'", prm->name, text);
            return -1;
        }
        *(int *)field(p, prm) = iv;
        return 0;
    default: {
        double v;
        if (ms_param_parse_number(prm, text, &v, err, errlen)) return -1;
        ms_param_set_number(p, prm, v);
        return 0;
    }
    }
}

void ms_param_finish(ms_point *p, const ms_registry *reg) {
    if (p->hw) p->calib = ms_registry_calib_for(reg, p->hw);
}
