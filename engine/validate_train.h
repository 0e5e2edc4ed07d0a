/* validate_train.h - the training predictor's steps, shared by `mlsweep validate` (through
 * ms_validate_train) and `mlsweep calibrate` (which re-solves the same points with candidate
 * efficiency constants). */
#ifndef MS_VALIDATE_TRAIN_H
#define MS_VALIDATE_TRAIN_H
#include "validate.h"

typedef enum ms_vmetric {
    MS_VM_HW_TFLOPS = 0, /* TFLOP/s per GPU counting recompute (Megatron-LM SC'21 eq. 3) */
    MS_VM_MODEL_TFLOPS,  /* TFLOP/s per GPU of model FLOPs */
    MS_VM_TOKENS_PER_GPU,
    MS_VM_TOKENS_PER_S,
    MS_VM_TOTAL_FLOPS, /* model FLOPs of a whole training run */
    MS_VM_MFU,         /* fraction; _PCT: in percent */
    MS_VM_MFU_PCT,
    MS_VM_HFU,
    MS_VM_HFU_PCT,
    MS_VM_STEP_S,
    MS_VM_SAMPLES_PER_S
} ms_vmetric;

/* A row turned into a design point. The point refers to `model`, so the struct must not be
 * copied once set up. */
typedef struct ms_vtrain {
    ms_model model;
    ms_point point;
    int metric;           /* ms_vmetric */
    double train_tokens;  /* MS_VM_TOTAL_FLOPS */
    int recompute_stated; /* the row or its source fixes the recompute mode */
    int zero_stated;      /* ... and the ZeRO stage */
} ms_vtrain;

/* 1: the row is set up; 0: not a training row; -1: a training row that cannot be predicted. */
int ms_validate_train_setup(const ms_registry *reg, const ms_vrow *row, ms_vtrain *vt, char *why,
                            size_t whylen);
/* Solve the row's point. A measured run fitted in memory, so when the point is out of memory
 * and the row leaves recompute (then the ZeRO stage) open, they escalate: selective, full
 * recompute, then ZeRO-1 (the point keeps the setting that fitted). */
void ms_validate_train_solve(ms_vtrain *vt, ms_result *r);
/* The prediction in the row's unit from a solved point (NaN if the point is infeasible). */
double ms_validate_train_value(const ms_vtrain *vt, const ms_result *r);
/* The hardware family a row belongs to ("ampere" ...), for calibration. */
const char *ms_validate_train_family(const ms_registry *reg, const ms_vtrain *vt);
#endif
