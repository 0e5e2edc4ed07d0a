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
#endif
