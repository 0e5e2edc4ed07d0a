/* units.h - quantities with units in registry and job files ("80 GB", "3.35 TB/s", "700 W").
 * A value of the wrong dimension is an error: that is how unit mistakes are caught. */
#ifndef MS_UNITS_H
#define MS_UNITS_H

typedef enum ms_dim {
    MS_DIM_NONE = 0,    /* dimensionless (counts, fractions, PUE) */
    MS_DIM_BYTES,       /* B */
    MS_DIM_BYTES_PER_S, /* B/s */
    MS_DIM_FLOPS,       /* FLOP/s (and OP/s) */
    MS_DIM_FLOP,        /* FLOP count */
    MS_DIM_POWER,       /* W */
    MS_DIM_ENERGY,      /* J */
    MS_DIM_USD,
    MS_DIM_USD_PER_H,
    MS_DIM_USD_PER_KWH,
    MS_DIM_CO2,         /* kg CO2e */
    MS_DIM_CO2_PER_KWH, /* g CO2e / kWh (kept in g/kWh) */
    MS_DIM_L_PER_KWH,   /* L / kWh */
    MS_DIM_TIME,        /* s */
    MS_NDIM
} ms_dim;

const char *ms_dim_name(ms_dim d);    /* "a capacity in bytes" ... */
const char *ms_dim_example(ms_dim d); /* "80 GB" ... */
/* Parse "NUMBER [UNIT]". Returns 0 and sets *value (SI, see above) and *dim; -1 if the text is
 * not a number with a known unit (msg says why). A bare number has MS_DIM_NONE. */
int ms_units_parse(const char *text, double *value, ms_dim *dim, char *msg, int msglen);
/* Parse a plain finite number (no unit). */
int ms_units_number(const char *text, double *value);
#endif
