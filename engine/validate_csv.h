/* validate_csv.h - read a measurement file in the column format of ../shared/validation/dev.csv
 * (RFC 4180 CSV: quoted cells may hold commas, "" is a quote, a header row names the columns). */
#ifndef MS_VALIDATE_CSV_H
#define MS_VALIDATE_CSV_H
#include "validate.h"

#include <stddef.h>

typedef struct ms_vfile {
    ms_vrow *rows;
    size_t n;
    char **cells; /* every cell's text (owned), rows point into it */
    size_t n_cells;
} ms_vfile;

/* Returns 0, or -1 with "FILE:LINE: ..." in err (missing column, unterminated quote, ...). */
int ms_vcsv_read(const char *path, ms_vfile *f, char *err, size_t errlen);
void ms_vcsv_free(ms_vfile *f);
#endif
