/* test_divides.c - ms_divides(d, x) is exactly fmod(x, d) == 0: on every pair of a grid of whole
 * numbers (layer, head, GPU counts and their products), near 2^53, and on fractions, negatives,
 * zero, infinities and NaN, which take fmod itself. */
#include "check.h"
#include "divides.h"

#include <math.h>

int main(void) {
    long agree = 0, n = 0;
    for (double x = 0; x <= 2048; x++)
        for (double d = 1; d <= 130; d++) {
            agree += ms_divides(d, x) == (fmod(x, d) == 0);
            n++;
        }
    CHECK(agree == n);
    /* whole numbers near the limit of exact doubles */
    const double big = 9007199254740992.0; /* 2^53 */
    const double xs[] = {big - 1, big - 2, big - 3, big, 4503599627370496.0 + 1, 3e15, 1e15 + 1};
    const double ds[] = {1, 2, 3, 7, 1024, 4096, 3e15, big - 1, 1e15 + 1};
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < 9; j++) CHECK(ms_divides(ds[j], xs[i]) == (fmod(xs[i], ds[j]) == 0));
    /* not whole, not positive, not finite: fmod's answer */
    const double odd[] = {7.5, 2.5, -4, -3, 0, 0.5, INFINITY, NAN, 1e300};
    for (int i = 0; i < 9; i++)
        for (int j = 0; j < 9; j++)
            CHECK(ms_divides(odd[j], odd[i]) == (fmod(odd[i], odd[j]) == 0));
    CHECK(ms_divides(8, 4096) && !ms_divides(3, 4096) && ms_divides(2.5, 7.5));
    CHECK(!ms_divides(0, 4) && !ms_divides(NAN, 4));
    return check_done();
}
