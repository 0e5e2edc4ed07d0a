/* check.h - the unit-test harness: CHECK and CHECK_NEAR count failures; check_done() prints
 * "N passed, N failed" and returns the exit code. Each test file is one executable. */
#ifndef MS_CHECK_H
#define MS_CHECK_H
#include <math.h>
#include <stdio.h>

static int check_pass_, check_fail_;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond)                                                                                  \
            check_pass_++;                                                                         \
        else {                                                                                     \
            check_fail_++;                                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

/* relative tolerance rel (and absolute 1e-300 for zeros) */
#define CHECK_NEAR(a, b, rel)                                                                      \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (fabs(a_ - b_) <= (rel)*fabs(b_) + 1e-300)                                              \
            check_pass_++;                                                                         \
        else {                                                                                     \
            check_fail_++;                                                                         \
            fprintf(stderr,                                                                        \
                    "%s:%d: CHECK_NEAR failed: %s = %.10g, expected %s = %.10g (rel %g)\n",        \
                    __FILE__, __LINE__, #a, a_, #b, b_, (double)(rel));                            \
        }                                                                                          \
    } while (0)

static inline int check_done(void) {
    printf("%d passed, %d failed\n", check_pass_, check_fail_);
    return check_fail_ ? 1 : 0;
}
#endif
