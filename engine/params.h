/* params.h - named settings of a design point ("model", "tp", "prompt_tokens", "region" ...),
 * shared by `mlsweep eval` flags (--prompt-tokens) and job files (axes and workload keys), so
 * that both accept exactly the same names, values and units. */
#ifndef MS_PARAMS_H
#define MS_PARAMS_H
#include "mlsweep.h"
#include "registry.h"
#include "units.h"

typedef enum ms_ptype {
    MS_P_MODEL, /* registry name */
    MS_P_HARDWARE,
    MS_P_REGION,
    MS_P_FABRIC,        /* scale-out fabric */
    MS_P_FABRIC_UP,     /* scale-up fabric */
    MS_P_DRAFT,         /* draft model */
    MS_P_PRECISION,     /* enum name */
    MS_P_PRECISION_OPT, /* precision or "same" */
    MS_P_MODE,
    MS_P_RECOMPUTE,
    MS_P_BOOL,
    MS_P_COUNT,   /* positive whole number */
    MS_P_COUNT0,  /* non-negative whole number */
    MS_P_REAL,    /* non-negative real, optional unit of dim */
    MS_P_FRAC,    /* 0..1 */
    MS_P_OVERRIDE /* real >= 0, NaN when absent */
} ms_ptype;

typedef struct ms_param {
    const char *name; /* snake_case */
    ms_ptype type;
    ms_dim dim; /* unit dimension accepted for MS_P_REAL (MS_DIM_NONE: plain number) */
    size_t off; /* offset in ms_point (double, int or pointer) */
    int is_int; /* field is an int (enums, flags) */
    const char *help;
    int axis; /* may be a sweep axis */
} ms_param;

extern const ms_param ms_params[];
extern const size_t ms_param_count;
const ms_param *ms_param_find(const char *name);
/* Apply "name = text" to the point (resolving registry names). 0, or -1 with message. */
int ms_param_set(ms_point *p, const ms_registry *reg, const ms_param *prm, const char *text,
                 char *err, size_t errlen);
/* Parse a numeric value for a param (without applying): used for numeric axes. */
int ms_param_parse_number(const ms_param *prm, const char *text, double *out, char *err,
                          size_t errlen);
/* Write a numeric value into the point. */
void ms_param_set_number(ms_point *p, const ms_param *prm, double v);
/* Resolve point-wide defaults after all settings: calibration of the hardware, gpus for serve. */
void ms_param_finish(ms_point *p, const ms_registry *reg);
#endif
