/* validate.h - predictions for rows of a measurement file (../shared/validation/dev.csv format):
 * `mlsweep validate` reads the rows and asks each predictor in turn; the first that handles a
 * row's `kind` gives the predicted value in the row's unit.
 *
 * Predictors (one file each): training and compute rows (validate_train.c), serving, prefill and
 * latency rows (validate_serve.c), energy and carbon rows (validate_energy.c). */
#ifndef MS_VALIDATE_H
#define MS_VALIDATE_H
#include "registry.h"

#include <stddef.h>

typedef struct ms_vrow {
    int line; /* line in the CSV file */
    const char *case_id, *kind, *model, *hardware, *precision, *unit, *citation, *notes;
    /* numeric columns; NaN where the cell is empty */
    double params, layers, hidden, heads, seq_len, n_devices, tp, pp, dp, batch, measured;
} ms_vrow;

/* Returns 1 and sets *predicted (in the row's unit) when the predictor handles the row; 0 when
 * the row is not of its kinds; -1 when it is, but cannot be predicted (why says so). */
typedef int (*ms_vpredict)(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                           size_t whylen);

int ms_validate_train(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                      size_t whylen);
int ms_validate_serve(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                      size_t whylen);
int ms_validate_energy(const ms_registry *reg, const ms_vrow *row, double *predicted, char *why,
                       size_t whylen);
#endif
