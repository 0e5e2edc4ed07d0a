/* power.c - power is not TDP at all times (a bug of mlsysim): a device draws its idle power plus
 * a dynamic share that follows what it is doing. Compute-bound work draws toward TDP; memory-
 * bound work draws the memory subsystem's share; the host, NICs and switches add a per-
 * accelerator overhead (Patterson et al. 2021 report measured system power per chip). */
#include "power.h"

#include <math.h>

double ms_power_device_w(const ms_hardware *hw, const ms_calib *c, double uc, double um) {
    const double idle = isnan(hw->idle_w) ? c->idle_power_frac * hw->tdp_w : hw->idle_w;
    uc = fmin(fmax(uc, 0.0), 1.0);
    um = fmin(fmax(um, 0.0), 1.0);
    /* activity: compute dominates; memory traffic alone reaches mem_power_frac of the range */
    const double act = fmax(uc, c->mem_power_frac * um);
    return idle + (hw->tdp_w - idle) * act;
}

void ms_power_solve(const ms_point *p, ms_result *r) {
    const ms_hardware *hw = p->hw;
    const ms_calib *c = p->calib;
    double uc, um;
    if (p->mode == MS_MODE_TRAIN) {
        /* achieved hardware FLOP/s over peak, scaled to the efficiency ceiling */
        uc = r->hfu / fmax(c->gemm_eff_max, 1e-9);
        um = 0.5;
    } else {
        const int mem_bound =
            r->bottleneck == MS_BN_MEMORY_BW || r->bottleneck == MS_BN_KV_CAPACITY;
        uc = mem_bound ? 0.3 : 0.9;
        um = mem_bound ? 1.0 : 0.5;
    }
    r->device_power_w = ms_power_device_w(hw, c, uc, um);
    r->power_w_per_gpu = r->device_power_w + c->host_power_w + c->network_power_w;
}
