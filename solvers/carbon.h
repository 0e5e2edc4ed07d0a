/* carbon.h - operational and embodied carbon, and water, of a run or a serving period. */
#ifndef MS_CARBON_H
#define MS_CARBON_H
#include "mlsweep.h"

/* Operational carbon (kgCO2e) = facility energy (kWh, incl. PUE) x grid intensity (g/kWh) / 1000
 * (location-based: the grid's average intensity, no market instruments). */
double ms_carbon_operational_kg(double facility_j, double grid_gco2_per_kwh);
/* Embodied carbon (kgCO2e) charged to a period: the devices' manufacturing carbon spread evenly
 * over their service life (straight line, like the capital cost). */
double ms_carbon_embodied_kg(double per_device_kg, double devices, double period_s,
                             double lifetime_years);
/* On-site water (L) = IT energy (kWh) x WUE (L/kWh). The Green Grid defines WUE per kWh of IT
 * equipment energy, not of facility energy; water used to generate the electricity is not
 * included. */
double ms_carbon_water_l(double it_j, double wue_l_per_kwh);
#endif
