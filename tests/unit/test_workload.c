/* test_workload.c - parameter, FLOP and KV counts from the architecture, hand-derived. */
#include "check.h"
#include "workload.h"

#include <string.h>

static ms_model llama31_70b(void) {
    ms_model m;
    memset(&m, 0, sizeof m);
    m.family = MS_FAM_DENSE;
    m.layers = 80, m.hidden = 8192, m.heads = 64, m.kv_heads = 8, m.ffn_hidden = 28672;
    m.ffn_gated = 1, m.vocab = 128256;
    return m;
}

int main(void) {
    ms_model m = llama31_70b();
    /* attention per layer: Q 8192*8192 + K,V 2*8192*1024 + O 8192*8192 = 150,994,944
       FFN per layer: 3*8192*28672 = 704,643,072; embeddings 2*128256*8192 = 2,101,346,304
       total = 80*(150,994,944 + 704,643,072) + 2,101,346,304 = 70,552,387,584 (Meta: 70.6B) */
    CHECK_NEAR(ms_workload_attn_params_per_layer(&m), 150994944.0, 1e-12);
    CHECK_NEAR(ms_workload_params_derived(&m), 70552387584.0, 1e-12);
    /* KV per token: 80 layers * 2 * 8 kv heads * 128 = 163,840 elements (320 KiB at bf16) */
    CHECK_NEAR(ms_workload_kv_elems_per_token(&m), 163840.0, 1e-12);
    /* forward FLOPs per token at context 0: 2 * (params - input embedding) */
    CHECK_NEAR(ms_workload_fwd_flops_per_token(&m, 0), 2.0 * (70552387584.0 - 128256.0 * 8192),
               1e-12);
    /* attention at context 4096: 80 layers * 2 * 4096 * (8192 + 8192) */
    CHECK_NEAR(ms_workload_attn_flops_per_token(&m, 4096), 80.0 * 2 * 4096 * 16384, 1e-12);

    /* GPT-3 175B (tied embeddings): 96 layers, h=12288, 12*l*h^2 + V*h = 173.95e9 + 0.62e9 */
    ms_model g;
    memset(&g, 0, sizeof g);
    g.family = MS_FAM_DENSE, g.layers = 96, g.hidden = 12288, g.heads = 96, g.ffn_hidden = 49152;
    g.vocab = 50257, g.tied_embeddings = 1;
    CHECK_NEAR(ms_workload_params_derived(&g), 12.0 * 96 * 12288.0 * 12288 + 50257.0 * 12288,
               1e-12);

    /* Mixtral 8x7B: 32 layers, h=4096, 32 heads, 8 kv, experts 8 of width 14336, top-2
       attn/layer = 4096*4096*2 + 2*4096*1024 = 41,943,040; expert = 3*4096*14336 = 176,160,768
       total = 32*(41,943,040 + 8*176,160,768 + 4096*8) + 2*32000*4096 = 46,702,526,464
       active = 32*(41,943,040 + 2*176,160,768 + 32768) + 262,144,000 = 12,879,659,008 */
    ms_model x;
    memset(&x, 0, sizeof x);
    x.family = MS_FAM_MOE, x.layers = 32, x.hidden = 4096, x.heads = 32, x.kv_heads = 8;
    x.ffn_hidden = 14336, x.moe_ffn_hidden = 14336, x.ffn_gated = 1, x.vocab = 32000;
    x.experts = 8, x.experts_per_token = 2;
    CHECK_NEAR(ms_workload_params_derived(&x), 46702526464.0, 1e-12);
    CHECK_NEAR(ms_workload_active_params_derived(&x), 12879659008.0, 1e-12);

    /* DeepSeek-V3 MLA KV cache: 61 layers * (512 + 64) latent elements per token */
    ms_model ds;
    memset(&ds, 0, sizeof ds);
    ds.family = MS_FAM_MOE, ds.layers = 61, ds.hidden = 7168, ds.heads = 128;
    ds.kv_lora_rank = 512, ds.qk_rope_head_dim = 64, ds.qk_nope_head_dim = 128, ds.v_head_dim = 128;
    CHECK_NEAR(ms_workload_kv_elems_per_token(&ds), 61.0 * 576, 1e-12);
    /* CNNs: FLOPs per sample come from the registry */
    ms_model r;
    memset(&r, 0, sizeof r);
    r.family = MS_FAM_CNN, r.params = 25.6e6, r.flops_per_sample = 8.2e9;
    CHECK(ms_workload_kv_elems_per_token(&r) == 0);
    CHECK_NEAR(ms_workload_fwd_flops_per_token(&r, 0), 8.2e9, 1e-12);
    return check_done();
}
