/* cmd_eval.c - `mlsweep eval`: one design point from the shell, every metric with its unit. */
#include "commands.h"
#include "exitcodes.h"
#include "jsonw.h"
#include "opts.h"
#include "params.h"
#include "registry.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static ms_optspec specs[MS_OPTS_MAX];
static char names[MS_OPTS_MAX][40];

static size_t build_specs(void) {
    size_t n = 0;
    for (size_t i = 0; i < ms_param_count && n < MS_OPTS_MAX - 8; i++, n++) {
        snprintf(names[n], sizeof names[n], "%s", ms_params[i].name);
        for (char *c = names[n]; *c; c++)
            if (*c == '_') *c = '-';
        int flag = ms_params[i].type == MS_P_BOOL;
        specs[n] = (ms_optspec){names[n], !flag, 0, ms_params[i].help};
    }
    specs[n++] =
        (ms_optspec){"static-kv", 0, 0, "static KV reservation at the full length (no paging)"};
    specs[n++] = (ms_optspec){"format", 1, 0, "table | json (default table)"};
    specs[n++] = (ms_optspec){"registry", 1, 1, "extra registry file (repeatable)"};
    specs[n++] = (ms_optspec){"config-dir", 1, 0, "directory of the shipped registries"};
    specs[n++] = (ms_optspec){"help", 0, 0, "show this help"};
    return n;
}

const char *const *ms_cmd_registry_files(const ms_opts *o, size_t *n) {
    for (size_t k = 0; k < o->n_specs; k++)
        if (strcmp(o->specs[k].name, "registry") == 0) {
            *n = o->n_rep[k];
            return o->rep[k];
        }
    *n = 0;
    return NULL;
}

static void print_json(const ms_point *p, const ms_result *r, const ms_registry *reg) {
    (void)reg;
    printf("{\n  \"mlsweep_version\": \"%s\",\n", MLSWEEP_VERSION);
    printf("  \"mode\": \"%s\",\n  \"model\": ", p->mode == MS_MODE_TRAIN ? "train" : "serve");
    ms_json_str(stdout, p->model->key);
    printf(",\n  \"hardware\": ");
    ms_json_str(stdout, p->hw->key);
    printf(",\n  \"precision\": \"%s\",\n", ms_precision_name(p->precision));
    if (p->region) {
        printf("  \"region\": ");
        ms_json_str(stdout, p->region->key);
        printf(",\n");
    }
    printf("  \"tp\": %g, \"pp\": %g, \"cp\": %g, \"ep\": %g,\n", p->tp, p->pp, p->cp, p->ep);
    printf("  \"status\": \"%s\",\n  \"bottleneck\": \"%s\",\n  \"reason\": ",
           ms_status_name(r->status), ms_bottleneck_name(r->bottleneck));
    ms_json_str(stdout, r->reason && *r->reason ? r->reason : NULL);
    unsigned bit = 1u << p->mode;
    for (size_t i = 0; i < ms_metric_count; i++) {
        if (!(ms_metrics[i].modes & bit)) continue;
        printf(",\n  \"%s\": ", ms_metrics[i].name);
        ms_json_num(stdout, ms_metric_get(r, &ms_metrics[i]));
    }
    printf("\n}\n");
}

static void print_table(const ms_point *p, const ms_result *r) {
    printf("%-28s %s\n", "mode", p->mode == MS_MODE_TRAIN ? "train" : "serve");
    printf("%-28s %s\n", "model", p->model->key);
    printf("%-28s %s\n", "hardware", p->hw->key);
    printf("%-28s %s\n", "precision", ms_precision_name(p->precision));
    if (p->region) printf("%-28s %s\n", "region", p->region->key);
    printf("%-28s %s\n", "status", ms_status_name(r->status));
    printf("%-28s %s\n", "bottleneck", ms_bottleneck_name(r->bottleneck));
    if (r->reason && *r->reason) printf("%-28s %s\n", "reason", r->reason);
    unsigned bit = 1u << p->mode;
    for (size_t i = 0; i < ms_metric_count; i++) {
        if (!(ms_metrics[i].modes & bit)) continue;
        double v = ms_metric_get(r, &ms_metrics[i]);
        if (isnan(v)) continue;
        printf("%-28s %-14.6g %s\n", ms_metrics[i].name, v, ms_metrics[i].units);
    }
}

int ms_cmd_eval(int argc, char **argv) {
    size_t n = build_specs();
    ms_opts o;
    char err[512];
    if (ms_opts_parse(&o, specs, n, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep eval: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(
            specs, n,
            "mlsweep eval --model M --hardware H [--mode train|serve] [--precision P] ... "
            "[--format table|json]",
            "Evaluate one design point. Without --model/--hardware: llama31-70b on h100-sxm in "
            "fp8, serving.\n"
            "Exit codes: 0 ok, 1 bad input, 3 the point is infeasible or misses a constraint.");
        return MS_EXIT_OK;
    }
    if (o.n_pos) {
        fprintf(stderr, "mlsweep eval: unexpected argument '%s' (options start with --)\n",
                o.pos[0]);
        return MS_EXIT_INPUT;
    }
    const char *fmt = ms_opts_get(&o, "format");
    if (fmt && strcmp(fmt, "json") != 0 && strcmp(fmt, "table") != 0) {
        fprintf(stderr, "mlsweep eval: unknown format '%s' (table, json)\n", fmt);
        return MS_EXIT_INPUT;
    }
    ms_registry reg;
    size_t nrep = 0;
    const char *const *rep = ms_cmd_registry_files(&o, &nrep);
    if (ms_registry_load(&reg, ms_opts_get(&o, "config-dir"), rep, nrep, err, sizeof err)) {
        fprintf(stderr, "mlsweep: %s\n", err);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    ms_point p;
    ms_point_init(&p);
    int rc = MS_EXIT_OK;
    /* the embedded default point */
    if (!ms_opts_get(&o, "model") &&
        ms_param_set(&p, &reg, ms_param_find("model"), "llama31-70b", err, sizeof err))
        rc = 1;
    if (!rc && !ms_opts_get(&o, "hardware") &&
        ms_param_set(&p, &reg, ms_param_find("hardware"), "h100-sxm", err, sizeof err))
        rc = 1;
    if (!rc && !ms_opts_get(&o, "precision") && !ms_opts_get(&o, "model") &&
        !ms_opts_get(&o, "hardware"))
        p.precision = MS_FP8;
    for (size_t i = 0; !rc && i < o.n_order; i++) {
        int k = o.order[i];
        if ((size_t)k >= ms_param_count) continue;
        const ms_param *prm = &ms_params[k];
        if (ms_param_set(&p, &reg, prm, o.val[k], err, sizeof err)) {
            fprintf(stderr, "mlsweep eval: --%s: %s\n", specs[k].name, err);
            ms_registry_free(&reg);
            return MS_EXIT_INPUT;
        }
    }
    if (rc) {
        fprintf(stderr, "mlsweep eval: %s\n", err);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "static-kv")) p.paged_kv = 0;
    if (p.mode == MS_MODE_TRAIN && !ms_opts_get(&o, "gpus")) p.gpus = p.tp * p.pp * p.cp;
    ms_param_finish(&p, &reg);
    ms_result r;
    ms_solve(&p, &r);
    if (fmt && strcmp(fmt, "json") == 0)
        print_json(&p, &r, &reg);
    else
        print_table(&p, &r);
    if (r.status != MS_OK && r.status != MS_NO_PRICE) {
        fprintf(stderr, "mlsweep eval: %s: %s\n", ms_status_name(r.status),
                r.reason && *r.reason ? r.reason : ms_status_description(r.status));
        rc = MS_EXIT_CONSTRAINT;
    } else if (r.status == MS_NO_PRICE) {
        fprintf(stderr, "mlsweep eval: note: %s\n", r.reason);
    }
    ms_registry_free(&reg);
    return rc;
}
