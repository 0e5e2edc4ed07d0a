/* pareto.c - exact Pareto frontiers: the batch filter (sort + sweep for two objectives,
 * sort-filter-skyline for more) and the incremental object of pareto_stream.h built on it. */
#include "pareto_stream.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- batch filter ------------------------------------------------------------------------ */

/* Lexicographic order on (v row, id): a total order once NaN rows are gone (-0 == +0). */
static int row_cmp(const double *v, const uint64_t *ids, int k, size_t a, size_t b) {
    const double *x = v + a * (size_t)k, *y = v + b * (size_t)k;
    for (int j = 0; j < k; j++) {
        if (x[j] < y[j]) return -1;
        if (x[j] > y[j]) return 1;
    }
    return (ids[a] > ids[b]) - (ids[a] < ids[b]);
}

/* Bottom-up merge sort of an index permutation (stable, O(n log n), no recursion). */
static void sort_perm(size_t *perm, size_t *tmp, size_t n, const double *v, const uint64_t *ids,
                      int k) {
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                tmp[o++] = row_cmp(v, ids, k, perm[j], perm[i]) < 0 ? perm[j++] : perm[i++];
            while (i < mid) tmp[o++] = perm[i++];
            while (j < hi) tmp[o++] = perm[j++];
        }
        memcpy(perm, tmp, n * sizeof *perm);
    }
}

/* a dominates b (minimization): a <= b everywhere and a < b somewhere. */
static int dominates(const double *a, const double *b, int k) {
    int strict = 0;
    for (int j = 0; j < k; j++) {
        if (a[j] > b[j]) return 0;
        if (a[j] < b[j]) strict = 1;
    }
    return strict;
}

static int row_equal(const double *a, const double *b, int k) {
    for (int j = 0; j < k; j++)
        if (a[j] != b[j]) return 0;
    return 1;
}

size_t ms_pareto_filter(size_t n, int k, double *v, uint64_t *ids, int unique) {
    if (k < 1 || n == 0) return 0;
    const size_t ku = (size_t)k;
    /* drop rows with a NaN objective (they are never on the frontier) */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int bad = 0;
        for (size_t j = 0; j < ku; j++) bad |= isnan(v[i * ku + j]);
        if (bad) continue;
        if (m != i) {
            memmove(v + m * ku, v + i * ku, ku * sizeof *v);
            ids[m] = ids[i];
        }
        m++;
    }
    if (m == 0) return 0;
    size_t *perm = malloc(m * sizeof *perm), *tmp = malloc(m * sizeof *tmp);
    double *vv = malloc(m * ku * sizeof *vv);
    uint64_t *ii = malloc(m * sizeof *ii);
    if (!perm || !tmp || !vv || !ii) {
        free(perm), free(tmp), free(vv), free(ii);
        return (size_t)-1;
    }
    for (size_t i = 0; i < m; i++) perm[i] = i;
    sort_perm(perm, tmp, m, v, ids, k);
    /* keep[] reuses tmp: the sorted positions that survive, in order */
    size_t nk = 0;
    if (k == 1) {
        for (size_t i = 0; i < m && v[perm[i]] == v[perm[0]]; i++) tmp[nk++] = perm[i];
    } else if (k == 2) {
        /* Sweep groups of equal first objective in ascending order. Within a group only the
         * rows with the group's smallest second objective survive, and only if that value is
         * strictly below the best second objective of every earlier group (a row there has a
         * strictly smaller first objective, so an equal second objective already dominates). */
        int have_best = 0;
        double best = 0;
        for (size_t g = 0; g < m;) {
            double f0 = v[perm[g] * 2], gmin = v[perm[g] * 2 + 1];
            size_t e = g;
            while (e < m && v[perm[e] * 2] == f0) e++;
            if (!have_best || gmin < best) {
                for (size_t i = g; i < e && v[perm[i] * 2 + 1] == gmin; i++) tmp[nk++] = perm[i];
                best = gmin;
                have_best = 1;
            }
            g = e;
        }
    } else {
        /* Sort-filter-skyline: in lexicographic order no row is dominated by a later one, so
         * a row is on the frontier iff no frontier row found so far dominates it. */
        for (size_t i = 0; i < m; i++) {
            const double *p = v + perm[i] * ku;
            int dom = 0;
            for (size_t w = nk; w-- > 0 && !dom;) dom = dominates(v + tmp[w] * ku, p, k);
            if (!dom) tmp[nk++] = perm[i];
        }
    }
    size_t out = 0;
    for (size_t i = 0; i < nk; i++) {
        const double *p = v + tmp[i] * ku;
        if (unique && out > 0 && row_equal(vv + (out - 1) * ku, p, k)) continue;
        memcpy(vv + out * ku, p, ku * sizeof *v);
        ii[out++] = ids[tmp[i]];
    }
    memcpy(v, vv, out * ku * sizeof *v);
    memcpy(ids, ii, out * sizeof *ids);
    free(perm), free(tmp), free(vv), free(ii);
    return out;
}

/* ---- incremental object ------------------------------------------------------------------ */

struct ms_pareto {
    int k, unique;
    double sign[MS_PARETO_MAX_OBJ]; /* +1 minimize, -1 maximize: v = sign * value */
    double *v;                      /* rows [0, front) are the reduced frontier, sorted */
    uint64_t *ids;
    size_t n, front, cap;
    size_t hint; /* frontier row that last rejected a point (k >= 3) */
    uint64_t offered;
};

ms_pareto *ms_pareto_new(int k, const int *maximize) {
    if (k < 2 || k > MS_PARETO_MAX_OBJ) return NULL;
    ms_pareto *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->k = k;
    for (int j = 0; j < k; j++) p->sign[j] = maximize && maximize[j] ? -1.0 : 1.0;
    p->cap = 4096;
    p->v = malloc(p->cap * (size_t)k * sizeof *p->v);
    p->ids = malloc(p->cap * sizeof *p->ids);
    if (!p->v || !p->ids) {
        ms_pareto_free(p);
        return NULL;
    }
    return p;
}

void ms_pareto_free(ms_pareto *p) {
    if (!p) return;
    free(p->v);
    free(p->ids);
    free(p);
}

void ms_pareto_set_unique(ms_pareto *p, int unique) {
    p->unique = unique != 0;
}
int ms_pareto_objectives(const ms_pareto *p) {
    return p->k;
}
uint64_t ms_pareto_offered(const ms_pareto *p) {
    return p->offered;
}
size_t ms_pareto_held(const ms_pareto *p) {
    return p->n;
}

/* Is x (minimization space) dominated by the reduced frontier? A cheap early rejection: exact,
 * because the frontier only ever loses points to points that dominate them. */
static int front_dominates(ms_pareto *p, const double *x) {
    const size_t k = (size_t)p->k;
    if (p->front == 0) return 0;
    if (p->k == 2) {
        /* the frontier is a staircase: first objective ascending, second descending. The last
         * row with v0 <= x0 has the smallest v1 of all rows that could dominate x. */
        size_t lo = 0, hi = p->front;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (p->v[mid * 2] <= x[0])
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0) return 0;
        const double *f = p->v + (lo - 1) * 2;
        return f[1] < x[1] || (f[1] == x[1] && f[0] < x[0]);
    }
    /* the row that rejected the previous point first: neighbouring points of a chunk are
     * usually dominated by the same frontier row, which makes most rejections O(k) */
    if (p->hint < p->front && dominates(p->v + p->hint * k, x, p->k)) return 1;
    for (size_t i = 0; i < p->front; i++)
        if (dominates(p->v + i * k, x, p->k)) {
            p->hint = i;
            return 1;
        }
    return 0;
}

static int reduce(ms_pareto *p) {
    size_t m = ms_pareto_filter(p->n, p->k, p->v, p->ids, p->unique);
    if (m == (size_t)-1) return -1;
    p->n = p->front = m;
    return 0;
}

static int grow(ms_pareto *p) {
    size_t cap = p->cap * 2;
    double *v = realloc(p->v, cap * (size_t)p->k * sizeof *v);
    if (!v) return -1;
    p->v = v;
    uint64_t *ids = realloc(p->ids, cap * sizeof *ids);
    if (!ids) return -1;
    p->ids = ids;
    p->cap = cap;
    return 0;
}

int ms_pareto_add(ms_pareto *p, uint64_t id, const double *obj) {
    const size_t k = (size_t)p->k;
    double x[MS_PARETO_MAX_OBJ];
    p->offered++;
    for (size_t j = 0; j < k; j++) {
        if (isnan(obj[j])) return 0;
        x[j] = p->sign[j] * obj[j];
    }
    if (front_dominates(p, x)) return 0;
    if (p->n == p->cap) {
        if (reduce(p)) return -1;
        /* keep reductions amortized: the buffer stays at least twice the frontier */
        if (p->n * 2 > p->cap && grow(p)) return -1;
        if (front_dominates(p, x)) return 0;
    }
    memcpy(p->v + p->n * k, x, k * sizeof *x);
    p->ids[p->n++] = id;
    return 0;
}

int ms_pareto_add_many(ms_pareto *p, size_t n, const uint64_t *ids, const double *obj) {
    for (size_t i = 0; i < n; i++)
        if (ms_pareto_add(p, ids[i], obj + i * (size_t)p->k)) return -1;
    return 0;
}

int ms_pareto_merge(ms_pareto *dst, ms_pareto *src) {
    if (dst->k != src->k) return -1;
    for (int j = 0; j < dst->k; j++)
        if (dst->sign[j] != src->sign[j]) return -1;
    ms_pareto_finish(src);
    double x[MS_PARETO_MAX_OBJ];
    for (size_t i = 0; i < src->front; i++) {
        uint64_t id;
        ms_pareto_get(src, i, &id, x);
        if (ms_pareto_add(dst, id, x)) return -1;
    }
    dst->offered += src->offered - src->front; /* count what src saw, not what it passed on */
    return 0;
}

size_t ms_pareto_finish(ms_pareto *p) {
    if (p->n != p->front && reduce(p)) return (size_t)-1;
    return p->front;
}

void ms_pareto_get(const ms_pareto *p, size_t i, uint64_t *id, double *obj) {
    const size_t k = (size_t)p->k;
    if (id) *id = p->ids[i];
    if (obj)
        for (size_t j = 0; j < k; j++) obj[j] = p->sign[j] * p->v[i * k + j];
}
