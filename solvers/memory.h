/* memory.h - bytes held per accelerator: weights, gradients, optimizer, activations, KV. */
#ifndef MS_MEMORY_H
#define MS_MEMORY_H
#include "mlsweep.h"

/* Bytes of one weight element at the point's weight precision. */
double ms_memory_weight_bytes_per_param(const ms_point *p);
double ms_memory_kv_bytes_per_elem(const ms_point *p);
/* Tokens per paged-KV block (vLLM and TensorRT-LLM default block size). */
#define MS_KV_PAGE 16.0
/* Ways the KV heads of a layer are split over tp ranks: min(kv_heads, tp); 1 for MLA, whose
 * compressed latent is shared by every head and so is replicated on each rank. */
double ms_memory_kv_split(const ms_model *m, double tp);
/* KV-cache bytes per token of model m held by one tensor-parallel rank over all layers
 * (2*layers*kv_heads*head_dim, or layers*(kv_lora_rank + qk_rope_head_dim) for MLA, at the
 * point's KV precision, divided by ms_memory_kv_split). */
double ms_memory_kv_bytes_per_token_rank(const ms_point *p, const ms_model *m);
/* KV-cache bytes per token held by one GPU (layers split over pp, kv heads over tp). */
double ms_memory_kv_bytes_per_token_per_gpu(const ms_point *p);
/* Tokens of KV a replica holds for `batch` concurrent sequences of prompt + output tokens:
 * static reservation = batch*(P+O); paged = whole pages at the mean occupancy P+O/2 plus one
 * sequence's remaining growth. */
double ms_memory_kv_tokens_held(double batch, double prompt, double output, int paged);
/* Largest batch whose KV fits in free_bytes (inverse of ms_memory_kv_tokens_held). */
double ms_memory_kv_max_batch(double free_bytes, double kv_bytes_per_token, double prompt,
                              double output, int paged);
/* Activation bytes of one transformer layer for one micro-batch (Korthikanti et al. 2022):
 * s*b*h*(34 + 5*a*s/h) without parallelism; TP divides all but the 10*s*b*h of
 * LayerNorm/dropout inputs unless sequence parallelism is on. Selective recompute drops the
 * 5*a*s/h attention term; full recompute keeps only the 2*s*b*h layer input. */
double ms_memory_activation_bytes_per_layer(const ms_point *p, double micro_batch, double seq);
#endif
