/* reliability.c - failures of large fleets (Young 1974, Daly 2006). */
#include "reliability.h"

#include <math.h>

double ms_reliability_daly_interval(double d, double M) {
    if (d <= 0 || M <= 0) return 0.0;
    if (d >= 2.0 * M) return M;
    return sqrt(2.0 * d * M) * (1.0 + sqrt(d / (2.0 * M)) / 3.0 + d / (18.0 * M)) - d;
}

double ms_reliability_goodput(double tau, double d, double R, double M) {
    if (tau <= 0 || M <= 0) return 1.0;
    const double ckpt = tau / (tau + d);
    const double lost = (R + (tau + d) / 2.0) / M;
    const double g = ckpt * (1.0 - lost);
    return g > 0 ? g : 0.0;
}

void ms_reliability_solve(const ms_point *p, ms_result *r) {
    if (p->mode != MS_MODE_TRAIN) return;
    const double gpus = p->gpus > 0 ? p->gpus : 1;
    const double mtbf = p->gpu_mtbf_h * 3600.0 / gpus;
    /* checkpoint = weights (bf16) + fp32 master + Adam moments: 14 bytes/param in total */
    const double ckpt_bytes = p->model->params * 14.0;
    const double write = p->checkpoint_bw_Bps > 0 ? ckpt_bytes / p->checkpoint_bw_Bps : 0.0;
    r->fleet_mtbf_s = mtbf;
    r->checkpoint_write_s = write;
    r->checkpoint_interval_s = ms_reliability_daly_interval(write, mtbf);
    r->goodput = ms_reliability_goodput(r->checkpoint_interval_s, write, p->restart_s, mtbf);
    if (p->train_tokens > 0 && r->goodput > 0) {
        r->time_to_train_s = p->train_tokens / r->tokens_per_s / r->goodput;
        r->gpu_hours = r->time_to_train_s * gpus / 3600.0;
    }
}
