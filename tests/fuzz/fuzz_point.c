/* fuzz_point.c - libFuzzer harness: any bytes as a design point for the solver, over the whole
 * shipped registry (every model, accelerator, fabric and region; a draft model or none), with
 * every numeric field drawn from a palette of ordinary, edge and absurd values (0, 1, odd
 * counts, huge counts, negative, NaN, infinity).
 *
 * Beyond "no crash, no UB, no hang" (libFuzzer's -timeout: a NaN latency once sent the replica
 * search into an endless loop) it aborts, a finding, when the solver breaks what result files
 * rely on:
 *  - the status and bottleneck are known codes, with a reason for every refusal;
 *  - a usable point has no infinite metric but those that may be (max_batch without a KV cache;
 *    the latency quantiles and replica count of an unstable or unmeetable queue; the totals
 *    of a training run that never finishes, goodput 0 and status sla; the MTBF of a fleet that
 *    never fails);
 *  - a point out of range (ms_point_check) is refused as invalid, with the check's reason;
 *  - the staged solve, after a neighbouring point that differs in a few fields (and perhaps its
 *    ZeRO stage), gives the bits of a fresh solve (what a sweep does: tests/unit/test_stage.c on a
 * fixed grid). */
#include "registry.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct bytes {
    const uint8_t *p;
    size_t n, at;
} bytes;

static unsigned take(bytes *b) {
    return b->at < b->n ? b->p[b->at++] : 0u;
}

static const double palette[] = {0,    1,    2,    3,    4,     7,        8,         16,
                                 64,   128,  1000, 4096, 32768, 1e6,      1e9,       0.5,
                                 0.99, 1e-3, -1,   -0.0, NAN,   INFINITY, -INFINITY, 1e15,
                                 6,    12,   24,   96,   365,   8192,     0.25,      1.5};

static double value(bytes *b) {
    return palette[take(b) % (sizeof palette / sizeof *palette)];
}

/* the double fields of a point the bytes may set */
#define F(x)                                                                                       \
    { offsetof(ms_point, x), #x }
static const struct {
    size_t off;
    const char *name;
} fields[] = {F(gpus),
              F(gpus_per_node),
              F(tp),
              F(pp),
              F(cp),
              F(ep),
              F(interleave),
              F(global_batch),
              F(micro_batch),
              F(seq),
              F(train_tokens),
              F(batch),
              F(prompt_tokens),
              F(output_tokens),
              F(qps),
              F(p99_target_s),
              F(ttft_target_s),
              F(tpot_target_s),
              F(acceptance),
              F(spec_tokens),
              F(steps),
              F(service_cv),
              F(prefill_chunk),
              F(beam_width),
              F(duration_days),
              F(utilization),
              F(amortization_years),
              F(pue_override),
              F(grid_gco2_per_kwh_override),
              F(price_usd_per_kwh_override),
              F(gpu_usd_per_hour_override),
              F(gpu_mtbf_h),
              F(checkpoint_bw_Bps),
              F(restart_s),
              F(node_mtbf_h)};
#undef F
#define N_FIELDS (sizeof fields / sizeof *fields)

static void set_field(ms_point *p, size_t which, double v) {
    memcpy((char *)p + fields[which % N_FIELDS].off, &v, sizeof v);
}

/* a few bytes pick the records, enums and flags, then (field, value) pairs follow */
static void point_of(bytes *b, const ms_registry *reg, ms_point *p) {
    ms_point_init(p);
    p->mode = take(b) % 2 ? MS_MODE_TRAIN : MS_MODE_SERVE;
    p->model = &reg->models[(take(b) * 256u + take(b)) % reg->n_models];
    p->hw = &reg->hw[(take(b) * 256u + take(b)) % reg->n_hw];
    p->calib = ms_registry_calib_for(reg, p->hw);
    const unsigned flags = take(b);
    if (flags & 1) p->draft = &reg->models[take(b) % reg->n_models];
    if ((flags & 2) && reg->n_fabrics) p->scaleup = &reg->fabrics[take(b) % reg->n_fabrics];
    if ((flags & 4) && reg->n_fabrics) p->scaleout = &reg->fabrics[take(b) % reg->n_fabrics];
    if ((flags & 8) && reg->n_regions) p->region = &reg->regions[take(b) % reg->n_regions];
    p->paged_kv = (flags >> 4) & 1;
    p->disaggregated = (flags >> 5) & 1;
    p->sequence_parallel = (flags >> 6) & 1;
    p->unfused_attention = (flags >> 7) & 1;
    p->precision = (int)(take(b) % MS_NPREC);
    p->weight_precision = (int)(take(b) % (MS_NPREC + 1)) - 1;
    p->kv_precision = (int)(take(b) % (MS_NPREC + 1)) - 1;
    p->zero = (int)(take(b) % 4);
    p->recompute = (int)(take(b) % 3);
    p->cfg = (int)(take(b) % 2);
    const unsigned pairs = take(b) % 24;
    for (unsigned i = 0; i < pairs; i++) {
        const unsigned f = take(b);
        set_field(p, f, value(b));
    }
}

static int may_be_inf(const ms_metric_info *m, const ms_result *r) {
    if (strcmp(m->name, "max_batch") == 0) return 1;
    /* failures come faster than the job recovers (goodput 0): it never finishes (status sla),
       and every total over its run (time, GPU-hours, energy, cost, carbon, water) is infinite */
    if (r->goodput == 0 && r->status == MS_SLA) return 1;
    /* no failure rate given (gpu_mtbf_h 0): failures never come, checkpoints are never due */
    if (isinf(r->fleet_mtbf_s) &&
        (strcmp(m->name, "fleet_mtbf_s") == 0 || strcmp(m->name, "checkpoint_interval_s") == 0))
        return 1;
    return r->status == MS_SLA &&
           (strcmp(m->name, "p50_latency_s") == 0 || strcmp(m->name, "p99_latency_s") == 0 ||
            strcmp(m->name, "replicas_needed") == 0);
}

static void finding(const ms_point *p, const ms_result *r, const char *what, const char *metric) {
    fprintf(stderr, "fuzz_point: %s%s%s: %s on %s, %s, status %d (%s)\n", what, metric ? " " : "",
            metric ? metric : "", p->model->key, p->hw->key,
            p->mode == MS_MODE_TRAIN ? "train" : "serve", r->status, r->reason ? r->reason : "");
    ms_point d; /* the fields that differ from the defaults */
    ms_point_init(&d);
    for (size_t i = 0; i < N_FIELDS; i++) {
        double v, v0;
        memcpy(&v, (const char *)p + fields[i].off, sizeof v);
        memcpy(&v0, (const char *)&d + fields[i].off, sizeof v0);
        if (memcmp(&v, &v0, sizeof v)) fprintf(stderr, "  %s = %g\n", fields[i].name, v);
    }
    fprintf(stderr, "  precision %d weight %d kv %d paged %d disaggregated %d draft %s region %s\n",
            p->precision, p->weight_precision, p->kv_precision, p->paged_kv, p->disaggregated,
            p->draft ? p->draft->key : "-", p->region ? p->region->key : "-");
    abort();
}

static void check(const ms_point *p, const ms_result *r) {
    if (r->status > MS_UNSUPPORTED || r->bottleneck >= MS_NBOTTLENECK)
        finding(p, r, "unknown status or bottleneck", NULL);
    if (r->status == MS_OK && r->goodput == 0)
        finding(p, r, "a training run that never finishes is ok", NULL);
    const int usable = r->status == MS_OK || r->status == MS_SLA || r->status == MS_NO_PRICE;
    if (r->status != MS_OK && (!r->reason || !r->reason[0])) finding(p, r, "no reason", NULL);
    for (size_t i = 0; i < ms_metric_count; i++) {
        const double v = ms_metric_get(r, &ms_metrics[i]);
        if (usable && isinf(v) && !may_be_inf(&ms_metrics[i], r))
            finding(p, r, "infinite", ms_metrics[i].name);
    }
}

static int same(const ms_result *a, const ms_result *b) {
    const size_t off = offsetof(ms_result, dp);
    return a->status == b->status && a->bottleneck == b->bottleneck &&
           memcmp((const char *)a + off, (const char *)b + off, sizeof *a - off) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static ms_registry reg;
    static int loaded;
    if (!loaded) {
        char err[512];
        if (ms_registry_load(&reg, MS_FUZZ_SOURCE_DIR "/configs", NULL, 0, err, sizeof err)) {
            fprintf(stderr, "fuzz_point: %s\n", err);
            abort();
        }
        loaded = 1;
    }
    bytes b = {data, size, 0};
    ms_point p, q;
    point_of(&b, &reg, &p);
    /* the neighbour: p with a few more fields changed */
    q = p;
    const unsigned more = take(&b) % 4;
    for (unsigned i = 0; i < more; i++) {
        const unsigned f = take(&b);
        set_field(&q, f, value(&b));
    }
    /* or another ZeRO stage: a training neighbour of the same layout (solvers/train.c's memo) */
    if (take(&b) & 1) q.zero = (int)(take(&b) % 4);
    ms_result fresh, staged;
    ms_solve_core(&p, &fresh);
    const char *why = ms_point_check(&p);
    if (why && (fresh.status != MS_INVALID || strcmp(fresh.reason, why) != 0))
        finding(&p, &fresh, "a point out of range was not refused", NULL);
    /* the staged path, for points that pass ms_point_check (its precondition, which the engine
       meets by checking every axis value when it loads a job) */
    if (!why && !ms_point_check(&q)) {
        ms_stage stage;
        ms_stage_init(&stage);
        ms_solve_core_staged(&q, &stage, &staged);
        ms_solve_core_staged(&p, &stage, &staged);
        if (!same(&fresh, &staged)) finding(&p, &fresh, "staged and fresh solves differ", NULL);
    }
    ms_solve_region(&p, p.region, &fresh);
    check(&p, &fresh);
    return 0;
}
