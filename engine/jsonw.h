/* jsonw.h - minimal JSON writing helpers (strings escaped, NaN/inf as null). */
#ifndef MS_JSONW_H
#define MS_JSONW_H
#include <stdio.h>

void ms_json_str(FILE *f, const char *s); /* quoted, escaped; NULL -> null */
void ms_json_num(FILE *f, double v);      /* %.17g round-trips; non-finite -> null */
#endif
