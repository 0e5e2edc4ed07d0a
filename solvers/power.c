/* power.c - power is not TDP at all times (a bug of mlsysim, which charges full TDP, or
 * TDP x (0.3 + 0.7 MFU), whatever the work). A device draws its idle power plus a dynamic share
 * that follows what its engines are doing:
 *
 *   P_device = P_idle + (TDP - P_idle) * min(1, a_c / power_full_util + mem_power_frac * a_m)
 *
 * a_c is the fraction of peak FLOP/s achieved and a_m the fraction of peak memory bandwidth
 * (time averages over the work); power_full_util (calibration, default 1) is the utilization at
 * which a power-capped device reaches TDP. The compute term is linear in issued FLOPs, as in the
 * activity-based power models of GPUs (Hong and Kim, ISCA 2010); memory traffic alone (a
 * bandwidth-bound decode) reaches mem_power_frac of the dynamic range. Host CPUs, DRAM, fans,
 * PSU losses, NICs and the switch share are a per-accelerator overhead on top, so that the sum
 * compares with measured system power per chip (Patterson et al. 2021, Table 4). */
#include "power.h"
#include "minmax.h"
#include "workload.h"

#include <math.h>

static double clamp01(double x) {
    return isnan(x) ? 0.0 : ms_fmin(ms_fmax(x, 0.0), 1.0);
}

double ms_power_idle_w(const ms_hardware *hw, const ms_calib *c) {
    return isnan(hw->idle_w) ? c->idle_power_frac * hw->tdp_w : hw->idle_w;
}

double ms_power_device_w(const ms_hardware *hw, const ms_calib *c, double a_c, double a_m) {
    const double idle = ms_power_idle_w(hw, c);
    const double full = c->power_full_util > 0 ? c->power_full_util : 1.0;
    const double act = ms_fmin(1.0, clamp01(a_c) / full + c->mem_power_frac * clamp01(a_m));
    return idle + (hw->tdp_w - idle) * act;
}

double ms_power_overhead_w(const ms_hardware *hw, const ms_calib *c) {
    double w = 0.0;
    if (hw->hw_class == MS_HW_CLOUD || hw->hw_class == MS_HW_WORKSTATION) w += c->host_power_w;
    if (hw->hw_class == MS_HW_CLOUD) w += c->network_power_w;
    return w;
}

double ms_power_idle_system_w(const ms_hardware *hw, const ms_calib *c) {
    return ms_power_idle_w(hw, c) + ms_power_overhead_w(hw, c);
}

void ms_power_model_of(const ms_model *m, ms_power_model *t) {
    t->transformer = ms_workload_is_transformer(m);
    t->mm = ms_workload_matmul_params_per_token(m);
    t->l2 = m->layers * 2.0;
    t->attn_d = ms_workload_attn_width(m);
    t->active = ms_workload_active_params_derived(m);
}

/* Serving: FLOPs and bytes one accelerator moves for a request batch, over its latency.
 * Prefill streams the weights once and writes the prompt's KV; every decode step reads the
 * weights the batch touches and the KV grown so far (context P + (O-1)/2 on average). */
static void serve_activity(const ms_point *p, const ms_power_model *pm, const ms_result *r,
                           double *a_c, double *a_m) {
    const ms_model *m = p->model;
    const ms_hardware *hw = p->hw;
    const double shard = p->tp * p->pp;
    const double B = p->batch, P = p->prompt_tokens, O = p->output_tokens;
    const double t = r->e2e_latency_s;
    double flops = r->flops_per_step / shard; /* prefill (or one CNN/diffusion batch) */
    const double w = r->weights_bytes_per_gpu;
    const double kv_max = isnan(r->kv_cache_bytes) ? 0.0 : r->kv_cache_bytes;
    const double ctx_max = P + O;
    double bytes = w + (ctx_max > 0 ? kv_max * P / ctx_max : 0.0);
    const double steps = O > 1 ? O - 1 : 0;
    if (steps > 0 && pm->transformer && !isnan(r->decode_time_s)) {
        const double ctx_avg = P + (O - 1) / 2.0;
        /* forward FLOPs per token at ctx_avg (ms_workload_fwd_flops_per_token) */
        const double fwd = 2.0 * pm->mm + pm->l2 * ctx_avg * pm->attn_d;
        flops += steps * B * fwd / shard;
        double touched = 1.0; /* MoE: a batch touches min(E, B*k) experts per layer */
        if (m->family == MS_FAM_MOE && m->experts > 0 && m->params > 0) {
            const double act = pm->active;
            touched =
                (act + (m->params - act) * ms_fmin(1.0, B * m->experts_per_token / m->experts)) /
                m->params;
        }
        bytes += steps * (w * ms_fmin(touched, 1.0) + kv_max * ctx_avg / ctx_max);
    }
    const double peak = hw->peak_flops[p->precision];
    *a_c = t > 0 && peak > 0 ? flops / (t * peak) : 0.0;
    *a_m = t > 0 && hw->memory_bw_Bps > 0 ? bytes / (t * hw->memory_bw_Bps) : 0.0;
}

static void activity(const ms_point *p, const ms_power_model *pm, const ms_result *r, double *a_c,
                     double *a_m) {
    if (p->mode == MS_MODE_TRAIN) {
        /* HFU already averages compute over the whole step (bubble, exposed communication and
           overheads draw no dynamic compute power). Training's HBM traffic is not modelled
           separately: the validation rows fit system power against HFU alone. */
        *a_c = r->hfu;
        *a_m = 0.0;
    } else {
        serve_activity(p, pm, r, a_c, a_m);
    }
    *a_c = clamp01(*a_c);
    *a_m = clamp01(*a_m);
}

void ms_power_solve_with(const ms_point *p, const ms_power_model *t, ms_result *r) {
    double a_c, a_m;
    activity(p, t, r, &a_c, &a_m);
    r->device_power_w = ms_power_device_w(p->hw, p->calib, a_c, a_m);
    r->power_w_per_gpu = r->device_power_w + ms_power_overhead_w(p->hw, p->calib);
}

void ms_power_solve(const ms_point *p, ms_result *r) {
    ms_power_model pm;
    ms_power_model_of(p->model, &pm);
    ms_power_solve_with(p, &pm, r);
}
