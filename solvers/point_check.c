/* point_check.c - the ranges of a point's numeric fields (ms_point_check in mlsweep.h). The same
 * rules as the job loader's (engine/params.c): a point from a job file always passes, and one built
 * by hand through the library API gets status invalid with the field named, instead of physics on a
 * NaN or an infinity (a NaN service time once sent the replica search into an endless loop). */
#include "mlsweep.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

typedef enum kind {
    COUNT,    /* a whole number >= 1 */
    COUNT0,   /* a whole number >= 0 (0: a default or "none") */
    REAL,     /* finite, >= 0 */
    FRAC,     /* finite, in [0, 1] */
    OVERRIDE, /* NaN (not set) or finite >= 0 */
    PUE       /* NaN (not set) or finite >= 1 */
} kind;

static const struct rule {
    size_t off;
    kind k;
    const char *why;
} rules[] = {
#define R(f, k, why)                                                                               \
    { offsetof(ms_point, f), k, why }
    R(gpus, COUNT0, "gpus must be a whole number >= 0 (0: tp*pp)"),
    R(gpus_per_node, COUNT0, "gpus_per_node must be a whole number >= 0 (0: the hardware's)"),
    R(tp, COUNT, "tp must be a whole number >= 1"),
    R(pp, COUNT, "pp must be a whole number >= 1"),
    R(cp, COUNT, "cp must be a whole number >= 1"),
    R(ep, COUNT, "ep must be a whole number >= 1"),
    R(interleave, COUNT, "interleave must be a whole number >= 1"),
    R(global_batch, COUNT, "global_batch must be a whole number >= 1"),
    R(micro_batch, COUNT, "micro_batch must be a whole number >= 1"),
    R(seq, COUNT, "seq must be a whole number >= 1"),
    R(train_tokens, REAL, "train_tokens must be finite and >= 0"),
    R(batch, COUNT, "batch must be a whole number >= 1"),
    R(prompt_tokens, COUNT0, "prompt_tokens must be a whole number >= 0"),
    R(output_tokens, COUNT0, "output_tokens must be a whole number >= 0"),
    R(qps, REAL, "qps must be finite and >= 0"),
    R(p99_target_s, REAL, "p99_target_s must be finite and >= 0"),
    R(ttft_target_s, REAL, "ttft_target_s must be finite and >= 0"),
    R(tpot_target_s, REAL, "tpot_target_s must be finite and >= 0"),
    R(acceptance, FRAC, "acceptance must be between 0 and 1"),
    R(spec_tokens, COUNT, "spec_tokens must be a whole number >= 1"),
    R(steps, COUNT0, "steps must be a whole number >= 0 (0: the model's)"),
    R(service_cv, REAL, "service_cv must be finite and >= 0"),
    R(prefill_chunk, COUNT0, "prefill_chunk must be a whole number >= 0"),
    R(beam_width, COUNT0, "beam_width must be a whole number >= 0"),
    R(duration_days, REAL, "duration_days must be finite and >= 0"),
    R(utilization, FRAC, "utilization must be between 0 and 1"),
    R(amortization_years, REAL, "amortization_years must be finite and >= 0"),
    R(pue_override, PUE, "pue must be >= 1 and finite, or not set"),
    R(grid_gco2_per_kwh_override, OVERRIDE, "grid_gco2_per_kwh must be finite and >= 0"),
    R(price_usd_per_kwh_override, OVERRIDE, "price_usd_per_kwh must be finite and >= 0"),
    R(gpu_usd_per_hour_override, OVERRIDE, "gpu_usd_per_hour must be finite and >= 0"),
    R(gpu_mtbf_h, REAL, "gpu_mtbf_h must be finite and >= 0"),
    R(checkpoint_bw_Bps, REAL, "checkpoint_bw must be finite and >= 0"),
    R(restart_s, REAL, "restart_s must be finite and >= 0"),
    R(node_mtbf_h, REAL, "node_mtbf_h must be finite and >= 0"),
#undef R
};

/* 2^53: above it doubles are no longer every whole number (the job loader's limit too) */
#define MS_MAX_COUNT 9.007e15

static int in_range(double v, kind k) {
    switch (k) {
    case COUNT:
        return v >= 1 && v <= MS_MAX_COUNT && v == floor(v);
    case COUNT0:
        return v >= 0 && v <= MS_MAX_COUNT && v == floor(v);
    case REAL:
        return v >= 0 && v < INFINITY;
    case FRAC:
        return v >= 0 && v <= 1;
    case OVERRIDE:
        return isnan(v) || (v >= 0 && v < INFINITY);
    default:
        return isnan(v) || (v >= 1 && v < INFINITY);
    }
}

const char *ms_point_check(const ms_point *p) {
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        double v;
        memcpy(&v, (const char *)p + rules[i].off, sizeof v);
        if (!in_range(v, rules[i].k)) return rules[i].why;
    }
    if (p->zero < 0 || p->zero > 3) return "zero must be 0, 1, 2 or 3";
    if (p->recompute < MS_RECOMPUTE_NONE || p->recompute > MS_RECOMPUTE_FULL)
        return "recompute must be none, selective or full";
    if (p->weight_precision < -1 || p->weight_precision >= MS_NPREC || p->kv_precision < -1 ||
        p->kv_precision >= MS_NPREC)
        return "weight_precision and kv_precision must be a precision, or -1 (the compute one)";
    return NULL;
}
