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

int main(void) {
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
    return check_done();
}
