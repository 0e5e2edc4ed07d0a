/* test_registry.c - the shipped registries load, resolve aliases and fabrics, and match the
 * published shapes; lookups of unknown names suggest close keys. */
#include "check.h"
#include "registry.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    ms_registry reg;
    char err[1024];
    int rc = ms_registry_load(&reg, NULL, NULL, 0, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    CHECK(rc == 0);
    if (rc) return check_done();
    CHECK(reg.n_hw >= 60 && reg.n_models >= 60 && reg.n_regions >= 100);
    const ms_hardware *h = ms_registry_hw(&reg, "h100");
    CHECK(h && strcmp(h->key, "h100-sxm") == 0);
    if (h) {
        CHECK_NEAR(h->peak_flops[MS_BF16], 989e12, 0.01);
        CHECK_NEAR(h->memory_bw_Bps, 3.35e12, 0.01);
        CHECK(h->peak_flops[MS_FP8] > h->peak_flops[MS_BF16]);
        CHECK(h->scaleup != NULL && h->gpus_per_node == 8);
        /* NVLink 4: 900 GB/s bidirectional = 450 GB/s per direction */
        CHECK_NEAR(h->scaleup_bw_Bps, 450e9, 0.01);
    }
    const ms_hardware *v = ms_registry_hw(&reg, "v100");
    CHECK(v && v->peak_flops[MS_BF16] == 0 && v->peak_flops[MS_FP16] > 0); /* no bf16 on Volta */
    CHECK(ms_registry_hw(&reg, "a100-80gb") == ms_registry_hw(&reg, "a100-sxm-80gb"));
    const ms_model *m = ms_registry_model(&reg, "llama31-70b");
    CHECK(m && fabs(m->params - 70.55e9) < 0.02 * 70.55e9 && m->kv_heads == 8);
    const ms_model *x = ms_registry_model(&reg, "mixtral-8x7b");
    CHECK(x && x->family == MS_FAM_MOE && x->active_params < x->params / 3);
    const ms_region *r = ms_registry_region(&reg, "aws-us-east-1");
    CHECK(r && r->pue >= 1.0 && r->grid_gco2_per_kwh > 0);
    CHECK(ms_registry_model(&reg, "no-such-model") == NULL);
    char buf[256];
    ms_registry_unknown(&reg, MS_K_HARDWARE, "h100-smx", buf, sizeof buf);
    CHECK(strstr(buf, "did you mean 'h100-sxm'") != NULL);
    /* every accelerator has a calibration (its family's or the default) */
    for (size_t i = 0; i < reg.n_hw; i++) CHECK(ms_registry_calib_for(&reg, &reg.hw[i]) != NULL);
    CHECK(reg.n_files >= 4 && reg.checksums[0] != 0);
    ms_registry_free(&reg);
    return check_done();
}
