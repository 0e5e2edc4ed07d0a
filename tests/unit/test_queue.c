/* test_queue.c - Erlang-C and response-time quantiles against textbook values and exact
 * special cases (M/M/1 sojourn time is exponential; M/D/1 mean wait by Pollaczek-Khinchine). */
#include "check.h"
#include "queueing.h"

#include <math.h>

/* Erlang-C by its defining sum (independent of the library's recurrence). */
static double erlang_c_direct(int c, double a) {
    double sum = 0, term = 1; /* a^k/k! */
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    const double top = term * c / (c - a); /* a^c/c! * c/(c-a) */
    return top / (sum + top);
}

/* same in log space for large pools */
static double erlang_c_log(int c, double a) {
    double m = -INFINITY, s = 0;
    for (int k = 0; k < c; k++) {
        const double t = k * log(a) - lgamma(k + 1.0);
        if (t > m)
            s = s * exp(m - t) + 1, m = t;
        else
            s += exp(t - m);
    }
    const double top = c * log(a) - lgamma(c + 1.0) + log(c / (c - a));
    const double mm = top > m ? top : m;
    const double S = s * exp(m - mm), T = exp(top - mm);
    return T / (S + T);
}

/* Response-time quantile by plain bisection on the textbook CDF (independent of the library's
 * Newton iteration and its cancellation-free hypoexponential form). The textbook form loses
 * eps/|1 - w/x| relative, so the cases below keep their rates either >= 1e-3 apart (< 1e-12
 * lost even in double precision, which is what valgrind gives long double) or < 1e-10 apart,
 * where Erlang-2 stands in for it. */
static double quantile_bisect(double pw, double s, double cv, double mean_wait, double prob) {
    const long double shape = cv > 1 ? 1 : cv, d = s * (1 - shape), m = s * shape;
    const long double cw = mean_wait / pw, x = 1 / m, w = 1 / cw;
    long double lo = 0, hi = 200 * (m + cw);
    for (int i = 0; i < 400; i++) {
        const long double u = (lo + hi) / 2, G = 1 - expl(-x * u);
        /* rates within 1e-10: Erlang-2, off from the exact CDF by O(1e-10 x u) */
        const long double H = fabsl(w - x) < 1e-10L * x
                                  ? 1 - expl(-x * u) * (1 + x * u)
                                  : 1 - (w * expl(-x * u) - x * expl(-w * u)) / (w - x);
        if ((1 - pw) * G + pw * H < prob)
            lo = u;
        else
            hi = u;
    }
    return (double)(d + (lo + hi) / 2);
}

int main(void) {
    /* Erlang-C over loads and pool sizes, against the exact log-space sum: inside the recurrence,
       across the start at a - 12 sd, and where the bound declares waiting impossible (< 1e-20) */
    const double loads[] = {0.3, 3.0, 47.5, 400.0, 1500.0};
    for (int i = 0; i < 5; i++)
        for (double c = ceil(loads[i] + 0.01); c < loads[i] + 12 * sqrt(loads[i]) + 30; c += 1) {
            const double want = erlang_c_log((int)c, loads[i]),
                         got = ms_queue_erlang_c(c, loads[i]);
            if (want < 1e-20)
                CHECK(got <= 1e-20);
            else
                CHECK(fabs(got - want) <= 1e-9 * want);
        }
    /* quantiles of wait + service against bisection, for rates far apart, close and equal */
    const double cases[][4] = {/* p_wait, s, cv, mean wait */
                               {0.3, 1.0, 1.0, 0.2},
                               {0.9, 1.0, 0.5, 3.0},
                               {0.05, 2.0, 0.8, 0.1},
                               {0.5, 1.0, 1.0, 0.5005},
                               {0.5, 1.0, 1.0, 0.5 - 3e-12} /* rates 6e-12 apart */,
                               {0.99, 0.1, 1.0, 40.0},
                               {1e-6, 1.0, 1.0, 1e-6} /* equal rates */,
                               {0.2, 3.0, 0.01, 0.04}};
    for (int i = 0; i < 8; i++) {
        ms_queue qq = {0.5, cases[i][0], cases[i][3], 0, 0, 0};
        for (int k = 0; k < 3; k++) {
            const double prob = k == 0 ? 0.5 : k == 1 ? 0.99 : 0.999;
            const double want =
                quantile_bisect(cases[i][0], cases[i][1], cases[i][2], cases[i][3], prob);
            CHECK_NEAR(ms_queue_quantile(&qq, cases[i][1], cases[i][2], prob), want, 1e-10 * want);
        }
    }

    /* textbook: c = 2 servers, a = 1 Erlang: P(wait) = (1/2 * 2/(2-1)) / (1 + 1 + 1) = 1/3 */
    CHECK_NEAR(ms_queue_erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
    /* M/M/1: P(wait) = rho */
    CHECK_NEAR(ms_queue_erlang_c(1, 0.7), 0.7, 1e-12);
    CHECK_NEAR(ms_queue_erlang_c(10, 8.0), erlang_c_direct(10, 8.0), 1e-10);
    CHECK_NEAR(ms_queue_erlang_c(3, 2.5), erlang_c_direct(3, 2.5), 1e-10);
    /* large pools take the O(sqrt a) start; must agree with the exact log-space sum */
    CHECK_NEAR(ms_queue_erlang_c(2000, 1950.0), erlang_c_log(2000, 1950.0), 1e-8);
    CHECK_NEAR(ms_queue_erlang_c(5000, 4800.0), erlang_c_log(5000, 4800.0), 1e-8);
    CHECK(ms_queue_erlang_c(4, 4.0) == 1.0); /* unstable */

    /* M/M/1 with lambda 8/s, mean service 0.1 s (mu 10/s): the response time is exponential with
       rate mu - lambda = 2/s, so P50 = ln 2 / 2 and P99 = ln 100 / 2 (not "wait quantile + mean
       service" = ln(0.8/0.01)/2 + 0.1 = 2.29 s, mlsysim's formula) */
    ms_queue q;
    CHECK(ms_queue_mgc(8.0, 0.1, 1.0, 1, &q) == 0);
    CHECK_NEAR(q.rho, 0.8, 1e-12);
    CHECK_NEAR(q.mean_s, 0.5, 1e-12);
    CHECK_NEAR(q.p50_s, log(2.0) / 2.0, 1e-9);
    CHECK_NEAR(q.p99_s, log(100.0) / 2.0, 1e-9);

    /* M/D/1 (cv 0): Pollaczek-Khinchine mean wait rho s / (2 (1 - rho)) = 0.8*0.1/0.4 = 0.2 s */
    CHECK(ms_queue_mgc(8.0, 0.1, 0.0, 1, &q) == 0);
    CHECK_NEAR(q.mean_wait_s, 0.2, 1e-12);
    /* deterministic service: nobody finishes before s, and with P(wait)=0.8 the median waits */
    CHECK(q.p50_s > 0.1);
    CHECK(ms_queue_quantile(&q, 0.1, 0.0, 0.1) >= 0.1);

    /* no load: the service time's own quantiles (exponential: s ln 2, s ln 100) */
    CHECK(ms_queue_mgc(0.0, 2.0, 1.0, 4, &q) == 0);
    CHECK_NEAR(q.p99_s, 2.0 * log(100.0), 1e-9);
    CHECK(ms_queue_mgc(50.0, 1.0, 1.0, 40, &q) == -1); /* 50 Erlangs on 40 servers */
    CHECK(isinf(q.p99_s));

    /* replicas: the fewest that meet the target, checked against a scan */
    const double lam = 50, s = 1.5, slots = 8, target = 5.0; /* service P99 alone 4.2 s */
    const double n = ms_queue_replicas_needed(lam, s, 0.5, slots, target);
    CHECK(isfinite(n) && n >= ceil(lam * s / slots));
    CHECK(ms_queue_mgc(lam, s, 0.5, n * slots, &q) == 0 && q.p99_s <= target);
    const int prev_ok = ms_queue_mgc(lam, s, 0.5, (n - 1) * slots, &q) == 0 && q.p99_s <= target;
    CHECK(!prev_ok);
    /* a target below the service time's own P99 cannot be met by any fleet */
    CHECK(isinf(ms_queue_replicas_needed(lam, s, 1.0, slots, 1.0)));
    /* no target: just enough for stability (rho < 1) */
    CHECK_NEAR(ms_queue_replicas_needed(10, 1.0, 1.0, 1, 0), 11, 1e-12);
    /* a NaN or infinite service time or load has no replica count, and the search ends: the
       doubling once never stopped on NaN (a TPU v2 point with tp 4 had an infinite TTFT, and
       0 decode steps x an infinite TPOT made its latency NaN) */
    CHECK(isinf(ms_queue_replicas_needed(2, NAN, 0, 1, 30)));
    CHECK(isinf(ms_queue_replicas_needed(2, INFINITY, 0, 1, 30)));
    CHECK(isinf(ms_queue_replicas_needed(2, NAN, 0, 1, 0)));
    CHECK(isinf(ms_queue_replicas_needed(NAN, 1.0, 0, 1, 30)));
    CHECK(ms_queue_mgc(2, NAN, 0, 4, &q) != 0 && isinf(q.p99_s));
    CHECK(ms_queue_mgc(NAN, 1.0, 0, 4, &q) != 0);
    /* beyond 10^8 Erlangs the Halfin-Whitt limit: continuous with the exact recurrence at the
       switch (b = 1: C = 1 / (1 + Phi(1)/phi(1)) = 0.2234), and a pool of 3.8e16 servers (a
       service time of ~10^9 years) answers at once instead of looping for ever */
    const double a8 = 1e8, c8 = a8 + 1e4; /* b = (c - a)/sqrt(a) = 1 */
    const double exact = ms_queue_erlang_c(c8, a8), limit = ms_queue_erlang_c(c8, a8 * 1.0000001);
    CHECK_NEAR(exact, 0.2234, 2e-3);
    CHECK_NEAR(limit, exact, 2e-3);
    const double huge = ms_queue_erlang_c(3.8e16 + 1e8, 3.8e16);
    CHECK(huge > 0 && huge < 1);
    CHECK(ms_queue_erlang_c(3.8e16 + 1e12, 3.8e16) == 0.0);
    CHECK(isinf(ms_queue_replicas_needed(1.0, 3.8e16, 1, 365, 0))); /* 1e14 replicas: > 1e9 */
    CHECK(isinf(ms_queue_replicas_needed(1e15, 12.8, 1, 1, 0)));    /* the bisection once spun */
    CHECK_NEAR(ms_queue_replicas_needed(1e8, 5.0, 0, 1, 0), 5e8 + 1, 1e-15);
    return check_done();
}
