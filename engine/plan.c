/* plan.c - grid geometry (chunks, decomposition) and the evaluation of one chunk.
 *
 * Every point's values depend only on its coordinates, never on which rank or thread computed
 * it, so the stored tensors are bit-identical for any number of ranks and threads. */
#include "plan.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ms_plan_chunking(ms_plan *pl) {
    uint64_t prod = 1, target = pl->chunk_target ? pl->chunk_target : MS_PLAN_CHUNK_POINTS;
    size_t N = pl->n_axes;
    for (size_t i = 0; i < N; i++) pl->chunk[i] = 1;
    /* trailing axes whole while they fit, then the next axis split to fill the chunk */
    for (size_t i = N; i-- > 0;) {
        uint64_t n = pl->axes[i].n;
        if (prod * n <= target) {
            pl->chunk[i] = n;
            prod *= n;
        } else {
            uint64_t c = target / prod;
            pl->chunk[i] = c ? c : 1;
            break;
        }
    }
    pl->n_chunks = 1;
    for (size_t i = 0; i < N; i++) {
        pl->chunk_grid[i] = (pl->axes[i].n + pl->chunk[i] - 1) / pl->chunk[i];
        pl->n_chunks *= pl->chunk_grid[i];
    }
}

int ms_plan_restrict_shard(ms_plan *pl, long k, long n, char *err, size_t errlen) {
    ms_axis *ax = &pl->axes[0];
    if (n < 1 || k < 0 || k >= n) {
        snprintf(err, errlen, "shard %ld of %ld does not exist: shards are numbered 0..%ld", k, n,
                 n - 1);
        return -1;
    }
    if ((uint64_t)n > ax->n) {
        snprintf(err, errlen, "%ld shards but the outermost axis '%s' has only %zu values", n,
                 ax->prm->name, ax->n);
        return -1;
    }
    uint64_t base = ax->n / (uint64_t)n, extra = ax->n % (uint64_t)n, uk = (uint64_t)k;
    uint64_t start = uk * base + (uk < extra ? uk : extra), count = base + (uk < extra ? 1 : 0);
    for (size_t i = 0; ax->names && i < ax->n; i++)
        if (i < start || i >= start + count) free(ax->names[i]);
    memmove(ax->vals, ax->vals + start, count * sizeof *ax->vals);
    memmove(ax->ptrs, ax->ptrs + start, count * sizeof *ax->ptrs);
    if (ax->names) memmove(ax->names, ax->names + start, count * sizeof *ax->names);
    ax->n = count;
    uint64_t pts = 1;
    for (size_t i = 0; i < pl->n_axes; i++) pts *= pl->axes[i].n;
    pl->points = pts;
    pl->shard = k;
    pl->shards = n;
    pl->shard_start = start;
    pl->shard_count = count;
    ms_plan_chunking(pl);
    return 0;
}

uint64_t ms_plan_chunk_box(const ms_plan *pl, uint64_t k, uint64_t *start, uint64_t *count) {
    uint64_t pts = 1;
    for (size_t i = pl->n_axes; i-- > 0;) {
        uint64_t c = k % pl->chunk_grid[i];
        k /= pl->chunk_grid[i];
        start[i] = c * pl->chunk[i];
        uint64_t left = pl->axes[i].n - start[i];
        count[i] = left < pl->chunk[i] ? left : pl->chunk[i];
        pts *= count[i];
    }
    return pts;
}

void ms_plan_decompose(const ms_plan *pl, const uint64_t *todo, size_t n, int lo, int hi,
                       int nranks, size_t *first, size_t *last) {
    uint64_t start[MS_PLAN_MAX_AXES], count[MS_PLAN_MAX_AXES];
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += ms_plan_chunk_box(pl, todo[i], start, count);
    /* chunk i goes to the rank whose share of the points holds the chunk's first point; owners
       rise with i, so the chunks of the ranks [lo, hi) are one run */
    uint64_t before = 0;
    *first = *last = 0;
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        int owner = total ? (int)((__uint128_t)before * (unsigned)nranks / total) : 0;
        if (owner >= lo && owner < hi) {
            if (!seen) *first = i;
            seen = 1;
            *last = i + 1;
        }
        before += ms_plan_chunk_box(pl, todo[i], start, count);
    }
    if (!seen) *first = *last = 0;
}

void ms_plan_apply(const ms_plan *pl, size_t a, uint64_t i, ms_point *p) {
    const ms_axis *ax = &pl->axes[a];
    char *f = (char *)p + ax->prm->off;
    if (ax->kind == MS_AX_REGISTRY)
        *(const void **)(void *)f = ax->ptrs[i];
    else if (ax->prm->is_int)
        *(int *)(void *)f = (int)ax->vals[i];
    else
        *(double *)(void *)f = ax->vals[i];
}

void ms_plan_finish_point(const ms_plan *pl, ms_point *p) {
    p->calib = ms_registry_calib_for(&pl->reg, p->hw);
    if (!pl->gpus_fixed && p->mode == MS_MODE_TRAIN) p->gpus = p->tp * p->pp * p->cp;
}

/* Does value v break constraint k? NaN breaks nothing: not computable here (e.g. no price). */
static int violates(const ms_constraint *k, double v) {
    if (isnan(v)) return 0;
    switch (k->op) {
    case MS_CMP_LE:
        return !(v <= k->value);
    case MS_CMP_LT:
        return !(v < k->value);
    case MS_CMP_GE:
        return !(v >= k->value);
    default:
        return !(v > k->value);
    }
}

static void mark_violation(ms_result *r) {
    r->status = MS_SLA;
    r->bottleneck = MS_BN_SLA;
    r->reason = "violates a constraint of the job";
}

void ms_plan_constrain(const ms_plan *pl, ms_result *r) {
    if (r->status != MS_OK && r->status != MS_NO_PRICE) return;
    for (size_t c = 0; c < pl->n_constraints; c++)
        if (violates(&pl->constraints[c], ms_metric_get(r, pl->constraints[c].metric))) {
            mark_violation(r);
            return;
        }
}

/* The fields ms_solve_region writes (solvers/economics.c); every other metric is fixed before
   the region. tests/engine/test_job.c compares the staged evaluation with ms_solve on every
   metric, so a solver change that breaks this list fails there. */
static int region_index(const ms_metric_info *m) {
    for (int k = 0; k < MS_REGION_METRIC_COUNT; k++)
        if (strcmp(m->name, ms_region_metric_names[k]) == 0) return k;
    return -1;
}

static void store(const ms_plan *pl, const size_t *off, const ms_result *r, uint64_t j,
                  void *const *bufs, uint8_t *status, uint8_t *bottleneck) {
    const char *base = (const char *)r;
    if (!bufs) return; /* bench: the solver alone */
    /* the file format promises NaN metrics where a point is infeasible (the solver may have
       filled some before finding, e.g., that the point does not fit in memory) */
    if (r->status != MS_OK && r->status != MS_SLA && r->status != MS_NO_PRICE) {
        for (size_t m = 0; m < pl->n_metrics; m++) {
            if (pl->float64)
                ((double *)bufs[m])[j] = NAN;
            else
                ((float *)bufs[m])[j] = NAN;
        }
    } else if (pl->float64)
        for (size_t m = 0; m < pl->n_metrics; m++)
            ((double *)bufs[m])[j] = *(const double *)(const void *)(base + off[m]);
    else
        for (size_t m = 0; m < pl->n_metrics; m++)
            ((float *)bufs[m])[j] = (float)*(const double *)(const void *)(base + off[m]);
    status[j] = r->status;
    bottleneck[j] = r->bottleneck;
}

#define REGION_BLOCK 256 /* regions per ms_solve_regions call: 16 KiB of values on the stack */

uint64_t ms_plan_eval_chunk_beside(const ms_plan *pl, uint64_t k, void *const *bufs,
                                   uint8_t *status, uint8_t *bottleneck, void (*beside)(void *),
                                   void *arg) {
    uint64_t start[MS_PLAN_MAX_AXES], count[MS_PLAN_MAX_AXES], lstride[MS_PLAN_MAX_AXES];
    const size_t N = pl->n_axes;
    ms_plan_chunk_box(pl, k, start, count);
    uint64_t s = 1;
    for (size_t i = N; i-- > 0;) {
        lstride[i] = s;
        s *= count[i];
    }
    /* region innermost whatever its place in the file: one core solve per other coordinate,
       then the cheap region stage per region, scattered to the region's stride */
    const int ra = pl->region_axis;
    const uint64_t nreg = ra >= 0 ? count[ra] : 1;
    const uint64_t outer = s / nreg;
    size_t off[MS_METRIC_MAX_STORED];
    for (size_t m = 0; m < pl->n_metrics; m++) off[m] = pl->metrics[m]->offset;
    size_t inv[MS_METRIC_MAX_STORED], dep[MS_METRIC_MAX_STORED], n_inv = 0, n_dep = 0;
    int dep_k[MS_METRIC_MAX_STORED];
    for (size_t m = 0; m < pl->n_metrics; m++) {
        const int rk = region_index(pl->metrics[m]);
        if (rk >= 0)
            dep_k[n_dep] = rk, dep[n_dep++] = m;
        else
            inv[n_inv++] = m;
    }
    /* the constraints on region metrics, and which of ms_solve_regions' rows each reads (at
       most one per metric: a job's constraint keys are unique, the YAML loader refuses repeats) */
    size_t rcon[MS_REGION_METRIC_COUNT], n_rcon = 0;
    int rcon_k[MS_REGION_METRIC_COUNT];
    uint8_t on_region[MS_METRIC_MAX_STORED]; /* per constraint (the first so many) */
    for (size_t c = 0; c < pl->n_constraints && c < MS_METRIC_MAX_STORED; c++)
        on_region[c] = region_index(pl->constraints[c].metric) >= 0;
    for (size_t c = 0; c < pl->n_constraints && n_rcon < MS_REGION_METRIC_COUNT; c++) {
        const int rk = region_index(pl->constraints[c].metric);
        if (rk >= 0) rcon_k[n_rcon] = rk, rcon[n_rcon++] = c;
    }
    uint64_t feasible = 0;
    /* A thread's task: at least 64 rows and ~1024 points. Smaller tasks cost 2-thread scaling
       dearly on grids without a region axis (1.43x with 64 one-point rows, 1.9x from 256 on,
       bench/scale.yaml): each task pays a shared-counter fetch, a fresh stage and memo, and the
       cache lines its two ends share with the neighbouring tasks in every metric buffer. */
    const uint64_t rows = nreg >= 16 ? 64 : 1024 / nreg, nblocks = (outer + rows - 1) / rows;
#pragma omp parallel reduction(+ : feasible)
    {
        /* the master thread does the caller's other work first (the sweep writes the previous
           chunk), then joins the others, which have started on the blocks meanwhile */
        if (beside) {
#pragma omp master
            beside(arg);
        }
#pragma omp for schedule(dynamic, 1)
        for (uint64_t b = 0; b < nblocks; b++) {
            /* an odometer over the non-region coordinates: the block's first row is decoded once,
               then each step re-applies only the axes that changed (usually the innermost one)
               instead of dividing out every coordinate and rebuilding the point */
            uint64_t c[MS_PLAN_MAX_AXES] = {0}, rem = b * rows, base = 0;
            ms_point p = pl->base;
            ms_stage stage; /* what the block's model, hardware and parallelism fix, reused */
            ms_stage_init(&stage);
            for (size_t i = N; i-- > 0;) {
                if ((int)i == ra) continue;
                c[i] = rem % count[i];
                rem /= count[i];
                base += c[i] * lstride[i];
                ms_plan_apply(pl, i, start[i] + c[i], &p);
            }
            const uint64_t o_end = (b + 1) * rows < outer ? (b + 1) * rows : outer;
            for (uint64_t o = b * rows; o < o_end; o++) {
                if (o > b * rows)
                    for (size_t i = N; i-- > 0;) {
                        if ((int)i == ra) continue;
                        base += lstride[i];
                        if (++c[i] < count[i]) {
                            ms_plan_apply(pl, i, start[i] + c[i], &p);
                            break;
                        }
                        base -= c[i] * lstride[i];
                        c[i] = 0;
                        ms_plan_apply(pl, i, start[i], &p);
                    }
                p.region = pl->base.region; /* the core never sees the previous row's region */
                ms_plan_finish_point(pl, &p);
                ms_result r;
                ms_solve_core_staged(&p, &stage, &r);
                if (ra < 0) {
                    ms_solve_region(&p, p.region, &r);
                    ms_plan_constrain(pl, &r);
                    feasible += r.status == MS_OK;
                    store(pl, off, &r, base, bufs, status, bottleneck);
                    continue;
                }
                const uint8_t st = r.status, bn = r.bottleneck;
                const ms_region *const *regs =
                    (const ms_region *const *)(const void *)pl->axes[ra].ptrs;
                const uint64_t rs = lstride[ra];
                if (st != MS_OK && st != MS_SLA && st != MS_NO_PRICE) {
                    /* infeasible whatever the region: the row is NaN with the core's status (one
                       metric at a time: a strided fill, where store() would gather a whole point)
                     */
                    for (size_t m = 0; bufs && m < pl->n_metrics; m++) {
                        if (pl->float64)
                            for (uint64_t j = 0; j < nreg; j++)
                                ((double *)bufs[m])[base + j * rs] = NAN;
                        else
                            for (uint64_t j = 0; j < nreg; j++)
                                ((float *)bufs[m])[base + j * rs] = NAN;
                    }
                    for (uint64_t j = 0; j < nreg; j++) {
                        status[base + j * rs] = st;
                        bottleneck[base + j * rs] = bn;
                    }
                    continue;
                }
                int row_broken = 0; /* a constraint on a metric the region cannot change */
                for (size_t ci = 0; ci < pl->n_constraints; ci++)
                    if (ci < MS_METRIC_MAX_STORED ? !on_region[ci]
                                                  : region_index(pl->constraints[ci].metric) < 0)
                        row_broken |= violates(&pl->constraints[ci],
                                               ms_metric_get(&r, pl->constraints[ci].metric));
                /* metrics the region cannot change are converted once and copied along the row */
                for (size_t q = 0; bufs && q < n_inv; q++) {
                    const double v =
                        *(const double *)(const void *)((const char *)&r + off[inv[q]]);
                    if (pl->float64)
                        for (uint64_t j = 0; j < nreg; j++)
                            ((double *)bufs[inv[q]])[base + j * rs] = v;
                    else {
                        const float f = (float)v;
                        for (uint64_t j = 0; j < nreg; j++)
                            ((float *)bufs[inv[q]])[base + j * rs] = f;
                    }
                }
                /* the region stage a block of regions at a time, into a row of values per metric */
                for (uint64_t j0 = 0; j0 < nreg; j0 += REGION_BLOCK) {
                    const size_t nb = nreg - j0 < REGION_BLOCK ? (size_t)(nreg - j0) : REGION_BLOCK;
                    double vals[MS_REGION_METRIC_COUNT * REGION_BLOCK];
                    uint8_t rst[REGION_BLOCK], rbn[REGION_BLOCK];
                    ms_solve_regions(&p, regs + start[ra] + j0, nb, &r, vals, rst);
                    /* the job's constraints, as ms_plan_constrain on each region's result: those on
                       metrics the region cannot change were decided once for the row */
                    for (size_t j = 0; j < nb; j++) {
                        rbn[j] = bn;
                        if (rst[j] != MS_OK && rst[j] != MS_NO_PRICE) continue;
                        int broken = row_broken;
                        for (size_t ci = 0; !broken && ci < n_rcon; ci++)
                            broken = violates(&pl->constraints[rcon[ci]],
                                              vals[(size_t)rcon_k[ci] * nb + j]);
                        if (broken) rst[j] = MS_SLA, rbn[j] = MS_BN_SLA;
                    }
                    const uint64_t at0 = base + j0 * rs;
                    for (size_t q = 0; bufs && q < n_dep; q++) {
                        const double *v = vals + (size_t)dep_k[q] * nb;
                        if (pl->float64)
                            for (size_t j = 0; j < nb; j++)
                                ((double *)bufs[dep[q]])[at0 + j * rs] = v[j];
                        else
                            for (size_t j = 0; j < nb; j++)
                                ((float *)bufs[dep[q]])[at0 + j * rs] = (float)v[j];
                    }
                    for (size_t j = 0; j < nb; j++) {
                        status[at0 + j * rs] = rst[j];
                        bottleneck[at0 + j * rs] = rbn[j];
                        feasible += rst[j] == MS_OK;
                    }
                }
            }
        }
    }
    return feasible;
}

uint64_t ms_plan_eval_chunk(const ms_plan *pl, uint64_t k, void *const *bufs, uint8_t *status,
                            uint8_t *bottleneck) {
    return ms_plan_eval_chunk_beside(pl, k, bufs, status, bottleneck, NULL, NULL);
}
