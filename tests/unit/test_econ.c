/* test_econ.c - energy, capex amortization, TCO, $/Mtoken, the no-price status and the
 * idempotent region stage, on hand-derived values. */
#include "check.h"
#include "economics.h"

#include <math.h>
#include <string.h>

static ms_hardware hw;
static ms_calib cal;
static ms_model mod;

static void setup(ms_point *p) {
    memset(&hw, 0, sizeof hw);
    hw.hw_class = MS_HW_CLOUD;
    hw.tdp_w = 700;
    hw.idle_w = NAN;
    hw.unit_price_usd = 30000;
    hw.cloud_usd_per_hour = NAN;
    hw.embodied_kgco2e = 164;
    hw.gpus_per_node = 8;
    ms_calib_default(&cal);
    cal.idle_power_frac = 0.15; /* idle system power 105 + 95 = 200 W */
    cal.host_power_w = 80;
    cal.network_power_w = 15;
    cal.host_capex_frac = 0.45;
    cal.network_capex_frac = 0.15;
    cal.maintenance_frac_per_year = 0.05;
    memset(&mod, 0, sizeof mod);
    mod.params = 8e9;
    ms_point_init(p);
    p->hw = &hw;
    p->calib = &cal;
    p->model = &mod;
    p->mode = MS_MODE_SERVE;
    p->gpus = 8;
    p->duration_days = 10;
    p->utilization = 0.5;
    p->amortization_years = 4;
}

static ms_result served(void) {
    ms_result r;
    memset(&r, 0, sizeof r);
    r.status = MS_OK;
    r.reason = "";
    r.power_w_per_gpu = 1000;
    r.output_tokens_per_s = 1000;
    return r;
}

static const ms_region priced = {"a", 400.0, 1.2, 0.3, 0.10};
static const ms_region unpriced = {"b", 50.0, 1.1, NAN, NAN};

static void test_formulas(void) {
    /* one year of 8 accelerators at $30,000 over a 4-year life = 8 x 30000 / 4 */
    CHECK_NEAR(ms_econ_capex_usd(30000, 8, MS_HOURS_PER_YEAR * 3600, 4), 60000.0, 1e-12);
    CHECK_NEAR(ms_econ_capex_usd(30000, 8, 3600, 0), 240000.0, 1e-12); /* no amortization */
    CHECK_NEAR(ms_econ_it_energy_j(400, 1000, 3600), 1.44e9, 1e-12);   /* 400 kWh */
    CHECK_NEAR(ms_econ_facility_j(1.44e9, 1.1), 1.584e9, 1e-12);
    ms_point p;
    setup(&p);
    CHECK_NEAR(ms_econ_unit_capital_usd(&hw, &cal), 30000 * 1.6, 1e-12);
    hw.hw_class = MS_HW_EDGE; /* no host, no network */
    CHECK_NEAR(ms_econ_unit_capital_usd(&hw, &cal), 30000, 1e-12);
}

static void test_serve_period(void) {
    ms_point p;
    setup(&p);
    ms_result r = served();
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &priced, &r);
    /* 10 days = 864,000 s, busy half: 1000 W busy, 200 W idle -> 600 W average x 8 */
    const double it = 600.0 * 8 * 864000;
    CHECK_NEAR(r.it_energy_j, it, 1e-12);
    CHECK_NEAR(r.energy_j, it * 1.2, 1e-12);                    /* PUE */
    CHECK_NEAR(r.carbon_kgco2e, it * 1.2 / 3.6e6 * 0.4, 1e-12); /* kWh x 400 g/kWh */
    CHECK_NEAR(r.carbon_kgco2e, 552.96, 1e-9);
    CHECK_NEAR(r.water_l, it / 3.6e6 * 0.3, 1e-12); /* IT kWh x WUE */
    CHECK_NEAR(r.tokens, 1000.0 * 864000 * 0.5, 1e-12);
    CHECK_NEAR(r.energy_j_per_token, it * 1.2 / 4.32e8, 1e-12);
    /* capex: 30000 x 1.6 x 8 over 240 h of a 4 x 8766 h life; maintenance 5%/yr */
    const double capex = 48000.0 * 8 * 240 / (4 * 8766.0);
    const double maint = 48000.0 * 8 * 0.05 * 240 / 8766.0;
    const double energy_usd = it * 1.2 / 3.6e6 * 0.10;
    CHECK_NEAR(r.capex_usd, capex, 1e-12);
    CHECK_NEAR(r.maintenance_usd, maint, 1e-12);
    CHECK_NEAR(r.opex_usd, energy_usd + maint, 1e-12);
    CHECK_NEAR(r.cost_usd, capex + energy_usd + maint, 1e-12);
    CHECK_NEAR(r.cost_usd_per_mtok, (capex + energy_usd + maint) / 432.0, 1e-12);
    CHECK_NEAR(r.embodied_carbon_kgco2e, 164.0 * 8 * 864000 / (4 * 365.25 * 86400), 1e-12);
    CHECK(r.status == MS_OK);
}

static void test_no_price_and_idempotence(void) {
    ms_point p;
    setup(&p);
    ms_result fresh = served();
    ms_economics_core(&p, &fresh);
    ms_economics_region(&p, &priced, &fresh);

    ms_result r = served();
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &unpriced, &r);
    CHECK(r.status == MS_NO_PRICE);
    CHECK(strstr(r.reason, "electricity price") != NULL);
    CHECK(isnan(r.cost_usd) && isnan(r.cost_usd_per_mtok));
    CHECK_NEAR(r.carbon_kgco2e, r.it_energy_j * 1.1 / 3.6e6 * 0.05, 1e-12); /* still valid */
    CHECK(!isnan(r.capex_usd));
    /* the next region on the same result decides anew, and identically to a fresh solve */
    ms_economics_region(&p, &priced, &r);
    CHECK(r.status == MS_OK && r.reason[0] == 0);
    CHECK(r.cost_usd == fresh.cost_usd && r.energy_j == fresh.energy_j &&
          r.carbon_kgco2e == fresh.carbon_kgco2e && r.water_l == fresh.water_l);
    ms_economics_region(&p, &priced, &r); /* again: PUE is not applied twice */
    CHECK(r.energy_j == fresh.energy_j);
    /* a device without a price */
    hw.unit_price_usd = NAN;
    r = served();
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &priced, &r);
    CHECK(r.status == MS_NO_PRICE && strstr(r.reason, "hardware") != NULL);
    CHECK(isnan(r.cost_usd) && !isnan(r.carbon_kgco2e) && !isnan(r.energy_j));
    /* an SLA failure stays an SLA failure */
    r = served();
    r.status = MS_SLA;
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &priced, &r);
    CHECK(r.status == MS_SLA);
}

static void test_cloud_and_overrides(void) {
    ms_point p;
    setup(&p);
    p.gpu_usd_per_hour_override = 2.5;
    ms_result r = served();
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &unpriced, &r); /* energy is in the rental: no price needed */
    CHECK(r.status == MS_OK);
    CHECK_NEAR(r.cost_usd, 2.5 * 8 * 240, 1e-12);
    CHECK(r.opex_usd == 0.0 && r.maintenance_usd == 0.0);
    /* the hardware's own cloud price when it has no unit price */
    p.gpu_usd_per_hour_override = NAN;
    hw.unit_price_usd = NAN;
    hw.cloud_usd_per_hour = 4.0;
    r = served();
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &priced, &r);
    CHECK_NEAR(r.cost_usd, 4.0 * 8 * 240, 1e-12);
    /* overrides win over the region */
    setup(&p);
    p.pue_override = 1.5;
    p.grid_gco2_per_kwh_override = 100;
    p.price_usd_per_kwh_override = 0.2;
    r = served();
    ms_economics_core(&p, &r);
    ms_economics_region(&p, &priced, &r);
    const double kwh = r.it_energy_j * 1.5 / 3.6e6;
    CHECK_NEAR(r.energy_j, r.it_energy_j * 1.5, 1e-12);
    CHECK_NEAR(r.carbon_kgco2e, kwh * 0.1, 1e-12);
    CHECK_NEAR(r.opex_usd, kwh * 0.2 + r.maintenance_usd, 1e-12);
    /* no region: PUE override alone gives energy but cost needs a price */
    p.price_usd_per_kwh_override = NAN;
    ms_economics_region(&p, NULL, &r);
    CHECK(r.status == MS_NO_PRICE && isnan(r.cost_usd) && !isnan(r.carbon_kgco2e));
    CHECK(strstr(r.reason, "electricity price") != NULL);
    /* no region and no PUE: energy, carbon and cost are unknown, and the reason says why */
    p.pue_override = NAN;
    p.price_usd_per_kwh_override = 0.2;
    ms_economics_region(&p, NULL, &r);
    CHECK(r.status == MS_NO_PRICE && strstr(r.reason, "PUE") != NULL && isnan(r.energy_j));
}

static void test_train_run(void) {
    ms_point p;
    setup(&p);
    p.mode = MS_MODE_TRAIN;
    p.gpus = 1024;
    p.train_tokens = 1e12;
    p.restart_s = 600;
    ms_result r = served();
    r.tokens_per_s = 1e6;
    r.goodput = 0.9;
    r.time_to_train_s = 1e12 / 1e6 / 0.9;
    r.fleet_mtbf_s = 1e5;
    r.checkpoint_write_s = 10;
    r.checkpoint_interval_s = 1000;
    ms_economics_core(&p, &r);
    /* wall split: failures (600 + 505)/1e5; of the rest, 1000/1010 useful, 10/1010 writing */
    const double fail = (600 + 505.0) / 1e5, work = 1 - fail;
    const double busy = work * 1000 / 1010 + 505.0 / 1e5, idle = work * 10 / 1010 + 600 / 1e5;
    CHECK_NEAR(busy + idle, 1.0, 1e-12);
    CHECK_NEAR(r.it_energy_j, (1000 * busy + 200 * idle) * 1024 * r.time_to_train_s, 1e-12);
    CHECK_NEAR(r.tokens, 1e12, 1e-15);
    ms_economics_region(&p, &priced, &r);
    CHECK_NEAR(r.energy_j_per_token, r.energy_j / 1e12, 1e-12);
    CHECK(isnan(r.cost_usd_per_mtok)); /* $/Mtok is a serving metric */
    /* a fixed-length run of 10 days trains tokens_per_s x goodput x T tokens */
    p.train_tokens = 0;
    r.time_to_train_s = NAN;
    ms_economics_core(&p, &r);
    CHECK_NEAR(r.tokens, 1e6 * 0.9 * 864000, 1e-12);
}

/* same bits, NaN equal to NaN */
static int same(double a, double b) {
    return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

/* ms_solve_regions over a row equals ms_solve_region on a fresh copy of the core, region by
   region: priced, unpriced (no-price status), no region at all, for an owned and a rented point,
   with and without overrides, and with a core that already failed */
static void test_regions_row(void) {
    const ms_region *row[] = {&priced, &unpriced, NULL, &priced};
    const size_t n = 4;
    for (int variant = 0; variant < 4; variant++) {
        ms_point p;
        setup(&p);
        if (variant == 1) p.gpu_usd_per_hour_override = 2.5;
        if (variant == 2) p.pue_override = 1.4, p.price_usd_per_kwh_override = 0.07;
        ms_result core = served();
        ms_economics_core(&p, &core);
        if (variant == 3) core.status = MS_OOM;
        double vals[MS_REGION_METRIC_COUNT * 4];
        uint8_t st[4];
        ms_solve_regions(&p, row, n, &core, vals, st);
        for (size_t i = 0; i < n; i++) {
            ms_result one = core;
            ms_solve_region(&p, row[i], &one);
            CHECK(st[i] == one.status);
            for (int k = 0; k < MS_REGION_METRIC_COUNT; k++) {
                const ms_metric_info *m = ms_metric_find(ms_region_metric_names[k]);
                CHECK(m != NULL);
                if (m) CHECK(same(vals[(size_t)k * n + i], ms_metric_get(&one, m)));
            }
        }
        if (variant == 0) { /* the unpriced region is no-price, the others ok */
            CHECK(st[0] == MS_OK && st[1] == MS_NO_PRICE && st[3] == MS_OK);
            CHECK_NEAR(vals[MS_RM_CARBON_KGCO2E * n + 0], 552.96, 1e-9);
        }
    }
}

int main(void) {
    test_regions_row();
    test_formulas();
    test_serve_period();
    test_no_price_and_idempotence();
    test_cloud_and_overrides();
    test_train_run();
    return check_done();
}
