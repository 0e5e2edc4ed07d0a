/* roofline.h - time of a kernel from its FLOPs and bytes on one device, with efficiency. */
#ifndef MS_ROOFLINE_H
#define MS_ROOFLINE_H
#include "mlsweep.h"

/* Achieved fraction of peak for a GEMM whose smallest dimension is d (saturation curve). */
double ms_roofline_gemm_eff(const ms_calib *c, double d);
/* Effective FLOP/s and B/s of the device at precision prec and GEMM dimension d. */
double ms_roofline_flops(const ms_hardware *hw, const ms_calib *c, int prec, double d);
double ms_roofline_bw(const ms_hardware *hw, const ms_calib *c);
/* max(flops/F, bytes/B); *compute_bound set to 1 when the FLOP term binds. */
double ms_roofline_time(double flops, double bytes, double eff_flops, double eff_bw,
                        int *compute_bound);
#endif
