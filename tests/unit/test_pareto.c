/* test_pareto.c - the frontier (batch filter and incremental object) against a brute-force
 * O(n^2) definition on hand-made, random and adversarial inputs: ties, duplicates, NaN, +-inf,
 * all-equal, one point, 2/3/4 objectives, maximized objectives, any arrival order and any split
 * into merged objects. */
#include "check.h"
#include "pareto_stream.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}
static double uni(void) {
    return (double)(next() >> 11) * 0x1.0p-53;
}

/* brute force: i is on the frontier iff no j dominates it (minimization after sign), NaN never */
static int bf_dominates(const double *a, const double *b, int k, const int *max) {
    int strict = 0;
    for (int j = 0; j < k; j++) {
        double x = max[j] ? -a[j] : a[j], y = max[j] ? -b[j] : b[j];
        if (x > y) return 0;
        if (x < y) strict = 1;
    }
    return strict;
}
static int has_nan(const double *a, int k) {
    for (int j = 0; j < k; j++)
        if (isnan(a[j])) return 1;
    return 0;
}
/* writes the sorted ids of the brute-force frontier into out, returns the count */
static size_t brute(size_t n, int k, const double *v, const int *max, int unique, uint64_t *out) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (has_nan(v + i * k, k)) continue;
        int dom = 0;
        for (size_t j = 0; j < n && !dom; j++)
            if (j != i && !has_nan(v + j * k, k)) dom = bf_dominates(v + j * k, v + i * k, k, max);
        if (dom) continue;
        if (unique) { /* drop i when an earlier (smaller id) frontier point has the same vector */
            int dup = 0;
            for (size_t j = 0; j < i && !dup; j++)
                if (!has_nan(v + j * k, k)) {
                    int eq = 1;
                    for (int d = 0; d < k; d++) eq &= v[j * k + d] == v[i * k + d];
                    dup = eq;
                }
            if (dup) continue;
        }
        out[m++] = i;
    }
    return m;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Feeds the points in a random order, split over `parts` objects merged at the end, and
 * compares the id set with brute force. Also checks the result's order and values. */
static int run_case(size_t n, int k, const double *v, const int *max, int unique, int parts) {
    uint64_t *want = malloc((n + 1) * sizeof *want), *got = malloc((n + 1) * sizeof *got);
    size_t *order = malloc((n + 1) * sizeof *order);
    size_t nw = brute(n, k, v, max, unique, want);
    for (size_t i = 0; i < n; i++) order[i] = i;
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
        size_t j = next() % i, t = order[i - 1];
        order[i - 1] = order[j], order[j] = t;
    }
    ms_pareto *p[8];
    for (int q = 0; q < parts; q++) {
        p[q] = ms_pareto_new(k, max);
        ms_pareto_set_unique(p[q], unique);
    }
    for (size_t i = 0; i < n; i++) ms_pareto_add(p[next() % parts], order[i], v + order[i] * k);
    for (int q = 1; q < parts; q++) {
        ms_pareto_merge(p[0], p[q]);
        ms_pareto_free(p[q]);
    }
    size_t ng = ms_pareto_finish(p[0]);
    int ok = ng == nw && ms_pareto_offered(p[0]) == n;
    double prev[MS_PARETO_MAX_OBJ], x[MS_PARETO_MAX_OBJ];
    for (size_t i = 0; ok && i < ng; i++) {
        ms_pareto_get(p[0], i, &got[i], x);
        for (int j = 0; j < k; j++) ok &= x[j] == v[got[i] * k + j];
        if (i > 0) { /* sorted "better first" on the first objective */
            double a = max[0] ? -prev[0] : prev[0], b = max[0] ? -x[0] : x[0];
            ok &= a <= b;
        }
        memcpy(prev, x, sizeof x);
    }
    qsort(got, ng, sizeof *got, cmp_u64);
    for (size_t i = 0; ok && i < ng; i++) ok &= got[i] == want[i];
    if (!ok)
        fprintf(stderr, "case n=%zu k=%d unique=%d parts=%d: got %zu, want %zu\n", n, k, unique,
                parts, ng, nw);
    ms_pareto_free(p[0]);
    free(want), free(got), free(order);
    return ok;
}

/* values on a coarse grid (many ties) with NaN and infinities sprinkled in */
static void fill(double *v, size_t n, int k, int levels, double p_nan, double p_inf, int anti) {
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < k; j++) {
            double u = levels ? floor(uni() * levels) : uni();
            if (anti && j == k - 1) u = (levels ? levels : 1) * (k - 1) - s; /* on a plane */
            s += u;
            if (uni() < p_nan)
                u = NAN;
            else if (uni() < p_inf)
                u = uni() < 0.5 ? INFINITY : -INFINITY;
            v[i * k + j] = u;
        }
    }
}

int main(void) {
    const int mn[4] = {0, 0, 0, 0};

    /* hand-derived: (1,5) (2,3) (3,3) (2,3) (4,1) (NaN,0) (5,0.5) (4,2) -> ids 0,1,3,4,6 */
    {
        double v[] = {1, 5, 2, 3, 3, 3, 2, 3, 4, 1, NAN, 0, 5, 0.5, 4, 2};
        uint64_t ids[8] = {0, 1, 2, 3, 4, 5, 6, 7};
        size_t m = ms_pareto_filter(8, 2, v, ids, 0);
        CHECK(m == 5);
        uint64_t want[5] = {0, 1, 3, 4, 6};
        for (size_t i = 0; i < 5 && m == 5; i++) CHECK(ids[i] == want[i]);
        CHECK(v[0] == 1 && v[1] == 5 && v[8] == 5 && v[9] == 0.5);
        double w[] = {1, 5, 2, 3, 3, 3, 2, 3, 4, 1, NAN, 0, 5, 0.5, 4, 2};
        uint64_t ids2[8] = {0, 1, 2, 3, 4, 5, 6, 7};
        CHECK(ms_pareto_filter(8, 2, w, ids2, 1) == 4); /* one of the two (2,3) */
        CHECK(ids2[1] == 1);
    }
    /* maximize the second: (1,5) dominates all of (2,3),(3,3),(2,3),(4,1),(5,0.5),(4,2) */
    {
        double v[] = {1, 5, 2, 3, 3, 3, 2, 3, 4, 1, NAN, 0, 5, 0.5, 4, 2};
        int mx[2] = {0, 1};
        ms_pareto *p = ms_pareto_new(2, mx);
        for (uint64_t i = 0; i < 8; i++) ms_pareto_add(p, i, v + 2 * i);
        CHECK(ms_pareto_finish(p) == 1);
        uint64_t id;
        double x[2];
        ms_pareto_get(p, 0, &id, x);
        CHECK(id == 0 && x[0] == 1 && x[1] == 5);
        ms_pareto_free(p);
    }
    /* one point; all points NaN; +inf alone is on the frontier; bad k */
    {
        ms_pareto *p = ms_pareto_new(3, NULL);
        double a[3] = {INFINITY, INFINITY, INFINITY};
        ms_pareto_add(p, 42, a);
        CHECK(ms_pareto_finish(p) == 1);
        double b[3] = {NAN, 0, 0};
        ms_pareto_add(p, 7, b);
        CHECK(ms_pareto_finish(p) == 1);
        double c[3] = {INFINITY, INFINITY, 1e300};
        ms_pareto_add(p, 8, c);
        CHECK(ms_pareto_finish(p) == 1);
        uint64_t id;
        ms_pareto_get(p, 0, &id, NULL);
        CHECK(id == 8);
        ms_pareto_free(p);
        CHECK(ms_pareto_new(1, NULL) == NULL);
        CHECK(ms_pareto_new(MS_PARETO_MAX_OBJ + 1, NULL) == NULL);
        p = ms_pareto_new(2, NULL);
        double nn[2] = {NAN, NAN};
        for (uint64_t i = 0; i < 10; i++) ms_pareto_add(p, i, nn);
        CHECK(ms_pareto_finish(p) == 0);
        ms_pareto_free(p);
    }
    /* all equal: every point is on the frontier (ties kept), or exactly one with unique */
    {
        size_t n = 5000;
        double *v = malloc(n * 3 * sizeof *v);
        for (size_t i = 0; i < n * 3; i++) v[i] = 2.5;
        CHECK(run_case(n, 3, v, mn, 0, 3));
        CHECK(run_case(n, 3, v, mn, 1, 3));
        CHECK(run_case(n, 2, v, mn, 0, 1));
        free(v);
    }
    /* random and adversarial: k = 2, 3, 4; coarse grids (ties), continuous, anti-correlated
     * (everything on a plane: a huge frontier), NaN and inf; 1..4 merged parts; both senses */
    {
        size_t n = 1500;
        double *v = malloc(n * 4 * sizeof *v);
        int cases = 0, passed = 0;
        for (int k = 2; k <= 4; k++)
            for (int levels = 0; levels <= 12; levels += 4)
                for (int anti = 0; anti <= 1; anti++)
                    for (int unique = 0; unique <= 1; unique++) {
                        fill(v, n, k, levels, 0.02, 0.01, anti);
                        int mx[4] = {0, (int)(next() & 1), 0, 1};
                        cases++;
                        passed +=
                            run_case(n, k, v, (unique ? mx : mn), unique, 1 + (int)(next() % 4));
                    }
        CHECK(passed == cases);
        /* small sizes, many seeds */
        cases = passed = 0;
        for (int t = 0; t < 300; t++) {
            int k = 2 + t % 3;
            size_t nn = 1 + next() % 40;
            fill(v, nn, k, 1 + t % 5, 0.1, 0.05, 0);
            cases++;
            passed += run_case(nn, k, v, mn, t & 1, 1 + t % 3);
        }
        CHECK(passed == cases);
        free(v);
    }
    /* larger than the object's buffer (4096): reductions, growth and early rejection */
    {
        size_t n = 12000;
        double *v = malloc(n * 2 * sizeof *v);
        fill(v, n, 2, 0, 0.0, 0.0, 1); /* anti-correlated: every point on the frontier */
        CHECK(run_case(n, 2, v, mn, 0, 2));
        fill(v, n, 2, 50, 0.01, 0.0, 0);
        CHECK(run_case(n, 2, v, mn, 0, 1));
        free(v);
    }
    return check_done();
}
