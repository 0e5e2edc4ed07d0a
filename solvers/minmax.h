/* minmax.h - fmin and fmax, inline. The C library's are calls (GCC expands them inline only
 * when NaNs and signed zeros may be ignored), and the serving solve makes a dozen a point.
 * Same results as glibc's x86-64 fmin/fmax (minsd/maxsd: on equal arguments, including +0 and
 * -0, the second; a NaN argument yields the other), so the bits of every result are unchanged. */
#ifndef MS_MINMAX_H
#define MS_MINMAX_H

static inline double ms_fmin(double x, double y) {
    return y != y ? x : (x < y ? x : y);
}

static inline double ms_fmax(double x, double y) {
    return y != y ? x : (x > y ? x : y);
}
#endif
