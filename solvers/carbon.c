/* carbon.c - carbon and water formulas (see carbon.h and docs/physics-energy.md). */
#include "carbon.h"

#define J_PER_KWH      3.6e6
#define SECONDS_PER_YR (365.25 * 86400.0)

double ms_carbon_operational_kg(double facility_j, double grid_gco2_per_kwh) {
    return facility_j / J_PER_KWH * grid_gco2_per_kwh / 1000.0;
}

double ms_carbon_embodied_kg(double per_device_kg, double devices, double period_s,
                             double lifetime_years) {
    if (!(lifetime_years > 0)) return per_device_kg * devices; /* no lifetime: all of it */
    return per_device_kg * devices * period_s / (lifetime_years * SECONDS_PER_YR);
}

double ms_carbon_water_l(double it_j, double wue_l_per_kwh) {
    return it_j / J_PER_KWH * wue_l_per_kwh;
}
