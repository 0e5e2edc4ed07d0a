/* test_carbon.c - operational carbon, embodied carbon and water on hand-derived values, and
 * the same invariants on whole solved points from the shipped registries. */
#include "carbon.h"
#include "check.h"
#include "registry.h"

#include <math.h>
#include <string.h>

static void test_formulas(void) {
    /* 1 MWh of facility energy on a 400 g/kWh grid = 400 kg */
    CHECK_NEAR(ms_carbon_operational_kg(3.6e9, 400), 400.0, 1e-12);
    /* a 164 kg accelerator, 8 of them, one year of a 4-year life */
    CHECK_NEAR(ms_carbon_embodied_kg(164, 8, 365.25 * 86400, 4), 328.0, 1e-12);
    CHECK_NEAR(ms_carbon_embodied_kg(164, 8, 86400, 0), 1312.0, 1e-12); /* no lifetime */
    CHECK(isnan(ms_carbon_embodied_kg(NAN, 8, 86400, 4)));              /* unknown stays NaN */
    /* 1000 kWh of IT energy at WUE 1.8 L/kWh */
    CHECK_NEAR(ms_carbon_water_l(3.6e9, 1.8), 1800.0, 1e-12);
}

static void test_solved_points(void) {
    ms_registry reg;
    char err[512];
    if (ms_registry_load(&reg, NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        CHECK(0);
        return;
    }
    ms_point p;
    ms_point_init(&p);
    p.model = ms_registry_model(&reg, "llama31-8b");
    p.hw = ms_registry_hw(&reg, "h100-sxm");
    CHECK(p.model && p.hw);
    if (!p.model || !p.hw) return;
    p.calib = ms_registry_calib_for(&reg, p.hw);
    p.batch = 8;
    p.duration_days = 30;
    p.utilization = 0.6;
    ms_result r;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK);
    const double it = r.it_energy_j;
    size_t checked = 0;
    /* every region: carbon = facility kWh x grid; facility = IT x PUE; water = IT kWh x WUE;
       evaluated in turn on the one core result, as the sweep engine does */
    for (size_t i = 0; i < reg.n_regions; i++) {
        const ms_region *g = &reg.regions[i];
        ms_solve_region(&p, g, &r);
        CHECK(r.it_energy_j == it);
        CHECK_NEAR(r.energy_j, it * g->pue, 1e-12);
        CHECK_NEAR(r.carbon_kgco2e, it * g->pue / 3.6e6 * g->grid_gco2_per_kwh / 1000, 1e-12);
        if (!isnan(g->wue_l_per_kwh)) CHECK_NEAR(r.water_l, it / 3.6e6 * g->wue_l_per_kwh, 1e-12);
        CHECK(r.status == (isnan(g->price_usd_per_kwh) ? MS_NO_PRICE : MS_OK));
        checked++;
    }
    CHECK(checked >= 100);
    /* what-if override of the grid: carbon scales with it */
    p.grid_gco2_per_kwh_override = 0;
    ms_solve_region(&p, &reg.regions[0], &r);
    CHECK(r.carbon_kgco2e == 0.0);
    /* training: the staged loop over regions gives what a fresh ms_solve gives per region */
    ms_point_init(&p);
    p.model = ms_registry_model(&reg, "llama31-8b");
    p.hw = ms_registry_hw(&reg, "h100-sxm");
    p.calib = ms_registry_calib_for(&reg, p.hw);
    p.mode = MS_MODE_TRAIN;
    p.gpus = 64;
    p.tp = 8;
    p.global_batch = 64;
    p.seq = 2048;
    p.train_tokens = 1e10;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK);
    CHECK(r.goodput > 0 && r.goodput < 1);
    size_t same = 0;
    for (size_t i = 0; i < reg.n_regions; i++) {
        ms_solve_region(&p, &reg.regions[i], &r);
        ms_point q = p;
        q.region = &reg.regions[i];
        ms_result f;
        ms_solve(&q, &f);
        same += f.status == r.status && f.energy_j == r.energy_j &&
                f.carbon_kgco2e == r.carbon_kgco2e &&
                (f.cost_usd == r.cost_usd || (isnan(f.cost_usd) && isnan(r.cost_usd)));
    }
    CHECK(same == reg.n_regions);
    ms_registry_free(&reg);
}

int main(void) {
    test_formulas();
    test_solved_points();
    return check_done();
}
