/* validate_serve.c - predictor for the serve rows of a measurement file (validate.h).
 * Handles no rows yet: every row of these kinds is reported as not predicted. */
#include "validate.h"

int ms_validate_serve(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                      size_t whylen) {
    (void)reg;
    (void)row;
    (void)predicted;
    (void)why;
    (void)whylen;
    return 0;
}
