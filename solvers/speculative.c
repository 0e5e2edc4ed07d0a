/* speculative.c - expected accepted tokens and time per token of draft-then-verify decoding.
 * The verify pass is costed by the caller as a real k+1-token pass of the target (mlsysim
 * priced it as one ordinary decode step, which is optimistic once the batch is compute-bound). */
#include "speculative.h"

#include <math.h>

double ms_spec_expected_tokens(double a, double k) {
    if (k < 0) k = 0;
    if (a <= 0) return 1.0;
    if (a >= 1) return k + 1.0;
    return (1.0 - pow(a, k + 1.0)) / (1.0 - a);
}

double ms_spec_time_per_token(double t_draft_step, double t_verify, double a, double k) {
    return (k * t_draft_step + t_verify) / ms_spec_expected_tokens(a, k);
}
