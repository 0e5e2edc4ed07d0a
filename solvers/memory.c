/* memory.c - memory footprint terms shared by training and serving. */
#include "memory.h"
#include "workload.h"

#include <math.h>

double ms_memory_weight_bytes_per_param(const ms_point *p) {
    const int wp = p->weight_precision >= 0 ? p->weight_precision : p->precision;
    return ms_precision_bytes(wp);
}

double ms_memory_kv_bytes_per_elem(const ms_point *p) {
    const int kp = p->kv_precision >= 0 ? p->kv_precision : p->precision;
    /* fp32 compute keeps fp32 KV; low-bit weights (int4/fp4) still keep at least 1-byte KV
       unless the KV precision is chosen explicitly */
    double b = ms_precision_bytes(kp);
    if (p->kv_precision < 0 && b < 1) b = 1;
    return b;
}

double ms_memory_kv_split(const ms_model *m, double tp) {
    if (tp < 1) tp = 1;
    if (m->kv_lora_rank > 0) return 1; /* the MLA latent is shared by all heads: replicated */
    const double kvh = m->kv_heads > 0 ? m->kv_heads : m->heads;
    return kvh < tp ? kvh : tp; /* kv heads are replicated when tp exceeds them */
}

double ms_memory_kv_bytes_per_token_rank(const ms_point *p, const ms_model *m) {
    const double elems = ms_workload_kv_elems_per_token(m);
    if (elems <= 0) return 0.0;
    return elems * ms_memory_kv_bytes_per_elem(p) / ms_memory_kv_split(m, p->tp);
}

double ms_memory_kv_bytes_per_token_per_gpu(const ms_point *p) {
    const double pp = p->pp > 0 ? p->pp : 1;
    return ms_memory_kv_bytes_per_token_rank(p, p->model) / pp;
}

double ms_memory_kv_tokens_held(double batch, double prompt, double output, int paged) {
    if (batch <= 0) return 0.0;
    if (!paged) return batch * (prompt + output); /* every slot reserves its full length */
    /* paged blocks of MS_KV_PAGE tokens: with continuous batching the slots are spread evenly
       over their generation, so a slot holds P + O/2 tokens on average (rounded up to whole
       pages), plus one sequence's remaining growth O/2 as headroom (batch 1: exactly P + O). */
    const double per = ceil((prompt + output / 2.0) / MS_KV_PAGE) * MS_KV_PAGE;
    return batch * per + output / 2.0;
}

double ms_memory_kv_max_batch(double free_bytes, double kv_bytes_per_token, double prompt,
                              double output, int paged) {
    if (kv_bytes_per_token <= 0) return free_bytes > 0 ? INFINITY : 0.0;
    if (free_bytes <= 0) return 0.0;
    const double tokens = free_bytes / kv_bytes_per_token;
    double b;
    if (!paged)
        b = floor(tokens / (prompt + output > 0 ? prompt + output : 1));
    else {
        const double per = ceil((prompt + output / 2.0) / MS_KV_PAGE) * MS_KV_PAGE;
        b = floor((tokens - output / 2.0) / (per > 0 ? per : 1));
    }
    return b > 0 ? b : 0.0;
}

double ms_memory_activation_bytes_per_layer(const ms_point *p, double b, double s) {
    const ms_model *m = p->model;
    const double h = m->hidden, a = m->heads;
    const double t = p->tp > 0 ? p->tp : 1;
    const double cp = p->cp > 0 ? p->cp : 1;
    const double s_keys = s; /* each query still scores against every key */
    s = s / cp;              /* context parallelism splits the sequence (the queries) */
    if (p->recompute == MS_RECOMPUTE_FULL) return 2.0 * s * b * h / (p->sequence_parallel ? t : 1);
    /* the 5as/h term is the s x s scores, softmax and dropout mask; selective recompute and
     * a fused flash kernel both avoid storing them */
    const double attn = (p->recompute == MS_RECOMPUTE_SELECTIVE || !p->unfused_attention)
                            ? 0.0
                            : 5.0 * a * s_keys / h;
    if (p->sequence_parallel) return s * b * h * (34.0 + attn) / t;
    return s * b * h * (10.0 + (24.0 + attn) / t);
}
