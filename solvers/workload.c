/* workload.c - parameter and FLOP counts from the architecture.
 *
 * Conventions (Kaplan et al. 2020; Narayanan et al. SC'21 eq. 3):
 *  - a matmul of an [n x k] activation with a [k x m] weight costs 2*n*k*m FLOPs;
 *  - attention scores QK^T and the weighted sum AV cost 2*ctx*d each per query token and layer,
 *    with d = heads*head_dim (MLA: heads*(nope+rope) for QK, heads*v_head_dim for AV);
 *  - training = forward + backward = 3x forward; recompute adds forward passes (see train.c). */
#include "workload.h"

int ms_workload_is_transformer(const ms_model *m) {
    return (m->family == MS_FAM_DENSE || m->family == MS_FAM_MOE || m->family == MS_FAM_ENCODER) &&
           m->layers > 0 && m->hidden > 0 && m->heads > 0;
}

double ms_workload_head_dim(const ms_model *m) {
    if (m->head_dim > 0) return m->head_dim;
    return m->heads > 0 ? m->hidden / m->heads : 0.0;
}

static int is_mla(const ms_model *m) {
    return m->kv_lora_rank > 0;
}

double ms_workload_attn_params_per_layer(const ms_model *m) {
    const double h = m->hidden;
    if (is_mla(m)) {
        const double qk = m->qk_nope_head_dim + m->qk_rope_head_dim;
        const double q = m->q_lora_rank > 0 ? h * m->q_lora_rank + m->q_lora_rank * m->heads * qk
                                            : h * m->heads * qk;
        const double kv = h * (m->kv_lora_rank + m->qk_rope_head_dim) +
                          m->kv_lora_rank * m->heads * (m->qk_nope_head_dim + m->v_head_dim);
        const double o = m->heads * m->v_head_dim * h;
        return q + kv + o;
    }
    const double hd = ms_workload_head_dim(m);
    const double kvh = m->kv_heads > 0 ? m->kv_heads : m->heads;
    return h * m->heads * hd + 2.0 * h * kvh * hd + m->heads * hd * h;
}

static double ffn_mats(const ms_model *m) {
    return m->ffn_gated ? 3.0 : 2.0;
}

double ms_workload_dense_ffn_params(const ms_model *m) {
    return ffn_mats(m) * m->hidden * m->ffn_hidden;
}

double ms_workload_expert_params(const ms_model *m) {
    const double w = m->moe_ffn_hidden > 0 ? m->moe_ffn_hidden : m->ffn_hidden;
    return ffn_mats(m) * m->hidden * w;
}

double ms_workload_moe_layers(const ms_model *m) {
    if (m->family != MS_FAM_MOE || m->experts <= 0) return 0.0;
    const double n = m->layers - m->first_dense_layers;
    return n > 0 ? n : 0.0;
}

static double embedding_params(const ms_model *m) {
    return m->vocab * m->hidden * (m->tied_embeddings ? 1.0 : 2.0);
}

double ms_workload_params_derived(const ms_model *m) {
    if (!ms_workload_is_transformer(m)) return m->params;
    const double moe = ms_workload_moe_layers(m);
    const double dense = m->layers - moe;
    double p = m->layers * ms_workload_attn_params_per_layer(m);
    p += dense * ms_workload_dense_ffn_params(m);
    p += moe *
         ((m->experts + m->shared_experts) * ms_workload_expert_params(m) + m->hidden * m->experts);
    return p + embedding_params(m);
}

double ms_workload_active_params_derived(const ms_model *m) {
    if (!ms_workload_is_transformer(m)) return m->active_params > 0 ? m->active_params : m->params;
    const double moe = ms_workload_moe_layers(m);
    const double dense = m->layers - moe;
    double p = m->layers * ms_workload_attn_params_per_layer(m);
    p += dense * ms_workload_dense_ffn_params(m);
    p += moe * ((m->experts_per_token + m->shared_experts) * ms_workload_expert_params(m) +
                m->hidden * m->experts);
    return p + embedding_params(m);
}

double ms_workload_matmul_params_per_token(const ms_model *m) {
    if (!ms_workload_is_transformer(m)) return m->active_params > 0 ? m->active_params : m->params;
    /* active params minus the input embedding lookup; the output head is always a matmul
     * (for tied embeddings it reuses the input matrix). */
    return ms_workload_active_params_derived(m) - embedding_params(m) + m->vocab * m->hidden;
}

double ms_workload_attn_width(const ms_model *m) {
    double dqk, dv;
    if (is_mla(m)) {
        dqk = m->heads * (m->qk_nope_head_dim + m->qk_rope_head_dim);
        dv = m->heads * m->v_head_dim;
    } else {
        dqk = dv = m->heads * ms_workload_head_dim(m);
    }
    return dqk + dv;
}

double ms_workload_attn_flops_per_token(const ms_model *m, double ctx) {
    if (!ms_workload_is_transformer(m)) return 0.0;
    return m->layers * 2.0 * ctx * ms_workload_attn_width(m);
}

double ms_workload_fwd_flops_per_token(const ms_model *m, double ctx) {
    if (m->family == MS_FAM_CNN || m->family == MS_FAM_DIFFUSION) return m->flops_per_sample;
    if (m->family == MS_FAM_SSM) return 2.0 * m->params; /* linear-time recurrence */
    return 2.0 * ms_workload_matmul_params_per_token(m) + ms_workload_attn_flops_per_token(m, ctx);
}

double ms_workload_kv_elems_per_token(const ms_model *m) {
    if (!ms_workload_is_transformer(m) || m->family == MS_FAM_ENCODER) return 0.0;
    if (is_mla(m)) return m->layers * (m->kv_lora_rank + m->qk_rope_head_dim);
    const double kvh = m->kv_heads > 0 ? m->kv_heads : m->heads;
    return m->layers * 2.0 * kvh * ms_workload_head_dim(m);
}
