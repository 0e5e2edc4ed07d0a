/* power.h - average device and node power from utilization. */
#ifndef MS_POWER_H
#define MS_POWER_H
#include "mlsweep.h"

/* Accelerator power at compute utilization u_c and memory-bandwidth utilization u_m (0..1):
 * idle + (tdp - idle) * max(u_c, mem_power_frac * u_m)-style blend (see power.c). */
double ms_power_device_w(const ms_hardware *hw, const ms_calib *c, double u_compute, double u_mem);
void ms_power_solve(const ms_point *p, ms_result *r);
#endif
