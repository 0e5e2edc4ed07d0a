/* train.h - one training step of a distributed job (TP/SP, PP 1F1B/interleaved, DP/ZeRO, CP, EP).
 */
#ifndef MS_TRAIN_H
#define MS_TRAIN_H
#include "mlsweep.h"
#include "stage.h"

void ms_train_flops_of(const ms_point *p, ms_train_flops *f);
/* ms_train_flops (the step's FLOPs by kind) is in stage.h, beside the memo that keeps them.
 * st: ms_train_stage_fill on this point or one with the same stage key (solvers/stage.h); its
 * memo keeps the last layout's terms. */
void ms_train_solve(const ms_point *p, ms_train_stage *st, ms_result *r);
/* Model FLOPs of one training step (forward + backward, no recompute), every token counted. */
double ms_train_model_flops_per_step(const ms_point *p);
#endif
