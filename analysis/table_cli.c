/* table_cli.c - `mlsweep table FILE --rows AXIS [--cols AXIS] --metric M [--where EXPR]
 * [--reduce min|max|mean|argmin|argmax] [--format md|csv|latex] [--published CSV] [-o OUT]`:
 * a 2-D slice or reduction of one metric, with its units; or, with --published, the metric at
 * the coordinates of each row of a CSV of published values, with the error per row. */
#include "analysis.h"

#include "exitcodes.h"
#include "mlsweep.h"
#include "opts.h"
#include "scan.h"
#include "suggest.h"
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ms_optspec specs[] = {
    {"rows", 1, 0, "axis whose values are the rows"},
    {"cols", 1, 0, "axis whose values are the columns (default: one column)"},
    {"metric", 1, 0, "metric to tabulate"},
    {"where", 1, 0, "filter, e.g. \"status==ok && model==llama31-70b\""},
    {"reduce", 1, 0, "min | max | mean | argmin | argmax over the other axes (default: none)"},
    {"format", 1, 0, "md | csv | latex (default: from -o's extension, else md)"},
    {"published", 1, 0, "CSV of published values: predicted beside published, error per row"},
    {"digits", 1, 0, "significant digits (default 4)"},
    {"units", 1, 0, "show values in these units, e.g. MWh, tCO2e, GB (default: the metric's)"},
    {"output", 1, 0, "write to this file instead of stdout (-o)"},
    {"partial", 0, 0, "accept a file whose sweep is not complete"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

enum { R_NONE, R_MIN, R_MAX, R_MEAN, R_ARGMIN, R_ARGMAX };

typedef struct cell {
    uint64_t n;    /* points that passed (NaN included) */
    uint64_t nv;   /* of which non-NaN */
    double sum;    /* of non-NaN values */
    double lo, hi; /* min / max of non-NaN values */
    uint64_t ilo, ihi, first;
    int status; /* of the first point (explains an empty prediction) */
} cell;

typedef struct tab {
    const ms_rfile *f;
    int metric, row_axis, col_axis; /* col_axis -1: one column */
    size_t nrows, ncols;
    cell *cells;
    unsigned char vary[MS_RF_MAX_AXES]; /* axes that differ between points of one cell */
    /* published mode: per CSV row, the coordinate index per axis (-1 = any) */
    size_t npub;
    long *pub_coord;
} tab;

static void cell_add(tab *t, cell *c, uint64_t id, double v, int status) {
    if (c->n == 0)
        c->first = id, c->status = status;
    else { /* which axes differ inside a cell: for the captions and the messages */
        size_t a[MS_RF_MAX_AXES], b[MS_RF_MAX_AXES];
        ms_rfile_coord(t->f, c->first, a);
        ms_rfile_coord(t->f, id, b);
        for (int i = 0; i < t->f->rank; i++) t->vary[i] |= a[i] != b[i];
    }
    c->n++;
    if (isnan(v)) return;
    if (c->nv == 0 || v < c->lo || (v == c->lo && id < c->ilo)) c->lo = v, c->ilo = id;
    if (c->nv == 0 || v > c->hi || (v == c->hi && id < c->ihi)) c->hi = v, c->ihi = id;
    c->sum += v;
    c->nv++;
}

static int on_point(void *ctx, uint64_t id, const size_t *coord, const double *metric, int status,
                    int bottleneck) {
    (void)bottleneck;
    tab *t = ctx;
    double v = metric[t->metric];
    if (t->npub) {
        for (size_t r = 0; r < t->npub; r++) {
            const long *pc = t->pub_coord + r * (size_t)t->f->rank;
            int ok = 1;
            for (int a = 0; a < t->f->rank && ok; a++) ok = pc[a] < 0 || (size_t)pc[a] == coord[a];
            if (ok) cell_add(t, &t->cells[r], id, v, status);
        }
        return 0;
    }
    size_t r = coord[t->row_axis], c = t->col_axis >= 0 ? coord[t->col_axis] : 0;
    cell_add(t, &t->cells[r * t->ncols + c], id, v, status);
    return 0;
}

/* Value of a cell under the reduction; NaN when empty. */
static double cell_value(const cell *c, int red) {
    if (c->nv == 0) return NAN;
    switch (red) {
    case R_MAX:
    case R_ARGMAX:
        return c->hi;
    case R_MEAN:
        return c->sum / (double)c->nv;
    case R_NONE:
        return c->n == 1 ? c->lo : NAN;
    default:
        return c->lo;
    }
}

/* ---- text output ------------------------------------------------------------------------- */
typedef struct out {
    FILE *o;
    int fmt; /* 0 md, 1 csv, 2 latex */
    int digits;
    double factor;     /* metric units -> displayed units (--units) */
    const char *units; /* displayed units */
} out;

static void put_text(const out *w, const char *s) {
    if (w->fmt == 1 && strpbrk(s, ",\"\n")) {
        fputc('"', w->o);
        for (const char *c = s; *c; c++) {
            if (*c == '"') fputc('"', w->o);
            fputc(*c, w->o);
        }
        fputc('"', w->o);
    } else if (w->fmt == 2) {
        for (const char *c = s; *c; c++) {
            if (strchr("_%&#${}", *c))
                fprintf(w->o, "\\%c", *c);
            else if (*c == '~')
                fputs("\\textasciitilde{}", w->o);
            else if (*c == '^')
                fputs("\\textasciicircum{}", w->o);
            else if (*c == '\\')
                fputs("\\textbackslash{}", w->o);
            else
                fputc(*c, w->o);
        }
    } else if (w->fmt == 0) {
        for (const char *c = s; *c; c++) {
            if (*c == '|')
                fputs("\\|", w->o);
            else
                fputc(*c, w->o);
        }
    } else
        fputs(s, w->o);
}

static void put_sep(const out *w, int first) {
    if (w->fmt == 0)
        fputs(first ? "| " : " | ", w->o);
    else if (w->fmt == 1) {
        if (!first) fputc(',', w->o);
    } else if (!first)
        fputs(" & ", w->o);
}

static void put_end(const out *w) {
    if (w->fmt == 0)
        fputs(" |\n", w->o);
    else if (w->fmt == 1)
        fputc('\n', w->o);
    else
        fputs(" \\\\\n", w->o);
}

static void put_num(const out *w, double v) {
    char b[64];
    if (isnan(v)) {
        put_text(w, w->fmt == 1 ? "" : w->fmt == 2 ? "--" : "-");
        return;
    }
    snprintf(b, sizeof b, "%.*g", w->digits, v * w->factor);
    if (w->fmt == 2 && strchr(b, 'e')) { /* 1.5e+09 -> $1.5\times10^{9}$ */
        char *e = strchr(b, 'e');
        *e = 0;
        fprintf(w->o, "$%s\\times10^{%d}$", b, atoi(e + 1));
        return;
    }
    put_text(w, b);
}

static void rule(const out *w, int ncol, const char *which) {
    if (w->fmt == 2)
        fprintf(w->o, "\\%s\n", which);
    else if (w->fmt == 0 && !strcmp(which, "midrule")) {
        for (int i = 0; i < ncol; i++) fputs(i ? " |---" : "|---", w->o);
        fputs(" |\n", w->o);
    }
}

static void begin(const out *w, int ncol, const char *caption) {
    if (w->fmt == 2) {
        fprintf(w->o, "%% %s\n%% needs \\usepackage{booktabs}\n\\begin{tabular}{l", caption);
        for (int i = 1; i < ncol; i++) fputc('r', w->o);
        fprintf(w->o, "}\n\\toprule\n");
    } else if (w->fmt == 0) {
        fprintf(w->o, "%s\n\n", caption);
    }
}

static void end(const out *w) {
    if (w->fmt == 2) fprintf(w->o, "\\bottomrule\n\\end{tabular}\n");
}

/* "tp=8, batch=32" for the axes that vary in the cells, at point id */
static void arg_text(const tab *t, uint64_t id, char *buf, size_t len) {
    size_t coord[MS_RF_MAX_AXES], o = 0;
    char v[96];
    ms_rfile_coord(t->f, id, coord);
    buf[0] = 0;
    for (int a = 0; a < t->f->rank && o + 1 < len; a++) {
        if (!t->vary[a] || a == t->row_axis || a == t->col_axis) continue;
        int n = snprintf(buf + o, len - o, "%s%s=%s", o ? " " : "", t->f->axes[a].name,
                         ms_rfile_axis_text(t->f, a, coord[a], v, sizeof v));
        if (n < 0) break;
        o += (size_t)n < len - o ? (size_t)n : len - o - 1;
    }
}

static const char *reduce_name(int red) {
    static const char *const n[] = {"", "min", "max", "mean", "argmin", "argmax"};
    return n[red];
}

static void caption_of(const tab *t, const out *w, int red, const char *where, char *buf,
                       size_t len) {
    const ms_rf_metric *m = &t->f->metrics[t->metric];
    char vary[256] = "";
    size_t o = 0;
    for (int a = 0; a < t->f->rank; a++)
        if (t->vary[a] && a != t->row_axis && a != t->col_axis && o + 1 < sizeof vary) {
            int n = snprintf(vary + o, sizeof vary - o, "%s%s", o ? ", " : "", t->f->axes[a].name);
            if (n > 0) o += (size_t)n < sizeof vary - o ? (size_t)n : sizeof vary - o - 1;
        }
    snprintf(buf, len, "%s [%s]%s%s%s%s%s%s: %s", m->name, w->units, red ? ", " : "",
             reduce_name(red), red && o ? " over " : "", red ? vary : "", where ? ", where " : "",
             where ? where : "", m->long_name);
}

static void write_grid(const tab *t, const out *w, int red, const char *where) {
    const ms_rfile *f = t->f;
    char cap[1024], b[256];
    caption_of(t, w, red, where, cap, sizeof cap);
    int ncol = 1 + (int)t->ncols;
    begin(w, ncol, cap);
    put_sep(w, 1);
    if (t->col_axis >= 0)
        snprintf(b, sizeof b, "%s \\ %s", f->axes[t->row_axis].name, f->axes[t->col_axis].name);
    else
        snprintf(b, sizeof b, "%s", f->axes[t->row_axis].name);
    put_text(w, b);
    for (size_t c = 0; c < t->ncols; c++) {
        put_sep(w, 0);
        if (t->col_axis >= 0)
            put_text(w, ms_rfile_axis_text(f, t->col_axis, c, b, sizeof b));
        else {
            snprintf(b, sizeof b, "%s [%s]", f->metrics[t->metric].name, w->units);
            put_text(w, b);
        }
    }
    put_end(w);
    rule(w, ncol, "midrule");
    for (size_t r = 0; r < t->nrows; r++) {
        put_sep(w, 1);
        put_text(w, ms_rfile_axis_text(f, t->row_axis, r, b, sizeof b));
        for (size_t c = 0; c < t->ncols; c++) {
            const cell *x = &t->cells[r * t->ncols + c];
            put_sep(w, 0);
            if ((red == R_ARGMIN || red == R_ARGMAX) && x->nv) {
                arg_text(t, red == R_ARGMIN ? x->ilo : x->ihi, b, sizeof b);
                if (!b[0]) snprintf(b, sizeof b, "%.*g", w->digits, cell_value(x, red));
                put_text(w, b);
            } else
                put_num(w, cell_value(x, red));
        }
        put_end(w);
    }
    end(w);
}

/* ---- published values -------------------------------------------------------------------- */
typedef struct pubrow {
    char *label, *source;
    double published;
} pubrow;

/* Splits one CSV line into fields in place (quotes, doubled quotes). Returns the count. */
static size_t csv_split(char *line, char **fld, size_t max) {
    size_t n = 0;
    char *p = line;
    while (n < max) {
        char *o = p;
        fld[n++] = o;
        if (*p == '"') {
            p++;
            while (*p) {
                if (*p == '"' && p[1] == '"')
                    *o++ = '"', p += 2;
                else if (*p == '"') {
                    p++;
                    break;
                } else
                    *o++ = *p++;
            }
            while (*p && *p != ',') p++;
        } else {
            while (*p && *p != ',') *o++ = *p++;
        }
        int more = *p == ',';
        if (*p) p++;
        *o = 0;
        if (!more) break;
    }
    return n;
}

static void free_pub(pubrow *pr, size_t n) {
    for (size_t i = 0; pr && i < n; i++) free(pr[i].label), free(pr[i].source);
    free(pr);
}

static char *dupstr(const char *s) {
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* A published value in the metric's units: a bare number is taken as such; "46.7 tCO2e" or
 * "85.7 MWh" is converted (engine/units.h) after checking that the dimensions agree. */
static int published_value(const ms_rf_metric *m, const char *text, double *value, char *msg,
                           size_t len) {
    if (ms_units_number(text, value) == 0) return 0;
    double v, scale;
    ms_dim d, md;
    char why[200];
    if (ms_units_parse(text, &v, &d, why, sizeof why)) {
        snprintf(msg, len, "not a number or a quantity (%s)", why);
        return -1;
    }
    char one[96];
    /* the metric catalogue writes kgCO2e as "kg" */
    snprintf(one, sizeof one, "1 %s", !strcmp(m->units, "kg") ? "kgCO2e" : m->units);
    if (ms_units_parse(one, &scale, &md, why, sizeof why) || md != d || !(scale > 0)) {
        snprintf(msg, len, "its unit does not convert to %s's unit '%s'", m->name, m->units);
        return -1;
    }
    *value = v / scale;
    return 0;
}

/* Reads the published CSV: a header of axis names and label, published, source/citation,
 * notes; one row per published number. Fills t->pub_coord. 0 or exit code with message. */
static int read_published(tab *t, const char *path, pubrow **rows, char *err, size_t errlen) {
    const ms_rfile *f = t->f;
    FILE *in = fopen(path, "r");
    if (!in) return snprintf(err, errlen, "cannot open '%s'", path), MS_EXIT_INPUT;
    char line[8192], *fld[64];
    int col_axis[64], col_role[64]; /* role: 0 axis, 1 label, 2 published, 3 source, 4 ignored */
    size_t nf = 0, cap = 16, n = 0;
    int lineno = 0, rc = 0, have_pub = 0;
    pubrow *pr = calloc(cap, sizeof *pr);
    long *pc = malloc(cap * (size_t)f->rank * sizeof *pc);
    while (!rc && fgets(line, sizeof line, in)) {
        lineno++;
        size_t L = strlen(line);
        if (L == sizeof line - 1 && line[L - 1] != '\n') {
            snprintf(err, errlen, "%s:%d: line too long", path, lineno);
            rc = MS_EXIT_INPUT;
            break;
        }
        while (L && (line[L - 1] == '\n' || line[L - 1] == '\r')) line[--L] = 0;
        if (!L || line[0] == '#') continue;
        size_t k = csv_split(line, fld, 64);
        if (nf == 0) { /* header */
            nf = k;
            for (size_t i = 0; i < k && !rc; i++) {
                int a = ms_rfile_axis(f, fld[i]);
                col_axis[i] = a;
                if (a >= 0)
                    col_role[i] = 0;
                else if (!strcmp(fld[i], "label"))
                    col_role[i] = 1;
                else if (!strcmp(fld[i], "published"))
                    col_role[i] = 2, have_pub = 1;
                else if (!strcmp(fld[i], "source") || !strcmp(fld[i], "citation"))
                    col_role[i] = 3;
                else if (!strcmp(fld[i], "notes") || !strcmp(fld[i], "units"))
                    col_role[i] = 4;
                else {
                    char hint[128];
                    ms_rfile_hint(f, fld[i], 1, 0, hint, sizeof hint);
                    snprintf(err, errlen,
                             "%s:%d: column '%s' is not an axis of '%s' nor one of label, "
                             "published, source, citation, notes, units%s",
                             path, lineno, fld[i], f->path, hint);
                    rc = MS_EXIT_INPUT;
                }
            }
            if (!rc && !have_pub) {
                snprintf(err, errlen, "%s:%d: no 'published' column", path, lineno);
                rc = MS_EXIT_INPUT;
            }
            continue;
        }
        if (k != nf) {
            snprintf(err, errlen, "%s:%d: %zu fields, the header has %zu", path, lineno, k, nf);
            rc = MS_EXIT_INPUT;
            break;
        }
        if (n == cap) {
            cap *= 2;
            pubrow *np = realloc(pr, cap * sizeof *pr);
            long *npc = realloc(pc, cap * (size_t)f->rank * sizeof *pc);
            if (np) pr = np;
            if (npc) pc = npc;
            if (!np || !npc) {
                snprintf(err, errlen, "out of memory");
                rc = MS_EXIT_RUNTIME;
                break;
            }
        }
        pubrow *r = &pr[n];
        memset(r, 0, sizeof *r);
        r->published = NAN;
        long *c = pc + n * (size_t)f->rank;
        for (int a = 0; a < f->rank; a++) c[a] = -1;
        for (size_t i = 0; i < k && !rc; i++) {
            if (col_role[i] == 1)
                r->label = dupstr(fld[i]);
            else if (col_role[i] == 3)
                r->source = dupstr(fld[i]);
            else if (col_role[i] == 2) {
                char msg[256];
                if (published_value(&f->metrics[t->metric], fld[i], &r->published, msg,
                                    sizeof msg)) {
                    snprintf(err, errlen, "%s:%d: published value '%s': %s", path, lineno, fld[i],
                             msg);
                    rc = MS_EXIT_INPUT;
                }
            } else if (col_role[i] == 0 && fld[i][0]) {
                const ms_rf_axis *ax = &f->axes[col_axis[i]];
                long v = -1;
                for (size_t j = 0; j < ax->n && v < 0; j++) {
                    if (ax->str)
                        v = strcmp(ax->str[j], fld[i]) == 0 ? (long)j : -1;
                    else {
                        char *e;
                        double x = strtod(fld[i], &e);
                        v = !*e && e != fld[i] && fabs(x - ax->num[j]) <= 1e-9 * fabs(x) ? (long)j
                                                                                         : -1;
                    }
                }
                if (v < 0) {
                    char hint[128] = "";
                    if (ax->str)
                        ms_suggest_hint(fld[i], (const char *const *)ax->str, ax->n, hint,
                                        sizeof hint);
                    snprintf(err, errlen, "%s:%d: '%s' is not a value of axis '%s' in '%s'%s", path,
                             lineno, fld[i], ax->name, f->path, hint);
                    rc = MS_EXIT_INPUT;
                }
                c[col_axis[i]] = v;
            }
        }
        if (!r->label) {
            char b[32];
            snprintf(b, sizeof b, "row %d", lineno);
            r->label = dupstr(b);
        }
        n++;
    }
    fclose(in);
    if (!rc && n == 0) {
        snprintf(err, errlen, "%s: no rows", path);
        rc = MS_EXIT_INPUT;
    }
    if (rc) {
        free_pub(pr, n);
        free(pc);
        return rc;
    }
    *rows = pr;
    t->npub = n;
    t->pub_coord = pc;
    return 0;
}

static int write_published(const tab *t, const out *w, int red, const pubrow *pr, const char *where,
                           char *err, size_t errlen) {
    const ms_rfile *f = t->f;
    const ms_rf_metric *m = &f->metrics[t->metric];
    /* every row must select exactly one point unless a reduction is asked for */
    for (size_t r = 0; r < t->npub; r++) {
        const cell *c = &t->cells[r];
        if (c->n == 0) {
            snprintf(err, errlen, "published row '%s': no point of '%s' has its coordinates%s",
                     pr[r].label, f->path, where ? " and passes --where" : "");
            return MS_EXIT_INPUT;
        }
        if (c->n > 1 && red == R_NONE) {
            char b[256];
            arg_text(t, c->first, b, sizeof b);
            snprintf(err, errlen,
                     "published row '%s' matches %llu points (axes that vary: %s); give those "
                     "columns in the CSV, fix them with --where, or choose --reduce",
                     pr[r].label, (unsigned long long)c->n, b);
            return MS_EXIT_INPUT;
        }
    }
    char cap[1024], b[256];
    snprintf(cap, sizeof cap, "%s [%s], predicted vs published: %s", m->name, w->units,
             m->long_name);
    int ncol = 5;
    begin(w, ncol, cap);
    const char *head[] = {"case", "predicted", "published", "error %", "source"};
    for (int i = 0; i < ncol; i++) {
        put_sep(w, i == 0);
        if (i == 1 || i == 2) {
            snprintf(b, sizeof b, "%s [%s]", head[i], w->units);
            put_text(w, b);
        } else
            put_text(w, head[i]);
    }
    put_end(w);
    rule(w, ncol, "midrule");
    double sum_abs = 0, max_abs = 0;
    size_t ne = 0;
    for (size_t r = 0; r < t->npub; r++) {
        double pred = cell_value(&t->cells[r], red == R_NONE ? R_MIN : red);
        double e = 100.0 * (pred - pr[r].published) / pr[r].published;
        put_sep(w, 1);
        put_text(w, pr[r].label);
        put_sep(w, 0);
        if (isnan(pred) && w->fmt != 1) { /* say why there is no prediction */
            snprintf(b, sizeof b, "%s (%s)", w->fmt == 2 ? "--" : "-",
                     ms_status_name(t->cells[r].status));
            put_text(w, b);
        } else
            put_num(w, pred);
        put_sep(w, 0);
        put_num(w, pr[r].published);
        put_sep(w, 0);
        if (isfinite(e)) {
            snprintf(b, sizeof b, "%+.1f", e);
            put_text(w, b);
            sum_abs += fabs(e), max_abs = fabs(e) > max_abs ? fabs(e) : max_abs, ne++;
        } else
            put_num(w, NAN);
        put_sep(w, 0);
        put_text(w, pr[r].source ? pr[r].source : "");
        put_end(w);
    }
    rule(w, ncol, "midrule");
    put_sep(w, 1);
    snprintf(b, sizeof b, "mean absolute error over %zu rows", ne);
    put_text(w, b);
    put_sep(w, 0);
    put_sep(w, 0);
    put_sep(w, 0);
    snprintf(b, sizeof b, "%.1f (max %.1f)", ne ? sum_abs / (double)ne : NAN, max_abs);
    put_text(w, b);
    put_sep(w, 0);
    put_end(w);
    end(w);
    return 0;
}

static int table(const ms_opts *o, ms_rfile *f) {
    char err[1024], hint[128];
    tab t = {0};
    t.f = f;
    t.row_axis = t.col_axis = -1;
    const char *rows = ms_opts_get(o, "rows"), *cols = ms_opts_get(o, "cols");
    const char *metric = ms_opts_get(o, "metric"), *pub = ms_opts_get(o, "published");
    const char *where = ms_opts_get(o, "where"), *rs = ms_opts_get(o, "reduce");
    if (!metric) {
        fprintf(stderr, "mlsweep table: --metric M is required\n");
        return MS_EXIT_INPUT;
    }
    if (!pub && !rows) {
        fprintf(stderr, "mlsweep table: --rows AXIS is required (or --published CSV)\n");
        return MS_EXIT_INPUT;
    }
    if (pub && (rows || cols)) {
        fprintf(stderr,
                "mlsweep table: --published takes its rows from the CSV; drop --rows/--cols\n");
        return MS_EXIT_INPUT;
    }
    if ((t.metric = ms_rfile_metric(f, metric)) < 0) {
        fprintf(stderr, "mlsweep table: --metric: '%s' is not a metric of '%s'%s\n", metric,
                f->path, ms_rfile_hint(f, metric, 0, 1, hint, sizeof hint));
        return MS_EXIT_INPUT;
    }
    for (int k = 0; k < 2; k++) {
        const char *nm = k ? cols : rows;
        if (!nm) continue;
        int a = ms_rfile_axis(f, nm);
        if (a < 0) {
            fprintf(stderr, "mlsweep table: --%s: '%s' is not an axis of '%s'%s\n",
                    k ? "cols" : "rows", nm, f->path,
                    ms_rfile_hint(f, nm, 1, 0, hint, sizeof hint));
            return MS_EXIT_INPUT;
        }
        if (k)
            t.col_axis = a;
        else
            t.row_axis = a;
    }
    if (rows && cols && t.row_axis == t.col_axis) {
        fprintf(stderr, "mlsweep table: --rows and --cols name the same axis '%s'\n", rows);
        return MS_EXIT_INPUT;
    }
    int red = R_NONE;
    if (rs) {
        static const char *const names[] = {"none", "min", "max", "mean", "argmin", "argmax"};
        red = -1;
        for (int i = 0; i < 6; i++)
            if (!strcmp(rs, names[i])) red = i;
        if (red < 0) {
            fprintf(stderr,
                    "mlsweep table: unknown --reduce '%s'%s (min, max, mean, argmin, argmax)\n", rs,
                    ms_suggest_hint(rs, names, 6, hint, sizeof hint));
            return MS_EXIT_INPUT;
        }
    }
    out w = {stdout, 0, 4, 1.0, NULL};
    const char *fmt = ms_opts_get(o, "format"), *outp = ms_opts_get(o, "output");
    if (!fmt && outp) {
        const char *dot = strrchr(outp, '.');
        fmt = dot && !strcmp(dot, ".csv") ? "csv" : dot && !strcmp(dot, ".tex") ? "latex" : "md";
    }
    if (fmt && !strcmp(fmt, "csv"))
        w.fmt = 1;
    else if (fmt && !strcmp(fmt, "latex"))
        w.fmt = 2;
    else if (fmt && strcmp(fmt, "md")) {
        fprintf(stderr, "mlsweep table: unknown format '%s' (md, csv, latex)\n", fmt);
        return MS_EXIT_INPUT;
    }
    const char *dg = ms_opts_get(o, "digits");
    if (dg) {
        char *e;
        long d = strtol(dg, &e, 10);
        if (*e || d < 1 || d > 17) {
            fprintf(stderr, "mlsweep table: --digits must be 1..17\n");
            return MS_EXIT_INPUT;
        }
        w.digits = (int)d;
    }
    w.factor = 1, w.units = f->metrics[t.metric].units;
    const char *du = ms_opts_get(o, "units");
    if (du) {
        char one[96], why[200];
        double ms_, ds;
        ms_dim md, dd;
        const char *mu = f->metrics[t.metric].units;
        snprintf(one, sizeof one, "1 %s", !strcmp(mu, "kg") ? "kgCO2e" : mu);
        int bad = ms_units_parse(one, &ms_, &md, why, sizeof why);
        snprintf(one, sizeof one, "1 %s", du);
        bad = bad || ms_units_parse(one, &ds, &dd, why, sizeof why) || md != dd || !(ds > 0);
        if (bad) {
            fprintf(stderr, "mlsweep table: --units '%s' does not convert from %s's unit '%s'\n",
                    du, metric, mu);
            return MS_EXIT_INPUT;
        }
        w.factor = ms_ / ds, w.units = du;
    }
    ms_scan_schema sc;
    if (ms_scan_schema_init(&sc, f)) return MS_EXIT_RUNTIME;
    ms_where *wh = NULL;
    if (where && ms_where_compile(where, &sc.s, &wh, err, sizeof err)) {
        fprintf(stderr, "mlsweep table: --where: %s\n", err);
        ms_scan_schema_free(&sc);
        return MS_EXIT_INPUT;
    }
    pubrow *pr = NULL;
    int rc = 0;
    if (pub) {
        rc = read_published(&t, pub, &pr, err, sizeof err);
        if (rc) fprintf(stderr, "mlsweep table: --published: %s\n", err);
        t.nrows = t.npub, t.ncols = 1;
    } else {
        t.nrows = f->axes[t.row_axis].n;
        t.ncols = t.col_axis >= 0 ? f->axes[t.col_axis].n : 1;
    }
    unsigned char *need = calloc(f->n_metrics + 1, 1);
    if (!rc) {
        t.cells = calloc(t.nrows * t.ncols, sizeof *t.cells);
        if (!t.cells || !need) rc = MS_EXIT_RUNTIME;
    }
    if (!rc) {
        need[t.metric] = 1;
        ms_scan_stats st;
        rc = ms_scan(f, wh, need, 0, 1, on_point, &t, &st, err, sizeof err);
        if (rc) fprintf(stderr, "mlsweep table: %s\n", err);
    }
    if (!rc && !pub && red == R_NONE) { /* no reduction: a cell must hold one point */
        for (size_t i = 0; i < t.nrows * t.ncols; i++)
            if (t.cells[i].n > 1) {
                char vary[512] = "";
                size_t ov = 0;
                int first = -1;
                for (int a = 0; a < f->rank; a++)
                    if (t.vary[a] && a != t.row_axis && a != t.col_axis && ov + 1 < sizeof vary) {
                        if (first < 0) first = a;
                        int n = snprintf(vary + ov, sizeof vary - ov, "%s%s", ov ? ", " : "",
                                         f->axes[a].name);
                        if (n > 0)
                            ov += (size_t)n < sizeof vary - ov ? (size_t)n : sizeof vary - ov - 1;
                    }
                fprintf(stderr,
                        "mlsweep table: cells hold several points (axes that vary: %s); fix them "
                        "with --where (e.g. \"%s==...\") or choose --reduce min|max|mean|argmin\n",
                        vary, first >= 0 ? f->axes[first].name : "AXIS");
                rc = MS_EXIT_INPUT;
                break;
            }
    }
    if (!rc) {
        FILE *of = outp ? fopen(outp, "w") : stdout;
        if (!of) {
            fprintf(stderr, "mlsweep table: cannot write '%s'\n", outp);
            rc = MS_EXIT_RUNTIME;
        } else {
            w.o = of;
            if (pub) {
                rc = write_published(&t, &w, red, pr, where, err, sizeof err);
                if (rc) fprintf(stderr, "mlsweep table: %s\n", err);
            } else
                write_grid(&t, &w, red, where);
            if (outp && fclose(of) && !rc) {
                fprintf(stderr, "mlsweep table: error writing '%s'\n", outp);
                rc = MS_EXIT_RUNTIME;
            }
        }
    }
    free(need);
    free(t.cells);
    free(t.pub_coord);
    free_pub(pr, t.npub);
    ms_where_free(wh);
    ms_scan_schema_free(&sc);
    return rc;
}

int ms_table_main(int argc, char **argv) {
    ms_opts o;
    char err[512];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep table: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(
            specs, NSPECS,
            "mlsweep table FILE --rows AXIS [--cols AXIS] --metric M [--where EXPR] "
            "[--reduce min|max|mean|argmin|argmax] [--format md|csv|latex] [--published CSV]",
            "A 2-D table of one metric (with its units) from a result file: rows and columns\n"
            "are axis values; the other axes are fixed with --where or reduced with --reduce.\n"
            "With --published CSV: predicted beside published values and the error per row.\n"
            "Exit codes: 0 ok, 1 bad input or incomplete file, 2 I/O failure.");
        return MS_EXIT_OK;
    }
    if (o.n_pos != 1) {
        fprintf(stderr,
                "mlsweep table: %s (usage: mlsweep table FILE --rows AXIS --metric M ...)\n",
                o.n_pos ? "one result file expected" : "missing the result FILE");
        return MS_EXIT_INPUT;
    }
    ms_rfile f;
    int rc = ms_rfile_open(&f, o.pos[0], err, sizeof err);
    if (rc)
        fprintf(stderr, "mlsweep table: %s\n", err);
    else if (!f.complete && !ms_opts_flag(&o, "partial")) {
        fprintf(
            stderr,
            "mlsweep table: '%s' is not complete (its sweep is running, was stopped or crashed); "
            "use --partial to read the points done so far\n",
            o.pos[0]);
        rc = MS_EXIT_INPUT;
    } else
        rc = table(&o, &f);
    ms_rfile_close(&f);
    return rc;
}
