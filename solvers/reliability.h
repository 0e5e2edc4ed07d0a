/* reliability.h - fleet MTBF, Young-Daly checkpoint interval with Daly's correction, goodput. */
#ifndef MS_RELIABILITY_H
#define MS_RELIABILITY_H
#include "mlsweep.h"

/* Where the wall time of a failure-prone run goes (fractions summing to 1). */
typedef struct ms_wall_split {
    double useful;     /* = goodput: new work */
    double rework;     /* recomputing work lost since the last checkpoint */
    double checkpoint; /* writing checkpoints */
    double restart;    /* restarting after failures */
} ms_wall_split;

/* Fleet MTBF (s) of independent, exponentially failing parts in series:
 * 1/M = gpus/M_gpu + nodes/M_node (M_node <= 0 means the node's parts are in M_gpu). */
double ms_reliability_fleet_mtbf_s(double gpus, double gpu_mtbf_h, double nodes,
                                   double node_mtbf_h);
/* Daly (2006) optimum: tau = sqrt(2*delta*M) * (1 + sqrt(delta/(2M))/3 + delta/(18M)) - delta
 * for delta < 2M, else M. tau is the compute time between checkpoints. */
double ms_reliability_daly_interval(double delta_s, double mtbf_s);
/* Useful fraction of wall time with checkpoint cost delta every tau of work, restart R and
 * MTBF M: each failure loses R plus, on average, half a segment (tau + delta)/2 of rework:
 *   goodput = tau/(tau+delta) * (1 - (R + (tau+delta)/2)/M),  0 if that is negative. */
double ms_reliability_goodput(double tau_s, double delta_s, double restart_s, double mtbf_s);
/* The same model's split of wall time (useful = goodput). */
ms_wall_split ms_reliability_split(double tau_s, double delta_s, double restart_s, double mtbf_s);
/* Bytes of a training checkpoint per parameter: weights in the training precision plus fp32
 * master weights and Adam's two moments (2 + 4 + 4 + 4 = 14; fp32 training: 4 + 4 + 4 = 12). */
double ms_reliability_checkpoint_bytes_per_param(int precision);
/* Training only: fleet MTBF, checkpoint write time and interval, goodput; time_to_train_s and
 * gpu_hours are stretched by 1/goodput. */
void ms_reliability_solve(const ms_point *p, ms_result *r);

/* The failure terms of a training point with the inputs they depend on: a sweep over layouts
 * (tp, pp, micro-batch, ZeRO, recompute) at one fleet size works them out once. Registry
 * records are compared by address, so an edited record needs valid = 0 (ms_stage_init). */
typedef struct ms_reliability_memo {
    int valid, precision;
    const void *model, *hw;
    double gpus, gpus_per_node, gpu_mtbf_h, node_mtbf_h, checkpoint_bw_Bps, restart_s;
    double mtbf_s, write_s, interval_s, goodput;
} ms_reliability_memo;
/* ms_reliability_solve through the memo (the same bits) */
void ms_reliability_solve_with(const ms_point *p, ms_reliability_memo *mo, ms_result *r);
#endif
