/* divides.h - "d divides x" for whole numbers held in doubles (layer, head and GPU counts,
 * parallel degrees), exactly as fmod(x, d) == 0 but without fmod's cost (~5% of a training
 * point, called up to eight times per layout check).
 *
 * For whole x, d with 0 <= x < 2^53 and 1 <= d < 2^53 the quotient x/d is exact when d divides
 * x, and otherwise lies at least 1/d from any whole number while its rounding error is below
 * x/(d 2^53) < 1/d: so "x/d is whole" is exact. Anything else (fractions, negatives, zero or
 * huge divisors) takes fmod. */
#ifndef MS_DIVIDES_H
#define MS_DIVIDES_H
#include <math.h>
#include <stdint.h>

static inline int ms_divides(double d, double x) {
    const double big = 9007199254740992.0; /* 2^53 */
    if (x >= 0 && x < big && d >= 1 && d < big && (double)(int64_t)x == x &&
        (double)(int64_t)d == d) {
        const double q = x / d;
        return (double)(int64_t)q == q;
    }
    return fmod(x, d) == 0;
}
#endif
