/* memory.c - memory footprint terms shared by training and serving. */
#include "memory.h"
#include "workload.h"

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

double ms_memory_kv_bytes_per_token_per_gpu(const ms_point *p) {
    const ms_model *m = p->model;
    double elems = ms_workload_kv_elems_per_token(m);
    if (elems <= 0) return 0.0;
    const double tp = p->tp > 0 ? p->tp : 1;
    const double pp = p->pp > 0 ? p->pp : 1;
    double split = tp;
    if (m->kv_lora_rank > 0)
        split = 1; /* the MLA latent is shared by all heads: replicated */
    else {
        const double kvh = m->kv_heads > 0 ? m->kv_heads : m->heads;
        if (kvh < tp) split = kvh; /* kv heads are replicated when tp exceeds them */
    }
    return elems * ms_memory_kv_bytes_per_elem(p) / split / pp;
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
