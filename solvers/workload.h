/* workload.h - parameters, FLOPs and bytes of a model, from its architecture alone. */
#ifndef MS_WORKLOAD_H
#define MS_WORKLOAD_H
#include "mlsweep.h"

/* Is this a transformer-shaped model (dense, moe, encoder) with layers/hidden/heads? */
int ms_workload_is_transformer(const ms_model *m);
double ms_workload_head_dim(const ms_model *m);
/* Attention parameters of one layer (Q, K, V, O; MLA low-rank projections when present). */
double ms_workload_attn_params_per_layer(const ms_model *m);
/* FFN parameters of one dense layer and one MoE layer (all experts + router). */
double ms_workload_dense_ffn_params(const ms_model *m);
double ms_workload_expert_params(const ms_model *m); /* one expert */
double ms_workload_moe_layers(const ms_model *m);
/* Total parameters derived from the shape (ignores biases and norms). */
double ms_workload_params_derived(const ms_model *m);
/* Parameters active per token (MoE: top-k + shared experts), derived from the shape. */
double ms_workload_active_params_derived(const ms_model *m);
/* Matmul parameters a token passes through in the forward pass, including the output head
 * (the input embedding is a lookup, not a matmul). */
double ms_workload_matmul_params_per_token(const ms_model *m);
/* Forward FLOPs of the attention scores and values (QK^T and AV) for one query token against
 * ctx keys, summed over layers. */
double ms_workload_attn_flops_per_token(const ms_model *m, double ctx);
/* The width d of that count: attn_flops_per_token(m, ctx) is exactly (layers * 2 * ctx) * d, so
 * a caller may fold layers * 2 and d in advance and keep the bits (QK plus AV widths:
 * 2 heads head_dim, or for MLA heads (nope + rope) + heads v_head_dim). */
double ms_workload_attn_width(const ms_model *m);
/* Forward FLOPs of one token attending to ctx tokens (matmuls + attention). */
double ms_workload_fwd_flops_per_token(const ms_model *m, double ctx);
/* KV-cache elements stored per token (all layers): 2*kv_heads*head_dim per layer, or the MLA
 * latent (kv_lora_rank + qk_rope_head_dim). 0 for models without a KV cache. */
double ms_workload_kv_elems_per_token(const ms_model *m);
#endif
