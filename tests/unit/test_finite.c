/* test_finite.c - a point the solver calls feasible has finite numbers: every registry model on
 * every registry accelerator (datacenter GPUs, system rows, TPUs, edge boards, phones and
 * microcontrollers), serving and training, over layouts, precisions and workloads. Each metric
 * of a usable point (status ok or SLA-violated) is either NaN (not asked for) or finite, and its
 * times are positive; every solve returns (a NaN latency once sent the replica search into an
 * endless loop; a TPU v2 point with tp 4 had an infinite TTFT because the chip has no
 * interconnect in the registry: such layouts are now refused with a reason). */
#include "check.h"
#include "registry_fixture.h"

#include <string.h>

/* metrics that may legitimately be infinite on a usable point */
static int may_be_inf(const ms_metric_info *m, const ms_result *r) {
    if (strcmp(m->name, "max_batch") == 0) return 1; /* no KV cache: any batch fits */
    /* an unstable queue (the offered load exceeds the point's replicas, whatever SLA check
       failed first): the wait grows without bound; a P99 target below the unloaded latency:
       no replica count meets it */
    return r->status == MS_SLA &&
           (strcmp(m->name, "p50_latency_s") == 0 || strcmp(m->name, "p99_latency_s") == 0 ||
            strcmp(m->name, "replicas_needed") == 0);
}

static long bad_points;

static void check_point(const ms_point *p, const ms_result *r) {
    if (r->status != MS_OK && r->status != MS_SLA) return;
    int bad = 0;
    for (size_t i = 0; i < ms_metric_count; i++) {
        const double v = ms_metric_get(r, &ms_metrics[i]);
        if (isinf(v) && !may_be_inf(&ms_metrics[i], r)) {
            if (bad_points < 20 && !bad)
                fprintf(stderr,
                        "  %s on %s (%s, tp %g pp %g gpus %g B %g P %g O %g qps %g p99 %g paged %d "
                        "st %d bn %d): %s = %g\n",
                        p->model->key, p->hw->key, p->mode == MS_MODE_TRAIN ? "train" : "serve",
                        p->tp, p->pp, p->gpus, p->batch, p->prompt_tokens, p->output_tokens, p->qps,
                        p->p99_target_s, p->paged_kv, r->status, r->bottleneck, ms_metrics[i].name,
                        v);
            bad = 1;
        }
    }
    if (p->mode == MS_MODE_SERVE)
        bad |= !(r->e2e_latency_s > 0 && r->e2e_latency_s < INFINITY);
    else
        bad |= !(r->step_time_s > 0 && r->step_time_s < INFINITY && r->mfu > 0 && r->mfu <= 1);
    bad_points += bad;
}

int main(void) {
    ms_registry reg;
    fixture_registry(&reg);
    const ms_region *us = ms_registry_region(&reg, "us");
    CHECK(us != NULL);
    const int precs[] = {MS_BF16, MS_FP8, MS_INT4, MS_FP32};
    const double tps[] = {1, 2, 8}, pps[] = {1, 2};
    long points = 0, usable = 0, usable_train = 0;
    ms_stage stage;
    ms_stage_init(&stage);
    ms_result r;
    for (size_t mi = 0; mi < reg.n_models; mi++)
        for (size_t hi = 0; hi < reg.n_hw; hi++) {
            ms_point p;
            ms_point_init(&p);
            p.model = &reg.models[mi];
            p.hw = &reg.hw[hi];
            p.calib = ms_registry_calib_for(&reg, p.hw);
            p.region = us;
            p.duration_days = 365;
            p.utilization = 0.6;
            for (size_t pi = 0; pi < sizeof precs / sizeof *precs; pi++)
                for (size_t ti = 0; ti < 3; ti++)
                    for (size_t li = 0; li < 2; li++) {
                        p.precision = precs[pi];
                        p.tp = tps[ti];
                        p.pp = pps[li];
                        p.mode = MS_MODE_SERVE;
                        p.gpus = 0;
                        for (int w = 0; w < 24; w++) {
                            p.batch = w % 2 ? 64 : 1;
                            p.prompt_tokens = (w / 2) % 2 ? 8192 : 512;
                            p.output_tokens = (double[]){0, 1, 256}[(w / 4) % 3];
                            p.qps = w / 12 ? 2.0 : 0.0;
                            p.p99_target_s = w % 5 == 1 ? 30.0 : 0.0;
                            p.paged_kv = w % 7 != 3;
                            p.disaggregated = w == 13;
                            ms_solve_core_staged(&p, &stage, &r);
                            ms_solve_region(&p, p.region, &r);
                            check_point(&p, &r);
                            points++;
                            usable += r.status == MS_OK || r.status == MS_SLA;
                        }
                        p.mode = MS_MODE_TRAIN;
                        p.paged_kv = 1;
                        p.disaggregated = 0;
                        p.seq = 2048;
                        p.global_batch = 512;
                        p.train_tokens = 1e10;
                        for (int g = 0; g < 3; g++) {
                            p.gpus = (double[]){1, 8, 64}[g] * p.tp * p.pp;
                            p.micro_batch = g == 1 ? 2 : 1;
                            ms_solve_core_staged(&p, &stage, &r);
                            ms_solve_region(&p, p.region, &r);
                            check_point(&p, &r);
                            points++;
                            usable_train += r.status == MS_OK || r.status == MS_SLA;
                        }
                    }
        }
    printf("%ld points, %ld usable serving and %ld training, %ld with a non-finite number\n",
           points, usable, usable_train, bad_points);
    CHECK(bad_points == 0);
    /* the sweep reached many feasible points of both modes: the test is not vacuous */
    CHECK(usable > 100000 && usable_train > 10000);

    /* the point that hung: refused with its reason; one chip alone is fine */
    ms_point p;
    fixture_point(&reg, &p, "gpt3-125m", "tpu-v2");
    p.tp = 4;
    p.batch = 1;
    p.prompt_tokens = 512;
    p.output_tokens = 1;
    p.qps = 2;
    p.p99_target_s = 30;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_UNSUPPORTED && r.bottleneck == MS_BN_PARALLELISM);
    CHECK(strstr(r.reason, "no interconnect") != NULL);
    p.tp = 1;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK && r.e2e_latency_s > 0 && r.e2e_latency_s < 1);
    p.disaggregated = 1; /* the KV hand-off between pools needs a fabric too */
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_UNSUPPORTED);
    /* training over several of a system row (a whole NVL72 rack as one unit): no fabric */
    fixture_point(&reg, &p, "llama31-8b", "gb200-nvl72");
    p.mode = MS_MODE_TRAIN;
    p.gpus = 8;
    p.global_batch = 512;
    p.train_tokens = 1e10;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_UNSUPPORTED && r.bottleneck == MS_BN_PARALLELISM);
    p.gpus = 1;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK && r.step_time_s > 0 && r.step_time_s < INFINITY);
    ms_registry_free(&reg);
    return check_done();
}
