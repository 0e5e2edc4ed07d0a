/* validate_csv.c - the measurement-file reader (validate_csv.h). */
#include "validate_csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    C_CASE,
    C_KIND,
    C_MODEL,
    C_PARAMS,
    C_LAYERS,
    C_HIDDEN,
    C_HEADS,
    C_SEQ,
    C_HW,
    C_NDEV,
    C_TP,
    C_PP,
    C_DP,
    C_BATCH,
    C_PREC,
    C_MEAS,
    C_UNIT,
    C_CIT,
    C_NOTES,
    C_N
};
static const char *const colnames[C_N] = {
    "case_id",   "kind",           "model",     "params",   "layers", "hidden", "heads",
    "seq_len",   "hardware",       "n_devices", "tp",       "pp",     "dp",     "batch",
    "precision", "measured_value", "unit",      "citation", "notes"};

static char *slurp(const char *path, char *err, size_t errlen) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (n + 1 < cap) break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(fp);
    if (!buf)
        snprintf(err, errlen, "%s: out of memory", path);
    else
        buf[n] = '\0';
    return buf;
}

/* One record starting at *pp: cells appended to f->cells; returns the cell count, -1 on error */
static long record(char **pp, int *line, ms_vfile *f, size_t *cap, const char *path, char *err,
                   size_t errlen) {
    char *q = *pp;
    long ncell = 0;
    for (;;) {
        size_t len = 0, lcap = 64;
        char *cell = malloc(lcap);
        if (!cell) return -1;
        int quoted = *q == '"';
        if (quoted) q++;
        for (;;) {
            char ch = *q;
            if (quoted) {
                if (ch == '\0') {
                    free(cell);
                    snprintf(err, errlen, "%s:%d: unterminated quoted cell", path, *line);
                    return -1;
                }
                if (ch == '"') {
                    if (q[1] == '"')
                        q++;
                    else {
                        q++;
                        quoted = 0;
                        continue;
                    }
                } else if (ch == '\n')
                    (*line)++;
            } else if (ch == ',' || ch == '\n' || ch == '\r' || ch == '\0')
                break;
            if (len + 2 > lcap) {
                char *nc = realloc(cell, lcap *= 2);
                if (!nc) {
                    free(cell);
                    return -1;
                }
                cell = nc;
            }
            cell[len++] = *q++;
        }
        cell[len] = '\0';
        if (f->n_cells == *cap) {
            size_t nc = *cap ? *cap * 2 : 256;
            char **ncells = realloc(f->cells, nc * sizeof *ncells);
            if (!ncells) {
                free(cell);
                return -1;
            }
            f->cells = ncells;
            *cap = nc;
        }
        f->cells[f->n_cells++] = cell;
        ncell++;
        if (*q == ',') {
            q++;
            continue;
        }
        if (*q == '\r') q++;
        if (*q == '\n') q++;
        break;
    }
    *pp = q;
    return ncell;
}

static double num(const char *t) {
    if (!t || !*t) return NAN;
    char *end;
    double v = strtod(t, &end);
    return end != t && *end == '\0' ? v : NAN;
}

int ms_vcsv_read(const char *path, ms_vfile *f, char *err, size_t errlen) {
    memset(f, 0, sizeof *f);
    char *buf = slurp(path, err, errlen);
    if (!buf) return -1;
    size_t cap = 0, rcap = 0;
    int line = 1, rc = 0;
    size_t *starts = NULL; /* first cell of each row (cells move while the array grows) */
    char *q = buf;
    long hdr = record(&q, &line, f, &cap, path, err, errlen);
    int col[C_N];
    for (int k = 0; k < C_N; k++) col[k] = -1;
    for (long i = 0; i < hdr; i++)
        for (int k = 0; k < C_N; k++)
            if (strcmp(f->cells[i], colnames[k]) == 0) col[k] = (int)i;
    const int required[] = {C_CASE, C_KIND, C_MEAS, C_UNIT};
    for (size_t k = 0; hdr > 0 && k < sizeof required / sizeof required[0]; k++)
        if (col[required[k]] < 0) {
            snprintf(err, errlen, "%s:1: no '%s' column (the header of dev.csv's format is needed)",
                     path, colnames[required[k]]);
            rc = -1;
        }
    if (hdr <= 0 && !rc) {
        if (hdr == 0 || !*err) snprintf(err, errlen, "%s:1: empty file", path);
        rc = -1;
    }
    while (!rc && *q) {
        line++;
        const int at_line = line;
        size_t first = f->n_cells;
        long n = record(&q, &line, f, &cap, path, err, errlen);
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 1 && f->cells[first][0] == '\0') continue; /* blank line */
        if (n != hdr) {
            snprintf(err, errlen, "%s:%d: %ld cells, the header has %ld", path, at_line, n, hdr);
            rc = -1;
            break;
        }
        if (f->n == rcap) {
            rcap = rcap ? rcap * 2 : 64;
            ms_vrow *nr = realloc(f->rows, rcap * sizeof *nr);
            size_t *ns = nr ? realloc(starts, rcap * sizeof *ns) : NULL;
            if (nr) f->rows = nr;
            if (!nr || !ns) {
                snprintf(err, errlen, "%s: out of memory", path);
                rc = -1;
                break;
            }
            starts = ns;
        }
        ms_vrow *r = &f->rows[f->n];
        memset(r, 0, sizeof *r);
        r->line = at_line;
        starts[f->n++] = first;
    }
    if (!rc) {
        for (size_t i = 0; i < f->n; i++) {
            ms_vrow *r = &f->rows[i];
            char **c = f->cells + starts[i];
#define TXT(k) (col[k] >= 0 ? c[col[k]] : "")
#define NUM(k) (col[k] >= 0 ? num(c[col[k]]) : NAN)
            r->case_id = TXT(C_CASE);
            r->kind = TXT(C_KIND);
            r->model = TXT(C_MODEL);
            r->hardware = TXT(C_HW);
            r->precision = TXT(C_PREC);
            r->unit = TXT(C_UNIT);
            r->citation = TXT(C_CIT);
            r->notes = TXT(C_NOTES);
            r->params = NUM(C_PARAMS);
            r->layers = NUM(C_LAYERS);
            r->hidden = NUM(C_HIDDEN);
            r->heads = NUM(C_HEADS);
            r->seq_len = NUM(C_SEQ);
            r->n_devices = NUM(C_NDEV);
            r->tp = NUM(C_TP);
            r->pp = NUM(C_PP);
            r->dp = NUM(C_DP);
            r->batch = NUM(C_BATCH);
            r->measured = NUM(C_MEAS);
#undef TXT
#undef NUM
        }
    }
    free(buf);
    free(starts);
    if (rc) ms_vcsv_free(f);
    return rc;
}

void ms_vcsv_free(ms_vfile *f) {
    for (size_t i = 0; i < f->n_cells; i++) free(f->cells[i]);
    free(f->cells);
    free(f->rows);
    memset(f, 0, sizeof *f);
}
