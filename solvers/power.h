/* power.h - average accelerator and per-accelerator system power from utilization.
 *
 *   P_device = P_idle + (TDP - P_idle) * min(1, a_c / power_full_util + mem_power_frac * a_m)
 *   P_system = P_device + host share + network share            (per accelerator)
 *
 * a_c = achieved FLOP/s / peak FLOP/s, a_m = achieved B/s / peak B/s (raw fractions of the
 * datasheet peaks). See docs/physics-energy.md for the derivation and validation. */
#ifndef MS_POWER_H
#define MS_POWER_H
#include "mlsweep.h"

/* Idle power of the accelerator: the registry's figure, else idle_power_frac x TDP. */
double ms_power_idle_w(const ms_hardware *hw, const ms_calib *c);
/* Accelerator power at compute activity a_c and memory activity a_m (each clamped to 0..1). */
double ms_power_device_w(const ms_hardware *hw, const ms_calib *c, double a_c, double a_m);
/* Host (CPU, DRAM, fans, PSU losses) and network (NIC, switch share) power per accelerator.
 * Only datacenter and workstation parts have a separate host; only datacenter parts a
 * scale-out network: an edge module's or an MCU's TDP is the whole board. */
double ms_power_overhead_w(const ms_hardware *hw, const ms_calib *c);
/* Per-accelerator system power while idle (device idle + host + network). */
double ms_power_idle_system_w(const ms_hardware *hw, const ms_calib *c);
/* What the serving activity needs of a model, worked out once per model (the solver's stage
 * keeps it across points): matmul parameters a token passes, attention FLOPs per token =
 * l2 x ctx x attn_d, active parameters. */
typedef struct ms_power_model {
    int transformer;
    double mm, l2, attn_d, active;
} ms_power_model;
void ms_power_model_of(const ms_model *m, ms_power_model *t);
/* Sets device_power_w and power_w_per_gpu (average while busy), from the activities of the
 * solved point (train: HFU; serve: prefill and decode phases time-weighted). */
void ms_power_solve(const ms_point *p, ms_result *r);
/* ms_power_solve with the model's terms given (t: ms_power_model_of(p->model)). */
void ms_power_solve_with(const ms_point *p, const ms_power_model *t, ms_result *r);
#endif
