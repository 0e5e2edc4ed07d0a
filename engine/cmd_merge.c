/* cmd_merge.c - `mlsweep merge SHARD... -o FILE`: the shards of a job array as one result file,
 * identical to a single run's (engine/h5merge.c; docs/slurm.md lists the attributes that differ).
 * Exit codes: 0 merged, 1 the files are not all the complete shards of one job, 2 I/O failure. */
#include "commands.h"
#include "exitcodes.h"
#include "h5merge.h"

#include <stdio.h>

static const ms_optspec specs[] = {
    {"output", 1, 0, "the merged result file (-o)"},
    {"quiet", 0, 0, "no summary line on stderr"},
    {"help", 0, 0, "show this help"},
};
#define NSPECS (sizeof specs / sizeof specs[0])

int ms_cmd_merge(int argc, char **argv) {
    ms_opts o;
    char err[1024];
    if (ms_opts_parse(&o, specs, NSPECS, argc, argv, err, sizeof err)) {
        fprintf(stderr, "mlsweep merge: %s\n", err);
        return MS_EXIT_INPUT;
    }
    if (ms_opts_flag(&o, "help")) {
        ms_opts_help(
            specs, NSPECS, "mlsweep merge SHARD... -o FILE",
            "Join the shard files of one job (mlsweep submit --array, mlsweep run --shard)\n"
            "into the file a single run writes. Every shard must be present and complete.\n"
            "Exit codes: 0 merged, 1 the files are not the complete shards of one job,\n"
            "2 I/O failure.");
        return MS_EXIT_OK;
    }
    const char *out = ms_opts_get(&o, "output");
    if (!out) {
        fprintf(stderr, "mlsweep merge: no output file (-o FILE)\n");
        return MS_EXIT_INPUT;
    }
    if (o.n_pos == 0) {
        fprintf(stderr,
                "mlsweep merge: no shard files given (usage: mlsweep merge SHARD... -o FILE)\n");
        return MS_EXIT_INPUT;
    }
    ms_merge_stats st;
    int rc = ms_merge_shards(o.pos, o.n_pos, out, &st, err, sizeof err);
    if (rc)
        fprintf(stderr, "mlsweep merge: %s\n", err);
    else if (!ms_opts_flag(&o, "quiet"))
        fprintf(stderr, "mlsweep merge: %zu shards -> %s (%llu of %llu chunks copied as stored)\n",
                o.n_pos, out, (unsigned long long)st.chunks_stored,
                (unsigned long long)(st.chunks_stored + st.chunks_recombined));
    return rc;
}
