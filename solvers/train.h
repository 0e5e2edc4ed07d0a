/* train.h - one training step of a distributed job (TP/SP, PP 1F1B/interleaved, DP/ZeRO, CP, EP).
 */
#ifndef MS_TRAIN_H
#define MS_TRAIN_H
#include "mlsweep.h"

void ms_train_solve(const ms_point *p, ms_result *r);
/* Model FLOPs of one training step (forward + backward, no recompute), every token counted. */
double ms_train_model_flops_per_step(const ms_point *p);
#endif
