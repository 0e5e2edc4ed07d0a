/* test_stage.c - staged solving (ms_solve_core_staged) gives ms_solve_core's bits on every point,
 * whatever points the stage saw before: one stage is carried through every registry model on a
 * spread of hardware, precisions, layouts, drafts and workloads (so it is reused, refilled and
 * refilled back), and each result is compared byte for byte with a fresh unstaged solve. Also:
 * a result starts with every metric NaN, and ms_stage_init makes an edited record count. */
#include "check.h"
#include "registry_fixture.h"

#include <stddef.h>
#include <string.h>

/* the metric span of two results, status, bottleneck and reason, compared exactly */
static int same_result(const ms_result *a, const ms_result *b) {
    const size_t off = offsetof(ms_result, dp);
    return a->status == b->status && a->bottleneck == b->bottleneck &&
           strcmp(a->reason, b->reason) == 0 &&
           memcmp((const char *)a + off, (const char *)b + off, sizeof *a - off) == 0;
}

static int all_nan(const ms_result *r) {
    for (size_t i = 0; i < ms_metric_count; i++)
        if (!isnan(ms_metric_get(r, &ms_metrics[i]))) return 0;
    return 1;
}

/* q = p with exactly one of the inputs a stage depends on changed (which: 0..12), so that each
 * of them is, somewhere in the sweep, the only difference between two consecutive points */
static void neighbour(ms_point *q, int which, const ms_registry *reg, const ms_calib *alt) {
    switch (which) {
    case 0:
        q->tp *= 2;
        break;
    case 1:
        q->pp *= 2;
        break;
    case 2:
        q->ep = q->ep > 1 ? 1 : 2;
        break;
    case 3:
        q->precision = q->precision == MS_BF16 ? MS_FP8 : MS_BF16;
        break;
    case 4:
        q->weight_precision = MS_INT4;
        break;
    case 5:
        q->kv_precision = MS_FP8;
        break;
    case 6:
        q->draft = q->draft ? NULL : ms_registry_model(reg, "llama32-1b");
        break;
    case 7:
        q->hw =
            ms_registry_hw(reg, q->hw == ms_registry_hw(reg, "h200-sxm") ? "h100-sxm" : "h200-sxm");
        break;
    case 8:
        q->calib = alt;
        break;
    case 9:
        q->scaleup = &reg->fabrics[0];
        break;
    case 10:
        q->scaleout = &reg->fabrics[reg->n_fabrics - 1];
        break;
    case 11:
        q->gpus_per_node = 2;
        break;
    default:
        q->model = ms_registry_model(
            reg, q->model == ms_registry_model(reg, "mistral-7b") ? "llama31-8b" : "mistral-7b");
        break;
    }
}

int main(void) {
    ms_registry reg;
    fixture_registry(&reg);
    const char *hws[] = {"h100-sxm", "mi300x",   "l40s",
                         "tpu-v5e",  "esp32-s3", "jetson-orin-nx-16gb"};
    const int precs[] = {MS_BF16, MS_FP8, MS_INT4, MS_FP32};
    const double tps[] = {1, 2, 8}, pps[] = {1, 4}, eps[] = {1, 2};
    const double batches[] = {1, 16}, prompts[] = {128, 4096}, outputs[] = {0, 1, 64, 1024};
    const ms_model *draft = ms_registry_model(&reg, "llama32-1b");
    ms_calib alt = *ms_registry_calib_for(&reg, ms_registry_hw(&reg, "h100-sxm"));
    alt.decode_bw_eff *= 0.5; /* another calibration record: other values, other address */
    alt.serve_gemm_eff_max *= 0.5;
    ms_stage stage;
    ms_stage_init(&stage);
    ms_result fresh, staged;
    long points = 0, differ = 0, feasible = 0;
    for (size_t mi = 0; mi < reg.n_models; mi++)
        for (size_t hi = 0; hi < sizeof hws / sizeof *hws; hi++)
            for (size_t pi = 0; pi < sizeof precs / sizeof *precs; pi++)
                for (size_t ti = 0; ti < 3; ti++)
                    for (size_t li = 0; li < 2; li++)
                        for (size_t ei = 0; ei < 2; ei++)
                            for (int spec = 0; spec < 2; spec++)
                                for (size_t w = 0; w < 16; w++) {
                                    ms_point p;
                                    ms_point_init(&p);
                                    p.model = &reg.models[mi];
                                    p.hw = ms_registry_hw(&reg, hws[hi]);
                                    p.calib = ms_registry_calib_for(&reg, p.hw);
                                    p.precision = precs[pi];
                                    p.tp = tps[ti];
                                    p.pp = pps[li];
                                    p.ep = eps[ei];
                                    p.batch = batches[w % 2];
                                    p.prompt_tokens = prompts[(w / 2) % 2];
                                    p.output_tokens = outputs[w / 4];
                                    p.qps = w % 3 ? 2.0 : 0.0;
                                    p.p99_target_s = w % 5 == 1 ? 30.0 : 0.0;
                                    p.paged_kv = w % 7 != 3;
                                    p.disaggregated = w == 9;
                                    p.weight_precision = w == 5 ? MS_INT4 : -1;
                                    p.kv_precision = w == 6 ? MS_FP8 : -1;
                                    p.gpus_per_node = w == 11 ? 4 : 0;
                                    if (spec) {
                                        p.draft = draft;
                                        p.acceptance = 0.7;
                                    }
                                    ms_point q = p;
                                    neighbour(&q, (int)(points % 13), &reg, &alt);
                                    ms_solve_core_staged(&q, &stage, &staged);
                                    ms_solve_core(&p, &fresh);
                                    ms_solve_core_staged(&p, &stage, &staged);
                                    points++;
                                    feasible += fresh.status == MS_OK;
                                    if (!same_result(&fresh, &staged) && differ++ < 5)
                                        fprintf(stderr, "differs: %s on %s, tp %g pp %g ep %g\n",
                                                p.model->key, p.hw->key, p.tp, p.pp, p.ep);
                                }
    printf("%ld serving points, %ld feasible, %ld differ\n", points, feasible, differ);
    CHECK(differ == 0);
    CHECK(feasible > points / 20); /* the comparison covers the physics, not only its checks */

    /* training points go through the same entry point; before each, the stage (its memo of
       the fleet's failure terms, and of the layout's checks, FLOPs, memory and times) sees a
       neighbour that differs in one of the inputs those terms read, or in a field they do not:
       the ZeRO stage alone (the layout's times reused with other memory and data-parallel
       traffic; the neighbour may not fit where the point does, so the times are first worked
       out for the point itself) or the training tokens (everything reused) */
    differ = 0;
    long train_points = 0, train_feasible = 0;
    const char *thws[] = {"h100-sxm", "a100-sxm-80gb", "mi300x"};
    for (size_t mi = 0; mi < reg.n_models; mi++)
        for (size_t hi = 0; hi < 3; hi++)
            for (double gpus = 8; gpus <= 1024; gpus *= 8)
                for (int w = 0; w < 20; w++) {
                    ms_point p;
                    ms_point_init(&p);
                    p.mode = MS_MODE_TRAIN;
                    p.model = &reg.models[mi];
                    p.hw = ms_registry_hw(&reg, thws[hi]);
                    p.calib = ms_registry_calib_for(&reg, p.hw);
                    p.gpus = gpus;
                    p.tp = w % 2 ? 8 : 4;
                    p.pp = w % 3 ? 1 : 2;
                    p.zero = w % 4;
                    p.global_batch = 1024;
                    p.train_tokens = w % 5 ? 1e11 : 0;
                    p.duration_days = w % 5 ? 0 : 30;
                    p.node_mtbf_h = w % 2 ? 0 : 2e4;
                    ms_point q = p;
                    switch (w) {
                    case 0:
                        q.gpus *= 2;
                        break;
                    case 1:
                        q.gpus_per_node = 4;
                        break;
                    case 2:
                        q.gpu_mtbf_h *= 0.5;
                        break;
                    case 3:
                        q.node_mtbf_h = 5e3;
                        break;
                    case 4:
                        q.checkpoint_bw_Bps *= 4;
                        break;
                    case 5:
                        q.restart_s *= 3;
                        break;
                    case 6: /* 12 checkpoint bytes per parameter instead of 14 */
                        q.precision = MS_FP32;
                        break;
                    case 7:
                        q.model = ms_registry_model(&reg, "llama31-70b");
                        break;
                    case 8:
                        q.hw = ms_registry_hw(&reg, "b200");
                        break;
                    case 9:
                        q.micro_batch = 2;
                        break; /* not an input of the failure terms */
                    case 11:
                        q.zero = (p.zero + 1) % 4;
                        break;
                    case 12:
                        q.cp = 2;
                        break;
                    case 13: /* needs pp 2: refused where p has pp 1 */
                        q.interleave = 2;
                        break;
                    case 14:
                        q.seq *= 2;
                        break;
                    case 15:
                        q.global_batch = 512;
                        break;
                    case 16:
                        q.sequence_parallel = 1;
                        break;
                    case 17:
                        q.unfused_attention = 1;
                        break;
                    case 18:
                        q.train_tokens = 5e11;
                        break;
                    default:
                        q.recompute = MS_RECOMPUTE_FULL;
                        break;
                    }
                    ms_solve_core_staged(&q, &stage, &staged);
                    ms_solve_core(&p, &fresh);
                    ms_solve_core_staged(&p, &stage, &staged);
                    train_points++;
                    train_feasible += fresh.status == MS_OK;
                    if (!same_result(&fresh, &staged) && differ++ < 5)
                        fprintf(stderr, "differs: training %s on %s, gpus %g, neighbour %d\n",
                                p.model->key, p.hw->key, p.gpus, w);
                }
    printf("%ld training points, %ld feasible, %ld differ\n", train_points, train_feasible, differ);
    CHECK(differ == 0);
    CHECK(train_feasible > train_points / 10);

    /* a point the solver refuses has every metric NaN (what result files hold for it) */
    ms_point bad;
    ms_point_init(&bad);
    ms_solve_core_staged(&bad, &stage, &staged);
    CHECK(staged.status == MS_INVALID);
    CHECK(all_nan(&staged));

    /* an edited record behind the same address: stale until ms_stage_init, right after it */
    ms_model edited = *ms_registry_model(&reg, "llama31-8b");
    ms_point p;
    ms_point_init(&p);
    p.model = &edited;
    p.hw = ms_registry_hw(&reg, "h100-sxm");
    p.calib = ms_registry_calib_for(&reg, p.hw);
    p.batch = 8;
    ms_solve_core_staged(&p, &stage, &staged);
    const double before = staged.tpot_s;
    edited.layers *= 2;
    edited.params *= 2;
    ms_stage_init(&stage);
    ms_solve_core_staged(&p, &stage, &staged);
    ms_solve_core(&p, &fresh);
    CHECK(same_result(&fresh, &staged));
    CHECK(staged.tpot_s > 1.5 * before); /* twice the layers and weights: ~twice the step */

    ms_registry_free(&reg);
    return check_done();
}
