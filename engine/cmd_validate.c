/* cmd_validate.c - `mlsweep validate [FILE.csv] [--format md|csv]`: predicted vs measured for
 * every row of a measurement file, the error per row and the mean absolute percentage error
 * (MAPE) per kind. Rows no predictor handles are listed with the reason.
 *
 * Without FILE it reads the project's copy of ../shared/validation/dev.csv (tests/data/dev.csv
 * beside the shipped configs/) and the model registry of that folder (megatron-gpt.yaml: the
 * Megatron-LM and NeMo GPT shapes that configs/models.yaml does not carry). */
#include "commands.h"
#include "exitcodes.h"
#include "registry.h"
#include "validate.h"
#include "validate_csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ms_optspec specs[] = {
    {"format", 1, 0, "md | csv (default md)"},
    {"registry", 1, 1, "extra registry file (repeatable)"},
    {"config-dir", 1, 0, "directory of the shipped registries"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

static const ms_vpredict predictors[] = {ms_validate_train, ms_validate_serve, ms_validate_energy};

typedef struct outcome {
    int rc; /* 1 predicted, -1 not predictable, 0 nobody handles the kind */
    double predicted, err_pct;
    char why[256];
} outcome;

/* Markdown cells must not contain '|' or newlines. */
static void md_cell(const char *t) {
    for (const char *c = t ? t : ""; *c; c++) putchar(*c == '|' ? '/' : *c == '\n' ? ' ' : *c);
}

static void csv_cell(const char *t) {
    putchar('"');
    for (const char *c = t ? t : ""; *c; c++) {
        if (*c == '"') putchar('"');
        putchar(*c);
    }
    putchar('"');
}

typedef struct kindstat {
    const char *kind;
    int n;
    double sum_abs, max_abs;
} kindstat;

static int cite_index(const char **cites, int *nc, const char *c) {
    for (int i = 0; i < *nc; i++)
        if (!strcmp(cites[i], c)) return i + 1;
    cites[(*nc)++] = c;
    return *nc;
}

static void print_md(const char *file, const ms_vfile *f, const outcome *o, const kindstat *ks,
                     int nks) {
    printf("# Validation: predicted vs published\n\n");
    printf("Measurements: `%s` (%zu rows). Predictions: `mlsweep validate` with the frozen "
           "constants of configs/calibration.yaml. Error = (predicted - measured) / measured.\n\n",
           file, f->n);
    printf("Regenerate with `mlsweep validate --format md > docs/validation.md`; the physics and "
           "the calibration are described in docs/physics.md.\n\n");
    printf("| case | kind | model | hardware | devices | measured | predicted | unit | error | "
           "src |\n|---|---|---|---|---:|---:|---:|---|---:|---|\n");
    const char **cites = calloc(f->n + 1, sizeof *cites);
    int nc = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (o[i].rc != 1) continue;
        const ms_vrow *r = &f->rows[i];
        printf("| %s | %s | ", r->case_id, r->kind);
        md_cell(r->model);
        printf(" | ");
        md_cell(r->hardware);
        printf(" | %g | %.4g | %.4g | ", r->n_devices, r->measured, o[i].predicted);
        md_cell(r->unit);
        printf(" | %+.1f%% | [%d] |\n", o[i].err_pct,
               cites ? cite_index(cites, &nc, r->citation) : 0);
    }
    printf("\n## Mean absolute percentage error per kind\n\n| kind | rows | MAPE | worst |\n"
           "|---|---:|---:|---:|\n");
    for (int k = 0; k < nks; k++)
        printf("| %s | %d | %.1f%% | %.1f%% |\n", ks[k].kind, ks[k].n, ks[k].sum_abs / ks[k].n,
               ks[k].max_abs);
    printf("\n## Not predicted\n\n| case | kind | reason |\n|---|---|---|\n");
    for (size_t i = 0; i < f->n; i++) {
        if (o[i].rc == 1) continue;
        printf("| %s | %s | ", f->rows[i].case_id, f->rows[i].kind);
        md_cell(o[i].rc == 0 ? "no predictor for this kind" : o[i].why);
        printf(" |\n");
    }
    printf("\n## Sources\n\n");
    for (int i = 0; i < nc; i++) {
        printf("%d. ", i + 1);
        md_cell(cites[i]);
        printf("\n");
    }
    free(cites);
}

static void print_csv(const ms_vfile *f, const outcome *o) {
    printf(
        "case_id,kind,model,hardware,n_devices,measured,predicted,unit,error_pct,status,reason\n");
    for (size_t i = 0; i < f->n; i++) {
        const ms_vrow *r = &f->rows[i];
        csv_cell(r->case_id);
        putchar(',');
        csv_cell(r->kind);
        putchar(',');
        csv_cell(r->model);
        putchar(',');
        csv_cell(r->hardware);
        if (isnan(r->n_devices))
            printf(",");
        else
            printf(",%g", r->n_devices);
        if (isnan(r->measured))
            printf(",");
        else
            printf(",%.6g", r->measured);
        if (o[i].rc == 1)
            printf(",%.6g,", o[i].predicted);
        else
            printf(",,");
        csv_cell(r->unit);
        if (o[i].rc == 1)
            printf(",%.3f,predicted,", o[i].err_pct);
        else
            printf(",,not predicted,");
        csv_cell(o[i].rc == 1 ? "" : o[i].rc == 0 ? "no predictor for this kind" : o[i].why);
        putchar('\n');
    }
}

int ms_cmd_validate(int argc, char **argv) {
    ms_opts o;
    char err[512];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep validate: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(specs, NSPECS, "mlsweep validate [FILE.csv] [--format md|csv]",
                     "Predict every row of a measurement file (the columns of "
                     "shared/validation/dev.csv) and compare.\nDefault FILE: tests/data/dev.csv "
                     "of the source tree, with tests/data/megatron-gpt.yaml.\n"
                     "Exit codes: 0 ok, 1 bad input, 2 the file cannot be read.");
        return MS_EXIT_OK;
    }
    if (o.n_pos > 1) {
        fprintf(stderr, "mlsweep validate: one measurement file at most, got '%s' too\n", o.pos[1]);
        return MS_EXIT_INPUT;
    }
    const char *fmt = ms_opts_get(&o, "format");
    if (fmt && strcmp(fmt, "md") && strcmp(fmt, "csv")) {
        fprintf(stderr, "mlsweep validate: unknown format '%s' (md, csv)\n", fmt);
        return MS_EXIT_INPUT;
    }
    size_t nrep = 0;
    const char *const *rep = ms_cmd_registry_files(&o, &nrep);
    ms_registry reg;
    if (ms_registry_load(&reg, ms_opts_get(&o, "config-dir"), rep, nrep, err, sizeof err)) {
        fprintf(stderr, "mlsweep: %s\n", err);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    char path[4200], extra[4200];
    const char *file = o.n_pos ? o.pos[0] : NULL;
    if (!file) {
        /* the default suite and its model registry live beside configs/ in the source tree */
        snprintf(path, sizeof path, "%s/../tests/data/dev.csv", ms_registry_config_dir());
        snprintf(extra, sizeof extra, "%s/../tests/data/megatron-gpt.yaml",
                 ms_registry_config_dir());
        file = path;
        const char *all[MS_OPTS_MAXREP + 1];
        size_t n = 0;
        all[n++] = extra;
        for (size_t i = 0; i < nrep && n < MS_OPTS_MAXREP + 1; i++) all[n++] = rep[i];
        ms_registry_free(&reg);
        FILE *probe = fopen(extra, "r");
        if (probe) fclose(probe);
        if (ms_registry_load(&reg, ms_opts_get(&o, "config-dir"), probe ? all : all + 1,
                             probe ? n : n - 1, err, sizeof err)) {
            fprintf(stderr, "mlsweep: %s\n", err);
            ms_registry_free(&reg);
            return MS_EXIT_INPUT;
        }
    }
    ms_vfile f;
    if (ms_vcsv_read(file, &f, err, sizeof err)) {
        fprintf(stderr, "mlsweep validate: %s\n", err);
        ms_registry_free(&reg);
        return strstr(err, ": No such file") || strstr(err, "Permission") ? MS_EXIT_RUNTIME
                                                                          : MS_EXIT_INPUT;
    }
    outcome *out = calloc(f.n + 1, sizeof *out);
    kindstat *ks = calloc(f.n + 1, sizeof *ks);
    if (!out || !ks) {
        fprintf(stderr, "mlsweep validate: out of memory\n");
        free(out);
        free(ks);
        ms_vcsv_free(&f);
        ms_registry_free(&reg);
        return MS_EXIT_RUNTIME;
    }
    int nks = 0;
    for (size_t i = 0; i < f.n; i++) {
        outcome *oc = &out[i];
        for (size_t k = 0; k < sizeof predictors / sizeof predictors[0] && oc->rc == 0; k++) {
            oc->why[0] = '\0';
            oc->rc = predictors[k](&reg, &f.rows[i], &oc->predicted, oc->why, sizeof oc->why);
        }
        if (oc->rc != 1) continue;
        oc->err_pct = 100.0 * (oc->predicted - f.rows[i].measured) / f.rows[i].measured;
        int k = 0;
        while (k < nks && strcmp(ks[k].kind, f.rows[i].kind)) k++;
        if (k == nks) ks[nks++].kind = f.rows[i].kind;
        ks[k].n++;
        ks[k].sum_abs += fabs(oc->err_pct);
        if (fabs(oc->err_pct) > ks[k].max_abs) ks[k].max_abs = fabs(oc->err_pct);
    }
    if (fmt && !strcmp(fmt, "csv"))
        print_csv(&f, out);
    else
        print_md(o.n_pos ? file : "tests/data/dev.csv", &f, out, ks, nks);
    free(out);
    free(ks);
    ms_vcsv_free(&f);
    ms_registry_free(&reg);
    return MS_EXIT_OK;
}
