/* cmd_calibrate.c - `mlsweep calibrate MEASUREMENTS.csv -o calibration.yaml`: fit the training
 * efficiency constants of each hardware family on the training-throughput rows of a
 * measurement file, and write them in the schema of configs/calibration.yaml.
 *
 * The fit is deliberately small and deterministic: a family with n rows gets at most n/2
 * constants, taken in order of physical importance (16-bit GEMM ceiling if any row runs
 * 16-bit GEMMs, the fp8/int8 factor if any row runs them, attention efficiency, TP overlap,
 * GEMM half-saturation size, scale-up bus-bandwidth fraction, per-layer overhead); each is
 * searched over its physical range by cyclic coordinate descent on a shrinking grid, minimizing
 * the mean
 * squared log error of the predictions. The same search always gives the same constants.
 * A `default` entry, for families without measurements, is fitted on all rows together with
 * the first three constants only (pooling different software stacks cannot pin the rest). */
#include "commands.h"
#include "exitcodes.h"
#include "registry.h"
#include "validate_csv.h"
#include "validate_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const ms_optspec specs[] = {
    {"output", 1, 0, "calibration file to write (-o)"},
    {"exclude", 1, 1, "drop rows whose case_id contains this text (repeatable)"},
    {"registry", 1, 1, "extra registry file (repeatable)"},
    {"config-dir", 1, 0, "directory of the shipped registries"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

typedef struct knob {
    const char *name; /* field name in calibration.yaml */
    size_t off;       /* double inside ms_calib */
    double lo, hi;
    const char *unit; /* "" or " us" (value written in microseconds) */
} knob;

static const knob knobs[] = {
    {"gemm_eff_max", offsetof(ms_calib, gemm_eff_max), 0.2, 1.0, ""},
    {"lowp_gemm_eff", offsetof(ms_calib, lowp_gemm_eff), 0.2, 1.0, ""},
    {"attn_eff", offsetof(ms_calib, attn_eff), 0.1, 1.0, ""},
    {"tp_overlap", offsetof(ms_calib, tp_overlap), 0.0, 0.9, ""},
    {"gemm_half_dim", offsetof(ms_calib, gemm_half_dim), 0.0, 1024.0, ""},
    {"scaleup_bw_eff", offsetof(ms_calib, scaleup_bw_eff), 0.3, 1.0, ""},
    {"layer_overhead", offsetof(ms_calib, layer_overhead_s), 0.0, 500e-6, " us"},
};
#define NKNOBS        (sizeof knobs / sizeof knobs[0])
#define DEFAULT_KNOBS 4

static double *field(ms_calib *c, const knob *k) {
    return (double *)(void *)((char *)c + k->off);
}

typedef struct fitrow {
    ms_vtrain vt;
    double measured;
    const char *case_id, *family;
} fitrow;

static int low_precision(int prec) {
    return prec == MS_FP8 || prec == MS_INT8 || prec == MS_INT4 || prec == MS_FP4;
}

/* The knobs a set of rows can pin, in order of importance, at most max: the 16-bit GEMM
 * ceiling only if some row runs 16-bit GEMMs, the low-precision factor only if some row runs
 * 8-bit ones (an fp8-only family inherits the 16-bit ceiling from `default`). */
static size_t choose(const fitrow *rows, size_t n, const knob **ks, size_t max) {
    int has16 = 0, haslow = 0;
    for (size_t i = 0; i < n; i++) {
        if (low_precision(rows[i].vt.point.precision))
            haslow = 1;
        else
            has16 = 1;
    }
    size_t nk = 0;
    for (size_t k = 0; k < NKNOBS && nk < max; k++) {
        if (!strcmp(knobs[k].name, "gemm_eff_max") && !has16) continue;
        if (!strcmp(knobs[k].name, "lowp_gemm_eff") && !haslow) continue;
        ks[nk++] = &knobs[k];
    }
    return nk;
}

static double loss(fitrow *rows, size_t n, const ms_calib *c) {
    double sum = 0;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        rows[i].vt.point.calib = c;
        ms_result r;
        ms_validate_train_solve(&rows[i].vt, &r);
        double pred = ms_validate_train_value(&rows[i].vt, &r);
        double e = isnan(pred) || pred <= 0 ? 5.0 : log(pred / rows[i].measured);
        sum += e * e;
        used++;
    }
    return used ? sum / (double)used : 0.0;
}

/* Cyclic coordinate descent over the first nk knobs on a grid that shrinks each cycle. */
static double descend(fitrow *rows, size_t n, ms_calib *c, const knob *const *ks, size_t nk) {
    double width[NKNOBS];
    for (size_t k = 0; k < nk; k++) width[k] = ks[k]->hi - ks[k]->lo;
    double best = loss(rows, n, c);
    for (int cycle = 0; cycle < 12; cycle++) {
        for (size_t k = 0; k < nk; k++) {
            double *x = field(c, ks[k]);
            const double centre = *x;
            double bx = centre;
            for (int g = 0; g <= 20; g++) {
                double v = centre - width[k] / 2 + width[k] * g / 20.0;
                if (v < ks[k]->lo - 1e-12 || v > ks[k]->hi + 1e-12) continue;
                if (fabs(v - ks[k]->lo) < 1e-6 * (ks[k]->hi - ks[k]->lo)) v = ks[k]->lo;
                *x = v;
                double l = loss(rows, n, c);
                if (l < best - 1e-15) {
                    best = l;
                    bx = v;
                }
            }
            *x = bx;
            width[k] *= 0.5;
        }
    }
    return best;
}

/* Coordinate descent can stall in the valley where GEMM and attention efficiency trade off:
 * start it from the given constants and from the corners at 1/4 and 3/4 of the ranges of the
 * first three knobs, and keep the best (ties go to the earliest start: deterministic). */
static double fit(fitrow *rows, size_t n, ms_calib *c, const knob *const *ks, size_t nk) {
    ms_calib best_c = *c;
    double best = descend(rows, n, &best_c, ks, nk);
    const size_t nc = nk < 3 ? nk : 3;
    for (unsigned corner = 0; corner < (1u << nc); corner++) {
        ms_calib t = *c;
        for (size_t k = 0; k < nc; k++)
            *field(&t, ks[k]) =
                ks[k]->lo + (ks[k]->hi - ks[k]->lo) * ((corner >> k) & 1u ? 0.75 : 0.25);
        double l = descend(rows, n, &t, ks, nk);
        if (l < best - 1e-12) {
            best = l;
            best_c = t;
        }
    }
    /* a constant within 0.1% of its range from the lower bound is the bound (0 overhead ...) */
    for (size_t k = 0; k < nk; k++) {
        double *x = field(&best_c, ks[k]);
        if (*x - ks[k]->lo < 1e-3 * (ks[k]->hi - ks[k]->lo)) *x = ks[k]->lo;
    }
    *c = best_c;
    return loss(rows, n, c);
}

static void write_entry(FILE *out, const char *key, const ms_calib *c, const knob *const *ks,
                        size_t nk, fitrow *rows, size_t n, const char *family, const char *file,
                        const char *date) {
    fprintf(out, "  - key: %s\n", key);
    fprintf(out, "    name: \"%s training efficiency (fitted by mlsweep calibrate)\"\n", key);
    fprintf(out,
            "    source: \"mlsweep calibrate %s: least squares in log space over the rows "
            "below\"\n",
            file);
    fprintf(out, "    date: %s\n", date);
    fprintf(out, "    fitted_on: \"");
    int first = 1;
    for (size_t i = 0; i < n; i++)
        if (!family || !strcmp(rows[i].family, family)) {
            fprintf(out, "%s%s", first ? "" : ", ", rows[i].case_id);
            first = 0;
        }
    fprintf(out, "\"\n");
    for (size_t k = 0; k < nk; k++) {
        double v = *field((ms_calib *)c, ks[k]);
        if (ks[k]->unit[0])
            fprintf(out, "    %s: %.4g%s\n", ks[k]->name, v * 1e6, ks[k]->unit);
        else
            fprintf(out, "    %s: %.4g\n", ks[k]->name, v);
    }
}

int ms_cmd_calibrate(int argc, char **argv) {
    /* accept the short -o of the documented synopsis */
    char out_flag[] = "--output";
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "-o")) argv[i] = out_flag;
    ms_opts o;
    char err[512];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep calibrate: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(specs, NSPECS, "mlsweep calibrate MEASUREMENTS.csv -o calibration.yaml",
                     "Fit the training efficiency constants per hardware family on the "
                     "train_throughput rows.\nExit codes: 0 ok, 1 bad input, 2 I/O failure.");
        return MS_EXIT_OK;
    }
    const char *outpath = ms_opts_get(&o, "output");
    if (o.n_pos != 1 || !outpath) {
        fprintf(stderr, "mlsweep calibrate: usage: mlsweep calibrate MEASUREMENTS.csv -o FILE\n");
        return MS_EXIT_INPUT;
    }
    size_t nrep = 0, nexc = 0;
    const char *const *rep = ms_cmd_registry_files(&o, &nrep);
    const char *const *exc = NULL;
    for (size_t k = 0; k < o.n_specs; k++)
        if (!strcmp(o.specs[k].name, "exclude")) {
            exc = o.rep[k];
            nexc = o.n_rep[k];
        }
    ms_registry reg;
    if (ms_registry_load(&reg, ms_opts_get(&o, "config-dir"), rep, nrep, err, sizeof err)) {
        fprintf(stderr, "mlsweep: %s\n", err);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    ms_vfile f;
    if (ms_vcsv_read(o.pos[0], &f, err, sizeof err)) {
        fprintf(stderr, "mlsweep calibrate: %s\n", err);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    fitrow *rows = calloc(f.n + 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; rows && i < f.n; i++) {
        const ms_vrow *r = &f.rows[i];
        int skip = 0;
        for (size_t e = 0; e < nexc; e++) skip |= strstr(r->case_id, exc[e]) != NULL;
        if (skip || !r->kind || strcmp(r->kind, "train_throughput")) continue;
        char why[256];
        if (ms_validate_train_setup(&reg, r, &rows[n].vt, why, sizeof why) != 1) {
            fprintf(stderr, "mlsweep calibrate: skipping %s: %s\n", r->case_id, why);
            continue;
        }
        rows[n].vt.point.model = &rows[n].vt.model;
        rows[n].measured = r->measured;
        rows[n].case_id = r->case_id;
        rows[n].family = ms_validate_train_family(&reg, &rows[n].vt);
        n++;
    }
    if (!rows || n == 0) {
        fprintf(stderr, "mlsweep calibrate: no train_throughput row can be predicted\n");
        free(rows);
        ms_vcsv_free(&f);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    FILE *out = fopen(outpath, "w");
    if (!out) {
        fprintf(stderr, "mlsweep calibrate: %s: cannot write\n", outpath);
        free(rows);
        ms_vcsv_free(&f);
        ms_registry_free(&reg);
        return MS_EXIT_RUNTIME;
    }
    char date[16];
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d", gmtime(&now));
    fprintf(out, "# Training efficiency constants per hardware family, written by\n#   mlsweep "
                 "calibrate");
    for (int i = 0; i < argc; i++) fprintf(out, " %s", argv[i] == out_flag ? "-o" : argv[i]);
    fprintf(out, "\n# Do not edit by hand: refit instead (docs/physics.md, \"Calibration\").\n"
                 "calibration:\n");
    /* default: every row together; then each family on its own rows */
    ms_calib c, pooled;
    ms_calib_default(&c);
    /* the pooled fit mixes software stacks: it sets only the compute constants (and TP overlap) */
    const knob *ks[NKNOBS];
    size_t nk = choose(rows, n, ks, n / 2 < DEFAULT_KNOBS ? n / 2 : DEFAULT_KNOBS);
    double l = fit(rows, n, &c, ks, nk);
    write_entry(out, "default", &c, ks, nk, rows, n, NULL, o.pos[0], date);
    pooled = c;
    fprintf(stderr, "mlsweep calibrate: default: %zu rows, %zu constants, rms log error %.4f\n", n,
            nk, sqrt(l));
    for (size_t i = 0; i < n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i; j++) seen |= !strcmp(rows[j].family, rows[i].family);
        if (seen || !strcmp(rows[i].family, "default")) continue;
        fitrow *sub = calloc(n, sizeof *sub);
        size_t m = 0;
        for (size_t j = 0; sub && j < n; j++)
            if (!strcmp(rows[j].family, rows[i].family)) {
                sub[m] = rows[j];
                sub[m].vt.point.model = &sub[m].vt.model;
                m++;
            }
        c = pooled; /* a family entry refines `default` when the registry loads it */
        size_t nkf = choose(sub, m, ks, m / 2);
        l = fit(sub, m, &c, ks, nkf);
        write_entry(out, rows[i].family, &c, ks, nkf, rows, n, rows[i].family, o.pos[0], date);
        fprintf(stderr, "mlsweep calibrate: %s: %zu rows, %zu constants, rms log error %.4f\n",
                rows[i].family, m, nkf, sqrt(l));
        free(sub);
    }
    int rc = fclose(out) == 0 ? MS_EXIT_OK : MS_EXIT_RUNTIME;
    free(rows);
    ms_vcsv_free(&f);
    ms_registry_free(&reg);
    return rc;
}
