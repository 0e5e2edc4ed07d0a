/* memory.h - bytes held per accelerator: weights, gradients, optimizer, activations, KV. */
#ifndef MS_MEMORY_H
#define MS_MEMORY_H
#include "mlsweep.h"

/* Bytes of one weight element at the point's weight precision. */
double ms_memory_weight_bytes_per_param(const ms_point *p);
double ms_memory_kv_bytes_per_elem(const ms_point *p);
/* KV-cache bytes per token held by one GPU (layers split over pp, kv heads over tp). */
double ms_memory_kv_bytes_per_token_per_gpu(const ms_point *p);
/* Activation bytes of one transformer layer for one micro-batch (Korthikanti et al. 2022):
 * s*b*h*(34 + 5*a*s/h) without parallelism; TP divides all but the 10*s*b*h of
 * LayerNorm/dropout inputs unless sequence parallelism is on. Selective recompute drops the
 * 5*a*s/h attention term; full recompute keeps only the 2*s*b*h layer input. */
double ms_memory_activation_bytes_per_layer(const ms_point *p, double micro_batch, double seq);
#endif
