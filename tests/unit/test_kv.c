/* test_kv.c - KV-cache sizes (GQA, MLA, tp splits) and capacity (static vs paged), against
 * numbers derived by hand from the published architectures. */
#include "check.h"
#include "memory.h"
#include "registry_fixture.h"

#include <string.h>

static ms_point point(const ms_registry *reg, const char *model, const char *hw, int prec) {
    ms_point p;
    ms_point_init(&p);
    p.model = ms_registry_model(reg, model);
    p.hw = ms_registry_hw(reg, hw);
    p.calib = ms_registry_calib_for(reg, p.hw);
    p.precision = prec;
    return p;
}

int main(void) {
    ms_registry reg;
    fixture_registry(&reg);
    /* Llama 3.1 70B (GQA): 80 layers x (K and V) x 8 kv heads x 128 dims = 163840 elements per
       token; bf16 = 327680 B. tp 8 puts one kv head per rank (40960 B); tp 16 cannot split 8
       heads 16 ways, so the heads are replicated and the split stays 8. */
    ms_point p = point(&reg, "llama31-70b", "h100-sxm", MS_BF16);
    CHECK(p.model && p.hw);
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&p, p.model), 2.0 * 80 * 8 * 128 * 2, 1e-12);
    p.tp = 8;
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&p, p.model), 2.0 * 80 * 8 * 128 * 2 / 8, 1e-12);
    p.tp = 16;
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&p, p.model), 2.0 * 80 * 8 * 128 * 2 / 8, 1e-12);
    /* pp splits the layers: 4 stages hold 20 layers each */
    p.tp = 1;
    p.pp = 4;
    CHECK_NEAR(ms_memory_kv_bytes_per_token_per_gpu(&p), 2.0 * 80 * 8 * 128 * 2 / 4, 1e-12);
    /* fp8 KV with bf16 compute halves it */
    p.pp = 1;
    p.kv_precision = MS_FP8;
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&p, p.model), 2.0 * 80 * 8 * 128, 1e-12);

    /* DeepSeek-V3 (MLA): the cache holds the compressed latent (512) plus the decoupled rope key
       (64) per layer, 61 layers: 35136 elements; fp8 = 35136 B; replicated on every tp rank. */
    ms_point d = point(&reg, "deepseek-v3", "h200-sxm", MS_FP8);
    CHECK(d.model != NULL);
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&d, d.model), 61.0 * (512 + 64), 1e-12);
    d.tp = 8;
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&d, d.model), 61.0 * (512 + 64), 1e-12);

    /* MHA (LLaMA-1 7B): 32 layers x 2 x 32 heads x 128 = 262144 elements per token */
    ms_point l = point(&reg, "llama1-7b", "a100-sxm-80gb", MS_FP16);
    CHECK_NEAR(ms_memory_kv_bytes_per_token_rank(&l, l.model), 2.0 * 32 * 2 * 32 * 128, 1e-12);

    /* capacity: static reserves P+O per slot; paged holds whole 16-token pages at P + O/2 plus
       one sequence's remaining growth O/2 */
    CHECK_NEAR(ms_memory_kv_tokens_held(10, 1000, 200, 0), 10 * 1200.0, 1e-12);
    CHECK_NEAR(ms_memory_kv_tokens_held(10, 1000, 200, 1), 10 * 1104.0 + 100,
               1e-12); /* 1100 -> 69 pages */
    CHECK_NEAR(ms_memory_kv_tokens_held(1, 1000, 200, 1), 1104.0 + 100, 1e-12);
    /* max batch inverts tokens held */
    const double kvt = 327680, free_b = 40e9;
    const double bs = ms_memory_kv_max_batch(free_b, kvt, 2048, 256, 0);
    const double bp = ms_memory_kv_max_batch(free_b, kvt, 2048, 256, 1);
    CHECK_NEAR(bs, floor(free_b / kvt / 2304), 1e-12);
    CHECK(ms_memory_kv_tokens_held(bp, 2048, 256, 1) * kvt <= free_b);
    CHECK(ms_memory_kv_tokens_held(bp + 1, 2048, 256, 1) * kvt > free_b);
    CHECK(bp > bs); /* paging admits more sequences than static reservation */
    ms_registry_free(&reg);
    return check_done();
}
