/* serve_validation.c - the serving rows of a measurement CSV (dev.csv format) through
 * ms_validate_serve, with the project's acceptance target: median |error| <= 15% and no row
 * worse than 35%. Prints one line per row (predicted, measured, error). A minimal RFC 4180
 * reader is enough here (quoted fields with "" escapes); `mlsweep validate` has its own. */
#include "registry.h"
#include "validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF    24
#define MAXLINE 8192

/* Split one CSV record in place; returns the field count. */
static int split(char *line, char **f) {
    int n = 0;
    char *w = line, *r = line;
    while (n < MAXF) {
        f[n++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '"' && r[1] == '"')
                    *w++ = '"', r += 2;
                else if (*r == '"') {
                    r++;
                    break;
                } else if (!*r)
                    break;
                else
                    *w++ = *r++;
            }
        }
        while (*r && *r != ',') *w++ = *r++;
        const int more = *r == ',';
        *w++ = 0;
        if (!more) break;
        r++;
    }
    return n;
}

static double num(const char *s) {
    if (!s || !*s) return NAN;
    char *end;
    double v = strtod(s, &end);
    return end == s ? NAN : v;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "../shared/validation/dev.csv";
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "cannot open %s\n", path);
        return 2;
    }
    ms_registry reg;
    char err[512];
    if (ms_registry_load(&reg, NULL, NULL, 0, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 2;
    }
    static char line[MAXLINE];
    double errs[256];
    int n = 0, lineno = 0, bad = 0;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        if (lineno == 1) continue; /* header */
        char *f[MAXF];
        if (split(line, f) < 19) continue;
        ms_vrow row = {lineno,     f[0],       f[1],       f[2],       f[8],
                       f[14],      f[16],      f[17],      f[18],      num(f[3]),
                       num(f[4]),  num(f[5]),  num(f[6]),  num(f[7]),  num(f[9]),
                       num(f[10]), num(f[11]), num(f[12]), num(f[13]), num(f[15])};
        double pred = NAN;
        char why[256] = "";
        int rc = ms_validate_serve(&reg, &row, &pred, why, sizeof why);
        if (rc == 0) continue;
        if (rc < 0) {
            printf("%-44s NOT PREDICTED: %s\n", row.case_id, why);
            bad++;
            continue;
        }
        const double e = (pred - row.measured) / row.measured;
        printf("%-44s predicted %12.5g measured %12.5g  error %+6.1f%%\n", row.case_id, pred,
               row.measured, 100 * e);
        if (n < 256) errs[n++] = fabs(e);
    }
    fclose(fp);
    ms_registry_free(&reg);
    if (n == 0) {
        printf("no serving rows predicted\n");
        return 1;
    }
    qsort(errs, (size_t)n, sizeof errs[0], cmp);
    const double med = n % 2 ? errs[n / 2] : 0.5 * (errs[n / 2 - 1] + errs[n / 2]);
    const double worst = errs[n - 1];
    printf("rows %d  median |error| %.1f%%  worst %.1f%%  (target: <= 15%%, <= 35%%)\n", n,
           100 * med, 100 * worst);
    return (bad || med > 0.15 || worst > 0.35) ? 1 : 0;
}
