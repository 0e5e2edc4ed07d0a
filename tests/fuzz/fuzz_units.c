/* fuzz_units.c - libFuzzer harness: quantity parsing of arbitrary text. */
#include "units.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    double v;
    ms_dim d;
    char msg[160];
    ms_units_parse(s, &v, &d, msg, sizeof msg);
    ms_units_number(s, &v);
    free(s);
    return 0;
}
