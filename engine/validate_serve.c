/* validate_serve.c - predictor for the serving rows of a measurement file (validate.h):
 * serving_throughput, prefill_latency, decode_latency and e2e_request_latency.
 *
 * Each row is turned into a serving point: hardware and model names are matched against the
 * registry keys and aliases (case, spaces and punctuation ignored, trailing words such as
 * "v1.5" or "(MLPerf ...)" dropped), token counts and the MLPerf scenario are read from the
 * notes and unit, and the prediction is returned in the row's unit.
 *
 * How each kind of published run is reproduced (the serving engine's behaviour, not a fit):
 *  - TensorRT-LLM "static batching" tables (gptSessionBenchmark): the batch is prefilled and
 *    decoded together with KV reserved for input + output: --static-kv, batch and tp as given;
 *    16-bit KV cache (the engine's default) unless the batch only fits with 8-bit KV.
 *  - MLPerf Offline: continuous batching (paged KV) at the largest batch the KV cache holds
 *    (up to 1024 sequences); tp = the smallest power of two holding the weights in half of
 *    the memory. MLPerf Server: the same, at the largest batch meeting the scenario's TPOT
 *    (200 ms) and TTFT (2 s) limits.
 *  - Latency rows (batch 1): TTFT, TPOT or end-to-end of one request.
 *  - CNN rows: the per-sample path; Offline at a batch of 1024 images, SingleStream batch 1. */
#include "validate.h"
#include "memory.h"
#include "serve.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mean request shapes of the MLPerf datasets, which the result rows do not state.
 * ASSUMPTIONS (documented in docs/physics-serving.md): OpenOrca (llama2-70b): mean output 294
 * tokens (the row's notes imply 292-294 from tokens/s over samples/s), mean input 870 tokens;
 * CNN/DailyMail (gptj): mean input 800 tokens, mean output 64 tokens (min 30, max 128 new
 * tokens), beam search with 4 beams as the MLPerf GPT-J reference requires. */
typedef struct dataset {
    const char *model_key;
    double input, output, beams;
} dataset;
static const dataset datasets[] = {
    {"llama2-70b", 300, 294, 1},
    {"gpt-j-6b", 800, 64, 4},
};

/* Names the published tables use that no registry alias spells out. */
static const char *const name_map[][2] = {
    {"llama 7b", "llama1-7b"},   /* LLaMA (v1) 7B of the TensorRT-LLM tables */
    {"llama 70b", "llama2-70b"}, /* TensorRT-LLM's "LLaMA 70B" is Llama 2 70B (GQA) */
};

static void norm(const char *in, char *out, size_t n) {
    size_t j = 0;
    for (; *in && j + 1 < n; in++)
        if (isalnum((unsigned char)*in)) out[j++] = (char)tolower((unsigned char)*in);
    out[j] = 0;
}

static void lower_copy(const char *in, char *out, size_t n) {
    size_t j = 0;
    for (; *in && j + 1 < n; in++) out[j++] = (char)tolower((unsigned char)*in);
    out[j] = 0;
}

/* Match `text` (or its leading words, longest first) against keys and aliases. */
static const char *match_key(const ms_meta *meta, size_t n, const char *text) {
    char buf[256], want[256], cand[256];
    lower_copy(text, buf, sizeof buf);
    char *paren = strchr(buf, '(');
    if (paren) *paren = 0;
    for (size_t i = 0; i < sizeof name_map / sizeof name_map[0]; i++) {
        char a[64], b[256];
        norm(name_map[i][0], a, sizeof a);
        norm(buf, b, sizeof b);
        if (strcmp(a, b) == 0) return name_map[i][1];
    }
    for (;;) {
        norm(buf, want, sizeof want);
        if (!*want) return NULL;
        for (size_t i = 0; i < n; i++) {
            norm(meta[i].key, cand, sizeof cand);
            if (strcmp(cand, want) == 0) return meta[i].key;
            for (size_t a = 0; a < meta[i].n_aliases; a++) {
                norm(meta[i].aliases[a], cand, sizeof cand);
                if (strcmp(cand, want) == 0) return meta[i].key;
            }
        }
        /* drop the last word, or the last '-' part ("H200-SXM-141GB" -> "H200-SXM") */
        char *sp = strrchr(buf, ' ');
        char *dash = strrchr(buf, '-');
        if (dash && (!sp || dash > sp)) sp = dash;
        if (!sp) return NULL;
        while (sp > buf && (sp[-1] == ' ' || sp[-1] == '-')) sp--;
        *sp = 0;
    }
}

/* First number after `key` in text (e.g. "input " -> 128), NaN if absent. */
static double number_after(const char *text, const char *key) {
    if (!text) return NAN;
    const char *s = strstr(text, key);
    if (!s) return NAN;
    s += strlen(key);
    while (*s == ' ') s++;
    char *end;
    double v = strtod(s, &end);
    return end == s ? NAN : v;
}

/* "128 in + 20 out": the numbers before " in" and " out". */
static int in_out(const char *text, double *in, double *out) {
    if (!text) return 0;
    const char *s = strstr(text, " in + ");
    if (!s) return 0;
    const char *b = s;
    while (b > text && isdigit((unsigned char)b[-1])) b--;
    *in = atof(b);
    *out = atof(s + 6);
    return *in > 0 && *out > 0;
}

static int contains(const char *s, const char *w) {
    return s && strstr(s, w) != NULL;
}

static int set_precision(ms_point *p, const ms_hardware *hw, const char *text) {
    char tok[16] = {0};
    if (text) {
        size_t j = 0;
        while (*text == ' ') text++;
        while (*text && !isspace((unsigned char)*text) && *text != '(' && j + 1 < sizeof tok)
            tok[j++] = (char)tolower((unsigned char)*text++);
    }
    int prec = tok[0] ? ms_precision_from_name(tok) : -1;
    const int half = hw->peak_flops[MS_BF16] > 0 ? MS_BF16 : MS_FP16;
    /* not stated: the 16-bit format the device supports (bf16, else fp16) */
    if (prec < 0) prec = half;
    /* 4-bit weights on a device without 4-bit math are weight-only quantisation (W4A16) */
    if ((prec == MS_INT4 || prec == MS_FP4) && hw->peak_flops[prec] <= 0) {
        p->weight_precision = prec;
        p->kv_precision = half;
        prec = half;
    }
    p->precision = prec;
    return hw->peak_flops[prec] > 0;
}

static double eval_at(ms_point *p, ms_result *r) {
    ms_solve_core(p, r);
    return r->status == MS_OK ? 0 : -1;
}

/* Largest batch <= hi for which the point is feasible (and meets its targets). */
static double largest_batch(ms_point *p, ms_result *r, double hi) {
    double lo = 0;
    p->batch = 1;
    if (eval_at(p, r)) return 0;
    lo = 1;
    p->batch = hi;
    if (!eval_at(p, r)) return hi;
    while (hi - lo > 1) {
        const double mid = floor((lo + hi) / 2);
        p->batch = mid;
        if (!eval_at(p, r))
            lo = mid;
        else
            hi = mid;
    }
    p->batch = lo;
    eval_at(p, r);
    return lo;
}

int ms_validate_serve(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                      size_t whylen) {
    const char *kind = row->kind ? row->kind : "";
    const int thr = strcmp(kind, "serving_throughput") == 0;
    const int pre = strcmp(kind, "prefill_latency") == 0;
    const int dec = strcmp(kind, "decode_latency") == 0;
    const int e2e = strcmp(kind, "e2e_request_latency") == 0;
    if (!thr && !pre && !dec && !e2e) return 0;

    const char *hk = row->hardware ? match_key(reg->hw_meta, reg->n_hw, row->hardware) : NULL;
    const char *mk = row->model ? match_key(reg->model_meta, reg->n_models, row->model) : NULL;
    const ms_hardware *hw = hk ? ms_registry_hw(reg, hk) : NULL;
    const ms_model *m = mk ? ms_registry_model(reg, mk) : NULL;
    if (!hw || !m) {
        snprintf(why, whylen, "no registry entry for %s '%s'", !hw ? "hardware" : "model",
                 !hw ? (row->hardware ? row->hardware : "") : (row->model ? row->model : ""));
        return -1;
    }
    ms_point p;
    ms_point_init(&p);
    p.mode = MS_MODE_SERVE;
    p.model = m;
    p.hw = hw;
    p.calib = ms_registry_calib_for(reg, hw);
    if (!set_precision(&p, hw, row->precision)) {
        snprintf(why, whylen, "precision '%s' not supported by %s", row->precision, hk);
        return -1;
    }
    const char *unit = row->unit ? row->unit : "";
    const int llm = m->family == MS_FAM_DENSE || m->family == MS_FAM_MOE || m->family == MS_FAM_SSM;
    const double ndev = isnan(row->n_devices) ? 1 : row->n_devices;
    p.tp = isnan(row->tp) ? 1 : row->tp;
    p.pp = isnan(row->pp) ? 1 : row->pp;
    p.batch = isnan(row->batch) ? 1 : row->batch;

    /* token counts: "input 128, output 128", "input 128 tokens", "(128 in + 20 out)" */
    double in = number_after(row->notes, "input "), out = number_after(row->notes, "output ");
    double i2, o2;
    if (in_out(unit, &i2, &o2) || in_out(row->notes, &i2, &o2) || in_out(row->citation, &i2, &o2))
        in = i2, out = o2;
    const int offline = contains(unit, "Offline"), server = contains(unit, "Server");
    const dataset *ds = NULL;
    for (size_t i = 0; i < sizeof datasets / sizeof datasets[0]; i++)
        if (strcmp(datasets[i].model_key, m->key) == 0) ds = &datasets[i];
    if (llm && (offline || server) && isnan(in) && ds) {
        in = ds->input;
        out = ds->output;
        p.beam_width = ds->beams;
    }
    if (llm && isnan(in)) {
        snprintf(why, whylen, "no input/output token counts in the row");
        return -1;
    }
    if (!llm && isnan(in)) /* encoders: the row's sequence length, else the model's */
        in = !isnan(row->seq_len) ? row->seq_len : m->max_seq;
    p.prompt_tokens = isnan(in) ? 0 : in;
    p.output_tokens = isnan(out) ? (pre ? 1 : 0) : out;

    ms_result r;
    if (llm && (offline || server)) {
        /* MLPerf: continuous batching over the whole system */
        const double wbytes = m->params * ms_precision_bytes(p.precision);
        double tp = 1;
        while (tp < ndev && wbytes / tp > 0.5 * hw->memory_bytes) tp *= 2;
        p.tp = tp;
        p.gpus = ndev;
        p.paged_kv = 1;
        if (server) {
            p.tpot_target_s = 0.2;
            p.ttft_target_s = 2.0;
        }
        if (largest_batch(&p, &r, 1024) < 1) {
            snprintf(why, whylen, "no feasible batch: %s", r.reason);
            return -1;
        }
    } else if (!llm) {
        if (offline) p.batch = 1024;
        p.gpus = ndev;
        eval_at(&p, &r);
    } else {
        p.gpus = ndev;
        /* TensorRT-LLM tables with a batch run static batching; latency rows serve one request.
           TensorRT-LLM keeps a 16-bit KV cache unless the 8-bit one is enabled, which the
           peak-throughput tables did where their batch needed it: use 16-bit KV when the
           batch fits with it, else the row's precision. */
        p.paged_kv = !(thr && contains(row->notes, "static batching"));
        if (ms_precision_bytes(p.precision) < 2) {
            p.kv_precision = hw->peak_flops[MS_BF16] > 0 ? MS_BF16 : MS_FP16;
            if (eval_at(&p, &r) && r.status == MS_OOM) p.kv_precision = -1;
        }
        eval_at(&p, &r);
    }
    if (r.status != MS_OK) {
        snprintf(why, whylen, "point is %s: %s", ms_status_name(r.status), r.reason);
        return -1;
    }

    double v = NAN;
    if (thr) {
        if (contains(unit, "images/s") || contains(unit, "samples/s"))
            v = r.samples_per_s;
        else if (contains(unit, "/GPU"))
            v = r.output_tokens_per_s_per_gpu;
        else
            v = r.output_tokens_per_s;
    } else if (pre)
        v = r.ttft_s;
    else if (dec && contains(unit, "/user"))
        v = 1.0 / r.tpot_s; /* tokens/s one user sees */
    else if (dec)
        v = llm ? r.tpot_s : r.e2e_latency_s;
    else
        v = r.e2e_latency_s;
    if (!thr) {
        if (strncmp(unit, "ms", 2) == 0)
            v *= 1e3;
        else if (strncmp(unit, "us", 2) == 0)
            v *= 1e6;
    }
    if (!isfinite(v)) {
        snprintf(why, whylen, "prediction is not finite");
        return -1;
    }
    *predicted = v;
    return 1;
}
