/* units.c - unit table and quantity parser. */
#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct unit {
    const char *name;
    ms_dim dim;
    double scale;
} unit;

static const unit units[] = {
    {"B", MS_DIM_BYTES, 1},
    {"KB", MS_DIM_BYTES, 1e3},
    {"kB", MS_DIM_BYTES, 1e3},
    {"MB", MS_DIM_BYTES, 1e6},
    {"GB", MS_DIM_BYTES, 1e9},
    {"TB", MS_DIM_BYTES, 1e12},
    {"KiB", MS_DIM_BYTES, 1024.0},
    {"MiB", MS_DIM_BYTES, 1048576.0},
    {"GiB", MS_DIM_BYTES, 1073741824.0},
    {"TiB", MS_DIM_BYTES, 1099511627776.0},
    {"B/s", MS_DIM_BYTES_PER_S, 1},
    {"KB/s", MS_DIM_BYTES_PER_S, 1e3},
    {"kB/s", MS_DIM_BYTES_PER_S, 1e3},
    {"MB/s", MS_DIM_BYTES_PER_S, 1e6},
    {"GB/s", MS_DIM_BYTES_PER_S, 1e9},
    {"TB/s", MS_DIM_BYTES_PER_S, 1e12},
    {"GiB/s", MS_DIM_BYTES_PER_S, 1073741824.0},
    {"Mb/s", MS_DIM_BYTES_PER_S, 1e6 / 8},
    {"Gb/s", MS_DIM_BYTES_PER_S, 1e9 / 8},
    {"Tb/s", MS_DIM_BYTES_PER_S, 1e12 / 8},
    {"Mbps", MS_DIM_BYTES_PER_S, 1e6 / 8},
    {"Gbps", MS_DIM_BYTES_PER_S, 1e9 / 8},
    {"Tbps", MS_DIM_BYTES_PER_S, 1e12 / 8},
    {"FLOP/s", MS_DIM_FLOPS, 1},
    {"GFLOP/s", MS_DIM_FLOPS, 1e9},
    {"TFLOP/s", MS_DIM_FLOPS, 1e12},
    {"PFLOP/s", MS_DIM_FLOPS, 1e15},
    {"OP/s", MS_DIM_FLOPS, 1},
    {"GOP/s", MS_DIM_FLOPS, 1e9},
    {"TOP/s", MS_DIM_FLOPS, 1e12},
    {"POP/s", MS_DIM_FLOPS, 1e15},
    {"TFLOPS", MS_DIM_FLOPS, 1e12},
    {"TOPS", MS_DIM_FLOPS, 1e12},
    {"FLOP", MS_DIM_FLOP, 1},
    {"kFLOP", MS_DIM_FLOP, 1e3},
    {"MFLOP", MS_DIM_FLOP, 1e6},
    {"GFLOP", MS_DIM_FLOP, 1e9},
    {"TFLOP", MS_DIM_FLOP, 1e12},
    {"PFLOP", MS_DIM_FLOP, 1e15},
    {"mW", MS_DIM_POWER, 1e-3},
    {"W", MS_DIM_POWER, 1},
    {"kW", MS_DIM_POWER, 1e3},
    {"MW", MS_DIM_POWER, 1e6},
    {"J", MS_DIM_ENERGY, 1},
    {"kJ", MS_DIM_ENERGY, 1e3},
    {"MJ", MS_DIM_ENERGY, 1e6},
    {"Wh", MS_DIM_ENERGY, 3600},
    {"kWh", MS_DIM_ENERGY, 3.6e6},
    {"MWh", MS_DIM_ENERGY, 3.6e9},
    {"GWh", MS_DIM_ENERGY, 3.6e12},
    {"USD", MS_DIM_USD, 1},
    {"USD/h", MS_DIM_USD_PER_H, 1},
    {"USD/kWh", MS_DIM_USD_PER_KWH, 1},
    {"gCO2e", MS_DIM_CO2, 1e-3},
    {"kgCO2e", MS_DIM_CO2, 1},
    {"tCO2e", MS_DIM_CO2, 1e3},
    {"gCO2e/kWh", MS_DIM_CO2_PER_KWH, 1},
    {"kgCO2e/kWh", MS_DIM_CO2_PER_KWH, 1e3},
    {"L/kWh", MS_DIM_L_PER_KWH, 1},
    {"ns", MS_DIM_TIME, 1e-9},
    {"us", MS_DIM_TIME, 1e-6},
    {"ms", MS_DIM_TIME, 1e-3},
    {"s", MS_DIM_TIME, 1},
    {"min", MS_DIM_TIME, 60},
    {"h", MS_DIM_TIME, 3600},
    {"days", MS_DIM_TIME, 86400},
    {"day", MS_DIM_TIME, 86400},
};

static const char *const dim_names[MS_NDIM] = {"a plain number",
                                               "a capacity in bytes",
                                               "a bandwidth in bytes/s",
                                               "a throughput in FLOP/s",
                                               "a FLOP count",
                                               "a power",
                                               "an energy",
                                               "an amount in USD",
                                               "a rate in USD/h",
                                               "a price in USD/kWh",
                                               "a mass of CO2e",
                                               "a carbon intensity",
                                               "a water intensity in L/kWh",
                                               "a time"};
static const char *const dim_examples[MS_NDIM] = {
    "8",           "80 GB",         "3.35 TB/s", "989 TFLOP/s", "4.1 GFLOP",
    "700 W",       "85.7 MWh",      "30000 USD", "2.49 USD/h",  "0.08 USD/kWh",
    "1500 kgCO2e", "409 gCO2e/kWh", "1.8 L/kWh", "2 us"};

const char *ms_dim_name(ms_dim d) {
    return (d >= 0 && d < MS_NDIM) ? dim_names[d] : "?";
}
const char *ms_dim_example(ms_dim d) {
    return (d >= 0 && d < MS_NDIM) ? dim_examples[d] : "?";
}

int ms_units_number(const char *text, double *value) {
    if (!text) return -1;
    while (isspace((unsigned char)*text)) text++;
    if (!*text) return -1;
    /* reject hex, inf and nan spellings that strtod would accept */
    for (const char *c = text; *c; c++)
        if (!(isdigit((unsigned char)*c) || strchr("+-.eE_ ", *c))) return -1;
    char buf[128];
    size_t j = 0;
    for (const char *c = text; *c && j + 1 < sizeof buf; c++)
        if (*c != '_') buf[j++] = *c; /* YAML 1.1 digit separators */
    buf[j] = 0;
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    while (isspace((unsigned char)*end)) end++;
    if (end == buf || *end || errno == ERANGE || !isfinite(v)) return -1;
    *value = v;
    return 0;
}

int ms_units_parse(const char *text, double *value, ms_dim *dim, char *msg, int msglen) {
    if (!text) return -1;
    while (isspace((unsigned char)*text)) text++;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno == ERANGE || !isfinite(v)) {
        snprintf(msg, (size_t)msglen, "'%.60s' is not a finite number", text);
        return -1;
    }
    /* strtod accepts "inf", "nan", hex: reject anything whose number part is not decimal */
    for (const char *c = text; c < end; c++)
        if (!(isdigit((unsigned char)*c) || strchr("+-.eE", *c))) {
            snprintf(msg, (size_t)msglen, "'%.60s' is not a decimal number", text);
            return -1;
        }
    while (isspace((unsigned char)*end)) end++;
    if (!*end) {
        *value = v;
        *dim = MS_DIM_NONE;
        return 0;
    }
    char u[32];
    size_t n = strlen(end);
    while (n > 0 && isspace((unsigned char)end[n - 1])) n--;
    if (n >= sizeof u) {
        snprintf(msg, (size_t)msglen, "unknown unit '%.40s'", end);
        return -1;
    }
    memcpy(u, end, n);
    u[n] = 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(units[i].name, u) == 0) {
            *value = v * units[i].scale;
            *dim = units[i].dim;
            return 0;
        }
    snprintf(msg, (size_t)msglen, "unknown unit '%s' (see docs/registry-format.md for the list)",
             u);
    return -1;
}
