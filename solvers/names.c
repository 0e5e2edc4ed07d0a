/* names.c - text names of the solver's enumerations (used by the CLI, job files and legends). */
#include "mlsweep.h"

#include <string.h>

static const char *const precision_names[MS_NPREC] = {"fp32", "tf32", "bf16", "fp16",
                                                      "fp8",  "int8", "int4", "fp4"};
/* Storage bytes per element; tf32 is stored as fp32. */
static const double precision_bytes[MS_NPREC] = {4, 4, 2, 2, 1, 1, 0.5, 0.5};

static const char *const status_names[MS_NSTATUS] = {
    "ok",  "invalid",      "no-divide", "precision-unsupported",
    "oom", "sla-violated", "no-price",  "unsupported"};
static const char *const status_desc[MS_NSTATUS] = {
    "feasible; every metric valid",
    "invalid input value",
    "parallel layout does not divide the model or the GPU count",
    "precision not supported by the hardware",
    "does not fit in device memory",
    "latency or throughput constraint cannot be met",
    "feasible, but a price needed for the cost is unknown (cost is NaN)",
    "mode not meaningful for this model family"};

static const char *const bottleneck_names[MS_NBOTTLENECK] = {
    "none",          "compute",         "memory-bw", "memory-capacity",
    "communication", "pipeline-bubble", "overhead",  "kv-capacity",
    "sla",           "queueing",        "host-link", "precision",
    "parallelism",   "reliability"};

static const char *const family_names[MS_NFAMILY] = {"dense",     "moe", "cnn",
                                                     "diffusion", "ssm", "encoder"};
static const char *const class_names[MS_NHWCLASS] = {"cloud", "workstation", "edge", "mobile",
                                                     "mcu"};
static const char *const recompute_names[3] = {"none", "selective", "full"};

static int find_name(const char *const *names, int n, const char *name) {
    if (!name) return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0) return i;
    return -1;
}

const char *ms_precision_name(int p) {
    return (p >= 0 && p < MS_NPREC) ? precision_names[p] : 0;
}
int ms_precision_from_name(const char *name) {
    return find_name(precision_names, MS_NPREC, name);
}
double ms_precision_bytes(int p) {
    return (p >= 0 && p < MS_NPREC) ? precision_bytes[p] : 0.0;
}

const char *ms_status_name(int s) {
    if (s == MS_NOT_COMPUTED) return "not-computed";
    return (s >= 0 && s < MS_NSTATUS) ? status_names[s] : "unknown";
}
const char *ms_status_description(int s) {
    if (s == MS_NOT_COMPUTED) return "not yet evaluated";
    return (s >= 0 && s < MS_NSTATUS) ? status_desc[s] : "unknown status";
}
const char *ms_bottleneck_name(int b) {
    return (b >= 0 && b < MS_NBOTTLENECK) ? bottleneck_names[b] : "unknown";
}
const char *ms_model_family_name(int f) {
    return (f >= 0 && f < MS_NFAMILY) ? family_names[f] : 0;
}
int ms_model_family_from_name(const char *name) {
    return find_name(family_names, MS_NFAMILY, name);
}
const char *ms_hw_class_name(int c) {
    return (c >= 0 && c < MS_NHWCLASS) ? class_names[c] : 0;
}
int ms_hw_class_from_name(const char *name) {
    return find_name(class_names, MS_NHWCLASS, name);
}
const char *ms_recompute_name(int r) {
    return (r >= 0 && r < 3) ? recompute_names[r] : 0;
}
int ms_recompute_from_name(const char *name) {
    return find_name(recompute_names, 3, name);
}
