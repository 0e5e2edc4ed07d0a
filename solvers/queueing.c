/* queueing.c - Erlang-C with a service-time variability correction, and exact quantiles of the
 * response time (wait + service) instead of mlsysim's "wait quantile + mean service" (which
 * understates the P99 of a lightly loaded pool: there the tail is the service time's own). */
#include "queueing.h"

#include <math.h>

#define MS_QUEUE_ERLANG_C_EXACT_MAX 1e8 /* Erlangs: Halfin-Whitt above (ms_queue_erlang_c) */

/* ln of an upper bound on Erlang-C for c > a: C <= B/(1-rho) and B <= pmf(c)/P(N <= c) with
   N ~ Poisson(a), pmf(c) <= e^-a (e a/c)^c / sqrt(2 pi c) (Stirling) and P(N <= c) >= 1/4
   (the Poisson median is below a + 1/3). */
static double log_erlang_c_bound(double c, double a) {
    return -a + c * (1.0 + log(a / c)) - 0.5 * log(6.283185307179586 * c) + log(4.0) -
           log1p(-a / c);
}

double ms_queue_erlang_c(double c, double a) {
    c = floor(c);
    if (c < 1) return 1.0;
    if (a <= 0) return 0.0;
    if (a >= c) return 1.0;
    /* Far above the load waiting is all but impossible: below 1e-20 the probability changes no
       result in double precision (the mean wait by < 1e-20 s per second of service, the
       quantiles by < 1e-18 relative), so it is 0. This bound is one log, where the recurrence
       below would take O(c - a) steps. */
    if (c > a + 2.0 && log_erlang_c_bound(c, a) < -46.0) return 0.0;
    /* Beyond 10^8 Erlangs (a fleet of 10^8 busy replicas, or a service time of years: no real
       sweep, but a point can ask) the recurrence's O(sqrt(a)) steps take 10^3 x as long as
       a whole point should, and above 2^53 its step k + 1 no longer moves k: the Halfin-Whitt
       limit instead, C = 1 / (1 + b Phi(b) / phi(b)) with b = (c - a) / sqrt(a), exact as
       a -> infinity at fixed b and within ~1/(3 sqrt(a)) < 4e-5 relative of Erlang-C here. */
    if (a > MS_QUEUE_ERLANG_C_EXACT_MAX) {
        const double b = (c - a) / sqrt(a);
        const double Phi = 0.5 * erfc(-b * 0.7071067811865476);
        const double phi = exp(-0.5 * b * b) * 0.3989422804014327;
        return 1.0 / (1.0 + b * Phi / phi); /* phi = 0 far above the load: C = 0 */
    }
    /* Erlang-B through its reciprocal R = 1/B: R(k) = 1 + (k/a) R(k-1), a multiply-add per
       step (no division), then C = 1 / (R (1 - rho) + rho). Large pools start 12 standard
       deviations below the load, where B(k0) = 1 - k0/a to within e^-72 (the Poisson left tail
       is geometric there) and the recurrence contracts errors (its derivative is k/a < 1), so
       the cost is O(sqrt(a)) instead of O(c). */
    const double sd = sqrt(a), inv_a = 1.0 / a;
    double k0 = floor(a - 12.0 * sd - 12.0), R = 1.0;
    if (k0 > 0)
        R = a / (a - k0);
    else
        k0 = 0;
    double k = k0 + 1;
    for (const double head = k + fmod(c - k0, 4.0); k < head; k++) R = 1.0 + k * inv_a * R;
    /* four steps at a time, R(k+3) = A + M R(k-1): A and M do not depend on R, so the serial
       chain is one multiply-add per four steps instead of four (this loop is most of a serving
       point's queueing cost) */
    for (; k + 3 <= c; k += 4) {
        const double a1 = k * inv_a, a2 = (k + 1) * inv_a, a3 = (k + 2) * inv_a,
                     a4 = (k + 3) * inv_a;
        const double A = 1.0 + a4 * (1.0 + a3 * (1.0 + a2)), M = a4 * a3 * a2 * a1;
        R = A + M * R;
    }
    const double rho = a / c;
    return 1.0 / (R * (1.0 - rho) + rho);
}

/* The response time T = D + U: D = s (1 - shape) deterministic, U the mixture
   (1 - pw) X + pw (X + W) with X ~ Exp(mean m), W ~ Exp(mean cw) the conditional wait. */
typedef struct resp {
    double pw, m, cw;
} resp;

/* F(u) = P(U <= u) and its density f(u), for m > 0 and cw > 0. X + W is hypoexponential,
   symmetric in its two rates: with r1 <= r2 and d = (r2 - r1) u its CDF is
   1 - e^{-r1 u} (1 + r1 u phi(d)), phi(d) = (1 - e^-d)/d, which stays exact as the rates meet
   (the textbook form (r2 e^{-r1 u} - r1 e^{-r2 u})/(r2 - r1) cancels catastrophically there). */
static double resp_cdf(const resp *r, double u, double *pdf) {
    const double x = 1.0 / r->m, w = 1.0 / r->cw;
    const double ex = exp(-x * u);
    const double r1 = x < w ? x : w, r2 = x < w ? w : x;
    const double e1 = r1 == x ? ex : exp(-r1 * u), d = (r2 - r1) * u;
    const double phi = d > 0 ? -expm1(-d) / d : 1.0;
    const double H = 1.0 - e1 * (1.0 + r1 * u * phi), h = r1 * r2 * u * e1 * phi;
    *pdf = (1.0 - r->pw) * x * ex + r->pw * h;
    return (1.0 - r->pw) * (1.0 - ex) + r->pw * H;
}

/* The quantile of U for 0 < prob < 1. Closed forms where one exists; otherwise Newton's method
   on F inside a bracket that always holds the root: the service-only quantile u_G is a lower
   bound (F <= G there since the waiting branch lags), and (m + cw) ln(2/(1-prob)) an upper one
   (P(X + W > t) <= 2 e^{-t/(m+cw)}). A step leaving the bracket bisects instead; F is smooth and
   increasing, so this converges quadratically, in ~4 steps instead of bisection's ~45. */
static double resp_quantile(const resp *r, double prob) {
    const double tail = -log1p(-prob); /* ln(1/(1-prob)) */
    if (r->m <= 0) {                   /* deterministic service: U = W with probability pw */
        if (r->cw <= 0 || r->pw <= 1.0 - prob) return 0.0;
        return r->cw * log(r->pw / (1.0 - prob));
    }
    const double uG = r->m * tail;
    /* nobody waits (or so few that the quantile moves by < 1e-14 relative: du <= pw/f(uG)) */
    if (r->cw <= 0 || r->pw <= 1e-16) return uG;
    double lo = uG, hi = (r->m + r->cw) * (tail + 0.6931471805599453), u = lo;
    for (int i = 0; i < 100; i++) {
        double f;
        const double F = resp_cdf(r, u, &f) - prob;
        if (F < 0)
            lo = u;
        else
            hi = u;
        double next = f > 0 ? u - F / f : 0.5 * (lo + hi);
        if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
        if (fabs(next - u) <= 1e-14 * next || hi - lo <= 1e-14 * hi) return next;
        u = next;
    }
    return u;
}

static resp resp_of(const ms_queue *q, double s, double cv) {
    const double shape = cv < 0 ? 0 : (cv > 1 ? 1 : cv);
    resp r = {q->p_wait, s * shape, q->p_wait > 0 ? q->mean_wait_s / q->p_wait : 0.0};
    return r;
}

double ms_queue_quantile(const ms_queue *q, double s, double cv, double prob) {
    if (q->rho >= 1.0) return INFINITY;
    const double shape = cv < 0 ? 0 : (cv > 1 ? 1 : cv);
    const resp r = resp_of(q, s, cv);
    return s * (1.0 - shape) + resp_quantile(&r, prob);
}

/* The queue's P(wait), mean wait and mean response; quantiles left to the caller. */
static int mgc_means(double lambda, double s, double cv, double c, ms_queue *q) {
    c = floor(c);
    q->mean_s = q->p50_s = q->p99_s = q->mean_wait_s = INFINITY;
    q->p_wait = 1.0;
    q->rho = INFINITY;
    if (!(c >= 1) || !(s > 0) || !(lambda >= 0)) return -1;
    const double a = lambda * s;
    q->rho = a / c;
    if (!(q->rho < 1.0)) return -1; /* also a NaN load */
    q->p_wait = ms_queue_erlang_c(c, a);
    /* M/M/c mean wait C/(c mu - lambda), scaled by (1 + cv^2)/2 (Allen-Cunneen; exact for
       M/G/1 by Pollaczek-Khinchine) */
    const double wq_mmc = lambda > 0 ? q->p_wait * s / (c * (1.0 - q->rho)) : 0.0;
    q->mean_wait_s = wq_mmc * (1.0 + cv * cv) / 2.0;
    q->mean_s = s + q->mean_wait_s;
    return 0;
}

int ms_queue_mgc(double lambda, double s, double cv, double c, ms_queue *q) {
    if (mgc_means(lambda, s, cv, c, q)) return -1;
    q->p50_s = ms_queue_quantile(q, s, cv, 0.50);
    q->p99_s = ms_queue_quantile(q, s, cv, 0.99);
    return 0;
}

static int meets(double lambda, double s, double cv, double servers, double target) {
    if (target <= 0) { /* stability alone, as mgc_means decides it, without Erlang-C */
        const double c = floor(servers);
        return c >= 1 && s > 0 && lambda >= 0 && lambda * s / c < 1.0; /* false on NaN */
    }
    ms_queue q;
    if (mgc_means(lambda, s, cv, servers, &q)) return 0; /* unstable */
    return ms_queue_quantile(&q, s, cv, 0.99) <= target;
}

double ms_queue_replicas_needed(double lambda, double s, double cv, double slots,
                                double p99_target_s) {
    /* negated tests: a NaN service time or load is no replica count, not a search that never
       ends (NaN fails every comparison, so "hi > 1e9" would never stop the doubling) */
    if (!(s > 0) || !(s < INFINITY) || !(slots >= 1) || !(lambda >= 0)) return INFINITY;
    if (lambda == 0) return 1.0;
    slots = floor(slots);
    if (p99_target_s > 0) { /* even with no queue the service time's own P99 must fit */
        ms_queue idle = {0, 0, 0, s, s, s};
        if (ms_queue_quantile(&idle, s, cv, 0.99) > p99_target_s) return INFINITY;
    }
    double lo = floor(lambda * s / slots); /* unstable at or below this many replicas */
    if (lo < 0) lo = 0;
    /* the search gives up beyond 10^9 replicas (below, every count is exact in a double, so
       the bisection's midpoint always moves; at 10^16 it would not) */
    if (!(lo < 1e9)) return INFINITY;
    double hi = lo + 1;
    while (!meets(lambda, s, cv, hi * slots, p99_target_s)) {
        lo = hi;
        hi = hi * 2;
        if (!(hi <= 1e9)) return INFINITY;
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
