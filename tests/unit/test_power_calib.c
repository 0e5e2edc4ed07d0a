/* test_power_calib.c - the shipped power calibration reproduces measured system power:
 * GPT-3 on 10,000 V100s drew 330 W per processor at 24.6 TFLOP/s (Patterson et al. 2021,
 * Table 4); TPU v3 families keep the default (checked by test_power_validation). */
#include "check.h"
#include "power.h"
#include "registry.h"

#include <stdio.h>

int main(void) {
    ms_registry reg;
    char err[1024];
    if (ms_registry_load(&reg, NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        CHECK(0);
        return check_done();
    }
    const ms_hardware *v = ms_registry_hw(&reg, "v100");
    CHECK(v != NULL);
    if (v) {
        const ms_calib *c = ms_registry_calib_for(&reg, v);
        const double hfu = 24.6e12 / v->peak_flops[MS_FP16];
        const double sys = ms_power_device_w(v, c, hfu, 0.0) + ms_power_overhead_w(v, c);
        CHECK_NEAR(sys, 330.0, 0.01);
        /* a GPU at half its peak is at its power cap; idle it draws its idle power */
        CHECK_NEAR(ms_power_device_w(v, c, 0.5, 0.0), v->tdp_w, 1e-12);
        CHECK(ms_power_device_w(v, c, 0.0, 0.0) < 0.2 * v->tdp_w);
    }
    /* every NVIDIA data-centre family has the power-cap fraction; TPU keeps the default 1 */
    const char *gpus[] = {"a100-sxm-80gb", "h100-sxm", "b200"};
    for (int i = 0; i < 3; i++) {
        const ms_hardware *h = ms_registry_hw(&reg, gpus[i]);
        CHECK(h && ms_registry_calib_for(&reg, h)->power_full_util < 0.5);
    }
    const ms_hardware *t = ms_registry_hw(&reg, "tpu-v3");
    CHECK(t && ms_registry_calib_for(&reg, t)->power_full_util == 1.0);
    ms_registry_free(&reg);
    return check_done();
}
