/* train.h - one training step of a distributed job (TP/SP, PP 1F1B/interleaved, DP/ZeRO, CP, EP).
 */
#ifndef MS_TRAIN_H
#define MS_TRAIN_H
#include "mlsweep.h"
#include "stage.h"

/* FLOPs of one training step of the whole job, split by kind (forward + backward; the
 * hardware count adds what recomputation re-executes). Narayanan et al. SC'21 eq. 3 is
 * hw_total for full recompute of a GPT: 96*B*s*l*h^2*(1 + s/(6h) + V/(16*l*h)). */
typedef struct ms_train_flops {
    double layer_gemm_fwd; /* QKV, attention output, MLP matmuls of all layers, forward */
    double attn_fwd;       /* QK^T and AV, every query against the whole sequence, forward */
    double logits_fwd;     /* output head, forward */
    double model_total;    /* 3 x (all forward): MFU's numerator */
    double hw_total;       /* model_total + recomputed forward work: HFU's numerator */
    double attn_recompute; /* forwards of the attention core re-executed (in units of attn_fwd) */
} ms_train_flops;

void ms_train_flops_of(const ms_point *p, ms_train_flops *f);
/* st: ms_train_stage_fill on this point or one with the same model, hardware and precision */
void ms_train_solve(const ms_point *p, const ms_train_stage *st, ms_result *r);
/* Model FLOPs of one training step (forward + backward, no recompute), every token counted. */
double ms_train_model_flops_per_step(const ms_point *p);
#endif
