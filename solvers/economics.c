/* economics.c - cost, carbon and water of a training run or a serving period.
 *
 * Period: training = time_to_train (goodput-adjusted) when train_tokens is given, else one
 * step x (duration_days of steps if given); serving = duration_days at `utilization` busy.
 * IT energy = power_w_per_gpu x gpus x busy time (+ idle power for the idle share when serving).
 * Facility energy = IT energy x PUE. Operational carbon = facility kWh x grid gCO2e/kWh / 1000.
 * Embodied carbon = per-device manufacturing carbon x gpus x period / (amortization lifetime).
 * Capex = unit price x gpus x period / amortization (or cloud $/GPU-h x GPU-hours).
 * The IT energy is kept in r->energy_j until the region applies PUE. */
#include "economics.h"

#include <math.h>

#define HOURS_PER_YEAR 8766.0

static double period_s(const ms_point *p, const ms_result *r) {
    if (p->mode == MS_MODE_TRAIN) {
        if (r->time_to_train_s > 0) return r->time_to_train_s;
        if (p->duration_days > 0) return p->duration_days * 86400.0;
        return r->step_time_s;
    }
    return (p->duration_days > 0 ? p->duration_days : 365.0) * 86400.0;
}

void ms_economics_core(const ms_point *p, ms_result *r) {
    const ms_hardware *hw = p->hw;
    const double gpus = p->gpus > 0 ? p->gpus : p->tp * p->pp;
    const double T = period_s(p, r);
    double busy = T, idle_t = 0;
    if (p->mode == MS_MODE_SERVE) {
        busy = T * p->utilization;
        idle_t = T - busy;
    }
    const double idle_w = (isnan(hw->idle_w) ? p->calib->idle_power_frac * hw->tdp_w : hw->idle_w) +
                          p->calib->host_power_w * 0.5;
    const double it_j = gpus * (r->power_w_per_gpu * busy + idle_w * idle_t);
    r->energy_j = it_j; /* IT energy; PUE applied per region */
    const double hours = T / 3600.0;
    double capex = NAN;
    if (!isnan(p->gpu_usd_per_hour_override))
        capex = p->gpu_usd_per_hour_override * gpus * hours;
    else if (!isnan(hw->unit_price_usd) && p->amortization_years > 0)
        capex = hw->unit_price_usd * gpus * hours / (p->amortization_years * HOURS_PER_YEAR);
    else if (!isnan(hw->cloud_usd_per_hour))
        capex = hw->cloud_usd_per_hour * gpus * hours;
    r->capex_usd = capex;
    r->embodied_carbon_kgco2e =
        isnan(hw->embodied_kgco2e) || p->amortization_years <= 0
            ? NAN
            : hw->embodied_kgco2e * gpus * hours / (p->amortization_years * HOURS_PER_YEAR);
}

void ms_economics_region(const ms_point *p, const ms_region *reg, ms_result *r) {
    if (r->status != MS_OK && r->status != MS_NO_PRICE) return;
    const double pue = !isnan(p->pue_override) ? p->pue_override : reg ? reg->pue : NAN;
    const double grid = !isnan(p->grid_gco2_per_kwh_override) ? p->grid_gco2_per_kwh_override
                        : reg                                 ? reg->grid_gco2_per_kwh
                                                              : NAN;
    const double price = !isnan(p->price_usd_per_kwh_override) ? p->price_usd_per_kwh_override
                         : reg                                 ? reg->price_usd_per_kwh
                                                               : NAN;
    const double wue = reg ? reg->wue_l_per_kwh : NAN;
    const double it_j = r->energy_j;
    const double fac_j = it_j * pue;
    const double kwh = fac_j / 3.6e6;
    r->energy_j = fac_j;
    r->carbon_kgco2e = kwh * grid / 1000.0;
    r->water_l = kwh * wue;
    r->opex_usd = kwh * price;
    /* a cloud $/GPU-hour already includes power: do not add energy opex on top */
    const int cloud = !isnan(p->gpu_usd_per_hour_override) ||
                      (isnan(p->hw->unit_price_usd) && !isnan(p->hw->cloud_usd_per_hour));
    r->cost_usd = cloud ? r->capex_usd : r->capex_usd + r->opex_usd;
    const double tokens = p->mode == MS_MODE_SERVE
                              ? r->output_tokens_per_s *
                                    (p->duration_days > 0 ? p->duration_days : 365.0) * 86400.0 *
                                    p->utilization
                              : (p->train_tokens > 0 ? p->train_tokens : p->global_batch * p->seq);
    r->energy_j_per_token = tokens > 0 ? fac_j / tokens : NAN;
    r->cost_usd_per_mtok =
        p->mode == MS_MODE_SERVE && tokens > 0 ? r->cost_usd / tokens * 1e6 : NAN;
    if (r->status == MS_OK && isnan(r->cost_usd)) {
        r->status = MS_NO_PRICE;
        r->reason = isnan(r->capex_usd) ? "the hardware has no unit or cloud price"
                                        : "the region has no electricity price";
    }
}
