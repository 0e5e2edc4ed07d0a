/* mlsweep.h - the public API of the mlsweep solver library (libmlsweep).
 *
 * One design point in, every metric out:
 *
 *     ms_point p;            // fill with ms_point_init() and then resolved registry entries
 *     ms_result r;
 *     ms_solve(&p, &r);      // pure: no I/O, no globals, no allocation, thread-safe
 *
 * All quantities are SI doubles (s, B, B/s, FLOP, FLOP/s, W, J, USD, kgCO2e, L) and every
 * name carries its unit. Impossible points are not errors: they get a status code and a reason.
 *
 * Staged evaluation (what the sweep engine uses to reach 10^8 points/s on region-heavy grids):
 *     ms_solve_core(&p, &r);                 // everything that does not depend on the region
 *     ms_solve_region(&p, region, &r);       // cost, carbon, water: a few multiplications
 * ms_solve() is exactly ms_solve_core() followed by ms_solve_region(p, p->region, r).
 * ms_solve_region() only reads what the core wrote, so it may be called once per region on the
 * same result (a no-price status from one region is undone by the next); ms_solve_regions()
 * does a whole row of regions at once. Inside the core, ms_solve_core_staged() keeps what the
 * model, hardware, precision and layout fix (and the serving passes the workload axes leave
 * alone) in a caller-owned ms_stage across points, with the same bits as ms_solve_core().
 */
#ifndef MLSWEEP_H
#define MLSWEEP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLSWEEP_VERSION_MAJOR 0
#define MLSWEEP_VERSION_MINOR 1
#define MLSWEEP_VERSION_PATCH 0
#define MLSWEEP_VERSION       "0.1.0"
/* Version of the HDF5 result-file layout (docs/file-format.md). */
#define MLSWEEP_FORMAT_VERSION 1

#define MS_KEY_MAX 64

/* ---- numeric precisions ------------------------------------------------------------------ */
typedef enum ms_precision {
    MS_FP32 = 0,
    MS_TF32,
    MS_BF16,
    MS_FP16,
    MS_FP8,
    MS_INT8,
    MS_INT4,
    MS_FP4,
    MS_NPREC
} ms_precision;

/* ---- status of a point (uint8 in result files; legend in docs/file-format.md) ------------- */
typedef enum ms_status {
    MS_OK = 0,            /* feasible, every metric valid */
    MS_INVALID = 1,       /* invalid input (non-positive batch, unknown mode ...) */
    MS_NODIVIDE = 2,      /* parallelism does not divide (gpus, heads, layers, experts, batch) */
    MS_PRECISION = 3,     /* precision not supported by the hardware */
    MS_OOM = 4,           /* does not fit in device memory */
    MS_SLA = 5,           /* latency/throughput constraint (SLA) cannot be met */
    MS_NO_PRICE = 6,      /* feasible, but a price needed for cost is unknown: cost is NaN */
    MS_UNSUPPORTED = 7,   /* mode not meaningful for this model family (e.g. decode of a CNN) */
    MS_NOT_COMPUTED = 255 /* result files only: point not yet evaluated (resume) */
} ms_status;
#define MS_NSTATUS 8

/* ---- binding constraint ("wall") of a point ---------------------------------------------- */
typedef enum ms_bottleneck {
    MS_BN_NONE = 0,
    MS_BN_COMPUTE,         /* arithmetic throughput */
    MS_BN_MEMORY_BW,       /* memory bandwidth (weights / KV / activations streaming) */
    MS_BN_MEMORY_CAPACITY, /* device memory capacity */
    MS_BN_COMMUNICATION,   /* exposed collective / p2p communication */
    MS_BN_PIPELINE_BUBBLE, /* pipeline fill/drain idle time */
    MS_BN_OVERHEAD,        /* fixed per-layer / per-step software overheads */
    MS_BN_KV_CAPACITY,     /* KV-cache capacity limits the batch */
    MS_BN_SLA,             /* latency target */
    MS_BN_QUEUEING,        /* queueing delay at the offered load */
    MS_BN_HOST_LINK,       /* host<->device link (offload, weight streaming) */
    MS_BN_PRECISION,       /* precision unsupported */
    MS_BN_PARALLELISM,     /* parallel layout does not divide */
    MS_BN_RELIABILITY,     /* failures come faster than a training job recovers from them */
    MS_NBOTTLENECK
} ms_bottleneck;

typedef enum ms_mode { MS_MODE_SERVE = 0, MS_MODE_TRAIN = 1 } ms_mode;

typedef enum ms_model_family {
    MS_FAM_DENSE = 0,
    MS_FAM_MOE,
    MS_FAM_CNN,
    MS_FAM_DIFFUSION,
    MS_FAM_SSM,
    MS_FAM_ENCODER,
    MS_NFAMILY
} ms_model_family;

typedef enum ms_hw_class {
    MS_HW_CLOUD = 0,
    MS_HW_WORKSTATION,
    MS_HW_EDGE,
    MS_HW_MOBILE,
    MS_HW_MCU,
    MS_NHWCLASS
} ms_hw_class;

typedef enum ms_recompute {
    MS_RECOMPUTE_NONE = 0,
    MS_RECOMPUTE_SELECTIVE,
    MS_RECOMPUTE_FULL
} ms_recompute;

/* ---- registry entries, resolved (all SI; NaN = unknown where noted) ----------------------- */
typedef struct ms_fabric {
    char key[MS_KEY_MAX];
    int scale_out;    /* 0 = scale-up (NVLink, ICI ...), 1 = scale-out (IB, RoCE ...) */
    double bw_Bps;    /* per accelerator, per direction */
    double latency_s; /* per message (alpha) */
} ms_fabric;

typedef struct ms_hardware {
    char key[MS_KEY_MAX];
    int hw_class; /* ms_hw_class */
    int family;   /* index into the calibration table (ms_calib) */
    int release_year;
    double peak_flops[MS_NPREC]; /* dense FLOP/s (or OP/s); 0 = unsupported */
    double memory_bytes;
    double memory_bw_Bps;
    double sram_bytes;  /* 0 = unknown/none */
    double flash_bytes; /* 0 = none */
    double tdp_w;
    double idle_w; /* NaN = unknown (calibration idle fraction of TDP is used) */
    double gpus_per_node;
    double scaleup_bw_Bps;     /* per direction per accelerator; 0 = none */
    double scaleout_bw_Bps;    /* NIC per accelerator per direction; 0 = none */
    double host_link_Bps;      /* per direction */
    double unit_price_usd;     /* NaN = unknown */
    double cloud_usd_per_hour; /* NaN = unknown */
    double embodied_kgco2e;    /* NaN = unknown */
    const ms_fabric *scaleup;  /* default fabrics (may be NULL) */
    const ms_fabric *scaleout;
} ms_hardware;

typedef struct ms_model {
    char key[MS_KEY_MAX];
    int family;           /* ms_model_family */
    double params;        /* total parameters */
    double active_params; /* parameters touched per token (MoE); = params for dense */
    double layers, hidden, heads, kv_heads, head_dim, ffn_hidden, vocab, max_seq;
    int ffn_gated, tied_embeddings;
    double experts, experts_per_token, shared_experts, moe_ffn_hidden, first_dense_layers;
    double kv_lora_rank, q_lora_rank, qk_rope_head_dim, qk_nope_head_dim, v_head_dim; /* MLA */
    double state_dim, conv_kernel, expand;                                            /* SSM */
    double flops_per_sample; /* forward FLOPs per sample (per step for diffusion) */
    double resolution, steps;
} ms_model;

typedef struct ms_region {
    char key[MS_KEY_MAX];
    double grid_gco2_per_kwh;
    double pue;
    double wue_l_per_kwh;     /* NaN = unknown */
    double price_usd_per_kwh; /* NaN = unknown */
} ms_region;

/* Efficiency constants of one hardware family (configs/calibration.yaml). */
typedef struct ms_calib {
    char key[MS_KEY_MAX];
    /* compute: achieved/peak = eff_max * d / (d + d_half) over the GEMM's smallest dimension d */
    double gemm_eff_max;
    double gemm_half_dim;
    double attn_eff;         /* attention kernels relative to GEMM efficiency */
    double mem_bw_eff;       /* achievable fraction of memory bandwidth */
    double scaleup_bw_eff;   /* achievable bus-bandwidth fraction, scale-up fabric */
    double scaleout_bw_eff;  /* achievable bus-bandwidth fraction, scale-out fabric */
    double layer_overhead_s; /* fixed cost per layer per micro-batch pass (launches, norms ...) */
    double step_overhead_s;  /* fixed cost per training step (optimizer launch, sync) */
    double decode_layer_overhead_s;   /* per layer per decode step */
    double decode_step_overhead_s;    /* per decode step (sampling, scheduling) */
    double dp_overlap;                /* fraction of DP gradient reduction hidden behind backward */
    double tp_overlap;                /* fraction of TP communication hidden behind compute */
    double pp_p2p_overlap;            /* fraction of pipeline p2p hidden */
    double moe_imbalance;             /* hot-expert load factor (>= 1) */
    double optimizer_bytes_per_param; /* optimizer step traffic (memory-bound) */
    double idle_power_frac;           /* idle power / TDP when the registry has no idle figure */
    double mem_power_frac;      /* share of the dynamic power range drawn by memory activity */
    double host_power_w;        /* host CPUs, DRAM, fans ... per accelerator */
    double network_power_w;     /* NICs and switch share per accelerator */
    double framework_mem_bytes; /* CUDA context, allocator fragmentation, workspace per device */
    double host_capex_frac;     /* host/node capital cost per accelerator / accelerator price */
    double network_capex_frac;  /* scale-out network (switches, optics) per accelerator / price */
    double maintenance_frac_per_year; /* yearly maintenance as a fraction of capital cost */
    double power_full_util;           /* achieved/peak FLOP/s at which the device reaches TDP */
    double lowp_gemm_eff; /* training: GEMM efficiency at 8 bits or less relative to 16-bit
                             (fp8 scaling and casts); 0 = unset, same as 16-bit */
    /* serving engine (configs/calibration-serve.yaml; training keeps its own gemm/bw constants) */
    double serve_gemm_eff_max; /* forward pass of an inference engine: achieved/peak, large GEMMs */
    double
        serve_gemm_half_dim; /* GEMM rows (tokens) at which half of serve_gemm_eff_max is reached */
    double decode_bw_eff;    /* achieved fraction of memory bandwidth streaming weights (GEMV) */
    double kv_bw_eff;        /* achieved fraction of memory bandwidth reading the KV cache */
    double cnn_eff_max;      /* convolution networks: achieved/peak at large batch */
    double serve_collective_s; /* fixed cost of one TP/EP collective in a serving engine
                                  (kernel launch + cross-GPU sync), beyond the fabric's alpha */
    double extra[8];           /* reserved for future constants (keeps the ABI stable) */
} ms_calib;

/* ---- one design point ------------------------------------------------------------------- */
typedef struct ms_point {
    /* resolved registry entries (model, hw, calib required; the rest may be NULL) */
    const ms_model *model;
    const ms_hardware *hw;
    const ms_calib *calib;
    const ms_fabric *scaleup;  /* NULL = hw->scaleup */
    const ms_fabric *scaleout; /* NULL = hw->scaleout */
    const ms_region *region;   /* NULL = no region: cost/carbon need the overrides */
    const ms_model *draft;     /* speculative decoding draft model, or NULL */

    int mode;             /* ms_mode */
    int precision;        /* compute/activation precision (ms_precision) */
    int weight_precision; /* -1 = same as precision */
    int kv_precision;     /* -1 = same as precision */

    /* parallelism */
    double gpus;           /* accelerators in the job (one replica for serving) */
    double gpus_per_node;  /* 0 = hardware default */
    double tp, pp, cp, ep; /* dp is derived: gpus / (tp*pp*cp) */
    double interleave;     /* virtual pipeline stages per device (1 = plain 1F1B) */
    int sequence_parallel;
    int zero;      /* ZeRO stage 0..3 */
    int recompute; /* ms_recompute */

    /* training workload */
    double global_batch;   /* sequences per step */
    double micro_batch;    /* sequences per micro-batch */
    double seq;            /* tokens per sequence */
    double train_tokens;   /* 0 = not given */
    int unfused_attention; /* 1 = attention scores materialized (no flash kernel): Korthikanti's
                              5as/h activation term is kept; 0 = fused flash attention */

    /* serving workload */
    double batch;
    double prompt_tokens;
    double output_tokens;
    double qps;                          /* 0 = no queueing analysis */
    double p99_target_s;                 /* 0 = none */
    double ttft_target_s, tpot_target_s; /* 0 = none */
    double acceptance;                   /* speculative decoding acceptance rate */
    double spec_tokens;                  /* draft tokens proposed per verify step */
    int paged_kv;      /* 1 = paged KV cache (vLLM), 0 = static reservation at max length */
    int disaggregated; /* 1 = separate prefill and decode pools */
    double steps;      /* diffusion denoising steps (0 = model default) */
    int cfg;           /* diffusion classifier-free guidance (doubles the batch) */
    double service_cv; /* coefficient of variation of request service times (queueing, 0 = fixed) */
    double prefill_chunk; /* chunked prefill: prompt tokens per pass (0 = whole prompt) */
    double beam_width;    /* beam search: sequences decoded per request (0 or 1 = greedy) */

    /* fleet, energy, cost, carbon, reliability */
    double duration_days; /* serving/fleet period; training: 0 = derived from train_tokens */
    double utilization;   /* fraction of the period the fleet is busy (serving) */
    double amortization_years;
    double pue_override;               /* NaN = region's */
    double grid_gco2_per_kwh_override; /* NaN = region's */
    double price_usd_per_kwh_override; /* NaN = region's */
    double gpu_usd_per_hour_override;  /* NaN = capex model (or hw cloud price if no unit price) */
    double gpu_mtbf_h;                 /* per-accelerator MTBF incl. its share of host (hours) */
    double checkpoint_bw_Bps;          /* aggregate checkpoint storage bandwidth */
    double restart_s;                  /* time to restart after a failure */
    double node_mtbf_h; /* MTBF of one node's non-accelerator parts (hours); 0 = in gpu_mtbf_h */
} ms_point;

/* ---- every metric of a point ------------------------------------------------------------ */
typedef struct ms_result {
    uint8_t status;     /* ms_status */
    uint8_t bottleneck; /* ms_bottleneck */
    const char *reason; /* static text explaining a non-ok status or the bottleneck (never freed) */

    /* common */
    double dp;
    double memory_per_gpu_bytes;
    double weights_bytes_per_gpu, grads_bytes_per_gpu, optimizer_bytes_per_gpu;
    double activation_bytes_per_gpu, kv_cache_bytes;
    double flops_per_step; /* model FLOPs (train: one step; serve: one request batch) */

    /* training */
    double step_time_s;
    double tokens_per_s;         /* whole job */
    double model_tflops_per_gpu; /* model FLOPs (no recompute) / s / GPU, in TFLOP/s */
    double hw_tflops_per_gpu;    /* hardware FLOPs (with recompute) */
    double mfu, hfu;
    double compute_time_s, exposed_comm_time_s, bubble_time_s, overhead_time_s;
    double tp_comm_time_s, dp_comm_time_s, pp_comm_time_s, ep_comm_time_s, cp_comm_time_s;
    double time_to_train_s, gpu_hours;

    /* serving */
    double ttft_s, tpot_s, e2e_latency_s;
    double prefill_time_s, decode_time_s;
    double output_tokens_per_s; /* system (all replicas of this point's GPUs) */
    double output_tokens_per_s_per_gpu;
    double max_batch;
    double p50_latency_s, p99_latency_s, replicas_needed;
    double samples_per_s; /* CNN / diffusion / encoder */

    /* power and energy */
    double power_w_per_gpu; /* accelerator + host + network share, average while busy */
    double device_power_w;  /* accelerator alone */
    double energy_j;        /* facility energy of the run (train) or period (serve), with PUE */
    double energy_j_per_token;
    double it_energy_j; /* IT (accelerators + hosts + network) energy, before PUE */
    double tokens;      /* tokens trained on (train) or output tokens served in the period */

    /* economics */
    double cost_usd; /* training run, or serving period */
    double cost_usd_per_mtok;
    double capex_usd, opex_usd;
    double maintenance_usd; /* part of opex_usd; 0 when a cloud price is used */

    /* carbon and water */
    double carbon_kgco2e;          /* operational */
    double embodied_carbon_kgco2e; /* amortized share for this run/period */
    double water_l;
    double carbon_kgco2e_per_mtok; /* operational + embodied carbon per million output tokens */

    /* reliability */
    double fleet_mtbf_s, checkpoint_interval_s, checkpoint_write_s, goodput;

    double reserved[8]; /* room for new metrics without breaking the ABI */
} ms_result;

/* ---- metric catalogue: name, units, description, location in ms_result -------------------- */
typedef struct ms_metric_info {
    const char *name;      /* snake_case with unit suffix, e.g. "step_time_s" */
    const char *units;     /* UDUNITS-style string, e.g. "s", "B", "W", "USD", "kg" */
    const char *long_name; /* human description */
    size_t offset;         /* offsetof(ms_result, field), always a double */
    unsigned modes;        /* bit (1<<MS_MODE_SERVE) | (1<<MS_MODE_TRAIN) */
} ms_metric_info;

extern const ms_metric_info ms_metrics[];
extern const size_t ms_metric_count;
const ms_metric_info *ms_metric_find(const char *name);
static inline double ms_metric_get(const ms_result *r, const ms_metric_info *m) {
    return *(const double *)(const void *)((const char *)r + m->offset);
}

/* ---- API ---------------------------------------------------------------------------------- */
/* Defaults for every optional field (NaN overrides, tp=pp=cp=ep=1, bf16 ...). */
void ms_point_init(ms_point *p);
/* Default calibration (used where a family has no entry in configs/calibration.yaml). */
void ms_calib_default(ms_calib *c);
/* NULL if every numeric field of p is in its range (the ranges the job loader enforces), else
 * a static message naming the first field that is not: a NaN, an infinity, a negative or
 * fractional count, a fraction above 1, an unknown ZeRO stage, recompute mode or storage
 * precision. ms_solve and ms_solve_core refuse such a point (status invalid, this reason). */
const char *ms_point_check(const ms_point *p);
void ms_solve(const ms_point *p, ms_result *r);
void ms_solve_core(const ms_point *p, ms_result *r);
void ms_solve_region(const ms_point *p, const ms_region *region, ms_result *r);
/* Staged solving for sweeps (plan, then execute): what a point's model, draft, hardware,
 * calibration, fabrics, precisions and tp/pp/ep fix is worked out once into a caller-owned
 * stage and reused while a sweep varies the rest (batch, tokens, qps, fleet...). Same bits as
 * ms_solve_core, which runs the same code on a fresh stage. The stage refills itself whenever
 * one of those inputs differs from the point it was filled for; registry records are compared
 * by address, so a caller that edits a record in place calls ms_stage_init again. One stage per
 * thread; no allocation (it lives where the caller puts it, a stack variable is fine).
 * The staged path does not run ms_point_check (a dozen ns a point, a third of a sweep's cost):
 * its caller checks its points, as the engine does once per axis value when it loads a job. */
typedef union ms_stage {
    unsigned char opaque_[4096]; /* private to the solver (solvers/stage.h) */
    double align_d_;
    void *align_p_;
} ms_stage;
void ms_stage_init(ms_stage *s);
void ms_solve_core_staged(const ms_point *p, ms_stage *s, ms_result *r);
/* The metrics the region stage writes, in the order ms_solve_regions lays them out. */
enum {
    MS_RM_ENERGY_J,
    MS_RM_ENERGY_J_PER_TOKEN,
    MS_RM_COST_USD,
    MS_RM_COST_USD_PER_MTOK,
    MS_RM_OPEX_USD,
    MS_RM_CARBON_KGCO2E,
    MS_RM_WATER_L,
    MS_RM_CARBON_KGCO2E_PER_MTOK,
    MS_REGION_METRIC_COUNT
};
extern const char *const ms_region_metric_names[MS_REGION_METRIC_COUNT];
/* The region stage for n regions at once on one core result (which it does not change): region
 * i's metric k goes to vals[k * n + i] and its status to status[i]. Bit for bit what
 * ms_solve_region gives each region on a fresh copy of `core`, but with what the core fixed
 * read once and no result copied per region (the sweep engine's inner loop on region axes). */
void ms_solve_regions(const ms_point *p, const ms_region *const *regs, size_t n,
                      const ms_result *core, double *vals, uint8_t *status);

const char *ms_precision_name(int precision); /* "bf16" ... or NULL */
int ms_precision_from_name(const char *name); /* -1 if unknown */
double ms_precision_bytes(int precision);     /* bytes per element */
const char *ms_status_name(int status);       /* "ok", "oom" ... */
const char *ms_status_description(int status);
const char *ms_bottleneck_name(int bottleneck); /* "compute", "memory-bw" ... */
const char *ms_model_family_name(int family);
int ms_model_family_from_name(const char *name);
const char *ms_hw_class_name(int c);
int ms_hw_class_from_name(const char *name);
const char *ms_recompute_name(int r);
int ms_recompute_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* MLSWEEP_H */
