/* test_power_validation.c - the energy and carbon rows of the development measurements
 * (Patterson et al. 2021; LLaMA Table 15; Llama 2 Table 2) through ms_validate_energy():
 * measured-power runs within 15%, GPU-hours x power x PUE accounting within 2%.
 * Reads $MLSWEEP_SHARED_DIR/validation/dev.csv when present, else the copy of its energy rows
 * in tests/data/validation-energy.csv. */
#include "check.h"
#include "registry_fixture.h"
#include "validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXF 19 /* dev.csv columns */

/* One CSV record (RFC 4180 quotes) into fields; returns the field count, -1 at EOF. */
static int read_record(FILE *f, char *buf, size_t len, char **fld) {
    int c, n = 0, q = 0;
    size_t k = 0;
    fld[n++] = buf;
    while ((c = fgetc(f)) != EOF) {
        if (q) {
            if (c == '"') {
                int d = fgetc(f);
                if (d == '"') {
                    if (k + 1 < len) buf[k++] = '"';
                    continue;
                }
                q = 0;
                if (d == EOF) break;
                c = d;
            } else {
                if (k + 1 < len) buf[k++] = (char)c;
                continue;
            }
        }
        if (c == '"')
            q = 1;
        else if (c == ',' && n < MAXF) {
            buf[k++] = 0;
            fld[n++] = buf + k;
        } else if (c == '\n')
            break;
        else if (c != '\r' && k + 1 < len)
            buf[k++] = (char)c;
    }
    if (c == EOF && k == 0 && n == 1) return -1;
    buf[k] = 0;
    return n;
}

static double num(const char *s) {
    return s && *s ? strtod(s, NULL) : NAN;
}

typedef struct seen {
    char id[64];
    double predicted, measured;
} seen;

int main(void) {
    ms_registry reg;
    fixture_registry(&reg);
    char path[1024];
    const char *shared = getenv("MLSWEEP_SHARED_DIR");
    const char *src = getenv("MLSWEEP_SOURCE_DIR");
    FILE *f = NULL;
    if (shared) {
        snprintf(path, sizeof path, "%s/validation/dev.csv", shared);
        f = fopen(path, "r");
    }
    if (!f) {
        snprintf(path, sizeof path, "%s/tests/data/validation-energy.csv", src ? src : ".");
        f = fopen(path, "r");
    }
    if (!f) {
        fprintf(stderr, "cannot open the measurements (%s)\n", path);
        return 1;
    }
    printf("rows from %s\n", path);
    char buf[8192], *fld[MAXF];
    read_record(f, buf, sizeof buf, fld); /* header */
    int line = 1, measured_rows = 0, accounting_rows = 0;
    seen rows[64];
    int nseen = 0;
    for (;;) {
        const int n = read_record(f, buf, sizeof buf, fld);
        line++;
        if (n < 0) break;
        if (n < MAXF) continue;
        ms_vrow row = {line,         fld[0],       fld[1],       fld[2],       fld[8],
                       fld[14],      fld[16],      fld[17],      fld[18],      num(fld[3]),
                       num(fld[4]),  num(fld[5]),  num(fld[6]),  num(fld[7]),  num(fld[9]),
                       num(fld[10]), num(fld[11]), num(fld[12]), num(fld[13]), num(fld[15])};
        double pred = NAN;
        char why[256] = "";
        const int rc = ms_validate_energy(&reg, &row, &pred, why, sizeof why);
        const int ours = !strcmp(row.kind, "train_energy") || !strcmp(row.kind, "carbon");
        CHECK(rc == (ours ? 1 : 0)); /* every energy/carbon row is predicted; no other row */
        if (rc != 1) {
            if (ours) fprintf(stderr, "%s: not predicted: %s\n", row.case_id, why);
            continue;
        }
        const int measured = strncmp(row.case_id, "patt21_", 7) == 0;
        const double tol = measured ? 0.15 : 0.02;
        const double rel = (pred - row.measured) / row.measured;
        printf("%-24s %-12s measured %9.4g %-24s predicted %9.4g  %+6.2f%% (tolerance %g%%)\n",
               row.case_id, row.kind, row.measured, row.unit, pred, 100 * rel, 100 * tol);
        CHECK(fabs(rel) <= tol);
        measured_rows += measured;
        accounting_rows += !measured;
        if (nseen < 64) {
            snprintf(rows[nseen].id, sizeof rows[nseen].id, "%s", row.case_id);
            rows[nseen].predicted = pred;
            rows[nseen++].measured = row.measured;
        }
    }
    fclose(f);
    /* dev.csv has 4 Patterson rows and 10 LLaMA / Llama 2 rows */
    CHECK(measured_rows == 4);
    CHECK(accounting_rows == 10);
    /* a Patterson carbon row is its energy row's prediction x the stated grid intensity:
       the run facts used for the carbon rows agree with the energy rows' notes */
    double t5e = NAN, t5c = NAN, me = NAN, mc = NAN;
    for (int i = 0; i < nseen; i++) {
        if (!strcmp(rows[i].id, "patt21_t5_energy")) t5e = rows[i].predicted;
        if (!strcmp(rows[i].id, "patt21_t5_co2")) t5c = rows[i].predicted;
        if (!strcmp(rows[i].id, "patt21_meena_energy")) me = rows[i].predicted;
        if (!strcmp(rows[i].id, "patt21_meena_co2")) mc = rows[i].predicted;
    }
    CHECK_NEAR(t5c, t5e * 0.545, 1e-12);
    CHECK_NEAR(mc, me * 0.415, 1e-12);
    /* the predictor ignores other kinds and refuses energy rows it cannot read */
    ms_vrow other = {1,          "x",        "train_throughput",
                     "m",        "h100-sxm", "",
                     "tokens/s", "",         "",
                     NAN,        NAN,        NAN,
                     NAN,        NAN,        NAN,
                     NAN,        NAN,        NAN,
                     NAN,        1.0};
    double v;
    char why[256];
    CHECK(ms_validate_energy(&reg, &other, &v, why, sizeof why) == 0);
    other.kind = "train_energy";
    other.unit = "MWh";
    other.notes = "no facts here";
    CHECK(ms_validate_energy(&reg, &other, &v, why, sizeof why) == -1 && why[0]);
    other.unit = "furlongs";
    CHECK(ms_validate_energy(&reg, &other, &v, why, sizeof why) == -1);
    ms_registry_free(&reg);
    return check_done();
}
