/* job.c - parse a job file (docs/jobs.md) into an immutable sweep plan, checking everything.
 *
 * Axis names, workload and fleet keys are the named point settings of params.h, so a job file
 * accepts exactly what `mlsweep eval` accepts. Every error names FILE:LINE and the key. */
#include "plan.h"
#include "errfmt.h"
#include "run_pareto.h"
#include "suggest.h"
#include "units.h"
#include "ydoc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_AXIS_VALUES 10000000u

typedef struct jctx {
    ms_plan *pl;
    const char *file;
    char *err;
    size_t errlen;
    uint64_t grid_before; /* points of the axes before the one being read */
} jctx;

#define fail(c, line, ...) ms_errf((c)->err, (c)->errlen, (c)->file, (line), __VA_ARGS__)

#define dupstr strdup

/* "unknown KIND 'word' (did you mean 'x'?)" over a list of names */
static int unknown(jctx *c, int line, const char *kind, const char *word, const char *const *cands,
                   size_t n) {
    char hint[96];
    return fail(c, line, "unknown %s '%s'%s", kind, word,
                ms_suggest_hint(word, cands, n, hint, sizeof hint));
}

static const char *const top_keys[] = {"name",     "description", "mode",        "axes",
                                       "workload", "fleet",       "constraints", "output"};
static const char *const out_keys[] = {"file",    "compression", "level",        "shuffle",
                                       "metrics", "precision",   "chunk_points", "pareto"};
/* settings that describe the fleet and its site rather than the workload */
static const char *const fleet_keys[] = {"duration_days",      "utilization",
                                         "amortization_years", "pue",
                                         "grid_gco2_per_kwh",  "price_usd_per_kwh",
                                         "gpu_usd_per_hour",   "gpu_mtbf_h",
                                         "checkpoint_bw",      "restart_s",
                                         "gpus_per_node",      "fabric",
                                         "scaleup_fabric",     "region"};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *s, const char *const *l, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, l[i]) == 0) return 1;
    return 0;
}

static int check_keys(jctx *c, const ms_ynode *map, const char *const *allowed, size_t n,
                      const char *where) {
    for (size_t i = 0; i < map->n; i++)
        if (!in_list(map->keys[i], allowed, n)) {
            char kind[64];
            snprintf(kind, sizeof kind, "key in %s", where);
            return unknown(c, map->key_lines[i], kind, map->keys[i], allowed, n);
        }
    return 0;
}

static const char *scalar(jctx *c, const ms_ynode *v, const char *key, int line) {
    if (!v || v->type != MS_Y_SCALAR) {
        fail(c, v ? v->line : line, "%s: expected a single value, not a %s", key,
             v && v->type == MS_Y_SEQ ? "list" : "mapping");
        return NULL;
    }
    return v->value;
}

static int param_names(const char **out) {
    int n = 0;
    for (size_t i = 0; i < ms_param_count; i++) out[n++] = ms_params[i].name;
    return n;
}

static const ms_param *find_param(jctx *c, const char *name, int line, const char *what) {
    const ms_param *p = ms_param_find(name);
    if (!p) {
        const char *cands[128];
        int n = param_names(cands);
        unknown(c, line, what, name, cands, (size_t)n);
    }
    return p;
}

/* ---- axes ----------------------------------------------------------------------------- */
static ms_axis_kind kind_of(const ms_param *p) {
    switch (p->type) {
    case MS_P_MODEL:
    case MS_P_HARDWARE:
    case MS_P_REGION:
    case MS_P_FABRIC:
    case MS_P_FABRIC_UP:
    case MS_P_DRAFT:
        return MS_AX_REGISTRY;
    case MS_P_PRECISION:
    case MS_P_PRECISION_OPT:
    case MS_P_RECOMPUTE:
        return MS_AX_ENUM;
    default:
        return MS_AX_NUMBER;
    }
}

static int axis_grow(ms_axis *ax, size_t *cap) {
    if (ax->n < *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    double *v = realloc(ax->vals, nc * sizeof *v);
    if (v) ax->vals = v;
    const void **p = realloc(ax->ptrs, nc * sizeof *p);
    if (p) ax->ptrs = p;
    char **s = realloc(ax->names, nc * sizeof *s);
    if (s) ax->names = s;
    if (!v || !p || !s) return -1;
    *cap = nc;
    return 0;
}

/* Resolve one value text through the same code as `mlsweep eval --NAME TEXT`. */
static int axis_add(jctx *c, ms_axis *ax, size_t *cap, const char *text, int line) {
    char msg[300];
    ms_point tmp;
    ms_point_init(&tmp);
    if (ms_param_set(&tmp, &c->pl->reg, ax->prm, text, msg, sizeof msg))
        return fail(c, line, "axes: %s: %s", ax->prm->name, msg);
    if (ax->n >= MAX_AXIS_VALUES)
        return fail(c, line, "axes: %s: more than %u values", ax->prm->name, MAX_AXIS_VALUES);
    /* refuse an oversized grid while it is read, not after 16 axes of 10^7 values (~4 GB) */
    if (c->grid_before * (ax->n + 1) > MS_PLAN_MAX_POINTS)
        return fail(c, line,
                    "axes: the grid has more than %llu points (up to axis '%s'); split the job",
                    (unsigned long long)MS_PLAN_MAX_POINTS, ax->prm->name);
    if (axis_grow(ax, cap)) return fail(c, line, "out of memory");
    const char *f = (const char *)&tmp + ax->prm->off;
    const void *ptr = NULL;
    double v = 0;
    char label[MS_KEY_MAX + 8];
    if (ax->kind == MS_AX_REGISTRY) {
        ptr = *(const void *const *)(const void *)f;
        /* registry entries start with their key: store the key, not the alias written */
        snprintf(label, sizeof label, "%s", (const char *)ptr);
    } else {
        v = ax->prm->is_int ? (double)*(const int *)(const void *)f
                            : *(const double *)(const void *)f;
        if (ax->kind == MS_AX_ENUM) {
            const char *nm = v < 0                             ? "same"
                             : ax->prm->type == MS_P_RECOMPUTE ? ms_recompute_name((int)v)
                                                               : ms_precision_name((int)v);
            snprintf(label, sizeof label, "%s", nm);
        }
    }
    /* duplicates: all pairs for lists, the last value for long ranges (which only grow) */
    for (size_t i = ax->n > 4096 ? ax->n - 1 : 0; i < ax->n; i++)
        if ((ax->kind == MS_AX_REGISTRY && ax->ptrs[i] == ptr) ||
            (ax->kind != MS_AX_REGISTRY && ax->vals[i] == v))
            return fail(c, line, "axes: %s: value '%s' appears twice", ax->prm->name, text);
    ax->vals[ax->n] = v;
    ax->ptrs[ax->n] = ptr;
    ax->names[ax->n] = ax->kind == MS_AX_NUMBER ? NULL : dupstr(label);
    ax->n++;
    return 0;
}

static int axis_all(jctx *c, ms_axis *ax, size_t *cap, int line) {
    const ms_registry *reg = &c->pl->reg;
    const char *const bools[] = {"false", "true"};
    switch (ax->prm->type) {
    case MS_P_MODEL:
    case MS_P_DRAFT:
        for (size_t i = 0; i < reg->n_models; i++)
            if (axis_add(c, ax, cap, reg->models[i].key, line)) return -1;
        return 0;
    case MS_P_HARDWARE:
        for (size_t i = 0; i < reg->n_hw; i++)
            if (axis_add(c, ax, cap, reg->hw[i].key, line)) return -1;
        return 0;
    case MS_P_REGION:
        for (size_t i = 0; i < reg->n_regions; i++)
            if (axis_add(c, ax, cap, reg->regions[i].key, line)) return -1;
        return 0;
    case MS_P_FABRIC:
    case MS_P_FABRIC_UP:
        for (size_t i = 0; i < reg->n_fabrics; i++)
            if (axis_add(c, ax, cap, reg->fabrics[i].key, line)) return -1;
        return 0;
    case MS_P_PRECISION:
    case MS_P_PRECISION_OPT:
        for (int i = 0; i < MS_NPREC; i++)
            if (axis_add(c, ax, cap, ms_precision_name(i), line)) return -1;
        return 0;
    case MS_P_RECOMPUTE:
        for (int i = 0; i < 3; i++)
            if (axis_add(c, ax, cap, ms_recompute_name(i), line)) return -1;
        return 0;
    case MS_P_BOOL:
        for (int i = 0; i < 2; i++)
            if (axis_add(c, ax, cap, bools[i], line)) return -1;
        return 0;
    default:
        return fail(c, line,
                    "axes: %s: 'all' is only for registry and enum axes (model, hardware, region, "
                    "precision, recompute ...); give a list or {from, to, times|step}",
                    ax->prm->name);
    }
}

static int range_number(jctx *c, const ms_ynode *m, const char *key, const char *axis, double *v) {
    const ms_ynode *n = ms_ynode_get(m, key);
    if (!n) return 1;
    const char *t = scalar(c, n, key, m->line);
    if (!t) return -1;
    if (ms_units_number(t, v) || !isfinite(*v))
        return fail(c, n->line, "axes: %s: %s must be a number, got '%s'", axis, key, t);
    return 0;
}

static int axis_range(jctx *c, ms_axis *ax, size_t *cap, const ms_ynode *m) {
    static const char *const keys[] = {"from", "to", "times", "step"};
    const char *nm = ax->prm->name;
    for (size_t i = 0; i < m->n; i++)
        if (!in_list(m->keys[i], keys, NELEM(keys))) {
            char kind[64];
            snprintf(kind, sizeof kind, "key in the range of axis %s", nm);
            return unknown(c, m->key_lines[i], kind, m->keys[i], keys, NELEM(keys));
        }
    if (ax->kind != MS_AX_NUMBER || ax->prm->type == MS_P_BOOL)
        return fail(c, m->line, "axes: %s: a range {from, to, ...} needs a numeric axis", nm);
    double from, to, times = 0, step = 0;
    int rf = range_number(c, m, "from", nm, &from), rt = range_number(c, m, "to", nm, &to);
    if (rf < 0 || rt < 0) return -1;
    if (rf || rt) return fail(c, m->line, "axes: %s: a range needs both 'from' and 'to'", nm);
    int rx = range_number(c, m, "times", nm, &times), rs = range_number(c, m, "step", nm, &step);
    if (rx < 0 || rs < 0) return -1;
    if ((rx == 0) == (rs == 0))
        return fail(c, m->line, "axes: %s: a range needs exactly one of 'times' or 'step'", nm);
    if (to < from)
        return fail(c, m->line, "axes: %s: 'to' (%g) is below 'from' (%g)", nm, to, from);
    if (rx == 0 && (times <= 1 || from <= 0))
        return fail(c, m->line, "axes: %s: 'times' needs times > 1 and from > 0", nm);
    if (rs == 0 && step <= 0) return fail(c, m->line, "axes: %s: 'step' must be > 0", nm);
    /* values are computed from their index, not accumulated, so they are exact where they
       can be; the end is inclusive within a relative 1e-9 */
    for (uint64_t i = 0;; i++) {
        double v = rx == 0 ? from * pow(times, (double)i) : from + (double)i * step;
        if (rx == 0 && i > 0 && floor(from) == from && floor(times) == times) v = nearbyint(v);
        if (v > to * (1 + 1e-9) + 1e-300) break;
        if (i >= MAX_AXIS_VALUES)
            return fail(c, m->line, "axes: %s: the range has more than %u values", nm,
                        MAX_AXIS_VALUES);
        char t[64];
        snprintf(t, sizeof t, "%.17g", v);
        if (axis_add(c, ax, cap, t, m->line)) return -1;
    }
    return 0;
}

/* axis_add compares a value with every earlier one only up to 4096 values (then only with the
   last, which suffices for ranges); a longer list is checked here, sorted: [a, b, a, b, ...]
   would otherwise pass. */
static int cmp_key(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static int long_list_dups(jctx *c, const ms_axis *ax, int line) {
    if (ax->n <= 4096) return 0;
    double *k = malloc(ax->n * sizeof *k);
    if (!k) return fail(c, line, "out of memory");
    for (size_t i = 0; i < ax->n; i++) /* registry entries by their place in the registry */
        k[i] = ax->kind == MS_AX_REGISTRY ? (double)(uintptr_t)ax->ptrs[i] : ax->vals[i];
    qsort(k, ax->n, sizeof *k, cmp_key);
    size_t i = 1;
    while (i < ax->n && k[i] != k[i - 1]) i++;
    free(k);
    if (i < ax->n) return fail(c, line, "axes: %s: a value appears twice", ax->prm->name);
    return 0;
}

static int parse_axes(jctx *c, const ms_ynode *axes) {
    ms_plan *pl = c->pl;
    if (axes->type != MS_Y_MAP || axes->n == 0)
        return fail(c, axes->line, "axes: expected a mapping of axis names to values");
    if (axes->n > MS_PLAN_MAX_AXES)
        return fail(c, axes->line, "axes: at most %d axes", MS_PLAN_MAX_AXES);
    for (size_t i = 0; i < axes->n; i++) {
        const char *name = axes->keys[i];
        int line = axes->key_lines[i];
        const ms_param *prm = find_param(c, name, line, "axis");
        if (!prm) return -1;
        if (!prm->axis) return fail(c, line, "axes: '%s' cannot be an axis", name);
        ms_axis *ax = &pl->axes[pl->n_axes++];
        memset(ax, 0, sizeof *ax);
        ax->prm = prm;
        ax->kind = kind_of(prm);
        ax->line = line;
        size_t cap = 0;
        const ms_ynode *v = axes->items[i];
        int rc = 0;
        if (v->type == MS_Y_SEQ) {
            if (v->n == 0) return fail(c, v->line, "axes: %s: empty list", name);
            for (size_t j = 0; j < v->n && !rc; j++) {
                const char *t = scalar(c, v->items[j], name, v->line);
                rc = t ? axis_add(c, ax, &cap, t, v->items[j]->line) : -1;
            }
        } else if (v->type == MS_Y_MAP) {
            rc = axis_range(c, ax, &cap, v);
        } else if (!v->quoted && strcmp(v->value, "all") == 0) {
            rc = axis_all(c, ax, &cap, v->line);
        } else {
            rc = axis_add(c, ax, &cap, v->value, v->line);
        }
        if (rc || (v->type == MS_Y_SEQ && long_list_dups(c, ax, v->line))) return -1;
        c->grid_before *= ax->n; /* <= MS_PLAN_MAX_POINTS: axis_add checked it */
        if (prm->type == MS_P_REGION) pl->region_axis = (int)pl->n_axes - 1;
        if (prm->off == offsetof(ms_point, gpus)) pl->gpus_fixed = 1;
    }
    /* the grid's size, refusing overflow and absurd sizes */
    uint64_t pts = 1;
    for (size_t i = 0; i < pl->n_axes; i++) {
        if (__builtin_mul_overflow(pts, (uint64_t)pl->axes[i].n, &pts) || pts > MS_PLAN_MAX_POINTS)
            return fail(c, pl->axes[i].line,
                        "axes: the grid has more than %llu points (up to axis '%s'); split the job",
                        (unsigned long long)MS_PLAN_MAX_POINTS, pl->axes[i].prm->name);
    }
    pl->points = pts;
    return 0;
}

/* ---- fixed settings ----------------------------------------------------------------------- */
static int parse_settings(jctx *c, const ms_ynode *map, int fleet) {
    ms_plan *pl = c->pl;
    const char *sec = fleet ? "fleet" : "workload";
    if (map->type != MS_Y_MAP) return fail(c, map->line, "%s: expected a mapping", sec);
    for (size_t i = 0; i < map->n; i++) {
        const char *key = map->keys[i];
        int line = map->key_lines[i];
        char what[32];
        snprintf(what, sizeof what, "%s key", sec);
        const ms_param *prm = find_param(c, key, line, what);
        if (!prm) return -1;
        if (prm->type == MS_P_MODE) return fail(c, line, "%s: 'mode' is a top-level key", sec);
        int is_fleet = in_list(key, fleet_keys, NELEM(fleet_keys));
        if (is_fleet != fleet)
            return fail(c, line, "%s: '%s' belongs in %s", sec, key, fleet ? "workload" : "fleet");
        for (size_t a = 0; a < pl->n_axes; a++)
            if (pl->axes[a].prm == prm)
                return fail(c, line, "%s: '%s' is already an axis (line %d)", sec, key,
                            pl->axes[a].line);
        const char *t = scalar(c, map->items[i], key, line);
        if (!t) return -1;
        char msg[300];
        if (ms_param_set(&pl->base, &pl->reg, prm, t, msg, sizeof msg))
            return fail(c, map->items[i]->line, "%s: %s", sec, msg);
        if (prm->off == offsetof(ms_point, gpus)) pl->gpus_fixed = 1;
    }
    return 0;
}

static int metric_names(const char **out) {
    int n = 0;
    for (size_t i = 0; i < ms_metric_count; i++) out[n++] = ms_metrics[i].name;
    return n;
}

static const ms_metric_info *find_metric(jctx *c, const char *name, int line, const char *sec) {
    const ms_metric_info *m = ms_metric_find(name);
    if (!m) {
        const char *cands[MS_METRIC_MAX_STORED];
        int n = metric_names(cands);
        char kind[48];
        snprintf(kind, sizeof kind, "metric in %s", sec);
        unknown(c, line, kind, name, cands, (size_t)n);
        return NULL;
    }
    if (!(m->modes & (1u << c->pl->mode))) {
        fail(c, line, "%s: metric '%s' is not computed in %s mode", sec, name,
             c->pl->mode == MS_MODE_TRAIN ? "train" : "serve");
        return NULL;
    }
    return m;
}

static int parse_constraints(jctx *c, const ms_ynode *map) {
    ms_plan *pl = c->pl;
    if (map->type != MS_Y_MAP) return fail(c, map->line, "constraints: expected a mapping");
    pl->constraints = calloc(map->n ? map->n : 1, sizeof *pl->constraints);
    if (!pl->constraints) return fail(c, map->line, "out of memory");
    for (size_t i = 0; i < map->n; i++) {
        int line = map->key_lines[i];
        const ms_metric_info *m = find_metric(c, map->keys[i], line, "constraints");
        if (!m) return -1;
        const char *t = scalar(c, map->items[i], map->keys[i], line);
        if (!t) return -1;
        while (*t == ' ') t++;
        ms_cmp op;
        size_t skip = 2;
        if (!strncmp(t, "<=", 2))
            op = MS_CMP_LE;
        else if (!strncmp(t, ">=", 2))
            op = MS_CMP_GE;
        else if (*t == '<')
            op = MS_CMP_LT, skip = 1;
        else if (*t == '>')
            op = MS_CMP_GT, skip = 1;
        else
            return fail(c, map->items[i]->line,
                        "constraints: %s: expected '<= N', '< N', '>= N' or '> N', got '%s'",
                        m->name, t);
        double v;
        if (ms_units_number(t + skip, &v) || !isfinite(v))
            return fail(c, map->items[i]->line,
                        "constraints: %s: '%s' is not a number (in the metric's units, %s)",
                        m->name, t + skip, m->units);
        pl->constraints[pl->n_constraints++] = (ms_constraint){m, op, v};
    }
    return 0;
}

static int parse_bool(jctx *c, const ms_ynode *v, const char *key, int *out) {
    const char *t = scalar(c, v, key, v->line);
    if (!t) return -1;
    if (!strcmp(t, "true") || !strcmp(t, "yes"))
        *out = 1;
    else if (!strcmp(t, "false") || !strcmp(t, "no"))
        *out = 0;
    else
        return fail(c, v->line, "output: %s must be true or false, got '%s'", key, t);
    return 0;
}

static int parse_output(jctx *c, const ms_ynode *out) {
    ms_plan *pl = c->pl;
    int level = -2, shuffle = -1, deflate = 0;
    if (out) {
        if (out->type != MS_Y_MAP) return fail(c, out->line, "output: expected a mapping");
        if (check_keys(c, out, out_keys, NELEM(out_keys), "output")) return -1;
        const ms_ynode *v;
        const char *t;
        if ((v = ms_ynode_get(out, "file"))) {
            if (!(t = scalar(c, v, "file", out->line))) return -1;
            if (!*t) return fail(c, v->line, "output: file is empty");
            pl->out_file = dupstr(t);
        }
        if ((v = ms_ynode_get(out, "compression"))) {
            if (!(t = scalar(c, v, "compression", out->line))) return -1;
            if (!strcmp(t, "deflate"))
                deflate = 1;
            else if (strcmp(t, "none") != 0) {
                const char *const cs[] = {"deflate", "none"};
                return unknown(c, v->line, "compression", t, cs, 2);
            }
        }
        if ((v = ms_ynode_get(out, "level"))) {
            double d;
            if (!(t = scalar(c, v, "level", out->line))) return -1;
            if (ms_units_number(t, &d) || d != floor(d) || d < 0 || d > 9)
                return fail(c, v->line, "output: level must be a whole number 0-9, got '%s'", t);
            if (!deflate) return fail(c, v->line, "output: level needs compression: deflate");
            level = (int)d;
        }
        if ((v = ms_ynode_get(out, "shuffle")) && parse_bool(c, v, "shuffle", &shuffle)) return -1;
        if ((v = ms_ynode_get(out, "chunk_points"))) {
            double d;
            if (!(t = scalar(c, v, "chunk_points", out->line))) return -1;
            if (ms_units_number(t, &d) || d != floor(d) || d < 1 || d > MS_PLAN_CHUNK_POINTS_MAX)
                return fail(c, v->line,
                            "output: chunk_points must be a whole number 1-%u, got '%s'",
                            MS_PLAN_CHUNK_POINTS_MAX, t);
            pl->chunk_target = (uint64_t)d;
        }
        if ((v = ms_ynode_get(out, "precision"))) {
            if (!(t = scalar(c, v, "precision", out->line))) return -1;
            if (!strcmp(t, "float64"))
                pl->float64 = 1;
            else if (strcmp(t, "float32") != 0) {
                const char *const ps[] = {"float32", "float64"};
                return unknown(c, v->line, "output precision", t, ps, 2);
            }
        }
        /* `metrics: all` is the default written out, as `all` on an axis */
        if ((v = ms_ynode_get(out, "metrics")) && v->type == MS_Y_SCALAR && !v->quoted &&
            v->value && !strcmp(v->value, "all"))
            v = NULL;
        if (v) {
            if (v->type != MS_Y_SEQ || v->n == 0)
                return fail(c, v->line,
                            "output: metrics must be a non-empty list of metric names, or all");
            pl->metrics = calloc(v->n, sizeof *pl->metrics);
            if (!pl->metrics) return fail(c, v->line, "out of memory");
            for (size_t i = 0; i < v->n; i++) {
                if (!(t = scalar(c, v->items[i], "metrics", v->line))) return -1;
                const ms_metric_info *m = find_metric(c, t, v->items[i]->line, "output.metrics");
                if (!m) return -1;
                for (size_t j = 0; j < pl->n_metrics; j++)
                    if (pl->metrics[j] == m)
                        return fail(c, v->items[i]->line, "output: metric '%s' listed twice", t);
                pl->metrics[pl->n_metrics++] = m;
            }
        }
    }
    pl->deflate_level = deflate ? (level >= 0 ? level : 1) : -1;
    pl->shuffle = deflate ? (shuffle != 0) : 0;
    if (!pl->metrics) { /* default: every metric of the mode, in catalogue order */
        pl->metrics = calloc(ms_metric_count, sizeof *pl->metrics);
        if (!pl->metrics) return fail(c, 1, "out of memory");
        for (size_t i = 0; i < ms_metric_count; i++)
            if (ms_metrics[i].modes & (1u << pl->mode))
                pl->metrics[pl->n_metrics++] = &ms_metrics[i];
    }
    const ms_ynode *pv = out ? ms_ynode_get(out, "pareto") : NULL;
    if (pv) { /* the streaming frontier (analysis/run_pareto.c) */
        char msg[300];
        int line;
        if (ms_run_pareto_parse(pl, pv, msg, sizeof msg, &line)) return fail(c, line, "%s", msg);
    }
    if (!pl->out_file) {
        char f[300];
        snprintf(f, sizeof f, "%s.h5", pl->name);
        pl->out_file = dupstr(f);
    }
    return 0;
}

/* An optional section written with nothing after its key ("constraints:") is absent. */
static const ms_ynode *section(const ms_ynode *root, const char *key) {
    const ms_ynode *v = ms_ynode_get(root, key);
    if (v && v->type == MS_Y_SCALAR && !v->quoted && (!v->value || !*v->value)) return NULL;
    return v;
}

static int parse_doc(jctx *c, const ms_ydoc *doc) {
    ms_plan *pl = c->pl;
    const ms_ynode *root = doc->root;
    if (!root || root->type != MS_Y_MAP)
        return fail(c, root ? root->line : 1, "a job file is a mapping (name, mode, axes, ...)");
    if (check_keys(c, root, top_keys, NELEM(top_keys), "the job")) return -1;
    const ms_ynode *v;
    const char *t;
    if (!(v = ms_ynode_get(root, "name"))) return fail(c, 1, "the job needs a 'name'");
    if (!(t = scalar(c, v, "name", v->line))) return -1;
    if (!*t || strlen(t) > 200) return fail(c, v->line, "name: must be 1-200 characters");
    for (const char *s = t; *s; s++)
        if (*s == '/' || *s == ',' || (unsigned char)*s < 32)
            return fail(c, v->line, "name: '%s' may not contain '/', ',' or control characters", t);
    pl->name = dupstr(t);
    if (!(v = ms_ynode_get(root, "mode")))
        return fail(c, 1, "the job needs a 'mode' (train | serve)");
    if (!(t = scalar(c, v, "mode", v->line))) return -1;
    char msg[200];
    if (ms_param_set(&pl->base, &pl->reg, ms_param_find("mode"), t, msg, sizeof msg))
        return fail(c, v->line, "mode: %s", msg);
    pl->mode = pl->base.mode;
    if ((v = ms_ynode_get(root, "description")) && !scalar(c, v, "description", v->line)) return -1;
    if (!(v = ms_ynode_get(root, "axes"))) return fail(c, 1, "the job needs 'axes'");
    if (parse_axes(c, v)) return -1;
    if ((v = section(root, "workload")) && parse_settings(c, v, 0)) return -1;
    if ((v = section(root, "fleet")) && parse_settings(c, v, 1)) return -1;
    if ((v = section(root, "constraints")) && parse_constraints(c, v)) return -1;
    if (parse_output(c, section(root, "output"))) return -1;
    /* the model and hardware must come from somewhere */
    int has_model = pl->base.model != NULL, has_hw = pl->base.hw != NULL;
    for (size_t a = 0; a < pl->n_axes; a++) {
        has_model |= pl->axes[a].prm->type == MS_P_MODEL;
        has_hw |= pl->axes[a].prm->type == MS_P_HARDWARE;
    }
    if (!has_model) return fail(c, 1, "no model: give a 'model' axis or workload.model");
    if (!has_hw) return fail(c, 1, "no hardware: give a 'hardware' axis or workload.hardware");
    /* The sweep solves staged, which leaves ms_point_check to its caller: every value of every
       axis, on the job's settings, passes it here (the field rules are per field, so then so
       does every point of the grid). The loader's own checks already keep to the same ranges;
       this makes it a guarantee instead of a coincidence of two tables. */
    ms_point q = pl->base;
    ms_plan_finish_point(pl, &q);
    const char *why = ms_point_check(&q);
    if (why) return fail(c, 1, "the job's settings: %s", why);
    for (size_t a = 0; a < pl->n_axes; a++)
        for (size_t i = 0; i < pl->axes[a].n; i++) {
            q = pl->base;
            ms_plan_apply(pl, a, i, &q);
            ms_plan_finish_point(pl, &q);
            if ((why = ms_point_check(&q)))
                return fail(c, pl->axes[a].line, "axes: %s: %s", pl->axes[a].prm->name, why);
        }
    ms_plan_chunking(pl);
    /* the done-map lives in memory on every rank and travels in MPI messages (int counts) */
    if (pl->n_chunks > (1u << 26))
        return fail(c, 1,
                    "the grid needs %llu chunks (more than 2^26): raise output.chunk_points or "
                    "split the job",
                    (unsigned long long)pl->n_chunks);
    return 0;
}

int ms_plan_load(ms_plan *pl, const char *path, const char *config_dir, const char *const *extra,
                 size_t n_extra, char *err, size_t errlen) {
    memset(pl, 0, sizeof *pl);
    pl->region_axis = -1;
    ms_point_init(&pl->base);
    jctx c = {pl, path, err, errlen, 1};
    if (ms_registry_load(&pl->reg, config_dir, extra, n_extra, err, errlen)) {
        ms_plan_free(pl);
        return -1;
    }
    ms_ydoc doc;
    memset(&doc, 0, sizeof doc);
    if (ms_ydoc_load_file(path, &doc, err, errlen)) {
        ms_ydoc_free(&doc);
        ms_plan_free(pl);
        return -1;
    }
    c.file = doc.name ? doc.name : path;
    pl->job_path = dupstr(path);
    pl->job_text = malloc(doc.text_len + 1);
    if (pl->job_text) {
        memcpy(pl->job_text, doc.text, doc.text_len);
        pl->job_text[doc.text_len] = 0;
    }
    int rc = parse_doc(&c, &doc);
    ms_ydoc_free(&doc);
    if (rc) ms_plan_free(pl);
    return rc;
}

void ms_plan_free(ms_plan *pl) {
    for (size_t a = 0; a < pl->n_axes; a++) {
        ms_axis *ax = &pl->axes[a];
        for (size_t i = 0; ax->names && i < ax->n; i++) free(ax->names[i]);
        free(ax->names);
        free(ax->vals);
        free(ax->ptrs);
    }
    free(pl->job_path);
    free(pl->job_text);
    free(pl->name);
    free(pl->constraints);
    free(pl->metrics);
    free(pl->out_file);
    ms_registry_free(&pl->reg);
    memset(pl, 0, sizeof *pl);
}
