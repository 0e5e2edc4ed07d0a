/* plan.h - the immutable sweep plan: a job file resolved against the registries.
 *
 * The plan holds everything the executor needs and nothing it could still get wrong: the axes
 * with their resolved values (registry pointers, enum codes, numbers), the fixed settings as a
 * base point, the constraints, the metrics to store, the output settings, the grid's shape and
 * its chunking. It is built once (job.c), checked completely, and never changed afterwards. */
#ifndef MS_PLAN_H
#define MS_PLAN_H
#include "mlsweep.h"
#include "params.h"
#include "registry.h"

#include <stddef.h>
#include <stdint.h>

#define MS_PLAN_MAX_AXES 16
/* A grid larger than this is almost surely a typo (10^12 points is ~4 TB per float32 metric). */
#define MS_PLAN_MAX_POINTS 1000000000000ULL
/* Default and largest points per HDF5 chunk (docs/file-format.md: "about 2^20 at most"). */
#define MS_PLAN_CHUNK_POINTS     (1u << 18)
#define MS_PLAN_CHUNK_POINTS_MAX (1u << 20)
/* Upper bound on the metrics one file stores (the catalogue has about 50). */
#define MS_METRIC_MAX_STORED 128

typedef enum ms_axis_kind {
    MS_AX_NUMBER,  /* double or int field: vals[] */
    MS_AX_ENUM,    /* int field with names: vals[] holds the codes, names[] the names */
    MS_AX_REGISTRY /* pointer field: ptrs[] holds the entries, names[] their keys */
} ms_axis_kind;

typedef struct ms_axis {
    const ms_param *prm;
    ms_axis_kind kind;
    size_t n;
    double *vals;      /* MS_AX_NUMBER / MS_AX_ENUM */
    const void **ptrs; /* MS_AX_REGISTRY */
    char **names;      /* MS_AX_ENUM / MS_AX_REGISTRY: coordinate labels */
    int line;          /* where the job file defines it */
} ms_axis;

typedef enum ms_cmp { MS_CMP_LE, MS_CMP_LT, MS_CMP_GE, MS_CMP_GT } ms_cmp;

typedef struct ms_constraint {
    const ms_metric_info *metric;
    ms_cmp op;
    double value;
} ms_constraint;

typedef struct ms_plan {
    char *job_path;
    char *job_text; /* the file's full text (provenance, resume check) */
    char *name;
    int mode; /* ms_mode */
    ms_registry reg;
    ms_point base;  /* fixed settings (workload, fleet) applied to defaults */
    int gpus_fixed; /* gpus given as axis or setting; otherwise train derives tp*pp*cp */

    size_t n_axes;
    ms_axis axes[MS_PLAN_MAX_AXES];
    int region_axis; /* index of the region axis, -1 if none (the staging axis) */
    uint64_t points;

    ms_constraint *constraints;
    size_t n_constraints;

    const ms_metric_info **metrics;
    size_t n_metrics;

    /* output */
    char *out_file;
    int deflate_level; /* -1 = no compression */
    int shuffle;
    int float64;

    /* shard of a job array (mlsweep run --shard K --shards N): axis 0 holds only
       [shard_start, shard_start + shard_count) of its values; shards = 0: not a shard */
    long shard, shards;
    uint64_t shard_start, shard_count;

    /* chunking (docs/file-format.md) */
    uint64_t chunk_target; /* points per chunk aimed at (output.chunk_points) */
    uint64_t chunk[MS_PLAN_MAX_AXES];
    uint64_t chunk_grid[MS_PLAN_MAX_AXES]; /* chunks along each axis */
    uint64_t n_chunks;

    /* streaming Pareto frontier, output.pareto (analysis/run_pareto.c); pareto_k = 0: none */
    int pareto_k;
    int pareto_metric[16]; /* index into metrics[] */
    int pareto_max[16];    /* 1 = maximize */
} ms_plan;

/* Parse and validate a job file (job.c). extra: --registry files. Returns 0, or -1 with a
 * one-line "FILE:LINE: message" in err. On failure the plan is freed. */
int ms_plan_load(ms_plan *pl, const char *path, const char *config_dir, const char *const *extra,
                 size_t n_extra, char *err, size_t errlen);
void ms_plan_free(ms_plan *pl);

/* Restrict the plan to shard k of n: the outermost axis is cut into n balanced contiguous
 * ranges, the first (values % n) one value longer (the definition `mlsweep submit` and
 * `mlsweep merge` use). Returns 0, or -1 with a message. */
int ms_plan_restrict_shard(ms_plan *pl, long k, long n, char *err, size_t errlen);

/* ---- geometry (plan.c) ------------------------------------------------------------------- */
/* Chooses the chunk shape for the plan's axes (trailing axes whole, leading ones split). */
void ms_plan_chunking(ms_plan *pl);
/* Box of chunk k: start and count along each axis; returns its number of points. */
uint64_t ms_plan_chunk_box(const ms_plan *pl, uint64_t k, uint64_t *start, uint64_t *count);
/* Static balanced decomposition: of the chunks todo[0..n) (in dealing order), rank r of R gets
 * a contiguous run chosen so that every rank holds about the same number of points;
 * [*first, *last) is the run of the ranks lo..hi-1 together (hi = lo + 1: rank lo's alone). */
void ms_plan_decompose(const ms_plan *pl, const uint64_t *todo, size_t n, int lo, int hi,
                       int nranks, size_t *first, size_t *last);

/* ---- evaluation (plan.c) ----------------------------------------------------------------- */
/* Set axis a to its i-th value in p. */
void ms_plan_apply(const ms_plan *pl, size_t a, uint64_t i, ms_point *p);
/* Derived settings after the axes: calibration of the hardware, train gpus = tp*pp*cp. */
void ms_plan_finish_point(const ms_plan *pl, ms_point *p);
/* Apply the job's constraints to a solved point: violators get status sla, bottleneck sla. */
void ms_plan_constrain(const ms_plan *pl, ms_result *r);
/* Evaluate every point of chunk k into buffers laid out as the chunk's box in C order:
 * metric m of local point j goes to metric_bufs[m] (float or double per pl->float64).
 * Uses OpenMP threads. Returns the number of points with status ok. With metric_bufs NULL
 * nothing is stored (bench/: the solver's own throughput). */
uint64_t ms_plan_eval_chunk(const ms_plan *pl, uint64_t k, void *const *metric_bufs,
                            uint8_t *status, uint8_t *bottleneck);
/* The same, with beside(arg) run once by the master thread at the start, while the other
 * threads already evaluate (all of them with one thread: beside first, then the chunk). The
 * sweep writes the previous chunk so; beside must not touch these buffers. */
uint64_t ms_plan_eval_chunk_beside(const ms_plan *pl, uint64_t k, void *const *metric_bufs,
                                   uint8_t *status, uint8_t *bottleneck, void (*beside)(void *),
                                   void *arg);
#endif
