/* economics.c - what a training run or a serving period costs in energy and money.
 *
 * Period T and tokens:
 *   train: T = time_to_train (goodput-adjusted) for train_tokens; else duration_days (tokens =
 *          what the fleet trains in that time); else one useful step (global_batch x seq).
 *   serve: T = duration_days (one year if not given), busy for utilization x T; tokens = output
 *          tokens served while busy.
 * IT energy: busy power (ms_power) while working, idle system power otherwise (serving's idle
 *   share; training's checkpoint writes and restarts; rework after a failure is busy time).
 * Cost: owned hardware = straight-line capex of accelerator + host + network share over
 *   amortization_years, plus yearly maintenance, plus facility energy at the region's price;
 *   rented hardware ($/GPU-hour) = GPU-hours x price, which already includes power and upkeep.
 * TCO of the period = cost_usd = capex + opex; $/Mtoken = cost / tokens x 1e6. */
#include "economics.h"
#include "carbon.h"
#include "power.h"
#include "reliability.h"

#include <math.h>

double ms_econ_it_energy_j(double power_w_per_gpu, double gpus, double t_s) {
    return power_w_per_gpu * gpus * t_s;
}

double ms_econ_facility_j(double it_j, double pue) {
    return it_j * pue;
}

double ms_econ_capex_usd(double price_usd, double units, double period_s, double lifetime_years) {
    if (!(lifetime_years > 0)) return price_usd * units;
    return price_usd * units * (period_s / 3600.0) / (lifetime_years * MS_HOURS_PER_YEAR);
}

double ms_econ_unit_capital_usd(const ms_hardware *hw, const ms_calib *c) {
    double frac = 1.0;
    if (hw->hw_class == MS_HW_CLOUD || hw->hw_class == MS_HW_WORKSTATION)
        frac += c->host_capex_frac;
    if (hw->hw_class == MS_HW_CLOUD) frac += c->network_capex_frac;
    return hw->unit_price_usd * frac;
}

int ms_econ_is_cloud(const ms_point *p) {
    return !isnan(p->gpu_usd_per_hour_override) ||
           (isnan(p->hw->unit_price_usd) && !isnan(p->hw->cloud_usd_per_hour));
}

double ms_econ_cloud_usd_per_hour(const ms_point *p) {
    return !isnan(p->gpu_usd_per_hour_override) ? p->gpu_usd_per_hour_override
                                                : p->hw->cloud_usd_per_hour;
}

static double job_gpus(const ms_point *p) {
    if (p->gpus > 0) return p->gpus;
    return p->tp * p->pp; /* one serving replica */
}

void ms_economics_core(const ms_point *p, ms_result *r) {
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    const double gpus = job_gpus(p);
    const double p_busy = r->power_w_per_gpu;
    const double p_idle = ms_power_idle_system_w(hw, c);
    double T, tokens, p_avg;
    if (p->mode == MS_MODE_TRAIN) {
        const double g = r->goodput;
        if (p->train_tokens > 0) {
            T = r->time_to_train_s;
            tokens = p->train_tokens;
        } else if (p->duration_days > 0) {
            T = p->duration_days * 86400.0;
            tokens = r->tokens_per_s * g * T;
        } else {
            T = g > 0 ? r->step_time_s / g : INFINITY;
            tokens = p->global_batch * p->seq;
        }
        const ms_wall_split w = ms_reliability_split(
            r->checkpoint_interval_s, r->checkpoint_write_s, p->restart_s, r->fleet_mtbf_s);
        p_avg = p_busy * (w.useful + w.rework) + p_idle * (w.checkpoint + w.restart);
    } else {
        const double days = p->duration_days > 0 ? p->duration_days : 365.0;
        const double u = p->utilization;
        T = days * 86400.0;
        tokens = r->output_tokens_per_s * T * u;
        p_avg = p_busy * u + p_idle * (1.0 - u);
    }
    r->tokens = tokens;
    r->it_energy_j = ms_econ_it_energy_j(p_avg, gpus, T);

    if (ms_econ_is_cloud(p)) {
        r->capex_usd = ms_econ_cloud_usd_per_hour(p) * gpus * T / 3600.0;
        r->maintenance_usd = 0.0;
    } else if (!isnan(hw->unit_price_usd)) {
        const double unit = ms_econ_unit_capital_usd(hw, c);
        r->capex_usd = ms_econ_capex_usd(unit, gpus, T, p->amortization_years);
        r->maintenance_usd =
            unit * gpus * c->maintenance_frac_per_year * (T / 3600.0) / MS_HOURS_PER_YEAR;
    } else {
        r->capex_usd = NAN; /* no price: MS_NO_PRICE once a region asks for cost */
        r->maintenance_usd = NAN;
    }
    r->embodied_carbon_kgco2e =
        ms_carbon_embodied_kg(hw->embodied_kgco2e, gpus, T, p->amortization_years);
}

static const char no_hw_price[] =
    "the hardware has no unit or cloud price (give --gpu-usd-per-hour); cost is NaN, energy and "
    "carbon are valid";
static const char no_pue[] =
    "no PUE to turn IT energy into facility energy (give --region or --pue); "
    "cost is NaN";
static const char no_kwh_price[] =
    "the region has no electricity price (give --price-usd-per-kwh); cost is NaN, energy and "
    "carbon are valid";

/* The region stage of one region, shared by ms_economics_region and ms_economics_regions so that
   both give the same bits: v[] in ms_region_metric_names' order, from the core's fields. */
static inline void region_values(const ms_point *p, const ms_region *reg, const ms_result *r,
                                 int cloud, double v[MS_REGION_METRIC_COUNT]) {
    const double pue = !isnan(p->pue_override) ? p->pue_override : reg ? reg->pue : NAN;
    const double grid = !isnan(p->grid_gco2_per_kwh_override) ? p->grid_gco2_per_kwh_override
                        : reg                                 ? reg->grid_gco2_per_kwh
                                                              : NAN;
    const double price = !isnan(p->price_usd_per_kwh_override) ? p->price_usd_per_kwh_override
                         : reg                                 ? reg->price_usd_per_kwh
                                                               : NAN;
    const double wue = reg ? reg->wue_l_per_kwh : NAN;
    const double fac_j = ms_econ_facility_j(r->it_energy_j, pue);
    const double per_token = r->tokens > 0 ? 1.0 / r->tokens : NAN;
    const double carbon = ms_carbon_operational_kg(fac_j, grid);
    /* a cloud $/GPU-hour already pays for power, cooling and upkeep */
    const double opex = cloud ? 0.0 : fac_j / 3.6e6 * price + r->maintenance_usd;
    const double cost = r->capex_usd + opex;
    /* the carbon a served token is responsible for: its grid share and its share of the
       hardware's manufacturing (embodied, amortized over the same period) */
    const double emb = isnan(r->embodied_carbon_kgco2e) ? 0.0 : r->embodied_carbon_kgco2e;
    const int serve = p->mode == MS_MODE_SERVE;
    v[MS_RM_ENERGY_J] = fac_j;
    v[MS_RM_ENERGY_J_PER_TOKEN] = fac_j * per_token;
    v[MS_RM_COST_USD] = cost;
    v[MS_RM_COST_USD_PER_MTOK] = serve ? cost * per_token * 1e6 : NAN;
    v[MS_RM_OPEX_USD] = opex;
    v[MS_RM_CARBON_KGCO2E] = carbon;
    v[MS_RM_WATER_L] = ms_carbon_water_l(r->it_energy_j, wue);
    v[MS_RM_CARBON_KGCO2E_PER_MTOK] = serve ? (carbon + emb) * per_token * 1e6 : NAN;
}

void ms_economics_region(const ms_point *p, const ms_region *reg, ms_result *r) {
    /* idempotent: a previous region's verdict is undone before this region's is made */
    if (r->status == MS_NO_PRICE) r->status = MS_OK;
    if (r->reason == no_hw_price || r->reason == no_kwh_price || r->reason == no_pue)
        r->reason = "";
    if (r->status != MS_OK && r->status != MS_SLA) return;
    double v[MS_REGION_METRIC_COUNT];
    region_values(p, reg, r, ms_econ_is_cloud(p), v);
    r->energy_j = v[MS_RM_ENERGY_J];
    r->energy_j_per_token = v[MS_RM_ENERGY_J_PER_TOKEN];
    r->cost_usd = v[MS_RM_COST_USD];
    r->cost_usd_per_mtok = v[MS_RM_COST_USD_PER_MTOK];
    r->opex_usd = v[MS_RM_OPEX_USD];
    r->carbon_kgco2e = v[MS_RM_CARBON_KGCO2E];
    r->water_l = v[MS_RM_WATER_L];
    r->carbon_kgco2e_per_mtok = v[MS_RM_CARBON_KGCO2E_PER_MTOK];
    if (isnan(r->cost_usd) && r->status == MS_OK) {
        r->status = MS_NO_PRICE;
        const double pue = !isnan(p->pue_override) ? p->pue_override : reg ? reg->pue : NAN;
        r->reason = isnan(r->capex_usd) ? no_hw_price : isnan(pue) ? no_pue : no_kwh_price;
    }
}

void ms_economics_regions(const ms_point *p, const ms_region *const *regs, size_t n,
                          const ms_result *core, double *vals, uint8_t *status) {
    const int cloud = ms_econ_is_cloud(p);
    const uint8_t st = core->status == MS_NO_PRICE ? MS_OK : core->status;
    for (size_t i = 0; i < n; i++) {
        double v[MS_REGION_METRIC_COUNT];
        region_values(p, regs[i], core, cloud, v);
        for (int k = 0; k < MS_REGION_METRIC_COUNT; k++) vals[(size_t)k * n + i] = v[k];
        status[i] = isnan(v[MS_RM_COST_USD]) && st == MS_OK ? MS_NO_PRICE : st;
    }
}
