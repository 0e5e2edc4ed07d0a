/* registry_fixture.h - the shipped registries for a unit test: loaded, or the test exits 1 with
 * the loader's message (a test without its data fails, it does not pass vacuously). */
#ifndef MS_REGISTRY_FIXTURE_H
#define MS_REGISTRY_FIXTURE_H
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>

static inline void fixture_registry(ms_registry *reg) {
    char err[512];
    if (ms_registry_load(reg, NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
}
/* a default point of the named model on the named accelerator, with its calibration */
static inline void fixture_point(const ms_registry *reg, ms_point *p, const char *model,
                                 const char *hw) {
    ms_point_init(p);
    p->model = ms_registry_model(reg, model);
    p->hw = ms_registry_hw(reg, hw);
    p->calib = ms_registry_calib_for(reg, p->hw);
    if (!p->model || !p->hw) {
        fprintf(stderr, "fixture: no %s or no %s in the registry\n", model, hw);
        exit(1);
    }
}
#endif
