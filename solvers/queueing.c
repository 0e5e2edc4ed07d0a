/* queueing.c - Erlang-C with a service-time variability correction, and exact quantiles of the
 * response time (wait + service) instead of mlsysim's "wait quantile + mean service" (which
 * understates the P99 of a lightly loaded pool: there the tail is the service time's own). */
#include "queueing.h"

#include <math.h>

double ms_queue_erlang_c(double c, double a) {
    c = floor(c);
    if (c < 1) return 1.0;
    if (a <= 0) return 0.0;
    if (a >= c) return 1.0;
    const double sd = sqrt(a);
    /* Far above the load the Poisson tail makes waiting impossible (< 1e-300). */
    if (c > a + 40.0 * sd + 40.0) return 0.0;
    /* Erlang-B by B(k) = a B(k-1) / (k + a B(k-1)), then C = B / (1 - rho (1 - B)). Large pools
       start 12 standard deviations below the load, where B(k0) = 1 - k0/a to within e^-72
       (the Poisson left tail is geometric there) and the recurrence contracts errors (its
       derivative is k/a < 1), so the cost is O(sqrt(a)) instead of O(c). */
    double k0 = floor(a - 12.0 * sd - 12.0), b = 1.0;
    if (k0 > 0)
        b = 1.0 - k0 / a;
    else
        k0 = 0;
    for (double k = k0 + 1; k <= c; k++) b = a * b / (k + a * b);
    const double rho = a / c;
    return b / (1.0 - rho * (1.0 - b));
}

/* P(X + W' <= u) for X ~ Exp(rate x) and W' ~ Exp(rate w) (hypoexponential CDF). */
static double hypo_cdf(double u, double x, double w) {
    if (u <= 0) return 0.0;
    if (fabs(x - w) <= 1e-12 * (x + w)) return 1.0 - exp(-x * u) * (1.0 + x * u);
    return 1.0 - (w * exp(-x * u) - x * exp(-w * u)) / (w - x);
}

static double response_cdf(const ms_queue *q, double d, double m, double t) {
    const double u = t - d;
    if (u < 0) return 0.0;
    const double pw = q->p_wait;
    const double cw = pw > 0 ? q->mean_wait_s / pw : 0.0; /* mean wait of those who wait */
    if (m <= 0) {                                         /* deterministic service */
        if (cw <= 0) return 1.0;
        return (1.0 - pw) + pw * (1.0 - exp(-u / cw));
    }
    const double gx = 1.0 - exp(-u / m);
    if (cw <= 0 || pw <= 0) return gx;
    return (1.0 - pw) * gx + pw * hypo_cdf(u, 1.0 / m, 1.0 / cw);
}

double ms_queue_quantile(const ms_queue *q, double s, double cv, double prob) {
    if (q->rho >= 1.0) return INFINITY;
    const double shape = cv < 0 ? 0 : (cv > 1 ? 1 : cv);
    const double d = s * (1.0 - shape), m = s * shape;
    const double cw = q->p_wait > 0 ? q->mean_wait_s / q->p_wait : 0.0;
    double lo = d, hi = d + 60.0 * (m + cw) + 1e-30;
    if (response_cdf(q, d, m, lo) >= prob) return lo;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        const double mid = 0.5 * (lo + hi);
        if (response_cdf(q, d, m, mid) < prob)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

int ms_queue_mgc(double lambda, double s, double cv, double c, ms_queue *q) {
    c = floor(c);
    q->mean_s = q->p50_s = q->p99_s = q->mean_wait_s = INFINITY;
    q->p_wait = 1.0;
    q->rho = INFINITY;
    if (c < 1 || s <= 0 || lambda < 0) return -1;
    const double a = lambda * s;
    q->rho = a / c;
    if (q->rho >= 1.0) return -1;
    q->p_wait = ms_queue_erlang_c(c, a);
    /* M/M/c mean wait C/(c mu - lambda), scaled by (1 + cv^2)/2 (Allen-Cunneen; exact for
       M/G/1 by Pollaczek-Khinchine) */
    const double wq_mmc = lambda > 0 ? q->p_wait * s / (c * (1.0 - q->rho)) : 0.0;
    q->mean_wait_s = wq_mmc * (1.0 + cv * cv) / 2.0;
    q->mean_s = s + q->mean_wait_s;
    q->p50_s = ms_queue_quantile(q, s, cv, 0.50);
    q->p99_s = ms_queue_quantile(q, s, cv, 0.99);
    return 0;
}

static int meets(double lambda, double s, double cv, double servers, double target) {
    ms_queue q;
    if (ms_queue_mgc(lambda, s, cv, servers, &q)) return 0;
    return target <= 0 || q.p99_s <= target;
}

double ms_queue_replicas_needed(double lambda, double s, double cv, double slots,
                                double p99_target_s) {
    if (s <= 0 || slots < 1) return INFINITY;
    if (lambda <= 0) return 1.0;
    slots = floor(slots);
    if (p99_target_s > 0) { /* even with no queue the service time's own P99 must fit */
        ms_queue idle = {0, 0, 0, s, s, s};
        if (ms_queue_quantile(&idle, s, cv, 0.99) > p99_target_s) return INFINITY;
    }
    double lo = floor(lambda * s / slots); /* unstable at or below this many replicas */
    if (lo < 0) lo = 0;
    double hi = lo + 1;
    while (!meets(lambda, s, cv, hi * slots, p99_target_s)) {
        lo = hi;
        hi = hi * 2;
        if (hi > 1e9) return INFINITY;
    }
    while (hi - lo > 1) { /* invariant: lo fails, hi meets */
        const double mid = floor((lo + hi) / 2);
        if (meets(lambda, s, cv, mid * slots, p99_target_s))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
