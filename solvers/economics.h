/* economics.h - energy, capital and running cost, $/token, TCO of a training run or a serving
 * period. Staged for the sweep engine: ms_economics_core() holds everything that does not depend
 * on the region; ms_economics_region() is a handful of multiplications per region and may be
 * called again and again on the same result (it only reads what the core wrote). */
#ifndef MS_ECONOMICS_H
#define MS_ECONOMICS_H
#include "mlsweep.h"

#define MS_HOURS_PER_YEAR 8766.0 /* 365.25 days */

/* IT energy (J) of n accelerators drawing p_w each (system power per accelerator) for t_s. */
double ms_econ_it_energy_j(double power_w_per_gpu, double gpus, double t_s);
/* Facility energy = IT energy x PUE. */
double ms_econ_facility_j(double it_j, double pue);
/* Straight-line amortized capital cost of `units` items of price_usd for period_s over
 * lifetime_years (lifetime <= 0: the whole price). */
double ms_econ_capex_usd(double price_usd, double units, double period_s, double lifetime_years);
/* Capital cost per accelerator: its price plus its share of host and network. */
double ms_econ_unit_capital_usd(const ms_hardware *hw, const ms_calib *c);
/* Does this point rent accelerators by the hour (energy and upkeep inside the price)? */
int ms_econ_is_cloud(const ms_point *p);
/* $/GPU-hour of a cloud point (override, else the hardware's cloud price). */
double ms_econ_cloud_usd_per_hour(const ms_point *p);

/* Region-independent: wall time of the run/period, tokens, IT energy, capex, maintenance and
 * embodied carbon. */
void ms_economics_core(const ms_point *p, ms_result *r);
/* Region-dependent: facility energy (PUE), energy cost, TCO, $/Mtoken, carbon, water, and the
 * MS_NO_PRICE status when a needed price is unknown. */
void ms_economics_region(const ms_point *p, const ms_region *reg, ms_result *r);
/* The same for n regions on one core result, into vals[k * n + i] (see ms_solve_regions). */
void ms_economics_regions(const ms_point *p, const ms_region *const *regs, size_t n,
                          const ms_result *core, double *vals, uint8_t *status);
#endif
