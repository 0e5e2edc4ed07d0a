/* plan.c - grid geometry (chunks, decomposition) and the evaluation of one chunk.
 *
 * Every point's values depend only on its coordinates, never on which rank or thread computed
 * it, so the stored tensors are bit-identical for any number of ranks and threads. */
#include "plan.h"

#include <math.h>
#include <omp.h>
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

void ms_plan_decompose(const ms_plan *pl, const uint64_t *todo, size_t n, int rank, int nranks,
                       size_t *first, size_t *last) {
    uint64_t start[MS_PLAN_MAX_AXES], count[MS_PLAN_MAX_AXES];
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) total += ms_plan_chunk_box(pl, todo[i], start, count);
    /* chunk i goes to the rank whose share of the points holds the chunk's first point */
    uint64_t before = 0;
    *first = *last = 0;
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        int owner = total ? (int)((__uint128_t)before * (unsigned)nranks / total) : 0;
        if (owner == rank && !seen) {
            *first = i;
            seen = 1;
        }
        if (owner == rank) *last = i + 1;
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

void ms_plan_constrain(const ms_plan *pl, ms_result *r) {
    if (r->status != MS_OK && r->status != MS_NO_PRICE) return;
    for (size_t c = 0; c < pl->n_constraints; c++) {
        const ms_constraint *k = &pl->constraints[c];
        double v = ms_metric_get(r, k->metric);
        int ok;
        if (isnan(v)) continue; /* not computable here (e.g. no price): nothing to violate */
        switch (k->op) {
        case MS_CMP_LE:
            ok = v <= k->value;
            break;
        case MS_CMP_LT:
            ok = v < k->value;
            break;
        case MS_CMP_GE:
            ok = v >= k->value;
            break;
        default:
            ok = v > k->value;
            break;
        }
        if (!ok) {
            r->status = MS_SLA;
            r->bottleneck = MS_BN_SLA;
            r->reason = "violates a constraint of the job";
            return;
        }
    }
}

static void store(const ms_plan *pl, const size_t *off, const ms_result *r, uint64_t j,
                  void *const *bufs, uint8_t *status, uint8_t *bottleneck) {
    const char *base = (const char *)r;
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

uint64_t ms_plan_eval_chunk(const ms_plan *pl, uint64_t k, void *const *bufs, uint8_t *status,
                            uint8_t *bottleneck) {
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
    uint64_t feasible = 0;
#pragma omp parallel for schedule(dynamic, 16) reduction(+ : feasible)
    for (uint64_t o = 0; o < outer; o++) {
        ms_point p = pl->base;
        uint64_t rem = o, base = 0;
        for (size_t i = N; i-- > 0;) {
            if ((int)i == ra) continue;
            uint64_t c = rem % count[i];
            rem /= count[i];
            base += c * lstride[i];
            ms_plan_apply(pl, i, start[i] + c, &p);
        }
        ms_plan_finish_point(pl, &p);
        ms_result r;
        ms_solve_core(&p, &r);
        if (ra < 0) {
            ms_solve_region(&p, p.region, &r);
            ms_plan_constrain(pl, &r);
            feasible += r.status == MS_OK;
            store(pl, off, &r, base, bufs, status, bottleneck);
            continue;
        }
        /* the region stage rewrites energy_j (IT -> facility), status, bottleneck and reason
           in place: restore them before each region (tests/engine checks this equals
           ms_solve for every region) */
        const double it_j = r.energy_j;
        const uint8_t st = r.status, bn = r.bottleneck;
        const char *why = r.reason;
        const ms_region *const *regs = (const ms_region *const *)(const void *)pl->axes[ra].ptrs;
        for (uint64_t j = 0; j < nreg; j++) {
            r.energy_j = it_j;
            r.status = st;
            r.bottleneck = bn;
            r.reason = why;
            p.region = regs[start[ra] + j];
            ms_solve_region(&p, p.region, &r);
            ms_plan_constrain(pl, &r);
            feasible += r.status == MS_OK;
            store(pl, off, &r, base + j * lstride[ra], bufs, status, bottleneck);
        }
    }
    return feasible;
}
