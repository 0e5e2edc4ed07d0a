/* solve.c - the solver's entry points: defaults, then the staged evaluation of one point. */
#include "economics.h"
#include "mlsweep.h"
#include "power.h"
#include "reliability.h"
#include "serve.h"
#include "stage.h"
#include "train.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

void ms_point_init(ms_point *p) {
    memset(p, 0, sizeof *p);
    p->mode = MS_MODE_SERVE;
    p->precision = MS_BF16;
    p->weight_precision = -1;
    p->kv_precision = -1;
    p->gpus = 0; /* 0 = tp*pp for serving */
    p->tp = p->pp = p->cp = p->ep = p->interleave = 1;
    p->global_batch = 1;
    p->micro_batch = 1;
    p->seq = 2048;
    p->batch = 1;
    p->prompt_tokens = 2048;
    p->output_tokens = 256;
    p->spec_tokens = 4;
    p->paged_kv = 1;
    p->service_cv = 0.0; /* every request has exactly prompt/output tokens: deterministic service */
    p->duration_days = 0;
    p->utilization = 1.0;
    p->amortization_years = 4.0; /* typical accelerator depreciation schedule */
    p->pue_override = NAN;
    p->grid_gco2_per_kwh_override = NAN;
    p->price_usd_per_kwh_override = NAN;
    p->gpu_usd_per_hour_override = NAN;
    /* Meta reports 466 job interruptions in 54 days on 16,384 H100s (Llama 3, Dubey et al. 2024,
       sec. 3.3.4): ~ 16384*54*24/466 = 45,600 GPU-hours between interruptions per GPU. */
    p->gpu_mtbf_h = 45600.0;
    p->checkpoint_bw_Bps = 100e9; /* aggregate parallel file system write bandwidth */
    p->restart_s = 600.0;
}

void ms_calib_default(ms_calib *c) {
    memset(c, 0, sizeof *c);
    strcpy(c->key, "default");
    c->gemm_eff_max = 0.75;
    c->gemm_half_dim = 128.0;
    c->attn_eff = 0.8;
    c->mem_bw_eff = 0.85;
    c->scaleup_bw_eff = 0.8;
    c->scaleout_bw_eff = 0.8;
    c->layer_overhead_s = 20e-6;
    c->step_overhead_s = 0.01;
    c->decode_layer_overhead_s = 5e-6;
    c->decode_step_overhead_s = 1e-3;
    c->dp_overlap = 0.8;
    c->tp_overlap = 0.0;
    c->pp_p2p_overlap = 0.5;
    c->moe_imbalance = 1.2;
    c->optimizer_bytes_per_param = 16.0;
    /* Power (solvers/power.c, docs/physics-energy.md). Assumption: SXM-class GPUs idle at
       10-20% of TDP (nvidia-smi readings); no vendor publishes idle power. */
    c->idle_power_frac = 0.15;
    /* Assumption: a bandwidth-bound kernel at full HBM bandwidth draws about half of the
       dynamic range (HBM, memory controllers, the on-chip network and the issuing cores). */
    c->mem_power_frac = 0.5;
    /* Power linear in compute utilization up to TDP at 100% of peak: fits TPU v3 (dev rows
       patt21_*, within 2%). GPUs under DVFS power capping reach TDP well below peak FLOP/s;
       their families should set a lower value in configs/calibration.yaml. */
    c->power_full_util = 1.0;
    /* Host (CPU, DRAM, fans, PSU losses) and network (NIC, switch share) per accelerator, 95 W
       together: fitted on the dev rows patt21_t5_energy and patt21_meena_energy (Patterson et
       al. 2021, Table 4: 310 W and 289 W measured system power per TPU v3 at 45.6 and 42.3
       TFLOP/s), where the device model gives 209 W and 199 W; consistent with Google's measured
       TPU v3 chip power (mean 220 W, Cloud TPU v3 docs) against those system figures. The
       host/network split (80/15) is an assumption. Modern 8-GPU servers are likely higher:
       calibrate per family in configs/calibration.yaml. */
    c->host_power_w = 80.0;
    c->network_power_w = 15.0;
    c->framework_mem_bytes = 2e9;
    /* Capital cost beyond the accelerator (solvers/economics.c). Host: a DGX H100 node at
       $350,000 against 8 x $30,000 H100s (mlsysim pricing constants after Barroso et al. 2018,
       shared/reference/mlsysim-physics.md sec. 12) = 0.458 of the accelerator price. Network:
       assumption, 0.15 of the accelerator price per endpoint (NIC, switch ports and optics of a
       fat tree); no sourced figure in the reference material. */
    c->host_capex_frac = 110000.0 / 240000.0;
    c->network_capex_frac = 0.15;
    /* Yearly maintenance 5% of capital cost (Barroso et al. 2018, The Datacenter as a Computer,
       3rd ed., via mlsysim AnnualMaintenanceRatio 0.05). */
    c->maintenance_frac_per_year = 0.05;
    c->serve_gemm_eff_max = 0.6;
    c->serve_gemm_half_dim = 128.0;
    c->decode_bw_eff = 0.8;
    c->kv_bw_eff = 0.7;
    c->cnn_eff_max = 0.35;
    c->serve_collective_s = 10e-6;
}

static void result_clear(ms_result *r) {
    /* every metric NaN until computed: NaN is what result files hold for infeasible points.
       The metrics are all the doubles from dp to the end (a unit test checks the catalogue
       against that span), so this is one run of stores instead of a walk of the catalogue. */
    const double nan = NAN;
    unsigned char *d = (unsigned char *)r + offsetof(ms_result, dp);
    for (size_t i = 0; i < (sizeof *r - offsetof(ms_result, dp)) / sizeof nan; i++)
        memcpy(d + i * sizeof nan, &nan, sizeof nan);
    r->status = MS_OK;
    r->bottleneck = MS_BN_NONE;
    r->reason = "";
}

static int usable(int status) {
    return status == MS_OK || status == MS_SLA;
}

_Static_assert(sizeof(ms_stage_state) <= sizeof(ms_stage), "ms_stage too small");

static ms_stage_state *state_of(ms_stage *s) {
    return (ms_stage_state *)(void *)s;
}

void ms_stage_init(ms_stage *s) {
    state_of(s)->filled = 0;
    state_of(s)->reliability.valid = 0;
}

static void key_of(const ms_point *p, ms_stage_key *k) {
    k->model = p->model;
    k->draft = p->draft;
    k->hw = p->hw;
    k->calib = p->calib;
    k->scaleup = p->scaleup;
    k->scaleout = p->scaleout;
    k->mode = p->mode;
    k->precision = p->precision;
    k->weight_precision = p->weight_precision;
    k->kv_precision = p->kv_precision;
    k->tp = p->tp;
    k->pp = p->pp;
    k->ep = p->ep;
    k->gpus_per_node = p->gpus_per_node;
}

/* field by field, against the point itself (a NaN never matches, so such a point refills: it
   fails its checks anyway) */
static int same_key(const ms_point *p, const ms_stage_key *k) {
    return p->model == k->model && p->draft == k->draft && p->hw == k->hw && p->calib == k->calib &&
           p->scaleup == k->scaleup && p->scaleout == k->scaleout && p->mode == k->mode &&
           p->precision == k->precision && p->weight_precision == k->weight_precision &&
           p->kv_precision == k->kv_precision && p->tp == k->tp && p->pp == k->pp &&
           p->ep == k->ep && p->gpus_per_node == k->gpus_per_node;
}

void ms_solve_core_staged(const ms_point *p, ms_stage *s, ms_result *r) {
    result_clear(r);
    if (!p || !p->model || !p->hw || !p->calib || p->precision < 0 || p->precision >= MS_NPREC) {
        r->status = MS_INVALID;
        r->reason = "point is missing its model, hardware, calibration or precision";
        return;
    }
    if (p->mode != MS_MODE_TRAIN && p->mode != MS_MODE_SERVE) {
        r->status = MS_INVALID;
        r->reason = "unknown mode";
        return;
    }
    ms_stage_state *st = state_of(s);
    if (!st->filled || !same_key(p, &st->key)) { /* the mode is part of the key */
        if (p->mode == MS_MODE_TRAIN)
            ms_train_stage_fill(p, &st->train);
        else
            ms_serve_stage_fill(p, &st->serve);
        ms_power_model_of(p->model, &st->power);
        key_of(p, &st->key);
        st->filled = 1;
    }
    if (p->mode == MS_MODE_TRAIN)
        ms_train_solve(p, &st->train, r);
    else
        ms_serve_solve(p, &st->serve, r);
    if (!usable(r->status)) return;
    ms_power_solve_with(p, &st->power, r);
    ms_reliability_solve_with(p, &st->reliability, r);
    ms_economics_core(p, r);
}

void ms_solve_core(const ms_point *p, ms_result *r) {
    const char *bad = p ? ms_point_check(p) : NULL;
    if (bad) {
        result_clear(r);
        r->status = MS_INVALID;
        r->reason = bad;
        return;
    }
    ms_stage s; /* a fresh stage: the staged path's code on this point alone */
    ms_stage_init(&s);
    ms_solve_core_staged(p, &s, r);
}

void ms_solve_region(const ms_point *p, const ms_region *region, ms_result *r) {
    /* MS_NO_PRICE comes from an earlier region on the same result: this region decides anew */
    if (!usable(r->status) && r->status != MS_NO_PRICE) return;
    if (!region && isnan(p->pue_override) && isnan(p->grid_gco2_per_kwh_override) &&
        isnan(p->price_usd_per_kwh_override) && isnan(p->gpu_usd_per_hour_override))
        return; /* no region and no overrides: cost and carbon are not asked for */
    ms_economics_region(p, region, r);
}

const char *const ms_region_metric_names[MS_REGION_METRIC_COUNT] = {
    "energy_j", "energy_j_per_token", "cost_usd", "cost_usd_per_mtok",
    "opex_usd", "carbon_kgco2e",      "water_l",  "carbon_kgco2e_per_mtok"};

static double region_field(const ms_result *r, int k) {
    switch (k) {
    case MS_RM_ENERGY_J:
        return r->energy_j;
    case MS_RM_ENERGY_J_PER_TOKEN:
        return r->energy_j_per_token;
    case MS_RM_COST_USD:
        return r->cost_usd;
    case MS_RM_COST_USD_PER_MTOK:
        return r->cost_usd_per_mtok;
    case MS_RM_OPEX_USD:
        return r->opex_usd;
    case MS_RM_CARBON_KGCO2E:
        return r->carbon_kgco2e;
    case MS_RM_WATER_L:
        return r->water_l;
    default:
        return r->carbon_kgco2e_per_mtok;
    }
}

void ms_solve_regions(const ms_point *p, const ms_region *const *regs, size_t n,
                      const ms_result *core, double *vals, uint8_t *status) {
    if (!p || !core || (!usable(core->status) && core->status != MS_NO_PRICE)) {
        /* the core failed: every region keeps its values (NaN) and its status */
        for (size_t i = 0; i < n; i++) {
            for (int k = 0; k < MS_REGION_METRIC_COUNT; k++)
                vals[(size_t)k * n + i] = core ? region_field(core, k) : NAN;
            status[i] = core ? core->status : MS_INVALID;
        }
        return;
    }
    ms_economics_regions(p, regs, n, core, vals, status);
    /* as ms_solve_region: no region and no overrides leave the core's values */
    const int overrides = !isnan(p->pue_override) || !isnan(p->grid_gco2_per_kwh_override) ||
                          !isnan(p->price_usd_per_kwh_override) ||
                          !isnan(p->gpu_usd_per_hour_override);
    for (size_t i = 0; i < n && !overrides; i++)
        if (!regs[i]) {
            for (int k = 0; k < MS_REGION_METRIC_COUNT; k++)
                vals[(size_t)k * n + i] = region_field(core, k);
            status[i] = core->status;
        }
}

void ms_solve(const ms_point *p, ms_result *r) {
    ms_solve_core(p, r);
    if (p) ms_solve_region(p, p->region, r);
}
