/* roofline.c - compute/memory roofline with a GEMM-size saturation curve.
 * Small GEMMs cannot fill a large device: achieved/peak rises as d/(d + d_half) toward
 * gemm_eff_max (fitted per hardware family in configs/calibration.yaml). */
#include "roofline.h"

double ms_roofline_gemm_eff(const ms_calib *c, double d) {
    if (d <= 0) return c->gemm_eff_max;
    return c->gemm_eff_max * d / (d + c->gemm_half_dim);
}

double ms_roofline_flops(const ms_hardware *hw, const ms_calib *c, int prec, double d) {
    if (prec < 0 || prec >= MS_NPREC) return 0.0;
    return hw->peak_flops[prec] * ms_roofline_gemm_eff(c, d);
}

double ms_roofline_bw(const ms_hardware *hw, const ms_calib *c) {
    return hw->memory_bw_Bps * c->mem_bw_eff;
}

double ms_roofline_time(double flops, double bytes, double eff_flops, double eff_bw,
                        int *compute_bound) {
    const double tc = eff_flops > 0 ? flops / eff_flops : 0.0;
    const double tm = eff_bw > 0 ? bytes / eff_bw : 0.0;
    if (compute_bound) *compute_bound = tc >= tm;
    return tc >= tm ? tc : tm;
}
