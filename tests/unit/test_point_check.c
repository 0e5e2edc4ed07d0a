/* test_point_check.c - ms_point_check and the solver's refusals of points out of range: the
 * library API takes the job loader's ranges (a NaN, an infinity, a negative or fractional
 * count is status invalid with the field named, never physics), and requests of no tokens are
 * refused instead of finishing in zero time (rates of x/0 = inf; found by tests/fuzz/fuzz_point).
 */
#include "check.h"
#include "registry_fixture.h"

#include <string.h>

static ms_registry reg;

/* p with one double field set to v is refused, with a reason naming `field` */
static int refused_as(double *field_of_p, double v, const ms_point *p, const char *field) {
    const double keep = *field_of_p;
    *field_of_p = v;
    ms_result r;
    ms_solve_core(p, &r);
    const char *why = ms_point_check(p);
    *field_of_p = keep;
    return r.status == MS_INVALID && why && strcmp(r.reason, why) == 0 &&
           strncmp(why, field, strlen(field)) == 0;
}

int main(void) {
    fixture_registry(&reg);
    ms_point p;
    fixture_point(&reg, &p, "llama31-8b", "h100-sxm");
    CHECK(ms_point_check(&p) == NULL); /* the defaults are in range */
    ms_result r;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK);

    CHECK(refused_as(&p.tp, NAN, &p, "tp"));
    CHECK(refused_as(&p.tp, 0, &p, "tp"));
    CHECK(refused_as(&p.tp, 1.5, &p, "tp"));
    CHECK(refused_as(&p.pp, INFINITY, &p, "pp"));
    CHECK(refused_as(&p.batch, -1, &p, "batch"));
    CHECK(refused_as(&p.qps, NAN, &p, "qps"));
    CHECK(refused_as(&p.qps, INFINITY, &p, "qps"));
    CHECK(refused_as(&p.acceptance, 1.5, &p, "acceptance"));
    CHECK(refused_as(&p.utilization, -0.1, &p, "utilization"));
    CHECK(refused_as(&p.prompt_tokens, 1e300, &p, "prompt_tokens"));
    CHECK(refused_as(&p.gpu_mtbf_h, -INFINITY, &p, "gpu_mtbf_h"));
    CHECK(refused_as(&p.pue_override, 0.5, &p, "pue"));
    CHECK(refused_as(&p.gpu_usd_per_hour_override, -INFINITY, &p, "gpu_usd_per_hour"));
    /* an override not set (NaN) is in range; a set one is too */
    p.price_usd_per_kwh_override = 0.1;
    CHECK(ms_point_check(&p) == NULL);
    p.zero = 4;
    CHECK(ms_point_check(&p) != NULL && strncmp(ms_point_check(&p), "zero", 4) == 0);
    p.zero = 0;
    p.kv_precision = MS_NPREC;
    CHECK(ms_point_check(&p) != NULL);
    p.kv_precision = -1;

    /* a generated token needs a prompt: P = 0 once finished in zero time */
    p.prompt_tokens = 0;
    p.output_tokens = 1;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_INVALID && strstr(r.reason, "prompt") != NULL);
    /* an encoder needs a sequence */
    fixture_point(&reg, &p, "bert-base", "h100-sxm");
    p.prompt_tokens = 0;
    p.output_tokens = 0;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_INVALID && strstr(r.reason, "sequence") != NULL);
    p.prompt_tokens = 128;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_OK && r.e2e_latency_s > 0 && r.samples_per_s < INFINITY);
    /* a load beyond the replica search's cap says so (not "P99 target below the latency") */
    fixture_point(&reg, &p, "llama31-8b", "h100-sxm");
    p.qps = 1e12;
    ms_solve_core(&p, &r);
    CHECK(r.status == MS_SLA && r.bottleneck == MS_BN_QUEUEING && isinf(r.replicas_needed));
    CHECK(strstr(r.reason, "10^9 replicas") != NULL);
    ms_registry_free(&reg);
    return check_done();
}
