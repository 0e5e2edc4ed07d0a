/* validate_train.c - predictor for the training rows of a measurement file (validate.h).
 *
 * A row becomes a design point: the model from the row's layers/hidden/heads columns or from
 * the registry (by its name, normalized: "GPT-174.6B (PTD-P)" -> gpt-174p6b), the hardware by
 * name ("A100-SXM4-80GB" -> a100-sxm4-80gb, an alias), the layout from the tp/pp/dp columns
 * and the notes ("GBS 256, MBS 1, CP 2, VP 6", "model-parallel size 96; microbatch 1").
 * What a publication leaves unsaid but applies to all its runs comes from the small table of
 * source conventions below, each with the sentence of the source it rests on. */
#include "validate_train.h"
#include "workload.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct convention {
    const char *citation; /* substring of the citation column */
    int recompute;
    int unfused_attention;
    int sequence_parallel; /* with tp > 1 */
    double micro_batch;    /* when the row does not state it */
    int tflops_counts_recompute;
    int zero;              /* ZeRO stage of the data-parallel optimizer */
    int recompute_certain; /* the source states its recompute for every run */
    const char *why;
} convention;

static const convention conventions[] = {
    {"Narayanan", MS_RECOMPUTE_FULL, 1, 0, 1, 1, 0, 1,
     "Megatron-LM SC'21 sec. 5.1: all runs use activation recomputation; its TFLOP/s follow "
     "eq. 3, which counts the recomputed forward; attention is the unfused softmax of 2021; "
     "Table 2 states micro-batch 1 for PTD-P and Table 1 states none (1 assumed)"},
    {"NeMo", MS_RECOMPUTE_NONE, 0, 1, 1, 0, 1, 0,
     "NeMo 24.07 performance recipes: Transformer Engine with fused attention, sequence "
     "parallelism with TP, no activation recomputation, the distributed optimizer (ZeRO-1); "
     "model TFLOP/s exclude recompute"},
    {"Korthikanti", MS_RECOMPUTE_SELECTIVE, 1, 1, 1, 1, 0, 1,
     "Korthikanti et al. 2022 (Reducing Activation Recomputation): selective recompute with "
     "sequence parallelism, Megatron's fused softmax (no flash kernel), micro-batch 1"},
};
static const convention plain = {"", MS_RECOMPUTE_NONE, 0, 0, 1, 0, 0, 0, "no convention"};

static const convention *convention_of(const ms_vrow *row) {
    for (size_t i = 0; i < sizeof conventions / sizeof conventions[0]; i++)
        if (row->citation && strstr(row->citation, conventions[i].citation)) return &conventions[i];
    return &plain;
}

/* The number after a key in the notes ("MBS 4", "CP: 2", "vocab 51200", "microbatch 1"),
 * matched case-insensitively at a word start; NaN when absent. */
static double note_after(const char *notes, const char *key) {
    const size_t kl = strlen(key);
    for (const char *q = notes; q && *q; q++) {
        if (strncasecmp(q, key, kl) != 0) continue;
        if (q > notes && (isalnum((unsigned char)q[-1]) || q[-1] == '-')) continue;
        const char *t = q + kl;
        if (isalpha((unsigned char)*t)) continue;
        while (*t == ' ' || *t == '=' || *t == ':') t++;
        char *end;
        double v = strtod(t, &end);
        if (end != t) return v;
    }
    return NAN;
}

/* "300B tokens" -> 3e11 (the number before the word), NaN when absent. */
static double note_before(const char *notes, const char *word) {
    const char *q = notes ? strstr(notes, word) : NULL;
    if (!q) return NAN;
    const char *t = q;
    while (t > notes && t[-1] == ' ') t--;
    double mult = 1;
    if (t > notes && strchr("KMBT", t[-1])) {
        const char u = t[-1];
        mult = u == 'K' ? 1e3 : u == 'M' ? 1e6 : u == 'B' ? 1e9 : 1e12;
        t--;
    }
    const char *e = t;
    while (t > notes && (isdigit((unsigned char)t[-1]) || t[-1] == '.' || t[-1] == ',')) t--;
    if (t == e) return NAN;
    char buf[48];
    size_t n = 0;
    for (const char *c = t; c < e && n + 1 < sizeof buf; c++)
        if (*c != ',') buf[n++] = *c;
    buf[n] = '\0';
    return strtod(buf, NULL) * mult;
}

/* lower case, "(...)" dropped, blanks to '-', '.' to 'p': "GPT-174.6B (PTD-P)" -> gpt-174p6b */
static void normalize(const char *in, char *out, size_t len, int dot_to_p) {
    size_t n = 0;
    int depth = 0;
    for (const char *c = in; *c && n + 1 < len; c++) {
        if (*c == '(')
            depth++;
        else if (*c == ')')
            depth--;
        else if (depth == 0) {
            char ch = (char)tolower((unsigned char)*c);
            if (ch == ' ') ch = '-';
            if (ch == '.' && dot_to_p) ch = 'p';
            out[n++] = ch;
        }
    }
    while (n > 0 && out[n - 1] == '-') n--;
    out[n] = '\0';
}

static const ms_model *find_model(const ms_registry *reg, const char *name) {
    char k[128];
    normalize(name, k, sizeof k, 1);
    const ms_model *m = ms_registry_model(reg, k);
    if (m) return m;
    normalize(name, k, sizeof k, 0);
    if ((m = ms_registry_model(reg, k))) return m;
    /* "ResNet-50 v1.5" -> resnet50: the first word without dashes */
    size_t n = 0;
    for (const char *c = name; *c && *c != ' ' && n + 1 < sizeof k; c++)
        if (*c != '-') k[n++] = (char)tolower((unsigned char)*c);
    k[n] = '\0';
    return ms_registry_model(reg, k);
}

static int precision_of(const char *t) {
    if (!t || !*t) return MS_BF16;
    if (strstr(t, "fp8")) return MS_FP8;
    if (strstr(t, "bf16") || strstr(t, "mixed")) return MS_BF16; /* "mixed" = 16-bit mixed */
    if (strstr(t, "fp16")) return MS_FP16;
    if (strstr(t, "fp32")) return MS_FP32;
    return -1;
}

static int cannot(char *why, size_t len, const char *fmt, const char *arg) {
    snprintf(why, len, fmt, arg ? arg : "");
    return -1;
}

/* case-insensitive strstr (strcasestr is a GNU extension) */
static const char *strcasestr_(const char *hay, const char *needle) {
    const size_t n = strlen(needle);
    for (const char *q = hay; q && *q; q++)
        if (strncasecmp(q, needle, n) == 0) return q;
    return NULL;
}

static int is_kind(const ms_vrow *row, const char *k) {
    return row->kind && !strcmp(row->kind, k);
}

int ms_validate_train_setup(const ms_registry *reg, const ms_vrow *row, ms_vtrain *vt, char *why,
                            size_t whylen) {
    if (!is_kind(row, "train_throughput") && !is_kind(row, "train_compute") &&
        !is_kind(row, "train_config") && !is_kind(row, "time_to_train"))
        return 0;
    memset(vt, 0, sizeof *vt);
    if (is_kind(row, "train_config"))
        return cannot(why, whylen, "a stated configuration (%s), not a measurement", row->unit);
    if (is_kind(row, "time_to_train"))
        return cannot(why, whylen, "%s",
                      "time-to-train needs the submission's parallel layout "
                      "and batch, which the row does not give");
    if (isnan(row->measured)) return cannot(why, whylen, "%s", "no measured value");
    const convention *cv = convention_of(row);

    /* ---- the model ---- */
    const ms_model *reg_m = find_model(reg, row->model);
    ms_model *m = &vt->model;
    if (reg_m) *m = *reg_m;
    if (!isnan(row->layers) && !isnan(row->hidden) && !isnan(row->heads)) {
        if (!reg_m) {
            memset(m, 0, sizeof *m);
            snprintf(m->key, sizeof m->key, "%s", row->case_id);
            m->family = MS_FAM_DENSE;
            m->tied_embeddings = 1; /* GPT-style shared input/output embedding */
        }
        m->layers = row->layers;
        m->hidden = row->hidden;
        m->heads = row->heads;
        m->kv_heads = row->heads;
        m->head_dim = row->hidden / row->heads;
        if (!reg_m || m->ffn_hidden <= 0) m->ffn_hidden = 4.0 * row->hidden; /* GPT MLP */
    } else if (!reg_m) {
        char k[128];
        normalize(row->model, k, sizeof k, 1);
        snprintf(why, whylen, "model '%s' (%s) is not in the registries and the row gives no shape",
                 row->model, k);
        return -1;
    }
    const double vocab = note_after(row->notes, "vocab");
    if (!isnan(vocab)) m->vocab = vocab;
    if (!ms_workload_is_transformer(m))
        return cannot(why, whylen, "%s: training is modelled for transformer models", row->model);
    if (m->vocab <= 0) return cannot(why, whylen, "%s: no vocabulary size known", row->model);
    m->params = ms_workload_params_derived(m);
    m->active_params = ms_workload_active_params_derived(m);

    ms_point *p = &vt->point;
    ms_point_init(p);
    p->model = m;
    p->mode = MS_MODE_TRAIN;
    const double seq = !isnan(row->seq_len) ? row->seq_len : m->max_seq;
    if (!(seq > 0)) return cannot(why, whylen, "%s", "no sequence length");
    p->seq = seq;

    if (is_kind(row, "train_compute")) {
        if (!row->unit || strcmp(row->unit, "FLOPs") != 0)
            return cannot(why, whylen, "unit '%s' is not predicted", row->unit);
        vt->train_tokens = note_before(row->notes, "tokens");
        if (isnan(vt->train_tokens))
            return cannot(why, whylen, "%s", "the notes give no token count");
        vt->metric = MS_VM_TOTAL_FLOPS;
        p->global_batch = 1;
        return 1;
    }

    /* ---- hardware and precision ---- */
    char hk[128];
    normalize(row->hardware, hk, sizeof hk, 0);
    p->hw = ms_registry_hw(reg, hk);
    static const char *const vendors[] = {"nvidia-", "amd-", "google-", "intel-"};
    for (size_t i = 0; !p->hw && i < sizeof vendors / sizeof vendors[0]; i++)
        if (!strncmp(hk, vendors[i], strlen(vendors[i])))
            p->hw = ms_registry_hw(reg, hk + strlen(vendors[i]));
    if (!p->hw) return cannot(why, whylen, "hardware '%s' is not in the registry", row->hardware);
    p->calib = ms_registry_calib_for(reg, p->hw);
    p->precision = precision_of(row->precision);
    if (p->precision < 0)
        return cannot(why, whylen, "precision '%s' not understood", row->precision);

    /* ---- layout ---- */
    if (isnan(row->n_devices)) return cannot(why, whylen, "%s", "no device count");
    p->gpus = row->n_devices;
    const double cp = note_after(row->notes, "CP"), ep = note_after(row->notes, "EP");
    double vp = note_after(row->notes, "VP");
    if (isnan(vp)) vp = note_after(row->notes, "interleave");
    p->cp = isnan(cp) ? 1 : cp;
    p->ep = isnan(ep) ? 1 : ep;
    p->interleave = isnan(vp) ? 1 : vp;
    const int zero3 = row->model && strstr(row->model, "ZeRO-3") != NULL;
    p->zero = zero3 ? 3 : cv->zero;
    const double tp_note = note_after(row->notes, "TP"), pp_note = note_after(row->notes, "PP");
    const double tp_col = !isnan(row->tp) ? row->tp : tp_note;
    const double pp_col = !isnan(row->pp) ? row->pp : pp_note;
    if (!isnan(tp_col) && !isnan(pp_col)) {
        p->tp = tp_col;
        p->pp = pp_col;
    } else {
        const double mp = note_after(row->notes, "model-parallel size");
        if (isnan(mp)) return cannot(why, whylen, "%s", "no tp/pp and no model-parallel size");
        /* Megatron's rule (SC'21 sec. 3.3): tensor parallelism up to the GPUs of a node, the
         * rest of the model-parallel size is pipeline */
        double tp = fmin(mp, p->hw->gpus_per_node > 0 ? p->hw->gpus_per_node : 1);
        while (tp > 1 && (fmod(mp, tp) != 0 || fmod(m->heads, tp) != 0)) tp--;
        p->tp = tp;
        p->pp = mp / tp;
    }
    if (!isnan(row->dp) && fabs(row->dp * p->tp * p->pp * p->cp - p->gpus) > 0.5)
        return cannot(why, whylen, "%s", "n_devices != tp x pp x cp x dp in the row");
    const double gbs = note_after(row->notes, "GBS");
    p->global_batch = !isnan(row->batch) ? row->batch : gbs;
    if (isnan(p->global_batch)) return cannot(why, whylen, "%s", "no global batch");
    double mbs = note_after(row->notes, "MBS");
    if (isnan(mbs)) mbs = note_after(row->notes, "microbatch");
    if (isnan(mbs)) mbs = note_after(row->notes, "micro-batch");
    p->micro_batch = isnan(mbs) ? cv->micro_batch : mbs;
    /* what the notes say overrides the source's convention */
    const char *nt = row->notes ? row->notes : "";
    p->recompute = cv->recompute;
    vt->recompute_stated =
        cv->recompute_certain || strcasestr_(nt, "recomput") || strcasestr_(nt, "checkpointing");
    vt->zero_stated = zero3 || strcasestr_(nt, "ZeRO") || strcasestr_(nt, "optimizer");
    if (strcasestr_(nt, "selective"))
        p->recompute = MS_RECOMPUTE_SELECTIVE;
    else if (strcasestr_(nt, "no recompute") || strcasestr_(nt, "without recompute"))
        p->recompute = MS_RECOMPUTE_NONE;
    else if (strcasestr_(nt, "recomputation on") || strcasestr_(nt, "full recompute") ||
             strcasestr_(nt, "activation checkpointing"))
        p->recompute = MS_RECOMPUTE_FULL;
    p->unfused_attention = cv->unfused_attention;
    if (strcasestr_(nt, "flash")) p->unfused_attention = 0;
    if (strcasestr_(nt, "unfused attention")) p->unfused_attention = 1;
    p->sequence_parallel = cv->sequence_parallel && p->tp > 1;
    if (strcasestr_(nt, "sequence parallel")) p->sequence_parallel = p->tp > 1;
    if (!zero3) {
        const double z = note_after(nt, "ZeRO-");
        const double zs = note_after(nt, "ZeRO stage");
        if (!isnan(z) && z >= 0 && z <= 3)
            p->zero = (int)z;
        else if (!isnan(zs) && zs >= 0 && zs <= 3)
            p->zero = (int)zs;
        else if (strcasestr_(nt, "distributed optimizer"))
            p->zero = 1;
    }

    /* ---- what the measured number is ---- */
    const char *u = row->unit ? row->unit : "";
    const int per_gpu = strcasestr_(u, "per GPU") || strcasestr_(u, "/GPU");
    if (strstr(u, "TFLOP/s") && per_gpu)
        vt->metric = (cv->tflops_counts_recompute || strcasestr_(u, "recompute") ||
                      strcasestr_(u, "hardware"))
                         ? MS_VM_HW_TFLOPS
                         : MS_VM_MODEL_TFLOPS;
    else if (!strncmp(u, "tok", 3) && strstr(u, "/s"))
        vt->metric = per_gpu ? MS_VM_TOKENS_PER_GPU : MS_VM_TOKENS_PER_S;
    else if (!strncmp(u, "MFU", 3) || !strncmp(u, "% MFU", 5))
        vt->metric = strchr(u, '%') ? MS_VM_MFU_PCT : MS_VM_MFU;
    else if (!strncmp(u, "HFU", 3) || !strncmp(u, "% HFU", 5))
        vt->metric = strchr(u, '%') ? MS_VM_HFU_PCT : MS_VM_HFU;
    else if (!strcmp(u, "s per step") || !strcmp(u, "s/step") || !strcmp(u, "step time (s)"))
        vt->metric = MS_VM_STEP_S;
    else if (!strncmp(u, "samples/s", 9) || !strncmp(u, "sequences/s", 11))
        vt->metric = MS_VM_SAMPLES_PER_S;
    else
        return cannot(why, whylen, "unit '%s' is not predicted", u);
    return 1;
}

double ms_validate_train_value(const ms_vtrain *vt, const ms_result *r) {
    if (vt->metric == MS_VM_TOTAL_FLOPS)
        return ms_workload_fwd_flops_per_token(vt->point.model, vt->point.seq) * 3.0 *
               vt->train_tokens;
    if (r->status != MS_OK && r->status != MS_NO_PRICE) return NAN;
    switch (vt->metric) {
    case MS_VM_HW_TFLOPS:
        return r->hw_tflops_per_gpu;
    case MS_VM_MODEL_TFLOPS:
        return r->model_tflops_per_gpu;
    case MS_VM_TOKENS_PER_GPU:
        return r->tokens_per_s / vt->point.gpus;
    case MS_VM_TOKENS_PER_S:
        return r->tokens_per_s;
    case MS_VM_MFU:
        return r->mfu;
    case MS_VM_MFU_PCT:
        return 100.0 * r->mfu;
    case MS_VM_HFU:
        return r->hfu;
    case MS_VM_HFU_PCT:
        return 100.0 * r->hfu;
    case MS_VM_STEP_S:
        return r->step_time_s;
    case MS_VM_SAMPLES_PER_S:
        return r->samples_per_s;
    default:
        return NAN;
    }
}

const char *ms_validate_train_family(const ms_registry *reg, const ms_vtrain *vt) {
    if (!vt->point.hw) return "default";
    const ms_meta *mt = &reg->hw_meta[ms_registry_index_hw(reg, vt->point.hw)];
    return mt->family && *mt->family ? mt->family : "default";
}

void ms_validate_train_solve(ms_vtrain *vt, ms_result *r) {
    ms_point *p = &vt->point;
    ms_solve_core(p, r);
    /* a measured run fitted in memory: what the row leaves open escalates until it fits */
    while (r->status == MS_OOM && !vt->recompute_stated && p->recompute < MS_RECOMPUTE_FULL) {
        p->recompute++;
        ms_solve_core(p, r);
    }
    if (r->status == MS_OOM && !vt->zero_stated && p->zero < 1) {
        p->zero = 1;
        ms_solve_core(p, r);
    }
}

int ms_validate_train(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                      size_t whylen) {
    ms_vtrain *vt = malloc(sizeof *vt);
    if (!vt) return cannot(why, whylen, "%s", "out of memory");
    int rc = ms_validate_train_setup(reg, row, vt, why, whylen);
    if (rc == 1) {
        ms_result r;
        if (vt->metric != MS_VM_TOTAL_FLOPS)
            ms_validate_train_solve(vt, &r);
        else
            r.status = MS_OK;
        *predicted = ms_validate_train_value(vt, &r);
        if (isnan(*predicted)) {
            snprintf(why, whylen, "%s: %s", ms_status_name(r.status),
                     r.reason && *r.reason ? r.reason : ms_status_description(r.status));
            rc = -1;
        }
    }
    free(vt);
    return rc;
}
