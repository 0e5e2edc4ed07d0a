/* economics.h - energy, capex amortization, energy opex, $/token (region-dependent parts in
 * ms_economics_region so that the sweep engine can stage them innermost). */
#ifndef MS_ECONOMICS_H
#define MS_ECONOMICS_H
#include "mlsweep.h"

/* Region-independent: wall time of the run/period, IT energy, capex and embodied carbon. */
void ms_economics_core(const ms_point *p, ms_result *r);
/* Region-dependent: facility energy (PUE), energy cost, carbon, water. */
void ms_economics_region(const ms_point *p, const ms_region *reg, ms_result *r);
#endif
