/* fuzz_where.c - libFuzzer harness for the --where compiler and evaluator: any byte string
 * must compile or fail with a "column N: ..." message, and a compiled filter must evaluate. */
#include "where.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const hw[] = {"h100-sxm", "mi300x", "b200"};
static const double tp[] = {1, 2, 4, 8};
static const ms_where_axis axes[] = {{"hardware", 3, NULL, hw}, {"tp", 4, tp, NULL}};
static const char *const metrics[] = {"ttft_s", "cost_usd"};
static const ms_where_schema schema = {axes, 2, metrics, 2};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *s = malloc(size + 1);
    if (!s) return 0;
    memcpy(s, data, size);
    s[size] = 0;
    ms_where *w;
    char err[96];
    if (ms_where_compile(s, &schema, &w, err, sizeof err) == 0) {
        size_t coord[2] = {size % 3, size % 4};
        double m[2] = {1.5, (double)size};
        ms_where_point pt = {coord, m, (int)(size % 8), 1};
        (void)ms_where_eval(w, &pt);
        ms_where_free(w);
    } else if (strncmp(err, "column ", 7) != 0) {
        abort(); /* every error names its column */
    }
    free(s);
    return 0;
}
