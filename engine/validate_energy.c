/* validate_energy.c - predictor for the energy and carbon rows of a measurement file
 * (validate.h): kinds train_energy and carbon.
 *
 * Two kinds of published figure, predicted through the solver's own formulas:
 *  - measured runs (Patterson et al. 2021, Table 4): chips x days x system power x PUE, where
 *    the system power per chip is NOT taken from the paper but predicted by the power model
 *    (solvers/power.c) from the chip's measured FLOP rate (utilization = TFLOP/s / peak);
 *  - accounting rows (LLaMA Table 15, Llama 2 Table 2): GPU-hours x assumed power x PUE
 *    (x grid intensity), which checks the energy and carbon arithmetic (solvers/economics.c,
 *    solvers/carbon.c) against the authors'.
 * Inputs come from the row's notes ("82,432 A100-80GB GPU-hours x 400 W x PUE 1.1", "512 chips x
 * 20.0 days ... x PUE 1.12; measured 45.6 TFLOP/s per chip", "grid 0.545 kgCO2e/kWh"). */
#include "validate.h"

#include "carbon.h"
#include "economics.h"
#include "power.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run facts a carbon row of Patterson et al. leaves to its energy row (Table 4 inputs:
 * training days, datacenter PUE and measured TFLOP/s per chip; chips are the row's n_devices).
 * The energy rows state the same facts in their notes; tests/unit/test_power_validation.c
 * checks that the two agree. */
typedef struct run_facts {
    const char *model;
    double days, pue, tflops_per_chip;
} run_facts;
static const run_facts patterson_table4[] = {
    {"T5-11B", 20.0, 1.12, 45.6},
    {"Meena 2.6B", 30.0, 1.09, 42.3},
};

/* LLaMA's accounting (Touvron et al. 2023, arXiv:2302.13971, section "Carbon footprint"): PUE 1.1
 * and the US national average 0.385 kgCO2e/kWh. Llama 2 (arXiv:2307.09288, Table 2) uses the same
 * method: its rows state GPU-hours and power only. */
#define META_PUE             1.1
#define META_GRID_KG_PER_KWH 0.385

#define NOTE_TOKENS 96
typedef struct tokens {
    char t[NOTE_TOKENS][48];
    int n;
} tokens;

/* Split notes at blanks; strip ',;()' at the ends of each token. */
static void tokenize(const char *s, tokens *tk) {
    tk->n = 0;
    while (s && *s && tk->n < NOTE_TOKENS) {
        while (*s && isspace((unsigned char)*s)) s++;
        if (!*s) break;
        size_t k = 0;
        while (*s && !isspace((unsigned char)*s)) {
            if (k + 1 < sizeof tk->t[0]) tk->t[tk->n][k++] = *s;
            s++;
        }
        tk->t[tk->n][k] = 0;
        char *w = tk->t[tk->n];
        while (*w && strchr(",;()", *w)) memmove(w, w + 1, strlen(w));
        for (size_t e = strlen(w); e > 0 && strchr(",;()", w[e - 1]); e--) w[e - 1] = 0;
        if (*w) tk->n++;
    }
}

/* A token as a number ("1,082,880" -> 1082880); NaN if it is not one. */
static double number(const char *w) {
    char buf[48];
    size_t k = 0;
    for (; *w && k + 1 < sizeof buf; w++)
        if (*w != ',') buf[k++] = *w;
    buf[k] = 0;
    if (!k) return NAN;
    char *end;
    const double v = strtod(buf, &end);
    return *end == 0 ? v : NAN;
}

/* The number nearest before the first token `key` (skipping up to one word, as in
 * "82,432 A100-80GB GPU-hours"), or right after it (after = 1: "PUE 1.1"). */
static double find(const tokens *tk, const char *key, int after) {
    for (int i = 0; i < tk->n; i++) {
        if (strcmp(tk->t[i], key) != 0) continue;
        if (after) return i + 1 < tk->n ? number(tk->t[i + 1]) : NAN;
        for (int j = i - 1; j >= 0 && j >= i - 2; j--) {
            const double v = number(tk->t[j]);
            if (!isnan(v)) return v;
        }
        return NAN;
    }
    return NAN;
}

/* Registry key from a measurement file's hardware name ("TPU v3" -> "tpu-v3"). */
static const ms_hardware *find_hw(const ms_registry *reg, const char *name) {
    char key[MS_KEY_MAX];
    size_t k = 0;
    for (; name && *name && k + 1 < sizeof key; name++)
        key[k++] = *name == ' ' ? '-' : (char)tolower((unsigned char)*name);
    key[k] = 0;
    return ms_registry_hw(reg, key);
}

static double peak_flops(const ms_hardware *hw, const char *precision) {
    const int prec = precision && *precision ? ms_precision_from_name(precision) : MS_BF16;
    if (prec >= 0 && hw->peak_flops[prec] > 0) return hw->peak_flops[prec];
    return hw->peak_flops[MS_FP16] > 0 ? hw->peak_flops[MS_FP16] : 0.0;
}

/* Predicted facility energy (J) of a measured run: chips x days x modelled system power x PUE. */
static int measured_run_j(const ms_registry *reg, const ms_vrow *row, const tokens *tk,
                          double *fac_j, char *why, size_t whylen) {
    double chips = find(tk, "chips", 0), days = find(tk, "days", 0), pue = find(tk, "PUE", 1);
    double tflops = find(tk, "TFLOP/s", 0);
    if (isnan(chips)) chips = row->n_devices;
    for (size_t i = 0; i < sizeof patterson_table4 / sizeof patterson_table4[0]; i++)
        if (row->model && strcmp(row->model, patterson_table4[i].model) == 0) {
            if (isnan(days)) days = patterson_table4[i].days;
            if (isnan(pue)) pue = patterson_table4[i].pue;
            if (isnan(tflops)) tflops = patterson_table4[i].tflops_per_chip;
        }
    if (isnan(chips) || isnan(days) || isnan(pue) || isnan(tflops)) {
        snprintf(why, whylen, "notes give no chips, days, PUE and measured TFLOP/s per chip");
        return -1;
    }
    const ms_hardware *hw = find_hw(reg, row->hardware);
    if (!hw) {
        snprintf(why, whylen, "hardware '%s' is not in the registry", row->hardware);
        return -1;
    }
    const double peak = peak_flops(hw, row->precision);
    if (!(peak > 0)) {
        snprintf(why, whylen, "hardware '%s' has no peak for the row's precision", hw->key);
        return -1;
    }
    const ms_calib *c = ms_registry_calib_for(reg, hw);
    /* training: compute activity = achieved / peak FLOP rate (solvers/power.c) */
    const double watts =
        ms_power_device_w(hw, c, tflops * 1e12 / peak, 0.0) + ms_power_overhead_w(hw, c);
    *fac_j = ms_econ_facility_j(ms_econ_it_energy_j(watts, chips, days * 86400.0), pue);
    return 0;
}

/* Facility energy (J) of an accounting row: GPU-hours x stated power x PUE. */
static int accounting_j(const tokens *tk, double gpu_hours, double *fac_j, char *why,
                        size_t whylen) {
    const double watts = find(tk, "W", 0);
    double pue = find(tk, "PUE", 1);
    if (isnan(watts)) {
        snprintf(why, whylen, "notes give GPU-hours but no power (W)");
        return -1;
    }
    if (isnan(pue)) pue = META_PUE;
    *fac_j = ms_econ_facility_j(ms_econ_it_energy_j(watts, gpu_hours, 3600.0), pue);
    return 0;
}

/* Scale of the row's unit against J (energy) or kg (carbon); 0 if unknown. */
static double unit_scale(const char *unit, int carbon) {
    static const struct {
        const char *prefix;
        double scale;
        int carbon;
    } units[] = {{"GWh", 3.6e12, 0}, {"MWh", 3.6e9, 0}, {"kWh", 3.6e6, 0}, {"J", 1.0, 0},
                 {"ktCO2", 1e6, 1},  {"tCO2", 1e3, 1},  {"kgCO2", 1.0, 1}};
    for (size_t i = 0; unit && i < sizeof units / sizeof units[0]; i++)
        if (units[i].carbon == carbon &&
            strncmp(unit, units[i].prefix, strlen(units[i].prefix)) == 0)
            return units[i].scale;
    return 0.0;
}

int ms_validate_energy(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                       size_t whylen) {
    if (!row || !row->kind) return 0;
    const int carbon = strcmp(row->kind, "carbon") == 0;
    if (!carbon && strcmp(row->kind, "train_energy") != 0) return 0;
    const double scale = unit_scale(row->unit, carbon);
    if (scale <= 0) {
        snprintf(why, whylen, "unit '%s' is not an energy (MWh, kWh ...) or carbon (tCO2e ...)",
                 row->unit ? row->unit : "");
        return -1;
    }
    tokens tk;
    tokenize(row->notes, &tk);
    const double gpu_hours = find(&tk, "GPU-hours", 0);
    const int accounting = !isnan(gpu_hours);
    double fac_j;
    if (accounting ? accounting_j(&tk, gpu_hours, &fac_j, why, whylen)
                   : measured_run_j(reg, row, &tk, &fac_j, why, whylen))
        return -1;
    if (!carbon) {
        *predicted = fac_j / scale;
        return 1;
    }
    double kg_per_kwh = find(&tk, "kgCO2e/kWh", 0);
    if (isnan(kg_per_kwh)) {
        if (!accounting) {
            snprintf(why, whylen, "notes give no grid intensity (kgCO2e/kWh)");
            return -1;
        }
        kg_per_kwh = META_GRID_KG_PER_KWH;
    }
    *predicted = ms_carbon_operational_kg(fac_j, kg_per_kwh * 1000.0) / scale;
    return 1;
}
