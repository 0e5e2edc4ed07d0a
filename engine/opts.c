/* opts.c - long options. */
#include "opts.h"
#include "suggest.h"

#include <stdio.h>
#include <string.h>

int ms_opts_parse(ms_opts *o, const ms_optspec *specs, size_t n, int argc, char **argv, char *err,
                  size_t errlen) {
    memset(o, 0, sizeof *o);
    o->specs = specs;
    o->n_specs = n < MS_OPTS_MAX ? n : MS_OPTS_MAX;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0 || a[2] == 0) {
            if (strcmp(a, "-o") == 0 || strcmp(a, "-h") == 0) {
                /* short aliases: -o = --output, -h = --help */
                static char oname[] = "--output", hname[] = "--help";
                a = strcmp(a, "-o") == 0 ? oname : hname;
            } else if (a[0] == '-' && a[1] != 0 && !(a[1] >= '0' && a[1] <= '9') && a[1] != '.') {
                snprintf(err, errlen, "unknown option '%s'", a);
                return -1;
            } else {
                if (o->n_pos >= sizeof o->pos / sizeof o->pos[0]) {
                    snprintf(err, errlen, "too many arguments");
                    return -1;
                }
                o->pos[o->n_pos++] = a;
                continue;
            }
        }
        char name[64];
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
        if (len >= sizeof name) len = sizeof name - 1;
        memcpy(name, a + 2, len);
        name[len] = 0;
        size_t k = 0;
        for (; k < o->n_specs; k++)
            if (strcmp(specs[k].name, name) == 0) break;
        if (k == o->n_specs) {
            const char *cands[MS_OPTS_MAX];
            for (size_t j = 0; j < o->n_specs; j++) cands[j] = specs[j].name;
            const char *s = ms_suggest(name, cands, o->n_specs);
            if (s)
                snprintf(err, errlen, "unknown option '--%s' (did you mean '--%s'?)", name, s);
            else
                snprintf(err, errlen, "unknown option '--%s' (see --help)", name);
            return -1;
        }
        const char *v = "1";
        if (specs[k].has_arg) {
            if (eq)
                v = eq + 1;
            else if (i + 1 < argc)
                v = argv[++i];
            else {
                snprintf(err, errlen, "option '--%s' needs a value", name);
                return -1;
            }
        } else if (eq) {
            snprintf(err, errlen, "option '--%s' takes no value", name);
            return -1;
        }
        if (o->val[k] && !specs[k].repeatable) {
            snprintf(err, errlen, "option '--%s' given twice", name);
            return -1;
        }
        o->val[k] = v;
        if (specs[k].repeatable) {
            if (o->n_rep[k] >= MS_OPTS_MAXREP) {
                snprintf(err, errlen, "option '--%s' given too often", name);
                return -1;
            }
            o->rep[k][o->n_rep[k]++] = v;
        }
        if (o->n_order < MS_OPTS_MAX) o->order[o->n_order++] = (int)k;
    }
    return 0;
}

const char *ms_opts_get(const ms_opts *o, const char *name) {
    for (size_t k = 0; k < o->n_specs; k++)
        if (strcmp(o->specs[k].name, name) == 0) return o->val[k];
    return NULL;
}

int ms_opts_flag(const ms_opts *o, const char *name) {
    return ms_opts_get(o, name) != NULL;
}

void ms_opts_help(const ms_optspec *specs, size_t n, const char *usage, const char *desc) {
    printf("usage: %s\n\n%s\n\noptions:\n", usage, desc);
    for (size_t i = 0; i < n; i++) {
        if (!specs[i].help || !*specs[i].help) continue;
        char left[64];
        snprintf(left, sizeof left, "--%s%s", specs[i].name, specs[i].has_arg ? " V" : "");
        printf("  %-26s %s\n", left, specs[i].help);
    }
}
