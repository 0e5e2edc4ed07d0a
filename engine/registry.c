/* registry.c - parse the configs/ YAML registries into solver structs, checking every field.
 *
 * Each kind has a table of fields (name, dimension, where it goes). A number is a bare value or
 * a mapping {value, source, date, assumption}; a dimensioned value must carry a unit of the
 * right dimension (units.h). Unknown fields are errors with a close match suggested. */
#include "registry.h"
#include "errfmt.h"
#include "suggest.h"
#include "units.h"
#include "workload.h"
#include "ydoc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kind_names[MS_NKIND] = {"hardware", "model", "region", "fabric",
                                                 "calibration"};
static const char *const kind_tops[MS_NKIND] = {"hardware", "models", "regions", "fabrics",
                                                "calibration"};
static const char *const kind_files[MS_NKIND] = {"hardware.yaml", "models.yaml", "regions.yaml",
                                                 "fabrics.yaml", "calibration.yaml"};
const char *ms_kind_name(ms_kind k) {
    return (k >= 0 && k < MS_NKIND) ? kind_names[k] : "?";
}

uint64_t ms_fnv1a64(const void *data, size_t len) {
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- field tables ------------------------------------------------------------------------ */
typedef enum { F_NUM, F_BOOL, F_INTNUM } ftype;
typedef struct fspec {
    const char *name;
    ms_dim dim;
    size_t off; /* offset of a double (or int for F_BOOL) in the solver struct */
    ftype type;
    int positive; /* 1: must be > 0; 0: must be >= 0 */
} fspec;

#define HW(f) offsetof(ms_hardware, f)
static const fspec hw_fields[] = {
    {"memory", MS_DIM_BYTES, HW(memory_bytes), F_NUM, 1},
    {"memory_bw", MS_DIM_BYTES_PER_S, HW(memory_bw_Bps), F_NUM, 1},
    {"sram", MS_DIM_BYTES, HW(sram_bytes), F_NUM, 0},
    {"flash", MS_DIM_BYTES, HW(flash_bytes), F_NUM, 0},
    {"tdp", MS_DIM_POWER, HW(tdp_w), F_NUM, 1},
    {"idle", MS_DIM_POWER, HW(idle_w), F_NUM, 0},
    {"gpus_per_node", MS_DIM_NONE, HW(gpus_per_node), F_INTNUM, 1},
    {"scaleup_bw", MS_DIM_BYTES_PER_S, HW(scaleup_bw_Bps), F_NUM, 0},
    {"scaleout_bw", MS_DIM_BYTES_PER_S, HW(scaleout_bw_Bps), F_NUM, 0},
    {"host_link", MS_DIM_BYTES_PER_S, HW(host_link_Bps), F_NUM, 0},
    {"unit_price", MS_DIM_USD, HW(unit_price_usd), F_NUM, 0},
    {"cloud_price", MS_DIM_USD_PER_H, HW(cloud_usd_per_hour), F_NUM, 0},
    {"embodied", MS_DIM_CO2, HW(embodied_kgco2e), F_NUM, 0},
};
#define MD(f) offsetof(ms_model, f)
static const fspec model_fields[] = {
    {"params", MS_DIM_NONE, MD(params), F_NUM, 1},
    {"active_params", MS_DIM_NONE, MD(active_params), F_NUM, 1},
    {"layers", MS_DIM_NONE, MD(layers), F_INTNUM, 1},
    {"hidden", MS_DIM_NONE, MD(hidden), F_INTNUM, 1},
    {"heads", MS_DIM_NONE, MD(heads), F_INTNUM, 1},
    {"kv_heads", MS_DIM_NONE, MD(kv_heads), F_INTNUM, 1},
    {"head_dim", MS_DIM_NONE, MD(head_dim), F_INTNUM, 1},
    {"ffn_hidden", MS_DIM_NONE, MD(ffn_hidden), F_INTNUM, 1},
    {"vocab", MS_DIM_NONE, MD(vocab), F_INTNUM, 0},
    {"max_seq", MS_DIM_NONE, MD(max_seq), F_INTNUM, 1},
    {"ffn_gated", MS_DIM_NONE, MD(ffn_gated), F_BOOL, 0},
    {"tied_embeddings", MS_DIM_NONE, MD(tied_embeddings), F_BOOL, 0},
    {"experts", MS_DIM_NONE, MD(experts), F_INTNUM, 1},
    {"experts_per_token", MS_DIM_NONE, MD(experts_per_token), F_INTNUM, 1},
    {"shared_experts", MS_DIM_NONE, MD(shared_experts), F_INTNUM, 0},
    {"moe_ffn_hidden", MS_DIM_NONE, MD(moe_ffn_hidden), F_INTNUM, 1},
    {"first_dense_layers", MS_DIM_NONE, MD(first_dense_layers), F_INTNUM, 0},
    {"kv_lora_rank", MS_DIM_NONE, MD(kv_lora_rank), F_INTNUM, 1},
    {"q_lora_rank", MS_DIM_NONE, MD(q_lora_rank), F_INTNUM, 1},
    {"qk_rope_head_dim", MS_DIM_NONE, MD(qk_rope_head_dim), F_INTNUM, 1},
    {"qk_nope_head_dim", MS_DIM_NONE, MD(qk_nope_head_dim), F_INTNUM, 1},
    {"v_head_dim", MS_DIM_NONE, MD(v_head_dim), F_INTNUM, 1},
    {"state_dim", MS_DIM_NONE, MD(state_dim), F_INTNUM, 1},
    {"conv_kernel", MS_DIM_NONE, MD(conv_kernel), F_INTNUM, 1},
    {"expand", MS_DIM_NONE, MD(expand), F_NUM, 1},
    {"flops_per_sample", MS_DIM_FLOP, MD(flops_per_sample), F_NUM, 1},
    {"resolution", MS_DIM_NONE, MD(resolution), F_INTNUM, 1},
    {"steps", MS_DIM_NONE, MD(steps), F_INTNUM, 1},
};
#define RG(f) offsetof(ms_region, f)
static const fspec region_fields[] = {
    {"grid_intensity", MS_DIM_CO2_PER_KWH, RG(grid_gco2_per_kwh), F_NUM, 0},
    {"pue", MS_DIM_NONE, RG(pue), F_NUM, 1},
    {"wue", MS_DIM_L_PER_KWH, RG(wue_l_per_kwh), F_NUM, 0},
    {"price", MS_DIM_USD_PER_KWH, RG(price_usd_per_kwh), F_NUM, 0},
};
#define FB(f) offsetof(ms_fabric, f)
static const fspec fabric_fields[] = {
    {"bw", MS_DIM_BYTES_PER_S, FB(bw_Bps), F_NUM, 1},
    {"latency", MS_DIM_TIME, FB(latency_s), F_NUM, 0},
};
#define CB(f) offsetof(ms_calib, f)
static const fspec calib_fields[] = {
    {"gemm_eff_max", MS_DIM_NONE, CB(gemm_eff_max), F_NUM, 1},
    {"gemm_half_dim", MS_DIM_NONE, CB(gemm_half_dim), F_NUM, 0},
    {"attn_eff", MS_DIM_NONE, CB(attn_eff), F_NUM, 1},
    {"mem_bw_eff", MS_DIM_NONE, CB(mem_bw_eff), F_NUM, 1},
    {"scaleup_bw_eff", MS_DIM_NONE, CB(scaleup_bw_eff), F_NUM, 1},
    {"scaleout_bw_eff", MS_DIM_NONE, CB(scaleout_bw_eff), F_NUM, 1},
    {"layer_overhead", MS_DIM_TIME, CB(layer_overhead_s), F_NUM, 0},
    {"step_overhead", MS_DIM_TIME, CB(step_overhead_s), F_NUM, 0},
    {"decode_layer_overhead", MS_DIM_TIME, CB(decode_layer_overhead_s), F_NUM, 0},
    {"decode_step_overhead", MS_DIM_TIME, CB(decode_step_overhead_s), F_NUM, 0},
    {"dp_overlap", MS_DIM_NONE, CB(dp_overlap), F_NUM, 0},
    {"tp_overlap", MS_DIM_NONE, CB(tp_overlap), F_NUM, 0},
    {"pp_p2p_overlap", MS_DIM_NONE, CB(pp_p2p_overlap), F_NUM, 0},
    {"moe_imbalance", MS_DIM_NONE, CB(moe_imbalance), F_NUM, 1},
    {"optimizer_bytes_per_param", MS_DIM_NONE, CB(optimizer_bytes_per_param), F_NUM, 0},
    {"idle_power_frac", MS_DIM_NONE, CB(idle_power_frac), F_NUM, 0},
    {"mem_power_frac", MS_DIM_NONE, CB(mem_power_frac), F_NUM, 0},
    {"host_power", MS_DIM_POWER, CB(host_power_w), F_NUM, 0},
    {"network_power", MS_DIM_POWER, CB(network_power_w), F_NUM, 0},
    {"framework_mem", MS_DIM_BYTES, CB(framework_mem_bytes), F_NUM, 0},
    {"host_capex_frac", MS_DIM_NONE, CB(host_capex_frac), F_NUM, 0},
    {"network_capex_frac", MS_DIM_NONE, CB(network_capex_frac), F_NUM, 0},
    {"maintenance_frac_per_year", MS_DIM_NONE, CB(maintenance_frac_per_year), F_NUM, 0},
    {"power_full_util", MS_DIM_NONE, CB(power_full_util), F_NUM, 0},
    {"lowp_gemm_eff", MS_DIM_NONE, CB(lowp_gemm_eff), F_NUM, 0},
    {"serve_gemm_eff_max", MS_DIM_NONE, CB(serve_gemm_eff_max), F_NUM, 1},
    {"serve_gemm_half_dim", MS_DIM_NONE, CB(serve_gemm_half_dim), F_NUM, 0},
    {"decode_bw_eff", MS_DIM_NONE, CB(decode_bw_eff), F_NUM, 1},
    {"kv_bw_eff", MS_DIM_NONE, CB(kv_bw_eff), F_NUM, 1},
    {"cnn_eff_max", MS_DIM_NONE, CB(cnn_eff_max), F_NUM, 1},
    {"serve_collective", MS_DIM_TIME, CB(serve_collective_s), F_NUM, 0},
    {"extra0", MS_DIM_NONE, CB(extra[0]), F_NUM, 0},
    {"extra1", MS_DIM_NONE, CB(extra[1]), F_NUM, 0},
    {"extra2", MS_DIM_NONE, CB(extra[2]), F_NUM, 0},
    {"extra3", MS_DIM_NONE, CB(extra[3]), F_NUM, 0},
};
#define NF(a) (sizeof a / sizeof a[0])

/* Fields every kind accepts besides its numbers (strings). */
static const char *const common_text[] = {"key", "name", "aliases", "source",
                                          "url", "date", "notes",   "note"};
static const char *const hw_text[] = {"vendor", "class",          "family",         "release_year",
                                      "peak",   "scaleup_fabric", "scaleout_fabric"};
static const char *const model_text[] = {"family"};
static const char *const region_text[] = {"kind", "provider", "country"};
static const char *const fabric_text[] = {"kind"};
static const char *const calib_text[] = {"fitted_on"};

/* ---- error helper ---------------------------------------------------------------------- */
typedef struct ctx {
    const char *file;
    char *err;
    size_t errlen;
} ctx;

#define errf(c, line, ...) ms_errf((c)->err, (c)->errlen, (c)->file, (line), __VA_ARGS__)

static char *dupstr(const char *s) {
    return s ? strdup(s) : NULL;
}

static int valid_key(const char *k) {
    if (!k || !*k || strlen(k) >= MS_KEY_MAX) return 0;
    if (!(islower((unsigned char)k[0]) || isdigit((unsigned char)k[0]))) return 0;
    for (const char *p = k; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '.'))
            return 0;
    return 1;
}

static int valid_date(const char *d) {
    /* YYYY, YYYY-MM or YYYY-MM-DD */
    size_t n = strlen(d);
    if (n != 4 && n != 7 && n != 10) return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (d[i] != '-') return 0;
        } else if (!isdigit((unsigned char)d[i]))
            return 0;
    }
    int y = atoi(d);
    if (y < 1900 || y > 2100) return 0;
    if (n >= 7) {
        int m = atoi(d + 5);
        if (m < 1 || m > 12) return 0;
    }
    if (n == 10) {
        int dd = atoi(d + 8);
        if (dd < 1 || dd > 31) return 0;
    }
    return 1;
}

static const char *scalar(const ms_ynode *n) {
    return n && n->type == MS_Y_SCALAR ? n->value : NULL;
}

static void meta_free(ms_meta *m) {
    free(m->name);
    free(m->source);
    free(m->url);
    free(m->date);
    free(m->notes);
    free(m->fitted_on);
    for (size_t i = 0; i < m->n_aliases; i++) free(m->aliases[i]);
    free(m->aliases);
    for (size_t i = 0; i < m->n_prov; i++) {
        free(m->prov[i].field);
        free(m->prov[i].text);
        free(m->prov[i].source);
        free(m->prov[i].date);
        free(m->prov[i].assumption);
    }
    free(m->prov);
    free(m->file);
    free(m->family);
    free(m->scaleup_key);
    free(m->scaleout_key);
    free(m->vendor);
    free(m->kind_text);
    free(m->provider);
    free(m->country);
    memset(m, 0, sizeof *m);
}

static int prov_add(ms_meta *m, const char *field, const char *text, const char *src,
                    const char *date, const char *assume) {
    ms_prov *np = realloc(m->prov, (m->n_prov + 1) * sizeof *np);
    if (!np) return -1;
    m->prov = np;
    ms_prov *p = &m->prov[m->n_prov++];
    p->field = dupstr(field);
    p->text = dupstr(text);
    p->source = dupstr(src);
    p->date = dupstr(date);
    p->assumption = dupstr(assume);
    return 0;
}

/* Parse one number field (bare or {value, source, date, assumption}). */
static int parse_number(ctx *c, const ms_ynode *node, const char *field, const char *entry,
                        ms_dim want, int positive, ftype type, double *out, ms_meta *meta) {
    const char *text = NULL, *src = NULL, *date = NULL, *assume = NULL;
    const ms_ynode *vn = node;
    if (node->type == MS_Y_MAP) {
        for (size_t i = 0; i < node->n; i++) {
            const char *k = node->keys[i];
            static const char *const ok[] = {"value", "source", "date", "assumption",
                                             "url",   "note",   "notes"};
            int known = 0;
            for (size_t j = 0; j < NF(ok); j++) known |= strcmp(k, ok[j]) == 0;
            if (!known) {
                char hint[96];
                return errf(c, node->key_lines[i], "'%s': field '%s': unknown key '%s'%s", entry,
                            field, k, ms_suggest_hint(k, ok, NF(ok), hint, sizeof hint));
            }
            if (node->items[i]->type != MS_Y_SCALAR)
                return errf(c, node->key_lines[i], "'%s': field '%s': '%s' must be a scalar", entry,
                            field, k);
        }
        vn = ms_ynode_get(node, "value");
        if (!vn)
            return errf(c, node->line, "'%s': field '%s': mapping form needs 'value'", entry,
                        field);
        src = scalar(ms_ynode_get(node, "source"));
        date = scalar(ms_ynode_get(node, "date"));
        assume = scalar(ms_ynode_get(node, "assumption"));
        if ((src && !date) || (!src && date))
            return errf(c, node->line, "'%s': field '%s': give both 'source' and 'date'", entry,
                        field);
        if (date && !valid_date(date))
            return errf(c, ms_ynode_key_line(node, "date"),
                        "'%s': field '%s': date '%s' is not YYYY[-MM[-DD]]", entry, field, date);
    }
    text = scalar(vn);
    if (!text)
        return errf(c, vn->line, "'%s': field '%s' must be a number%s", entry, field,
                    want ? " with a unit" : "");
    if (type == F_BOOL) {
        int b;
        if (!strcmp(text, "true") || !strcmp(text, "yes"))
            b = 1;
        else if (!strcmp(text, "false") || !strcmp(text, "no"))
            b = 0;
        else
            return errf(c, vn->line, "'%s': field '%s' must be true or false, not '%s'", entry,
                        field, text);
        *(int *)(void *)out = b;
        return 0;
    }
    double v;
    ms_dim d;
    char msg[160];
    if (ms_units_parse(text, &v, &d, msg, sizeof msg))
        return errf(c, vn->line, "'%s': field '%s': %s", entry, field, msg);
    if (d != want) {
        if (want == MS_DIM_NONE)
            return errf(c, vn->line, "'%s': field '%s' is a plain number, but '%s' is %s", entry,
                        field, text, ms_dim_name(d));
        if (d == MS_DIM_NONE)
            return errf(c, vn->line, "'%s': field '%s' needs a unit: %s, e.g. '%s' (got '%s')",
                        entry, field, ms_dim_name(want), ms_dim_example(want), text);
        return errf(c, vn->line, "'%s': field '%s' expects %s (e.g. '%s'), but '%s' is %s", entry,
                    field, ms_dim_name(want), ms_dim_example(want), text, ms_dim_name(d));
    }
    if (v < 0 || (positive && v == 0))
        return errf(c, vn->line, "'%s': field '%s' must be %s, got '%s'", entry, field,
                    positive ? "positive" : "non-negative", text);
    if (type == F_INTNUM && (v != floor(v) || v > 1e15))
        return errf(c, vn->line, "'%s': field '%s' must be a whole number, got '%s'", entry, field,
                    text);
    *out = v;
    if (prov_add(meta, field, text, src, date, assume)) return errf(c, vn->line, "out of memory");
    return 0;
}

static int in_list(const char *k, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(k, list[i]) == 0) return 1;
    return 0;
}

static int unknown_field(ctx *c, int line, const char *entry, const char *k, const fspec *fs,
                         size_t nfs, const char *const *txt, size_t ntxt) {
    const char *cands[96];
    size_t n = 0;
    for (size_t i = 0; i < nfs && n < 96; i++) cands[n++] = fs[i].name;
    for (size_t i = 0; i < ntxt && n < 96; i++) cands[n++] = txt[i];
    for (size_t i = 0; i < NF(common_text) && n < 96; i++) cands[n++] = common_text[i];
    char hint[96];
    return errf(c, line, "'%s': unknown field '%s'%s", entry, k,
                ms_suggest_hint(k, cands, n, hint, sizeof hint));
}

/* Common part: key, name, aliases, source, url, date, notes; then the number fields. */
static int parse_entry(ctx *c, const ms_ynode *e, ms_kind kind, const fspec *fs, size_t nfs,
                       const char *const *txt, size_t ntxt, void *obj, ms_meta *meta) {
    if (e->type != MS_Y_MAP)
        return errf(c, e->line, "each %s entry must be a mapping", kind_names[kind]);
    const char *key = scalar(ms_ynode_get(e, "key"));
    if (!key) return errf(c, e->line, "%s entry without a 'key'", kind_names[kind]);
    if (!valid_key(key))
        return errf(
            c, ms_ynode_key_line(e, "key"),
            "key '%.80s' must be lower-case kebab ([a-z0-9][a-z0-9.-]*, under 64 characters)", key);
    snprintf(meta->key, sizeof meta->key, "%s", key);
    memcpy(obj, key, strlen(key) + 1); /* every solver struct starts with char key[MS_KEY_MAX] */
    meta->line = e->line;
    meta->file = dupstr(c->file);
    const char *name = scalar(ms_ynode_get(e, "name"));
    if (!name) return errf(c, e->line, "%s '%s' has no 'name'", kind_names[kind], key);
    meta->name = dupstr(name);
    meta->source = dupstr(scalar(ms_ynode_get(e, "source")));
    meta->url = dupstr(scalar(ms_ynode_get(e, "url")));
    meta->date = dupstr(scalar(ms_ynode_get(e, "date")));
    const char *notes = scalar(ms_ynode_get(e, "notes"));
    if (!notes) notes = scalar(ms_ynode_get(e, "note"));
    meta->notes = dupstr(notes);
    if (meta->date && !valid_date(meta->date))
        return errf(c, ms_ynode_key_line(e, "date"), "%s '%s': date '%s' is not YYYY[-MM[-DD]]",
                    kind_names[kind], key, meta->date);
    const ms_ynode *al = ms_ynode_get(e, "aliases");
    if (al) {
        if (al->type != MS_Y_SEQ)
            return errf(c, al->line, "%s '%s': 'aliases' must be a list", kind_names[kind], key);
        meta->aliases = calloc(al->n ? al->n : 1, sizeof(char *));
        for (size_t i = 0; i < al->n; i++) {
            const char *a = scalar(al->items[i]);
            if (!a || !valid_key(a))
                return errf(c, al->items[i]->line, "%s '%s': alias must be a lower-case kebab key",
                            kind_names[kind], key);
            meta->aliases[meta->n_aliases++] = dupstr(a);
        }
    }
    for (size_t i = 0; i < e->n; i++) {
        const char *k = e->keys[i];
        if (in_list(k, common_text, NF(common_text)) || in_list(k, txt, ntxt)) continue;
        const fspec *f = NULL;
        for (size_t j = 0; j < nfs; j++)
            if (strcmp(fs[j].name, k) == 0) f = &fs[j];
        if (!f) return unknown_field(c, e->key_lines[i], key, k, fs, nfs, txt, ntxt);
        if (parse_number(c, e->items[i], k, key, f->dim, f->positive, f->type,
                         (double *)(void *)((char *)obj + f->off), meta))
            return -1;
    }
    /* provenance: the entry's source+date, or each number's own */
    int entry_src = meta->source && meta->date;
    if ((meta->source && !meta->date) || (!meta->source && meta->date))
        return errf(c, e->line, "%s '%s': give both 'source' and 'date'", kind_names[kind], key);
    if (!entry_src)
        for (size_t i = 0; i < meta->n_prov; i++)
            if (!meta->prov[i].source)
                return errf(
                    c, e->line,
                    "%s '%s': field '%s' has no source: give the entry a 'source' and 'date' "
                    "or the number {value, source, date}",
                    kind_names[kind], key, meta->prov[i].field);
    return 0;
}

static int need_text(ctx *c, const ms_ynode *e, const char *entry, const char *field,
                     const char **out) {
    const ms_ynode *n = ms_ynode_get(e, field);
    if (!n) return errf(c, e->line, "'%s' has no '%s'", entry, field);
    if (n->type != MS_Y_SCALAR) return errf(c, n->line, "'%s': '%s' must be text", entry, field);
    *out = n->value;
    return 0;
}

/* ---- per kind --------------------------------------------------------------------------- */
static int parse_hw(ctx *c, const ms_ynode *e, ms_hardware *hw, ms_meta *m) {
    memset(hw, 0, sizeof *hw);
    hw->idle_w = hw->unit_price_usd = hw->cloud_usd_per_hour = hw->embodied_kgco2e = NAN;
    hw->gpus_per_node = 1;
    if (parse_entry(c, e, MS_K_HARDWARE, hw_fields, NF(hw_fields), hw_text, NF(hw_text), hw, m))
        return -1;
    const char *cls, *fam;
    if (need_text(c, e, hw->key, "class", &cls) || need_text(c, e, hw->key, "family", &fam))
        return -1;
    hw->hw_class = ms_hw_class_from_name(cls);
    if (hw->hw_class < 0) {
        const char *cands[MS_NHWCLASS];
        for (int i = 0; i < MS_NHWCLASS; i++) cands[i] = ms_hw_class_name(i);
        char hint[96];
        return errf(c, ms_ynode_key_line(e, "class"), "hardware '%s': unknown class '%s'%s",
                    hw->key, cls, ms_suggest_hint(cls, cands, MS_NHWCLASS, hint, sizeof hint));
    }
    if (!valid_key(fam))
        return errf(c, ms_ynode_key_line(e, "family"), "hardware '%s': family must be a kebab key",
                    hw->key);
    m->family = dupstr(fam);
    m->vendor = dupstr(scalar(ms_ynode_get(e, "vendor")));
    const char *ry = scalar(ms_ynode_get(e, "release_year"));
    if (ry) {
        double y;
        if (ms_units_number(ry, &y) || y < 1970 || y > 2100 || y != floor(y))
            return errf(c, ms_ynode_key_line(e, "release_year"),
                        "hardware '%s': release_year '%s' is not a year", hw->key, ry);
        hw->release_year = (int)y;
    }
    m->scaleup_key = dupstr(scalar(ms_ynode_get(e, "scaleup_fabric")));
    m->scaleout_key = dupstr(scalar(ms_ynode_get(e, "scaleout_fabric")));
    const ms_ynode *pk = ms_ynode_get(e, "peak");
    if (!pk || pk->type != MS_Y_MAP || pk->n == 0)
        return errf(
            c, pk ? pk->line : e->line,
            "hardware '%s' needs 'peak:' with at least one precision (e.g. bf16: 989 TFLOP/s)",
            hw->key);
    for (size_t i = 0; i < pk->n; i++) {
        int pr = ms_precision_from_name(pk->keys[i]);
        if (pr < 0) {
            const char *cands[MS_NPREC];
            for (int j = 0; j < MS_NPREC; j++) cands[j] = ms_precision_name(j);
            char hint[96];
            return errf(c, pk->key_lines[i], "hardware '%s': unknown precision '%s' in peak%s",
                        hw->key, pk->keys[i],
                        ms_suggest_hint(pk->keys[i], cands, MS_NPREC, hint, sizeof hint));
        }
        char field[32];
        snprintf(field, sizeof field, "peak.%s", pk->keys[i]);
        if (parse_number(c, pk->items[i], field, hw->key, MS_DIM_FLOPS, 1, F_NUM,
                         &hw->peak_flops[pr], m))
            return -1;
    }
    static const char *const req[] = {"memory", "memory_bw", "tdp"};
    for (size_t i = 0; i < NF(req); i++)
        if (!ms_ynode_get(e, req[i]))
            return errf(c, e->line, "hardware '%s' has no '%s'", hw->key, req[i]);
    return 0;
}

static int parse_model(ctx *c, const ms_ynode *e, ms_model *md, ms_meta *m) {
    memset(md, 0, sizeof *md);
    if (parse_entry(c, e, MS_K_MODELS, model_fields, NF(model_fields), model_text, NF(model_text),
                    md, m))
        return -1;
    const char *fam;
    if (need_text(c, e, md->key, "family", &fam)) return -1;
    md->family = ms_model_family_from_name(fam);
    if (md->family < 0) {
        const char *cands[MS_NFAMILY];
        for (int i = 0; i < MS_NFAMILY; i++) cands[i] = ms_model_family_name(i);
        char hint[96];
        return errf(c, ms_ynode_key_line(e, "family"), "model '%s': unknown family '%s'%s", md->key,
                    fam, ms_suggest_hint(fam, cands, MS_NFAMILY, hint, sizeof hint));
    }
    int tf = md->family == MS_FAM_DENSE || md->family == MS_FAM_MOE || md->family == MS_FAM_ENCODER;
    if (tf) {
        static const char *const req[] = {"layers", "hidden", "heads", "vocab", "ffn_hidden"};
        for (size_t i = 0; i < NF(req); i++)
            if (!ms_ynode_get(e, req[i]))
                return errf(c, e->line, "model '%s' (%s) has no '%s'", md->key, fam, req[i]);
        if (md->kv_heads == 0) md->kv_heads = md->heads;
        if (md->kv_heads > md->heads || fmod(md->heads, md->kv_heads) != 0)
            return errf(c, ms_ynode_key_line(e, "kv_heads"),
                        "model '%s': kv_heads (%g) must divide heads (%g)", md->key, md->kv_heads,
                        md->heads);
        if (md->family == MS_FAM_MOE) {
            if (md->experts <= 0 || md->experts_per_token <= 0)
                return errf(c, e->line, "model '%s' (moe) needs 'experts' and 'experts_per_token'",
                            md->key);
            if (md->experts_per_token > md->experts)
                return errf(c, ms_ynode_key_line(e, "experts_per_token"),
                            "model '%s': experts_per_token > experts", md->key);
        }
        if (md->first_dense_layers > md->layers)
            return errf(c, ms_ynode_key_line(e, "first_dense_layers"),
                        "model '%s': first_dense_layers > layers", md->key);
        if (md->kv_lora_rank > 0 &&
            (md->qk_rope_head_dim <= 0 || md->qk_nope_head_dim <= 0 || md->v_head_dim <= 0))
            return errf(c, ms_ynode_key_line(e, "kv_lora_rank"),
                        "model '%s': MLA needs qk_rope_head_dim, qk_nope_head_dim and v_head_dim",
                        md->key);
        double derived = ms_workload_params_derived(md);
        if (md->params > 0) {
            if (fabs(derived - md->params) > 0.02 * md->params)
                return errf(
                    c, ms_ynode_key_line(e, "params"),
                    "model '%s': stated params %.4g differ by %.1f%% from %.4g derived from the "
                    "shape (limit 2%%): check the shape fields",
                    md->key, md->params, 100.0 * (derived - md->params) / md->params, derived);
        } else {
            md->params = derived;
        }
        double active = ms_workload_active_params_derived(md);
        if (md->active_params > 0 && md->family == MS_FAM_MOE &&
            fabs(active - md->active_params) > 0.02 * md->active_params)
            return errf(
                c, ms_ynode_key_line(e, "active_params"),
                "model '%s': stated active_params %.4g differ by %.1f%% from %.4g derived from "
                "the shape (limit 2%%)",
                md->key, md->active_params,
                100.0 * (active - md->active_params) / md->active_params, active);
        if (md->active_params <= 0) md->active_params = active;
    } else {
        if (md->params <= 0)
            return errf(c, e->line, "model '%s' (%s) has no 'params'", md->key, fam);
        if ((md->family == MS_FAM_CNN || md->family == MS_FAM_DIFFUSION) &&
            md->flops_per_sample <= 0)
            return errf(c, e->line, "model '%s' (%s) has no 'flops_per_sample'", md->key, fam);
        if (md->active_params <= 0) md->active_params = md->params;
    }
    return 0;
}

static int parse_region(ctx *c, const ms_ynode *e, ms_region *rg, ms_meta *m) {
    memset(rg, 0, sizeof *rg);
    rg->wue_l_per_kwh = rg->price_usd_per_kwh = NAN;
    rg->grid_gco2_per_kwh = rg->pue = NAN;
    if (parse_entry(c, e, MS_K_REGIONS, region_fields, NF(region_fields), region_text,
                    NF(region_text), rg, m))
        return -1;
    if (isnan(rg->grid_gco2_per_kwh))
        return errf(c, e->line, "region '%s' has no 'grid_intensity'", rg->key);
    if (isnan(rg->pue)) return errf(c, e->line, "region '%s' has no 'pue'", rg->key);
    if (rg->pue < 1.0)
        return errf(c, ms_ynode_key_line(e, "pue"), "region '%s': pue %.3g is below 1", rg->key,
                    rg->pue);
    m->kind_text = dupstr(scalar(ms_ynode_get(e, "kind")));
    m->provider = dupstr(scalar(ms_ynode_get(e, "provider")));
    m->country = dupstr(scalar(ms_ynode_get(e, "country")));
    return 0;
}

static int parse_fabric(ctx *c, const ms_ynode *e, ms_fabric *fb, ms_meta *m) {
    memset(fb, 0, sizeof *fb);
    fb->latency_s = 2e-6;
    if (parse_entry(c, e, MS_K_FABRICS, fabric_fields, NF(fabric_fields), fabric_text,
                    NF(fabric_text), fb, m))
        return -1;
    const char *kind;
    if (need_text(c, e, fb->key, "kind", &kind)) return -1;
    if (strcmp(kind, "scale-up") == 0)
        fb->scale_out = 0;
    else if (strcmp(kind, "scale-out") == 0)
        fb->scale_out = 1;
    else
        return errf(c, ms_ynode_key_line(e, "kind"),
                    "fabric '%s': kind must be scale-up or scale-out, not '%s'", fb->key, kind);
    m->kind_text = dupstr(kind);
    if (fb->bw_Bps <= 0) return errf(c, e->line, "fabric '%s' has no 'bw'", fb->key);
    return 0;
}

static int parse_calib(ctx *c, const ms_ynode *e, ms_calib *cb, ms_meta *m, const ms_calib *base) {
    *cb = *base;
    if (parse_entry(c, e, MS_K_CALIB, calib_fields, NF(calib_fields), calib_text, NF(calib_text),
                    cb, m))
        return -1;
    m->fitted_on = dupstr(scalar(ms_ynode_get(e, "fitted_on")));
    if (!m->fitted_on)
        return errf(c, e->line,
                    "calibration '%s' has no 'fitted_on' (the measurements it was fitted on)",
                    cb->key);
    if (cb->gemm_eff_max > 1 || cb->mem_bw_eff > 1 || cb->scaleup_bw_eff > 1 ||
        cb->scaleout_bw_eff > 1 || cb->dp_overlap > 1 || cb->tp_overlap > 1 ||
        cb->pp_p2p_overlap > 1 || cb->idle_power_frac > 1 || cb->serve_gemm_eff_max > 1 ||
        cb->decode_bw_eff > 1 || cb->kv_bw_eff > 1 || cb->cnn_eff_max > 1)
        return errf(c, e->line,
                    "calibration '%s': efficiencies, overlaps and fractions must be <= 1", cb->key);
    return 0;
}

/* ---- growing arrays with replace-by-key ------------------------------------------------- */
static int find_meta(const ms_meta *meta, size_t n, const char *key) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(meta[i].key, key) == 0) return (int)i;
    return -1;
}

#define GROW(arr, metaarr, n, type)                                                                \
    do {                                                                                           \
        type *na_ = realloc(reg->arr, (reg->n + 1) * sizeof *na_);                                 \
        ms_meta *nm_ = na_ ? realloc(reg->metaarr, (reg->n + 1) * sizeof *nm_) : NULL;             \
        if (na_) reg->arr = na_;                                                                   \
        if (!nm_) return errf(c, 0, "out of memory");                                              \
        reg->metaarr = nm_;                                                                        \
    } while (0)

static int load_doc(ms_registry *reg, const ms_ydoc *doc, ms_kind want, int any, char *err,
                    size_t errlen) {
    ctx cc = {doc->name, err, errlen}, *c = &cc;
    const ms_ynode *root = doc->root;
    if (!root) return errf(c, 1, "empty registry file");
    if (root->type != MS_Y_MAP)
        return errf(c, root->line,
                    "a registry file is a mapping with one of: hardware, models, regions, fabrics, "
                    "calibration");
    for (size_t t = 0; t < root->n; t++) {
        int kind = -1;
        for (int k = 0; k < MS_NKIND; k++)
            if (strcmp(root->keys[t], kind_tops[k]) == 0) kind = k;
        if (kind < 0 || (!any && kind != (int)want)) {
            char hint[96];
            return errf(c, root->key_lines[t], "unknown top-level key '%s'%s", root->keys[t],
                        ms_suggest_hint(root->keys[t], kind_tops, MS_NKIND, hint, sizeof hint));
        }
        const ms_ynode *list = root->items[t];
        if (list->type != MS_Y_SEQ)
            return errf(c, list->line, "'%s' must be a list of entries", root->keys[t]);
        for (size_t i = 0; i < list->n; i++) {
            const ms_ynode *e = list->items[i];
            ms_meta m;
            memset(&m, 0, sizeof m);
            int rc = 0;
            switch (kind) {
            case MS_K_HARDWARE: {
                ms_hardware v;
                rc = parse_hw(c, e, &v, &m);
                if (!rc) {
                    int at = find_meta(reg->hw_meta, reg->n_hw, v.key);
                    if (at < 0) {
                        GROW(hw, hw_meta, n_hw, ms_hardware);
                        at = (int)reg->n_hw++;
                    } else
                        meta_free(&reg->hw_meta[at]);
                    reg->hw[at] = v;
                    reg->hw_meta[at] = m;
                }
                break;
            }
            case MS_K_MODELS: {
                ms_model v;
                rc = parse_model(c, e, &v, &m);
                if (!rc) {
                    int at = find_meta(reg->model_meta, reg->n_models, v.key);
                    if (at < 0) {
                        GROW(models, model_meta, n_models, ms_model);
                        at = (int)reg->n_models++;
                    } else
                        meta_free(&reg->model_meta[at]);
                    reg->models[at] = v;
                    reg->model_meta[at] = m;
                }
                break;
            }
            case MS_K_REGIONS: {
                ms_region v;
                rc = parse_region(c, e, &v, &m);
                if (!rc) {
                    int at = find_meta(reg->region_meta, reg->n_regions, v.key);
                    if (at < 0) {
                        GROW(regions, region_meta, n_regions, ms_region);
                        at = (int)reg->n_regions++;
                    } else
                        meta_free(&reg->region_meta[at]);
                    reg->regions[at] = v;
                    reg->region_meta[at] = m;
                }
                break;
            }
            case MS_K_FABRICS: {
                ms_fabric v;
                rc = parse_fabric(c, e, &v, &m);
                if (!rc) {
                    int at = find_meta(reg->fabric_meta, reg->n_fabrics, v.key);
                    if (at < 0) {
                        GROW(fabrics, fabric_meta, n_fabrics, ms_fabric);
                        at = (int)reg->n_fabrics++;
                    } else
                        meta_free(&reg->fabric_meta[at]);
                    reg->fabrics[at] = v;
                    reg->fabric_meta[at] = m;
                }
                break;
            }
            case MS_K_CALIB: {
                ms_calib v;
                /* a calibration entry refines an earlier one of the same key (calibration.yaml,
                   then calibration-serve.yaml ...), or starts from "default" */
                const char *ck = scalar(ms_ynode_get(e, "key"));
                int prev = ck ? find_meta(reg->calib_meta, reg->n_calibs, ck) : -1;
                rc = parse_calib(c, e, &v, &m, &reg->calibs[prev >= 0 ? prev : 0]);
                if (!rc) {
                    int at = find_meta(reg->calib_meta, reg->n_calibs, v.key);
                    if (at < 0) {
                        GROW(calibs, calib_meta, n_calibs, ms_calib);
                        at = (int)reg->n_calibs++;
                        reg->calibs[at] = v;
                        reg->calib_meta[at] = m;
                    } else {
                        /* keep the earlier file's provenance and add this one's */
                        ms_meta *old = &reg->calib_meta[at];
                        ms_prov *np = realloc(old->prov, (old->n_prov + m.n_prov + 1) * sizeof *np);
                        if (!np) {
                            meta_free(&m);
                            return errf(c, e->line, "out of memory");
                        }
                        old->prov = np;
                        memcpy(old->prov + old->n_prov, m.prov, m.n_prov * sizeof *np);
                        old->n_prov += m.n_prov;
                        m.n_prov = 0;
                        if (m.fitted_on) {
                            size_t l = (old->fitted_on ? strlen(old->fitted_on) : 0) +
                                       strlen(m.fitted_on) + 3;
                            char *f = malloc(l);
                            if (f) {
                                snprintf(f, l, "%s%s%s", old->fitted_on ? old->fitted_on : "",
                                         old->fitted_on ? "; " : "", m.fitted_on);
                                free(old->fitted_on);
                                old->fitted_on = f;
                            }
                        }
                        meta_free(&m);
                        reg->calibs[at] = v;
                    }
                }
                break;
            }
            default:
                break;
            }
            if (rc) {
                meta_free(&m);
                return -1;
            }
        }
    }
    return 0;
}

static int add_file_record(ms_registry *reg, const ms_ydoc *doc) {
    char **nf = realloc(reg->files, (reg->n_files + 1) * sizeof *nf);
    if (!nf) return -1;
    reg->files = nf;
    uint64_t *nc = realloc(reg->checksums, (reg->n_files + 1) * sizeof *nc);
    if (!nc) return -1;
    reg->checksums = nc;
    reg->files[reg->n_files] = dupstr(doc->name);
    reg->checksums[reg->n_files] = ms_fnv1a64(doc->text, doc->text_len);
    reg->n_files++;
    return 0;
}

static int load_path(ms_registry *reg, const char *path, ms_kind kind, int any, char *err,
                     size_t errlen) {
    ms_ydoc doc;
    if (ms_ydoc_load_file(path, &doc, err, errlen)) {
        ms_ydoc_free(&doc);
        return -1;
    }
    int rc = load_doc(reg, &doc, kind, any, err, errlen);
    if (!rc) rc = add_file_record(reg, &doc);
    ms_ydoc_free(&doc);
    return rc;
}

static char config_dir[4096];
const char *ms_registry_config_dir(void) {
    return config_dir;
}

static int dir_has_configs(const char *d) {
    char p[4200];
    struct stat st;
    snprintf(p, sizeof p, "%s/hardware.yaml", d);
    return stat(p, &st) == 0;
}

/* Unique keys and aliases, resolved fabric references, calibration families. */
static int finalize(ms_registry *reg, char *err, size_t errlen) {
    struct {
        ms_meta *meta;
        size_t n;
        ms_kind k;
    } kinds[] = {{reg->hw_meta, reg->n_hw, MS_K_HARDWARE},
                 {reg->model_meta, reg->n_models, MS_K_MODELS},
                 {reg->region_meta, reg->n_regions, MS_K_REGIONS},
                 {reg->fabric_meta, reg->n_fabrics, MS_K_FABRICS}};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        ms_meta *mt = kinds[k].meta;
        for (size_t i = 0; i < kinds[k].n; i++)
            for (size_t a = 0; a < mt[i].n_aliases; a++) {
                const char *al = mt[i].aliases[a];
                for (size_t j = 0; j < kinds[k].n; j++) {
                    int clash = strcmp(mt[j].key, al) == 0;
                    for (size_t b = 0; !clash && b < mt[j].n_aliases; b++)
                        clash = (j != i || b != a) && strcmp(mt[j].aliases[b], al) == 0;
                    if (clash) {
                        snprintf(err, errlen, "%s:%d: %s '%s': alias '%s' is already used by '%s'",
                                 mt[i].file, mt[i].line, kind_names[kinds[k].k], mt[i].key, al,
                                 mt[j].key);
                        return -1;
                    }
                }
            }
    }
    for (size_t i = 0; i < reg->n_hw; i++) {
        ms_meta *m = &reg->hw_meta[i];
        ms_hardware *hw = &reg->hw[i];
        hw->scaleup = hw->scaleout = NULL;
        const char *keys[2] = {m->scaleup_key, m->scaleout_key};
        for (int s = 0; s < 2; s++) {
            if (!keys[s]) continue;
            const ms_fabric *f = ms_registry_fabric(reg, keys[s]);
            if (!f) {
                char buf[256];
                snprintf(err, errlen, "%s:%d: hardware '%s': %s", m->file, m->line, hw->key,
                         ms_registry_unknown(reg, MS_K_FABRICS, keys[s], buf, sizeof buf));
                return -1;
            }
            if (s == 0)
                hw->scaleup = f;
            else
                hw->scaleout = f;
        }
        hw->family = 0;
        for (size_t c = 0; c < reg->n_calibs; c++)
            if (m->family && strcmp(reg->calibs[c].key, m->family) == 0) hw->family = (int)c;
    }
    return 0;
}

int ms_registry_init(ms_registry *reg) {
    memset(reg, 0, sizeof *reg);
    reg->calibs = malloc(sizeof *reg->calibs);
    reg->calib_meta = calloc(1, sizeof *reg->calib_meta);
    if (!reg->calibs || !reg->calib_meta) return -1;
    ms_calib_default(&reg->calibs[0]);
    snprintf(reg->calib_meta[0].key, MS_KEY_MAX, "default");
    reg->calib_meta[0].name = dupstr("built-in defaults (solvers/solve.c)");
    reg->n_calibs = 1;
    return 0;
}

int ms_registry_add_text(ms_registry *reg, const char *text, size_t len, const char *name,
                         char *err, size_t errlen) {
    ms_ydoc doc;
    int rc = ms_ydoc_load_string(text, len, name, &doc, err, errlen);
    if (!rc) rc = load_doc(reg, &doc, MS_K_HARDWARE, 1, err, errlen);
    if (!rc) rc = add_file_record(reg, &doc);
    ms_ydoc_free(&doc);
    if (!rc) rc = finalize(reg, err, errlen);
    return rc;
}

int ms_registry_load(ms_registry *reg, const char *dir, const char *const *extra, size_t n_extra,
                     char *err, size_t errlen) {
    if (ms_registry_init(reg)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }

    const char *env = getenv("MLSWEEP_CONFIG_DIR");
    /* an installed binary finds <prefix>/share/mlsweep/configs beside <prefix>/bin */
    static char exe_rel[4200];
    exe_rel[0] = 0;
    char exe[4096];
    ssize_t nexe = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (nexe > 0) {
        exe[nexe] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(exe_rel, sizeof exe_rel, "%s/../share/mlsweep/configs", exe);
        }
    }
    const char *cands[5] = {dir, env && *env ? env : NULL, exe_rel[0] ? exe_rel : NULL,
                            MS_CONFIG_DIR, MS_INSTALL_CONFIG_DIR};
    const char *use = NULL;
    for (int i = 0; i < 5; i++)
        if (cands[i] && dir_has_configs(cands[i])) {
            use = cands[i];
            break;
        }
    if (dir && use != dir) {
        snprintf(err, errlen, "%s: no hardware.yaml there (registry directory)", dir);
        return -1;
    }
    if (!use) {
        snprintf(err, errlen,
                 "cannot find the registries (configs/hardware.yaml): set MLSWEEP_CONFIG_DIR");
        return -1;
    }
    snprintf(config_dir, sizeof config_dir, "%s", use);
    /* calibration first (hardware families resolve against it), fabrics before hardware */
    const ms_kind order[] = {MS_K_CALIB,    MS_K_CALIB,  MS_K_CALIB,  MS_K_FABRICS,
                             MS_K_HARDWARE, MS_K_MODELS, MS_K_REGIONS};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        char path[4200];
        /* calibration is split by concern: training (calibration.yaml), serving (-serve), power */
        snprintf(path, sizeof path, "%s/%s", use,
                 i == 1   ? "calibration-serve.yaml"
                 : i == 2 ? "calibration-power.yaml"
                          : kind_files[order[i]]);
        struct stat st;
        if (order[i] == MS_K_CALIB && stat(path, &st) != 0) continue; /* optional */
        if (load_path(reg, path, order[i], 0, err, errlen)) return -1;
    }
    for (size_t i = 0; i < n_extra; i++)
        if (load_path(reg, extra[i], MS_K_HARDWARE, 1, err, errlen)) return -1;
    return finalize(reg, err, errlen);
}

void ms_registry_free(ms_registry *reg) {
    if (!reg) return;
    for (size_t i = 0; i < reg->n_hw; i++) meta_free(&reg->hw_meta[i]);
    for (size_t i = 0; i < reg->n_models; i++) meta_free(&reg->model_meta[i]);
    for (size_t i = 0; i < reg->n_regions; i++) meta_free(&reg->region_meta[i]);
    for (size_t i = 0; i < reg->n_fabrics; i++) meta_free(&reg->fabric_meta[i]);
    for (size_t i = 0; i < reg->n_calibs; i++) meta_free(&reg->calib_meta[i]);
    for (size_t i = 0; i < reg->n_files; i++) free(reg->files[i]);
    free(reg->hw);
    free(reg->hw_meta);
    free(reg->models);
    free(reg->model_meta);
    free(reg->regions);
    free(reg->region_meta);
    free(reg->fabrics);
    free(reg->fabric_meta);
    free(reg->calibs);
    free(reg->calib_meta);
    free(reg->files);
    free(reg->checksums);
    memset(reg, 0, sizeof *reg);
}

static int match(const ms_meta *m, const char *name) {
    if (strcmp(m->key, name) == 0) return 1;
    for (size_t a = 0; a < m->n_aliases; a++)
        if (strcmp(m->aliases[a], name) == 0) return 1;
    return 0;
}

const ms_hardware *ms_registry_hw(const ms_registry *reg, const char *name) {
    for (size_t i = 0; name && i < reg->n_hw; i++)
        if (match(&reg->hw_meta[i], name)) return &reg->hw[i];
    return NULL;
}
const ms_model *ms_registry_model(const ms_registry *reg, const char *name) {
    for (size_t i = 0; name && i < reg->n_models; i++)
        if (match(&reg->model_meta[i], name)) return &reg->models[i];
    return NULL;
}
const ms_region *ms_registry_region(const ms_registry *reg, const char *name) {
    for (size_t i = 0; name && i < reg->n_regions; i++)
        if (match(&reg->region_meta[i], name)) return &reg->regions[i];
    return NULL;
}
const ms_fabric *ms_registry_fabric(const ms_registry *reg, const char *name) {
    for (size_t i = 0; name && i < reg->n_fabrics; i++)
        if (match(&reg->fabric_meta[i], name)) return &reg->fabrics[i];
    return NULL;
}
const ms_calib *ms_registry_calib_for(const ms_registry *reg, const ms_hardware *hw) {
    if (hw && hw->family >= 0 && (size_t)hw->family < reg->n_calibs)
        return &reg->calibs[hw->family];
    return &reg->calibs[0];
}
size_t ms_registry_index_hw(const ms_registry *reg, const ms_hardware *hw) {
    return (size_t)(hw - reg->hw);
}

char *ms_registry_unknown(const ms_registry *reg, ms_kind kind, const char *name, char *buf,
                          size_t len) {
    const ms_meta *mt = NULL;
    size_t n = 0;
    switch (kind) {
    case MS_K_HARDWARE:
        mt = reg->hw_meta, n = reg->n_hw;
        break;
    case MS_K_MODELS:
        mt = reg->model_meta, n = reg->n_models;
        break;
    case MS_K_REGIONS:
        mt = reg->region_meta, n = reg->n_regions;
        break;
    case MS_K_FABRICS:
        mt = reg->fabric_meta, n = reg->n_fabrics;
        break;
    default:
        mt = reg->calib_meta, n = reg->n_calibs;
        break;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += 1 + mt[i].n_aliases;
    const char **cands = malloc((total ? total : 1) * sizeof *cands);
    size_t k = 0;
    for (size_t i = 0; cands && i < n; i++) {
        cands[k++] = mt[i].key;
        for (size_t a = 0; a < mt[i].n_aliases; a++) cands[k++] = mt[i].aliases[a];
    }
    char hint[128] = "";
    if (cands) ms_suggest_hint(name, cands, k, hint, sizeof hint);
    free(cands);
    snprintf(buf, len, "unknown %s '%s'%s; `mlsweep zoo %s` lists them", kind_names[kind], name,
             hint,
             kind == MS_K_MODELS    ? "models"
             : kind == MS_K_REGIONS ? "regions"
             : kind == MS_K_FABRICS ? "fabrics"
                                    : "hardware");
    return buf;
}
