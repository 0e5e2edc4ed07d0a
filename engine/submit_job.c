/* submit_job.c - check a job file for `mlsweep submit` (see submit_job.h): the whole plan is
 * built, exactly as `mlsweep run` builds it, so that a job that would fail on the cluster fails
 * here, before anything is written or queued. */
#include "submit_job.h"
#include "plan.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s) {
    return s ? strdup(s) : NULL;
}

int ms_submit_job_check(const char *path, const char *config_dir, const char *const *extra,
                        size_t n_extra, ms_submit_job *job, char *err, size_t errlen) {
    memset(job, 0, sizeof *job);
    ms_plan pl;
    if (ms_plan_load(&pl, path, config_dir, extra, n_extra, err, errlen)) return -1;
    job->name = dup_or_null(pl.name ? pl.name : "sweep");
    job->out_file = dup_or_null(pl.out_file);
    if (pl.n_axes) {
        job->outer_axis = dup_or_null(pl.axes[0].prm->name);
        job->n_outer = pl.axes[0].n;
    }
    ms_plan_free(&pl);
    return 0;
}

void ms_submit_job_free(ms_submit_job *job) {
    free(job->name);
    free(job->out_file);
    free(job->outer_axis);
    memset(job, 0, sizeof *job);
}
