/* queueing.h - tail latency of a pool of identical servers (M/G/c) at an offered load.
 *
 * Arrivals are Poisson at rate lambda; each of c servers completes one request in a service
 * time of mean s and coefficient of variation cv. For LLM serving a "server" is one batch slot
 * of one replica: a replica running `batch` concurrent sequences offers `batch` servers, each
 * with a service time equal to the request's end-to-end latency at that batch. */
#ifndef MS_QUEUEING_H
#define MS_QUEUEING_H

/* Erlang-C: probability that an arrival waits, for c servers and offered load a = lambda*s
 * (Erlangs). 1 when a >= c (unstable). Exact recurrence through Erlang-B (no factorials). */
double ms_queue_erlang_c(double c, double a);

typedef struct ms_queue {
    double rho;         /* server utilisation lambda*s/c */
    double p_wait;      /* Erlang-C probability of waiting */
    double mean_wait_s; /* mean wait in queue, Allen-Cunneen corrected: Wq(M/M/c)*(1+cv^2)/2 */
    double mean_s;      /* mean response time (wait + service) */
    double p50_s, p99_s;
} ms_queue;

/* Response-time distribution (wait + service) of an M/G/c queue. The conditional wait of a
 * waiting arrival is exponential with the Allen-Cunneen mean; the service time is a shifted
 * exponential with the given mean and cv (a deterministic part s*(1-cv) plus an exponential
 * of mean s*cv; cv is capped at 1 for the shape, the wait correction uses the given cv).
 * Quantiles come from the exact CDF of the sum (bisection), not from "wait quantile + mean
 * service". Returns 0, or -1 when the queue is unstable (quantiles are then +inf). */
int ms_queue_mgc(double lambda, double s, double cv, double c, ms_queue *q);
/* Quantile q (0..1) of the response time of the queue described by q's p_wait/means. */
double ms_queue_quantile(const ms_queue *q, double s, double cv, double prob);
/* Fewest replicas, each offering `slots` servers of mean service s, that keep the queue
 * stable and (if p99_target_s > 0) its P99 response time <= target. +inf if impossible (the
 * target is below the P99 of the service time alone). */
double ms_queue_replicas_needed(double lambda, double s, double cv, double slots,
                                double p99_target_s);
#endif
