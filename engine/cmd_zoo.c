/* cmd_zoo.c - `mlsweep zoo hardware|models|regions|fabrics|calibration`: list the registries
 * with the source and date of every number. */
#include "commands.h"
#include "exitcodes.h"
#include "jsonw.h"
#include "opts.h"
#include "registry.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const ms_optspec zoo_opts[] = {
    {"format", 1, 0, "table | json | csv (default table)"},
    {"registry", 1, 1, "extra registry file adding or overriding entries (repeatable)"},
    {"config-dir", 1, 0, "directory of the shipped registries"},
    {"help", 0, 0, "show this help"},
};

static const char *or_dash(const char *s) {
    return s && *s ? s : "-";
}

static void csv_field(FILE *f, const char *s) {
    s = s ? s : "";
    if (!strpbrk(s, ",\"\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static const char *prov_source(const ms_meta *m, const ms_prov *p) {
    return p->source ? p->source : m->source;
}
static const char *prov_date(const ms_meta *m, const ms_prov *p) {
    return p->date ? p->date : m->date;
}

static void list(const ms_meta *meta, size_t n, const char *kind, int fmt) {
    if (fmt == 1) {
        printf("[\n");
        for (size_t i = 0; i < n; i++) {
            const ms_meta *m = &meta[i];
            printf("  {\"key\": ");
            ms_json_str(stdout, m->key);
            printf(", \"name\": ");
            ms_json_str(stdout, m->name);
            printf(", \"aliases\": [");
            for (size_t a = 0; a < m->n_aliases; a++) {
                if (a) printf(", ");
                ms_json_str(stdout, m->aliases[a]);
            }
            printf("], \"source\": ");
            ms_json_str(stdout, m->source);
            printf(", \"url\": ");
            ms_json_str(stdout, m->url);
            printf(", \"date\": ");
            ms_json_str(stdout, m->date);
            if (m->family) {
                printf(", \"family\": ");
                ms_json_str(stdout, m->family);
            }
            if (m->fitted_on) {
                printf(", \"fitted_on\": ");
                ms_json_str(stdout, m->fitted_on);
            }
            printf(", \"fields\": {");
            for (size_t k = 0; k < m->n_prov; k++) {
                const ms_prov *p = &m->prov[k];
                printf("%s\n    ", k ? "," : "");
                ms_json_str(stdout, p->field);
                printf(": {\"value\": ");
                ms_json_str(stdout, p->text);
                printf(", \"source\": ");
                ms_json_str(stdout, prov_source(m, p));
                printf(", \"date\": ");
                ms_json_str(stdout, prov_date(m, p));
                if (p->assumption) {
                    printf(", \"assumption\": ");
                    ms_json_str(stdout, p->assumption);
                }
                printf("}");
            }
            printf("}, \"notes\": ");
            ms_json_str(stdout, m->notes);
            printf("}%s\n", i + 1 < n ? "," : "");
        }
        printf("]\n");
        return;
    }
    if (fmt == 2) {
        printf("%s,field,value,source,date,assumption\n", kind);
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < meta[i].n_prov; k++) {
                const ms_prov *p = &meta[i].prov[k];
                csv_field(stdout, meta[i].key);
                fputc(',', stdout);
                csv_field(stdout, p->field);
                fputc(',', stdout);
                csv_field(stdout, p->text);
                fputc(',', stdout);
                csv_field(stdout, prov_source(&meta[i], p));
                fputc(',', stdout);
                csv_field(stdout, prov_date(&meta[i], p));
                fputc(',', stdout);
                csv_field(stdout, p->assumption);
                fputc('\n', stdout);
            }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const ms_meta *m = &meta[i];
        printf("%s  %s", m->key, or_dash(m->name));
        if (m->n_aliases) {
            printf("  (aliases:");
            for (size_t a = 0; a < m->n_aliases; a++) printf(" %s", m->aliases[a]);
            printf(")");
        }
        printf("\n    source: %s [%s]\n", or_dash(m->source), or_dash(m->date));
        if (m->fitted_on) printf("    fitted on: %s\n", m->fitted_on);
        for (size_t k = 0; k < m->n_prov; k++) {
            const ms_prov *p = &m->prov[k];
            printf("    %-20s %-18s", p->field, p->text);
            if (p->source) printf("  source: %s [%s]", p->source, or_dash(p->date));
            if (p->assumption) printf("  ASSUMPTION: %s", p->assumption);
            printf("\n");
        }
    }
    printf("%zu %s entries\n", n, kind);
}

int ms_cmd_zoo(int argc, char **argv) {
    ms_opts o;
    char err[512];
    if (ms_opts_parse(&o, zoo_opts, sizeof zoo_opts / sizeof zoo_opts[0], argc, argv, err,
                      sizeof err)) {
        fprintf(stderr, "mlsweep zoo: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(
            zoo_opts, sizeof zoo_opts / sizeof zoo_opts[0],
            "mlsweep zoo hardware|models|regions|fabrics|calibration [--format table|json|csv]",
            "List a registry with the source and date of every number.");
        return MS_EXIT_OK;
    }
    static const char *const kinds[] = {"hardware", "models", "regions", "fabrics", "calibration"};
    if (o.n_pos != 1) {
        fprintf(
            stderr,
            "mlsweep zoo: name one registry: hardware, models, regions, fabrics or calibration\n");
        return MS_EXIT_INPUT;
    }
    int kind = -1;
    for (int k = 0; k < 5; k++)
        if (strcmp(o.pos[0], kinds[k]) == 0) kind = k;
    if (kind < 0) {
        fprintf(stderr,
                "mlsweep zoo: unknown registry '%s' (hardware, models, regions, fabrics, "
                "calibration)\n",
                o.pos[0]);
        return MS_EXIT_INPUT;
    }
    const char *fmt_s = ms_opts_get(&o, "format");
    int fmt = 0;
    if (fmt_s && strcmp(fmt_s, "json") == 0)
        fmt = 1;
    else if (fmt_s && strcmp(fmt_s, "csv") == 0)
        fmt = 2;
    else if (fmt_s && strcmp(fmt_s, "table") != 0) {
        fprintf(stderr, "mlsweep zoo: unknown format '%s' (table, json, csv)\n", fmt_s);
        return MS_EXIT_INPUT;
    }
    ms_registry reg;
    size_t nrep = 0;
    const char *const *rep = ms_cmd_registry_files(&o, &nrep);
    if (ms_registry_load(&reg, ms_opts_get(&o, "config-dir"), rep, nrep, err, sizeof err)) {
        fprintf(stderr, "mlsweep: %s\n", err);
        ms_registry_free(&reg);
        return MS_EXIT_INPUT;
    }
    switch (kind) {
    case 0:
        list(reg.hw_meta, reg.n_hw, "hardware", fmt);
        break;
    case 1:
        list(reg.model_meta, reg.n_models, "model", fmt);
        break;
    case 2:
        list(reg.region_meta, reg.n_regions, "region", fmt);
        break;
    case 3:
        list(reg.fabric_meta, reg.n_fabrics, "fabric", fmt);
        break;
    default:
        list(reg.calib_meta, reg.n_calibs, "calibration", fmt);
        break;
    }
    ms_registry_free(&reg);
    return MS_EXIT_OK;
}
