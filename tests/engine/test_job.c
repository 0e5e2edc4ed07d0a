/* test_job.c - the job parser and the plan: valid jobs give the expected grid, invalid ones a
 * FILE:LINE message naming the key; chunking and decomposition cover every point once; the
 * staged evaluation (core once, region innermost) equals ms_solve point by point. */
#include "check.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[256];

static int load(ms_plan *pl, const char *text, char *err, size_t len) {
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return ms_plan_load(pl, path, NULL, NULL, 0, err, len);
}

/* the job must fail with a message holding path:line and every fragment given */
static void bad(const char *text, int line, const char *frag1, const char *frag2) {
    ms_plan pl;
    char err[700] = "", where[300];
    int rc = load(&pl, text, err, sizeof err);
    snprintf(where, sizeof where, "%s:%d", path, line);
    int ok = rc != 0 && strstr(err, where) && strstr(err, frag1) && (!frag2 || strstr(err, frag2));
    if (!ok)
        fprintf(stderr, "job:\n%s\n -> rc %d, message '%s' (wanted %s, '%s', '%s')\n", text, rc,
                err, where, frag1, frag2 ? frag2 : "");
    CHECK(ok);
}

static void valid_jobs(void) {
    ms_plan pl;
    char err[700] = "";
    int rc =
        load(&pl,
             "name: t\nmode: train\naxes:\n"
             "  model: [llama31-8b, gpt3-175b]\n"
             "  hardware: h100\n" /* alias -> key, one value */
             "  tp: {from: 1, to: 8, times: 2}\n"
             "  pp: {from: 1, to: 3, step: 1}\n"
             "  recompute: all\n"
             "  region: all\n"
             "workload: {seq: 4096, global_batch: 512}\n"
             "fleet: {utilization: 0.5}\n"
             "constraints: {step_time_s: '<= 10', mfu: '> 0.1'}\n"
             "output: {file: x.h5, compression: deflate, level: 3, metrics: [step_time_s, mfu]}\n",
             err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    CHECK(rc == 0);
    if (rc) return;
    CHECK(pl.n_axes == 6);
    CHECK(pl.axes[0].n == 2 && strcmp(pl.axes[0].names[1], "gpt3-175b") == 0);
    CHECK(pl.axes[1].n == 1 && strcmp(pl.axes[1].names[0], "h100-sxm") == 0);
    CHECK(pl.axes[2].n == 4 && pl.axes[2].vals[3] == 8);
    CHECK(pl.axes[3].n == 3 && pl.axes[3].vals[2] == 3);
    CHECK(pl.axes[4].n == 3 && strcmp(pl.axes[4].names[2], "full") == 0);
    CHECK(pl.axes[5].n == pl.reg.n_regions && pl.region_axis == 5);
    CHECK(pl.points == 2ull * 1 * 4 * 3 * 3 * pl.reg.n_regions);
    CHECK(pl.base.seq == 4096 && pl.base.global_batch == 512 && pl.base.utilization == 0.5);
    CHECK(pl.n_constraints == 2 && pl.constraints[1].op == MS_CMP_GT);
    CHECK(pl.n_metrics == 2 && pl.deflate_level == 3 && pl.shuffle == 1);
    CHECK(strcmp(pl.out_file, "x.h5") == 0 && pl.mode == MS_MODE_TRAIN && !pl.gpus_fixed);
    /* train without a gpus axis derives gpus = tp*pp*cp */
    ms_point p = pl.base;
    ms_plan_apply(&pl, 2, 2, &p); /* tp 4 */
    ms_plan_apply(&pl, 3, 1, &p); /* pp 2 */
    ms_plan_finish_point(&pl, &p);
    CHECK(p.gpus == 8 && p.calib != NULL);
    /* chunking: trailing axes whole while they fit in MS_PLAN_CHUNK_POINTS */
    CHECK(pl.chunk[5] == pl.reg.n_regions && pl.chunk[0] == 2);
    ms_plan_free(&pl);

    /* default output: every metric of the mode, file NAME.h5, uncompressed; empty sections */
    rc = load(&pl,
              "name: d\nmode: serve\naxes: {model: llama31-8b, hardware: [h100-sxm]}\n"
              "constraints:\nfleet:\n",
              err, sizeof err);
    CHECK(rc == 0);
    if (!rc) {
        size_t n = 0;
        for (size_t i = 0; i < ms_metric_count; i++) n += (ms_metrics[i].modes & 1u) != 0;
        CHECK(pl.n_metrics == n && strcmp(pl.out_file, "d.h5") == 0 && pl.deflate_level < 0);
        ms_plan_free(&pl);
        /* `metrics: all` is that default written out: every metric of the mode */
        rc = load(&pl,
                  "name: d\nmode: train\naxes: {model: llama31-8b, hardware: [h100-sxm]}\n"
                  "output: {metrics: all}\n",
                  err, sizeof err);
        CHECK(rc == 0);
        n = 0;
        for (size_t i = 0; i < ms_metric_count; i++) n += (ms_metrics[i].modes & 2u) != 0;
        CHECK(rc || (pl.n_metrics == n && pl.metrics[0] == &ms_metrics[0]));
        if (!rc) ms_plan_free(&pl);
    }
}

static void invalid_jobs(void) {
    bad("name: t\nmode: serve\naxes:\n  model: [llama31-8b]\n  hardwre: [h100-sxm]\n", 5,
        "unknown axis 'hardwre'", "did you mean 'hardware'");
    bad("name: t\nmode: serve\naxes:\n  model: [llama31-8b, lama31-70b]\n  hardware: h100-sxm\n", 4,
        "lama31-70b", "llama31-70b");
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n  tp: [1, 2, 2]\n",
        6, "appears twice", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n  tp: [1, 2.5]\n",
        6, "whole number", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n  tp: all\n", 6,
        "'all' is only for", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "  tp: {from: 8, to: 1, times: 2}\n",
        6, "below 'from'", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "  tp: {from: 1, to: 8, times: 2, step: 1}\n",
        6, "exactly one of", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "  tp: {from: 1, too: 8}\n",
        6, "unknown key in the range", "'to'");
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "workload: {utilization: 0.5}\n",
        6, "'utilization' belongs in fleet", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "fleet: {utilization: 1.5}\n",
        6, "between 0 and 1", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "workload: {prompt_tokns: 5}\n",
        6, "unknown workload key 'prompt_tokns'", "prompt_tokens");
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n  batch: [1]\n"
        "workload: {batch: 4}\n",
        7, "already an axis (line 6)", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "constraints: {ttft: '<= 2'}\n",
        4, "unknown metric in constraints 'ttft'", "ttft_s");
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "constraints: {ttft_s: 2}\n",
        4, "expected '<= N'", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "constraints: {step_time_s: '<= 2'}\n",
        4, "not computed in serve mode", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "output: {compression: zstd}\n",
        4, "unknown compression 'zstd'", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "output: {metrics: [ttft_s, ttft_s]}\n",
        4, "listed twice", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "output: {metrics: everything}\n",
        4, "a non-empty list of metric names, or all", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\n"
        "output: {file: a.h5, precison: float64}\n",
        4, "unknown key in output 'precison'", "precision");
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\noutputs: {}\n", 4,
        "unknown key in the job 'outputs'", "output");
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "  batch: {from: 1, to: 10000, step: 1}\n  prompt_tokens: {from: 1, to: 10000, step: 1}\n"
        "output: {chunk_points: 1}\n",
        1, "chunks (more than 2^26)", NULL);
    bad("name: t\nmode: serve\naxes: {model: llama31-8b, hardware: h100-sxm}\nworkload: 5\n", 4,
        "workload: expected a mapping", NULL);
    bad("name: t\nmode: fly\naxes: {model: llama31-8b, hardware: h100-sxm}\n", 2, "mode", "fly");
    bad("name: t\nmode: serve\naxes: {model: llama31-8b}\n", 1, "no hardware", NULL);
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  model: llama31-70b\n", 5, "", NULL);
    /* 10^6 x (10^6 + 1) points is just over MS_PLAN_MAX_POINTS (10^12) */
    bad("name: t\nmode: serve\naxes:\n  model: llama31-8b\n  hardware: h100-sxm\n"
        "  batch: {from: 1, to: 1000000, step: 1}\n  prompt_tokens: {from: 1, to: 1000001, step: "
        "1}\n",
        7, "more than", "up to axis 'prompt_tokens'");
}

/* chunks and decomposition: every point in exactly one chunk, every chunk on exactly one rank,
   and ranks balanced to within one chunk */
static void geometry(void) {
    ms_plan pl;
    char err[700];
    int rc = load(&pl,
                  "name: g\nmode: serve\naxes:\n  model: [llama31-8b, llama31-70b, mixtral-8x7b]\n"
                  "  hardware: h100-sxm\n  batch: {from: 1, to: 300000, step: 1}\n  tp: [1, 2]\n",
                  err, sizeof err);
    CHECK(rc == 0);
    if (rc) return;
    CHECK(pl.chunk[3] == 2 && pl.chunk[2] == MS_PLAN_CHUNK_POINTS / 2 && pl.chunk[0] == 1);
    uint64_t st[MS_PLAN_MAX_AXES], ct[MS_PLAN_MAX_AXES], sum = 0;
    for (uint64_t k = 0; k < pl.n_chunks; k++) sum += ms_plan_chunk_box(&pl, k, st, ct);
    CHECK(sum == pl.points && pl.points == 3ull * 300000 * 2);
    uint64_t todo[64];
    size_t n = 0;
    for (uint64_t k = 0; k < pl.n_chunks && n < 64; k++)
        if (k % 3 != 1) todo[n++] = k; /* as after a resume */
    for (int R = 1; R <= 4; R++) {
        size_t covered = 0, prev_last = 0;
        uint64_t mx = 0, mn = UINT64_MAX;
        for (int r = 0; r < R; r++) {
            size_t a, b;
            ms_plan_decompose(&pl, todo, n, r, r + 1, R, &a, &b);
            if (b > a) {
                CHECK(a == prev_last);
                prev_last = b;
            }
            covered += b - a;
            uint64_t pts = 0;
            for (size_t i = a; i < b; i++) pts += ms_plan_chunk_box(&pl, todo[i], st, ct);
            if (pts > mx) mx = pts;
            if (pts < mn) mn = pts;
        }
        CHECK(covered == n);
        CHECK(mx - mn <= (uint64_t)MS_PLAN_CHUNK_POINTS);
        /* a node's span of ranks [lo, hi) is the run of its ranks' shares together */
        for (int lo = 0; lo < R; lo++)
            for (int hi = lo + 1; hi <= R; hi++) {
                size_t a, b, f = n, l = 0;
                for (int r = lo; r < hi; r++) {
                    ms_plan_decompose(&pl, todo, n, r, r + 1, R, &a, &b);
                    if (b > a && a < f) f = a;
                    if (b > a && b > l) l = b;
                }
                ms_plan_decompose(&pl, todo, n, lo, hi, R, &a, &b);
                CHECK(l > f ? a == f && b == l : a == b);
            }
        size_t a, b;
        ms_plan_decompose(&pl, todo, n, 0, R, R, &a, &b);
        CHECK(a == 0 && b == n);
    }
    ms_plan_free(&pl);
}

/* region innermost with the core computed once, and the odometer over the other axes, must
   equal ms_solve at every point */
static void staged_equals_solve(void) {
    ms_plan pl;
    char err[700];
    int rc = load(&pl,
                  "name: s\nmode: serve\naxes:\n  region: all\n  model: [llama31-8b, llama31-70b]\n"
                  "  hardware: [h100-sxm, mi300x, l4]\n  batch: [1, 8, 64]\n  tp: [1, 2]\n"
                  "  prompt_tokens: [512, 8192]\n"
                  "constraints: {ttft_s: '<= 0.5', carbon_kgco2e: '<= 4000'}\n",
                  err, sizeof err);
    CHECK(rc == 0);
    if (rc) return;
    CHECK(pl.n_chunks == 1);
    size_t np = (size_t)pl.points;
    /* every serve metric: any field the region stage writes beyond the engine's list shows */
    const size_t nm = pl.n_metrics;
    void *bufs[MS_METRIC_MAX_STORED];
    for (size_t m = 0; m < nm; m++) bufs[m] = malloc(np * sizeof(float));
    uint8_t *st = malloc(np), *bn = malloc(np);
    uint64_t feas = ms_plan_eval_chunk(&pl, 0, bufs, st, bn);
    size_t bad_pts = 0, n_ok = 0, n_sla = 0, n_price = 0;
    for (size_t i = 0; i < np; i++) {
        /* 72 rows of non-region coordinates: more than one of the engine's 64-row blocks, so
           its odometer carries across axes and blocks */
        size_t rem = i, c[MS_PLAN_MAX_AXES];
        for (size_t a = pl.n_axes; a-- > 0;) c[a] = rem % pl.axes[a].n, rem /= pl.axes[a].n;
        ms_point p = pl.base;
        for (size_t a = 0; a < pl.n_axes; a++) ms_plan_apply(&pl, a, c[a], &p);
        ms_plan_finish_point(&pl, &p);
        ms_result r;
        ms_solve(&p, &r);
        ms_plan_constrain(&pl, &r);
        n_ok += r.status == MS_OK;
        n_sla += r.status == MS_SLA;
        n_price += r.status == MS_NO_PRICE;
        int same = st[i] == r.status && bn[i] == r.bottleneck;
        for (size_t m = 0; m < nm; m++) {
            float want = (float)ms_metric_get(&r, pl.metrics[m]), got = ((float *)bufs[m])[i];
            if (r.status != MS_OK && r.status != MS_SLA && r.status != MS_NO_PRICE) want = NAN;
            same &= (isnan(want) && isnan(got)) || want == got;
        }
        bad_pts += !same;
    }
    CHECK(bad_pts == 0);
    CHECK(feas == n_ok);
    /* the grid exercises feasible, constraint-violating and price-less points */
    CHECK(n_ok > 0 && n_sla > 0 && n_price > 0);
    for (size_t m = 0; m < nm; m++) free(bufs[m]);
    free(st);
    free(bn);
    ms_plan_free(&pl);
}

int main(void) {
    snprintf(path, sizeof path, "/tmp/mlsweep_test_job_%d.yaml", (int)getpid());
    valid_jobs();
    invalid_jobs();
    geometry();
    staged_equals_solve();
    remove(path);
    return check_done();
}
