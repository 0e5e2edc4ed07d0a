/* opts.h - a small long-option parser shared by every subcommand ("--name value", "--name=value",
 * flags, repeatable options), with "did you mean" for unknown flags. */
#ifndef MS_OPTS_H
#define MS_OPTS_H
#include <stddef.h>

typedef struct ms_optspec {
    const char *name; /* without the leading "--" */
    int has_arg;      /* 0 = flag */
    int repeatable;
    const char *help; /* one line; "" hides it from help */
} ms_optspec;

#define MS_OPTS_MAX    96
#define MS_OPTS_MAXREP 32

typedef struct ms_opts {
    const ms_optspec *specs;
    size_t n_specs;
    const char *val[MS_OPTS_MAX]; /* last value (flags: "1") or NULL */
    const char *rep[MS_OPTS_MAX][MS_OPTS_MAXREP];
    size_t n_rep[MS_OPTS_MAX];
    const char *pos[64]; /* positional arguments */
    size_t n_pos;
    int order[MS_OPTS_MAX]; /* order in which options were given (index into specs), for eval */
    size_t n_order;
} ms_opts;

/* Returns 0, or -1 with a message in err ("unknown option '--tpp' (did you mean '--tp'?)"). */
int ms_opts_parse(ms_opts *o, const ms_optspec *specs, size_t n, int argc, char **argv, char *err,
                  size_t errlen);
const char *ms_opts_get(const ms_opts *o, const char *name);
int ms_opts_flag(const ms_opts *o, const char *name);
void ms_opts_help(const ms_optspec *specs, size_t n, const char *usage, const char *desc);
#endif
