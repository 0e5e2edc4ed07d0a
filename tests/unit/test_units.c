/* test_units.c - quantity parsing: units, dimensions and rejection of non-numbers. */
#include "check.h"
#include "units.h"

#include <string.h>

static double q(const char *s, ms_dim *d) {
    double v = -1;
    char msg[160];
    if (ms_units_parse(s, &v, d, msg, sizeof msg)) return -1;
    return v;
}

int main(void) {
    ms_dim d;
    CHECK_NEAR(q("80 GB", &d), 80e9, 1e-15);
    CHECK(d == MS_DIM_BYTES);
    CHECK_NEAR(q("80 GiB", &d), 80.0 * 1073741824.0, 1e-15);
    CHECK_NEAR(q("3.35 TB/s", &d), 3.35e12, 1e-15);
    CHECK(d == MS_DIM_BYTES_PER_S);
    /* network bandwidth in bits: 400 Gb/s = 50 GB/s */
    CHECK_NEAR(q("400 Gb/s", &d), 50e9, 1e-15);
    CHECK(d == MS_DIM_BYTES_PER_S);
    CHECK_NEAR(q("989 TFLOP/s", &d), 989e12, 1e-15);
    CHECK(d == MS_DIM_FLOPS);
    CHECK_NEAR(q("1979 TOP/s", &d), 1979e12, 1e-15);
    CHECK_NEAR(q("700 W", &d), 700, 1e-15);
    CHECK(d == MS_DIM_POWER);
    CHECK_NEAR(q("85.7 MWh", &d), 85.7 * 3.6e9, 1e-15);
    CHECK(d == MS_DIM_ENERGY);
    CHECK_NEAR(q("46.7 tCO2e", &d), 46700, 1e-15);
    CHECK(d == MS_DIM_CO2);
    CHECK_NEAR(q("2 us", &d), 2e-6, 1e-15);
    CHECK(d == MS_DIM_TIME);
    CHECK_NEAR(q("4.1 GFLOP", &d), 4.1e9, 1e-15);
    CHECK(d == MS_DIM_FLOP);
    CHECK_NEAR(q("1.5e3", &d), 1500, 1e-15);
    CHECK(d == MS_DIM_NONE);
    CHECK_NEAR(q("  12  ", &d), 12, 1e-15);
    /* rejected: unknown unit, non-numbers, non-finite, hex */
    CHECK(q("80 GBs", &d) == -1);
    CHECK(q("fast", &d) == -1);
    CHECK(q("nan", &d) == -1);
    CHECK(q("inf W", &d) == -1);
    CHECK(q("0x10 GB", &d) == -1);
    CHECK(q("1e999 GB", &d) == -1);
    CHECK(q("", &d) == -1);
    double v;
    CHECK(ms_units_number("1_000", &v) == 0 && v == 1000);
    CHECK(ms_units_number("12 GB", &v) != 0);
    CHECK(ms_units_number("nan", &v) != 0);
    CHECK(strlen(ms_dim_name(MS_DIM_BYTES)) > 0);
    return check_done();
}
