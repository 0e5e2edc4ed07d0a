/* fuzz_registry.c - libFuzzer harness: any bytes as a registry file (YAML tree + every field
 * check). Must never crash, leak or hang; errors are fine. */
#include "registry.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ms_registry reg;
    char err[1024];
    if (ms_registry_init(&reg) == 0)
        ms_registry_add_text(&reg, (const char *)data, size, "fuzz.yaml", err, sizeof err);
    ms_registry_free(&reg);
    return 0;
}
