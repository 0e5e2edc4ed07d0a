/* reliability.c - failures of large fleets (Young 1974, Daly 2006).
 *
 * A job on g accelerators in n nodes stops whenever any part fails; with independent
 * exponential lifetimes the failure rates add. It checkpoints every tau of work (Daly's
 * higher-order optimum, not Young's sqrt(2 delta M) alone, which mlsysim uses), spends delta
 * writing each checkpoint, and on a failure loses the restart time R plus the work since the
 * last checkpoint (half a segment on average). Goodput is what is left for new work. */
#include "reliability.h"

#include <math.h>

double ms_reliability_fleet_mtbf_s(double gpus, double gpu_mtbf_h, double nodes,
                                   double node_mtbf_h) {
    double rate_per_h = 0.0;
    if (gpus > 0 && gpu_mtbf_h > 0) rate_per_h += gpus / gpu_mtbf_h;
    if (nodes > 0 && node_mtbf_h > 0) rate_per_h += nodes / node_mtbf_h;
    return rate_per_h > 0 ? 3600.0 / rate_per_h : INFINITY;
}

double ms_reliability_daly_interval(double d, double M) {
    if (d <= 0 || !(M > 0)) return 0.0; /* free checkpoints: checkpoint continuously */
    if (isinf(M)) return INFINITY;      /* no failures: never checkpoint */
    if (d >= 2.0 * M) return M;
    const double x = d / (2.0 * M);
    return sqrt(2.0 * d * M) * (1.0 + sqrt(x) / 3.0 + x / 9.0) - d;
}

ms_wall_split ms_reliability_split(double tau, double d, double R, double M) {
    ms_wall_split s = {1.0, 0.0, 0.0, 0.0};
    if (isinf(M) || !(M > 0)) return s; /* no failures */
    if (!(tau > 0)) tau = 0.0;
    if (!(d > 0)) d = 0.0;
    const double seg = tau + d;
    const double fail = (R + seg / 2.0) / M; /* wall fraction lost to failures */
    if (fail >= 1.0) {
        /* failures come faster than the job can recover: it makes no progress */
        const double lost = R + seg / 2.0;
        return (ms_wall_split){0.0, (seg / 2.0) / lost, 0.0, R / lost};
    }
    const double work = 1.0 - fail; /* the rest alternates tau of work with d of writing */
    s.useful = seg > 0 ? work * tau / seg : work;
    s.checkpoint = seg > 0 ? work * d / seg : 0.0;
    s.rework = (seg / 2.0) / M;
    s.restart = R / M;
    return s;
}

double ms_reliability_goodput(double tau, double d, double R, double M) {
    return ms_reliability_split(tau, d, R, M).useful;
}

double ms_reliability_checkpoint_bytes_per_param(int precision) {
    return precision == MS_FP32 ? 12.0 : 14.0;
}

static void fleet_terms(const ms_point *p, ms_reliability_memo *mo) {
    const double gpus = p->gpus > 0 ? p->gpus : 1;
    const double per_node = p->gpus_per_node > 0       ? p->gpus_per_node
                            : p->hw->gpus_per_node > 0 ? p->hw->gpus_per_node
                                                       : 1;
    const double nodes = ceil(gpus / per_node);
    const double M = ms_reliability_fleet_mtbf_s(gpus, p->gpu_mtbf_h, nodes, p->node_mtbf_h);
    const double ckpt_bytes =
        p->model->params * ms_reliability_checkpoint_bytes_per_param(p->precision);
    const double d = p->checkpoint_bw_Bps > 0 ? ckpt_bytes / p->checkpoint_bw_Bps : 0.0;
    mo->mtbf_s = M;
    mo->write_s = d;
    mo->interval_s = ms_reliability_daly_interval(d, M);
    mo->goodput = ms_reliability_goodput(mo->interval_s, d, p->restart_s, M);
}

/* a NaN input never matches (NaN != NaN), so such a point recomputes */
static int same_inputs(const ms_point *p, const ms_reliability_memo *mo) {
    return mo->valid && mo->model == p->model && mo->hw == p->hw && mo->precision == p->precision &&
           mo->gpus == p->gpus && mo->gpus_per_node == p->gpus_per_node &&
           mo->gpu_mtbf_h == p->gpu_mtbf_h && mo->node_mtbf_h == p->node_mtbf_h &&
           mo->checkpoint_bw_Bps == p->checkpoint_bw_Bps && mo->restart_s == p->restart_s;
}

void ms_reliability_solve_with(const ms_point *p, ms_reliability_memo *mo, ms_result *r) {
    if (p->mode != MS_MODE_TRAIN) return;
    if (!same_inputs(p, mo)) {
        fleet_terms(p, mo);
        mo->valid = 1;
        mo->model = p->model;
        mo->hw = p->hw;
        mo->precision = p->precision;
        mo->gpus = p->gpus;
        mo->gpus_per_node = p->gpus_per_node;
        mo->gpu_mtbf_h = p->gpu_mtbf_h;
        mo->node_mtbf_h = p->node_mtbf_h;
        mo->checkpoint_bw_Bps = p->checkpoint_bw_Bps;
        mo->restart_s = p->restart_s;
    }
    const double gpus = p->gpus > 0 ? p->gpus : 1;
    r->fleet_mtbf_s = mo->mtbf_s;
    r->checkpoint_write_s = mo->write_s;
    r->checkpoint_interval_s = mo->interval_s;
    r->goodput = mo->goodput;
    if (r->goodput == 0.0 && r->status == MS_OK) {
        /* every failure costs more (restart + half a segment) than the mean time between
           failures: the job never finishes, whatever its step time, so it is not a feasible
           design point; its metrics stay, with time_to_train infinite */
        r->status = MS_SLA;
        r->bottleneck = MS_BN_RELIABILITY;
        r->reason = "failures come faster than the job recovers (fleet MTBF below restart time "
                    "plus half a checkpoint segment): it never finishes";
    }
    if (p->train_tokens > 0 && r->tokens_per_s > 0) {
        r->time_to_train_s =
            r->goodput > 0 ? p->train_tokens / r->tokens_per_s / r->goodput : INFINITY;
        r->gpu_hours = r->time_to_train_s * gpus / 3600.0;
    }
}

void ms_reliability_solve(const ms_point *p, ms_result *r) {
    ms_reliability_memo mo;
    mo.valid = 0;
    ms_reliability_solve_with(p, &mo, r);
}
